"""What a person sees in a calendar app, through the real CLI (issue #12, "What the app shows"):
reminders of all-day items in the morning, the shop's zone as the calendar's, categories and
channel names in the campaign's language, offers written as a person writes them, summaries
cut at a word, no path of the machine, and ambiguous DST wall times kept in their zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result
from icalendar import Calendar

PARIS = ZoneInfo("Europe/Paris")

IN_STORE = """\
[campaign]
name = "Vitrine"
anchor = "valentines_day"

[[step]]
stage = "awareness"
when = "2027-01-15"
channels = ["in_store", "instagram"]
content = "Vitrine de la Saint-Valentin"
"""


def export(
    cli: Callable[..., Result], workspace: Path, *args: str, cwd: Path | None = None
) -> Calendar:
    out = workspace / "out.ics"
    result = cli("export", *args, "--start", "2026-12-07", "-o", str(out), cwd=cwd or workspace)
    assert result.exit_code == 0, result.output
    return Calendar.from_ical(out.read_bytes())


def rings_at(event: Any) -> datetime:
    """When the event's reminder rings, as a calendar app computes it (RFC 5545 3.8.6.3: a
    relative trigger of an all-day event counts from its local midnight)."""
    [alarm] = event.subcomponents
    start = event.decoded("DTSTART")
    if not isinstance(start, datetime):
        start = datetime.combine(start, time(0), PARIS)
    moment: datetime = start + alarm.decoded("TRIGGER")
    return moment


@pytest.mark.parametrize(
    ("alarm", "expected"),
    [
        (None, datetime(2027, 1, 15, 9, 0, tzinfo=PARIS)),
        ("30 min", datetime(2027, 1, 15, 9, 0, tzinfo=PARIS)),
        ("1 day", datetime(2027, 1, 14, 9, 0, tzinfo=PARIS)),
        ("2 days", datetime(2027, 1, 13, 9, 0, tzinfo=PARIS)),
    ],
)
def test_an_all_day_item_reminds_in_the_morning_not_the_evening_before(
    cli: Callable[..., Result],
    workspace: Path,
    write_rule: Callable[[str, str], Path],
    alarm: str | None,
    expected: datetime,
) -> None:
    write_rule("vitrine.toml", IN_STORE)
    calendar = export(cli, workspace, *(("--alarm", alarm) if alarm else ()))
    [all_day] = [e for e in calendar.events if not isinstance(e.decoded("DTSTART"), datetime)]
    assert rings_at(all_day) == expected
    [timed] = [e for e in calendar.events if isinstance(e.decoded("DTSTART"), datetime)]
    lead = {None: timedelta(hours=1), "30 min": timedelta(minutes=30)}.get(
        alarm, timedelta(days=int((alarm or "0").split()[0]))
    )
    assert rings_at(timed) == timed.decoded("DTSTART") - lead


def test_the_calendar_zone_is_the_shops_whatever_campaign_comes_first(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule("a-montreal.toml", IN_STORE.replace('"Vitrine"', '"Montréal"') + "")
    text = (workspace / "rules" / "a-montreal.toml").read_text(encoding="utf-8")
    (workspace / "rules" / "a-montreal.toml").write_text(
        text.replace('anchor = "valentines_day"\n', 'timezone = "America/Montreal"\n'),
        encoding="utf-8",
    )
    write_rule("b-paris.toml", IN_STORE)
    calendar = export(cli, workspace)
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    zones = {str(e["DTSTART"].params.get("TZID")) for e in calendar.events}
    assert "America/Montreal" in zones  # the Montreal campaign keeps its own zone


def test_a_french_campaign_shows_french_categories_and_channel_names(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule("vitrine.toml", IN_STORE)
    calendar = export(cli, workspace)
    shown = {str(e["SUMMARY"]): [str(c) for c in e["CATEGORIES"].cats] for e in calendar.events}
    assert shown == {
        "En boutique — Vitrine de la Saint-Valentin": ["Sensibilisation", "En boutique"],
        "Instagram — Vitrine de la Saint-Valentin": ["Sensibilisation", "Instagram"],
    }


def test_an_english_campaign_shows_english_words_not_keys(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule("vitrine.toml", IN_STORE.replace("[campaign]\n", '[campaign]\nlocale = "en"\n'))
    calendar = export(cli, workspace)
    shown = {str(e["SUMMARY"]): [str(c) for c in e["CATEGORIES"].cats] for e in calendar.events}
    assert shown == {
        "In store — Vitrine de la Saint-Valentin": ["Awareness", "In store"],
        "Instagram — Vitrine de la Saint-Valentin": ["Awareness", "Instagram"],
    }


OFFER = """\
[campaign]
name = "Offre"
anchor = "valentines_day"
{locale}
[[step]]
stage = "conversion"
when = "2027-02-01"
channels = ["email"]
content = "Nos bagues"
offer = {{ discount = "30 %", free_delivery = true, codes = ["A", "B"], gift_wrap = false, \
until = 2027-02-14 }}
"""


@pytest.mark.parametrize(
    ("locale", "lines"),
    [
        (
            "",
            [
                "Nos bagues",
                "- remise\u00a0: 30 %",
                "- livraison gratuite",
                "- codes\u00a0: A, B",
                "- jusqu’au\u00a0: 14 février 2027",
            ],
        ),
        (
            'locale = "en"',
            [
                "Nos bagues",
                "- discount: 30 %",
                "- free delivery",
                "- codes: A, B",
                "- until: 14 February 2027",
            ],
        ),
    ],
    ids=["fr", "en"],
)
def test_an_offer_is_written_as_a_person_writes_it(
    cli: Callable[..., Result],
    workspace: Path,
    write_rule: Callable[[str, str], Path],
    locale: str,
    lines: list[str],
) -> None:
    write_rule("offre.toml", OFFER.format(locale=locale))
    calendar = export(cli, workspace)
    [publish] = [e for e in calendar.events if str(e["X-PARCOURS-KIND"]) == "publish"]
    description = str(publish["DESCRIPTION"])
    assert [line for line in description.splitlines() if line.strip()] == lines
    assert "True" not in description and "['A'" not in description


def test_a_long_summary_is_cut_at_a_word_with_an_ellipsis(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    content = (
        "Découvrez notre nouvelle collection de bagues de fiançailles en or recyclé "
        "et diamants de laboratoire, façonnées à la main dans notre atelier parisien"
    )
    write_rule("long.toml", IN_STORE.replace("Vitrine de la Saint-Valentin", content))
    calendar = export(cli, workspace)
    for event in calendar.events:
        summary = str(event["SUMMARY"])
        assert summary.endswith("…") and len(summary) <= 80
        shown = summary[:-1].rstrip()
        words = shown.split(" — ", 1)[1].split()
        assert words == content.split()[: len(words)]  # whole words only
        assert not shown.endswith((",", " ", "—"))


def test_no_machine_path_in_the_file_whatever_the_folder_it_is_made_from(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule("vitrine.toml", IN_STORE)
    elsewhere = workspace.parent / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    outputs = []
    for cwd, before, after in (
        (workspace, (), ()),
        (workspace / "rules", (), ()),
        (workspace / "rules", (), ("vitrine.toml",)),
        (elsewhere, ("-w", str(workspace)), ()),
        (elsewhere, (), (str(workspace / "rules" / "vitrine.toml"),)),
    ):
        out = workspace / "out.ics"
        args = (*before, "export", *after, "--start", "2026-12-07", "-o", str(out))
        result = cli(*args, cwd=cwd)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert all(output == outputs[0] for output in outputs)
    text = outputs[0].decode()
    assert str(workspace) not in text and str(workspace.parent) not in text
    sources = {str(e["X-PARCOURS-SOURCE"]) for e in Calendar.from_ical(outputs[0]).events}
    assert sources == {"rules/vitrine.toml:5"}


NIGHT = """\
[campaign]
name = "Nuit"
anchor = "valentines_day"

[[step]]
stage = "awareness"
when = "2027-10-31"
at = "02:30"
channels = ["instagram"]
content = "Une heure de plus"
"""


def test_an_ambiguous_wall_time_keeps_its_zone_as_the_earlier_instant(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    """On 31 October 2027 Paris goes from 03:00 CEST back to 02:00 CET: 02:30 happens twice.
    RFC 5545 3.3.5 reads such a wall time as the first of the two; written so, an app that
    edits the event keeps it in Paris time instead of turning it into UTC."""
    write_rule("nuit.toml", NIGHT)
    out = workspace / "out.ics"
    result = cli("export", "--start", "2027-10-01", "-o", str(out), cwd=workspace)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Paris:20271031T023000" in text
    [event] = Calendar.from_ical(text).events
    start = event.decoded("DTSTART")
    assert start.utcoffset() == timedelta(hours=2)  # the first 02:30, still summer time
