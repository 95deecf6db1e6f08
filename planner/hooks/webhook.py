"""The `webhook` hook: a POST of the item as JSON, with the delivery id as Idempotency-Key.

A 2xx answer means delivered. The receiver may see the same key more than once (a retry after
a timeout, a runner that died mid-request): it should treat a repeated key as already done.
"""

from __future__ import annotations

import functools
import json
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .. import __version__
from ..delivery import Delivery, HookFailure
from ..i18n import _
from ..urls import host_port
from .base import HookBase

if TYPE_CHECKING:
    import urllib.request
    from email.message import Message

# Set by the hook itself; a [hooks] headers table may not replace them.
RESERVED_HEADERS = frozenset(
    {"idempotency-key", "content-type", "content-length", "host", "transfer-encoding"}
)
_RETRY_CODES = frozenset({408, 425, 429})
_SNIPPET = 200


def shown_url(url: str) -> str:
    """``scheme://host[:port]/…``: a webhook's path and query often hold its secret token."""
    parts = urlsplit(url)
    netloc = host_port(parts)
    tail = "/…" if parts.path.strip("/") or parts.query else ""
    return f"{parts.scheme}://{netloc}{tail}"


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookHook(HookBase):
    url: str
    timeout: float = 10.0
    # Often an Authorization token: kept out of repr() so that it never reaches a log.
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def kind(self) -> str:
        return "webhook"

    @property
    def resend_safe(self) -> bool:
        return True  # the Idempotency-Key lets the receiver drop a repeat

    def request(self, delivery: Delivery) -> urllib.request.Request:
        import urllib.request

        body = json.dumps(delivery.item_json(), ensure_ascii=False).encode("utf-8")
        headers = {
            "User-Agent": f"Parcours/{__version__}",
            "Accept": "application/json, */*;q=0.5",
            **dict(self.headers),
            "Content-Type": "application/json",
            "Idempotency-Key": delivery.id,
        }
        return urllib.request.Request(self.url, data=body, headers=headers, method="POST")

    def fire(self, delivery: Delivery) -> None:
        import http.client
        import ssl
        import urllib.error
        import urllib.request

        where = _("webhook hook {name} ({url})").format(name=self.name, url=shown_url(self.url))
        try:
            request = self.request(delivery)
            opener = urllib.request.build_opener(_no_redirect())
            with opener.open(request, timeout=self.timeout) as response:
                status = response.status
            if not 200 <= status < 300:  # 1xx never reaches here; be explicit anyway
                raise HookFailure(_at(where, f"HTTP {status}"), retry=False)
        except HookFailure:
            raise
        except urllib.error.HTTPError as exc:
            with exc:
                raise _status_failure(where, exc.code, exc.reason, exc.headers, exc) from None
        except urllib.error.URLError as exc:
            raise _network_failure(where, exc.reason) from None
        except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
            raise _network_failure(where, exc) from None
        except Exception as exc:
            raise HookFailure(_at(where, f"{type(exc).__name__}: {exc}")) from None


def _status_failure(
    where: str, code: int, reason: str, headers: Message, body: object
) -> HookFailure:
    text = _at(where, f"HTTP {code} {reason}".rstrip())
    if 300 <= code < 400:
        target = headers.get("Location")
        moved = (
            _("the webhook moved to {url}").format(url=shown_url(target))
            if target
            else _("the webhook moved")
        )
        advice = _("put the new address in planner.toml (a POST is never sent on to another URL)")
        return HookFailure(
            _("{failure}: {moved}; {advice}").format(failure=text, moved=moved, advice=advice),
            retry=False,
        )
    snippet = _read_snippet(body)
    if snippet:
        text = _at(text, snippet)
    retry = code >= 500 or code in _RETRY_CODES
    after = _retry_after(headers.get("Retry-After")) if retry else None
    return HookFailure(text, retry=retry, retry_after=after)


def _network_failure(where: str, reason: object) -> HookFailure:
    import ssl

    if isinstance(reason, ssl.SSLCertVerificationError):
        return HookFailure(
            _(
                "{where}: TLS: {reason}; the server's certificate is not trusted (for a private "
                "certificate authority, point SSL_CERT_FILE at its certificate in the runner's "
                "environment)"
            ).format(where=where, reason=reason.verify_message or reason.reason),
            retry=False,
        )
    if isinstance(reason, TimeoutError | socket.timeout):
        return HookFailure(_at(where, _("no answer in time (timeout)")))
    if isinstance(reason, ConnectionRefusedError):
        return HookFailure(_at(where, _("connection refused")))
    if isinstance(reason, socket.gaierror):
        why = _("cannot resolve the host name: {reason}").format(reason=reason.strerror or reason)
        return HookFailure(_at(where, why))
    if isinstance(reason, OSError) and reason.strerror:
        return HookFailure(_at(where, reason.strerror))
    text = str(reason) or type(reason).__name__
    return HookFailure(_at(where, text))


def _at(where: str, reason: object) -> str:
    """``webhook hook NAME (URL): what went wrong``."""
    return _("{where}: {reason}").format(where=where, reason=reason)


def _read_snippet(body: object) -> str:
    """The start of an error answer, on one line: receivers often say there what was wrong."""
    read = getattr(body, "read", None)
    if read is None:
        return ""
    try:
        raw = read(_SNIPPET + 1)
    except Exception:
        return ""
    if not isinstance(raw, bytes):
        return ""
    text = " ".join(raw.decode("utf-8", "replace").split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def _retry_after(value: str | None) -> timedelta | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when - datetime.now(UTC), timedelta(0))


@functools.cache
def _no_redirect() -> type[urllib.request.HTTPRedirectHandler]:
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        # urllib would turn a redirected POST into a GET without the item: a 200 from that
        # would be a delivery that never was.
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    return NoRedirect
