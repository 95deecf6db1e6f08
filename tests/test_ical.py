"""planner.ical: the streaming RFC 5545 writer, checked against three independent parsers.

Every item is built here with pinned data (no clock). What the writer produces is read back by
icalendar, by ical.js (Thunderbird's parser, run with Node from tests/icaljs/) and by libical
(Evolution's, run with Debian's Python: tests/libical.py), and compared field by field with the
items; time-zone rules are compared with the tz database itself.
"""

from __future__ import annotations

import errno
import os
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from planner.errors import OutputError, PlacementError, Pos
from planner.ical import PRODID, Alarm, export, format_event, write_calendar
from planner.icaltext import escape_text, fold, format_duration, format_utc
from planner.journey import label as stage_label
from planner.plan import Item, item_id

from .libical import Parse

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "ics"

PARIS = ZoneInfo("Europe/Paris")
MONTREAL = ZoneInfo("America/Montreal")
ZULU = ZoneInfo("UTC")
DTSTAMP = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ALARM = timedelta(hours=1)
CALNAME = "Saint-Valentin, bagues; 2027"

# 300 characters of one-, two-, three- and four-octet UTF-8 text.
LONG_TITLE = ("Bague é 日本 😀 " * 40)[:300]
TRICKY_TITLE = 'Remise de 30 %, livraison gratuite; "vite" : C:\\promo'
TRICKY_BRIEF = "Ligne 1, avec virgule;\nLigne 2 — accents éèà, emoji 💍\r\nLigne 3\n\n\\n littéral"


def shown_categories(item: Item) -> list[str]:
    """An event's tags: its stage and channel as people read them (no channel files here)."""
    stage = stage_label(item.stage, item.locale)
    return [stage[0].upper() + stage[1:], item.channel.replace("_", " ").capitalize()]


def make(
    n: int,
    start: datetime,
    end: datetime | None = None,
    *,
    all_day: bool = False,
    title: str = "Bagues de fiançailles",
    brief: str = "Images et vidéos de bagues",
    stage: str = "awareness",
    channel: str = "instagram",
    kind: str = "publish",
) -> Item:
    if end is None:
        end = start + (timedelta(days=1) if all_day else timedelta(minutes=30))
    return Item(
        id=item_id("valentines", str(n), channel, kind, n),
        campaign="Saint-Valentin",
        stage=stage,
        step=n % 5 + 1,
        channel=channel,
        start=start,
        end=end,
        all_day=all_day,
        title=title,
        brief=brief,
        kind=kind,
        source=f"rules/valentines-rings.toml:{10 + n}",
    )


def sample() -> list[Item]:
    """Items covering the writer's cases: both DST changes in two zones, all-day, UTC, text."""
    return [
        make(1, datetime(2027, 1, 5, 11, tzinfo=PARIS), title=TRICKY_TITLE, brief=TRICKY_BRIEF),
        make(2, datetime(2027, 2, 14, tzinfo=PARIS), all_day=True, stage="conversion"),
        make(3, datetime(2027, 2, 1, 8, 0, tzinfo=ZULU), channel="email", kind="prepare"),
        make(4, datetime(2027, 3, 27, 19, tzinfo=PARIS), title=LONG_TITLE),
        make(5, datetime(2027, 3, 29, 11, tzinfo=PARIS), stage="consideration", channel="email"),
        make(6, datetime(2027, 3, 13, 10, tzinfo=MONTREAL), channel="sms"),
        make(7, datetime(2027, 3, 15, 10, tzinfo=MONTREAL), channel="sms", brief=""),
        make(8, datetime(2027, 10, 30, 11, tzinfo=PARIS), stage="retention"),
        make(9, datetime(2027, 10, 31, 10, tzinfo=PARIS), stage="advocacy", channel="in-store"),
        make(10, datetime(2027, 11, 8, 19, 45, tzinfo=MONTREAL), end=None),
        make(
            11,
            datetime(2027, 11, 9, tzinfo=PARIS),
            datetime(2027, 11, 12, tzinfo=PARIS),
            all_day=True,
        ),
    ]


def write(items: list[Item], path: Path, **options: Any) -> bytes:
    options = {"calname": CALNAME, "dtstamp": DTSTAMP, "alarm": ALARM, **options}
    assert export(iter(items), path, **options) == len(items)
    return path.read_bytes()


def unfold(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def events_of(data: bytes) -> list[Event]:
    calendar = Calendar.from_ical(data)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    events: list[Event] = calendar.events
    return events


def newline_text(text: str) -> str:
    return text.replace("\r\n", "\n")


# --- icalendar reads back what was written -------------------------------------------------


def test_calendar_properties_round_trip(tmp_path: Path) -> None:
    calendar = Calendar.from_ical(write(sample(), tmp_path / "plan.ics"))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    # No METHOD: a snapshot, not an iTIP message (RFC 5545 §3.7.2), whose PUBLISH would need an
    # ORGANIZER in every event (RFC 5546 §3.2.1); Outlook reads a calendar without one as PUBLISH.
    assert "METHOD" not in calendar
    assert str(calendar["X-WR-CALNAME"]) == CALNAME
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"  # the first item's zone
    # One VTIMEZONE per TZID used, none for UTC, all before the first event.
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Paris", "America/Montreal"]
    names = [component.name for component in calendar.subcomponents]
    assert names == ["VTIMEZONE", "VTIMEZONE"] + ["VEVENT"] * len(sample())


def test_events_round_trip_through_icalendar(tmp_path: Path) -> None:
    items = sample()
    events = events_of(write(items, tmp_path / "plan.ics"))
    assert len(events) == len(items)
    for item, event in zip(items, events, strict=True):
        assert str(event["UID"]) == f"{item.id}@parcours"
        assert event.DTSTAMP == DTSTAMP
        if item.all_day:
            assert item.start.date() == event.DTSTART
            assert item.end.date() == event.DTEND  # exclusive, as in the item
            assert not isinstance(event.DTSTART, datetime)
        elif item.tzid == "UTC":
            assert event.DTSTART.tzinfo is not None and event.DTSTART.utcoffset() == timedelta(0)
            assert "TZID" not in event["DTSTART"].params
            assert (item.start, item.end) == (event.DTSTART, event.DTEND)
        else:
            assert event["DTSTART"].params["TZID"] == item.tzid
            assert event["DTEND"].params["TZID"] == item.tzid
            assert (item.start, item.end) == (event.DTSTART, event.DTEND)
            assert event.DTSTART.utcoffset() == item.start.utcoffset()
        assert str(event["SUMMARY"]) == item.title
        assert str(event.get("DESCRIPTION", "")) == newline_text(item.brief)
        assert [str(c) for c in event.categories] == shown_categories(item)
        assert event["SEQUENCE"] == 0
        assert (str(event["STATUS"]), str(event["TRANSP"])) == ("CONFIRMED", "TRANSPARENT")
        assert str(event["X-PARCOURS-KIND"]) == item.kind
        assert str(event["X-PARCOURS-SOURCE"]) == item.source
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"]) == item.title
        # An all-day item's reminder: at 09:00 on its day (its DTSTART is a local midnight).
        assert alarm.decoded("TRIGGER") == (timedelta(hours=9) if item.all_day else -ALARM)


def test_without_alarm_there_is_no_valarm(tmp_path: Path) -> None:
    data = write(sample(), tmp_path / "plan.ics", alarm=None)
    assert b"VALARM" not in data
    assert len(events_of(data)) == len(sample())


def test_utc_and_fixed_offset_items_are_written_in_utc(tmp_path: Path) -> None:
    plus2 = timezone(timedelta(hours=2))
    items = [
        make(1, datetime(2027, 2, 1, 8, tzinfo=ZULU)),
        make(2, datetime(2027, 2, 1, 8, tzinfo=UTC)),
        make(3, datetime(2027, 2, 1, 10, tzinfo=plus2)),
    ]
    data = write(items, tmp_path / "plan.ics")
    assert b"BEGIN:VTIMEZONE" not in data
    lines = unfold(data)
    assert lines.count("DTSTART:20270201T080000Z") == 3
    assert lines.count("DTEND:20270201T083000Z") == 3
    for item, event in zip(items, events_of(data), strict=True):
        assert (item.start, item.end) == (event.DTSTART, event.DTEND)


def test_all_day_item_has_exclusive_date_end(tmp_path: Path) -> None:
    items = [
        make(1, datetime(2027, 2, 14, tzinfo=PARIS), all_day=True),
        make(
            2,
            datetime(2027, 2, 20, tzinfo=PARIS),
            datetime(2027, 2, 20, tzinfo=PARIS),
            all_day=True,
        ),
    ]
    lines = unfold(write(items, tmp_path / "plan.ics"))
    assert "DTSTART;VALUE=DATE:20270214" in lines
    assert "DTEND;VALUE=DATE:20270215" in lines
    # An all-day item ending where it starts still lasts its day: DTEND must follow DTSTART.
    assert "DTEND;VALUE=DATE:20270221" in lines
    # No timed event: no VTIMEZONE is needed, the zone is only named for the calendar.
    assert "BEGIN:VTIMEZONE" not in lines
    assert "X-WR-TIMEZONE:Europe/Paris" in lines


def test_zero_length_item_has_no_dtend(tmp_path: Path) -> None:
    start = datetime(2027, 2, 1, 10, tzinfo=PARIS)
    (event,) = events_of(write([make(1, start, start)], tmp_path / "plan.ics"))
    assert start == event.DTSTART
    assert "DTEND" not in event


@pytest.mark.parametrize(
    "start",
    [
        datetime(2027, 10, 31, 2, 30, tzinfo=PARIS),  # happens twice: the first instant
        datetime(2027, 11, 7, 1, 15, tzinfo=MONTREAL),
    ],
)
def test_the_first_of_a_wall_time_that_happens_twice_keeps_its_zone(
    tmp_path: Path, start: datetime
) -> None:
    """RFC 5545 3.3.5 reads such a wall time as its first instant: written in its zone, it
    stays in the shop's time when an app edits the event."""
    data = write([make(1, start)], tmp_path / "plan.ics")
    (event,) = events_of(data)
    assert f"DTSTART;TZID={start.tzinfo}:" + start.strftime("%Y%m%dT%H%M%S") in unfold(data)
    assert event.DTSTART.astimezone(UTC) == start.astimezone(UTC)


@pytest.mark.parametrize(
    "start",
    [
        datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=PARIS),  # happens twice: the second
        datetime(2027, 11, 7, 1, 15, fold=1, tzinfo=MONTREAL),
        datetime(2027, 3, 28, 2, 30, tzinfo=PARIS),  # skipped by the change
    ],
)
def test_wall_times_no_local_time_can_say_are_written_in_utc(
    tmp_path: Path, start: datetime
) -> None:
    """The second of a wall time that happens twice, or one the clocks skip: UTC is exact."""
    data = write([make(1, start)], tmp_path / "plan.ics")
    (event,) = events_of(data)
    assert "DTSTART:" + format_utc(start) in unfold(data)
    assert "TZID" not in event["DTSTART"].params
    # Compared in UTC: Python calls an ambiguous time unequal to any time in another zone.
    assert event.DTSTART.astimezone(UTC) == start.astimezone(UTC)


def test_text_with_escapes_round_trips_byte_for_byte(tmp_path: Path) -> None:
    lines = unfold(write(sample()[:1], tmp_path / "plan.ics"))
    assert 'SUMMARY:Remise de 30 %\\, livraison gratuite\\; "vite" : C:\\\\promo' in lines
    assert (
        "DESCRIPTION:Ligne 1\\, avec virgule\\;\\nLigne 2 — accents éèà\\, emoji 💍\\n"
        "Ligne 3\\n\\n\\\\n littéral"
    ) in lines


# --- folding -------------------------------------------------------------------------------


def test_long_multibyte_line_folds_at_75_octets(tmp_path: Path) -> None:
    data = write(
        [make(1, datetime(2027, 1, 5, 11, tzinfo=PARIS), title=LONG_TITLE)], tmp_path / "a.ics"
    )
    physical = data.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # each physical line on its own: no character was split
    summary = [line for line in unfold(data) if line.startswith("SUMMARY:")]
    assert summary == [f"SUMMARY:{LONG_TITLE}"]
    assert len(f"SUMMARY:{LONG_TITLE}".encode()) > 4 * 75  # it did need several folds


@pytest.mark.parametrize("alphabet", ["a", "é", "日本", "😀", "aé日😀", "a😀"])
def test_fold_is_greedy_and_reversible(alphabet: str) -> None:
    for size in range(0, 260):
        line = (alphabet * 300)[:size]
        folded = fold(line)
        assert folded.replace("\r\n ", "") == line
        physical = [part.encode() for part in folded.split("\r\n")]
        assert all(len(part) <= 75 for part in physical)
        assert all(part.startswith(b" ") for part in physical[1:])
        # Greedy: a line is cut only when its next character (at most 4 octets) would not fit.
        assert all(len(part) > 75 - 4 for part in physical[:-1])


# --- escaping and values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain text: with colon", "plain text: with colon"),
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
        ("tab\tkept, bell\x07 and nul\x00 dropped", "tab\tkept\\, bell and nul dropped"),
        ('quotes "kept"', 'quotes "kept"'),
        ("accents é, emoji 😀", "accents é\\, emoji 😀"),
        ("espace\u00a0insécable ; ok", "espace\u00a0insécable \\; ok"),
        ("", ""),
    ],
)
def test_escape_text(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (-timedelta(hours=1), "-PT1H"),
        (-timedelta(minutes=30), "-PT30M"),
        (-timedelta(days=1), "-P1D"),
        (-timedelta(days=1, hours=2), "-P1DT2H"),
        (-timedelta(hours=1, seconds=5), "-PT1H0M5S"),
        (timedelta(minutes=15), "PT15M"),
        (timedelta(0), "PT0S"),
    ],
)
def test_format_duration(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text


def test_format_event_is_pure() -> None:
    item = sample()[0]
    stamp = format_utc(DTSTAMP)
    first = format_event(item, stamp, Alarm.before(ALARM))
    assert first == format_event(item, stamp, Alarm.before(ALARM))
    assert first.startswith("BEGIN:VEVENT\r\n") and first.endswith("END:VEVENT\r\n")
    assert "VALARM" not in format_event(item, stamp, None)


# --- VTIMEZONE -----------------------------------------------------------------------------


def true_transitions(zone: ZoneInfo, first: datetime, last: datetime) -> list[datetime]:
    """The UTC instants (naive) where ``zone`` changes offset, found by search in the tz data."""
    found = []
    step, moment = timedelta(hours=1), first.astimezone(UTC)
    while moment < last:
        if moment.astimezone(zone).utcoffset() != (moment + step).astimezone(zone).utcoffset():
            low, high = moment, moment + step
            while high - low > timedelta(seconds=1):
                mid = low + (high - low) / 2
                same = mid.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (mid, high) if same else (low, mid)
            found.append(high.replace(tzinfo=None))
        moment += step
    return found


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (PARIS, [datetime(2027, 3, 28, 1), datetime(2027, 10, 31, 1)]),
        (MONTREAL, [datetime(2027, 3, 14, 7), datetime(2027, 11, 7, 6)]),
    ],
)
def test_vtimezone_transitions_read_back_to_the_tz_database(
    tmp_path: Path, zone: ZoneInfo, expected: list[datetime]
) -> None:
    first, last = datetime(2027, 2, 10, 11, tzinfo=zone), datetime(2027, 12, 5, 18, tzinfo=zone)
    items = [make(1, first), make(2, datetime(2027, 6, 1, 11, tzinfo=zone)), make(3, last)]
    calendar = Calendar.from_ical(write(items, tmp_path / "plan.ics"))
    (vtimezone,) = calendar.timezones
    times, infos = vtimezone.get_transitions()
    # The first entry is the observance in force at the start (no change of offset).
    assert infos[0][0] == first.utcoffset()
    assert times[1:] == expected == true_transitions(zone, first, last)
    assert [info[0] for info in infos[1:]] == [
        (moment.replace(tzinfo=UTC)).astimezone(zone).utcoffset() for moment in expected
    ]
    # Read as a tz of its own (not looked up by name), it agrees with the tz database hourly.
    own = vtimezone.to_tz(lookup_tzid=False)
    moment = first.astimezone(UTC)
    while moment <= last:
        assert moment.astimezone(own).utcoffset() == moment.astimezone(zone).utcoffset(), moment
        moment += timedelta(minutes=30)


def test_vtimezone_onset_is_local_time_before_the_change(tmp_path: Path) -> None:
    """RFC 5545 §3.6.5: DTSTART is the onset in TZOFFSETFROM (icalendar 7 writes 03:00 here)."""
    items = [
        make(1, datetime(2027, 3, 1, 11, tzinfo=PARIS)),
        make(2, datetime(2027, 11, 1, 11, tzinfo=PARIS)),
    ]
    text = write(items, tmp_path / "plan.ics").decode()
    daylight = text[text.index("BEGIN:DAYLIGHT") : text.index("END:DAYLIGHT")]
    assert "DTSTART:20270328T020000" in daylight
    assert "TZOFFSETFROM:+0100" in daylight and "TZOFFSETTO:+0200" in daylight
    standard = text[text.rindex("BEGIN:STANDARD") : text.rindex("END:STANDARD")]
    assert "DTSTART:20271031T030000" in standard
    assert "TZOFFSETFROM:+0200" in standard and "TZOFFSETTO:+0100" in standard


def test_vtimezone_holds_only_what_rfc_5545_allows_there(tmp_path: Path) -> None:
    """§3.6.5: TZID, LAST-MODIFIED, TZURL and X- properties; a COMMENT belongs in an observance
    (§3.8.1.4), and libical's restriction check refuses one in the VTIMEZONE itself."""
    items = [make(1, datetime(2027, 1, 5, 11, tzinfo=PARIS)), make(2, sample()[5].start)]
    calendar = Calendar.from_ical(write(items, tmp_path / "plan.ics"))
    assert len(calendar.timezones) == 2
    for vtimezone in calendar.timezones:
        names = set(vtimezone)
        assert {n for n in names if not n.startswith("X-")} <= {"TZID", "LAST-MODIFIED", "TZURL"}


def test_vtimezone_is_bounded_to_the_plan(tmp_path: Path) -> None:
    items = [
        make(1, datetime(2026, 11, 20, 11, tzinfo=PARIS)),
        make(2, datetime(2028, 4, 2, 11, tzinfo=PARIS)),
    ]
    calendar = Calendar.from_ical(write(items, tmp_path / "plan.ics"))
    (vtimezone,) = calendar.timezones
    onsets = []
    for sub in vtimezone.subcomponents:
        onsets.append(sub.DTSTART)
        onsets.extend(moment for moment, _ in sub.rdates)
    assert sorted(onsets) == [
        datetime(2026, 11, 20),  # in force at the first item
        datetime(2027, 3, 28, 2),
        datetime(2027, 10, 31, 3),
        datetime(2028, 3, 26, 2),
    ]


def test_vtimezone_without_transition_in_range(tmp_path: Path) -> None:
    items = [
        make(1, datetime(2027, 4, 5, 11, tzinfo=PARIS)),
        make(2, datetime(2027, 5, 20, 11, tzinfo=PARIS)),
    ]
    calendar = Calendar.from_ical(write(items, tmp_path / "plan.ics"))
    (vtimezone,) = calendar.timezones
    (observance,) = vtimezone.subcomponents
    assert observance.name == "DAYLIGHT"
    assert observance.TZOFFSETFROM == observance.TZOFFSETTO == timedelta(hours=2)


# --- ical.js (Thunderbird's) and libical (Evolution's), independent parsers -----------------


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_events_round_trip_through_each_parser(tmp_path: Path, parser: Parse) -> None:
    items = sample()
    path = tmp_path / "plan.ics"
    write(items, path)
    parsed = parser(path, {})
    assert parsed["calname"] == CALNAME
    # A set: libical reorders them (tests/libical.py); icalendar checks the order written.
    assert sorted(parsed["timezones"]) == ["America/Montreal", "Europe/Paris"]
    assert len(parsed["events"]) == len(items)
    for item, event in zip(items, parsed["events"], strict=True):
        assert event["uid"] == f"{item.id}@parcours"
        assert event["summary"] == item.title
        assert event["description"] == (newline_text(item.brief) or None)
        assert event["categories"] == shown_categories(item)
        assert (event["kind"], event["source"]) == (item.kind, item.source)
        assert (event["status"], event["transp"], event["sequence"]) == (
            "CONFIRMED",
            "TRANSPARENT",
            0,
        )
        assert (event["dtstamp"], event["lastModified"]) == (iso_utc(DTSTAMP), None)
        assert event["alarm"] == {
            "action": "DISPLAY",
            "description": item.title,
            "trigger": "PT9H" if item.all_day else "-PT1H",
        }
        for moment, seen in ((item.start, event["start"]), (item.end, event["end"])):
            if item.all_day:
                assert seen == {
                    "isDate": True,
                    "wall": moment.date().isoformat(),
                    "zone": None,
                    "utc": None,
                }
            else:
                # Neither uses a tz database here: the UTC instant is the file's VTIMEZONE's.
                assert seen["utc"] == iso_utc(moment)
                assert seen["zone"] == item.tzid
                if item.tzid != "UTC":
                    assert seen["wall"] == moment.replace(tzinfo=None).isoformat()


def test_each_parser_resolves_local_times_around_transitions(tmp_path: Path, parser: Parse) -> None:
    items = [
        make(1, datetime(2027, 1, 10, 11, tzinfo=PARIS)),
        make(2, datetime(2027, 12, 1, 11, tzinfo=PARIS)),
        make(3, datetime(2027, 1, 10, 11, tzinfo=MONTREAL)),
        make(4, datetime(2027, 12, 1, 11, tzinfo=MONTREAL)),
    ]
    path = tmp_path / "plan.ics"
    write(items, path)
    # Just before and after each change, avoiding the skipped and repeated hours themselves.
    walls = {
        "Europe/Paris": [
            "2027-03-28T01:59:59",
            "2027-03-28T03:00:00",
            "2027-10-31T01:59:59",
            "2027-10-31T03:00:00",
            "2027-06-01T12:00:00",
        ],
        "America/Montreal": [
            "2027-03-14T01:59:59",
            "2027-03-14T03:00:00",
            "2027-11-07T00:59:59",
            "2027-11-07T02:00:00",
            "2027-06-01T12:00:00",
        ],
    }
    probes = parser(path, walls)["probes"]
    for tzid, local_times in walls.items():
        zone = ZoneInfo(tzid)
        expected = [
            iso_utc(datetime.fromisoformat(wall).replace(tzinfo=zone)) for wall in local_times
        ]
        assert [probe["utc"] for probe in probes[tzid]] == expected, tzid


def test_libical_refuses_what_it_should(tmp_path: Path, libical: Parse) -> None:
    """The check is live: a value it cannot parse, and what RFC 5545 does not allow where it is
    (the VTIMEZONE COMMENT icalendar writes; METHOD:PUBLISH without ORGANIZER), fail a test."""
    good = write(sample()[:1], tmp_path / "good.ics").decode()
    libical(tmp_path / "good.ics", {})
    zone, scale = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n", "CALSCALE:GREGORIAN\r\n"
    start = "DTSTART;TZID=Europe/Paris:2027"
    bad = {
        "value": (good.replace(start + "0105", start + "XX05"), "parser marked"),
        "comment": (good.replace(zone, zone + "COMMENT:only 2027\r\n"), "restriction check"),
        "method": (good.replace(scale, scale + "METHOD:PUBLISH\r\n"), "restriction check"),
    }
    for name, (text, message) in bad.items():
        assert text != good, name
        path = tmp_path / f"{name}.ics"
        path.write_text(text, encoding="utf-8", newline="")
        with pytest.raises(AssertionError, match=message):
            libical(path, {})


def test_each_parser_reads_wall_times_that_happen_twice(tmp_path: Path, parser: Parse) -> None:
    """The first instant, written in its zone, keeps its wall time and zone in every parser
    (ical.js takes it, against RFC 5545 3.3.5, as the second instant, an hour later); the
    second instant, written in UTC, is read exactly."""
    first = make(1, datetime(2027, 10, 31, 2, 30, tzinfo=PARIS))
    second = make(2, datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=PARIS))
    path = tmp_path / "plan.ics"
    write([first, second], path)
    events = parser(path, {})["events"]
    assert (events[0]["start"]["wall"], events[0]["start"]["zone"]) == (
        "2027-10-31T02:30:00",
        "Europe/Paris",
    )
    assert events[0]["start"]["utc"] in (iso_utc(first.start), iso_utc(second.start))
    assert events[1]["start"]["utc"] == iso_utc(second.start)


# --- the file: atomic, deterministic, CRLF, bounded memory ---------------------------------


def exploding(good: int, error: BaseException) -> Iterator[Item]:
    base = datetime(2027, 1, 1, 10, tzinfo=PARIS)
    for n in range(good):
        yield make(n, base + timedelta(hours=n))
    raise error


@pytest.mark.parametrize(
    "error", [PlacementError("no free slot", Pos("rules/x.toml", 3, 1)), RuntimeError("bug")]
)
def test_failing_items_leave_no_file(tmp_path: Path, error: Exception) -> None:
    path = tmp_path / "plan.ics"
    with pytest.raises(type(error)) as raised:
        export(exploding(5000, error), path, calname=CALNAME, dtstamp=DTSTAMP)
    assert raised.value is error  # a user error reaches the CLI untouched
    assert os.listdir(tmp_path) == []


def test_failure_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    previous = write(sample(), path)
    with pytest.raises(PlacementError):
        export(exploding(10, PlacementError("no slot")), path, calname=CALNAME, dtstamp=DTSTAMP)
    assert path.read_bytes() == previous
    assert os.listdir(tmp_path) == ["plan.ics"]


def test_disk_error_is_an_output_error_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    path = tmp_path / "plan.ics"
    with pytest.raises(OutputError) as raised:
        export(iter(sample()), path, calname=CALNAME, dtstamp=DTSTAMP)
    assert raised.value.pos == Pos(str(path))
    assert raised.value.hint is not None and "disk is full" in raised.value.hint
    assert os.listdir(tmp_path) == []


def test_unwritable_paths_raise_output_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-folder").mkdir()
    for path in (
        tmp_path / "missing" / "plan.ics",
        tmp_path / "a-file" / "plan.ics",
        tmp_path / "a-folder",
    ):
        with pytest.raises(OutputError) as raised:
            export(iter(sample()), path, calname=CALNAME, dtstamp=DTSTAMP)
        assert raised.value.pos == Pos(str(path))
        assert raised.value.hint
        assert str(path) in str(raised.value)
    assert sorted(os.listdir(tmp_path)) == ["a-file", "a-folder"]
    assert os.listdir(tmp_path / "a-folder") == []


def test_permission_denied_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a read-only folder does, but also when the tests run as root (who may write there)."""
    real_open = os.open

    def denied(path: str, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    path = tmp_path / "plan.ics"
    with pytest.raises(OutputError) as raised:
        export(iter(sample()), path, calname=CALNAME, dtstamp=DTSTAMP)
    assert raised.value.pos == Pos(str(path))
    assert raised.value.hint == f"{tmp_path} is read-only: write elsewhere"
    assert not path.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in a read-only folder")
def test_read_only_folder_raises_output_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError) as raised:
            export(iter(sample()), folder / "plan.ics", calname=CALNAME, dtstamp=DTSTAMP)
        assert raised.value.hint is not None and "read-only" in raised.value.hint
    finally:
        folder.chmod(0o755)


def test_output_is_deterministic_with_crlf_everywhere(tmp_path: Path) -> None:
    first = write(sample(), tmp_path / "a.ics")
    second = write(sample(), tmp_path / "b.ics")
    assert first == second
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and first.endswith(b"END:VCALENDAR\r\n")
    bare = first.replace(b"\r\n", b"")
    assert b"\r" not in bare and b"\n" not in bare


def test_file_mode_follows_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    write(sample(), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_empty_plan_is_a_valid_calendar(tmp_path: Path) -> None:
    data = write([], tmp_path / "plan.ics")
    calendar = Calendar.from_ical(data)
    assert calendar.events == [] and "X-WR-TIMEZONE" not in calendar


def test_write_calendar_streams_in_bounded_memory(tmp_path: Path) -> None:
    def many(count: int) -> Iterator[Item]:
        base = datetime(2027, 1, 1, 9, tzinfo=PARIS)
        for n in range(count):
            yield make(n, base + timedelta(minutes=17 * n), brief=f"Brief {n}, unique")

    count = 30_000
    with (tmp_path / "out.ics").open("wb") as out:
        tracemalloc.start()
        try:
            assert (
                write_calendar(many(count), out, calname="x", dtstamp=DTSTAMP, alarm=ALARM) == count
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    size = (tmp_path / "out.ics").stat().st_size
    assert size > 12_000_000
    assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB calendar"


# --- golden file ---------------------------------------------------------------------------


def assert_golden(name: str, data: bytes) -> None:
    """Compare with tests/ics/NAME; PARCOURS_UPDATE_GOLDEN=1 rewrites it (review the diff)."""
    path = GOLDEN / name
    if os.environ.get("PARCOURS_UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{path} differs; PARCOURS_UPDATE_GOLDEN=1 to rewrite it"


def test_sample_matches_golden_file(tmp_path: Path) -> None:
    assert_golden("sample.ics", write(sample(), tmp_path / "plan.ics"))


# A shop's own calendar, which tests/test_closures.py reads; the other files are what we write.
INPUTS = {"closures-weekly.ics"}
WRITTEN = sorted(p.name for p in GOLDEN.glob("*.ics") if p.name not in INPUTS)


@pytest.mark.parametrize("name", WRITTEN)
def test_golden_file_reads_the_same_in_each_parser(name: str, parser: Parse) -> None:
    """Each parser's instants, found with the file's VTIMEZONEs, are the tz database's (icalendar
    takes a known TZID from zoneinfo) to the second, the DST days of sample.ics included."""
    path = GOLDEN / name
    calendar = Calendar.from_ical(path.read_bytes())
    parsed = parser(path, {})
    assert sorted(parsed["timezones"]) == sorted(str(tz["TZID"]) for tz in calendar.timezones)
    seen = {event["uid"]: event for event in parsed["events"]}
    assert len(seen) == len(parsed["events"]) == len(calendar.events) > 0
    for event in calendar.events:
        got = seen[str(event["UID"])]
        for key, prop in (("start", "DTSTART"), ("end", "DTEND")):
            if prop not in event:
                assert got[key] is None
                continue
            moment = event.decoded(prop)
            if isinstance(moment, datetime):
                assert got[key]["utc"] == iso_utc(moment), (name, event["UID"], prop)
            else:
                assert (got[key]["isDate"], got[key]["wall"]) == (True, moment.isoformat())
        assert got["summary"] == str(event["SUMMARY"])
        assert got["sequence"] == event.decoded("SEQUENCE")
        assert got["dtstamp"] == iso_utc(event.decoded("DTSTAMP"))
        [alarm] = event.walk("VALARM")
        assert got["alarm"]["trigger"] == format_duration(alarm.decoded("TRIGGER"))


def test_one_vtimezone_per_tzid_even_from_distinct_zone_objects(tmp_path: Path) -> None:
    other = ZoneInfo.no_cache("Europe/Paris")
    items = [
        make(1, datetime(2027, 1, 5, 11, tzinfo=PARIS)),
        make(2, datetime(2027, 6, 5, 11, tzinfo=other)),
    ]
    calendar = Calendar.from_ical(write(items, tmp_path / "plan.ics"))
    (vtimezone,) = calendar.timezones
    times, _ = vtimezone.get_transitions()
    assert times[1:] == [datetime(2027, 3, 28, 1)]  # the range covers both items
