"""Benchmark: planner.ical's streaming writer against icalendar 7 on the same synthetic events.

    .venv/bin/python bench/ical_writer.py [--n 1000000] [--n-icalendar 20000]

Each side runs in its own subprocess so that its peak RSS (ru_maxrss) is its own. Items come
from a generator (never a list), so the Parcours side shows the writer's memory, not the plan's.
icalendar builds the whole calendar in memory, so it runs on fewer items by default; its
figures for N items are extrapolated linearly and labelled so.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.plan import Item, item_id

DTSTAMP = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ALARM = timedelta(hours=1)
STAGES = ("awareness", "consideration", "conversion", "retention", "advocacy")
CHANNELS = ("instagram", "facebook", "email", "sms", "in-store")
TITLES = (
    "Bagues de fiançailles — Saint-Valentin",
    "Témoignages clients, styles de bagues",
    "Remise de 30 % ; livraison gratuite",
    "Spring menu tasting",
)
BRIEF = (
    "Images et vidéos de bagues sur le thème de la Saint-Valentin, {n}.\n"
    "Rappel : tailles, délais de livraison ; réserver avant le 14 février. 💍"
)


def synthetic_items(n: int) -> Iterator[Item]:
    """``n`` varied items over 2027 (both DST changes), 1 in 10 all-day, 1 in 50 in Montréal."""
    paris, montreal = ZoneInfo("Europe/Paris"), ZoneInfo("America/Montreal")
    base = datetime(2027, 1, 1)
    for i in range(n):
        zone = montreal if i % 50 == 7 else paris
        day = base + timedelta(days=(i * 7) % 365)
        all_day = i % 10 == 3
        if all_day:
            start = day.replace(tzinfo=zone)
            end = start + timedelta(days=1)
        else:
            start = day.replace(hour=9 + i % 11, minute=(i % 4) * 15, tzinfo=zone)
            end = start + timedelta(minutes=30)
        stage, channel = STAGES[i % 5], CHANNELS[i % 5]
        yield Item(
            id=item_id("valentines", str(i % 7), channel, "publish", i),
            campaign="Saint-Valentin — bagues de fiançailles",
            stage=stage,
            step=i % 7 + 1,
            channel=channel,
            start=start,
            end=end,
            all_day=all_day,
            title=TITLES[i % len(TITLES)],
            brief=BRIEF.format(n=i),
            kind="prepare" if i % 9 == 0 else "publish",
            source=f"rules/valentines-rings.toml:{10 + i % 7 * 6}",
        )


def run_generate(n: int, _folder: Path) -> dict[str, float]:
    for _ in synthetic_items(n):
        pass
    return {"bytes": 0}


def run_parcours(n: int, folder: Path) -> dict[str, float]:
    from planner.ical import export

    path = folder / "parcours.ics"
    count = export(synthetic_items(n), path, calname="Bench", dtstamp=DTSTAMP, alarm=ALARM)
    assert count == n
    return {"bytes": path.stat().st_size}


def run_icalendar(n: int, folder: Path) -> dict[str, float]:
    from icalendar import Alarm, Calendar, Event, Timezone

    cal = Calendar()
    cal.add("prodid", "-//Parcours//Campaign planner//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Bench")
    for tzid in ("Europe/Paris", "America/Montreal"):
        cal.add_component(
            Timezone.from_tzid(
                tzid, first_date=datetime(2027, 1, 1).date(), last_date=datetime(2028, 1, 1).date()
            )
        )
    for item in synthetic_items(n):
        event = Event()
        event.add("uid", f"{item.id}@parcours")
        event.add("dtstamp", DTSTAMP)
        if item.all_day:
            event.add("dtstart", item.start.date())
            event.add("dtend", item.end.date())
        else:
            event.add("dtstart", item.start)
            event.add("dtend", item.end)
        event.add("summary", item.title)
        event.add("description", item.brief)
        event.add("categories", [item.stage, item.channel])
        event.add("sequence", 0)
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add("x-parcours-kind", item.kind)
        event.add("x-parcours-source", item.source)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        alarm.add("trigger", -ALARM)
        event.add_component(alarm)
        cal.add_component(event)
    path = folder / "icalendar.ics"
    path.write_bytes(cal.to_ical())
    return {"bytes": path.stat().st_size}


SIDES = {"generate": run_generate, "parcours": run_parcours, "icalendar": run_icalendar}


def child(side: str, n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="ical-bench-") as folder:
        began = time.perf_counter()
        result = SIDES[side](n, Path(folder))
        result["seconds"] = time.perf_counter() - began
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(result))


def measure(side: str, n: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", side, "--n", str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="items for planner.ical")
    parser.add_argument("--n-icalendar", type=int, default=None, help="default: min(N, 20000)")
    parser.add_argument("--child", choices=sorted(SIDES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n)
        return
    n, n_ical = args.n, args.n_icalendar or min(args.n, 20_000)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, N = {n:,}")
    base = measure("generate", 0)  # interpreter + imports: the RSS floor of a child
    gen = measure("generate", n)
    ours = measure("parcours", n)
    theirs = measure("icalendar", n_ical)
    rate_gen, rate_ours = n / gen["seconds"], n / ours["seconds"]
    rate_theirs = n_ical / theirs["seconds"]
    writer_only = ours["seconds"] - gen["seconds"]
    print(f"  item generator alone   {gen['seconds']:8.2f} s  {rate_gen:>10,.0f} items/s")
    print(
        f"  planner.ical export    {ours['seconds']:8.2f} s  {rate_ours:>10,.0f} items/s"
        f"  {ours['bytes'] / 1e6:8.1f} MB file  peak RSS {ours['maxrss_mb']:.0f} MB"
        f" (empty child: {base['maxrss_mb']:.0f} MB)"
    )
    print(f"    of which writer      {writer_only:8.2f} s  {n / writer_only:>10,.0f} items/s")
    print(
        f"  icalendar 7, {n_ical:,} items {theirs['seconds']:6.2f} s  {rate_theirs:>10,.0f} items/s"
        f"  {theirs['bytes'] / 1e6:8.1f} MB file  peak RSS {theirs['maxrss_mb']:.0f} MB"
    )
    if n_ical < n:
        scale = n / n_ical
        rss = base["maxrss_mb"] + (theirs["maxrss_mb"] - base["maxrss_mb"]) * scale
        print(
            f"  icalendar 7 EXTRAPOLATED to {n:,} items: ~{theirs['seconds'] * scale:,.0f} s,"
            f" ~{theirs['bytes'] * scale / 1e6:,.0f} MB file, peak RSS ~{rss:,.0f} MB"
        )
    # The same generator feeds both sides: without it, the writers alone.
    theirs_writer = theirs["seconds"] - gen["seconds"] * n_ical / n
    print(
        f"  speed ratio planner.ical / icalendar 7: {rate_ours / rate_theirs:.1f}x with item"
        f" generation, {(n / writer_only) / (n_ical / theirs_writer):.1f}x writers alone"
    )


if __name__ == "__main__":
    main()
