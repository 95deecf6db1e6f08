"""What a sync compares: a digest of each planned item, and of each campaign's items.

A stored item whose digest equals the planned one needs nothing; a campaign whose digest equals
the one the last sync stored (campaigns.plan_digest) needs nothing at all, its rows neither
read nor written. Hashing is most of a re-sync's time, hence the shortcuts below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import groupby
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from .delivery import Hook
from .plan import Item

Want = tuple[tuple[str, timedelta], ...]
ID = attrgetter("id")
CAMPAIGN_KEY = attrgetter("campaign_key")
CAMPAIGN = attrgetter("campaign")
SECOND = itemgetter(1)
_PICKLED = methodcaller("__reduce__")  # a datetime's: (datetime, (10 bytes of state, tzinfo))


class Planned:
    """For each planned item, the hooks that want it (as (name, lead) pairs) and the digest of
    what a sync writes for it: a stored item with the same digest needs nothing, so an
    unchanged re-sync reads four columns instead of every field. The digest is a hash of the
    item's fields (MARK then 15 hex digits) then one of its hooks' names and leads (8): a sync
    can tell an item that moved from one whose reminders changed without reading the stored
    fields. A stored digest without MARK was made another way: sync compares that item field by
    field once, rather than take it for changed.

    The items of one step share everything but their id and times, so the hash of those
    shared fields is made once per step and copied for each item, which then adds its times:
    together a fifth of formatting every field of every item.
    """

    def __init__(self, hooks: Sequence[Hook]) -> None:
        names = [h.name for h in hooks]
        if len(set(names)) != len(names):
            raise ValueError(f"hook names must be unique: {names}")
        self.hooks = hooks
        self.wants: dict[tuple[str, str, str], tuple[Want, str]] = {}
        self.steps: dict[tuple[Any, ...], tuple[Want, Any, str]] = {}

    def __call__(self, x: Item) -> tuple[Want, str]:
        key = (
            x.campaign_key,
            x.campaign,
            x.stage,
            x.step,
            x.channel,
            x.kind,
            x.all_day,
            x.title,
            x.brief,
            x.source,
            x.start.tzinfo,  # tzid's zone, without the property's call
            x.locale,
        )
        found = self.steps.get(key)
        if found is None:
            if len(self.steps) >= STEPS_KEPT:  # briefs that differ per item: stay bounded
                self.steps.clear()
            want, hooks = self._want(x.channel, x.stage, x.kind)
            shared = hashlib.blake2b("\x1f".join(map(str, key)).encode(), digest_size=8)
            found = self.steps[key] = want, shared, hooks
        want, shared, hooks = found
        h = shared.copy()
        # Wall time and fold in the item's zone (among the shared fields) say the instant: the
        # ten bytes a datetime pickles them as (year to microsecond, fold in the month's high
        # bit), five times faster to get than to format them.
        h.update(_PICKLED(x.start)[1][0] + _PICKLED(x.end)[1][0])
        return want, MARK + h.hexdigest()[: FIELDS_PART - 1] + hooks

    def _want(self, channel: str, stage: str, kind: str) -> tuple[Want, str]:
        key = (channel, stage, kind)
        found = self.wants.get(key)
        if found is None:
            want = tuple((h.name, h.lead) for h in self.hooks if h.matches(*key))
            text = ";".join(f"{name}={lead}" for name, lead in want)
            found = want, hashlib.blake2b(text.encode(), digest_size=4).hexdigest()
            self.wants[key] = found
        return found


STEPS_KEPT = 50_000
FIELDS_PART = 16  # MARK and 15 hex digits for the item's fields; the 8 after them its hooks'
# How digests are made now; another letter when that changes (a-f would read as hex).
MARK = "t"


@dataclass(slots=True)
class Group:
    """A campaign's planned items, their hooks and digests, and a digest of them all."""

    items: list[Item] = field(default_factory=list)
    hashed: list[tuple[Want, str]] = field(default_factory=list)
    digest: str = ""


def by_campaign(plan: list[Item], hashed: list[tuple[Want, str]]) -> dict[str, Group]:
    """The plan cut into its campaigns. A plan comes campaign by campaign, so each run of one
    campaign's items is sliced whole rather than walked item by item."""
    keys = list(map(CAMPAIGN_KEY, plan))
    groups: dict[str, Group] = {}
    at = 0
    for key, run in groupby(keys):
        end = at + sum(1 for _ in run)
        group = groups.setdefault(key, Group())
        group.items += plan[at:end]
        group.hashed += hashed[at:end]
        at = end
    for group in groups.values():
        text = "".join(map(ID, group.items)) + "".join(map(SECOND, group.hashed))
        group.digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return groups
