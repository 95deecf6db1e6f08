"""The PostgreSQL fixtures end to end: a real server, SQLAlchemy over psycopg, SKIP LOCKED."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from .conftest import ROOT
from .pg import PostgresServer

pytestmark = pytest.mark.postgres

CLAIM = text("SELECT id FROM queue WHERE state = 'due' ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED")
CLAIM_AND_MARK = text(
    "UPDATE queue SET state = 'claimed', claimed_by = :worker"
    " WHERE id IN (SELECT id FROM queue WHERE state = 'due' ORDER BY id LIMIT 10"
    " FOR UPDATE SKIP LOCKED) RETURNING id"
)


@pytest.fixture
def engine(pg_database: str) -> Iterator[Engine]:
    engine = create_engine(pg_database)
    yield engine
    engine.dispose()


def fill_queue(engine: Engine, size: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE queue (id integer PRIMARY KEY,"
                " state text NOT NULL DEFAULT 'due', claimed_by text)"
            )
        )
        conn.execute(text("INSERT INTO queue (id) SELECT generate_series(1, :n)"), {"n": size})


def test_sqlalchemy_over_psycopg_reaches_the_throwaway_server(
    engine: Engine, pg_database: str
) -> None:
    assert engine.dialect.driver == "psycopg"
    assert pg_database.startswith("postgresql+psycopg://parcours@127.0.0.1:")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE item (id serial PRIMARY KEY, name text NOT NULL)"))
        conn.execute(text("INSERT INTO item (name) VALUES ('teaser'), ('relance')"))
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM item ORDER BY id")).scalars().all()
        assert names == ["teaser", "relance"]
        # The settings prove this is the test cluster, not a service that happened to listen.
        assert conn.execute(text("SHOW fsync")).scalar_one() == "off"
        assert conn.execute(text("SHOW listen_addresses")).scalar_one() == "127.0.0.1"


def test_each_test_gets_an_empty_database_of_its_own(
    engine: Engine, pg_database: str, postgres_url: str
) -> None:
    assert inspect(engine).get_table_names() == []
    assert pg_database != postgres_url
    session = create_engine(postgres_url)
    try:
        with session.connect() as conn:
            assert conn.execute(text("SELECT current_database()")).scalar_one() == "parcours"
    finally:
        session.dispose()


def test_skip_locked_gives_two_connections_disjoint_rows(engine: Engine) -> None:
    fill_queue(engine, 10)
    with engine.connect() as first, engine.connect() as second, engine.connect() as third:
        # Each connection's implicit transaction holds the row locks of what it selected.
        assert first.execute(CLAIM, {"n": 4}).scalars().all() == [1, 2, 3, 4]
        assert second.execute(CLAIM, {"n": 10}).scalars().all() == [5, 6, 7, 8, 9, 10]
        assert third.execute(CLAIM, {"n": 10}).scalars().all() == []
        third.rollback()
        # A claimer that dies before committing releases its rows to the others.
        first.rollback()
        assert third.execute(CLAIM, {"n": 10}).scalars().all() == [1, 2, 3, 4]
        third.rollback()
        second.rollback()


def test_two_workers_drain_a_queue_each_row_exactly_once(engine: Engine) -> None:
    fill_queue(engine, 1000)
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    errors: list[BaseException] = []
    together = threading.Barrier(2)

    def work(worker: str) -> None:
        try:
            together.wait(timeout=10)
            while True:
                with engine.begin() as conn:
                    ids = conn.execute(CLAIM_AND_MARK, {"worker": worker}).scalars().all()
                if not ids:
                    return
                claimed[worker].extend(ids)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    counts = Counter(claimed["a"] + claimed["b"])
    assert set(counts) == set(range(1, 1001))
    assert max(counts.values()) == 1
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT claimed_by, count(*) FROM queue GROUP BY 1")).all()
    assert {worker: count for worker, count in rows} == {
        worker: len(ids) for worker, ids in claimed.items() if ids
    }


INNER_SESSION = """
import json
import os
from pathlib import Path


def test_record_the_server(postgres_server):
    pid = int((postgres_server.data_dir / "postmaster.pid").read_text().split()[0])
    record = {
        "pid": pid,
        "root": str(postgres_server.root),
        "data_dir": str(postgres_server.data_dir),
        "running": postgres_server.is_running(),
    }
    Path(os.environ["PARCOURS_PG_RECORD"]).write_text(json.dumps(record))
"""


def process_lives(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir():
        try:
            # A zombie the container's init has not reaped yet is not a running server.
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (FileNotFoundError, ProcessLookupError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def test_the_server_is_stopped_and_removed_at_session_end(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    """A whole pytest session in a subprocess: afterwards its server and folder are gone."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(INNER_SESSION, encoding="utf-8")
    record = tmp_path / "record.json"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider"),
            *("-q", str(tmp_path / "test_inner.py")),
        ],
        cwd=ROOT,
        env={**os.environ, "PARCOURS_PG_RECORD": str(record)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(record.read_text(encoding="utf-8"))
    assert seen["running"]
    assert seen["root"] != str(postgres_server.root)
    assert not process_lives(seen["pid"])
    assert not Path(seen["root"]).exists()
    # 3: no server running; 4: no data directory left to run one from.
    assert postgres_server.status(Path(seen["data_dir"])) in (3, 4)
