"""Exporting on several cores, with the same bytes as on one.

Campaigns are independent unless a capped channel ties them (a cap counts every campaign's
items), so they are split into groups that share no capped channel. Each worker process plans
and formats its groups into a spool file; the parent writes the header, then every group's
bytes in group order. The output therefore does not depend on the number of workers.

Progress is counted in items as the workers format them: each worker adds its count to its
own slot of a shared array (no lock needed, one writer per slot), which the parent reads while
it waits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, NoReturn

from .atomic import atomic_file, writing
from .errors import LimitError
from .expand import Budget, Sources, iter_items
from .groups import independent_groups
from .ical import PRODID, UID_SUFFIX, Spooled, assemble, spool_events
from .plan import Warning_
from .progress import Progress, counted
from .rules import Campaign
from .versions import History, Version

_EVERY_WEIGHT = 50  # a repeating step makes about this many items more than a one-off step


def _weight(campaign: Campaign) -> int:
    return sum(
        len(s.channels) * (_EVERY_WEIGHT if s.every or s.when.recurrence else 1)
        for s in campaign.steps
    )


def _share(groups: list[list[int]], campaigns: Sequence[Campaign], jobs: int) -> list[list[int]]:
    """Group numbers per worker, heaviest groups first to the least loaded worker."""
    load = [0] * jobs
    shares: list[list[int]] = [[] for _ in range(jobs)]
    order = sorted(
        range(len(groups)), key=lambda g: (-sum(_weight(campaigns[i]) for i in groups[g]), g)
    )
    for g in order:
        worker = load.index(min(load))
        shares[worker].append(g)
        load[worker] += sum(_weight(campaigns[i]) for i in groups[g])
    return [sorted(s) for s in shares if s]


@dataclass(slots=True)
class _Job:
    campaigns: Sequence[Campaign]
    sources: Sources
    groups: list[list[int]]
    start: date
    now: datetime | None
    dtstamp: datetime
    alarm: timedelta | None
    where: str
    uid_suffix: str = UID_SUFFIX
    history: Mapping[str, Version] | None = None  # the output's versions as last written


@dataclass(slots=True)
class _Part:
    group: int
    begin: int
    end: int
    info: Spooled
    warnings: list[Warning_]
    planned: int  # items planned, counted-only campaigns' included: what [limits] items counts
    written: dict[str, Version] = field(default_factory=dict)  # the versions of its events


_JOB: _Job | None = None  # set before forking: workers inherit it instead of unpickling it
_COUNTS: Any = None  # the workers' item counts (a shared array), when progress is asked for
_POLL = 0.1  # seconds between two readings of the workers' counts


def _plan_groups(
    job: _Job, groups: Sequence[int], spool: IO[bytes], progress: Progress | None = None
) -> list[_Part]:
    parts: list[_Part] = []
    budget = Budget(job.sources.limits)  # the groups of one process share it
    for g in groups:
        warnings: list[Warning_] = []
        left = budget.left
        items = iter_items(
            [job.campaigns[i] for i in job.groups[g]],
            job.sources,
            start=job.start,
            now=job.now,
            warnings=warnings,
            budget=budget,
        )
        with writing(job.where):
            begin = spool.tell()
        versions = None if job.history is None else History(job.history, job.dtstamp)
        info = spool_events(
            counted(items, progress),
            spool,
            job.where,
            job.dtstamp,
            job.alarm,
            versions,
            job.uid_suffix,
            job.sources.channels.label,
        )
        with writing(job.where):
            end = spool.tell()
        written = {} if versions is None else versions.written
        parts.append(_Part(g, begin, end, info, warnings, left - budget.left, written))
    return parts


def _over_the_limit(job: _Job) -> NoReturn:
    """Raise the error of a plan over [limits] items as one core finds it: each worker counts
    only its own groups' items, and the one that crosses the limit must not depend on how the
    groups were shared. One core plans until it crosses it, at most the limit and one item."""
    with open(os.devnull, "wb") as nowhere:
        _plan_groups(job, range(len(job.groups)), nowhere)
    raise AssertionError("planned again within [limits] items")  # the workers said otherwise


def _worker(n: int, groups: list[int], spool_path: str) -> list[_Part]:
    assert _JOB is not None
    counts = _COUNTS
    progress: Progress | None = None
    if counts is not None:

        def progress(done: int) -> None:
            counts[n] += done

    with open(spool_path, "wb") as spool:
        return _plan_groups(_JOB, groups, spool, progress)


def _run_pool(shares: list[list[int]], spools: list[str], progress: Progress | None) -> list[Any]:
    """Each share planned by a worker; the workers' counts reported to ``progress`` meanwhile."""
    global _COUNTS
    work = list(zip(range(len(shares)), shares, spools, strict=True))
    context = multiprocessing.get_context("fork")
    _COUNTS = context.RawArray("q", len(shares)) if progress is not None else None
    try:
        with context.Pool(len(shares)) as pool:
            if progress is None:
                return pool.starmap(_worker, work)
            pending = pool.starmap_async(_worker, work)
            reported = 0
            while not pending.ready():
                pending.wait(_POLL)
                done = sum(_COUNTS)
                if done > reported:
                    progress(done - reported)
                    reported = done
            results = pending.get()
            done = sum(_COUNTS)
            if done > reported:
                progress(done - reported)
            return results
    finally:
        _COUNTS = None


def export_parallel(
    campaigns: Sequence[Campaign],
    sources: Sources,
    path: Path,
    *,
    start: date,
    now: datetime | None,
    dtstamp: datetime,
    alarm: timedelta | None,
    calname: str,
    jobs: int,
    warnings: list[Warning_],
    prodid: str = PRODID,
    progress: Progress | None = None,
    uid_suffix: str = UID_SUFFIX,
    history: History | None = None,
    timezone: str | None = None,
) -> int:
    """Plan ``campaigns`` and write them to ``path`` atomically, on up to ``jobs`` cores,
    reporting to ``progress`` the items formatted. With ``history``, each event is written at
    its version there (``dtstamp`` the moment of new ones), and ``history.written`` gets them;
    ``timezone``: the shop's."""
    global _JOB
    where = str(path)
    # Groups of counted-only campaigns alone would plan items nobody sees.
    groups = [
        g
        for g in independent_groups(campaigns, sources)
        if any(not campaigns[i].counted_only for i in g)
    ]
    shares = _share(groups, campaigns, jobs)
    can_fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    before = None if history is None else history.before
    job = _Job(campaigns, sources, groups, start, now, dtstamp, alarm, where, uid_suffix, before)
    spools: list[str] = []
    with atomic_file(path) as out:
        try:
            if len(shares) < 2 or not can_fork:
                with writing(where):
                    spools.append(_spool_name(path, 0))
                with open(spools[0], "w+b") as spool:
                    parts = _plan_groups(job, range(len(groups)), spool, progress)
                owners = dict.fromkeys(range(len(groups)), 0)
            else:
                spools = [_spool_name(path, n) for n in range(len(shares))]
                _JOB = job
                try:
                    results = _run_pool(shares, spools, progress)
                except LimitError as exc:
                    if exc.limit != "items":
                        raise
                    _over_the_limit(job)
                finally:
                    _JOB = None
                parts = [p for r in results for p in r]
                if sum(p.planned for p in parts) > sources.limits.items:
                    _over_the_limit(job)
                owners = {g: n for n, share in enumerate(shares) for g in share}
            parts.sort(key=lambda p: p.group)
            total = Spooled()
            for part in parts:
                total.merge(part.info)
                warnings.extend(part.warnings)
                if history is not None:
                    history.written.update(part.written)
            with contextlib.ExitStack() as stack:
                files = [stack.enter_context(open(s, "rb")) for s in spools]
                pieces = [(files[owners[p.group]], p.begin, p.end) for p in parts]
                return assemble(out, pieces, total, where, calname, alarm, prodid, timezone)
        finally:
            for spool_path in spools:
                with contextlib.suppress(OSError):
                    os.unlink(spool_path)


def _spool_name(path: Path, n: int) -> str:
    return str(path.parent / f".{path.name}.{os.getpid()}.{n}.spool")
