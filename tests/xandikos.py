"""A second, independent CalDAV server for the tests: Xandikos on 127.0.0.1, as a subprocess.

Xandikos differs from Radicale where publishing can trip: it stores each calendar in a git
repository and serves what it parsed and wrote again (properties reordered, lines folded
anew), its ETags are the git blob ids, and it sits under a path prefix here (``/dav/``, as a
server behind a reverse proxy does), so that every href it answers carries that prefix.

Xandikos asks for no login by default, so the ``xandikos`` server takes none: publishing to it
goes the anonymous path of planner.davcalendar. It asks for one only over HTTPS (``--htpasswd``
needs ``--autocert``, which serves a certificate found in its state folder): ``xandikos_tls``
is that server, with a certificate for 127.0.0.1 made here with openssl (so that Xandikos need
not make one with the cryptography package) and alice's password in an htpasswd file.

One server of each kind per test session, started when a test first needs it; each test makes
calendars of its own with MKCALENDAR. What the server did is read from its access log (one
line per request, written once the answer is sent: :meth:`Xandikos.writes` waits for a marker
request to show, so that every earlier request has been logged) and from GETs of the
calendar's resources.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import importlib.util
import itertools
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .ports import free_port, wait_until_listening

USER, PASSWORD = "alice", "xandikos-Secret-42"  # xandikos_tls's login
PREFIX = "/dav/"
PRINCIPAL = "user"
_XML = {"Depth": "1", "Content-Type": "application/xml"}  # Xandikos refuses a body untyped


@dataclass
class Xandikos:
    """A running server: ``url`` is its root (with the prefix), ``root`` its folder;
    ``certificate`` the one it serves (over HTTPS, then with a login), for clients to trust."""

    url: str
    root: Path
    process: subprocess.Popen[bytes]
    login: tuple[str, str] | None = None  # no login: Xandikos's default
    certificate: Path | None = None
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def log(self) -> str:
        return (self.root / "xandikos.log").read_text(encoding="utf-8", errors="replace")

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        """One HTTP request, logged in if the server asks for it: (status, headers, body)."""
        parts = urlsplit(self.url)
        connection: http.client.HTTPConnection
        if self.certificate is None:
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=20)
        else:
            context = ssl.create_default_context(cafile=self.certificate)
            connection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=20, context=context
            )
        sent = dict(headers or {})
        if self.login is not None:
            sent["Authorization"] = (
                "Basic " + base64.b64encode(":".join(self.login).encode()).decode()
            )
        try:
            connection.request(method, path, body.encode(), sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def make_calendar(self, name: str | None = None) -> str:
        """A new, empty calendar collection; its URL."""
        name = name or f"cal{next(self._names)}"
        path = f"{PREFIX}{PRINCIPAL}/calendars/{name}/"
        status, _, text = self.request("MKCALENDAR", path)
        assert status == 201, f"MKCALENDAR {name}: {status} {text}"
        return f"{self.url}{PRINCIPAL}/calendars/{name}/"

    def hrefs(self, calendar_url: str) -> list[str]:
        """The hrefs of the calendar's resources, from a PROPFIND."""
        path = urlsplit(calendar_url).path
        body = '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
        status, _, text = self.request("PROPFIND", path, body, _XML)
        assert status == 207, f"PROPFIND {path}: {status} {text}"
        found = re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", text)
        return sorted(h for h in found if h.rstrip("/") != path.rstrip("/"))

    def events(self, calendar_url: str) -> dict[str, str]:
        """The calendar's resources as the server serves them: file name -> iCalendar text."""
        found = {}
        for href in self.hrefs(calendar_url):
            status, _, text = self.request("GET", href)
            assert status == 200, f"GET {href}: {status} {text}"
            found[unquote(href.rsplit("/", 1)[1])] = text
        return found

    def put(self, calendar_url: str, name: str, text: str) -> None:
        """Add or replace an event as another calendar app would (no precondition)."""
        path = urlsplit(calendar_url).path + name
        status, _, body = self.request("PUT", path, text, {"Content-Type": "text/calendar"})
        assert status in (201, 204), f"PUT {name}: {status} {body}"

    def writes(self, calendar_url: str) -> list[str]:
        """The PUT and DELETE requests the server received for the calendar's events."""
        marker = f"{PREFIX}parcours-log-marker-{next(self._names)}"
        self.request("GET", marker)  # a 404, logged after every request answered before it
        deadline = time.monotonic() + 10
        while marker not in self.log:
            assert time.monotonic() < deadline, f"{marker} never logged:\n{self.log[-2000:]}"
            time.sleep(0.02)
        path = re.escape(urlsplit(calendar_url).path)
        return list(re.findall(rf'"(PUT|DELETE) {path}[^ "]+ HTTP/1\.1"', self.log))


def _start(root: Path, *options: str) -> tuple[int, subprocess.Popen[bytes]]:
    if importlib.util.find_spec("xandikos") is None:
        missing = "xandikos is not installed: pip install -e '.[test]'"
        if os.environ.get("CI"):  # under CI a missing server fails the tests, never skips them
            pytest.fail(missing)
        pytest.skip(missing)
    port = free_port()
    log = root / "xandikos.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "xandikos",
                "serve",
                f"--directory={root / 'data'}",
                f"--state-dir={root / 'state'}",
                "--autocreate",  # the principal /user/ and its calendar home
                "--listen-address=127.0.0.1",
                f"--port={port}",
                f"--route-prefix={PREFIX}",
                "--no-detect-systemd",
                *options,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=root,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        wait_until_listening("Xandikos", port, process, log)
    except BaseException:
        _stop(process)
        raise
    return port, process


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Xandikos]:
    """Xandikos as it comes: plain HTTP, no login."""
    root = tmp_path_factory.mktemp("xandikos")
    port, process = _start(root)
    try:
        yield Xandikos(f"http://127.0.0.1:{port}{PREFIX}", root, process)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def xandikos_tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Xandikos]:
    """Xandikos over HTTPS, with a certificate of its own, asking alice for her password."""
    openssl = shutil.which("openssl")
    if openssl is None:
        if os.environ.get("CI"):
            pytest.fail("openssl is needed to make the TLS test certificate")
        pytest.skip("openssl is needed to make the TLS test certificate")
    root = tmp_path_factory.mktemp("xandikos-tls")
    certs = root / "state" / "certs"  # where --autocert looks for the certificate to serve
    certs.mkdir(parents=True)
    certificate, key = certs / "selfsigned.crt", certs / "selfsigned.key"
    # Valid for more than the 30 days under which Xandikos would make a new one of its own.
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(certificate), "-days", "90",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,digitalSignature,keyCertSign"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    users = root / "htpasswd"
    sha = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
    users.write_text(f"{USER}:{{SHA}}{sha}\n", encoding="utf-8")  # the one form without bcrypt
    port, process = _start(root, "--autocert", f"--htpasswd={users}")
    try:
        yield Xandikos(
            f"https://127.0.0.1:{port}{PREFIX}", root, process, (USER, PASSWORD), certificate
        )
    finally:
        _stop(process)
