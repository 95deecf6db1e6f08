"""`planner publish`: make a CalDAV calendar equal to the plan, touching only what is ours.

Pure logic, no network: the resources written, the diff between the plan and what the calendar
holds, and the loop that applies it through a :class:`Target` (planner.davcalendar talks to a
real server).

An event is ours when its UID ends with ``@parcours``; ``X-PARCOURS-CAMPAIGN`` says which
campaign published it, so that publishing one campaign never deletes another's events, and
``X-PARCOURS-DIGEST`` hashes what the event says (not DTSTAMP, SEQUENCE or LAST-MODIFIED), so
that an unchanged event is known without reading it field by field and is not written again.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol
from urllib.parse import quote

from . import i18n
from .errors import ConfigError, Pos, UserError, example, quoted
from .i18n import N_, _, ngettext
from .ical import (
    PRODID,
    UID_SUFFIX,
    Alarm,
    ChannelLabel,
    format_event,
    key_label,
    tzid_of,
    vtimezone,
)
from .icaltext import fold, format_utc, x_text
from .plan import Item
from .progress import Progress
from .workspace import SETTINGS_FILE, Settings

CAMPAIGN_PROPERTY = "X-PARCOURS-CAMPAIGN"
DIGEST_PROPERTY = "X-PARCOURS-DIGEST"
# Part of every digest: changing how events are written changes every digest, so that the next
# publish rewrites the events in the new form.
_FORMAT = "parcours-caldav-1"
# A UID from before workspace identities: the item's id alone (this workspace's, once).
_BEFORE_IDENTITIES = re.compile(r"^[0-9a-f]{16}@parcours$")
_SETTINGS_KEYS = ("caldav", "user")
_EXAMPLES = {
    "caldav": "https://cloud.example.org/remote.php/dav/calendars/alice/parcours/",
    "user": "alice",
}
_SECRET_KEYS = ("password", "passwd", "pass", "secret", "token", "app_password")


class PublishError(UserError):
    """The calendar cannot be read or written: unreachable, login refused, not a calendar."""


class PublishConflict(PublishError):
    """An event changed on the server since it was read (a failed If-Match): not overwritten.
    :func:`publish` collects these and goes on with the other events."""


@dataclass(frozen=True, slots=True)
class Remote:
    """One event of the calendar, as read: where it is, its version, and what identifies it."""

    href: str
    etag: str | None
    uid: str
    campaign: str | None  # X-PARCOURS-CAMPAIGN, on the events we published
    digest: str | None
    sequence: int
    title: str
    start: date | datetime | None

    @property
    def ours(self) -> bool:
        return self.uid.endswith(UID_SUFFIX)


@dataclass(frozen=True, slots=True)
class Action:
    """What publishing does to one event: ``create``, ``update`` or ``delete``."""

    verb: str
    uid: str
    title: str
    start: date | datetime | None
    campaign: str | None
    item: Item | None = None
    remote: Remote | None = None

    def __str__(self) -> str:
        verbs = {verb: _(said) for verb, said in VERBS.items()}
        width = max(7, *(len(said) + 1 for said in verbs.values()))
        verb = verbs.get(self.verb, self.verb)
        return f"{verb:<{width}} {when(self.start):<16}  {self.title}" + (
            f"  ({self.campaign})" if self.campaign else ""
        )


# What publishing does to an event, as the dry run lists it.
VERBS = {"create": N_("create"), "update": N_("update"), "delete": N_("delete")}


@dataclass(slots=True)
class PublishReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    dry_run: bool = False
    actions: list[Action] = field(default_factory=list)

    def __str__(self) -> str:
        counts = {
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            return _(
                "would create {created}, update {updated}, delete {deleted}; unchanged "
                "{unchanged} (dry run: nothing written)"
            ).format(**counts)
        return _(
            "created {created}, updated {updated}, deleted {deleted}, unchanged {unchanged}"
        ).format(**counts)


class Target(Protocol):
    """A calendar collection to publish to (planner.davcalendar.DavCalendar)."""

    def events(self) -> list[Remote]: ...

    def create(self, name: str, body: str, title: str) -> None: ...

    def update(self, remote: Remote, body: str) -> None: ...

    def delete(self, remote: Remote) -> None: ...


def when(start: date | datetime | None) -> str:
    """A start as the user reads it: local date and time, or the date of an all-day event."""
    if isinstance(start, datetime):
        return f"{start:%Y-%m-%d %H:%M}"
    return start.isoformat() if isinstance(start, date) else "?"


def resource_name(item: Item, uid_suffix: str = UID_SUFFIX) -> str:
    """The file name of a new event in the collection, from its UID (two shops publishing to
    one calendar must not write the same file); an existing event keeps its own."""
    name = item.id + uid_suffix.removesuffix(UID_SUFFIX)
    return f"parcours-{quote(name, safe='')}.ics"


def digest(
    item: Item,
    alarm: timedelta | None,
    uid_suffix: str = UID_SUFFIX,
    label: ChannelLabel = key_label,
) -> str:
    """A hash of everything the published event says but its DTSTAMP, SEQUENCE and
    LAST-MODIFIED: equal digests, equal events."""
    text = format_event(item, "", Alarm.before(alarm), uid_suffix=uid_suffix, label=label)
    raw = f"{_FORMAT}\x1f{item.campaign_key}\x1f{text}"
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def resource(
    item: Item,
    *,
    dtstamp: datetime,
    alarm: timedelta | None,
    sequence: int = 0,
    last_modified: datetime | None = None,
    uid_suffix: str = UID_SUFFIX,
    label: ChannelLabel = key_label,
) -> str:
    """The calendar object resource of ``item``: one VCALENDAR holding the VTIMEZONE of its
    zone and one VEVENT (no METHOD: RFC 4791 §4.1 forbids it in a calendar collection)."""
    event = format_event(
        item,
        format_utc(dtstamp),
        Alarm.before(alarm),
        sequence=sequence,
        last_modified=format_utc(last_modified) if last_modified else None,
        uid_suffix=uid_suffix,
        label=label,
    )
    ours = (
        fold(f"{CAMPAIGN_PROPERTY}:{x_text(item.campaign_key)}")
        + f"\r\n{DIGEST_PROPERTY}:{digest(item, alarm, uid_suffix, label)}\r\n"
    )
    # Right after the UID line, which format_event writes first and never spreads over a CRLF.
    event = event.replace("\r\nDTSTAMP:", f"\r\n{ours}DTSTAMP:", 1)
    zones = ""
    zone, tzid = item.start.tzinfo, tzid_of(item.start.tzinfo)
    if not item.all_day and zone is not None and tzid is not None:
        lead = max(alarm or timedelta(0), timedelta(0))  # the alarm rings before the start
        first = (item.start - lead).astimezone(zone).date()
        last = item.end.astimezone(zone).date()
        zones = vtimezone(zone, tzid, first, max(first, last)).decode()
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{fold('PRODID:' + PRODID)}\r\n"
        f"CALSCALE:GREGORIAN\r\n{zones}{event}END:VCALENDAR\r\n"
    )


def parse_remote(href: str, etag: str | None, text: str) -> Remote | None:
    """The event a resource of the calendar holds, or None for anything else (a task, a
    resource icalendar cannot read): what we cannot read is not ours, and is left alone."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(text)
        event = next((c for c in calendar.walk("VEVENT")), None)
        if event is None:
            return None
        uid = str(event.get("UID", ""))
        campaign = event.get(CAMPAIGN_PROPERTY)
        found = event.get(DIGEST_PROPERTY)
        try:
            sequence = int(event.get("SEQUENCE", 0))
        except (TypeError, ValueError):
            sequence = 0
        start = event.get("DTSTART")
        return Remote(
            href=href,
            etag=etag,
            uid=uid,
            campaign=str(campaign) if campaign is not None else None,
            digest=str(found) if found is not None else None,
            sequence=max(sequence, 0),
            title=str(event.get("SUMMARY", "")),
            start=start.dt if start is not None else None,
        )
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def diff(
    items: Iterable[Item],
    remote: Iterable[Remote],
    campaigns: Collection[str] | None,
    alarm: timedelta | None,
    uid_suffix: str = UID_SUFFIX,
    label: ChannelLabel = key_label,
) -> tuple[list[Action], int]:
    """The actions that make the calendar equal to ``items``, and how many events stay.

    ``campaigns`` are the keys of the campaigns published (None: all of them, the whole
    workspace): our events of those campaigns that the plan no longer has are deleted. Events
    that are not ours, and ours of other campaigns, are left alone. One of ours without a
    campaign (an exported file imported by hand) is taken over when the plan still has it.
    """
    by_uid: dict[str, Remote] = {}
    for event in remote:
        if event.ours:
            by_uid.setdefault(event.uid, event)
    actions: list[Action] = []
    unchanged = 0
    planned: set[str] = set()
    for item in items:
        uid = item.id + uid_suffix
        planned.add(uid)
        old = by_uid.get(uid)
        if old is None:
            actions.append(Action("create", uid, item.title, item.start, item.campaign_key, item))
        elif old.digest != digest(item, alarm, uid_suffix, label) or (
            old.campaign != item.campaign_key
        ):
            actions.append(
                Action("update", uid, item.title, item.start, item.campaign_key, item, old)
            )
        else:
            unchanged += 1
    for uid, old in by_uid.items():
        if uid in planned or old.campaign is None:
            continue
        if not (uid.endswith(uid_suffix) or _BEFORE_IDENTITIES.match(uid)):
            continue  # another workspace's: one calendar may hold two shops
        if campaigns is None or old.campaign in campaigns:
            actions.append(Action("delete", uid, old.title, old.start, old.campaign, None, old))
    return actions, unchanged


def publish(
    items: Iterable[Item],
    target: Target,
    campaigns: Collection[str] | None,
    *,
    now: datetime,
    alarm: timedelta | None,
    dry_run: bool = False,
    started: Callable[[int], None] | None = None,
    progress: Progress | None = None,
    uid_suffix: str = UID_SUFFIX,
    label: ChannelLabel = key_label,
) -> PublishReport:
    """Make ``target`` hold ``items`` (see :func:`diff`); with ``dry_run`` only say what would
    change. ``started`` gets the number of writes before the first one, ``progress`` a 1 after
    each. An event changed on the server since it was read is not overwritten: the other writes
    go on, then a PublishError names it."""
    actions, unchanged = diff(items, target.events(), campaigns, alarm, uid_suffix, label)
    report = PublishReport(unchanged=unchanged, dry_run=dry_run, actions=actions)
    done: list[Action] = list(actions) if dry_run else []
    conflicts: list[Action] = []
    if not dry_run:
        if started is not None:
            started(len(actions))
        for action in actions:
            try:
                _apply(action, target, now, alarm, uid_suffix, label)
            except PublishConflict:
                conflicts.append(action)
            else:
                done.append(action)
            if progress is not None:
                progress(1)
    verbs = Counter(action.verb for action in done)
    report.created, report.updated, report.deleted = (
        verbs["create"],
        verbs["update"],
        verbs["delete"],
    )
    if conflicts:
        raise _conflicts(conflicts, report)
    return report


def _apply(
    action: Action,
    target: Target,
    now: datetime,
    alarm: timedelta | None,
    uid_suffix: str,
    label: ChannelLabel,
) -> None:
    item, old = action.item, action.remote
    if action.verb == "create" and item is not None:
        body = resource(
            item, dtstamp=now, alarm=alarm, last_modified=now, uid_suffix=uid_suffix, label=label
        )
        target.create(resource_name(item, uid_suffix), body, item.title)
    elif action.verb == "update" and item is not None and old is not None:
        body = resource(
            item,
            dtstamp=now,
            alarm=alarm,
            sequence=old.sequence + 1,
            last_modified=now,
            uid_suffix=uid_suffix,
            label=label,
        )
        target.update(old, body)
    elif action.verb == "delete" and old is not None:
        target.delete(old)


def _conflicts(found: list[Action], report: PublishReport) -> PublishConflict:
    shown = "; ".join(
        f"{_(VERBS.get(a.verb, a.verb))} {quoted_title(a.title)} ({when(a.start)})"
        for a in found[:3]
    )
    if len(found) > 3:
        shown = _("{events} and {count} more").format(events=shown, count=len(found) - 3)
    count = len(found)
    return PublishConflict(
        ngettext(
            "{count} event(s) changed on the server since they were read, left as they are: "
            "{events}; the rest is published ({report})",
            "{count} event(s) changed on the server since they were read, left as they are: "
            "{events}; the rest is published ({report})",
            count,
        ).format(count=count, events=shown, report=report),
        None,
        _("someone edited the calendar meanwhile; run `planner publish` again to publish over it"),
    )


def quoted_title(title: str) -> str:
    """An event's title quoted as it always was in English ('…'), in « » in French."""
    return f"'{title}'" if i18n.language() == i18n.SOURCE else quoted(title)


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """planner.toml's [publish] table: where to publish by default. Never a password."""

    url: str | None = None
    url_pos: Pos | None = None
    user: str | None = None


def publish_settings(settings: Settings) -> PublishSettings:
    """[publish] ``caldav`` and ``user``. A password there is refused: planner.toml sits with
    the plans, often in a shared folder or a git repository."""
    from .errors import did_you_mean

    src = settings.source
    table = settings.raw.get("publish", {})
    if not isinstance(table, dict):
        raise ConfigError(
            _("[publish] must be a table"),
            src.pos("", "publish", value=False) if src else None,
            _("write a [publish] header, then {line}").format(
                line='caldav = "https://…/calendars/alice/parcours/"'
            ),
        )
    for key in table:
        pos = src.pos("publish", key, value=False) if src else Pos(SETTINGS_FILE)
        if key.lower() in _SECRET_KEYS or "password" in key.lower():
            raise ConfigError(
                _(
                    "a password does not belong in planner.toml: it would be read by anyone who "
                    "can read your plans"
                ),
                pos,
                _(
                    "remove it, and set PLANNER_CALDAV_PASSWORD in the environment, or let "
                    "`planner publish` ask for it"
                ),
            )
        if key not in _SETTINGS_KEYS:
            known = _("known keys: {keys}").format(keys=", ".join(_SETTINGS_KEYS))
            hint = did_you_mean(key, _SETTINGS_KEYS, known)
            raise ConfigError(
                _("unknown key {key} in [publish]").format(key=quoted(key)), pos, hint
            )
    values: dict[str, str] = {}
    for key in _SETTINGS_KEYS:
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(
                _("[publish] {key} must be a text in quotes").format(key=key),
                src.pos("publish", key) if src else None,
                example(key, f'"{_EXAMPLES[key]}"'),
            )
        if value is not None:
            values[key] = value.strip()
    url = values.get("caldav")
    return PublishSettings(
        url=url,
        url_pos=src.pos("publish", "caldav") if src and url else None,
        user=values.get("user"),
    )
