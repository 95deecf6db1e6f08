"""The store: migrations on first use, SQLite's settings, UTC times, and clear messages for a
store that cannot be used (bad URL, server not answering, another process holding it)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import Result
from sqlalchemy import inspect, select, text

from planner.store import (
    MIGRATIONS,
    SCHEMA_REVISION,
    Base,
    ItemRow,
    Store,
    StoreError,
    open_store,
    read_revision,
)
from planner.sync import sync

from .conftest import ROOT, run_planner
from .storekit import T0, hourly

# The fixtures `store` and `store_url` (storekit.py says which database).
from .storekit import store_fixture as store_fixture
from .storekit import store_url_fixture as store_url_fixture

TABLES = {"alembic_version", "campaigns", "items", "deliveries", "meta", "runners"}


def test_a_new_store_is_migrated_to_the_newest_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == TABLES
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            SCHEMA_REVISION
        )
        assert read_revision(conn) == 0
        # What the migrations built is what the models say.
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        if store.is_sqlite:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_schema_revision_names_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def test_reopening_a_store_keeps_its_rows(store_url: str) -> None:
    first = open_store(store_url)
    sync(first, hourly(3), [], campaigns={}, now=T0)
    first.close()
    again = open_store(store_url)
    with again.begin() as conn:
        assert conn.execute(select(ItemRow.title).order_by(ItemRow.start)).scalars().all() == [
            "soldes #0",
            "soldes #1",
            "soldes #2",
        ]
        assert read_revision(conn) == 1
    again.close()


def test_times_go_in_as_any_zone_and_come_back_in_utc(store: Store) -> None:
    items = hourly(1)
    sync(store, items, [], campaigns={}, now=T0)
    with store.begin() as conn:
        start = conn.execute(select(ItemRow.start)).scalar_one()
    assert start == items[0].start
    assert start.tzinfo is UTC
    assert start == T0


def test_processes_opening_a_new_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    code = f"from planner.store import open_store\nopen_store({url!r})\nprint('ok')"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    assert [p.communicate(timeout=60)[0].strip() for p in procs] == ["ok"] * 4
    store = open_store(url)
    with store.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        keys = conn.execute(text("SELECT key FROM meta")).scalars().all()
        assert sorted(keys) == ["positional", "revision"]
    store.close()


def test_a_store_made_by_a_newer_version_is_refused(store_url: str) -> None:
    store = open_store(store_url)
    with store.begin(write=True) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match="newer version of Parcours") as caught:
        open_store(store_url)
    assert caught.value.hint and "upgrade" in caught.value.hint


def _expect_user_error(result: Result, *words: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output
    return result.output


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url", ["--db: error: not a database URL", "hint: write e.g. sqlite:///"]),
        ("mysql://u@h/db", ["unsupported database 'mysql'"]),
        ("sqlite:////no/such/folder/planner.db", ["folder does not exist: /no/such/folder"]),
        ("postgresql://nobody@127.0.0.1:9/x", ["cannot use the database", "hint: check the host"]),
    ],
)
def test_a_store_that_cannot_be_used_is_a_clear_message(
    cli: Callable[..., Result], workspace: Path, url: str, words: list[str]
) -> None:
    _expect_user_error(cli("status", "--db", url, cwd=workspace), *words)


def test_a_file_that_is_not_a_database(cli: Callable[..., Result], workspace: Path) -> None:
    (workspace / "notes.db").write_text("shopping list\n" * 200, encoding="utf-8")
    result = cli("status", "--db", f"sqlite:///{workspace / 'notes.db'}", cwd=workspace)
    _expect_user_error(result, "not a Parcours store")


def test_the_url_comes_from_planner_toml_then_the_environment_then_db(
    cli: Callable[..., Result], workspace: Path
) -> None:
    settings = workspace / "planner.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\n[store]\nurl = "sqlite:///data/shop.db"\n',
        encoding="utf-8",
    )
    (workspace / "data").mkdir()
    sub = workspace / "rules"  # run from elsewhere: the path counts from the workspace
    assert cli("status", cwd=sub).exit_code == 0
    assert (workspace / "data" / "shop.db").is_file()
    result = cli("status", cwd=sub, env={"PLANNER_DB": "sqlite:////nowhere/x.db"})
    _expect_user_error(result, "PLANNER_DB: error: the store's folder does not exist")
    other = f"sqlite:///{workspace / 'other.db'}"
    assert cli("status", "--db", other, cwd=sub, env={"PLANNER_DB": "bad"}).exit_code == 0
    assert (workspace / "other.db").is_file()


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("[store]\nurl = 5\n", ["planner.toml:11:7: error: [store] url must be a database URL"]),
        ('[store]\nadress = "x"\n', ["unknown key 'adress' in [store]"]),
        ('[runner]\ngrace = "une heur"\n', ["planner.toml:11:", "error:"]),
        ("[runner]\ngrace = 3600\n", ["[runner] grace must be a duration", 'grace = "1 hour"']),
        ("[runner]\nattempts = 0\n", ["[runner] attempts must be a whole number from 1"]),
        ("[runner]\ngrase = '1 hour'\n", ["did you mean 'grace'?"]),
        (
            '[runner]\nheartbeat = "0 seconds"\n',
            ["planner.toml:11:13: error: [runner] heartbeat must be longer than zero"],
        ),
    ],
)
def test_a_malformed_store_or_runner_setting_is_positioned(
    workspace: Path, table: str, words: list[str]
) -> None:
    settings = workspace / "planner.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + f'\n[[hooks]]\nkind = "log"\nfile = "log.txt"\n{table}',
        encoding="utf-8",
    )
    done = run_planner("run", "--once", cwd=workspace)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_a_store_locked_by_another_process(
    cli: Callable[..., Result], workspace: Path, tmp_path: Path
) -> None:
    path = tmp_path / "locked.db"
    open_store(f"sqlite:///{path}").close()
    (workspace / "rules" / "sale.toml").write_text(
        '[campaign]\nname = "Sale"\nanchor = "2027-03-01"\n\n'
        '[[step]]\nstage = "awareness"\nwhen = "mi-février"\nchannels = ["instagram"]\n'
        'content = "Bientôt les soldes"\n',
        encoding="utf-8",
    )
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a writer that does not let go
    try:
        result = cli("sync", "--db", f"sqlite:///{path}?timeout=0.2", cwd=workspace)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _expect_user_error(result, "the store is locked by another process", "try again")
