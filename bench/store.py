"""Store and runner benchmark: `make bench` runs it after bench/run.py (or .venv/bin/python
bench/store.py [--items N] [--deliveries N] [--runs N]).

1. Sync: the workspace of bench/run.py cut to N items (default 100,000, ten campaigns) with one
   hook, so one delivery per item. The real `planner sync` command is timed as a user waits for
   it (process start to exit, best of three): into an empty SQLite store, again unchanged, and
   with one campaign moved by a day (10 % of the items and their deliveries changed). Then the
   same syncs in one process, split into their two phases: expanding the rules, and the
   library's ``sync()`` writing the store.
2. Runner on SQLite: N deliveries (default 10,000) due at one moment, one runner already
   running and idle when they fall due. Time until the last one fired, and lateness (fired
   time minus due time) at the median and the 99th percentile.
3. The same on PostgreSQL with 1, 2 and 3 runner processes, on a throwaway server started from
   the binaries tests/pg.py finds (skipped with a message if there are none).

Runners are the library's Runner with the default [runner] settings, each in its own process,
as `planner run` makes it; their hook only notes the time it was called, so what is measured
is the runner and its store, not a hook.

Figures are only worth something on a quiet machine: the CPU time other processes take while
a run is measured is counted (Linux's /proc), and a run they disturbed is run again.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from run import DAYS, STEPS, make_workspace  # noqa: E402  (bench/run.py, beside this file)

from planner.delivery import Delivery  # noqa: E402

PLANNER = [sys.executable, "-m", "planner"]
START = "2026-12-01"
EPOCH = "1795046400"  # SOURCE_DATE_EPOCH, as bench/run.py: the plan does not depend on today
HOOK = '\n[[hooks]]\nkind = "log"\nfile = "reminders.log"\n'
MOVED = "c0000.toml"  # the campaign the re-sync moves: one in ten with 100,000 items
AHEAD = 3.0  # seconds from the sync to the due moment: every runner has seen the sync by then
PATIENCE = 600.0  # seconds before giving up on runners that do not finish
QUIET = 0.05  # a run during which other processes took more of the machine is run again
RETRIES = 8  # runs run again at most, per measurement
T = TypeVar("T")


# -- who used the CPU ------------------------------------------------------------------------

HZ = os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[int, int] | None:
    """(busy, total) jiffies of all cores since boot, from Linux's /proc/stat. Busy is time in
    processes (user, nice, system), as they count it themselves: interrupts, the loopback
    traffic between runners and the database among them, are nobody's."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:8]]
    except (OSError, ValueError):
        return None
    return sum(fields[:3]), sum(fields)


def _stat(pid: int | str) -> list[str] | None:
    try:  # the fields after "(command)", which may itself hold spaces and parentheses
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU time (user + system) of each process still alive."""
    found = {}
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            found[pid] = (int(fields[11]) + int(fields[12])) / HZ
    return found


def with_children(parent: int) -> list[int]:
    """``parent`` and its children: a PostgreSQL server and its backends."""
    pids = [parent]
    for entry in Path("/proc").iterdir():
        fields = _stat(entry.name) if entry.name.isdigit() else None
        if fields is not None and fields[1] == str(parent):
            pids.append(int(entry.name))
    return pids


class Watch:
    """The machine's CPU from now on: how much went to each of ``pids()``, and what share of
    the machine processes not ours took (ours: this one, its waited-for children, ``pids()``,
    asked again at the end for those started meanwhile: a server's new backends)."""

    def __init__(self, pids: Callable[[], list[int]] = list) -> None:
        self.pids = pids
        self.machine = machine_cpu()
        self.theirs = cpu_seconds(pids())
        self.mine = self._mine()

    @staticmethod
    def _mine() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def stop(self) -> tuple[dict[int, float], float | None]:
        """CPU seconds of each of ``pids``, and the share of the machine others took (None:
        unknown, not on Linux)."""
        machine, theirs, mine = machine_cpu(), cpu_seconds(self.pids()), self._mine()
        spent = {pid: cpu - self.theirs.get(pid, 0.0) for pid, cpu in theirs.items()}
        if self.machine is None or machine is None or machine[1] == self.machine[1]:
            return spent, None
        busy = (machine[0] - self.machine[0]) / HZ
        others = busy - sum(spent.values()) - (mine - self.mine)
        return spent, max(0.0, others) / ((machine[1] - self.machine[1]) / HZ)


def undisturbed(
    measure: Callable[[], T],
    disturbed: Callable[[T], float | None],
    runs: int = 1,
    key: Callable[[T], float] = lambda _: 0.0,
) -> T:
    """The median by ``key`` of ``runs`` measurements, each run again when other processes
    took more than QUIET of the machine meanwhile (as ``disturbed`` says)."""
    kept: list[T] = []
    again = 0
    while len(kept) < runs:
        result = measure()
        share = disturbed(result)
        if share is not None and share > QUIET and again < RETRIES:
            again += 1
            continue
        kept.append(result)
    REPEATED.append(again)
    return sorted(kept, key=key)[len(kept) // 2]


REPEATED: list[int] = []  # how many runs each measurement ran again


# -- 1. sync ---------------------------------------------------------------------------------

SYNCS = (("first", 0), ("unchanged", 0), ("moved", 1), ("back", -1))  # label, days moved


def planner_sync(workspace: Path) -> tuple[float, str, float | None]:
    """`planner sync`: wall seconds, what it printed, the share others took meanwhile."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    watch = Watch()
    began = time.perf_counter()
    done = subprocess.run(
        [*PLANNER, "sync", "--start", START],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"planner sync failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout.strip(), watch.stop()[1]


def move_campaign(workspace: Path, days: int) -> None:
    """Shift every window of one campaign: same item ids, new times, deliveries re-dated."""
    rule = workspace / "rules" / MOVED

    def shift(match: re.Match[str]) -> str:
        return str(date.fromisoformat(match.group(0)) + timedelta(days=days))

    rule.write_text(re.sub(r"\d{4}-\d{2}-\d{2}", shift, rule.read_text("utf-8")), "utf-8")


def forget_store(workspace: Path) -> None:
    for path in workspace.glob("planner.db*"):
        path.unlink()


def best_of(
    workspace: Path, runs: int, one: Callable[[str], tuple[dict[str, float], float | None]]
) -> dict[str, float]:
    """The best of ``runs`` series of the syncs of SYNCS, from an empty store: each figure
    ``one(label)`` measures, keyed "label.figure". A series that other processes disturbed is
    run again whole, since each sync depends on the one before."""

    def series() -> tuple[float, dict[str, float]]:
        figures: dict[str, float] = {}
        worst = 0.0
        for label, days in SYNCS:
            move_campaign(workspace, days)
            measured, share = one(label)
            figures.update({f"{label}.{k}": v for k, v in measured.items()})
            worst = max(worst, share or 0.0)
        return worst, figures

    best: dict[str, float] = {}
    for _ in range(runs):
        _, figures = undisturbed(series, lambda r: r[0])
        best = {k: min(best.get(k, v), v) for k, v in figures.items()}
    return best


def bench_sync(folder: Path, items: int, runs: int) -> None:
    workspace = folder / "sync"
    n = make_workspace(workspace, items)
    with (workspace / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write(HOOK)
    names = {
        "first": "into an empty store",
        "unchanged": "again, nothing changed",
        "moved": f"one campaign of {n // (STEPS * DAYS)} moved by a day",
    }
    print(f"\nsync: {n:,} items, one hook (a delivery per item), SQLite")
    said: dict[str, str] = {}

    def command(label: str) -> tuple[dict[str, float], float | None]:
        if label == "first":
            forget_store(workspace)
        secs, said[label], share = planner_sync(workspace)
        return {"command": secs}, share

    best = best_of(workspace, runs, command)
    print(f"{'`planner sync`, the whole command':<44}{'seconds':>9}   (best of {runs})")
    for label, what in names.items():
        print(f"{'  ' + what:<44}{best[f'{label}.command']:>9.2f}   ({said[label]})")

    phases = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--phases", str(workspace), "--runs", str(runs)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    print(f"{'its phases, timed in one process':<44}{'expand':>9}{'sync()':>9}{'the rest':>9}")
    for label, what in names.items():
        expand, store = phases[f"{label}.expand"], phases[f"{label}.sync"]
        rest = best[f"{label}.command"] - expand - store  # start-up, rules, settings, closing
        print(f"{'  ' + what:<44}{expand:>9.2f}{store:>9.2f}{rest:>9.2f}")


def phases_main(workspace: Path, runs: int) -> None:
    """``--phases``: expansion and the library's sync() timed apart, as JSON on stdout."""
    from planner.controllers import open_workspace_store, prepare, workspace_hooks
    from planner.sync import sync
    from planner.workspace import Workspace

    ws = Workspace.open(workspace, workspace)
    hooks = workspace_hooks(ws)
    now = datetime.fromtimestamp(int(EPOCH), UTC)
    stores: list[Any] = []

    def one(label: str) -> tuple[dict[str, float], float | None]:
        if label == "first":
            for store in stores:
                store.close()
            forget_store(workspace)
            stores[:] = [open_workspace_store(ws, None, None)]
        planning = prepare(ws, (), ws.root, date.fromisoformat(START), None)
        watch = Watch()
        began = time.perf_counter()
        items = list(planning.items())
        expanded = time.perf_counter()
        campaigns = {c.key: c.name for c in planning.campaigns}
        sync(stores[0], items, hooks, campaigns=campaigns, now=now)
        ended = time.perf_counter()
        return {"expand": expanded - began, "sync": ended - expanded}, watch.stop()[1]

    best = best_of(workspace, runs, one)
    for store in stores:
        store.close()
    print(json.dumps(best))


# -- 2 and 3. runners ------------------------------------------------------------------------


class NotingHook:
    """Notes when each delivery was fired: the trivial hook of the runner benchmark. Not
    ``resend_safe`` (as e-mail and commands), the runner records each outcome at once."""

    name = "note"
    kind = "note"
    lead = timedelta(0)

    def __init__(self, resend_safe: bool = True) -> None:
        self.resend_safe = resend_safe
        self.fired: list[tuple[str, float, float]] = []  # delivery id, due, fired (epoch s)

    def matches(self, channel: str, stage: str, kind: str) -> bool:
        return True

    def fire(self, delivery: Delivery) -> None:
        self.fired.append((delivery.id, delivery.due.timestamp(), time.time()))


def runner_main(url: str, out: Path, safe: bool) -> None:
    """``--runner``: one runner until SIGTERM, then what its hook noted, as JSON in ``out``."""
    from planner.runner import Runner
    from planner.store import open_store

    store = open_store(url)
    hook = NotingHook(resend_safe=safe)
    Runner(store, [hook], clock=lambda: datetime.now(UTC)).run_forever()
    store.close()
    out.write_text(json.dumps(hook.fired), encoding="utf-8")


def bench_items(count: int, due: datetime) -> list[Any]:
    from planner.plan import Item, item_id

    return [
        Item(
            id=item_id("bench", "step-1", "post", "publish", n),
            campaign="Bench",
            stage="awareness",
            step=1,
            channel="post",
            start=due,
            end=due + timedelta(minutes=30),
            all_day=False,
            title=f"Bench #{n}",
            brief="Les soldes arrivent",
            kind="publish",
            source="rules/bench.toml:6",
            campaign_key="bench",
            locale="fr",
        )
        for n in range(count)
    ]


@dataclass
class RunResult:
    all_fired: float  # seconds from the due moment to the last fire
    fired: int
    unique: int
    p50: float
    p99: float
    shares: list[int]
    busy: float | None  # share of the machine's CPU time in use while they fired
    runners: float  # CPU seconds the runner processes used meanwhile
    server: float | None  # and the PostgreSQL server, its backends included
    others: float | None  # share of the machine that other processes took meanwhile


def count_where(store: Any, table: Any, *where: Any) -> int:
    from sqlalchemy import func, select

    with store.begin() as conn:
        query = select(func.count()).select_from(table).where(*where)
        return int(conn.execute(query).scalar_one())


def run_runners(
    url: str, processes: int, count: int, folder: Path, server: int | None, safe: bool
) -> RunResult:
    """``processes`` runners on ``url``, ``count`` deliveries falling due once all are idle.
    ``server``: the PostgreSQL server's pid, to count its CPU time too; ``safe``: the hook is
    resend-safe (as webhooks), else the runner records each outcome at once (e-mail, commands)."""
    from planner.store import DeliveryRow, RunnerRow, open_store
    from planner.sync import sync

    store = open_store(url)
    outs = [folder / f"runner-{n}.json" for n in range(processes)]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        deadline = time.monotonic() + PATIENCE
        # One after the other: a runner that registers while another starts up can have its
        # row deleted by that one's recovery (claims.Queue.recover), and be taken for dead.
        for out in outs:
            command = [sys.executable, __file__, "--runner", url, str(out), str(safe)]
            procs.append(subprocess.Popen(command, stdin=subprocess.DEVNULL))
            while count_where(store, RunnerRow) < len(procs):
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    raise SystemExit("the runners did not start")
                time.sleep(0.05)
        time.sleep(1.5)  # past their first tick: idle, as a runner waiting for work is
        due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=AHEAD + 1)
        sync(store, bench_items(count, due), [NotingHook()], campaigns={"bench": "Bench"}, now=due)
        runner_pids = [p.pid for p in procs]

        def server_pids() -> list[int]:
            return with_children(server) if server else []

        time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
        machine = machine_cpu()
        watch = Watch(lambda: runner_pids + server_pids())
        d = DeliveryRow
        while count_where(store, d, d.state == "delivered") < count:
            if time.monotonic() > deadline:
                raise SystemExit("the runners did not deliver everything in time")
            time.sleep(0.1)
        spent, others = watch.stop()
        machine_after = machine_cpu()
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=PATIENCE)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        store.close()
    noted = [json.loads(out.read_text("utf-8")) for out in outs]
    late = sorted(fired - due_at for part in noted for _, due_at, fired in part)
    busy = None
    if machine and machine_after and machine_after[1] > machine[1]:
        busy = (machine_after[0] - machine[0]) / (machine_after[1] - machine[1])
    return RunResult(
        all_fired=late[-1],
        fired=len(late),
        unique=len({ident for part in noted for ident, _, _ in part}),
        p50=statistics.median(late),
        p99=late[min(len(late) - 1, int(len(late) * 0.99))],
        shares=[len(part) for part in noted],
        busy=busy,
        runners=sum(spent.get(pid, 0.0) for pid in runner_pids),
        server=sum(v for pid, v in spent.items() if pid not in runner_pids) if server else None,
        others=others,
    )


def median_run(
    url: Callable[[int], str],
    processes: int,
    count: int,
    folder: Path,
    runs: int,
    server: int | None = None,
    safe: bool = True,
) -> RunResult:
    """The median of ``runs`` runs, each on a store of its own (``url(n)``)."""
    made = iter(range(1000))
    return undisturbed(
        lambda: run_runners(url(next(made)), processes, count, folder, server, safe),
        lambda r: r.others,
        runs,
        lambda r: r.all_fired,
    )


def show(label: str, result: RunResult, extra: str = "") -> None:
    duplicates = result.fired - result.unique
    check = "" if duplicates == 0 else f"  {duplicates} FIRED TWICE"
    busy = f"{result.busy:>5.0%}" if result.busy is not None else f"{'?':>5}"
    server = f"{result.server:>7.2f}" if result.server is not None else f"{'':>7}"
    others = f"{result.others:>7.0%}" if result.others is not None else f"{'?':>7}"
    shares = " + ".join(f"{s:,}" for s in result.shares) if len(result.shares) > 1 else ""
    print(
        f"{label:<23}{result.all_fired:>6.2f}{result.fired / result.all_fired:>8,.0f}"
        f"{result.p50:>6.2f}{result.p99:>6.2f}{busy}{result.runners:>8.2f}{server}{others}"
        f"  {shares}{extra}{check}"
    )


def bench_runners(folder: Path, count: int, runs: int) -> None:
    print(f"\nrunner: {count:,} deliveries due at one moment, a hook that notes the time")
    print(f"median of {runs} runs. all: seconds from the due moment to the last fire; p50, p99:")
    print("lateness in seconds; cpu: the share of the machine's CPU in use meanwhile; runners,")
    print("server: the CPU seconds the runner processes and the database server used; others:")
    print("the share of the machine other processes took (a run they disturbed is run again)")
    heads = f"{'all':>6}{'per s':>8}{'p50':>6}{'p99':>6}{'cpu':>5}{'runners':>8}{'server':>7}"
    print(f"{'':<23}{heads}{'others':>7}  split")
    for safe in (True, False):

        def url(n: int, safe: bool = safe) -> str:
            return f"sqlite:///{folder / f'runner-{safe}-{n}.db'}"

        label = "SQLite, 1 runner" if safe else "  not safe to send twice"
        show(label, median_run(url, 1, count, folder, runs, safe=safe))
    bench_postgres(folder, count, runs)


def bench_postgres(folder: Path, count: int, runs: int) -> None:
    from tests.pg import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL: skipped, no initdb/pg_ctl found (install Debian's postgresql package)")
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        print("PostgreSQL: skipped, no psycopg (pip install -e '.[test]')")
        return
    server = PostgresServer(bindir)
    try:
        server.start()
        postmaster = int((server.data_dir / "postmaster.pid").read_text().split()[0])
        print(f"PostgreSQL {bindir.parent.name}: a throwaway server (fsync off) on this machine")
        first = 0.0
        for processes in (1, 2, 3):

            def url(n: int, processes: int = processes) -> str:
                return server.create_database(f"bench_{processes}_{n}")

            result = median_run(url, processes, count, folder, runs, postmaster)
            first = first or result.all_fired
            speed = f"  ({first / result.all_fired:.2f}× one)" if processes > 1 else ""
            label = f"PostgreSQL, {processes} runner{'s' if processes > 1 else ''}"
            show(label, result, speed)
            if processes == 1:

                def unsafe(n: int) -> str:
                    return server.create_database(f"bench_unsafe_{n}")

                result = median_run(unsafe, 1, count, folder, runs, postmaster, safe=False)
                show("  not safe to send twice", result)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--deliveries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-sync", action="store_true")
    parser.add_argument("--skip-runners", action="store_true")
    parser.add_argument("--phases", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runner", nargs=3, metavar=("URL", "OUT", "SAFE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases:
        phases_main(args.phases, args.runs)
        return
    if args.runner:
        runner_main(args.runner[0], Path(args.runner[1]), args.runner[2] == "True")
        return
    print(f"store and runner, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    folder = Path(tempfile.mkdtemp(prefix="parcours-bench-store-"))
    try:
        if not args.skip_sync:
            bench_sync(folder, args.items, args.runs)
        if not args.skip_runners:
            bench_runners(folder, args.deliveries, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    again = f"{sum(REPEATED)} run(s) disturbed by other processes ran again"
    print(f"measured {datetime.now(UTC):%Y-%m-%d}; {again}")


if __name__ == "__main__":
    main()
