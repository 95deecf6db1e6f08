"""Checking a plan against the customer journey: missing stages, stages out of order, an
awareness start too late for the buying cycle."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from . import journey
from .channels import ChannelSet
from .plan import Item, Warning_
from .rules import Campaign


def check_journey(campaign: Campaign, items: Sequence[Item], anchor: date | None) -> list[Warning_]:
    """Findings about one campaign's planned items (its own items only)."""
    found: list[Warning_] = []
    fr = campaign.locale == "fr"
    where = campaign.path
    first: dict[str, date] = {}
    for item in items:
        if item.kind != "publish":
            continue
        day = item.start.date()
        if item.stage not in first or day < first[item.stage]:
            first[item.stage] = day
    for stage in campaign.stages:
        if stage not in first:
            found.append(
                Warning_(
                    "warning",
                    f"no touchpoint for the {journey.label(stage, campaign.locale)} stage",
                    where,
                    f'add a [[step]] with stage = "{journey.label(stage, campaign.locale)}"'
                    if fr
                    else f'add a [[step]] with stage = "{stage}"',
                )
            )
    present = [s for s in campaign.stages if s in first]
    for earlier, later in itertools.pairwise(present):
        if first[later] < first[earlier]:
            found.append(
                Warning_(
                    "warning",
                    f"{later} starts {first[later]}, before {earlier} ({first[earlier]}): "
                    "stages are out of journey order",
                    where,
                    f"customers meet {earlier} before {later}; move one of them",
                )
            )
    awareness = first.get("awareness")
    if campaign.buying_cycle and anchor is not None and awareness is not None:
        latest = anchor - campaign.buying_cycle
        if awareness > latest:
            days = (anchor - awareness).days
            found.append(
                Warning_(
                    "warning",
                    f"awareness starts {awareness}, {days} days before the anchor ({anchor}); the "
                    f"buying cycle is {campaign.buying_cycle.days} days",
                    campaign.pos("buying_cycle").__str__(),
                    f"start awareness by {latest}",
                )
            )
    return found


def check_caps(items: Sequence[Item], channels: ChannelSet, shown: set[str]) -> list[Warning_]:
    """Days and weeks where a channel carries more than its cap, across every campaign.

    Placement never exceeds a cap; this catches what it cannot see: campaigns planned apart
    and exported one by one, or a cap lowered after the fact.
    """
    per_day: dict[tuple[str, date], list[Item]] = defaultdict(list)
    per_week: dict[tuple[str, int, int], list[Item]] = defaultdict(list)
    for item in items:
        if item.kind != "publish":
            continue
        day = item.start.date()
        iso = day.isocalendar()
        per_day[item.channel, day].append(item)
        per_week[item.channel, iso.year, iso.week].append(item)
    found: list[Warning_] = []
    for (key, day), its in sorted(per_day.items()):
        cap = channels.get(key).cap_per_day
        if cap and len(its) > cap and shown & {i.campaign for i in its}:
            found.append(_over(key, f"on {day}", len(its), f"{cap} per day", its))
    for (key, year, week), its in sorted(per_week.items()):
        cap = channels.get(key).cap_per_week
        if cap and len(its) > cap and shown & {i.campaign for i in its}:
            found.append(
                _over(key, f"in week {year}-W{week:02d}", len(its), f"{cap} per week", its)
            )
    return found


def _over(channel: str, when: str, count: int, cap: str, items: list[Item]) -> Warning_:
    names = ", ".join(sorted({i.campaign for i in items}))
    return Warning_(
        "warning",
        f"{channel} has {count} items {when}, over its cap of {cap} (campaigns: {names})",
        items[0].source,
        f"plan these campaigns together (planner export with no RULES), or raise the cap in "
        f"channels/{channel}.toml",
    )


def check_names(campaigns: Sequence[Campaign]) -> list[Warning_]:
    """Campaigns sharing a name, which calendars, the page and reminders would show alike
    (`planner new --example` once copied the example's name): one warning per later file,
    unless both are only counted for the caps."""
    found: list[Warning_] = []
    first: dict[str, Campaign] = {}
    for campaign in campaigns:
        earlier = first.setdefault(campaign.name.strip().casefold(), campaign)
        if earlier is campaign or (earlier.counted_only and campaign.counted_only):
            continue
        found.append(
            Warning_(
                "warning",
                f"campaign name {campaign.name!r} is also the name of {earlier.pos('name')}: "
                "calendars, the page and reminders will not tell them apart",
                str(campaign.pos("name")),
                f'give it a name of its own, e.g. name = "{campaign.name} ({campaign.key})"',
            )
        )
    return found
