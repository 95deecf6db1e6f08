"""Between the CLI and the store: opening it, syncing the plan into it, running the hooks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import ConfigError, Pos
from ..plan import Warning_
from ..workspace import Workspace
from . import Planning
from .sharing import stable_sources

if TYPE_CHECKING:
    from ..delivery import Hook
    from ..outcomes import RunReport
    from ..progress import Progress
    from ..store import Store
    from ..sync import SyncReport


def open_workspace_store(workspace: Workspace, url: str | None, origin: Pos | None) -> Store:
    """The store named by --db or PLANNER_DB (``url``, from ``origin``), else by planner.toml's
    [store] url, else the workspace's planner.db."""
    from ..store import open_store
    from ..workspace import store_url

    if url is None:
        url, origin = store_url(workspace.settings, workspace.root)
    return open_store(url, origin=origin)


def workspace_hooks(workspace: Workspace) -> list[Hook]:
    from ..hooks import load_hooks

    return load_hooks(workspace.settings, workspace.root)


def sync_plan(
    planning: Planning,
    store: Store,
    hooks: Sequence[Hook],
    rules: Sequence[str],
    now: datetime,
    *,
    progress: Progress | None = None,
    expanded: Callable[[int], None] | None = None,
) -> SyncReport:
    """Write the plan into the store. Without RULES the workspace is the whole truth: the
    stored campaigns it no longer has (a rule file deleted or renamed) are removed too.

    Expanding the rules is most of the wait: ``progress`` counts the items as they are
    planned, then ``expanded`` is called with their number, before the store is written."""
    from ..progress import counted
    from ..sync import stored_campaigns, sync

    campaigns = {c.key: c.name for c in planning.campaigns}
    if not rules:
        campaigns = stored_campaigns(store) | campaigns
    items = stable_sources(counted(planning.items(), progress, finished=expanded), planning)
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
    from ..workspace import runner_settings

    settings = runner_settings(workspace.settings)
    if not hooks:
        raise ConfigError(
            "no hooks in planner.toml: the runner would have nothing to fire",
            Pos(str(workspace.root / "planner.toml")),
            'add a hook, e.g. [[hooks]] then kind = "log" on the next line',
        )
    runner = Runner(store, hooks, clock=clock, settings=settings, say=say)
    return runner.once() if once else runner.run_forever()
