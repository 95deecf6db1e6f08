"""Checking a plan against the customer journey: missing stages, stages out of order, an
awareness start too late for the buying cycle."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from . import i18n, journey
from .channels import ChannelSet
from .errors import quoted
from .i18n import _
from .plan import Item, Warning_
from .rules import Campaign


def check_journey(campaign: Campaign, items: Sequence[Item], anchor: date | None) -> list[Warning_]:
    """Findings about one campaign's planned items (its own items only), in its locale."""
    with i18n.for_campaign(campaign.locale):
        return _journey(campaign, items, anchor)


def _journey(campaign: Campaign, items: Sequence[Item], anchor: date | None) -> list[Warning_]:
    said = i18n.language()
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
                    _("no touchpoint for the {stage} stage").format(
                        stage=journey.label(stage, said)
                    ),
                    where,
                    # The line to write is the rule file's: in the campaign's language.
                    _("add a [[step]] with {line}").format(
                        line=f'stage = "{journey.label(stage, "fr" if fr else "en")}"'
                    ),
                )
            )
    present = [s for s in campaign.stages if s in first]
    for earlier, later in itertools.pairwise(present):
        if first[later] < first[earlier]:
            found.append(
                Warning_(
                    "warning",
                    _(
                        "{later} starts {day}, before {earlier} ({earlier_day}): stages are out "
                        "of journey order"
                    ).format(
                        later=journey.label(later, said),
                        day=first[later],
                        earlier=journey.label(earlier, said),
                        earlier_day=first[earlier],
                    ),
                    where,
                    _("customers meet {earlier} before {later}; move one of them").format(
                        earlier=journey.label(earlier, said), later=journey.label(later, said)
                    ),
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
                    _(
                        "awareness starts {day}, {count} days before the anchor ({anchor}); the "
                        "buying cycle is {cycle} days"
                    ).format(
                        day=awareness, count=days, anchor=anchor, cycle=campaign.buying_cycle.days
                    ),
                    campaign.pos("buying_cycle").__str__(),
                    _("start awareness by {day}").format(day=latest),
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
            message = _(
                "{channel} has {count} items on {day}, over its cap of {cap} per day "
                "(campaigns: {names})"
            )
            found.append(_over(key, message.format(day=day, cap=cap, **_counts(key, its)), its))
    for (key, year, week), its in sorted(per_week.items()):
        cap = channels.get(key).cap_per_week
        if cap and len(its) > cap and shown & {i.campaign for i in its}:
            message = _(
                "{channel} has {count} items in week {week}, over its cap of {cap} per week "
                "(campaigns: {names})"
            )
            week_name = f"{year}-W{week:02d}"
            found.append(
                _over(key, message.format(week=week_name, cap=cap, **_counts(key, its)), its)
            )
    return found


def _counts(channel: str, items: list[Item]) -> dict[str, object]:
    names = ", ".join(sorted({i.campaign for i in items}))
    return {"channel": channel, "count": len(items), "names": names}


def _over(channel: str, message: str, items: list[Item]) -> Warning_:
    return Warning_(
        "warning",
        message,
        items[0].source,
        _(
            "plan these campaigns together (planner export with no RULES), or raise the cap in "
            "{file}"
        ).format(file=f"channels/{channel}.toml"),
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
                _(
                    "campaign name {name} is also the name of {place}: calendars, the page and "
                    "reminders will not tell them apart"
                ).format(name=quoted(campaign.name), place=earlier.pos("name")),
                str(campaign.pos("name")),
                _("give it a name of its own, e.g. {line}").format(
                    line=f'name = "{campaign.name} ({campaign.key})"'
                ),
            )
        )
    return found
