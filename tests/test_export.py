"""The seed campaigns, exported by the real CLI: read back by icalendar, by ical.js and by
libical and compared field by field with `planner plan --format json`, and line by line with
golden files (UIDs and DTSTAMP pinned by the ids and SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from icalendar import Calendar

from planner.channels import ChannelSet
from planner.journey import label as stage_label
from planner.workspace import builtin_dir

from .conftest import ROOT
from .libical import Parse

GOLDEN = Path(__file__).resolve().parent / "ics"
SEEDS = {
    "valentines-rings": "2026-12-01",
    "restaurant-launch": "2027-03-01",
    "bnb-summer-stay": "2027-01-10",
}


LOCALES = {"valentines-rings": "fr", "restaurant-launch": "en", "bnb-summer-stay": "en"}


def categories(item: dict[str, Any], name: str) -> list[str]:
    """An event's tags as the app shows them: stage and channel in the campaign's language."""
    locale = LOCALES[name]
    stage = stage_label(item["stage"], locale)
    channels = ChannelSet([builtin_dir("channels")])
    return [stage[0].upper() + stage[1:], channels.label(item["channel"], locale)]


def plan_json(cli: Callable[..., Result], name: str, start: str) -> list[dict[str, Any]]:
    result = cli("plan", f"rules/{name}.toml", "--start", start, "--format", "json", cwd=ROOT)
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def export(cli: Callable[..., Result], tmp_path: Path, name: str, start: str) -> Path:
    out = tmp_path / f"{name}.ics"
    result = cli("export", f"rules/{name}.toml", "--start", start, "-o", str(out), cwd=ROOT)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("name", "start"), SEEDS.items(), ids=list(SEEDS))
def test_export_matches_the_plan_through_icalendar(
    cli: Callable[..., Result], tmp_path: Path, name: str, start: str
) -> None:
    items = plan_json(cli, name, start)
    calendar = Calendar.from_ical(export(cli, tmp_path, name, start).read_bytes())
    events = {str(e["UID"]): e for e in calendar.events}
    assert len(events) == len(items)
    for item in items:
        event = events[f"{item['id']}@parcours"]
        assert event.decoded("DTSTART") == datetime.fromisoformat(item["start"])
        assert event.decoded("DTEND") == datetime.fromisoformat(item["end"])
        assert str(event["DTSTART"].params["TZID"]) == str(calendar["X-WR-TIMEZONE"])
        assert str(event["SUMMARY"]) == item["title"]
        assert str(event["DESCRIPTION"]) == item["brief"]
        assert [str(c) for c in event["CATEGORIES"].cats] == categories(item, name)
        assert str(event["X-PARCOURS-KIND"]) == item["kind"]
        assert str(event["X-PARCOURS-SOURCE"]) == item["source"]
        [alarm] = event.subcomponents
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER").total_seconds() == -3600
    assert {str(tz["TZID"]) for tz in calendar.timezones} == {str(calendar["X-WR-TIMEZONE"])}


@pytest.mark.parametrize(("name", "start"), SEEDS.items(), ids=list(SEEDS))
def test_export_matches_the_plan_through_each_parser(
    cli: Callable[..., Result], tmp_path: Path, parser: Parse, name: str, start: str
) -> None:
    items = plan_json(cli, name, start)
    parsed = parser(export(cli, tmp_path, name, start), {})
    events = {e["uid"]: e for e in parsed["events"]}
    assert len(events) == len(items)
    for item in items:
        event = events[f"{item['id']}@parcours"]
        for key in ("start", "end"):
            expected = datetime.fromisoformat(item[key]).astimezone(UTC)
            assert event[key]["utc"] == expected.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert event["summary"] == item["title"]
        assert event["description"] == item["brief"]
        assert event["categories"] == categories(item, name)
        assert event["kind"] == item["kind"]
        assert (event["sequence"], event["alarm"]["trigger"]) == (0, "-PT1H")


@pytest.mark.parametrize(("name", "start"), SEEDS.items(), ids=list(SEEDS))
def test_export_matches_golden_file_line_by_line(
    cli: Callable[..., Result], tmp_path: Path, name: str, start: str
) -> None:
    data = export(cli, tmp_path, name, start).read_bytes()
    golden = GOLDEN / f"{name}.ics"
    if os.environ.get("PARCOURS_UPDATE_GOLDEN") == "1":
        golden.write_bytes(data)
    got, want = data.split(b"\r\n"), golden.read_bytes().split(b"\r\n")
    for number, (line, expected) in enumerate(zip(got, want, strict=False), start=1):
        assert line == expected, f"{golden.name} line {number}: {line!r} != {expected!r}"
    assert len(got) == len(want), f"{golden.name}: {len(got)} lines, expected {len(want)}"


def test_reexport_after_an_edit_keeps_uids_and_moves_events(
    cli: Callable[..., Result], tmp_path: Path, workspace: Path
) -> None:
    """What makes a calendar app update events on re-import instead of duplicating them."""
    shutil.copy(ROOT / "rules" / "valentines-rings.toml", workspace / "rules" / "v.toml")
    first = tmp_path / "first.ics"
    assert cli("export", "v", "--start", "2026-12-01", "-o", str(first), cwd=workspace)
    rule = workspace / "rules" / "v.toml"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("fin janvier", "du 25 au 31 janvier"),
        encoding="utf-8",
    )
    second = tmp_path / "second.ics"
    result = cli("export", "v", "--start", "2026-12-01", "-o", str(second), cwd=workspace)
    assert result.exit_code == 0, result.output

    def starts(path: Path) -> dict[str, datetime]:
        calendar = Calendar.from_ical(path.read_bytes())
        return {str(e["UID"]): e.decoded("DTSTART") for e in calendar.events}

    before, after = starts(first), starts(second)
    assert before.keys() == after.keys()
    moved = {uid for uid in before if before[uid] != after[uid]}
    assert len(moved) == 1
    assert after[moved.pop()].day == 25


def test_export_is_the_same_on_one_core_and_on_two(
    cli: Callable[..., Result], tmp_path: Path, workspace: Path
) -> None:
    for name in SEEDS:
        shutil.copy(ROOT / "rules" / f"{name}.toml", workspace / "rules")
    folder = tmp_path / "out"
    folder.mkdir()
    outputs = []
    for jobs in ("1", "2"):
        out = folder / f"all-{jobs}.ics"
        result = cli("export", "--start", "2026-12-01", "-o", str(out), "-j", jobs, cwd=workspace)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert sorted(p.name for p in folder.iterdir()) == ["all-1.ics", "all-2.ics"]
    calendar = Calendar.from_ical(outputs[0])
    assert {str(tz["TZID"]) for tz in calendar.timezones} == {"Europe/Paris", "America/Montreal"}
