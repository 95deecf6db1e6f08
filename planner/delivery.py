"""What a hook is given and how it answers: the contract between the runner and the hooks.

The runner claims a due delivery (one item × one hook) from the store, builds a
:class:`Delivery`, and calls the hook's ``fire``. Returning means delivered; raising
:class:`HookFailure` means not delivered (``retry``: worth trying again later, with back-off).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from .errors import PlannerError


@dataclass(frozen=True, slots=True)
class Delivery:
    """One item due for one hook. ``id`` is stable across retries and re-syncs: webhooks send
    it as the Idempotency-Key. Times are aware datetimes in UTC; ``tzid`` is the item's zone."""

    id: str
    hook: str
    due: datetime
    attempt: int  # 1 for the first try
    item_id: str
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
    tzid: str
    locale: str

    def item_json(self) -> dict[str, object]:
        """The item as `planner plan --format json` shows it, plus the delivery's id."""
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.tzid)
        return {
            "id": self.item_id,
            "campaign": self.campaign,
            "stage": self.stage,
            "step": self.step,
            "channel": self.channel,
            "start": self.start.astimezone(zone).isoformat(),
            "end": self.end.astimezone(zone).isoformat(),
            "all_day": self.all_day,
            "title": self.title,
            "brief": self.brief,
            "kind": self.kind,
            "source": self.source,
            "delivery_id": self.id,
        }


class HookFailure(PlannerError):
    """A hook could not deliver. ``retry`` says whether trying again later may succeed;
    ``retry_after``, when the receiver said how long to wait (HTTP Retry-After), is the
    earliest sensible next try: a runner may wait longer, not less."""

    def __init__(
        self, message: str, *, retry: bool = True, retry_after: timedelta | None = None
    ) -> None:
        super().__init__(message)
        self.retry = retry
        self.retry_after = retry_after


class Hook(Protocol):
    """A configured hook (planner.toml [[hooks]])."""

    @property
    def name(self) -> str:
        """Unique in the workspace: `name` from planner.toml, else "<kind>-<n>" (1-based)."""
        ...

    @property
    def kind(self) -> str: ...  # log | email | webhook | command | a plugin's name

    @property
    def lead(self) -> timedelta:
        """Fire this long before the item's start."""
        ...

    @property
    def resend_safe(self) -> bool:
        """True when sending twice is harmless (a webhook with an Idempotency-Key): an
        in-doubt delivery is retried; otherwise it is reported, never re-sent."""
        ...

    def matches(self, channel: str, stage: str, kind: str) -> bool:
        """Whether this hook wants items of this channel, stage and kind."""
        ...

    def fire(self, delivery: Delivery) -> None:
        """Deliver, or raise HookFailure."""
        ...
