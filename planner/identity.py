"""What makes an item itself: the identity of its step, and the workspace it belongs to.

An item's id is a hash of its campaign, its step's identity, its channel, its kind and its
occurrence (plan.item_id). A step's identity is its `id` key when it has one, else what the
step *is*: its stage and its content. Inserting, removing or reordering other steps leaves it
alone; another stage or another content makes another step, whose items are new items (the old
ones leave the plan, they are never renamed into the new ones). The channel is left out of the
step's identity, as it is part of the item's id already: adding a channel to a step adds items
and leaves the other channels' ones as they were.

Two steps with the same stage and content on the same channel are told apart by their order
among those identical ones alone (the first has no number, the next ``.1`` and so on), so that
other steps moving around them changes nothing.

Before this, a step without `id` was identified by its position (``str(index)``): a store made
then is re-keyed by its next sync (planner.adopt), which needs the positional id of each item:
:func:`positional_id`.

The workspace's identity (``[shop] id`` in planner.toml) is part of every UID written in an
.ics, a feed or a CalDAV calendar: two shops started from the same example must not give the
same UIDs, or a calendar holding both would let one overwrite the other.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .atomic import atomic_file
from .channels import channel_key
from .errors import ConfigError
from .journey import fold
from .plan import item_id
from .workspace import SETTINGS_FILE

if TYPE_CHECKING:
    from .rules import Step
    from .workspace import Workspace

MEANING = "~"  # starts every identity made from a step's meaning, never a positional one
UID_DOMAIN = "@parcours"


def meaning(stage: str, content: str) -> str:
    """A step's identity from its stage and content; spacing, line breaks, letter case and
    accents do not count, so re-wrapping a long content or mending an accent keeps its items."""
    digest = hashlib.blake2b(f"{stage}\x1f{fold(content)}".encode(), digest_size=8).hexdigest()
    return MEANING + digest


def assign(steps: Sequence[Step]) -> None:
    """Set each step's identity per channel key, in file order: its `id`, else its meaning, with
    the rank among the earlier steps of the same meaning on that channel."""
    seen: dict[tuple[str, str], int] = {}
    for step in steps:
        if step.named:
            step.identity = {channel_key(name): step.key for name in step.channels}
            continue
        base = meaning(step.stage, step.content)
        identity: dict[str, str] = {}
        for channel in map(channel_key, step.channels):
            rank = seen.get((base, channel), 0)
            seen[base, channel] = rank + 1
            identity[channel] = base if rank == 0 else f"{base}.{rank}"
        step.identity = identity


def positional_id(campaign_key: str, step: int, channel: str, kind: str, occurrence: int) -> str:
    """The id an item had when a step without `id` was known by its position (until store
    revision 0007): what the stored rows of an older store are found by."""
    return item_id(campaign_key, str(step), channel, kind, occurrence)


def new_workspace_id() -> str:
    """Twelve random lowercase letters and digits: short enough to read in a UID, enough that
    two shops never draw the same (one chance in 4.7e18 for a pair)."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def uid_suffix(workspace_id: str | None) -> str:
    """What follows an item's id in its UID: the workspace's identity, then the domain that
    says the event is Parcours's (planner publish deletes only those)."""
    return f"-{workspace_id}{UID_DOMAIN}" if workspace_id else UID_DOMAIN


def workspace_id_line(workspace_id: str) -> str:
    """planner.toml's line for the identity, saying what it is for."""
    return f"id = \"{workspace_id}\"  # this shop's part of every event's UID: keep it"


def workspace_id(workspace: Workspace) -> str | None:
    """The workspace's identity. A workspace from before identities gets one now, kept in
    memory until :func:`save_workspace_id` writes it, once the command has done its work (a
    command that fails changes nothing). Outside a workspace (no planner.toml) there is
    none: the examples run from a clone carry no shop."""
    settings, src = workspace.settings, workspace.settings.source
    if settings.id is None and src is not None:
        made = new_workspace_id()
        if "shop" in src.data and ("shop", -1, "") not in src.keys:
            # An inline or dotted [shop]: not ours to rewrite. Said before any work is done.
            raise ConfigError(
                "this workspace has no identity yet, and its [shop] is not a table of its own",
                src.pos("", "shop"),
                f"add to planner.toml a [shop] table holding: {workspace_id_line(made)}",
            )
        settings.id, settings.id_unsaved = made, True
    return settings.id


def save_workspace_id(workspace: Workspace) -> str | None:
    """Write the identity :func:`workspace_id` made into planner.toml's [shop] table (one line,
    the rest of the file untouched); the identity written, or None when there was nothing
    to write."""
    settings, src = workspace.settings, workspace.settings.source
    if not settings.id_unsaved or settings.id is None or src is None:
        return None
    path = workspace.root / SETTINGS_FILE
    raw = path.read_bytes().decode("utf-8")
    newline = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.splitlines()
    header = src.keys.get(("shop", -1, ""))
    if header is not None:
        lines.insert(header[0], workspace_id_line(settings.id))
    else:
        lines += ["", "[shop]", workspace_id_line(settings.id)]
    with atomic_file(path) as out:
        out.write((newline.join(lines) + newline).encode("utf-8"))
    settings.id_unsaved = False
    return settings.id
