"""Commands that publish the plan elsewhere: publish (to a CalDAV calendar)."""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from urllib.parse import urlsplit

import click

from ..i18n import N_, _
from . import (
    ALARM,
    RULES,
    START,
    _clock,
    _keep_identity,
    _planning,
    _warn,
    _workspace,
    main,
)
from .feedback import feedback
from .language import EXAMPLE

USER_VARIABLE = "PLANNER_CALDAV_USER"
PASSWORD_VARIABLE = "PLANNER_CALDAV_PASSWORD"


def _password(user: str | None, url: str) -> str | None:
    """From the environment, else typed at a terminal (not echoed); never from a file."""
    from ..errors import ConfigError, Pos

    password = os.environ.get(PASSWORD_VARIABLE) or None
    if user is None:
        if password is not None:
            raise ConfigError(
                _("{variable} is set but no user is given").format(variable=PASSWORD_VARIABLE),
                Pos("--user"),
                _("give --user NAME or set {variable}").format(variable=USER_VARIABLE),
            )
        return None
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise ConfigError(
            _("no password for CalDAV user {user}").format(user=_user(user)),
            Pos(PASSWORD_VARIABLE),
            _(
                "set {variable} in the environment, or run the command in a terminal to be "
                "asked for it"
            ).format(variable=PASSWORD_VARIABLE),
        )
    host = urlsplit(url).hostname or url
    typed: str = click.prompt(
        _("CalDAV password for {user} at {host}").format(user=user, host=host),
        hide_input=True,
        err=True,
        # TRANSLATORS: after a question asked in the terminal ("Mot de passe CalDAV… : ")
        prompt_suffix=_(": "),
    )
    return typed


def _user(user: str) -> str:
    """A user name quoted as English always showed it ('alice'), in « » in French."""
    from .. import i18n
    from ..errors import quoted

    return f"'{user}'" if i18n.language() == i18n.SOURCE else quoted(user)


@main.command(
    help=N_(
        "Make a CalDAV calendar (Nextcloud, iCloud, Fastmail, Radicale…) equal to the "
        "plan of RULES.\n\n"
        "Creates the new events, updates the changed ones (same UID, SEQUENCE raised), "
        "deletes the ones it published that the plan no longer has, and leaves every "
        "other event of the calendar alone, other campaigns' included. Running it "
        "again unchanged writes nothing. The password comes from "
        "PLANNER_CALDAV_PASSWORD, or is asked for; never from a file."
    )
    + EXAMPLE
    + (
        "  planner publish valentines-rings --user alice --dry-run \\\n"
        "    --caldav "
        "https://cloud.example.org/remote.php/dav/calendars/alice/parcours/"
    ),
)
@RULES
@START
@click.option(
    "--caldav",
    "url",
    metavar="URL",
    help=N_(
        "The calendar's own URL (the collection, not the account). "
        "Default: [publish] caldav in planner.toml."
    ),
)
@click.option(
    "--user",
    metavar="NAME",
    # The variables' names written out (USER_VARIABLE, PASSWORD_VARIABLE): a msgid is a literal.
    help=N_(
        "The login. Default: PLANNER_CALDAV_USER, else [publish] user in planner.toml. "
        "The password comes from PLANNER_CALDAV_PASSWORD, else it is asked for."
    ),
)
@ALARM
@click.option(
    "--dry-run",
    is_flag=True,
    help=N_("Print what would be created, updated and deleted, and change nothing."),
)
@click.pass_context
def publish(
    ctx: click.Context,
    rules: tuple[str, ...],
    start: date | None,
    url: str | None,
    user: str | None,
    alarm: timedelta | None,
    dry_run: bool,
) -> None:
    from ..controllers import open_calendar, publish_plan
    from ..errors import ConfigError, Pos
    from ..identity import workspace_id
    from ..publish import publish_settings

    fb = feedback(ctx)
    settings = publish_settings(_workspace(ctx).settings)
    pos = Pos("--caldav") if url else settings.url_pos
    url = url or settings.url
    if not url or pos is None:
        raise ConfigError(
            _("no calendar to publish to"),
            Pos("--caldav"),
            _("give --caldav URL, or write {line} in planner.toml").format(
                line='[publish] caldav = "URL"'
            ),
        )
    user = user or os.environ.get(USER_VARIABLE) or settings.user
    planning = _planning(ctx, rules, start)
    workspace_id(planning.workspace)
    with fb.phase(_("planned the items")):
        items = planning.plan().items
    password = _password(user, url)
    verify: bool | str = os.environ.get("SSL_CERT_FILE") or True
    with (
        fb.phase(_("published")),
        open_calendar(url, user, password, pos=pos, verify=verify) as cal,
    ):
        fb.detail(_("calendar: {name} at {url}").format(name=cal.name, url=cal.shown))
        with fb.progress(None, _("publish"), unit=_("items")) as advance:
            report = publish_plan(
                planning,
                items,
                cal,
                rules,
                _clock(),
                alarm=alarm,
                dry_run=dry_run,
                started=lambda total: fb.relabel(_("publish"), total),
                progress=advance,
            )
    if not dry_run:  # a dry run changes nothing, planner.toml included
        _keep_identity(ctx, planning.workspace)
    _warn(planning.warnings)
    if dry_run:
        order = {"create": 0, "update": 1, "delete": 2}
        for action in sorted(report.actions, key=lambda a: (order[a.verb], str(a))):
            click.echo(str(action))
    fb.say(str(report))
