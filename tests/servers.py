"""Real servers on 127.0.0.1 for the tests: an SMTP server (aiosmtpd) that keeps what it
receives, and an HTTP server that records each POST and answers by path."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from .ports import free_port

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
aiosmtpd_smtp = pytest.importorskip("aiosmtpd.smtp")

USER, PASSWORD = "owner@shop.example", "correct-horse-battery-staple"
LATE = 0.25  # seconds the HTTP server takes to answer a POST to /late


@dataclass
class Mailbox:
    """What an SMTP server started by a test received."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # mechanism, user, password

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # As a mail store would keep it: lines end in \n once off the wire.
        raw = (envelope.original_content or envelope.content).replace(b"\r\n", b"\n")
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def authenticator(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> Any:
        login, password = data.login.decode(), data.password.decode()
        self.logins.append((mechanism, login, password))
        return aiosmtpd_smtp.AuthResult(
            success=(login, password) == (USER, PASSWORD), handled=False
        )


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., Mailbox]]:
    """Starts aiosmtpd servers on free ports; each keyword goes to aiosmtpd's SMTP class."""
    started: list[Any] = []

    def start(**options: Any) -> Mailbox:
        box = Mailbox(free_port())
        if options.pop("login", False):
            options.update(authenticator=box.authenticator, auth_required=True)
        controller = aiosmtpd_controller.Controller(
            box, hostname="127.0.0.1", port=box.port, **options
        )
        controller.start()
        started.append(controller)
        return box

    yield start
    for controller in started:
        controller.stop()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class HookServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), HookHandler)
        self.received: list[Received] = []
        self.release = threading.Event()


class HookHandler(BaseHTTPRequestHandler):
    server: HookServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.server.received.append(Received(self.path, dict(self.headers.items()), body))
        path = self.path.split("?")[0]
        if path == "/slow":
            self.server.release.wait(30)
        elif path == "/late":  # a receiver that takes its time, as many do
            time.sleep(LATE)
        status, extra, text = {
            "/ok": (200, {}, b"{}"),
            "/accepted": (202, {}, b""),
            "/fail": (500, {"Retry-After": "7"}, b"database is down"),
            "/busy": (429, {}, b""),
            "/missing": (404, {}, b"no such hook:\n  check the URL"),
            "/moved": (302, {"Location": "https://elsewhere.example/new?key=s3cret"}, b""),
            "/slow": (200, {}, b""),
            "/late": (200, {}, b"{}"),
        }[path]
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[HookServer]:
    server = HookServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
