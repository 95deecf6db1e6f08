"""Every command has --help text and a README entry; the package's public API is importable."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable

import pytest
from click.testing import Result

import planner
from planner.cli import main

from .conftest import ROOT

COMMANDS = sorted(main.commands)
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help(cli: Callable[..., Result], command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: main {command}" in result.output or f"Usage: planner {command}" in (
        result.output
    )
    doc = main.commands[command].help or ""
    assert len(doc.split()) >= 5, f"{command} needs a real help text"


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_documented_in_readme(command: str) -> None:
    assert re.search(rf"^### `planner {command}`$", README, re.MULTILINE), (
        f"README.md needs a '### `planner {command}`' section"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_in_the_readme(command: str) -> None:
    section = README.split(f"### `planner {command}`", 1)[1].split("\n### ", 1)[0]
    for param in main.commands[command].params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in section, f"README's {command} section should mention {opt}"


def test_public_api_is_listed_and_importable() -> None:
    for name in planner.__all__:
        assert getattr(planner, name) is not None


def test_help_does_not_import_the_heavy_libraries() -> None:
    """`planner --help` stays fast: no pendulum, icalendar, holidays or jinja2 at start-up."""
    code = (
        "import sys\nfrom planner.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pendulum', 'icalendar', 'holidays', 'jinja2', 'sqlalchemy')"
        " if m in sys.modules]\nprint('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
