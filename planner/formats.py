"""The plan as text: a table for people (in the campaign's language), JSON, CSV, Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime

from . import journey
from .plan import JSON_KEYS, Item

FORMATS = ("table", "json", "csv", "markdown")


def long_date(moment: datetime, locale: str) -> str:
    """ "lundi 4 janvier 2027" / "Monday, January 4, 2027"."""
    import pendulum

    when = pendulum.instance(moment)
    if locale == "fr":
        text = when.format("dddd D MMMM YYYY", locale="fr")
        return text.replace(" 1 ", " 1er ", 1) if when.day == 1 else text
    return when.format("dddd, MMMM D, YYYY", locale="en")


def _time(item: Item, locale: str) -> str:
    if item.all_day:
        return "toute la journée" if locale == "fr" else "all day"
    return item.start.strftime("%H:%M")


def as_json(items: Sequence[Item]) -> str:
    return json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2)


def as_csv(items: Sequence[Item]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=JSON_KEYS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow(item.to_json())
    return out.getvalue()


def as_markdown(items: Sequence[Item]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    rows = [
        "| date | time | campaign | stage | channel | kind | title |",
        "|---|---|---|---|---|---|---|",
    ]
    for i in items:
        label = journey.label(i.stage, i.locale)
        rows.append(
            f"| {i.start.date()} | {_time(i, i.locale)} | {cell(i.campaign)} | {label} "
            f"| {i.channel} | {i.kind} | {cell(i.title)} |"
        )
    return "\n".join(rows) + "\n"


def as_table(items: Sequence[Item]) -> str:
    """Grouped by campaign, then by day, each day written out in the campaign's language."""
    if not items:
        return "(no items)\n"
    lines: list[str] = []
    campaigns = list(dict.fromkeys(i.campaign for i in items))
    for campaign in campaigns:
        own = [i for i in items if i.campaign == campaign]
        locale = own[0].locale
        if lines:
            lines.append("")
        lines.append(campaign)
        lines.append("=" * len(campaign))
        stage_w = max(len(journey.label(i.stage, locale)) for i in own)
        channel_w = max(len(i.channel) for i in own)
        time_w = max(len(_time(i, locale)) for i in own)
        day = None
        for item in own:
            if item.start.date() != day:
                day = item.start.date()
                lines.append(long_date(item.start, locale))
            lines.append(
                f"  {_time(item, locale):<{time_w}}  {journey.label(item.stage, locale):<{stage_w}}"
                f"  {item.channel:<{channel_w}}  {item.title}"
            )
    return "\n".join(lines) + "\n"


def render(items: Sequence[Item], fmt: str) -> str:
    return {"table": as_table, "json": as_json, "csv": as_csv, "markdown": as_markdown}[fmt](
        items
    ) + ("\n" if fmt == "json" else "")
