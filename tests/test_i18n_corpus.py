"""Every mistake of the bad-input corpus (tests/test_bad_inputs.py), said in French.

Each case runs through the real CLI with ``--lang en`` and ``--lang fr``: the French report
keeps the position (``path:line:col``), says ``erreur`` and ``indice``, and its message and
hint are not the English ones. ``ENGLISH_LEFT`` lists the cases whose message or hint comes
from a module not translated yet, by module: it must only shrink, and a case that is
translated must leave it (the test says so), so that it always shows what is left.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from .test_bad_inputs import CASES, Case

Cli = Callable[..., Result]
NBSP = "\u00a0"
FREE = {"PLANNER_LANG": "", "PLANNER_DB": ""}

# Case → what is still said in English: "message", "hint" or "message+hint".
ENGLISH_LEFT: dict[str, str] = {}


def _argv(case: Case) -> tuple[str, ...]:
    if case.plan is not None:
        return case.plan
    if case.sync is not None:
        return case.sync
    assert case.export is not None
    return (*case.export, "-o", "plan.ics")


def _said(lines: list[str], error: str, hint: str) -> tuple[str, str]:
    """The message after ``error`` on the first line, and the first hint."""
    message = lines[0].partition(f": {error}: ")[2] if lines else ""
    hints = [line.removeprefix(f"  {hint}: ") for line in lines[1:] if line.startswith("  ")]
    return message, hints[0] if hints else ""


LIGHT = [c for c in CASES if not c.heavy]


@pytest.mark.parametrize("case", LIGHT, ids=lambda c: c.id)
def test_every_mistake_is_said_in_french_at_its_place(
    case: Case, workspace: Path, cli: Cli
) -> None:
    (workspace / "channels").mkdir()
    case.install(workspace)
    argv = _argv(case)
    english = cli("--lang", "en", *argv, cwd=workspace, env=FREE).stderr.splitlines()
    french = cli("--lang", "fr", *argv, cwd=workspace, env=FREE).stderr.splitlines()
    where = case.shown if case.line is None else f"{case.shown}:{case.line}:{case.col}"
    assert english[0].startswith(f"{where}: error: "), english
    assert french[0].startswith(f"{where}: erreur{NBSP}: "), french
    assert any(line.startswith(f"  indice{NBSP}: ") for line in french[1:]), french
    en = _said(english, "error", "hint")
    fr = _said(french, f"erreur{NBSP}", f"indice{NBSP}")
    assert all(en) and all(fr), (english, french)
    left = "+".join(part for part, a, b in zip(("message", "hint"), en, fr, strict=True) if a == b)
    expected = ENGLISH_LEFT.get(case.id, "")
    assert left == expected, (
        f"still in English: {left or 'nothing'} (ENGLISH_LEFT says {expected or 'nothing'}); "
        f"update ENGLISH_LEFT in {Path(__file__).name}\n{french}"
    )


def test_the_english_left_are_cases_of_the_corpus() -> None:
    assert set(ENGLISH_LEFT) <= {c.id for c in LIGHT}
    assert set(ENGLISH_LEFT.values()) <= {"message", "hint", "message+hint"}
