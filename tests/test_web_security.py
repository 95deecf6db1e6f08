"""`planner serve` as an attacker tries it, against the real uvicorn server of tests/test_serve.py:
odd Host headers and paths, the token where it does not belong, rule file names that end up in
URLs and headers, forms that are not the page's, a rule file saved while feeds are read, and a
store that fails. Malformed requests go over a raw socket. No answer may be a 500, and nothing
may leave a traceback on the server's console."""

from __future__ import annotations

import html
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlencode

import pytest
from click.testing import Result

from .test_serve import Served, make_workspace, plan_json, stored_status
from .test_serve import serve as serve  # the fixture: the app in uvicorn on 127.0.0.1

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def server_errors() -> Iterator[list[logging.LogRecord]]:
    """What uvicorn logs at ERROR ("Exception in ASGI application" and its traceback). Each
    uvicorn.Config configures logging anew: request this fixture after the servers started."""
    records = _Records()
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(records)
    yield records.records
    logger.removeHandler(records)


def raw(served: Served, data: bytes, *, close: bool = True) -> bytes:
    """What the server answers to ``data``, sent as is over a socket: up to the end of the first
    answer's headers, or all of it when the server closes the connection."""
    answer = b""
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as conn:
        try:
            conn.sendall(data)
            while b"\r\n\r\n" not in answer or close:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except ConnectionError:  # refused before the whole request was sent
            pass
    return answer


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


# -- Host and path ----------------------------------------------------------------------------


def test_a_loopback_bind_takes_only_well_formed_loopback_hosts(
    tmp_path: Path, serve: Callable[..., Served], server_errors: list[logging.LogRecord]
) -> None:
    served = serve(make_workspace(tmp_path / "shop"))
    server_errors.clear()
    port = served.port
    for host in (f"127.0.0.1:{port}", f"[::1]:{port}", "[::1]", f"LOCALHOST:{port}", "localhost"):
        assert served.get("/", Host=host).status == 200, host
    for host in (
        f"localhost:{port}@evil.example",  # a browser's Host never holds a login
        "evil.example:localhost",
        f"localhost.:{port}",  # not a name we know, though it resolves here
        f"127.0.0.1.nip.io:{port}",
        "[::1",
        "localhost/x",
        "2130706433",  # 127.0.0.1 written as a number: not in a browser's Host
    ):
        reply = served.get("/calendar.ics", Host=host)
        assert (reply.status, reply.body) == (404, b"not found\n"), host
    # HTTP/1.0 without a Host, two Hosts, a foreign absolute-form target: never the page.
    assert status_of(raw(served, b"GET / HTTP/1.0\r\n\r\n")) == 404
    two = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    assert status_of(raw(served, two.encode())) == 400
    absolute = f"GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close"
    assert status_of(raw(served, absolute.encode() + b"\r\n\r\n")) == 404
    assert server_errors == []


def test_the_token_only_opens_in_its_place(
    tmp_path: Path, serve: Callable[..., Served], server_errors: list[logging.LogRecord]
) -> None:
    served = serve(make_workspace(tmp_path / "shop"), host="0.0.0.0")
    server_errors.clear()
    token, lan = served.token, {"Host": "192.168.1.20:8000"}
    for path in (
        "/t/",
        "/t//",
        f"/T/{token}/",
        f"/?token={token}",  # never in a query string, which lands in logs
        f"/calendar.ics?t={token}",
        f"/t/{token}//calendar.ics",
        f"/t/{token}/../calendar.ics",
        f"/t/{token}/./calendar.ics",
        "/t/../calendar.ics",
        f"/x/../t/{token}/calendar.ics",
        f"/t/{token}/t/{token}/calendar.ics",
        f"/t/{token.upper()}/calendar.ics",
        f"/t/{token}%00/calendar.ics",
    ):
        reply = served.request("GET", path, lan)
        assert reply.status == 404, path
        assert token.encode() not in reply.body
        assert reply.headers["referrer-policy"] == "same-origin"
    # The page without the final slash keeps the token in its links.
    page = served.request("GET", f"/t/{token}", lan)
    assert page.status == 200
    assert f'href="/t/{token}/calendar.ics"' in page.text
    # A final slash too many: redirected, the token kept.
    slash = served.request("GET", f"/t/{token}/calendar.ics/", lan)
    assert slash.status == 307
    assert slash.headers["location"].endswith(f"/t/{token}/calendar.ics")
    # A path of a megabyte: refused by the HTTP parser, not a 500.
    huge = b"GET /t/" + token.encode() + b"/" + b"a" * 1_000_000 + b" HTTP/1.1\r\n\r\n"
    answer = raw(served, huge)
    assert answer == b"" or status_of(answer) in (400, 414), answer[:80]
    assert served.request("GET", f"/t/{token}/calendar.ics", lan).status == 200
    assert server_errors == []


def test_month_must_be_a_month(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop")
    served = serve(root, chosen=True)  # its answers in English
    assert served.get("/?month=2027-01").status == 200
    for month in ("2027-13", "2027-00", "0000-00", "２０２７-０１", "2027-1", "2027-01-01", ""):
        reply = served.get("/?" + urlencode({"month": month}))
        assert (reply.status, reply.text) == (400, "month must be YYYY-MM\n"), month
    # A done button's form with a month that is none: back to the page without it.
    first = plan_json(cli, root)[0]["id"]
    page = served.get("/?month=2027-01").text
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{64})"', page))
    done = served.post(f"/items/{first}/done", {"csrf": csrf, "month": "2027-13"})
    assert (done.status, done.headers["location"]) == (303, f"/#item-{first}")


# -- file names in URLs and headers ------------------------------------------------------------

NAMES = ['sold"es', "a;b", "été", "a b", "a#b", "a?b", "日本", "x\u202egnp", "a%2Fb", "a'b", "<b>"]


def _rule(number: int, channel: str = "instagram") -> str:
    anchor = f"{2027 + number // 12}-{number % 12 + 1:02d}-20"  # a month each: no caps hit
    return (
        f'[campaign]\nname = "C{number}"\nanchor = "{anchor}"\n\n[[step]]\n'
        f'stage = "awareness"\nwhen = "the week before anchor"\nchannels = ["{channel}"]\n'
        'content = "x"\n'
    )


def test_file_names_are_quoted_in_links_and_headers(
    tmp_path: Path, serve: Callable[..., Served], server_errors: list[logging.LogRecord]
) -> None:
    root = make_workspace(tmp_path / "shop")
    names = [*NAMES, "a\nb"]  # a newline in a file name: Linux allows it
    for number, name in enumerate(names):
        (root / "rules" / f"{name}.toml").write_text(_rule(number), encoding="utf-8")
    (root / "channels").mkdir()
    (root / "channels" / "vitrine_d'été_#1.toml").write_text('name = "Vitrine"\n', "utf-8")
    channel = len(names)
    (root / "rules" / "vitrine.toml").write_text(_rule(channel, "vitrine_d'été_#1"), "utf-8")
    served = serve(root)
    server_errors.clear()

    page = served.get("/").text
    links = [html.unescape(h) for h in re.findall(r'class="ics" href="([^"]+)"', page)]
    by_key = {unquote(link.split("/")[-1].removesuffix(".ics")): link for link in links}
    assert set(names) <= by_key.keys()
    assert "vitrine_d'été_#1" in by_key
    expected = {name: f"C{n}" for n, name in enumerate(names)}
    expected["vitrine_d'été_#1"] = "Bijouterie Lemoine — Vitrine"
    for key, calname in expected.items():
        link = by_key[key]
        assert re.fullmatch(r"[!-~]+", link), link  # ASCII, no space: a working URL
        reply = served.get(link)
        calendar = reply.calendar()
        assert str(calendar["X-WR-CALNAME"]) == calname, key
        disposition = reply.headers["content-disposition"]
        plain = re.fullmatch(
            r'inline; filename="([A-Za-z0-9._-]+)"(?:; filename\*=(.+))?', disposition
        )
        assert plain, disposition
        if plain.group(2) is None:
            assert plain.group(1) == f"{key}.ics"
        else:
            assert plain.group(2).startswith("UTF-8''")
            shown = unquote(plain.group(2).removeprefix("UTF-8''"))
            assert shown == f"{key}.ics".replace("\n", "_").replace("\u202e", "_")
    assert served.get("/campaigns/a%2523b.ics").status == 404  # "a%23b": no such campaign
    assert server_errors == []


# -- forms -------------------------------------------------------------------------------------


def test_what_is_not_the_pages_form_is_refused(
    cli: Callable[..., Result],
    tmp_path: Path,
    serve: Callable[..., Served],
    server_errors: list[logging.LogRecord],
) -> None:
    root = make_workspace(tmp_path / "shop")
    served = serve(root, host="0.0.0.0")
    server_errors.clear()
    items = plan_json(cli, root)
    page = served.get("/?month=2027-01").text
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{64})"', page))
    path = f"{served.prefix}/items/{items[0]['id']}/done"
    body = urlencode({"csrf": csrf}).encode()

    def post(headers: dict[str, str], data: bytes = body) -> int:
        reply = served.request("POST", path, headers, data)
        assert "default-src 'none'" in reply.headers["content-security-policy"]
        return reply.status

    assert post({**FORM, "Sec-Fetch-Site": "cross-site"}) == 403
    assert post({**FORM, "Sec-Fetch-Site": "same-site"}) == 403  # another port of this host
    assert post({**FORM, "Origin": "null"}) == 403
    assert post({**FORM, "Origin": f"http://127.0.0.1:{served.port}.evil.example"}) == 403
    assert post(FORM, f"csrf={'0' * 64}&csrf={csrf}".encode()) == 403  # the first one counts
    # A body of another kind cannot carry the page's token: a refusal too.
    for kind in ("text/plain", "application/json", "multipart/form-data; boundary=x", ""):
        assert post({"Content-Type": kind} if kind else {}) == 403, kind
    # 400 is for what is no form at all.
    many = "&".join(f"f{n}=1" for n in range(20)) + f"&csrf={csrf}"
    assert post(FORM, many.encode()) == 400
    assert post(FORM, body + b"&month=\xc3\xa9") == 400
    assert served.request("GET", path, {}).status == 405
    assert served.request("PUT", path, FORM, body).status == 405

    # Too big: refused at once from its Content-Length, before a byte of it is read...
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
    )
    answer = raw(served, (head + "Content-Length: 100000000\r\n\r\n").encode(), close=False)
    assert status_of(answer) == 413
    # ...or, sent in chunks, once it passes 4 KiB, without waiting for the rest.
    chunk = b"2000\r\n" + b"a" * 0x2000 + b"\r\n"
    answer = raw(
        served, (head + "Transfer-Encoding: chunked\r\n\r\n").encode() + chunk, close=False
    )
    assert status_of(answer) == 413
    # A client that leaves in the middle of its form leaves no traceback.
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as conn:
        conn.sendall((head + "Content-Length: 200\r\n\r\ncsrf=").encode())
        time.sleep(0.3)
    assert stored_status(cli, root)["items"] == {"pending": len(items)}
    assert served.post(path.removeprefix(served.prefix), {"csrf": csrf}).status == 303
    time.sleep(0.2)  # the server noticed the client that left
    assert server_errors == []


# -- a rule file saved while the feeds are read ------------------------------------------------


def test_a_rule_file_written_in_two_steps_never_shows_half(
    cli: Callable[..., Result],
    tmp_path: Path,
    serve: Callable[..., Served],
    server_errors: list[logging.LogRecord],
) -> None:
    """An editor saving in place: the file holds its first step alone for a moment, which plans
    (4 items instead of 8). Neither the feeds nor the page nor the store may ever see that."""
    root = make_workspace(tmp_path / "shop")
    served = serve(root)
    assert len(served.get("/calendar.ics").calendar().events) == 8
    server_errors.clear()
    rule = root / "rules" / "valentines-rings.toml"
    versions = [rule.read_text(encoding="utf-8")]
    versions.append(versions[0].replace("fin janvier", "du 25 au 31 janvier"))
    cut = versions[0].index("[[step]]", versions[0].index("[[step]]") + 1)  # valid TOML
    counts: dict[tuple[str, int, int], int] = {}
    stop = threading.Event()

    def read(path: str) -> None:
        while not stop.is_set():
            reply = served.get(path)
            shown = reply.body.count(b"BEGIN:VEVENT") + reply.body.count(b'class="item ')
            key = (path, reply.status, shown)
            counts[key] = counts.get(key, 0) + 1

    paths = ["/calendar.ics", "/calendar.ics", "/campaigns/valentines-rings.ics"]
    readers = [threading.Thread(target=read, args=(p,)) for p in [*paths, "/?month=2027-01"]]
    for reader in readers:
        reader.start()
    try:
        for n in range(6):
            text = versions[n % 2]
            with rule.open("w", encoding="utf-8") as out:
                out.write(text[:cut])
                out.flush()
                time.sleep(0.02)
                out.write(text[cut:])
            time.sleep(0.4)
    finally:
        stop.set()
        for reader in readers:
            reader.join(30)
    assert {(path, status, shown) for path, status, shown in counts} == {
        ("/calendar.ics", 200, 8),
        ("/campaigns/valentines-rings.ics", 200, 8),
        ("/?month=2027-01", 200, 8),
    }, counts
    assert stored_status(cli, root)["items"] == {"pending": 8}  # none removed on the way
    assert server_errors == []


# -- a store that fails ------------------------------------------------------------------------


def test_a_store_that_cannot_be_read_answers_503(
    tmp_path: Path, serve: Callable[..., Served], server_errors: list[logging.LogRecord]
) -> None:
    root = make_workspace(tmp_path / "shop")
    served = serve(root, chosen=True)  # its answers in English
    assert served.get("/calendar.ics").status == 200
    server_errors.clear()
    served.server.config.app.state.live.store.engine.dispose()  # the next read opens the file
    for suffix in ("-wal", "-shm"):
        (root / f"planner.db{suffix}").unlink(missing_ok=True)
    (root / "planner.db").write_bytes(b"not a database" * 512)
    for path in ("/calendar.ics", "/", "/channels/email.ics"):
        reply = served.get(path)
        assert reply.status == 503, path
        assert reply.text.startswith("the store cannot be used now: not a Parcours store")
        assert "Traceback" not in reply.text
        assert reply.headers["retry-after"] == "60"
    assert server_errors == []
