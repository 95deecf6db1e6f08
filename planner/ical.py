"""RFC 5545 export of a plan: a streaming writer, hand-written on the per-item path.

Events are formatted with plain string operations (icalendar builds an object tree per event,
some 50 times slower) and spooled to an anonymous temporary file, because the VTIMEZONEs, which
must come first, depend on the dates of every item. Only the VTIMEZONEs come from icalendar, so
that no time-zone rule is written by hand.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, TypeVar

from icalendar import Timezone

from planner.atomic import atomic_file, writing
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

if TYPE_CHECKING:
    from planner.versions import Versions

PRODID = "-//Parcours//Campaign planner//EN"
UID_SUFFIX = UID_DOMAIN  # every UID ends so: what publish takes for its own events

# Events per write: write calls vanish from a profile, memory stays at a few megabytes.
_BATCH = 2048
_MEMO_SIZE = 4096
_K = TypeVar("_K")
_SECOND = timedelta(seconds=1)
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


def _at_version(
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


def _rfc_onset(wall: datetime, before: timedelta, after: timedelta, zone: tzinfo) -> datetime:
    """A transition's DTSTART as RFC 5545 §3.6.5 wants it: local time in TZOFFSETFROM.

    icalendar 7 writes the first wall time *after* the change, which is right for a change back
    (CEST 03:00 -> CET 02:00 gives 03:00) but an hour late for a change forward (CET 02:00 ->
    CEST 03:00 also gives 03:00, read back as 02:00 UTC instead of 01:00 UTC). Of the two
    readings, keep the UTC instant where the zone really changes offset; so a value that is
    already right stays, should icalendar fix this.
    """
    for offset in (after, before):
        instant = (wall - offset).replace(tzinfo=UTC)
        if (instant - _SECOND).astimezone(zone).utcoffset() == before and (
            instant.astimezone(zone).utcoffset() == after
        ):
            return (instant + before).replace(tzinfo=None)
    return wall


@functools.lru_cache(maxsize=64)
def vtimezone(zone: tzinfo, tzid: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of ``zone`` for the local dates ``first`` to ``last`` (inclusive): the
    observance in force at ``first``, then the transitions up to the end of ``last``."""
    component = Timezone.from_tzinfo(zone, tzid, first, last + timedelta(days=1))
    # icalendar notes the range in a COMMENT, which RFC 5545 allows in an observance but not in
    # the VTIMEZONE itself (§3.6.5, §3.8.1.4): strict readers (libical) refuse the calendar.
    component.pop("COMMENT", None)
    for sub in component.subcomponents:
        before, after = sub.TZOFFSETFROM, sub.TZOFFSETTO
        if before == after:  # the observance in force at the start, not a transition
            continue
        sub.DTSTART = _rfc_onset(sub.DTSTART, before, after, zone)
        if rdates := sub.rdates:
            sub.rdates = [
                _rfc_onset(moment, before, after, zone)
                for moment, _ in rdates
                if isinstance(moment, datetime)
            ]
    ical: bytes = component.to_ical()
    return ical


@dataclass(slots=True)
class Spooled:
    """What spooling some events learnt: their number, the first item's zone, and per zone
    the earliest start and latest end of the timed items (the VTIMEZONEs' bounds)."""

    count: int = 0
    first_tzid: str | None = None
    spans: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)

    def merge(self, other: Spooled) -> None:
        self.count += other.count
        self.first_tzid = self.first_tzid or other.first_tzid
        for tzid, (low, high) in other.spans.items():
            old = self.spans.get(tzid)
            self.spans[tzid] = (low, high) if old is None else (min(old[0], low), max(old[1], high))


def spool_events(
    items: Iterable[Item],
    spool: IO[bytes],
    where: str,
    dtstamp: datetime,
    alarm: timedelta | None,
    versions: Versions | None = None,
    uid_suffix: str = UID_SUFFIX,
    label: ChannelLabel = key_label,
) -> Spooled:
    """Format ``items`` as VEVENTs into ``spool``; the header is written later, by assemble.
    ``versions``: which version each event is (planner.versions); without, every event is
    SEQUENCE 0 with DTSTAMP ``dtstamp``."""
    dtstamp_str = format_utc(dtstamp)
    triggers = Alarm.before(alarm)
    spans: dict[tzinfo | None, list[datetime]] = {}
    info = Spooled()
    batch: list[str] = []
    for item in items:  # what the iterator raises (a user error) propagates untouched
        if versions is None:
            batch.append(
                format_event(item, dtstamp_str, triggers, uid_suffix=uid_suffix, label=label)
            )
        else:
            write = functools.partial(_at_version, item, triggers, uid_suffix, label)
            batch.append(versions.event(item, write))
        if info.first_tzid is None:
            info.first_tzid = item.tzid
        if not item.all_day:
            start, end = item.start, item.end
            span = spans.get(start.tzinfo)
            if span is None:
                spans[start.tzinfo] = [start, end]
            else:
                if start < span[0]:
                    span[0] = start
                if end > span[1]:
                    span[1] = end
        if len(batch) == _BATCH:
            with writing(where):  # one encode per event: one emoji would widen a whole join
                spool.write(b"".join(map(str.encode, batch)))
            info.count += _BATCH
            batch.clear()
    with writing(where):
        spool.write(b"".join(map(str.encode, batch)))
    info.count += len(batch)
    for zone, (first, last) in spans.items():
        tzid = tzid_of(zone)
        if tzid is not None and zone is not None:
            info.merge(Spooled(0, None, {tzid: (first.astimezone(UTC), last.astimezone(UTC))}))
    return info


def assemble(
    out: IO[bytes],
    pieces: Iterable[tuple[IO[bytes], int, int]],
    info: Spooled,
    where: str,
    calname: str,
    alarm: timedelta | None,
    prodid: str,
    timezone: str | None = None,
) -> int:
    """Header, VTIMEZONEs, then the byte ranges ``(spool, start, end)`` in order, then the end.
    ``timezone``: the shop's, which apps take as the calendar's (X-WR-TIMEZONE); by default the
    first event's."""
    from zoneinfo import ZoneInfo

    lead = max(alarm or timedelta(0), timedelta(0))  # alarms ring before the first start
    header = ["BEGIN:VCALENDAR", "VERSION:2.0", fold("PRODID:" + escape_text(prodid))]
    # No METHOD: an export or a feed is a snapshot, not an iTIP message (RFC 5545 §3.7.2); a
    # PUBLISH would need an ORGANIZER in every event (RFC 5546 §3.2.1), and Outlook reads a
    # calendar without METHOD as PUBLISH anyway.
    header += ["CALSCALE:GREGORIAN", fold("X-WR-CALNAME:" + x_text(calname))]
    if timezone := timezone or info.first_tzid:
        header.append(fold("X-WR-TIMEZONE:" + x_text(timezone)))
    head = (CRLF.join(header) + CRLF).encode()
    for tzid, (first, last) in info.spans.items():
        zone = ZoneInfo(tzid)
        low, high = (first - lead).astimezone(zone).date(), last.astimezone(zone).date()
        head += vtimezone(zone, tzid, low, high)
    if info.count == 0 and not info.spans:
        # RFC 5545 3.6: a VCALENDAR holds at least one component; an empty feed (a channel no
        # rule uses, every item skipped) gets UTC's VTIMEZONE, which every reader knows.
        day = date(1970, 1, 1)
        head += vtimezone(ZoneInfo("UTC"), "UTC", day, day)
    with writing(where):
        out.write(head)
        for spool, start, end in pieces:
            spool.seek(start)
            remaining = end - start
            while remaining:
                chunk = spool.read(min(1 << 20, remaining))
                if not chunk:
                    break
                out.write(chunk)
                remaining -= len(chunk)
        out.write(b"END:VCALENDAR\r\n")
    return info.count


def _stream(
    items: Iterable[Item],
    out: IO[bytes],
    spool: IO[bytes],
    where: str,
    calname: str,
    dtstamp: datetime,
    alarm: timedelta | None,
    prodid: str,
    versions: Versions | None = None,
    uid_suffix: str = UID_SUFFIX,
    look: Look | None = None,
) -> int:
    look = look or Look()
    info = spool_events(items, spool, where, dtstamp, alarm, versions, uid_suffix, look.label)
    with writing(where):
        size = spool.tell()
    return assemble(out, [(spool, 0, size)], info, where, calname, alarm, prodid, look.timezone)


def write_calendar(
    items: Iterable[Item],
    out: BinaryIO,
    *,
    calname: str,
    dtstamp: datetime,
    alarm: timedelta | None = None,
    prodid: str = PRODID,
    versions: Versions | None = None,
    uid_suffix: str = UID_SUFFIX,
    look: Look | None = None,
) -> int:
    """Write ``items`` as one VCALENDAR to ``out``; return the number of events.

    ``alarm``: how long before each start a DISPLAY alarm rings. ``dtstamp``: pinned by the
    caller (SOURCE_DATE_EPOCH) so that the same items give the same bytes. ``versions``: which
    version each event is, for a feed whose events change (planner.versions); an event's
    DTSTAMP is then when its version was made (RFC 5545 §3.8.7.2, a calendar without METHOD).
    Events are spooled
    to an anonymous file in the system's temporary folder (:func:`export` keeps it beside its
    output), so nothing reaches ``out`` if ``items`` raises.
    """
    where = str(getattr(out, "name", "<output>"))
    with tempfile.TemporaryFile() as spool:
        return _stream(
            items, out, spool, where, calname, dtstamp, alarm, prodid, versions, uid_suffix, look
        )


def export(
    items: Iterable[Item],
    path: Path,
    *,
    calname: str,
    dtstamp: datetime,
    alarm: timedelta | None = None,
    prodid: str = PRODID,
    uid_suffix: str = UID_SUFFIX,
    look: Look | None = None,
) -> int:
    """Write ``items`` to ``path`` atomically (see :func:`atomic_file`); return the count."""
    path = Path(path)
    where = str(path)
    with atomic_file(path) as out, contextlib.ExitStack() as stack:
        with writing(where):  # anonymous (O_TMPFILE): it vanishes however we leave
            spool = stack.enter_context(tempfile.TemporaryFile(dir=path.parent))
        return _stream(
            items, out, spool, where, calname, dtstamp, alarm, prodid, None, uid_suffix, look
        )
