"""Between the CLI and the store: opening it, syncing the plan into it, running the hooks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import ConfigError, Pos
from ..i18n import _
from ..plan import Item, Warning_
from ..workspace import Workspace
from . import Planning

if TYPE_CHECKING:
    from ..delivery import Hook
    from ..outcomes import RunReport
    from ..progress import Progress
    from ..store import Store
    from ..sync import SyncReport
    from ..workspace import RunnerSettings


def store_location(workspace: Workspace, url: str | None, origin: Pos | None) -> StoreLocation:
    """The store named by --db or PLANNER_DB (``url``, from ``origin``), else by planner.toml's
    [store] url, else the workspace's planner.db: checked, but neither opened nor created, so
    that a command checks everything else it reads before it writes anything."""
    from ..store import check_url
    from ..workspace import store_url

    if url is None:
        url, origin = store_url(workspace.settings, workspace.root)
    check_url(url, origin)
    return StoreLocation(url, origin)


def open_workspace_store(workspace: Workspace, url: str | None, origin: Pos | None) -> Store:
    """The store :func:`store_location` names, opened (created if need be) and migrated."""
    return store_location(workspace, url, origin).open()


@dataclass(frozen=True, slots=True)
class StoreLocation:
    url: str
    origin: Pos | None

    def open(self) -> Store:
        from ..store import open_store

        return open_store(self.url, origin=self.origin)


def workspace_hooks(workspace: Workspace) -> list[Hook]:
    from ..hooks import load_hooks

    return load_hooks(workspace.settings, workspace.root)


def planned_items(
    planning: Planning,
    *,
    progress: Progress | None = None,
    expanded: Callable[[int], None] | None = None,
) -> list[Item]:
    """The plan's items as a sync stores them, all planned before the store is touched: a
    rule that does not plan leaves no store behind. ``progress`` counts the items as they are
    planned, then ``expanded`` is called with their number."""
    from ..progress import counted

    return list(counted(planning.items(), progress, finished=expanded))


def sync_plan(
    planning: Planning,
    store: Store,
    hooks: Sequence[Hook],
    rules: Sequence[str],
    now: datetime,
    *,
    items: Sequence[Item] | None = None,
    progress: Progress | None = None,
    expanded: Callable[[int], None] | None = None,
) -> SyncReport:
    """Write the plan into the store. Without RULES the workspace is the whole truth: the
    stored campaigns it no longer has (a rule file deleted or renamed) are removed too.

    ``items`` are the plan's when already planned (:func:`planned_items`), else they are
    planned here, reported to ``progress`` and ``expanded``."""
    from ..sync import stored_campaigns, sync

    if items is None:
        items = planned_items(planning, progress=progress, expanded=expanded)
    campaigns = {c.key: c.name for c in planning.campaigns}
    if not rules:
        campaigns = stored_campaigns(store) | campaigns
    return sync(store, items, hooks, campaigns=campaigns, now=now)


def overdue_warnings(report: SyncReport) -> list[Warning_]:
    """What a sync says of the reminders it wrote after their due time (planner.writes)."""
    return [Warning_("warning", str(overdue)) for overdue in report.overdue]


def run_hooks(
    workspace: Workspace,
    store: Store,
    hooks: Sequence[Hook],
    clock: Callable[[], datetime],
    *,
    once: bool,
    say: Callable[[str], None],
) -> RunReport:
    """`planner run`: until a signal stops it, or with ``once`` what is due now."""
    from ..runner import Runner

    settings = runner_config(workspace, hooks)
    runner = Runner(store, hooks, clock=clock, settings=settings, say=say)
    return runner.once() if once else runner.run_forever()


def runner_config(workspace: Workspace, hooks: Sequence[Hook]) -> RunnerSettings:
    """planner.toml's [runner], checked with the hooks before a runner opens the store."""
    from ..workspace import runner_settings

    settings = runner_settings(workspace.settings)
    if not hooks:
        src = workspace.settings.source
        raise ConfigError(
            _("no hooks in planner.toml: the runner would have nothing to fire"),
            Pos(src.path if src is not None else str(workspace.root / "planner.toml")),
            _('add a hook, e.g. [[hooks]] then kind = "log" on the next line'),
        )
    return settings
