"""Two real `planner run` processes on one store: on PostgreSQL they share the due deliveries,
each delivered exactly once; on SQLite the second one refuses to start."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.controllers import workspace_hooks
from planner.store import DeliveryRow, RunnerRow, Store, open_store
from planner.sync import sync
from planner.workspace import Workspace

from .conftest import run_planner
from .processes import PATIENCE, RunnerProcess
from .storekit import make_item, wait_for

COUNT = 1000
# $PPID is the runner that fired the hook (the command runs without a shell in between), so
# each line says who delivered what; one short write on an O_APPEND file lands whole.
RECEIPT = 'printf "%s %s\\n" "$PPID" "$PLANNER_DELIVERY_ID" >> receipts.txt'
HOOK = f"""
[[hooks]]
kind = "command"
argv = ["sh", "-c", {RECEIPT!r}]
"""


@pytest.fixture
def hooked(tmp_path: Path) -> Path:
    (tmp_path / "planner.toml").write_text(
        '[shop]\nname = "Test shop"\ntimezone = "Europe/Paris"\n' + HOOK, encoding="utf-8"
    )
    return tmp_path


@pytest.fixture
def pg_store(pg_database: str) -> Iterator[Store]:
    store = open_store(pg_database)
    yield store
    store.close()


def registered(store: Store) -> int:
    with store.begin() as conn:
        return int(conn.execute(select(func.count()).select_from(RunnerRow)).scalar_one())


def delivered(store: Store) -> int:
    d = DeliveryRow
    with store.begin() as conn:
        query = select(func.count()).select_from(d).where(d.state == "delivered")
        return int(conn.execute(query).scalar_one())


def test_two_runners_on_postgresql_share_the_work_and_deliver_each_once(
    hooked: Path, pg_database: str, pg_store: Store
) -> None:
    hooks = workspace_hooks(Workspace.open(hooked, hooked))
    with ExitStack() as stack:
        # One after the other: a runner that registers while another is starting can have
        # its row deleted by that one's recovery (claims.Queue.recover), then be taken for
        # dead; that race deserves a test of its own.
        first = RunnerProcess(hooked, pg_database, "first", stack)
        wait_for(lambda: registered(pg_store) == 1, PATIENCE)
        second = RunnerProcess(hooked, pg_database, "second", stack)
        wait_for(lambda: registered(pg_store) == 2, PATIENCE)

        # All due at one moment a little ahead: both runners have seen the sync by then (they
        # poll every second) and wake for it together, as they would for a real campaign.
        due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=3)
        items = [make_item(n, due) for n in range(COUNT)]
        report = sync(pg_store, items, hooks, campaigns={"soldes": "Soldes"}, now=due)
        assert report.added == COUNT
        wait_for(lambda: delivered(pg_store) == COUNT, PATIENCE)

        reports = {first.pid: first.stop(), second.pid: second.stop()}

    d = DeliveryRow
    with pg_store.begin() as conn:
        rows = conn.execute(select(d.id, d.state, d.attempts, d.claimed_by)).all()
    assert len(rows) == COUNT
    assert {(state, attempts) for _, state, attempts, _ in rows} == {("delivered", 1)}
    # claimed_by is host:pid:token.
    claimed = {ident: int(str(by).split(":")[1]) for ident, _, _, by in rows}

    lines = (hooked / "receipts.txt").read_text("utf-8").splitlines()
    receipts = [(int(pid), ident) for pid, ident in (line.split() for line in lines)]
    assert len(receipts) == COUNT, "a delivery went out twice"
    assert {ident for _, ident in receipts} == set(claimed)
    assert all(claimed[ident] == pid for pid, ident in receipts), "sent by another runner"

    shares = Counter(pid for pid, _ in receipts)
    assert set(shares) == set(reports), f"one runner did everything: {shares}"
    for pid, count in shares.items():
        assert count >= COUNT // 10, f"runner {pid} delivered only {count}: {shares}"
        assert reports[pid] == f"delivered {count}, retrying 0, failed 0, missed 0, in doubt 0"
    assert registered(pg_store) == 0  # both said goodbye


def test_a_second_planner_run_on_sqlite_refuses_and_the_first_keeps_running(
    hooked: Path,
) -> None:
    url = f"sqlite:///{hooked / 'planner.db'}"
    lock = hooked / "planner.db.runner.lock"
    with ExitStack() as stack:
        first = RunnerProcess(hooked, url, "first", stack)
        wait_for(lambda: lock.is_file() and lock.read_text() == str(first.pid), PATIENCE)

        second = run_planner("--workspace", str(hooked), "run", "--db", url, cwd=hooked)
        assert second.returncode == 2
        assert (
            f"error: another runner is already running on this store (pid {first.pid})"
            in second.stderr
        )
        assert "several need PostgreSQL" in second.stderr
        assert "Traceback" not in second.stderr

        assert first.proc.poll() is None
        assert first.stop() == "delivered 0, retrying 0, failed 0, missed 0, in doubt 0"
