"""The command that serves the plan as a live page and calendar feeds: serve."""

from __future__ import annotations

import signal
import socket
from datetime import timedelta
from types import FrameType

import click

from .. import i18n
from ..errors import quoted
from ..i18n import N_, _
from . import ALARM, _clock, _keep_identity, main
from .feedback import feedback
from .reminders import DB, _location, _open


@main.command(
    help=N_(
        "Show the whole workspace's plan in a browser, live, with calendar feeds.\n\n"
        "The page has the month calendar and the journey maps of `planner view`, what "
        "the store says of each item (next due, delivered, failed, missed, in doubt) "
        "and done/skip buttons. A rule file saved on disk shows on the next page load: "
        "the plan is synced into the store as `planner sync` does. Calendar apps can "
        "subscribe to /calendar.ics (or a campaign's or a channel's feed, linked from "
        "the page) and see edited items move.\n\n"
        "On another address than 127.0.0.1 (--host 0.0.0.0 for the phones of the local "
        "network), every URL holds a secret token kept in .planner/serve-token in the "
        "workspace; delete that file to change it. Ctrl-C stops the server."
    ),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=N_(
        "The address to listen on. Any address but this machine's own (127.0.0.1, ::1) "
        "makes every URL need the workspace's secret token."
    ),
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help=N_("The port to listen on (0: any free one)."),
)
@ALARM
@DB
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, alarm: timedelta | None, db: str | None
) -> None:
    import uvicorn

    from ..controllers import workspace_hooks
    from ..identity import save_workspace_id, workspace_id
    from ..limits import read_limits
    from ..web.app import create_app
    from ..web.security import is_loopback

    fb = feedback(ctx)
    workspace, where = _location(ctx, db)
    # What planner.toml says is checked before the store is created; a rule file that does
    # not plan is shown on the page instead, until it is fixed.
    workspace_hooks(workspace)
    read_limits(workspace.settings)
    listener = _listen(host, port)
    store = _open(ctx, where)

    def report(line: str, error: bool) -> None:
        if error:
            fb.warn(line)
        else:
            fb.say(line, err=True)

    # Written before the first plan: the server re-plans when planner.toml changes, and that
    # would take the place of the first plan's warnings on the page.
    workspace_id(workspace)
    made = save_workspace_id(workspace)
    # The server's threads do not see this command's language: the app is told it.
    speech = i18n.current()
    app = create_app(workspace, store, _clock, host=host, alarm=alarm, report=report, speech=speech)
    app.state.live.current()  # plan and sync now: errors show before the first page load
    bound = listener.getsockname()[1]
    prefix = "" if is_loopback(host) else f"/t/{app.state.guard.token}"
    url = f"http://{_shown_host(host)}:{bound}{prefix}/"
    # The addresses are what this command gives: shown even with --quiet.
    click.echo(_("serving {root} on {url}").format(root=workspace.root, url=url), err=True)
    feed = f"webcal://{url.removeprefix('http://')}calendar.ics"
    click.echo(_("calendar feed: {url}").format(url=feed), err=True)
    _keep_identity(ctx, workspace, made)
    if prefix:
        fb.warn(_("the URLs hold a secret token: share them only with your own devices"))
    fb.say(_("Ctrl-C to stop"), err=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    # uvicorn stops on Ctrl-C or SIGTERM once the requests in flight are answered, then raises
    # the signal again for the handlers it found: these, so that the command exits 0.
    handlers = {sig: signal.signal(sig, _stopped) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        store.close()
    fb.say(_("stopped"), err=True)


def _stopped(sig: int, frame: FrameType | None) -> None:
    """The signal uvicorn raises again after stopping: already handled."""


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so that a taken port is a clear error (exit 2)."""
    from ..errors import ConfigError, Pos

    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ConfigError(
            _("cannot listen on {host}: {why}").format(host=quoted(host), why=exc.strerror),
            Pos("--host"),
            _("e.g. --host 0.0.0.0"),
        ) from None
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(128)
    except OSError as exc:
        listener.close()
        hint = _("another program uses it: pick another with --port") if port else None
        raise ConfigError(
            _("cannot listen on {host} port {port}: {why}").format(
                host=host, port=port, why=exc.strerror or exc
            ),
            Pos("--port"),
            hint,
        ) from None
    return listener


def _shown_host(host: str) -> str:
    """Where the user's devices reach a server bound to ``host``: for the wildcard addresses,
    the address this machine uses on the local network (a UDP connect sends nothing)."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            address: str = probe.getsockname()[0]
            return address
    except OSError:
        return socket.gethostname()
