"""Halves of a month ("the second half of June", "la première quinzaine de juin": days 1–15
and 16 to the last) and two of its parts joined into one window ("mid-to-late March", "début à
mi-avril"). Its first or last days or weeks are edges.py's.
"""

from __future__ import annotations

from planner.errors import quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .hints import Example, did_you_mean
from .lexer import Token
from .months import OF, PARTS, MonthRef, month_ref, ordinal, part_month
from .nodes import MonthPart

# A half of a month: days 1–15, then 16 to the last (a "quinzaine" is the same half).
HALF_NOUNS = frozenset({"half", "moitie", "quinzaine", "fortnight"})
HALVES = {1: (1, 15), 2: (16, 0), -1: (16, 0)}
# Parts that may be joined, in their order within a month.
_JOINABLE = ("early", "debut", "beginning", "mid", "mi", "middle", "late", "fin", "end")
_JOINERS = frozenset({"to", "a", "au", "or", "ou"})
_OPENERS = frozenset({"from", "de", "du", "d'"})


def month_half(c: Cursor) -> MonthPart | None:
    """ "the first half of June", "la deuxième quinzaine de juin", "la 1re quinzaine de mai",
    "the last fortnight of June", "la seconde moitié de juillet"."""
    found = ordinal(c, 2)
    if found is None:
        return None
    n, t = found
    if c.word(HALF_NOUNS, "'half'") is None:
        return None
    if c.word(OF, hint=False) is None:
        if c.at_end:  # "la première quinzaine": of which month?
            example = "de juin" if c.french else "of June"
            c.miss(N_("a month"), example=Example(example, _("say which month")))
        return None
    ref = month_ref(c)
    if ref is None:
        return None
    first, last = HALVES[n]
    return _part(ref, first, last, t)


def joined_parts(c: Cursor) -> MonthPart | None:
    """ "mid-to-late March", "mid to late March", "early to mid April", "début à mi-avril",
    "du début à la mi-avril", "de mi à fin mars": one window from the first part's first
    day to the second's last."""
    c.word(_OPENERS, hint=False)
    a = c.word(_JOINABLE)
    if a is None:
        return None
    hyphen = c.punct("-")
    joiner = c.word(_JOINERS, hint=False) or c.punct("/")
    if joiner is None and hyphen is None:
        return None
    if joiner is not None:
        c.punct("-")
    c.word({"la", "le", "the"}, hint=False)
    b = c.word(_JOINABLE, hint=False)
    if b is None:
        return None
    ref = part_month(c, b)
    if ref is None:
        return None
    (first, _end), (_start, last) = PARTS[a.text], PARTS[b.text]
    if _JOINABLE.index(a.text) // 3 >= _JOINABLE.index(b.text) // 3:
        fixed = c.fix(
            c.text[: a.start] + c.raw(b) + c.text[a.end : b.start] + c.raw(a) + c.text[b.end :]
        )
        raise c.error(
            _("{later} does not come after {earlier} in a month").format(
                later=quoted(c.raw(b)), earlier=quoted(c.raw(a))
            ),
            b,
            did_you_mean(fixed.strip()) if fixed else _("put the earlier part first"),
        )
    return _part(ref, first, last, a)


def _part(ref: MonthRef, first: int, last: int, at: Token) -> MonthPart:
    return MonthPart(ref.month, ref.year, first, last, at.start, ref.ahead)
