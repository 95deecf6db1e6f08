"""A calendar phrase's dates in a given year ("le 5 janvier", "fin mars", "the fifth Monday of
March"), once the year rule (resolve.py) has chosen the year: checked, with a hint that names
the date meant (the right weekday, the last Monday for a fifth one the month lacks)."""

from __future__ import annotations

from datetime import date

from planner.errors import PhraseError
from planner.i18n import _

from .dates import check_day
from .hints import did_you_mean, month_said, weekday_said
from .lexer import tokenize
from .misnamed import Named
from .months import day_in_month, month_length
from .nodes import Day, MonthPart, NthWeekday
from .weeks import weekday_in_month, with_weekday

Span = tuple[date, date]
# Calendar phrases whose year, when not written, is chosen by the year rule.
Yearless = MonthPart | Day | NthWeekday


def build(r: Named, node: Yearless, year: int, *, lenient: bool) -> Span:
    """The node's dates in ``year``; ``lenient`` moves "29 February" to the 28th (and a
    fifth Monday to the last) so that the year can be chosen before the date is checked."""
    if not isinstance(node, Day):
        year, month = month_of(r, node, year)
        if isinstance(node, MonthPart):
            lo, hi = day_in_month(node.first, node.last, month_length(year, month))
            return date(year, month, lo), date(year, month, hi)
        found = weekday_in_month(year, month, node.weekday, node.n)
        if found is None and not lenient:
            raise _no_such_weekday(r, node, year, month)
        found = found or weekday_in_month(year, month, node.weekday, -1)
        assert found is not None  # every month has a last Monday
        return found, found
    year = node.year or year
    if lenient:
        day = date(year, node.month, min(node.day, month_length(year, node.month)))
        return day, day
    check_day(node, year, r.error)
    day = date(year, node.month, node.day)
    if node.weekday is not None and day.weekday() != node.weekday:
        fixed = with_weekday(r.text, node.weekday_offset, day)
        raise r.error(
            _("{day} {month} {year} is a {actual}, not a {weekday}").format(
                day=node.day,
                month=node.month_text,
                year=year,
                actual=weekday_said(day.weekday()),
                weekday=weekday_said(node.weekday),
            ),
            node.weekday_offset,
            did_you_mean(fixed) if r.resolves(fixed) else _("check the weekday or the date"),
        )
    return day, day


def month_of(r: Named, node: MonthPart | NthWeekday, year: int) -> tuple[int, int]:
    """(year, month) of a month phrase: the one it names, or counted from the start's."""
    if node.month is not None:
        return node.year or year, node.month
    y, m = divmod(r.ctx.start.month - 1 + node.ahead, 12)
    return r.ctx.start.year + y, m + 1


def _no_such_weekday(r: Named, node: NthWeekday, year: int, month: int) -> PhraseError:
    """ "the fifth Monday of March" in a March with four: the last one may be meant."""
    weekday = weekday_said(node.weekday)
    toks = tokenize(r.text)
    ordinal = next(t for t in toks if t.start == node.offset)
    last = "dernier" if r.french else "last"
    fixed = (r.text[: ordinal.start] + last + r.text[ordinal.end :]).strip()
    return r.error(
        _("{month} {year} has four {weekday}s, not five").format(
            month=month_said(month), year=year, weekday=weekday
        ),
        node.offset,
        did_you_mean(fixed)
        if r.resolves(fixed)
        else _("only some months have a fifth {weekday}").format(weekday=weekday),
    )
