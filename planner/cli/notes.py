"""The commands of journey notes: import reads them, export-notes writes them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..errors import frame
from ..i18n import N_, _
from . import EXIT_USER, START, _clock, _shown, _workspace, main
from .feedback import feedback


@main.command(
    "import",
    help=N_(
        "Write a rule file from journey notes (NOTES.txt or .md): each stage of the "
        'customer journey with its "Quand ?" and "Comment ?" ("When?", "How:"), or one '
        'line a stage ("Awareness: early May — posts on Instagram"). Every inference is '
        "said with the line it was read from; what cannot be read is an error at its line. "
        "Default output: rules/<slug of the notes' title>.toml.\n\n"
        "Example: planner import fete-des-meres.txt --start 2027-04-01"
    ),
)
@click.argument("notes", type=click.Path(dir_okay=False, path_type=Path), metavar="NOTES")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The rule file to write. Default: rules/<slug of the title>.toml in the workspace."),
)
@click.option("--force", is_flag=True, help=N_("Replace the rule file if it exists."))
@START
@click.pass_context
def import_(
    ctx: click.Context, notes: Path, output: Path | None, force: bool, start: date | None
) -> None:
    from zoneinfo import ZoneInfo

    from ..controllers.importing import import_notes

    workspace = _workspace(ctx)
    if start is None:
        start = _clock().astimezone(ZoneInfo(workspace.settings.timezone)).date()
    done = import_notes(workspace, notes, _shown(notes), output=output, force=force, start=start)
    fb = feedback(ctx)
    for said in done.said:
        click.echo(f"{said.pos}: {said.message}")
    for warning in done.warnings:
        fb.warn(frame(warning.pos, "warning", warning.message, warning.hint))
    for error in done.errors:
        fb.warn(str(error))
    if done.path is None:
        ctx.exit(EXIT_USER)
    fb.say(_("wrote {path}: check it with planner check").format(path=_shown(done.path)))


@main.command(
    "export-notes",
    help=N_(
        "Write the campaign RULES (a rule file or a campaign name) as journey notes, in the "
        "campaign's language: the format planner import reads, so that importing them gives "
        "the same campaign back (name, occasion, buying cycle, journey; per step its stage, "
        "when, channels, content and offer). What notes cannot carry (every, at, duration…) "
        "is written as a // comment line and said as a warning at the rule file's line.\n\n"
        "Example: planner export-notes valentines-rings -o saint-valentin.txt"
    ),
)
@click.argument("rules", metavar="RULES")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The notes file to write. Default: standard output."),
)
@click.option("--force", is_flag=True, help=N_("Replace the notes file if it exists."))
@click.pass_context
def export_notes(ctx: click.Context, rules: str, output: Path | None, force: bool) -> None:
    from ..controllers.exporting import export_notes as run

    workspace = _workspace(ctx, (rules,))
    done = run(workspace, rules, Path.cwd(), output=output, force=force)
    fb = feedback(ctx)
    for warning in done.warnings:
        fb.warn(frame(warning.pos, "warning", warning.message, warning.hint))
    if done.path is None:
        click.echo(done.text, nl=False)
        return
    fb.say(_("wrote {path}: planner import reads it back").format(path=_shown(done.path)))
