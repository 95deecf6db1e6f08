"""Times and durations as the shop reads them: times in the item's (or the workspace's) zone,
with the zone's name; durations as people write them.

The store keeps UTC; every time a command prints goes through here, so that the runner, the
status, the history and the reports of sync, done and skip agree with each other and with the
calendar (``2027-01-04 11:00 Europe/Paris``). JSON keeps ISO 8601 with the zone's offset.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .i18n import ngettext


def local(moment: datetime, tzid: str) -> str:
    """``2027-01-04 11:00 Europe/Paris``: the wall-clock time in ``tzid``, then its name."""
    return f"{moment.astimezone(ZoneInfo(tzid)):%Y-%m-%d %H:%M} {tzid}"


def local_iso(moment: datetime, tzid: str) -> str:
    """``2027-01-04T11:00:00+01:00``: ISO 8601 with the offset of ``tzid`` at that moment."""
    return moment.astimezone(ZoneInfo(tzid)).isoformat()


def span(delta: timedelta) -> str:
    """A duration as people write it: "1 hour", "90 minutes", "2 days"."""
    seconds = int(delta.total_seconds())
    if seconds >= 86400 and seconds % 86400 == 0:
        count = seconds // 86400
        return ngettext("{count} day", "{count} days", count).format(count=count)
    if seconds >= 3600 and seconds % 3600 == 0:
        count = seconds // 3600
        return ngettext("{count} hour", "{count} hours", count).format(count=count)
    if seconds >= 60 and seconds % 60 == 0:
        count = seconds // 60
        return ngettext("{count} minute", "{count} minutes", count).format(count=count)
    return ngettext("{count} second", "{count} seconds", seconds).format(count=seconds)
