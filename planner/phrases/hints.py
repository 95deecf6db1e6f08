"""What hints suggest: text to insert where a phrase stops, and a complete phrase of each shape.

A suggestion is only worth showing if the user can paste it: the cursor parses every candidate
before showing it, and the tests parse every complete phrase here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner import i18n
from planner.errors import quoted
from planner.i18n import N_, _

from .lexer import Token
from .words import (
    AFTER,
    BEFORE,
    BIG_NUMBERS,
    DAY_UNITS,
    ENGLISH_HINTS,
    FRENCH_HINTS,
    MONTH_NAMES_EN,
    MONTH_NAMES_FR,
    MONTH_UNITS,
    NUMBERS,
    WEEK_UNITS,
    WEEKDAY_NAMES_EN,
    WEEKDAY_NAMES_FR,
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

# Examples of each kind of phrase (the labels are the cursor's ``what``), in both languages.
WHAT_HINT: dict[str, tuple[str, ...]] = {
    "a date phrase": ("mi-janvier", "early January", "3 days before anchor", "asap"),
    "a recurrence": ("every Monday", "tous les 3 jours", "weekly"),
    "a duration": ("48 heures", "2 days", "30 min"),
    "a time": ("11:00", "9h30", "7pm"),
}
# The same, once the phrase's language is known (en, fr).
WHAT_HINT_IN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "a date phrase": (
        ("early January", "on Christmas", "3 days before the anchor", "asap"),
        ("mi-janvier", "le jour de Noël", "3 jours avant l'ancre", "dès que possible"),
    ),
    "a recurrence": (
        ("every Monday", "every 3 days", "weekly"),
        ("tous les lundis", "tous les 3 jours", "chaque semaine"),
    ),
    "a duration": (("48 hours", "2 days", "30 min"), ("48 heures", "2 jours", "30 min")),
}
# The labels above as messages show them.
WHATS = (N_("a date phrase"), N_("a recurrence"), N_("a duration"), N_("a time"))
# A phrase that starts with a word no rule knows: if it is an event's name, this is how to
# write its day (en, fr, either). An example, never the user's words: "on around Easter"
# would name an event called "around Easter".
EVENT_DAY_HINT = (("on Christmas",), ("le jour de Noël",), ("on Christmas", "le jour de Noël"))


def one_of(choices: list[str]) -> str:
    """Choices as a message lists them: "a, b or c" (four at most)."""
    choices = choices[:4]
    if len(choices) == 1:
        return choices[0]
    # TRANSLATORS: the last of a list of choices, "a month, a weekday or 'later'".
    return _("{first} or {last}").format(first=", ".join(choices[:-1]), last=choices[-1])


def did_you_mean(*phrases: str) -> str:
    """The hint proposing ``phrases`` instead of the user's: "did you mean 'a' or 'b'?"."""
    return _("did you mean {phrase}?").format(phrase=either(phrases))


def either(phrases: tuple[str, ...] | list[str]) -> str:
    """Phrases quoted, one or another: "'a' or 'b' or 'c'"."""
    said = quoted(phrases[0])
    for phrase in phrases[1:]:
        said = _("{phrases} or {phrase}").format(phrases=said, phrase=quoted(phrase))
    return said


def and_did_you_mean(hint: str, phrase: str | None) -> str:
    """``hint`` followed by the phrase it proposes, when there is one."""
    if phrase is None:
        return hint
    return _("{hint}: did you mean {phrase}?").format(hint=hint, phrase=quoted(phrase))


def day_said(day: date) -> str:
    """A date in a message: 2027-03-01 in English (as the messages always wrote it), in prose
    in French without its weekday ("1er mars 2027"): messages often name the weekday apart."""
    if i18n.language() == i18n.SOURCE:
        return day.isoformat()
    return f"{'1er' if day.day == 1 else day.day} {MONTH_NAMES_FR[day.month - 1]} {day.year}"


def weekday_said(weekday: int) -> str:
    """A weekday (0 is Monday) in the message's language: "Monday", "lundi"."""
    names = WEEKDAY_NAMES_EN if i18n.language() == i18n.SOURCE else WEEKDAY_NAMES_FR
    return names[weekday]


def month_said(month: int) -> str:
    """A month (1 is January) in the message's language: "January", "janvier"."""
    names = MONTH_NAMES_EN if i18n.language() == i18n.SOURCE else MONTH_NAMES_FR
    return names[month - 1]


def write_eg(examples: tuple[str, ...]) -> str:
    """A hint showing phrases to write: "write e.g. 'mi-janvier' or 'asap'"."""
    return _("write e.g. {examples}").format(examples=one_of([quoted(e) for e in examples]))


def event_day_hint(which: int) -> str:
    """How to write the day of an event, in the phrase's language (0 en, 1 fr, 2 either)."""
    examples = one_of([quoted(e) for e in EVENT_DAY_HINT[which]])
    return _("for the day of an event, write e.g. {examples}").format(examples=examples)


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
    """``label`` as a message shows it: a grammar word in the phrase's language, quoted as the
    message's language quotes; what it stands for ("a month") in the message's language."""
    words = LABEL_WORDS.get(label)
    if words is not None:
        label = words[french]
    if len(label) > 2 and label[0] == label[-1] == "'":
        return quoted(label[1:-1])
    return _(label)


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


_UNIT_NAMES = (
    (DAY_UNITS, N_("write a number of days")),
    (WEEK_UNITS, N_("write a number of weeks")),
    (MONTH_UNITS, N_("write a number of months")),
)


def lead(label: str, before: Token | None, raw: str, french: bool = False) -> str:
    """What a hint says is missing when it inserts an example for ``label`` before the token
    ``before`` (written ``raw``), or at the end of the phrase."""
    if before is None:
        return _("complete the phrase")
    if label in {"a number", "a day of the month"}:
        # A number means what the word after it counts, whichever rule was reading it.
        for units, said in _UNIT_NAMES:
            if before.text in units:
                return _(said)
    return _("write {what} before {word}").format(what=say(label, french), word=quoted(raw))
