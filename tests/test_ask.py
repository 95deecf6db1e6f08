"""`planner new NAME --ask`: the journey asked stage by stage, in the workspace's language.

Typed in a real terminal (tmux, tests/terminal.py): what an answer means shows while it is
typed, an answer that means nothing is refused at Enter and asked again, Ctrl-C writes
nothing. Piped in: the same questions, each answer said back or refused with its column
marked, and the rule file the same as `planner import` writes from the same words as notes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.terminal import Terminal

Cli = Callable[..., Result]
EPOCH = "1795046400"  # 2026-11-19: the shop plans its spring from here


def _env(**more: str) -> dict[str, str]:
    # The shop's own language (the suite pins English otherwise), a fixed today.
    return {"SOURCE_DATE_EPOCH": EPOCH, "PLANNER_LANG": "", "LANG": "C.UTF-8", **more}


def _planner(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **_env()}
    env.pop("PLANNER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def fr(text: str) -> str:
    """``text`` with French typography: a no-break space inside « » and before : ? !"""
    for plain, typeset in (
        ("« ", "«\u00a0"),
        (" »", "\u00a0»"),
        (" :", "\u00a0:"),
        (" ?", "\u00a0?"),
    ):
        text = text.replace(plain, typeset)
    return text


@pytest.fixture
def fr_shop(tmp_path: Path) -> Path:
    made = _planner("init", "shop", "--locale", "fr", "--country", "FR", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / "shop"


@pytest.fixture
def en_shop(tmp_path: Path) -> Path:
    made = _planner(
        "init",
        "shop",
        "--locale",
        "en",
        "--country",
        "US",
        "--timezone",
        "America/New_York",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    return tmp_path / "shop"


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def _open(terminals: list[Terminal], shop: Path, *args: str) -> Terminal:
    terminal = Terminal(["new", *args, "--ask"], shop, _env())
    terminals.append(terminal)
    return terminal


def _rules(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def _planned_inside(shop: Path, name: str, windows: list[tuple[str, str]]) -> None:
    """`planner check` accepts the file, and every item of step N falls in windows[N-1]."""
    checked = _planner("check", name, cwd=shop)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    plan = _planner("plan", name, "--format", "json", "--start", "2026-11-19", cwd=shop)
    assert plan.returncode == 0, plan.stderr
    items = [i for i in json.loads(plan.stdout) if i["kind"] == "publish"]
    assert {i["step"] for i in items} == set(range(1, len(windows) + 1))
    for item in items:
        first, last = windows[item["step"] - 1]
        assert first <= item["start"][:10] <= last, item


FR_EXPECTED = {
    "campaign": {
        "name": "Fête des mères",
        "anchor": "mothers_day",
        "buying_cycle": "3 semaines",
        "journey": "3-stage",
    },
    "step": [
        {
            "stage": "sensibilisation",
            "when": "début mai",
            "channels": ["instagram"],
            "content": "photos des compositions sur Instagram",
        },
        {
            "stage": "considération",
            "when": "à la mi-mai",
            "channels": ["newsletter"],
            "content": "témoignages de clientes et newsletter avec les prix",
        },
        {
            "stage": "conversion",
            "when": "la semaine avant la fête des mères",
            "channels": ["sms"],
            "content": "{{ offer.discount }} de remise et livraison offerte, par SMS",
            "offer": {"discount": "15 %", "free_delivery": True},
        },
    ],
}
FR_WINDOWS = [
    ("2027-05-01", "2027-05-10"),
    ("2027-05-11", "2027-05-20"),
    ("2027-05-23", "2027-05-29"),
]


def test_french_in_a_real_terminal_shows_each_window_as_it_is_typed(
    fr_shop: Path, terminals: list[Terminal]
) -> None:
    t = _open(terminals, fr_shop, "Fête des mères")
    t.wait_for(r"Pour quelle occasion \? \(un événement, un jour, ou rien\)")
    t.type("fête des mè")
    t.wait_for(r"✗ occasion inconnue")  # not yet a name: said before Enter
    t.type("res")
    t.wait_for(r"→ Fête des mères, dimanche 30 mai 2027")
    t.press("Enter")
    t.wait_for(r"Combien de temps vos clients mettent-ils à choisir \?")
    t.type("3 semaines")
    t.wait_for(r"→ 3 semaines : la sensibilisation devrait commencer au plus tard le 9 mai 2027")
    t.press("Enter")
    t.wait_for(r"1\. Sensibilisation\s+Quand \?")
    t.type("début mia")
    t.wait_for(r"✗ après « début », il faut un mois, pas « mia »")
    t.press("Enter")  # refused: the question stays, with the reason and the hint
    t.wait_for(r"écrivez par exemple")
    assert "Comment" not in t.screen()
    t.press("BSpace", "BSpace")
    t.type("ai")
    t.wait_for(r"→ du 1er au 10 mai 2027")  # the window, before Enter
    t.press("Enter")
    t.wait_for(r"Comment \?")
    t.type("photos des compositions sur Instagram")
    t.wait_for(r"→ canaux : Instagram")
    t.press("Enter")
    t.wait_for(r"2\. Considération\s+Quand")
    t.type("à la mi-mai")
    t.wait_for(r"→ du 11 au 20 mai 2027")
    t.press("Enter")
    t.wait_for(r"2\. Considération[\s\S]*Comment \?")
    t.type("témoignages de clientes et newsletter avec les prix")
    t.wait_for(r"→ canaux : Newsletter")
    t.press("Enter")
    t.wait_for(r"3\. Conversion\s+Quand")
    t.type("la semaine avant la fête des mères")
    t.wait_for(r"→ du 23 au 29 mai 2027")
    t.press("Enter")
    t.wait_for(r"3\. Conversion[\s\S]*Comment \?")
    t.type("15 % de remise et livraison offerte, par SMS")
    t.press("Enter")
    t.wait_for(r"4\. Fidélisation\s+Quand")
    t.press("Enter")
    t.wait_for(r"5\. Recommandation\s+Quand")
    t.press("Enter")
    shown = t.wait_for(r"créé : rules/fete-des-meres\.toml, campagne « Fête des mères »")
    assert "voyez son calendrier avec : planner plan fete-des-meres" in shown
    assert t.exit_code() == 0
    assert _rules(fr_shop / "rules" / "fete-des-meres.toml") == FR_EXPECTED
    _planned_inside(fr_shop, "fete-des-meres", FR_WINDOWS)


def test_english_in_a_real_terminal(en_shop: Path, terminals: list[Terminal]) -> None:
    t = _open(terminals, en_shop, "Mother's Day")
    t.wait_for(r"For which occasion\? \(a named event, a day, or nothing\)")
    t.type("Mother's Day")
    t.wait_for(r"→ Mother's Day, Sunday, May 9, 2027")
    t.press("Enter")
    t.wait_for(r"How long do your customers take to choose\?")
    t.press("Enter")
    t.wait_for(r"→ none")
    t.wait_for(r"1\. Awareness\s+When\?")
    t.type("early May")
    t.wait_for(r"→ from May 1 to May 10, 2027")
    t.press("Enter")
    t.wait_for(r"How\?")
    t.type("photos of our bouquets on Instagram and Facebook")
    t.wait_for(r"→ channels: Instagram, Facebook")
    t.press("Enter")
    t.wait_for(r"2\. Consideration\s+When\?")
    t.type("3 to 5 days later")
    t.wait_for(r"→ from May \d+ to May \d+, 2027")
    t.press("Enter")
    t.wait_for(r"2\. Consideration[\s\S]*How\?")
    t.type("customer reviews in our newsletter")
    t.press("Enter")
    t.wait_for(r"3\. Conversion\s+When\?")
    t.type("the week before Mother's Day")
    t.wait_for(r"→ from May 2 to May 8, 2027")
    t.press("Enter")
    t.wait_for(r"3\. Conversion[\s\S]*How\?")
    t.type("20% off with code MOM20, by SMS")
    t.press("Enter")
    for stage in ("Retention", "Advocacy"):
        t.wait_for(rf"\d\. {stage}\s+When\?")
        t.press("Enter")
    t.wait_for(r'created rules/mothers-day\.toml: campaign "Mother\'s Day"')
    assert t.exit_code() == 0
    rules = _rules(en_shop / "rules" / "mothers-day.toml")
    assert rules["campaign"] == {
        "name": "Mother's Day",
        "anchor": "mothers_day",
        "journey": "3-stage",
    }
    assert [s["when"] for s in rules["step"]] == [
        "early May",
        "3 to 5 days later",
        "the week before Mother's Day",
    ]
    assert [s["channels"] for s in rules["step"]] == [
        ["instagram", "facebook"],
        ["newsletter"],
        ["sms"],
    ]
    assert rules["step"][2]["offer"] == {"discount": "20 %", "code": "MOM20"}
    checked = _planner("check", "mothers-day", cwd=en_shop)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_ctrl_c_stops_and_writes_nothing(fr_shop: Path, terminals: list[Terminal]) -> None:
    t = _open(terminals, fr_shop, "Soldes")
    t.wait_for(r"Pour quelle occasion")
    t.press("Enter")
    t.wait_for(r"1\. Sensibilisation")
    t.type("début janvier")
    t.press("Enter")
    t.wait_for(r"Comment")
    t.press("C-c")
    t.wait_for(r"arrêté : rien n’a été écrit")
    assert t.exit_code() == 130
    assert not (fr_shop / "rules" / "soldes.toml").exists()


FR_ANSWERS = [
    "fête des mères",
    "3 semaines",
    "début mai",
    "photos des compositions sur Instagram",
    "à la mi-mai",
    "témoignages de clientes et newsletter avec les prix",
    "la semaine avant la fête des mères",
    "15 % de remise et livraison offerte, par SMS",
    "",
    "",
]


def test_piped_answers_give_the_file_import_gives_from_the_same_words(fr_shop: Path) -> None:
    asked = _planner(
        "new", "Fête des mères", "--ask", cwd=fr_shop, stdin="\n".join(FR_ANSWERS) + "\n"
    )
    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert "Quand\u00a0? début mai\n  → du 1er au 10 mai 2027\n" in asked.stdout
    written = fr_shop / "rules" / "fete-des-meres.toml"
    assert _rules(written) == FR_EXPECTED
    assert written.read_text(encoding="utf-8").startswith(
        "# Écrit par planner new --ask à partir de vos réponses"
    )
    notes = fr_shop / "notes.txt"
    a = FR_ANSWERS
    notes.write_text(
        f"Fête des mères (nos clientes mettent {a[1]} à choisir)\n\n"
        f"1. Sensibilisation\n   Quand ? {a[2]}\n   Comment ? {a[3]}\n"
        f"2. Considération\n   Quand ? {a[4]}\n   Comment ? {a[5]}\n"
        f"3. Conversion\n   Quand ? {a[6]}\n   Comment ? {a[7]}\n",
        encoding="utf-8",
    )
    imported = _planner("import", "notes.txt", "-o", "imported.toml", cwd=fr_shop)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert _rules(fr_shop / "imported.toml") == _rules(written)


def test_a_refused_answer_is_marked_at_its_column_and_asked_again(fr_shop: Path) -> None:
    answers = ["", "début mia", "début janvier", "vitrine", "", "", "", ""]
    asked = _planner("new", "Vitrine", "--ask", cwd=fr_shop, stdin="\n".join(answers) + "\n")
    assert asked.returncode == 0, asked.stdout + asked.stderr
    lines = asked.stdout.splitlines()
    at = lines.index("Quand\u00a0? début mia")
    assert lines[at + 1] == " " * len("Quand\u00a0? début ") + "^"
    assert lines[at + 2] == fr("  erreur : après « début », il faut un mois, pas « mia »")
    assert lines[at + 4] == "Quand\u00a0? début janvier"
    assert lines[at + 5] == "  → du 1er au 10 janvier 2027"
    rules = _rules(fr_shop / "rules" / "vitrine.toml")
    assert "anchor" not in rules["campaign"]
    assert rules["step"] == [
        {
            "stage": "sensibilisation",
            "when": "début janvier",
            "channels": ["in_store"],
            "content": "vitrine",
        }
    ]


@pytest.mark.parametrize(
    ("answer", "said", "anchor"),
    [
        ("dès que possible", "  → dès que possible, à partir du 19 novembre 2026", "asap"),
        ("14 février 2027", "  → dimanche 14 février 2027", "2027-02-14"),
        ("la Saint-Valentin", "  → Saint-Valentin, dimanche 14 février 2027", "valentines_day"),
    ],
)
def test_the_occasion_is_an_event_a_day_or_as_soon_as_possible(
    fr_shop: Path, answer: str, said: str, anchor: str
) -> None:
    answers = [answer, "", "J-10", "photos sur Instagram", "", "", "", ""]
    if anchor == "asap":  # no day to count a buying cycle back from: not asked
        answers[1:3] = ["dès que possible"]
    asked = _planner("new", "Fête", "--ask", cwd=fr_shop, stdin="\n".join(answers) + "\n")
    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert said in asked.stdout.splitlines()
    assert _rules(fr_shop / "rules" / "fete.toml")["campaign"]["anchor"] == anchor


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ("février", "une occasion est un jour, pas du 1er au 28 février 2027"),
        ("14 février 2026", fr("« 14 février 2026 » est déjà passé")),
        ("fete des mere", fr("occasion inconnue : « fete des mere »")),
    ],
)
def test_an_occasion_that_is_not_one_day_to_come_is_refused(
    fr_shop: Path, answer: str, error: str
) -> None:
    asked = _planner("new", "Fête", "--ask", cwd=fr_shop, stdin=answer + "\n")
    assert asked.returncode == 2
    assert f"  erreur\u00a0: {error}" in asked.stdout
    assert "arrêté\u00a0: rien n’a été écrit" in asked.stderr
    assert not (fr_shop / "rules" / "fete.toml").exists()


def test_answers_that_run_out_write_nothing(fr_shop: Path) -> None:
    asked = _planner("new", "Fête", "--ask", cwd=fr_shop, stdin="\ndébut mai\n")
    assert asked.returncode == 2
    assert "arrêté\u00a0: rien n’a été écrit" in asked.stderr
    assert not (fr_shop / "rules" / "fete.toml").exists()


def test_no_stage_answered_is_an_error(fr_shop: Path) -> None:
    asked = _planner("new", "Fête", "--ask", cwd=fr_shop, stdin="\n" * 6)
    assert asked.returncode == 2
    assert "erreur\u00a0: aucune étape n’a de réponse\u00a0: rien à écrire" in asked.stderr
    assert "Traceback" not in asked.stderr
    assert not (fr_shop / "rules" / "fete.toml").exists()


def test_an_existing_rule_file_is_refused_before_any_question(fr_shop: Path) -> None:
    (fr_shop / "rules" / "fete.toml").write_text("# mine\n", encoding="utf-8")
    asked = _planner("new", "Fête", "--ask", cwd=fr_shop, stdin="fête des mères\n")
    assert asked.returncode == 2
    assert "ce fichier de règles existe déjà" in asked.stderr
    assert "occasion" not in asked.stdout
    assert (fr_shop / "rules" / "fete.toml").read_text(encoding="utf-8") == "# mine\n"


def test_ask_and_example_are_two_ways_to_start(fr_shop: Path) -> None:
    asked = _planner("new", "Fête", "--ask", "--example", "valentines-rings", cwd=fr_shop)
    assert asked.returncode == 2
    assert "--ask et --example commencent une campagne de deux façons" in asked.stderr


def test_the_readme_transcript_is_what_piped_answers_print(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split('$ planner new "Fête des mères" --ask\n', 1)[1].split("```", 1)[0]
    shown = block.rstrip("\n").splitlines()
    asked = re.compile(
        r"^(?:(?:Pour quelle occasion|Combien de temps [^?]*)\u00a0\? \([^)]*\)"
        r"|Quand\u00a0\?|Comment\u00a0\?)"
    )
    answers = [asked.sub("", line)[1:] for line in shown if asked.match(line)]
    made = _planner("init", "bijouterie", "--locale", "fr", "--country", "FR", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    done = _planner(
        "new",
        "Fête des mères",
        "--ask",
        cwd=tmp_path / "bijouterie",
        stdin="\n".join(answers) + "\n",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    printed = [line.rstrip() for line in (done.stdout + done.stderr).splitlines()]
    assert printed == shown


_ANSWERS = st.sampled_from(
    [
        "",
        "fête des mères",
        "Noël",
        "dès que possible",
        "14 février 2027",
        "début mai",
        "mi-mai",
        "3 à 5 jours après",
        "ensuite",
        "J-3",
        "la semaine avant l'ancre",
        "early May",
        "next week",
        "photos sur Instagram",
        "15 % de remise par SMS",
        "newsletter",
        "vitrine",
        "début mia",
        "31 février",
        "9999",
        "après",
        "le lendemain de Noël",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=st.lists(st.one_of(_ANSWERS, st.text(max_size=30)), max_size=14))
def test_random_answers_end_in_a_file_or_a_message_never_a_traceback(
    cli: Cli, tmp_path_factory: pytest.TempPathFactory, answers: list[str]
) -> None:
    ws = tmp_path_factory.mktemp("asked")
    (ws / "planner.toml").write_text(
        '[shop]\nname = "Shop"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n',
        encoding="utf-8",
    )
    typed = "\n".join(a.replace("\n", " ").replace("\r", " ") for a in answers) + "\n"
    result = cli("new", "Essai", "--ask", cwd=ws, input=typed)
    assert result.exit_code in (0, 2), result.output
    assert "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    written = ws / "rules" / "essai.toml"
    if result.exit_code == 0:
        check = cli("check", cwd=ws)
        assert check.exit_code == 0, check.output
    else:
        assert not written.exists()
