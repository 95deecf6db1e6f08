"""The command line: each command parses its options, calls one controller, prints.

This is the only module that imports click, reads the clock or the environment; library errors
become messages and exit codes here, in one place.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from . import __version__

EXIT_USER = 2
EXIT_INTERNAL = 1


class _Failure(click.ClickException):
    """A library error shown as ``path:line:col: error: message`` (no "Error:" prefix)."""

    exit_code = EXIT_USER

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class _InternalFailure(_Failure):
    exit_code = EXIT_INTERNAL


class PlannerGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from .errors import PlannerError, UserError

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except UserError as exc:
            raise _Failure(str(exc)) from None
        except PlannerError as exc:
            raise _Failure(f"error: {exc}") from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:
            _quiet_broken_pipe()
        except Exception as exc:
            if os.environ.get("PLANNER_DEBUG"):
                raise
            raise _InternalFailure(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  hint: this is a bug in Parcours; run again with PLANNER_DEBUG=1 for details"
            ) from None


def _quiet_broken_pipe() -> None:
    """The reader went away (``planner plan | head``): stop quietly, as Python's docs advise,
    pointing stdout at devnull so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _clock() -> datetime:
    """Now, from SOURCE_DATE_EPOCH when set (reproducible builds), else the system clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise click.UsageError(
                f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}"
            ) from None
    return datetime.now(UTC)


def _workspace(ctx: click.Context) -> Any:
    from .workspace import Workspace, system_timezone

    root = ctx.obj.get("workspace") if ctx.obj else None
    return Workspace.open(root, Path.cwd(), system_timezone())


def _planning(ctx: click.Context, rules: tuple[str, ...], start: date | None) -> Any:
    from .controllers import prepare

    workspace = _workspace(ctx)
    if start is not None:
        return prepare(workspace, rules, Path.cwd(), start, None)
    from zoneinfo import ZoneInfo

    now = _clock()
    today = now.astimezone(ZoneInfo(workspace.settings.timezone)).date()
    return prepare(workspace, rules, Path.cwd(), today, now)


def _parse_start(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from .errors import ConfigError, Pos

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        # "2026-13-01" is shaped like a date: say which part is wrong.
        why = f": {exc}" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""
        raise ConfigError(
            f"{value!r} is not a date{why}", Pos("--start"), "write YYYY-MM-DD, e.g. 2026-12-01"
        ) from None


START = click.option(
    "--start",
    callback=_parse_start,
    metavar="DATE",
    help="Plan as if today were DATE (YYYY-MM-DD), for a reproducible result. "
    "Default: today, or SOURCE_DATE_EPOCH when set.",
)
RULES = click.argument("rules", nargs=-1, metavar="[RULES]...")


def _warn(warnings: list[Any]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


@click.group(cls=PlannerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder. Default: the nearest folder upward holding planner.toml, "
    "else the current folder.",
)
@click.pass_context
def main(ctx: click.Context, workspace: Path | None) -> None:
    """Parcours: plan campaign touchpoints along the customer journey.

    Write a campaign as a TOML rule file with English or French date phrases
    ("early January", "mi-janvier", "3 to 5 days after awareness"), then plan it,
    check it and export it to your calendar.

    RULES are rule files or campaign names from rules/; none means every file in
    the workspace's rules/ folder.
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace


@main.command()
@RULES
@START
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.pass_context
def plan(ctx: click.Context, rules: tuple[str, ...], start: date | None, fmt: str) -> None:
    """Print the dated content calendar of RULES.

    Example: planner plan rules/valentines-rings.toml --start 2026-12-01 --format json
    """
    from .formats import render

    planning = _planning(ctx, rules, start)
    result = planning.plan()
    click.echo(render(result.sorted(), fmt), nl=False)
    _warn(result.warnings)


@main.command()
@RULES
@START
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),  # a folder is refused by the export, with a hint
    required=True,
    help="The .ics file to write (replaced atomically).",
)
@click.option(
    "--alarm",
    metavar="DURATION",
    default="1h",
    show_default=True,
    help='Add a reminder this long before each item ("1h", "30 min", "1 day"); '
    '"none" for no reminder.',
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    metavar="N",
    help="Plan independent campaigns on N cores. Default: the number of cores. "
    "The file is the same whatever N is.",
)
@click.pass_context
def export(
    ctx: click.Context,
    rules: tuple[str, ...],
    start: date | None,
    output: Path,
    alarm: str,
    jobs: int | None,
) -> None:
    """Write the plan of RULES as an iCalendar file for calendar apps.

    Import the file into Google Calendar, Outlook, Apple Calendar or Thunderbird;
    importing an edited plan again updates the events instead of duplicating them.
    """
    from .controllers import export as run
    from .errors import Pos, UserError
    from .phrases import parse_duration

    reminder: timedelta | None = None
    if alarm.strip().lower() not in ("none", "no", "0", ""):
        try:
            reminder = parse_duration(alarm)
        except UserError as exc:
            exc.pos = exc.pos or Pos("--alarm")
            raise
    planning = _planning(ctx, rules, start)
    cores = jobs or os.cpu_count() or 1
    count = run(planning, output, dtstamp=_clock(), alarm=reminder, jobs=cores)
    _warn(planning.warnings)
    click.echo(f"wrote {count} events to {output}")


@main.command()
@RULES
@START
@click.pass_context
def check(ctx: click.Context, rules: tuple[str, ...], start: date | None) -> None:
    """Check RULES against the customer journey.

    Reports missing stages, stages out of order, an awareness start too late for
    the buying cycle, windows in the past or empty. Exits 0 when there are only
    warnings, 2 when there are errors.
    """
    from .controllers import check as run

    planning = _planning(ctx, rules, start)
    warnings, errors = run(planning)
    for error in errors:
        click.echo(str(error), err=True)
    _warn(warnings)
    files = len(planning.campaigns)
    click.echo(f"{files} campaign(s) checked: {len(errors)} error(s), {len(warnings)} warning(s)")
    if errors:
        ctx.exit(EXIT_USER)


@main.command()
@click.option("--country", metavar="CODE", help='ISO 3166 country, e.g. FR, US, "CA-QC".')
@click.option("--year", type=click.IntRange(1900, 2200), help="Default: this year.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--locale", type=click.Choice(["en", "fr"]), help="Language of the names.")
@click.pass_context
def events(
    ctx: click.Context, country: str | None, year: int | None, fmt: str, locale: str | None
) -> None:
    """List the named events and their dates for a country and year.

    These are the names a rule file may use as its anchor or in a phrase
    ("valentines_day", "la fête des mères", "the week before Black Friday").
    """
    import json

    from .controllers import events as run

    workspace = _workspace(ctx)
    country = country or workspace.settings.country
    year = year or _clock().year
    language = locale or workspace.settings.locale
    found = run(workspace, country, year)
    if fmt == "json":
        click.echo(json.dumps([o.to_json(language) for o in found], ensure_ascii=False, indent=2))
        return
    width = max((len(o.key) for o in found), default=0)
    for occurrence in found:
        span = f"{occurrence.start}" + (
            f" → {occurrence.end}" if occurrence.end != occurrence.start else ""
        )
        name = occurrence.name_fr if language == "fr" else occurrence.name_en
        click.echo(f"{span:<25} {occurrence.key:<{width}}  {name}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", help="The shop's name.")
@click.option("--timezone", help="IANA time zone. Default: this machine's.")
@click.option("--locale", type=click.Choice(["en", "fr"]), default="en", show_default=True)
@click.option("--country", metavar="CODE", help="ISO 3166 country for holidays, e.g. FR.")
def init(
    directory: Path, name: str | None, timezone: str | None, locale: str, country: str | None
) -> None:
    """Create a workspace in DIRECTORY with planner.toml and the example campaigns."""
    from .controllers import init_workspace
    from .workspace import system_timezone, zone

    tz = timezone or system_timezone()
    zone(tz)
    for path in init_workspace(
        directory, name=name or "", timezone=tz, locale=locale, country=country
    ):
        click.echo(f"created {_shown(path)}")


@main.command()
@click.argument("name")
@click.option(
    "--example",
    default="starter",
    show_default=True,
    help="The built-in file to start from, e.g. valentines-rings.",
)
@click.pass_context
def new(ctx: click.Context, name: str, example: str) -> None:
    """Create rules/NAME.toml from a starter campaign."""
    from .controllers import new_rule

    path = new_rule(_workspace(ctx), name, example=example)
    click.echo(f"created {_shown(path)}")


DB = click.option(
    "--db",
    metavar="URL",
    help="The store: sqlite:///path/planner.db or postgresql://user@host/name. Default: "
    "PLANNER_DB, else [store] url in planner.toml, else planner.db in the workspace.",
)
FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)


def _store(ctx: click.Context, db: str | None) -> tuple[Any, Any]:
    from .controllers import open_workspace_store
    from .errors import Pos

    workspace = _workspace(ctx)
    origin = "--db" if db else "PLANNER_DB" if os.environ.get("PLANNER_DB") else None
    url = db or os.environ.get("PLANNER_DB") or None
    return workspace, open_workspace_store(workspace, url, Pos(origin) if origin else None)


@main.command()
@RULES
@START
@DB
@click.pass_context
def sync(ctx: click.Context, rules: tuple[str, ...], start: date | None, db: str | None) -> None:
    """Write the plan of RULES into the store, for `planner run` to remind you.

    Items keep their ids: an edited rule moves its pending items, while items already
    delivered or marked done stay as they were. Prints what was added, changed, removed
    and kept; running it again unchanged changes nothing.
    """
    from .controllers import sync_plan, workspace_hooks

    workspace, store = _store(ctx, db)
    hooks = workspace_hooks(workspace)
    planning = _planning(ctx, rules, start)
    report = sync_plan(planning, store, hooks, rules, _clock())
    _warn(planning.warnings)
    click.echo(str(report))


@main.command("run")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit (for cron).")
@DB
@click.pass_context
def run_command(ctx: click.Context, once: bool, db: str | None) -> None:
    """Fire the hooks of planner.toml as items fall due, until stopped.

    Ctrl-C or SIGTERM finishes the hooks in flight, then exits. A delivery due longer
    ago than [runner] grace is reported missed rather than sent late. On SQLite one
    runner works at a time.
    """
    from .controllers import run_hooks, workspace_hooks

    workspace, store = _store(ctx, db)
    hooks = workspace_hooks(workspace)
    if not once:
        names = ", ".join(h.name for h in hooks)
        click.echo(f"runner watching {store.shown} ({names}); Ctrl-C to stop", err=True)
    report = run_hooks(workspace, store, hooks, _clock, once=once, say=click.echo)
    click.echo(str(report))


@main.command()
@FORMAT
@DB
@click.pass_context
def status(ctx: click.Context, fmt: str, db: str | None) -> None:
    """Show what is due next and what needs your eye: counts per state, deliveries in
    doubt (the runner stopped while firing them), failed and missed, with their items."""
    from .ledger import SHOWN, render_status
    from .ledger import status as read

    _, store = _store(ctx, db)
    click.echo(render_status(read(store, shown=None if fmt == "json" else SHOWN), fmt), nl=False)


@main.command()
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="N",
    help="Show the N newest.",
)
@FORMAT
@DB
@click.pass_context
def history(ctx: click.Context, limit: int, fmt: str, db: str | None) -> None:
    """List finished deliveries, newest first: delivered, failed, missed, in doubt."""
    from .ledger import history as read
    from .ledger import render_history

    _, store = _store(ctx, db)
    click.echo(render_history(read(store, limit), fmt), nl=False)


def _mark_command(name: str, state: str, verb: str) -> None:
    @main.command(
        name,
        help=f"Record that you {verb} item ID (an id or its first characters): its reminders "
        "are cancelled, and later syncs leave it as it is.",
    )
    @click.argument("ident", metavar="ID")
    @DB
    @click.pass_context
    def command(ctx: click.Context, ident: str, db: str | None) -> None:
        from .ledger import mark

        _, store = _store(ctx, db)
        click.echo(str(mark(store, ident, state, _clock())))


_mark_command("done", "done", "did")
_mark_command("skip", "skipped", "dropped")


def run() -> None:
    try:
        main(prog_name="planner")
    except BrokenPipeError:
        _quiet_broken_pipe()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
