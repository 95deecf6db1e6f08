"""The phrase book of days: a weekday with its date, a weekday before or after X, weekends and
long weekends, weeks of events, days counted from the planning start, numbered weeks.

A ``when`` is one window, never a series: each row is planned for real (tests/phrasebook.py),
its first and last days checked, and alone it gives exactly one item.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.phrasebook import (
    BRUSSELS,
    LONDON,
    MONTREAL_DST,
    MONTREAL_FALL,
    NEW_YORK,
    NEW_YORK_FALL,
    PARIS_DST,
    PARIS_LEAP,
    PARIS_SPRING,
    PARIS_WINTER,
    PARIS_YEAR_END,
    TORONTO_YEAR_END,
    Ctx,
    Row,
    check_row,
    plan,
    refuse,
)

ROWS: list[Row] = [
    ("le lundi 18 janvier", PARIS_WINTER, "2027-01-18", "2027-01-18"),
    ("lundi 18 janvier", PARIS_WINTER, "2027-01-18", "2027-01-18"),
    ("le vendredi 25 décembre", PARIS_WINTER, "2026-12-25", "2026-12-25"),
    ("le samedi 13 février", PARIS_WINTER, "2027-02-13", "2027-02-13"),
    ("vendredi 1er janvier", PARIS_WINTER, "2027-01-01", "2027-01-01"),
    ("le vendredi avant la Saint-Valentin", PARIS_WINTER, "2027-02-12", "2027-02-12"),
    ("le samedi avant la Saint-Valentin", PARIS_WINTER, "2027-02-13", "2027-02-13"),
    ("le dimanche avant la Saint-Valentin", PARIS_WINTER, "2027-02-07", "2027-02-07"),
    ("le lundi après la Saint-Valentin", PARIS_WINTER, "2027-02-15", "2027-02-15"),
    ("le samedi qui suit la Saint-Valentin", PARIS_WINTER, "2027-02-20", "2027-02-20"),
    ("le mardi qui précède Noël", PARIS_WINTER, "2026-12-22", "2026-12-22"),
    ("le dernier samedi avant Noël", PARIS_WINTER, "2026-12-19", "2026-12-19"),
    ("le deuxième samedi avant Noël", PARIS_WINTER, "2026-12-12", "2026-12-12"),
    ("le lundi avant le 14 février", PARIS_WINTER, "2027-02-08", "2027-02-08"),
    ("le vendredi avant", PARIS_WINTER, "2027-02-12", "2027-02-12"),
    ("Monday, January 18", LONDON, "2027-01-18", "2027-01-18"),
    ("Monday 18 January", LONDON, "2027-01-18", "2027-01-18"),
    ("Friday, December 25th", LONDON, "2026-12-25", "2026-12-25"),
    ("Saturday, February 13, 2027", LONDON, "2027-02-13", "2027-02-13"),
    ("the Friday before Valentine's Day", LONDON, "2027-02-12", "2027-02-12"),
    ("the Saturday after Christmas", LONDON, "2026-12-26", "2026-12-26"),
    ("the Monday before 14 February", LONDON, "2027-02-08", "2027-02-08"),
    ("the last Saturday before Christmas", LONDON, "2026-12-19", "2026-12-19"),
    ("the second Friday before Valentine's Day", LONDON, "2027-02-05", "2027-02-05"),
    ("le vendredi 1er janvier", PARIS_YEAR_END, "2027-01-01", "2027-01-01"),
    ("le samedi 2 janvier", PARIS_YEAR_END, "2027-01-02", "2027-01-02"),
    ("le lundi après le 1er janvier", PARIS_YEAR_END, "2027-01-04", "2027-01-04"),
    ("le samedi qui suit le 1er janvier", PARIS_YEAR_END, "2027-01-02", "2027-01-02"),
    ("Friday, January 1st", TORONTO_YEAR_END, "2027-01-01", "2027-01-01"),
    ("Saturday, January 2", TORONTO_YEAR_END, "2027-01-02", "2027-01-02"),
    ("the Monday after January 1", TORONTO_YEAR_END, "2027-01-04", "2027-01-04"),
    ("the Friday before Mother's Day", NEW_YORK, "2027-05-07", "2027-05-07"),
    ("the Saturday before Mother's Day", NEW_YORK, "2027-05-08", "2027-05-08"),
    ("the Thursday after Easter", NEW_YORK, "2027-04-01", "2027-04-01"),
    ("the Monday before Easter", NEW_YORK, "2027-03-22", "2027-03-22"),
    ("the Sunday after Easter", NEW_YORK, "2027-04-04", "2027-04-04"),
    ("Tuesday, March 2nd", NEW_YORK, "2027-03-02", "2027-03-02"),
    ("Sunday, May 9", NEW_YORK, "2027-05-09", "2027-05-09"),
    ("Friday, April 2, 2027", NEW_YORK, "2027-04-02", "2027-04-02"),
    ("the Friday before Labor Day", NEW_YORK_FALL, "2027-09-03", "2027-09-03"),
    ("the Tuesday after Labor Day", NEW_YORK_FALL, "2027-09-07", "2027-09-07"),
    ("the Friday after Thanksgiving", NEW_YORK_FALL, "2027-11-26", "2027-11-26"),
    ("the Monday before Halloween", NEW_YORK_FALL, "2027-10-25", "2027-10-25"),
    ("le mardi avant Pâques", PARIS_DST, "2027-03-23", "2027-03-23"),
    ("le jeudi après Pâques", PARIS_DST, "2027-04-01", "2027-04-01"),
    ("le vendredi avant Pâques", PARIS_DST, "2027-03-26", "2027-03-26"),
    ("le samedi qui suit la Saint-Patrick", PARIS_DST, "2027-03-20", "2027-03-20"),
    ("le samedi avant la Saint-Patrick", PARIS_DST, "2027-03-13", "2027-03-13"),
    ("le dimanche avant Pâques", PARIS_DST, "2027-03-21", "2027-03-21"),
    ("le dimanche 28 mars", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("le samedi 27 mars", PARIS_DST, "2027-03-27", "2027-03-27"),
    ("dimanche 28 mars 2027", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("le vendredi avant la fête des mères", PARIS_SPRING, "2027-05-28", "2027-05-28"),
    ("le samedi avant la fête des mères", PARIS_SPRING, "2027-05-29", "2027-05-29"),
    ("le mardi 18 mai", PARIS_SPRING, "2027-05-18", "2027-05-18"),
    ("le mardi 29 février", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("mardi 29 février 2028", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("le lundi avant le 29 février", PARIS_LEAP, "2028-02-28", "2028-02-28"),
    ("le samedi qui suit le 29 février", PARIS_LEAP, "2028-03-04", "2028-03-04"),
    ("le vendredi avant le 29 février", PARIS_LEAP, "2028-02-25", "2028-02-25"),
    ("le vendredi avant", PARIS_LEAP, "2028-02-25", "2028-02-25"),
    ("le vendredi 25 décembre", BRUSSELS, "2026-12-25", "2026-12-25"),
    ("le samedi 5 décembre", BRUSSELS, "2026-12-05", "2026-12-05"),
    ("le dernier samedi avant Noël", BRUSSELS, "2026-12-19", "2026-12-19"),
    ("le mardi avant Noël", BRUSSELS, "2026-12-22", "2026-12-22"),
    ("le dimanche 14 mars", MONTREAL_DST, "2027-03-14", "2027-03-14"),
    ("le samedi 13 mars", MONTREAL_DST, "2027-03-13", "2027-03-13"),
    ("le vendredi avant le 14 mars", MONTREAL_DST, "2027-03-12", "2027-03-12"),
    ("le lundi qui suit le 14 mars", MONTREAL_DST, "2027-03-15", "2027-03-15"),
    ("le vendredi avant l'Action de grâce", MONTREAL_FALL, "2027-10-08", "2027-10-08"),
    ("le lundi 11 octobre", MONTREAL_FALL, "2027-10-11", "2027-10-11"),
]


@pytest.mark.parametrize(("phrase", "ctx", "first", "last"), ROWS, ids=lambda v: str(v))
def test_book_days(tmp_path: Path, phrase: str, ctx: object, first: str, last: str) -> None:
    check = check_day if first == last else check_row
    check(tmp_path, phrase, ctx, first, last)  # type: ignore[arg-type]


def check_day(root: Path, phrase: str, ctx: object, first: str, last: str) -> None:
    """A one-day window: with `every`, a one-day window runs until the anchor (README,
    "every"), so the daily plan only shows its first day; alone, the phrase gives that day."""
    daily = plan(root / "daily", ctx, phrase, every=True)  # type: ignore[arg-type]
    if daily.code == 0:
        assert daily.days[0].isoformat() == first, f"{phrase!r} in {ctx}: {daily.days[0]}"
    once = plan(root / "once", ctx, phrase, every=False)  # type: ignore[arg-type]
    assert once.code == 0, f"{phrase!r} in {ctx}: {once.stderr}"
    assert [d.isoformat() for d in once.days] == [first], f"{phrase!r} in {ctx}: {once.days}"


# Refused, at the offset of the word that is wrong, with a hint naming a phrase that plans.
REFUSED = [
    ("le lundi 19 janvier", PARIS_WINTER, 3, "le mardi 19 janvier"),
    ("Monday, January 19", LONDON, 0, "Tuesday, January 19"),
    ("Saturday, March 2nd", NEW_YORK, 0, "Tuesday, March 2nd"),
    ("le samedi 29 février", PARIS_LEAP, 3, "le mardi 29 février"),
]


@pytest.mark.parametrize(("phrase", "ctx", "offset", "hint"), REFUSED, ids=lambda v: str(v))
def test_refused_with_a_hint_that_plans(
    tmp_path: Path, phrase: str, ctx: Ctx, offset: int, hint: str
) -> None:
    fixed = hint
    refusal = refuse(tmp_path / "refused", phrase, ctx)
    assert refusal.offset == offset, refusal
    assert refusal.hint is not None and hint in refusal.hint, refusal
    assert plan(tmp_path / "fixed", ctx, fixed, every=False).code == 0, fixed


def _run(root: Path, command: str) -> tuple[int, str]:
    from planner.cli import main

    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            main, [command, "book", "--start", "2026-12-07"], env={"PLANNER_DEBUG": ""}
        )
    finally:
        os.chdir(old)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("command", ["plan", "check"])
def test_a_when_that_repeats_without_every_is_said(tmp_path: Path, command: str) -> None:
    """ "Tous les lundis de janvier" in `when` is planned as written, with a warning at the
    `when` (line 10, column 9 of the book's rule file) that names the count and `every`."""
    plan(tmp_path, PARIS_WINTER, "tous les lundis de janvier", every=False)
    code, stderr = _run(tmp_path, command)
    assert code == 0, stderr
    assert (
        "rules/book.toml:10:9: warning: step 1 (awareness): when = 'tous les lundis de janvier'"
        " repeats, 4 times from 2027-01-04 to 2027-01-25, without `every`" in stderr
    ), stderr
    assert 'every = "every Monday"' in stderr


@pytest.mark.parametrize("command", ["plan", "check"])
def test_a_weekday_with_its_date_is_one_day_and_not_said(tmp_path: Path, command: str) -> None:
    plan(tmp_path, PARIS_WINTER, "le lundi 18 janvier", every=False)
    code, stderr = _run(tmp_path, command)
    assert code == 0, stderr
    assert "repeats" not in stderr, stderr
