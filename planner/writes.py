"""What a sync writes (sync.py): the rows it decided on, and the rule for reminders that were
due before the sync made them.

A hook's reminder is due ``lead`` before its item. When a sync creates or moves a delivery whose
due time has passed already (a lead of a day for an item tomorrow morning, synced this
afternoon), the reminder was due before it existed: no runner could have sent it, so it is not
"missed". It is written with ``overdue_at_sync``, which makes the runner send it at its next run
as long as its item has not started (claims.py), and the sync says so (:class:`Overdue`).
A pending delivery that was due already under the stored plan is another matter: its time came
while it was in the store, and whether it went out late or was missed is the runner's call by
its grace period. Re-syncing leaves it as it is, even when an edited rule moves its item, so
that a reminder missed while no runner ran is never brought back by a sync.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection

from .bulk import write_raw
from .i18n import ngettext
from .localtime import span
from .store import delivery_id

FIELDS = (
    "campaign_key",
    "campaign",
    "stage",
    "step",
    "channel",
    "kind",
    "start",
    "end",
    "all_day",
    "title",
    "brief",
    "source",
    "tzid",
    "locale",
)
START = FIELDS.index("start")
ITEM_COLUMNS = ("id", *FIELDS, "state", "sequence", "updated_at", "digest")
_DELIVERY_COLUMNS = ("id", "item_id", "hook", "due", "state", "attempts")
_REDATED = ("due", "next_try", "overdue_at_sync")
_REVIVED = (
    "state",
    "attempts",
    "next_try",
    "claimed_by",
    "finished_at",
    "last_error",
    "due",
    "overdue_at_sync",
)


class Stored(NamedTuple):
    id: str
    state: str
    due: Any  # as the driver gives it: compared with Store.db_time values


@dataclass(frozen=True, slots=True)
class Overdue:
    """``count`` reminders of ``hook`` that a sync created or moved after their due time; for
    items that had ``started`` already, or that are still ahead."""

    hook: str
    lead: timedelta
    count: int
    started: bool

    def __str__(self) -> str:
        n, fields = self.count, {"count": self.count, "hook": self.hook}
        if self.lead:
            fields["lead"] = span(self.lead)
            said = ngettext(
                "{count} reminder of hook {hook} was due before this sync (lead {lead})",
                "{count} reminders of hook {hook} were due before this sync (lead {lead})",
                n,
            )
        else:
            said = ngettext(
                "{count} reminder of hook {hook} was due before this sync",
                "{count} reminders of hook {hook} were due before this sync",
                n,
            )
        if not self.started:
            then = ngettext(
                "{said}; it goes out at the next run", "{said}; they go out at the next run", n
            )
        else:
            then = ngettext(
                "{said}, for an item that had started already; it is missed unless a runner "
                "sends it within its grace period after the item's start",
                "{said}, for items that had started already; they are missed unless a runner "
                "sends them within its grace period after the item's start",
                n,
            )
        return then.format(said=said.format(**fields))


@dataclass(slots=True)
class Writes:
    """The bulk writes a sync decided on, as rows of driver values, executed at the end.
    ``now`` is the sync's time as the driver stores it."""

    now: Any
    db_time: Callable[[datetime], Any]
    new_items: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    gone: list[tuple[Any, ...]] = field(default_factory=list)
    new_deliveries: list[tuple[Any, ...]] = field(default_factory=list)
    overdue_new: list[tuple[Any, ...]] = field(default_factory=list)  # (True, id) of new ones
    redated: list[tuple[Any, ...]] = field(default_factory=list)
    revived: list[tuple[Any, ...]] = field(default_factory=list)
    cancelled: list[tuple[Any, ...]] = field(default_factory=list)
    digests: list[tuple[Any, ...]] = field(default_factory=list)
    # Deliveries written after their due time, by (hook, lead, item started already).
    overdue: Counter[tuple[str, timedelta, bool]] = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return any(
            (
                self.new_items,
                self.items,
                self.gone,
                self.new_deliveries,
                self.redated,
                self.revived,
                self.cancelled,
                self.digests,
            )
        )

    def report(self) -> tuple[Overdue, ...]:
        return tuple(
            Overdue(hook, lead, count, started)
            for (hook, lead, started), count in sorted(self.overdue.items())
        )

    def deliveries(
        self,
        item_id: str,
        have: Mapping[str, Stored],
        want: Sequence[tuple[str, timedelta]],
        start: datetime,
        start_db: Any,
    ) -> bool:
        """Make the item's deliveries those of ``want`` (hook, lead); whether any changed."""
        now = self.now
        if not have:  # a new item: the common case of a first sync, kept lean
            for hook, lead in want:
                due = self.db_time(start - lead) if lead else start_db
                ident = delivery_id(item_id, hook)
                self.new_deliveries.append((ident, item_id, hook, due, "pending", 0))
                if due < now:
                    self.overdue_new.append((True, ident))
                    self.overdue[hook, lead, start_db <= now] += 1
            return bool(want)
        changed = False
        for hook, lead in want:
            due = self.db_time(start - lead) if lead else start_db
            late = due < now
            old = have.get(hook)
            if old is None:
                ident = delivery_id(item_id, hook)
                self.new_deliveries.append((ident, item_id, hook, due, "pending", 0))
                if late:
                    self.overdue_new.append((True, ident))
            elif old.state == "pending" and old.due != due:
                if late and old.due <= now:
                    continue  # due already as stored: the runner's to judge (see above)
                self.redated.append((due, None, late, old.id, "pending"))
            elif old.state == "cancelled":
                self.revived.append(
                    ("pending", 0, None, None, None, None, due, late, old.id, "cancelled")
                )
            else:
                continue
            if late:
                self.overdue[hook, lead, start_db <= now] += 1
            changed = True
        wanted = {hook for hook, _ in want}
        for hook, old in have.items():
            if hook not in wanted and old.state == "pending":
                self.cancelled.append(("cancelled", self.now, old.id, "pending"))
                changed = True
        return changed

    def execute(self, conn: Connection) -> None:
        # In the plan's order, campaign by campaign: SQLite lays rows out in the order they
        # come, so an edited campaign later rewrites its own pages rather than pages all over
        # the file (a re-sync of 10 % went from 0.83 to 0.6 s; sorting by id gained nothing).
        write_raw(conn, "items", ITEM_COLUMNS, self.new_items)
        # Not campaign_key: an item's id is made from it, and SQLite updates the index of every
        # column a SET names, changed or not.
        write_raw(conn, "items", ITEM_COLUMNS[2:], self.items, where=("id",))
        write_raw(
            conn, "items", ("state", "sequence", "updated_at"), self.gone, where=("id", "state")
        )
        write_raw(conn, "items", ("digest",), self.digests, where=("id",))
        write_raw(conn, "deliveries", _DELIVERY_COLUMNS, self.new_deliveries)
        # Apart, and only for the few new ones due already: a first sync's bulk insert stays
        # as lean as it was, the column's default doing the rest.
        write_raw(conn, "deliveries", ("overdue_at_sync",), self.overdue_new, where=("id",))
        write_raw(conn, "deliveries", _REDATED, self.redated, where=("id", "state"))
        write_raw(conn, "deliveries", _REVIVED, self.revived, where=("id", "state"))
        write_raw(
            conn, "deliveries", ("state", "finished_at"), self.cancelled, where=("id", "state")
        )
