"""The values of [[hooks]] tables that are more than a string: e-mail addresses, URLs and
their ports, HTTP headers. Each mistake fails with a position inside the value where one helps
(the port of a URL, a header's name)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import SplitResult, urlsplit

from ..errors import Pos, example, quoted
from ..i18n import _
from .table import HookTable
from .webhook import RESERVED_HEADERS

HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z\-]+")  # RFC 9110's token


def address(t: HookTable, key: str, value: str, at: Pos) -> str:
    address = parseaddr(value)[1]
    local, _at, domain = address.rpartition("@")
    if not local or not domain or any(c.isspace() for c in address) or "\n" in value:
        t.fail(
            _("{value} is not an e-mail address").format(value=quoted(value)),
            hint=example(key, '"owner@example.org"'),
            at=at,
        )
    return value.strip()


def url(t: HookTable, key: str, url: str, schemes: Iterable[str], sample: str) -> SplitResult:
    allowed = tuple(schemes)
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in allowed:
        shown = parts.scheme or _("no scheme")
        t.fail(
            _("{key} must start with {schemes} (it has {scheme})").format(
                key=key, schemes=_(" or ").join(s + "://" for s in allowed), scheme=shown
            ),
            hint=example(key, f'"{sample}"'),
            at=t.string_pos(key),
        )
    if not parts.hostname or any(c.isspace() for c in url.strip()):
        t.fail(
            _("{key} has no host name").format(key=key),
            hint=example(key, f'"{sample}"'),
            at=t.string_pos(key),
        )
    return parts


def port(t: HookTable, key: str, url: str, parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        host_end = url.find(parts.hostname or "", url.index("//")) + len(parts.hostname or "")
        t.fail(
            _("the port is not a number from 1 to 65535"),
            hint=example(key, f'"{parts.scheme}://{parts.hostname}:587"'),
            at=t.string_pos(key, host_end + 1),
        )


def tail_offset(url: str, parts: SplitResult) -> int:
    start = url.index("//") + 2 + len(parts.netloc)
    return start if start < len(url) else 0


def headers(t: HookTable) -> Iterable[tuple[str, str]]:
    value = t.data.get("headers")
    if value is None:
        return []
    if not isinstance(value, dict):
        t.fail(
            _("headers must be a table of names and values"),
            "headers",
            example("headers", '{ Authorization = "Bearer …" }'),
        )
    found: list[tuple[str, str]] = []
    for name, text in value.items():
        at = t.sub_pos("headers", name)
        if not HEADER_NAME.fullmatch(name):
            t.fail(
                _("{name} is not a header name").format(name=quoted(name)),
                hint=_("e.g. X-Shop or Authorization"),
                at=at,
            )
        if name.lower() in RESERVED_HEADERS:
            t.fail(
                _("the {name} header is set by Parcours").format(name=name),
                hint=_("remove it: the body is JSON and the Idempotency-Key is the delivery id"),
                at=at,
            )
        if not isinstance(text, str):
            t.fail(
                _("header {name} must be a string").format(name=name),
                hint=example(name, '"…"'),
                at=at,
            )
        if "\r" in text or "\n" in text or "\0" in text:
            t.fail(
                _("header {name} holds a line break").format(name=name),
                hint=_("a header value is one line"),
                at=at,
            )
        found.append((name, text))
    return found
