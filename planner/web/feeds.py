"""Calendar feeds: the store's items as iCalendar, for calendar apps that subscribe.

A feed is what the store holds, because the store says which version of each item a client has
seen: ``sequence`` grows and ``updated_at`` moves whenever a sync changes an item, and a
client replaces an event it already holds only when its SEQUENCE grew (RFC 5546). Items
marked done stay; skipped and removed ones leave the feed, so the client drops them.

A feed's bytes are a function of the store (and of the feed's name, alarm and look): with no
METHOD, each event's DTSTAMP, like its LAST-MODIFIED, is the moment sync made its version (RFC
5545 §3.8.7.2), not the moment the feed was made. So a feed keeps its bytes across a server's
restart, and its ETag, a hash of them, is a strong one. A feed is made again only when the store
or the workspace changed, and its Last-Modified is the latest change of an item in its scope.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select

from ..ical import UID_SUFFIX, Look, write_calendar
from ..plan import Item
from ..store import ItemRow, Store, read_revision
from ..versions import Stored

ALARM = timedelta(hours=1)  # as `planner export` by default
SHOWN_STATES = ("pending", "done")


@dataclass(frozen=True, slots=True)
class Scope:
    """Which items a feed holds: all of them, one campaign's, or one channel's."""

    kind: str  # "all", "campaign" or "channel"
    key: str = ""

    def where(self) -> ColumnElement[bool] | None:
        if self.kind == "campaign":
            return ItemRow.campaign_key == self.key
        if self.kind == "channel":
            return ItemRow.channel == self.key
        return None


@dataclass(frozen=True, slots=True)
class Feed:
    body: bytes
    etag: str  # quoted, as sent
    last_modified: datetime  # whole seconds, UTC
    count: int

    @property
    def http_date(self) -> str:
        return format_datetime(self.last_modified, usegmt=True)

    def not_modified(self, if_none_match: str | None, if_modified_since: str | None) -> bool:
        """Whether a client holding these headers has this feed (RFC 9110 §13.2.2: an
        If-None-Match decides alone; If-Modified-Since only without one)."""
        if if_none_match is not None:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            return "*" in tags or self.etag in tags
        if if_modified_since is None:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return self.last_modified <= since


class Feeds:
    """The feeds of one store, each cached until the store's revision or the plan moves."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        alarm: timedelta | None = ALARM,
        uid_suffix: str = UID_SUFFIX,
    ) -> None:
        self.store = store
        self.uid_suffix = uid_suffix  # the workspace's identity in every UID
        self.clock = clock
        self.alarm = alarm  # before each event (a VALARM), or None
        self._cache: dict[Scope, tuple[tuple[int, int, str], Feed]] = {}
        self._lock = threading.Lock()

    def get(self, scope: Scope, calname: str, version: int, look: Look | None = None) -> Feed:
        """The feed of ``scope``; ``version`` is the plan's (a renamed shop renames feeds, a
        channel file its events), ``look`` its shop's zone and channel names."""
        with self.store.begin() as conn:
            revision = read_revision(conn)
        key = (revision, version, calname)
        with self._lock:
            cached = self._cache.get(scope)
            if cached is not None and cached[0] == key:
                return cached[1]
            feed = self._make(scope, calname, look)
            if cached is not None and cached[1].etag == feed.etag:
                feed = cached[1]  # the same bytes: keep the Last-Modified clients already have
            self._cache[scope] = (key, feed)
            return feed

    def _make(self, scope: Scope, calname: str, look: Look | None) -> Feed:
        now = self.clock()
        items, versions, latest = stored_items(self.store, scope)
        out = io.BytesIO()
        count = write_calendar(
            items,
            out,
            calname=calname,
            dtstamp=now,
            alarm=self.alarm,
            versions=Stored(versions),
            uid_suffix=self.uid_suffix,
            look=look,
        )
        body = out.getvalue()
        digest = hashlib.blake2b(body, digest_size=16).hexdigest()
        moment = (latest or now).astimezone(UTC).replace(microsecond=0)
        return Feed(body, f'"{digest}"', moment, count)


def stored_items(
    store: Store, scope: Scope
) -> tuple[list[Item], dict[str, tuple[int, datetime]], datetime | None]:
    """The items of ``scope`` a feed shows, with their (sequence, updated_at), and the latest
    change to any item of the scope (a removed or skipped item changes the feed too)."""
    i = ItemRow
    query = select(
        i.id,
        i.campaign,
        i.stage,
        i.step,
        i.channel,
        i.start,
        i.end,
        i.all_day,
        i.title,
        i.brief,
        i.kind,
        i.source,
        i.campaign_key,
        i.locale,
        i.tzid,
        i.state,
        i.sequence,
        i.updated_at,
    ).order_by(i.start, i.id)
    where = scope.where()
    if where is not None:
        query = query.where(where)
    items: list[Item] = []
    versions: dict[str, tuple[int, datetime]] = {}
    latest: datetime | None = None
    zones: dict[str, ZoneInfo] = {}
    with store.begin() as conn:
        rows = conn.execute(query).all()
    for row in rows:
        *fields, tzid, state, sequence, updated = row
        latest = updated if latest is None else max(latest, updated)
        if state not in SHOWN_STATES:
            continue
        zone = zones.get(tzid) or zones.setdefault(tzid, ZoneInfo(tzid))
        fields[5], fields[6] = fields[5].astimezone(zone), fields[6].astimezone(zone)
        items.append(Item(*fields))
        versions[row.id] = (sequence, updated)
    return items, versions, latest
