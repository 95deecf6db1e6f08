"""Loading rule files: the examples load, values are validated, errors say where."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from planner.errors import Pos, RuleError, UserError
from planner.rules import load_campaign
from planner.tomlsource import read_toml
from planner.workspace import Settings

from .conftest import RULES

SETTINGS = Settings(timezone="Europe/Paris", locale="fr", country="FR")


@pytest.mark.parametrize("path", sorted(RULES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_example_loads(path: Path) -> None:
    campaign = load_campaign(path, SETTINGS)
    assert campaign.steps
    assert campaign.key == path.stem


def test_valentines_fields() -> None:
    campaign = load_campaign(RULES / "valentines-rings.toml", SETTINGS)
    assert campaign.anchor == "valentines_day"
    assert campaign.stages == ("awareness", "consideration", "conversion")
    assert campaign.buying_cycle == timedelta(days=30)
    assert [s.stage for s in campaign.steps] == ["awareness", "consideration", "conversion"]
    assert campaign.steps[1].channels == ("instagram", "email")
    assert campaign.steps[2].offer == {"discount": "30 %", "free_delivery": True}
    assert campaign.steps[0].every is not None
    assert campaign.steps[0].line == 14


def test_settings_fill_in_defaults(write_rule: Callable[[str, str], Path]) -> None:
    path = write_rule(
        "x.toml",
        '[campaign]\nname = "X"\nanchor = "2027-05-01"\n'
        '[[step]]\nstage = "awareness"\nwhen = "avril"\nchannels = ["instagram"]\n'
        'content = "x"\n',
    )
    campaign = load_campaign(path, Settings(timezone="America/Montreal", locale="en"))
    assert campaign.timezone == "America/Montreal"
    assert campaign.locale == "en"
    assert campaign.stages[-1] == "advocacy"  # 5-stage by default


def test_toml_positions_of_keys_and_string_contents(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        '[campaign]\nname = "A"\n\n[[step]]\nstage = "awareness"\n'
        '[[step]]\n  when   =   "mi-janvier"\n',
        encoding="utf-8",
    )
    src = read_toml(path)
    assert src.pos("step", "stage", 0) == Pos(str(path), 5, 9)
    assert src.pos("step", "when", 1) == Pos(str(path), 7, 14)
    assert src.string_pos("step", "when", 1) == Pos(str(path), 7, 15)
    assert src.pos("step", "when", 1, value=False) == Pos(str(path), 7, 3)
    assert src.pos("step", "", 1) == Pos(str(path), 6, 1)


def test_unknown_step_key_points_at_it_with_a_suggestion(
    write_rule: Callable[[str, str], Path],
) -> None:
    path = write_rule(
        "x.toml",
        '[campaign]\nname = "X"\n[[step]]\nstage = "awareness"\nwhen = "avril"\n'
        'chanels = ["instagram"]\ncontent = "x"\n',
    )
    with pytest.raises(RuleError) as info:
        load_campaign(path, SETTINGS)
    assert info.value.pos == Pos(str(path), 6, 1)
    assert info.value.hint == "did you mean 'channels'?"


def test_phrase_error_points_inside_the_string(write_rule: Callable[[str, str], Path]) -> None:
    path = write_rule(
        "x.toml",
        '[campaign]\nname = "X"\n[[step]]\nstage = "awareness"\nwhen = "mi-janvir"\n'
        'channels = ["instagram"]\ncontent = "x"\n',
    )
    with pytest.raises(UserError) as info:
        load_campaign(path, SETTINGS)
    assert info.value.pos is not None
    assert info.value.pos.line == 5
    assert info.value.pos.col >= 9  # inside the quotes, at the offending token
    assert info.value.hint and "janvier" in info.value.hint
