"""URLs shown in messages: never with what may be a secret (a login, a webhook's token)."""

from __future__ import annotations

from urllib.parse import SplitResult


def host_port(parts: SplitResult) -> str:
    """``host[:port]`` of ``parts``, without the user and password a netloc may hold; an IPv6
    address in brackets, as a URL writes it."""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port else host
