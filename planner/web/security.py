"""Who may use `planner serve`: the secret token, CSRF checks, and the headers of every answer.

Bound to the loopback interface, the app answers only requests whose Host is a loopback name,
so that a web page cannot reach it through a domain that resolves to 127.0.0.1 (DNS
rebinding). Bound to any other address, every URL needs the workspace's secret token, in the
path (``/t/<token>/calendar.ics``, for calendar clients that cannot send headers) or as
``Authorization: Bearer <token>``; a request without it, or with a wrong one, gets a 404, so
that a scan of the network learns nothing. POSTs carry a CSRF token derived from the same
secret, and a browser's Origin must be the app's own.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import ipaddress
import os
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, Pos

TOKEN_FILE = Path(".planner") / "serve-token"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
# A Host header as RFC 9110 has it: a name or an IPv4 address, or an IPv6 one in brackets, then
# maybe a port; anything else ("localhost:80@evil.example") is no loopback name.
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[^\[\]:@/\\\s]+)(?::[0-9]*)?")

# The page has no script and loads nothing from elsewhere; its styles are inline.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # URLs hold the token: never send them to another site. Not "no-referrer", under which a
    # browser sends its own forms with "Origin: null", which the CSRF check must refuse.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the app on this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_token(root: Path) -> str:
    """The workspace's secret, made once with ``secrets`` and kept readable by its owner only."""
    path = root / TOKEN_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        if text:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)  # copied with loose permissions: close them again
            return text
        path.unlink()
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read the serve token: {exc}",
            Pos(str(path)),
            "delete the file to make a new one",
        ) from None
    token = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another `planner serve` made it meanwhile
        return load_token(root)
    except OSError as exc:
        hint = "the workspace is read-only" if exc.errno == errno.EROFS else "check its permissions"
        raise ConfigError(
            f"cannot write the serve token: {exc.strerror or exc}", Pos(str(path)), hint
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(token + "\n")
    return token


@dataclass(frozen=True, slots=True)
class Guard:
    """The access rules of one running app."""

    token: str
    token_required: bool

    @property
    def csrf(self) -> str:
        return hmac.new(self.token.encode(), b"parcours serve csrf", hashlib.sha256).hexdigest()

    def csrf_ok(
        self, sent: str | None, origin: str | None, fetch_site: str | None, own: str
    ) -> bool:
        """A POST is the app's own form: the right hidden token, and, from a browser, the
        app's own origin (``own``: scheme://host[:port] as the request reached us)."""
        if not sent or not hmac.compare_digest(sent.encode(), self.csrf.encode()):
            return False
        if origin is not None and origin != own:
            return False
        return fetch_site in (None, "same-origin", "none")

    def strip_token(self, scope: Scope) -> bool:
        """Whether the request may go on; moves a path token into ``root_path``."""
        path: str = scope["path"]
        if path.startswith("/t/"):
            given, _, rest = path[3:].partition("/")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return False
            prefix = scope.get("root_path", "") + "/t/" + given
            scope["root_path"] = prefix
            scope["path"] = prefix + "/" + rest
            return True
        if not self.token_required:
            return True
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                kind, _, given = value.decode("latin-1").partition(" ")
                if kind.lower() == "bearer":
                    return hmac.compare_digest(given.strip().encode(), self.token.encode())
        return False


def _host(scope: Scope) -> str:
    """The host of the request's Host header, without the port; "" without a valid one."""
    for name, value in scope.get("headers", ()):
        if name == b"host":
            found = _HOST.fullmatch(value.decode("latin-1").lower())
            return found.group(1) if found else ""
    return ""


class GuardMiddleware:
    """Token, Host and headers, before any route sees the request."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        allowed = self.guard.strip_token(scope)
        if allowed and not self.guard.token_required and not is_loopback(_host(scope)):
            allowed = False  # DNS rebinding: a foreign name pointed at our loopback
        if not allowed:
            await _plain(send, 404, b"not found\n")
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _plain(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
