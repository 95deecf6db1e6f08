"""The labelled lines of journey notes that name a value outright, read and written: a
stage's channels ("Canaux : Instagram, E-mail") and offer ("Offre : remise : 15 % ; livraison
gratuite"), the campaign's occasion, buying cycle and journey ("Occasion : fête des mères",
"Buying cycle: 3 weeks", "Parcours : 5 étapes"). Each is written here as it is read, so that
`planner export-notes` gives notes that `planner import` reads back to the same values; what
a value cannot say is said by the writer, not dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..journey import MODELS, label, stage_for
from ..offers import WORDS
from .layout import Text, fold, words

if TYPE_CHECKING:
    from ..channels import ChannelSet
    from ..events import Catalog

CAMPAIGN_LABELS = ("anchor", "cycle", "journey")
# The label each language writes (words.toml lists all that are read), and the words the
# notes say in the campaign's language, whatever the language of the messages.
WRITTEN = {
    "fr": {
        "when": "Quand\u00a0?",
        "how": "Comment\u00a0?",
        "channels": "Canaux\u00a0:",
        "offer": "Offre\u00a0:",
        "anchor": "Occasion\u00a0:",
        "cycle": "Cycle d’achat\u00a0:",
        "journey": "Parcours\u00a0:",
        "asap": "dès que possible",
        "no cycle": "aucun",
        "header": "Notes de {rules}, écrites par planner export-notes\u00a0: les lignes {comment} "
        "ne sont pas lues.",
    },
    "en": {
        "when": "When?",
        "how": "How?",
        "channels": "Channels:",
        "offer": "Offer:",
        "anchor": "Occasion:",
        "cycle": "Buying cycle:",
        "journey": "Journey:",
        "asap": "as soon as possible",
        "no cycle": "none",
        "header": "Notes of {rules}, written by planner export-notes: {comment} lines are not "
        "read.",
    },
}
_NONE = {"fr": "aucune", "en": "none"}
_STAGES = {"fr": "étapes", "en": "stages"}


def _pattern(kind: str) -> re.Pattern[str]:
    names = sorted(words()["labels"][kind], key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"({alternatives})\s*(?:\?\s*:?|:)\s*")


def campaign_labels(prose: Sequence[Text]) -> dict[str, Text]:
    """The campaign's labelled lines among the prose: the first one of each kind, as its
    value and where the value starts."""
    found: dict[str, Text] = {}
    for text in prose:
        folded = fold(text.text)
        for kind in CAMPAIGN_LABELS:
            if kind in found:
                continue
            m = _pattern(kind).match(folded)
            if m:
                found[kind] = Text(text.text[m.end() :].strip(), text.pos.shifted(m.end()))
                break
    return found


def says_none(value: str) -> bool:
    """Whether a labelled value says there is none ("aucune", "none")."""
    return fold(value).strip(" .") in words()["labels"]["none"]


def journey_named(value: str) -> str | list[str] | None:
    """The journey a "Parcours" line names: a model ("5 étapes", "4 stages", "3-stage") or
    its stages in order; None when it names neither."""
    folded = fold(value).strip(" .")
    m = re.fullmatch(r"(\d)\s*[- ]?\s*(?:etapes?|stages?|steps?)", folded)
    if m and f"{m.group(1)}-stage" in MODELS:
        return f"{m.group(1)}-stage"
    stages = [w.strip() for w in re.split(r",|;|\s[-\u2013\u2014>]+\s|\u2192", value)]
    if stages and all(stage_for(w) for w in stages):
        return stages
    return None


def journey_text(journey: str | Sequence[str], lang: str) -> str:
    """A journey as a "Parcours" line says it."""
    if isinstance(journey, str):
        return f"{journey.split('-')[0]} {_STAGES[lang]}"
    return ", ".join(label(stage_for(w) or w, lang) for w in journey)


def channels_named(text: str, names: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """The channels a "Canaux" line names, by a channel's key or one of its names (``names``:
    key → names), each with the name used, in the line's order."""
    by_name = {fold(n).strip(): key for key, ns in names.items() for n in (key, *ns)}
    found: dict[str, str] = {}
    for part in re.split(r",|;|\s(?:et|and|\+|&)\s", text):
        name = part.strip().strip(".")
        key = by_name.get(fold(name)) or by_name.get(fold(name).replace("_", " "))
        if name and key is not None:
            found.setdefault(key, name)
    return list(found.items())


def _offer_word(key: str, lang: str) -> str:
    """A key of an offer as a person writes it, back to the same key when read."""
    pair = WORDS.get(key)
    word = (pair[1] if lang == "fr" else pair[0]) if pair else key.replace("_", " ")
    if _offer_key(word) != key:
        word = pair[0] if pair and _offer_key(pair[0]) == key else key.replace("_", " ")
    return word


def _offer_key(word: str) -> str:
    folded = fold(word).strip()
    for key, pair in WORDS.items():
        if folded in (fold(pair[0]), fold(pair[1])):
            return key
    return folded.replace(" ", "_")


def offer_text(offer: Mapping[str, object], lang: str) -> tuple[str, list[str]]:
    """An offer as an "Offre" line says it ("remise : 15 % ; livraison gratuite"), and the
    keys whose values it cannot say as they are (not a text or true, or holding a ";")."""
    colon = "\u00a0: " if lang == "fr" else ": "
    parts: list[str] = []
    lost: list[str] = []
    for key, value in offer.items():
        word = _offer_word(str(key), lang)
        if value is True:
            parts.append(word)
        elif isinstance(value, str) and value.strip() and ";" not in value and "\n" not in value:
            parts.append(f"{word}{colon}{value.strip()}")
            if value != value.strip():
                lost.append(str(key))
        else:
            lost.append(str(key))
    return (" ; ".join(parts) if parts else _NONE[lang]), lost


def offer_read(text: str) -> dict[str, object]:
    """The offer an "Offre" line states: each part a key and its value, a key alone true."""
    if says_none(text):
        return {}
    offer: dict[str, object] = {}
    for part in text.split(";"):
        word, colon, value = part.partition(":")
        if not word.strip():
            continue
        offer[_offer_key(word)] = value.strip() if colon else True
    return offer


def none_text(lang: str) -> str:
    return _NONE[lang]


def anchor_named(value: str, events: Catalog, country: str | None) -> str | None:
    """The anchor an "Occasion" line names: an event's key, a date, or "asap"; None when it
    names none of them."""
    from ..rules import ASAP_WORDS

    text = value.strip().rstrip(".")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if " ".join(fold(text).split()) in ASAP_WORDS:
        return "asap"
    return events.key_for(text, country)


def cycle_named(texts: Sequence[Text]) -> tuple[str, Text] | None:
    """The buying cycle a "Cycle d'achat" line gives, as written, and where."""
    from ..errors import UserError
    from ..phrases import parse_duration

    for text in texts:
        written = text.text.strip().rstrip(".")
        try:
            parse_duration(written)
        except UserError:
            continue
        return written, text
    return None


def channel_names(channels: ChannelSet) -> dict[str, list[str]]:
    """Every channel of ``channels`` (built-in and the workspace's), by key: its names in
    each language, for a "Canaux" line."""
    from ..errors import UserError

    found: dict[str, list[str]] = {}
    for key in channels.names():
        try:
            channel = channels.get(key)
        except UserError:
            continue
        found[key] = [key.replace("_", " "), channel.name, *(n for _lang, n in channel.names)]
    return found
