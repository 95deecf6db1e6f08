"""Date phrases refused in the shop's language (#13): a French workspace says why in French,
at the same place, quoting the grammar's words in the phrase's own language; an English one
says what it always said. Every phrase a French hint suggests parses.

The workspaces are made as a shop owner makes them, with ``planner init``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from planner.phrases import parse_duration, parse_every, parse_when

Cli = Callable[..., Result]
NBSP = "\u00a0"
FREE = {"PLANNER_LANG": "", "PLANNER_DB": ""}  # the workspace decides the language
RULE = """[campaign]
name = "Saint-Valentin"
anchor = "valentines_day"
journey = "3-stage"
{campaign}
[[step]]
stage = "sensibilisation"
when = "{when}"
channels = ["instagram"]
content = "Bagues"
{step}"""
PARSERS = {"when": parse_when, "every": parse_every, "duration": parse_duration}


def _fr(text: str) -> str:
    """A French message as the tests write it: "« x » ?" with no-break spaces."""
    return re.sub(r" ([:;?!»])", NBSP + r"\1", text).replace("« ", "«" + NBSP)


# (key, phrase, line:col, French message, French hint). The phrase's own language decides the
# quoted grammar words ("« days »" for an English phrase), the workspace the sentence.
REFUSALS = [
    (
        "when",
        "mi-janvir",
        "8:12",
        "après « mi- », il faut un mois, pas « janvir »",
        "vouliez-vous dire « mi-janvier » ?",
    ),
    (
        "when",
        "le premeir lundi de mars",
        "8:12",
        "après « le », il faut « de », un jour de la semaine, un nombre ou un jour du mois, "
        "pas « premeir »",
        "vouliez-vous dire « le premier lundi de mars » ?",
    ),
    (
        "when",
        "dans les jours avnt Noël",
        "8:24",
        "après « dans les jours », il faut « avant » ou « après », pas « avnt »",
        "vouliez-vous dire « dans les jours avant Noël » ?",
    ),
    (
        "when",
        "31 février",
        "8:9",
        "il n’y a pas de jour 31 en février",
        "février compte 28 jours, 29 les années bissextiles : vouliez-vous dire « 28 février » ?",
    ),
    (
        "when",
        "début mars à",
        "8:21",
        "l’expression s’arrête trop tôt après « début mars à » : "
        "il manque la fin de l’intervalle ou un mois",
        "un intervalle demande sa fin, par exemple « début mars à fin mars »",
    ),
    (
        "when",
        "fin mars ou début mai",
        "8:21",
        "ce sont deux fenêtres qui ne se touchent pas : une étape a une seule fenêtre",
        "écrivez une seule fenêtre, de la première à la dernière, "
        "par exemple « de fin mars à début mai »",
    ),
    (
        "when",
        "la semaine 54",
        "8:20",
        "la semaine 54 n’existe pas : les semaines ISO vont de 1 à 52, ou 53 certaines années",
        "écrivez une semaine de 1 à 52, par exemple « semaine 12 »",
    ),
    (
        "when",
        "late febuary",
        "8:14",
        "après « late », il faut un mois, pas « febuary »",
        "vouliez-vous dire « late february » ?",
    ),
    (
        "when",
        "fifth monday of april",
        "8:9",
        "avril 2027 compte quatre lundis, pas cinq",
        "vouliez-vous dire « last monday of april » ?",
    ),
    (
        "when",
        "from May 1 to",
        "8:22",
        "l’expression s’arrête trop tôt après « May 1 to » : il manque la fin de l’intervalle",
        "un intervalle demande sa fin, par exemple « from May 1 to May 20 »",
    ),
    (
        "every",
        "every Funday",
        "11:16",
        "après « every », il faut un nombre, « days », « weeks » ou un jour de la semaine, "
        "pas « Funday »",
        "vouliez-vous dire « every Sunday » ?",
    ),
    (
        "every",
        "tous les 0 jours",
        "11:19",
        "l’intervalle d’une répétition est d’au moins 1 jour ou 1 semaine",
        "vouliez-vous dire « tous les jours » ?",
    ),
    (
        "duration",
        "48 hores",
        "11:16",
        "après « 48 », il faut une unité, pas « hores »",
        "vouliez-vous dire « 48 hours » ?",
    ),
    (
        "duration",
        "99999999 jours",
        "11:13",
        "cette durée dépasse dix ans",
        "une durée se compte en heures, jours ou semaines, "
        "par exemple « 30 jours » ou « 48 heures »",
    ),
]


def _init(cli: Cli, folder: Path, *options: str) -> Path:
    made = cli("init", str(folder), *options, env=FREE)
    assert made.exit_code == 0, made.output
    return folder


@pytest.fixture
def french(tmp_path: Path, cli: Cli) -> Path:
    return _init(cli, tmp_path / "boutique", "--locale", "fr", "--country", "FR")


@pytest.fixture
def english(tmp_path: Path, cli: Cli) -> Path:
    options = ("--locale", "en", "--country", "US", "--timezone", "America/New_York")
    return _init(cli, tmp_path / "shop", *options)


def _refused(cli: Cli, folder: Path, key: str, phrase: str) -> list[str]:
    """What `planner plan` says of a campaign whose step has ``key`` = ``phrase``."""
    when, step = (phrase, "") if key == "when" else ("début janvier", f'{key} = "{phrase}"\n')
    rule = RULE.format(campaign="", when=when, step=step)
    (folder / "rules" / "t.toml").write_text(rule, encoding="utf-8")
    result = cli("plan", "t", "--start", "2026-12-01", cwd=folder, env=FREE)
    assert result.exit_code == 2, result.output
    return result.stderr.splitlines()


def _suggested(hint: str) -> list[str]:
    return re.findall(f"«{NBSP}(.+?){NBSP}»", hint)


@pytest.mark.parametrize(
    ("key", "phrase", "where", "message", "hint"), REFUSALS, ids=[r[1] for r in REFUSALS]
)
def test_a_french_workspace_says_why_a_phrase_is_refused_in_french(
    french: Path, cli: Cli, key: str, phrase: str, where: str, message: str, hint: str
) -> None:
    said = _refused(cli, french, key, phrase)
    assert said[0] == f"rules/t.toml:{where}: erreur{NBSP}: {_fr(message)}"
    assert said[1] == f"  indice{NBSP}: {_fr(hint)}"
    suggestions = _suggested(said[1])
    assert suggestions
    for suggestion in suggestions:  # a hint shows only what parses
        PARSERS[key](suggestion)


@pytest.mark.parametrize(
    ("key", "phrase", "where", "message", "hint"), REFUSALS, ids=[r[1] for r in REFUSALS]
)
def test_an_english_workspace_says_it_as_it_always_did(
    english: Path, cli: Cli, key: str, phrase: str, where: str, message: str, hint: str
) -> None:
    """The same refusal in English, at the same place, mended the same way (the phrase books
    check the English words themselves)."""
    said = _refused(cli, english, key, phrase)
    assert said[0].startswith(f"rules/t.toml:{where}: error: "), said
    assert said[1].startswith("  hint: ") and NBSP not in "".join(said[:2])
    quoted = re.findall(r"""'(.+?)'(?=\?|$| or |,)|"(.+?)"(?=\?|$| or |,)""", said[1])
    assert [a or b for a, b in quoted][-1:] == _suggested(_fr(hint))[-1:]


def test_a_french_phrase_in_an_english_workspace_keeps_its_french_words(
    english: Path, cli: Cli
) -> None:
    said = _refused(cli, english, "when", "dans les jours avnt Noël")
    assert said == [
        "rules/t.toml:8:24: error: expected 'avant' or 'après' after 'dans les jours', got 'avnt'",
        "  hint: did you mean 'dans les jours avant Noël'?",
    ]


def test_a_named_event_no_country_knows_is_said_in_french(french: Path, cli: Cli) -> None:
    rule = RULE.format(campaign="", when="3 jours avant la fête des pères", step="")
    (french / "rules" / "t.toml").write_text(rule, encoding="utf-8")
    settings = french / "planner.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('"FR"', '"JP"'), "utf-8")
    said = cli("plan", "t", "--start", "2026-12-01", cwd=french, env=FREE).stderr.splitlines()
    assert said[0] == (
        f"rules/t.toml:8:26: erreur{NBSP}: événement inconnu «{NBSP}fathers_day{NBSP}» "
        "pour le pays JP"
    )
    assert said[1].startswith(f"  indice{NBSP}: fathers_day n’est défini que pour ")
    assert said[1].endswith(f"{NBSP}: ajoutez-le à calendars/JP.toml")


@pytest.mark.parametrize(
    ("option", "value", "message", "hint"),
    [
        (
            "--start",
            "2026-13-01",
            "« 2026-13-01 » n’est pas une date : le mois doit aller de 1 à 12",
            "écrivez AAAA-MM-JJ, par exemple 2026-12-01",
        ),
        (
            "--start",
            "9999-12-31",
            "l’année 9999 est hors limites",
            "Parcours planifie de 1900 à 2200 : écrivez une année comme 2027",
        ),
        (
            "--alarm",
            "0",
            "« 0 » peut vouloir dire aucun rappel ou un rappel au début",
            'écrivez --alarm aucun pour aucun rappel, ou --alarm "0 min" pour un rappel au début',
        ),
        (
            "--alarm",
            "99999999 jours",
            "cette durée dépasse dix ans",
            "une durée se compte en heures, jours ou semaines, "
            "par exemple « 30 jours » ou « 48 heures »",
        ),
    ],
)
def test_the_start_and_alarm_options_say_their_errors_in_french(
    french: Path, cli: Cli, option: str, value: str, message: str, hint: str
) -> None:
    (french / "rules" / "t.toml").write_text(
        RULE.format(campaign="", when="début janvier", step=""), encoding="utf-8"
    )
    start = () if option == "--start" else ("--start", "2026-12-01")
    result = cli("export", "t", *start, option, value, "-o", "t.ics", cwd=french, env=FREE)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"{option}: erreur{NBSP}: {_fr(message)}",
        f"  indice{NBSP}: {_fr(hint)}",
    ]


def test_a_calendar_file_and_its_events_say_their_errors_in_french(french: Path, cli: Cli) -> None:
    calendar = french / "calendars" / "FR.toml"
    rule = RULE.format(campaign="", when="3 jours avant la kermesse", step="")
    (french / "rules" / "t.toml").write_text(rule, encoding="utf-8")
    calendar.write_text(
        '[events.kermesse]\nnames = { fr = "Kermesse" }\nrule = "feb 30"\n', "utf-8"
    )
    said = cli("plan", "t", "--start", "2026-12-01", cwd=french, env=FREE).stderr.splitlines()
    assert said[0].endswith(
        f"FR.toml:3:13: erreur{NBSP}: règle invalide «{NBSP}feb 30{NBSP}»{NBSP}: "
        "ce mois n’a pas de jour 30"
    ), said
    assert said[1].startswith(f"  indice{NBSP}: une règle s’écrit par exemple "), said
    calendar.write_text(
        '[events.kermesse]\nnames = { fr = "Kermesse" }\nrule = "feb 3"\nuntil = 2020\n', "utf-8"
    )
    said = cli("plan", "t", "--start", "2026-12-01", cwd=french, env=FREE).stderr.splitlines()
    assert said == [
        f"rules/t.toml:8:26: erreur{NBSP}: Kermesse n’a pas de date autour du 14 février 2027",
        f"  indice{NBSP}: donnez-lui une date sous [events.kermesse.overrides] "
        "dans calendars/FR.toml",
    ]
