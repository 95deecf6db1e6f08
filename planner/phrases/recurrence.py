"""Recurrences ("every Monday", "tous les 3 jours", "weekly") and the dates they generate.

``Recurrence.dates`` may produce a million dates for a long campaign, so it steps with plain
``date + timedelta``: no dateutil rrule, no pendulum (see DESIGN.md, measured there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from planner.i18n import N_, _

from .cursor import Cursor
from .hints import did_you_mean
from .lexer import Token
from .words import (
    BUSINESS_AFTER_NOUN,
    BUSINESS_BEFORE_NOUN,
    DAY_UNITS,
    WEEK_UNITS,
    WEEKDAY_PLURALS,
    WEEKDAYS,
)

RecurrenceUnit = Literal["day", "week", "business_day"]

_ONE_DAY = timedelta(days=1)
# Larger intervals are typos, and would overflow date arithmetic.
_MAX_INTERVAL = 3660
_WEEKDAY_WORDS = frozenset({"weekday", "weekdays"})
_WEEKEND_WORDS = frozenset({"weekend", "weekends"})


@dataclass(frozen=True, slots=True)
class Recurrence:
    """Every ``interval`` days, weeks or business days.

    For weeks, ``weekdays`` (0 = Monday) are the days of each week; empty means the weekday
    of the first date of the range ("weekly", "chaque semaine").
    """

    unit: RecurrenceUnit
    interval: int = 1
    weekdays: tuple[int, ...] = ()

    def dates(
        self,
        start: date,
        end: date,
        is_business_day: Callable[[date], bool] | None = None,
    ) -> Iterator[date]:
        """The dates of the series in the closed range ``[start, end]``, in order.

        Business days default to Monday to Friday when ``is_business_day`` is not given.
        Weekly series count their weeks from the week of their first date, so "every other
        Monday" starts on the first Monday on or after ``start``.
        """
        if end < start:
            return
        try:
            if self.unit == "day":
                yield from _stepping(start, end, timedelta(days=self.interval))
            elif self.unit == "business_day":
                yield from _business(start, end, self.interval, is_business_day or _mon_to_fri)
            else:
                yield from self._weekly(start, end)
        except OverflowError:  # the next date would be past year 9999: the series is over
            return

    def _weekly(self, start: date, end: date) -> Iterator[date]:
        days = self.weekdays or (start.weekday(),)
        first = min(start + timedelta(days=(d - start.weekday()) % 7) for d in days)
        step = timedelta(weeks=self.interval)
        if len(days) == 1:
            yield from _stepping(first, end, step)
            return
        week = first - timedelta(days=first.weekday())
        offsets = [timedelta(days=d) for d in sorted(days)]
        while week <= end:
            for off in offsets:
                day = week + off
                if day > end:
                    return
                if day >= first:
                    yield day
            week += step


def _stepping(day: date, end: date, step: timedelta) -> Iterator[date]:
    while day <= end:
        yield day
        day += step


def _business(
    day: date, end: date, interval: int, is_business_day: Callable[[date], bool]
) -> Iterator[date]:
    seen = 0
    while day <= end:
        if is_business_day(day):
            if seen % interval == 0:
                yield day
            seen += 1
        day += _ONE_DAY


def _mon_to_fri(day: date) -> bool:
    return day.weekday() < 5


# -- grammar ----------------------------------------------------------------------------------


def parse_recurrence(c: Cursor, *, bare: bool = False) -> Recurrence | None:
    """Read a recurrence at the cursor; ``bare`` also accepts "3 jours", "Monday", "week".

    The bare forms are for the ``every`` key, whose name already says "every"; in a ``when``
    they would be misread ("3 jours" is not a date).
    """
    m = c.mark()
    alternatives = [_every, _tous_les, _adverb, _one_in_n, _le_weekday]
    if bare:
        alternatives.append(_bare)
    for alternative in alternatives:
        found = alternative(c)
        if found is not None:
            return found
        c.reset(m)
    return None


def _every(c: Cursor) -> Recurrence | None:
    if c.word({"every", "each", "chaque"}) is None:
        return None
    if c.word({"other"}) is not None:
        return _unit_tail(c, 2, numbered=True)
    return _counted(c, singular=True)


def _tous_les(c: Cursor) -> Recurrence | None:
    if c.word({"tous", "toutes"}) is None or c.word({"les"}, "'les'") is None:
        return None
    return _counted(c, singular=False)


def _bare(c: Cursor) -> Recurrence | None:
    return _counted(c, singular=False)


def _counted(c: Cursor, *, singular: bool) -> Recurrence | None:
    """A number, then a unit: ``singular`` after "every", "chaque" ("every day")."""
    m = c.mark()
    n = c.number()
    if n is None:
        c.reset(m)
        return _unit_tail(c, 1, numbered=False)
    if n[0] < 1:
        raise c.error(
            _("a recurrence repeats at least every 1 day or week"),
            n[1],
            _without_number(c, n[1], singular=singular),
        )
    if n[0] > _MAX_INTERVAL:
        message = _("a recurrence repeats at most every {count} days or weeks")
        raise c.error(message.format(count=_MAX_INTERVAL), n[1])
    return _unit_tail(c, n[0], numbered=True)


def _unit_tail(c: Cursor, interval: int, *, numbered: bool) -> Recurrence | None:
    m = c.mark()
    if c.word(BUSINESS_BEFORE_NOUN) is not None:
        if c.word(DAY_UNITS, "'days'") is None:
            return None
        return Recurrence("business_day", interval)
    c.reset(m)
    if c.word(DAY_UNITS, "'days'") is not None:
        if c.word(BUSINESS_AFTER_NOUN) is not None:
            return Recurrence("business_day", interval)
        return Recurrence("day", interval)
    if c.word(WEEK_UNITS, "'weeks'") is not None:
        return Recurrence("week", interval, _on_weekdays(c))
    if c.word(_WEEKDAY_WORDS) is not None:
        return Recurrence("week", interval, (0, 1, 2, 3, 4))
    if c.word(_WEEKEND_WORDS) is not None:
        return Recurrence("week", interval, (5, 6))
    days = weekday_list(c)
    if days is not None:
        return Recurrence("week", interval, days)
    if not numbered:
        c.miss(N_("a number"))
    return None


def _without_number(c: Cursor, number: Token, *, singular: bool) -> str | None:
    """ "every day" for "every 0 days", "tous les jours" for "tous les 0 jours"."""
    unit = c.peek()
    if unit is None:
        return None
    word = c.raw(unit)
    if singular and unit.text[-1:] == "s" and unit.text[:-1] in DAY_UNITS | WEEK_UNITS:
        word = word[:-1]
    fixed = c.fix((c.text[: number.start] + word + c.text[unit.end :]).strip())
    return did_you_mean(fixed) if fixed else None


def _adverb(c: Cursor) -> Recurrence | None:
    if c.word({"weekly", "hebdomadaire", "hebdomadairement", "hebdo"}) is not None:
        return Recurrence("week", 1, _on_weekdays(c))
    if c.word({"fortnightly"}) is not None:
        return Recurrence("week", 2, _on_weekdays(c))
    if c.word({"daily", "quotidien", "quotidienne", "quotidiennement"}) is not None:
        return Recurrence("day")
    return None


def _one_in_n(c: Cursor) -> Recurrence | None:
    """ "un jour sur deux", "une semaine sur trois": every N days or weeks."""
    one = c.number(articles=True)
    if one is None or one[0] != 1:
        return None
    unit: RecurrenceUnit = "day" if c.word(DAY_UNITS) is not None else "week"
    if unit == "week" and c.word(WEEK_UNITS) is None:
        return None
    if c.word({"sur", "out"}) is None:
        return None
    c.word({"of"})
    n = c.number()
    if n is None or n[0] < 1:
        return None
    return Recurrence(unit, n[0], _on_weekdays(c) if unit == "week" else ())


def _le_weekday(c: Cursor) -> Recurrence | None:
    """ "le lundi et le jeudi", "les lundis", "on Mondays", "Mondays"."""
    lead = c.word({"le", "les", "on"})
    first = c.peek()
    days = weekday_list(c)
    if days is None or first is None:
        return None
    if (lead is None or lead.text == "on") and first.text not in WEEKDAY_PLURALS:
        return None  # "Monday" alone, or "on Monday", is one day, not a series
    return Recurrence("week", 1, days)


def _on_weekdays(c: Cursor) -> tuple[int, ...]:
    m = c.mark()
    if c.word({"on", "le", "les"}) is not None:
        days = weekday_list(c)
        if days is not None:
            return days
    c.reset(m)
    return ()


def weekday_list(c: Cursor) -> tuple[int, ...] | None:
    """ "Monday", "lundi et jeudi", "Monday, Wednesday and Friday", "le lundi et le jeudi"."""
    t = c.word(WEEKDAYS, N_("a weekday"))
    if t is None:
        return None
    days = {WEEKDAYS[t.text]}
    while True:
        m = c.mark()
        sep = c.punct(",&")
        conj = c.word({"and", "et"})
        if sep is None and conj is None:
            break
        c.word({"le", "les", "every", "each", "chaque", "on"})
        t = c.word(WEEKDAYS, N_("a weekday"))
        if t is None:
            c.reset(m)
            break
        days.add(WEEKDAYS[t.text])
    return tuple(sorted(days))
