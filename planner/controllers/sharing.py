"""Between the CLI and what shows the plan elsewhere: the HTML page (`planner view`, also
`planner serve`'s) and a CalDAV calendar (`planner publish`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError, Pos
from ..i18n import _
from ..plan import Item
from . import Planning, shown_path

if TYPE_CHECKING:
    from ..davcalendar import DavCalendar
    from ..progress import Progress
    from ..publish import PublishReport, Target
    from ..views import View


@dataclass(frozen=True, slots=True)
class ViewSummary:
    items: int
    campaigns: int
    months: int


def view_model(planning: Planning, items: Sequence[Item] | None = None) -> View:
    """The plan of the shown campaigns as a view model (planner.views), anchors resolved;
    ``items`` are the plan's when already planned, else the campaigns are planned here."""
    from ..expand import resolve_anchor
    from ..views import build_view
    from ..views.model import page_locale

    items = list(planning.items()) if items is None else items
    sources = planning.sources
    anchors = {c.key: resolve_anchor(c, sources.events, planning.start) for c in planning.campaigns}
    # The channels' names in the page's language (the campaigns', or --lang).
    lang = page_locale(planning.campaigns, planning.workspace.settings.locale)
    names = {key: sources.channels.get(key).label(lang) for key in {i.channel for i in items}}
    title = planning.workspace.settings.name if len(planning.campaigns) > 1 else ""
    return build_view(
        items,
        planning.campaigns,
        locale=planning.workspace.settings.locale,
        anchors=anchors,
        channel_names=names,
        title=title,
        start=planning.start,
        limits=sources.limits,
    )


def view(planning: Planning, output: Path, cwd: Path | None = None) -> ViewSummary:
    """Write the page of the plan to ``output``, atomically and only once it is complete: bad
    rules or a broken workspace template leave ``output`` as it was."""
    from ..atomic import atomic_file, check_output
    from ..errors import TemplateError
    from ..views import render_page

    check_output(output)
    if output.is_dir():
        raise OutputError(
            _("cannot write {path}: it is a folder").format(path=output),
            Pos(str(output)),
            _("name a file.html"),
        )
    model = view_model(planning)
    root = planning.workspace.root
    try:
        page = render_page(model, templates=root / "templates", limits=planning.sources.limits)
    except TemplateError as exc:
        if exc.pos is not None and Path(exc.pos.path).is_absolute():
            where = shown_path(Path(exc.pos.path), planning.workspace, cwd or root)
            exc.pos = Pos(where, exc.pos.line, exc.pos.col)
        raise
    with atomic_file(output) as out:
        out.write(page.encode("utf-8"))
    return ViewSummary(model.total, len(planning.campaigns), len(model.months))


@contextlib.contextmanager
def open_calendar(
    url: str, user: str | None, password: str | None, *, pos: Pos, verify: bool | str = True
) -> Iterator[DavCalendar]:
    """The CalDAV calendar at ``url`` (from ``pos``: --caldav or planner.toml), once it is
    known to be one; the connection is closed when the block ends."""
    from ..davcalendar import DavCalendar, check_url

    with DavCalendar(check_url(url, pos), user, password, verify=verify, pos=pos) as calendar:
        calendar.check()
        yield calendar


def publish_plan(
    planning: Planning,
    items: Sequence[Item],
    calendar: Target,
    rules: Sequence[str],
    now: datetime,
    *,
    alarm: timedelta | None,
    dry_run: bool = False,
    started: Callable[[int], None] | None = None,
    progress: Progress | None = None,
) -> PublishReport:
    """`planner publish`: make ``calendar`` hold ``items``, the plan of ``planning``. With
    RULES only their campaigns' events are deleted when the plan drops them; without, the
    workspace is the whole truth, as for `planner sync`: the events of a deleted rule file go
    too. ``started`` gets the number of writes to come, ``progress`` a 1 after each."""
    from ..identity import uid_suffix
    from ..publish import publish

    campaigns = {c.key for c in planning.campaigns} if rules else None
    return publish(
        list(items),
        calendar,
        campaigns,
        now=now,
        alarm=alarm,
        dry_run=dry_run,
        started=started,
        progress=progress,
        uid_suffix=uid_suffix(planning.workspace.settings.id),
        label=planning.sources.channels.label,
    )
