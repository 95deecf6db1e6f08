"""Finding slots: wall-clock times in a campaign's zone, and the first one every constraint
of a channel allows. Plain ``datetime`` + ``zoneinfo`` here: this is the per-item hot path."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .channels import Channel

ONE_DAY = timedelta(days=1)
ONE_MINUTE = timedelta(minutes=1)


class Clock:
    """Local wall-clock times of one zone, resolved as DESIGN.md says.

    A time in a daylight-saving gap moves forward to the first valid minute; an ambiguous one
    takes its first occurrence (fold=0, as RFC 5545 says).
    """

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._stable: dict[int, bool] = {}

    def _is_stable(self, day: date) -> bool:
        ordinal = day.toordinal()
        stable = self._stable.get(ordinal)
        if stable is None:
            today = datetime(day.year, day.month, day.day, tzinfo=self.tz)
            nxt = day + ONE_DAY
            tomorrow = datetime(nxt.year, nxt.month, nxt.day, tzinfo=self.tz)
            stable = today.utcoffset() == tomorrow.utcoffset()
            self._stable[ordinal] = stable
        return stable

    def at(self, day: date, moment: time) -> datetime:
        local = datetime(day.year, day.month, day.day, moment.hour, moment.minute, tzinfo=self.tz)
        if self._is_stable(day):
            return local
        return self._valid(local)

    def _valid(self, local: datetime) -> datetime:
        wall = local.replace(tzinfo=None)
        for _ in range(24 * 60):
            back = local.astimezone(UTC).astimezone(self.tz)
            if back.replace(tzinfo=None) == local.replace(tzinfo=None):
                return local
            wall += ONE_MINUTE
            local = wall.replace(tzinfo=self.tz)
        return local  # unreachable for real zones: no gap lasts a day

    def midnight(self, day: date) -> datetime:
        return self.at(day, time(0, 0))


@dataclass(slots=True)
class Usage:
    """How many publish items each channel already has per day and per ISO week, across every
    campaign of the workspace being planned, and which times of a day are taken."""

    per_day: Counter[tuple[str, int]] = field(default_factory=Counter)
    per_week: Counter[tuple[str, int, int]] = field(default_factory=Counter)
    taken: dict[tuple[str, int], set[time]] = field(default_factory=dict)

    def add(self, channel: str, day: date, moment: time) -> None:
        iso = day.isocalendar()
        self.per_day[channel, day.toordinal()] += 1
        self.per_week[channel, iso.year, iso.week] += 1
        self.taken.setdefault((channel, day.toordinal()), set()).add(moment)


@dataclass(slots=True)
class Search:
    """One slot search: what it found and, when nothing, what ruled the days out."""

    found: datetime | None = None
    rejected: Counter[str] = field(default_factory=Counter)

    def reason(self) -> str:
        return ", ".join(name for name, _ in self.rejected.most_common()) or "no day in the window"


def first_slot(
    channel: Channel,
    first: date,
    last: date,
    times: Sequence[time],
    earliest: datetime,
    clock: Clock,
    usage: Usage,
    is_closed: Callable[[date], bool],
    is_holiday: Callable[[date], bool],
) -> Search:
    """The first slot in ``[first, last]`` at or after ``earliest`` that ``channel`` allows."""
    search = Search()
    key = channel.key
    day = first
    while day <= last:
        weekday = day.weekday()
        ordinal = day.toordinal()
        if weekday not in channel.days:
            search.rejected["channel days"] += 1
        elif weekday in channel.quiet_days:
            search.rejected["quiet days"] += 1
        elif channel.quiet_on_holidays and is_holiday(day):
            search.rejected["public holidays"] += 1
        elif channel.needs_open and is_closed(day):
            search.rejected["shop closed"] += 1
        elif channel.cap_per_day and usage.per_day[key, ordinal] >= channel.cap_per_day:
            search.rejected[f"cap of {channel.cap_per_day} per day"] += 1
        elif (
            channel.cap_per_week
            and usage.per_week[(key, *day.isocalendar()[:2])] >= channel.cap_per_week
        ):
            search.rejected[f"cap of {channel.cap_per_week} per week"] += 1
        elif channel.all_day:
            if clock.midnight(day + ONE_DAY) > earliest:
                search.found = clock.midnight(day)
                return search
            search.rejected["already past"] += 1
        else:
            taken = usage.taken.get((key, ordinal), ())
            fallback: datetime | None = None
            for moment in times:
                if channel.quiet_hours and channel.quiet_at(moment):
                    search.rejected["quiet hours"] += 1
                    continue
                slot = clock.at(day, moment)
                if slot < earliest:
                    search.rejected["already past"] += 1
                    continue
                if moment not in taken:
                    search.found = slot
                    return search
                fallback = fallback or slot
            if fallback is not None:  # every good time is used: share the first free one
                search.found = fallback
                return search
        day += ONE_DAY
    return search
