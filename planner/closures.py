"""Days a shop is closed: public holidays of its country (the `holidays` package) and its own
closures. Loaded lazily: most plans never ask."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .errors import ConfigError, Pos


def split_country(code: str) -> tuple[str, str | None]:
    """ "CA-QC" → ("CA", "QC"); "FR" → ("FR", None)."""
    country, _, subdiv = code.upper().partition("-")
    return country, subdiv or None


class Closures:
    def __init__(self, shop_days: Iterable[date] = (), pos: Pos | None = None) -> None:
        self.shop_days = frozenset(shop_days)
        self.pos = pos
        self._holidays: dict[str, Any] = {}

    def _calendar(self, code: str) -> Any:
        found = self._holidays.get(code)
        if found is None:
            import holidays

            country, subdiv = split_country(code)
            try:
                found = holidays.country_holidays(country, subdiv=subdiv)
            except NotImplementedError:
                raise ConfigError(
                    f"unknown country {code!r}",
                    self.pos,
                    'use an ISO 3166 code such as "FR", "US" or "CA-QC"',
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

    def is_closed(self, day: date, country: str | None) -> bool:
        return day in self.shop_days or self.is_holiday(day, country)
