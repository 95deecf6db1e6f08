"""Reads an .ics file with libical (Evolution's parser) and prints what it understood as JSON,
in the shape tests/icaljs/check.mjs prints, plus what libical found wrong.

Run by tests/libical.py with Debian's Python, not the project's: libical is reached through
GObject introspection (gir1.2-ical-3.0, python3-gi), which only the system Python can import.

usage: /usr/bin/python3 libical_check.py FILE.ics [PROBES_JSON]
  PROBES_JSON: {"Europe/Paris": ["2027-03-28T03:00:00", ...]}: local wall times resolved to UTC
  with the VTIMEZONE found *in the file*, as for a DTSTART;TZID=...

"errors" are the X-LIC-ERROR properties libical's parser inserted (it keeps going on bad input
and marks it so); "restrictions" those its RFC 5545 / iTIP restriction check added.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal  # noqa: E402

ANY_PROPERTY = ICal.PropertyKind.ANY_PROPERTY
ANY_COMPONENT = ICal.ComponentKind.ANY_COMPONENT


def children(component: Any, kind: Any = ANY_COMPONENT) -> list[Any]:
    found, child = [], component.get_first_component(kind)
    while child is not None:
        found.append(child)
        child = component.get_next_component(kind)
    return found


def properties(component: Any, kind: Any = ANY_PROPERTY) -> list[Any]:
    found, prop = [], component.get_first_property(kind)
    while prop is not None:
        found.append(prop)
        prop = component.get_next_property(kind)
    return found


def x_value(component: Any, name: str) -> str | None:
    for prop in properties(component, ICal.PropertyKind.X_PROPERTY):
        if prop.get_x_name().upper() == name:
            return str(prop.get_x())
    return None


def value(component: Any, kind: Any) -> str | None:
    prop = component.get_first_property(kind)
    return None if prop is None else str(prop.get_value_as_string())


def errors(component: Any, where: str = "") -> list[str]:
    """Every X-LIC-ERROR under ``component``, each with the path of components to it."""
    name = ICal.Component.kind_to_string(component.isa())
    uid = component.get_uid() if component.isa() == ICal.ComponentKind.VEVENT_COMPONENT else None
    here = f"{where}/{name}" + (f"[{uid}]" if uid else "")
    found = [
        f"{here}: {prop.get_xlicerror()}"
        for prop in properties(component, ICal.PropertyKind.XLICERROR_PROPERTY)
    ]
    for child in children(component):
        found += errors(child, here)
    return found


def restriction_errors(root: Any) -> list[str]:
    """What libical's restriction check finds, in every component.

    icalrestriction_check stops at the first component that fails (``valid && check(...)``),
    so each top-level component is checked in a calendar of its own, with the root's
    properties. It checks a component's own properties (not a VALARM's, nor an observance's).
    """
    before = set(errors(root))
    props = [p for p in properties(root) if p.isa() != ICal.PropertyKind.XLICERROR_PROPERTY]
    found: list[str] = []
    for child in children(root) or [None]:
        alone = ICal.Component.new_vcalendar()
        for prop in props:
            alone.add_property(prop.clone())
        if child is not None:
            alone.add_component(child.clone())
        alone.check_restrictions()
        # libical may write one violation several times (DTEND with DURATION: once per property).
        found += [e for e in dict.fromkeys(errors(alone)) if e not in before and e not in found]
    return found


def iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def wall(time: Any) -> str:
    day = f"{time.get_year():04d}-{time.get_month():02d}-{time.get_day():02d}"
    if time.is_date():
        return day
    clock = f"{time.get_hour():02d}:{time.get_minute():02d}:{time.get_second():02d}"
    return f"{day}T{clock}" + ("Z" if time.is_utc() else "")


def zone_of(root: Any, prop: Any) -> tuple[str | None, Any]:
    """The TZID of a date-time property and libical's zone for it, built from the file's own
    VTIMEZONE: given a TZID it has no VTIMEZONE for, libical would quietly use its built-in
    copy of the tz database instead, which is not what a calendar application reads."""
    param = prop.get_first_parameter(ICal.ParameterKind.TZID_PARAMETER)
    if param is None:
        return None, None
    tzid = param.get_tzid()
    zone = root.get_timezone(tzid)
    if zone is None:
        raise SystemExit(f"TZID={tzid} has no VTIMEZONE in the file (RFC 5545 §3.2.19)")
    return tzid, zone


def time_of(root: Any, prop: Any | None) -> dict[str, Any] | None:
    if prop is None:
        return None
    # The property's own value: the component's getters fill in a missing DTEND from DTSTART.
    time = prop.get_value().get_datetime()
    if time.is_date():
        return {"isDate": True, "wall": wall(time), "zone": None, "utc": None}
    tzid, zone = zone_of(root, prop)
    if time.is_utc():
        tzid, zone = "UTC", ICal.Timezone.get_utc_timezone()
    elif zone is None:
        raise SystemExit(f"floating time {prop.as_ical_string().strip()}: no instant")
    return {
        "isDate": False,
        "wall": wall(time),
        "zone": tzid,
        "utc": iso(time.as_timet_with_zone(zone)),
    }


def stamp(prop: Any | None) -> str | None:
    """A UTC DATE-TIME property (DTSTAMP, LAST-MODIFIED) as ical.js prints it."""
    if prop is None:
        return None
    return iso(prop.get_value().get_datetime().as_timet())


def alarm_of(event: Any) -> dict[str, Any] | None:
    valarm = event.get_first_component(ICal.ComponentKind.VALARM_COMPONENT)
    if valarm is None:
        return None
    return {
        "action": value(valarm, ICal.PropertyKind.ACTION_PROPERTY),
        "description": valarm.get_description(),
        "trigger": value(valarm, ICal.PropertyKind.TRIGGER_PROPERTY),
    }


def event_of(root: Any, event: Any) -> dict[str, Any]:
    kinds = ICal.PropertyKind
    sequence = event.get_first_property(kinds.SEQUENCE_PROPERTY)
    return {
        "uid": event.get_uid(),
        "summary": event.get_summary(),
        "description": event.get_description(),
        "start": time_of(root, event.get_first_property(kinds.DTSTART_PROPERTY)),
        "end": time_of(root, event.get_first_property(kinds.DTEND_PROPERTY)),
        # libical's parser splits a multi-valued CATEGORIES into one property per value.
        "categories": [p.get_categories() for p in properties(event, kinds.CATEGORIES_PROPERTY)],
        "status": value(event, kinds.STATUS_PROPERTY),
        "transp": value(event, kinds.TRANSP_PROPERTY),
        "sequence": None if sequence is None else sequence.get_sequence(),
        "dtstamp": stamp(event.get_first_property(kinds.DTSTAMP_PROPERTY)),
        "lastModified": stamp(event.get_first_property(kinds.LASTMODIFIED_PROPERTY)),
        "kind": x_value(event, "X-PARCOURS-KIND"),
        "source": x_value(event, "X-PARCOURS-SOURCE"),
        "alarm": alarm_of(event),
    }


def probe(root: Any, tzid: str, walls: list[str]) -> list[dict[str, Any]]:
    zone = root.get_timezone(tzid)
    if zone is None:
        raise SystemExit(f"no VTIMEZONE {tzid} in the file")
    found = []
    for text in walls:
        local = ICal.Time.new_from_string(text.replace("-", "").replace(":", ""))
        offset, _daylight = zone.get_utc_offset(local)
        found.append({"wall": text, "utc": iso(local.as_timet_with_zone(zone)), "offset": offset})
    return found


def main(path: str, probes_json: str = "{}") -> None:
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    try:
        root = ICal.Component.new_from_string(text)
    except TypeError:  # the binding's way of saying the parser returned NULL
        raise SystemExit(f"libical could not parse {path}") from None
    if root.isa() != ICal.ComponentKind.VCALENDAR_COMPONENT:
        raise SystemExit(f"{path}: a {ICal.Component.kind_to_string(root.isa())}, no VCALENDAR")
    found_errors = errors(root)
    json.dump(
        {
            "calname": x_value(root, "X-WR-CALNAME"),
            "timezones": [
                z.get_first_property(ICal.PropertyKind.TZID_PROPERTY).get_tzid()
                for z in children(root, ICal.ComponentKind.VTIMEZONE_COMPONENT)
            ],
            "events": [
                event_of(root, e) for e in children(root, ICal.ComponentKind.VEVENT_COMPONENT)
            ],
            "probes": {tzid: probe(root, tzid, w) for tzid, w in json.loads(probes_json).items()},
            "errors": found_errors,
            "restrictions": restriction_errors(root),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
