"""The words of the page in English and French, channel tags, and dates written for people.

Dates go through pendulum (month and day names in the page's language), once per distinct
date and format: a calendar of many thousand items has only a few hundred days.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from .. import journey

LOCALES = ("en", "fr")
_FIRST = re.compile(r"\b1\b")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "calendar": "Calendar",
        "journeys": "Journey map",
        "months": "Months",
        "previous": "Previous month",
        "next": "Next month",
        "stages": "Journey stages",
        "channels": "Channels",
        "more": "+{n} more",
        "unlisted": "{n} more not listed",
        "nothing_month": "Nothing planned this month.",
        "nothing_plan": "Nothing planned.",
        "gap": "Nothing planned for {stage}",
        "not_in_model": "not in the campaign's journey",
        "anchor": "anchor",
        "cycle": "buying cycle",
        "cycle_before": "buying cycle: {span} before the anchor",
        "no_anchor": "no anchor (as soon as possible)",
        "all_day": "all day",
        "continued": "continued",
        "state_done": "done",
        "state_skipped": "skipped",
        "until": "until {time}",
        "ends": "→ {date}",
        "items": "{n} items",
        "item": "1 item",
        "campaigns": "{n} campaigns",
        "campaign": "1 campaign",
        "planned_from": "planned from {date}",
        "steps": "step {n}",
        "days": "{n} days",
        "from_to": "{first} – {last}",
    },
    "fr": {
        "calendar": "Calendrier",
        "journeys": "Parcours client",
        "months": "Mois",
        "previous": "Mois précédent",
        "next": "Mois suivant",
        "stages": "Étapes du parcours",
        "channels": "Canaux",
        "more": "+{n} autres",
        "unlisted": "{n} autres non listés",
        "nothing_month": "Rien de prévu ce mois-ci.",
        "nothing_plan": "Rien de prévu.",
        "gap": "Rien de prévu pour l'étape « {stage} »",
        "not_in_model": "hors du parcours de la campagne",
        "anchor": "ancre",
        "cycle": "cycle d'achat",
        "cycle_before": "cycle d'achat : {span} avant l'ancre",
        "no_anchor": "pas d'ancre (dès que possible)",
        "all_day": "toute la journée",
        "continued": "suite",
        "state_done": "fait",
        "state_skipped": "ignoré",
        "until": "jusqu'à {time}",
        "ends": "→ {date}",
        "items": "{n} éléments",
        "item": "1 élément",
        "campaigns": "{n} campagnes",
        "campaign": "1 campagne",
        "planned_from": "planifié à partir du {date}",
        "steps": "étape {n}",
        "days": "{n} jours",
        "from_to": "{first} – {last}",
    },
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
    """ "fr", "fr_FR" or "fr-CA" → "fr"; anything not French reads in English."""
    return "fr" if locale.lower().startswith("fr") else "en"


def text(locale: str, key: str, **values: object) -> str:
    return TEXT[language(locale)][key].format(**values)


def count(locale: str, n: int, one: str, many: str) -> str:
    return text(locale, one) if n == 1 else text(locale, many, n=f"{n:,}".replace(",", "\u202f"))


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

    lang = language(locale)
    written = pendulum.date(day.year, day.month, day.day).format(pattern, locale=lang)
    if lang == "fr" and day.day == 1 and "D" in pattern:
        written = _FIRST.sub("1er", written, count=1)
    return written


def month_title(day: date, locale: str) -> str:
    """ "January 2027" / "janvier 2027"."""
    return fmt(day.replace(day=1), "MMMM YYYY", locale)


def weekday_names(locale: str) -> list[str]:
    """Monday to Sunday, short: "Mon" / "lun."."""
    monday = date(2024, 1, 1)
    return [fmt(monday.replace(day=1 + n), "ddd", locale) for n in range(7)]


def long_day(day: date, locale: str) -> str:
    """ "Monday 4 January" / "lundi 4 janvier"."""
    if language(locale) == "fr":
        return fmt(day, "dddd D MMMM", locale)
    return fmt(day, "dddd, MMMM D", locale)


def day_month(day: date, locale: str) -> str:
    """ "Mar 9" / "9 mars"."""
    return fmt(day, "D MMM" if language(locale) == "fr" else "MMM D", locale)


def short_day(day: date, locale: str) -> str:
    """ "Jan 4, 2027" / "4 janv. 2027"."""
    if language(locale) == "fr":
        return fmt(day, "D MMM YYYY", locale)
    return fmt(day, "MMM D, YYYY", locale)
