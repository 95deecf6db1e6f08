"""A store made by Parcours before ids came from meaning (commit e023783, schema 0006) upgrades
in place: every delivered, missed, done and skipped mark stays on its item, under the item's
new id, and nothing is duplicated. The store is the one that version writes, made by running
its own CLI: from git when the history is at hand (on SQLite and on PostgreSQL), and from
tests/stores/e023783/, made the same way (see its README.md), on every checkout.

Run as ``python -m tests.test_store_upgrade CODE FOLDER`` to make such a workspace with the
code of the package folder CODE (a ``git archive e023783`` unpacked)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from .conftest import ROOT

BASE = "e023783"
START = "2026-12-01"
FIXTURE = Path(__file__).resolve().parent / "stores" / BASE
HOOKS = '\n[[hooks]]\nkind = "log"\nlead = "1 day"\n'
# Channel and start: an item as the owner sees it (a marked row keeps the step number it was
# stored with, however the file moves its step).
Where = tuple[str, str]


def _epoch(moment: str) -> str:
    return str(int(datetime.fromisoformat(moment).replace(tzinfo=UTC).timestamp()))


def build(code: Path, folder: Path, db: str | None = None) -> None:
    """What an owner did with that version: a workspace with the Valentine's example and a
    hook, synced; the conversion post skipped, the third teaser done; a runner that delivered
    one reminder and found one missed. ``db``: the store's URL, else the workspace's file."""

    def planner(*args: str, at: str = "2026-12-01T12:00:00", cwd: Path = folder) -> str:
        env = {**os.environ, "PYTHONPATH": str(code), "SOURCE_DATE_EPOCH": _epoch(at)}
        env.pop("PLANNER_DB", None)
        if db is not None:
            env["PLANNER_DB"] = db
        done = subprocess.run(
            [sys.executable, "-m", "planner", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    planner("init", folder.name, "--name", "Bijouterie", "--country", "FR", cwd=folder.parent)
    planner("new", "saint-valentin", "--example", "valentines-rings")
    with (folder / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write(HOOKS)
    planner("sync", "--start", START)
    items = json.loads(planner("plan", "--start", START, "--format", "json"))
    starts = {item["start"][:10]: item["id"] for item in items if item["channel"] == "instagram"}
    planner("skip", starts["2027-01-21"])
    planner("done", starts["2027-01-07"])
    planner("run", "--once", at="2027-01-03T10:30:00")
    if db is not None:
        return
    file = sqlite3.connect(folder / "planner.db")
    try:
        file.execute("UPDATE runners SET host = 'shop', pid = 1")  # nothing of this machine
        file.commit()
        file.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
    finally:
        file.close()


def from_git(folder: Path, db: str | None = None) -> None:
    """The workspace made by the code of commit BASE, taken from the repository's history."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASE, "planner", "rules", "channels", "calendars"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        pytest.skip(f"commit {BASE} is not in this checkout's history")
    code = folder.parent / "code"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(code, filter="data")
    build(code, folder, db)


def read(url: str) -> tuple[dict[str, Any], dict[str, tuple[str, str, str]], str]:
    """The items (id → state, step, channel, start), the deliveries (id → item id, hook,
    state) and the schema revision of the store at ``url``."""
    engine = create_engine(url)
    try:
        with engine.connect() as db:
            query = "SELECT id, state, step, channel, start FROM items"
            items = {row[0]: tuple(row[1:]) for row in db.execute(text(query))}
            query = "SELECT id, item_id, hook, state FROM deliveries"
            deliveries = {row[0]: tuple(row[1:]) for row in db.execute(text(query))}
            revision = db.execute(text("SELECT version_num FROM alembic_version")).scalar()
            left = db.execute(text("SELECT count(*) FROM items WHERE positional")).scalar()
    except DBAPIError:  # a store of 0006 has no such column yet
        left = None
        with engine.connect() as db:
            revision = db.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    assert revision == "0006" or left == 0, "rows left with positional ids"
    return items, deliveries, str(revision)


def where(row: tuple[Any, ...]) -> Where:
    _, _, channel, start = row
    return channel, str(start)[:16]


@dataclass
class Shop:
    folder: Path
    url: str  # its store

    def run(self, cli: Callable[..., Result], *args: str) -> Result:
        result: Result = cli(*args, cwd=self.folder, env={"PLANNER_DB": self.url})
        assert result.exit_code == 0, result.output
        return result


@pytest.fixture(params=["fixture", "git", "git-postgres"])
def old_shop(request: pytest.FixtureRequest, tmp_path: Path) -> Shop:
    folder = tmp_path / "bijouterie"
    if request.param == "fixture":
        shutil.copytree(FIXTURE, folder)
        return Shop(folder, f"sqlite:///{folder / 'planner.db'}")
    if request.param == "git":
        from_git(folder)
        return Shop(folder, f"sqlite:///{folder / 'planner.db'}")
    url: str = request.getfixturevalue("pg_database")
    from_git(folder, url)
    return Shop(folder, url)


def test_a_store_of_the_base_commit_is_what_the_test_expects(old_shop: Shop) -> None:
    items, deliveries, revision = read(old_shop.url)
    assert revision == "0006"
    states = sorted(row[0] for row in items.values())
    assert states == [
        "done",
        "pending",
        "pending",
        "pending",
        "pending",
        "pending",
        "pending",
        "skipped",
    ]
    assert sorted(row[2] for row in deliveries.values()) == [
        "cancelled", "cancelled", "delivered", "missed", "pending", "pending", "pending", "pending",
    ]  # fmt: skip


def test_upgrading_keeps_every_mark_on_its_item_under_its_new_id(
    cli: Callable[..., Result], old_shop: Shop
) -> None:
    items, deliveries, _ = read(old_shop.url)
    before = {where(row): (ident, row[0]) for ident, row in items.items()}
    result = old_shop.run(cli, "sync", "--start", START)
    assert result.stdout.strip() == "added 0, changed 0, removed 0, kept 8"
    planned = json.loads(old_shop.run(cli, "plan", "--start", START, "--format", "json").stdout)
    after_items, after_deliveries, revision = read(old_shop.url)
    assert revision == "0007"
    assert set(after_items) == {item["id"] for item in planned}
    after = {where(row): (ident, row[0]) for ident, row in after_items.items()}
    assert after.keys() == before.keys()
    renamed = {before[k][0]: after[k][0] for k in before}
    for key, (_, state) in before.items():
        assert after[key][1] == state, key
    assert sum(old != new for old, new in renamed.items()) == 8  # every id was positional
    # Each delivery kept its own id (the webhooks' Idempotency-Key), state and hook, and
    # follows its item.
    assert after_deliveries.keys() == deliveries.keys()
    for ident, (item, hook, state) in deliveries.items():
        assert after_deliveries[ident] == (renamed[item], hook, state)
    again = old_shop.run(cli, "sync", "--start", START)
    assert again.stdout.strip() == "added 0, changed 0, removed 0, kept 8"


def test_upgrading_after_inserting_a_step_at_the_top_passes_no_mark_to_another_item(
    cli: Callable[..., Result], old_shop: Shop
) -> None:
    """The rule file edited between the last sync of the old version and the first of the
    new one: every step moved down one place, and a new one took the first."""
    items, _, _ = read(old_shop.url)
    before = {where(row): row[0] for row in items.values()}
    rule = old_shop.folder / "rules" / "saint-valentin.toml"
    text = rule.read_text(encoding="utf-8")
    head, _, steps = text.partition("[[step]]")
    top = (
        '[[step]]\nstage = "sensibilisation"\nwhen = "début janvier"\nchannels = ["facebook"]\n'
        'content = "Nouvelle vitrine"\n\n'
    )
    rule.write_text(head + top + "[[step]]" + steps, encoding="utf-8")
    old_shop.run(cli, "sync", "--start", START)
    after_items, _, _ = read(old_shop.url)
    after = {where(row): row[0] for row in after_items.values()}
    for key, state in before.items():  # the same item, one step further down, its state kept
        assert after[key] == state, key
    new = {k: s for k, s in after.items() if k[0] == "facebook"}
    assert new and set(new.values()) == {"pending"}
    assert len(after_items) == len(items) + len(new)
    planned = json.loads(old_shop.run(cli, "plan", "--start", START, "--format", "json").stdout)
    assert set(after_items) == {item["id"] for item in planned}


if __name__ == "__main__":
    build(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
