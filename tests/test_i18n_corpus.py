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
ENGLISH_LEFT = {
    # the command line option --alarm (planner/phrases/ durations)
    "cli/alarm-soon": "message+hint",
    # planner/closures.py (closures files)
    "closures/bad-date.ics": "message+hint",
    "closures/bad-rrule.ics": "message+hint",
    "closures/date-not-a-date.toml": "message+hint",
    "closures/event-without-calendar.ics": "message+hint",
    "closures/garbage.ics": "message+hint",
    "closures/nothing-closed.toml": "message+hint",
    "closures/to-before-from.toml": "message+hint",
    "closures/truncated.ics": "message+hint",
    "closures/unknown-key.toml": "message",
    "closures/wrong-table.toml": "message+hint",
    # planner/events.py, planner/phrases/misnamed.py (named events)
    "event-needs-a-country": "message+hint",
    "event-without-date-for-country": "message+hint",
    "phrase-before-garbage": "message+hint",
    "unknown-event-in-before": "message+hint",
    "unknown-event-in-phrase": "message+hint",
    "unknown-stage-in-phrase": "message+hint",
    # planner/hooks/ ([hooks], [runner], [store] of planner.toml)
    "hooks/lead-99999999-days": "message+hint",
    "hooks/lead-not-a-phrase": "message+hint",
    "hooks/runner-grace-310-digits": "message+hint",
    "hooks/runner-without-hooks": "message+hint",
    "hooks/store-timeout-infinite": "message+hint",
    "hooks/unknown-kind": "message+hint",
    # planner/phrases/ (date phrases, durations, years)
    "anchor-9999-12-31": "hint",
    "buying-cycle-310-digits": "message+hint",
    "buying-cycle-99999999-days": "message+hint",
    "date-29-fevrier-2027": "message+hint",
    "date-31-fevrier": "message+hint",
    "date-du-30-fevrier": "message+hint",
    "date-february-30": "message+hint",
    "date-fifth-monday-of-april": "message+hint",
    "date-iso-2027-02-30-in-phrase": "message+hint",
    "duration-310-digits": "message+hint",
    "duration-99999999-days": "message+hint",
    "duration-iso-p99999999d": "message+hint",
    "every-310-digits": "message+hint",
    "every-day-to-9999": "message+hint",
    "phrase-3-a-jours-plus-tard": "message+hint",
    "phrase-at-25h": "message+hint",
    "phrase-at-9h75": "message+hint",
    "phrase-buying-cycle": "message+hint",
    "phrase-dans-les-jours-avnt": "message+hint",
    "phrase-date-in-2201": "message+hint",
    "phrase-du-5-au": "message+hint",
    "phrase-duration-48-hores": "message+hint",
    "phrase-early-janury": "message+hint",
    "phrase-entre-le-5": "message+hint",
    "phrase-every-funday": "message+hint",
    "phrase-every-zero-days": "message+hint",
    "phrase-fin-fevirer": "message+hint",
    "phrase-first-week-of": "message+hint",
    "phrase-frist-monday": "message+hint",
    "phrase-from-may-1-to": "message+hint",
    "phrase-j-minus": "message+hint",
    "phrase-late-febuary": "message+hint",
    "phrase-le-premeir-lundi": "message+hint",
    "phrase-mi-janvir": "message+hint",
    "phrase-tous-les-lundo": "message+hint",
    "phrase-trailing-words": "message+hint",
    "phrase-two-windows": "message+hint",
    "phrase-weeks-after-anchor-past-2200": "message+hint",
    "phrase-when-310-digits": "message+hint",
    "when-9999-12-31": "message+hint",
    "window-reversed": "message+hint",
    "channels/bad-lead-time": "message+hint",
    "channels/lead-time-99999999-days": "message+hint",
    "cli/start-9999-12-31": "hint",
    "cli/alarm-310-digits": "message+hint",
    "cli/alarm-99999999-days": "message+hint",
    "closures/every-garbage.toml": "message+hint",
    "closures/from-year-1-to-9999.toml": "message+hint",
    # planner/places/ (countries)
    "unknown-country": "message+hint",
    "settings/unknown-country": "message+hint",
    # planner/render.py, planner/sandbox.py (templates)
    "template-center-a-billion": "message",
    "template-doubled-by-a-macro": "message",
    "template-doubled-forty-times": "message",
    "template-error-on-second-line": "message+hint",
    "template-format-payload": "message+hint",
    "template-format-width": "message",
    "template-huge-join": "message",
    "template-nested-blocks": "message+hint",
    "template-nested-lists": "message",
    "template-nested-ranges-output": "message",
    "template-nested-ranges": "message",
    "template-no-offer": "message+hint",
    "template-payload": "message+hint",
    "template-power-5000": "message+hint",
    "template-repeat-a-billion-times": "message",
    "template-syntax-error": "message+hint",
    "template-undefined-value": "message+hint",
    "template-unknown-filter": "message+hint",
    "template-unknown-name": "message",
}


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
