"""The runner: the real APScheduler as its timer, real SQLite files, clocks pinned by the tests."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import func, insert, select, update

from planner.delivery import Delivery
from planner.ledger import mark
from planner.outcomes import RunReport
from planner.runner import Runner, run_once, runner_lock
from planner.store import DeliveryRow, RunnerRow, Store, StoreError, delivery_id, open_store
from planner.sync import sync
from planner.workspace import RunnerSettings

from .conftest import run_planner
from .storekit import T0, Clock, Recorder, hourly, make_item, wait_for, write_as_old

# The fixtures `store`, `store_cli` and `store_url` (storekit.py says which database).
from .storekit import store_cli_fixture as store_cli_fixture
from .storekit import store_fixture as store_fixture
from .storekit import store_url_fixture as store_url_fixture

CAMPAIGN = {"soldes": "Soldes"}
FAST = RunnerSettings(poll=timedelta(seconds=0.02), backoff=timedelta(minutes=1), attempts=3)


def states(store: Store) -> dict[str, tuple[str, int]]:
    """Delivery state and attempts by item title."""
    from planner.store import ItemRow

    d = DeliveryRow
    with store.begin() as conn:
        rows = conn.execute(
            select(ItemRow.title, d.state, d.attempts).join(ItemRow, ItemRow.id == d.item_id)
        )
        return {r.title: (r.state, r.attempts) for r in rows}


def test_run_once_fires_what_is_due_once(store: Store) -> None:
    hook = Recorder()
    sync(store, hourly(3), [hook], campaigns=CAMPAIGN, now=T0)
    report = run_once(store, [hook], T0 + timedelta(hours=1), settings=FAST)
    assert sorted(hook.fired) == ["soldes #0", "soldes #1"]  # fired at once, in threads
    assert (report.delivered, report.missed) == (2, 0)
    assert run_once(store, [hook], T0 + timedelta(hours=1), settings=FAST).delivered == 0
    assert sorted(hook.fired) == ["soldes #0", "soldes #1"]
    delivery = min(hook.calls, key=lambda d: d.due)
    assert delivery.id == delivery_id(delivery.item_id, "test-1")
    assert (delivery.due, delivery.start, delivery.attempt) == (T0, T0, 1)
    assert delivery.tzid == "Europe/Paris"
    assert states(store)["soldes #2"] == ("pending", 0)


def test_a_runner_down_for_a_day_fires_the_grace_period_and_reports_the_rest(
    store: Store, store_cli: Callable[..., Result], workspace: Path
) -> None:
    hook = Recorder()
    sync(store, hourly(30), [hook], campaigns=CAMPAIGN, now=T0)
    back = T0 + timedelta(hours=24, minutes=30)  # grace is an hour: #24 (and #23 at -1h30 no)
    report = run_once(store, [hook], back, settings=FAST)
    assert hook.fired == ["soldes #24"]
    assert (report.delivered, report.missed) == (1, 24)

    result = store_cli("status", "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["deliveries"] == {"pending": 5, "delivered": 1, "missed": 24}
    assert len(shown["missed"]) == 24
    assert shown["missed"][0]["title"] == "soldes #23"
    assert shown["missed"][0]["due"] == "2027-01-05T09:00:00+01:00"
    assert shown["next"][0]["title"] == "soldes #25"
    table = store_cli("status").output
    assert "deliveries: 5 pending, 1 delivered, 24 missed" in table
    assert "missed (24):" in table
    assert "… and 4 more" in table
    history = store_cli("history", "--limit", "2").output.splitlines()
    assert history[0].startswith("delivered ") and "soldes #24" in history[0]
    assert history[1].startswith("missed ")


def test_failures_are_retried_with_back_off_then_failed(store: Store) -> None:
    hook = Recorder(failures=10)
    sync(store, hourly(1), [hook], campaigns=CAMPAIGN, now=T0)
    first = run_once(store, [hook], T0, settings=FAST)
    assert (first.delivered, first.retrying) == (0, 1)
    with store.begin() as conn:
        row = conn.execute(select(DeliveryRow)).scalars().one_or_none()
        (next_try, error) = conn.execute(select(DeliveryRow.next_try, DeliveryRow.last_error)).one()
    assert row is not None
    assert next_try == T0 + timedelta(minutes=1)
    assert error == "the test server said no"
    assert run_once(store, [hook], T0 + timedelta(seconds=59), settings=FAST).retrying == 0
    assert run_once(store, [hook], T0 + timedelta(minutes=1), settings=FAST).retrying == 1
    with store.begin() as conn:
        assert conn.execute(select(DeliveryRow.next_try)).scalar() == T0 + timedelta(minutes=3)
    last = run_once(store, [hook], T0 + timedelta(minutes=3), settings=FAST)
    assert last.failed == 1
    assert states(store)["soldes #0"] == ("failed", 3)
    assert [d.attempt for d in hook.calls] == [1, 2, 3]
    assert len({d.id for d in hook.calls}) == 1


def test_a_failure_not_worth_retrying_fails_at_once(store: Store) -> None:
    hook = Recorder(failures=1, retry=False)
    sync(store, hourly(1), [hook], campaigns=CAMPAIGN, now=T0)
    assert run_once(store, [hook], T0, settings=FAST).failed == 1
    assert states(store)["soldes #0"] == ("failed", 1)


def _crash_mid_hook(
    store: Store, hook_name: str, *, started: bool = True, lock_key: int | None = 4242
) -> str:
    """A delivery left claimed by a runner that died (SIGKILL between claim and record),
    after it called the hook (``started``) or before. Its lock (PostgreSQL) is free: nobody
    holds key ``lock_key``; None: a runner of a Parcours before locks, silent for an hour."""
    d = DeliveryRow
    ident = delivery_id(hourly(1)[0].id, hook_name)
    with store.begin(write=True) as conn:
        conn.execute(
            insert(RunnerRow).values(
                id="gone:4242:abcdef",
                host="gone",
                pid=4242,
                started_at=T0 - timedelta(hours=2),
                heartbeat_at=T0 - timedelta(hours=1),
                lock_key=lock_key,
            )
        )
        conn.execute(
            update(d)
            .where(d.id == ident)
            .values(state="claimed", claimed_by="gone:4242:abcdef", claimed_at=T0, attempts=1)
            .values(started_at=T0 if started else None)
        )
    return ident


def test_in_doubt_after_a_crash_is_reported_not_resent(
    store: Store, store_cli: Callable[..., Result], workspace: Path
) -> None:
    email = Recorder("email-1", resend_safe=False)
    sync(store, hourly(1), [email], campaigns=CAMPAIGN, now=T0)
    _crash_mid_hook(store, "email-1")
    report = run_once(store, [email], T0 + timedelta(minutes=1), settings=FAST)
    assert email.calls == []
    assert [(d.title, d.resent) for d in report.in_doubt] == [("soldes #0", False)]
    assert states(store)["soldes #0"] == ("in_doubt", 1)
    shown = json.loads(store_cli("status", "--format", "json").output)
    assert [e["title"] for e in shown["in_doubt"]] == ["soldes #0"]
    assert shown["runners"] == []  # the dead runner's row is gone
    assert "in doubt (1):" in store_cli("status").output


def test_in_doubt_webhooks_are_sent_again_with_the_same_id(store: Store) -> None:
    webhook = Recorder("webhook-1", resend_safe=True)
    sync(store, hourly(1), [webhook], campaigns=CAMPAIGN, now=T0)
    ident = _crash_mid_hook(store, "webhook-1")
    report = run_once(store, [webhook], T0 + timedelta(minutes=1), settings=FAST)
    assert [(d.id, d.resent) for d in report.in_doubt] == [(ident, True)]
    assert [(d.id, d.attempt) for d in webhook.calls] == [(ident, 2)]
    assert states(store)["soldes #0"] == ("delivered", 2)


def test_claims_of_a_dead_runner_never_started_are_sent_not_in_doubt(store: Store) -> None:
    # A runner claims a batch and fires it a few at a time: killed, it leaves most of its
    # claims unstarted. Those were never sent: in doubt they would never go out at all.
    email = Recorder("email-1", resend_safe=False)
    sync(store, hourly(1), [email], campaigns=CAMPAIGN, now=T0)
    ident = _crash_mid_hook(store, "email-1", started=False)
    report = run_once(store, [email], T0 + timedelta(minutes=1), settings=FAST)
    assert report.in_doubt == []
    assert [(d.id, d.attempt) for d in email.calls] == [(ident, 1)]  # the claim was no try
    assert states(store)["soldes #0"] == ("delivered", 1)


def test_a_webhook_a_dead_runner_never_started_is_sent_without_a_report(store: Store) -> None:
    webhook = Recorder("webhook-1", resend_safe=True)
    sync(store, hourly(1), [webhook], campaigns=CAMPAIGN, now=T0)
    ident = _crash_mid_hook(store, "webhook-1", started=False)
    report = run_once(store, [webhook], T0 + timedelta(minutes=1), settings=FAST)
    assert report.in_doubt == []
    assert [(d.id, d.attempt) for d in webhook.calls] == [(ident, 1)]


def test_a_webhook_left_by_a_runner_older_than_locks_is_in_doubt_and_sent_again(
    store: Store,
) -> None:
    # Those recorded starts only for the hooks that must not send twice: a claim of theirs
    # without a start may have gone out.
    webhook = Recorder("webhook-1", resend_safe=True)
    email = Recorder("email-1", resend_safe=False)
    sync(store, hourly(1), [webhook, email], campaigns=CAMPAIGN, now=T0)
    ident = _crash_mid_hook(store, "webhook-1", started=False, lock_key=None)
    d = DeliveryRow
    with store.begin(write=True) as conn:
        conn.execute(
            update(d)
            .where(d.hook == "email-1")
            .values(state="claimed", claimed_by="gone:4242:abcdef", claimed_at=T0, attempts=1)
        )
    report = run_once(store, [webhook, email], T0 + timedelta(minutes=1), settings=FAST)
    assert [(doubt.id, doubt.resent) for doubt in report.in_doubt] == [(ident, True)]
    assert [(d.id, d.attempt) for d in webhook.calls] == [(ident, 2)]
    assert [d.attempt for d in email.calls] == [1]  # never started: not in doubt
    with store.begin() as conn:
        assert conn.execute(select(RunnerRow.id)).all() == []


class StartWatcher(Recorder):
    """Notes, as it is fired, whether the store already says that its delivery started."""

    def __init__(self, store: Store, name: str, *, resend_safe: bool) -> None:
        super().__init__(name, resend_safe=resend_safe)
        self.store = store
        self.started: list[bool] = []

    def fire(self, delivery: Delivery) -> None:
        d = DeliveryRow
        with self.store.begin() as conn:
            started = conn.execute(select(d.started_at).where(d.id == delivery.id)).scalar()
        self.started.append(started is not None)
        super().fire(delivery)


def test_the_start_of_every_hook_is_recorded_before_it_fires(store: Store) -> None:
    # A webhook too: one killed before its start is recorded was not sent, and goes out again
    # without an in-doubt report.
    email = StartWatcher(store, "email-1", resend_safe=False)
    webhook = StartWatcher(store, "webhook-1", resend_safe=True)
    sync(store, hourly(2), [email, webhook], campaigns=CAMPAIGN, now=T0)
    report = run_once(store, [email, webhook], T0 + timedelta(hours=1), settings=FAST)
    assert report.delivered == 4
    assert (email.started, webhook.started) == ([True] * 2, [True] * 2)


class Overtaking(Recorder):
    """Notes, as it is fired, how many more starts the store holds than calls were made."""

    def __init__(self, store: Store, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.ahead: list[int] = []

    def fire(self, delivery: Delivery) -> None:
        d = DeliveryRow
        with self.store.begin() as conn:
            started = conn.execute(select(func.count()).where(d.started_at.is_not(None)))
            count = started.scalar_one()
        with self.lock:
            self.ahead.append(count - len(self.calls) - 1)
        super().fire(delivery)


@pytest.mark.parametrize("once", [True, False])
def test_slow_hooks_have_only_their_own_start_recorded_ahead_of_them(
    store: Store, once: bool
) -> None:
    # Killed at any moment, the runner leaves in doubt only what its workers had in hand.
    hook = Overtaking(store, delay=0.05)
    items = [make_item(n, T0) for n in range(24)]
    sync(store, items, [hook], campaigns=CAMPAIGN, now=T0)
    settings = RunnerSettings(poll=timedelta(seconds=0.02), workers=3)
    if once:
        assert run_once(store, [hook], T0, settings=settings).delivered == 24
    else:
        runner = Runner(store, [hook], clock=Clock(T0), settings=settings)
        runner.start()
        wait_for(lambda: len(hook.calls) == 24)
        assert runner.stop().delivered == 24
    assert len(hook.ahead) == 24
    assert max(hook.ahead) < settings.workers, hook.ahead  # the others' calls in flight


def test_a_claim_another_runner_took_over_is_not_fired(store: Store) -> None:
    # PostgreSQL: a runner whose session ended is taken for dead and its unstarted claims are
    # queued again; if it still runs, it must not fire them as well.
    email = Recorder("email-1", resend_safe=False)
    sync(store, hourly(1), [email], campaigns=CAMPAIGN, now=T0)
    slow = Runner(store, [email], clock=Clock(T0), settings=FAST)
    slow.queue.register(T0)
    [claimed], _ = slow.queue.claim(T0, 10)
    d = DeliveryRow
    with store.begin(write=True) as conn:
        conn.execute(update(d).values(state="pending", claimed_by=None))
    slow._starts.add([claimed])
    outcome = slow._fire_next()
    assert (outcome.fired, email.calls) == (False, [])
    assert slow.queue.record([outcome], T0) == RunReport()
    assert states(store)["soldes #0"] == ("pending", 1)
    slow.queue.unregister()


def test_a_start_that_cannot_be_recorded_is_not_fired_and_tried_later(tmp_path: Path) -> None:
    # Another process holds SQLite's write lock between the claim and the start.
    path = tmp_path / "locked.db"
    store = open_store(f"sqlite:///{path}?timeout=0.2")
    try:
        email = Recorder("email-1", resend_safe=False)
        sync(store, hourly(1), [email], campaigns=CAMPAIGN, now=T0)
        runner = Runner(store, [email], clock=Clock(T0), settings=FAST)
        runner.queue.register(T0)
        [claimed], _ = runner.queue.claim(T0, 10)
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # a writer that does not let go
        try:
            runner._starts.add([claimed])
            outcome = runner._fire_next()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert email.calls == []
        assert outcome.error is not None and "the store is locked" in outcome.error
        assert runner.queue.record([outcome], T0).retrying == 1
        assert states(store)["soldes #0"] == ("pending", 1)  # next try after the back-off
        runner.queue.unregister()
    finally:
        store.close()


def test_claims_left_by_a_runner_older_than_start_records_stay_in_doubt(store_url: str) -> None:
    # Schema 0001 had no start times: what its runners left claimed may have gone out.
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from planner.store import MIGRATIONS, open_store

    old = open_store(store_url, migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with old.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    email = Recorder("email-1", resend_safe=False)
    write_as_old(old, hourly(2), email.name)
    with old.begin(write=True) as conn:
        first = conn.execute(text("SELECT id FROM deliveries ORDER BY due")).scalars().first()
        conn.execute(
            text(
                "UPDATE deliveries SET state = 'claimed', claimed_by = 'old:1:abc', "
                "claimed_at = due, attempts = 1 WHERE id = :ident"
            ),
            {"ident": first},
        )
    old.close()
    store = open_store(store_url)
    try:
        report = run_once(store, [email], T0 + timedelta(hours=1), settings=FAST)
        assert [d.id for d in report.in_doubt] == [first]
        assert email.fired == ["soldes #1"]
        assert states(store) == {"soldes #0": ("in_doubt", 1), "soldes #1": ("delivered", 1)}
    finally:
        store.close()


def test_a_second_runner_refuses_on_sqlite_and_shares_on_postgresql(store: Store) -> None:
    hook = Recorder()
    sync(store, hourly(1, T0 + timedelta(days=1)), [hook], campaigns=CAMPAIGN, now=T0)
    first = Runner(store, [hook], clock=Clock(T0), settings=FAST)
    first.start()
    try:
        if store.is_sqlite:
            with pytest.raises(StoreError, match="another runner is already running") as caught:
                run_once(store, [hook], T0)
            assert f"pid {os.getpid()}" in str(caught.value)
        else:
            assert run_once(store, [hook], T0) == RunReport()
    finally:
        first.stop()
    assert run_once(store, [hook], T0 + timedelta(days=1)).delivered == 1  # free again


def test_planner_run_refuses_while_another_runner_holds_the_store(workspace: Path) -> None:
    from planner.store import open_store

    with (workspace / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[[hooks]]\nkind = "log"\nfile = "reminders.log"\n')
    store = open_store(f"sqlite:///{workspace / 'planner.db'}")
    with runner_lock(store):
        done = run_planner("run", cwd=workspace)
    store.close()
    assert done.returncode == 2
    assert "error: another runner is already running on this store" in done.stderr
    assert "Traceback" not in done.stderr


RULE = """[campaign]
name = "Soldes"
anchor = "2027-03-01"
timezone = "Europe/Paris"

[[step]]
stage = "awareness"
when = "{when}"
channels = ["instagram"]
content = "Les soldes arrivent"
every = "1 jour"
"""
HOOK = '\n[[hooks]]\nkind = "log"\nfile = "reminders.log"\n'


def test_the_running_runner_follows_an_edited_rule(
    store: Store,
    store_cli: Callable[..., Result],
    workspace: Path,
    write_rule: Callable[[str, str], Path],
) -> None:
    with (workspace / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write(HOOK)
    write_rule("soldes.toml", RULE.format(when="du 4 au 6 janvier"))
    assert store_cli("sync", "--start", "2027-01-02").exit_code == 0
    hook = Recorder("log-1")
    clock = Clock(T0)  # Monday 4 January, 10:00 in Paris
    runner = Runner(store, [hook], clock=clock, settings=FAST)
    runner.start()
    try:
        clock.advance(timedelta(hours=1, minutes=1))  # 11:01, Instagram's first best time
        wait_for(lambda: len(hook.calls) == 1)
        first = hook.calls[0]

        write_rule("soldes.toml", RULE.format(when="du 5 au 7 janvier"))
        edited = store_cli("sync", "--start", "2027-01-02")
        assert edited.output == "added 0, changed 2, removed 0, kept 1\n"  # #0 was delivered
        clock.advance(timedelta(days=1))  # Tuesday 11:01: #1 was here, now it is Wednesday
        wait_for(lambda: runner._next_due is not None and runner._next_due > clock())
        assert len(hook.calls) == 1
        clock.advance(timedelta(days=1))
        wait_for(lambda: len(hook.calls) == 2)
        moved = hook.calls[1]
        assert moved.due == T0 + timedelta(days=2, hours=1)  # the same item, moved
        assert moved.id == delivery_id(moved.item_id, "log-1")

        mark(store, moved.item_id, "done", clock())  # nothing left for Thursday but #2
        clock.advance(timedelta(days=1))
        wait_for(lambda: len(hook.calls) == 3)
    finally:
        report = runner.stop()
    assert report.delivered == 3
    assert first.item_id != moved.item_id
    assert len({d.id for d in hook.calls}) == 3


def test_stopping_finishes_the_hooks_in_flight(store: Store) -> None:
    hook = Recorder(delay=0.3)
    sync(store, hourly(2), [hook], campaigns=CAMPAIGN, now=T0)
    runner = Runner(store, [hook], clock=Clock(T0 + timedelta(hours=1)), settings=FAST)
    runner.start()
    wait_for(lambda: runner._in_flight == 2)
    report = runner.stop()
    assert report.delivered == 2
    assert states(store) == {"soldes #0": ("delivered", 1), "soldes #1": ("delivered", 1)}


def test_a_signal_while_the_runner_starts_stops_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Recovering after a crash can take a while: a Ctrl-C or SIGTERM then used to find no
    # timer running yet to shut down, and ended in an internal error (or a runner that went on).
    hook = Recorder()
    sync(store, hourly(1), [hook], campaigns=CAMPAIGN, now=T0)
    runner = Runner(store, [hook], clock=Clock(T0), settings=FAST)
    recover = runner._recover

    def recover_then_signal(now: datetime, *, alone: bool) -> bool:
        found = recover(now, alone=alone)
        os.kill(os.getpid(), signal.SIGTERM)
        return found

    monkeypatch.setattr(runner, "_recover", recover_then_signal)
    before = signal.getsignal(signal.SIGTERM)
    assert runner.run_forever() == RunReport()
    assert hook.calls == []
    assert signal.getsignal(signal.SIGTERM) == before
    assert run_once(store, [hook], T0, settings=FAST).delivered == 1  # the lock is free


def test_sigterm_stops_planner_run_after_its_hooks(
    workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    with (workspace / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write(HOOK)
    write_rule("soldes.toml", RULE.format(when="du 4 au 6 janvier"))
    env = {"SOURCE_DATE_EPOCH": str(int((T0 + timedelta(hours=1, minutes=5)).timestamp()))}
    assert run_planner("sync", "--start", "2027-01-02", cwd=workspace, env=env).returncode == 0
    log = workspace / "reminders.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "run"],
        cwd=workspace,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: log.is_file() and "Les soldes arrivent" in log.read_text("utf-8"))
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "runner watching" in err
    assert out.splitlines()[-1] == "delivered 1, retrying 0, failed 0, missed 0, in doubt 0"
    assert "Traceback" not in err


def overdue(store: Store, hook: str = "test-1") -> dict[str, bool]:
    """Whether each item's delivery to ``hook`` was due before the sync that wrote it."""
    from planner.store import ItemRow

    d = DeliveryRow
    with store.begin() as conn:
        query = select(ItemRow.title, d.overdue_at_sync).join(ItemRow).where(d.hook == hook)
        return {r.title: r.overdue_at_sync for r in conn.execute(query)}


def test_reminders_due_before_their_sync_go_out_until_their_item_starts(store: Store) -> None:
    hook = Recorder(lead=timedelta(days=1))
    tomorrow, soon = hourly(1, T0 + timedelta(hours=20)), hourly(1, T0 + timedelta(hours=2))
    soon = [make_item(1, soon[0].start)]
    report = sync(store, tomorrow + soon, [hook], campaigns=CAMPAIGN, now=T0)
    assert [(o.hook, o.count, o.started) for o in report.overdue] == [("test-1", 2, False)]
    assert str(report.overdue[0]) == (
        "2 reminders of hook test-1 were due before this sync (lead 1 day); "
        "they go out at the next run"
    )
    assert overdue(store) == {"soldes #0": True, "soldes #1": True}
    # Five hours on: both reminders are long overdue, but only #1 has started (3 h ago).
    report_run = run_once(store, [hook], T0 + timedelta(hours=5), settings=FAST)
    assert (report_run.delivered, report_run.missed) == (1, 1)
    assert states(store) == {"soldes #0": ("delivered", 1), "soldes #1": ("missed", 0)}


def test_a_resync_keeps_an_overdue_reminder_overdue_and_a_future_one_clears_it(
    store: Store,
) -> None:
    hook = Recorder(lead=timedelta(days=1))
    items = hourly(2, T0 + timedelta(hours=5))
    sync(store, items, [hook], campaigns=CAMPAIGN, now=T0)
    assert overdue(store) == {"soldes #0": True, "soldes #1": True}
    # Another hook changes every item's digest: the overdue ones stay as they are, unsaid.
    other = Recorder("test-2", lead=timedelta(days=10))
    later = T0 + timedelta(minutes=10)
    report = sync(store, items, [hook, other], campaigns=CAMPAIGN, now=later)
    assert [(o.hook, o.count) for o in report.overdue] == [("test-2", 2)]
    # #1 moves three days on: its reminder is ahead again, and follows the usual rule.
    moved = [items[0], make_item(1, T0 + timedelta(days=3))]
    report = sync(store, moved, [hook, other], campaigns=CAMPAIGN, now=later)
    assert [(o.hook, o.count) for o in report.overdue] == []
    assert overdue(store) == {"soldes #0": True, "soldes #1": False}
    assert overdue(store, "test-2") == {"soldes #0": True, "soldes #1": True}
    with store.begin() as conn:
        dues = conn.execute(
            select(DeliveryRow.hook, DeliveryRow.due).where(DeliveryRow.item_id == moved[1].id)
        )
        assert dict(dues.all()) == {
            "test-1": T0 + timedelta(days=2),
            "test-2": items[1].start - timedelta(days=10),  # due already as stored: left as is
        }
