"""English and French vocabulary of the phrase grammar, folded (lower case, no accents).

One table per concept, both languages mixed: a campaign may be written in either, and users
mix them ("J-30 Valentine's Day").
"""

from __future__ import annotations

MONTH_NAMES_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_NAMES_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTH_ABBREVIATIONS = {
    "jan": 1,
    "janv": 1,
    "feb": 2,
    "febr": 2,
    "fev": 2,
    "fevr": 2,
    "mar": 3,
    "apr": 4,
    "avr": 4,
    "jun": 6,
    "jul": 7,
    "juil": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTHS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(MONTH_NAMES_EN, 1)},
    **{"aout" if n == "août" else n.replace("é", "e"): i for i, n in enumerate(MONTH_NAMES_FR, 1)},
    **_MONTH_ABBREVIATIONS,
}
# Days a month can have in some year; February 29 is checked once the year is known.
MONTH_MAX_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_NAMES_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_WEEKDAY_SINGULAR: dict[str, int] = {
    **{n.lower(): i for i, n in enumerate(WEEKDAY_NAMES_EN)},
    **{n: i for i, n in enumerate(WEEKDAY_NAMES_FR)},
    # English abbreviations only: French "mar" and "sam" would shadow March and names.
    **{"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4},
    **{"sat": 5, "sun": 6},
}
WEEKDAYS: dict[str, int] = {
    **_WEEKDAY_SINGULAR,
    **{n.lower() + "s": i % 7 for i, n in enumerate(WEEKDAY_NAMES_EN + WEEKDAY_NAMES_FR)},
}
WEEKDAY_PLURALS = frozenset(w for w in WEEKDAYS if w not in _WEEKDAY_SINGULAR)

NUMBERS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
}
# "a week before": the article counts as one only where a number is expected.
ARTICLE_ONE = frozenset({"a", "an"})
# Numbers past twelve; compounds ("dix-sept", "vingt et un", "twenty-one") are read by the
# cursor from these parts.
BIG_NUMBERS: dict[str, int] = {
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
}
# French usage: "huit jours" is a week and "quinze jours" two ("dans huit jours", "quinze jours
# avant Noël", "tous les quinze jours"); written in digits, "8 jours" is 8 days.
IDIOMS: dict[tuple[str, int], int] = {("huit", 8): 7, ("quinze", 15): 14}
# English day numbers in words: "the fifteenth of March", "March twenty-first".
DAY_ORDINALS: dict[str, int] = {
    **{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6},
    **{"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12},
    **{"thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16},
    **{"seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20},
    **{"thirtieth": 30},
}

# Week of a month (1-4) or weekday of a month (1-5), and -1 for the last.
ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "last": -1,
    "premiere": 1,
    "premier": 1,
    "deuxieme": 2,
    "seconde": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "cinquieme": 5,
    "derniere": -1,
    "dernier": -1,
}

DAY_UNITS = frozenset({"day", "days", "jour", "jours", "journee", "journees"})
WEEK_UNITS = frozenset({"week", "weeks", "semaine", "semaines", "wk", "wks", "huitaine"})
# Two weeks: "a fortnight before X", "la quinzaine avant X".
FORTNIGHT_UNITS = frozenset({"fortnight", "fortnights", "quinzaine", "quinzaines"})
MONTH_UNITS = frozenset({"month", "months", "mois"})
# The month or week after the planning start's: "next month", "le mois prochain".
NEXT = frozenset({"next", "prochain", "prochaine"})
THIS = frozenset({"this", "current", "ce", "cette"})
BUSINESS_BEFORE_NOUN = frozenset({"business", "working", "work"})
BUSINESS_AFTER_NOUN = frozenset({"ouvre", "ouvres", "ouvrable", "ouvrables"})

BEFORE = frozenset(
    {"before", "avant", "precedant", "preceding", "prior", "precedente", "precedentes"}
)
AFTER = frozenset({"after", "apres", "suivant", "suivante", "suivants", "suivantes", "following"})
# The day or days named next to X, in days from it: "la veille de Noël", "the eve of Easter",
# "le surlendemain de la Saint-Valentin" (two days after).
NEXT_DAYS: dict[tuple[str, ...], int] = {
    ("veille",): -1,
    ("avant", "veille"): -2,
    ("lendemain",): 1,
    ("surlendemain",): 2,
    ("eve",): -1,
    ("night", "before"): -1,
}
# Multi-word directions, tried before the single words above.
BEFORE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("prior", "to"),
    ("ahead", "of"),
    ("qui", "precedent"),
    ("qui", "precede"),
    ("leading", "up", "to"),
    ("running", "up", "to"),
)
AFTER_PHRASES = (("qui", "suivent"), ("qui", "suit"))

# Words before a window that say what every window means: any day in it.
FILLERS: tuple[tuple[str, ...], ...] = (
    ("sometime",),
    ("some", "time"),
    ("anytime",),
    ("any", "time"),
    ("at", "any", "time"),
    ("at", "some", "point"),
    ("n'importe", "quand"),
    ("a", "un", "moment"),
    # the whole window, as every window is: "tout le mois de mars", "throughout March"
    ("pendant", "tout"),
    ("pendant", "toute"),
    ("durant", "tout"),
    ("durant", "toute"),
    ("tout",),
    ("toute",),
    ("all", "of"),
    ("all",),
    ("throughout",),
    ("the", "whole", "of"),
    ("during", "all", "of"),
)

ASAP_PHRASES = (
    ("as", "soon", "as", "possible"),
    ("asap",),
    ("right", "away"),
    ("right", "now"),
    ("now",),
    ("immediately",),
    ("des", "que", "possible"),
    ("aussitot", "que", "possible"),
    ("le", "plus", "tot", "possible"),
    ("au", "plus", "vite"),
    ("au", "plus", "tot"),
    ("dqp",),
    ("immediatement",),
    ("tout", "de", "suite"),
    ("des", "maintenant"),
    ("maintenant",),
)
ANCHOR_PHRASES = (
    ("the", "anchor"),
    ("anchor",),
    ("l'", "ancre"),
    ("ancre",),
    ("l'", "evenement"),
    ("the", "event"),
    ("le", "jour", "j"),
    ("jour", "j"),
    ("d", "day"),
    ("j",),
    # What shop owners call the day itself in their notes.
    ("the", "big", "day"),
    ("big", "day"),
    ("the", "day", "itself"),
    ("le", "grand", "jour"),
    ("grand", "jour"),  # "la veille du grand jour"
)
PREVIOUS_PHRASES = (
    ("the", "previous", "step"),
    ("previous", "step"),
    ("the", "step", "before"),
    ("l'", "etape", "precedente"),
    ("la", "phase", "precedente"),
    ("the", "previous", "one"),
)
ARTICLES = frozenset({"the", "la", "le", "l'", "les"})
STEP_NOUNS = frozenset({"step", "stage", "phase", "etape"})

# Words that start a calendar or relative phrase: a bare name beginning with one of these is a
# misspelt phrase, not an event ("mi-janvir" must not become an event called "mi-janvir").
KEYWORDS = frozenset(
    {
        "early",
        "mid",
        "late",
        "mi",
        "debut",
        "fin",
        "milieu",
        "beginning",
        "start",
        "middle",
        "end",
        "every",
        "each",
        "tous",
        "toutes",
        "chaque",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "last",
        "next",
        "premiere",
        "deuxieme",
        "troisieme",
        "quatrieme",
        "cinquieme",
        "derniere",
        "from",
        "du",
        "between",
        "entre",
        "until",
        "in",
        "dans",
        "en",
        "courant",
        *MONTHS,
        *WEEKDAYS,
    }
)

# Words only French uses, to pick the language of examples in hints.
FRENCH_HINTS = frozenset(
    {"le", "la", "les", "du", "de", "au", "jours", "jour", "semaine", "semaines", "mi", "debut"}
    | {"fin", "avant", "apres", "plus", "tard", "dans", "entre", "et", "tous", "toutes", "chaque"}
    | {"prochain", "prochaine", "premier", "dernier", "cette"}
    | {"juste", "peu", "quelques", "plusieurs", "quinzaine", "moitie", "partir", "compter"}
    | {"premiers", "premieres", "derniers", "dernieres", "autour", "alentours", "environs"}
    | {"vers", "veille", "lendemain", "des"}
    | {n.replace("é", "e").replace("û", "u") for n in MONTH_NAMES_FR}
    | set(WEEKDAY_NAMES_FR)
)

# Words only English uses: with FRENCH_HINTS, the phrase's language is the one with more words.
ENGLISH_HINTS = frozenset(
    {"the", "of", "before", "after", "later", "day", "days", "week", "weeks", "from", "to"}
    | {"between", "and", "until", "every", "each", "next", "first", "last", "early", "mid"}
    | {"late", "on", "this", "month", "in", "within", "by", "anchor", "end", "beginning"}
    | {n.lower() for n in MONTH_NAMES_EN + WEEKDAY_NAMES_EN}
)

# Accented spellings for hints: vocabulary is folded, suggestions should not be.
DISPLAY: dict[str, str] = {
    **{n.replace("é", "e").replace("û", "u"): n for n in MONTH_NAMES_FR},
    "debut": "début",
    "apres": "après",
    "ouvres": "ouvrés",
    "premiere": "première",
    "deuxieme": "deuxième",
    "troisieme": "troisième",
    "quatrieme": "quatrième",
    "cinquieme": "cinquième",
    "derniere": "dernière",
    "precedant": "précédant",
    "evenement": "événement",
    "immediatement": "immédiatement",
}

# Every word the grammar reads somewhere: such a word is never offered a spelling correction.
VOCABULARY = frozenset(
    {
        *MONTHS,
        *WEEKDAYS,
        *NUMBERS,
        *BIG_NUMBERS,
        *DAY_ORDINALS,
        *ORDINALS,
        *ARTICLES,
        *STEP_NOUNS,
        *KEYWORDS,
    }
    | DAY_UNITS
    | WEEK_UNITS
    | FORTNIGHT_UNITS
    | MONTH_UNITS
    | NEXT
    | THIS
    | BUSINESS_BEFORE_NOUN
    | BUSINESS_AFTER_NOUN
    | BEFORE
    | AFTER
    | {w for phrase in ASAP_PHRASES + ANCHOR_PHRASES + PREVIOUS_PHRASES for w in phrase}
)
