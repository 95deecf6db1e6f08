"""The plan behind `planner serve`, kept in step with the workspace's files and with the store.

Every request asks for the current plan. Looking costs a ``stat`` of the workspace's files
(planner.toml, rules/, channels/, calendars/, templates/ and the closure files it names); only
when one of them changed, or the day changed, is the workspace planned again, and the plan
then synced into the store the way `planner sync` does without RULES, so that the store's
``sequence`` and ``updated_at`` say which items changed (what the calendar feeds serve).

A file that does not plan (a typo saved half-way) leaves the last good plan in place, with
the error beside it for the page to show; the same broken files are not planned again.

An editor that saves in place writes a file in several steps, and half a rule file may plan
(its first steps only): syncing that would drop the other items from the store and the feeds
until the next request. So a changed file is planned once it has stayed the same for a moment,
and a plan is kept only if no file changed while it was being made.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..controllers import Planning, overdue_warnings, prepare, view_model, workspace_hooks
from ..errors import UserError
from ..i18n import ngettext
from ..plan import Item, Warning_
from ..store import Store, StoreError
from ..sync import SyncReport, stored_campaigns, sync
from ..views import View
from ..workspace import SETTINGS_FILE, Workspace

WATCHED = ("rules", "channels", "calendars", "templates")
SETTLE = 0.2  # seconds a changed file must stay the same before it is planned
Fingerprint = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The last plan that worked, and what went wrong since, if anything."""

    workspace: Workspace
    planning: Planning | None = None  # None until the workspace has planned once
    view: View | None = None  # the page's model (planner.views)
    items: tuple[Item, ...] = ()
    warnings: tuple[Warning_, ...] = ()
    error: UserError | None = None  # why the files on disk do not plan, or the store failed
    synced: SyncReport | None = None
    version: int = 0  # raised at each successful re-plan (feeds cache by it)
    channels: tuple[str, ...] = field(default=())  # the channel keys a feed may be asked for


class LivePlan:
    """The workspace's plan, re-made when its files change; safe to share between threads."""

    def __init__(
        self,
        workspace: Workspace,
        store: Store,
        clock: Callable[[], datetime],
        report: Callable[[str, bool], None] | None = None,
        settle: float = SETTLE,
    ) -> None:
        self.root = workspace.root
        self.settle = settle
        self.store = store
        self.clock = clock
        # Told each re-plan's outcome (a line, and whether it is an error), for a console.
        self.report = report or (lambda line, error: None)
        # Without planner.toml the settings are the defaults the CLI chose (the system's zone).
        self.default_timezone = workspace.settings.timezone
        self.snapshot = Snapshot(workspace)
        self._seen: Fingerprint | None = None
        self._lock = threading.Lock()

    def current(self) -> Snapshot:
        now = self.clock()
        with self._lock:
            key = self._fingerprint(now)
            if key == self._seen:
                return self.snapshot
        time.sleep(self.settle)  # out of the lock: the other requests wait no longer than this
        with self._lock:
            # Planned only if the files stayed the same meanwhile, and not yet by another request;
            # files still being written leave the last plan in place.
            if key != self._seen and self._fingerprint(now) == key:
                self._refresh(key, now)
            return self.snapshot

    def _fingerprint(self, now: datetime) -> Fingerprint:
        settings = self.snapshot.workspace.settings
        today = now.astimezone(ZoneInfo(settings.timezone)).date()
        closures = [self.root / name for name in settings.closures]
        return (today, *_stats([self.root / SETTINGS_FILE, *closures], self.root))

    def _refresh(self, key: Fingerprint, now: datetime) -> None:
        old = self.snapshot
        try:
            workspace = Workspace.open(self.root, self.root, self.default_timezone)
            today = now.astimezone(ZoneInfo(workspace.settings.timezone)).date()
            planning = prepare(workspace, (), self.root, today, now)
            plan = planning.plan()
            warnings = tuple(plan.warnings)
            view = view_model(planning, plan.items)  # the items just planned, not planned again
        except UserError as exc:  # the same files will not plan better: wait for an edit
            if self._fingerprint(now) != key:
                return  # written while read: plan what the writer leaves, at the next request
            self._seen = key
            self.snapshot = replace(old, error=exc)
            self.report(str(exc), True)
            return
        if self._fingerprint(now) != key:
            return  # a file changed while it was read: maybe half of it, never synced
        self._seen = key
        error: UserError | None = None
        report: SyncReport | None = None
        try:
            report = self._sync(planning, plan.items, now)
            n = len(plan.items)
            said = ngettext(
                "planned {count} items; store: {report}",
                "planned {count} items; store: {report}",
                n,
            )
            self.report(said.format(count=n, report=report), False)
            # Said once, by the sync that wrote them; the page shows them with the plan's.
            warnings += tuple(overdue_warnings(report))
        except UserError as exc:  # the page shows the new plan, the feeds the store's
            error = exc
            self.report(str(exc), True)
            if isinstance(exc, StoreError):  # busy or down: sync at the next request
                self._seen = None
        for warning in warnings:
            self.report(str(warning), True)
        self.snapshot = Snapshot(
            workspace,
            planning,
            view,
            tuple(plan.sorted()),
            warnings,
            error,
            report,
            old.version + 1,
            tuple(planning.sources.channels.names()),
        )

    def _sync(self, planning: Planning, items: list[Item], now: datetime) -> SyncReport:
        """`planner sync` of the whole workspace: the stored campaigns it no longer has (a
        rule file deleted) are removed too."""
        hooks = workspace_hooks(planning.workspace)
        campaigns = stored_campaigns(self.store) | {c.key: c.name for c in planning.campaigns}
        return sync(self.store, items, hooks, campaigns=campaigns, now=now)


def _stats(extra: list[Path], root: Path) -> Iterator[tuple[str, int, int, int]]:
    """(path, inode, size, mtime) of every file that planning reads from the workspace."""
    for path in extra:
        yield _stat(path)
    for name in WATCHED:
        top = root / name
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in sorted(files):
                if not file.startswith(".") and not file.endswith("~"):  # editors' scratch
                    yield _stat(Path(folder) / file)


def _stat(path: Path) -> tuple[str, int, int, int]:
    try:
        st = path.stat()
    except OSError:
        return (str(path), 0, -1, 0)
    return (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
