"""The README's examples are run: every console block with one `planner` command and its
output is executed from the repository root and must print what the README shows (a line
`...` ends the comparison)."""

from __future__ import annotations

import re
import shlex

import pytest

from .conftest import ROOT, run_planner

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", README, re.DOTALL)
EXAMPLES = [
    block
    for block in BLOCKS
    if sum(line.startswith("$ ") for line in block.splitlines()) == 1
    and block.startswith("$ planner ")
    and len(block.splitlines()) > 1
]


def test_the_readme_has_examples_to_run() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("block", EXAMPLES, ids=lambda b: b.splitlines()[0][2:60])
def test_readme_example(block: str) -> None:
    command, *shown = block.rstrip("\n").splitlines()
    args = shlex.split(command[2:])[1:]
    # As a reader runs it: no language chosen, so that each campaign speaks its own.
    done = run_planner(*args, cwd=ROOT, env={"PLANNER_LANG": ""})
    actual = (done.stdout + done.stderr).splitlines()
    for number, line in enumerate(shown):
        if line == "...":
            return
        assert number < len(actual), f"the README shows more than `{command}` prints"
        assert actual[number] == line, f"line {number + 1} of `{command}`"
    assert len(actual) == len(shown), f"`{command}` prints more than the README shows"
