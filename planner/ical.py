"""RFC 5545 export of a plan: a streaming writer, hand-written on the per-item path.

Events are formatted with plain string operations (icalendar builds an object tree per event,
some 50 times slower) and spooled to an anonymous temporary file, because the VTIMEZONEs, which
must come first, depend on the dates of every item. Only the VTIMEZONEs come from icalendar, so
that no time-zone rule is written by hand.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import IO, BinaryIO, TypeVar

from icalendar import Timezone

from planner.errors import OutputError, Pos
from planner.plan import Item

PRODID = "-//Parcours//Campaign planner//EN"
UID_SUFFIX = "@parcours"
CRLF = "\r\n"

# Events per write: write calls vanish from a profile, memory stays at a few megabytes.
_BATCH = 2048
_MEMO_SIZE = 4096
_K = TypeVar("_K")
_SECOND = timedelta(seconds=1)
_UTC_KEYS = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Zulu", "UCT", "Zulu", "Universal"})

_NEEDS_ESCAPE = re.compile(r"[\\;,\x00-\x1f\x7f]")
# TEXT holds no control character but HTAB (RFC 5545 §3.3.11); newlines are escaped before.
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]+")
_PARAM_UNSAFE = re.compile(r'[";:,\x00-\x1f\x7f]')
_HHMM = tuple(f"{h:02d}{m:02d}" for h in range(24) for m in range(60))


def escape_text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 §3.3.11 (backslash, semicolon, comma, newline)."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\n", "\\n")
    # isprintable() is a cheaper scan than the regex and true for most text.
    return value if value.isprintable() else _CONTROLS.sub("", value)


def x_text(value: str) -> str:
    """A value for an X- property, kept raw but on one line.

    Their type is TEXT by default (RFC 5545 §3.8.8.2), but icalendar and ical.js read (and
    icalendar writes) X-WR-CALNAME and other X- values unescaped: "\\," would show. Lenient
    TEXT readers keep a bare comma or semicolon, so only what would break the line goes.
    """
    return _CONTROLS.sub(" ", value)


def fold(line: str) -> str:
    """``line`` folded at 75 octets (CRLF + space), never inside a UTF-8 sequence."""
    # 18 characters are at most 72 octets: most lines need no further look.
    if len(line) <= 18 or (len(line) <= 75 and line.isascii()):
        return line
    if line.isascii():
        return "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))])
    data = line.encode()
    size = len(data)
    if size <= 75:
        return line
    chunks = []
    start, end = 0, 75
    while end < size:
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        chunks.append(data[start:end])
        start, end = end, end + 74  # a continuation line's leading space is one of its 75
    chunks.append(data[start:])
    return b"\r\n ".join(chunks).decode()


def format_duration(delta: timedelta) -> str:
    """An RFC 5545 DURATION (``-PT1H``, ``-P1DT2H0M30S``), to whole seconds."""
    total = abs(round(delta.total_seconds()))
    days, rest = divmod(total, 86400)
    values = (rest // 3600, rest // 60 % 60, rest % 60)
    used = [i for i, value in enumerate(values) if value]
    # The grammar allows H[M[S]], M[S] or S: a zero minute between H and S must be written.
    clock = "".join(f"{values[i]}{'HMS'[i]}" for i in range(used[0], used[-1] + 1)) if used else ""
    if not used and not days:
        clock = "0S"
    sign = "-" if delta < timedelta(0) else ""
    return f"{sign}P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


def format_utc(moment: datetime) -> str:
    """A UTC DATE-TIME (``20270105T100000Z``); a naive datetime is taken as UTC."""
    u = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return f"{u.year:04d}{u.month:02d}{u.day:02d}T{u.hour:02d}{u.minute:02d}{u.second:02d}Z"


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
_CATEGORIES: _Memo[tuple[str, str]] = _Memo(
    lambda pair: fold(f"CATEGORIES:{escape_text(pair[0])},{escape_text(pair[1])}") + CRLF
)


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
        if _PARAM_UNSAFE.search(tzid):
            tzid = '"' + tzid.replace('"', "") + '"'
        self.zone = zone
        self.dtstart, self.dtend = f"DTSTART;TZID={tzid}:", f"DTEND;TZID={tzid}:"
        self.near: dict[int, frozenset[int]] = {}  # year -> ordinals of days near a transition

    def wall(self, d: datetime) -> str | None:
        """``d`` as a local DATE-TIME, or None if that wall time is ambiguous or skipped.

        RFC 5545 reads an ambiguous local time as its first instant and a skipped one as shifted
        forward, but ical.js (Thunderbird) reads both otherwise: such times go out in UTC.
        Looking for them only on days near a transition keeps the check off the hot path.
        """
        ordinal = d.toordinal()
        near = self.near.get(d.year)
        if near is None:
            near = self.near[d.year] = self._days_near_transitions(d.year)
        if ordinal in near and d.utcoffset() != d.replace(fold=1 - d.fold).utcoffset():
            return None
        if d.second:
            return f"{_DAYS[ordinal]}T{_HHMM[d.hour * 60 + d.minute]}{d.second:02d}"
        return f"{_DAYS[ordinal]}T{_HHMM[d.hour * 60 + d.minute]}00"

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


def format_event(item: Item, dtstamp_str: str, alarm_str: str | None) -> str:
    """One VEVENT, CRLF-terminated lines, folded. Pure, so it can run in worker processes.

    ``dtstamp_str`` is from :func:`format_utc`; ``alarm_str`` a TRIGGER value from
    :func:`format_duration` (``-PT1H``), or None for no VALARM.
    """
    if item.all_day:
        day, end = item.start.toordinal(), item.end.toordinal()
        end = max(end, day + 1)  # DTEND is exclusive and must be later than DTSTART
        times = f"DTSTART;VALUE=DATE:{_DAYS[day]}\r\nDTEND;VALUE=DATE:{_DAYS[end]}\r\n"
    else:
        times = _times(item.start, item.end)
    alarm = "" if alarm_str is None else _VALARM[item.title, alarm_str]
    uid = item.id
    if len(uid) <= 60 and uid.isascii() and uid.isalnum():  # hex ids: nothing to escape or fold
        uid = f"UID:{uid}{UID_SUFFIX}"
    else:
        uid = fold(f"UID:{escape_text(uid)}{UID_SUFFIX}")
    return (
        f"BEGIN:VEVENT\r\n{uid}\r\nDTSTAMP:{dtstamp_str}\r\n{times}"
        f"{_SUMMARY[item.title]}{_DESCRIPTION[item.brief]}{_CATEGORIES[item.stage, item.channel]}"
        "SEQUENCE:0\r\nSTATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\n"
        f"{_KIND[item.kind]}{_SOURCE[item.source]}{alarm}END:VEVENT\r\n"
    )


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


_HINTS = {
    **dict.fromkeys((errno.ENOENT, errno.ENOTDIR), "there is no folder {}: create it first"),
    **dict.fromkeys((errno.EACCES, errno.EPERM, errno.EROFS), "{} is read-only: write elsewhere"),
    errno.ENOSPC: "the disk is full: free some space or write elsewhere",
}


def _output_error(exc: OSError, where: str) -> OutputError:
    hint = _HINTS.get(exc.errno or 0, "choose another output path")
    return OutputError(
        f"cannot write {where}: {exc.strerror or exc}",
        Pos(where),
        hint.format(os.path.dirname(where) or "."),
    )


@contextlib.contextmanager
def _writing(where: str) -> Iterator[None]:
    """Turn the OSError of a write to ``where`` into an OutputError (not those of the items)."""
    try:
        yield
    except OSError as exc:
        raise _output_error(exc, where) from exc


def _stream(
    items: Iterable[Item],
    out: IO[bytes],
    spool: IO[bytes],
    where: str,
    calname: str,
    dtstamp: datetime,
    alarm: timedelta | None,
    prodid: str,
) -> int:
    dtstamp_str = format_utc(dtstamp)
    alarm_str = None if alarm is None else format_duration(-alarm)
    # Per zone, the earliest start and latest end of the timed items: the VTIMEZONE's bounds.
    spans: dict[tzinfo | None, list[datetime]] = {}
    calendar_tz: str | None = None
    count = 0
    batch: list[str] = []
    for item in items:  # what the iterator raises (a user error) propagates untouched
        batch.append(format_event(item, dtstamp_str, alarm_str))
        if calendar_tz is None:
            calendar_tz = item.tzid
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
            with _writing(where):  # one encode per event: one emoji would widen a whole join
                spool.write(b"".join(map(str.encode, batch)))
            count += _BATCH
            batch.clear()
    with _writing(where):
        spool.write(b"".join(map(str.encode, batch)))
    count += len(batch)

    lead = max(alarm or timedelta(0), timedelta(0))  # alarms ring before the first start
    bounds: dict[str, tuple[tzinfo, date, date]] = {}
    for zone, (first, last) in spans.items():
        tzid = tzid_of(zone)
        if tzid is None or zone is None:
            continue
        low, high = (first - lead).astimezone(zone).date(), last.astimezone(zone).date()
        if tzid in bounds:  # two ZoneInfo objects with one key (no_cache): merge
            _, old_low, old_high = bounds[tzid]
            low, high = min(low, old_low), max(high, old_high)
        bounds[tzid] = (zone, low, high)

    header = ["BEGIN:VCALENDAR", "VERSION:2.0", fold("PRODID:" + escape_text(prodid))]
    header += ["CALSCALE:GREGORIAN", "METHOD:PUBLISH", fold("X-WR-CALNAME:" + x_text(calname))]
    if calendar_tz is not None:
        header.append(fold("X-WR-TIMEZONE:" + x_text(calendar_tz)))
    head = (CRLF.join(header) + CRLF).encode()
    head += b"".join(vtimezone(zone, tzid, low, high) for tzid, (zone, low, high) in bounds.items())
    with _writing(where):
        out.write(head)
        spool.seek(0)
        shutil.copyfileobj(spool, out, 1 << 20)
        out.write(b"END:VCALENDAR\r\n")
    return count


def write_calendar(
    items: Iterable[Item],
    out: BinaryIO,
    *,
    calname: str,
    dtstamp: datetime,
    alarm: timedelta | None = None,
    prodid: str = PRODID,
) -> int:
    """Write ``items`` as one VCALENDAR to ``out``; return the number of events.

    ``alarm``: how long before each start a DISPLAY alarm rings. ``dtstamp``: pinned by the
    caller (SOURCE_DATE_EPOCH) so that the same items give the same bytes. Events are spooled
    to an anonymous file in the system's temporary folder (:func:`export` keeps it beside its
    output), so nothing reaches ``out`` if ``items`` raises.
    """
    where = str(getattr(out, "name", "<output>"))
    with tempfile.TemporaryFile() as spool:
        return _stream(items, out, spool, where, calname, dtstamp, alarm, prodid)


def export(
    items: Iterable[Item],
    path: Path,
    *,
    calname: str,
    dtstamp: datetime,
    alarm: timedelta | None = None,
    prodid: str = PRODID,
) -> int:
    """Write ``items`` to ``path`` atomically; return the number of events.

    The calendar is assembled in a temporary file in the same folder and renamed over ``path``
    once complete: if ``items`` raises midway (a user error while planning) or the disk fails,
    ``path`` is left as it was and no temporary file remains.
    """
    path = Path(path)
    where = str(path)
    if path.is_dir():
        raise OutputError(f"cannot write {where}: it is a folder", Pos(where), "name a file.ics")
    folder = path.parent
    with _writing(where):
        fd, temp = _create_temp(folder, path.name)
    try:
        with os.fdopen(fd, "wb") as out, contextlib.ExitStack() as stack:
            with _writing(where):  # anonymous (O_TMPFILE): it vanishes however we leave
                spool = stack.enter_context(tempfile.TemporaryFile(dir=folder))
            count = _stream(items, out, spool, where, calname, dtstamp, alarm, prodid)
            with _writing(where):
                out.flush()
                os.fsync(out.fileno())
        with _writing(where):
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return count


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    # Not tempfile.mkstemp: its 0600 mode would stick to the renamed file, where opening with
    # 0666 lets the umask give the mode any new file of the user gets.
    for _ in range(100):
        temp = os.path.join(folder, f".{name}.{os.urandom(4).hex()}.tmp")
        with contextlib.suppress(FileExistsError):
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))
