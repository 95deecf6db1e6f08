"""`planner serve`, against a real uvicorn server on 127.0.0.1 and a real SQLite store: the
calendar feeds as a subscribed client sees them (ETag, 304, SEQUENCE and LAST-MODIFIED after a
rule edit), the secret token and CSRF checks, escaping, and the page in headless Chromium."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import uvicorn
from click.testing import Result
from icalendar import Calendar, Event

from planner import i18n
from planner.channels import ChannelSet
from planner.journey import label as stage_label
from planner.workspace import builtin_dir

from .browser import DESKTOP, PHONE, horizontal_scroll, open_page, text_overflows
from .conftest import ROOT
from .libical import Parse
from .processes import serving_on_any_port
from .test_view import days_of, item_chunks

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # 09:00 in Paris
T1 = T0 + timedelta(hours=1)
SETTINGS = (
    '[shop]\nname = "Bijouterie Lemoine"\ntimezone = "Europe/Paris"\nlocale = "fr"\n'
    'country = "FR"\n'
)
MOTHERS_DAY = """\
[campaign]
name = "Fête des mères"
anchor = "mothers_day"
journey = "3-stage"

[[step]]
stage = "sensibilisation"
when = "début mai"
channels = ["facebook"]
content = "Idées de cadeaux pour la fête des mères"

[[step]]
stage = "considération"
when = "mi-mai"
channels = ["email"]
content = "Nos colliers préférés"

[[step]]
stage = "conversion"
when = "la semaine avant la fête des mères"
channels = ["instagram"]
content = "Dernière semaine pour commander"
"""


@dataclass
class Clock:
    """The time the app reads: pinned, moved by the test."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def calendar(self) -> Calendar:
        assert self.status == 200, self.status
        assert self.headers["content-type"] == "text/calendar; charset=utf-8"
        return Calendar.from_ical(self.body)


@dataclass
class Served:
    port: int
    root: Path
    clock: Clock
    token: str = ""
    prefix: str = ""  # "/t/<token>" for an app bound beyond this machine
    server: Any = field(default=None, repr=False)

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            heads = {k.lower(): v for k, v in response.getheaders()}
            return Reply(response.status, heads, response.read())
        finally:
            conn.close()

    def get(self, path: str, **headers: str) -> Reply:
        return self.request(
            "GET", self.prefix + path, {k.replace("_", "-"): v for k, v in headers.items()}
        )

    def post(self, path: str, form: dict[str, str], origin: str | None = None) -> Reply:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if origin is not None:
            headers["Origin"] = origin
        return self.request("POST", self.prefix + path, headers, urlencode(form).encode())


def make_workspace(folder: Path, *, mothers_day: bool = False) -> Path:
    """A copy of the Valentine's example in a workspace of its own (Paris, French, France)."""
    (folder / "rules").mkdir(parents=True)
    (folder / "planner.toml").write_text(SETTINGS, encoding="utf-8")
    shutil.copy(ROOT / "rules" / "valentines-rings.toml", folder / "rules")
    if mothers_day:
        (folder / "rules" / "fete-des-meres.toml").write_text(MOTHERS_DAY, encoding="utf-8")
    return folder


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start the app of a workspace in a uvicorn server on a free port of 127.0.0.1."""
    from planner.store import open_store
    from planner.web.app import create_app
    from planner.workspace import Workspace

    started: list[tuple[Any, threading.Thread, Any]] = []

    def start(
        root: Path,
        *,
        host: str = "127.0.0.1",
        clock: Clock | None = None,
        alarm: timedelta | None = timedelta(hours=1),
        chosen: bool = False,
    ) -> Served:
        """In the workspace's language and each campaign's; ``chosen``: in the one the tests
        choose (PLANNER_LANG), as `planner serve` started by a test would speak."""
        clock = clock or Clock()
        store = open_store(f"sqlite:///{root / 'planner.db'}")
        env = os.environ.get("PLANNER_LANG")
        speech = i18n.Speech(i18n.language_for(env=env), chosen=True) if chosen and env else None
        app = create_app(
            Workspace.open(root, root), store, clock, host=host, alarm=alarm, speech=speech
        )
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
        thread.start()
        started.append((server, thread, store))
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.01)
        token = app.state.guard.token
        prefix = f"/t/{token}" if app.state.guard.token_required else ""
        return Served(listener.getsockname()[1], root, clock, token, prefix, server)

    yield start
    for server, thread, store in started:
        server.should_exit = True
        thread.join(20)
        store.close()


def plan_json(cli: Callable[..., Result], root: Path) -> list[dict[str, Any]]:
    result = cli("--workspace", str(root), "plan", "--start", "2026-12-01", "--format", "json")
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(e["UID"]).removesuffix("@parcours"): e for e in calendar.events}


def stored_status(cli: Callable[..., Result], root: Path) -> dict[str, Any]:
    result = cli("--workspace", str(root), "status", "--format", "json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


# -- the feeds ---------------------------------------------------------------------------------


def test_feed_as_a_subscribed_client_sees_it(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop")
    served = serve(root)
    items = plan_json(cli, root)

    first = served.get("/calendar.ics")
    assert first.status == 200
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert modified == http_date(T0)  # the first sync, at T0
    calendar = first.calendar()
    assert str(calendar["X-WR-CALNAME"]) == "Bijouterie Lemoine"
    # Without METHOD (RFC 5545 §3.7.2), each DTSTAMP says when the store last changed its event.
    assert "METHOD" not in calendar
    events = by_uid(calendar)
    assert events.keys() == {i["id"] for i in items}
    for item in items:  # what export checks, plus the version a client keeps
        event = events[item["id"]]
        assert event.decoded("DTSTART") == datetime.fromisoformat(item["start"])
        assert event.decoded("DTEND") == datetime.fromisoformat(item["end"])
        assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
        assert str(event["SUMMARY"]) == item["title"]
        assert str(event["DESCRIPTION"]) == item["brief"]
        # Stage and channel in the shop's language: "Sensibilisation", "Instagram"
        stage = stage_label(item["stage"], "fr")
        channel = ChannelSet([builtin_dir("channels")]).label(item["channel"], "fr")
        assert [str(c) for c in event["CATEGORIES"].cats] == [stage.capitalize(), channel]
        assert str(event["X-PARCOURS-KIND"]) == item["kind"]
        assert str(event["X-PARCOURS-SOURCE"]) == item["source"]
        assert event.decoded("SEQUENCE") == 0
        assert event.decoded("LAST-MODIFIED") == T0
        assert event.decoded("DTSTAMP") == T0
        [alarm] = event.subcomponents
        assert alarm.decoded("TRIGGER").total_seconds() == -3600
    assert {str(tz["TZID"]) for tz in calendar.timezones} == {"Europe/Paris"}

    assert served.get("/calendar.ics", If_None_Match=etag).status == 304
    unchanged = served.get("/calendar.ics", If_None_Match=etag)
    assert (unchanged.body, unchanged.headers["etag"]) == (b"", etag)
    assert served.get("/calendar.ics", If_Modified_Since=modified).status == 304
    assert served.get("/calendar.ics", If_None_Match='"other"').status == 200
    before = http_date(T0 - timedelta(seconds=1))
    assert served.get("/calendar.ics", If_Modified_Since=before).status == 200

    # The owner moves the conversion post; a client polling an hour later sees it move.
    rule = root / "rules" / "valentines-rings.toml"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("fin janvier", "du 25 au 31 janvier"),
        encoding="utf-8",
    )
    served.clock.now = T1
    second = served.get("/calendar.ics", If_None_Match=etag)
    assert second.status == 200
    assert second.headers["etag"] != etag
    assert second.headers["last-modified"] == http_date(T1)
    after = by_uid(second.calendar())
    assert after.keys() == events.keys()  # every event keeps its UID
    moved = {
        uid for uid in after if after[uid].decoded("DTSTART") != events[uid].decoded("DTSTART")
    }
    assert len(moved) == 1
    [uid] = moved
    assert after[uid].decoded("DTSTART").day == 25
    for key, event in after.items():
        assert event.decoded("SEQUENCE") == (1 if key == uid else 0)
        assert event.decoded("LAST-MODIFIED") == (T1 if key == uid else T0)
        assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")  # its version's
    assert served.get("/calendar.ics", If_None_Match=second.headers["etag"]).status == 304

    # The page shows the edit at once too, and `planner sync` finds nothing left to do.
    page = served.get("/?month=2027-01").text
    assert re.search(rf'id="item-{uid}"[^>]*>\s*<p class="when">lundi 25 janvier', page)
    result = cli("--workspace", str(root), "sync", "--start", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "added 0, changed 0, removed 0" in result.output


def iso(moment: datetime) -> str:
    """A UTC instant as the parsers print it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_feeds_pass_each_parser(
    tmp_path: Path, serve: Callable[..., Served], parser: Parse, cli: Callable[..., Result]
) -> None:
    """Every kind of feed, before and after an edit, the empty one included, read as a calendar
    app reads it: instants from the feed's own VTIMEZONE, to the second."""
    root = make_workspace(tmp_path / "shop")
    served = serve(root)
    items = plan_json(cli, root)

    def read(path: str) -> dict[str, dict[str, Any]]:
        feed = tmp_path / "feed.ics"
        feed.write_bytes(served.get(path).body)
        parsed = parser(feed, {})
        assert parsed["timezones"] == (["Europe/Paris"] if parsed["events"] else ["UTC"])
        return {e["uid"].removesuffix("@parcours"): e for e in parsed["events"]}

    events = read("/calendar.ics")
    assert events.keys() == {i["id"] for i in items}
    for item in items:
        event = events[item["id"]]
        for key in ("start", "end"):
            assert event[key]["utc"] == iso(datetime.fromisoformat(item[key]))
        assert event["summary"] == item["title"]
        assert event["sequence"] == 0
        assert event["dtstamp"] == event["lastModified"] == iso(T0)
        assert event["alarm"]["trigger"] == "-PT1H"
    assert read("/campaigns/valentines-rings.ics") == events
    email = read("/channels/email.ics")
    assert email and email == {k: e for k, e in events.items() if "E-mail" in e["categories"]}
    assert read("/channels/sms.ics") == {}  # UTC's VTIMEZONE alone

    rule = root / "rules" / "valentines-rings.toml"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("fin janvier", "du 25 au 31 janvier"),
        encoding="utf-8",
    )
    served.clock.now = T1
    after = read("/calendar.ics")
    [moved] = [uid for uid in after if after[uid]["start"] != events[uid]["start"]]
    assert after[moved]["start"]["wall"].startswith("2027-01-25T")
    for uid, event in after.items():
        stamp = iso(T1 if uid == moved else T0)
        assert (event["sequence"], event["dtstamp"], event["lastModified"]) == (
            1 if uid == moved else 0,
            stamp,
            stamp,
        )


def test_campaign_and_channel_feeds_hold_their_events(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop", mothers_day=True)
    served = serve(root)
    items = plan_json(cli, root)
    campaigns = {"valentines-rings": "Saint-Valentin — bagues de fiançailles"}
    campaigns["fete-des-meres"] = "Fête des mères"
    for key, name in campaigns.items():
        reply = served.get(f"/campaigns/{key}.ics")
        calendar = reply.calendar()
        assert str(calendar["X-WR-CALNAME"]) == name
        assert by_uid(calendar).keys() == {i["id"] for i in items if i["campaign"] == name}
        assert (
            served.get(f"/campaigns/{key}.ics", If_None_Match=reply.headers["etag"]).status == 304
        )
    for channel, shown in (
        ("email", "E-mail"),
        ("instagram", "Instagram"),
        ("facebook", "Facebook"),
    ):
        calendar = served.get(f"/channels/{channel}.ics").calendar()
        assert str(calendar["X-WR-CALNAME"]) == f"Bijouterie Lemoine — {shown}"
        expected = {i["id"] for i in items if i["channel"] == channel}
        assert expected and by_uid(calendar).keys() == expected
    empty = served.get("/channels/sms.ics").calendar()
    assert empty.events == []  # known, nothing planned
    # RFC 5545 3.6: a VCALENDAR holds at least one component, or Radicale refuses it.
    assert empty.subcomponents
    assert served.get("/campaigns/nope.ics").status == 404
    assert served.get("/channels/nope.ics").status == 404
    page = served.get("/").text
    port = served.port
    for path in ("calendar", "campaigns/fete-des-meres", "channels/email"):
        assert f'href="webcal://127.0.0.1:{port}/{path}.ics"' in page


def test_feeds_take_the_alarm_asked_for(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop")
    events = serve(root, alarm=timedelta(minutes=30)).get("/calendar.ics").calendar().events
    assert {e.walk("VALARM")[0]["TRIGGER"].dt for e in events} == {-timedelta(minutes=30)}
    quiet = serve(make_workspace(tmp_path / "other"), alarm=None)
    assert all(not e.walk("VALARM") for e in quiet.get("/calendar.ics").calendar().events)
    bad = cli("serve", "--alarm", "soon", cwd=root)
    assert bad.exit_code == 2 and "--alarm" in bad.stderr and "Traceback" not in bad.output


def test_a_rule_that_does_not_plan_keeps_the_last_good_plan(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop")
    served = serve(root)
    first = served.get("/calendar.ics")
    rule = root / "rules" / "valentines-rings.toml"
    good = rule.read_text(encoding="utf-8")
    rule.write_text(good.replace("mi-janvier", "mi-janvir"), encoding="utf-8")
    page = served.get("/?month=2027-01")
    assert page.status == 200
    assert "rules/valentines-rings.toml:" in page.text
    assert "mi-janvier" in page.text  # the hint
    assert 'class="served-banner"' in page.text
    assert page.text.count('class="item ') == 8  # the last good plan, still shown
    assert served.get("/calendar.ics", If_None_Match=first.headers["etag"]).status == 304
    rule.write_text(good, encoding="utf-8")
    assert 'class="served-banner"' not in served.get("/").text


def test_a_rule_over_the_limits_is_shown_and_keeps_the_last_good_plan(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    """Every day until 2200 is more than [limits] occurrences: said on the page, found after
    5,001 days rather than after 63,000 items planned and synced."""
    root = make_workspace(tmp_path / "shop")
    served = serve(root, chosen=True)  # its errors in English
    assert served.get("/?month=2027-01").text.count('class="item ') == 8
    rule = root / "rules" / "valentines-rings.toml"
    good = rule.read_text(encoding="utf-8")
    rule.write_text(
        good.replace(
            'when = "début janvier"', 'when = "du 1er janvier 2027 au 31 décembre 2200"'
        ).replace('every = "3 jours"', 'every = "tous les jours"'),
        encoding="utf-8",
    )
    page = served.get("/?month=2027-01")
    assert page.status == 200
    assert "repeats more than 5,000 times" in page.text
    assert "[limits] occurrences = 10000" in page.text  # the hint
    assert page.text.count('class="item ') == 8  # the last good plan, still shown


def test_a_deleted_rule_file_leaves_the_store_and_the_feeds(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop", mothers_day=True)
    served = serve(root)
    assert len(served.get("/campaigns/fete-des-meres.ics").calendar().events) == 4
    (root / "rules" / "fete-des-meres.toml").unlink()
    served.clock.now = T1
    assert served.get("/campaigns/fete-des-meres.ics").calendar().events == []
    assert len(served.get("/calendar.ics").calendar().events) == 8
    assert stored_status(cli, root)["items"] == {"pending": 8, "removed": 4}


def test_a_store_that_cannot_sync_still_shows_the_new_plan(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop")
    served = serve(root)
    before = served.get("/calendar.ics")
    settings = root / "planner.toml"
    settings.write_text(SETTINGS + '\n[[hooks]]\nkind = "carrier-pigeon"\n', encoding="utf-8")
    rule = root / "rules" / "valentines-rings.toml"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("fin janvier", "du 25 au 31 janvier"),
        encoding="utf-8",
    )
    page = served.get("/?month=2027-01").text
    assert 'class="served-banner"' in page and "carrier-pigeon" in page
    assert '<li class="day" data-date="2027-01-25">' in page  # the new plan
    after = served.get("/calendar.ics")  # the store's, as it was: the same bytes
    assert (after.body, after.headers["etag"]) == (before.body, before.headers["etag"])


def restaurant_workspace(folder: Path) -> Path:
    """The restaurant's launch (a 48-hour flash sale last) in a workspace of its own."""
    (folder / "rules").mkdir(parents=True)
    (folder / "planner.toml").write_text(SETTINGS, encoding="utf-8")
    shutil.copy(ROOT / "rules" / "restaurant-launch.toml", folder / "rules")
    return folder


def plan_from(cli: Callable[..., Result], root: Path, start: str) -> list[dict[str, Any]]:
    result = cli("--workspace", str(root), "plan", "--start", start, "--format", "json")
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def test_a_multi_day_item_is_on_each_of_its_days_across_a_month_end(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    """Planned on 24 March, the flash sale runs from 30 March 12:00 to 1 April 12:00: April's
    page shows it continuing, in its calendar and in its list of items (with its buttons)."""
    root = restaurant_workspace(tmp_path / "shop")
    served = serve(root, clock=Clock(datetime(2027, 3, 24, 8, tzinfo=UTC)))
    [sale] = [i for i in plan_from(cli, root, "2027-03-24") if i["stage"] == "conversion"]
    march = served.get("/?month=2027-03").text
    found = days_of(march)
    assert found.days["2027-03-30"] == {"items": [sale["id"]], "continues": []}
    assert found.days["2027-03-31"] == {"items": [], "continues": [sale["id"]]}
    assert 'href="?month=2027-04"' in march
    april = served.get("/?month=2027-04").text
    found = days_of(april)
    assert found.days["2027-04-01"] == {"items": [], "continues": [sale["id"]]}
    assert "until 12:00" in found.text["2027-04-01"]
    when = "Tuesday, March 30 · 12:00 – Thursday, April 1 · 12:00"
    assert re.search(rf'id="item-{sale["id"]}"[^>]*>\s*<p class="when">{when} ·', april)
    assert f'action="/items/{sale["id"]}/skip"' in april


def opened_month(page: str) -> str:
    """The month a page shows (the served page shows one)."""
    [key] = re.findall(r'<section class="month first" id="m-([0-9]{4}-[0-9]{2})"', page)
    return key


@pytest.mark.parametrize(
    "today",
    [
        datetime(2027, 1, 31, 8, tzinfo=UTC),  # January has items, all of them past
        datetime(2027, 2, 10, 8, tzinfo=UTC),  # February has none: not an empty month
    ],
    ids=["past-items", "empty-month"],
)
def test_the_page_opens_on_the_month_of_the_next_items(
    tmp_path: Path, serve: Callable[..., Served], today: datetime
) -> None:
    """The server left running: days later, January's steps are past (they no longer plan, so
    the page keeps the last good plan), and the page without ?month opens on May, where the
    next items are."""
    clock = Clock()
    served = serve(make_workspace(tmp_path / "shop", mothers_day=True), clock=clock)
    assert opened_month(served.get("/").text) == "2027-01"  # on 1 December: January is next
    clock.now = today
    page = served.get("/").text
    assert 'class="served-banner"' in page  # the last good plan, with January and May
    assert opened_month(page) == "2027-05"
    assert 'href="?month=2027-05" aria-current="page"' in page
    assert opened_month(served.get("/?month=2027-01").text) == "2027-01"  # asked for


def test_with_nothing_ahead_the_page_opens_on_the_last_month_with_items(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = tmp_path / "shop"
    (root / "rules").mkdir(parents=True)
    (root / "planner.toml").write_text(SETTINGS, encoding="utf-8")
    (root / "rules" / "fete.toml").write_text(
        '[campaign]\nname = "Fête"\nanchor = "2027-05-30"\n\n'
        '[[step]]\nstage = "awareness"\nwhen = "2027-03-05"\nchannels = ["instagram"]\n'
        'content = "Teaser"\n\n'
        '[[step]]\nstage = "conversion"\nwhen = "2027-05-20"\nchannels = ["instagram"]\n'
        'content = "Offre"\n',
        encoding="utf-8",
    )
    clock = Clock()
    served = serve(root, clock=clock)
    assert opened_month(served.get("/").text) == "2027-03"
    clock.now = datetime(2027, 6, 15, 8, tzinfo=UTC)  # after the last item, in a month without
    assert opened_month(served.get("/").text) == "2027-05"


def test_with_several_campaigns_each_item_says_which_it_belongs_to(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    """In the calendar and in the month's list of items: a short name, the full one on hover;
    nothing of the kind in a workspace of one campaign."""
    root = make_workspace(tmp_path / "shop", mothers_day=True)
    served = serve(root)
    short = {"Saint-Valentin — bagues de fiançailles": "Saint-Valentin"}
    short["Fête des mères"] = "Fête des mères"
    items = plan_json(cli, root)
    for month in ("2027-01", "2027-05"):
        page = served.get(f"/?month={month}").text
        chunks = item_chunks(page)
        for item in (i for i in items if i["start"].startswith(month)):
            tag = f'<span class="ctag" title="{item["campaign"]}">{short[item["campaign"]]}</span>'
            assert tag in chunks[item["id"]]
            row = re.search(rf'id="item-{item["id"]}".*?</li>', page, re.S)
            assert row and tag in row.group(0)
    alone = serve(make_workspace(tmp_path / "alone")).get("/?month=2027-01").text
    assert "data-item-id" in alone and 'class="ctag"' not in alone


def test_skipped_and_done_items_are_shown_as_such(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    """Marked with `planner skip` and `planner done`: in the calendar and in the list of items,
    a skipped item is struck through and says so, a done one says so, in the page's language;
    so do the continuations of a skipped sale over several days."""
    root = make_workspace(tmp_path / "shop")  # in French
    served = serve(root)
    first, second, third = (i["id"] for i in plan_json(cli, root)[:3])
    assert served.get("/").status == 200  # the plan is in the store
    for command, ident in (("skip", first), ("done", second)):
        result = cli("--workspace", str(root), command, ident)
        assert result.exit_code == 0, result.output
    page = served.get("/?month=2027-01").text
    chunks = item_chunks(page)
    assert 'class="item st-awareness is-skipped"' in chunks[first]
    assert '<span class="state">ignoré</span>' in chunks[first]
    assert "is-done" in chunks[second] and '<span class="state">fait</span>' in chunks[second]
    assert "is-" not in chunks[third] and 'class="state"' not in chunks[third]
    rows = {m.group(1): m.group(0) for m in re.finditer(r'id="item-(\w+)".*?</li>', page, re.S)}
    assert 'data-state="skipped"' in rows[first] and '<span class="is">ignoré</span>' in rows[first]
    assert 'data-state="done"' in rows[second] and '<span class="is">fait</span>' in rows[second]

    root = restaurant_workspace(tmp_path / "restaurant")  # in English, a sale of 48 hours
    served = serve(root, clock=Clock(datetime(2027, 3, 1, 8, tzinfo=UTC)))
    [sale] = [i["id"] for i in plan_from(cli, root, "2027-03-01") if i["stage"] == "conversion"]
    assert served.get("/").status == 200
    assert cli("--workspace", str(root), "skip", sale).exit_code == 0
    page = served.get("/?month=2027-03").text
    found = re.findall(rf'<li class="item ([^"]*)" data-[a-z-]+="{sale}".*?</li>', page)
    assert len(found) == 3  # 7, 8 and 9 March
    for chunk in re.findall(rf'<li class="item [^"]*" data-[a-z-]+="{sale}".*?</li>', page):
        assert "is-skipped" in chunk and '<span class="state">skipped</span>' in chunk


# -- security ----------------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"


def test_user_text_renders_as_text(tmp_path: Path, serve: Callable[..., Served]) -> None:
    root = make_workspace(tmp_path / "shop")
    (root / "rules" / "xss.toml").write_text(
        f"""[campaign]
name = "Soldes {SCRIPT} \\"chic\\" l'été"
anchor = "2027-01-20"

[[step]]
stage = "awareness"
when = "mi-janvier"
channels = ["instagram"]
title = "Titre {SCRIPT} \\"guillemets\\" & 'apostrophes'"
content = "Brief {SCRIPT} <img src=x onerror=alert(1)> \\"quoted\\""
""",
        encoding="utf-8",
    )
    served = serve(root, chosen=True)  # its errors in English
    reply = served.get("/?month=2027-01")
    assert reply.status == 200
    page = reply.text
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&#34;guillemets&#34; &amp; &#39;apostrophes&#39;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    headers = reply.headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "script-src" not in headers["content-security-policy"]  # none: default-src
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cache-control"] == "no-store"
    # The feed holds the same text, as iCalendar text.
    summaries = {str(e["SUMMARY"]) for e in served.get("/calendar.ics").calendar().events}
    assert f"Instagram — Titre {SCRIPT} \"guillemets\" & 'apostrophes'" in summaries
    # An error message quoting what the user wrote is escaped too.
    (root / "rules" / "xss.toml").write_text(
        f'[campaign]\nname = "x"\n\n[[step]]\nstage = "awareness"\nwhen = "mi-janvier"\n'
        f'channels = ["{SCRIPT}"]\ncontent = "x"\n',
        encoding="utf-8",
    )
    page = served.get("/").text
    assert "<script" not in page.lower()
    assert "unknown channel" in page and "&lt;script&gt;" in page


def test_a_local_bind_answers_only_to_local_names(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    served = serve(make_workspace(tmp_path / "shop"))
    assert served.get("/").status == 200
    assert served.get("/", Host=f"localhost:{served.port}").status == 200
    # A foreign name resolving to 127.0.0.1 (DNS rebinding) gets nothing.
    rebound = served.get("/calendar.ics", Host=f"evil.example:{served.port}")
    assert (rebound.status, rebound.body) == (404, b"not found\n")
    assert served.get("/t/wrong/").status == 404


def test_beyond_this_machine_every_url_needs_the_token(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop")
    served = serve(root, host="0.0.0.0")  # as bound to the LAN; reached over 127.0.0.1
    token_file = root / ".planner" / "serve-token"
    assert token_file.read_text(encoding="ascii").strip() == served.token
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert len(served.token) >= 40
    lan = {"Host": "192.168.1.20:8000"}
    for path in ("/", "/calendar.ics", "/campaigns/valentines-rings.ics", "/?month=2027-01"):
        for prefix in ("", "/t/wrong", f"/t/{served.token[:-1]}", f"/t/{served.token}x"):
            reply = served.request("GET", prefix + path, lan)
            assert (reply.status, reply.body) == (404, b"not found\n"), prefix + path
            assert reply.headers["referrer-policy"] == "same-origin"
        assert served.request("GET", f"/t/{served.token}{path}", lan).status == 200
    bearer = {**lan, "Authorization": f"Bearer {served.token}"}
    assert served.request("GET", "/calendar.ics", bearer).status == 200
    wrong = {**lan, "Authorization": "Bearer nope"}
    assert served.request("GET", "/calendar.ics", wrong).status == 404
    # The page's links keep the token, for the phone that opened it.
    page = served.request("GET", f"/t/{served.token}/?month=2027-01", lan).text
    assert f'href="webcal://192.168.1.20:8000/t/{served.token}/calendar.ics"' in page
    assert f'action="/t/{served.token}/items/' in page
    # The token stays the same from one start to the next.
    again = serve(root, host="0.0.0.0")
    assert again.token == served.token


def test_done_and_skip_need_the_csrf_token(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = make_workspace(tmp_path / "shop")
    served = serve(root, host="0.0.0.0")
    items = plan_json(cli, root)
    page = served.get("/?month=2027-01").text
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{64})"', page))
    first, second = items[0]["id"], items[1]["id"]
    origin = f"http://127.0.0.1:{served.port}"

    refused = [
        served.post(f"/items/{first}/done", {"month": "2027-01"}),
        served.post(f"/items/{first}/done", {"csrf": "0" * 64}),
        served.post(f"/items/{first}/done", {"csrf": csrf}, origin="http://evil.example"),
        served.post(f"/items/{first}/skip", {"csrf": csrf}, origin="null"),
    ]
    assert [r.status for r in refused] == [403] * 4
    assert (
        served.request(
            "POST",
            f"/items/{first}/done",
            {"Content-Type": "application/x-www-form-urlencoded"},
            urlencode({"csrf": csrf}).encode(),
        ).status
        == 404
    )  # and without the URL token, nothing at all
    assert stored_status(cli, root)["items"] == {"pending": len(items)}

    done = served.post(f"/items/{first}/done", {"csrf": csrf, "month": "2027-01"}, origin=origin)
    assert done.status == 303
    assert done.headers["location"] == f"/t/{served.token}/?month=2027-01#item-{first}"
    skipped = served.post(f"/items/{second}/skip", {"csrf": csrf})  # curl: no Origin
    assert skipped.status == 303
    assert stored_status(cli, root)["items"] == {
        "pending": len(items) - 2,
        "done": 1,
        "skipped": 1,
    }
    assert served.post("/items/ffffffffffffffff/done", {"csrf": csrf}).status == 404
    assert served.post(f"/items/{first}/later", {"csrf": csrf}).status == 404
    assert served.get(f"/items/{first}/done").status == 405

    page = served.get("/?month=2027-01").text
    assert f'id="item-{first}" data-state="done"' in page
    assert f'id="item-{second}" data-state="skipped"' in page
    assert f'action="/t/{served.token}/items/{first}/done"' not in page
    # A skipped item leaves the feed; a done one stays, a new version of it.
    events = by_uid(served.get("/calendar.ics").calendar())
    assert second not in events
    assert events[first].decoded("SEQUENCE") == 1


def test_a_post_without_the_csrf_field_is_refused_403(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    """What the README promises: a form without the page's token is refused (403), however it
    is sent (curl -X POST sends no body and no Content-Type; curl -F sends multipart)."""
    root = make_workspace(tmp_path / "shop")
    served = serve(root, chosen=True)  # its answers in English
    assert served.get("/").status == 200  # the page is open: the plan is in the store
    path = f"/items/{plan_json(cli, root)[0]['id']}/done"
    multipart = b'--x\r\nContent-Disposition: form-data; name="month"\r\n\r\n2027-01\r\n--x--\r\n'
    for headers, body in (
        ({}, None),  # curl -X POST
        ({"Content-Type": "application/x-www-form-urlencoded"}, b""),  # curl -d ''
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"month=2027-01"),
        ({"Content-Type": "multipart/form-data; boundary=x"}, multipart),  # curl -F
        ({"Content-Type": "application/json"}, b'{"month": "2027-01"}'),
        ({"Content-Type": "text/plain"}, b"month=2027-01"),  # another site's text/plain form
    ):
        reply = served.request("POST", path, headers, body)
        assert (reply.status, reply.text) == (
            403,
            "refused: this form did not come from the page\n",
        ), headers
    assert stored_status(cli, root)["items"] == {"pending": 8}


def test_skip_after_done_is_refused_on_the_page_until_asked_again(
    cli: Callable[..., Result], tmp_path: Path, serve: Callable[..., Served]
) -> None:
    # A page open since before the item was marked (another tab, `planner done` in a
    # terminal) still has both buttons: Skip must not silently turn done into skipped.
    root = make_workspace(tmp_path / "shop")
    served = serve(root)
    first = plan_json(cli, root)[0]
    ident = first["id"]
    page = served.get("/?month=2027-01").text
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{64})"', page))
    form = {"csrf": csrf, "month": "2027-01"}
    assert served.post(f"/items/{ident}/done", form).status == 303

    refused = served.post(f"/items/{ident}/skip", form)
    assert refused.status == 409
    assert refused.headers["cache-control"] == "no-store"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", refused.text))
    assert f"« {first['title']} » est déjà marqué fait : il le reste." in text
    assert stored_status(cli, root)["items"] == {"pending": 7, "done": 1}
    # The change, offered as a button of its own: the same form, with force.
    [action] = re.findall(r'<form method="post" action="([^"]+)">', refused.text)
    assert action == f"/items/{ident}/skip"
    assert 'name="force" value="1"' in refused.text
    assert f'href="/?month=2027-01#item-{ident}"' in refused.text
    assert "Le marquer ignoré à la place" in refused.text

    forced = served.post(action, {**form, "force": "1"})
    assert forced.status == 303
    assert forced.headers["location"] == f"/?month=2027-01#item-{ident}"
    assert stored_status(cli, root)["items"] == {"pending": 7, "skipped": 1}
    assert f'id="item-{ident}" data-state="skipped"' in served.get("/?month=2027-01").text
    # And back: done again only when asked twice; without the CSRF token, nothing at all.
    assert served.post(f"/items/{ident}/done", {"force": "1"}).status == 403
    assert served.post(f"/items/{ident}/done", form).status == 409
    assert served.post(f"/items/{ident}/done", {**form, "force": "1"}).status == 303
    assert stored_status(cli, root)["items"] == {"pending": 7, "done": 1}


# -- in a browser, against the real command ----------------------------------------------------


@pytest.fixture
def planner_serve(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`planner serve --port 0` in a process of its own, on a copy of the Valentine's example;
    yields the URL it prints and the workspace."""
    root = make_workspace(tmp_path / "shop")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(T0.timestamp()))}
    with serving_on_any_port(root, env) as (url, said):
        assert said[0].startswith("planned 8 items; store: added 8, changed 0"), said
        yield url, root


def test_the_page_in_chromium(
    chromium: Any, planner_serve: tuple[str, Path], tmp_path: Path, cli: Callable[..., Result]
) -> None:
    url, root = planner_serve
    items = plan_json(cli, root)
    assert {i["start"][:7] for i in items} == {"2027-01"}
    with open_page(chromium, url + "?month=2027-01", DESKTOP) as page:
        for item in items:
            assert page.locator(f'li.item[data-item-id="{item["id"]}"]').count() == 1
            row = page.locator(f"#item-{item['id']}")
            assert row.count() == 1
            assert item["title"] in row.inner_text()
        assert text_overflows(page) == []
        assert horizontal_scroll(page) == 0
        page.screenshot(path=tmp_path / "desktop.png", full_page=True)
        # A real browser's form post: CSRF token and Origin as Chromium sends them.
        first = items[0]["id"]
        page.locator(f"#item-{first} button[value=done]").click()
        page.wait_for_url(re.compile(r"#item-"))
        assert page.locator(f"#item-{first}").get_attribute("data-state") == "done"
    with open_page(chromium, url, PHONE) as page:  # without ?month: January, the next month
        assert page.locator("li.item[data-item-id]").count() == len(items)
        assert text_overflows(page) == []
        assert horizontal_scroll(page) == 0
        page.screenshot(path=tmp_path / "phone.png", full_page=True)
    assert (tmp_path / "desktop.png").stat().st_size > 10_000
    assert (tmp_path / "phone.png").stat().st_size > 10_000
    assert stored_status(cli, root)["items"] == {"pending": len(items) - 1, "done": 1}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_shop_of_three_campaigns_in_chromium(
    chromium: Any,
    cli: Callable[..., Result],
    tmp_path: Path,
    serve: Callable[..., Served],
    viewport: tuple[int, int],
) -> None:
    """On 24 March: the page opens on March; the restaurant's sale, skipped, runs into April,
    struck through on each of its days; each item bears its campaign's short name; a Done
    button ticks its item in the calendar too. Nothing overflows at either width."""
    root = make_workspace(tmp_path / "shop", mothers_day=True)
    shutil.copy(ROOT / "rules" / "restaurant-launch.toml", root / "rules")
    served = serve(root, clock=Clock(datetime(2027, 3, 24, 8, tzinfo=UTC)))
    assert served.get("/").status == 200  # planned and synced
    launch = [i for i in plan_from(cli, root, "2027-03-24") if i["campaign"].startswith("Online")]
    first, sale = launch[0]["id"], launch[-1]["id"]
    assert cli("--workspace", str(root), "skip", sale).exit_code == 0
    url = f"http://127.0.0.1:{served.port}/"
    with open_page(chromium, url, viewport) as page:
        assert page.locator("section.month:visible").get_attribute("data-month") == "2027-03"
        item = page.locator(f'[data-date="2027-03-30"] [data-item-id="{sale}"]')
        assert item.is_visible() and item.locator(".state").inner_text() == "ignoré"
        assert item.locator(".ctag").inner_text() == "Online orders launch"
        assert "line-through" in item.locator(".title").evaluate(
            "e => getComputedStyle(e).textDecorationLine"
        )
        following = page.locator(f'[data-date="2027-03-31"] [data-continues="{sale}"]')
        assert following.is_visible() and following.locator(".state").inner_text() == "ignoré"
        row = page.locator(f"#item-{sale}")
        assert row.is_visible() and "ignoré" in row.locator(".is").inner_text()
        assert row.locator(".ctag").get_attribute("title") == "Online orders launch"
        assert text_overflows(page) == [] and horizontal_scroll(page) == 0
        page.locator(f"#item-{first} button[value=done]").click()
        page.wait_for_url(re.compile(r"#item-"))
        done = page.locator(f'[data-item-id="{first}"]')
        assert "is-done" in (done.get_attribute("class") or "")
        assert done.locator(".state").inner_text() == "fait"  # and a tick, drawn by the CSS
        assert text_overflows(page) == [] and horizontal_scroll(page) == 0
        page.screenshot(path=str(tmp_path / f"march-{viewport[0]}.png"), full_page=True)
        page.locator('.monthnav a[href="?month=2027-04"]').click()
        page.wait_for_url(re.compile(r"month=2027-04"))
        last = page.locator(f'[data-date="2027-04-01"] [data-continues="{sale}"]')
        assert last.is_visible() and last.locator(".state").inner_text() == "ignoré"
        assert page.locator(f"#item-{sale}").is_visible()
        assert text_overflows(page) == [] and horizontal_scroll(page) == 0
        page.screenshot(path=str(tmp_path / f"april-{viewport[0]}.png"), full_page=True)
