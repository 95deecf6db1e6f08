"""The page's language and words, channel tags, and dates written for people.

Dates go through pendulum (month and day names in the page's language), once per distinct
date and format: a calendar of many thousand items has only a few hundred days.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

from .. import i18n, journey
from ..i18n import N_, _, ngettext

LOCALES = ("en", "fr")
_FIRST = re.compile(r"\b1\b")

# The page's words by name, for workspace templates that show them as ``view.text.<name>``
# (written before the built-in templates called ``_()`` themselves).
WORDS = {
    "calendar": N_("Calendar"),
    "journeys": N_("Journey map"),
    "months": N_("Months"),
    "previous": N_("Previous month"),
    "next": N_("Next month"),
    "stages": N_("Journey stages"),
    "channels": N_("Channels"),
    "nothing_month": N_("Nothing planned this month."),
    "nothing_plan": N_("Nothing planned."),
    "not_in_model": N_("not in the campaign's journey"),
    "anchor": N_("anchor"),
    "cycle": N_("buying cycle"),
    "no_anchor": N_("no anchor (as soon as possible)"),
    "all_day": N_("all day"),
    "continued": N_("continued"),
    "state_done": N_("done"),
    "state_skipped": N_("skipped"),
}

# Short marks for the built-in channels; another channel shows its name's first letters.
TAGS = {
    "instagram": "IG",
    "facebook": "FB",
    "email": "@",
    "newsletter": "NL",
    "sms": "SMS",
    "flyer": "FLY",
    "in_store": "SHOP",
    "google_business": "G",
    "linkedin": "in",
    "tiktok": "TT",
    "website": "WEB",
    "blog": "BLOG",
    "phone": "TEL",
}


def language(locale: str) -> str:
    """The language of a page, or of a campaign's part of it, from its ``locale``: "fr",
    "fr_FR" or "fr-CA" read in French, anything else in English; the language the user chose
    outright (--lang, PLANNER_LANG) whatever the locale."""
    speech = i18n.current()
    return speech.language if speech.chosen else _plain(locale)


def _plain(locale: str) -> str:
    return "fr" if locale.lower().startswith("fr") else "en"


@contextmanager
def speaking(locale: str) -> Iterator[None]:
    """The messages (``_()``) of the block in the language of ``locale`` (see ``language``)."""
    speech = i18n.current()
    with i18n.speaking(language(locale), chosen=speech.chosen):
        yield


def words() -> dict[str, str]:
    """WORDS in the current language."""
    return {key: _(text) for key, text in WORDS.items()}


def number(n: int) -> str:
    """A count as the page writes it, in either language: 1\u202f234."""
    return f"{n:,}".replace(",", "\u202f")


def items_label(n: int) -> str:
    """ "1 item", "32 items" in the current language."""
    return ngettext("{count} item", "{count} items", n).format(count=number(n))


def campaigns_label(n: int) -> str:
    return ngettext("{count} campaign", "{count} campaigns", n).format(count=number(n))


def from_to(first: str, last: str) -> str:
    """ "Jan 4, 2027 – Jan 9, 2027": two ends of a span."""
    return _("{first} – {last}").format(first=first, last=last)


def stage_label(stage: str, locale: str) -> str:
    return journey.label(stage, language(locale))


def channel_tag(channel: str) -> str:
    return TAGS.get(channel) or channel.replace("_", " ")[:4].upper()


# A campaign's short name on the calendar: its name up to a separator ("Saint-Valentin —
# bagues de fiançailles" → "Saint-Valentin") when that is short and tells it from the others.
CAMPAIGN_TAG_MAX = 20
_SEPARATOR = re.compile(r"\s+[—–|:-]\s+|\s*[(:]")


def campaign_tags(names: Mapping[str, str]) -> dict[str, str]:
    """A short name per campaign key of ``names`` (key → full name), each different from the
    others: the name's head before a separator, else its first words, as many as fit in
    CAMPAIGN_TAG_MAX characters and at least enough to tell it apart (a long one keeps the
    word that does: "Campagne quotidie… 5"); a number is added where names are the same."""
    full = {key: name.strip() or key for key, name in names.items()}
    heads = {key: _SEPARATOR.split(name, maxsplit=1)[0].strip() for key, name in full.items()}
    taken = Counter(h.casefold() for h in heads.values())
    needed = _words_needed(full)
    tags: dict[str, str] = {}
    for key, name in full.items():
        head = heads[key]
        if head and len(head) <= CAMPAIGN_TAG_MAX and taken[head.casefold()] == 1:
            tags[key] = head
        else:
            tags[key] = _first_words(name.split(), needed[key])
    seen: Counter[str] = Counter()
    counts = Counter(t.casefold() for t in tags.values())
    for key, tag in tags.items():
        if counts[tag.casefold()] > 1:
            seen[tag.casefold()] += 1
            tags[key] = f"{tag} {seen[tag.casefold()]}"
    return tags


def _words_needed(full: Mapping[str, str]) -> dict[str, int]:
    """How many first words tell each name apart from the others (all of them, for a name
    the others share). Counted per number of words, not name against name: a workspace may
    hold a thousand campaigns."""
    split = {key: tuple(name.casefold().split()) for key, name in full.items()}
    needed: dict[str, int] = {}
    pending = set(split)
    k = 1
    while pending:
        counts = Counter(words[:k] for words in split.values())
        for key in [key for key in pending if counts[split[key][:k]] == 1 or k >= len(split[key])]:
            needed[key] = min(k, len(split[key]))
            pending.discard(key)
        k += 1
    return needed


def _first_words(words: list[str], needed: int) -> str:
    fit = max(k for k in range(len(words) + 1) if len(" ".join(words[:k])) <= CAMPAIGN_TAG_MAX)
    shown = " ".join(words[: max(needed, fit)])
    if len(shown) <= CAMPAIGN_TAG_MAX:
        return shown
    telling = words[needed - 1] if needed > 1 else ""
    if telling and len(telling) <= CAMPAIGN_TAG_MAX // 2:
        room = CAMPAIGN_TAG_MAX - len(telling) - 2
        return " ".join(words[: needed - 1])[:room].rstrip() + "… " + telling
    return shown[: CAMPAIGN_TAG_MAX - 1] + "…"


@lru_cache(maxsize=4096)
def fmt(day: date, pattern: str, locale: str) -> str:
    """``day`` in pendulum's ``pattern`` ("MMMM YYYY", "ddd", "D MMM"), "1er" for a French
    first of the month."""
    import pendulum

    lang = _plain(locale)  # cached: the caller has chosen the language already
    written = pendulum.date(day.year, day.month, day.day).format(pattern, locale=lang)
    if lang == "fr" and day.day == 1 and "D" in pattern:
        written = _FIRST.sub("1er", written, count=1)
    return written


def month_title(day: date, locale: str) -> str:
    """ "January 2027" / "janvier 2027"."""
    return fmt(day.replace(day=1), "MMMM YYYY", language(locale))


def weekday_names(locale: str) -> list[str]:
    """Monday to Sunday, short: "Mon" / "lun."."""
    monday, lang = date(2024, 1, 1), language(locale)
    return [fmt(monday.replace(day=1 + n), "ddd", lang) for n in range(7)]


def long_day(day: date, locale: str) -> str:
    """ "Monday 4 January" / "lundi 4 janvier"."""
    lang = language(locale)
    return fmt(day, "dddd D MMMM" if lang == "fr" else "dddd, MMMM D", lang)


def day_month(day: date, locale: str) -> str:
    """ "Mar 9" / "9 mars"."""
    lang = language(locale)
    return fmt(day, "D MMM" if lang == "fr" else "MMM D", lang)


def short_day(day: date, locale: str) -> str:
    """ "Jan 4, 2027" / "4 janv. 2027"."""
    lang = language(locale)
    return fmt(day, "D MMM YYYY" if lang == "fr" else "MMM D, YYYY", lang)
