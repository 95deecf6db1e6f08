"""Commands over the store: sync, run, status, history, done, skip."""

from __future__ import annotations

import os
import time
from datetime import date
from typing import Any

import click

from .. import i18n
from ..i18n import N_, _, ngettext
from . import (
    RULES,
    START,
    _clock,
    _planning,
    _warn,
    _workspace,
    main,
)
from .feedback import Feedback, feedback

DB = click.option(
    "--db",
    metavar="URL",
    help=N_(
        "The store: sqlite:///path/planner.db or postgresql://user@host/name. Default: "
        "PLANNER_DB, else [store] url in planner.toml, else planner.db in the workspace."
    ),
)
FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)


def _location(ctx: click.Context, db: str | None) -> tuple[Any, Any]:
    """The workspace and where its store is, checked but not yet opened."""
    from ..controllers import store_location
    from ..errors import Pos

    workspace = _workspace(ctx)
    origin = "--db" if db else "PLANNER_DB" if os.environ.get("PLANNER_DB") else None
    url = db or os.environ.get("PLANNER_DB") or None
    return workspace, store_location(workspace, url, Pos(origin) if origin else None)


def _open(ctx: click.Context, where: Any) -> Any:
    store = where.open()
    source = where.origin or _("the workspace")
    feedback(ctx).detail(
        _("store: {store} (from {source})").format(store=store.shown, source=source)
    )
    return store


def _store(ctx: click.Context, db: str | None) -> tuple[Any, Any]:
    workspace, where = _location(ctx, db)
    return workspace, _open(ctx, where)


def _hooks(fb: Feedback, workspace: Any) -> Any:
    from ..controllers import workspace_hooks

    hooks = workspace_hooks(workspace)
    fb.detail(_("hooks: {names}").format(names=", ".join(h.name for h in hooks) or _("none")))
    return hooks


@main.command(
    help=N_(
        "Write the plan of RULES into the store, for `planner run` to remind you.\n\n"
        "Items keep their ids: an edited rule moves its pending items, while items "
        "already delivered or marked done stay as they were. Prints what was added, "
        "changed, removed and kept; running it again unchanged changes nothing. A "
        "reminder whose time (its hook's lead before the item) has passed already goes "
        "out at the next run while its item is ahead, and is said."
    ),
)
@RULES
@START
@DB
@click.pass_context
def sync(ctx: click.Context, rules: tuple[str, ...], start: date | None, db: str | None) -> None:
    from ..controllers import overdue_warnings, planned_items, sync_plan

    fb = feedback(ctx)
    # Everything the sync reads is checked, and the plan made, before the store is created.
    workspace, where = _location(ctx, db)
    hooks = _hooks(fb, workspace)
    planning = _planning(ctx, rules, start)
    began = time.monotonic()

    def expanded(count: int) -> None:
        # The items are planned; what is left is one write to the store.
        nonlocal began
        fb.detail(
            ngettext(
                "planned {count} items: {seconds} s", "planned {count} items: {seconds} s", count
            ).format(count=count, seconds=f"{time.monotonic() - began:.2f}")
        )
        began = time.monotonic()
        fb.step(
            ngettext(
                "sync: writing {count} item to the store",
                "sync: writing {count} items to the store",
                count,
            ).format(count=f"{count:,}")
        )

    with fb.progress(None, _("sync: planning")) as advance:
        items = planned_items(planning, progress=advance if fb.bars else None, expanded=expanded)
        store = _open(ctx, where)
        report = sync_plan(planning, store, hooks, rules, _clock(), items=items)
    fb.detail(_("wrote the store: {seconds} s").format(seconds=f"{time.monotonic() - began:.2f}"))
    _warn(planning.warnings)
    fb.say(str(report))
    _warn(overdue_warnings(report))


@main.command(
    "run",
    help=N_(
        "Fire the hooks of planner.toml as items fall due, until stopped.\n\n"
        "Ctrl-C or SIGTERM finishes the hooks in flight, then exits. A delivery due "
        "longer ago than [runner] grace is reported missed rather than sent late. On "
        "SQLite one runner works at a time."
    ),
)
@click.option("--once", is_flag=True, help=N_("Deliver what is due now, then exit (for cron)."))
@DB
@click.pass_context
def run_command(ctx: click.Context, once: bool, db: str | None) -> None:
    from ..controllers import run_hooks, runner_config

    fb = feedback(ctx)
    workspace, where = _location(ctx, db)
    hooks = _hooks(fb, workspace)
    runner_config(workspace, hooks)  # checked before the store is created
    store = _open(ctx, where)
    if not once:
        names = ", ".join(h.name for h in hooks)
        fb.say(
            _("runner watching {store} ({hooks}); Ctrl-C to stop").format(
                store=store.shown, hooks=names
            ),
            err=True,
        )
    if fb.verbose:
        from ..localtime import span
        from ..workspace import runner_settings

        rs = runner_settings(workspace.settings)
        fb.detail(
            _(
                "runner: grace {grace}, {workers} hook(s) at once, "
                "{attempts} attempt(s), first retry after {backoff}"
            ).format(
                grace=span(rs.grace),
                workers=rs.workers,
                attempts=rs.attempts,
                backoff=span(rs.backoff),
            )
        )

    routine = _routine()

    def say(line: str) -> None:
        # Deliveries done as planned are routine (hidden by --quiet); a failure, a retry, a
        # miss or a delivery in doubt needs the owner's eye, so it is always shown.
        if line.startswith(routine):
            fb.say(line)
        else:
            click.echo(line)

    with fb.phase(_("ran the hooks")):
        report = run_hooks(workspace, store, hooks, _clock, once=once, say=say)
    fb.say(str(report))


def _routine() -> tuple[str, ...]:
    """How the runner's lines that report work done as planned, rather than a problem, begin:
    in every language, since each delivery is said in its campaign's."""
    found = []
    for language in i18n.LANGUAGES:
        with i18n.speaking(language):
            found.append(_("delivered {what}").partition("{what}")[0])
            found.append(_("stopping: finishing the hooks in flight (Ctrl-C again to quit now)"))
    return tuple(found)


@main.command(
    help=N_(
        "Show what is due next and what needs your eye: counts per state, deliveries "
        "in doubt (the runner stopped while firing them), failed and missed, with "
        "their items."
    ),
)
@FORMAT
@DB
@click.pass_context
def status(ctx: click.Context, fmt: str, db: str | None) -> None:
    from ..ledger import SHOWN, render_status
    from ..ledger import status as read

    workspace, store = _store(ctx, db)
    found = read(store, workspace.settings.timezone, shown=None if fmt == "json" else SHOWN)
    found.workspace = workspace.settings.id
    found.settings = workspace.settings.source is not None
    click.echo(render_status(found, fmt), nl=False)


@main.command(
    help=N_("List finished deliveries, newest first: delivered, failed, missed, in doubt."),
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="N",
    help=N_("Show the N newest."),
)
@FORMAT
@DB
@click.pass_context
def history(ctx: click.Context, limit: int, fmt: str, db: str | None) -> None:
    from ..ledger import history as read
    from ..ledger import render_history

    _, store = _store(ctx, db)
    click.echo(render_history(read(store, limit), fmt), nl=False)


def _mark_command(name: str, state: str, said: str, force: str) -> None:
    @main.command(name, help=said)
    @click.argument("ident", metavar="ID")
    @click.option("--force", is_flag=True, help=force)
    @DB
    @click.pass_context
    def command(ctx: click.Context, ident: str, force: bool, db: str | None) -> None:
        from ..ledger import mark

        _, store = _store(ctx, db)
        feedback(ctx).say(str(mark(store, ident, state, _clock(), force=force)))


_mark_command(
    "done",
    "done",
    N_(
        "Record that you did item ID (an id or its first characters): its reminders are "
        "cancelled, and later syncs leave it as it is. An item already skipped stays so "
        "unless --force."
    ),
    N_("Change an item already marked skipped."),
)
_mark_command(
    "skip",
    "skipped",
    N_(
        "Record that you dropped item ID (an id or its first characters): its reminders are "
        "cancelled, and later syncs leave it as it is. An item already done stays so unless "
        "--force."
    ),
    N_("Change an item already marked done."),
)
