"""Which campaigns depend on each other: those that share a capped channel, since a cap counts
every campaign's items. Others can be planned apart, in any order, on any core."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .rules import Campaign

if TYPE_CHECKING:
    from .expand import Sources


def independent_groups(campaigns: Sequence[Campaign], sources: Sources) -> list[list[int]]:
    """Indexes of campaigns, grouped so that no two groups share a capped channel."""
    parent = list(range(len(campaigns)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, campaign in enumerate(campaigns):
        for name in sorted({c for step in campaign.steps for c in step.channels}):
            # This runs before expansion, so it is the first to meet an unknown channel.
            pos = next(s.pos("channels") for s in campaign.steps if name in s.channels)
            channel = sources.channels.get(name, pos)
            if not (channel.cap_per_day or channel.cap_per_week):
                continue
            if channel.key in owner:
                parent[root(index)] = root(owner[channel.key])
            else:
                owner[channel.key] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(campaigns)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values())


def relevant(campaigns: Sequence[Campaign], sources: Sources) -> list[Campaign]:
    """The campaigns to plan: every shown one, and the counted-only ones tied to a shown one.

    The order is kept, because caps are granted first come, first served.
    """
    keep: set[int] = set()
    for group in independent_groups(campaigns, sources):
        if any(not campaigns[i].counted_only for i in group):
            keep.update(group)
    return [c for i, c in enumerate(campaigns) if i in keep]
