"""SMS segments: 160 GSM-7 / 70 UCS-2 characters, checked on the rendered brief."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from planner.sms import segments


@pytest.mark.parametrize(
    ("text", "encoding", "units", "count"),
    [
        ("", "GSM-7", 0, 1),
        ("x" * 160, "GSM-7", 160, 1),
        ("x" * 161, "GSM-7", 161, 2),
        ("x" * 306, "GSM-7", 306, 2),
        ("x" * 307, "GSM-7", 307, 3),
        (
            "Remise de 30 % sur les bagues, livraison offerte à Paris ! Répondez STOP",
            "GSM-7",
            72,
            1,
        ),
        ("Noël", "UCS-2", 4, 1),
        ("€" * 80, "GSM-7", 160, 1),  # extension characters count twice
        ("€" * 81, "GSM-7", 162, 2),
        ("Fête des mères", "UCS-2", 14, 1),  # ê is not in the GSM alphabet
        ("y" * 70 + "—", "UCS-2", 71, 2),
        ("é" * 70, "GSM-7", 70, 1),
        ("🎁" * 35, "UCS-2", 70, 1),  # an emoji is two UTF-16 units
        ("🎁" * 36, "UCS-2", 72, 2),
        ("ç" * 67 * 3, "UCS-2", 201, 3),
    ],
)
def test_segments(text: str, encoding: str, units: int, count: int) -> None:
    result = segments(text)
    assert (result.encoding, result.units, result.count) == (encoding, units, count)


def test_foreign_character_is_named() -> None:
    assert segments("Fête").first_foreign == "ê"


RULE = """[campaign]
name = "SMS"
anchor = "2027-06-30"
locale = "fr"
journey = ["conversion"]
[[step]]
stage = "conversion"
when = "2027-03-03"
channels = ["sms"]
content = "{content}"
"""


@pytest.mark.parametrize(
    ("content", "warned"),
    [
        ("Soldes : -30 % sur tout le magasin jusqu'à samedi", False),
        ("Soldes : -30 % sur tout le magasin jusqu'à samedi, fêtez ça avec nous", True),
        ("x" * 140, True),
    ],
)
def test_sms_brief_checked_in_the_plan(
    cli: Callable[..., Result], workspace: Path, content: str, warned: bool
) -> None:
    (workspace / "rules" / "s.toml").write_text(RULE.format(content=content), encoding="utf-8")
    result = cli("check", "--start", "2027-01-01", cwd=workspace)
    assert result.exit_code == 0, result.output
    assert ("SMS segments" in result.stderr) is warned
    if warned and "ê" in content:
        assert "'ê' is not in the GSM alphabet" in result.stderr
