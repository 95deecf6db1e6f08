"""Days a shop is closed: public holidays of its country (the `holidays` package) and its own
closures, from .ics calendars (recurring ones expanded with recurring-ical-events) or TOML lists.
Loaded lazily and per year: most plans never ask, and a weekly closure has no end."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import ConfigError, Pos, did_you_mean, example, quoted
from .filenames import check_path
from .i18n import _
from .phrases.types import MAX_YEAR, MIN_YEAR, in_range
from .tomlsource import TomlSource, read_toml

ONE_DAY = timedelta(days=1)
_TOML_KEYS = ("date", "from", "to", "every", "reason")


def split_country(code: str) -> tuple[str, str | None]:
    """ "CA-QC" → ("CA", "QC"); "FR" → ("FR", None)."""
    country, _sep, subdiv = code.upper().partition("-")
    return country, subdiv or None


class ClosureFile:
    """One file of closures; ``days(year)`` gives the closed days of that year."""

    def __init__(self, path: str, days_of_year: Callable[[int], set[date]]) -> None:
        self.path = path
        self._days_of_year = days_of_year
        self._years: dict[int, set[date]] = {}

    def days(self, year: int) -> set[date]:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._days_of_year(year)
        return found


def _span(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def read_ics(path: Path, shown: str) -> ClosureFile:
    import icalendar
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
    except OSError as exc:
        raise ConfigError(
            _("cannot read closures: {reason}").format(reason=exc.strerror), Pos(shown)
        ) from None
    except (ValueError, IndexError, KeyError) as exc:
        raise ConfigError(
            _("not a valid iCalendar file: {reason}").format(reason=exc),
            Pos(shown),
            _("export the closures again from your calendar app (File › Export, .ics)"),
        ) from None
    if not isinstance(calendar, icalendar.Calendar):
        raise ConfigError(
            _("not an iCalendar file (no VCALENDAR)"),
            Pos(shown),
            _("a closures calendar starts with BEGIN:VCALENDAR"),
        )
    _validate(calendar, path.read_bytes().decode("utf-8", "replace"), shown)

    def days_of_year(year: int) -> set[date]:
        try:
            events = recurring_ical_events.of(calendar).between(
                date(year, 1, 1), date(year + 1, 1, 1)
            )
        except Exception as exc:  # a broken RRULE or date in the user's file
            raise ConfigError(
                _("cannot expand the closures of {year}: {reason}").format(year=year, reason=exc),
                Pos(shown),
                _("check the recurrence rules (RRULE) in this calendar"),
            ) from None
        closed: set[date] = set()
        for event in events:
            start = event.get("DTSTART")
            if start is None:
                continue
            first: Any = start.dt
            end_prop = event.get("DTEND")
            last: Any = end_prop.dt if end_prop is not None else first
            if isinstance(first, datetime):
                # A timed closure closes every day it touches; its end instant is exclusive.
                last_day = (
                    (last - timedelta(microseconds=1)).date() if last > first else first.date()
                )
                days = _span(first.date(), last_day)
            else:
                days = _span(first, (last - ONE_DAY) if last > first else first)
            closed.update(d for d in days if d.year == year)
        return closed

    return ClosureFile(shown, days_of_year)


def _validate(calendar: Any, text: str, shown: str) -> None:
    """Check each event's dates and rules now, so that an error names the line at fault rather
    than surfacing later, mid-plan, from deep inside the expansion."""
    from dateutil.rrule import rrulestr

    lines = text.replace("\r\n", "\n").split("\n")

    def line_of(name: str, raw: str) -> Pos:
        for number, line in enumerate(lines, start=1):
            head = line.split(":", 1)[0].split(";", 1)[0].upper()
            if head == name and raw in line:
                return Pos(shown, number, len(line.split(":", 1)[0]) + 2)
        return Pos(shown)

    for event in calendar.walk("VEVENT"):
        summary = event.get("SUMMARY") or event.get("UID")
        label = quoted(str(summary)) if summary else quoted(_("an event"))
        for name in ("DTSTART", "DTEND"):
            prop = event.get(name)
            if prop is None:
                if name == "DTSTART":
                    raise ConfigError(
                        _("the event {event} has no DTSTART").format(event=label),
                        Pos(shown),
                        _("every closure needs a start date"),
                    )
                continue
            try:
                prop.dt  # noqa: B018 - icalendar decodes lazily: reading it is the check
            except Exception:
                raw = str(
                    getattr(prop, "to_ical", lambda: b"")().decode()
                    if hasattr(prop, "to_ical")
                    else prop
                )
                raw = raw or str(prop)
                raise ConfigError(
                    _("the event {event} has a {property} that is not a date").format(
                        event=label, property=name
                    ),
                    line_of(name, raw.split("T")[0][:8]),
                    _("write dates as 20270501 or 20270501T140000"),
                ) from None
        rule = event.get("RRULE")
        if rule is not None:
            raw = rule.to_ical().decode().replace("\\;", ";").replace("\\,", ",")
            try:
                rrulestr(raw, dtstart=_naive(event.get("DTSTART").dt))
            except Exception as exc:
                raise ConfigError(
                    _("the event {event} has a broken RRULE: {reason}").format(
                        event=label, reason=exc
                    ),
                    line_of("RRULE", raw.split(";")[0]),
                    _("e.g. RRULE:FREQ=WEEKLY;BYDAY=MO for every Monday"),
                ) from None


def _naive(moment: Any) -> datetime:
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=None)
    return datetime(moment.year, moment.month, moment.day)


def read_toml_closures(path: Path, shown: str) -> ClosureFile:
    from .phrases import parse_every

    src = read_toml(path, shown, ConfigError)
    entries = src.data.get("closed", [])
    if set(src.data) - {"closed"} or not isinstance(entries, list):
        key = next(iter(set(src.data) - {"closed"}), "closed")
        raise ConfigError(
            _("unexpected {key} in a closures file").format(key=quoted(key)),
            src.pos("", key, value=False),
            _("list closures as [[closed]] tables with date, from/to or every"),
        )
    fixed: set[date] = set()
    repeating = []
    for i, entry in enumerate(entries):
        for key in entry:
            if key not in _TOML_KEYS:
                raise ConfigError(
                    _("unknown key {key} in {where}").format(key=quoted(key), where="[[closed]]"),
                    src.pos("closed", key, i, value=False),
                    did_you_mean(
                        key, _TOML_KEYS, _("known keys: {keys}").format(keys=", ".join(_TOML_KEYS))
                    ),
                )
        if "date" in entry:
            fixed.add(_date(src, i, "date"))
        elif "from" in entry or "to" in entry:
            first, last = _date(src, i, "from"), _date(src, i, "to")
            if last < first:
                raise ConfigError(
                    _("'to' comes before 'from'"),
                    src.pos("closed", "to", i),
                    _("swap the two dates"),
                )
            fixed.update(_span(first, last))
        elif "every" in entry:
            text = entry["every"]
            if not isinstance(text, str):
                raise ConfigError(
                    _("every must be a phrase"),
                    src.pos("closed", "every", i),
                    example("every", '"tous les lundis"'),
                )
            repeating.append(parse_every(text, src.string_pos("closed", "every", i)))
        else:
            raise ConfigError(
                _("a closure needs date, from and to, or every"),
                src.pos("closed", "", i),
                _('e.g. date = 2027-05-01, or every = "every Monday"'),
            )

    def days_of_year(year: int) -> set[date]:
        days = {d for d in fixed if d.year == year}
        for recurrence in repeating:
            days.update(recurrence.dates(date(year, 1, 1), date(year, 12, 31)))
        return days

    return ClosureFile(shown, days_of_year)


def _date(src: TomlSource, index: int, key: str) -> date:
    value = src.data["closed"][index].get(key)
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ConfigError(
            _("{key} must be a date").format(key=key),
            src.pos("closed", key, index),
            example(key, "2027-08-01"),
        )
    if not in_range(value):
        # A closure from year 1 to 9999 would be millions of closed days, each one kept.
        raise ConfigError(
            _("the year {year} is out of range").format(year=value.year),
            src.pos("closed", key, index),
            _("Parcours plans from {first} to {last}: write a year such as 2027").format(
                first=MIN_YEAR, last=MAX_YEAR
            ),
        )
    return value


def read_closures(root: Path, names: Sequence[str], pos: Pos | None) -> list[ClosureFile]:
    """The closure files planner.toml lists, relative to the workspace."""
    files = []
    for name in names:
        check_path(name, pos, _("a closures file"))
        path = root / name
        if not path.is_file():
            raise ConfigError(
                _("closures file {name} not found").format(name=quoted(name)),
                pos,
                _("paths are relative to the workspace, e.g. calendars/fermetures.ics"),
            )
        reader = read_ics if path.suffix.lower() == ".ics" else read_toml_closures
        if path.suffix.lower() not in (".ics", ".toml"):
            raise ConfigError(
                _("closures file {name} is neither .ics nor .toml").format(name=quoted(name)), pos
            )
        files.append(reader(path, name))
    return files


class Closures:
    def __init__(self, files: Sequence[ClosureFile] = (), pos: Pos | None = None) -> None:
        self.files = list(files)
        self.pos = pos
        self._holidays: dict[str, Any] = {}
        self._closed: dict[int, frozenset[date]] = {}

    def _calendar(self, code: str) -> Any:
        found = self._holidays.get(code)
        if found is None:
            import holidays

            country, subdiv = split_country(code)
            try:
                try:
                    found = holidays.country_holidays(country, subdiv=subdiv)
                except NotImplementedError:
                    if subdiv is None:
                        raise
                    # A subdivision the planner knows for its events (FR-54: Lorraine's sales)
                    # but `holidays` does not: the country's public holidays apply there.
                    found = holidays.country_holidays(country)
            except NotImplementedError:
                raise ConfigError(
                    _("unknown country {code}").format(code=quoted(code)),
                    self.pos,
                    _('use an ISO 3166 code such as "FR", "US" or "CA-QC"'),
                ) from None
            self._holidays[code] = found
        return found

    def check_country(self, code: str, pos: Pos | None) -> None:
        try:
            self._calendar(code)
        except ConfigError as exc:
            exc.pos = pos
            raise

    def is_holiday(self, day: date, country: str | None) -> bool:
        return bool(country) and day in self._calendar(country or "")

    def holiday_name(self, day: date, country: str | None) -> str | None:
        """The public holiday ``day`` is in ``country``, by the `holidays` package's name."""
        if not country:
            return None
        name = self._calendar(country).get(day)
        return str(name) if name is not None else None

    def shop_closed(self, day: date) -> bool:
        closed = self._closed.get(day.year)
        if closed is None:
            closed = self._closed[day.year] = frozenset(
                d for f in self.files for d in f.days(day.year)
            )
        return day in closed

    def is_closed(self, day: date, country: str | None) -> bool:
        return self.shop_closed(day) or self.is_holiday(day, country)
