"""The served page: `planner view`'s page for one month, with what the store says and forms.

The calendar and the journey maps are ``planner.views.render_page`` itself (so workspace
templates apply here too); this module renders the server's own parts (the rules' errors, the
month's items with their reminders and done/skip forms, the store's status, the feeds to
subscribe to) from ``templates/served.html.j2``, in Jinja's sandbox with autoescape on, and
puts them into that page at fixed places of the built-in template: before the journey maps,
and an error banner at the top of ``<main>``. User text cannot forge those places, since every
``<`` it holds is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from sqlalchemy import select

from ..errors import UserError
from ..ledger import SHOWN, AlreadyMarked, Entry, Status, status
from ..plan import Item
from ..store import DeliveryRow, ItemRow, Store
from ..views import labels
from ..views import render_page as render_view
from .live import Snapshot
from .words import WORDS

TEMPLATES = Path(__file__).resolve().parent / "templates"
PANEL, BANNER, STYLE, BARE = "served.html.j2", "banner.html.j2", "served.css.j2", "bare.html.j2"
CONFLICT = "conflict.html.j2"
LISTS = ("next", "in_doubt", "failed", "missed")


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True, slots=True)
class Row:
    """One item of the shown month, as the store has it."""

    id: str
    when: str
    title: str
    campaign: str
    channel: str
    stage: str
    stage_label: str
    state: str  # pending, done, skipped, or "" when the store does not have it (yet)
    deliveries: list[tuple[str, str]] = field(default_factory=list)  # (hook, state)


@dataclass(frozen=True, slots=True)
class Feed:
    label: str
    path: str  # from the app's root, e.g. /campaigns/valentines-rings.ics


def render_page(
    snapshot: Snapshot,
    store: Store,
    *,
    month: str | None,
    base: str,
    host: str,
    csrf: str,
    now: datetime,
) -> str:
    """The page for ``month`` (``YYYY-MM``; None: the current month, else the next one with
    items). ``base`` is the path the app is served under (``/t/<token>``), ``host`` the Host
    the browser used, for the webcal:// links."""
    settings = snapshot.workspace.settings
    view = snapshot.view
    lang = labels.language(view.locale if view else settings.locale)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    keys = [m.key for m in view.months] if view else []
    key = month or _default_month(keys, f"{today.year:04d}-{today.month:02d}")
    errors = [snapshot.error] if snapshot.error else []
    page = ""
    if view is not None:
        templates = snapshot.workspace.root / "templates"
        try:
            page = render_view(view, templates=templates, months=[key], href=_month_href)
        except UserError as exc:  # a broken workspace template: the built-in ones, and say so
            errors.append(exc)
            page = render_view(view, months=[key], href=_month_href)
    shown = [i for i in snapshot.items if f"{i.start:%Y-%m}" == key]
    context = {
        "w": WORDS[lang],
        "lang": lang,
        "base": base,
        "host": host,
        "csrf": csrf,
        "month": key,
        "errors": [str(e) for e in errors],
        "warnings": [str(w) for w in snapshot.warnings],
        "rows": _rows(store, shown, lang),
        "status": _status(store, settings.timezone, lang),
        "feeds": _feeds(snapshot),
        "title": (view.title if view else settings.name) or "Parcours",
    }
    env = _environment()
    banner = env.get_template(BANNER).render(context)
    panel = env.get_template(PANEL).render(context)
    style = "<style>\n" + env.get_template(STYLE).render(context) + "</style>\n"
    if not page:
        parts = {"banner": Markup(banner), "panel": Markup(panel)}  # rendered, escaped above
        return env.get_template(BARE).render({**context, **parts})
    return _splice(page, style, banner, panel)


def render_conflict(
    snapshot: Snapshot,
    conflict: AlreadyMarked,
    *,
    action: str,
    back: str,
    csrf: str,
    month: str,
) -> str:
    """The answer to a button that would turn a done item into a skipped one (or back): it
    stays as it is, the page says so and offers the change as a button of its own, which
    posts to ``action`` with ``force``; ``back`` leads to the page again."""
    settings = snapshot.workspace.settings
    view = snapshot.view
    lang = labels.language(view.locale if view else settings.locale)
    return (
        _environment()
        .get_template(CONFLICT)
        .render(
            w=WORDS[lang],
            lang=lang,
            title=(view.title if view else settings.name) or "Parcours",
            item=conflict.title,
            before=conflict.before,
            wanted=conflict.wanted,
            action=action,
            back=back,
            csrf=csrf,
            month=month,
        )
    )


def _splice(page: str, style: str, banner: str, panel: str) -> str:
    """Put the server's parts into the view's page: its style in the head, the banner first in
    ``<main>``, the panel before the journey maps (each at the end of the page when a workspace
    template has no such place)."""
    page = _insert(page, "</head>", style, before=True)
    page = _insert(page, "<main>", banner, before=False)
    marker = '<section id="journeys"' if '<section id="journeys"' in page else "</main>"
    return _insert(page, marker, panel, before=True)


def _insert(page: str, marker: str, text: str, *, before: bool) -> str:
    at = page.find(marker)
    if at < 0:
        at = page.rfind("</body>")
        return page[:at] + text + page[at:] if at >= 0 else page + text
    at = at if before else at + len(marker)
    return page[:at] + text + page[at:]


def _month_href(key: str) -> str:
    return f"?month={key}"


def _default_month(keys: Sequence[str], current: str) -> str:
    """This month if it has a page, else the next one that does, else the last one."""
    if current in keys or not keys:
        return current
    return next((k for k in keys if k > current), keys[-1])


def _rows(store: Store, items: Sequence[Item], lang: str) -> list[Row]:
    ids = [i.id for i in items]
    states: dict[str, str] = {}
    deliveries: dict[str, list[tuple[str, str]]] = {}
    if ids:
        with store.begin() as conn:
            query = select(ItemRow.id, ItemRow.state).where(ItemRow.id.in_(ids))
            states = {ident: state for ident, state in conn.execute(query)}
            d = DeliveryRow
            hooks = select(d.item_id, d.hook, d.state).where(d.item_id.in_(ids)).order_by(d.hook)
            for ident, hook, state in conn.execute(hooks):
                deliveries.setdefault(ident, []).append((hook, state))
    rows = []
    for item in items:
        time = labels.text(lang, "all_day") if item.all_day else f"{item.start:%H:%M}"
        rows.append(
            Row(
                id=item.id,
                when=f"{labels.long_day(item.start.date(), lang)} · {time}",
                title=item.title,
                campaign=item.campaign,
                channel=item.channel,
                stage=item.stage,
                stage_label=labels.stage_label(item.stage, lang),
                state=states.get(item.id, ""),
                deliveries=deliveries.get(item.id, []),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Line:
    """One delivery of the store's status lists."""

    when: str
    hook: str
    title: str
    item: str
    state: str
    error: str


def _status(store: Store, tzid: str, lang: str) -> tuple[Status, list[tuple[str, list[Line]]]]:
    """What `planner status` shows: counts per state, then the lists that are not empty."""
    found = status(store, tzid, shown=SHOWN)

    def line(e: Entry) -> Line:
        due = e.due.astimezone(ZoneInfo(e.tzid))
        when = f"{labels.short_day(due.date(), lang)} {due:%H:%M}"
        return Line(when, e.hook, e.title, e.item_id, e.state, e.error or "")

    lists = [(name, [line(e) for e in getattr(found, name)]) for name in LISTS]
    return found, [(name, lines) for name, lines in lists if lines or name == "next"]


def _feeds(snapshot: Snapshot) -> list[Feed]:
    """The whole workspace's feed, then one per campaign, then one per channel in the plan.
    The keys are file names ("soldes d'été", "a#b"): percent-encoded in the paths."""
    feeds = [Feed("", "/calendar.ics")]
    if snapshot.planning is not None:
        feeds += [
            Feed(c.name, f"/campaigns/{quote(c.key, safe='')}.ics")
            for c in snapshot.planning.campaigns
        ]
        channels = snapshot.planning.sources.channels
        for key in sorted({i.channel for i in snapshot.items}):
            try:
                name = channels.get(key).name
            except UserError:
                name = key
            feeds.append(Feed(name, f"/channels/{quote(key, safe='')}.ics"))
    return feeds
