"""The plan as text: a table for people (in the campaign's language), JSON, CSV, Markdown.

JSON and CSV are for programs: their keys and values stay English. The table and Markdown are
for people: each campaign in its locale (or the language the user chose), its stages and, in
French, its channels by their French names; English shows the channel keys, as it always did.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from . import i18n, journey
from .channels import Channel
from .i18n import N_, _
from .plan import JSON_KEYS, Item

Labels = Callable[[str, str], str]  # (channel key, language) -> the channel's name
KINDS = {"publish": N_("publish"), "prepare": N_("prepare")}

FORMATS = ("table", "json", "csv", "markdown")


def long_date(moment: datetime, locale: str) -> str:
    """ "lundi 4 janvier 2027" / "Monday, January 4, 2027"."""
    import pendulum

    when = pendulum.instance(moment)
    if locale == "fr":
        text = when.format("dddd D MMMM YYYY", locale="fr")
        return text.replace(" 1 ", " 1er ", 1) if when.day == 1 else text
    return when.format("dddd, MMMM D, YYYY", locale="en")


def short_date(moment: datetime | date, locale: str) -> str:
    """ "mar. 9 mars" / "Tue 9 Mar": a day near the one the table groups by."""
    import pendulum

    day = pendulum.date(moment.year, moment.month, moment.day)
    text = day.format("ddd D MMM", locale=locale)
    return text.replace(" 1 ", " 1er ", 1) if locale == "fr" and day.day == 1 else text


def _time(item: Item, locale: str, usual: Mapping[str, timedelta]) -> str:
    """The item's time of day, and its end when it lasts longer than its channel's items
    usually do (the 48-hour flash sale): a day's line would otherwise read as a moment."""
    if item.all_day:
        start = _("all day")
        # Counted in days: the day the clocks go back lasts 25 hours.
        length = timedelta(days=(item.end.date() - item.start.date()).days)
    else:
        start = item.start.strftime("%H:%M")
        length = item.end.astimezone(UTC) - item.start.astimezone(UTC)
    default = usual.get(item.channel)
    if item.kind != "publish" or default is None or length <= default:
        return start
    if item.all_day:  # the end is exclusive: show the last day
        return f"{start} → {short_date(item.end.date() - timedelta(days=1), locale)}"
    if item.end.date() == item.start.date():
        return f"{start} → {item.end:%H:%M}"
    return f"{start} → {short_date(item.end, locale)} {item.end:%H:%M}"


def _spoken(locale: str) -> str:
    """The language a campaign of ``locale`` is shown in: its own, unless the user chose one."""
    with i18n.for_campaign(locale):
        return i18n.language()


def _channel(key: str, language: str, labels: Labels | None) -> str:
    if language == i18n.SOURCE or labels is None:
        return key
    return labels(key, language)


def as_json(
    items: Sequence[Item],
    usual: Mapping[str, timedelta] | None = None,
    labels: Labels | None = None,
) -> str:
    return json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2)


def as_csv(
    items: Sequence[Item],
    usual: Mapping[str, timedelta] | None = None,
    labels: Labels | None = None,
) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=JSON_KEYS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow(item.to_json())
    return out.getvalue()


def as_markdown(
    items: Sequence[Item],
    usual: Mapping[str, timedelta] | None = None,
    labels: Labels | None = None,
) -> str:
    """One table in the current language; each row in its campaign's."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    usual = usual or {}
    rows = [
        _("| date | time | campaign | stage | channel | kind | title |"),
        "|---|---|---|---|---|---|---|",
    ]
    for i in items:
        said = _spoken(i.locale)
        with i18n.speaking(said):
            time, kind = _time(i, said, usual), _(KINDS.get(i.kind, i.kind))
        label, channel = journey.label(i.stage, said), _channel(i.channel, said, labels)
        rows.append(
            f"| {i.start.date()} | {time} | {cell(i.campaign)} | {label} "
            f"| {cell(channel)} | {kind} | {cell(i.title)} |"
        )
    return "\n".join(rows) + "\n"


def as_table(
    items: Sequence[Item],
    usual: Mapping[str, timedelta] | None = None,
    labels: Labels | None = None,
) -> str:
    """Grouped by campaign, then by day, each day written out in the campaign's language.

    ``usual``: how long each channel's items last unless a step says otherwise (see
    :func:`usual_lengths`); longer items show their end.
    """
    usual = usual or {}
    if not items:
        return _("(no items)") + "\n"
    lines: list[str] = []
    campaigns = list(dict.fromkeys(i.campaign for i in items))
    for campaign in campaigns:
        own = [i for i in items if i.campaign == campaign]
        if lines:
            lines.append("")
        with i18n.speaking(_spoken(own[0].locale)):
            lines.extend(_campaign_table(campaign, own, usual, labels))
    return "\n".join(lines) + "\n"


def _campaign_table(
    campaign: str, own: Sequence[Item], usual: Mapping[str, timedelta], labels: Labels | None
) -> list[str]:
    """One campaign's part of the table, in the current language."""
    locale = i18n.language()
    channels = {key: _channel(key, locale, labels) for key in {i.channel for i in own}}
    lines = [campaign, "=" * len(campaign)]
    stage_w = max(len(journey.label(i.stage, locale)) for i in own)
    channel_w = max(len(channels[i.channel]) for i in own)
    time_w = max(len(_time(i, locale, usual)) for i in own)
    day = None
    for item in own:
        if item.start.date() != day:
            day = item.start.date()
            lines.append(long_date(item.start, locale))
        moment, label = _time(item, locale, usual), journey.label(item.stage, locale)
        lines.append(
            f"  {moment:<{time_w}}  {label:<{stage_w}}"
            f"  {channels[item.channel]:<{channel_w}}  {item.title}"
        )
    return lines


def usual_lengths(channels: Iterable[Channel]) -> dict[str, timedelta]:
    """How long each channel's items last unless a step sets a `duration`: a day for an
    all-day channel, else its `duration`."""
    return {c.key: timedelta(days=1) if c.all_day else c.duration for c in channels}


def render(
    items: Sequence[Item],
    fmt: str,
    usual: Mapping[str, timedelta] | None = None,
    labels: Labels | None = None,
) -> str:
    """``usual`` (table and markdown): see :func:`usual_lengths`; JSON and CSV have `end`.
    ``labels`` names channels for people (``ChannelSet.label``)."""
    writer = {"table": as_table, "json": as_json, "csv": as_csv, "markdown": as_markdown}[fmt]
    return writer(items, usual, labels) + ("\n" if fmt == "json" else "")
