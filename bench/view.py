"""`planner view` benchmark: `make bench` (or .venv/bin/python bench/view.py [--campaigns N]).

Two workspaces of N campaigns (default 1,000), each timed through the real command (wall time,
peak memory of the process as PSS), then in-process, split into planning the items, building
the view model and rendering the HTML:

- "caps": bench/run.py's workspace of campaigns × 20 steps over two years sharing capped
  channels (about 32 items a day);
- "crowded": every campaign posts daily for 60 days on one uncapped channel, N items a day:
  days list their first items and count the rest, so that the page stays small.

With Debian's chromium installed, it also times headless Chromium opening each page and
switching to its last month.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from run import PLANNER, START, make_capped_workspace, run_measured  # noqa: E402

DAYS = 60


def make_crowded_workspace(folder: Path, campaigns: int) -> None:
    (folder / "rules").mkdir(parents=True)
    (folder / "channels").mkdir()
    (folder / "planner.toml").write_text(
        '[shop]\nname = "Crowded"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n',
        encoding="utf-8",
    )
    (folder / "channels" / "post.toml").write_text('name = "Post"\n', encoding="utf-8")
    for c in range(campaigns):
        (folder / "rules" / f"d{c:04d}.toml").write_text(
            f'[campaign]\nname = "Quotidien {c}"\nanchor = "2027-03-15"\njourney = "3-stage"\n\n'
            f'[[step]]\nstage = "{("awareness", "consideration", "conversion")[c % 3]}"\n'
            'when = "du 2027-01-01 au 2027-03-01"\nchannels = ["post"]\nevery = "tous les jours"\n'
            f'content = "Campagne {c} : la photo du jour"\n',
            encoding="utf-8",
        )


def in_process(workspace: Path) -> tuple[float, float, float, int]:
    """Seconds to plan, to build the view model and to render, and the number of items."""
    from planner.controllers import prepare
    from planner.expand import resolve_anchor
    from planner.views import build_view, render_page
    from planner.workspace import Workspace

    ws = Workspace.open(workspace, workspace)
    planning = prepare(ws, (), workspace, date.fromisoformat(START), None)
    began = time.perf_counter()
    items = list(planning.items())
    planned = time.perf_counter()
    anchors = {
        c.key: resolve_anchor(c, planning.sources.events, planning.start)
        for c in planning.campaigns
    }
    view = build_view(items, planning.campaigns, locale=ws.settings.locale, anchors=anchors)
    built = time.perf_counter()
    render_page(view)
    rendered = time.perf_counter()
    return planned - began, built - planned, rendered - built, len(items)


def browser_times(page_file: Path) -> tuple[float, float] | None:
    """Seconds for headless Chromium to open the page, then to show its last month; None
    without Chromium (tests/browser.py says how to install it)."""
    from tests.browser import DESKTOP, find_chromium, launch, open_page

    if find_chromium() is None:
        return None
    with launch() as browser:
        began = time.perf_counter()
        with open_page(browser, page_file.as_uri(), DESKTOP) as page:
            opened = time.perf_counter()
            page.locator(".monthnav a[href^='#m-']").last.click()
            page.locator("section.month:visible").last.wait_for()
            return opened - began, time.perf_counter() - opened


def measure(label: str, workspace: Path, out: Path, env: dict[str, str]) -> None:
    secs, peak, stdout = run_measured(
        [*PLANNER, "view", "--start", START, "-o", str(out)], workspace, env
    )
    found = re.search(r"wrote (\d+) items", stdout)
    items = int(found.group(1)) if found else 0
    size = out.stat().st_size / 1e6
    print(
        f"{label:<34}{secs * 1000:>9,.0f}{items / secs:>12,.0f}{peak / 1e6:>10.0f}"
        f"   ({items:,} items, {size:.1f} MB of HTML)"
    )
    plan, model, render, _ = in_process(workspace)
    print(
        f"{'  of which plan, model, render':<34}"
        f"{f'{plan * 1000:,.0f} + {model * 1000:,.0f} + {render * 1000:,.0f}':>9}"
    )
    times = browser_times(out)
    if times is not None:
        opened, switched = (f"{t * 1000:,.0f}" for t in times)
        print(f"{'  Chromium: open, show a month':<34}{f'{opened}, {switched}':>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--campaigns", type=int, default=1000)
    args = parser.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795046400"}
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'planner view':<34}{'ms':>9}{'items/s':>12}{'peak MB':>10}")
    with tempfile.TemporaryDirectory(prefix="parcours-bench-view-") as tmp:
        capped = Path(tmp) / "caps"
        make_capped_workspace(capped, args.campaigns)
        measure(f"{args.campaigns:,} campaigns × 20 steps, caps", capped, Path(tmp) / "c.html", env)
        crowded = Path(tmp) / "crowded"
        make_crowded_workspace(crowded, args.campaigns)
        label = f"{args.campaigns:,} a day for {DAYS} days"
        measure(label, crowded, Path(tmp) / "d.html", env)
    print(f"measured {datetime.now(UTC):%Y-%m-%d}")


if __name__ == "__main__":
    main()
