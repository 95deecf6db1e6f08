"""Re-keying a store made before ids came from meaning (migration 0007): each stored row whose
id was made from its step's position takes the id of the planned item it is, with its state,
sequence and deliveries (delivered, done, skipped: nothing is lost, nothing moves to another
item).

A row is that item when the row's id is the item's positional id
(planner.identity.positional_id) at the row's step number, and the row says the same of the
item: same stage, channel and kind, and the same title or the same brief. The item's own step
number is tried first, then the others the rows hold: a rule file edited between the last sync
of the older Parcours and this one (a step inserted at the top) moved its steps, not their
stage, channel and content, which is what keeps a state from passing to another item.

A row no planned item takes keeps its id and is what it always was to a sync: an item the plan
no longer has (removed if pending, kept as it is if marked).

Run by sync inside its transaction, for the campaigns it looks at, while ``meta.positional``
says rows are left; deliveries keep their own ids (the webhooks' Idempotency-Key).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Connection, String, bindparam, delete, insert, select, true, update

from .bulk import fetch_in
from .identity import positional_id
from .plan import Item
from .store import DeliveryRow, ItemRow, MetaRow

_LEFT = "positional"  # the meta key: how many rows of positional ids may be left


def left(conn: Connection) -> bool:
    """Whether rows with positional ids may be left (none in a store made since 0007)."""
    found = conn.execute(select(MetaRow.value).where(MetaRow.key == _LEFT)).scalar()
    return bool(found)


def adopt(conn: Connection, items: Iterable[Item], campaigns: Collection[str]) -> int:
    """Give the positional rows of ``campaigns`` the ids of the planned ``items`` they are;
    the number of rows re-keyed. The other positional rows of those campaigns stop being
    positional: the plan has nothing that they are."""
    i = ItemRow
    keys = sorted(campaigns)
    columns = (i.id, i.step, i.stage, i.channel, i.kind, i.title, i.brief)
    rows = fetch_in(
        conn,
        lambda chunk: select(*columns).where(i.campaign_key.in_(chunk), i.positional == true()),
        keys,
    )
    stored: dict[str, tuple[Any, ...]] = {row[0]: tuple(row[1:]) for row in rows}
    pairs: dict[str, str] = {}  # old id → new id
    numbers = sorted({row[0] for row in stored.values()})
    for item in items if stored else ():
        if item.campaign_key not in campaigns:
            continue
        # Its own position first; then the others, for a rule file edited between the last
        # sync of the older Parcours and this one (a step inserted above it).
        for number in (item.step, *(n for n in numbers if n != item.step)):
            old = positional_id(item.campaign_key, number, item.channel, item.kind, item.occurrence)
            if old == item.id:  # a step with an `id` key: its rows have their ids already
                break
            row = stored.get(old)
            if row is None or old in pairs:
                continue
            step, stage, channel, kind, title, brief = row
            same = (step, stage, channel, kind) == (number, item.stage, item.channel, item.kind)
            if same and (title == item.title or brief == item.brief):
                pairs[old] = item.id
                break
    if pairs:
        # An id by meaning stored already belongs to an item of its own: never merged into.
        taken = fetch_in(
            conn, lambda chunk: select(i.id).where(i.id.in_(chunk)), list(pairs.values())
        )
        clash = {row[0] for row in taken}
        pairs = {old: new for old, new in pairs.items() if new not in clash}
    if pairs:
        _rename(conn, pairs)
    if keys:
        conn.execute(
            update(i)
            .where(i.campaign_key.in_(keys), i.positional == true())
            .values(positional=False)
        )
        rest = conn.execute(select(i.id).where(i.positional == true()).limit(1)).first()
        if rest is None:
            conn.execute(update(MetaRow).where(MetaRow.key == _LEFT).values(value=0))
    return len(pairs)


def _rename(conn: Connection, pairs: dict[str, str]) -> None:
    """A row's id is its primary key and its deliveries' foreign key: the row is copied under
    the new id, its deliveries moved to it, and the old row deleted."""
    i, d = ItemRow, DeliveryRow
    rest = [c.name for c in ItemRow.__table__.c if c.name != "id"]
    copy = insert(i).from_select(
        ["id", *rest],
        select(bindparam("new", type_=String), *(getattr(i, name) for name in rest)).where(
            i.id == bindparam("old")
        ),
    )
    params = [{"old": old, "new": new} for old, new in pairs.items()]
    conn.execute(copy, params)
    conn.execute(
        update(d).where(d.item_id == bindparam("old")).values(item_id=bindparam("new")), params
    )
    conn.execute(delete(i).where(i.id == bindparam("old")), params)
