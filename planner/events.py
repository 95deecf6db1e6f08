"""Named events (Valentine's Day, fête des mères, the sales…): a catalogue of dated rules.

Each calendars folder may hold ``common.toml`` (events of every country) and one
``<COUNTRY>.toml`` per ISO 3166 code, with a subdivision where it matters (``CA-QC.toml``).
Other ``.toml`` files there are closures, not events. The schema is documented at the top of
``calendars/common.toml``; the rule language in :mod:`planner.eventrules`.

A country "CA-QC" sees its own file, then "CA", then common, first match by key. Folders load
in order and a later folder's event replaces an earlier one of the same key whole, so that a
workspace file never half-inherits a built-in rule.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import eventrules as er
from .errors import EventError, Pos
from .journey import fold
from .tomlsource import TomlSource, read_toml

MIN_YEAR, MAX_YEAR = 1900, 2200
COMMON = "common"
_FILE = re.compile(r"(common|[a-z]{2}(?:-[a-z0-9]{1,3})?)\.toml\Z", re.IGNORECASE)
_FIELDS = (
    *("names", "aliases", "rule", "unless", "days", "end", "overrides", "since", "until", "source"),
)
_TESTS = ("equals", "on", "after", "before")
_ARTICLES = ("the ", "le ", "la ", "les ", "l'", "du ", "de la ", "de l'", "d'")
_TOML_HINT = 'an event starts with [events.KEY]; text goes in quotes: rule = "feb 14"'
_RULE_HINT = 'rules look like "feb 14", "last sun of may", "easter + 49", "mon after black_friday"'


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated event; ``country`` is the one asked for (None: common events only)."""

    key: str
    name_en: str
    name_fr: str
    start: dt.date
    end: dt.date
    country: str | None
    window: bool = False  # a period such as the sales: JSON then carries "end"

    def to_json(self, locale: str) -> dict[str, object]:
        """The object of ``planner events --format json``."""
        out: dict[str, object] = {
            "key": self.key,
            "name": self.name_fr if locale.lower().startswith("fr") else self.name_en,
            "date": self.start.isoformat(),
            "country": self.country,
        }
        if self.window:
            out["end"] = self.end.isoformat()
        return out


def _chain(country: str | None) -> list[str]:
    if country is None or country.lower() == COMMON:
        return [COMMON]
    code = country.strip().upper().replace("_", "-")
    parent = code.split("-")[0]
    return [code, *([parent] if parent != code else []), COMMON]


def _variants(text: str) -> list[str]:
    """Folded spellings of a name, with and without a leading article; no ' - _ ."""
    flat = " ".join(fold(text).replace("_", " ").replace("-", " ").replace(".", " ").split())
    found = [flat] + [flat[len(a) :] for a in _ARTICLES if flat.startswith(a)]
    return [" ".join(v.replace("'", "").split()) for v in found]


def _closest(alias: str, event: er.EventDef) -> str:
    def likeness(name: str) -> float:
        return difflib.SequenceMatcher(None, _variants(alias)[0], _variants(name)[0]).ratio()

    return max(event.names.values(), key=likeness, default=event.key)


class Catalog:
    """Every event known for every country; dates are computed on demand, never cached."""

    def __init__(self, scopes: dict[str, dict[str, er.EventDef]]) -> None:
        self._scopes = scopes
        self._index: dict[str, str] = {}  # folded spelling -> key
        self._display: dict[str, str] = {}  # folded spelling -> as the data writes it
        order = sorted(scopes, key=lambda s: (s != COMMON, s))
        events = [ev for scope in order for ev in scopes[scope].values()]
        keys = [(ev.key, ev.key, ev.key) for ev in events]
        names = [(ev.key, text, text) for ev in events for text in ev.names.values()]
        # An alias is written folded in the data: "did you mean" shows the name closest to it.
        aliases = [(ev.key, a, _closest(a, ev)) for ev in events for a in ev.aliases]
        for key, text, _ in keys + names + aliases:  # keys first: never hidden by a name
            self._index.setdefault(_variants(text)[0], key)
        for _, text, shown in names + aliases + keys:
            self._display.setdefault(_variants(text)[0], shown)

    @classmethod
    def load(cls, dirs: Sequence[Path]) -> Catalog:
        """Read the event files of each folder in order (a missing folder is skipped)."""
        scopes: dict[str, dict[str, er.EventDef]] = {}
        for folder in dirs:
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                match = _FILE.match(path.name)
                if match and path.is_file():
                    try:
                        source = read_toml(path, error=EventError)
                    except EventError as exc:  # the shared hint speaks of campaign files
                        if exc.message.startswith("invalid TOML"):
                            exc.hint = _TOML_HINT
                        raise
                    scope = _chain(match.group(1))[0]  # "ca-qc.toml" holds CA-QC's events
                    scopes.setdefault(scope, {}).update(_Reader(source, scope).events())
        catalog = cls(scopes)
        catalog._check_refs()
        return catalog

    def keys(self, country: str | None) -> list[str]:
        """The keys of the events a country sees."""
        return sorted({k for s in _chain(country) for k in self._scopes.get(s, {})})

    def key_for(self, name: str) -> str | None:
        """The key a name, key or alias means ("la Saint-Valentin" -> "valentines_day")."""
        return next((self._index[v] for v in _variants(name) if v in self._index), None)

    def suggest(self, name: str) -> list[str]:
        """Up to three known spellings close to ``name``, for "did you mean"."""
        found: list[str] = []
        for variant in _variants(name):
            for near in difflib.get_close_matches(variant, self._display, n=3, cutoff=0.6):
                if self._display[near] not in found:
                    found.append(self._display[near])
        return found[:3]

    def name(self, key: str, locale: str, country: str | None = None) -> str:
        """The event's display name; the country's own one (GB "Mothering Sunday") if given."""
        event = self._find(key, _chain(country) + sorted(self._scopes))
        if event is None:
            raise EventError(f"unknown event {key!r}", hint=self._hint(key, country), event=key)
        return event.name(locale)

    def date(self, key: str, country: str | None, year: int) -> tuple[dt.date, dt.date]:
        """First and last day of the event in ``year`` (equal for a one-day event)."""
        event = self._event(key, country, year)
        try:
            return self._resolve(event.key, _chain(country), year, ())
        except er.NoDate as exc:
            raise self._no_date(event, country, year, f"in {year}: {exc}") from None

    def nearest(self, key: str, country: str | None, around: dt.date) -> tuple[dt.date, dt.date]:
        """The occurrence (year before, same, after) starting closest to ``around``; ties: later."""
        event = self._event(key, country, None)
        years = range(max(around.year - 1, MIN_YEAR), min(around.year + 1, MAX_YEAR) + 1)
        found = [s for y in years if (s := self._maybe(event.key, country, y)) is not None]
        if not found:
            raise self._no_date(event, country, around.year, f"around {around.isoformat()}")
        return min(found, key=lambda s: (abs((s[0] - around).days), -s[0].toordinal()))

    def next_from(self, key: str, country: str | None, start: dt.date) -> tuple[dt.date, dt.date]:
        """The first occurrence that has not ended by ``start``."""
        event = self._event(key, country, None)
        for year in range(max(start.year - 1, MIN_YEAR), MAX_YEAR + 1):
            span = self._maybe(event.key, country, year)
            if span is not None and span[1] >= start:
                return span
        raise self._no_date(event, country, start.year, f"on or after {start.isoformat()}")

    def occurrences(self, country: str | None, year: int) -> list[Occurrence]:
        """Every event the country sees that has a date in ``year``, by date."""
        self._check_year("", country, year)
        found: list[Occurrence] = []
        for key in self.keys(country):
            event = self._find(key, _chain(country))
            span = self._maybe(key, country, year)
            if event is not None and span is not None:
                names = (event.name("en"), event.name("fr"))
                code = _chain(country)[0] if country else None  # "ca-qc" shows as "CA-QC"
                window = event.window or span[0] != span[1]  # or a one-off override's span
                found.append(Occurrence(key, *names, *span, code, window))
        return sorted(found, key=lambda o: (o.start, o.end, o.key))

    def _find(self, key: str, chain: list[str]) -> er.EventDef | None:
        return next((self._scopes[s][key] for s in chain if key in self._scopes.get(s, {})), None)

    def _check_year(self, key: str, country: str | None, year: int) -> None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise EventError(
                f"{year} is outside the years events are computed for",
                hint=f"choose a year from {MIN_YEAR} to {MAX_YEAR}",
                event=key,
                country=country,
                year=year,
            )

    def _event(self, key: str, country: str | None, year: int | None) -> er.EventDef:
        real = key if any(key in s for s in self._scopes.values()) else self.key_for(key)
        event = self._find(real or key, _chain(country))
        if event is None:
            where = f"country {country}" if country else "every country (no country set)"
            raise EventError(
                f"unknown event {key!r} for {where}",
                hint=self._hint(real or key, country),
                event=real or key,
                country=country,
                year=year,
            )
        if year is not None:
            self._check_year(event.key, country, year)
        return event

    def _hint(self, key: str, country: str | None) -> str:
        elsewhere = ", ".join(sorted(s for s, evs in self._scopes.items() if key in evs))
        if elsewhere and country is None:
            return f"{key} is defined for {elsewhere} only: set the campaign's country"
        if elsewhere:
            return f"{key} is defined for {elsewhere} only: add it to calendars/{country}.toml"
        near = self.suggest(key)
        if near:
            return f"did you mean {' or '.join(repr(n) for n in near)}?"
        return f"define it under [events.{key}] in calendars/{country or COMMON}.toml"

    def _no_date(self, event: er.EventDef, country: str | None, year: int, why: str) -> EventError:
        return EventError(
            f"{event.name('en')} has no date {why}",
            hint=f"give it a date under [events.{event.key}.overrides] in "
            f"calendars/{_chain(country)[0]}.toml",
            event=event.key,
            country=country,
            year=year,
        )

    def _maybe(self, key: str, country: str | None, year: int) -> tuple[dt.date, dt.date] | None:
        try:
            return self._resolve(key, _chain(country), year, ())
        except er.NoDate:
            return None

    def _resolve(
        self, key: str, chain: list[str], year: int, stack: tuple[str, ...]
    ) -> tuple[dt.date, dt.date]:
        event = self._find(key, chain)
        if event is None or key in stack:  # _check_refs rules both out once loaded
            raise er.NoDate(f"cannot resolve {key!r} (via {' -> '.join(stack)})")

        def lookup(other: str, at: int) -> dt.date:
            return self._resolve(other, chain, at, (*stack, key))[0]

        return er.resolve(event, year, lookup)

    def _check_refs(self) -> None:
        """Each key a rule names exists for every country that sees the rule, without loops."""
        for scope in self._scopes:
            for key in self.keys(scope):
                self._walk(key, _chain(scope), ())

    def _walk(self, key: str, chain: list[str], stack: tuple[str, ...]) -> None:
        event = self._find(key, chain)
        assert event is not None  # the caller checked
        if key in stack:
            loop = " -> ".join((*stack[stack.index(key) :], key))
            raise EventError(f"events refer to each other in a loop: {loop}", event.pos, event=key)
        for ref in sorted(event.refs()):
            if self._find(ref, chain) is None:
                message = f"event {key!r} refers to {ref!r}, which {chain[0]} does not define"
                hint = f"define [events.{ref}] in calendars/{chain[0]}.toml"
                raise EventError(message, event.pos, hint, event=key)
            self._walk(ref, chain, (*stack, key))


class _Reader:
    """One data file's ``[events]`` into EventDefs; every mistake is a positioned EventError."""

    def __init__(self, source: TomlSource, scope: str) -> None:
        self.src, self.scope, self.key = source, scope, ""

    def at(self, field: str = "", sub: str = "", string: bool = False) -> Pos:
        table = f"events.{self.key}" + (f".{sub}" if sub else "")
        if (table, -1, field) in self.src.keys:
            return self.src.string_pos(table, field) if string else self.src.pos(table, field)
        if sub:
            return self.at(sub)
        if (table, -1, "") in self.src.keys or not self.key:
            return self.src.pos(table if self.key else "", field)
        return self.src.pos("events", self.key)  # an inline table: `key = { rule = … }`

    def check(self, ok: object, message: str, pos: Pos, hint: str | None = None) -> None:
        if not ok:
            raise EventError(message, pos, hint, event=self.key)

    def events(self) -> dict[str, er.EventDef]:
        data = self.src.data
        for top in data:
            near = difflib.get_close_matches(top, ["events", "country"], n=1)
            hint = f"did you mean {near[0]!r}?" if near else "events go under [events.KEY]"
            self.check(top in ("country", "events"), f"unknown table {top!r}", self.at(top), hint)
        name = Path(self.src.path).name
        self.check(
            str(data.get("country", self.scope)).upper() == self.scope.upper(),
            f"country {data.get('country')!r} does not match the file name {name}",
            self.at("country"),
            f"{name} holds the events of {self.scope}; rename the file or fix 'country'",
        )
        table = data.get("events", {})
        self.check(isinstance(table, dict), "'events' must be a table", self.at("events"))
        return {key: self.event(key, raw) for key, raw in table.items()}

    def event(self, key: str, raw: Any) -> er.EventDef:
        self.key = key
        hint = "use lower-case letters, digits and '_', not a month or weekday name"
        ok_key = er.KEY_RE.match(key) and key not in er.RESERVED
        self.check(ok_key, f"bad event key {key!r}", self.at(), hint)
        self.check(isinstance(raw, dict), f"{key!r} must be a table", self.at(), f"[events.{key}]")
        for field in raw:
            near = difflib.get_close_matches(field, _FIELDS, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"fields: {', '.join(_FIELDS)}"
            self.check(field in _FIELDS, f"unknown field {field!r}", self.at(field), hint)
        names, aliases = raw.get("names", {}), raw.get("aliases", [])
        ok = isinstance(names, dict) and all(isinstance(v, str) for v in names.values())
        example = 'names = { en = "Mother\'s Day", fr = "Fête des mères" }'
        self.check(ok, "'names' must be a table of strings", self.at("names"), example)
        ok = isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)
        self.check(ok, "'aliases' must be a list of strings", self.at("aliases"))
        rule = self.rule(raw["rule"], "rule") if "rule" in raw else None
        end = self.rule(raw["end"], "end") if "end" in raw else None
        days = raw.get("days")
        ok = days is None or (type(days) is int and days >= 1 and end is None)
        self.check(ok, "'days' must be a whole number ≥ 1, and not with 'end'", self.at("days"))
        overrides = self.overrides(raw.get("overrides", {}), rule is not None)
        self.check(rule or overrides, f"{key!r} has no rule", self.at(), 'e.g. rule = "feb 14"')
        years = [raw.get("since"), raw.get("until")]
        for field, year in zip(("since", "until"), years, strict=True):
            ok = year is None or (type(year) is int and MIN_YEAR <= year <= MAX_YEAR)
            self.check(
                ok, f"'{field}' must be a year from {MIN_YEAR} to {MAX_YEAR}", self.at(field)
            )
        source = raw.get("source", "")
        self.check(isinstance(source, str), "'source' must be a string", self.at("source"))
        unless = self.unless(raw.get("unless", []))
        fields = (rule, unless, days, end, overrides, years[0], years[1], source)
        return er.EventDef(key, dict(names), tuple(aliases), *fields, self.at("rule"))

    def rule(self, text: object, field: str) -> er.Rule:
        ok = isinstance(text, str)
        self.check(ok, f"'{field}' must be a rule in quotes", self.at(field), _RULE_HINT)
        try:
            return er.parse(str(text))
        except er.RuleSyntaxError as exc:
            pos = self.at(field, string=True)
            line = self.src.text.splitlines()[pos.line - 1] if pos.line else ""
            if pos.col and line[pos.col - 1 :].startswith(str(text)):  # point at the bad word
                pos = pos.shifted(exc.offset)
            raise EventError(f"bad rule {text!r}: {exc}", pos, _RULE_HINT, event=self.key) from None

    def unless(self, raw: object) -> tuple[er.Unless, ...]:
        conds = [raw] if isinstance(raw, dict) else raw
        ok = isinstance(conds, list) and all(isinstance(c, dict) for c in conds)
        self.check(ok, "'unless' must be a table or a list of tables", self.at("unless"))
        out: list[er.Unless] = []
        for cond in conds if isinstance(conds, list) else ():
            tests = [t for t in _TESTS if t in cond]
            ok = len(tests) == 1 and "then" in cond and len(cond) == 2
            example = 'e.g. unless = { equals = "pentecost", then = "first sun of jun" }'
            message = f"each 'unless' needs 'then' and one of {', '.join(_TESTS)}"
            self.check(ok, message, self.at("unless"), example)
            kind, value = tests[0], cond[tests[0]]
            test: er.Rule | frozenset[int]
            if kind == "on":
                days = [value] if isinstance(value, str) else value
                ok = isinstance(days, list) and all(str(d).lower() in er.WEEKDAYS for d in days)
                hint = 'e.g. on = ["sat", "sun"]'
                self.check(ok, "'on' takes a weekday or a list of them", self.at("unless"), hint)
                test = frozenset(er.WEEKDAYS[str(d).lower()] for d in days)
            else:
                test = self.rule(value, "unless")
            out.append(er.Unless(kind, test, self.rule(cond["then"], "unless")))
        return tuple(out)

    def overrides(self, raw: object, has_rule: bool) -> dict[int, er.Override | None]:
        self.check(isinstance(raw, dict), "'overrides' must be a table", self.at("overrides"))
        out: dict[int, er.Override | None] = {}
        for name, value in raw.items() if isinstance(raw, dict) else ():
            pos = self.at(name, "overrides")
            ok = name.isdigit() and MIN_YEAR <= int(name) <= MAX_YEAR
            self.check(ok, f"override {name!r} is not a year from {MIN_YEAR} to {MAX_YEAR}", pos)
            if value is False:
                out[int(name)] = None
                continue
            parts = value if isinstance(value, dict) else {"start": value}
            ok = not set(parts) - {"start", "end", "days"} and not {"end", "days"} <= set(parts)
            self.check(ok, "an override is a date, false, or { start, end or days }", pos)
            start, end = (self.day(parts.get(f), int(name), pos) for f in ("start", "end"))
            days = parts.get("days")
            ok = days is None or (type(days) is int and days >= 1)
            self.check(ok, "'days' must be a whole number ≥ 1", pos)
            self.check(start or has_rule, f"the {name} override needs a start (no rule)", pos)
            self.check(not (start and end and end < start), "it ends before it starts", pos)
            out[int(name)] = er.Override(start, end, days)
        return out

    def day(self, value: object, year: int, pos: Pos) -> dt.date | None:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):  # reported below as "not a date"
                value = dt.date.fromisoformat(value)
        if value is None:
            return None
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        self.check(ok, f"{value!r} is not a date", pos, "write dates as 2027-01-13")
        assert isinstance(value, dt.date)
        self.check(abs(value.year - year) <= 1, f"{value} is too far from {year}", pos)
        return value
