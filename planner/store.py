"""The store: the plan and its deliveries in a database, the single source of truth.

SQLite by default (one file in the workspace, in WAL mode so that a runner and the commands can
share it), PostgreSQL by URL. Times are aware UTC datetimes in Python and naive UTC in the
database. The schema changes only through the Alembic migrations in ``planner/migrations/``,
which run on first use; a developer adds one with ``alembic revision`` (see migrations/env.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    create_engine,
    event,
    false,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from .errors import ConfigError, Pos, quoted
from .filenames import check_path
from .i18n import N_, _

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMA_REVISION = "0007"  # the newest migration; a test checks it against migrations/versions
ITEM_STATES = ("pending", "done", "skipped", "removed")
DELIVERY_STATES = ("pending", "claimed", "delivered", "failed", "missed", "in_doubt", "cancelled")
BUSY_TIMEOUT = 10.0  # seconds a SQLite writer waits for another; a sync of 100k items takes ~2
CACHE = -65536  # KiB of page cache (SQLite's default: 2 MiB): a sync of 100k items fits
_URL_HINT = N_("write e.g. sqlite:///planner.db or postgresql://user@host/parcours")


class StoreError(ConfigError):
    """The store cannot be opened or used: a bad URL, a server that does not answer, a file
    that is not a database, another process holding the lock."""


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in Python, naive UTC in the database: SQLite has no time zones, and comparing
    fixed-format UTC text (or PostgreSQL timestamps) orders correctly."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store takes aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    # Named constraints, so that later migrations can alter them on SQLite (batch mode).
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _states(column: str, states: tuple[str, ...]) -> CheckConstraint:
    # Not IN (…): SQLite builds a temporary index for an IN list at every row of an
    # executemany, which made the checks a sixth of a big sync (migration 0003).
    return CheckConstraint(" OR ".join(f"{column} = '{s}'" for s in states), name="state")


class CampaignRow(Base):
    __tablename__ = "campaigns"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # the rule file's stem
    name: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Its items as the last sync wrote them, hashed; empty: unknown, compare them all (sync.py).
    plan_digest: Mapped[str] = mapped_column(String(32), default="", server_default="")


class ItemRow(Base):
    __tablename__ = "items"
    __table_args__ = (_states("state", ITEM_STATES),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    campaign_key: Mapped[str] = mapped_column(ForeignKey("campaigns.key"), index=True)
    campaign: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(40))
    step: Mapped[int]
    channel: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    all_day: Mapped[bool]
    title: Mapped[str] = mapped_column(Text)
    brief: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    tzid: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(10), default="pending")
    sequence: Mapped[int] = mapped_column(default=0)  # bumped on each change, as in iCalendar
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    digest: Mapped[str] = mapped_column(String(24), default="")  # of what sync wrote (sync.py)
    # Its id was made from its step's position (before migration 0007): the next sync of its
    # campaign gives it its id by meaning (planner.adopt).
    # The database's default alone: rows written without it, by the ORM into a store of an
    # older schema as by sync's raw inserts, are not positional.
    positional: Mapped[bool] = mapped_column(server_default=false())


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        _states("state", DELIVERY_STATES),
        Index("ix_deliveries_state_due", "state", "due"),
        # Partial: only retries have a next try, and an index that skips NULLs costs the
        # bulk inserts of a sync nothing.
        Index(
            "ix_deliveries_next_try",
            "next_try",
            sqlite_where=text("next_try IS NOT NULL"),
            postgresql_where=text("next_try IS NOT NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # also the Idempotency-Key
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), index=True)
    hook: Mapped[str] = mapped_column(String(100))
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)  # claims so far, counted when claimed
    next_try: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When its hook was called, for hooks that must not send twice (see claims.py): a runner
    # that dies leaves its claims without one, which were never sent and can go out again.
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Due already when a sync created or moved it (a lead longer than the time left): it goes
    # out at the next run while its item is ahead, rather than be missed (claims.py).
    overdue_at_sync: Mapped[bool] = mapped_column(default=False, server_default=false())


class MetaRow(Base):
    """Counters: ``revision`` is bumped by every change a runner must notice (a sync, a done)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int]


class RunnerRow(Base):
    """A runner that is (or was) running. Alive is what its lock says: on PostgreSQL the
    advisory lock ``lock_key`` (lifeline.py), on SQLite the runner's file lock; the heartbeat
    is for people (`planner status`)."""

    __tablename__ = "runners"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # 0 on SQLite; None: a runner of a Parcours before 0006, judged by its heartbeat.
    lock_key: Mapped[int | None]


def delivery_id(item_id: str, hook: str) -> str:
    """Stable across retries and re-syncs: webhooks send it as the Idempotency-Key."""
    return hashlib.blake2b(f"{item_id}\x1f{hook}".encode(), digest_size=16).hexdigest()


@dataclass(slots=True)
class Store:
    engine: Engine
    url: URL
    origin: Pos | None = None
    # SQLite: one writer at a time in this process, queued here rather than in SQLite's busy
    # handler, which sleeps a millisecond or more (the runner's threads write often).
    writer: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None (in memory, or a server)."""
        database = self.url.database if self.is_sqlite else None
        return Path(database) if database and database != ":memory:" else None

    @property
    def shown(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def begin(self, *, write: bool = False) -> Iterator[Connection]:
        """One transaction. ``write`` takes SQLite's write lock at once, so that what the
        transaction reads cannot change before it writes (a runner claiming meanwhile)."""
        serial = self.writer if write and self.is_sqlite else contextlib.nullcontext()
        try:
            with serial, self.engine.connect() as conn:
                if write and self.is_sqlite:
                    conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            error = self.error(exc)
            if error is None:
                raise
            raise error from None

    def error(self, exc: DBAPIError) -> StoreError | None:
        """What a database failure means to the user, or None for a bug of ours."""
        reason = (str(exc.orig) if exc.orig is not None else str(exc)).strip().splitlines()
        first = reason[0] if reason else type(exc).__name__
        lower = first.lower()
        where = str(self.path) if self.path else self.shown
        if "locked" in lower or "busy" in lower:
            return StoreError(
                _("the store is locked by another process: {where}").format(where=where),
                self.origin,
                _("another planner command is writing to it; try again in a moment"),
            )
        if "not a database" in lower or "malformed" in lower:
            return StoreError(
                _("not a Parcours store (not an SQLite database): {where}").format(where=where),
                self.origin,
                _("point --db, PLANNER_DB or [store] url at another file"),
            )
        if not isinstance(exc, OperationalError):
            return None
        if self.is_sqlite:
            return StoreError(
                _("cannot use the store {where}: {reason}").format(where=where, reason=first),
                self.origin,
                _("check that the folder exists and that you may write to it"),
            )
        return StoreError(
            _("cannot use the database {where}: {reason}").format(where=where, reason=first),
            self.origin,
            _(
                "check the host, port, user, password and database name, and that the server "
                "is running"
            ),
        )

    def close(self) -> None:
        self.engine.dispose()

    @property
    def db_time(self) -> Callable[[datetime], Any]:
        """A time as the driver stores it (see planner.bulk): text on SQLite, in the
        format SQLAlchemy's DateTime uses, so both ways of writing compare and sort alike."""
        return _sqlite_time if self.is_sqlite else _naive_utc

    def from_db(self, value: Any) -> datetime:
        """The aware time of a value read by planner.bulk."""
        if isinstance(value, str):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


def _sqlite_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(" ", "microseconds")[:26]


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def read_revision(conn: Connection) -> int:
    return conn.execute(select(MetaRow.value).where(MetaRow.key == "revision")).scalar_one()


def bump_revision(conn: Connection) -> None:
    conn.execute(update(MetaRow).where(MetaRow.key == "revision").values(value=MetaRow.value + 1))


def open_store(url: str, *, origin: Pos | None = None, migrate: bool = True) -> Store:
    """The store at ``url``, its schema brought up to date. ``origin`` says where the URL was
    written (--db, PLANNER_DB, planner.toml) for messages."""
    parsed = _parse(url, origin)
    store = Store(_engine(parsed, origin), parsed, origin)
    if migrate:
        from .migrations import upgrade

        upgrade(store)
    return store


def check_url(url: str, origin: Pos | None = None) -> URL:
    """``url`` parsed and checked as :func:`open_store` would, without opening or creating
    anything."""
    return _parse(url, origin)


def _parse(url: str, origin: Pos | None) -> URL:
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise StoreError(
            _("not a database URL: {url}").format(url=quoted(url)), origin, _(_URL_HINT)
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        # psycopg 3 whatever SQLAlchemy's default driver is (psycopg2 before 2.1).
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(
            _("unsupported database {backend} in {url}").format(
                backend=quoted(backend), url=parsed.render_as_string()
            ),
            origin,
            _(_URL_HINT),
        )
    if backend == "sqlite" and "timeout" in parsed.query:
        _busy_timeout(parsed, origin)
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        check_path(parsed.database, origin, _("the store's file"), StoreError)
        path = Path(parsed.database)
        if path.is_dir():
            raise StoreError(
                _("the store is a folder, not a file: {path}").format(path=path),
                origin,
                _("name a file: …/planner.db"),
            )
        if not path.parent.is_dir():
            raise StoreError(
                _("the store's folder does not exist: {folder}").format(folder=path.parent),
                origin,
                _("create the folder, or point the URL at an existing one"),
            )
    return parsed


def _busy_timeout(url: URL, origin: Pos | None) -> float:
    """The ``?timeout=`` of an SQLite URL: how long a writer waits for another, in seconds."""
    text = url.query.get("timeout", "")
    try:
        seconds = float(text if isinstance(text, str) else text[-1])
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:  # also refuses nan and inf
        raise StoreError(
            _("the store's timeout must be a number of seconds from 0 to 3600, not {text}").format(
                text=quoted(text)
            ),
            origin,
            _("e.g. {line}").format(line=f"sqlite:///planner.db?timeout={BUSY_TIMEOUT:g}"),
        )
    return seconds


def _engine(url: URL, origin: Pos | None) -> Engine:
    try:
        if url.get_backend_name() == "postgresql":
            return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
        memory = not url.database or url.database == ":memory:"
        # One shared connection for an in-memory database, which exists only inside it.
        extra: dict[str, Any] = {"poolclass": StaticPool} if memory else {}
        engine = create_engine(url, connect_args={"check_same_thread": False}, **extra)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(
            _("no driver for {driver}: {reason}").format(driver=url.drivername, reason=exc),
            origin,
            _("for PostgreSQL: pip install {package}").format(
                package="'parcours-planner[postgres]'"
            ),
        ) from None
    except (ArgumentError, TypeError, ValueError) as exc:
        raise StoreError(
            _("bad database URL: {reason}").format(reason=exc), origin, _(_URL_HINT)
        ) from None
    timeout = _busy_timeout(url, origin) if "timeout" in url.query else BUSY_TIMEOUT
    _sqlite_setup(engine, timeout)
    return engine


def _sqlite_setup(engine: Engine, timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, record: Any) -> None:
        # pysqlite's own transaction handling begins late and never for SELECT; we emit BEGIN
        # ourselves (below), so that a transaction reads and writes one snapshot.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never wait for the runner
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable across a crash of the process
        # Foreign keys are declared (PostgreSQL enforces them, and its tests run the same
        # code) but not checked on SQLite, its default: checking costs a sixth of a big
        # sync, whose inserts put parents first by construction.
        cursor.execute(f"PRAGMA cache_size = {CACHE}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', '')}")
