"""Commands that plan: plan, export, check, events, init, new."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import click

from . import (
    ALARM,
    EXIT_USER,
    RULES,
    START,
    _clock,
    _planning,
    _shown,
    _warn,
    _workspace,
    main,
)
from .feedback import feedback


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
    from ..formats import render, usual_lengths

    planning = _planning(ctx, rules, start)
    with feedback(ctx).phase("planned") as phase:
        result = planning.plan()
        phase.name = f"planned {len(result.items)} items"
    channels = planning.sources.channels
    usual = usual_lengths(channels.get(key) for key in {i.channel for i in result.items})
    click.echo(render(result.sorted(), fmt, usual), nl=False)
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
@ALARM
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
    alarm: timedelta | None,
    jobs: int | None,
) -> None:
    """Write the plan of RULES as an iCalendar file for calendar apps.

    Import the file into Google Calendar, Outlook, Apple Calendar or Thunderbird;
    importing an edited plan again updates the events instead of duplicating them.
    """
    from ..controllers import export as run

    fb = feedback(ctx)
    planning = _planning(ctx, rules, start)
    cores = jobs or os.cpu_count() or 1
    fb.detail(f"exporting on up to {cores} core(s) to {output}")
    with fb.phase("wrote") as phase, fb.progress(None, "export", unit="events") as advance:
        count = run(
            planning,
            output,
            dtstamp=_clock(),
            alarm=alarm,
            jobs=cores,
            progress=advance if fb.bars else None,
        )
        phase.name = f"planned and wrote {count} events"
    _warn(planning.warnings)
    fb.say(f"wrote {count} events to {output}")


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
    from ..controllers import check as run

    fb = feedback(ctx)
    planning = _planning(ctx, rules, start)
    with fb.phase("checked the campaigns"):
        warnings, errors = run(planning)
    for error in errors:
        click.echo(str(error), err=True)
    _warn(warnings)
    files = len(planning.campaigns)
    fb.say(f"{files} campaign(s) checked: {len(errors)} error(s), {len(warnings)} warning(s)")
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

    from ..controllers import events as run

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
    from ..controllers import init_workspace
    from ..workspace import system_timezone, zone

    tz = timezone or system_timezone()
    zone(tz)
    for path in init_workspace(
        directory, name=name or "", timezone=tz, locale=locale, country=country
    ):
        feedback().say(f"created {_shown(path)}")


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
    from ..controllers import new_rule

    path = new_rule(_workspace(ctx), name, example=example)
    feedback(ctx).say(f"created {_shown(path)}")
