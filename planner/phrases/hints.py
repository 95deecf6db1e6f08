"""What hints suggest: text to insert where a phrase stops, and a complete phrase of each shape.

A suggestion is only worth showing if the user can paste it: the cursor parses every candidate
before showing it, and the tests parse every complete phrase here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexer import Token
from .words import (
    AFTER,
    BEFORE,
    BIG_NUMBERS,
    DAY_UNITS,
    ENGLISH_HINTS,
    FRENCH_HINTS,
    MONTH_UNITS,
    NUMBERS,
    WEEK_UNITS,
)


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
# The same, once the phrase's language is known (en, fr).
WHAT_HINT_IN: dict[str, tuple[str, str]] = {
    "a date phrase": (
        "write e.g. 'early January', 'on Christmas', '3 days before the anchor' or 'asap'",
        "write e.g. 'mi-janvier', 'le jour de Noël', \"3 jours avant l'ancre\" "
        "or 'dès que possible'",
    ),
    "a recurrence": (
        "write e.g. 'every Monday', 'every 3 days' or 'weekly'",
        "write e.g. 'tous les lundis', 'tous les 3 jours' or 'chaque semaine'",
    ),
    "a duration": (
        "write e.g. '48 hours', '2 days' or '30 min'",
        "write e.g. '48 heures', '2 jours' or '30 min'",
    ),
}
# A phrase that starts with a word no rule knows: if it is an event's name, this is how to
# write its day. An example, never the user's words: "on around Easter" would name an event
# called "around Easter".
EVENT_DAY_HINT = (
    "for the day of an event, write e.g. 'on Christmas'",
    "for the day of an event, write e.g. 'le jour de Noël'",
    "for the day of an event, write e.g. 'on Christmas' or 'le jour de Noël'",
)

# Words no event's name starts with: a suggestion that makes one of them start a name has pasted
# the user's unread words after a grammar word.
NOT_A_NAME_START = frozenset(
    {*NUMBERS, *BIG_NUMBERS, *BEFORE, *AFTER, "des", "du", "de", "d'", "of", "to", "and", "et"}
    | {"a", "au", "aux", "en", "in", "on", "at", "by", "until", "jusqu'", "from", "between"}
)

# Grammar words that rules expect, quoted in messages, in the phrase's language (en, fr): a
# French phrase is told "attendu 'avant'", never "'before'".
LABEL_WORDS: dict[str, tuple[str, str]] = {
    "'of'": ("'of'", "'de'"),
    "'de'": ("'of'", "'de'"),
    "'before'": ("'before'", "'avant'"),
    "'after'": ("'after'", "'après'"),
    "'later'": ("'later'", "'plus tard'"),
    "'to'": ("'to'", "'à'"),
    "'à'": ("'to'", "'à'"),
    "'au'": ("'to'", "'au'"),
    "'and'": ("'and'", "'et'"),
    "'et'": ("'and'", "'et'"),
    "'week'": ("'week'", "'semaine'"),
    "'days'": ("'days'", "'jours'"),
    "'weeks'": ("'weeks'", "'semaines'"),
    "'les'": ("'the'", "'les'"),
}


def say(label: str, french: bool) -> str:
    """``label`` as a message shows it in a phrase of that language."""
    words = LABEL_WORDS.get(label)
    return words[french] if words is not None else label


def is_decided(toks: list[Token], locale: str | None) -> bool:
    """Whether anything tells the phrase's language: a word of either, or the locale."""
    return locale is not None or any(t.text in FRENCH_HINTS | ENGLISH_HINTS for t in toks)


def is_french(toks: list[Token], locale: str | None = None) -> bool:
    """Whether a phrase is French: it has more French words than English ones; on a tie
    (none of either, or as many: "J-30 Valentine's Day"), the campaign's locale if known,
    else French as soon as it has one French word."""
    fr = sum(t.text in FRENCH_HINTS for t in toks)
    en = sum(t.text in ENGLISH_HINTS for t in toks)
    if fr != en:
        return fr > en
    if locale is not None:
        return locale.lower().startswith("fr")
    return fr > 0


_UNIT_NAMES = ((DAY_UNITS, "days"), (WEEK_UNITS, "weeks"), (MONTH_UNITS, "months"))


def lead(label: str, before: Token | None, raw: str, french: bool = False) -> str:
    """What a hint says is missing when it inserts an example for ``label`` before the token
    ``before`` (written ``raw``), or at the end of the phrase."""
    if before is None:
        return "complete the phrase"
    if label in {"a number", "a day of the month"}:
        # A number means what the word after it counts, whichever rule was reading it.
        for units, name in _UNIT_NAMES:
            if before.text in units:
                return f"write a number of {name}"
    return f"write {say(label, french)} before {raw!r}"
