"""What expansion produces: dated items, and the plan that holds them with its warnings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from . import i18n
from .errors import frame

KINDS = ("publish", "prepare")


@dataclass(frozen=True, slots=True)
class Item:
    """One dated touchpoint of a campaign on one channel.

    ``start`` and ``end`` are aware datetimes in the campaign's time zone (a ``ZoneInfo``);
    for an all-day item they are local midnights and ``end`` is exclusive.
    """

    id: str
    campaign: str
    stage: str
    step: int
    channel: str
    start: datetime
    end: datetime
    all_day: bool
    title: str
    brief: str
    kind: str
    source: str
    campaign_key: str = ""
    locale: str = "en"
    # Which of its step's occurrences on its channel (0 for a one-off step): part of its id.
    occurrence: int = 0

    @property
    def tzid(self) -> str:
        return str(getattr(self.start.tzinfo, "key", "UTC"))

    def to_json(self) -> dict[str, object]:
        """The object of ``planner plan --format json``: exactly DESIGN.md's keys."""
        return {
            "id": self.id,
            "campaign": self.campaign,
            "stage": self.stage,
            "step": self.step,
            "channel": self.channel,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "all_day": self.all_day,
            "title": self.title,
            "brief": self.brief,
            "kind": self.kind,
            "source": self.source,
        }


JSON_KEYS = (
    "id",
    "campaign",
    "stage",
    "step",
    "channel",
    "start",
    "end",
    "all_day",
    "title",
    "brief",
    "kind",
    "source",
)


def item_id(campaign_key: str, step_key: str, channel: str, kind: str, occurrence: int) -> str:
    """A stable id from what identifies an item (``step_key``: its step's identity, see
    planner.identity), so re-planning after an edit keeps it."""
    raw = f"{campaign_key}\x1f{step_key}\x1f{channel}\x1f{kind}\x1f{occurrence}"
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Warning_:
    """A finding of ``planner check`` or of expansion; ``level`` is "error" or "warning"."""

    level: str
    message: str
    where: str = ""
    hint: str | None = None
    # Said in the language it was found in (a campaign's warning in the campaign's language).
    language: str = field(default_factory=i18n.language, compare=False, repr=False)

    def __str__(self) -> str:
        with i18n.speaking(self.language):
            return frame(self.where, self.level, self.message, self.hint)


@dataclass(slots=True)
class Plan:
    items: list[Item] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    def sorted(self) -> list[Item]:
        return sorted(self.items, key=lambda i: (i.start, i.campaign, i.step, i.channel, i.id))
