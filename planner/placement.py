"""Finding slots: wall-clock times in a campaign's zone, and the first one every constraint
of a channel allows. Plain ``datetime`` + ``zoneinfo`` here: this is the per-item hot path."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import i18n
from .channels import Channel
from .i18n import N_

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
    """What capped channels already carry per day and per ISO week, across every campaign of
    the workspace being planned, and which times of a day are taken.

    A channel without caps sets no limit, so campaigns do not see each other's items on it; that
    keeps campaigns independent (and plannable in parallel) unless a cap ties them.
    """

    per_day: Counter[tuple[str, int]] = field(default_factory=Counter)
    per_week: Counter[tuple[str, int, int]] = field(default_factory=Counter)
    taken: dict[tuple[str, int], set[time]] = field(default_factory=dict)

    def add(self, channel: Channel, day: date, moment: time) -> None:
        ordinal = day.toordinal()
        self.per_day[channel.key, ordinal] += 1
        if channel.cap_per_week:
            iso = day.isocalendar()
            self.per_week[channel.key, iso.year, iso.week] += 1
        taken = self.taken.get((channel.key, ordinal))
        if taken is None:
            self.taken[channel.key, ordinal] = {moment}
        else:
            taken.add(moment)


@dataclass(slots=True)
class Slots:
    """The slot search of one channel in one campaign (its zone, its closures, the shared usage).

    ``first`` is the hot path and tallies nothing; when it finds no slot, ``explain`` runs the
    same search again counting what ruled each day out, for the error message.
    """

    channel: Channel
    times: Sequence[time]
    earliest: datetime
    clock: Clock
    usage: Usage
    local: dict[tuple[str, int], set[time]]  # times this campaign uses on unshared channels
    is_closed: Callable[[date], bool]
    is_holiday: Callable[[date], bool]
    shared: bool = field(init=False)
    weekdays: frozenset[int] = field(init=False)
    usable: tuple[time, ...] = field(init=False)

    def __post_init__(self) -> None:
        channel = self.channel
        self.shared = bool(channel.cap_per_day or channel.cap_per_week)
        self.weekdays = frozenset(d for d in channel.days if d not in channel.quiet_days)
        self.usable = tuple(t for t in self.times if not channel.quiet_at(t))

    def _day_open(self, day: date) -> bool:
        channel = self.channel
        if channel.quiet_on_holidays and self.is_holiday(day):
            return False
        if channel.needs_open and self.is_closed(day):
            return False
        if not self.shared:
            return True
        usage = self.usage
        if channel.cap_per_day and usage.per_day[channel.key, day.toordinal()] >= (
            channel.cap_per_day
        ):
            return False
        if channel.cap_per_week:
            iso = day.isocalendar()
            return usage.per_week[channel.key, iso.year, iso.week] < channel.cap_per_week
        return True

    def take(self, slot: datetime) -> None:
        """Record ``slot`` as used, for caps and for spreading items over the best times."""
        day, moment = slot.date(), slot.time()
        if self.shared:
            self.usage.add(self.channel, day, moment)
            return
        taken = self.local.get((self.channel.key, day.toordinal()))
        if taken is None:
            self.local[self.channel.key, day.toordinal()] = {moment}
        else:
            taken.add(moment)

    def first(self, first: date, last: date) -> datetime | None:
        """The first slot in ``[first, last]`` at or after ``earliest``."""
        weekdays, earliest, clock = self.weekdays, self.earliest, self.clock
        check = self.channel.quiet_on_holidays or self.channel.needs_open or self.shared
        taken_by = self.usage.taken if self.shared else self.local
        key = self.channel.key
        day = first
        while day <= last:
            if day.weekday() in weekdays and (not check or self._day_open(day)):
                if self.channel.all_day:
                    if clock.midnight(day + ONE_DAY) > earliest:
                        return clock.midnight(day)
                else:
                    taken = taken_by.get((key, day.toordinal()), ())
                    fallback: datetime | None = None
                    for moment in self.usable:
                        slot = clock.at(day, moment)
                        if slot < earliest:
                            continue
                        if moment not in taken:
                            return slot
                        fallback = fallback or slot
                    if fallback is not None:  # every good time is used: share the first
                        return fallback
            day += ONE_DAY
        return None

    def explain(self, first: date, last: date) -> Counter[str]:
        """Why ``first`` found nothing: how many days each constraint ruled out."""
        channel, usage = self.channel, self.usage
        rejected: Counter[str] = Counter()
        day = first
        while day <= last:
            weekday = day.weekday()
            iso = day.isocalendar()
            if weekday not in channel.days:
                rejected["channel days"] += 1
            elif weekday in channel.quiet_days:
                rejected["quiet days"] += 1
            elif channel.quiet_on_holidays and self.is_holiday(day):
                rejected["public holidays"] += 1
            elif channel.needs_open and self.is_closed(day):
                rejected["shop closed"] += 1
            elif channel.cap_per_day and (
                usage.per_day[channel.key, day.toordinal()] >= channel.cap_per_day
            ):
                rejected[f"cap of {channel.cap_per_day} per day"] += 1
            elif channel.cap_per_week and (
                usage.per_week[channel.key, iso.year, iso.week] >= channel.cap_per_week
            ):
                rejected[f"cap of {channel.cap_per_week} per week"] += 1
            elif not self.usable and not channel.all_day:
                rejected["quiet hours"] += 1
            else:
                rejected["already past"] += 1
            day += ONE_DAY
        if first > last:
            rejected["empty window"] += 1
        return rejected


def reason(rejected: Counter[str]) -> str:
    """What ruled the days out, most days first: the error's ``constraint``, which programs
    read, so always in English (``reason_text`` says it)."""
    return ", ".join(name for name, _ in rejected.most_common()) or "no day in the window"


# The reasons of Slots.explain, as messages say them.
_REASONS = {
    "channel days": N_("channel days"),
    "quiet days": N_("quiet days"),
    "public holidays": N_("public holidays"),
    "shop closed": N_("shop closed"),
    "quiet hours": N_("quiet hours"),
    "already past": N_("already past"),
    "empty window": N_("empty window"),
}
_CAP = re.compile(r"cap of (\d+) per (day|week)")


def reason_text(rejected: Counter[str]) -> str:
    """``reason(rejected)`` in the current language."""
    said = [_said(name) for name, _count in rejected.most_common()]
    return ", ".join(said) or i18n._("no day in the window")


def _said(name: str) -> str:
    if name in _REASONS:
        return i18n._(_REASONS[name])
    cap = _CAP.fullmatch(name)
    if cap is None:
        return name
    if cap.group(2) == "day":
        return i18n._("cap of {count} per day").format(count=cap.group(1))
    return i18n._("cap of {count} per week").format(count=cap.group(1))
