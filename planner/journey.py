"""The customer journey: five canonical stages, the words users write for them, and models."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .errors import quoted
from .i18n import _, language

STAGES: tuple[str, ...] = ("awareness", "consideration", "conversion", "retention", "advocacy")

# Every spelling a user may write, folded (lower case, no accents); see DESIGN.md "The journey".
_ALIASES: dict[str, tuple[str, ...]] = {
    "awareness": (
        "awareness",
        "notoriete",
        "sensibilisation",
        "prise de conscience",
        "decouverte",
        "attention",
        # What shop owners call it in their notes: the verb, or the job to do.
        "faire connaitre",
        "se faire connaitre",
        "attirer",
        "attirer l'attention",
        "visibilite",
        "attract",
        "attraction",
        "get the word out",
        "spread the word",
        "discovery",
        "reach",
        "visibility",
    ),
    "consideration": (
        "consideration",
        "evaluation",
        "considerer",
        "reflexion",
        "interet",
        "convaincre",
        "seduire",
        "comparaison",
        "desir",
        "interest",
        "convince",
        "desire",
        "research",
        "evaluate",
        "nurture",
    ),
    "conversion": (
        "conversion",
        "achat",
        "purchase",
        "decision",
        "convertir",
        "vendre",
        "vente",
        "acheter",
        "commande",
        "commander",
        "reservation",
        "reserver",
        "transformer",
        "conclure",
        "conclure la vente",
        "signer",
        "passage a l'acte",
        "convert",
        "sell",
        "buy",
        "order",
        "book",
        "booking",
        "close the sale",
        "closing",
        "action",
    ),
    "retention": (
        "retention",
        "fidelisation",
        "fideliser",
        "faire revenir",
        "garder le contact",
        "rester en contact",
        "apres l'achat",
        "apres la vente",
        "post-achat",
        "apres le sejour",
        "apres la visite",
        "retain",
        "keep them coming back",
        "bring them back",
        "keep in touch",
        "stay in touch",
        "after the sale",
        "post-purchase",
        "after the stay",
        "after the visit",
        "repeat business",
    ),
    # Loyalty names the fifth stage in some journeys ("… retention, loyalty"), the fourth in
    # others: notes without a retention stage read it as retention (controllers/importing).
    "advocacy": (
        "advocacy",
        "fidelite",
        "loyalty",
        "plaidoyer",
        "recommandation",
        "recommander",
        "faire recommander",
        "faire parler de nous",
        "avis clients",
        "demander des avis",
        "parrainage",
        "bouche-a-oreille",
        "bouche a oreille",
        "ambassadeurs",
        "referral",
        "referrals",
        "reviews",
        "ask for reviews",
        "word of mouth",
        "ambassadors",
    ),
}

MODELS: dict[str, tuple[str, ...]] = {
    "3-stage": ("awareness", "consideration", "conversion"),
    "4-stage": ("awareness", "consideration", "conversion", "retention"),
    "5-stage": STAGES,
}

# French labels for display in a French campaign.
LABELS_FR: dict[str, str] = {
    "awareness": "sensibilisation",
    "consideration": "considération",
    "conversion": "conversion",
    "retention": "fidélisation",
    "advocacy": "recommandation",
}


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes and dashes unified, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return " ".join(bare.lower().split())


_BY_WORD: dict[str, str] = {alias: stage for stage, names in _ALIASES.items() for alias in names}


def stage_for(word: str) -> str | None:
    """The canonical stage a user's word means, or None."""
    return _BY_WORD.get(fold(word))


def all_stage_words() -> list[str]:
    """Every accepted spelling (folded), for suggestions."""
    return sorted(_BY_WORD)


def label(stage: str, locale: str) -> str:
    """The stage's name for display in ``locale`` ("en" or "fr")."""
    return LABELS_FR.get(stage, stage) if locale == "fr" else stage


def step_text(index: int, stage: str) -> str:
    """A step as messages name it: "step 2 (consideration)", "étape 2 (considération)"."""
    return _("step {step} ({stage})").format(step=index, stage=label(stage, language()))


def model(spec: str | Sequence[str]) -> tuple[str, ...]:
    """The ordered stages of a journey model: a model name or a custom list of stage words.

    Raises ValueError with a short reason; rules.py turns it into a positioned RuleError.
    """
    if isinstance(spec, str):
        key = fold(spec)
        if key in MODELS:
            return MODELS[key]
        raise ValueError(_("unknown journey model {model}").format(model=quoted(spec)))
    stages: list[str] = []
    for word in spec:
        stage = stage_for(word)
        if stage is None:
            raise ValueError(
                _("unknown stage {stage} in the journey list").format(stage=quoted(word))
            )
        if stage in stages:
            raise ValueError(
                _("stage {stage} appears twice in the journey list").format(stage=quoted(word))
            )
        stages.append(stage)
    if not stages:
        raise ValueError(_("the journey list is empty"))
    return tuple(stages)
