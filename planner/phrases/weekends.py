"""Weekends: "this weekend", "le week-end prochain", "the weekend before Easter", "le dernier
week-end d'août", "le week-end de la fête des pères", "Memorial Day weekend", "le pont de
l'Ascension". Every one is a single window (DESIGN.md, "Date phrases"):

- a weekend is Saturday and Sunday;
- "this weekend" is the one of the planning start's week, "next weekend" the one of the week
  after (as "next week"): on a Monday, a Friday or a Saturday alike, "next weekend" is 7 to 13
  days away;
- the n-th weekend of a month is its n-th Saturday and the Sunday after it;
- the weekend before X ends on the last Sunday before X's first day; the one after X starts on
  the first Saturday after X's last day;
- the weekend of X (X on a Friday to a Monday) is the Saturday and Sunday next to X, with X
  itself, and with the public holidays of the campaign's country that touch it (Good Friday,
  Easter Monday, a Monday holiday): "Labor Day weekend" is Saturday to Monday. X on a Tuesday,
  a Wednesday or a Thursday has no weekend of its own: refused, naming the weekends around it;
- "le pont de X" joins a holiday to its weekend: X on a Thursday, Thursday to Sunday; on a
  Tuesday, Saturday to Tuesday; on a Friday or a Monday, as the weekend of X. A Wednesday, a
  Saturday or a Sunday makes no pont: refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from planner.i18n import N_, _

from .cursor import Cursor
from .hints import day_said, weekday_said
from .lexer import Token
from .months import OF, month_ref, ordinal
from .neighbours import direction
from .nodes import NthWeekday, Ref, Refusal, Relative, StartRef
from .refs import anchor_or_ref, ref
from .words import NEXT, THIS

Span = tuple[date, date]
IsBusinessDay = Callable[[date], bool]
_DAY = timedelta(days=1)
_SATURDAY = 5
_WEEKEND_WORDS = (("weekend",), ("week", "end"))
_LEAD = frozenset({"on", "over", "during", "for", "in", "au", "a", "pendant", "durant"})
_ARTICLE = frozenset({"the", "le", "l'"})
_LONG = frozenset({"long", "grand"})
# Holidays next to a weekend that make it longer, at most this many days on each side.
_MOST_ADDED = 2


@dataclass(frozen=True, slots=True)
class Weekend:
    """ "before": the weekend before REF; "after": after it; "of": the (long) weekend of REF;
    "pont": the pont of REF; "saturday": REF is the Saturday; "week": the weekend ``ahead``
    weeks after the week of REF (the planning start)."""

    kind: Literal["before", "after", "of", "pont", "saturday", "week"]
    ahead: int = 0

    def span(self, first: date, last: date, is_business_day: IsBusinessDay) -> Span | Refusal:
        if self.kind == "before":
            sunday = first - _DAY
            sunday -= timedelta(days=(sunday.weekday() - 6) % 7)
            return sunday - _DAY, sunday
        if self.kind == "after":
            saturday = last + _DAY
            saturday += timedelta(days=(_SATURDAY - saturday.weekday()) % 7)
            return saturday, saturday + _DAY
        if self.kind == "saturday":
            return first, first + _DAY
        if self.kind == "week":
            saturday = first + timedelta(days=_SATURDAY - first.weekday() + 7 * self.ahead)
            return saturday, saturday + _DAY
        return _long(first, self.kind == "pont", is_business_day)


def _long(day: date, pont: bool, is_business_day: IsBusinessDay) -> Span | Refusal:
    weekday = day.weekday()

    def refusal(why: str) -> Refusal:
        name = _("{day} is a {weekday}").format(day=day_said(day), weekday=weekday_said(weekday))
        return Refusal(why.format(what=name))

    if pont and weekday in (2, 5, 6):
        return refusal(_("{what}: a pont joins a Tuesday or Thursday holiday to its weekend"))
    if weekday in (1, 3) and (pont or not is_business_day(day)):
        return (day - timedelta(days=3), day) if weekday == 1 else (day, day + timedelta(days=3))
    if weekday in (1, 2, 3):
        return refusal(_("{what}: it has no weekend of its own"))
    # Friday to Sunday, Saturday and Sunday, or Saturday to Monday.
    before, after = {4: (0, 2), 5: (0, 1), 6: (1, 0), 0: (2, 0)}[weekday]
    first, last = day - timedelta(days=before), day + timedelta(days=after)
    for _step in range(_MOST_ADDED):
        if (first - _DAY).weekday() < 5 and not is_business_day(first - _DAY):
            first -= _DAY
        if (last + _DAY).weekday() < 5 and not is_business_day(last + _DAY):
            last += _DAY
    return first, last


def _weekend_word(c: Cursor) -> Token | None:
    c.word(_LONG, hint=False)
    return c.phrase(*_WEEKEND_WORDS)


def weekend(c: Cursor) -> Relative | None:
    """Any weekend phrase; None when the text does not start one."""
    m = c.mark()
    found = _weekend_first(c)
    if found is None:
        c.reset(m)
        found = _pont(c)
    if found is None:
        c.reset(m)
        found = _named_weekend(c)
    return found


def _weekend_first(c: Cursor) -> Relative | None:
    """ "this weekend", "le week-end prochain", "the first weekend of June", "the weekend
    before X", "le week-end de X"."""
    begin = c.peek()
    c.word(_LEAD, hint=False)
    lead = c.word(THIS | NEXT | _ARTICLE, hint=False)  # "this", "ce", "next", "the", "le"
    if lead is not None and lead.text in _ARTICLE:
        lead = c.word(NEXT, hint=False) or lead  # "the next weekend", "le prochain week-end"
    nth = ordinal(c, 5) if lead is None or lead.text in _ARTICLE else None
    word = _weekend_word(c)
    if word is None or begin is None:
        return None
    if nth is not None:
        return _nth(c, nth[0], nth[1])
    if lead is not None and lead.text in THIS | NEXT:
        if c.phrase(("-", "ci")) is None:  # "ce week-end-ci"
            c.word({"ci"}, hint=False)
        ahead = 1 if lead.text in NEXT else 0
        return Relative(Weekend("week", ahead), StartRef(begin.start), begin.start)
    if c.word({"prochain"}, hint=False) is not None:
        return Relative(Weekend("week", 1), StartRef(begin.start), begin.start)
    at = c.peek()
    sign = direction(c)
    if sign is not None and at is not None:
        r = anchor_or_ref(c, at)
        side = Weekend("before") if sign < 0 else Weekend("after")
        return Relative(side, r, word.start) if r is not None else None
    joint = c.word(OF | {"du"}, "'of'")
    if joint is None:
        return None
    after = c.peek()
    r = ref(c, bare=False)
    if r is None or after is None:
        return None
    date_article = "le " if joint.text == "du" else ""
    named = date_article + c.text[after.start :].strip()
    return Relative(Weekend("of"), r, word.start, _mends(c, begin, named))


def _nth(c: Cursor, n: int, at: Token) -> Relative | None:
    if c.word(OF, N_("a month")) is None:
        return None
    month = month_ref(c)
    if month is None:
        return None
    saturday = NthWeekday(n, _SATURDAY, month.month, month.year, at.start, month.ahead)
    return Relative(Weekend("saturday"), saturday, at.start)


def _pont(c: Cursor) -> Relative | None:
    """ "le pont de l'Ascension", "le pont du 11 novembre"."""
    begin = c.peek()
    c.word({"pendant", "durant", "pour", "au", "a"}, hint=False)
    c.word({"le"}, hint=False)
    word = c.word({"pont"})
    joint = c.word({"de", "du", "d'"}, "'de'")
    if word is None or begin is None or joint is None:
        return None
    after = c.peek()
    r = ref(c, bare=False)
    if r is None or after is None:
        return None
    named = ("le " if joint.text == "du" else "") + c.text[after.start :].strip()
    return Relative(Weekend("pont"), r, word.start, _mends(c, begin, named, french=True))


def _named_weekend(c: Cursor) -> Relative | None:
    """ "Easter weekend", "the Memorial Day weekend", "Labor Day long weekend"."""
    if not any(t.text in {"weekend", "week"} for t in c.toks[c.i :]):
        return None  # read no name that no weekend follows: errors point where they went wrong
    c.word(_LEAD, hint=False)
    begin = c.peek()
    saved, c.stops = c.stops, c.stops | {"weekend", "week", "long"}
    try:
        r: Ref | None = ref(c, bare=True)
    finally:
        c.stops = saved
    end = c.peek()
    if r is None or begin is None or end is None or _weekend_word(c) is None:
        return None
    name = c.text[begin.start : end.start].strip()
    return Relative(Weekend("of"), r, begin.start, _mends(c, begin, name))


def _mends(c: Cursor, begin: Token, named: str, *, french: bool | None = None) -> tuple[str, ...]:
    """The weekends before and after X, for a refusal's hint."""
    fr = c.french if french is None else french
    head = c.text[: begin.start]
    words = (
        ("le week-end avant", "le week-end après")
        if fr
        else ("the weekend before", "the weekend after")
    )
    return tuple(f"{head}{w} {named}".strip() for w in words)
