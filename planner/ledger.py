"""What the store says happened, and what the owner did: `planner status`, `history`, `done`,
`skip`. Reads are plain queries; marking an item done cancels its pending deliveries and bumps
the revision, so that a running runner notices at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from .errors import ConfigError, Pos, quoted
from .i18n import N_, _, ngettext
from .localtime import local, local_iso
from .store import (
    DELIVERY_STATES,
    ITEM_STATES,
    DeliveryRow,
    ItemRow,
    RunnerRow,
    Store,
    bump_revision,
)

SHOWN = 20  # entries per list in the table view; JSON has them all
# The states as the table view says them (JSON keeps the stored words).
STATE_WORDS = {
    "pending": N_("pending"),
    "claimed": N_("claimed"),
    "delivered": N_("delivered"),
    "failed": N_("failed"),
    "missed": N_("missed"),
    "in_doubt": N_("in doubt"),
    "cancelled": N_("cancelled"),
    "done": N_("done"),
    "skipped": N_("skipped"),
    "removed": N_("removed"),
}


def state_word(state: str) -> str:
    """A stored state as a person reads it, in the current language."""
    word = STATE_WORDS.get(state)
    return _(word) if word is not None else state.replace("_", " ")


FINISHED = ("delivered", "failed", "missed", "in_doubt")
_ID = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True, slots=True)
class Entry:
    """One delivery with its item, for listings."""

    id: str
    item_id: str
    hook: str
    state: str
    title: str
    campaign: str
    channel: str
    start: datetime
    due: datetime
    tzid: str
    attempts: int
    at: datetime | None  # when it finished (or was claimed, for one in doubt)
    error: str | None

    def to_json(self) -> dict[str, object]:
        zone = ZoneInfo(self.tzid)
        return {
            "id": self.id,
            "item_id": self.item_id,
            "hook": self.hook,
            "state": self.state,
            "title": self.title,
            "campaign": self.campaign,
            "channel": self.channel,
            "start": self.start.astimezone(zone).isoformat(),
            "due": self.due.astimezone(zone).isoformat(),
            "attempts": self.attempts,
            "at": self.at.astimezone(zone).isoformat() if self.at else None,
            "error": self.error,
        }

    def line(self, error: str = "\n      ") -> str:
        """Due time (local), hook, title and item; then the error after ``error``."""
        due = self.due.astimezone(ZoneInfo(self.tzid))
        text = _("{due}  {hook}  {title}  (item {item})").format(
            due=f"{due:%Y-%m-%d %H:%M} {self.tzid}",
            hook=self.hook,
            title=self.title,
            item=self.item_id,
        )
        return text + (f"{error}{self.error}" if self.error and self.state != "pending" else "")


@dataclass(frozen=True, slots=True)
class Runner:
    """A runner that is (or was, until its next start says otherwise) running on the store;
    its times shown in ``tzid``, the workspace's zone."""

    id: str
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime
    tzid: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "host": self.host,
            "pid": self.pid,
            "started_at": local_iso(self.started_at, self.tzid),
            "heartbeat_at": local_iso(self.heartbeat_at, self.tzid),
        }

    def line(self) -> str:
        return _("{runner} (last seen {when})").format(
            runner=self.id, when=local(self.heartbeat_at, self.tzid)
        )


@dataclass(slots=True)
class Status:
    store: str
    items: dict[str, int] = field(default_factory=dict)
    deliveries: dict[str, int] = field(default_factory=dict)
    next: list[Entry] = field(default_factory=list)
    in_doubt: list[Entry] = field(default_factory=list)
    failed: list[Entry] = field(default_factory=list)
    missed: list[Entry] = field(default_factory=list)
    runners: list[Runner] = field(default_factory=list)
    # The workspace's identity ([shop] id), part of every UID; None: not made yet, or no
    # workspace at all (no planner.toml: ``settings`` False).
    workspace: str | None = None
    settings: bool = True

    def to_json(self) -> dict[str, object]:
        return {
            "workspace": self.workspace,
            "store": self.store,
            "items": self.items,
            "deliveries": self.deliveries,
            "next": [e.to_json() for e in self.next],
            "in_doubt": [e.to_json() for e in self.in_doubt],
            "failed": [e.to_json() for e in self.failed],
            "missed": [e.to_json() for e in self.missed],
            "runners": [r.to_json() for r in self.runners],
        }


_COLUMNS = (
    DeliveryRow.id,
    DeliveryRow.item_id,
    DeliveryRow.hook,
    DeliveryRow.state,
    ItemRow.title,
    ItemRow.campaign,
    ItemRow.channel,
    ItemRow.start,
    DeliveryRow.due,
    ItemRow.tzid,
    DeliveryRow.attempts,
    func.coalesce(DeliveryRow.finished_at, DeliveryRow.claimed_at),
    DeliveryRow.last_error,
)


def _entries(rows: Sequence[Any]) -> list[Entry]:
    return [Entry(*row) for row in rows]


def status(store: Store, tzid: str, *, shown: int | None = None) -> Status:
    """Counts per state, the next due deliveries, and every one that needs the owner's eye;
    the runners' times in ``tzid`` (the workspace's zone: a runner serves every campaign)."""
    d, i = DeliveryRow, ItemRow
    result = Status(store.shown)
    base = select(*_COLUMNS).join(i, i.id == d.item_id)
    with store.begin() as conn:
        items = {s: n for s, n in conn.execute(select(i.state, func.count()).group_by(i.state))}
        result.items = {s: items[s] for s in ITEM_STATES if items.get(s)}
        by_state = {s: n for s, n in conn.execute(select(d.state, func.count()).group_by(d.state))}
        result.deliveries = {s: by_state[s] for s in DELIVERY_STATES if by_state.get(s)}
        pending = base.where(d.state == "pending").order_by(d.due, d.id).limit(5)
        result.next = _entries(conn.execute(pending).all())
        for state in ("in_doubt", "failed", "missed"):
            query = base.where(d.state == state).order_by(d.due.desc(), d.id)
            if shown is not None:
                query = query.limit(shown)
            setattr(result, state, _entries(conn.execute(query).all()))
        # Columns, not the entity: a Core connection gives rows, whose .scalars() are ids.
        r = RunnerRow
        runners = select(r.id, r.host, r.pid, r.started_at, r.heartbeat_at).order_by(r.id)
        result.runners = [Runner(*row, tzid) for row in conn.execute(runners)]
    return result


def history(store: Store, limit: int) -> list[Entry]:
    """Finished deliveries (delivered, failed, missed, in doubt), newest first."""
    d, i = DeliveryRow, ItemRow
    when = func.coalesce(d.finished_at, d.claimed_at, d.due)
    query = (
        select(*_COLUMNS)
        .join(i, i.id == d.item_id)
        .where(d.state.in_(FINISHED))
        .order_by(when.desc(), d.due.desc(), d.id)
        .limit(limit)
    )
    with store.begin() as conn:
        return _entries(conn.execute(query).all())


@dataclass(frozen=True, slots=True)
class Marked:
    item_id: str
    title: str
    start: datetime
    tzid: str
    before: str
    after: str
    cancelled: int

    def __str__(self) -> str:
        what = _("{title}, {start} (item {item})").format(
            title=self.title, start=local(self.start, self.tzid), item=self.item_id
        )
        after = state_word(self.after)
        if self.before == self.after:
            return _("already {state}: {what}").format(state=after, what=what)
        if self.before in MARKED:  # forced: say what it was
            return _("was {before}, now {after}: {what}").format(
                before=state_word(self.before), after=after, what=what
            )
        if not self.cancelled:
            return _("{state}: {what}").format(state=after, what=what)
        return ngettext(
            "{state}: {what}; {count} reminder(s) cancelled",
            "{state}: {what}; {count} reminder(s) cancelled",
            self.cancelled,
        ).format(state=after, what=what, count=self.cancelled)


MARKED = ("done", "skipped")
COMMANDS = {"done": "done", "skipped": "skip"}


class AlreadyMarked(ConfigError):
    """The item was marked the other way already (done, and now skip, or back): a second
    command or a stale page's button does not silently turn one into the other."""

    def __init__(self, item_id: str, title: str, before: str, wanted: str, pos: Pos) -> None:
        super().__init__(
            _("item {item} is already {state}: {title}; it stays {state}").format(
                item=item_id, state=state_word(before), title=title
            ),
            pos,
            _("to mark it {state} instead: {command}").format(
                state=state_word(wanted), command=f"planner {COMMANDS[wanted]} {item_id} --force"
            ),
        )
        self.item_id, self.title, self.before, self.wanted = item_id, title, before, wanted


def mark(store: Store, ident: str, state: str, now: datetime, *, force: bool = False) -> Marked:
    """Record that the owner did (``done``) or dropped (``skipped``) item ``ident`` (an id or
    a unique prefix of one): its pending deliveries are cancelled, never fired. An item marked
    the other way already is refused (AlreadyMarked) unless ``force``."""
    wanted = ident.strip().lower()
    pos = Pos(ident)
    where = _(
        "ids are shown by `planner status`, `planner history` and `planner plan --format json`"
    )
    if not _ID.fullmatch(wanted):
        raise ConfigError(_("not an item id: {id}").format(id=quoted(ident)), pos, where)
    i, d = ItemRow, DeliveryRow
    with store.begin(write=True) as conn:
        found = conn.execute(
            select(i.id, i.title, i.start, i.tzid, i.state).where(i.id.startswith(wanted)).limit(6)
        ).all()
        if not found:
            raise ConfigError(
                _("no item with id {id} in the store").format(id=quoted(ident)), pos, where
            )
        if len(found) > 1:
            some = ", ".join(row.id for row in found[:5])
            raise ConfigError(
                _("{id} is the start of several item ids: {ids}").format(
                    id=quoted(ident), ids=some
                ),
                pos,
                _("give more of the id"),
            )
        item_id, title, start, tzid, before = found[0]
        if before in MARKED and before != state and not force:
            raise AlreadyMarked(item_id, title, before, state, pos)
        cancelled = 0
        if before != state:
            conn.execute(
                update(i)
                .where(i.id == item_id)
                .values(state=state, sequence=i.sequence + 1, updated_at=now)
            )
            cancelled = conn.execute(
                update(d)
                .where(d.item_id == item_id, d.state == "pending")
                .values(
                    state="cancelled",
                    finished_at=now,
                    last_error=_("item marked {state}").format(state=state_word(state)),
                )
            ).rowcount
            bump_revision(conn)
    return Marked(item_id, title, start, tzid, before, state, cancelled)


def render_status(result: Status, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    lines = [
        _("workspace: {id} ([shop] id, part of every UID)").format(id=result.workspace)
        if result.workspace
        else _("workspace: no identity yet (the next export, publish or serve makes it)")
        if result.settings
        else _("workspace: none (no planner.toml: UIDs carry no shop identity)"),
        _("store: {store}").format(store=result.store),
    ]
    counts = ", ".join(_count(n, s) for s, n in result.items.items())
    lines.append(_("items: {counts}").format(counts=counts or _("none (run planner sync)")))
    counts = ", ".join(_count(n, s) for s, n in result.deliveries.items())
    lines.append(_("deliveries: {counts}").format(counts=counts or _("none")))
    lines.extend(_("runner: {runner}").format(runner=runner.line()) for runner in result.runners)
    lines.append(_("next:") if result.next else _("next: nothing pending"))
    lines.extend(f"  {e.line()}" for e in result.next)
    for state in ("in_doubt", "failed", "missed"):
        entries: list[Entry] = getattr(result, state)
        if not entries:
            continue
        total = result.deliveries.get(state, len(entries))
        lines.append(_("{state} ({count}):").format(state=state_word(state), count=total))
        lines.extend(f"  {e.line()}" for e in entries[:SHOWN])
        if total > SHOWN:
            lines.append(
                "  "
                + _("… and {count} more (--format json lists them all)").format(count=total - SHOWN)
            )
    return "\n".join(lines) + "\n"


def _count(n: int, state: str) -> str:
    """ "3 pending", "3 en attente"."""
    return _("{count} {state}").format(count=n, state=state_word(state))


def render_history(entries: list[Entry], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2) + "\n"
    if not entries:
        return _("nothing delivered, failed, missed or in doubt yet") + "\n"
    return "".join(f"{state_word(e.state):<10} {e.line(' — ')}\n" for e in entries)
