"""The items of one step: its occurrences, a slot for each on each channel, and the item with
its title and brief. This is the per-item hot path of planning, so everything that does not
change from one occurrence to the next is computed once per step and channel."""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from . import i18n
from .channels import Channel
from .errors import LimitError, PlacementError, quoted
from .i18n import _, ngettext
from .journey import step_text
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .moves import OneDay, move_off, named
from .phrases import Window
from .placement import Clock, Slots, Usage, reason, reason_text
from .plan import Item, Warning_
from .render import Template, compile_template, title_of
from .rules import Campaign, Step

ASAP_SEARCH_DAYS = 60
ONE_DAY = timedelta(days=1)
PREPARE_LENGTH = timedelta(hours=1)


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
    maker = _Maker(state, step, channel, content)
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
                            channel=_channel(channel),
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
    name = _channel(channel)
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
                    channel=_channel(channel),
                    day=named(move.day),
                    new=named(move.slot.date()),
                    why=move.why,
                ),
                str(step.pos("when") or state.campaign.path),
                _(
                    "to choose the day yourself, write in `when` a day {channel} is used, such as "
                    '"{day}"'
                ).format(channel=_channel(channel), day=move.slot.date()),
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
        move.hint
        if move is not None and move.hint
        else _(
            "widen the window, pick another channel, or relax the channel's constraints in {file}"
        ).format(file=f"channels/{channel.key}.toml"),
        step=step.index,
        constraint=why,
    )


class _Maker:
    """Builds the items of one step on one channel; renders once unless a template reads the
    item's own date."""

    def __init__(
        self, state: CampaignState, step: Step, channel: Channel, content: Template
    ) -> None:
        campaign = state.campaign
        self.state, self.step, self.channel, self.content = state, step, channel, content
        self.source = f"{campaign.source or campaign.path}:{step.line}"
        self.where = f"{campaign.path}:{step.line}"  # for messages: from the current folder
        self.wrapper = (
            compile_template(channel.template, channel.template_pos, state.limits)
            if channel.template
            else None
        )
        self.per_item = content.per_item or (self.wrapper is not None and self.wrapper.per_item)
        self.cached: tuple[str, str] | None = None
        self.length = step.duration or channel.duration
        fr = campaign.locale == "fr"
        self.prepare_prefix = "Préparer : " if fr else "Prepare: "
        ident = f"{campaign.key}\x1f{step.identity[channel.key]}\x1f{channel.key}\x1f"
        self.publish_hash = hashlib.blake2b(f"{ident}publish\x1f".encode(), digest_size=8)
        self.prepare_hash = hashlib.blake2b(f"{ident}prepare\x1f".encode(), digest_size=8)
        self.common: dict[str, Any] = {
            "campaign": campaign.name,
            "stage": step.stage,
            "step": step.index,
            "channel": channel.key,
            "source": self.source,
            "campaign_key": campaign.key,
            "locale": campaign.locale,
        }

    def _id(self, base: Any, occurrence: int) -> str:
        # Same value as plan.item_id(), without re-hashing the constant prefix every time.
        digest = base.copy()
        digest.update(str(occurrence).encode())
        return str(digest.hexdigest())

    def items(self, slot: datetime, occurrence: int) -> Iterator[Item]:
        channel, step = self.channel, self.step
        tz = slot.tzinfo
        if channel.all_day:
            days = max(1, step.duration.days) if step.duration else 1
            end = self.state.clock.midnight(slot.date() + timedelta(days=days))
        else:
            # Durations are elapsed time: a 48-hour sale across a clock change lasts 48 hours.
            end = (slot.astimezone(UTC) + self.length).astimezone(tz)
        title, brief = self.cached or self._render(slot)
        if channel.lead_time:
            yield self._prepare(slot, title, brief, occurrence)
        yield Item(
            id=self._id(self.publish_hash, occurrence),
            start=slot,
            end=end,
            all_day=channel.all_day,
            title=title,
            brief=brief,
            kind="publish",
            occurrence=occurrence,
            **self.common,
        )

    def _prepare(self, slot: datetime, title: str, brief: str, occurrence: int) -> Item:
        channel, state = self.channel, self.state
        wall = datetime.combine(slot.date(), slot.time()) - channel.lead_time
        start = state.clock.at(wall.date(), wall.time())
        if start < state.earliest:
            state.warnings.append(
                Warning_(
                    "warning",
                    _("step {step} on {channel}: preparation should have started on {day}").format(
                        step=self.step.index, channel=_channel(channel), day=start.date()
                    ),
                    self.where,
                    _("{channel} needs {days} of preparation").format(
                        channel=_channel(channel), days=_days(channel.lead_time)
                    ),
                )
            )
        end = (start.astimezone(UTC) + PREPARE_LENGTH).astimezone(start.tzinfo)
        return Item(
            id=self._id(self.prepare_hash, occurrence),
            start=start,
            end=end,
            all_day=False,
            title=self.prepare_prefix + title,
            brief=brief,
            kind="prepare",
            occurrence=occurrence,
            **self.common,
        )

    def _check_length(self, brief: str) -> None:
        why = _too_long(self.channel, brief)
        if why is not None:
            message, foreign = why
            self.state.warnings.append(
                Warning_(
                    "warning",
                    _("step {step} on {channel}: {why}").format(
                        step=self.step.index, channel=_channel(self.channel), why=message
                    ),
                    self.where,
                    _("shorten the content, or avoid characters outside the GSM alphabet")
                    if foreign
                    else _("shorten the content"),
                )
            )

    def _render(self, slot: datetime) -> tuple[str, str]:
        campaign, step, channel = self.state.campaign, self.step, self.channel
        context: dict[str, Any] = {
            "offer": step.offer,
            "campaign": {
                "name": campaign.name,
                "anchor": campaign.anchor,
                "hashtags": campaign.hashtags,
                "description": campaign.description,
                "locale": campaign.locale,
            },
            "shop": {"name": self.state.shop_name},
            "step": {"index": step.index, "stage": step.stage, "title": step.title},
            "channel": {"key": channel.key, "name": channel.name},
        }
        if self.per_item:
            context["item"] = {
                "start": slot.isoformat(),
                "date": slot.date().isoformat(),
                "time": slot.strftime("%H:%M"),
            }
        content = self.content.render(context)
        brief = self.wrapper.render({**context, "content": content}) if self.wrapper else content
        if self.cached is None:
            self._check_length(brief)
        rendered = (title_of(step.title or content, channel.label(campaign.locale)), brief)
        if not self.per_item:
            self.cached = rendered
        return rendered


def _too_long(channel: Channel, brief: str) -> tuple[str, bool] | None:
    """Why ``brief`` is too long for ``channel``, and whether a character outside the GSM
    alphabet made it so; None when it fits."""
    if channel.max_length and len(brief) > channel.max_length:
        message = _("the brief has {count} characters, more than {most}")
        return message.format(count=len(brief), most=channel.max_length), False
    if channel.max_segments:
        from .sms import segments

        used = segments(brief)
        if used.count > channel.max_segments:
            fields = {
                "count": used.count,
                "size": used.per_segment,
                "encoding": used.encoding,
                "most": channel.max_segments,
            }
            if used.first_foreign:
                message = _(
                    "the brief takes {count} SMS segments of {size} {encoding} characters "
                    "({char} is not in the GSM alphabet), more than {most}"
                )
                return message.format(char=quoted(used.first_foreign), **fields), True
            message = _(
                "the brief takes {count} SMS segments of {size} {encoding} characters, more "
                "than {most}"
            )
            return message.format(**fields), False
    return None


def _channel(channel: Channel) -> str:
    """The channel as the message's language names it."""
    return channel.label(i18n.language())


def _days(length: timedelta) -> str:
    days = length.days
    if not days:
        return f"{length}"
    return ngettext("{count} day", "{count} days", days).format(count=days)
