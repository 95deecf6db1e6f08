"""Updates that calendar apps apply (RFC 5546): every event is written at a version, whose
SEQUENCE rises and LAST-MODIFIED moves exactly when the event changes, and an unchanged event
keeps its bytes. Through the real CLI and a real server."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import Result
from icalendar import Calendar, Event

from .test_identity import shop

CLI = Callable[..., Result]
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
VEVENT = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.DOTALL)
UID = re.compile(rb"^UID:([^\r\n]*)\r\n", re.MULTILINE)


def epoch(moment: datetime) -> dict[str, str]:
    return {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}


def vevents(data: bytes) -> dict[str, bytes]:
    """Each VEVENT of an iCalendar text as written, by UID."""
    found: dict[str, bytes] = {}
    for block in VEVENT.findall(data):
        uid = UID.search(block)
        assert uid is not None, block
        found[uid.group(1).decode()] = block
    return found


def parsed(block: bytes) -> Event:
    calendar = Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + block + b"END:VCALENDAR\r\n"
    )
    [event] = calendar.events
    return event


# -- the served feeds --------------------------------------------------------------------------


def feed_of(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url + "calendar.ics", timeout=30) as reply:
        return reply.read(), reply.headers["ETag"]


def not_modified(url: str, etag: str) -> int:
    request = urllib.request.Request(url + "calendar.ics", headers={"If-None-Match": etag})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@contextlib.contextmanager
def serving(root: Path, moment: datetime) -> Iterator[str]:
    """`planner serve --port 0` in a process of its own, its clock at ``moment``: its URL."""
    env = {**os.environ, **epoch(moment)}
    env.pop("PLANNER_DB", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve", "--port", "0"],
        cwd=root,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        said = [process.stderr.readline() for _ in range(2)]
        match = re.search(r"on (http://127\.0\.0\.1:\d+/)$", said[1].strip())
        assert match, said
        yield match.group(1)
    finally:
        process.terminate()
        assert process.wait(20) == 0


def test_a_restarted_server_serves_the_same_bytes_under_the_same_etag(
    cli: CLI, tmp_path: Path
) -> None:
    """Each event's DTSTAMP is its version's, from the store, not the time the server made the
    feed: the bytes, and so the strong ETag, do not change when nothing did."""
    root = tmp_path / "shop"
    shop(cli, root, "valentines-rings")
    with serving(root, T0) as url:
        body, etag = feed_of(url)
    with serving(root, T0 + timedelta(hours=3)) as url:
        again, same = feed_of(url)
        assert (again, same) == (body, etag)
        assert not_modified(url, etag) == 304
    for block in vevents(body).values():
        event = parsed(block)
        assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED") == T0
