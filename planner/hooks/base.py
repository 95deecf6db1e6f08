"""What every hook shares: its name, its lead, and the filter that picks its items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from ..channels import channel_key
from ..delivery import Delivery
from ..journey import stage_for

ITEM_KINDS = ("publish", "prepare")


@dataclass(frozen=True, slots=True)
class Filter:
    """The optional `channels`, `stages` and `kinds` of a [[hooks]] table; None: all."""

    channels: frozenset[str] | None = None
    stages: frozenset[str] | None = None
    kinds: frozenset[str] = frozenset(ITEM_KINDS)

    def matches(self, channel: str, stage: str, kind: str) -> bool:
        if self.channels is not None and channel_key(channel) not in self.channels:
            return False
        if self.stages is not None and (stage_for(stage) or stage) not in self.stages:
            return False
        return kind in self.kinds


@dataclass(frozen=True, slots=True, kw_only=True)
class HookBase:
    """The common part of the built-in hooks; subclasses add ``kind``, ``resend_safe``, ``fire``.

    Instances are immutable and ``fire`` keeps no state between calls, so a runner may call
    ``fire`` of one hook from several threads at once.
    """

    name: str
    lead: timedelta = timedelta(0)
    filter: Filter = field(default_factory=Filter)

    def matches(self, channel: str, stage: str, kind: str) -> bool:
        return self.filter.matches(channel, stage, kind)


def local_start(delivery: Delivery) -> str:
    """The item's start as ISO 8601 in its own zone: what its owner reads on a clock."""
    return delivery.start.astimezone(ZoneInfo(delivery.tzid)).isoformat()


def one_line(text: str) -> str:
    """``text`` with its line breaks and tabs turned into spaces, for line-based outputs."""
    return " ".join(text.split())
