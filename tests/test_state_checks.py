"""Migrations 0003 and 0004: the state checks rewritten for speed keep every row and the same
rule, and a store of 0002 is brought to the newest schema with its rows."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from planner.store import MIGRATIONS, DeliveryRow, ItemRow, Store, open_store
from planner.sync import sync

from .storekit import T0, Recorder, hourly, write_as_old

# The fixture `store_url` (storekit.py says which database).
from .storekit import store_url_fixture as store_url_fixture


def migrate_to(url: str, revision: str) -> None:
    store = open_store(url, migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    store.close()


def check_text(store: Store, table: str) -> str:
    with store.begin() as conn:
        if store.is_sqlite:
            query = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"
        else:
            query = (
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = CAST(:t AS regclass) AND contype = 'c'"
            )
        return str(conn.execute(text(query), {"t": table}).scalar_one())


def test_a_store_of_0002_keeps_its_rows_and_its_rule(store_url: str) -> None:
    migrate_to(store_url, "0002")
    old = open_store(store_url, migrate=False)
    hook = Recorder()
    items = hourly(4)
    write_as_old(old, items, hook.name)
    i, d = ItemRow, DeliveryRow
    with old.begin(write=True) as conn:
        conn.execute(update(i).where(i.id == items[1].id).values(state="done"))
        conn.execute(update(d).where(d.item_id == items[2].id).values(state="delivered"))
        conn.execute(update(d).where(d.item_id == items[3].id).values(state="in_doubt"))
    assert " OR " not in check_text(old, "items")
    old.close()

    store = open_store(store_url)  # to the newest revision
    try:
        assert " OR " in check_text(store, "items")
        assert " OR " in check_text(store, "deliveries")
        with store.begin() as conn:
            assert sorted(conn.execute(select(i.state)).scalars()) == ["done"] + ["pending"] * 3
            assert sorted(conn.execute(select(d.state)).scalars()) == [
                "delivered",
                "in_doubt",
                "pending",
                "pending",
            ]
        for refused in (
            update(i).where(i.id == items[0].id).values(state="sent"),
            update(d).where(d.item_id == items[0].id).values(state="sent"),
        ):
            with pytest.raises(IntegrityError), store.begin(write=True) as conn:
                conn.execute(refused)
        # The runner's states and the owner's all still go in.
        later = sync(store, hourly(5), [hook], campaigns={"soldes": "Soldes"}, now=T0)
        assert later.added == 1
        with store.begin(write=True) as conn:
            for state in ("claimed", "failed", "missed", "cancelled", "pending"):
                conn.execute(update(d).where(d.item_id == items[0].id).values(state=state))
            for state in ("skipped", "removed", "pending"):
                conn.execute(update(i).where(i.id == items[0].id).values(state=state))
    finally:
        store.close()
