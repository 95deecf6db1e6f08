"""Named events (Valentine's Day, fête des mères, the sales…): a catalogue of dated rules.

Each calendars folder may hold ``common.toml`` (events of every country) and one
``<COUNTRY>.toml`` per ISO 3166 code, with a subdivision where it matters (``CA-QC.toml``,
``FR-57.toml``); :mod:`planner.eventdata` reads them, :mod:`planner.eventrules` dates them.

A country "CA-QC" sees its own file, then "CA", then common, first match by key. Folders load
in order and a later folder's event replaces an earlier one of the same key whole, so that a
workspace file never half-inherits a built-in rule. A window event (the sales) also answers to
``KEY_start`` and ``KEY_end``, "début des KEY" and "end of KEY": its first and last day.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import eventrules as er
from . import i18n
from .errors import EventError, quoted
from .eventdata import COMMON, Scopes, load_scopes, scope_of
from .i18n import _
from .journey import fold
from .phrases.hints import day_said, did_you_mean
from .phrases.types import MAX_YEAR, MIN_YEAR

__all__ = ["MAX_YEAR", "MIN_YEAR", "Catalog", "Occurrence"]

_ARTICLES = ("the ", "le ", "la ", "les ", "l'", "du ", "des ", "de la ", "de l'", "d'")
# Folded words that name a window's first or last day before its name: "fin des soldes d'été".
_PART_PREFIXES = {
    "start": ("start of", "beginning of", "first day of", "debut", "premier jour"),
    "end": ("end of", "last day of", "fin", "dernier jour"),
}
_LINKS = ("de ", "des ", "du ", "d'", "")  # "début des soldes", "fin du …", "end of the …"
_PART_WORDS = {
    "start": {"en": "start", "fr": "début", "nl": "begin", "de": "Beginn"},
    "end": {"en": "end", "fr": "fin", "nl": "einde", "de": "Ende"},
}


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
    code = scope_of(country)
    if code == COMMON:
        return [COMMON]
    parent = code.split("-")[0]
    return [code, *([parent] if parent != code else []), COMMON]


def _flat(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").replace("-", " ").replace(".", " ").split())


def _variants(text: str) -> list[str]:
    """Folded spellings of a name, with and without a leading article; no ' - _ ."""
    flat = _flat(text)
    found = [flat] + [flat[len(a) :] for a in _ARTICLES if flat.startswith(a)]
    return [" ".join(v.replace("'", "").split()) for v in found]


def _parted(text: str) -> list[tuple[str, str]]:
    """("start" | "end", the rest) for each way ``text`` may name a window's first or last day:
    "la fin des soldes d'été" -> ("end", "soldes d'ete")."""
    flat = _flat(text)
    found = []
    for lead in [flat] + [flat[len(a) :] for a in _ARTICLES if flat.startswith(a)]:
        for part, words in _PART_PREFIXES.items():
            for word in words:
                for link in _LINKS:
                    head = f"{word} {link}"
                    if lead.startswith(head) and len(lead) > len(head):
                        found.append((part, lead[len(head) :]))
    return found


def _closest(alias: str, event: er.EventDef) -> str:
    def likeness(name: str) -> float:
        return difflib.SequenceMatcher(None, _variants(alias)[0], _variants(name)[0]).ratio()

    return max(event.names.values(), key=likeness, default=event.key)


def _part(window: er.EventDef, part: str) -> er.EventDef:
    """``soldes_hiver_start`` or ``_end``: the window's first or last day, as an event."""
    words = _PART_WORDS[part]
    names = {
        lang: f"{name} ({words.get(lang, words['en'])})" for lang, name in window.names.items()
    }
    which = "first" if part == "start" else "last"
    return er.EventDef(
        key=f"{window.key}_{part}",
        names=names,
        aliases=(),
        rule=er.Ref(window.key, end=part == "end"),
        unless=(),
        days=None,
        end=None,
        overrides={},  # the window's own overrides decide
        since=None,
        until=None,
        source=f"the {which} day of {window.key}",
        pos=window.pos,
        part_of=window.key,
    )


class Catalog:
    """Every event known for every country; dates are computed on demand, never cached."""

    def __init__(self, scopes: Scopes) -> None:
        self._scopes = {scope: dict(events) for scope, events in scopes.items()}
        for defined in self._scopes.values():
            for window in [e for e in defined.values() if e.window and not e.part_of]:
                for part in ("start", "end"):  # an event of that very key comes first
                    defined.setdefault(f"{window.key}_{part}", _part(window, part))
        # Folded spelling -> the keys it names, keys' own spelling first: "fête du travail"
        # is 1 May in France and the first Monday of September in Canada.
        self._index: dict[str, list[str]] = {}
        self._display: dict[str, str] = {}  # folded spelling -> as the data writes it
        order = sorted(self._scopes, key=lambda s: (s != COMMON, s))
        events = [ev for scope in order for ev in self._scopes[scope].values()]
        keys = [(ev.key, ev.key, ev.key) for ev in events]
        names = [(ev.key, text, text) for ev in events for text in ev.names.values()]
        # An alias is written folded in the data: "did you mean" shows the name closest to it.
        aliases = [(ev.key, a, _closest(a, ev)) for ev in events for a in ev.aliases]
        # Keys first: never hidden by a name. A name written with its article ("la Saint
        # Jean") is also found without it, as a phrase names it after "à la".
        spellings = [(key, v) for key, text, _ in keys + names + aliases for v in _variants(text)]
        for key, spelling in spellings:
            found = self._index.setdefault(spelling, [])
            if key not in found:
                found.append(key)
        for _rank, text, shown in names + aliases + keys:
            self._display.setdefault(_variants(text)[0], shown)

    @classmethod
    def load(cls, dirs: Sequence[Path]) -> Catalog:
        """Read the event files of each folder in order (a missing folder is skipped)."""
        catalog = cls(load_scopes(dirs))
        catalog._check_refs()
        return catalog

    def countries(self) -> list[str]:
        """The countries and subdivisions that have a calendar file."""
        return sorted(scope for scope in self._scopes if scope != COMMON)

    def check_country(self, country: str | None) -> None:
        """Raise unless some calendar file speaks for ``country`` (or the country it is in)."""
        chain = _chain(country)
        if len(chain) == 1 or any(scope in self._scopes for scope in chain[:-1]):
            return
        raise EventError(
            _("unknown country {country}: no calendar file defines its events").format(
                country=quoted(chain[0])
            ),
            hint=_("known countries: {countries}; or define its events in {file}").format(
                countries=", ".join(self.countries()), file=f"calendars/{chain[0]}.toml"
            ),
            country=chain[0],
        )

    def keys(self, country: str | None) -> list[str]:
        """The keys of the events a country sees (a window's ``_start``/``_end`` left out)."""
        return [k for k in self._keys(_chain(country)) if not self._part_of(k, country)]

    def _keys(self, chain: list[str]) -> list[str]:
        return sorted({k for s in chain for k in self._scopes.get(s, {})})

    def _part_of(self, key: str, country: str | None) -> str:
        event = self._find(key, _chain(country))
        return event.part_of if event is not None else ""

    def key_for(self, name: str, country: str | None = None) -> str | None:
        """The key a name, key or alias means ("la Saint-Valentin" -> "valentines_day");
        "fin des soldes d'été" means "soldes_ete_end". A name several countries give to
        different events means the one ``country`` sees."""
        seen = set(self._keys(_chain(country))) if country is not None else set()
        found = next((self._pick(v, seen) for v in _variants(name) if v in self._index), None)
        if found is not None:
            return found
        for part, rest in _parted(name):
            base = next((self._pick(v, seen) for v in _variants(rest) if v in self._index), None)
            if base is not None and any(f"{base}_{part}" in s for s in self._scopes.values()):
                return f"{base}_{part}"
        return None

    def _pick(self, spelling: str, seen: set[str]) -> str:
        keys = self._index[spelling]
        return next((k for k in keys if k in seen), keys[0])

    def suggest(self, name: str, locale: str | None = None) -> list[str]:
        """Up to three known spellings close to ``name``, for "did you mean". With a
        ``locale``, a key close to it is shown as the event's name in that language: a phrase
        names "les soldes d'été", not "soldes_ete"."""
        found: list[str] = []
        for variant in _variants(name):
            for near in difflib.get_close_matches(variant, self._display, n=3, cutoff=0.6):
                shown = self._display[near]
                if locale is not None and shown in self._index.get(near, ()):
                    event = self._find(shown, sorted(self._scopes))
                    shown = event.name(locale) if event is not None else shown
                if shown not in found:
                    found.append(shown)
        return found[:3]

    def name(self, key: str, locale: str, country: str | None = None) -> str:
        """The event's display name; the country's own one (GB "Mothering Sunday") if given."""
        event = self._find(key, _chain(country) + sorted(self._scopes))
        if event is None:
            message = _("unknown event {name}").format(name=quoted(key))
            raise EventError(message, hint=self._hint(key, country), event=key)
        return event.name(locale)

    def date(self, key: str, country: str | None, year: int) -> tuple[dt.date, dt.date]:
        """First and last day of the event in ``year`` (equal for a one-day event)."""
        event = self._event(key, country, year)
        try:
            return self._resolve(event.key, _chain(country), year, ())
        except er.NoDate as exc:
            why = _("in {year}: {reason}").format(year=year, reason=exc)
            raise self._no_date(event, country, year, why) from None

    def nearest(self, key: str, country: str | None, around: dt.date) -> tuple[dt.date, dt.date]:
        """The occurrence (year before, same, after) starting closest to ``around``; ties: later."""
        event = self._event(key, country, None)
        years = range(max(around.year - 1, MIN_YEAR), min(around.year + 1, MAX_YEAR) + 1)
        found = [s for y in years if (s := self._maybe(event.key, country, y)) is not None]
        if not found:
            why = _("around {day}").format(day=day_said(around))
            raise self._no_date(event, country, around.year, why)
        return min(found, key=lambda s: (abs((s[0] - around).days), -s[0].toordinal()))

    def next_from(self, key: str, country: str | None, start: dt.date) -> tuple[dt.date, dt.date]:
        """The first occurrence that has not ended by ``start``."""
        event = self._event(key, country, None)
        for year in range(max(start.year - 1, MIN_YEAR), MAX_YEAR + 1):
            span = self._maybe(event.key, country, year)
            if span is not None and span[1] >= start:
                return span
        why = _("on or after {day}").format(day=day_said(start))
        raise self._no_date(event, country, start.year, why)

    def occurrences(self, country: str | None, year: int) -> list[Occurrence]:
        """Every event the country sees that has a date in ``year``, by date; a window's
        ``_start`` and ``_end`` are not listed, the window is."""
        self.check_country(country)
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
                _("{year} is outside the years events are computed for").format(year=year),
                hint=_("choose a year from {first} to {last}").format(
                    first=MIN_YEAR, last=MAX_YEAR
                ),
                event=key,
                country=country,
                year=year,
            )

    def _event(self, key: str, country: str | None, year: int | None) -> er.EventDef:
        real = key if any(key in s for s in self._scopes.values()) else self.key_for(key, country)
        event = self._find(real or key, _chain(country))
        if event is None:
            message = (
                _("unknown event {name} for country {country}")
                if country
                else _("unknown event {name} for every country (no country set)")
            )
            raise EventError(
                message.format(name=quoted(key), country=country),
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
            message = _("{key} is defined for {countries} only: set the campaign's country")
            return message.format(key=key, countries=elsewhere)
        if elsewhere:
            message = _("{key} is defined for {countries} only: add it to {file}")
            return message.format(key=key, countries=elsewhere, file=f"calendars/{country}.toml")
        near = self.suggest(key)
        if near:
            return did_you_mean(*near)
        return _("define it under {table} in {file}").format(
            table=f"[events.{key}]", file=f"calendars/{country or COMMON}.toml"
        )

    def _no_date(self, event: er.EventDef, country: str | None, year: int, why: str) -> EventError:
        return EventError(
            _("{event} has no date {why}").format(event=event.name(i18n.language()), why=why),
            hint=_("give it a date under {table} in {file}").format(
                table=f"[events.{event.key}.overrides]", file=f"calendars/{_chain(country)[0]}.toml"
            ),
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

        def lookup(other: str, at: int) -> tuple[dt.date, dt.date]:
            return self._resolve(other, chain, at, (*stack, key))

        return er.resolve(event, year, lookup)

    def _check_refs(self) -> None:
        """Each key a rule names exists for every country that sees the rule, without loops."""
        for scope in self._scopes:
            for key in self._keys(_chain(scope)):
                self._walk(key, _chain(scope), ())

    def _walk(self, key: str, chain: list[str], stack: tuple[str, ...]) -> None:
        event = self._find(key, chain)
        assert event is not None  # the caller checked
        if key in stack:
            loop = " -> ".join((*stack[stack.index(key) :], key))
            message = _("events refer to each other in a loop: {loop}").format(loop=loop)
            raise EventError(message, event.pos, event=key)
        for ref in sorted(event.refs()):
            if self._find(ref, chain) is None:
                message = _("event {key} refers to {ref}, which {country} does not define").format(
                    key=quoted(key), ref=quoted(ref), country=chain[0]
                )
                hint = _("define {table} in {file}").format(
                    table=f"[events.{ref}]", file=f"calendars/{chain[0]}.toml"
                )
                raise EventError(message, event.pos, hint, event=key)
            self._walk(ref, chain, (*stack, key))
