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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from sqlalchemy import select

from .. import i18n
from ..errors import UserError
from ..i18n import N_, _
from ..ledger import SHOWN, AlreadyMarked, Entry, Status, status
from ..limits import DEFAULT
from ..plan import Item
from ..store import DeliveryRow, ItemRow, Store
from ..views import labels, with_states
from ..views import render_page as render_view
from ..views.calendar import last_day
from .live import Snapshot

TEMPLATES = Path(__file__).resolve().parent / "templates"
PANEL, BANNER, STYLE, BARE = "served.html.j2", "banner.html.j2", "served.css.j2", "bare.html.j2"
CONFLICT = "conflict.html.j2"
LISTS = ("next", "in_doubt", "failed", "missed")


# What the store says of an item and of a delivery, and the status lists' titles.
ITEM_STATES = {
    "pending": N_("to do"),
    "done": N_("done"),
    "skipped": N_("skipped"),
    "removed": N_("removed"),
    "": N_("not in the store yet"),
}
DELIVERY_STATES = {
    "pending": N_("pending"),
    "claimed": N_("being sent"),
    "delivered": N_("delivered"),
    "failed": N_("failed"),
    "missed": N_("missed"),
    "in_doubt": N_("in doubt"),
    "cancelled": N_("cancelled"),
}
LIST_TITLES = {
    "next": N_("Next due"),
    "in_doubt": N_("In doubt (the runner stopped while sending them)"),
    "failed": N_("Failed"),
    "missed": N_("Missed (due while no runner ran)"),
}
TABLES = {"item_states": ITEM_STATES, "delivery_states": DELIVERY_STATES, "titles": LIST_TITLES}


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Old-style gettext: a translation is text like any other, escaped by autoescape.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=False
    )
    return env


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
    campaign_tag: str = ""  # the campaign's short name, when the page shows several


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
    """The page for ``month`` (``YYYY-MM``; None: the month of the next items from ``now``,
    see ``_opening_month``). ``base`` is the path the app is served under (``/t/<token>``),
    ``host`` the Host the browser used, for the webcal:// links."""
    view = snapshot.view
    with labels.speaking(view.locale if view else snapshot.workspace.settings.locale):
        return _page(snapshot, store, month, base, host, csrf, now)


def _page(
    snapshot: Snapshot,
    store: Store,
    month: str | None,
    base: str,
    host: str,
    csrf: str,
    now: datetime,
) -> str:
    settings = snapshot.workspace.settings
    view = snapshot.view
    lang = i18n.language()
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    key = month or _opening_month(snapshot.items, today)
    errors = [snapshot.error] if snapshot.error else []
    # The month's items, and those of an earlier month that run on into it (a sale).
    shown = [i for i in snapshot.items if f"{i.start:%Y-%m}" <= key <= f"{last_day(i):%Y-%m}"]
    states, deliveries = _stored(store, [i.id for i in shown])
    page = ""
    if view is not None:
        view = with_states(view, key, states)
        templates = snapshot.workspace.root / "templates"
        limits = snapshot.planning.sources.limits if snapshot.planning else DEFAULT
        try:
            page = render_view(
                view, templates=templates, months=[key], href=_month_href, limits=limits
            )
        except UserError as exc:  # a broken workspace template: the built-in ones, and say so
            errors.append(exc)
            page = render_view(view, months=[key], href=_month_href, limits=limits)
    context = {
        **TABLES,
        "lang": lang,
        "base": base,
        "host": host,
        "csrf": csrf,
        "month": key,
        "errors": [str(e) for e in errors],
        "warnings": [str(w) for w in snapshot.warnings],
        "rows": _rows(shown, states, deliveries, lang, view.campaign_tags if view else {}),
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
    with labels.speaking(view.locale if view else settings.locale):
        return (
            _environment()
            .get_template(CONFLICT)
            .render(
                lang=i18n.language(),
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


def _opening_month(items: Sequence[Item], today: date) -> str:
    """The month of the next day with something planned from ``today`` on (an item under way
    counts today), so that the page opens on what comes next, not on an empty or finished
    month; when nothing is ahead, the last month with items; without items, this month."""
    ahead = [max(i.start.date(), today) for i in items if last_day(i) >= today]
    if ahead:
        day = min(ahead)
    elif items:
        day = max(last_day(i) for i in items)
    else:
        day = today
    return f"{day.year:04d}-{day.month:02d}"


def _stored(
    store: Store, ids: Sequence[str]
) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    """What the store says of the items ``ids``: their states, and their deliveries (hook,
    state) by item."""
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
    return states, deliveries


def _rows(
    items: Sequence[Item],
    states: Mapping[str, str],
    deliveries: Mapping[str, list[tuple[str, str]]],
    lang: str,
    tags: Mapping[str, str],
) -> list[Row]:
    rows = []
    for item in items:
        rows.append(
            Row(
                id=item.id,
                when=_when(item, lang),
                title=item.title,
                campaign=item.campaign,
                channel=item.channel,
                stage=item.stage,
                stage_label=labels.stage_label(item.stage, lang),
                state=states.get(item.id, ""),
                deliveries=deliveries.get(item.id, []),
                campaign_tag=tags.get(item.campaign_key, ""),
            )
        )
    return rows


def _when(item: Item, lang: str) -> str:
    """ "lundi 8 mars · 12:00", and for an item over several days its last day as well."""
    first, last = item.start.date(), last_day(item)
    if item.all_day:
        shown = labels.long_day(first, lang)
        if last > first:
            shown = labels.from_to(shown, labels.long_day(last, lang))
        return f"{shown} · {_('all day')}"
    shown = f"{labels.long_day(first, lang)} · {item.start:%H:%M}"
    if last > first:
        ending = f"{labels.long_day(item.end.date(), lang)} · {item.end:%H:%M}"
        shown = labels.from_to(shown, ending)
    return shown


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
                name = channels.get(key).label(i18n.language())  # the page's
            except UserError:
                name = key
            feeds.append(Feed(name, f"/channels/{quote(key, safe='')}.ics"))
    return feeds
