"""Days named together: "les 13 et 14 février", "le 13 et le 14 février", "les 12, 13 et 14
mars", "February 13 and 14", "on the 13th and 14th of February", "13 & 14 Feb".

Days that follow each other are one window, from the first to the last. Days apart ("les 24
et 31 décembre") are two windows, which a step cannot have: refused, with the two ways to say
it (a step each, or one window over both), as "fin mars ou début mai" is (spans.either).
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from planner.errors import quoted
from planner.i18n import _

from .cursor import Cursor
from .dates import bare_day, calendar, check_day_number, dated
from .lexer import Token
from .months import year_after
from .nodes import Day, Node, Range

_AND = frozenset({"et", "and"})


def together(c: Cursor) -> Node | None:
    """Two or more days of one month, listed: their window when they follow each other."""
    start = c.mark()
    c.word({"les", "on"}, hint=False)
    node = _day_first(c)
    if node is None:
        c.reset(start)
        node = _month_first(c)
    if node is None:
        c.reset(start)
    return node


def _joined(c: Cursor) -> bool:
    """ "et", "and" or "&" before the last day of a list."""
    return c.punct("&") is not None or c.word(_AND, hint=False) is not None


def _days(c: Cursor) -> list[tuple[Token, Token | None]] | None:
    """Two or more bare days joined as a list: "13, 14 et", "the 13th and"."""
    found: list[tuple[Token, Token | None]] = []
    while True:
        day = bare_day(c)
        if day is None:
            return None
        found.append(day)
        m = c.mark()
        if c.punct(",") is not None:
            continue
        c.reset(m)
        return found if _joined(c) else None


def _day_first(c: Cursor) -> Node | None:
    """ "les 13 et 14 février", "le 13 et le 14 février 2027", "the 13th and 14th of May"."""
    first = _days(c)
    if first is None:
        return None
    at = c.peek()
    last = calendar(c)
    if not isinstance(last, Day) or at is None:
        return None
    days = []
    for number, weekday in first:
        day = dated(last, number, weekday, last.year)
        check_day_number(c, day, number)
        days.append(day)
    return _window(c, [*days, last])


def _month_first(c: Cursor) -> Node | None:
    """ "February 13 and 14", "Feb 13, 14 & 15, 2027"."""
    first = calendar(c)
    if not isinstance(first, Day):
        return None
    more: list[tuple[Token, Token | None]] = []
    while True:
        m = c.mark()
        comma = c.punct(",") is not None
        final = not comma and _joined(c)
        named = bare_day(c) if comma or final else None
        if named is None:
            c.reset(m)
            break
        more.append(named)
        if final:
            break
    if not more:
        return None
    year = year_after(c) if first.year is None else None
    if year is not None:
        first = replace(first, year=year)
    days = [first]
    for number, weekday in more:
        day = dated(first, number, weekday, first.year)
        check_day_number(c, day, number)
        days.append(day)
    return _window(c, days)


def _window(c: Cursor, days: list[Day]) -> Node:
    """One window when each day follows the one before; else the error that says the two
    ways to write it."""
    for before, after in itertools.pairwise(days):
        if after.day != before.day + 1:
            first, last = days[0], days[-1]
            if c.french:
                example = f"du {first.day} au {last.day} {last.month_text}"
            else:
                example = f"{last.month_text} {first.day} to {last.day}"
            raise c.error(
                _("these days do not follow each other: a step has one window"),
                after.offset,
                _(
                    "write a step for each day, or one window from the first to the last, "
                    "e.g. {example}"
                ).format(example=quoted(example)),
            )
    return Range(days[0], days[-1], days[-1].offset)
