"""Whatever a user writes in a rule file or planner.toml, every command ends with exit 0 (it
planned) or 2 (a user error, said where): never 1, an internal error.

Hypothesis writes the files from the grammar of both (tests/strategies.py). Each example runs
`check`, `plan`, `export` and `sync` in a worker process of its own, under a memory limit, so
that a regression to unbounded work fails as a MemoryError (exit 1) instead of swapping. The
seed changes at every run, so that runs explore further; a failure prints it, and
PLANNER_PROPERTY_SEED=<seed> runs the same examples again (PLANNER_PROPERTY_EXAMPLES=<n> runs
more of them).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import secrets
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from .strategies import plausible_rule_files, rule_files, settings_files

SEED = int(os.environ.get("PLANNER_PROPERTY_SEED") or secrets.randbelow(2**32))
EXAMPLES = int(os.environ.get("PLANNER_PROPERTY_EXAMPLES") or 60)
MEMORY = 2 * 1024**3  # bytes a worker may map: far above any real plan's needs
START = "2026-12-01"
COMMANDS = (
    ("check", "--start", START),
    ("plan", "--start", START, "--format", "json"),
    ("export", "--start", START, "-o", "plan.ics"),
    ("sync", "--start", START),
)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_case(files: dict[str, str]) -> list[tuple[str, int, str]]:
    """In the worker: write the workspace, run each command in-process as `planner` would;
    (command, exit code, what it printed)."""
    from click.testing import CliRunner

    from planner.cli import main

    results = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "rules").mkdir()
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        old = Path.cwd()
        os.chdir(root)
        try:
            for args in COMMANDS:
                done = CliRunner().invoke(
                    main, list(args), env={"SOURCE_DATE_EPOCH": "1795046400", "TZ": "UTC"}
                )
                results.append((" ".join(args), done.exit_code, done.output[-2000:]))
        finally:
            os.chdir(old)
    return results


@pytest.fixture(scope="module")
def worker() -> Iterator[ProcessPoolExecutor]:
    """One process for every example: started once (spawned, so that no lock of the test
    process's threads is inherited), its memory limited."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_limit_memory) as pool:
        yield pool


def check_exits(pool: ProcessPoolExecutor, files: dict[str, str]) -> None:
    for command, code, output in pool.submit(run_case, files).result():
        shown = "\n".join(f"--- {name}\n{text}" for name, text in files.items())
        assert code in (0, 2), (
            f"`planner {command}` exited {code}:\n{output}\n{shown}\n"
            f"(seed {SEED}: PLANNER_PROPERTY_SEED={SEED} runs these examples again)"
        )


# Files anything may be wrong in, and files the planner accepts with extreme values (most of
# which plan, so that expansion, export and the store meet the extremes too).
RULES = st.one_of(rule_files(), plausible_rule_files())
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,  # no time limit in a test: bounded work is the corpus's to check
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@seed(SEED)
@PROPERTY
@given(rules=st.lists(RULES, min_size=1, max_size=3), toml=settings_files())
def test_rule_files_and_settings_end_in_0_or_2(
    worker: ProcessPoolExecutor, rules: list[str], toml: str
) -> None:
    files = {"planner.toml": toml} | {f"rules/c{n}.toml": text for n, text in enumerate(rules)}
    check_exits(worker, files)


@seed(SEED)
@PROPERTY
@given(rules=st.lists(RULES, min_size=1, max_size=2))
def test_rule_files_in_a_plain_workspace_end_in_0_or_2(
    worker: ProcessPoolExecutor, rules: list[str]
) -> None:
    """Without a planner.toml mistake in the way, the rule files are read to their end."""
    shop = '[shop]\nname = "Bijouterie"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n'
    files = {"planner.toml": shop} | {f"rules/c{n}.toml": text for n, text in enumerate(rules)}
    check_exits(worker, files)
