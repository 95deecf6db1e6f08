"""The view model: plain values the templates show, built from planned items and campaigns.

Nothing here knows HTML; everything the templates need is computed here (labels in the right
language, dates written for people, positions on a timeline in percent), so that a template
overridden from the workspace cannot get a date or a count wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .. import i18n
from ..errors import LimitError
from ..i18n import _
from ..limits import DEFAULT as DEFAULT_LIMITS
from ..limits import Limits
from ..plan import Item
from ..rules import Campaign
from . import labels

# A day shows its first items in the cell and the others behind a "+N more" toggle; past
# LISTED it shows counts only, so that a page of thousands of items a day stays small.
SHOWN_PER_DAY = 3
LISTED_PER_DAY = 40


@dataclass(slots=True)
class Entry:
    """One item on the calendar."""

    id: str
    campaign: str
    stage: str  # canonical: the CSS class st-<stage> colours it
    stage_label: str
    channel: str
    tag: str  # a short channel mark: "IG", "@"
    time: str  # "11:00", or "all day" in the campaign's language
    title: str
    brief: str
    kind: str  # "publish", or "prepare" for an item that gets a publication ready
    # An item over several days shows on each: on its first day with ``ends`` ("→ Mar 9"),
    # on the others as a continuation, whose ``time`` says "continued" or "until 12:00".
    ends: str = ""
    continues: bool = False
    campaign_tag: str = ""  # the campaign's short name when the page shows several
    state: str = ""  # "done" or "skipped", as a store says (see calendar.with_states)
    state_label: str = ""  # "skipped" / "ignoré"


@dataclass(slots=True)
class Count:
    """How many items of a stage a day or a month holds beyond those listed."""

    stage: str
    label: str
    n: int


@dataclass(slots=True)
class Day:
    day: date
    iso: str
    number: int
    label: str  # "lundi 4 janvier"
    in_month: bool
    shown: list[Entry] = field(default_factory=list)
    more: list[Entry] = field(default_factory=list)
    unlisted: list[Count] = field(default_factory=list)
    total: int = 0
    more_label: str = ""  # "+12 more"
    unlisted_label: str = ""  # "960 more not listed"


@dataclass(slots=True)
class Month:
    key: str  # "2027-01": the anchor #m-2027-01 and the server's ?month=2027-01
    title: str  # "janvier 2027"
    short: str  # "janv. 2027", for the navigation
    weeks: list[list[Day]]
    total: int
    total_label: str
    previous: str | None = None  # the neighbours' keys
    next: str | None = None


@dataclass(slots=True)
class Touchpoint:
    """A step's items under its stage: its title, channels and dates."""

    step: int
    step_label: str
    title: str
    brief: str
    channels: list[tuple[str, str]]  # (tag, channel)
    dates: str  # "1 janv. 2027 – 10 janv. 2027", or one date
    count_label: str
    ids: list[str]


@dataclass(slots=True)
class Column:
    stage: str
    label: str
    touchpoints: list[Touchpoint]
    gap: str = ""  # "Nothing planned for retention" when empty
    note: str = ""  # "not in the campaign's journey" for a stage outside its model


@dataclass(slots=True)
class Mark:
    """Something placed on a journey's timeline: ``left`` and ``width`` in percent."""

    kind: str  # "cycle", "stage", "anchor"
    css: str
    left: float
    width: float
    label: str
    title: str


@dataclass(slots=True)
class Journey:
    key: str
    name: str
    locale: str
    columns: list[Column]
    marks: list[Mark]
    scale: tuple[str, str]  # the timeline's first and last dates
    anchor: str  # "anchor: 14 févr. 2027", or "no anchor"
    cycle: str  # "buying cycle: 30 days before the anchor", or ""
    total_label: str
    anchor_left: float | None = None  # where the anchor's line crosses the timeline, in %


@dataclass(slots=True)
class View:
    """Everything a page shows. ``text`` holds the page's words in its language."""

    title: str
    locale: str
    text: dict[str, str]
    weekdays: list[str]
    months: list[Month]
    journeys: list[Journey]
    stages: list[tuple[str, str]]  # (stage, label) of the legend, in journey order
    channels: list[tuple[str, str]]  # (tag, channel name)
    total: int
    summary: str  # "32 items · 1 campaign · planned from 1 Dec 2026"
    # campaign key → short name ("Saint-Valentin"), when the page shows several campaigns
    campaign_tags: dict[str, str] = field(default_factory=dict)

    def month(self, key: str) -> Month | None:
        return next((m for m in self.months if m.key == key), None)

    def journey(self, key: str) -> Journey | None:
        return next((j for j in self.journeys if j.key == key), None)


def page_locale(campaigns: Sequence[Campaign], workspace_locale: str) -> str:
    """The campaigns' language when they share one, else the workspace's."""
    found = {labels.language(c.locale) for c in campaigns}
    return found.pop() if len(found) == 1 else labels.language(workspace_locale)


def _too_much(item: Item, campaigns: Sequence[Campaign], limits: Limits) -> LimitError:
    """The error for a calendar that would draw more than [limits] items, at the step whose
    item went past it: at its duration, which is what makes it drawn on many days."""
    step = next((c.steps[item.step - 1] for c in campaigns if c.key == item.campaign_key), None)
    where = step.positions.get("duration") or step.repeat_pos if step is not None else None
    message = _(
        "the calendar would draw more than {count} items, the limit of [limits] items (an "
        "item is drawn on each day it lasts), once step {step} ({stage}) draws its own"
    ).format(count=i18n.number(limits.items), step=item.step, stage=item.stage)
    hint = _("shorten the items (duration), or view fewer campaigns; {how}").format(
        how=limits.hint("items")
    )
    return LimitError(message, where, hint, limit="items")


def build_view(
    items: Iterable[Item],
    campaigns: Sequence[Campaign],
    *,
    locale: str,
    anchors: Mapping[str, date | None],
    channel_names: Mapping[str, str] | None = None,
    title: str = "",
    start: date | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> View:
    """The view of ``items`` (any order) of ``campaigns``.

    ``locale`` is the workspace's, used for the page's own words when the campaigns' languages
    differ; ``anchors`` maps a campaign's key to its anchor date (None for "asap");
    ``channel_names`` maps a channel key to its display name ("instagram" → "Instagram").
    The calendar draws [limits] items at most, an item once on each day it lasts.
    """
    lang = page_locale(campaigns, locale)
    with labels.speaking(lang):
        return _build(items, campaigns, lang, anchors, channel_names, title, start, limits)


def _build(
    items: Iterable[Item],
    campaigns: Sequence[Campaign],
    lang: str,
    anchors: Mapping[str, date | None],
    channel_names: Mapping[str, str] | None,
    title: str,
    start: date | None,
    limits: Limits,
) -> View:
    from ..journey import STAGES
    from .calendar import TooMuchToDraw, build_months
    from .journeys import build_journey

    ordered = sorted(items, key=lambda i: (i.start, i.campaign, i.step, i.channel, i.id))
    by_campaign: dict[str, list[Item]] = {}
    for item in ordered:
        by_campaign.setdefault(item.campaign_key, []).append(item)
    journeys = [
        build_journey(c, by_campaign.get(c.key, []), anchors.get(c.key), lang) for c in campaigns
    ]
    used = {i.stage for i in ordered} | {s for c in campaigns for s in c.stages}
    names = dict(channel_names or {})
    shown = {c.key: c.name for c in campaigns} or {i.campaign_key: i.campaign for i in ordered}
    tags = labels.campaign_tags(shown) if len(shown) > 1 else {}
    channels = sorted({i.channel for i in ordered})
    summary = [
        labels.items_label(len(ordered)),
        labels.campaigns_label(len(campaigns)),
    ]
    if start is not None:
        summary.append(_("planned from {date}").format(date=labels.short_day(start, lang)))
    if not title:
        title = campaigns[0].name if len(campaigns) == 1 else _("Calendar")
    try:
        months = build_months(ordered, lang, tags, limits.items)
    except TooMuchToDraw as exc:
        raise _too_much(exc.item, campaigns, limits) from None
    return View(
        title=title,
        locale=lang,
        text=labels.words(),
        weekdays=labels.weekday_names(lang),
        months=months,
        journeys=journeys,
        stages=[(s, labels.stage_label(s, lang)) for s in STAGES if s in used],
        channels=[(labels.channel_tag(c), names.get(c, c)) for c in channels],
        total=len(ordered),
        summary=" · ".join(summary),
        campaign_tags=tags,
    )
