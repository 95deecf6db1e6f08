"""The first day of a real shop: `planner run` kept running as a service, `planner status` and
the served page beside it, reminders whose lead puts them before the sync, times as the shop
reads them, and an item marked done then skipped. Real `planner` processes on a real SQLite
file and on the tests' PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import func, insert, select, update

from planner.store import DeliveryRow, ItemRow, RunnerRow, Store, open_store

from .conftest import run_planner
from .processes import PATIENCE, RunnerProcess, ServeProcess
from .storekit import T0, wait_for

# The fixture `store_url`: a SQLite file, then the tests' PostgreSQL (storekit.py).
from .storekit import store_url_fixture as store_url_fixture
from .test_runner import RULE  # a daily post before a sale, its `when` to fill in

LOG_HOOK = '\n[[hooks]]\nkind = "log"\nfile = "reminders.log"\n'


def epoch(moment: datetime) -> dict[str, str]:
    return {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}


@pytest.fixture
def shop(workspace: Path, write_rule: Callable[[str, str], Path]) -> Path:
    """The test workspace (Paris) with a log hook and the sales' awareness posts at 11:00 on
    4, 5 and 6 January 2027."""
    with (workspace / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write(LOG_HOOK)
    write_rule("soldes.toml", RULE.format(when="du 4 au 6 janvier"))
    return workspace


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = open_store(store_url)
    yield store
    store.close()


def runners(store: Store) -> int:
    with store.begin() as conn:
        return int(conn.execute(select(func.count()).select_from(RunnerRow)).scalar_one())


def planner(shop: Path, url: str, *args: str, at: datetime) -> str:
    """A planner command in a process of its own; its output, once it succeeded."""
    done = run_planner(*args, "--db", url, cwd=shop, env=epoch(at))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


# -- status, history and the page while the runner runs ---------------------------------------


def test_status_history_and_the_page_while_planner_run_runs(
    shop: Path, store_url: str, store: Store
) -> None:
    planner(shop, store_url, "sync", "--start", "2027-01-02", at=T0)  # Monday 10:00 in Paris
    now = T0 + timedelta(hours=1, minutes=5)  # 11:05: the first post is due
    log = shop / "reminders.log"
    with ExitStack() as stack:
        runner = RunnerProcess(shop, store_url, "runner", stack, env=epoch(now))
        wait_for(lambda: runners(store) == 1 and log.is_file() and log.read_text("utf-8"), PATIENCE)

        table = planner(shop, store_url, "status", at=now)
        [seen] = re.findall(r"^runner: (\S+) \(last seen (.*)\)$", table, re.M)
        assert seen[0].split(":")[1] == str(runner.pid)
        assert seen[1] == "2027-01-04 11:05 Europe/Paris"
        assert "deliveries: 2 pending, 1 delivered" in table

        shown = json.loads(planner(shop, store_url, "status", "--format", "json", at=now))
        [alive] = shown["runners"]
        assert alive["pid"] == runner.pid
        assert alive["started_at"] == alive["heartbeat_at"] == "2027-01-04T11:05:00+01:00"

        history = planner(shop, store_url, "history", at=now)
        assert history.startswith("delivered  2027-01-04 11:00 Europe/Paris  log-1  ")

        serve = ServeProcess(
            shop, store_url, "serve", stack, env={**epoch(now), "PLANNER_LANG": ""}
        )
        status, page = serve.get("/?month=2027-01")
        assert status == 200, page
        assert "log-1 → envoyé" in page  # French: the shop's locale
        serve.stop()

        assert runner.stop() == "delivered 1, retrying 0, failed 0, missed 0, in doubt 0"
    assert runners(store) == 0


# -- done, then skip ---------------------------------------------------------------------------


def test_done_then_skip_is_refused_unless_forced_and_says_what_it_changed(
    shop: Path, store_url: str, cli: Callable[..., Result]
) -> None:
    def planner_cli(*args: str) -> Result:
        return cli(*args, "--db", store_url, cwd=shop, env=epoch(T0))

    assert planner_cli("sync", "--start", "2027-01-02").exit_code == 0
    plan = cli("plan", "--start", "2027-01-02", "--format", "json", cwd=shop)
    first = json.loads(plan.stdout)[0]["id"]
    shown = f"Instagram — Les soldes arrivent, 2027-01-04 11:00 Europe/Paris (item {first})"

    done = planner_cli("done", first[:8])
    assert (done.exit_code, done.output) == (0, f"done: {shown}; 1 reminder(s) cancelled\n")

    refused = planner_cli("skip", first[:8])
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"{first[:8]}: error: item {first} is already done: Instagram — Les soldes arrivent; "
        "it stays done\n"
        f"  hint: to mark it skipped instead: planner skip {first} --force\n"
    )
    assert json.loads(planner_cli("status", "--format", "json").stdout)["items"] == {
        "pending": 2,
        "done": 1,
    }

    forced = planner_cli("skip", first, "--force")
    assert (forced.exit_code, forced.output) == (0, f"was done, now skipped: {shown}\n")
    assert json.loads(planner_cli("status", "--format", "json").stdout)["items"] == {
        "pending": 2,
        "skipped": 1,
    }

    back = planner_cli("done", first)
    assert back.exit_code == 2
    assert f"hint: to mark it done instead: planner done {first} --force" in back.stderr
    forced = planner_cli("done", first, "--force")
    assert forced.output == f"was skipped, now done: {shown}\n"
    again = planner_cli("done", first)
    assert (again.exit_code, again.output) == (0, f"already done: {shown}\n")


# -- local times everywhere --------------------------------------------------------------------


def test_every_time_printed_is_local_with_its_zone(
    shop: Path, store_url: str, store: Store
) -> None:
    synced = run_planner("-v", "sync", "--db", store_url, cwd=shop, env=epoch(T0))
    assert synced.returncode == 0, synced.stderr
    assert "planning from 2027-01-04 (now 2027-01-04 10:00 Europe/Paris)" in synced.stderr

    # A runner killed while it sent the second post, whose e-mail may have gone out.
    with (shop / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[[hooks]]\nkind = "command"\nname = "sms"\nargv = ["true"]\n')
    run_planner("sync", "--db", store_url, cwd=shop, env=epoch(T0))
    d, i = DeliveryRow, ItemRow
    with store.begin(write=True) as conn:
        second = conn.execute(select(i.id).order_by(i.start).offset(1).limit(1)).scalar_one()
        conn.execute(
            insert(RunnerRow).values(
                id="gone:4242:abcdef", host="gone", pid=4242, started_at=T0, heartbeat_at=T0
            )
        )
        conn.execute(
            update(d)
            .where(d.item_id == second, d.hook == "sms")
            .values(state="claimed", claimed_by="gone:4242:abcdef", claimed_at=T0)
            .values(started_at=T0, attempts=1)
        )
    later = T0 + timedelta(days=1, hours=1, minutes=5)  # Tuesday 11:05 in Paris
    ran = run_planner("run", "--once", "--db", store_url, cwd=shop, env=epoch(later))
    assert ran.returncode == 0, ran.stderr
    post = f"Instagram — Les soldes arrivent (item {second}, due 2027-01-05 11:00 Europe/Paris)"
    assert f"delivered log-1: {post}" in ran.stdout.splitlines()
    assert (
        "in doubt, not sent again (it may have gone out): sms: Instagram — Les soldes arrivent "
        "(due 2027-01-05 11:00 Europe/Paris)"
    ) in ran.stdout.splitlines()
    assert "UTC" not in ran.stdout + ran.stderr


# -- reminders due before the sync -------------------------------------------------------------

ONE_POST = """[campaign]
name = "Soldes"
anchor = "2027-03-01"
timezone = "Europe/Paris"

[[step]]
stage = "awareness"
when = "{day} janvier"
at = "{at}"
channels = ["instagram"]
content = "Les soldes arrivent"
"""
LEAD_HOOK = '\n[[hooks]]\nkind = "log"\nfile = "reminders.log"\nlead = "1 day"\n'
MONDAY_2PM = T0 + timedelta(hours=4)  # 4 January 2027, 14:00 in Paris


@pytest.fixture
def leading(workspace: Path) -> Path:
    """The test workspace with a log hook that reminds a day before each item."""
    with (workspace / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write(LEAD_HOOK)
    return workspace


def post(workspace: Path, day: int, at: str) -> None:
    (workspace / "rules" / "soldes.toml").write_text(
        ONE_POST.format(day=day, at=at), encoding="utf-8"
    )


def run_once(shop: Path, url: str, at: datetime) -> list[str]:
    """`planner run --once` at ``at``: its lines."""
    done = run_planner("run", "--once", "--db", url, cwd=shop, env=epoch(at))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_reminder_due_before_the_sync_goes_out_at_the_next_run(
    leading: Path, store_url: str
) -> None:
    # Tuesday's 09:30 post, synced on Monday at 14:00: its reminder (a day before) was due
    # at 09:30 on Monday, before it existed. The post is still ahead: remind now.
    post(leading, 5, "9h30")
    synced = run_planner("sync", "--db", store_url, cwd=leading, env=epoch(MONDAY_2PM))
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout == "added 1, changed 0, removed 0, kept 0\n"
    assert synced.stderr == (
        "warning: 1 reminder of hook log-1 was due before this sync (lead 1 day); "
        "it goes out at the next run\n"
    )
    again = run_planner("sync", "--db", store_url, cwd=leading, env=epoch(MONDAY_2PM))
    assert (again.stdout, again.stderr) == ("added 0, changed 0, removed 0, kept 1\n", "")

    # The next run is three hours later: more than the grace (1 hour) after both the
    # reminder's time and the sync, and still before the post.
    lines = run_once(leading, store_url, MONDAY_2PM + timedelta(hours=3))
    assert lines[-1] == "delivered 1, retrying 0, failed 0, missed 0, in doubt 0"
    assert "(item " in lines[0] and "due 2027-01-04 09:30 Europe/Paris)" in lines[0]
    assert (leading / "reminders.log").read_text("utf-8").startswith("2027-01-05T09:30:00+01:00")


def test_a_reminder_due_while_no_runner_ran_stays_missed_after_a_resync(
    leading: Path, store_url: str
) -> None:
    # Synced on Monday at 08:00, before its reminder's time (09:30): the runner was down at
    # 09:30, and re-syncing at 14:00, even an edited rule, does not bring it back.
    post(leading, 5, "9h30")
    early = T0 - timedelta(hours=2)
    synced = run_planner("sync", "--db", store_url, cwd=leading, env=epoch(early))
    assert (synced.returncode, synced.stderr) == (0, "")
    post(leading, 5, "10h")
    moved = run_planner("sync", "--db", store_url, cwd=leading, env=epoch(MONDAY_2PM))
    assert (moved.stdout, moved.stderr) == ("added 0, changed 1, removed 0, kept 0\n", "")
    lines = run_once(leading, store_url, MONDAY_2PM + timedelta(minutes=5))
    assert lines[-1] == "delivered 0, retrying 0, failed 0, missed 1, in doubt 0"


def test_a_reminder_moved_before_the_sync_goes_out_and_one_for_a_past_item_is_missed(
    leading: Path, store_url: str
) -> None:
    post(leading, 8, "9h30")  # Friday: reminded on Thursday
    assert run_planner("sync", "--db", store_url, cwd=leading, env=epoch(T0)).stderr == ""
    post(leading, 5, "9h30")  # moved to Tuesday, at 14:00 on Monday: due before this sync
    moved = run_planner("sync", "--db", store_url, cwd=leading, env=epoch(MONDAY_2PM))
    assert moved.stdout == "added 0, changed 1, removed 0, kept 0\n"
    assert "1 reminder of hook log-1 was due before this sync (lead 1 day)" in moved.stderr
    lines = run_once(leading, store_url, MONDAY_2PM + timedelta(hours=2))
    assert lines[-1] == "delivered 1, retrying 0, failed 0, missed 0, in doubt 0"

    # This morning's post, synced at 14:00 (planned from a date: a plan from now has no
    # place for it): the item itself is past, its reminder does not go out late.
    (leading / "rules" / "matin.toml").write_text(
        ONE_POST.format(day=4, at="9h30").replace("Soldes", "Matin"), encoding="utf-8"
    )
    past = run_planner(
        "sync", "--start", "2027-01-04", "--db", store_url, cwd=leading, env=epoch(MONDAY_2PM)
    )
    assert past.stdout == "added 1, changed 0, removed 0, kept 1\n"
    assert past.stderr == (
        "warning: 1 reminder of hook log-1 was due before this sync (lead 1 day), for an item "
        "that had started already; it is missed unless a runner sends it within its grace "
        "period after the item's start\n"
    )
    lines = run_once(leading, store_url, MONDAY_2PM + timedelta(minutes=5))
    assert lines[-1] == "delivered 0, retrying 0, failed 0, missed 1, in doubt 0"


def test_serve_says_which_reminders_were_due_before_its_sync(leading: Path, store_url: str) -> None:
    post(leading, 5, "9h30")
    with ExitStack() as stack:
        serve = ServeProcess(leading, store_url, "serve", stack, env=epoch(MONDAY_2PM))
        status, page = serve.get("/?month=2027-01")
        serve.stop()
    said = (
        "warning: 1 reminder of hook log-1 was due before this sync (lead 1 day); "
        "it goes out at the next run"
    )
    assert said in serve.err.splitlines()  # the terminal
    assert status == 200 and said in page  # and the page, with the plan's warnings
    lines = run_once(leading, store_url, MONDAY_2PM + timedelta(hours=3))
    assert lines[-1] == "delivered 1, retrying 0, failed 0, missed 0, in doubt 0"
