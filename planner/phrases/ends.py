"""The end a hint proposes for a range that lacks one, written like the range's start.

"from May 1 to" gets "May 20", "du 5 au" gets "20 janvier", "from mid-January to" gets "late
January": a later day in the same style, so that the suggestion reads as the user's own
phrase. The cursor still parses the whole suggestion before showing it.
"""

from __future__ import annotations

from .cursor import Cursor
from .lexer import Token
from .nodes import Day, MonthPart, Node
from .words import MONTH_NAMES_EN, MONTH_NAMES_FR

# Ordinal suffixes kept on the new day: "May 1st" → "May 20th"; French "1er" has no "20er".
_ENGLISH_SUFFIXES = frozenset({"st", "nd", "rd", "th"})


def _later(day: int) -> int | None:
    """A later day of the same month, in every month; None when there is none to propose."""
    return 20 if day < 20 else 28 if day < 28 else None


def bare_end(c: Cursor, day: Token, article: bool) -> str | None:
    """The end of "du 5 au …" / "between the 5th and …": a later day, with a month."""
    later = _later(day.value) if day.kind in {"num", "ord"} else None
    if later is None:
        return None
    if c.french:
        return f"{'le ' if article else ''}{later} {MONTH_NAMES_FR[0]}"
    return f"{MONTH_NAMES_EN[0]} {later}"


def end_like(c: Cursor, first: Node, start: int, end: int) -> str | None:
    """A later end for a range whose start ``first`` is written in ``c.text[start:end]``."""
    if isinstance(first, Day):
        return _day_like(c, first, start, end)
    if isinstance(first, MonthPart) and first.month is not None:
        return _part_after(first, first.month, c.french)
    return None


def _day_like(c: Cursor, first: Day, start: int, end: int) -> str | None:
    later = _later(first.day)
    if later is None:  # "du 28 janvier au": the 10th of the next month
        names = MONTH_NAMES_FR if c.french else MONTH_NAMES_EN
        following = names[first.month % 12]
        return f"10 {following}" if c.french else f"{following} 10"
    if first.weekday is not None:
        return None  # "lundi 4 janvier": a copied weekday would be wrong for the new day
    tok = next((t for t in c.toks if t.start == first.offset), None)
    if tok is None:
        return None
    if tok.kind == "num" and len(tok.text) == 4 and first.year is not None:
        return f"{first.year:04d}-{first.month:02d}-{later:02d}"  # an ISO date
    suffix = tok.text[-2:] if tok.kind == "ord" and tok.text[-2:] in _ENGLISH_SUFFIXES else ""
    number = f"{later}{'th' if suffix else ''}"
    return c.text[start : tok.start] + number + c.text[tok.end : end]


def _part_after(part: MonthPart, month: int, fr: bool) -> str | None:
    """A part of the month after ``part``: the month's end, or the next month."""
    names = MONTH_NAMES_FR if fr else MONTH_NAMES_EN
    this, following = names[month - 1], names[month % 12]
    span = (part.first, part.last)
    if span in {(1, 10), (11, 20)}:
        return f"fin {this}" if fr else f"late {this}"
    if span == (21, 0):
        return f"début {following}" if fr else f"early {following}"
    if span == (1, 0):
        return following
    if span == (-6, 0):
        return f"la première semaine {_of(following)}" if fr else f"the first week of {following}"
    if part.last == part.first + 6:
        return f"la dernière semaine {_of(this)}" if fr else f"the last week of {this}"
    return None


def _of(month: str) -> str:
    return f"d'{month}" if month[0] in "aeiouéû" else f"de {month}"
