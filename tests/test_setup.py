"""A shop's first commands, `planner init` and `planner new`, as a new user types them: a
workspace that holds only what its owner writes, settings checked and derived before anything
is written, and a first campaign in the shop's own language, country and time zone."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import ROOT

Cli = Callable[..., Result]
UTC_MACHINE = {"TZ": "Etc/UTC"}


def _init(cli: Cli, where: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return cli("init", "shop", *args, cwd=where, env={**UTC_MACHINE, **(env or {})})


def _settings(shop: Path) -> dict[str, str]:
    shop_table: dict[str, str] = tomllib.loads((shop / "planner.toml").read_text())["shop"]
    return shop_table


def test_init_writes_no_example_campaigns(cli: Cli, tmp_path: Path) -> None:
    """Regression: init filled rules/ with a jeweller's, a restaurant's and a B&B's campaigns,
    which sync stored, whose reminders fired and which took the shop's channel-cap slots."""
    result = _init(cli, tmp_path, "--locale", "fr", "--country", "FR")
    assert result.exit_code == 0, result.output
    shop = tmp_path / "shop"
    assert sorted(p.name for p in shop.iterdir()) == [
        ".gitignore",
        "calendars",
        "channels",
        "planner.toml",
        "rules",
    ]
    assert list((shop / "rules").iterdir()) == []
    assert "planner new NAME" in result.stdout and "planner new --list" in result.stdout
    nothing = cli("plan", "--start", "2026-12-01", cwd=shop)
    assert nothing.exit_code == 2 and "planner new NAME" in nothing.stderr


def test_init_takes_the_zone_from_the_country_and_says_so(cli: Cli, tmp_path: Path) -> None:
    """Regression: `--locale fr --country FR` without --timezone wrote Etc/UTC, so posts at
    11:00 landed at 12:00 in Paris."""
    result = _init(cli, tmp_path, "--locale", "fr", "--country", "FR")
    assert result.exit_code == 0, result.output
    settings = _settings(tmp_path / "shop")
    ident = settings.pop("id")  # made once, for this workspace alone
    assert isinstance(ident, str) and len(ident) == 12 and ident.isalnum()
    assert settings == {
        "name": "shop",
        "timezone": "Europe/Paris",
        "locale": "fr",
        "country": "FR",
    }
    assert "time zone Europe/Paris (from the country FR)" in result.stdout


@pytest.mark.parametrize(
    ("args", "machine", "zone", "locale", "why"),
    [
        (("--country", "FR"), "Etc/UTC", "Europe/Paris", "fr", "from the country FR"),
        (("--country", "fr-57"), "Etc/UTC", "Europe/Paris", "fr", "from the country FR-57"),
        (("--country", "CA-QC"), "Etc/UTC", "America/Toronto", "fr", "from the country CA-QC"),
        (("--country", "US-CA"), "Etc/UTC", "America/Los_Angeles", "en", "from the country"),
        (("--country", "GB"), "America/Chicago", "Europe/London", "en", "from the country GB"),
        (("--country", "US"), "America/Chicago", "America/Chicago", "en", "this machine's"),
        ((), "Europe/Brussels", "Europe/Brussels", "en", "this machine's"),
        (
            ("--country", "BE", "--timezone", "Europe/Brussels"),
            "Etc/UTC",
            "Europe/Brussels",
            "en",
            "as given",
        ),
        (
            ("--country", "BE", "--locale", "fr_BE"),
            "Etc/UTC",
            "Europe/Brussels",
            "fr",
            "from the country BE",
        ),
    ],
)
def test_init_derives_what_it_is_not_told(
    cli: Cli,
    tmp_path: Path,
    args: tuple[str, ...],
    machine: str,
    zone: str,
    locale: str,
    why: str,
) -> None:
    result = _init(cli, tmp_path, *args, env={"TZ": machine})
    assert result.exit_code == 0, result.output
    settings = _settings(tmp_path / "shop")
    assert (settings["timezone"], settings["locale"]) == (zone, locale)
    assert f"time zone {zone} ({why}" in result.stdout


@pytest.mark.parametrize(
    ("args", "option", "message", "hint", "fixed"),
    [
        (["--country", "France"], "--country", "unknown country 'France'", "--country FR", None),
        (["--country", "Frnace"], "--country", "unknown country", "--country FR", None),
        (
            ["--country", "États-Unis", "--timezone", "America/New_York"],
            "--country",
            "unknown country",
            "--country US",
            None,
        ),
        (["--country", "FRA"], "--country", "unknown country", "--country FR", None),
        (["--country", "CA-QQ"], "--country", "unknown subdivision", "'CA-QC'", "CA-QC"),
        (["--country", "US"], "--timezone", "US has", "--timezone America/New_York", None),
        (
            ["--country", "FR", "--timezone", "Europe/Pari"],
            "--timezone",
            "unknown time zone",
            "'Europe/Paris'",
            "Europe/Paris",
        ),
        (["--locale", "de"], "--locale", "unknown locale 'de'", '"fr"', "fr"),
    ],
)
def test_init_refuses_a_bad_setting_at_once_with_a_hint_that_works(
    cli: Cli,
    tmp_path: Path,
    args: list[str],
    option: str,
    message: str,
    hint: str,
    fixed: str | None,
) -> None:
    """Regression: `--country France` was accepted and failed only later, at every command."""
    result = _init(cli, tmp_path, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{option}: error: {message}"), result.stderr
    assert hint in result.stderr.split("  hint: ")[1]
    assert "Traceback" not in result.output
    assert not (tmp_path / "shop").exists()  # nothing written
    # The hint, applied, gives a workspace: an option to give, or the value to put instead.
    if fixed is None:
        flag, value = hint.split()
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    else:
        args[args.index(option) + 1] = fixed
    again = _init(cli, tmp_path, *args)
    assert again.exit_code == 0, (args, again.output)


def test_new_lists_the_examples_and_copies_one_named_after_name(cli: Cli, tmp_path: Path) -> None:
    """Regression: `new --example` copied the example's name, so two campaigns shared it."""
    _init(cli, tmp_path, "--country", "US-NY")
    shop = tmp_path / "shop"
    listing = cli("new", "--list", cwd=shop)
    assert listing.exit_code == 0, listing.output
    keys = [line.split()[0] for line in listing.stdout.splitlines()[:-1]]
    assert keys == sorted(p.stem for p in (ROOT / "rules").glob("*.toml"))
    assert "valentines-rings" in keys and "starter" not in keys
    made = cli("new", "Saint-Valentin 2027", "--example", "valentines-rings", cwd=shop)
    assert made.exit_code == 0, made.output
    path = shop / "rules" / "saint-valentin-2027.toml"
    assert made.stdout.startswith(
        'created rules/saint-valentin-2027.toml: campaign "Saint-Valentin 2027"'
    )
    campaign = tomllib.loads(path.read_text())["campaign"]
    assert campaign["name"] == "Saint-Valentin 2027"
    # The example's Paris zone and French country are not the New York shop's.
    assert not {"timezone", "country", "locale"} & set(campaign)
    assert "timezone Europe/Paris" in made.stdout and "America/New_York, en, US-NY" in made.stdout
    plan = cli("plan", "saint-valentin-2027", "--start", "2026-12-01", "--format", "json", cwd=shop)
    assert plan.exit_code == 0, plan.output
    first = json.loads(plan.stdout)[0]
    assert first["campaign"] == "Saint-Valentin 2027"
    assert first["start"].endswith("-05:00")  # New York in January
    wrong = cli("new", "x", "--example", "valentine", cwd=shop)
    assert wrong.exit_code == 2 and "valentines-rings" in wrong.stderr


def test_a_french_workspace_gets_a_french_starter_on_frances_mothers_day(
    cli: Cli, tmp_path: Path
) -> None:
    """Regression: the starter was English with country = "US" hard-coded, so a French shop
    silently planned the US Mother's Day (9 May 2027 instead of 30 May)."""
    _init(cli, tmp_path, "--locale", "fr", "--country", "FR")
    shop = tmp_path / "shop"
    made = cli("new", "fete-des-meres", cwd=shop)
    assert made.exit_code == 0, made.output
    text = (shop / "rules" / "fete-des-meres.toml").read_text()
    campaign = tomllib.loads(text)
    assert campaign["campaign"]["name"] == "Fête des mères"
    assert "country" not in campaign["campaign"] and "timezone" not in campaign["campaign"]
    assert campaign["step"][0]["stage"] == "sensibilisation"
    assert "fête des mères" in campaign["step"][0]["content"]
    check = cli("check", "--start", "2027-03-01", cwd=shop)
    assert check.exit_code == 0 and "0 error(s), 0 warning(s)" in check.stdout, check.output
    plan = cli("plan", "--start", "2027-03-01", "--format", "json", cwd=shop)
    items = json.loads(plan.stdout)
    assert max(i["start"] for i in items) < "2027-05-30"  # FR Mother's Day 2027
    assert min(i["start"] for i in items) >= "2027-05-09"  # 21 days before
    assert all(i["start"].endswith("+02:00") for i in items)  # Paris summer time
    table = cli("plan", "--start", "2027-03-01", cwd=shop, env={"PLANNER_LANG": ""}).stdout
    assert "dimanche 9 mai 2027" in table


def test_an_american_workspace_gets_the_us_mothers_day(cli: Cli, tmp_path: Path) -> None:
    _init(cli, tmp_path, "--country", "US", "--timezone", "America/Chicago")
    shop = tmp_path / "shop"
    cli("new", "mothers-day", cwd=shop)
    items = json.loads(cli("plan", "--start", "2027-03-01", "--format", "json", cwd=shop).stdout)
    assert items[0]["stage"] == "awareness"
    assert max(i["start"] for i in items) < "2027-05-09"  # US Mother's Day 2027
    assert all(i["start"].endswith("-05:00") for i in items)


def test_a_workspace_without_a_country_gets_a_starter_it_can_plan(cli: Cli, tmp_path: Path) -> None:
    _init(cli, tmp_path)
    shop = tmp_path / "shop"
    made = cli("new", "first", cwd=shop)
    assert "anchored on valentines_day" in made.stdout
    check = cli("check", "--start", "2026-12-01", cwd=shop)
    assert check.exit_code == 0, check.output


def test_check_warns_when_two_campaigns_share_a_name(cli: Cli, tmp_path: Path) -> None:
    _init(cli, tmp_path, "--locale", "fr", "--country", "FR")
    shop = tmp_path / "shop"
    for name in ("a", "b"):
        cli("new", name, "--example", "valentines-rings", cwd=shop)
        path = shop / "rules" / f"{name}.toml"
        path.write_text(re.sub(r'(?m)^name = ".*"$', 'name = "Saint-Valentin"', path.read_text()))
    check = cli("check", "--start", "2026-12-01", cwd=shop)
    assert check.exit_code == 0
    assert re.search(
        r"rules/b\.toml:\d+:\d+: warning: campaign name 'Saint-Valentin' is also the name of "
        r"rules/a\.toml:\d+:\d+",
        check.stderr,
    ), check.stderr
    one = cli("check", "b", "--start", "2026-12-01", cwd=shop)
    assert "also the name of rules/a.toml" in one.stderr


def test_export_to_standard_output(cli: Cli, tmp_path: Path) -> None:
    """Regression: `planner export -o -` wrote a file named "-"."""
    result = cli("export", "valentines-rings", "--start", "2026-12-01", "-o", "-", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert "wrote 8 events to standard output" in result.stderr
    assert list(tmp_path.iterdir()) == []
    to_file = cli(
        "export", "valentines-rings", "--start", "2026-12-01", "-o", "v.ics", cwd=tmp_path
    )
    assert to_file.exit_code == 0
    assert result.stdout_bytes == (tmp_path / "v.ics").read_bytes()
