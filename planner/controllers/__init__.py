"""What each command does, between the CLI (which parses and prints) and the library.

Every function here takes its inputs, including ``now``, as arguments and returns values; only
cli.py reads the clock, the environment and the terminal.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import UserError
from ..i18n import _
from ..plan import Item, Plan, Warning_
from ..rules import Campaign
from ..workspace import Workspace, source_name
from ..workspace import shown_path as workspace_shown_path

if TYPE_CHECKING:
    from ..events import Occurrence
    from ..expand import Sources
    from ..progress import Progress
    from ..versions import History


@dataclass(slots=True)
class Planning:
    """A workspace, its campaigns and what expansion reads, ready to expand."""

    workspace: Workspace
    campaigns: list[Campaign]
    sources: Sources
    start: date
    now: datetime | None
    warnings: list[Warning_] = field(default_factory=list)
    # The shown campaigns and the workspace's other ones (counted only), in the workspace's
    # order; empty when the shown ones are the whole workspace.
    everything: list[Campaign] = field(default_factory=list)

    @property
    def all_campaigns(self) -> list[Campaign]:
        return self.everything or self.campaigns

    def items(self) -> Iterator[Item]:
        from ..expand import iter_items

        return iter_items(
            self.all_campaigns, self.sources, start=self.start, now=self.now, warnings=self.warnings
        )

    def plan(self) -> Plan:
        plan = Plan()
        plan.items = list(self.items())
        plan.warnings = self.warnings
        return plan


def shown_path(path: Path, workspace: Workspace, cwd: Path) -> str:
    """How a file is named in messages and in `source`: relative where that reads well."""
    return workspace_shown_path(path, workspace.root, cwd)


def load_sources(workspace: Workspace, cwd: Path | None = None) -> Sources:
    from ..channels import ChannelSet
    from ..closures import Closures, read_closures
    from ..events import Catalog
    from ..expand import Sources
    from ..limits import read_limits

    settings = workspace.settings
    pos = settings.source.pos("shop", "country") if settings.source else None
    closures_pos = settings.source.pos("shop", "closures") if settings.source else None
    files = read_closures(workspace.root, settings.closures, closures_pos)
    return Sources(
        channels=ChannelSet(workspace.data_dirs("channels"), workspace.root, cwd),
        events=Catalog.load(workspace.data_dirs("calendars")),
        closures=Closures(files, pos=pos),
        shop_name=settings.name,
        limits=read_limits(settings),
    )


def _load(path: Path, workspace: Workspace, cwd: Path) -> Campaign:
    from ..rules import load_campaign

    shown = shown_path(path, workspace, cwd)
    return load_campaign(path, workspace.settings, shown, source_name(path, workspace.root))


def prepare(
    workspace: Workspace, rules: Sequence[str], cwd: Path, start: date, now: datetime | None
) -> Planning:
    files = workspace.rule_files(tuple(rules), cwd)
    campaigns = [_load(f, workspace, cwd) for f in files]
    from ..checks import check_names

    planning = Planning(workspace, campaigns, load_sources(workspace, cwd), start, now)
    if rules:
        planning.everything = _with_the_rest(workspace, campaigns, files, cwd, planning.warnings)
    planning.warnings.extend(check_names(planning.all_campaigns))
    return planning


def _with_the_rest(
    workspace: Workspace,
    chosen: list[Campaign],
    files: list[Path],
    cwd: Path,
    warnings: list[Warning_],
) -> list[Campaign]:
    """The chosen campaigns among the workspace's others, in the workspace's order, the others
    marked counted-only: a channel's cap counts every campaign of the workspace, so planning one
    campaign alone gives the same dates as planning them all."""
    by_path = {f.resolve(): c for f, c in zip(files, chosen, strict=True)}
    folder = workspace.root / "rules"
    everything: list[Campaign] = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        campaign = by_path.pop(path.resolve(), None)
        if campaign is None:
            try:
                campaign = _load(path, workspace, cwd)
            except UserError as exc:
                warnings.append(
                    Warning_(
                        "warning",
                        _("not counted for channel caps: {why}").format(why=exc.message),
                        str(exc.pos),
                        exc.hint,
                    )
                )
                continue
            campaign.counted_only = True
        everything.append(campaign)
    return everything + list(by_path.values())


def check(planning: Planning) -> tuple[list[Warning_], list[UserError]]:
    """Every finding for every campaign: errors do not stop the other campaigns' checks."""
    from ..checks import check_caps, check_journey
    from ..errors import LimitError
    from ..expand import Budget, campaign_items, resolve_anchor
    from ..groups import relevant
    from ..placement import Usage

    findings: list[Warning_] = list(planning.warnings)
    errors: list[UserError] = []
    usage = Usage()
    placed: list[Item] = []
    sources = planning.sources
    budget = Budget(sources.limits)
    for campaign in relevant(planning.all_campaigns, sources):
        warnings: list[Warning_] = []
        try:
            made = campaign_items(campaign, sources, planning.start, planning.now, usage, warnings)
            items = list(budget.spend(campaign, made))
            anchor = resolve_anchor(campaign, sources.events, planning.start)
        except LimitError as exc:
            if exc.limit == "items":  # the whole plan's: the campaigns after it are not planned
                errors.append(exc)
                break
            if not campaign.counted_only:
                errors.append(exc)
            continue
        except UserError as exc:
            if not campaign.counted_only:
                errors.append(exc)
            continue
        placed.extend(items)
        if not campaign.counted_only:
            findings.extend(warnings)
            findings.extend(check_journey(campaign, items, anchor))
    shown = {c.name for c in planning.campaigns}
    findings.extend(check_caps(placed, sources.channels, shown))
    return findings, errors


def export(
    planning: Planning,
    output: Path | IO[bytes],
    *,
    dtstamp: datetime,
    alarm: timedelta | None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> int:
    """Write the plan to ``output`` atomically, planning independent campaigns on ``jobs``
    cores, reporting the items formatted to ``progress``; the bytes are the same whatever
    ``jobs`` is. A stream (`-o -`) gets the file once it is complete, so that an error
    leaves nothing half-written on it.

    In a workspace, each event is written at its version in the output's history
    (planner.versions): a changed event gets SEQUENCE + 1, made at ``dtstamp``. The history
    is written once the output is."""
    from ..versions import History, output_key, read_history, write_history

    workspace = planning.workspace
    history: History | None = None
    if workspace.settings.source is not None:  # a planner.toml: the shop's own workspace
        key = output_key(workspace.root, output if isinstance(output, Path) else None)
        history = History(read_history(workspace.root, key), dtstamp)
    if isinstance(output, Path):
        count = _export_file(planning, output, dtstamp, alarm, jobs, progress, history)
    else:
        with tempfile.TemporaryDirectory(prefix="planner-export-") as folder:
            path = Path(folder) / "plan.ics"
            count = _export_file(planning, path, dtstamp, alarm, jobs, progress, history)
            with path.open("rb") as done:
                shutil.copyfileobj(done, output)
            output.flush()
    if history is not None and (history.written or not history.before):
        write_history(workspace.root, key, history.kept())
    return count


def _export_file(
    planning: Planning,
    path: Path,
    dtstamp: datetime,
    alarm: timedelta | None,
    jobs: int,
    progress: Progress | None,
    history: History | None,
) -> int:
    from ..identity import uid_suffix
    from ..parallel import export_parallel

    names = [c.name for c in planning.campaigns]
    calname = names[0] if len(names) == 1 else (planning.workspace.settings.name or "Parcours")
    return export_parallel(
        planning.all_campaigns,
        planning.sources,
        path,
        start=planning.start,
        now=planning.now,
        dtstamp=dtstamp,
        alarm=alarm,
        calname=calname,
        jobs=max(1, jobs),
        warnings=planning.warnings,
        progress=progress,
        uid_suffix=uid_suffix(planning.workspace.settings.id),
        timezone=planning.workspace.settings.shop_timezone,
        history=history,
    )


def events(workspace: Workspace, country: str | None, year: int) -> list[Occurrence]:
    from ..events import Catalog

    catalog = Catalog.load(workspace.data_dirs("calendars"))
    return catalog.occurrences(country.upper() if country else None, year)


# The commands of the store and of sharing, in modules of their own, all reached from here.
# (At the end: they import Planning from this module.)
from .reminders import (  # noqa: E402
    StoreLocation,
    open_workspace_store,
    overdue_warnings,
    planned_items,
    run_hooks,
    runner_config,
    store_location,
    sync_plan,
    workspace_hooks,
)
from .setup import examples, init_workspace, new_rule  # noqa: E402
from .sharing import ViewSummary, open_calendar, publish_plan, view, view_model  # noqa: E402

__all__ = [
    "Planning",
    "StoreLocation",
    "ViewSummary",
    "check",
    "events",
    "examples",
    "export",
    "init_workspace",
    "load_sources",
    "new_rule",
    "open_calendar",
    "open_workspace_store",
    "overdue_warnings",
    "planned_items",
    "prepare",
    "publish_plan",
    "run_hooks",
    "runner_config",
    "shown_path",
    "store_location",
    "sync_plan",
    "view",
    "view_model",
    "workspace_hooks",
]
