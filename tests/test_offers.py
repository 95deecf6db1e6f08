"""An offer as a person writes it (planner.offers): a row per kind of value, both languages."""

from __future__ import annotations

from datetime import date

import pytest

from planner.offers import offer_lines
from planner.render import compile_template

ROWS = [
    ({"discount": "30 %"}, "fr", ["remise\u00a0: 30 %"]),
    ({"discount": "30 %"}, "en", ["discount: 30 %"]),
    ({"free_delivery": True}, "fr", ["livraison gratuite"]),
    ({"free_delivery": True}, "en", ["free delivery"]),
    ({"free_delivery": False}, "fr", []),  # what an offer lacks is not written
    ({"codes": ["A", "B"]}, "fr", ["codes\u00a0: A, B"]),
    ({"codes": ["A", "B"]}, "en", ["codes: A, B"]),
    ({"until": date(2027, 2, 14)}, "fr", ["jusqu’au\u00a0: 14 février 2027"]),
    ({"until": date(2027, 3, 1)}, "fr", ["jusqu’au\u00a0: 1er mars 2027"]),
    ({"until": date(2027, 2, 14)}, "en", ["until: 14 February 2027"]),
    ({"min_order": 49.9}, "fr", ["commande minimum\u00a0: 49,9"]),
    ({"min_order": 49.9}, "en", ["minimum order: 49.9"]),
    ({"Free_Delivery": True}, "fr", ["livraison gratuite"]),  # keys in any case
    ({"gift_card_value": 20}, "fr", ["gift card value\u00a0: 20"]),  # unknown: as written
    ({"note": ""}, "en", []),
    ({}, "fr", []),
]


@pytest.mark.parametrize(("offer", "locale", "lines"), ROWS)
def test_offer_lines(offer: dict[str, object], locale: str, lines: list[str]) -> None:
    assert offer_lines(offer, locale) == lines


def test_the_built_in_email_template_lists_the_offer() -> None:
    source = (
        "{{ content }}\n{% for line in offer | offer_lines(campaign.locale) %}- {{ line }}\n"
        "{% endfor %}"
    )
    template = compile_template(source, None)
    text = template.render(
        {
            "content": "Nos bagues",
            "offer": {"discount": "30 %", "free_delivery": True},
            "campaign": {"locale": "fr"},
        }
    )
    assert text.splitlines() == ["Nos bagues", "- remise\u00a0: 30 %", "- livraison gratuite"]
