"""`planner publish`: a real CalDAV server made equal to the plan, event by event, touching only
what Parcours published, and never leaking the password.

The tests that take ``caldav_server`` run twice, against two independent servers that differ
where publishing can trip (ETags, If-Match, what REPORT returns, whether the iCalendar data is
rewritten, a path prefix): Radicale with a login (tests/radicale.py) and Xandikos without one
(tests/xandikos.py). The login and error tests run against Radicale, and one login test over
HTTPS against Xandikos."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import logging
import os
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote

import icalendar
import pytest
from click.testing import Result

from planner.ical import UID_SUFFIX
from planner.identity import uid_suffix
from planner.plan import Item
from planner.publish import (
    CAMPAIGN_PROPERTY,
    DIGEST_PROPERTY,
    PublishConflict,
    Remote,
    diff,
    digest,
    parse_remote,
    publish,
    resource,
)

from .conftest import ROOT
from .radicale import PASSWORD, USER, Radicale, free_port
from .radicale import radicale as radicale  # the session's server, a fixture
from .xandikos import Xandikos
from .xandikos import xandikos as xandikos  # the other one, started only when a test needs it
from .xandikos import xandikos_tls as xandikos_tls  # and the same with a login, over HTTPS

START = "2026-12-01"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

RINGS = """[campaign]
name = "Saint-Valentin"
anchor = "valentines_day"
year = 2027
journey = "3-stage"

[[step]]
stage = "sensibilisation"
when = "début janvier"
channels = ["instagram"]
content = "Bagues en vidéo"
every = "3 jours"

[[step]]
stage = "considération"
when = "mi-janvier"
channels = ["instagram", "facebook"]
content = "Témoignages de clients"

[[step]]
stage = "conversion"
when = "fin janvier"
channels = ["instagram"]
content = "Remise de 30 %"
"""

MOTHERS = """[campaign]
name = "Fête des mères"
anchor = "2027-05-30"
journey = "3-stage"

[[step]]
stage = "awareness"
when = "early May"
channels = ["facebook"]
content = "Idées cadeaux"

[[step]]
stage = "conversion"
when = "the week before anchor"
channels = ["facebook"]
content = "Livraison offerte"
"""

FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Another app//EN\r\nBEGIN:VEVENT\r\n"
    "UID:dentist-2027@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20270112T080000Z\r\nDTEND:20270112T090000Z\r\nSUMMARY:Dentist\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


class CalDavServer(Protocol):
    """What the tests need of a server (tests/radicale.py, tests/xandikos.py)."""

    url: str
    login: tuple[str, str] | None  # user and password; None: the server asks for no login

    def make_calendar(self, name: str | None = None) -> str: ...

    def events(self, calendar_url: str) -> dict[str, str]: ...

    def put(self, calendar_url: str, name: str, text: str) -> None: ...

    def writes(self, calendar_url: str) -> list[str]: ...

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]: ...


@pytest.fixture(params=["radicale", "xandikos"])
def caldav_server(request: pytest.FixtureRequest) -> CalDavServer:
    """Each of the session's servers in turn."""
    server: CalDavServer = request.getfixturevalue(request.param)
    return server


@pytest.fixture
def publish_cli(
    cli: Callable[..., Result], workspace: Path, request: pytest.FixtureRequest
) -> Callable[..., Result]:
    """`planner --workspace W publish … --start 2026-12-01 --caldav URL`, logged in as the
    test's server wants: alice on Radicale, nobody on Xandikos (then with no user and no
    password in the environment at all)."""
    login: tuple[str, str] | None = (USER, PASSWORD)
    if "caldav_server" in request.fixturenames:
        login = request.getfixturevalue("caldav_server").login

    def run(url: str, *args: str, password: str | None = None, verbose: bool = False) -> Result:
        user = ["--user", login[0]] if login else []
        env: dict[str, str | None] = {"PLANNER_CALDAV_USER": None}
        env["PLANNER_CALDAV_PASSWORD"] = password or (login[1] if login else None)
        talk = ["--verbose"] if verbose else []
        return cli(
            "--workspace", str(workspace), *talk, "publish", *args, "--start", START,
            "--caldav", url, *user, env=env,
        )  # fmt: skip

    return run


def planned(cli: Callable[..., Result], workspace: Path, *rules: str) -> list[dict[str, object]]:
    result = cli(
        "--workspace", str(workspace), "plan", *rules, "--start", START, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    items: list[dict[str, object]] = json.loads(result.stdout)
    return items


def stored(server: CalDavServer, url: str) -> dict[str, icalendar.Event]:
    """UID -> the VEVENT of each resource, each checked to be one well-formed VCALENDAR."""
    events = {}
    for name, text in server.events(url).items():
        calendar = icalendar.Calendar.from_ical(text)
        vevents = list(calendar.walk("VEVENT"))
        assert len(vevents) == 1, name
        events[str(vevents[0]["UID"])] = vevents[0]
    return events


def suffix(workspace: Path) -> str:
    """What follows an item's id in the workspace's UIDs: its identity, which its first
    publish gave it."""
    import tomllib

    settings = tomllib.loads((workspace / "planner.toml").read_text(encoding="utf-8"))
    return uid_suffix(settings["shop"]["id"])


def ours(events: dict[str, icalendar.Event]) -> dict[str, icalendar.Event]:
    return {uid: e for uid, e in events.items() if uid.endswith(UID_SUFFIX)}


def test_first_run_creates_every_item_as_a_valid_resource(
    caldav_server: CalDavServer,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
    cli: Callable[..., Result],
    workspace: Path,
) -> None:
    write_rule("rings.toml", RINGS)
    url = caldav_server.make_calendar()
    items = planned(cli, workspace)

    result = publish_cli(url)

    assert result.exit_code == 0, result.output
    assert result.stdout == f"created {len(items)}, updated 0, deleted 0, unchanged 0\n"
    assert len(caldav_server.writes(url)) == len(items)
    for name, text in caldav_server.events(url).items():
        calendar = icalendar.Calendar.from_ical(text)
        assert "METHOD" not in calendar  # RFC 4791 §4.1
        (event,) = calendar.walk("VEVENT")
        (zone,) = calendar.walk("VTIMEZONE")
        assert str(zone["TZID"]) == "Europe/Paris"
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert str(event[CAMPAIGN_PROPERTY]) == "rings"
        assert len(str(event[DIGEST_PROPERTY])) == 32
        assert int(event["SEQUENCE"]) == 0
        assert name.startswith("parcours-") and name.endswith(".ics")
    events = stored(caldav_server, url)
    assert set(events) == {f"{item['id']}{suffix(workspace)}" for item in items}
    by_uid = {f"{item['id']}{suffix(workspace)}": item for item in items}
    for uid, event in events.items():
        assert event["DTSTART"].dt.isoformat() == by_uid[uid]["start"]
        assert str(event["SUMMARY"]) == by_uid[uid]["title"]
        assert event.walk("VALARM")[0]["TRIGGER"].dt == -timedelta(hours=1)


def test_edit_update_remove_and_a_second_run_that_writes_nothing(
    caldav_server: CalDavServer,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
    cli: Callable[..., Result],
    workspace: Path,
) -> None:
    rule = write_rule("rings.toml", RINGS)
    url = caldav_server.make_calendar()
    caldav_server.put(url, "dentist.ics", FOREIGN)
    assert publish_cli(url).exit_code == 0
    first = stored(caldav_server, url)
    files = caldav_server.events(url)
    items = planned(cli, workspace)
    consideration = {
        f"{i['id']}{suffix(workspace)}" for i in items if i["stage"] == "consideration"
    }
    assert len(consideration) == 2

    # One step moves: exactly its two events are updated, in place, SEQUENCE raised.
    edited = RINGS.replace('when = "mi-janvier"', 'when = "le 15 janvier"')
    rule.write_text(edited, encoding="utf-8")
    writes = len(caldav_server.writes(url))
    result = publish_cli(url)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"created 0, updated 2, deleted 0, unchanged {len(items) - 2}\n"
    assert len(caldav_server.writes(url)) == writes + 2
    after = stored(caldav_server, url)
    assert set(after) == set(first)
    for uid, event in ours(after).items():
        if uid in consideration:
            assert int(event["SEQUENCE"]) == 1
            assert event["DTSTART"].dt.day == 15
            assert event["LAST-MODIFIED"].dt.tzinfo is not None
            assert str(event[DIGEST_PROPERTY]) != str(first[uid][DIGEST_PROPERTY])
        else:
            assert int(event["SEQUENCE"]) == 0
    unchanged = [n for n, text in caldav_server.events(url).items() if "Témoignages" not in text]
    assert all(caldav_server.events(url)[n] == files[n] for n in unchanged)

    # Its text changes: it is another step, whose events replace the old ones.
    edited = edited.replace("Témoignages de clients", "Avis de clients")
    rule.write_text(edited, encoding="utf-8")
    result = publish_cli(url)
    assert result.stdout == f"created 2, updated 0, deleted 2, unchanged {len(items) - 2}\n"
    after = stored(caldav_server, url)
    assert not set(after) & consideration
    assert sum("Avis de clients" in str(e["SUMMARY"]) for e in after.values()) == 2

    # A step goes: its events are deleted; the dentist, not ours, stays.
    rule.write_text(edited.split('[[step]]\nstage = "conversion"')[0], encoding="utf-8")
    result = publish_cli(url)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"created 0, updated 0, deleted 1, unchanged {len(items) - 1}\n"
    left = stored(caldav_server, url)
    assert "dentist-2027@example.org" in left
    assert len(ours(left)) == len(items) - 1

    # Nothing changed: no PUT, no DELETE, the same ETags.
    writes = len(caldav_server.writes(url))
    etags = _etags(caldav_server, url)
    result = publish_cli(url)
    assert result.stdout == f"created 0, updated 0, deleted 0, unchanged {len(items) - 1}\n"
    assert len(caldav_server.writes(url)) == writes
    assert _etags(caldav_server, url) == etags

    # Run from another folder: the events say the same, so nothing is written either.
    result = cli(
        "--workspace", str(workspace), "publish", "--start", START, "--caldav", url,
        "--user", USER, cwd=workspace / "rules", env={"PLANNER_CALDAV_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.stdout.startswith("created 0, updated 0, deleted 0"), result.output
    assert len(caldav_server.writes(url)) == writes


def _etags(server: CalDavServer, url: str) -> dict[str, str]:
    """href -> ETag of every resource of the calendar, from a PROPFIND."""
    import re
    from urllib.parse import urlsplit

    body = '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
    headers = {"Depth": "1", "Content-Type": "application/xml"}  # Xandikos needs its type
    status, _, text = server.request("PROPFIND", urlsplit(url).path, body, headers)
    assert status == 207
    pairs = re.findall(r"<[^>]*href>([^<]+)</.*?getetag>([^<]+)</", text, re.DOTALL)
    assert len(pairs) > 1
    return dict(pairs)


def test_dry_run_says_what_it_would_do_and_writes_nothing(
    caldav_server: CalDavServer,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
) -> None:
    rule = write_rule("rings.toml", RINGS)
    url = caldav_server.make_calendar()
    dry = publish_cli(url, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert caldav_server.events(url) == {}
    assert caldav_server.writes(url) == []
    lines = dry.stdout.splitlines()
    assert lines[0] == "create  2027-01-01 11:00  Instagram — Bagues en vidéo  (rings)"
    assert lines[-1] == (
        f"would create {len(lines) - 1}, update 0, delete 0; unchanged 0 (dry run: nothing written)"
    )

    assert publish_cli(url).exit_code == 0
    before = caldav_server.events(url)
    rule.write_text(
        RINGS.replace("Remise de 30 %", "Remise de 40 %").replace('every = "3 jours"\n', ""),
        encoding="utf-8",
    )
    dry = publish_cli(url, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert caldav_server.events(url) == before
    shown = dry.stdout.splitlines()
    assert "create  2027-01-21 11:00  Instagram — Remise de 40 %  (rings)" in shown
    assert "delete  2027-01-21 11:00  Instagram — Remise de 30 %  (rings)" in shown
    assert "delete  2027-01-04 11:00  Instagram — Bagues en vidéo  (rings)" in shown
    # One line less above them: the events of step 2 name another line of the file.
    assert "update  2027-01-11 12:00  Facebook — Témoignages de clients  (rings)" in shown
    assert shown[-1] == (
        "would create 1, update 2, delete 4; unchanged 1 (dry run: nothing written)"
    )


def test_one_campaign_never_deletes_another(
    caldav_server: CalDavServer,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
    cli: Callable[..., Result],
    workspace: Path,
) -> None:
    rings = write_rule("rings.toml", RINGS)
    mothers = write_rule("mothers.toml", MOTHERS)
    url = caldav_server.make_calendar()
    assert publish_cli(url, "rings").exit_code == 0
    result = publish_cli(url, "mothers")
    assert result.stdout == "created 2, updated 0, deleted 0, unchanged 0\n", result.output
    campaigns = [str(e[CAMPAIGN_PROPERTY]) for e in stored(caldav_server, url).values()]
    assert campaigns.count("mothers") == 2 and campaigns.count("rings") == len(campaigns) - 2

    # rings loses a step: publishing rings deletes its event, not mothers'.
    rings.write_text(RINGS.split('[[step]]\nstage = "conversion"')[0], encoding="utf-8")
    result = publish_cli(url, "rings")
    assert "deleted 1," in result.stdout, result.output
    campaigns = [str(e[CAMPAIGN_PROPERTY]) for e in stored(caldav_server, url).values()]
    assert campaigns.count("mothers") == 2

    # Without RULES the workspace is the whole truth: a deleted rule file's events go too.
    mothers.unlink()
    result = publish_cli(url)
    assert result.stdout.startswith("created 0, updated 0, deleted 2,"), result.output
    assert {str(e[CAMPAIGN_PROPERTY]) for e in stored(caldav_server, url).values()} == {"rings"}


def test_planner_toml_gives_the_calendar_and_user_but_never_a_password(
    radicale: Radicale,
    write_rule: Callable[[str, str], Path],
    cli: Callable[..., Result],
    workspace: Path,
) -> None:
    write_rule("mothers.toml", MOTHERS)
    url = radicale.make_calendar()
    settings = workspace / "planner.toml"
    base = settings.read_text(encoding="utf-8")
    settings.write_text(base + f'\n[publish]\ncaldav = "{url}"\nuser = "{USER}"\n', "utf-8")
    result = cli(
        "--workspace", str(workspace), "publish", "--start", START,
        env={"PLANNER_CALDAV_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.stdout == "created 2, updated 0, deleted 0, unchanged 0\n", result.output

    settings.write_text(base + f'\n[publish]\ncaldav = "{url}"\npassword = "{PASSWORD}"\n', "utf-8")
    result = cli(
        "--workspace", str(workspace), "publish", "--start", START, "--user", USER,
        env={"PLANNER_CALDAV_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "planner.toml:9:1: error: a password does not belong in planner.toml" in result.output
    assert "PLANNER_CALDAV_PASSWORD" in result.output


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("wrong password", "refused the login of user 'alice': wrong user name or password"),
        ("principal", "/alice/ is not a calendar but an account (a principal)"),
        ("missing", "error: no calendar at http://127.0.0.1:"),
        ("no server", ": the connection was refused"),
        ("tls", "TLS with 127.0.0.1:"),
        ("not ours", "user 'alice' may not read this calendar (HTTP 403)"),
        ("no password", "error: no password for CalDAV user 'alice'"),
        ("password in url", "error: the CalDAV address holds a user name or password"),
    ],
)
def test_errors_are_clear_exit_2_and_never_a_traceback(
    radicale: Radicale,
    write_rule: Callable[[str, str], Path],
    workspace: Path,
    case: str,
    expected: str,
) -> None:
    from .conftest import run_planner

    write_rule("mothers.toml", MOTHERS)
    url = radicale.make_calendar()
    port = url.split(":")[2].split("/")[0]
    target, password = {
        "wrong password": (url, "not-the-password"),
        "principal": (f"{radicale.url}{USER}/", PASSWORD),
        "missing": (f"{radicale.url}{USER}/nothing-here/", PASSWORD),
        "no server": (f"http://127.0.0.1:{free_port()}/{USER}/cal/", PASSWORD),
        "tls": (url.replace("http://", "https://"), PASSWORD),
        "not ours": (radicale.make_calendar(user="bob"), PASSWORD),
        "no password": (url, ""),
        "password in url": (url.replace("//", f"//{USER}:{PASSWORD}@"), PASSWORD),
    }[case]
    done = run_planner(
        "--workspace", str(workspace), "publish", "--start", START, "--caldav", target,
        "--user", USER, cwd=workspace, env={"PLANNER_CALDAV_PASSWORD": password},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "hint: " in done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    assert done.stdout == ""
    if case == "principal":
        # The server is shared by the tests: alice has several calendars by now.
        assert f"hint: give the URL of one of its calendars: {radicale.url}{USER}/" in done.stderr
    assert port  # the server named is ours


def test_the_password_never_leaks(
    radicale: Radicale,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
    workspace: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Not in the log records (the caldav library logs its requests at DEBUG), not on stdout
    or stderr, not in a file of the workspace or of the temporary folder, not even encoded as
    the Basic Authorization header is."""
    write_rule("rings.toml", RINGS)
    url = radicale.make_calendar()
    began = time.time() - 1
    import caldav.lib.error  # sets its logger's level when imported: before ours

    assert caldav.lib.error.log.name == "caldav"
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="caldav")  # WARNING by default; a user may lower it
    outputs = [publish_cli(url, "--dry-run"), publish_cli(url), publish_cli(url)]
    (workspace / "rules" / "rings.toml").write_text(RINGS.replace("30 %", "35 %"), "utf-8")
    outputs += [publish_cli(url, verbose=True), publish_cli(url, password="wrong", verbose=True)]
    assert [r.exit_code for r in outputs] == [0, 0, 0, 0, 2]
    assert "calendar: alice/" in outputs[-2].stderr  # --verbose did say more
    assert any(r.name.startswith("caldav") for r in caplog.records)  # it did log, at DEBUG

    secrets = [PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()]
    secrets.append(base64.b64encode(f"{USER}:wrong".encode()).decode())
    texts = [caplog.text, *(r.output for r in outputs)]
    texts += [str(r.args) for r in caplog.records]
    for path in _files_written_since(began, [workspace, Path(tempfile.gettempdir())]):
        if radicale.root in path.parents:  # the server's own folder holds its users file
            continue
        with contextlib.suppress(OSError):  # gone meanwhile: another test's temporary file
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    texts.append(radicale.log)
    for text in texts:
        for secret in secrets:
            assert secret not in text


def _files_written_since(moment: float, folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        for dirpath, _, names in os.walk(folder):
            for name in names:
                path = Path(dirpath) / name
                try:
                    if path.is_file() and path.stat().st_mtime >= moment:
                        found.append(path)
                except OSError:
                    continue  # gone meanwhile, or not ours to read
    return found


def _publish_while_someone_edits(
    server: CalDavServer, url: str, workspace: Path, name: str, theirs: str
) -> str:
    """Publish the workspace's plan to ``url``, ``name`` being replaced by ``theirs`` between
    our read of the calendar and our first write; the PublishConflict's message."""
    from datetime import date

    from planner.controllers import open_calendar, prepare
    from planner.errors import Pos
    from planner.workspace import Workspace

    user, password = server.login or (None, None)
    planning = prepare(Workspace.open(workspace, workspace), [], workspace, date(2026, 12, 1), None)

    def someone_edits(_: int) -> None:
        server.put(url, name, theirs)

    with (
        pytest.raises(PublishConflict) as caught,
        open_calendar(url, user, password, pos=Pos("--caldav")) as calendar,
    ):
        items = planning.plan().items
        publish(
            items,
            calendar,
            None,
            now=NOW,
            alarm=timedelta(hours=1),
            started=someone_edits,
            uid_suffix=suffix(workspace),
        )
    return str(caught.value)


def test_an_event_edited_on_the_server_meanwhile_is_not_overwritten(
    caldav_server: CalDavServer,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
    workspace: Path,
) -> None:
    """If-Match: between our read and our write someone edits an event; our update gets 412,
    their edit stays, the other events are published, and the error says so."""
    rule = write_rule("rings.toml", RINGS)
    url = caldav_server.make_calendar()
    assert publish_cli(url).exit_code == 0
    moved = RINGS.replace('when = "fin janvier"', 'when = "le 25 janvier"')
    rule.write_text(moved.replace("Bagues", "Bijoux"))  # another step: 4 events replaced
    (name,) = [n for n, text in caldav_server.events(url).items() if "Remise de 30" in text]
    theirs = caldav_server.events(url)[name].replace("Remise de 30 %", "Remise de 30 % (checked)")
    message = _publish_while_someone_edits(caldav_server, url, workspace, name, theirs)
    assert "1 event(s) changed on the server since they were read" in message
    assert "update 'Instagram — Remise de 30 %' (2027-01-25 11:00)" in message
    assert "(created 4, updated 0, deleted 4, unchanged 2)" in message
    assert "(checked)" in caldav_server.events(url)[name]
    assert sum("Bijoux" in text for text in caldav_server.events(url).values()) == 4


def test_an_event_to_delete_edited_on_the_server_meanwhile_stays(
    caldav_server: CalDavServer,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
    workspace: Path,
) -> None:
    """If-Match on DELETE too: an event the plan dropped but someone edited meanwhile stays."""
    rule = write_rule("rings.toml", RINGS)
    url = caldav_server.make_calendar()
    assert publish_cli(url).exit_code == 0
    rule.write_text(RINGS.split('[[step]]\nstage = "conversion"')[0], encoding="utf-8")
    (name,) = [n for n, text in caldav_server.events(url).items() if "Remise de 30" in text]
    theirs = caldav_server.events(url)[name].replace("Remise de 30 %", "Remise de 30 % (moved)")
    message = _publish_while_someone_edits(caldav_server, url, workspace, name, theirs)
    assert "1 event(s) changed on the server since they were read" in message
    assert "delete 'Instagram — Remise de 30 %' (2027-01-21 11:00)" in message
    assert "(created 0, updated 0, deleted 0, unchanged 6)" in message
    assert "(moved)" in caldav_server.events(url)[name]


def test_an_address_with_spaces_and_accents_and_no_final_slash(
    caldav_server: CalDavServer,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
) -> None:
    """A calendar's address as an app shows it, not percent-encoded and without the final "/",
    is the same calendar as its encoded form (it was an internal error: the HTTP library
    refuses a space in a URL)."""
    write_rule("mothers.toml", MOTHERS)
    url = caldav_server.make_calendar(quote("fête des mères"))
    shown = unquote(url).rstrip("/")
    assert " " in shown and "è" in shown
    result = publish_cli(shown)
    assert result.stdout == "created 2, updated 0, deleted 0, unchanged 0\n", result.output
    assert len(caldav_server.events(url)) == 2
    result = publish_cli(url)
    assert result.stdout == "created 0, updated 0, deleted 0, unchanged 2\n", result.output


def test_xandikos_asks_for_a_login_over_https_with_a_certificate_of_its_own(
    xandikos_tls: Xandikos,
    write_rule: Callable[[str, str], Path],
    cli: Callable[..., Result],
    workspace: Path,
) -> None:
    """The login path against a second server, over TLS: the certificate trusted through
    SSL_CERT_FILE (and refused without it), the password from the environment, a wrong or
    missing one a clear exit 2."""
    write_rule("mothers.toml", MOTHERS)
    url = xandikos_tls.make_calendar()
    trusted = str(xandikos_tls.certificate)
    assert xandikos_tls.login is not None
    user, password = xandikos_tls.login

    def run(*login: str, password: str | None = password, cafile: str | None = trusted) -> Result:
        env = {"PLANNER_CALDAV_PASSWORD": password, "PLANNER_CALDAV_USER": None}
        return cli(
            "--workspace", str(workspace), "publish", "--start", START, "--caldav", url, *login,
            env={**env, "SSL_CERT_FILE": cafile},
        )  # fmt: skip

    result = run("--user", user)
    assert result.stdout == "created 2, updated 0, deleted 0, unchanged 0\n", result.output
    assert len(xandikos_tls.events(url)) == 2
    refused = {
        "refused the login of user 'alice': wrong user name or password (HTTP 401)": run(
            "--user", user, password="not-the-password"
        ),
        "asks for a login (HTTP 401)": run(password=None),
        "TLS: the certificate of 127.0.0.1:": run("--user", user, cafile=None),
    }
    for expected, result in refused.items():
        assert result.exit_code == 2, result.output
        assert expected in result.output and "hint: " in result.output, result.output
        assert "Traceback" not in result.output and password not in result.output
    assert len(xandikos_tls.writes(url)) == 2


def test_the_password_is_asked_for_at_a_terminal_and_not_echoed(
    radicale: Radicale, write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    """Without PLANNER_CALDAV_PASSWORD, at a terminal: a hidden prompt."""
    write_rule("mothers.toml", MOTHERS)
    url = radicale.make_calendar()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
    env["PLANNER_LANG"] = "en"  # the workspace is French; this test reads English words
    leader, follower = os.openpty()

    def controlling_terminal() -> None:  # getpass reads /dev/tty: make it this pty
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "--workspace", str(workspace), "publish", "--start",
         START, "--caldav", url, "--user", USER],
        stdin=follower, stdout=follower, stderr=follower, env=env, cwd=ROOT,
        preexec_fn=controlling_terminal,
    )  # fmt: skip
    os.close(follower)
    seen = _read_until(leader, b"password for alice at 127.0.0.1: ")
    os.write(leader, PASSWORD.encode() + b"\n")
    seen += _read_until(leader, b"unchanged 0")
    assert process.wait(30) == 0, seen
    os.close(leader)
    text = seen.decode(errors="replace")
    assert "CalDAV password for alice at 127.0.0.1: " in text
    assert "created 2, updated 0, deleted 0, unchanged 0" in text
    assert PASSWORD not in text


def _read_until(fd: int, wanted: bytes, timeout: float = 30) -> bytes:
    import select

    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


# -- the diff alone ---------------------------------------------------------------------------


def _items(
    cli: Callable[..., Result], write_rule: Callable[[str, str], Path], workspace: Path
) -> list[Item]:
    from datetime import date

    from planner.controllers import prepare
    from planner.workspace import Workspace

    write_rule("rings.toml", RINGS)
    planning = prepare(Workspace.open(workspace, workspace), [], workspace, date(2026, 12, 1), None)
    return list(planning.plan().items)


def test_diff_touches_only_ours_and_only_the_campaigns_published(
    cli: Callable[..., Result], write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    items = _items(cli, write_rule, workspace)
    first = items[0]
    published = [
        parse_remote(f"/{i.id}.ics", f'"{n}"', resource(i, dtstamp=NOW, alarm=None))
        for n, i in enumerate(items)
    ]
    remote = [r for r in published if r is not None]
    assert len(remote) == len(items)
    foreign = parse_remote("/x.ics", '"x"', FOREIGN)
    other = Remote("/o.ics", '"o"', "0badc0de@parcours", "mothers", "d", 0, "Idées", None)
    imported = Remote("/i.ics", '"i"', "feedface@parcours", None, None, 0, "Imported", None)
    assert foreign is not None and not foreign.ours

    # Unchanged events are known by their digest, whatever their DTSTAMP: nothing to do.
    later = [
        parse_remote(r.href, r.etag, resource(i, dtstamp=NOW + timedelta(days=9), alarm=None))
        for r, i in zip(remote, items, strict=True)
    ]
    actions, unchanged = diff(items, [*later, foreign, other, imported], {"rings"}, None)
    assert (actions, unchanged) == ([], len(items))

    # A changed alarm changes every digest; a dropped item of the campaign is deleted.
    actions, unchanged = diff(items[1:], [*remote, other], {"rings"}, timedelta(hours=1))
    verbs = [a.verb for a in actions]
    assert verbs == ["update"] * (len(items) - 1) + ["delete"]
    assert actions[-1].uid == first.id + UID_SUFFIX
    assert all(a.remote is not None and a.remote.href != "/o.ics" for a in actions)

    # Without a list of campaigns (the whole workspace), other campaigns' events go too, but
    # never an event without a campaign, nor one that is not ours.
    actions, _ = diff(items, [*remote, foreign, other, imported], None, None)
    assert [(a.verb, a.uid) for a in actions] == [("delete", "0badc0de@parcours")]


def test_digest_ignores_dtstamp_sequence_and_last_modified(
    cli: Callable[..., Result], write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    (item, *_) = _items(cli, write_rule, workspace)
    one = resource(item, dtstamp=NOW, alarm=None)
    two = resource(item, dtstamp=NOW + timedelta(1), alarm=None, sequence=4, last_modified=NOW)
    assert one != two
    a, b = parse_remote("/a", None, one), parse_remote("/a", None, two)
    assert a is not None and b is not None
    assert a.digest == b.digest == digest(item, None)
    assert (a.sequence, b.sequence) == (0, 4)
    assert "\r\nSEQUENCE:4\r\n" in two and "\r\nLAST-MODIFIED:20261120T090000Z\r\n" in two


class _Hop(ThreadingHTTPServer):
    """A CalDAV server of a test's own on 127.0.0.1: ``answer`` replies to each request, and
    the requests are kept as (method, path, Authorization header)."""

    def __init__(self, answer: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.answer = answer
        self.seen: list[tuple[str, str, str | None]] = []
        super().__init__(("127.0.0.1", 0), _HopHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _HopHandler(BaseHTTPRequestHandler):
    server: _Hop

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _any(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        self.server.answer(self)

    do_GET = do_PROPFIND = do_REPORT = do_PUT = do_DELETE = do_OPTIONS = _any


def _reply(handler: BaseHTTPRequestHandler, status: int, *headers: tuple[str, str]) -> None:
    handler.send_response(status)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


@pytest.fixture
def hops() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler], None]], _Hop]]:
    started: list[_Hop] = []

    def start(answer: Callable[[BaseHTTPRequestHandler], None]) -> _Hop:
        started.append(_Hop(answer))
        return started[-1]

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("login_first", [False, True], ids=["at once", "after the login"])
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_not_followed_so_no_other_host_gets_the_login(
    hops: Callable[[Callable[[BaseHTTPRequestHandler], None]], _Hop],
    write_rule: Callable[[str, str], Path],
    cli: Callable[..., Result],
    workspace: Path,
    login_first: bool,
    status: int,
) -> None:
    """The calendar's server sends the client to another host (as "localhost", which the HTTP
    library takes for another host than 127.0.0.1), where a Digest login is asked for. The HTTP
    library drops the Authorization header on such a redirect, but its Digest login answered
    the other host's challenge with a hash of the password, and a 302 turned a PUT into a GET:
    the redirect is not followed, and the user is told where it points."""
    write_rule("mothers.toml", MOTHERS)
    digest = ("WWW-Authenticate", 'Digest realm="other", nonce="n0nce", qop="auth"')
    other = hops(lambda h: _reply(h, 401, digest))
    target = f"http://localhost:{other.port}/alice/cal/"

    def calendar(handler: BaseHTTPRequestHandler) -> None:
        if login_first and handler.headers.get("Authorization") is None:
            _reply(handler, 401, ("WWW-Authenticate", 'Digest realm="ours", nonce="abc"'))
        else:
            _reply(handler, status, ("Location", target))

    ours = hops(calendar)
    result = cli(
        "--workspace", str(workspace), "publish", "--start", START,
        "--caldav", f"http://127.0.0.1:{ours.port}/alice/cal/", "--user", USER,
        env={"PLANNER_CALDAV_PASSWORD": PASSWORD, "PLANNER_CALDAV_USER": None},
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert f"error: http://127.0.0.1:{ours.port}/alice/cal/ redirects to {target}" in result.stderr
    assert "hint: if that is your calendar, give its address instead" in result.stderr
    assert "Traceback" not in result.output and PASSWORD not in result.output
    assert other.seen == []  # not even asked
    logins = [auth for _, _, auth in ours.seen if auth]
    assert len(logins) == (1 if login_first else 0)
    assert all(auth.startswith("Digest username=") for auth in logins)


def test_two_shops_publishing_to_one_calendar_leave_each_other_alone(
    radicale: Radicale, cli: Callable[..., Result], tmp_path: Path
) -> None:
    """Two workspaces made from the same example, one calendar: every event twice, one per
    shop (their UIDs differ by the workspace's identity), and neither publish deletes the
    other's."""
    url = radicale.make_calendar()
    shops = []
    for name in ("lyon", "nantes"):
        folder = tmp_path / name
        assert cli("init", str(folder), "--country", "FR").exit_code == 0
        (folder / "rules" / "rings.toml").write_text(RINGS, encoding="utf-8")
        shops.append(folder)

    def publish_from(folder: Path) -> str:
        result = cli(
            "--workspace", str(folder), "publish", "--start", START, "--caldav", url,
            "--user", USER, env={"PLANNER_CALDAV_PASSWORD": PASSWORD},
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return result.stdout

    count = len(planned(cli, shops[0]))
    assert publish_from(shops[0]) == f"created {count}, updated 0, deleted 0, unchanged 0\n"
    assert publish_from(shops[1]) == f"created {count}, updated 0, deleted 0, unchanged 0\n"
    assert publish_from(shops[0]) == f"created 0, updated 0, deleted 0, unchanged {count}\n"
    events = stored(radicale, url)
    assert len(events) == 2 * count
    for folder in shops:
        assert sum(uid.endswith(suffix(folder)) for uid in events) == count


def test_events_published_before_the_workspace_had_its_identity_are_replaced_once(
    radicale: Radicale,
    write_rule: Callable[[str, str], Path],
    publish_cli: Callable[..., Result],
    workspace: Path,
) -> None:
    """Published by a Parcours whose UIDs were the item's id alone: the first publish with the
    workspace's identity deletes them and creates the new ones; the next writes nothing."""
    from datetime import date

    from planner.controllers import open_calendar, prepare
    from planner.errors import Pos
    from planner.workspace import Workspace

    write_rule("rings.toml", RINGS)
    url = radicale.make_calendar()
    planning = prepare(Workspace.open(workspace, workspace), [], workspace, date(2026, 12, 1), None)
    items = planning.plan().items
    with open_calendar(url, USER, PASSWORD, pos=Pos("--caldav")) as calendar:
        publish(items, calendar, None, now=NOW, alarm=timedelta(hours=1))
    assert set(stored(radicale, url)) == {item.id + UID_SUFFIX for item in items}
    result = publish_cli(url)
    assert result.exit_code == 0, result.output
    count = len(items)
    assert result.stdout == f"created {count}, updated 0, deleted {count}, unchanged 0\n"
    assert set(stored(radicale, url)) == {item.id + suffix(workspace) for item in items}
    assert publish_cli(url).stdout == f"created 0, updated 0, deleted 0, unchanged {count}\n"


def test_a_french_workspace_publishes_in_french(
    radicale: Radicale,
    write_rule: Callable[[str, str], Path],
    workspace: Path,
    cli: Callable[..., Result],
) -> None:
    """The dry run's lines, the report and the errors in the workspace's language (#13)."""
    nbsp = "\u00a0"
    write_rule("rings.toml", RINGS)
    url = radicale.make_calendar()

    def run(*args: str, password: str = PASSWORD) -> Result:
        return cli(
            "--workspace", str(workspace), "publish", *args, "--start", START, "--caldav", url,
            "--user", USER, env={"PLANNER_LANG": "", "PLANNER_CALDAV_PASSWORD": password},
        )  # fmt: skip

    dry = run("--dry-run")
    assert dry.exit_code == 0, dry.output
    lines = dry.stdout.splitlines()
    assert lines[0] == "créer      2027-01-01 11:00  Instagram — Bagues en vidéo  (rings)"
    assert lines[-1] == (
        f"créerait {len(lines) - 1}, modifierait 0, supprimerait 0{nbsp}; inchangés 0 "
        f"(essai{nbsp}: rien n’est écrit)"
    )
    done = run()
    assert done.exit_code == 0, done.output
    assert done.stdout.endswith(", modifiés 0, supprimés 0, inchangés 0\n")
    refused = run(password="not-the-password")
    assert refused.exit_code == 2
    assert (
        f"a refusé la connexion de l’utilisateur «{nbsp}{USER}{nbsp}»{nbsp}: nom d’utilisateur "
        "ou mot de passe erroné (HTTP 401)"
    ) in refused.stderr
    assert f"  indice{nbsp}: vérifiez --user et PLANNER_CALDAV_PASSWORD{nbsp};" in refused.stderr
