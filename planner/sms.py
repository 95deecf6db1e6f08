"""How many SMS segments a text takes (3GPP TS 23.038).

A text written only in the GSM 7-bit alphabet fits 160 characters in one segment (153 per
segment when split), its extension characters counting twice; any other character (an emoji,
a "ê", a typographic dash) switches the whole message to UCS-2: 70 UTF-16 units, 67 when split.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True, slots=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets or UTF-16 code units
    count: int
    first_foreign: str = ""  # the first character that forced UCS-2

    @property
    def per_segment(self) -> int:
        single, split = (160, 153) if self.encoding == "GSM-7" else (70, 67)
        return single if self.count <= 1 else split


def segments(text: str) -> Segments:
    foreign = next((c for c in text if c not in GSM_BASIC and c not in GSM_EXTENSION), "")
    if not foreign:
        units = len(text) + sum(c in GSM_EXTENSION for c in text)
        count = 1 if units <= 160 else -(-units // 153)
        return Segments("GSM-7", units, count)
    units = len(text.encode("utf-16-le")) // 2
    count = 1 if units <= 70 else -(-units // 67)
    return Segments("UCS-2", units, count, foreign)
