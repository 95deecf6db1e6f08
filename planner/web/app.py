"""`planner serve`: the workspace's plan as a live page, calendar feeds, and done/skip buttons.

Routes (under ``/t/<token>`` as well, and only there when the app listens beyond this machine):

- ``GET /?month=YYYY-MM``: the month calendar and the journey maps of `planner view`, with what
  the store says of each item and a form per item to mark it done or skipped;
- ``GET /calendar.ics``, ``/campaigns/<key>.ics``, ``/channels/<name>.ics``: the feeds;
- ``POST /items/<id>/done`` and ``/items/<id>/skip``: what `planner done` and `planner skip`
  do, for a form that carries the CSRF token.

Handlers that read files or the database are plain functions, which Starlette runs in its
thread pool; the plan and the feeds are shared between threads behind their own locks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import parse_qs, quote, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Send
from starlette.types import Scope as AsgiScope

from .. import i18n
from ..errors import UserError
from ..i18n import N_, _
from ..ical import Look, key_label
from ..identity import uid_suffix
from ..ledger import AlreadyMarked, mark
from ..store import Store, StoreError
from ..sync import stored_campaigns
from ..workspace import Workspace
from .feeds import ALARM, Feed, Feeds, Scope
from .live import LivePlan, Snapshot
from .page import render_conflict, render_page
from .security import Guard, GuardMiddleware, is_loopback, load_token

MARKS = {"done": "done", "skip": "skipped"}
MAX_FORM = 4096  # bytes: the form holds a token, a month and nothing else
REFUSED = N_("refused: this form did not come from the page")
MALFORMED = N_("this is not a form: send the page's form")
TOO_LARGE = N_("a form is {count} bytes at most")
_MONTH = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")  # ASCII digits: \d takes "２０２７" too
_PLAIN_NAME = re.compile(r"[^A-Za-z0-9._-]")
_NO_STORE = {"Cache-Control": "no-store"}


def create_app(
    workspace: Workspace,
    store: Store,
    clock: Callable[[], datetime],
    *,
    host: str = "127.0.0.1",
    alarm: timedelta | None = ALARM,
    report: Callable[[str, bool], None] | None = None,
    speech: i18n.Speech | None = None,
) -> Starlette:
    """The app for ``workspace`` and ``store``, reading the time from ``clock``; ``host`` is
    the address it listens on, which decides whether URLs need the secret token. ``report``
    is told the outcome of each re-plan: a line, and whether it is an error or a warning.
    ``speech``: the language the command line chose (default: the workspace's), in which
    every request is answered, a campaign's page in its own locale unless it was chosen."""
    if speech is None:
        settings = workspace.settings
        speech = i18n.Speech(i18n.language_for(workspace=settings.locale))
    guard = Guard(load_token(workspace.root), token_required=not is_loopback(host))
    live = LivePlan(workspace, store, clock, report)
    feeds = Feeds(store, clock, alarm, uid_suffix(workspace.settings.id))
    handlers = _Handlers(live, feeds, guard, clock)
    routes = [
        Route("/", handlers.page, methods=["GET"]),
        Route("/calendar.ics", handlers.all_feed, methods=["GET"]),
        Route("/campaigns/{key}.ics", handlers.campaign_feed, methods=["GET"]),
        Route("/channels/{key}.ics", handlers.channel_feed, methods=["GET"]),
        Route("/items/{item}/{action}", handlers.mark, methods=["POST"]),
    ]
    say = report or (lambda line, error: None)

    def store_failed(request: Request, exc: Exception) -> Response:
        """A store that cannot be read (a server down, a file replaced): said on the console
        and to the client, which may try again, rather than a traceback and a bare 500."""
        say(str(exc), True)
        why = exc.message if isinstance(exc, UserError) else str(exc)
        text = _("the store cannot be used now: {why}").format(why=why) + "\n"
        return PlainTextResponse(text, 503, headers={**_NO_STORE, "Retry-After": "60"})

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SpeechMiddleware, speech=speech),
            Middleware(GuardMiddleware, guard=guard),
        ],
        exception_handlers={StoreError: store_failed},
    )
    app.state.guard = guard
    app.state.live = handlers.live
    return app


class _Handlers:
    def __init__(
        self, live: LivePlan, feeds: Feeds, guard: Guard, clock: Callable[[], datetime]
    ) -> None:
        self.live, self.feeds, self.guard, self.clock = live, feeds, guard, clock

    @property
    def store(self) -> Store:
        return self.live.store

    def page(self, request: Request) -> Response:
        snapshot = self.live.current()
        month = request.query_params.get("month")
        if month is not None and not _MONTH.fullmatch(month):
            return _plain(_("month must be YYYY-MM"), 400, headers=_NO_STORE)
        html = render_page(
            snapshot,
            self.store,
            month=month,
            base=request.scope.get("root_path", ""),
            host=request.headers.get("host", ""),
            csrf=self.guard.csrf,
            now=self.clock(),
        )
        return HTMLResponse(html, headers=_NO_STORE)

    def all_feed(self, request: Request) -> Response:
        snapshot = self.live.current()
        name = snapshot.workspace.settings.name or "Parcours"
        return self._feed(request, Scope("all"), name, snapshot, "calendar")

    def campaign_feed(self, request: Request) -> Response:
        key = request.path_params["key"]
        snapshot = self.live.current()
        names = stored_campaigns(self.store)
        if snapshot.planning is not None:
            names.update({c.key: c.name for c in snapshot.planning.campaigns})
        if key not in names:
            return _plain(_("no such campaign"), 404)
        return self._feed(request, Scope("campaign", key), names[key], snapshot, key)

    def channel_feed(self, request: Request) -> Response:
        key = request.path_params["key"]
        snapshot = self.live.current()
        if key not in snapshot.channels or snapshot.planning is None:
            return _plain(_("no such channel"), 404)
        try:
            locale = snapshot.workspace.settings.locale
            shown = snapshot.planning.sources.channels.get(key).label(locale)
        except UserError:
            shown = key
        shop = snapshot.workspace.settings.name or "Parcours"
        return self._feed(request, Scope("channel", key), f"{shop} — {shown}", snapshot, key)

    def _feed(
        self, request: Request, scope: Scope, calname: str, snapshot: Snapshot, filename: str
    ) -> Response:
        planning = snapshot.planning
        look = Look(
            snapshot.workspace.settings.shop_timezone,
            planning.sources.channels.label if planning is not None else key_label,
        )
        feed: Feed = self.feeds.get(scope, calname, snapshot.version, look)
        headers = {"ETag": feed.etag, "Last-Modified": feed.http_date, "Cache-Control": "no-cache"}
        if feed.not_modified(
            request.headers.get("if-none-match"), request.headers.get("if-modified-since")
        ):
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = _disposition(f"{filename}.ics")
        return Response(feed.body, media_type="text/calendar; charset=utf-8", headers=headers)

    async def mark(self, request: Request) -> Response:
        state = MARKS.get(request.path_params["action"])
        if state is None:
            return _plain(_("not found"), 404)
        form = await _form(request)
        if isinstance(form, Response):
            return form
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if not self.guard.csrf_ok(
            form.get("csrf"),
            request.headers.get("origin"),
            request.headers.get("sec-fetch-site"),
            own,
        ):
            return _plain(_(REFUSED), 403)
        item = request.path_params["item"]
        month = form.get("month", "")
        month = month if _MONTH.fullmatch(month) else ""
        query = "?" + urlencode({"month": month}) if month else ""
        root = request.scope.get("root_path", "")
        back = f"{root}/{query}#item-{item}"
        try:
            await run_in_threadpool(
                mark, self.store, item, state, self.clock(), force=form.get("force") == "1"
            )
        except StoreError:
            raise  # store_failed: a 503, not "no such item"
        except AlreadyMarked as exc:  # a second button, or a page older than the item's mark
            html = render_conflict(
                self.live.current(),
                exc,
                action=f"{root}/items/{exc.item_id}/{request.path_params['action']}",
                back=back,
                csrf=self.guard.csrf,
                month=month,
            )
            return HTMLResponse(html, 409, headers=_NO_STORE)
        except UserError as exc:
            return _plain(exc.message, 404)
        return RedirectResponse(back, status_code=303)


def _plain(text: str, status: int, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(text + "\n", status, headers=headers)


class SpeechMiddleware:
    """Each request in the app's language: the server's threads do not inherit the command
    line's context, so the language is set again for every request (Starlette's thread pool
    carries it from here to the handler's thread)."""

    def __init__(self, app: ASGIApp, speech: i18n.Speech) -> None:
        self.app = app
        self.speech = speech

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        with i18n.speaking(self.speech.language, chosen=self.speech.chosen):
            await self.app(scope, receive, send)


def _disposition(filename: str) -> str:
    """``inline`` with ``filename``, which comes from a file name of the workspace (a rule's, a
    channel's) and may hold quotes, accents or a newline: an ASCII stand-in, and the name
    itself percent-encoded as RFC 6266 says (a header holds latin-1 at most), without the
    control and bidi characters that would make a saved "x\u202egnp.ics" read "xsci.png"."""
    plain = _PLAIN_NAME.sub("_", filename)
    if plain == filename:
        return f'inline; filename="{filename}"'
    shown = "".join("_" if unicodedata.category(c) in ("Cc", "Cf") else c for c in filename)
    return f"inline; filename=\"{plain}\"; filename*=UTF-8''{quote(shown, safe='')}"


async def _form(request: Request) -> dict[str, str] | Response:
    """The url-encoded form of a POST (the page's forms send nothing else), or the answer to
    give: a body of another kind cannot carry the page's token, which makes it a refusal
    (403, as for a form without the token); 413 for a body over MAX_FORM; 400 only for a body
    that is no form at all (a broken Content-Length, bytes outside ASCII, too many fields)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return _plain(_(REFUSED), 403)
    length = request.headers.get("content-length", "0")
    if not (length.isascii() and length.isdigit()):
        return _plain(_(MALFORMED), 400)
    too_large = _(TOO_LARGE).format(count=MAX_FORM)
    if int(length) > MAX_FORM:
        return _plain(too_large, 413)  # refused before reading a byte of it
    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM:  # chunked: no length said beforehand
                return _plain(too_large, 413)
    except ClientDisconnect:  # gone before the end of its body: nobody reads the answer
        return _plain(_(MALFORMED), 400)
    try:
        fields = parse_qs(body.decode("ascii"), max_num_fields=10, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return _plain(_(MALFORMED), 400)
    return {key: values[0] for key, values in fields.items()}
