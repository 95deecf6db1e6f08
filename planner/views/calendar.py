"""The month calendar: items placed on the days of Monday-first month grids.

An item that lasts several days (a 48-hour sale) is drawn on each day it covers: on its first
day as the item, on the following ones as a continuation, into the next month if it runs on.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from ..i18n import _, ngettext
from ..journey import STAGES
from ..plan import Item
from . import labels
from .model import LISTED_PER_DAY, SHOWN_PER_DAY, Count, Day, Entry, Month, View

# The states of a store that the calendar shows on an item.
SHOWN_STATES = ("done", "skipped")


def last_day(item: Item) -> date:
    """The last local day ``item`` covers. Its end is exclusive: an item that ends at
    midnight (an all-day one, say) ends on the day before."""
    start, end = item.start.date(), item.end
    last = end.date() - timedelta(days=1) if end.time() == datetime.min.time() else end.date()
    return max(start, last)


def entry(item: Item, day: date | None = None, campaign_tag: str = "") -> Entry:
    """An item as the calendar shows it on ``day`` (by default its first), in its campaign's
    language."""
    with labels.speaking(item.locale):
        return _entry(item, day, campaign_tag)


def _entry(item: Item, day: date | None, campaign_tag: str) -> Entry:
    lang = item.locale
    first, last = item.start.date(), last_day(item)
    continues = day is not None and day > first
    if not continues:
        time = _("all day") if item.all_day else item.start.strftime("%H:%M")
    elif day == item.end.date():  # it ends during this day, not at its midnight
        time = _("until {time}").format(time=item.end.strftime("%H:%M"))
    else:
        time = _("continued")
    return Entry(
        id=item.id,
        campaign=item.campaign,
        stage=item.stage,
        stage_label=labels.stage_label(item.stage, lang),
        channel=item.channel,
        tag=labels.channel_tag(item.channel),
        time=time,
        title=item.title,
        brief=item.brief,
        kind=item.kind,
        ends=_("→ {date}").format(date=labels.day_month(last, lang))
        if last > first and not continues
        else "",
        continues=continues,
        campaign_tag=campaign_tag,
    )


def _fill(day: Day, items: Sequence[Item], lang: str, tags: Mapping[str, str]) -> None:
    day.total = len(items)
    listed = [entry(i, day.day, tags.get(i.campaign_key, "")) for i in items[:LISTED_PER_DAY]]
    day.shown, day.more = listed[:SHOWN_PER_DAY], listed[SHOWN_PER_DAY:]
    if day.more:
        n = len(day.more)
        day.more_label = ngettext("+{count} more", "+{count} more", n).format(count=n)
    rest = items[LISTED_PER_DAY:]
    if rest:
        counts = Counter(i.stage for i in rest)
        day.unlisted = [
            Count(s, labels.stage_label(s, lang), counts[s]) for s in STAGES if counts[s]
        ]
        n = len(rest)
        day.unlisted_label = ngettext(
            "{count} more not listed", "{count} more not listed", n
        ).format(count=n)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


class TooMuchToDraw(Exception):
    """Drawing ``item`` on its days goes past the most items the calendar may draw."""

    def __init__(self, item: Item, most: int) -> None:
        super().__init__(item.id)
        self.item, self.most = item, most


def build_months(
    ordered: Sequence[Item],
    lang: str,
    tags: Mapping[str, str] | None = None,
    most: int | None = None,
) -> list[Month]:
    """Every month from the first item's to the last day an item covers, empty ones included
    so that the navigation has no holes; ``ordered`` is sorted by start, so that on each day
    the items that began earlier come first. ``tags``: campaign key → short name.

    An item is drawn on each day it covers: past ``most`` drawings (items a year long, every
    day, draw hundreds of millions) TooMuchToDraw is raised, before the rest is drawn."""
    if not ordered:
        return []
    by_day: dict[date, list[Item]] = {}
    left = most if most is not None else -1
    for item in ordered:
        day, last = item.start.date(), last_day(item)
        left -= (last - day).days + 1
        if most is not None and left < 0:
            raise TooMuchToDraw(item, most)
        by_day.setdefault(day, []).append(item)
        while day < last:
            day += timedelta(days=1)
            by_day.setdefault(day, []).append(item)
    first, last = _month_start(min(by_day)), _month_start(max(by_day))
    months: list[Month] = []
    current = first
    while current <= last:
        months.append(_month(current, by_day, lang, tags or {}))
        current = _next_month(current)
    for before, after in itertools.pairwise(months):
        before.next, after.previous = after.key, before.key
    return months


def _month(
    first: date, by_day: dict[date, list[Item]], lang: str, tags: Mapping[str, str]
) -> Month:
    following = _next_month(first)
    day = first - timedelta(days=first.weekday())
    weeks: list[list[Day]] = []
    shown: set[str] = set()  # the items on the month's days, counted once each
    while day < following:
        week: list[Day] = []
        for _weekday in range(7):
            cell = Day(
                day=day,
                iso=day.isoformat(),
                number=day.day,
                label=labels.long_day(day, lang),
                in_month=day.month == first.month,
            )
            if cell.in_month and day in by_day:
                _fill(cell, by_day[day], lang, tags)
                shown.update(i.id for i in by_day[day])
            week.append(cell)
            day += timedelta(days=1)
        weeks.append(week)
    return Month(
        key=f"{first.year:04d}-{first.month:02d}",
        title=labels.month_title(first, lang),
        short=labels.fmt(first, "MMM YYYY", lang),
        weeks=weeks,
        total=len(shown),
        total_label=labels.items_label(len(shown)),
    )


def with_states(view: View, key: str, states: Mapping[str, str]) -> View:
    """``view`` with the items of month ``key`` marked done or skipped as ``states`` (item id
    → state, from a store) says, in the page's language. A copy: ``view`` itself is left as
    it was, since a server shares it between requests."""
    marks = {i: s for i, s in states.items() if s in SHOWN_STATES}
    if not marks:
        return view

    with labels.speaking(view.locale):
        said = {state: _(labels.WORDS[f"state_{state}"]) for state in SHOWN_STATES}

    def mark(entries: list[Entry]) -> list[Entry]:
        return [
            replace(e, state=marks[e.id], state_label=said[marks[e.id]]) if e.id in marks else e
            for e in entries
        ]

    def month(m: Month) -> Month:
        weeks = [[replace(d, shown=mark(d.shown), more=mark(d.more)) for d in w] for w in m.weeks]
        return replace(m, weeks=weeks)

    return replace(view, months=[month(m) if m.key == key else m for m in view.months])
