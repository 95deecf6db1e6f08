"""Expansion: the seed campaigns land in the windows their phrases say, on the channels' times,
with stable ids; wall-clock times hold across daylight-saving changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.controllers import prepare
from planner.errors import CycleError, PlacementError
from planner.plan import Item
from planner.workspace import Workspace

from .conftest import ROOT

PARIS = ZoneInfo("Europe/Paris")


def plan_of(rules: str, start: date, root: Path = ROOT) -> list[Item]:
    workspace = Workspace.open(root, root, "Europe/Paris")
    return prepare(workspace, (rules,), root, start, None).plan().sorted()


def test_valentines_windows() -> None:
    items = plan_of("rules/valentines-rings.toml", date(2026, 12, 1))
    by_stage: dict[str, list[Item]] = {}
    for item in items:
        by_stage.setdefault(item.stage, []).append(item)
    days = {
        stage: [i.start.date() for i in its if i.kind == "publish"]
        for stage, its in by_stage.items()
    }
    assert days["awareness"] == [date(2027, 1, d) for d in (1, 4, 7, 10)]
    assert all(date(2027, 1, 11) <= d <= date(2027, 1, 20) for d in days["consideration"])
    assert all(date(2027, 1, 21) <= d <= date(2027, 1, 31) for d in days["conversion"])
    instagram = [i for i in items if i.channel == "instagram"]
    assert {i.start.time() for i in instagram} <= {time(11), time(19)}
    assert all(i.start.tzinfo == PARIS for i in items)
    conversion = by_stage["conversion"][0]
    assert "30 %" in conversion.brief and "30 %" in conversion.title


def test_valentines_email_has_a_prepare_item_the_day_before() -> None:
    items = plan_of("rules/valentines-rings.toml", date(2026, 12, 1))
    emails = [i for i in items if i.channel == "email"]
    publish = next(i for i in emails if i.kind == "publish")
    prepare_item = next(i for i in emails if i.kind == "prepare")
    assert prepare_item.start == publish.start - timedelta(days=1)
    assert prepare_item.title.startswith("Préparer")
    assert publish.start.weekday() in (1, 2, 3)  # e-mail goes out Tuesday to Thursday


def test_restaurant_offsets_chain_from_the_start() -> None:
    items = plan_of("rules/restaurant-launch.toml", date(2027, 3, 1))
    awareness, consideration, conversion = (
        next(i for i in items if i.stage == s) for s in ("awareness", "consideration", "conversion")
    )
    assert awareness.start == datetime(2027, 3, 1, 12, 0, tzinfo=PARIS)
    gap1 = (consideration.start.date() - awareness.start.date()).days
    gap2 = (conversion.start.date() - consideration.start.date()).days
    assert 3 <= gap1 <= 5
    assert 3 <= gap2 <= 5
    assert conversion.end - conversion.start == timedelta(hours=48)


def test_ids_are_stable_and_survive_edits(
    write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    text = (ROOT / "rules" / "valentines-rings.toml").read_text(encoding="utf-8")
    write_rule("v.toml", text)
    before = {i.id: i for i in plan_of("rules/v.toml", date(2026, 12, 1), workspace)}
    again = {i.id: i for i in plan_of("rules/v.toml", date(2026, 12, 1), workspace)}
    assert before.keys() == again.keys()
    assert len(before) == len(list(before.values()))  # ids are unique
    write_rule("v.toml", text.replace("mi-janvier", "du 12 au 19 janvier"))
    edited = {i.id: i for i in plan_of("rules/v.toml", date(2026, 12, 1), workspace)}
    assert edited.keys() == before.keys()


CAMPAIGN = """[campaign]
name = "DST"
anchor = "{anchor}"
timezone = "{tz}"
journey = ["awareness"]

[[step]]
stage = "awareness"
when = "{when}"
channels = ["instagram"]
at = "{at}"
content = "x"
every = "{every}"
"""


@pytest.mark.parametrize(
    ("tz", "when", "at", "expected_utc_hours"),
    [
        # The day clocks go forward: 02:30 does not exist; it moves to 03:00 local.
        ("Europe/Paris", "2027-03-28", "02:30", [1]),
        # The day clocks go back: 02:30 happens twice; the first is taken (UTC+2).
        ("Europe/Paris", "2027-10-31", "02:30", [0.5]),
        ("America/Montreal", "2027-03-14", "02:30", [7]),
        ("America/Montreal", "2027-11-07", "01:30", [5.5]),
    ],
)
def test_wall_clock_on_daylight_saving_days(
    write_rule: Callable[[str, str], Path],
    workspace: Path,
    tz: str,
    when: str,
    at: str,
    expected_utc_hours: list[float],
) -> None:
    text = CAMPAIGN.format(anchor=when, tz=tz, when=when, at=at, every="daily")
    write_rule("d.toml", text.replace('every = "daily"\n', ""))
    items = plan_of("rules/d.toml", date(2027, 1, 1), workspace)
    [item] = items
    utc = item.start.astimezone(ZoneInfo("UTC"))
    assert utc.hour + utc.minute / 60 == expected_utc_hours[0]


def test_weekly_ten_oclock_stays_ten_across_the_change(
    write_rule: Callable[[str, str], Path],
    workspace: Path,
) -> None:
    text = CAMPAIGN.format(
        anchor="2027-04-15",
        tz="Europe/Paris",
        when="du 15 mars au 15 avril",
        at="10:00",
        every="chaque semaine",
    )
    write_rule("w.toml", text)
    items = plan_of("rules/w.toml", date(2027, 1, 1), workspace)
    assert [i.start.date() for i in items] == [
        date(2027, 3, 15) + timedelta(weeks=k) for k in range(5)
    ]
    assert {i.start.time() for i in items} == {time(10)}
    offsets = {i.start.utcoffset() for i in items}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}


def test_cycle_between_steps_names_them(
    write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    write_rule(
        "c.toml",
        """[campaign]
name = "C"
anchor = "2027-05-01"
[[step]]
stage = "awareness"
when = "3 days after consideration"
channels = ["instagram"]
content = "a"
[[step]]
stage = "consideration"
when = "2 days after awareness"
channels = ["instagram"]
content = "b"
""",
    )
    with pytest.raises(CycleError) as info:
        plan_of("rules/c.toml", date(2027, 1, 1), workspace)
    assert info.value.steps == [1, 2]
    assert info.value.pos is not None and (info.value.pos.line, info.value.pos.col) == (6, 9)


def test_window_before_start_is_an_error_naming_the_step(
    write_rule: Callable[[str, str], Path],
    workspace: Path,
) -> None:
    write_rule(
        "p.toml",
        """[campaign]
name = "P"
anchor = "2027-02-14"
[[step]]
stage = "awareness"
when = "2026-01-05"
channels = ["instagram"]
content = "a"
""",
    )
    with pytest.raises(PlacementError) as info:
        plan_of("rules/p.toml", date(2026, 12, 1), workspace)
    assert info.value.step == 1
    assert info.value.constraint == "planning start"


def test_expansion_reads_no_clock(write_rule: Callable[[str, str], Path], workspace: Path) -> None:
    """The same inputs give the same plan, whatever day the test runs."""
    first = plan_of("rules/restaurant-launch.toml", date(2027, 3, 1))
    second = plan_of("rules/restaurant-launch.toml", date(2027, 3, 1))
    assert [i.to_json() for i in first] == [i.to_json() for i in second]
