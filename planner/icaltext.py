"""RFC 5545 value encoding: TEXT escaping, line folding at 75 octets, UTC and durations."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

CRLF = "\r\n"

_NEEDS_ESCAPE = re.compile(r"[\\;,\x00-\x1f\x7f]")
# TEXT holds no control character but HTAB (RFC 5545 §3.3.11); newlines are escaped before.
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]+")
PARAM_UNSAFE = re.compile(r'[";:,\x00-\x1f\x7f]')
HHMM = tuple(f"{h:02d}{m:02d}" for h in range(24) for m in range(60))


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
