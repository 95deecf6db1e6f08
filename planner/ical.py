"""RFC 5545 export of a plan: a streaming writer.

Events (planner.icalevent) are spooled to an anonymous temporary file, because the VTIMEZONEs,
which must come first, depend on the dates of every item. Only the VTIMEZONEs come from
icalendar, so that no time-zone rule is written by hand.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO

from icalendar import Timezone

from planner.atomic import atomic_file, writing
from planner.icalevent import (
    UID_SUFFIX,
    Alarm,
    ChannelLabel,
    Look,
    at_version,
    format_event,
    key_label,
    tzid_of,
)
from planner.icaltext import CRLF, escape_text, fold, format_utc, x_text
from planner.plan import Item

if TYPE_CHECKING:
    from planner.versions import Versions

__all__ = [
    "PRODID",
    "UID_SUFFIX",
    "Alarm",
    "ChannelLabel",
    "Look",
    "Spooled",
    "assemble",
    "export",
    "format_event",
    "key_label",
    "spool_events",
    "tzid_of",
    "vtimezone",
    "write_calendar",
]

PRODID = "-//Parcours//Campaign planner//EN"
# Events per write: write calls vanish from a profile, memory stays at a few megabytes.
_BATCH = 2048
_SECOND = timedelta(seconds=1)


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
            write = functools.partial(at_version, item, triggers, uid_suffix, label)
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
