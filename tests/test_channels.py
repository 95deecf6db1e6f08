"""Channel constraints in placement: days, quiet hours and days, public holidays, caps across
campaigns, preparation lead times, content limits; workspace files override built-ins."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path

import holidays
import pytest
from click.testing import Result

from planner.channels import ChannelSet
from planner.controllers import prepare
from planner.errors import ChannelError, PlacementError
from planner.plan import Item
from planner.workspace import Workspace, builtin_dir

CAMPAIGN = """[campaign]
name = "{name}"
anchor = "{anchor}"
country = "FR"
journey = ["{stage}"]
[[step]]
stage = "{stage}"
when = "{when}"
channels = ["{channel}"]
content = "{content}"
{extra}
"""


def rule(
    name: str,
    when: str,
    channel: str,
    *,
    anchor: str = "2027-06-30",
    stage: str = "conversion",
    content: str = "Offre",
    extra: str = "",
) -> str:
    return CAMPAIGN.format(
        name=name,
        anchor=anchor,
        stage=stage,
        when=when,
        channel=channel,
        content=content,
        extra=extra,
    )


def plan(workspace: Path, *rules: str, start: date = date(2027, 1, 1)) -> list[Item]:
    ws = Workspace.open(workspace, workspace)
    return prepare(ws, rules, workspace, start, None).plan().sorted()


def test_sms_never_on_sundays_holidays_or_quiet_hours(workspace: Path) -> None:
    # 2027-05-01 (Saturday) is the Fête du travail, 2027-05-02 a Sunday, 05-08 Victoire 1945.
    (workspace / "rules" / "sms.toml").write_text(
        rule(
            "SMS",
            "du 1er au 16 mai",
            "sms",
            extra='every = "tous les jours"\nat = ["07:00", "11:00", "21:00"]',
        ),
        encoding="utf-8",
    )
    items = plan(workspace)
    fr = holidays.country_holidays("FR", years=2027)
    assert items
    for item in items:
        assert item.start.weekday() != 6
        assert item.start.date() not in fr
        assert time(8) <= item.start.time() < time(20)
    days = {i.start.date() for i in items}
    assert date(2027, 5, 1) not in days and date(2027, 5, 8) not in days
    assert date(2027, 5, 3) in days


def test_sms_window_with_only_closed_days_names_the_constraints(workspace: Path) -> None:
    (workspace / "rules" / "sms.toml").write_text(
        rule("SMS", "du 8 au 9 mai", "sms"), encoding="utf-8"
    )
    with pytest.raises(PlacementError) as info:
        plan(workspace)
    assert info.value.step == 1
    # Saturday 8 May is Victoire 1945, a public holiday; Sunday 9 May is not an SMS day.
    assert info.value.constraint == "public holidays, channel days"


def test_cap_of_one_per_day_holds_across_three_campaigns(workspace: Path) -> None:
    (workspace / "channels").mkdir()
    (workspace / "channels" / "instagram.toml").write_text(
        'name = "Instagram"\nbest_times = ["11:00", "19:00"]\ncap_per_day = 1\n', encoding="utf-8"
    )
    for n, when in enumerate(["du 1er au 10 mars", "du 3 au 12 mars", "du 1er au 5 mars"]):
        (workspace / "rules" / f"c{n}.toml").write_text(
            rule(f"Campaign {n}", when, "instagram", extra='every = "tous les 2 jours"'),
            encoding="utf-8",
        )
    everything = plan(workspace)
    per_day = Counter(i.start.date() for i in everything if i.channel == "instagram")
    assert per_day and max(per_day.values()) == 1
    # Planning one campaign alone counts the others: the same dates as in the full plan.
    alone = plan(workspace, "c1")
    assert {i.id: i.start for i in alone} == {
        i.id: i.start for i in everything if i.campaign == "Campaign 1"
    }


def test_cap_that_empties_a_window_is_an_error_naming_the_cap(workspace: Path) -> None:
    (workspace / "channels").mkdir()
    (workspace / "channels" / "instagram.toml").write_text(
        'name = "Instagram"\ncap_per_day = 1\n', encoding="utf-8"
    )
    (workspace / "rules" / "a.toml").write_text(
        rule("A", "2027-03-01", "instagram"), encoding="utf-8"
    )
    (workspace / "rules" / "b.toml").write_text(
        rule("B", "2027-03-01", "instagram"), encoding="utf-8"
    )
    with pytest.raises(PlacementError) as info:
        plan(workspace)
    assert info.value.constraint == "cap of 1 per day"


def test_flyer_gets_a_prepare_item_seven_days_earlier(workspace: Path) -> None:
    (workspace / "rules" / "f.toml").write_text(
        rule("Flyers", "2027-03-12", "flyer"), encoding="utf-8"
    )
    prepare_item, publish = plan(workspace)
    assert (prepare_item.kind, publish.kind) == ("prepare", "publish")
    assert publish.start.date() == date(2027, 3, 12)
    assert publish.start - prepare_item.start == timedelta(days=7)
    assert prepare_item.title.startswith("Préparer : Flyer")


def test_needs_open_channel_skips_public_holidays(workspace: Path) -> None:
    (workspace / "rules" / "s.toml").write_text(
        rule("Store", "du 13 au 15 juillet", "in_store", extra='every = "tous les jours"'),
        encoding="utf-8",
    )
    days = [i.start.date() for i in plan(workspace)]
    assert days == [date(2027, 7, 13), date(2027, 7, 15)]  # 14 July is closed


def test_workspace_channel_overrides_builtin(workspace: Path) -> None:
    (workspace / "channels").mkdir()
    (workspace / "channels" / "email.toml").write_text(
        'name = "Lettre"\ndays = ["mon"]\nbest_times = ["07:15"]\n', encoding="utf-8"
    )
    channels = ChannelSet([builtin_dir("channels"), workspace / "channels"])
    email = channels.get("email")
    assert (email.name, email.days, email.best_times) == ("Lettre", frozenset({0}), (time(7, 15),))
    assert email.lead_time == timedelta(0)  # a workspace file replaces, it does not merge


def test_every_builtin_channel_loads() -> None:
    channels = ChannelSet([builtin_dir("channels")])
    names = channels.names()
    for expected in (
        "instagram",
        "facebook",
        "tiktok",
        "linkedin",
        "email",
        "newsletter",
        "sms",
        "website",
        "blog",
        "google_business",
        "in_store",
        "flyer",
        "phone",
    ):
        assert expected in names
    for name in names:
        assert channels.get(name).best_times


def test_check_warns_when_a_brief_is_too_long(cli: Callable[..., Result], workspace: Path) -> None:
    (workspace / "rules" / "s.toml").write_text(
        rule("SMS", "2027-03-03", "sms", content="x" * 200), encoding="utf-8"
    )
    result = cli("check", "--start", "2027-01-01", cwd=workspace)
    assert result.exit_code == 0, result.output
    assert "more than" in result.stderr


def test_a_channel_file_not_named_as_its_key_is_said_so(tmp_path: Path) -> None:
    # Regression: "Vitrine-Ete.toml" was listed as a known channel, yet "vitrine-ete" (or the
    # very name suggested) was unknown: the lookup is by key, vitrine_ete.toml.
    (tmp_path / "Vitrine-Ete.toml").write_text('name = "Vitrine"\n', encoding="utf-8")
    channels = ChannelSet([builtin_dir("channels"), tmp_path])
    with pytest.raises(ChannelError) as caught:
        channels.get("vitrine-ete")
    assert "'Vitrine-Ete.toml' is not found under its key 'vitrine_ete'" in caught.value.message
    assert caught.value.hint.startswith("rename it vitrine_ete.toml")
    (tmp_path / "Vitrine-Ete.toml").rename(tmp_path / "vitrine_ete.toml")
    assert ChannelSet([builtin_dir("channels"), tmp_path]).get("Vitrine Ete").name == "Vitrine"


def test_at_on_an_all_day_channel_is_a_warning_at_the_value(
    cli: Callable[..., Result], workspace: Path
) -> None:
    """Regression: `at = "9h15"` on in_store was dropped without a word."""
    (workspace / "rules" / "s.toml").write_text(
        rule("Vitrine", "2027-03-03", "in_store", extra='at = "9h15"'), encoding="utf-8"
    )
    for command in ("plan", "check"):
        result = cli(command, "--start", "2027-01-01", cwd=workspace)
        assert result.exit_code == 0, result.output
        # Line 11 is `at = "9h15"`; column 7 is the 9, inside the quotes.
        assert (
            "rules/s.toml:11:7: warning: step 1 (conversion) on In store: at = 09:15 is dropped: "
            "In store items last the whole day\n"
            "  hint: remove `at` from this step\n" in result.stderr
        )
    both = rule("Vitrine", "2027-03-03", "in_store", extra='at = ["9h15", "18:00"]')
    (workspace / "rules" / "s.toml").write_text(
        both.replace('["in_store"]', '["instagram", "in_store"]'), encoding="utf-8"
    )
    result = cli("plan", "--start", "2027-01-01", "--format", "json", cwd=workspace)
    assert result.exit_code == 0, result.output
    assert "rules/s.toml:11:6: warning: step 1 (conversion) on In store: at = 09:15, 18:00 " in (
        result.stderr
    )
    assert "hint: put In store in a step of its own, without `at`" in result.stderr
    assert "on Instagram" not in result.stderr
