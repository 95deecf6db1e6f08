"""The phrase book's basic families, the ones the README's phrase table showed first: month
parts, whole months, weeks of a month, dates, weekdays of a month, this and next month or week,
the week of a date, ranges, offsets, "in the N days before", "the week before", the day of an
event, business days, asap; and, with a workspace of two steps, the stage-relative phrases.

Each window here is worked out by hand from the calendar (the weekday of the 1st, the anchor's
date, the public holidays of the country), not from the planner.
"""

from __future__ import annotations

import json
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
    D,
    Row,
    check_row,
)

# Valentine's 2027 is a Sunday; January 2027 starts on a Friday, March 2027 on a Monday, May
# 2027 on a Saturday; 29 February 2028 is a Tuesday; US Mother's Day 2027 is 9 May, the French one
# 30 May (Pentecost is 16 May); Thanksgiving 2027 is 25 November in the US.
ROWS: list[Row] = [
    # month parts: days 1-10, 11-20, 21-last, of the month closest to the anchor
    ("early January", LONDON, "2027-01-01", "2027-01-10"),
    ("mid-January", LONDON, "2027-01-11", "2027-01-20"),
    ("late January", LONDON, "2027-01-21", "2027-01-31"),
    ("début janvier", PARIS_WINTER, "2027-01-01", "2027-01-10"),
    ("mi-janvier", PARIS_WINTER, "2027-01-11", "2027-01-20"),
    ("fin janvier", PARIS_WINTER, "2027-01-21", "2027-01-31"),
    # ... or without an anchor, the next one from the start: at the year end, next year's
    ("early January", TORONTO_YEAR_END, "2027-01-01", "2027-01-10"),
    ("mid-January", TORONTO_YEAR_END, "2027-01-11", "2027-01-20"),
    ("late January", TORONTO_YEAR_END, "2027-01-21", "2027-01-31"),
    ("début janvier", PARIS_YEAR_END, "2027-01-01", "2027-01-10"),
    ("mi-janvier", PARIS_YEAR_END, "2027-01-11", "2027-01-20"),
    ("fin janvier", PARIS_YEAR_END, "2027-01-21", "2027-01-31"),
    ("début décembre", BRUSSELS, "2026-12-01", "2026-12-10"),
    ("fin novembre", BRUSSELS, "2026-11-21", "2026-11-30"),
    ("mi-mars", MONTREAL_DST, "2027-03-11", "2027-03-20"),
    ("fin mars", PARIS_DST, "2027-03-21", "2027-03-31"),
    # the end of a leap February is its 29th
    ("fin février", PARIS_LEAP, "2028-02-21", "2028-02-29"),
    ("late February", PARIS_LEAP, "2028-02-21", "2028-02-29"),
    # whole months
    ("January", LONDON, "2027-01-01", "2027-01-31"),
    ("in January", LONDON, "2027-01-01", "2027-01-31"),
    ("janvier", PARIS_WINTER, "2027-01-01", "2027-01-31"),
    ("en janvier", PARIS_WINTER, "2027-01-01", "2027-01-31"),
    ("janvier", PARIS_YEAR_END, "2027-01-01", "2027-01-31"),
    ("février", PARIS_LEAP, "2028-02-01", "2028-02-29"),
    # weeks of a month: days 1-7, 8-14, the last 7
    ("first week of March", NEW_YORK, "2027-03-01", "2027-03-07"),
    ("second week of March", NEW_YORK, "2027-03-08", "2027-03-14"),
    ("last week of March", NEW_YORK, "2027-03-25", "2027-03-31"),
    ("première semaine de mars", PARIS_DST, "2027-03-01", "2027-03-07"),
    ("deuxième semaine de mars", PARIS_DST, "2027-03-08", "2027-03-14"),
    ("dernière semaine de mars", PARIS_DST, "2027-03-25", "2027-03-31"),
    # dates
    ("2027-01-05", LONDON, "2027-01-05", "2027-01-05"),
    ("January 5", LONDON, "2027-01-05", "2027-01-05"),
    ("5 January", LONDON, "2027-01-05", "2027-01-05"),
    ("5 janvier", PARIS_WINTER, "2027-01-05", "2027-01-05"),
    ("le 5 janvier", PARIS_WINTER, "2027-01-05", "2027-01-05"),
    ("le 1er mars", PARIS_WINTER, "2027-03-01", "2027-03-01"),
    ("le 5 janvier", PARIS_YEAR_END, "2027-01-05", "2027-01-05"),
    ("le 29 février", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("February 29", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("le 28 mars", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("le 14 mars", MONTREAL_DST, "2027-03-14", "2027-03-14"),
    # weekdays of a month: March 2027 has five Mondays (1, 8, 15, 22, 29)
    ("first Monday of March", NEW_YORK, "2027-03-01", "2027-03-01"),
    ("second Monday of March", NEW_YORK, "2027-03-08", "2027-03-08"),
    ("fifth Monday of March", NEW_YORK, "2027-03-29", "2027-03-29"),
    ("last Monday of March", NEW_YORK, "2027-03-29", "2027-03-29"),
    ("the 2nd Saturday in May", NEW_YORK, "2027-05-08", "2027-05-08"),
    ("le premier lundi de mars", PARIS_DST, "2027-03-01", "2027-03-01"),
    ("le 1er lundi de mars", PARIS_DST, "2027-03-01", "2027-03-01"),
    ("le deuxième lundi de mars", PARIS_DST, "2027-03-08", "2027-03-08"),
    ("le cinquième lundi de mars", PARIS_DST, "2027-03-29", "2027-03-29"),
    ("le dernier lundi de mars", PARIS_DST, "2027-03-29", "2027-03-29"),
    ("le premier lundi de décembre", BRUSSELS, "2026-12-07", "2026-12-07"),
    ("le dernier lundi de novembre", BRUSSELS, "2026-11-30", "2026-11-30"),
    # this month, next month, counted from the planning start
    ("this month", NEW_YORK_FALL, "2027-09-01", "2027-09-30"),
    ("next month", NEW_YORK_FALL, "2027-10-01", "2027-10-31"),
    ("end of next month", NEW_YORK_FALL, "2027-10-21", "2027-10-31"),
    ("ce mois-ci", MONTREAL_FALL, "2027-09-01", "2027-09-30"),
    ("le mois prochain", MONTREAL_FALL, "2027-10-01", "2027-10-31"),
    ("fin du mois prochain", MONTREAL_FALL, "2027-10-21", "2027-10-31"),
    ("next month", TORONTO_YEAR_END, "2027-01-01", "2027-01-31"),
    ("le mois prochain", PARIS_YEAR_END, "2027-01-01", "2027-01-31"),
    # this week, next week: Monday to Sunday, from the planning start (a Monday here)
    ("this week", NEW_YORK, "2027-01-04", "2027-01-10"),
    ("next week", NEW_YORK, "2027-01-11", "2027-01-17"),
    ("cette semaine", PARIS_DST, "2027-03-01", "2027-03-07"),
    ("la semaine prochaine", PARIS_DST, "2027-03-08", "2027-03-14"),
    ("la semaine prochaine", PARIS_YEAR_END, "2027-01-04", "2027-01-10"),
    # the week of a date: 5 January 2027 is a Tuesday, 29 February 2028 a Tuesday
    ("the week of 5 January", LONDON, "2027-01-04", "2027-01-10"),
    ("week of January 5", LONDON, "2027-01-04", "2027-01-10"),
    ("w/c 4 January", LONDON, "2027-01-04", "2027-01-10"),
    ("week commencing 4 January", LONDON, "2027-01-04", "2027-01-10"),
    ("la semaine du 5 janvier", PARIS_WINTER, "2027-01-04", "2027-01-10"),
    ("la semaine du 29 février", PARIS_LEAP, "2028-02-28", "2028-03-05"),
    # ranges
    ("from May 1 to May 20", NEW_YORK, "2027-05-01", "2027-05-20"),
    ("between May 1 and May 20", NEW_YORK, "2027-05-01", "2027-05-20"),
    ("du 1er au 20 mai", PARIS_SPRING, "2027-05-01", "2027-05-20"),
    ("entre le 1er et le 20 mai", PARIS_SPRING, "2027-05-01", "2027-05-20"),
    # offsets from an event or the anchor: one day
    ("10 days before Valentine's Day", LONDON, "2027-02-04", "2027-02-04"),
    ("D-10", LONDON, "2027-02-04", "2027-02-04"),
    ("10 jours avant la Saint-Valentin", PARIS_WINTER, "2027-02-04", "2027-02-04"),
    ("J-10", PARIS_WINTER, "2027-02-04", "2027-02-04"),
    ("J-10", BRUSSELS, "2026-12-15", "2026-12-15"),
    ("10 jours avant Noël", BRUSSELS, "2026-12-15", "2026-12-15"),
    ("J-10", MONTREAL_DST, "2027-03-04", "2027-03-04"),
    ("J-1", PARIS_LEAP, "2028-02-28", "2028-02-28"),
    ("3 days after anchor", PARIS_LEAP, "2028-03-03", "2028-03-03"),
    ("J-7", PARIS_DST, "2027-03-21", "2027-03-21"),
    # the N days before: [REF-N, REF-1]
    ("in the 30 days before anchor", LONDON, "2027-01-15", "2027-02-13"),
    ("dans les 30 jours avant l'ancre", PARIS_WINTER, "2027-01-15", "2027-02-13"),
    ("dans les 30 jours avant l'ancre", BRUSSELS, "2026-11-25", "2026-12-24"),
    ("dans les 7 jours avant l'ancre", MONTREAL_DST, "2027-03-07", "2027-03-13"),
    # the week before: [REF-7, REF-1]
    ("the week before Mother's Day", NEW_YORK, "2027-05-02", "2027-05-08"),
    ("la semaine avant la fête des mères", PARIS_SPRING, "2027-05-23", "2027-05-29"),
    ("la semaine avant Noël", BRUSSELS, "2026-12-18", "2026-12-24"),
    ("la semaine avant l'ancre", MONTREAL_DST, "2027-03-07", "2027-03-13"),
    # the day of an event: Black Friday 2027 is the day after Thanksgiving
    ("on Black Friday", NEW_YORK_FALL, "2027-11-26", "2027-11-26"),
    ("le jour du Black Friday", MONTREAL_FALL, "2027-11-26", "2027-11-26"),
    # business days: Christmas 2027 is a Saturday, observed in the US on Friday 24 December
    ("5 business days before Christmas", NEW_YORK_FALL, "2027-12-17", "2027-12-17"),
    ("5 jours ouvrés avant Noël", MONTREAL_FALL, "2027-12-20", "2027-12-20"),
    # as soon as possible: the planning start
    ("as soon as possible", NEW_YORK, "2027-01-04", "2027-01-04"),
    ("asap", NEW_YORK, "2027-01-04", "2027-01-04"),
    ("now", NEW_YORK, "2027-01-04", "2027-01-04"),
    ("dès que possible", PARIS_WINTER, "2026-12-07", "2026-12-07"),
    ("au plus vite", PARIS_WINTER, "2026-12-07", "2026-12-07"),
]


@pytest.mark.parametrize(
    ("phrase", "ctx", "first", "last"), ROWS, ids=[f"{r[0]}@{r[1]}" for r in ROWS]
)
def test_book_basics(tmp_path: Path, phrase: str, ctx: Ctx, first: str, last: str) -> None:
    check_row(tmp_path, phrase, ctx, first, last)


# Stage-relative phrases: a first step on a fixed day, and the phrase on the step after it.
# (phrase, locale, the first step's day, first and last day of the second step's window).
STAGE_ROWS: list[tuple[str, str, str, str, str]] = [
    ("3 to 5 days after awareness", "en", "2027-01-05", "2027-01-08", "2027-01-10"),
    ("3 to 5 days later", "en", "2027-01-05", "2027-01-08", "2027-01-10"),
    ("de 3 à 5 jours après sensibilisation", "fr", "2027-01-05", "2027-01-08", "2027-01-10"),
    ("3 à 5 jours plus tard", "fr", "2027-01-05", "2027-01-08", "2027-01-10"),
]


def _two_steps(root: Path, locale: str, first_day: str, phrase: str, every: bool) -> list[str]:
    """Plan a two-step campaign for real: awareness on ``first_day``, then ``phrase``."""
    from planner.cli import main

    (root / "rules").mkdir(parents=True)
    (root / "channels").mkdir()
    (root / "planner.toml").write_text(
        f'[shop]\nname = "Book"\ntimezone = "Europe/Paris"\nlocale = "{locale}"\ncountry = "FR"\n',
        encoding="utf-8",
    )
    (root / "channels" / "daily.toml").write_text(
        'name = "Daily"\ndays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
        'best_times = ["12:00"]\ncap_per_day = 0\ncap_per_week = 0\nlead_time = "0 days"\n',
        encoding="utf-8",
    )
    repeat = 'every = "every day"\n' if every else ""
    (root / "rules" / "book.toml").write_text(
        f'[campaign]\nname = "Book"\nanchor = "2027-02-14"\nlocale = "{locale}"\n'
        'journey = "3-stage"\n\n'
        f'[[step]]\nstage = "awareness"\nwhen = "{first_day}"\nchannels = ["daily"]\n'
        'content = "first"\n\n'
        f'[[step]]\nstage = "consideration"\nwhen = {json.dumps(phrase, ensure_ascii=False)}\n'
        f'{repeat}channels = ["daily"]\ncontent = "second"\n',
        encoding="utf-8",
    )
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            main,
            ["plan", "book", "--start", "2027-01-04", "--format", "json"],
            env={"SOURCE_DATE_EPOCH": "1795046400", "PLANNER_DEBUG": ""},
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 0, f"{phrase!r}: {result.stderr}"
    items = json.loads(result.stdout)
    return sorted(
        i["start"][:10] for i in items if i["kind"] == "publish" and i["stage"] == "consideration"
    )


@pytest.mark.parametrize(
    ("phrase", "locale", "first_day", "first", "last"), STAGE_ROWS, ids=[r[0] for r in STAGE_ROWS]
)
def test_stage_relative(
    tmp_path: Path, phrase: str, locale: str, first_day: str, first: str, last: str
) -> None:
    daily = _two_steps(tmp_path / "daily", locale, first_day, phrase, every=True)
    assert (daily[0], daily[-1]) == (first, last), daily
    assert len(daily) == (D(last) - D(first)).days + 1
    once = _two_steps(tmp_path / "once", locale, first_day, phrase, every=False)
    assert len(once) == 1 and first <= once[0] <= last, once
