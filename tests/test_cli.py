"""The command line as a user meets it: real processes, real files, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from planner.plan import JSON_KEYS

from .conftest import ROOT, run_planner

FREE = {"PLANNER_LANG": ""}  # no language chosen: each campaign speaks its own


def test_plan_json_has_exactly_the_design_keys(cli: Callable[..., Result]) -> None:
    result = cli(
        "plan", "rules/valentines-rings.toml", "--start", "2026-12-01", "--format", "json", cwd=ROOT
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items and all(tuple(item) == JSON_KEYS for item in items)
    assert {i["kind"] for i in items} == {"publish", "prepare"}
    assert all(i["source"].startswith("rules/valentines-rings.toml:") for i in items)


def test_plan_table_is_in_the_campaigns_language(cli: Callable[..., Result]) -> None:
    french = cli("plan", "valentines-rings", "--start", "2026-12-01", cwd=ROOT, env=FREE).stdout
    assert "vendredi 1er janvier 2027" in french and "sensibilisation" in french
    english = cli("plan", "restaurant-launch", "--start", "2027-03-01", cwd=ROOT, env=FREE).stdout
    assert "Monday, March 1, 2027" in english and "awareness" in english
    # A language chosen outright holds for every campaign.
    chosen = cli("plan", "valentines-rings", "--start", "2026-12-01", cwd=ROOT).stdout
    assert "Friday, January 1, 2027" in chosen and "awareness" in chosen


def test_csv_and_markdown(cli: Callable[..., Result]) -> None:
    csv = cli("plan", "valentines-rings", "--start", "2026-12-01", "--format", "csv", cwd=ROOT)
    assert csv.stdout.splitlines()[0] == ",".join(JSON_KEYS)
    markdown = cli(
        "plan", "valentines-rings", "--start", "2026-12-01", "--format", "markdown", cwd=ROOT
    )
    assert markdown.stdout.startswith("| date | time |")


def test_source_date_epoch_makes_asap_reproducible(cli: Callable[..., Result]) -> None:
    # 1795046400 is 2026-11-19 00:00 UTC: "as soon as possible" is that day at noon.
    result = cli("plan", "restaurant-launch", "--format", "json", cwd=ROOT)
    first = json.loads(result.stdout)[0]
    assert first["start"] == "2026-11-19T12:00:00+01:00"


def test_events_json(cli: Callable[..., Result]) -> None:
    result = cli("events", "--country", "FR", "--year", "2027", "--format", "json", cwd=ROOT)
    events = {e["key"]: e for e in json.loads(result.stdout)}
    assert events["mothers_day"] == {
        "key": "mothers_day",
        "name": "Mother's Day",
        "date": "2027-05-30",
        "country": "FR",
    }
    assert set(events["soldes_hiver"]) == {"key", "name", "date", "country", "end"}
    us = cli("events", "--country", "US", "--year", "2027", "--format", "json", cwd=ROOT)
    assert {e["key"]: e["date"] for e in json.loads(us.stdout)}["mothers_day"] == "2027-05-09"


def test_check_exits_0_on_warnings_and_reports_them(
    cli: Callable[..., Result], write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    write_rule(
        "late.toml",
        """[campaign]
name = "Late"
anchor = "valentines_day"
buying_cycle = "30 jours"
journey = "3-stage"
[[step]]
stage = "conversion"
when = "mi-janvier"
channels = ["instagram"]
content = "x"
[[step]]
stage = "awareness"
when = "fin janvier"
channels = ["instagram"]
content = "y"
""",
    )
    result = cli("check", "--start", "2026-12-01", cwd=workspace)
    assert result.exit_code == 0, result.output
    # English, chosen outright, names the stage in English; the line to write stays the
    # French campaign's own.
    assert "no touchpoint for the consideration stage" in result.stderr
    assert 'hint: add a [[step]] with stage = "considération"' in result.stderr
    assert "out of journey order" in result.stderr
    assert "buying cycle is 30 days" in result.stderr
    assert "hint: start awareness by 2027-01-15" in result.stderr


def test_init_then_new_then_plan_in_the_new_workspace(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli(
        "init",
        "shop",
        "--timezone",
        "Europe/Paris",
        "--locale",
        "fr",
        "--country",
        "FR",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    shop = tmp_path / "shop"
    assert list((shop / "rules").iterdir()) == []  # only what the owner writes
    ignored = (shop / ".gitignore").read_text().split("\n")
    assert "planner.db" in ignored and ".planner/" in ignored  # the store, the serve token
    again = cli("init", "shop", cwd=tmp_path)
    assert again.exit_code == 2 and "already exists" in again.stderr
    made = cli("new", "fete-des-meres", cwd=shop)
    assert made.stdout.startswith('created rules/fete-des-meres.toml: campaign "Fête des mères"')
    assert cli("new", "fete-des-meres", cwd=shop).exit_code == 2
    plan = cli("plan", "fete-des-meres", "--start", "2027-04-01", cwd=shop / "rules")
    assert plan.exit_code == 0, plan.output
    assert "Mother's Day" in plan.stdout or "mai" in plan.stdout


def test_workspace_option_and_upward_search(
    cli: Callable[..., Result], workspace: Path, tmp_path: Path
) -> None:
    (workspace / "rules" / "v.toml").write_bytes(
        (ROOT / "rules" / "valentines-rings.toml").read_bytes()
    )
    deep = workspace / "a" / "b"
    deep.mkdir(parents=True)
    found = cli("plan", "v", "--start", "2026-12-01", cwd=deep)
    assert found.exit_code == 0, found.output
    elsewhere = cli(
        "--workspace", str(workspace), "plan", "v", "--start", "2026-12-01", cwd=tmp_path.parent
    )
    assert elsewhere.stdout == found.stdout


def test_python_dash_m_and_version() -> None:
    done = run_planner("--version", cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("planner, version ")


def test_a_closed_pipe_is_not_an_error() -> None:
    """Regression: `planner events | head -1` printed an internal error (BrokenPipeError)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "events", "--country", "FR", "--year", "2027"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait()
    assert "internal error" not in err and "Traceback" not in err


def test_user_error_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[campaign]\nname = "x"\n[[step]]\nstage = "notorieté"\nwhen = "mi-janvir"\n'
        'channels = ["instagram"]\ncontent = "x"\n',
        encoding="utf-8",
    )
    done = run_planner("plan", "bad.toml", "--start", "2026-12-01", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("bad.toml:5:")
    assert "hint:" in done.stderr and "Traceback" not in done.stderr


def test_plan_table_shows_the_end_of_an_item_longer_than_its_channel_usually_lasts(
    cli: Callable[..., Result], workspace: Path
) -> None:
    """Regression: the 48-hour flash sale showed only its start, like a 30-minute post."""
    english = cli("plan", "restaurant-launch", "--start", "2027-03-01", cwd=ROOT)
    assert english.exit_code == 0, english.output
    lines = english.stdout.splitlines()
    sale = next(line for line in lines if "Flash sale" in line)
    assert sale.startswith("  12:00 → Tue 9 Mar 12:00  conversion  ")
    # The other items last as long as a Facebook post usually does: no end shown.
    menu = next(line for line in lines if "Our menu" in line)
    assert menu.startswith("  12:00                    consideration  ")
    markdown = cli(
        "plan", "restaurant-launch", "--start", "2027-03-01", "--format", "markdown", cwd=ROOT
    )
    assert "| 2027-03-07 | 12:00 → Tue 9 Mar 12:00 | Online orders launch |" in markdown.stdout
    french = (ROOT / "rules" / "restaurant-launch.toml").read_text(encoding="utf-8")
    (workspace / "rules" / "lancement.toml").write_text(
        french.replace('locale = "en"', 'locale = "fr"'), encoding="utf-8"
    )
    table = cli("plan", "lancement", "--start", "2027-03-01", cwd=workspace, env=FREE)
    assert table.exit_code == 0, table.output
    assert "dimanche 7 mars 2027\n  12:00 → mar. 9 mars 12:00  conversion" in table.stdout
    # JSON and CSV keep their `end`, unchanged.
    items = json.loads(
        cli(
            "plan", "restaurant-launch", "--start", "2027-03-01", "--format", "json", cwd=ROOT
        ).stdout
    )
    assert items[-1]["start"] == "2027-03-07T12:00:00+01:00"
    assert items[-1]["end"] == "2027-03-09T12:00:00+01:00"


@pytest.mark.parametrize(
    ("channel", "duration", "locale", "shown"),
    [
        ("facebook", "3 hours", "en", "12:00 → 15:00"),
        ("facebook", "30 min", "en", "12:00"),
        ("facebook", "2 days", "fr", "12:00 → mer. 3 mars 12:00"),
        ("in_store", "3 days", "en", "all day → Wed 3 Mar"),
        ("in_store", "1 day", "fr", "toute la journée"),
        ("in_store", "3 jours", "fr", "toute la journée → mer. 3 mars"),
        ("facebook", "48 hours", "fr", "12:00 → mer. 3 mars 12:00"),
        ("in_store", "2 jours", "fr", "toute la journée → mar. 2 mars"),
        ("facebook", "2 jours", "fr", "12:00 → mer. 3 mars 12:00"),
    ],
)
def test_the_end_shown_in_the_table(
    cli: Callable[..., Result],
    workspace: Path,
    channel: str,
    duration: str,
    locale: str,
    shown: str,
) -> None:
    (workspace / "rules" / "r.toml").write_text(
        f'[campaign]\nname = "R"\nanchor = "2027-03-31"\nlocale = "{locale}"\n'
        f'journey = ["conversion"]\n[[step]]\nstage = "conversion"\nwhen = "2027-03-01"\n'
        f'channels = ["{channel}"]\ncontent = "x"\nduration = "{duration}"\n',
        encoding="utf-8",
    )
    result = cli("plan", "--start", "2027-01-01", cwd=workspace, env=FREE)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[3].startswith(f"  {shown}  conversion")
