"""An offer as a person writes it: "livraison gratuite", "codes : A, B", not ``free_delivery:
True`` or ``codes: ['A', 'B']``.

A step's ``offer`` is a free table of values for its templates; the built-in e-mail template
lists it with the ``offer_lines`` filter. The usual keys have their words in each language
(a new key is a row of ``WORDS``); any other key is shown as written, its ``_`` as spaces.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from .phrases.words import MONTH_NAMES_EN, MONTH_NAMES_FR

# key -> (English, French). Typographic apostrophes, as French is printed.
WORDS: dict[str, tuple[str, str]] = {
    "discount": ("discount", "remise"),
    "free_delivery": ("free delivery", "livraison gratuite"),
    "free_shipping": ("free shipping", "livraison gratuite"),
    "free_gift": ("free gift", "cadeau offert"),
    "gift": ("gift", "cadeau"),
    "gift_wrap": ("gift wrapping", "emballage cadeau"),
    "code": ("code", "code"),
    "codes": ("codes", "codes"),
    "price": ("price", "prix"),
    "min_order": ("minimum order", "commande minimum"),
    "minimum": ("minimum order", "commande minimum"),
    "from": ("from", "à partir du"),
    "until": ("until", "jusqu’au"),
    "valid_until": ("valid until", "valable jusqu’au"),
    "stock": ("while stocks last", "dans la limite des stocks"),
}


def _word(key: str, locale: str) -> str:
    words = WORDS.get(key.strip().lower())
    if words is None:
        return key.replace("_", " ")
    return words[1] if locale == "fr" else words[0]


def _value(value: object, locale: str) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if locale == "fr":
            day = "1er" if value.day == 1 else str(value.day)
            return f"{day} {MONTH_NAMES_FR[value.month - 1]} {value.year}"
        return f"{value.day} {MONTH_NAMES_EN[value.month - 1]} {value.year}"
    if isinstance(value, float) and locale == "fr":
        return f"{value:g}".replace(".", ",")
    if isinstance(value, list | tuple):
        return ", ".join(_value(v, locale) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(offer_lines(value, locale))
    return str(value)


def offer_lines(offer: object, locale: str = "en") -> list[str]:
    """The offer's lines: a true flag by its name alone, a false one left out (a person does
    not write what an offer lacks), a list joined with commas, a date in words. French
    puts a non-breaking space before the colon."""
    if not isinstance(offer, Mapping):
        return [] if offer is None else [_value(offer, locale)]
    colon = "\u00a0: " if locale == "fr" else ": "
    lines: list[str] = []
    for key, value in offer.items():
        if value is True:
            lines.append(_word(str(key), locale))
        elif value is not False and value is not None and value != "" and value != []:
            lines.append(f"{_word(str(key), locale)}{colon}{_value(value, locale)}")
    return lines
