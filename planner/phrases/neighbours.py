"""A weekday next to a reference: "the Friday before Mother's Day", "le mardi avant Pâques",
"le samedi qui suit la Saint-Patrick", "le dernier samedi avant Noël", "the second Monday after
Easter". One day, never a series: repetition belongs to ``every``.

The weekday is counted strictly before REF's first day (or strictly after its last): "the
Sunday before Easter" is Palm Sunday, a week before, never Easter itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .cursor import Cursor
from .months import ordinal
from .nodes import Refusal, Relative
from .refs import anchor_or_ref
from .weeks import SINGULAR_WEEKDAYS
from .words import AFTER, AFTER_PHRASES, BEFORE, BEFORE_PHRASES, WEEKDAYS

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
    """-1 for "before", "avant", "qui précède", "leading up to"; +1 for "after", "qui suit"."""
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
    weekday = c.word(SINGULAR_WEEKDAYS, "a weekday")
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
