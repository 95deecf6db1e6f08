"""A real CalDAV server for the tests: Radicale on 127.0.0.1, started as a subprocess.

One server per test session (starting one takes about a second), logins from a plain-text
htpasswd file, storage in a temporary folder; each test makes calendars of its own with
MKCALENDAR. What the server did is read from its log (each request is a line, e.g.
``PUT request for '/alice/cal/x.ics'``) and its storage (one .ics file per event).
"""

from __future__ import annotations

import base64
import http.client
import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .ports import free_port, wait_until_listening

if not os.environ.get("CI"):  # under CI a missing Radicale fails the tests, never skips them
    pytest.importorskip("radicale")

USER, PASSWORD = "alice", "Tr0ub4dor-et-3-caldav"
OTHER, OTHER_PASSWORD = "bob", "bob-s-own-secret-9"


@dataclass
class Radicale:
    """A running server: ``url`` is its root, ``root`` its folder (storage, users, log)."""

    url: str
    root: Path
    process: subprocess.Popen[bytes]
    login: tuple[str, str] | None = (USER, PASSWORD)  # the tests' user, alice
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def log(self) -> str:
        return (self.root / "radicale.log").read_text(encoding="utf-8", errors="replace")

    def request(
        self,
        method: str,
        path: str,
        body: str = "",
        headers: dict[str, str] | None = None,
        *,
        user: str = USER,
        password: str = PASSWORD,
    ) -> tuple[int, dict[str, str], str]:
        """One HTTP request as ``user``: (status, headers, body)."""
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=20)
        login = base64.b64encode(f"{user}:{password}".encode()).decode()
        try:
            connection.request(
                method,
                path,
                body.encode(),
                {"Authorization": f"Basic {login}", **(headers or {})},
            )
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def make_calendar(self, name: str | None = None, *, user: str = USER) -> str:
        """A new, empty calendar collection of ``user``; its URL."""
        name = name or f"cal{next(self._names)}"
        password = PASSWORD if user == USER else OTHER_PASSWORD
        status, _, text = self.request(
            "MKCALENDAR", f"/{user}/{name}/", user=user, password=password
        )
        assert status == 201, f"MKCALENDAR {name}: {status} {text}"
        return f"{self.url}{user}/{name}/"

    def folder(self, calendar_url: str) -> Path:
        path = unquote(urlsplit(calendar_url).path).strip("/")
        return self.root / "storage" / "collection-root" / path

    def events(self, calendar_url: str) -> dict[str, str]:
        """The calendar's resources as stored: file name -> iCalendar text."""
        folder = self.folder(calendar_url)
        return {
            p.name: p.read_text(encoding="utf-8")
            for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")
        }

    def put(self, calendar_url: str, name: str, text: str) -> None:
        """Add an event as another calendar app would."""
        path = urlsplit(calendar_url).path + name
        status, _, body = self.request("PUT", path, text, {"Content-Type": "text/calendar"})
        assert status in (201, 204), f"PUT {name}: {status} {body}"

    def writes(self, calendar_url: str) -> list[str]:
        """The PUT and DELETE requests the server received for the calendar's events."""
        path = re.escape(urlsplit(calendar_url).path)
        found = re.findall(rf"\b(PUT|DELETE) request for '{path}[^']+'", self.log)
        return list(found)


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    root = tmp_path_factory.mktemp("radicale")
    users = root / "users"
    users.write_text(f"{USER}:{PASSWORD}\n{OTHER}:{OTHER_PASSWORD}\n", encoding="utf-8")
    port = free_port()
    log = root / "radicale.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                "--config",
                "",
                f"--server-hosts=127.0.0.1:{port}",
                f"--storage-filesystem-folder={root / 'storage'}",
                "--auth-type=htpasswd",
                f"--auth-htpasswd-filename={users}",
                "--auth-htpasswd-encryption=plain",
                "--auth-delay=0",  # a refused login answers at once, not after a second
                "--logging-level=info",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=root,
        )
    try:
        wait_until_listening("Radicale", port, process, log)
        yield Radicale(f"http://127.0.0.1:{port}/", root, process)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
