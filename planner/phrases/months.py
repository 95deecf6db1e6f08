"""Month phrases: "janvier 2027", "mi-janvier", "first week of March", "fin du mois", "next
month", "le mois prochain"; and the length of a month, which resolution needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.errors import quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .lexer import Token
from .nodes import MonthPart
from .types import MAX_YEAR, MIN_YEAR, years_hint
from .words import MONTH_MAX_DAYS, MONTHS, NEXT, ORDINALS, THIS

# Parts of a month: days first..last, last ≤ 0 counting back from the month's last day.
PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 10),
    "beginning": (1, 10),
    "start": (1, 10),
    "debut": (1, 10),
    "mid": (11, 20),
    "middle": (11, 20),
    "mi": (11, 20),
    "milieu": (11, 20),
    "late": (21, 0),
    "end": (21, 0),
    "fin": (21, 0),
    "courant": (1, 0),
}
OF = frozenset({"of", "in", "de", "d'", "du"})
_MONTH_WORDS = frozenset({"month", "mois"})


@dataclass(frozen=True, slots=True)
class MonthRef:
    """A month as written: ``month`` None is the planning start's month, or the month
    ``ahead`` months after it ("next month"); ``year`` None is chosen at resolution."""

    month: int | None
    year: int | None
    ahead: int = 0


def month_length(year: int, month: int) -> int:
    # Not calendar.monthrange: importing the calendar module costs more than this.
    if month != 2:
        return MONTH_MAX_DAYS[month - 1]
    return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28


def day_in_month(first: int, last: int, length: int) -> tuple[int, int]:
    """The day numbers of a month part in a month of ``length`` days."""
    lo = first if first > 0 else length + first
    hi = last if last > 0 else length + last
    return lo, min(hi, length)


def year_after(c: Cursor) -> int | None:
    m = c.mark()
    c.punct(",")
    t = c.peek()
    if t is not None and t.kind == "num" and len(t.text) == 4 and t.value >= 1000:
        c.i += 1
        check_year(c, t)
        return t.value
    c.reset(m)
    return None


def check_year(c: Cursor, year: Token) -> None:
    """Raise for a written year outside the ones Parcours plans in."""
    if not MIN_YEAR <= year.value <= MAX_YEAR:
        # Without its year, the phrase takes the one closest to the anchor.
        left = c.text[: year.start].rstrip().rstrip(",").rstrip()
        fixed = c.fix((left + c.text[year.end :]).strip())
        hint = years_hint()
        if fixed:
            hint = _("{hint}; did you mean {phrase}?").format(hint=hint, phrase=quoted(fixed))
        raise c.error(_("the year {year} is out of range").format(year=year.value), year, hint)


def month_name(c: Cursor) -> Token | None:
    t = c.word(MONTHS, N_("a month"))
    if t is not None:
        dot = c.peek()
        if dot is not None and dot.text == "." and dot.glued and len(t.text) <= 5:
            c.i += 1  # "janv.", "Sept."
    return t


def month_ref(c: Cursor) -> MonthRef | None:
    """ "janvier", "January 2027", "du mois de mai"; "the month" / "ce mois-ci" (the planning
    start's month); "next month" / "le mois prochain" (the one after it)."""
    t = month_name(c)
    if t is not None:
        return MonthRef(MONTHS[t.text], year_after(c))
    m = c.mark()
    c.word({"the", "le"} | THIS, hint=False)
    ahead = 1 if c.word(NEXT - {"prochain", "prochaine"}) is not None else 0
    if c.word(_MONTH_WORDS, hint=bool(ahead)) is None:
        c.reset(m)
        return None
    if ahead:
        return MonthRef(None, None, ahead)
    if c.word({"prochain"}) is not None:
        return MonthRef(None, None, 1)
    if c.phrase(("-", "ci")) is None:  # "ce mois-ci"
        c.word({"ci"}, hint=False)
    m = c.mark()
    if c.word({"de", "d'", "of"}, hint=False) is not None:
        t = month_name(c)
        if t is not None:
            return MonthRef(MONTHS[t.text], year_after(c))
    c.reset(m)
    return MonthRef(None, None)


def _part(ref: MonthRef, first: int, last: int, offset: int) -> MonthPart:
    return MonthPart(ref.month, ref.year, first, last, offset, ref.ahead)


def month_part(c: Cursor) -> MonthPart | None:
    t = c.word(PARTS)
    if t is None:
        return None
    first, last = PARTS[t.text]
    ref = part_month(c, t)
    return _part(ref, first, last, t.start) if ref is not None else None


def part_month(c: Cursor, part: Token) -> MonthRef | None:
    """The month after a part of it: "mi-mars", "fin de mars", "the end of March"; English
    nouns take "of" ("the beginning of March"), adjectives do not ("late March")."""
    c.punct("-")
    if part.text in {"beginning", "start", "middle", "end"}:
        if c.word({"of"}, "'of'") is None:
            return None
        c.word({"the"}, hint=False)
    else:
        c.word(OF, hint=False)
    return month_ref(c)


def ordinal(c: Cursor, most: int) -> tuple[int, Token] | None:
    """ "first" … ``most``-th, "1st", "1er", "2e", "last", "dernière": -1 for the last."""
    t = c.peek()
    if t is not None and t.kind == "ord" and 1 <= t.value <= most:
        c.i += 1
        return t.value, t
    t = c.word(ORDINALS)
    if t is None or ORDINALS[t.text] > most:
        return None
    return ORDINALS[t.text], t


def week_of_month(c: Cursor) -> MonthPart | None:
    found = ordinal(c, 4)
    if found is None:
        return None
    n, t = found
    if c.word({"week", "semaine"}, "'week'") is None:
        return None
    c.word(OF, hint=False)
    ref = month_ref(c)
    if ref is None:
        return None
    first, last = (-6, 0) if n < 0 else (7 * n - 6, 7 * n)
    return _part(ref, first, last, t.start)


def whole_month(c: Cursor) -> MonthPart | None:
    """ "janvier", "January 2027", "le mois de mai", "this month", "next month"."""
    t = c.peek()
    ref = month_ref(c)
    if ref is None or t is None:
        return None
    return _part(ref, 1, 0, t.start)
