"""Jinja's reasons for refusing a brief, said in French in a French workspace.

Jinja writes its syntax errors in English and names tokens in words ("end of print
statement"); a French shop reads them inside a French message, with the tokens as typed. In
an English workspace the reason stays exactly as Jinja wrote it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Cli = Callable[..., Result]
NBSP = "\u00a0"
FREE = {"PLANNER_LANG": ""}

RULE = """\
[campaign]
name = "Modèles"

[[step]]
stage = "awareness"
when = "début janvier"
channels = ["instagram"]
content = {content}
"""


@pytest.mark.parametrize(
    ("content", "french", "english"),
    [
        (
            "{{ x",
            "le modèle s’arrête trop tôt : il manque « }} »",
            "unexpected end of template, expected 'end of print statement'.",
        ),
        (
            "{% for x in y %}{{ x }}",
            "le bloc « for » n’est pas fermé : terminez-le par « endfor » ou « else »",
            "Unexpected end of template.",
        ),
        ("{{ x | shell }}", "aucun filtre ne s’appelle « shell »", "No filter named 'shell'."),
        (
            "{{ x y }}",
            "« }} » attendu ici, pas « y »",
            "expected token 'end of print statement', got 'y'",
        ),
        ("{{ 'a }}", "caractère inattendu « ' »", "unexpected char"),
        ("{% foo %}", "balise inconnue « foo »", "Encountered unknown tag 'foo'."),
        ("{{ x[ }}", "« } » inattendu : « ] » attendu", "unexpected '}', expected ']'"),
        ("{{ x. }}", "un nom ou un nombre attendu", "expected name or number"),
    ],
)
def test_a_template_reason_in_the_shop_language(
    tmp_path: Path, cli: Cli, content: str, french: str, english: str
) -> None:
    for locale, said, frame in (("fr", french, "syntaxe du modèle"), ("en", english, "")):
        shop = tmp_path / locale
        made = cli("init", str(shop), "--locale", locale, "--country", "FR", env=FREE)
        assert made.exit_code == 0, made.output
        rule = shop / "rules" / "t.toml"
        rule.write_text(RULE.format(content=json.dumps(content)), encoding="utf-8")
        result = cli("plan", "t", "--start", "2026-12-01", cwd=shop, env=FREE)
        assert result.exit_code == 2, result.output
        first = result.stderr.splitlines()[0]
        assert first.startswith("rules/t.toml:8:"), first
        assert (
            said.replace(" : ", f"{NBSP}: ").replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")
            in first
        ), first
        assert frame in first
