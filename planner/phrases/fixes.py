"""Examples a resolution error shows: the phrase the user most likely meant, written in the
phrase's language and resolved before it is shown."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from planner.errors import PhraseError, quoted
from planner.i18n import _

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


def no_anchor(r: Resolver, offset: int) -> PhraseError:
    """The error for a phrase counting from the anchor of a campaign without one: the hint
    counts from an event instead."""
    example = "3 jours avant la Saint-Valentin" if r.french else "3 days before Valentine's Day"
    return r.error(
        _("this counts from the anchor, but the campaign has none"),
        offset,
        _("name what it counts from, e.g. {example}, or give the campaign an anchor").format(
            example=quoted(example)
        ),
    )
