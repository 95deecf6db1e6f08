"""What hints suggest: text to insert where a phrase stops, and a complete phrase of each shape.

A suggestion is only worth showing if the user can paste it: the cursor parses every candidate
before showing it, and the tests parse every complete phrase here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexer import Token
from .words import DAY_UNITS, MONTH_UNITS, WEEK_UNITS


@dataclass(frozen=True, slots=True)
class Example:
    """Text that lets a phrase go on where it stopped, and what the hint calls the gap."""

    text: str
    lead: str  # e.g. "a range needs its end"


# Inserted where a piece is missing, per language (en, fr).
INSERTS: dict[str, tuple[str, str]] = {
    "a month": ("January", "janvier"),
    "a number": ("5", "5"),
    "a weekday": ("Thursday", "jeudi"),
    "'later'": ("later", "plus tard"),
    "'before'": ("before", "avant"),
    "a day of the month": ("5", "5"),
    "a unit": ("days", "jours"),
    "a time": ("11:00", "11:00"),
}

# Complete phrases of each shape. One that goes on from what the user wrote ("jusqu'au" →
# "jusqu'au 20 mai") completes it best; failing any fix, the one that starts with the user's
# first word shows the whole shape.
COMPLETE = (
    "from May 1 to May 20",
    "between May 1 and May 20",
    "du 5 au 20 janvier",
    "de mi-janvier à fin janvier",
    "d'avril à juin",
    "entre le 5 et le 20 janvier",
    "until May 20",
    "till May 20",
    "by May 20",
    "jusqu'au 20 mai",
    "jusqu'à Noël",
    "before Christmas",
    "avant Noël",
    "after the awareness step",
    "après sensibilisation",
    "in the 10 days before the anchor",
    "dans les 10 jours avant l'ancre",
    "the week before Christmas",
    "la semaine avant Noël",
    "the week of January 5",
    "la semaine du 5 janvier",
    "next week",
    "la semaine prochaine",
    "the first Monday of March",
    "le premier lundi de mars",
    "on Christmas",
    "le jour de Noël",
    "every Monday",
    "each Monday",
    "tous les lundis",
    "toutes les semaines",
    "chaque lundi",
    "J-30",
    "D-30",
    "for 2 days",
    "pendant 48 heures",
)

WHAT_HINT = {
    "a date phrase": "write e.g. 'mi-janvier', 'early January', '3 days before anchor' or 'asap'",
    "a recurrence": "write e.g. 'every Monday', 'tous les 3 jours' or 'weekly'",
    "a duration": "write e.g. '48 heures', '2 days' or '30 min'",
    "a time": "write e.g. '11:00', '9h30' or '7pm'",
}

_UNIT_NAMES = ((DAY_UNITS, "days"), (WEEK_UNITS, "weeks"), (MONTH_UNITS, "months"))


def lead(label: str, before: Token | None, raw: str) -> str:
    """What a hint says is missing when it inserts an example for ``label`` before the token
    ``before`` (written ``raw``), or at the end of the phrase."""
    if before is None:
        return "complete the phrase"
    if label in {"a number", "a day of the month"}:
        # A number means what the word after it counts, whichever rule was reading it.
        for units, name in _UNIT_NAMES:
            if before.text in units:
                return f"write a number of {name}"
    return f"write {label} before {raw!r}"
