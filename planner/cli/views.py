"""Commands that show the plan as a page: view."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..i18n import N_, ngettext
from . import RULES, START, _planning, _warn, main
from .clicktext import PathType
from .feedback import feedback


@main.command(
    help=N_(
        "Write the plan of RULES as one self-contained HTML page.\n\n"
        "The page holds a month calendar (items coloured by journey stage, marked by "
        "channel, the brief on hover or tap) and a journey map per campaign (stages as "
        "columns, empty stages shown as gaps, the buying cycle before the anchor). It "
        "opens offline, prints on A4 landscape and reads on a phone. Templates in the "
        "workspace's templates/ folder replace the built-in ones of the same name.\n\n"
        "Example: planner view rules/valentines-rings.toml --start 2026-12-01 -o "
        "plan.html"
    ),
)
@RULES
@START
@click.option(
    "-o",
    "--output",
    type=PathType(path_type=Path),  # a folder is refused by the writer, with a hint
    required=True,
    help=N_("The .html file to write (replaced atomically, only once the page is complete)."),
)
@click.pass_context
def view(ctx: click.Context, rules: tuple[str, ...], start: date | None, output: Path) -> None:
    from ..controllers import view as run

    planning = _planning(ctx, rules, start)
    summary = run(planning, output, Path.cwd())
    _warn(planning.warnings)
    # English has always said "items" and "(s)" whatever the counts.
    said = ngettext(
        "wrote {items} items of {campaigns} campaign(s) over {months} month(s) to {output}",
        "wrote {items} items of {campaigns} campaign(s) over {months} month(s) to {output}",
        summary.items,
    )
    feedback(ctx).say(
        said.format(
            items=summary.items,
            campaigns=summary.campaigns,
            months=summary.months,
            output=output,
        )
    )
