"""Calendar phrases: ISO dates, "5 janvier", "March 1st", "the week of 5 January", and the
month and week phrases of months.py and weeks.py ("mi-janvier", "first Monday of March", "next
week"). They need a year (often chosen later) or the planning start, but no other context.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.errors import PhraseError
from planner.i18n import N_, _

from .cursor import Cursor
from .halves import joined_parts, month_half
from .hints import Example, and_did_you_mean
from .lexer import Token
from .months import (
    check_year,
    month_length,
    month_name,
    month_part,
    week_of_month,
    whole_month,
    year_after,
)
from .nodes import Calendar, Day, Week
from .numeric import numeric
from .weeks import SINGULAR_WEEKDAYS, nth_weekday, relative_week
from .words import DAY_ORDINALS, MONTH_MAX_DAYS, MONTH_NAMES_EN, MONTHS, WEEKDAYS

ErrorAt = Callable[[str, int, str | None], PhraseError]

# Optional words before a calendar phrase: "à la mi-janvier", "in early March", "on the 5th".
# ("vers", "towards" mean around a day: spans.py.)
_LEAD = frozenset({"in", "en", "at", "on", "during", "a", "au", "dans", "pendant", "durant"})
_ARTICLE = frozenset({"the", "la", "le", "l'"})
_DAY_ONE = frozenset({"premier", "first"})


def calendar(c: Cursor) -> Calendar | None:
    m = c.mark()
    c.word(_LEAD, hint=False)
    c.word(_ARTICLE, hint=False)
    alternatives: tuple[Callable[[Cursor], Calendar | None], ...] = (
        *(_iso, numeric, month_half, week_of_month, nth_weekday, month_part, joined_parts),
        *(_day_date, _week_of, relative_week, whole_month),
    )
    for alternative in alternatives:
        start = c.mark()
        found = alternative(c)
        if found is not None:
            return found
        c.reset(start)
    c.reset(m)
    return None


def check_day(node: Day, year: int, error: ErrorAt) -> None:
    """Raise for "29 February" in a year that is not leap (other days are checked earlier)."""
    if node.day > month_length(year, node.month):
        raise error(
            _("{day} {month} {year} does not exist: {year} is not a leap year").format(
                day=node.day, month=node.month_text, year=year
            ),
            node.offset,
            _("{month} {year} has {count} days").format(
                month=node.month_text, year=year, count=month_length(year, node.month)
            ),
        )


def _error_for(c: Cursor) -> ErrorAt:
    return lambda message, offset, hint: c.error(message, offset, hint)


def _iso(c: Cursor) -> Day | None:
    t = c.peek()
    if t is None or t.kind != "num":
        return None
    if len(t.text) != 4:
        return None  # "18/03/2027": numeric.py reads it in the campaign's order
    parts = [t]
    for _part in range(2):
        sep, num = c.peek(len(parts) * 2 - 1), c.peek(len(parts) * 2)
        if sep is None or num is None or sep.text not in "-/." or num.kind != "num":
            break
        if not (sep.glued and num.glued):
            break
        parts.append(num)
    if len(parts) < 3:
        return None
    c.i += 5
    year, month, day = (p.value for p in parts)
    if year < 1000:
        raise c.error(
            _("there is no year {year}").format(year=t.text),
            t,
            _("write the year with four digits"),
        )
    check_year(c, t)
    if not 1 <= month <= 12:
        near = parts[1]  # the nearest month that exists, in the user's date
        fixed = c.fix(f"{c.text[: near.start]}{12 if month > 12 else 1:02d}{c.text[near.end :]}")
        hint = and_did_you_mean(_("months go from 01 to 12"), fixed and fixed.strip())
        raise c.error(_("there is no month {month}").format(month=month), parts[1], hint)
    node = Day(month, day, year, t.start, MONTH_NAMES_EN[month - 1])
    check_day_number(c, node, parts[2])
    return node


def check_day_number(c: Cursor, node: Day, at: Token) -> None:
    longest = MONTH_MAX_DAYS[node.month - 1]
    if node.day < 1 or node.day > longest:
        hint = _("{month} has {count} days").format(month=node.month_text, count=longest)
        if node.month == 2:
            hint = _("{month} has 28 days, 29 in a leap year").format(month=node.month_text)
        # The month's first or last day, as the user wrote the rest: "le 31 février" most
        # likely means the end of February.
        day = 1 if node.day < 1 else min(longest, 28 if node.month == 2 else longest)
        width = len(at.text) if at.kind == "num" else 1  # "2027-02-30" keeps two digits
        fixed = c.fix(c.text[: at.start] + f"{day:0{width}d}" + c.text[at.end :])
        hint = and_did_you_mean(hint, fixed and fixed.strip())
        message = _("there is no day {day} in {month}").format(day=node.day, month=node.month_text)
        raise c.error(message, at, hint)
    if node.year is not None:
        try:
            check_day(node, node.year, _error_for(c))
        except PhraseError as e:  # "29 février 2027": the 28th, as written
            fixed = c.fix(f"{c.text[: at.start]}28{c.text[at.end :]}".strip())
            if fixed is not None:
                e.hint = and_did_you_mean(e.hint or "", fixed)
            raise


def _day_number(c: Cursor) -> Token | None:
    t = c.peek()
    if t is None:
        return None
    if (t.kind == "num" and len(t.text) <= 2) or t.kind == "ord" or t.text in _DAY_ONE:
        c.i += 1
        return t
    spelt = day_in_words(c)
    if spelt is not None:
        return spelt
    c.miss(N_("a day of the month"))
    return None


def day_in_words(c: Cursor) -> Token | None:
    """A day number in words, as one token holding its value: "le quinze mars", "le vingt et
    un mars", "the fifteenth of March", "March twenty-first"."""
    t = c.peek()
    if t is None or t.kind != "word":
        return None
    if t.text in DAY_ORDINALS:
        c.i += 1
        return Token("ord", t.text, t.start, t.end, t.glued, DAY_ORDINALS[t.text])
    spelt = c.number()
    if spelt is None:
        return None
    value, m = spelt[0], c.mark()
    if value in {20, 30}:  # "twenty-first", "thirty first"
        c.punct("-")
        th = c.word(DAY_ORDINALS, hint=False)
        if th is not None and DAY_ORDINALS[th.text] < 10:
            return Token("ord", t.text, t.start, th.end, t.glued, value + DAY_ORDINALS[th.text])
        c.reset(m)
    return Token("num", t.text, t.start, c.toks[c.i - 1].end, t.glued, value)


def bare_day(c: Cursor) -> tuple[Token, Token | None] | None:
    """The first day of "du 5 au 12 janvier" or last of "January 5 to 12", whose month is
    written once: "le 5", "lundi 4", "the 5th". Returns (day number, weekday)."""
    m = c.mark()
    c.word({"le", "the"}, hint=False)
    weekday = c.word(SINGULAR_WEEKDAYS, hint=False)
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
    weekday = c.word(SINGULAR_WEEKDAYS)
    if weekday is not None:
        c.punct(",")
        c.word({"the", "le"}, hint=False)
    m = c.mark()
    day = _day_number(c)
    month: Token | None = None
    if day is not None:
        c.word({"of", "de"}, hint=False)
        month = month_name(c)
    if month is None:
        c.reset(m)
        month = month_name(c)
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


def _wc(c: Cursor) -> Token | None:
    """ "w/c", as British diaries write "week commencing"."""
    m = c.mark()
    t = c.word({"w"}, hint=False)
    if t is not None and c.punct("/") is not None and c.word({"c"}, hint=False) is not None:
        return t
    c.reset(m)
    return None


def _week_of(c: Cursor) -> Week | None:
    """ "the week of 5 January", "week of January 5", "la semaine du 5 janvier"; British
    "week commencing 14 December", "w/c 14 December" (the week holding that day)."""
    t = c.phrase(("week", "commencing"), ("week", "beginning")) or _wc(c)
    if t is None:
        t = c.word({"week", "semaine"})
        if t is None or c.word({"of", "du", "de", "d'"}, "'of'") is None:
            return None
    m = c.mark()
    day = calendar(c)
    if not isinstance(day, Day):
        c.reset(m)
        example = Example("5 janvier" if c.french else "January 5", _("say which day"))
        c.miss(N_("a date"), example=example)
        return None
    return Week(day, 0, t.start)
