"""Reading the event data files: ``calendars/common.toml`` and ``calendars/<COUNTRY>.toml``.

A file's name says whose events it holds: ``common.toml`` every country's, ``FR.toml`` France's,
``FR-57.toml`` Moselle's (ISO 3166-2). Other ``.toml`` files in a calendars folder are closures,
not events. The schema is documented at the top of ``calendars/common.toml``; every mistake in a
file is an :class:`~planner.errors.EventError` pointing at its line and column.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import eventrules as er
from .errors import EventError, Pos, example, quoted
from .i18n import N_, _
from .phrases.hints import did_you_mean
from .phrases.types import MAX_YEAR, MIN_YEAR
from .tomlsource import TomlSource, read_toml

COMMON = "common"
_FILE = re.compile(r"(common|[a-z]{2}(?:-[a-z0-9]{1,3})?)\.toml\Z", re.IGNORECASE)
_FIELDS = (
    *("names", "aliases", "rule", "unless", "days", "end", "overrides", "since", "until", "source"),
)
_TESTS = ("equals", "on", "after", "before")
_TOML_HINT = N_('an event starts with [events.KEY]; text goes in quotes: rule = "feb 14"')
_RULE_HINT = N_(
    'rules look like "feb 14", "last sun of may", "easter + 49", "mon after black_friday"'
)

Scopes = dict[str, dict[str, er.EventDef]]  # "FR", "CA-QC", "common" -> key -> event


def scope_of(code: str | None) -> str:
    """The scope a country code names: "ca_qc" -> "CA-QC"; None or "common" -> "common"."""
    if code is None or code.strip().lower() == COMMON:
        return COMMON
    return code.strip().upper().replace("_", "-")


def load_scopes(dirs: Sequence[Path]) -> Scopes:
    """Every event file of each folder, in order; a later folder's event replaces an earlier
    one of the same key and scope whole (a missing folder is skipped)."""
    scopes: Scopes = {}
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
                        exc.hint = _(_TOML_HINT)
                    raise
                scope = scope_of(match.group(1))  # "ca-qc.toml" holds CA-QC's events
                # An entry without a rule extends the event loaded before it (a workspace
                # overriding one year of the sales keeps their names and length).
                earlier = {**scopes.get(COMMON, {}), **scopes.get(scope, {})}
                scopes.setdefault(scope, {}).update(_Reader(source, scope, earlier).events())
    return scopes


class _Reader:
    """One data file's ``[events]`` into EventDefs; every mistake is a positioned EventError."""

    def __init__(
        self, source: TomlSource, scope: str, earlier: dict[str, er.EventDef] | None = None
    ) -> None:
        self.src, self.scope, self.key = source, scope, ""
        self.earlier = earlier or {}

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
            hint = did_you_mean(near[0]) if near else _("events go under [events.KEY]")
            message = _("unknown table {table}").format(table=quoted(top))
            self.check(top in ("country", "events"), message, self.at(top), hint)
        name = Path(self.src.path).name
        self.check(
            str(data.get("country", self.scope)).upper() == self.scope.upper(),
            _("country {country} does not match the file name {file}").format(
                country=quoted(data.get("country")), file=name
            ),
            self.at("country"),
            _("{file} holds the events of {country}; rename the file or fix 'country'").format(
                file=name, country=self.scope
            ),
        )
        table = data.get("events", {})
        self.check(isinstance(table, dict), _("'events' must be a table"), self.at("events"))
        return {key: self.event(key, raw) for key, raw in table.items()}

    def event(self, key: str, raw: Any) -> er.EventDef:
        self.key = key
        ok_key = er.KEY_RE.match(key) and key not in er.RESERVED
        if not ok_key:
            hint = _("use lower-case letters, digits and '_', not a month or weekday name")
            self.check(ok_key, _("bad event key {key}").format(key=quoted(key)), self.at(), hint)
        if not isinstance(raw, dict):
            message = _("{key} must be a table").format(key=quoted(key))
            self.check(False, message, self.at(), f"[events.{key}]")
        for field in raw:
            near = difflib.get_close_matches(field, _FIELDS, n=1)
            if field not in _FIELDS:
                known = ", ".join(_FIELDS)
                hint = did_you_mean(near[0]) if near else _("fields: {fields}").format(fields=known)
                message = _("unknown field {field}").format(field=quoted(field))
                self.check(False, message, self.at(field), hint)
        names, aliases = raw.get("names", {}), raw.get("aliases", [])
        ok = isinstance(names, dict) and all(isinstance(v, str) for v in names.values())
        names_example = 'names = { en = "Mother\'s Day", fr = "Fête des mères" }'
        self.check(ok, _("'names' must be a table of strings"), self.at("names"), names_example)
        ok = isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)
        self.check(ok, _("'aliases' must be a list of strings"), self.at("aliases"))
        base = self.earlier.get(key) if not {"rule", "end", "days"} & set(raw) else None
        rule = self.rule(raw["rule"], "rule") if "rule" in raw else None
        end = self.rule(raw["end"], "end") if "end" in raw else None
        days = raw.get("days")
        ok = days is None or (type(days) is int and days >= 1 and end is None)
        message = _("'days' must be a whole number ≥ 1, and not with 'end'")
        self.check(ok, message, self.at("days"))
        if base is not None:
            rule, end, days = base.rule, base.end, base.days
            names = {**base.names, **names}
            aliases = [*base.aliases, *aliases]
        overrides = self.overrides(raw.get("overrides", {}), rule is not None)
        if base is not None:
            overrides = {**base.overrides, **overrides}
        if not (rule or overrides):
            message = _("{key} has no rule").format(key=quoted(key))
            self.check(False, message, self.at(), example("rule", '"feb 14"'))
        years = [raw.get("since"), raw.get("until")]
        for field, year in zip(("since", "until"), years, strict=True):
            ok = year is None or (type(year) is int and MIN_YEAR <= year <= MAX_YEAR)
            message = _("{field} must be a year from {first} to {last}")
            self.check(
                ok,
                message.format(field=quoted(field), first=MIN_YEAR, last=MAX_YEAR),
                self.at(field),
            )
        source = raw.get("source", base.source if base else "")
        self.check(isinstance(source, str), _("'source' must be a string"), self.at("source"))
        unless = self.unless(raw.get("unless", []))
        if base is not None:
            unless = unless or base.unless
            years = [
                base.since if years[0] is None else years[0],
                base.until if years[1] is None else years[1],
            ]
        fields = (rule, unless, days, end, overrides, years[0], years[1], source)
        return er.EventDef(key, dict(names), tuple(aliases), *fields, self.at("rule"))

    def rule(self, text: object, field: str) -> er.Rule:
        ok = isinstance(text, str)
        message = _("{field} must be a rule in quotes").format(field=quoted(field))
        self.check(ok, message, self.at(field), _(_RULE_HINT))
        try:
            return er.parse(str(text))
        except er.RuleSyntaxError as exc:
            pos = self.at(field, string=True)
            line = self.src.text.splitlines()[pos.line - 1] if pos.line else ""
            if pos.col and line[pos.col - 1 :].startswith(str(text)):  # point at the bad word
                pos = pos.shifted(exc.offset)
            message = _("bad rule {rule}: {why}").format(rule=quoted(text), why=exc)
            raise EventError(message, pos, _(_RULE_HINT), event=self.key) from None

    def unless(self, raw: object) -> tuple[er.Unless, ...]:
        conds = [raw] if isinstance(raw, dict) else raw
        ok = isinstance(conds, list) and all(isinstance(c, dict) for c in conds)
        message = _("'unless' must be a table or a list of tables")
        self.check(ok, message, self.at("unless"))
        out: list[er.Unless] = []
        for cond in conds if isinstance(conds, list) else ():
            tests = [t for t in _TESTS if t in cond]
            ok = len(tests) == 1 and "then" in cond and len(cond) == 2
            hint = example("unless", '{ equals = "pentecost", then = "first sun of jun" }')
            message = _("each 'unless' needs 'then' and one of {tests}")
            self.check(ok, message.format(tests=", ".join(_TESTS)), self.at("unless"), hint)
            kind, value = tests[0], cond[tests[0]]
            test: er.Rule | frozenset[int]
            if kind == "on":
                days = [value] if isinstance(value, str) else value
                ok = isinstance(days, list) and all(str(d).lower() in er.WEEKDAYS for d in days)
                hint = example("on", '["sat", "sun"]')
                message = _("'on' takes a weekday or a list of them")
                self.check(ok, message, self.at("unless"), hint)
                test = frozenset(er.WEEKDAYS[str(d).lower()] for d in days)
            else:
                test = self.rule(value, "unless")
            out.append(er.Unless(kind, test, self.rule(cond["then"], "unless")))
        return tuple(out)

    def overrides(self, raw: object, has_rule: bool) -> dict[int, er.Override | None]:
        message = _("'overrides' must be a table")
        self.check(isinstance(raw, dict), message, self.at("overrides"))
        out: dict[int, er.Override | None] = {}
        for name, value in raw.items() if isinstance(raw, dict) else ():
            pos = self.at(name, "overrides")
            ok = name.isdigit() and MIN_YEAR <= int(name) <= MAX_YEAR
            message = _("override {name} is not a year from {first} to {last}")
            self.check(ok, message.format(name=quoted(name), first=MIN_YEAR, last=MAX_YEAR), pos)
            if value is False:
                out[int(name)] = None
                continue
            parts = value if isinstance(value, dict) else {"start": value}
            ok = not set(parts) - {"start", "end", "days"} and not {"end", "days"} <= set(parts)
            self.check(ok, _("an override is a date, false, or { start, end or days }"), pos)
            start, end = (self.day(parts.get(f), int(name), pos) for f in ("start", "end"))
            days = parts.get("days")
            ok = days is None or (type(days) is int and days >= 1)
            self.check(ok, _("'days' must be a whole number ≥ 1"), pos)
            message = _("the {year} override needs a start (no rule)").format(year=name)
            self.check(start or has_rule, message, pos)
            self.check(not (start and end and end < start), _("it ends before it starts"), pos)
            out[int(name)] = er.Override(start, end, days)
        return out

    def day(self, value: object, year: int, pos: Pos) -> dt.date | None:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):  # reported below as "not a date"
                value = dt.date.fromisoformat(value)
        if value is None:
            return None
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if not ok:
            message = _("{value} is not a date").format(value=quoted(value))
            self.check(ok, message, pos, _("write dates as 2027-01-13"))
        assert isinstance(value, dt.date)
        message = _("{day} is too far from {year}").format(day=value, year=year)
        self.check(abs(value.year - year) <= 1, message, pos)
        return value
