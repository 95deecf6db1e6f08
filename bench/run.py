"""Planning and export benchmark: `make bench` (or .venv/bin/python bench/run.py [--items N]).

Builds a workspace of campaigns with daily repeating steps that expand to N items (default one
million), then times the real `planner export` command on one core and on two (best of two
runs), sampling the memory (PSS) of the whole process tree, the command and its workers, every
20 ms. Beside it,
icalendar 7 writes the first events of the same plan with its object model; its figures are
extrapolated linearly to N and labelled so. Last, `planner --help` start-up time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANNER = [sys.executable, "-m", "planner"]
STAGES = ("awareness", "consideration", "conversion", "retention", "advocacy")
DAYS = 1000  # each step repeats daily over this many days
STEPS = 10
START = "2026-12-01"


def make_workspace(folder: Path, items: int) -> int:
    """Campaigns of STEPS daily steps over DAYS days: items // (STEPS * DAYS) campaigns."""
    campaigns = max(1, items // (STEPS * DAYS))
    total = campaigns * STEPS * DAYS
    (folder / "rules").mkdir(parents=True)
    (folder / "channels").mkdir()
    # A million items is five times [limits] items' default: the benchmark says it wants them.
    (folder / "planner.toml").write_text(
        '[shop]\nname = "Bench"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n'
        f"\n[limits]\nitems = {total}\n",
        encoding="utf-8",
    )
    # Uncapped channels: campaigns are independent, as most shops' campaigns are.
    for name, times in (("post", '["11:00", "19:00"]'), ("story", '["09:00"]')):
        (folder / "channels" / f"{name}.toml").write_text(
            f'name = "{name.title()}"\nbest_times = {times}\n', encoding="utf-8"
        )
    last = date(2027, 1, 1) + timedelta(days=DAYS - 1)
    for c in range(campaigns):
        steps = [
            f'[[step]]\nstage = "{STAGES[s % 5]}"\nwhen = "du 2027-01-01 au {last}"\n'
            f'channels = ["{"post" if s % 2 else "story"}"]\nevery = "tous les jours"\n'
            f'content = "Campagne {c}, étape {s} : {{{{ offer.discount }}}} de remise ; '
            f'livraison offerte"\noffer = {{ discount = "{5 + s} %" }}\n'
            for s in range(STEPS)
        ]
        (folder / "rules" / f"c{c:04d}.toml").write_text(
            f'[campaign]\nname = "Campagne {c}"\nanchor = "{last + timedelta(days=1)}"\n'
            'journey = "5-stage"\n\n' + "\n".join(steps),
            encoding="utf-8",
        )
    return total


def make_capped_workspace(folder: Path, campaigns: int = 1000, steps: int = 20) -> None:
    """Campaigns whose steps share capped channels, so every campaign counts for every other:
    one group, planned in order on one core, each slot checked against the shared caps."""
    (folder / "rules").mkdir(parents=True)
    (folder / "channels").mkdir()
    (folder / "planner.toml").write_text(
        '[shop]\nname = "Caps"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n',
        encoding="utf-8",
    )
    channels = {
        "feed": ('["11:00", "14:00", "19:00"]', 40, 250),
        "mail": ('["09:30"]', 40, 250),
        "texto": ('["10:00", "17:00"]', 40, 250),
        "story": ('["08:00", "12:00", "18:00", "21:00"]', 40, 250),
    }
    for name, (times, per_day, per_week) in channels.items():
        (folder / "channels" / f"{name}.toml").write_text(
            f'name = "{name.title()}"\nbest_times = {times}\ncap_per_day = {per_day}\n'
            f"cap_per_week = {per_week}\n",
            encoding="utf-8",
        )
    names = list(channels)
    first = date(2027, 1, 4)
    for c in range(campaigns):
        body = []
        for s in range(steps):
            begin = first + timedelta(days=(c * 11 + s * 17) % 700)
            end = begin + timedelta(days=6)
            every = 'every = "tous les 2 jours"\n' if s % 5 == 0 else ""
            body.append(
                f'[[step]]\nstage = "{STAGES[s % 5]}"\nwhen = "du {begin} au {end}"\n'
                f'channels = ["{names[(c + s) % 4]}"]\n{every}content = "C{c} S{s}"\n'
            )
        (folder / "rules" / f"k{c:04d}.toml").write_text(
            f'[campaign]\nname = "Capped {c}"\nanchor = "2029-12-31"\n\n' + "\n".join(body),
            encoding="utf-8",
        )


def _tree_memory(pid: int) -> int:
    """Proportional set size of ``pid`` and all its descendants, from /proc.

    PSS, not RSS: forked workers share their parent's pages copy-on-write, and summing RSS
    would count those pages once per process.
    """
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            total += int(rollup.split("\nPss:")[1].split()[0]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_measured(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak memory (PSS of the process tree) in bytes, and stdout of a command."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_memory(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - began
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err}")
    return elapsed, peak, out


def icalendar_side(workspace: Path, count: int) -> tuple[float, float]:
    """icalendar 7 writing the first ``count`` items of the same plan: (seconds, MB).

    Seconds come from a plain run; MB is the peak of what Python allocated while building and
    serialising the calendar (tracemalloc), from a second run, since tracing slows it down.
    """
    code = f"""
import sys, time, itertools
from datetime import date, datetime, UTC
from pathlib import Path
from icalendar import Calendar, Event, Alarm
from planner.controllers import prepare
from planner.workspace import Workspace
ws = Workspace.open(Path({str(workspace)!r}), Path.cwd())
items = list(itertools.islice(prepare(ws, (), ws.root, date.fromisoformat({START!r}), None)
                              .items(), {count}))
import tracemalloc
if sys.argv[1] == "memory":
    tracemalloc.start()
began = time.perf_counter()
cal = Calendar()
cal.add("prodid", "-//bench//"); cal.add("version", "2.0")
for item in items:
    ev = Event()
    ev.add("uid", item.id + "@parcours"); ev.add("dtstamp", datetime(2026, 11, 19, tzinfo=UTC))
    ev.add("dtstart", item.start); ev.add("dtend", item.end)
    ev.add("summary", item.title); ev.add("description", item.brief)
    ev.add("categories", [item.stage, item.channel])
    alarm = Alarm(); alarm.add("action", "DISPLAY"); alarm.add("description", item.title)
    alarm.add("trigger", -__import__("datetime").timedelta(hours=1)); ev.add_component(alarm)
    cal.add_component(ev)
cal.add_missing_timezones()
Path("/dev/null").write_bytes(cal.to_ical())
elapsed = time.perf_counter() - began
print(elapsed, tracemalloc.get_traced_memory()[1] / 1e6)
"""

    def run(mode: str) -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", code, mode], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()

    return float(run("time")[0]), float(run("memory")[1])


def help_time(runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([*PLANNER, "--help"], capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--icalendar-items", type=int, default=20_000)
    parser.add_argument("--capped-campaigns", type=int, default=1000)
    args = parser.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795046400"}
    with tempfile.TemporaryDirectory(prefix="parcours-bench-") as tmp:
        workspace = Path(tmp) / "ws"
        n = make_workspace(workspace, args.items)
        print(
            f"workspace: {n:,} items ({n // (STEPS * DAYS)} campaigns × {STEPS} daily steps "
            f"× {DAYS} days), {os.cpu_count()} cores, Python {sys.version.split()[0]}"
        )
        print(f"{'what':<34}{'seconds':>9}{'items/s':>12}{'peak MB':>10}")
        results = {}
        for jobs in (2, 1):
            out = Path(tmp) / f"plan-{jobs}.ics"
            secs, peak, _ = run_measured(
                [*PLANNER, "export", "--start", START, "-o", str(out), "-j", str(jobs)],
                workspace,
                env,
            )
            results[jobs] = secs
            size = out.stat().st_size / 1e6
            print(
                f"{f'planner export, {jobs} core(s)':<34}{secs:>9.2f}{n / secs:>12,.0f}"
                f"{peak / 1e6:>10.0f}   ({size:,.0f} MB of .ics)"
            )
        same = (Path(tmp) / "plan-1.ics").read_bytes() == (Path(tmp) / "plan-2.ics").read_bytes()
        print(f"{'  same bytes on 1 and 2 cores':<34}{'yes' if same else 'NO':>9}")
        k = min(args.icalendar_items, n)
        secs, mb = icalendar_side(workspace, k)
        print(f"{f'icalendar 7, {k:,} events':<34}{secs:>9.2f}{k / secs:>12,.0f}{mb:>10.0f}")
        print(f"{f'  extrapolated to {n:,}':<34}{secs * n / k:>9.0f}{'':>12}{mb * n / k:>10,.0f}")
        print(f"{'  speed-up of planner export':<34}{(secs * n / k) / results[2]:>8.0f}×")
        print(f"{'planner --help (median of 15)':<34}{help_time() / 1000:>9.3f}")

        capped = Path(tmp) / "caps"
        make_capped_workspace(capped, args.capped_campaigns)
        out = Path(tmp) / "caps.ics"
        secs, peak, _ = run_measured(
            [*PLANNER, "export", "--start", START, "-o", str(out)], capped, env
        )
        count = out.read_bytes().count(b"BEGIN:VEVENT")
        label = f"{args.capped_campaigns:,} campaigns × 20 steps, caps"
        print(
            f"{label:<34}{secs:>9.2f}{count / secs:>12,.0f}{peak / 1e6:>10.0f}   ({count:,} items)"
        )
        secs, peak, _ = run_measured([*PLANNER, "check", "--start", START], capped, env)
        print(
            f"{'  planner check of the same':<34}{secs:>9.2f}{count / secs:>12,.0f}"
            f"{peak / 1e6:>10.0f}"
        )
        print(f"measured {datetime.now(UTC):%Y-%m-%d}")


if __name__ == "__main__":
    main()
