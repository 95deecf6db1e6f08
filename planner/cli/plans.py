"""Commands that plan: plan, export, check, events, init, new."""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

import click

from ..i18n import N_, _, ngettext
from . import (
    ALARM,
    EXIT_USER,
    RULES,
    START,
    _clock,
    _keep_identity,
    _planning,
    _shown,
    _warn,
    _workspace,
    main,
)
from .clicktext import PathType
from .feedback import feedback


@main.command(
    help=N_(
        "Print the dated content calendar of RULES.\n\n"
        "Example: planner plan rules/valentines-rings.toml --start 2026-12-01 --format "
        "json"
    ),
)
@RULES
@START
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
    help=N_("Output format."),
)
@click.pass_context
def plan(ctx: click.Context, rules: tuple[str, ...], start: date | None, fmt: str) -> None:
    from ..formats import render, usual_lengths

    planning = _planning(ctx, rules, start)
    with feedback(ctx).phase(_("planned")) as phase:
        result = planning.plan()
        count = len(result.items)
        # English has always said "items" whatever the count (--verbose lines are read).
        phase.name = ngettext("planned {count} items", "planned {count} items", count).format(
            count=count
        )
    channels = planning.sources.channels
    usual = usual_lengths(channels.get(key) for key in {i.channel for i in result.items})
    click.echo(render(result.sorted(), fmt, usual, channels.label), nl=False)
    _warn(result.warnings)


@main.command(
    help=N_(
        "Write the plan of RULES as an iCalendar file for calendar apps.\n\n"
        "Import the file into Google Calendar, Outlook, Apple Calendar or Thunderbird; "
        "importing an edited plan again updates the events instead of duplicating "
        "them. In a workspace, the events changed since the last export to the same "
        "file get the next SEQUENCE (what was written is kept in .planner/exports/). "
        "An import never deletes: subscribe to `planner serve` or use `planner "
        "publish` for that."
    ),
)
@RULES
@START
@click.option(
    "-o",
    "--output",
    type=PathType(path_type=Path, allow_dash=True),  # a folder is refused, with a hint
    required=True,
    help=N_("The .ics file to write (replaced atomically); - for standard output."),
)
@ALARM
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    metavar="N",
    help=N_(
        "Plan independent campaigns on N cores. Default: the number of cores. "
        "The file is the same whatever N is."
    ),
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
    from ..controllers import export as run
    from ..identity import workspace_id

    fb = feedback(ctx)
    planning = _planning(ctx, rules, start)
    workspace_id(planning.workspace)
    cores = jobs or os.cpu_count() or 1
    to_stdout = str(output) == "-"
    where = _("standard output") if to_stdout else str(output)
    target: Path | IO[bytes] = sys.stdout.buffer if to_stdout else output
    fb.detail(
        ngettext(
            "exporting on up to {count} core(s) to {where}",
            "exporting on up to {count} core(s) to {where}",
            cores,
        ).format(count=cores, where=where)
    )
    with (
        fb.phase(_("wrote")) as phase,
        fb.progress(None, _("export"), unit=_("events")) as advance,
    ):
        count = run(
            planning,
            target,
            dtstamp=_clock(),
            alarm=alarm,
            jobs=cores,
            progress=advance if fb.bars else None,
        )
        phase.name = ngettext(
            "planned and wrote {count} event", "planned and wrote {count} events", count
        ).format(count=count)
    _keep_identity(ctx, planning.workspace)
    _warn(planning.warnings)
    said = ngettext("wrote {count} event to {where}", "wrote {count} events to {where}", count)
    fb.say(said.format(count=count, where=where), err=to_stdout)


@main.command(
    help=N_(
        "Check RULES against the customer journey.\n\n"
        "Reports missing stages, stages out of order, an awareness start too late for "
        "the buying cycle, windows in the past or empty. Exits 0 when there are only "
        "warnings, 2 when there are errors."
    ),
)
@RULES
@START
@click.pass_context
def check(ctx: click.Context, rules: tuple[str, ...], start: date | None) -> None:
    from ..controllers import check as run

    fb = feedback(ctx)
    planning = _planning(ctx, rules, start)
    with fb.phase(_("checked the campaigns")):
        warnings, errors = run(planning)
    for error in errors:
        click.echo(str(error), err=True)
    _warn(warnings)
    files = len(planning.campaigns)
    # English keeps its "(s)" (scripts read it); the catalogues give each language its plurals.
    campaigns = ngettext("{count} campaign(s) checked", "{count} campaign(s) checked", files)
    said = ngettext("{count} error(s)", "{count} error(s)", len(errors))
    warned = ngettext("{count} warning(s)", "{count} warning(s)", len(warnings))
    fb.say(
        _("{campaigns}: {errors}, {warnings}").format(
            campaigns=campaigns.format(count=files),
            errors=said.format(count=len(errors)),
            warnings=warned.format(count=len(warnings)),
        )
    )
    if errors:
        ctx.exit(EXIT_USER)


@main.command(
    help=N_(
        "List the named events and their dates for a country and year.\n\n"
        "These are the names a rule file may use as its anchor or in a phrase "
        '("valentines_day", "la fête des mères", "the week before Black Friday").'
    ),
)
@click.option("--country", metavar="CODE", help=N_('ISO 3166 country, e.g. FR, US, "CA-QC".'))
@click.option("--year", type=click.IntRange(1900, 2200), help=N_("Default: this year."))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--locale", type=click.Choice(["en", "fr"]), help=N_("Language of the names."))
@click.pass_context
def events(
    ctx: click.Context, country: str | None, year: int | None, fmt: str, locale: str | None
) -> None:
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


@main.command(
    help=N_(
        "Create a workspace in DIRECTORY: planner.toml and empty rules/, channels/ and "
        "calendars/ folders.\n\n"
        "Everything is checked before anything is written. The time zone and language "
        "not given are derived from the country (or this machine) and said. Then write "
        "a first campaign with: planner new NAME\n\n"
        "Example: planner init bijouterie --locale fr --country FR"
    ),
)
@click.argument("directory", type=PathType(file_okay=False, path_type=Path), default=".")
@click.option("--name", help=N_("The shop's name. Default: the folder's name."))
@click.option(
    "--timezone",
    metavar="ZONE",
    help=N_(
        "IANA time zone, e.g. Europe/Paris. Default: the country's when it has one zone "
        "(FR: Europe/Paris), else this machine's."
    ),
)
@click.option(
    "--locale",
    metavar="en|fr",
    help=N_(
        "The language of the plans. Default: fr for France, Monaco, Québec and the French "
        "overseas, else en."
    ),
)
@click.option(
    "--country",
    metavar="CODE",
    help=N_('ISO 3166 code for public holidays and named events, e.g. FR, US, "CA-QC".'),
)
def init(
    directory: Path,
    name: str | None,
    timezone: str | None,
    locale: str | None,
    country: str | None,
) -> None:
    from ..controllers import init_workspace
    from ..workspace import declared_locale, system_timezone
    from .language import speak_as

    # Its messages in the language of the workspace it makes, or of the one already there.
    speak_as(locale)
    speak_as(declared_locale(directory, Path.cwd()))
    created = init_workspace(
        directory,
        name=name or "",
        timezone=timezone,
        locale=locale,
        country=country,
        machine_zone=system_timezone(),
    )
    speak_as(created.locale.value)
    fb = feedback()
    for path in created.paths:
        fb.say(_("created {path}").format(path=_shown(path)))
    fb.say(_("settings: {summary}").format(summary=created.summary()))
    where = _shown(directory)
    if where == ".":
        fb.say(_("next: planner new NAME (planner new --list shows the examples)"))
    else:
        fb.say(
            _(
                "next: cd {folder}, then planner new NAME (planner new --list shows the examples)"
            ).format(folder=where)
        )


@main.command(
    help=N_(
        "Create rules/NAME.toml, a campaign named NAME, from a starter.\n\n"
        "The starter is in the workspace's language and anchored on an event its "
        "country has (Mother's Day); the file follows planner.toml's time zone, locale "
        "and country. NAME may be a file name (fete-des-meres) or a title in quotes "
        '("Fête des mères 2027", written to rules/fete-des-meres-2027.toml).\n\n'
        "Example: planner new fete-des-meres --example valentines-rings"
    ),
)
@click.argument("name", required=False)
@click.option(
    "--example",
    metavar="EXAMPLE",
    help=N_(
        "Start from a built-in example campaign instead of the starter "
        "(planner new --list shows them), e.g. valentines-rings."
    ),
)
@click.option("--list", "listing", is_flag=True, help=N_("List the examples and exit."))
@click.option(
    "--ask",
    is_flag=True,
    help=N_(
        'Ask, stage by stage, "When?" and "How?" (what planner import reads in notes), '
        "show what each answer means as it is typed, and write the rule file from the answers."
    ),
)
@click.pass_context
def new(
    ctx: click.Context, name: str | None, example: str | None, listing: bool, ask: bool
) -> None:
    from ..controllers import examples, new_rule

    if listing:
        found = examples()
        width = max(len(e.key) for e in found)
        for entry in found:
            click.echo(f"{entry.key:<{width}}  {entry.about}")
        feedback(ctx).say(
            _(
                "planner new NAME --example EXAMPLE copies one; without --example, NAME starts "
                "from a starter in the workspace's language"
            )
        )
        return
    if not name:
        raise click.UsageError(_("give the campaign's NAME, e.g. planner new fete-des-meres"))
    if ask and example:
        raise click.UsageError(_("--ask and --example start a campaign two ways: choose one"))
    workspace = _workspace(ctx)
    today = _clock().astimezone(ZoneInfo(workspace.settings.timezone)).date()
    if ask:
        from ..controllers.asking import Interview
        from .asking import converse

        converse(ctx, Interview.begin(workspace, name, today))
        return
    made = new_rule(workspace, name, example=example, today=today)
    fb = feedback(ctx)
    fb.say(_('created {path}: campaign "{name}"').format(path=_shown(made.path), name=made.name))
    for note in made.notes:
        fb.say(f"  {note}")
