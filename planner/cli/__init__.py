"""The command line: each command parses its options, calls one controller, prints.

This package is the only place that imports click, reads the clock or the environment; library
errors become messages and exit codes here, in one place (PlannerGroup.invoke). The commands
live in `plans` (plan, export, check, events, init, new), `reminders` (sync, run, status,
history, done, skip) and `views` (view). What they say besides their output (messages,
details, progress bars, --quiet and --verbose) goes through `feedback`.
"""

from __future__ import annotations

import contextvars
import os
import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..i18n import N_, _
from .clicktext import PathType, install
from .language import LANG, Translated, TranslatedGroup, check_choice, choose_early, settle

install()  # click's own messages in the command's language

EXIT_USER = 2
EXIT_INTERNAL = 1


class _Failure(click.ClickException):
    """A library error shown as ``path:line:col: error: message`` (no "Error:" prefix)."""

    exit_code = EXIT_USER

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class _InternalFailure(_Failure):
    exit_code = EXIT_INTERNAL


class PlannerGroup(TranslatedGroup):
    command_class = Translated

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Each run in a context of its own: the language it chose ends with it (tests run many
        # commands in one process).
        return contextvars.copy_context().run(super().main, *args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # The language first, so that the options' errors and --help are given in it.
        try:
            opts, _rest, _order = self.make_parser(ctx).parse_args(args=list(args))
        except click.UsageError:
            opts = {}
        choose_early(ctx, opts.get("lang"), opts.get("workspace"))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import PlannerError, UserError

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except UserError as exc:
            raise _Failure(str(exc)) from None
        except PlannerError as exc:
            raise _Failure(_("error: {message}").format(message=exc)) from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:
            _quiet_broken_pipe()
        except Exception as exc:
            if os.environ.get("PLANNER_DEBUG"):
                raise
            said = _("internal error: {message}").format(message=f"{type(exc).__name__}: {exc}")
            hint = _("hint: {hint}").format(
                hint=_("this is a bug in Parcours; run again with PLANNER_DEBUG=1 for details")
            )
            raise _InternalFailure(f"{said}\n  {hint}") from None


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
    from ..errors import quoted
    from ..phrases import MAX_YEAR, MIN_YEAR, in_range

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            now = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            message = _("SOURCE_DATE_EPOCH is not a number of seconds: {value}")
            raise click.UsageError(message.format(value=quoted(epoch))) from None
        if not in_range(now.date()):
            message = _(
                "SOURCE_DATE_EPOCH is a time in {year}: Parcours plans from {first} to {last}"
            )
            raise click.UsageError(message.format(year=now.year, first=MIN_YEAR, last=MAX_YEAR))
        return now
    return datetime.now(UTC)


def _workspace(ctx: click.Context, rules: tuple[str, ...] = ()) -> Any:
    from ..workspace import Workspace, system_timezone
    from .feedback import describe_workspace, feedback

    root = ctx.obj.get("workspace") if ctx.obj else None
    workspace = Workspace.open(root, Path.cwd(), system_timezone(), rules)
    settle(ctx, workspace.settings)
    describe_workspace(feedback(ctx), workspace)
    return workspace


def _keep_identity(ctx: click.Context, workspace: Any, made: str | None = None) -> None:
    """Write the workspace identity this command made (planner.identity), once its work is
    done, and say so: from now on every UID holds it. ``made``: written already, to be said."""
    from ..identity import save_workspace_id
    from .feedback import feedback

    made = made or save_workspace_id(workspace)
    if made is not None:
        feedback(ctx).say(
            _(
                "this workspace's identity is {id}, written in planner.toml ([shop] id): "
                "every event's UID holds it from now on"
            ).format(id=made),
            err=True,
        )


def _planning(ctx: click.Context, rules: tuple[str, ...], start: date | None) -> Any:
    from ..controllers import prepare
    from .feedback import describe_planning, feedback

    fb = feedback(ctx)
    with fb.phase(_("read the rules")):
        workspace = _workspace(ctx, rules)
        if start is not None:
            planning = prepare(workspace, rules, Path.cwd(), start, None)
        else:
            from zoneinfo import ZoneInfo

            now = _clock()
            today = now.astimezone(ZoneInfo(workspace.settings.timezone)).date()
            planning = prepare(workspace, rules, Path.cwd(), today, now)
        describe_planning(fb, planning)
    return planning


def _parse_start(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from ..errors import ConfigError, Pos, quoted
    from ..phrases import in_range
    from ..phrases.types import years_hint

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        # "2026-13-01" is shaped like a date: say which part is wrong (Python's reason, in
        # the language spoken when Parcours knows it).
        hint = _("write YYYY-MM-DD, e.g. 2026-12-01")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            reason = str(exc)
            message = _("{value} is not a date: {reason}").format(
                value=quoted(value), reason=_(reason) if reason in _DATE_REASONS else reason
            )
            raise ConfigError(message, Pos("--start"), hint) from None
        message = _("{value} is not a date").format(value=quoted(value))
        raise ConfigError(message, Pos("--start"), hint) from None
    if not in_range(day):
        message = _("the year {year} is out of range").format(year=day.year)
        raise ConfigError(message, Pos("--start"), years_hint())
    return day


# What date.fromisoformat says of a date-shaped text that is no date.
_DATE_REASONS = frozenset({N_("month must be in 1..12"), N_("day is out of range for month")})


START = click.option(
    "--start",
    callback=_parse_start,
    metavar="DATE",
    help=N_(
        "Plan as if today were DATE (YYYY-MM-DD), for a reproducible result. "
        "Default: today, or SOURCE_DATE_EPOCH when set."
    ),
)
RULES = click.argument("rules", nargs=-1, metavar="[RULES]...")


# What people write for "no reminder", in both languages.
_NO_ALARM = frozenset({"none", "no", "aucun", "aucune", "non", "sans", ""})


def _parse_alarm(ctx: click.Context, param: click.Parameter, value: str) -> timedelta | None:
    from ..errors import Pos, UserError
    from ..phrases import parse_duration

    if value.strip().lower() in _NO_ALARM:
        return None
    if value.strip() == "0":  # "0 min" is a reminder at the start: a bare 0 is not a "none"
        raise UserError(
            _("'0' could mean no reminder or one at the start"),
            Pos("--alarm"),
            _("write --alarm none for no reminder, or --alarm '0 min' for one at the start"),
        )
    try:
        return parse_duration(value)
    except UserError as exc:
        exc.pos = exc.pos or Pos("--alarm")
        raise


ALARM = click.option(
    "--alarm",
    metavar="DURATION",
    default="1h",
    show_default=True,
    callback=_parse_alarm,
    help=N_(
        'A reminder this long before each event ("1h", "30 min", "1 day", "0 min" at the '
        'start); "none" for none.'
    ),
)


def _warn(warnings: list[Any]) -> None:
    from .feedback import feedback

    for warning in warnings:
        feedback().warn(str(warning))


@click.group(
    cls=PlannerGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "Parcours: plan campaign touchpoints along the customer journey.\n\n"
        "Write a campaign as a TOML rule file with English or French date phrases "
        '("early January", "mi-janvier", "3 to 5 days after awareness"), then plan it, '
        "check it and export it to your calendar.\n\n"
        "RULES are rule files or campaign names from rules/; none means every file in the "
        "workspace's rules/ folder."
    ),
)
@click.version_option(__version__, prog_name="planner")
@click.option(
    "--workspace",
    "-w",
    type=PathType(file_okay=False, path_type=Path),
    help=N_(
        "The workspace folder. Default: the nearest folder upward holding planner.toml, "
        "else the current folder."
    ),
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help=N_(
        "Print only the command's output, warnings and errors: no progress bar, no "
        '"wrote …", "created …" or sync and run reports.'
    ),
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help=N_(
        "Also print on stderr the workspace, files and store used, how long each step "
        "took and each delivery the runner fires."
    ),
)
@LANG
@click.pass_context
def main(
    ctx: click.Context, workspace: Path | None, quiet: bool, verbose: bool, lang: str | None
) -> None:
    from .feedback import NORMAL, QUIET, VERBOSE, Feedback, untranslated

    if quiet and verbose:
        raise click.UsageError(_("--quiet and --verbose cannot be used together"))
    check_choice(lang)
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
    fb = ctx.obj["feedback"] = Feedback(QUIET if quiet else VERBOSE if verbose else NORMAL)
    ctx.call_on_close(lambda: untranslated(fb))


def run() -> None:
    try:
        main(prog_name="planner")
    except BrokenPipeError:
        _quiet_broken_pipe()


# The commands register themselves on `main` when their modules are imported.
from . import notes, plans, publish, reminders, serve, views  # noqa: E402

__all__ = ["main", "notes", "plans", "publish", "reminders", "run", "serve", "views"]
