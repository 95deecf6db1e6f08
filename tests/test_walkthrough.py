"""A new French shop's first day, as the README walks it, in real processes on a machine set to
UTC: `init` with only `--locale fr --country FR`, `new`, `check`, `plan`, `export`, `sync`,
`planner run` in the background, `status` and `history` while it runs, the `serve` page over
HTTP, `done`. No example campaign appears anywhere, and every time shown is a Paris time.

The clock is pinned (SOURCE_DATE_EPOCH) at Saturday 8 May 2027, 16:00 in Paris: the starter's
first post is on Sunday 9 May at 11:00, and its reminder (lead "1 day") was due at 11:00 today,
before the first sync: it goes out at the first run rather than being counted as missed.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import tomllib
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from icalendar import Calendar

from .conftest import run_planner
from .processes import PATIENCE, PlannerProcess, RunnerProcess, ServeProcess

NOW = datetime(2027, 5, 8, 14, 0, tzinfo=UTC)  # 16:00 in Paris
EXAMPLES = ("Saint-Valentin", "Online orders", "Summer stays", "valentines-rings", "B&B")
HOOKS = """
[[hooks]]
kind = "log"
name = "carnet"
file = "rappels.log"
lead = "1 day"
"""


def _pinned() -> dict[str, str]:
    """This machine on UTC, and the clock at NOW."""
    return {"TZ": "Etc/UTC", "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}


def planner(shop: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_planner(*args, cwd=shop, env=_pinned())


def ok(done: subprocess.CompletedProcess[str]) -> str:
    """What a successful command showed the user, stdout and stderr together."""
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout + done.stderr


def paris_only(shown: str) -> None:
    """No example campaign, and no time in any zone but Paris's."""
    for example in EXAMPLES:
        assert example not in shown, f"{example!r} shown: {shown}"
    assert "UTC" not in shown and "+00:00" not in shown and "Etc/" not in shown, shown
    offsets = set(re.findall(r"T\d\d:\d\d:\d\d([+-]\d\d:\d\d)", shown))
    assert offsets <= {"+02:00"}, offsets  # Paris in May


def wait_for(what: str, test: Callable[[], bool], process: PlannerProcess) -> None:
    deadline = time.monotonic() + PATIENCE
    while not test():
        assert process.proc.poll() is None, f"{what}: the process exited\n{process.err}"
        assert time.monotonic() < deadline, f"{what}: not within {PATIENCE} s\n{process.err}"
        time.sleep(0.1)


def test_a_french_shops_first_day(tmp_path: Path) -> None:
    with ExitStack() as stack:
        walk(tmp_path, stack)


def walk(tmp_path: Path, stack: ExitStack) -> None:
    shown = ok(planner(tmp_path, "init", "bijouterie", "--locale", "fr", "--country", "FR"))
    assert "time zone Europe/Paris (from the country FR)" in shown
    shop = tmp_path / "bijouterie"
    settings = tomllib.loads((shop / "planner.toml").read_text())["shop"]
    assert settings["timezone"] == "Europe/Paris"
    assert list((shop / "rules").iterdir()) == []
    with (shop / "planner.toml").open("a", encoding="utf-8") as toml:
        toml.write(HOOKS)

    shown = ok(planner(shop, "new", "Fête des mères"))
    assert shown.startswith('created rules/fete-des-meres.toml: campaign "Fête des mères"')
    paris_only(shown)

    shown = ok(planner(shop, "check"))
    assert "0 error(s), 0 warning(s)" in shown
    paris_only(shown)

    # The shop's own language (no PLANNER_LANG): the French campaign's table, channels by
    # their French names.
    table = ok(run_planner("plan", cwd=shop, env={**_pinned(), "PLANNER_LANG": ""}))
    paris_only(table)
    assert "dimanche 9 mai 2027\n  11:00  sensibilisation  Instagram" in table
    assert "mardi 25 mai 2027\n  09:30  considération    E-mail" in table
    items = json.loads(ok(planner(shop, "plan", "--format", "json")))
    paris_only(json.dumps(items))
    assert {i["campaign"] for i in items} == {"Fête des mères"}
    assert items[0]["start"] == "2027-05-09T11:00:00+02:00"

    paris_only(ok(planner(shop, "export", "-o", "fete-des-meres.ics")))
    calendar = Calendar.from_ical((shop / "fete-des-meres.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == len(items)
    assert {str(e["DTSTART"].params["TZID"]) for e in events} == {"Europe/Paris"}
    assert events[0]["DTSTART"].dt.hour == 11

    shown = ok(planner(shop, "sync"))
    assert f"added {len(items)}" in shown
    paris_only(shown)

    runner = RunnerProcess(shop, None, "runner", stack, _pinned())
    # The reminder of the 9 May post was due at 11:00, before the sync; the post is ahead.
    log = shop / "rappels.log"
    wait_for("the first reminder", lambda: log.exists() and bool(log.read_text()), runner)
    assert log.read_text().startswith("2027-05-09T11:00:00+02:00\tInstagram")
    paris_only(log.read_text())

    status = ok(planner(shop, "status"))  # with the runner alive
    paris_only(status)
    assert "1 delivered" in status and "missed" not in status
    assert re.search(r"runner: .*\(last seen 2027-05-08 16:\d\d Europe/Paris\)", status), status
    assert "2027-05-15 11:00 Europe/Paris" in status  # the next reminder: 16 May, lead 1 day
    report = json.loads(ok(planner(shop, "status", "--format", "json")))
    paris_only(json.dumps(report))
    assert report["deliveries"]["delivered"] == 1 and len(report["runners"]) == 1
    history = ok(planner(shop, "history"))
    paris_only(history)
    assert history.startswith("delivered") and "2027-05-08 11:00 Europe/Paris" in history

    # The page in the shop's own language (no PLANNER_LANG), as the shop sees it.
    server = ServeProcess(shop, None, "serve", stack, {**_pinned(), "PLANNER_LANG": ""})
    status_code, page = server.get("/")
    assert status_code == 200, page
    paris_only(page)
    assert "mai 2027" in page and "Fête des mères" in page
    assert "11:00" in page and "09:30" in page
    assert "09:00" not in page and "07:30" not in page  # the same items in UTC
    status_code, feed = server.get("/calendar.ics")
    assert status_code == 200 and "TZID=Europe/Paris" in feed

    item = items[-1]["id"]
    shown = ok(planner(shop, "done", item[:8]))
    assert shown.startswith("done: ") and item in shown
    paris_only(shown)

    shown = runner.stop() and runner.out + runner.err
    assert "delivered 1" in shown
    paris_only(shown)
    assert "Europe/Paris" in shown
    paris_only((server.stop() + server.err).replace(str(shop), "<shop>"))
