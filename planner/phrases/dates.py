"""Calendar phrases: ISO dates, "5 janvier", "March 1st", "mi-janvier", "first week of March",
"fin du mois", "en janvier 2027". They need a year (often chosen later) but no other context.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.errors import PhraseError

from .cursor import Cursor
from .lexer import Token
from .nodes import Calendar, Day, MonthPart
from .words import MONTH_MAX_DAYS, MONTH_NAMES_EN, MONTHS, ORDINALS, WEEKDAY_PLURALS, WEEKDAYS

ErrorAt = Callable[[str, int, str | None], PhraseError]

# Optional words before a calendar phrase: "à la mi-janvier", "in early March", "on the 5th".
_LEAD = frozenset(
    {"in", "en", "at", "on", "during", "a", "au", "dans", "vers", "towards", "pendant", "durant"}
)
_ARTICLE = frozenset({"the", "la", "le", "l'"})
# Parts of a month: days first..last, last ≤ 0 counting back from the month's last day.
_PARTS: dict[str, tuple[int, int]] = {
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
_OF = frozenset({"of", "in", "de", "d'", "du"})
_SINGULAR_WEEKDAYS = frozenset(WEEKDAYS.keys() - WEEKDAY_PLURALS)
_DAY_ONE = frozenset({"premier", "first"})


def calendar(c: Cursor) -> Calendar | None:
    m = c.mark()
    c.word(_LEAD, hint=False)
    c.word(_ARTICLE, hint=False)
    for alternative in (_iso, _week_of_month, _month_part, _day_date, _whole_month):
        start = c.mark()
        found = alternative(c)
        if found is not None:
            return found
        c.reset(start)
    c.reset(m)
    return None


def month_length(year: int, month: int) -> int:
    # Not calendar.monthrange: importing the calendar module costs more than this.
    if month != 2:
        return MONTH_MAX_DAYS[month - 1]
    return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28


def check_day(node: Day, year: int, error: ErrorAt) -> None:
    """Raise for "29 February" in a year that is not leap (other days are checked earlier)."""
    if node.day > month_length(year, node.month):
        raise error(
            f"{node.day} {node.month_text} {year} does not exist: {year} is not a leap year",
            node.offset,
            f"{node.month_text} {year} has {month_length(year, node.month)} days",
        )


def _error_for(c: Cursor) -> ErrorAt:
    return lambda message, offset, hint: c.error(message, offset, hint)


def _iso(c: Cursor) -> Day | None:
    t = c.peek()
    if t is None or t.kind != "num":
        return None
    parts = [t]
    for _ in range(2):
        sep, num = c.peek(len(parts) * 2 - 1), c.peek(len(parts) * 2)
        if sep is None or num is None or sep.text not in "-/." or num.kind != "num":
            break
        if not (sep.glued and num.glued):
            break
        parts.append(num)
    if len(parts) < 3:
        return None
    c.i += 5
    if len(t.text) != 4:
        raise c.error(
            f"cannot tell the day from the month in {c.text[t.start : parts[2].end]!r}",
            t,
            "write dates as year-month-day, e.g. '2027-01-05', or as '5 janvier 2027'",
        )
    year, month, day = (p.value for p in parts)
    if year < 1000:
        raise c.error(f"there is no year {t.text}", t, "write the year with four digits")
    if not 1 <= month <= 12:
        raise c.error(f"there is no month {month}", parts[1], "months go from 01 to 12")
    node = Day(month, day, year, t.start, MONTH_NAMES_EN[month - 1])
    check_day_number(c, node, parts[2])
    return node


def check_day_number(c: Cursor, node: Day, at: Token) -> None:
    longest = MONTH_MAX_DAYS[node.month - 1]
    if node.day < 1 or node.day > longest:
        hint = f"{node.month_text} has {longest} days"
        if node.month == 2:
            hint = f"{node.month_text} has 28 days, 29 in a leap year"
        raise c.error(f"there is no day {node.day} in {node.month_text}", at, hint)
    if node.year is not None:
        check_day(node, node.year, _error_for(c))


def year_after(c: Cursor) -> int | None:
    m = c.mark()
    c.punct(",")
    t = c.peek()
    if t is not None and t.kind == "num" and len(t.text) == 4 and t.value >= 1000:
        c.i += 1
        return t.value
    c.reset(m)
    return None


def _month(c: Cursor) -> Token | None:
    t = c.word(MONTHS, "a month")
    if t is not None:
        dot = c.peek()
        if dot is not None and dot.text == "." and dot.glued and len(t.text) <= 5:
            c.i += 1  # "janv.", "Sept."
    return t


def month_ref(c: Cursor) -> tuple[int | None, int | None] | None:
    """(month, year) for "janvier", "January 2027", "du mois de mai"; (None, None) for "the
    month" / "mois", meaning the month of the planning start."""
    t = _month(c)
    if t is not None:
        return MONTHS[t.text], year_after(c)
    m = c.mark()
    c.word({"the", "this", "le", "ce", "current"}, hint=False)
    if c.word({"month", "mois"}, hint=False) is None:
        c.reset(m)
        return None
    if c.phrase(("-", "ci")) is None:  # "ce mois-ci"
        c.word({"ci"}, hint=False)
    m = c.mark()
    if c.word({"de", "d'", "of"}, hint=False) is not None:
        t = _month(c)
        if t is not None:
            return MONTHS[t.text], year_after(c)
    c.reset(m)
    return None, None


def _month_part(c: Cursor) -> MonthPart | None:
    t = c.word(_PARTS)
    if t is None:
        return None
    first, last = _PARTS[t.text]
    c.punct("-")
    if t.text in {"beginning", "start", "middle", "end"}:
        if c.word({"of"}, "'of'") is None:
            return None
        c.word({"the"}, hint=False)
    else:
        c.word(_OF, hint=False)
    ref = month_ref(c)
    if ref is None:
        return None
    return MonthPart(ref[0], ref[1], first, last, t.start)


def _week_of_month(c: Cursor) -> MonthPart | None:
    t = c.peek()
    if t is None:
        return None
    if t.kind == "ord" and 1 <= t.value <= 4:
        n = t.value
    elif t.kind == "word" and t.text in ORDINALS:
        n = ORDINALS[t.text]
    else:
        return None
    c.i += 1
    if c.word({"week", "semaine"}, "'week'") is None:
        return None
    c.word(_OF, hint=False)
    ref = month_ref(c)
    if ref is None:
        return None
    first, last = (-6, 0) if n < 0 else (7 * n - 6, 7 * n)
    return MonthPart(ref[0], ref[1], first, last, t.start)


def _day_number(c: Cursor) -> Token | None:
    t = c.peek()
    if t is None:
        return None
    if (t.kind == "num" and len(t.text) <= 2) or t.kind == "ord" or t.text in _DAY_ONE:
        c.i += 1
        return t
    c.miss("a day of the month")
    return None


def bare_day(c: Cursor) -> tuple[Token, Token | None] | None:
    """The first day of "du 5 au 12 janvier" or last of "January 5 to 12", whose month is
    written once: "le 5", "lundi 4", "the 5th". Returns (day number, weekday)."""
    m = c.mark()
    c.word({"le", "the"}, hint=False)
    weekday = c.word(_SINGULAR_WEEKDAYS, hint=False)
    t = c.peek()
    if t is None or not (t.kind == "ord" or (t.kind == "num" and len(t.text) <= 2)):
        c.reset(m)
        return None
    c.i += 1
    return t, weekday


def dated(month: Day, day: Token, weekday: Token | None, year: int | None) -> Day:
    """A day of the month that ``month`` names: the other end of a shared-month range."""
    return Day(
        month.month,
        day.value,
        year,
        day.start,
        month.month_text,
        WEEKDAYS[weekday.text] if weekday is not None else None,
        weekday.start if weekday is not None else 0,
    )


def _day_date(c: Cursor) -> Day | None:
    weekday = c.word(_SINGULAR_WEEKDAYS)
    if weekday is not None:
        c.punct(",")
        c.word({"the", "le"}, hint=False)
    m = c.mark()
    day = _day_number(c)
    month: Token | None = None
    if day is not None:
        c.word({"of", "de"}, hint=False)
        month = _month(c)
    if month is None:
        c.reset(m)
        month = _month(c)
        if month is None:
            return None
        c.word({"the"}, hint=False)
        day = _day_number(c)
        if day is None:
            return None
    assert day is not None
    node = Day(
        MONTHS[month.text],
        1 if day.text in _DAY_ONE else day.value,
        year_after(c),
        day.start,
        c.raw(month),
        WEEKDAYS[weekday.text] if weekday is not None else None,
        weekday.start if weekday is not None else 0,
    )
    check_day_number(c, node, day)
    return node


def _whole_month(c: Cursor) -> MonthPart | None:
    """ "janvier", "January 2027", "le mois de mai", "this month"."""
    t = c.peek()
    ref = month_ref(c)
    if ref is None or t is None:
        return None
    return MonthPart(ref[0], ref[1], 1, 0, t.start)


def day_in_month(first: int, last: int, length: int) -> tuple[int, int]:
    """The day numbers of a month part in a month of ``length`` days."""
    lo = first if first > 0 else length + first
    hi = last if last > 0 else length + last
    return lo, min(hi, length)
