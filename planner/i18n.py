"""The language Parcours speaks: gettext catalogues, and which language holds where.

Library code marks what a person reads with ``_()`` and ``ngettext()`` and formats it with
named fields (``_("wrote {count} events").format(count=n)``: a translation may put them in
another order). Both resolve against the *current* language, a context variable that the
command line sets once it knows the workspace (``speaking``) and that planning narrows to a
campaign's own ``locale`` while it works on that campaign (``for_campaign``), unless the user
chose a language outright (``--lang``, ``PLANNER_LANG``): a choice made that way holds
everywhere. Nothing here reads the environment or the clock; the caller passes them in.

The catalogues are ``planner/locale/<language>/LC_MESSAGES/planner.mo``, compiled from the
``.po`` beside them with Babel (README, "Translating Parcours"). English is the language the
messages are written in, so it needs no catalogue. What programs read (JSON keys and values,
canonical stage names, exit codes) is never translated.
"""

from __future__ import annotations

import gettext as _gettext
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "fr")
SOURCE = "en"  # the language of the msgids
DOMAIN = "planner"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# What people type for a language (--lang, PLANNER_LANG, LANG, [shop] locale), folded.
_WORDS = {
    "en": "en",
    "english": "en",
    "anglais": "en",
    "fr": "fr",
    "french": "fr",
    "francais": "fr",
}


@dataclass(frozen=True, slots=True)
class Speech:
    """The current language; ``chosen`` when the user asked for it (--lang, PLANNER_LANG),
    so that a campaign's own locale does not replace it."""

    language: str = SOURCE
    chosen: bool = False


# A Speech is frozen: sharing the default is safe.
_speech: ContextVar[Speech] = ContextVar("planner_speech", default=Speech())  # noqa: B039


def language() -> str:
    """The language messages are given in now."""
    return _speech.get().language


def current() -> Speech:
    return _speech.get()


@contextmanager
def speaking(language: str, *, chosen: bool = False) -> Iterator[None]:
    """Give messages in ``language`` inside the block."""
    token = _speech.set(Speech(language if language in LANGUAGES else SOURCE, chosen))
    try:
        yield
    finally:
        _speech.reset(token)


def use(language: str, *, chosen: bool = False) -> None:
    """Give messages in ``language`` from now on, in this context: the command line's choice
    for the command it runs (each command runs in a context of its own)."""
    _speech.set(Speech(language if language in LANGUAGES else SOURCE, chosen))


@contextmanager
def for_campaign(locale: str | None) -> Iterator[None]:
    """What concerns one campaign (its plan, warnings, page, reminders) in its ``locale``,
    unless the user chose the language outright."""
    speech = _speech.get()
    if speech.chosen or not locale or locale == speech.language:
        yield
        return
    with speaking(locale):
        yield


def language_of(text: str | None) -> str | None:
    """``en`` or ``fr`` from what a person or a system writes for a language ("fr",
    "fr_FR.UTF-8", "fr-CA", "français", "English"); None for anything else ("C", "de_DE")."""
    if not text:
        return None
    word = text.strip().split(":", 1)[0]  # LANGUAGE may list several: the first counts
    word = word.replace("-", "_").split("_", 1)[0].split(".", 1)[0].split("@", 1)[0]
    folded = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORDS.get(folded)


def system_language(environ: Mapping[str, str]) -> str | None:
    """The language of the system's locale, as gettext looks for it: LANGUAGE, LC_ALL,
    LC_MESSAGES, then LANG; the first one set decides (an unknown language means English)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            if value in ("C", "POSIX") or value.startswith(("C.", "POSIX.")):
                return SOURCE
            return language_of(value) or SOURCE
    return None


def language_for(
    *,
    option: str | None = None,
    env: str | None = None,
    campaign: str | None = None,
    workspace: str | None = None,
    system: str | None = None,
) -> str:
    """Which language to speak (DESIGN.md, "Languages"): ``--lang`` (``option``), else
    ``PLANNER_LANG`` (``env``), else the campaign's locale for what concerns one campaign, else
    the workspace's (``None`` when it has no planner.toml), else the system's, else English.
    Values are ``en``/``fr`` or what ``language_of`` reads; an empty one counts as unset."""
    for value in (option, env, campaign, workspace):
        found = language_of(value)
        if found is not None:
            return found
    return language_of(system) or SOURCE


def is_chosen(*, option: str | None = None, env: str | None = None) -> bool:
    """Whether the user chose the language outright, so that campaigns keep it."""
    return language_of(option) is not None or language_of(env) is not None


class _Untranslated(_gettext.NullTranslations):
    """The last resort of a catalogue: gives a message as written, and remembers it, so that
    ``untranslated()`` can say which messages a run asked for in a language that has none."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def gettext(self, message: str) -> str:
        _missing.add((self.language, message))
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        _missing.add((self.language, msgid1))
        return msgid1 if n == 1 else msgid2


# (language, msgid) asked for and not found; a set's add is atomic, so threads may share it.
_missing: set[tuple[str, str]] = set()


def untranslated() -> frozenset[tuple[str, str]]:
    """The (language, message) pairs this process asked for that its catalogue lacks: a
    translation to write (``--verbose`` lists them; the tests require none)."""
    return frozenset(_missing)


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``language``; English, and a missing catalogue, give the
    messages as written."""
    if language == SOURCE:
        return _gettext.NullTranslations()
    found = _gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)
    found.add_fallback(_Untranslated(language))
    return found


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(_speech.get().language).gettext(message)


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things, by the current language's plural rule (French:
    0 and 1 take the singular, "0 élément", "1 élément", "8 éléments")."""
    return translations(_speech.get().language).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet: text made at import time
    (help strings), translated where it is shown."""
    return message


def number(n: int) -> str:
    """``n`` as the current language writes it: 1,234 in English, 1 234 in French."""
    from babel.numbers import format_decimal

    return format_decimal(n, locale=language())


def day_text(day: date) -> str:
    """A date in prose: "Monday, January 18, 2027"; "lundi 18 janvier 2027", "lundi 1er
    février 2027" (French writes the first of a month as an ordinal)."""
    from babel.dates import format_date

    lang = language()
    if lang == "fr":
        weekday = format_date(day, "EEEE", locale="fr")
        month = format_date(day, "MMMM y", locale="fr")
        return f"{weekday} {'1er' if day.day == 1 else day.day} {month}"
    return format_date(day, "EEEE, MMMM d, y", locale=lang)


def time_text(moment: time) -> str:
    """A time of day in prose: 09:30 in English (as the plans show it), "9 h 30" and "14 h"
    in French."""
    if language() == "fr":
        hour = f"{moment.hour}\u00a0h"
        return f"{hour}\u00a0{moment.minute:02d}" if moment.minute else hour
    return f"{moment.hour:02d}:{moment.minute:02d}"
