// Reads an .ics file with ical.js (Thunderbird's parser) and prints what it understood as JSON,
// so tests/test_ical.py can compare it with the items it wrote.
//
// usage: node check.mjs FILE.ics [PROBES_JSON]
//   PROBES_JSON: {"Europe/Paris": ["2027-03-28T03:00:00", ...]}: local wall times to resolve to
//   UTC with the VTIMEZONE found *in the file*, as a calendar application resolves a
//   DTSTART;TZID=... (ical.js ships no tz database, so this exercises the written rules).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, probesArg] = process.argv.slice(2);
const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));

function instant(t) {
  return t ? t.toJSDate().toISOString() : null;
}

function time(t) {
  if (!t) return null;
  return {
    isDate: t.isDate,
    wall: t.toString(),
    zone: t.isDate ? null : t.zone.tzid,
    utc: t.isDate ? null : t.toJSDate().toISOString(),
  };
}

const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const valarm = vevent.getFirstSubcomponent("valarm");
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    start: time(event.startDate),
    end: vevent.hasProperty("dtend") ? time(event.endDate) : null,
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues()),
    status: vevent.getFirstPropertyValue("status"),
    transp: vevent.getFirstPropertyValue("transp"),
    sequence: vevent.getFirstPropertyValue("sequence"),
    dtstamp: instant(vevent.getFirstPropertyValue("dtstamp")),
    lastModified: instant(vevent.getFirstPropertyValue("last-modified")),
    kind: vevent.getFirstPropertyValue("x-parcours-kind"),
    source: vevent.getFirstPropertyValue("x-parcours-source"),
    alarm: valarm
      ? {
          action: valarm.getFirstPropertyValue("action"),
          description: valarm.getFirstPropertyValue("description"),
          trigger: valarm.getFirstPropertyValue("trigger").toString(),
        }
      : null,
  };
});

const probes = {};
for (const [tzid, walls] of Object.entries(JSON.parse(probesArg || "{}"))) {
  const zone = root.getTimeZoneByID(tzid);
  if (!zone) throw new Error(`no VTIMEZONE ${tzid} in ${file}`);
  probes[tzid] = walls.map((wall) => {
    const local = ICAL.Time.fromDateTimeString(wall);
    local.zone = zone;
    return { wall, utc: local.toJSDate().toISOString(), offset: zone.utcOffset(local) };
  });
}

process.stdout.write(
  JSON.stringify({
    calname: root.getFirstPropertyValue("x-wr-calname"),
    timezones: root.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")),
    events,
    probes,
  }),
);
