"""`planner view` pages in headless Chromium (tests/browser.py): every item of the plan is on
the page with its title and brief, screenshots at desktop and phone widths, no text overflowing
its box and no sideways scrolling, month navigation without a script, print on A4 landscape."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from .browser import DESKTOP, PHONE, horizontal_scroll, open_page, text_overflows
from .conftest import ROOT

VALENTINES = ("rules/valentines-rings.toml", "--start", "2026-12-01")
BNB = ("rules/bnb-summer-stay.toml", "--start", "2027-01-10")


def view_file(cli: Callable[..., Result], out: Path, *args: str, cwd: Path = ROOT) -> str:
    result = cli("view", *args, "-o", str(out), cwd=cwd)
    assert result.exit_code == 0, result.output
    return out.as_uri()


def plan_json(cli: Callable[..., Result], *args: str) -> list[dict[str, Any]]:
    result = cli("plan", *args, "--format", "json", cwd=ROOT)
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_item_of_the_plan_is_on_the_page(
    chromium: Any,
    cli: Callable[..., Result],
    tmp_path: Path,
    viewport: tuple[int, int],
) -> None:
    items = plan_json(cli, *VALENTINES)
    url = view_file(cli, tmp_path / "plan.html", *VALENTINES)
    with open_page(chromium, url, viewport) as page:
        shot = tmp_path / f"valentines-{viewport[0]}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert png_size(shot)[0] == viewport[0]
        on_page = page.eval_on_selector_all(
            "[data-item-id]", "els => els.map(e => e.dataset.itemId)"
        )
        assert sorted(on_page) == sorted(i["id"] for i in items)
        for item in items:
            element = page.locator(f'[data-item-id="{item["id"]}"]')
            assert element.is_visible(), item["id"]
            assert element.locator(".title").inner_text() == item["title"]
            assert element.get_attribute("title") == item["brief"]  # shown on hover
        assert text_overflows(page) == []
        assert horizontal_scroll(page) == 0


def test_a_tap_shows_the_brief(chromium: Any, cli: Callable[..., Result], tmp_path: Path) -> None:
    (item, *_) = plan_json(cli, *VALENTINES)
    url = view_file(cli, tmp_path / "plan.html", *VALENTINES)
    with open_page(chromium, url, PHONE) as page:
        element = page.locator(f'[data-item-id="{item["id"]}"]')
        brief = element.locator(".text")
        assert not brief.is_visible()
        element.locator("summary").click()
        assert brief.is_visible() and brief.inner_text() == item["brief"]
        assert text_overflows(page) == []
        assert horizontal_scroll(page) == 0


def test_the_journey_map_shows_stages_in_order(
    chromium: Any, cli: Callable[..., Result], tmp_path: Path
) -> None:
    url = view_file(cli, tmp_path / "plan.html", *BNB)
    with open_page(chromium, url, DESKTOP) as page:
        journey = page.locator("#j-bnb-summer-stay")
        stages = journey.locator(".stage").evaluate_all("els => els.map(e => e.dataset.stage)")
        assert stages == ["awareness", "consideration", "conversion", "retention"]
        assert journey.locator(".lane-anchor").is_visible()
        assert journey.locator(".lane-cycle .bar").is_visible()
        assert "buying cycle: 60 days before the anchor" in journey.inner_text()


def test_months_are_pages_reached_without_a_script(
    chromium: Any, cli: Callable[..., Result], tmp_path: Path
) -> None:
    items = plan_json(cli, *BNB)
    url = view_file(cli, tmp_path / "plan.html", *BNB)
    months = sorted({i["start"][:7] for i in items})
    assert len(months) > 2
    with open_page(chromium, url, PHONE) as page:
        assert page.locator("script").count() == 0
        visible = page.locator("section.month:visible")
        assert visible.count() == 1 and visible.get_attribute("data-month") == months[0]
        for key in months[1:]:
            page.locator(f'.monthnav a[href="#m-{key}"]').click()
            assert visible.count() == 1 and visible.get_attribute("data-month") == key
            for item in (i for i in items if i["start"].startswith(key)):
                assert page.locator(f'[data-item-id="{item["id"]}"]').is_visible()
            assert text_overflows(page) == []
            assert horizontal_scroll(page) == 0
        page.locator("#m-" + months[-1] + " a.step[href]").first.click()  # back a month
        assert visible.get_attribute("data-month") == months[-2]


def test_print_shows_every_month_on_a4_landscape(
    chromium: Any, cli: Callable[..., Result], tmp_path: Path
) -> None:
    url = view_file(cli, tmp_path / "plan.html", *BNB)
    with open_page(chromium, url, DESKTOP) as page:
        page.emulate_media(media="print")
        shown = page.locator("section.month:visible").count()
        assert shown == page.locator("section.month").count() > 2
        assert not page.locator(".monthnav").is_visible()
        pdf = page.pdf(prefer_css_page_size=True)
    boxes = set(re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert boxes and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in boxes)


HOSTILE = """
[campaign]
name = "{long}"
anchor = "2027-05-30"
locale = "en"

[[step]]
stage = "awareness"
when = "2027-05-03"
channels = ["instagram"]
title = "{long}"
content = "{long}"
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_long_words_and_crowded_days_stay_in_their_boxes(
    chromium: Any,
    cli: Callable[..., Result],
    workspace: Path,
    write_rule: Callable[[str, str], Path],
    viewport: tuple[int, int],
) -> None:
    write_rule("long.toml", HOSTILE.format(long="Supercalifragilistic" * 12))
    (workspace / "channels").mkdir()
    (workspace / "channels" / "post.toml").write_text('name = "Post"\n', encoding="utf-8")
    crowded = "\n".join(
        f'[[step]]\nstage = "conversion"\nwhen = "2027-05-04"\nchannels = ["post"]\n'
        f'content = "Offer {n}"\n'
        for n in range(10)
    )
    write_rule("crowded.toml", '[campaign]\nname = "Crowded"\nanchor = "2027-05-30"\n\n' + crowded)
    url = view_file(cli, workspace / "plan.html", "--start", "2027-04-01", cwd=workspace)
    with open_page(chromium, url, viewport) as page:
        page.locator("details.more > summary").first.click()
        for summary in page.locator("li.item summary").all():
            if summary.is_visible():
                summary.click()
        assert text_overflows(page) == []
        assert horizontal_scroll(page) == 0


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_multi_day_item_shows_on_each_of_its_days(
    chromium: Any, cli: Callable[..., Result], tmp_path: Path, viewport: tuple[int, int]
) -> None:
    """The flash sale from 30 March 12:00 to 1 April 12:00, on each of its days: in the
    desktop grid and in the phone's list of days, in March and in April."""
    launch = ("rules/restaurant-launch.toml", "--start", "2027-03-24")
    [sale] = [i["id"] for i in plan_json(cli, *launch) if i["stage"] == "conversion"]
    url = view_file(cli, tmp_path / "plan.html", *launch)
    with open_page(chromium, url, viewport) as page:
        march = page.locator("#m-2027-03")
        assert march.is_visible()
        assert march.locator(f'[data-date="2027-03-30"] [data-item-id="{sale}"]').is_visible()
        following = march.locator(f'[data-date="2027-03-31"] [data-continues="{sale}"]')
        assert following.is_visible() and "Flash sale" in following.inner_text()
        assert text_overflows(page) == [] and horizontal_scroll(page) == 0
        page.locator('.monthnav a[href="#m-2027-04"]').click()
        april = page.locator("#m-2027-04")
        assert april.is_visible() and not march.is_visible()
        last = april.locator(f'[data-date="2027-04-01"] [data-continues="{sale}"]')
        assert last.is_visible() and "until 12:00" in last.inner_text()
        assert text_overflows(page) == [] and horizontal_scroll(page) == 0
        page.screenshot(path=str(tmp_path / f"sale-{viewport[0]}.png"), full_page=True)
