"""One VEVENT of an item, as RFC 5545 text: hand-written, since it is the per-item path.

Plain string operations with bounded memos (a plan repeats its strings) format an event some
50 times faster than icalendar's object tree. What the event says for people is here too: its
title, categories in the campaign's language, its reminder, its times in its zone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TypeVar

from planner.channels import key_name
from planner.icaltext import (
    CRLF,
    HHMM,
    PARAM_UNSAFE,
    escape_text,
    fold,
    format_duration,
    format_utc,
    x_text,
)
from planner.identity import UID_DOMAIN
from planner.journey import label as stage_label
from planner.plan import Item

UID_SUFFIX = UID_DOMAIN  # every UID ends so: what publish takes for its own events

_MEMO_SIZE = 4096
_K = TypeVar("_K")
_UTC_KEYS = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Zulu", "UCT", "Zulu", "Universal"})


class _Memo(dict[_K, str]):
    """A bounded memo of a formatting function.

    A plan repeats its strings (one title per step, a few sources, stages and channels), so
    escaping and folding each once saves most of the per-item work. Emptied when full, so that
    memory stays bounded however many distinct values stream through.
    """

    __slots__ = ("make",)

    def __init__(self, make: Callable[[_K], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: _K) -> str:
        if len(self) >= _MEMO_SIZE:
            self.clear()
        value = self[key] = self.make(key)
        return value


def _text_line(name: str, optional: bool = False) -> Callable[[str], str]:
    return lambda value: fold(name + escape_text(value)) + CRLF if value or not optional else ""


def _ymd(ordinal: int) -> str:
    d = date.fromordinal(ordinal)
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


_DAYS = _Memo(_ymd)
_SUMMARY = _Memo(_text_line("SUMMARY:"))
_DESCRIPTION = _Memo(_text_line("DESCRIPTION:", optional=True))
_KIND: _Memo[str] = _Memo(lambda kind: fold("X-PARCOURS-KIND:" + x_text(kind)) + CRLF)
_SOURCE: _Memo[str] = _Memo(lambda source: fold("X-PARCOURS-SOURCE:" + x_text(source)) + CRLF)
_VALARM: _Memo[tuple[str, str]] = _Memo(  # (title, trigger); DESCRIPTION is required
    lambda key: (
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
        f"{fold('DESCRIPTION:' + escape_text(key[0]))}\r\nTRIGGER:{key[1]}\r\nEND:VALARM\r\n"
    )
)
_STAMPS: _Memo[datetime] = _Memo(format_utc)  # the few moments events' versions were made
# What an app shows as the event's tags: its stage and channel in the campaign's language.
ChannelLabel = Callable[[str, str], str]  # (channel key, locale) -> the channel's name there


def key_label(channel: str, locale: str) -> str:
    return key_name(channel)


def _categories(key: tuple[str, str, str, ChannelLabel]) -> str:
    stage, channel, locale, label = key
    words = (stage_label(stage, locale), label(channel, locale))
    return fold("CATEGORIES:" + ",".join(escape_text(w[:1].upper() + w[1:]) for w in words)) + CRLF


_CATEGORIES: _Memo[tuple[str, str, str, ChannelLabel]] = _Memo(_categories)

# When the reminder of an all-day item rings: its date has no time, and a relative trigger
# counts from its local midnight (RFC 5545 3.8.6.3), so "1 hour before" would ring at 23:00 the
# evening before. It rings at 09:00 on the day instead, or whole days earlier for an alarm of a
# day or more ("2 days": 09:00 two days before).
ALL_DAY_REMINDER = timedelta(hours=9)
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Look:
    """What makes a calendar read well in its shop: the shop's zone as the calendar's, and
    the names of the workspace's channels."""

    timezone: str | None = None
    label: ChannelLabel = key_label


@dataclass(frozen=True, slots=True)
class Alarm:
    """The TRIGGER values of one reminder setting: for timed items, for all-day items."""

    timed: str
    all_day: str

    @classmethod
    def before(cls, lead: timedelta | None) -> Alarm | None:
        """The triggers of a reminder ``lead`` before each item (None: no reminder)."""
        if lead is None:
            return None
        days = max(lead // _DAY, 0)
        return cls(format_duration(-lead), format_duration(ALL_DAY_REMINDER - days * _DAY))


def tzid_of(zone: tzinfo | None) -> str | None:
    """The TZID written for ``zone``, or None when its times are written in UTC (``...Z``).

    Only an IANA zone (a ``ZoneInfo`` with a key) gets a TZID: a fixed offset or a zone read
    from a file has no name that a calendar application could look up.
    """
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) and key not in _UTC_KEYS else None


class _Zone:
    """How the times of one TZID zone are written."""

    __slots__ = ("dtend", "dtstart", "near", "zone")

    def __init__(self, zone: tzinfo, tzid: str) -> None:
        if PARAM_UNSAFE.search(tzid):
            tzid = '"' + tzid.replace('"', "") + '"'
        self.zone = zone
        self.dtstart, self.dtend = f"DTSTART;TZID={tzid}:", f"DTEND;TZID={tzid}:"
        self.near: dict[int, frozenset[int]] = {}  # year -> ordinals of days near a transition

    def wall(self, d: datetime) -> str | None:
        """``d`` as a local DATE-TIME, or None if no wall time says it: the second of a wall
        time that happens twice, or one the clocks skip.

        RFC 5545 3.3.5 reads a wall time that happens twice as the first of the two: that one
        keeps its zone, so that an app that edits the event keeps it in the shop's time (in
        UTC it would lose its zone). ical.js (Thunderbird) takes the second instead: it shows
        the same wall time, an hour later in absolute time; we follow the RFC. The second
        instant and skipped times go out in UTC. Looking for them only on days near a
        transition keeps the check off the hot path.
        """
        ordinal = d.toordinal()
        near = self.near.get(d.year)
        if near is None:
            near = self.near[d.year] = self._days_near_transitions(d.year)
        if (
            ordinal in near
            and d.utcoffset() != d.replace(fold=1 - d.fold).utcoffset()
            and (d.fold or d.astimezone(UTC).astimezone(self.zone).hour != d.hour)
        ):
            return None
        if d.second:
            return f"{_DAYS[ordinal]}T{HHMM[d.hour * 60 + d.minute]}{d.second:02d}"
        return f"{_DAYS[ordinal]}T{HHMM[d.hour * 60 + d.minute]}00"

    def _days_near_transitions(self, year: int) -> frozenset[int]:
        days: set[int] = set()
        last = None
        for ordinal in range(date(year, 1, 1).toordinal() - 1, date(year + 1, 1, 2).toordinal()):
            offset = datetime.fromordinal(ordinal).replace(hour=12, tzinfo=self.zone).utcoffset()
            if last is not None and offset != last:  # a change since yesterday noon
                days.update((ordinal - 1, ordinal, ordinal + 1))
            last = offset
        return frozenset(days)


class _Zones(dict[tzinfo | None, _Zone | None]):
    def __missing__(self, zone: tzinfo | None) -> _Zone | None:
        if len(self) >= _MEMO_SIZE:  # only if zones are made per item (ZoneInfo.no_cache)
            self.clear()
        tzid = tzid_of(zone)
        value = self[zone] = None if tzid is None or zone is None else _Zone(zone, tzid)
        return value


_ZONES = _Zones()


def _times(start: datetime, end: datetime) -> str:
    """The DTSTART and DTEND lines of a timed event; without DTEND it ends when it starts."""
    zone = start.tzinfo
    if end.tzinfo is not zone:
        end = end.astimezone(zone)
    tz = _ZONES[zone]
    if tz is not None:
        first = tz.wall(start)
        last = tz.wall(end) if end > start else ""
        if first is not None and last is not None:
            return f"{tz.dtstart}{first}\r\n" + (f"{tz.dtend}{last}\r\n" if last else "")
    first, last = format_utc(start), format_utc(end)
    return f"DTSTART:{first}\r\n" + (f"DTEND:{last}\r\n" if last > first else "")


def format_event(
    item: Item,
    dtstamp_str: str,
    alarm: Alarm | None,
    sequence: int = 0,
    last_modified: str | None = None,
    uid_suffix: str = UID_SUFFIX,
    label: ChannelLabel = key_label,
) -> str:
    """One VEVENT, CRLF-terminated lines, folded. Pure, so it can run in worker processes.

    ``dtstamp_str`` and ``last_modified`` are from :func:`format_utc`; ``alarm`` the reminder's
    triggers (:meth:`Alarm.before`), or None for no VALARM; ``label`` names channels for people
    (ChannelSet.label). A feed or a CalDAV
    server raises ``sequence`` and moves ``last_modified`` when the item changes: clients that
    already hold the event replace it only when SEQUENCE grows (RFC 5546 §2.1.4).
    ``uid_suffix``: what follows the item's id in its UID, the workspace's identity in it
    (planner.identity.uid_suffix).
    """
    if item.all_day:
        day, end = item.start.toordinal(), item.end.toordinal()
        end = max(end, day + 1)  # DTEND is exclusive and must be later than DTSTART
        times = f"DTSTART;VALUE=DATE:{_DAYS[day]}\r\nDTEND;VALUE=DATE:{_DAYS[end]}\r\n"
        trigger = None if alarm is None else alarm.all_day
    else:
        times = _times(item.start, item.end)
        trigger = None if alarm is None else alarm.timed
    valarm = "" if trigger is None else _VALARM[item.title, trigger]
    uid = item.id
    if len(uid) <= 60 and uid.isascii() and uid.isalnum():  # hex ids: nothing to escape or fold
        uid = f"UID:{uid}{uid_suffix}"
    else:
        uid = fold(f"UID:{escape_text(uid)}{uid_suffix}")
    return (
        f"BEGIN:VEVENT\r\n{uid}\r\nDTSTAMP:{dtstamp_str}\r\n{times}"
        f"{_SUMMARY[item.title]}{_DESCRIPTION[item.brief]}"
        f"{_CATEGORIES[item.stage, item.channel, item.locale, label]}"
        f"{_sequence(sequence, last_modified)}STATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\n"
        f"{_KIND[item.kind]}{_SOURCE[item.source]}{valarm}END:VEVENT\r\n"
    )


def _sequence(sequence: int, last_modified: str | None) -> str:
    modified = f"LAST-MODIFIED:{last_modified}\r\n" if last_modified else ""
    return f"{modified}SEQUENCE:{sequence}\r\n"


def at_version(
    item: Item,
    alarm: Alarm | None,
    uid_suffix: str,
    label: ChannelLabel,
    sequence: int,
    made: datetime,
) -> str:
    """The event of ``item`` as its version ``sequence``, made at ``made``: its DTSTAMP and
    LAST-MODIFIED, so that an unchanged event keeps its bytes whenever it is written again."""
    stamp = _STAMPS[made]
    return format_event(item, stamp, alarm, sequence, stamp, uid_suffix, label)
