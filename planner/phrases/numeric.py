"""Dates in digits, read in the campaign's order: day/month in French and in English outside
North America ("18/03", "18/03/2027", "18.03."), month/day in US English ("3/18", "3/18/2027").
In English Canada both orders are in use: a date only one order can read is that date, one
both can read ("03/04") is refused with both readings in the hint. ISO dates (2027-03-18) are
dates.py's.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.errors import PhraseError, quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .hints import did_you_mean, either
from .months import check_year
from .nodes import Day, Numeric
from .words import MONTH_MAX_DAYS, MONTH_NAMES_EN, MONTH_NAMES_FR

ErrorAt = Callable[[str, int, str | None], PhraseError]

# Countries that write month/day in English, and those that write both orders.
MONTH_FIRST = frozenset({"US"})
BOTH_ORDERS = frozenset({"CA"})


def numeric(c: Cursor) -> Numeric | None:
    """ "18/03", "18/03/2027", "3/18", "18.03.", "18.03.2027", "18-03-2027"."""
    t = c.peek()
    if t is None or t.kind != "num" or len(t.text) > 2:
        return None
    sep, b = c.peek(1), c.peek(2)
    if sep is None or b is None or sep.text not in "/." or b.kind != "num" or len(b.text) > 2:
        if sep is None or sep.text != "-" or b is None or b.kind != "num":
            return None
        year_sep = c.peek(3)  # "18-03" alone could be a count: only "18-03-2027"
        if year_sep is None or year_sep.text != "-" or not year_sep.glued:
            return None
    if not (sep.glued and b.glued):
        return None
    c.i += 3
    year: int | None = None
    year_sep, y = c.peek(), c.peek(1)
    if year_sep is not None and year_sep.text == sep.text and year_sep.glued:
        if y is not None and y.kind == "num" and y.glued:
            c.i += 2
            if len(y.text) != 4:
                raise c.error(
                    _("write the year of {date} with four digits").format(
                        date=quoted(c.text[t.start : y.end])
                    ),
                    y,
                    did_you_mean(c.text[t.start : y.start] + "20" + y.text.zfill(2))
                    if len(y.text) <= 2
                    else _("write the year with four digits, e.g. 2027"),
                )
            check_year(c, y)
            year = y.value
        elif sep.text == ".":
            c.i += 1  # "18.03." as the Swiss write it
    return Numeric(t.value, b.value, year, t.start, c.text[t.start : c.toks[c.i - 1].end])


def numeric_day(node: Numeric, locale: str, country: str | None, error: ErrorAt) -> Day:
    """The day ``node`` means in a campaign of ``locale`` and ``country``, or an error."""
    fr = locale == "fr"
    country = (country or "").split("-")[0].upper()
    day_first, month_first = (node.a, node.b), (node.b, node.a)  # (day, month) each
    if fr or (country and country not in MONTH_FIRST | BOTH_ORDERS):
        orders, order = [day_first], N_("day/month")
    elif country in MONTH_FIRST:
        orders, order = [month_first], N_("month/day")
    else:  # English Canada, or English without a country
        orders, order = [day_first, month_first], N_("day/month or month/day")
    readings = list(dict.fromkeys(r for r in orders if _valid(*r)))
    if len(readings) == 1:
        day, month = readings[0]
        names = MONTH_NAMES_FR if fr else MONTH_NAMES_EN
        return Day(month, day, node.year, node.offset, names[month - 1])
    if len(readings) > 1:
        spelt = [_spell(d, m, fr, node.year) for d, m in readings]
        why = _("day/month and month/day are both in use here")
        if not country:
            why = _("the campaign has no country to tell day/month from month/day")
        raise error(
            _("cannot tell which day {date} is: {why}").format(date=quoted(node.text), why=why),
            node.offset,
            _("write {phrases}").format(phrases=either(spelt[:2])),
        )
    swapped = orders[0][::-1]
    if len(orders) == 1 and _valid(*swapped):  # "18/03" in a US campaign: the other order
        raise error(
            _("there is no month {month}: this campaign writes dates {order}").format(
                month=orders[0][1], order=_(order)
            ),
            node.offset,
            did_you_mean(_spell(*swapped, fr, node.year)),
        )
    raise error(
        _("{date} is no date: this campaign writes dates {order}").format(
            date=quoted(node.text), order=_(order)
        ),
        node.offset,
        _("write the month in words, e.g. {example}").format(
            example=quoted("18 mars" if fr else "March 18")
        ),
    )


def _valid(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= MONTH_MAX_DAYS[month - 1]


def _spell(day: int, month: int, fr: bool, year: int | None) -> str:
    if fr:
        text = f"{'1er' if day == 1 else day} {MONTH_NAMES_FR[month - 1]}"
        return text + (f" {year}" if year is not None else "")
    return f"{MONTH_NAMES_EN[month - 1]} {day}" + (f", {year}" if year is not None else "")
