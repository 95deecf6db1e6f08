"""Weekday and week phrases: "the first Monday of March", "le dernier vendredi de novembre",
"next week", "la semaine prochaine"; and the dates they stand for. Weeks run Monday to Sunday
(ISO 8601) in English as in French.
"""

from __future__ import annotations

from datetime import date, timedelta

from planner.i18n import N_, _

from .cursor import Cursor
from .hints import Example, did_you_mean
from .lexer import tokenize
from .months import OF, month_ref, ordinal
from .nodes import NthWeekday, Week
from .words import NEXT, THIS, WEEKDAY_NAMES_EN, WEEKDAY_NAMES_FR, WEEKDAY_PLURALS, WEEKDAYS

SINGULAR_WEEKDAYS = frozenset(WEEKDAYS.keys() - WEEKDAY_PLURALS)
_WEEK_WORDS = frozenset({"week", "semaine"})


def nth_weekday(c: Cursor) -> NthWeekday | None:
    """ "first Monday of March", "the last Friday of November", "second Saturday in May",
    "le 1er lundi de mars", "le dernier vendredi du mois prochain"."""
    _refuse_past_fifth(c)
    found = ordinal(c, 5)
    if found is None:
        return None
    n, t = found
    weekday = c.word(SINGULAR_WEEKDAYS, N_("a weekday"))
    if weekday is None:
        return None
    if c.word(OF, N_("a month")) is None:
        if c.at_end:  # "the first Monday": which month?
            example = "de mars" if c.french else "of March"
            c.miss(N_("a month"), example=Example(example, _("say which month")))
        return None
    ref = month_ref(c)
    if ref is None:
        return None
    return NthWeekday(n, WEEKDAYS[weekday.text], ref.month, ref.year, t.start, ref.ahead)


def _refuse_past_fifth(c: Cursor) -> None:
    """Raise at "6th" in "the 6th Monday of March": no month has one."""
    t, weekday = c.peek(), c.peek(1)
    if t is None or t.kind != "ord" or t.value <= 5:
        return
    if weekday is None or weekday.text not in SINGULAR_WEEKDAYS:
        return
    last = "dernier" if c.french else "last"
    fixed = c.fix(c.text[: t.start] + last + c.text[t.end :])
    raise c.error(
        _("no month has a {ordinal} {weekday}").format(ordinal=c.raw(t), weekday=c.raw(weekday)),
        t,
        did_you_mean(fixed) if fixed else _("a month has four or five of each weekday"),
    )


def relative_week(c: Cursor) -> Week | None:
    """ "next week", "this week", "la semaine prochaine", "cette semaine(-ci)": Monday to
    Sunday, counted in weeks from the planning start's."""
    first = c.peek()
    lead = c.word(THIS | (NEXT - {"prochain", "prochaine"}))
    if c.word(_WEEK_WORDS) is None or first is None:
        return None
    if lead is not None:
        if c.phrase(("-", "ci")) is None:
            c.word({"ci"}, hint=False)
        return Week(None, 1 if lead.text in NEXT else 0, first.start)
    if c.word({"prochaine"}) is None:
        return None
    return Week(None, 1, first.start)


def weekday_in_month(year: int, month: int, weekday: int, n: int) -> date | None:
    """The ``n``-th ``weekday`` of the month (-1: the last), None if the month has no such."""
    if n > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    else:
        after = date(year + month // 12, month % 12 + 1, 1)
        day = after - timedelta(days=(after.weekday() - weekday - 1) % 7 + 1)
    return day if day.month == month else None


def week_around(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week of ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def with_weekday(text: str, offset: int, day: date) -> str:
    """``text`` with the weekday word at ``offset`` replaced by ``day``'s, in the language and
    case it was written in: "le lundi 19 janvier" -> "le mardi 19 janvier"."""
    t = next(t for t in tokenize(text) if t.start == offset)
    names = WEEKDAY_NAMES_FR if t.text in WEEKDAY_NAMES_FR else WEEKDAY_NAMES_EN
    name = names[day.weekday()]
    if names is WEEKDAY_NAMES_EN and text[t.start : t.start + 1].islower():
        name = name.lower()
    elif text[t.start : t.start + 1].isupper():
        name = name.capitalize()
    return (text[: t.start] + name + text[t.end :]).strip()
