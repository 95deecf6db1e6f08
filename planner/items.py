"""The items of one step: its occurrences, a slot for each on each channel, and the item with
its title and brief. This is the per-item hot path of planning, so everything that does not
change from one occurrence to the next is computed once per step and channel."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from . import i18n
from .channels import Channel
from .errors import LimitError, PlacementError, quoted
from .i18n import _
from .journey import step_text
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .making import Maker, channel_name
from .moves import OneDay, move_off, named
from .phrases import Window
from .placement import Clock, Slots, Usage, reason, reason_text
from .plan import Item, Warning_
from .render import Template, compile_template
from .rules import Campaign, Step

ASAP_SEARCH_DAYS = 60
ONE_DAY = timedelta(days=1)


@dataclass(slots=True)
class CampaignState:
    """What the steps of one campaign share while it is being placed."""

    campaign: Campaign
    clock: Clock
    earliest: datetime
    usage: Usage
    warnings: list[Warning_]
    shop_name: str
    is_closed: Callable[[date], bool]
    is_holiday: Callable[[date], bool]
    holiday_name: Callable[[date], str | None]
    local: dict[tuple[str, int], set[time]] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS


def occurrence_dates(
    step: Step,
    window: Window,
    anchor: date | None,
    is_business_day: Callable[[date], bool],
    limits: Limits = DEFAULT_LIMITS,
) -> list[date] | None:
    """The days a repeating step recurs on, or None for a one-off step. More than
    ``limits.occurrences`` is an error, found after that many and one: a step may place one
    item a day on each of its channels, and the days are never all listed first."""
    recurrence = step.every or step.when.recurrence
    if recurrence is None:
        return None
    last = window.end
    if window.asap or window.start == window.end:
        # A one-day window with `every` runs until the campaign's end: its anchor.
        if anchor is None or anchor <= window.start:
            raise PlacementError(
                _("a repeating step needs an end"),
                step.repeat_pos,
                _('give the step a window (when = "du 4 au 24 janvier") or the campaign an anchor'),
                step=step.index,
                constraint="every",
            )
        last = anchor
    most = limits.occurrences
    dates = list(itertools.islice(recurrence.dates(window.start, last, is_business_day), most + 1))
    if len(dates) > most:
        raise LimitError(
            _(
                "{step} repeats more than {count} times from {first} to {last}, the limit of "
                "[limits] occurrences"
            ).format(
                step=step_text(step.index, step.stage),
                count=i18n.number(most),
                first=window.start,
                last=last,
            ),
            step.repeat_pos,
            _("repeat less often or over a shorter window; {how}").format(
                how=limits.hint("occurrences")
            ),
            limit="occurrences",
        )
    return dates


def step_items(
    state: CampaignState,
    step: Step,
    window: Window,
    dates: list[date] | None,
    channels: list[Channel],
    one_day: OneDay | None = None,
) -> Iterator[Item]:
    """``one_day``: the step's window when it is one day the user named, which moves off a day
    the channel does not use (see moves.py)."""
    content = compile_template(step.content, step.pos("content"), state.limits)
    if step.every is None and dates is not None and len(dates) > 1:
        state.warnings.append(_series(state, step, dates))
    for channel in channels:
        yield from _channel_items(state, step, window, dates, channel, content, one_day)


def _spans(window: Window, dates: list[date] | None) -> list[tuple[date, date]]:
    """Where each occurrence may land: from its day to the day before the next one."""
    if dates is None:
        last = window.start + timedelta(days=ASAP_SEARCH_DAYS) if window.asap else window.end
        return [(window.start, last)]
    spans = [(d, n - ONE_DAY) for d, n in itertools.pairwise(dates)]
    if dates:
        spans.append((dates[-1], max(dates[-1], window.end)))
    return spans


def _channel_items(
    state: CampaignState,
    step: Step,
    window: Window,
    dates: list[date] | None,
    channel: Channel,
    content: Template,
    one_day: OneDay | None,
) -> Iterator[Item]:
    slots = Slots(
        channel,
        step.at or channel.best_times,
        state.earliest,
        state.clock,
        state.usage,
        state.local,
        state.is_closed,
        state.is_holiday,
    )
    maker = Maker(state, step, channel, content)
    if channel.all_day and step.at:
        state.warnings.append(_at_dropped(state, step, channel))
    placed = 0
    for occurrence, (first, last) in enumerate(_spans(window, dates)):
        slot = slots.first(first, last)
        if slot is None:
            rejected = slots.explain(first, last)
            if dates is None:
                slot = _moved(state, step, slots, one_day, rejected, (first, last))
            elif set(rejected) != {"already past"}:
                state.warnings.append(
                    Warning_(
                        "warning",
                        _(
                            "step {step} on {channel}: no slot for the occurrence of {day} ({why})"
                        ).format(
                            step=step.index,
                            channel=channel_name(channel),
                            day=first,
                            why=reason_text(rejected),
                        ),
                        maker.where,
                    )
                )
            if slot is None:
                continue
        slots.take(slot)
        placed += 1
        yield from maker.items(slot, occurrence)
    if not placed:
        raise PlacementError(
            _("{step} on {channel}: no occurrence could be placed from {first} to {last}").format(
                step=step_text(step.index, step.stage),
                channel=channel.label(i18n.language()),
                first=window.start,
                last=window.end,
            ),
            step.repeat_pos,
            _("check the repetition against the channel's days"),
            step=step.index,
            constraint="every",
        )


def _series(state: CampaignState, step: Step, dates: list[date]) -> Warning_:
    """A `when` is one window: one that repeats by itself ("tous les lundis de janvier") is
    planned as written, and said, since "le lundi" may have meant one Monday."""
    # English has always shown "every Monday"; the parser reads either language.
    every = "tous les lundis" if i18n.language() == "fr" else "every Monday"
    return Warning_(
        "warning",
        _(
            "{step}: when = {phrase} repeats, {count} times from {first} to {last}, without `every`"
        ).format(
            step=step_text(step.index, step.stage),
            phrase=quoted(step.when.text),
            count=len(dates),
            first=dates[0],
            last=dates[-1],
        ),
        str(step.pos("when") or state.campaign.path),
        _(
            'for one day, name it (when = "{day}"); for a series, put the repetition in `every` '
            '(every = "{every}") and the window in `when`'
        ).format(day=dates[0].isoformat(), every=every),
    )


def _at_dropped(state: CampaignState, step: Step, channel: Channel) -> Warning_:
    """Times of day mean nothing to an all-day channel: say that they are dropped."""
    times = ", ".join(t.strftime("%H:%M") for t in step.at)
    name = channel_name(channel)
    return Warning_(
        "warning",
        _(
            "{step} on {channel}: at = {times} is dropped: {channel} items last the whole day"
        ).format(step=step_text(step.index, step.stage), channel=name, times=times),
        str(step.pos("at") or state.campaign.path),
        _("put {channel} in a step of its own, without `at`").format(channel=name)
        if len(step.channels) > 1
        else _("remove `at` from this step"),
    )


def _moved(
    state: CampaignState,
    step: Step,
    slots: Slots,
    one_day: OneDay | None,
    rejected: Counter[str],
    span: tuple[date, date],
) -> datetime:
    """The slot of a one-off step whose window has none: its one day moved to the channel's
    next usable day, with a warning; else the error naming the constraint that emptied it."""
    channel, why = slots.channel, reason(rejected)
    move = move_off(slots, one_day, why, state.holiday_name) if one_day is not None else None
    if move is not None and move.slot is not None:
        state.warnings.append(
            Warning_(
                "warning",
                _("{step} on {channel} moved from {day} to {new}: {why}").format(
                    step=step_text(step.index, step.stage),
                    channel=channel_name(channel),
                    day=named(move.day),
                    new=named(move.slot.date()),
                    why=move.why,
                ),
                str(step.pos("when") or state.campaign.path),
                _(
                    "to choose the day yourself, write in `when` a day {channel} is used, such as "
                    '"{day}"'
                ).format(channel=channel_name(channel), day=move.slot.date()),
            )
        )
        return move.slot
    raise PlacementError(
        _("{step} on {channel}: no free slot from {first} to {last} ({why})").format(
            step=step_text(step.index, step.stage),
            channel=channel.label(i18n.language()),
            first=span[0],
            last=span[1],
            why=reason_text(rejected),
        ),
        step.pos("when"),
        move.hint if move is not None and move.hint else _constraints_hint(channel),
        step=step.index,
        constraint=why,
    )


def _constraints_hint(channel: Channel) -> str:
    """Where the channel's days, times and caps can be changed: its file in the shop's
    channels/, which for a built-in channel does not exist until the shop copies it."""
    file = f"channels/{channel.key}.toml"
    if channel.builtin:
        return _(
            "widen the window, pick another channel, or give the shop its own {file}, a copy "
            "of {source}, with other days, times or caps"
        ).format(file=file, source=channel.source)
    return _(
        "widen the window, pick another channel, or relax the channel's constraints in {file}"
    ).format(file=file)
