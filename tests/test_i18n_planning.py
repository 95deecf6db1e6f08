"""Planning speaks the shop's language: `plan` and `check` in a French workspace give their
warnings, findings, table and Markdown in French, with French stage and channel names, and
`--lang en` gives the English of before, stage words included (#13)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Cli = Callable[..., Result]
NBSP = "\u00a0"
FREE = {"PLANNER_LANG": ""}  # no language chosen: the workspace's and campaigns' hold
START = ("--start", "2026-12-01")
# Conversion before awareness, no consideration, awareness late for the buying cycle, and
# an e-mail on a Sunday (e-mail goes out Tuesday to Thursday): every finding of `check`.
RULE = """[campaign]
name = "Saint-Valentin"
anchor = "valentines_day"
buying_cycle = "30 jours"
journey = "3-stage"

[[step]]
stage = "conversion"
when = "mi-janvier"
channels = ["instagram", "in_store"]
content = "Offre"

[[step]]
stage = "sensibilisation"
when = "2027-01-31"
channels = ["email"]
content = "Nouveautés"
"""


@pytest.fixture
def french(tmp_path: Path, cli: Cli) -> Path:
    """A French workspace made by `planner init`, with the rule file above."""
    made = cli("init", "boutique", "--locale", "fr", "--country", "FR", cwd=tmp_path, env=FREE)
    assert made.exit_code == 0, made.output
    folder = tmp_path / "boutique"
    (folder / "rules" / "valentin.toml").write_text(RULE, encoding="utf-8")
    return folder


def test_check_says_its_findings_in_french_with_french_stage_words(french: Path, cli: Cli) -> None:
    result = cli("check", *START, cwd=french, env=FREE)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"1 campagne vérifiée{NBSP}: 0 erreur, 4 avertissements\n"
    said = result.stderr
    assert (
        f"rules/valentin.toml:15:9: avertissement{NBSP}: étape 2 (sensibilisation) sur E-mail "
        f"déplacée du dimanche 2027-01-31 au mardi 2027-02-02{NBSP}: E-mail n’est pas utilisé "
        "le dimanche\n"
    ) in said
    assert f"aucun point de contact pour l’étape «{NBSP}considération{NBSP}»" in said
    assert f'  indice{NBSP}: ajoutez un [[step]] avec stage = "considération"' in said
    assert (
        f"«{NBSP}conversion{NBSP}» commence le 2027-01-11, avant «{NBSP}sensibilisation{NBSP}» "
        f"(2027-02-02){NBSP}: les étapes ne suivent pas l’ordre du parcours"
    ) in said
    assert f"le cycle d’achat est de 30 jours\n  indice{NBSP}: commencez" in said
    # No English word between the French ones: the stages are the message's.
    for english in ("awareness", "consideration", "warning", "hint", "moved", "stage"):
        assert english not in said.replace('stage = "', ""), english


def test_lang_en_gives_the_english_of_before(french: Path, cli: Cli) -> None:
    result = cli("--lang", "en", "check", *START, cwd=french, env=FREE)
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 campaign(s) checked: 0 error(s), 4 warning(s)\n"
    assert result.stderr == (
        "rules/valentin.toml:15:9: warning: step 2 (awareness) on E-mail moved from Sunday "
        "2027-01-31 to Tuesday 2027-02-02: E-mail is not used on Sundays\n"
        "  hint: to choose the day yourself, write in `when` a day E-mail is used, such as "
        '"2027-02-02"\n'
        "rules/valentin.toml: warning: no touchpoint for the consideration stage\n"
        '  hint: add a [[step]] with stage = "considération"\n'
        "rules/valentin.toml: warning: conversion starts 2027-01-11, before awareness "
        "(2027-02-02): stages are out of journey order\n"
        "  hint: customers meet awareness before conversion; move one of them\n"
        "rules/valentin.toml:4:17: warning: awareness starts 2027-02-02, 12 days before the "
        "anchor (2027-02-14); the buying cycle is 30 days\n"
        "  hint: start awareness by 2027-01-15\n"
    )


def test_plan_prints_a_french_table_and_markdown(french: Path, cli: Cli) -> None:
    table = cli("plan", *START, cwd=french, env=FREE)
    assert table.exit_code == 0, table.output
    assert table.stdout == (
        "Saint-Valentin\n"
        "==============\n"
        "lundi 11 janvier 2027\n"
        "  toute la journée  conversion       En boutique  En boutique — Offre\n"
        "  11:00             conversion       Instagram    Instagram — Offre\n"
        "lundi 1er février 2027\n"
        "  09:30             sensibilisation  E-mail       Préparer : E-mail — Nouveautés\n"
        "mardi 2 février 2027\n"
        "  09:30             sensibilisation  E-mail       E-mail — Nouveautés\n"
    )
    assert table.stderr.startswith(f"rules/valentin.toml:15:9: avertissement{NBSP}: étape 2 ")
    markdown = cli("plan", *START, "--format", "markdown", cwd=french, env=FREE).stdout
    lines = markdown.splitlines()
    assert lines[0] == "| date | heure | campagne | étape | canal | type | titre |"
    assert lines[2] == (
        "| 2027-01-11 | toute la journée | Saint-Valentin | conversion | En boutique "
        "| publication | En boutique — Offre |"
    )
    assert "| sensibilisation | E-mail | préparation |" in lines[4]


def test_plan_in_english_when_chosen(french: Path, cli: Cli) -> None:
    table = cli("--lang", "en", "plan", *START, cwd=french, env=FREE).stdout
    assert table.splitlines()[2:4] == [
        "Monday, January 11, 2027",
        "  all day  conversion  in_store   En boutique — Offre",
    ]
    markdown = cli("plan", *START, "--format", "markdown", cwd=french, env={"PLANNER_LANG": "en"})
    lines = markdown.stdout.splitlines()
    assert lines[0] == "| date | time | campaign | stage | channel | kind | title |"
    assert lines[2] == (
        "| 2027-01-11 | all day | Saint-Valentin | conversion | in_store | publish "
        "| En boutique — Offre |"
    )


def test_an_english_campaign_in_a_french_workspace_speaks_english(french: Path, cli: Cli) -> None:
    """The campaign's own locale holds for what concerns it (its warnings keep the language
    they were made in, frame included); the rest is the workspace's."""
    (french / "rules" / "valentin.toml").write_text(
        RULE.replace('journey = "3-stage"', 'journey = "3-stage"\nlocale = "en"'), "utf-8"
    )
    result = cli("check", *START, cwd=french, env=FREE)
    assert result.stdout == f"1 campagne vérifiée{NBSP}: 0 erreur, 4 avertissements\n"
    assert "rules/valentin.toml: warning: no touchpoint for the consideration stage" in (
        result.stderr
    )
    table = cli("plan", *START, cwd=french, env=FREE).stdout
    assert "Monday, January 11, 2027\n  all day  conversion  in_store " in table


def test_verbose_lines_in_french(french: Path, cli: Cli) -> None:
    result = cli("-v", "plan", *START, cwd=french, env=FREE)
    said = result.stderr
    assert f"règles{NBSP}: rules/valentin.toml\n" in said
    assert "planification à partir du 2026-12-01 (--start)\n" in said
    assert "4 éléments planifiés" in said


def test_a_template_error_in_french(french: Path, cli: Cli) -> None:
    (french / "rules" / "valentin.toml").write_text(
        RULE.replace('content = "Offre"', 'content = "{{ offer.remise }}"'), "utf-8"
    )
    result = cli("plan", *START, cwd=french, env=FREE)
    assert result.exit_code == 2
    first, hint = result.stderr.splitlines()[:2]
    assert first == (
        f"rules/valentin.toml:11:12: erreur{NBSP}: dans le modèle{NBSP}: «{NBSP}offer{NBSP}» "
        f"n’a pas de valeur «{NBSP}remise{NBSP}»"
    )
    assert (
        hint == f"  indice{NBSP}: offer est vide{NBSP}; donnez à l’étape une table offer = {{ … }}"
    )
