"""An item made: its title and brief rendered from the step's content and the channel's
template (once a step and channel, unless a template reads the item's own date), its stable
id, and the preparation item a channel's lead time asks for before it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import i18n
from .channels import Channel
from .errors import quoted
from .i18n import _, ngettext
from .plan import Item, Warning_
from .render import Template, compile_template, title_of
from .rules import Step

if TYPE_CHECKING:
    from .items import CampaignState

PREPARE_LENGTH = timedelta(hours=1)


class Maker:
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
                        step=self.step.index, channel=channel_name(channel), day=start.date()
                    ),
                    self.where,
                    _("{channel} needs {days} of preparation").format(
                        channel=channel_name(channel), days=_days(channel.lead_time)
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
                        step=self.step.index, channel=channel_name(self.channel), why=message
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


def channel_name(channel: Channel) -> str:
    """The channel as the message's language names it."""
    return channel.label(i18n.language())


def _days(length: timedelta) -> str:
    days = length.days
    if not days:
        return f"{length}"
    return ngettext("{count} day", "{count} days", days).format(count=days)
