"""Times as the shop reads them: in the item's (or the workspace's) zone, with the zone's name.

The store keeps UTC; every time a command prints goes through here, so that the runner, the
status, the history and the reports of sync, done and skip agree with each other and with the
calendar (``2027-01-04 11:00 Europe/Paris``). JSON keeps ISO 8601 with the zone's offset.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local(moment: datetime, tzid: str) -> str:
    """``2027-01-04 11:00 Europe/Paris``: the wall-clock time in ``tzid``, then its name."""
    return f"{moment.astimezone(ZoneInfo(tzid)):%Y-%m-%d %H:%M} {tzid}"


def local_iso(moment: datetime, tzid: str) -> str:
    """``2027-01-04T11:00:00+01:00``: ISO 8601 with the offset of ``tzid`` at that moment."""
    return moment.astimezone(ZoneInfo(tzid)).isoformat()
