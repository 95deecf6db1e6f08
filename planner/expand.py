"""Expansion: (campaigns, channels, events, closures, start, now) → dated items.

A pure function of its arguments: it reads no clock and no database. Steps are placed in
dependency order (a step that says "3 to 5 days after awareness" waits for awareness), each item
on the first slot that every constraint allows.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from . import i18n
from .channels import ChannelSet
from .closures import Closures
from .errors import (
    EventError,
    LimitError,
    PlacementError,
    Pos,
    UserError,
    quoted,
)
from .events import Catalog
from .i18n import _
from .items import CampaignState, occurrence_dates, step_items
from .journey import step_text
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .phrases import OPEN_DAYS, Window, in_range
from .phrases.types import years_hint
from .placement import Clock, Usage
from .plan import Item, Plan, Warning_
from .rules import Campaign, Step
from .stepcontext import StepContext, step_window
from .steporder import order_steps


class Budget:
    """The items a plan may still place ([limits] items), spent by every campaign planned,
    counted-only ones included, as each item is made: the error comes after the limit and
    one, before the rest of the plan is made."""

    __slots__ = ("left", "limits")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.left = limits.items

    def spend(self, campaign: Campaign, items: Iterable[Item]) -> Iterator[Item]:
        """``items`` of ``campaign``, each spending one; the error after the last allowed."""
        for item in items:
            self.left -= 1
            if self.left < 0:
                raise self.exceeded(campaign, item)
            yield item

    def exceeded(self, campaign: Campaign, item: Item) -> LimitError:
        step = campaign.steps[item.step - 1]
        return LimitError(
            _(
                "the plan has more than {count} items, the limit of [limits] items, once {step} "
                "adds its own"
            ).format(count=i18n.number(self.limits.items), step=step_text(step.index, step.stage)),
            step.repeat_pos,
            _("plan fewer campaigns at once, or repeat less often; {how}").format(
                how=self.limits.hint("items")
            ),
            limit="items",
        )


@dataclass(slots=True)
class Sources:
    """What expansion reads besides the rules: channels, named events and closures."""

    channels: ChannelSet
    events: Catalog
    closures: Closures
    shop_name: str = ""
    limits: Limits = DEFAULT_LIMITS


def resolve_anchor(campaign: Campaign, events: Catalog, start: date) -> date | None:
    """The campaign's anchor date: an ISO date, a named event's next occurrence, or None."""
    if campaign.is_asap:
        return None
    pos = campaign.pos("anchor")
    try:
        if (day := campaign.anchor_date) is not None:
            if not in_range(day):
                raise UserError(
                    _("the year {year} is out of range").format(year=day.year), pos, years_hint()
                )
            return day
    except ValueError:
        raise _impossible_date(campaign.anchor, pos) from None
    key = events.key_for(campaign.anchor, campaign.country)
    if key is None:
        close = events.suggest(campaign.anchor)
        raise EventError(
            _("unknown event {event}").format(event=quoted(campaign.anchor)),
            pos,
            _("did you mean '{word}'?").format(word=close[0])
            if close
            else _('use an event such as "valentines_day", an ISO date, or "asap"'),
            event=campaign.anchor,
            country=campaign.country,
        )
    try:
        if campaign.year is not None:
            return events.date(key, campaign.country, campaign.year)[0]
        return events.next_from(key, campaign.country, start)[0]
    except EventError as exc:
        exc.pos = exc.pos or pos
        raise


def _impossible_date(text: str, pos: Pos) -> UserError:
    """The error for an ISO-shaped date that does not exist, pointing at its month or day."""
    year, month, day = (int(part) for part in text.split("-"))
    if year < 1:
        return UserError(
            _("there is no year 0"), pos, _("write the year in four digits, e.g. 2027")
        )
    if not 1 <= month <= 12:
        return UserError(
            _("there is no month {month}").format(month=month),
            pos.shifted(5),
            _("months go from 01 to 12"),
        )
    from babel.dates import format_date

    name = format_date(date(year, month, 1), "MMMM y", locale=i18n.language())
    days = calendar.monthrange(year, month)[1]
    return UserError(
        _("there is no day {day} in {month}").format(day=day, month=name),
        pos.shifted(8),
        _("{month} has {count} days").format(month=name, count=days),
    )


def iter_items(
    campaigns: Sequence[Campaign],
    sources: Sources,
    *,
    start: date,
    now: datetime | None = None,
    warnings: list[Warning_] | None = None,
    usage: Usage | None = None,
    budget: Budget | None = None,
) -> Iterator[Item]:
    """Yield the items of every campaign, step by step, without holding them all.

    Counted-only campaigns (the rest of the workspace) are placed, so that channel caps count
    their items, but yield nothing; one that fails is reported and counted no further. Every
    item spends ``budget`` (by default [limits] items for these campaigns alone).
    """
    from .groups import relevant

    usage = usage if usage is not None else Usage()
    budget = budget if budget is not None else Budget(sources.limits)
    sink: list[Warning_] = warnings if warnings is not None else []
    for campaign in relevant(campaigns, sources):
        if not campaign.counted_only:
            yield from budget.spend(
                campaign, campaign_items(campaign, sources, start, now, usage, sink)
            )
            continue
        try:
            for _ in budget.spend(
                campaign, campaign_items(campaign, sources, start, now, usage, [])
            ):
                pass
        except UserError as exc:
            if isinstance(exc, LimitError) and exc.limit == "items":
                raise  # the whole plan's limit, not this campaign's mistake
            sink.append(
                Warning_(
                    "warning",
                    _("{file} is not counted for channel caps: {why}").format(
                        file=campaign.path, why=exc.message
                    ),
                    str(exc.pos or campaign.path),
                    _("fix that campaign, or plan it alone to see its error"),
                )
            )


def expand(
    campaigns: Sequence[Campaign], sources: Sources, *, start: date, now: datetime | None = None
) -> Plan:
    plan = Plan()
    plan.items = list(iter_items(campaigns, sources, start=start, now=now, warnings=plan.warnings))
    return plan


def campaign_items(
    campaign: Campaign,
    sources: Sources,
    start: date,
    now: datetime | None,
    usage: Usage,
    warnings: list[Warning_],
) -> Iterator[Item]:
    """The items of one campaign; its warnings and errors are said in its own locale (unless
    the user chose the language). The language is set around each step of the generator
    only: what the caller does between two items stays in its own language."""
    made = _campaign_items(campaign, sources, start, now, usage, warnings)
    while True:
        with i18n.for_campaign(campaign.locale):
            item = next(made, None)
        if item is None:
            return
        yield item


def _campaign_items(
    campaign: Campaign,
    sources: Sources,
    start: date,
    now: datetime | None,
    usage: Usage,
    warnings: list[Warning_],
) -> Iterator[Item]:
    tz = ZoneInfo(campaign.timezone)
    clock = Clock(tz)
    earliest = now.astimezone(tz) if now is not None else clock.midnight(start)
    if campaign.country:
        # A country the rule file does not set comes from planner.toml: point there.
        where = campaign.positions.get("country") or sources.closures.pos
        sources.closures.check_country(campaign.country, where or campaign.pos(""))
    anchor = resolve_anchor(campaign, sources.events, start)
    spans: dict[int, tuple[date, date]] = {}
    for channel_name in {c for s in campaign.steps for c in s.channels}:
        sources.channels.get(channel_name, _channel_pos(campaign, channel_name))
    closures, country = sources.closures, campaign.country
    state = CampaignState(
        campaign,
        clock,
        earliest,
        usage,
        warnings,
        sources.shop_name,
        is_closed=lambda day: closures.is_closed(day, country),
        is_holiday=lambda day: closures.is_holiday(day, country),
        holiday_name=lambda day: closures.holiday_name(day, country),
        limits=sources.limits,
    )
    for step in order_steps(campaign):
        ctx = StepContext(campaign, anchor, start, sources, spans, step)
        window, one = step_window(step, ctx, start)
        if window.guessed:
            warnings.append(_open_end(step, window, campaign.locale == "fr"))
        dates = occurrence_dates(step, window, anchor, ctx.is_business_day, sources.limits)
        channels = [sources.channels.get(name, step.pos("channels")) for name in step.channels]
        first_day, last_day = None, None
        for item in step_items(
            state, step, window, dates, channels, one if dates is None else None
        ):
            if item.kind == "publish":
                day = item.start.date()
                first_day = day if first_day is None or day < first_day else first_day
                last_day = day if last_day is None or day > last_day else last_day
            yield item
        if first_day is None or last_day is None:  # step_items raises before this
            raise PlacementError(_("step produced no item"), step.pos("when"), step=step.index)
        spans[step.index] = (first_day, last_day)


def _open_end(step: Step, window: Window, fr: bool) -> Warning_:
    """ "from March 3" names no end: say which one the plan took, and how to write it."""
    first, last = window.start.isoformat(), window.end.isoformat()
    example = f"du {first} au {last}" if fr else f"from {first} to {last}"
    return Warning_(
        "warning",
        _(
            "{step}: {phrase} gives no end and the campaign no anchor after it: planned from "
            "{first} to {last}, {count} days"
        ).format(
            step=step_text(step.index, step.stage),
            phrase=quoted(step.when.text),
            first=first,
            last=last,
            count=OPEN_DAYS,
        ),
        str(step.pos("when")),
        _("write the end you mean, e.g. {example}").format(example=quoted(example)),
    )


def _channel_pos(campaign: Campaign, name: str) -> Any:
    return next((s.pos("channels") for s in campaign.steps if name in s.channels), None)
