"""Where a shop is: its country code, the time zone and language that follow from it.

`planner init --country FR` must refuse "France" at once (with the code to give instead) rather
than let a later command fail, and should not leave a Paris shop on UTC because no
`--timezone` was given. The tz database knows which zones each country has (zone.tab, shipped
by the tzdata package) and the countries' English names (iso3166.tab); zones.toml beside this
module adds the subdivisions of countries with several zones and the French names.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError, Pos, did_you_mean, quoted
from ..i18n import N_, _
from ..journey import fold

_DATA = Path(__file__).resolve().parent / "zones.toml"


@cache
def _tables() -> dict[str, dict[str, str]]:
    with _DATA.open("rb") as handle:
        data: dict[str, dict[str, str]] = tomllib.load(handle)
    return data


def _tab(name: str) -> list[list[str]]:
    """The rows of one of the tz database's tables, comments left out."""
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """Each country's zones, the main ones first: zone.tab comments a regional exception with
    " - " ("Eastern - MI (most areas)"), a country's main zones without."""
    found: dict[str, list[tuple[bool, str]]] = {}
    for row in _tab("zone.tab"):
        regional = len(row) > 3 and " - " in row[3]
        found.setdefault(row[0], []).append((regional, row[2]))
    return {
        code: tuple(z for _, z in sorted(zones, key=lambda r: r[0]))
        for code, zones in found.items()
    }


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 codes and their English names (the tz database's)."""
    return {row[0]: row[1] for row in _tab("iso3166.tab")}


def zones_of(country: str) -> tuple[str, ...]:
    """The zones the tz database lists for ``country`` (a code without subdivision)."""
    return _zones_by_country().get(country.upper(), ())


@dataclass(frozen=True, slots=True)
class Guess:
    """A value that the user did not give, and where it came from (said to the user)."""

    value: str
    reason: str  # a msgid, translated when said: init speaks the language it has just chosen
    code: str = ""  # the country code the reason names, if any

    @property
    def why(self) -> str:
        return _(self.reason).format(code=self.code)


def zone_for(country: str | None, machine: str) -> Guess:
    """The time zone of a shop in ``country``: its only zone, or its subdivision's, else the
    machine's when it lies in that country (or no country is given). A country with several
    zones and a machine elsewhere is an error naming them: a guess there would put every
    post hours off."""
    if not country:
        return Guess(machine, N_("this machine's"))
    code = country.upper()
    top = code.partition("-")[0]
    by_subdivision = _tables()["zones"].get(code)
    if by_subdivision:
        return Guess(by_subdivision, N_("from the country {code}"), code)
    zones = zones_of(top)
    if len(zones) == 1:
        return Guess(zones[0], N_("from the country {code}"), code)
    if machine in zones or not zones:
        return Guess(machine, N_("this machine's"))
    by_state = {k: z for k, z in _tables()["zones"].items() if k.startswith(f"{top}-")}
    # The zones most of the country's subdivisions use come first in the hint.
    zones = tuple(sorted(zones, key=lambda z: -list(by_state.values()).count(z)))
    others = ", ".join(zones[1:4]) + (", …" if len(zones) > 4 else "")
    state = (
        _("; or its subdivision, e.g. --country {code}").format(code=next(iter(by_state)))
        if by_state
        else ""
    )
    raise ConfigError(
        _("{code} has {count} time zones and this machine's ({machine}) is none of them").format(
            code=code, count=len(zones), machine=machine
        ),
        Pos("--timezone"),
        _("give the shop's zone, e.g. --timezone {zone} (or {others}){state}").format(
            zone=zones[0], others=others, state=state
        ),
    )


def locale_for(country: str | None) -> Guess:
    """French where the country says so (FR, CA-QC, the French overseas), else English."""
    code = (country or "").upper()
    french = _tables()["locales"].get(code) or _tables()["locales"].get(code.partition("-")[0])
    if french:
        return Guess(french, N_("from the country {code}"), code)
    return Guess("en", N_("the default"))


def check_country(text: str, subdivisions: Collection[str] = ()) -> str:
    """``text`` as an ISO 3166 code Parcours can plan for ("fr" -> "FR", "ca-qc" -> "CA-QC"),
    else an error whose hint is the code to give. ``subdivisions`` are codes that the events
    catalogue defines although the `holidays` package does not (FR-54)."""
    import holidays

    code = text.strip().upper().replace("_", "-")
    country, _sep, subdivision = code.partition("-")
    supported = {c: list(s) for c, s in holidays.list_supported_countries().items() if len(c) == 2}
    if country in supported:
        if not subdivision or subdivision in supported[country] or code in subdivisions:
            return code
        known = sorted(f"{country}-{s}" for s in supported[country] if " " not in s)
        hint = did_you_mean(
            code,
            known,
            _("{country}'s subdivisions: {codes}").format(country=country, codes=", ".join(known)),
        )
        raise ConfigError(
            _("unknown subdivision {code}").format(code=quoted(code)), Pos("--country"), hint
        )
    named = _by_name(text)
    if named:
        hint = _("give its code: --country {code} ({name})").format(
            code=named, name=country_names().get(named[:2], named)
        )
    else:
        hint = _('give an ISO 3166 code such as "FR", "US" or "CA-QC"')
    raise ConfigError(_("unknown country {text}").format(text=quoted(text)), Pos("--country"), hint)


@cache
def _names() -> dict[str, str]:
    """Folded country names (English, French, alpha-3 codes) and their codes."""
    import holidays

    names = {fold(n.partition(" (")[0]): c for c, n in country_names().items()}
    names.update({fold(n): c for c, n in country_names().items()})
    for entry in holidays.registry.COUNTRIES.values():
        names.setdefault(fold(entry[2]), entry[1])  # FRA
        names.setdefault(fold(entry[0]), entry[1])  # UnitedStates
    names.update(_tables()["names"])
    return names


def _by_name(text: str) -> str | None:
    """The code of a country written by name, in English or French, even misspelt ("France",
    "États-Unis", "Frnace"), or by its three-letter code ("FRA")."""
    wanted = fold(text)
    names = _names()
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None
