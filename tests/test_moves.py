"""A one-day window on a day its channel does not use moves to the channel's next day, with a
warning in `plan` and `check`; a move never crosses the anchor or a deadline, never goes
further than a week, and longer windows or full caps stay errors. Driven through the CLI on
rule files in a temporary workspace, as a shop owner would."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

RULE = """[campaign]
name = "{name}"
anchor = "{anchor}"
country = "FR"
journey = ["retention", "advocacy"]

[[step]]
stage = "retention"
when = "{when}"
channels = ["{channel}"]
content = "Merci"
{extra}
"""
START = "2027-01-01"


def write(workspace: Path, text: str, name: str = "shop") -> Path:
    path = workspace / "rules" / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def rule(when: str, channel: str, anchor: str, extra: str = "", name: str = "Campagne") -> str:
    return RULE.format(name=name, when=when, channel=channel, anchor=anchor, extra=extra)


def starts(result: Result, step: int = 1) -> list[str]:
    return [
        i["start"]
        for i in json.loads(result.stdout)
        if i["kind"] == "publish" and i["step"] == step
    ]


# when, channel, anchor, the day written, what rules it out, the day and time it moves to
MOVES = [
    pytest.param(
        "two weeks after Mother's Day",
        "email",
        "mothers_day",
        "Sunday 2027-06-13",
        "E-mail is not used on Sundays",
        "2027-06-15T09:30:00+02:00",
        id="weekend-en",
    ),
    pytest.param(
        "deux semaines après la fête des mères",
        "email",
        "mothers_day",
        "Sunday 2027-06-13",
        "E-mail is not used on Sundays",
        "2027-06-15T09:30:00+02:00",
        id="weekend-fr",
    ),
    pytest.param(
        "J-6",
        "email",
        "christmas",
        "Sunday 2027-12-19",
        "E-mail is not used on Sundays",
        "2027-12-21T09:30:00+01:00",
        id="j-6-fr",
    ),
    pytest.param(
        "on Black Friday",
        "email",
        "christmas",
        "Friday 2027-11-26",
        "E-mail is not used on Fridays",
        "2027-11-30T09:30:00+01:00",
        id="black-friday",
    ),
    pytest.param(
        "le jour du Black Friday",
        "email",
        "christmas",
        "Friday 2027-11-26",
        "E-mail is not used on Fridays",
        "2027-11-30T09:30:00+01:00",
        id="black-friday-fr",
    ),
    pytest.param(
        "2027-05-30",
        "email",
        "2027-06-30",
        "Sunday 2027-05-30",
        "E-mail is not used on Sundays",
        "2027-06-01T09:30:00+02:00",
        id="iso-date",
    ),
    pytest.param(
        "le 14 juillet",
        "sms",
        "2027-07-31",
        "Wednesday 2027-07-14",
        "SMS is quiet on public holidays, and 2027-07-14 is National Day",
        "2027-07-15T11:00:00+02:00",
        id="public-holiday-sms",
    ),
    pytest.param(
        "2027-05-06",
        "in_store",
        "2027-06-30",
        "Thursday 2027-05-06",
        "In store needs the shop open, and 2027-05-06 is a public holiday (Ascension Day)",
        "2027-05-07T00:00:00+02:00",
        id="public-holiday-in-store",
    ),
    pytest.param(
        "J-8",
        "sms",
        "2027-06-14",
        "Sunday 2027-06-06",
        "SMS is not used on Sundays",
        "2027-06-07T11:00:00+02:00",
        id="sunday-sms",
    ),
    pytest.param(
        "2027-12-31",
        "email",
        "2028-01-31",
        "Friday 2027-12-31",
        "E-mail is not used on Fridays",
        "2028-01-04T09:30:00+01:00",
        id="year-end",
    ),
    pytest.param(
        "le 1er janvier",
        "in_store",
        "2028-01-31",
        "Saturday 2028-01-01",
        "In store needs the shop open, and 2028-01-01 is a public holiday (New Year's Day)",
        "2028-01-02T00:00:00+01:00",
        id="new-year-fr",
    ),
]


@pytest.mark.parametrize(("when", "channel", "anchor", "day", "why", "moved"), MOVES)
def test_a_one_day_window_moves_to_the_channels_next_day_and_says_so(
    cli: Callable[..., Result],
    workspace: Path,
    when: str,
    channel: str,
    anchor: str,
    day: str,
    why: str,
    moved: str,
) -> None:
    write(workspace, rule(when, channel, anchor))
    planned = cli("plan", "--start", START, "--format", "json", cwd=workspace)
    assert planned.exit_code == 0, planned.output
    assert starts(planned) == [moved]
    name = {"email": "E-mail", "sms": "SMS", "in_store": "In store"}[channel]
    new_day = date.fromisoformat(moved[:10])
    # At the step's `when` value (line 9, column 9 is inside the quotes), like other warnings.
    warning = (
        f"rules/shop.toml:9:9: warning: step 1 (retention) on {name} moved from {day} to "
        f"{new_day:%A} {new_day}: {why}"
    )
    assert warning in planned.stderr
    checked = cli("check", "--start", START, cwd=workspace)
    assert checked.exit_code == 0, checked.output
    assert warning in checked.stderr and why in checked.stderr


def test_a_quiet_day_of_a_workspace_channel_moves_too(
    cli: Callable[..., Result], workspace: Path
) -> None:
    (workspace / "channels").mkdir()
    (workspace / "channels" / "vitrine.toml").write_text(
        'name = "Vitrine"\nquiet_days = ["lundi", "holidays"]\nbest_times = ["08:00"]\n',
        encoding="utf-8",
    )
    # Monday 17 May 2027 is Whit Monday: quiet twice over; the rule named first is said.
    write(workspace, rule("le 17 mai", "vitrine", "2027-05-31"))
    planned = cli("plan", "--start", START, "--format", "json", cwd=workspace)
    assert planned.exit_code == 0, planned.output
    assert starts(planned) == ["2027-05-18T08:00:00+02:00"]
    assert (
        "rules/shop.toml:9:9: warning: step 1 (retention) on Vitrine moved from Monday 2027-05-17 "
        "to Tuesday 2027-05-18: Vitrine is quiet on Mondays\n"
        "  hint: to choose the day yourself, write in `when` a day Vitrine is used, such as "
        '"2027-05-18"\n' in planned.stderr
    )


def test_the_steps_after_a_moved_one_count_from_its_new_day(
    cli: Callable[..., Result], workspace: Path
) -> None:
    write(
        workspace,
        rule(
            "two weeks after Mother's Day",
            "email",
            "mothers_day",
            extra='[[step]]\nstage = "advocacy"\nwhen = "3 to 5 days after retention"\n'
            'channels = ["instagram"]\ncontent = "Votre avis"',
        ),
    )
    planned = cli("plan", "--start", START, "--format", "json", cwd=workspace)
    assert planned.exit_code == 0, planned.output
    items = json.loads(planned.stdout)
    # The e-mail is written the day before it goes out, and goes out on Tuesday 15 June.
    email = [(i["kind"], i["start"][:16]) for i in items if i["step"] == 1]
    assert email == [("prepare", "2027-06-14T09:30"), ("publish", "2027-06-15T09:30")]
    # Three days after Tuesday 15 June, not after Sunday 13 June.
    assert starts(planned, 2) == ["2027-06-18T11:00:00+02:00"]


def test_a_day_written_in_the_table_shows_the_new_day(
    cli: Callable[..., Result], workspace: Path
) -> None:
    write(workspace, rule("deux semaines après la fête des mères", "email", "mothers_day"))
    # No language chosen: the French campaign's table speaks French.
    table = cli("plan", "--start", START, cwd=workspace, env={"PLANNER_LANG": ""})
    assert table.exit_code == 0, table.output
    assert "mardi 15 juin 2027" in table.stdout and "dimanche 13 juin" not in table.stdout


@pytest.mark.parametrize(
    ("when", "day", "earlier"),
    [
        pytest.param("J-2", "2027-05-28", "2027-05-27", id="friday-before"),
        pytest.param("1 day before Mother's Day", "2027-05-29", "2027-05-27", id="saturday"),
    ],
)
def test_a_day_before_the_anchor_never_moves_onto_or_past_it(
    cli: Callable[..., Result], workspace: Path, when: str, day: str, earlier: str
) -> None:
    # Mother's Day 2027 is Sunday 30 May; the next e-mail day is Tuesday 1 June, past it.
    path = write(workspace, rule(when, "email", "mothers_day"))
    planned = cli("plan", "--start", START, cwd=workspace)
    assert planned.exit_code == 2 and planned.stdout == ""
    assert planned.stderr.startswith(
        f"rules/shop.toml:9:9: error: step 1 (retention) on E-mail: no free slot from {day} to "
        f"{day} (channel days)\n"
    )
    assert "2027-06-01" in planned.stderr and "past the anchor (2027-05-30)" in planned.stderr
    hint = f'when = "{earlier}"'
    assert hint in planned.stderr
    assert "Traceback" not in planned.stderr
    # The hint works: written as it says, the step plans without a move.
    path.write_text(path.read_text().replace(f'when = "{when}"', hint), encoding="utf-8")
    fixed = cli("plan", "--start", START, "--format", "json", cwd=workspace)
    assert fixed.exit_code == 0, fixed.output
    assert starts(fixed) == [f"{earlier}T09:30:00+02:00"] and "moved" not in fixed.stderr


def test_a_day_on_the_anchor_may_move_after_it(cli: Callable[..., Result], workspace: Path) -> None:
    write(workspace, rule("on Mother's Day", "email", "mothers_day"))
    planned = cli("plan", "--start", START, "--format", "json", cwd=workspace)
    assert planned.exit_code == 0, planned.output
    assert starts(planned) == ["2027-06-01T09:30:00+02:00"]
    assert "moved from Sunday 2027-05-30 to Tuesday 2027-06-01" in planned.stderr


def test_a_move_never_passes_the_steps_deadline(
    cli: Callable[..., Result], workspace: Path
) -> None:
    path = write(
        workspace, rule("2027-06-13", "email", "2027-06-30", extra='before = "2027-06-14"')
    )
    planned = cli("plan", "--start", START, cwd=workspace)
    assert planned.exit_code == 2, planned.output
    assert "no free slot from 2027-06-13 to 2027-06-13 (channel days)" in planned.stderr
    assert "after the deadline (2027-06-14)" in planned.stderr
    assert 'when = "2027-06-10"' in planned.stderr
    path.write_text(path.read_text().replace('"2027-06-13"', '"2027-06-10"'), encoding="utf-8")
    assert cli("plan", "--start", START, cwd=workspace).exit_code == 0


def test_no_day_within_a_week_keeps_the_error(cli: Callable[..., Result], workspace: Path) -> None:
    (workspace / "calendars").mkdir()
    (workspace / "calendars" / "conges.toml").write_text(
        '[[closed]]\nfrom = 2027-08-01\nto = 2027-08-21\nreason = "congés d\'été"\n',
        encoding="utf-8",
    )
    settings = workspace / "planner.toml"
    settings.write_text(
        settings.read_text() + 'closures = ["calendars/conges.toml"]\n', encoding="utf-8"
    )
    write(workspace, rule("le 2 août", "in_store", "2027-08-31"))
    for command in ("plan", "check"):
        result = cli(command, "--start", START, cwd=workspace)
        assert result.exit_code == 2, result.output
        assert (
            "rules/shop.toml:9:9: error: step 1 (retention) on In store: no free slot from "
            "2027-08-02 to 2027-08-02 (shop closed)" in result.stderr
        )
        assert "moved" not in result.stderr


def test_a_longer_window_keeps_the_error(cli: Callable[..., Result], workspace: Path) -> None:
    write(workspace, rule("du 12 au 13 juin", "email", "2027-06-30"))
    result = cli("plan", "--start", START, cwd=workspace)
    assert result.exit_code == 2
    assert "no free slot from 2027-06-12 to 2027-06-13 (channel days)" in result.stderr
    assert "moved" not in result.stderr


def test_a_day_whose_cap_is_full_is_not_moved(cli: Callable[..., Result], workspace: Path) -> None:
    # A cap is not a day the channel does not use: another item is there, and moving this one
    # would hide that two campaigns want the same day.
    write(workspace, rule("2027-06-15", "email", "2027-06-30", name="A"), "a")
    write(workspace, rule("2027-06-15", "email", "2027-06-30", name="B"), "b")
    result = cli("plan", "--start", START, cwd=workspace)
    assert result.exit_code == 2
    assert "no free slot from 2027-06-15 to 2027-06-15 (cap of 1 per day)" in result.stderr


@pytest.mark.parametrize(
    ("start", "end", "anchor", "deadline", "latest"),
    [
        pytest.param("2027-06-13", "2027-06-13", None, None, "2027-06-20", id="a-week-at-most"),
        pytest.param("2027-06-13", "2027-06-13", "2027-05-30", None, "2027-06-20", id="after"),
        pytest.param("2027-05-30", "2027-05-30", "2027-05-30", None, "2027-06-06", id="on"),
        pytest.param("2027-05-28", "2027-05-28", "2027-05-30", None, "2027-05-29", id="before"),
        pytest.param("2027-06-13", "2027-06-13", None, "2027-06-14", "2027-06-14", id="deadline"),
        pytest.param("2027-12-31", "2027-12-31", "2028-01-31", None, "2028-01-07", id="year-end"),
        pytest.param("2027-06-12", "2027-06-13", None, None, None, id="two-days-never-move"),
    ],
)
def test_how_far_a_one_day_window_may_move(
    start: str, end: str, anchor: str | None, deadline: str | None, latest: str | None
) -> None:
    from planner.moves import one_day
    from planner.phrases import Window

    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    window = Window(date.fromisoformat(start), date.fromisoformat(end))
    found = one_day(window, day(anchor), day(deadline))
    assert (found.latest if found else None) == day(latest)
    assert one_day(Window(window.start, window.end, asap=True), None, None) is None
