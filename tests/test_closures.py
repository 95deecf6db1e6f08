"""Shop closures from .ics (a weekly RRULE expanded by recurring-ical-events) and TOML, and
public holidays from the `holidays` package, keep items off closed days."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from planner.closures import Closures, read_ics, read_toml_closures
from planner.controllers import prepare
from planner.errors import ConfigError
from planner.workspace import Workspace

ICS = Path(__file__).resolve().parent / "ics" / "closures-weekly.ics"

IN_STORE = """[campaign]
name = "Vitrine"
anchor = "2027-02-28"
country = "FR"
journey = ["awareness"]
[[step]]
stage = "awareness"
when = "{when}"
channels = ["{channel}"]
every = "tous les jours"
content = "Vitrine de printemps"
"""


def test_weekly_rrule_closure_from_ics() -> None:
    closures = read_ics(ICS, "closures.ics")
    days = closures.days(2027)
    mondays = {d for d in days if d.weekday() == 0}
    assert len(mondays) == 52  # every Monday of 2027, from a rule that started in 2026
    assert (
        date(2027, 8, 2) in days
        and date(2027, 8, 15) in days
        and date(2027, 8, 16) not in (days - mondays)
    )
    assert date(2027, 1, 15) in days  # a timed closure closes the day it touches
    assert date(2026, 11, 9) in closures.days(2026)


def test_toml_closures(tmp_path: Path) -> None:
    path = tmp_path / "conges.toml"
    path.write_text(
        '[[closed]]\ndate = 2027-05-01\nreason = "Fête du travail"\n'
        "[[closed]]\nfrom = 2027-08-01\nto = 2027-08-03\n"
        '[[closed]]\nevery = "tous les dimanches"\n',
        encoding="utf-8",
    )
    days = read_toml_closures(path, "conges.toml").days(2027)
    assert {date(2027, 5, 1), date(2027, 8, 1), date(2027, 8, 3), date(2027, 1, 3)} <= days
    assert date(2027, 8, 4) not in days


def test_needs_open_channel_skips_closed_days(workspace: Path) -> None:
    shutil.copy(ICS, workspace / "calendars.ics")
    settings = workspace / "planner.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + 'closures = ["calendars.ics"]\n', encoding="utf-8"
    )
    (workspace / "rules" / "v.toml").write_text(
        IN_STORE.format(when="du 1er au 28 février", channel="in_store"), encoding="utf-8"
    )
    ws = Workspace.open(workspace, workspace)
    items = prepare(ws, ("v",), workspace, date(2027, 1, 1), None).plan().items
    days = {i.start.date() for i in items}
    assert days and all(i.all_day for i in items)
    assert not any(d.weekday() == 0 for d in days)  # the weekly closure
    assert len(days) == 28 - 4


def test_public_holidays_close_the_shop() -> None:
    closures = Closures()
    assert closures.is_closed(date(2027, 5, 1), "FR")  # Fête du travail
    assert closures.is_closed(date(2027, 6, 24), "CA-QC")  # Fête nationale du Québec
    assert not closures.is_closed(date(2027, 6, 24), "FR")
    assert not closures.is_closed(date(2027, 5, 1), None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n", "not a valid iCalendar"),
        (b"hello", "not a valid iCalendar"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20270101\r\n"
            b"RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "broken RRULE",
        ),
    ],
)
def test_broken_ics_is_a_clear_error(
    cli: Callable[..., Result], workspace: Path, content: bytes, message: str
) -> None:
    (workspace / "broken.ics").write_bytes(content)
    settings = workspace / "planner.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + 'closures = ["broken.ics"]\n', encoding="utf-8"
    )
    (workspace / "rules" / "v.toml").write_text(
        IN_STORE.format(when="du 1er au 28 février", channel="in_store"), encoding="utf-8"
    )
    result = cli("plan", "v", "--start", "2027-01-01", cwd=workspace)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("broken.ics")  # with a line where the file has one
    assert ": error: " in result.stderr.splitlines()[0]
    assert message in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.output


def test_missing_closures_file_points_at_planner_toml(
    cli: Callable[..., Result], workspace: Path
) -> None:
    settings = workspace / "planner.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + 'closures = ["nope.ics"]\n', encoding="utf-8"
    )
    (workspace / "rules" / "v.toml").write_text(
        IN_STORE.format(when="février", channel="in_store"), encoding="utf-8"
    )
    result = cli("plan", "v", "--start", "2027-01-01", cwd=workspace)
    assert result.exit_code == 2
    assert result.stderr.startswith("planner.toml:6:")
    assert "not found" in result.stderr


def test_closure_toml_errors_are_positioned(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[[closed]]\nfrom = 2027-08-05\nto = 2027-08-01\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_toml_closures(path, "c.toml")
    assert str(info.value.pos) == "c.toml:3:6"


def test_subdivision_unknown_to_holidays_uses_the_countrys() -> None:
    """Regression: FR-54 (Lorraine, for its sales dates) was an 'unknown country'."""
    closures = Closures()
    closures.check_country("FR-54", None)
    assert closures.is_holiday(date(2027, 7, 14), "FR-54")
    assert closures.is_holiday(date(2027, 12, 26), "FR-57")  # Alsace-Moselle's own holiday
    assert not closures.is_holiday(date(2027, 12, 26), "FR-54")
