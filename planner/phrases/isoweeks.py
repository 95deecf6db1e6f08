"""Weeks named by number or by an event: "semaine 12", "S12", "week 12", "W12", "the week of
Father's Day", "la semaine de Pâques", "Thanksgiving week". Monday to Sunday, as "the week of 5
January" (weeks.py).

A numbered week is an ISO 8601 week: week 1 holds the year's first Thursday, and some years
have a week 53. Without a year, the year rule picks it (the one closest to the anchor, else
the next that has not ended).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from planner.errors import quoted
from planner.i18n import _

from .cursor import Cursor
from .hints import day_said
from .months import year_after
from .nodes import Ref, Refusal, Relative, Yearly
from .refs import ref
from .weeks import week_around

Span = tuple[date, date]
_LEAD = frozenset({"in", "en", "during", "pendant", "durant", "on", "a", "au"})
_ARTICLE = frozenset({"the", "la", "l'"})
_WEEK_WORDS = (("week",), ("semaine",), ("sem",), ("wk",))
_LETTERS = frozenset({"s", "w"})
_NUMBER_SIGNS = (("n",), ("no",), ("number",), ("numero",))
_LAST_WEEK = 53


def _weeks_in(year: int) -> int:
    return date(year, 12, 28).isocalendar()[1]  # 28 December is always in the last week


@dataclass(frozen=True, slots=True)
class IsoWeek:
    number: int

    def span(self, year: int) -> Span | None:
        if self.number == _LAST_WEEK and _weeks_in(year) != _LAST_WEEK:
            return None
        monday = date.fromisocalendar(year, self.number, 1)
        return monday, monday + timedelta(days=6)

    def missing(self, year: int) -> tuple[str, str]:
        later = next(y for y in range(year + 1, year + 8) if _weeks_in(y) == _LAST_WEEK)
        return (
            _("{year} has 52 ISO weeks, not 53").format(year=year),
            _("week 52 of {year} ends on {day}; the next year with a week 53 is {later}").format(
                year=year, day=day_said(date.fromisocalendar(year, 52, 7)), later=later
            ),
        )


@dataclass(frozen=True, slots=True)
class WeekAround:
    """Monday to Sunday of the week (or weeks) holding REF's days."""

    def span(
        self, first: date, last: date, is_business_day: Callable[[date], bool]
    ) -> Span | Refusal:
        return week_around(first)[0], week_around(last)[1]


def numbered_week(c: Cursor) -> Yearly | None:
    """ "semaine 12", "la semaine n° 12", "S12", "sem. 12", "week 12", "wk 12", "W12 2027"."""
    c.word(_LEAD, hint=False)
    c.word(_ARTICLE, hint=False)
    begin = c.peek()
    letter = c.word(_LETTERS, hint=False)
    if letter is None:
        if c.phrase(*_WEEK_WORDS) is None:
            return None
        c.punct(".")
        if c.phrase(*_NUMBER_SIGNS) is not None:
            c.punct("°º.")
        c.punct("#")
    number = c.peek()
    if number is None or number.kind != "num" or begin is None:
        return None
    if letter is not None and not number.glued:
        return None  # "S 12" is too far from a week number to guess
    c.i += 1
    if not 1 <= number.value <= _LAST_WEEK:
        raise c.error(
            _("there is no week {number}: ISO weeks go from 1 to 52, or 53 in some years").format(
                number=number.value
            ),
            number,
            _("write a week from 1 to 52, e.g. {example}").format(
                example=quoted("semaine 12" if c.french else "week 12")
            ),
        )
    m = c.mark()
    c.word({"of", "de", "en", "in"}, hint=False)  # "week 12 of 2027", "semaine 12 de 2027"
    year = year_after(c)
    if year is None:
        c.reset(m)
    return Yearly(IsoWeek(number.value), year, begin.start)


def week_of_event(c: Cursor) -> Relative | None:
    """ "the week of Father's Day", "la semaine de Pâques", "Thanksgiving week"."""
    m = c.mark()
    c.word(_LEAD, hint=False)
    c.word(_ARTICLE, hint=False)
    word = c.word({"week", "semaine"})
    if word is not None and c.word({"of", "de", "du", "d'", "des"}) is not None:
        r = ref(c, bare=False)
        return Relative(WeekAround(), r, word.start) if r is not None else None
    c.reset(m)
    if word is not None:
        return None  # "the week bfore Christmas": no name starts with "week"
    if not any(t.text == "week" for t in c.toks[c.i :]):
        return None  # read no name that no "week" follows: errors point where they went wrong
    c.word(_LEAD, hint=False)
    begin = c.peek()
    saved, c.stops = c.stops, c.stops | {"week"}
    try:
        found: Ref | None = ref(c, bare=True)
    finally:
        c.stops = saved
    if found is None or begin is None or c.word({"week"}) is None:
        return None
    return Relative(WeekAround(), found, begin.start)
