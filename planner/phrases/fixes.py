"""Examples a resolution error shows: the phrase the user most likely meant, written in the
phrase's language and resolved before it is shown."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .words import MONTH_NAMES_EN, MONTH_NAMES_FR

if TYPE_CHECKING:
    from .resolve import Resolver


def range_example(r: Resolver, first: date, last: date) -> str | None:
    """A range from ``first`` to ``last`` in the phrase's language, checked to resolve to
    them: what a range written backwards most likely meant."""
    fr = r.french

    def day(d: date, year: bool) -> str:
        if fr:
            return f"{'1er' if d.day == 1 else d.day} {MONTH_NAMES_FR[d.month - 1]}" + (
                f" {d.year}" if year else ""
            )
        return f"{MONTH_NAMES_EN[d.month - 1]} {d.day}" + (f", {d.year}" if year else "")

    for year in (False, True):
        a, b = day(first, year), day(last, year)
        text = f"du {a} au {b}" if fr else f"from {a} to {b}"
        window = r.window_of(text)
        if window is not None and window.end == last and window.start <= first:
            return text
    return None
