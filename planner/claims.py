"""The deliveries table as a queue: claim what is due, record what happened, recover from a
runner that died.

Each step is its own short transaction and hooks fire between them, so a crash at any moment
leaves every delivery either untouched (pending), finished (recorded), or claimed by a runner
that is no longer alive, which the next runner turns into ``in_doubt``: never lost silently,
never sent twice unless its hook says that is harmless (a webhook with an Idempotency-Key).

A batch is claimed at once but fired a few at a time, so most of a dead runner's claims were
never fired. The runner records each start (:meth:`Queue.start`, grouped by starts.py) just
before calling the hook, whatever the hook: a claim without a start goes back to pending
silently, and only what was started is in doubt, reported, and sent again only if its hook
says that is harmless.

Who is dead: on SQLite, every runner but the one holding the store's file lock; on
PostgreSQL, a runner whose advisory lock can be taken (lifeline.py), at once.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Integer,
    Text,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from .delivery import Delivery, Hook
from .i18n import _
from .lifeline import LOCKS, Lifeline
from .localtime import span
from .outcomes import InDoubt, Outcome, RunReport
from .store import DeliveryRow, ItemRow, RunnerRow, Store, UTCDateTime
from .workspace import RunnerSettings

MAX_BACKOFF = timedelta(days=1)


class Queue:
    """One runner's view of the deliveries table: it claims only what its hooks can fire."""

    def __init__(self, store: Store, hooks: Mapping[str, Hook], settings: RunnerSettings) -> None:
        self.store = store
        self.hooks = hooks
        self.settings = settings
        self.host = socket.gethostname()[:60]
        self.me = ""  # host:pid:token, from register()
        self.lifeline = Lifeline(store, settings)

    @property
    def lost(self) -> str | None:
        """Why this runner lost its session on the store (it may fire nothing more), or None."""
        return self.lifeline.lost

    def register(self, now: datetime) -> None:
        """Take a lock that says this runner is alive (PostgreSQL), then its row, under a new
        name: a runner that lost its session comes back as another."""
        key = self.lifeline.open()
        self.me = f"{self.host}:{os.getpid()}:{secrets.token_hex(3)}"
        try:
            with self.store.begin(write=True) as conn:
                conn.execute(
                    insert(RunnerRow).values(
                        id=self.me,
                        host=self.host,
                        pid=os.getpid(),
                        started_at=now,
                        heartbeat_at=now,
                        lock_key=0 if key is None else key,
                    )
                )
        except BaseException:
            self.lifeline.close()
            raise

    def heartbeat(self, now: datetime) -> None:
        """Say this runner is alive (what `planner status` shows); raise LifelineLost if its
        session is gone or another runner took it for dead."""
        r = RunnerRow
        beat = update(r).where(r.id == self.me).values(heartbeat_at=now).returning(r.id)
        if not self.lifeline.execute(beat):
            raise self.lifeline.lose(_("its row was deleted: another runner took it for dead"))
        self.lifeline.check()

    def unregister(self) -> None:
        """Delete its row, then end its session: never a row whose lock is free, but dead."""
        try:
            with self.store.begin(write=True) as conn:
                conn.execute(delete(RunnerRow).where(RunnerRow.id == self.me))
        finally:
            self.lifeline.close()

    def start(self, ids: list[str], now: datetime) -> set[str]:
        """Record that the hooks of these deliveries are about to be called; the ids recorded,
        which are those still claimed by this runner (another may have taken it for dead)."""
        params = {"b_ids": ids, "b_me": self.me, "b_now": now}
        return {row[0] for row in self.lifeline.execute(_STARTED, params)}

    def recover(self, now: datetime, *, alone: bool) -> tuple[list[InDoubt], int]:
        """The claims of runners that are gone: those never started go back to pending as if
        never claimed (how many is the second value); the others become in doubt, and those of
        hooks that may send twice go back to pending, to be sent again with the same id.
        ``alone``: this runner holds the store's file lock (SQLite), so no other is alive."""
        d, r = DeliveryRow, RunnerRow
        safe = [name for name, hook in self.hooks.items() if hook.resend_safe]
        with self.store.begin(write=True) as conn:
            others = select(r.id, r.lock_key).where(r.id != self.me)
            if not alone:
                # A lock that can be taken is a runner gone; held until this transaction ends,
                # it keeps the other runners from recovering the same one. A runner of an older
                # Parcours has no lock and is judged by its heartbeat.
                lock = func.pg_try_advisory_xact_lock(cast(LOCKS, Integer), r.lock_key)
                stale = r.heartbeat_at < now - self.settings.stale
                others = others.where(case((r.lock_key.is_(None), stale), else_=lock))
            dead = conn.execute(others).all()
            gone = [row.id for row in dead]
            old = [row.id for row in dead if row.lock_key is None]
            # Claimed by a runner gone, or by one whose row another runner deleted already.
            orphan = (
                d.state == "claimed",
                or_(
                    d.claimed_by.is_(None),
                    d.claimed_by.in_(gone),
                    d.claimed_by.not_in(select(r.id)),
                ),
            )
            if old:
                # Those recorded starts only for the hooks that must not send twice: their
                # other claims may have gone out.
                conn.execute(
                    update(d)
                    .where(*orphan, d.claimed_by.in_(old), d.started_at.is_(None))
                    .where(d.hook.in_(safe))
                    .values(started_at=d.claimed_at)
                )
            released = conn.execute(
                update(d)
                .where(*orphan, d.started_at.is_(None))
                .values(state="pending", claimed_by=None, claimed_at=None)
                .values(attempts=d.attempts - 1)  # counted when claimed, and never tried
            ).rowcount
            doubted = conn.execute(
                update(d)
                .where(*orphan)
                .values(state="in_doubt")
                .returning(d.id, d.hook, d.due, d.item_id)
            ).all()
            if gone:
                conn.execute(delete(r).where(r.id.in_(gone)))
            if not doubted:
                return [], released
            items = {
                row.id: row
                for row in conn.execute(
                    select(ItemRow.id, ItemRow.title, ItemRow.tzid).where(
                        ItemRow.id.in_({row.item_id for row in doubted})
                    )
                )
            }
            note = _("in doubt: its runner stopped while firing it; sent again with the same id")
            conn.execute(
                update(d)
                .where(d.id.in_([row.id for row in doubted]), d.hook.in_(safe))
                .values(state="pending", claimed_by=None, next_try=None, last_error=note)
            )
        found = [
            InDoubt(
                row.id,
                row.hook,
                items[row.item_id].title,
                row.due,
                items[row.item_id].tzid,
                row.hook in safe,
            )
            for row in doubted
        ]
        return sorted(found, key=lambda doubt: (doubt.due, doubt.id)), released

    def claim(self, now: datetime, limit: int) -> tuple[list[Delivery], int]:
        """Mark what is past the grace period missed, then claim up to ``limit`` due
        deliveries, oldest first; with the number marked missed.

        A delivery that was due already when a sync wrote it (``overdue_at_sync``) was never
        this runner's to miss: it goes out while its item has not started, and is missed only
        once the item's start, too, is longer ago than the grace period."""
        d, i = DeliveryRow, ItemRow
        names = list(self.hooks)
        cutoff = now - self.settings.grace
        note = _("missed: not fired within {grace} of its time").format(
            grace=span(self.settings.grace)
        )
        # Correlated, so that only the few overdue rows past the cutoff read their item.
        item_start = select(i.start).where(i.id == d.item_id).scalar_subquery()
        with self.store.begin(write=True) as conn:
            missed = conn.execute(
                update(d)
                .where(d.state == "pending", d.hook.in_(names), d.due < cutoff)
                .where(or_(d.next_try.is_(None), d.next_try < cutoff))
                .where(or_(d.overdue_at_sync.is_(False), item_start < cutoff))
                .values(state="missed", finished_at=now, last_error=note)
            ).rowcount
            due = (
                select(d.id)
                .where(d.state == "pending", d.hook.in_(names), d.due <= now)
                .where(or_(d.next_try.is_(None), d.next_try <= now))
                .order_by(d.due)
                .limit(limit)
            )
            if not self.store.is_sqlite:
                due = due.with_for_update(skip_locked=True)  # runners share the work
            claimed = conn.execute(
                update(d)
                .where(d.id.in_(due.scalar_subquery()))
                .values(state="claimed", claimed_by=self.me, claimed_at=now, started_at=None)
                .values(attempts=d.attempts + 1)
                .returning(d.id, d.hook, d.due, d.attempts, d.item_id)
            ).all()
            if not claimed:
                return [], missed
            i = ItemRow
            wanted = {row.item_id for row in claimed}
            items = {row.id: row for row in conn.execute(select(*_ITEM).where(i.id.in_(wanted)))}
        found = [_delivery(row, items[row.item_id]) for row in claimed]
        return sorted(found, key=lambda d: (d.due, d.id)), missed  # RETURNING has no order

    def record(self, outcomes: Sequence[Outcome], now: datetime) -> RunReport:
        """Write what happened, in one transaction; a delivery another runner took over
        meanwhile (it thought this one dead) keeps what that runner wrote."""
        report = RunReport()
        d = DeliveryRow
        mine = (
            d.id == bindparam("b_id"),
            d.claimed_by == self.me,
            or_(d.state == "claimed", d.state == "in_doubt"),  # no IN: executemany
        )
        done: list[dict[str, Any]] = []
        retry: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        for outcome in outcomes:
            ident = outcome.delivery.id
            if not outcome.fired:
                continue
            if outcome.error is None:
                done.append({"b_id": ident})
            elif outcome.retry and outcome.delivery.attempt < self.settings.attempts:
                wait = min(self.settings.backoff * 2 ** (outcome.delivery.attempt - 1), MAX_BACKOFF)
                retry.append({"b_id": ident, "b_next": now + wait, "b_error": outcome.error})
            else:
                failed.append({"b_id": ident, "b_error": outcome.error})
        error = bindparam("b_error", type_=Text())
        with self.store.begin(write=True) as conn:
            if done:
                stmt = update(d).where(*mine).values(state="delivered", finished_at=now)
                conn.execute(stmt.values(last_error=None), done)
            if retry:
                later = bindparam("b_next", type_=UTCDateTime())
                stmt = update(d).where(*mine).values(state="pending", next_try=later)
                conn.execute(stmt.values(last_error=error, claimed_by=None), retry)
            if failed:
                stmt = update(d).where(*mine).values(state="failed", finished_at=now)
                conn.execute(stmt.values(last_error=error), failed)
        report.delivered, report.retrying, report.failed = len(done), len(retry), len(failed)
        return report

    def next_due(self) -> datetime | None:
        """When the next of this runner's deliveries is due (a retry's next try counts)."""
        d = DeliveryRow
        names = list(self.hooks)
        if not names:
            return None
        pending = (d.state == "pending", d.hook.in_(names))
        with self.store.begin() as conn:
            first = conn.execute(
                select(func.min(d.due)).where(*pending, d.next_try.is_(None))
            ).scalar()
            retry = conn.execute(
                select(func.min(d.next_try)).where(*pending, d.next_try.is_not(None))
            ).scalar()
        times = [t for t in (first, retry) if t is not None]
        return min(times) if times else None


_STARTED = (
    update(DeliveryRow)
    .where(DeliveryRow.id.in_(bindparam("b_ids", expanding=True)))
    .where(DeliveryRow.claimed_by == bindparam("b_me"), DeliveryRow.state == "claimed")
    .values(started_at=bindparam("b_now", type_=UTCDateTime()))
    .returning(DeliveryRow.id)
)
_ITEM = (
    ItemRow.id,
    ItemRow.campaign,
    ItemRow.stage,
    ItemRow.step,
    ItemRow.channel,
    ItemRow.start,
    ItemRow.end,
    ItemRow.all_day,
    ItemRow.title,
    ItemRow.brief,
    ItemRow.kind,
    ItemRow.source,
    ItemRow.tzid,
    ItemRow.locale,
)


def _delivery(row: Any, item: Any) -> Delivery:
    return Delivery(
        id=row.id,
        hook=row.hook,
        due=row.due,
        attempt=row.attempts,
        item_id=item.id,
        campaign=item.campaign,
        stage=item.stage,
        step=item.step,
        channel=item.channel,
        start=item.start,
        end=item.end,
        all_day=item.all_day,
        title=item.title,
        brief=item.brief,
        kind=item.kind,
        source=item.source,
        tzid=item.tzid,
        locale=item.locale,
    )
