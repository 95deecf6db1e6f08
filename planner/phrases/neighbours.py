"""A weekday next to a reference: "the Friday before Mother's Day", "le mardi avant Pâques",
"le samedi qui suit la Saint-Patrick", "le dernier samedi avant Noël", "the second Monday after
Easter"; and a weekday of the planning start's week or of the next: "this Saturday", "ce
samedi", "next Saturday", "samedi prochain". One day, never a series: repetition belongs to
``every``.

The weekday is counted strictly before REF's first day (or strictly after its last): "the
Sunday before Easter" is Palm Sunday, a week before, never Easter itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from planner.i18n import N_, _

from .cursor import Cursor
from .hints import day_said, weekday_said
from .months import ordinal
from .nodes import Refusal, Relative, StartRef
from .refs import anchor_or_ref
from .weeks import SINGULAR_WEEKDAYS
from .words import (
    AFTER,
    AFTER_PHRASES,
    BEFORE,
    BEFORE_PHRASES,
    NEXT,
    THIS,
    WEEKDAYS,
)

_LEAD = frozenset({"on", "au", "a"})
_ARTICLE = frozenset({"the", "le"})


@dataclass(frozen=True, slots=True)
class NearWeekday:
    """The ``n``-th ``weekday`` (0 = Monday) before REF (``sign`` -1) or after it (+1)."""

    weekday: int
    n: int
    sign: int

    def span(
        self, first: date, last: date, is_business_day: Callable[[date], bool]
    ) -> tuple[date, date] | Refusal:
        if self.sign < 0:
            day = first - timedelta(days=1)
            day -= timedelta(days=(day.weekday() - self.weekday) % 7 + 7 * (self.n - 1))
        else:
            day = last + timedelta(days=1)
            day += timedelta(days=(self.weekday - day.weekday()) % 7 + 7 * (self.n - 1))
        return day, day


def direction(c: Cursor) -> int | None:
    """-1 for "before", "avant", "d'avant", "qui précède", "leading up to"; +1 for "after",
    "qui suit", "d'après"."""
    c.word({"d'"}, hint=False)  # "le samedi d'avant Noël"
    if c.phrase(*BEFORE_PHRASES) or c.word(BEFORE, "'before'"):
        return -1
    if c.phrase(*AFTER_PHRASES) or c.word(AFTER, "'after'"):
        return 1
    return None


def weekday_near(c: Cursor) -> Relative | None:
    """ "the Friday before X", "le dernier samedi avant Noël", "the 2nd Monday after Easter"."""
    c.word(_LEAD, hint=False)
    c.word(_ARTICLE, hint=False)
    n, last = 1, False
    found = ordinal(c, 5)
    if found is not None:
        n, last = max(found[0], 1), found[0] == -1
    weekday = c.word(SINGULAR_WEEKDAYS, N_("a weekday"))
    if weekday is None:
        return None
    at = c.peek()
    sign = direction(c)
    if sign is None or at is None or (last and sign > 0):
        return None  # "the last Friday after X" counts nothing
    ref = anchor_or_ref(c, at)
    if ref is None:
        return None
    return Relative(NearWeekday(WEEKDAYS[weekday.text], n, sign), ref, weekday.start)


@dataclass(frozen=True, slots=True)
class WeekdayOfWeek:
    """``weekday`` of the week ``ahead`` weeks after the one of REF (the planning start): "next
    Saturday" is the Saturday of next week, as "next week" and "next weekend" are."""

    weekday: int
    ahead: int

    def span(
        self, first: date, last: date, is_business_day: Callable[[date], bool]
    ) -> tuple[date, date] | Refusal:
        day = first + timedelta(days=self.weekday - first.weekday() + 7 * self.ahead)
        return day, day


def this_weekday(c: Cursor) -> Relative | None:
    """ "this Saturday", "ce samedi", "next Friday", "samedi prochain", "le samedi prochain"."""
    c.word(_LEAD, hint=False)
    begin = c.peek()
    lead = c.word(THIS | NEXT - {"prochaine"}, hint=False)
    if lead is None:
        c.word({"le"}, hint=False)
    weekday = c.word(SINGULAR_WEEKDAYS, N_("a weekday"))
    if weekday is None or begin is None:
        return None
    if lead is None:
        lead = c.word({"prochain"}, hint=False)
        if lead is None:
            return None
    elif c.phrase(("-", "ci")) is None:  # "ce samedi-ci"
        c.word({"ci"}, hint=False)
    ahead = 1 if lead.text in NEXT else 0
    return Relative(
        WeekdayOfWeek(WEEKDAYS[weekday.text], ahead), StartRef(begin.start), begin.start
    )


# "Le samedi 13" is the coming one: one more than six months away is no longer what a shop
# owner means without its month, and is refused with the date in full as the hint.
_DATED_SEARCH = 183


@dataclass(frozen=True, slots=True)
class DatedWeekday:
    """The first ``weekday`` that is day ``day`` of its month, from REF (the planning start)
    on: "le samedi 13", "Saturday the 13th"."""

    weekday: int
    day: int

    def span(
        self, first: date, last: date, is_business_day: Callable[[date], bool]
    ) -> tuple[date, date] | Refusal:
        for n in range(3 * 366):  # past every case: each day of a month meets each weekday
            found = first + timedelta(days=n)
            if found.day == self.day and found.weekday() == self.weekday:
                if n < _DATED_SEARCH:
                    return found, found
                message = _(
                    "the next {weekday} {day} is {date}, more than six months after the "
                    "planning start: name its month"
                )
                weekday = weekday_said(self.weekday)
                return Refusal(
                    message.format(weekday=weekday, day=self.day, date=day_said(found)), found
                )
        message = _("no month has its day {day} on that weekday")
        return Refusal(message.format(day=self.day))


def weekday_dated(c: Cursor) -> Relative | None:
    """ "le samedi 13", "Saturday the 13th", "on Friday, the 5th": a weekday and a day number
    without a month, the next such day from the planning start."""
    c.word(_LEAD, hint=False)
    c.word(_ARTICLE, hint=False)
    weekday = c.word(SINGULAR_WEEKDAYS, N_("a weekday"))
    if weekday is None:
        return None
    c.punct(",")
    c.word(_ARTICLE, hint=False)
    t = c.peek()
    if t is None or not (t.kind == "ord" or (t.kind == "num" and len(t.text) <= 2)):
        return None
    c.i += 1
    if not c.end() or not 1 <= t.value <= 31:
        return None
    rule = DatedWeekday(WEEKDAYS[weekday.text], t.value)
    return Relative(rule, StartRef(weekday.start), weekday.start)
