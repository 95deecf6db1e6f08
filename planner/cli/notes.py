"""The command that reads journey notes: import."""

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
