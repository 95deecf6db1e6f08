"""Two real `planner run` processes on one store: on PostgreSQL they share the due deliveries,
each delivered exactly once, a slow `planner run --once` beside them is never taken for dead,
and the claims of one killed are taken over at once; on SQLite the second one refuses to
start."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from planner.claims import Queue
from planner.controllers import workspace_hooks
from planner.lifeline import LOCKS
from planner.store import DeliveryRow, RunnerRow, Store, open_store
from planner.sync import sync
from planner.workspace import RunnerSettings, Workspace

from .conftest import run_planner
from .processes import PATIENCE, PlannerProcess, RunnerProcess
from .servers import LATE, HookServer, http_server
from .storekit import make_item, wait_for

__all__ = ["http_server"]  # a fixture, used by name

COUNT = 1000
CAMPAIGN = {"soldes": "Soldes"}
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
        # Started together: a runner that registers while the other recovers is alive (its
        # lock is taken before its row is written), and must not be taken for dead.
        first = RunnerProcess(hooked, pg_database, "first", stack)
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


SHOP = '[shop]\nname = "Test shop"\ntimezone = "Europe/Paris"\n'
# Limits shortened, as a user may write them, so that the tests take seconds. A batch of 4 for
# 4 workers: each runner holds a few claims at a time, and both runners keep working.
LIMITS = '\n[runner]\npoll = "1 second"\nheartbeat = "1 second"\nworkers = 4\nbatch = 4\n'
# A command as slow as the webhook's receiver, noting which runner ran it.
SLOW_RECEIPT = f"sleep {LATE}; {RECEIPT}"
SLOW_COMMAND = f'\n[[hooks]]\nkind = "command"\nargv = ["sh", "-c", {SLOW_RECEIPT!r}]\n'


LOCK = "locktype = 'advisory' AND classid = :ns AND objid = :key AND objsubid = 2"


def lock(queue: Queue) -> dict[str, int | None]:
    """The parameters of LOCK for the runner of ``queue``."""
    return {"ns": LOCKS, "key": queue.lifeline.key}


def receipts(folder: Path) -> list[tuple[int, str]]:
    """(pid of the runner, delivery id) of each command run."""
    path = folder / "receipts.txt"
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return [(int(pid), ident) for pid, ident in (line.split() for line in lines)]


def unfinished(store: Store) -> int:
    d = DeliveryRow
    with store.begin() as conn:
        query = select(func.count()).select_from(d).where(d.state.in_(("pending", "claimed")))
        return int(conn.execute(query).scalar_one())


def runner_id(store: Store, pid: int) -> str | None:
    with store.begin() as conn:
        return conn.execute(select(RunnerRow.id).where(RunnerRow.pid == pid)).scalar()


def claimed_by(store: Store, runner: str) -> int:
    d = DeliveryRow
    with store.begin() as conn:
        query = select(func.count()).select_from(d).where(d.claimed_by == runner)
        return int(conn.execute(query.where(d.state == "claimed")).scalar_one())


def states(store: Store) -> dict[str, str]:
    """Each delivery's state, by id."""
    d = DeliveryRow
    with store.begin() as conn:
        return {ident: state for ident, state in conn.execute(select(d.id, d.state))}


def count_unran(state: dict[str, str], commands: Counter[str]) -> int:
    """How many deliveries are in doubt whose command never ran."""
    return sum(1 for i, s in state.items() if s == "in_doubt" and not commands[i])


def doubts(output: str) -> list[str]:
    """The lines of a runner's output that report a delivery in doubt."""
    return [line for line in output.splitlines() if line.startswith("in doubt")]


def test_a_run_once_slower_than_the_stale_limit_beside_planner_run_is_not_taken_for_dead(
    tmp_path: Path, pg_database: str, pg_store: Store, http_server: HookServer
) -> None:
    # Each item has a webhook (its receiver answers in LATE seconds) and a command that takes
    # as long: 2 × 100 deliveries, about 6 s of work for two runners of 4 workers each, 3 times
    # the stale limit. A runner taken for dead while it works has its claims sent again by the
    # other (webhooks received twice) or reported in doubt (commands).
    items, stale = 100, 2.0
    url = f"http://127.0.0.1:{http_server.server_address[1]}/late"
    (tmp_path / "planner.toml").write_text(
        SHOP
        + LIMITS
        + f'stale = "{stale:.0f} seconds"\n'
        + f'\n[[hooks]]\nkind = "webhook"\nurl = "{url}"\n'
        + SLOW_COMMAND,
        encoding="utf-8",
    )
    hooks = workspace_hooks(Workspace.open(tmp_path, tmp_path))
    with ExitStack() as stack:
        run = RunnerProcess(tmp_path, pg_database, "run", stack)
        wait_for(lambda: registered(pg_store) == 1, PATIENCE)
        now = datetime.now(UTC)
        sync(
            pg_store, [make_item(n, now) for n in range(items)], hooks, campaigns=CAMPAIGN, now=now
        )
        began = time.monotonic()
        once = PlannerProcess(tmp_path, ["run", "--once", "--db", pg_database], "once", stack)
        assert once.proc.wait(PATIENCE) == 0, once.err
        took = time.monotonic() - began
        wait_for(lambda: unfinished(pg_store) == 0, PATIENCE)
        run.stop()

    assert took > 2 * stale, f"run --once took {took:.1f} s: not the case under test"
    posts = Counter(r.headers["Idempotency-Key"] for r in http_server.received)
    commands = Counter(ident for _, ident in receipts(tmp_path))
    copies = sum(posts.values()) - len(posts), sum(commands.values()) - len(commands)
    in_doubt = doubts(run.out) + doubts(once.out)
    print(f"run --once took {took:.1f} s; copies (webhook, command) {copies}; ", end="")
    print(f"in doubt {len(in_doubt)}")
    assert copies == (0, 0)
    assert in_doubt == []
    assert (len(posts), len(commands)) == (items, items)
    d = DeliveryRow
    with pg_store.begin() as conn:
        rows = conn.execute(select(d.state, d.attempts, d.claimed_by)).all()
    assert {(state, attempts) for state, attempts, _ in rows} == {("delivered", 1)}
    shares = Counter(int(str(by).split(":")[1]) for _, _, by in rows)
    assert set(shares) == {run.pid, once.pid}, shares  # both worked, side by side


def _two_runners_at_work(
    tmp_path: Path, pg_database: str, pg_store: Store, stack: ExitStack, items: int = 60
) -> tuple[RunnerProcess, RunnerProcess, str]:
    """Two runners on slow commands, once the first has run a few and holds claims: the
    processes and the first one's runner id."""
    (tmp_path / "planner.toml").write_text(SHOP + LIMITS + SLOW_COMMAND, encoding="utf-8")
    hooks = workspace_hooks(Workspace.open(tmp_path, tmp_path))
    first = RunnerProcess(tmp_path, pg_database, "first", stack)
    wait_for(lambda: registered(pg_store) == 1, PATIENCE)
    second = RunnerProcess(tmp_path, pg_database, "second", stack)
    wait_for(lambda: registered(pg_store) == 2, PATIENCE)
    now = datetime.now(UTC)
    sync(pg_store, [make_item(n, now) for n in range(items)], hooks, campaigns=CAMPAIGN, now=now)
    first_id = runner_id(pg_store, first.pid)
    assert first_id is not None
    wait_for(
        lambda: (
            sum(pid == first.pid for pid, _ in receipts(tmp_path)) >= 4
            and claimed_by(pg_store, first_id) > 0
        ),
        PATIENCE,
    )
    return first, second, first_id


def test_the_claims_of_a_killed_runner_are_taken_over_within_seconds(
    tmp_path: Path, pg_database: str, pg_store: Store
) -> None:
    # The stale limit is left at its minute: the other runner must not wait for it. It checks
    # on its peers as often as it looks for a sync (poll); a few polls is plenty.
    poll = 1.0
    with ExitStack() as stack:
        first, second, killed = _two_runners_at_work(tmp_path, pg_database, pg_store, stack)
        first.kill()  # SIGKILL
        began = time.monotonic()
        wait_for(lambda: claimed_by(pg_store, killed) == 0, PATIENCE)
        takeover = time.monotonic() - began
        wait_for(lambda: unfinished(pg_store) == 0, PATIENCE)
        finished = time.monotonic() - began
        report = second.stop()

    print(f"taken over after {takeover:.1f} s, all done after {finished:.1f} s")
    assert takeover < 5 * poll
    state = states(pg_store)
    tally = Counter(state.values())
    # What the killed runner had started (its commands outlive it) or had run without its
    # outcome recorded yet is in doubt, reported by the survivor; the rest of its claims went
    # out once, from the survivor.
    commands = Counter(ident for _, ident in receipts(tmp_path))
    assert [ident for ident, count in commands.items() if count > 1] == []
    assert set(tally) <= {"delivered", "in_doubt"}, tally
    assert count_unran(state, commands) <= 4, state  # just started, by one of its 4 workers
    assert len(doubts(second.out)) == tally["in_doubt"]
    assert report.endswith(f"in doubt {tally['in_doubt']}")
    assert registered(pg_store) == 0


def test_a_runner_that_loses_its_session_fires_nothing_more_and_comes_back(
    tmp_path: Path, pg_database: str, pg_store: Store
) -> None:
    # Its lock went with its session: the other runner takes its claims over. It must not fire
    # them as well, and comes back under another name once its hooks in flight have ended.
    with ExitStack() as stack:
        first, second, lost = _two_runners_at_work(tmp_path, pg_database, pg_store, stack)
        # Its session ends, as a restarted server or a dropped connection would end it.
        with pg_store.begin() as conn:
            key = conn.execute(select(RunnerRow.lock_key).where(RunnerRow.id == lost)).scalar()
            terminate = text(f"SELECT pg_terminate_backend(pid) FROM pg_locks WHERE {LOCK}")
            ended = conn.execute(terminate, {"ns": LOCKS, "key": key}).scalars().all()
        assert ended == [True]
        wait_for(lambda: claimed_by(pg_store, lost) == 0, PATIENCE)
        wait_for(lambda: "runner back on" in first.out, PATIENCE)
        wait_for(lambda: unfinished(pg_store) == 0, PATIENCE)
        first.stop()
        second.stop()

    assert "lost its session on the store" in first.out
    commands = Counter(ident for _, ident in receipts(tmp_path))
    assert [ident for ident, count in commands.items() if count > 1] == []
    state = states(pg_store)
    assert set(state.values()) <= {"delivered", "in_doubt"}, state
    assert count_unran(state, commands) <= 4, state
    assert {i for i, s in state.items() if s == "delivered"} <= set(commands)
    assert registered(pg_store) == 0


def test_a_runner_holds_its_lock_on_a_session_the_server_ends_after_the_stale_limit(
    pg_store: Store,
) -> None:
    # A runner whose machine vanished sends no FIN: only TCP keepalives tell the server, which
    # then ends the session and lets the lock go.
    queue = Queue(pg_store, {}, RunnerSettings(stale=timedelta(seconds=20)))
    queue.register(datetime.now(UTC))
    try:
        shown = {
            name: int(queue.lifeline.execute(text(f"SHOW {name}"))[0][0].rstrip("ms"))
            for name in ("tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count")
        }
        idle, interval, count = shown.values()
        assert 15 <= idle + interval * count <= 20, shown
        with pg_store.begin() as conn:
            holder = conn.execute(text(f"SELECT pid FROM pg_locks WHERE {LOCK}"), lock(queue))
            mine = queue.lifeline.execute(text("SELECT pg_backend_pid()"))[0][0]
            assert holder.scalars().all() == [mine]
    finally:
        queue.unregister()
    with pg_store.begin() as conn:
        assert conn.execute(text(f"SELECT pid FROM pg_locks WHERE {LOCK}"), lock(queue)).all() == []
        assert registered(pg_store) == 0


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
