"""The words of the page in English and French, channel tags, and dates written for people.

Dates go through pendulum (month and day names in the page's language), once per distinct
date and format: a calendar of many thousand items has only a few hundred days.
"""

from __future__ import annotations

import re
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
