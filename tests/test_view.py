"""`planner view`: the view model (stages, gaps, anchor, buying cycle, labels in French and
English, days with many items), the page it renders (escaping, workspace templates, fragments)
and the command (help, bad input: exit 2 and nothing written). The page in a real browser is
tests/test_browser_view.py."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

from planner.controllers import prepare, view_model
from planner.errors import ConfigError, TemplateError
from planner.plan import Item
from planner.views import View, build_view, labels, render_journey, render_month, render_page
from planner.views.model import LISTED_PER_DAY, SHOWN_PER_DAY
from planner.workspace import Workspace

from .conftest import ROOT

FIVE_STAGES = """
[campaign]
name = "{name}"
anchor = "2027-05-30"
locale = "{locale}"
buying_cycle = "{cycle}"
journey = "5-stage"

[[step]]
stage = "awareness"
when = "from 2027-05-03 to 2027-05-09"
channels = ["instagram"]
content = "Teaser"
every = "tous les jours"

[[step]]
stage = "conversion"
when = "{conversion}"
channels = ["email"]
content = "Offer"
"""


def model(workspace: Path, *rules: str, start: str = "2027-04-01") -> View:
    ws = Workspace.open(workspace, workspace, "Europe/Paris")
    return view_model(prepare(ws, rules, workspace, date.fromisoformat(start), None))


def five(write_rule: Callable[[str, str], Path], name: str = "fete", locale: str = "fr") -> None:
    cycle = "21 jours" if locale == "fr" else "21 days"
    # Another day for each language: the e-mail channel takes one message a day.
    conversion = "2027-05-20" if locale == "fr" else "2027-05-19"
    text = FIVE_STAGES.format(name=name.title(), locale=locale, cycle=cycle, conversion=conversion)
    write_rule(f"{name}.toml", text)


def test_journey_columns_follow_the_journey_with_gaps(
    workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    five(write_rule)
    (journey,) = model(workspace, "fete").journeys
    assert [c.stage for c in journey.columns] == [
        "awareness",
        "consideration",
        "conversion",
        "retention",
        "advocacy",
    ]
    gaps = {c.stage: c.gap for c in journey.columns}
    assert gaps["awareness"] == gaps["conversion"] == ""
    assert gaps["retention"] == "Rien de prévu pour l’étape «\u00a0fidélisation\u00a0»"
    assert gaps["consideration"] and gaps["advocacy"]
    (touch,) = journey.columns[0].touchpoints
    assert touch.step == 1
    assert touch.dates == "3 mai 2027 – 9 mai 2027"
    assert len(touch.ids) == 7  # one post a day for a week


def test_custom_journey_order_is_kept(
    workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    text = FIVE_STAGES.format(name="X", locale="en", cycle="21 days", conversion="2027-05-20")
    write_rule("x.toml", text.replace('"5-stage"', '["conversion", "awareness"]'))
    (journey,) = model(workspace, "x").journeys
    assert [c.stage for c in journey.columns] == ["conversion", "awareness"]


def test_anchor_and_buying_cycle_on_the_timeline(
    workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    five(write_rule)
    (journey,) = model(workspace, "fete").journeys
    marks = {m.kind + ":" + m.css: m for m in journey.marks}
    # Timeline from the first item (3 May) to the anchor (30 May): 28 days.
    assert journey.scale == ("3 mai 2027", "30 mai 2027")
    cycle = marks["cycle:cycle"]  # 21 days before 30 May: 9 to 29 May
    assert (cycle.left, cycle.width) == (round(6 / 28 * 100, 2), 75.0)
    assert cycle.title == "cycle d’achat\u00a0: 9 mai 2027 – 29 mai 2027"
    anchor = marks["anchor:anchor"]
    assert anchor.left == round(27 / 28 * 100, 2)
    assert journey.anchor_left == round(anchor.left + anchor.width / 2, 2)
    assert journey.anchor == "ancre\u00a0: 30 mai 2027"
    assert journey.cycle == "cycle d’achat\u00a0: 21 jours avant l’ancre"
    awareness = marks["stage:st-awareness"]
    assert (awareness.left, awareness.width) == (0.0, 25.0)


def test_english_and_french_labels(workspace: Path, write_rule: Callable[[str, str], Path]) -> None:
    five(write_rule, "fete", "fr")
    five(write_rule, "party", "en")
    french, english = model(workspace, "fete"), model(workspace, "party")
    assert french.locale == "fr" and english.locale == "en"
    assert french.months[0].title == "mai 2027" and english.months[0].title == "May 2027"
    assert french.weekdays[0] == "lun." and english.weekdays[0] == "Mon"
    assert english.journeys[0].columns[3].gap == "Nothing planned for retention"
    assert english.journeys[0].anchor == "anchor: May 30, 2027"
    day = next(d for w in french.months[0].weeks for d in w if d.day == date(2027, 5, 1))
    assert day.label == "samedi 1er mai"
    assert french.text["journeys"] == "Parcours client"
    # Mixed languages: the page speaks the workspace's (French), each journey its campaign's.
    both = model(workspace, "fete", "party")
    assert both.locale == "fr" and both.title == "Test shop"
    assert [j.locale for j in both.journeys] == ["fr", "en"]
    assert both.journeys[1].columns[0].label == "awareness"
    assert both.stages[0] == ("awareness", "sensibilisation")


def _items(day: date, count: int) -> list[Item]:
    paris = ZoneInfo("Europe/Paris")
    start = datetime(day.year, day.month, day.day, 9, tzinfo=paris)
    stages = ("awareness", "conversion")
    return [
        Item(
            id=f"{n:016x}",
            campaign="Many",
            stage=stages[n % 2],
            step=1,
            channel="instagram",
            start=start + timedelta(seconds=n),
            end=start + timedelta(minutes=30),
            all_day=False,
            title=f"Post {n}",
            brief="",
            kind="publish",
            source="x.toml:1",
            locale="en",
        )
        for n in range(count)
    ]


def test_a_crowded_day_lists_some_and_counts_the_rest() -> None:
    day = date(2027, 3, 10)
    view = build_view(_items(day, 1000), [], locale="en", anchors={})
    (month,) = view.months
    cell = next(d for w in month.weeks for d in w if d.day == day)
    assert len(cell.shown) == SHOWN_PER_DAY
    assert len(cell.more) == LISTED_PER_DAY - SHOWN_PER_DAY
    assert cell.more_label == f"+{LISTED_PER_DAY - SHOWN_PER_DAY} more"
    rest = 1000 - LISTED_PER_DAY
    assert cell.unlisted_label == f"{rest} more not listed"
    assert sum(c.n for c in cell.unlisted) == rest and cell.total == month.total == 1000
    page = render_page(view)
    assert page.count("data-item-id=") == LISTED_PER_DAY
    assert len(page) < 100_000


def test_months_run_without_holes_and_link_each_other() -> None:
    items = _items(date(2027, 1, 31), 1) + _items(date(2027, 4, 1), 1)
    view = build_view(items, [], locale="fr", anchors={})
    assert [m.key for m in view.months] == ["2027-01", "2027-02", "2027-03", "2027-04"]
    assert view.months[1].total == 0 and view.months[1].previous == "2027-01"
    assert view.months[1].next == "2027-03"
    # Weeks start on Monday: January 2027 starts on a Friday.
    assert view.months[0].weeks[0][0].day == date(2026, 12, 28)
    assert not view.months[0].weeks[0][0].in_month


def test_an_empty_plan_says_so() -> None:
    page = render_page(build_view([], [], locale="fr", anchors={}))
    assert "Rien de prévu." in page and "data-item-id" not in page


class _Items(HTMLParser):
    """Each item's id, hover text and title text, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, dict[str, str]] = {}
        self.scripts = 0
        self._open: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if "data-item-id" in found:
            self._open = found["data-item-id"] or ""
            self.items[self._open] = {"hover": found.get("title") or "", "title": ""}
        self._in_title = self._open is not None and found.get("class") == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and self._open is not None:
            self.items[self._open]["title"] += data


NASTY = '<script>alert("x")</script> l\'offre "choc" & </li>'


def test_user_text_is_escaped(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule(
        "nasty.toml",
        f"[campaign]\nname = '''{NASTY}'''\nanchor = \"2027-05-30\"\n\n"
        f'[[step]]\nstage = "awareness"\nwhen = "2027-05-03"\nchannels = ["instagram"]\n'
        f"title = '''{NASTY}'''\ncontent = '''{NASTY} brief'''\n",
    )
    out = workspace / "plan.html"
    result = cli("view", "nasty", "--start", "2027-04-01", "-o", str(out), cwd=workspace)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page
    parser = _Items()
    parser.feed(page)
    assert parser.scripts == 0
    (item,) = parser.items.values()
    assert item["title"] == f"Instagram — {NASTY}"  # the channel's template adds its name
    assert item["hover"].endswith(f"{NASTY} brief")


def test_workspace_templates_replace_the_built_in_ones(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    five(write_rule)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "journey.html.j2").write_text(
        '<article class="mine">{{ journey.name }} — {{ "<b>" }}</article>\n', encoding="utf-8"
    )
    out = workspace / "plan.html"
    quiet = cli("-q", "view", "--start", "2027-04-01", "-o", str(out), cwd=workspace)
    assert quiet.exit_code == 0 and quiet.stdout == ""  # regression: -q hid nothing here
    page = out.read_text(encoding="utf-8")
    assert '<article class="mine">Fete — &lt;b&gt;</article>' in page
    assert 'class="month first"' in page  # the other templates are still the built-in ones


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ view.title.__class__.__mro__ }}", "not allowed|unsafe"),
        ("{% for x in %}", r"templates/view\.html\.j2:1: error: in template"),
        ("{{ view.no_such_thing }}", "no_such_thing"),
    ],
    ids=["sandbox", "syntax", "undefined"],
)
def test_a_broken_workspace_template_is_exit_2_and_writes_nothing(
    cli: Callable[..., Result],
    workspace: Path,
    write_rule: Callable[[str, str], Path],
    template: str,
    message: str,
) -> None:
    five(write_rule)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "view.html.j2").write_text(template, encoding="utf-8")
    out = workspace / "plan.html"
    result = cli("view", "--start", "2027-04-01", "-o", str(out), cwd=workspace)
    assert result.exit_code == 2, result.output
    assert re.search(message, result.output), result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-campaign"],
        ["tests/bad/phrase-mi-janvir.toml"],
        ["rules/valentines-rings.toml", "--start", "2026-13-01"],
    ],
    ids=["unknown-rule", "bad-rule", "bad-start"],
)
def test_bad_input_is_exit_2_and_leaves_the_file(
    cli: Callable[..., Result], tmp_path: Path, args: list[str]
) -> None:
    out = tmp_path / "plan.html"
    out.write_text("before", encoding="utf-8")
    result = cli("view", *args, "-o", str(out), cwd=ROOT)
    assert result.exit_code == 2, result.output
    assert "error:" in result.output and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "before"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_a_folder_as_output_is_exit_2(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli(
        "view",
        "rules/valentines-rings.toml",
        "--start",
        "2026-12-01",
        "-o",
        str(tmp_path),
        cwd=ROOT,
    )
    assert result.exit_code == 2
    assert "it is a folder" in result.output and "file.html" in result.output


def test_help(cli: Callable[..., Result]) -> None:
    result = cli("view", "--help")
    assert result.exit_code == 0
    assert "--output" in result.output and "--start" in result.output
    assert "journey map" in result.output


def test_fragments_for_a_server(workspace: Path, write_rule: Callable[[str, str], Path]) -> None:
    five(write_rule)
    view = model(workspace, "fete")
    section = render_month(view, "2027-05", href=lambda key: f"?month={key}")
    assert section.startswith('<section class="month first" id="m-2027-05"')
    assert section.count("data-item-id=") == view.total == 9  # with the e-mail's preparation
    assert "Fete" in render_journey(view, "fete")
    page = render_page(view, months=["2027-05"], href=lambda key: f"?month={key}")
    assert 'href="?month=2027-05" aria-current="page"' in page
    with pytest.raises(ConfigError, match="no month '2027-09'"):
        render_month(view, "2027-09")
    with pytest.raises(TemplateError):
        render_page(view, templates=_broken(workspace))


def _broken(workspace: Path) -> Path:
    folder = workspace / "broken"
    folder.mkdir()
    (folder / "view.html.j2").write_text("{% if %}", encoding="utf-8")
    return folder


def test_the_page_is_self_contained(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = cli(
        "view", "rules/valentines-rings.toml", "--start", "2026-12-01", "-o", str(out), cwd=ROOT
    )
    assert result.exit_code == 0, result.output
    assert "wrote 8 items of 1 campaign(s) over 1 month(s)" in result.output
    page = out.read_text(encoding="utf-8")
    # Nothing fetched from elsewhere: no external script, stylesheet, font or image.
    assert not re.search(r"""(src|href)=["']?(https?:)?//|@import|url\(""", page)
    assert "@page { size: A4 landscape" in page and "@media print" in page
    # The campaign speaks French, but PLANNER_LANG=en (the tests' own) holds over its locale.
    assert '<html lang="en">' in page


class _Days(HTMLParser):
    """Per day of the months shown (days of other months left out): the ids of the items that
    start on it (``data-item-id``) and of those that continue on it (``data-continues``), and
    the text of its cell."""

    def __init__(self) -> None:
        super().__init__()
        self.days: dict[str, dict[str, list[str]]] = {}
        self.text: dict[str, str] = {}
        self._day: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "li" and "day" in classes:
            self._day = None if "out" in classes else found["data-date"]
            if self._day is not None:
                self.days.setdefault(self._day, {"items": [], "continues": []})
                self.text.setdefault(self._day, "")
            self._depth = 0
        elif tag == "li" and self._day is not None:
            self._depth += 1
        if self._day is not None and "data-item-id" in found:
            self.days[self._day]["items"].append(found["data-item-id"] or "")
        if self._day is not None and "data-continues" in found:
            self.days[self._day]["continues"].append(found["data-continues"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._day is not None:
            if self._depth == 0:
                self._day = None
            else:
                self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._day is not None:
            self.text[self._day] += data


def days_of(page: str) -> _Days:
    parser = _Days()
    parser.feed(page)
    return parser


def plan_items(cli: Callable[..., Result], *args: str) -> list[dict[str, str]]:
    result = cli("plan", *args, "--format", "json", cwd=ROOT)
    assert result.exit_code == 0, result.output
    items: list[dict[str, str]] = json.loads(result.stdout)
    return items


RESTAURANT = "rules/restaurant-launch.toml"


def test_a_multi_day_item_is_drawn_on_each_of_its_days(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """The 48-hour flash sale, from Sunday 7 March 12:00 to Tuesday 9 March 12:00: the item on
    its first day, a continuation on the two others, nothing on the 10th."""
    items = plan_items(cli, RESTAURANT, "--start", "2027-03-01")
    [sale] = [i for i in items if i["stage"] == "conversion"]
    assert (sale["start"], sale["end"]) == (
        "2027-03-07T12:00:00+01:00",
        "2027-03-09T12:00:00+01:00",
    )
    out = tmp_path / "plan.html"
    result = cli("view", RESTAURANT, "--start", "2027-03-01", "-o", str(out), cwd=ROOT)
    assert result.exit_code == 0, result.output
    found = days_of(out.read_text(encoding="utf-8"))
    assert found.days["2027-03-07"] == {"items": [sale["id"]], "continues": []}
    assert found.days["2027-03-08"] == {"items": [], "continues": [sale["id"]]}
    assert found.days["2027-03-09"] == {"items": [], "continues": [sale["id"]]}
    assert found.days["2027-03-10"] == {"items": [], "continues": []}
    assert "→ Mar 9" in found.text["2027-03-07"]  # its first day says how long it lasts
    assert "continued" in found.text["2027-03-08"]
    assert "until 12:00" in found.text["2027-03-09"]  # and its last day when it ends
    assert "Flash sale" in found.text["2027-03-09"]
    # Every other item is on its own day only, once.
    others = [i for i in items if i is not sale]
    for item in others:
        day = found.days[item["start"][:10]]
        assert day["items"] == [item["id"]] and day["continues"] == []


def test_a_multi_day_item_runs_into_the_next_month(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """From 30 March 12:00 to 1 April 12:00: April gets a page, where the sale continues."""
    items = plan_items(cli, RESTAURANT, "--start", "2027-03-24")
    [sale] = [i for i in items if i["stage"] == "conversion"]
    assert (sale["start"][:10], sale["end"][:10]) == ("2027-03-30", "2027-04-01")
    out = tmp_path / "plan.html"
    result = cli("view", RESTAURANT, "--start", "2027-03-24", "-o", str(out), cwd=ROOT)
    assert result.exit_code == 0, result.output
    assert "wrote 3 items of 1 campaign(s) over 2 month(s)" in result.output
    page = out.read_text(encoding="utf-8")
    found = days_of(page)  # the days of each month's own page: 1 April is April's
    assert found.days["2027-03-30"] == {"items": [sale["id"]], "continues": []}
    assert found.days["2027-03-31"] == {"items": [], "continues": [sale["id"]]}
    assert found.days["2027-04-01"] == {"items": [], "continues": [sale["id"]]}
    assert "until 12:00" in found.text["2027-04-01"]
    assert found.days["2027-04-02"] == {"items": [], "continues": []}
    april = page[page.index('id="m-2027-04"') :]
    assert 'href="#m-2027-04"' in page[: page.index('id="m-2027-04"')]
    assert re.search(r'id="t-2027-04">April 2027</h2>\s*<span class="count">1 item<', april)
    assert "Nothing planned this month." not in april
    assert page.count("data-item-id=") == 3  # one per item, as in `planner plan`


def item_chunks(page: str) -> dict[str, str]:
    """Each item's (and continuation's) ``<li>`` on the page, by the id it carries."""
    return {
        m.group(2): m.group(0)
        for m in re.finditer(
            r'<li class="item[^"]*" (data-item-id|data-continues)="(\w+)".*?</li>', page
        )
    }


def test_with_several_campaigns_each_item_says_which_it_belongs_to(
    cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    """A short name on each item, the full one on hover (and in the brief a tap opens); none
    when the page shows one campaign."""
    shutil.copy(ROOT / "rules" / "valentines-rings.toml", workspace / "rules")
    five(write_rule, "fete")
    out = workspace / "plan.html"
    result = cli("view", "--start", "2026-12-01", "-o", str(out), cwd=workspace)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    result = cli("plan", "--start", "2026-12-01", "--format", "json", cwd=workspace)
    items = json.loads(result.stdout)
    assert {i["campaign"] for i in items} == {"Saint-Valentin — bagues de fiançailles", "Fete"}
    chunks = item_chunks(page)
    assert chunks.keys() == {i["id"] for i in items}
    short = {"Saint-Valentin — bagues de fiançailles": "Saint-Valentin", "Fete": "Fete"}
    for item in items:
        tag = f'<span class="ctag" title="{item["campaign"]}">{short[item["campaign"]]}</span>'
        assert tag in chunks[item["id"]], chunks[item["id"]]
        assert f"· {item['campaign']}</p>" in chunks[item["id"]]  # in the brief a tap opens
    one = cli("view", "fete", "--start", "2026-12-01", "-o", str(out), cwd=workspace)
    assert one.exit_code == 0, one.output
    assert 'class="ctag"' not in out.read_text(encoding="utf-8")


def test_campaign_short_names_tell_campaigns_apart() -> None:
    tags = labels.campaign_tags(
        {
            "a": "Saint-Valentin — bagues de fiançailles",
            "b": "Soldes (été)",
            "c": "Soldes (hiver)",
            "d": "Online orders launch",
            "e": "Online orders relaunch in the autumn",
            "f": "Fête",
            "g": "Fête",
        }
    )
    assert tags == {
        "a": "Saint-Valentin",  # the name's head, before its dash
        "b": "Soldes (été)",  # the heads are the same: as many words as tell them apart
        "c": "Soldes (hiver)",
        "d": "Online orders launch",
        "e": "Online ord… relaunch",  # cut, keeping the word that tells it apart
        "f": "Fête 1",
        "g": "Fête 2",
    }
    many = labels.campaign_tags({str(n): f"Campagne quotidienne numéro {n}" for n in range(1000)})
    assert many["5"] == "Campagne quotidie… 5" and len(set(many.values())) == 1000
    assert all(len(tag) <= labels.CAMPAIGN_TAG_MAX for tag in many.values())
