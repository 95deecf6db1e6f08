"""How the runners on one PostgreSQL store tell the live from the dead.

Each runner holds, for its whole life, a session-level advisory lock on a connection of its
own (not one of the pool's, which are opened and closed as the pool likes). The server releases
the lock the moment that session ends: the process died (its socket closed by the kernel), or
its machine or network went away (the session's TCP keepalives, set from ``[runner] stale``,
give up). So a runner whose lock can be taken is dead, at once, and a live one never is, however
long its hooks take. Heartbeats are kept for `planner status` only.

The same session records the start of each hook call (claims.Queue.start): a start recorded is
a start made while the lock was held. A runner that took the lock over therefore sees every
start the dead one made, and a runner whose session ended can record no start and fires
nothing more: a peer may have taken its claims over.

A pooler between the runners and PostgreSQL must pool by session (PgBouncer's
``pool_mode = session``): pooled by transaction, the lock would stay on a server connection the
runner no longer uses, and a dead runner would never be found dead. :meth:`Lifeline.check`
notices that a session is not the runner's own.

On SQLite one runner works at a time under a file lock (:func:`runner_lock`), which the
kernel releases when the process dies; the lifeline only writes through the store.
"""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import os
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Executable, Row, create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from .i18n import N_, _
from .store import Store, StoreError
from .workspace import RunnerSettings

LOCKS = 0x5072_756E  # "Prun": the runners' first advisory-lock key; the second is theirs
_TRIES = 20  # keys drawn before giving up; two runners draw the same one once in 2**31
_POOLER = N_(
    "runners need their own session: connect them to PostgreSQL directly, or through a "
    "pooler in session mode (PgBouncer: pool_mode = session)"
)


@contextlib.contextmanager
def runner_lock(store: Store) -> Iterator[None]:
    """The one-runner lock of a SQLite store (nothing for PostgreSQL or memory)."""
    path = store.path
    if path is None:
        yield
        return
    lock = path.with_name(path.name + ".runner.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            raise StoreError(
                _("another runner is already running on this store (pid {pid})").format(pid=holder),
                store.origin,
                _(
                    "stop it first (Ctrl-C in its terminal, or kill {pid}); on SQLite one "
                    "runner works at a time, several need PostgreSQL"
                ).format(pid=holder),
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays, so that no two runners race on it


class LifelineLost(StoreError):
    """The runner's session on the store ended, or is no longer its own: its lock is gone, and
    the other runners may take its claims over."""


class Lifeline:
    """One runner's session (PostgreSQL) and the lock that says it is alive."""

    def __init__(self, store: Store, settings: RunnerSettings) -> None:
        self.store = store
        self.settings = settings
        self.key: int | None = None  # its lock's second key; None on SQLite
        self.lost: str | None = None  # why the session ended, once it did
        self._engine: Engine | None = None
        self._conn: Connection | None = None
        self._mutex = threading.Lock()  # one statement at a time on the session

    def open(self) -> int | None:
        """Connect and take the lock of a key no other runner holds; that key."""
        self.close()
        self.lost = None
        if self.store.is_sqlite:
            return None
        stale = max(1, int(self.settings.stale.total_seconds()))
        idle = max(1, stale // 2)
        interval = max(1, (stale - idle) // 3)
        # libpq's keepalives and TCP timeout: this side gives up on a vanished server too.
        keepalive = {
            "keepalives": 1,
            "keepalives_idle": idle,
            "keepalives_interval": interval,
            "keepalives_count": 3,
            "tcp_user_timeout": stale * 1000,
        }
        engine = create_engine(
            self.store.url,
            poolclass=NullPool,
            isolation_level="AUTOCOMMIT",  # each statement its own transaction
            connect_args={"connect_timeout": 10, **keepalive},
        )
        try:
            conn = engine.connect()
        except DBAPIError as exc:
            engine.dispose()
            raise self.store.error(exc) or exc from None
        self._engine, self._conn = engine, conn
        try:
            self._configure(conn, idle, interval, stale)
            for _try in range(_TRIES):
                key = secrets.randbits(31)
                taken = conn.execute(
                    text(
                        "SELECT pg_try_advisory_lock(CAST(:ns AS integer), CAST(:key AS integer))"
                    ),
                    {"ns": LOCKS, "key": key},
                ).scalar()
                if taken:
                    self.key = key
                    break
            else:
                raise StoreError(
                    _("no free runner lock on {store} after {tries} tries").format(
                        store=self.store.shown, tries=_TRIES
                    ),
                    self.store.origin,
                    _("too many runners, or a pooler in transaction mode: {advice}").format(
                        advice=_(_POOLER)
                    ),
                )
            if not self._holds_lock():
                raise StoreError(
                    _("the runner's session on {store} does not keep its lock").format(
                        store=self.store.shown
                    ),
                    self.store.origin,
                    _(_POOLER),
                )
        except DBAPIError as exc:
            self.close()
            raise self.store.error(exc) or exc from None
        except BaseException:
            self.close()
            raise
        return self.key

    def _configure(self, conn: Connection, idle: int, interval: int, stale: int) -> None:
        # The server's side of the keepalives: it ends the session, releasing the lock, once
        # the runner's machine has not answered for about ``stale``.
        settings = {
            "tcp_keepalives_idle": idle,
            "tcp_keepalives_interval": interval,
            "tcp_keepalives_count": 3,
        }
        version = conn.dialect.server_version_info or (0,)
        if version >= (12,):
            settings["tcp_user_timeout"] = stale * 1000
        if version >= (14,):
            settings["idle_session_timeout"] = 0  # idle between beats is not dead
        for name, value in settings.items():
            conn.execute(
                text("SELECT set_config(:name, :value, false)"), {"name": name, "value": str(value)}
            )

    def execute(
        self, statement: Executable, params: dict[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        """Run one statement as its own transaction, on the session that holds the lock
        (PostgreSQL) or through the store (SQLite); its rows."""
        if self.store.is_sqlite:
            with self.store.begin(write=True) as conn:
                return conn.execute(statement, params).all()
        with self._mutex:
            session = self._conn
            if session is None or self.lost:
                raise self._lost_error()
            try:
                return session.execute(statement, params).all()
            except DBAPIError as exc:
                if exc.connection_invalidated or session.invalidated or session.closed:
                    self._lose(_("the connection ended: {reason}").format(reason=_first_line(exc)))
                    raise self._lost_error() from None
                raise self.store.error(exc) or exc from None

    def check(self) -> None:
        """Raise LifelineLost unless the session still holds the runner's lock."""
        if not self.store.is_sqlite and not self._holds_lock():
            raise self.lose(
                _("its session does not hold its lock: {advice}").format(advice=_(_POOLER))
            )

    def _holds_lock(self) -> bool:
        # Pooled by transaction, a statement runs on whichever server connection is free:
        # most often not the one that took the lock.
        held = self.execute(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND pid = pg_backend_pid() AND classid = CAST(:ns AS oid) "
                "AND objid = CAST(:key AS oid) AND objsubid = 2"
            ),
            {"ns": LOCKS, "key": self.key},
        )
        return bool(held and held[0][0])

    def lose(self, reason: str) -> LifelineLost:
        """Give the session and its lock up (the runner was taken for dead, or its session is
        not its own); the error that says so."""
        with self._mutex:
            self._lose(reason)
        return self._lost_error()

    def _lose(self, reason: str) -> None:
        self.lost = self.lost or reason
        self._disconnect()

    def _lost_error(self) -> LifelineLost:
        return LifelineLost(
            _("the runner lost its session on {store}: {reason}").format(
                store=self.store.shown, reason=self.lost or _("closed")
            ),
            self.store.origin,
            _("it fires nothing more under its name; its claims go back to the queue"),
        )

    def close(self) -> None:
        """End the session: the lock goes with it."""
        with self._mutex:
            self._disconnect()
        self.key = None

    def _disconnect(self) -> None:
        conn, engine, self._conn, self._engine = self._conn, self._engine, None, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # a connection already broken: the server has let it go
                conn.invalidate()
        if engine is not None:
            engine.dispose()


class Member(Protocol):
    """What the watch needs of a runner's claims.Queue (which imports this module)."""

    @property
    def lost(self) -> str | None: ...

    def heartbeat(self, now: datetime) -> None: ...


class Watch:
    """The thread by which a runner keeps in touch: every poll it looks at its peers
    (``peers(now)``: on PostgreSQL, take over the claims of those that died), every heartbeat
    it says it is alive (``queue.heartbeat``, what `planner status` shows)."""

    def __init__(
        self,
        queue: Member,
        settings: RunnerSettings,
        clock: Callable[[], datetime],
        peers: Callable[[datetime], None],
        say: Callable[[str], None],
    ) -> None:
        self.queue = queue
        self.settings = settings
        self.clock = clock
        self.peers = peers
        self.say = say
        self.lock = threading.Lock()  # held while it looks: the runner registers again under it
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopped.clear()
        # In the starter's context, so in the command's language.
        self._thread = threading.Thread(
            target=contextvars.copy_context().run,
            args=(self._run,),
            name="planner-watch",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        beat = self.clock()
        while not self._stopped.wait(self.settings.poll.total_seconds()):
            with self.lock:
                if self.queue.lost:
                    continue  # the runner registers again first
                now = self.clock()
                try:
                    self.peers(now)
                    if now - beat >= self.settings.heartbeat:
                        beat = now
                        self.queue.heartbeat(now)
                except StoreError:
                    pass  # a store that does not answer: the runner's tick says so
                except Exception as exc:
                    self.say(
                        _("internal error in the runner: {reason}").format(
                            reason=f"{type(exc).__name__}: {exc}"
                        )
                    )


def _first_line(exc: DBAPIError) -> str:
    reason = (str(exc.orig) if exc.orig is not None else str(exc)).strip().splitlines()
    return reason[0] if reason else type(exc).__name__
