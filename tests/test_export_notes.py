"""`planner export-notes RULES`: a campaign written back as journey notes that `planner
import` reads to the same campaign.

The round trip runs through the real CLI, export then import, over every bundled example,
every rule file of tests/notes/ and random campaigns drawn from tables of stages, when
phrases, channels, contents and offers: the campaign read back has the same name, anchor,
buying cycle and journey, and per step the same stage, when (as written), channels, content
and offer. What notes cannot carry is a warning at the rule file's line.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from planner.channels import channel_key
from planner.events import Catalog
from planner.journey import MODELS, STAGES
from planner.rules import load_campaign
from planner.workspace import Workspace, builtin_dir

from .test_import import NOTES, START, Cli, make_workspace

EXAMPLES = sorted(builtin_dir("rules").glob("*.toml"))
GOLDEN = sorted(NOTES.glob("*.toml"))


def campaign_of(path: Path, ws: Path) -> dict[str, Any]:
    """What the round trip keeps of a rule file, as values to compare."""
    workspace = Workspace.open(ws, ws, "Europe/Paris", ())
    loaded = load_campaign(path, workspace.settings)
    events = Catalog.load(workspace.data_dirs("calendars"))
    raw = tomllib.loads(path.read_text("utf-8"))
    anchor = loaded.anchor
    if not loaded.is_asap and loaded.anchor_date is None:
        anchor = events.key_for(anchor, loaded.country) or anchor
    return {
        "name": loaded.name,
        "anchor": "asap" if loaded.is_asap else anchor,
        "buying_cycle": loaded.buying_cycle,
        "journey": loaded.stages,
        "steps": [
            (
                step.stage,
                raw["step"][i]["when"],
                [channel_key(c) for c in step.channels],
                step.content,
                step.offer,
            )
            for i, step in enumerate(loaded.steps)
        ],
    }


def round_trip(cli: Cli, ws: Path, rules: str) -> tuple[Path, str]:
    """Export ``rules`` as notes, import them back; the rule file read back and the
    warnings of the export."""
    exported = cli("export-notes", rules, "-o", "notes.txt", cwd=ws)
    assert exported.exit_code == 0, exported.output
    assert "Traceback" not in exported.output
    back = cli("import", "notes.txt", "-o", "rules/back.toml", "--force", "--start", START, cwd=ws)
    assert back.exit_code == 0, (back.output, (ws / "notes.txt").read_text("utf-8"))
    return ws / "rules" / "back.toml", exported.stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_bundled_example_comes_back_the_same(cli: Cli, tmp_path: Path, example: Path) -> None:
    language = tomllib.loads(example.read_text("utf-8"))["campaign"].get("locale", "en")
    ws = make_workspace(cli, tmp_path / "shop", language)
    shutil.copy(example, ws / "rules" / example.name)
    back, _warnings = round_trip(cli, ws, example.stem)
    assert campaign_of(back, ws) == campaign_of(example, ws)


@pytest.mark.parametrize("golden", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_every_imported_rule_file_comes_back_the_same(
    cli: Cli, tmp_path: Path, golden: Path
) -> None:
    ws = make_workspace(cli, tmp_path / "shop", golden.stem[:2])
    shutil.copy(golden, ws / "rules" / "golden.toml")
    back, warnings = round_trip(cli, ws, "golden")
    assert warnings == ""  # an imported file holds only what notes carry
    assert campaign_of(back, ws) == campaign_of(ws / "rules" / "golden.toml", ws)


def test_what_the_notes_would_infer_wrongly_is_said_outright(cli: Cli, tmp_path: Path) -> None:
    ws = make_workspace(cli, tmp_path / "boutique", "fr")
    (ws / "channels" / "boutique_ephemere.toml").write_text(
        'name = { en = "Pop-up shop", fr = "Boutique éphémère" }\n', encoding="utf-8"
    )
    (ws / "rules" / "fleurs.toml").write_text(
        "[campaign]\n"
        'name = "Fleurs de Léa"\n'
        'anchor = "la fête des mères"\n'
        'journey = "5-stage"\n\n'
        "[[step]]\n"
        'stage = "notoriété"\n'
        'when = "début mai"\n'
        'channels = ["boutique_ephemere", "instagram"]\n'
        'content = "Nos clientes mettent 3 semaines à choisir : 20 % sur les bouquets"\n',
        encoding="utf-8",
    )
    back, warnings = round_trip(cli, ws, "fleurs")
    assert warnings == ""
    notes = (ws / "notes.txt").read_text("utf-8").splitlines()
    assert "Occasion\u00a0: Fête des mères" in notes
    assert "Cycle d\u2019achat\u00a0: aucun" in notes  # the content is not a buying cycle
    assert "Parcours\u00a0: 5 étapes" in notes  # the steps alone would make it 3 stages
    assert "   \u2022 Canaux\u00a0: Boutique éphémère, Instagram" in notes
    assert "   \u2022 Offre\u00a0: aucune" in notes  # its 20 % is no offer
    assert campaign_of(back, ws) == campaign_of(ws / "rules" / "fleurs.toml", ws)
    assert campaign_of(back, ws)["buying_cycle"] is None


def test_what_notes_cannot_carry_is_a_warning_at_its_line(cli: Cli, tmp_path: Path) -> None:
    ws = make_workspace(cli, tmp_path / "shop", "en")
    result = cli("export-notes", "restaurant-launch", cwd=ws)
    assert result.exit_code == 0, result.output
    path = "rules/restaurant-launch.toml"
    assert f"{path}:7:13: warning: timezone of the campaign is not carried" in result.stderr
    assert f"{path}:9:12: warning: country of the campaign is not carried" in result.stderr
    assert f"{path}:27:13: warning: duration of step 3 is not carried" in result.stderr
    assert result.stderr.count("warning:") == 3
    assert '   // duration = "48 hours"' in result.stdout  # said, and kept as a comment line


def test_english_notes_read_as_a_person_writes_them(cli: Cli, tmp_path: Path) -> None:
    ws = make_workspace(cli, tmp_path / "shop", "en")
    result = cli("export-notes", "restaurant-launch", cwd=ws)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2:4] == ["Online orders launch", "Occasion: as soon as possible"]
    assert "2. Consideration" in lines
    assert "   \u2022 When? 3 to 5 days after awareness" in lines
    assert "   \u2022 Channels: Facebook" in lines
    assert "   \u2022 Offer: discount: 20 %" in lines


def test_french_notes_follow_french_typography(cli: Cli, tmp_path: Path) -> None:
    ws = make_workspace(cli, tmp_path / "boutique", "fr")
    result = cli("export-notes", "valentines-rings", cwd=ws, env={"PLANNER_LANG": ""})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Occasion\u00a0: Saint-Valentin" in lines
    assert "Cycle d\u2019achat\u00a0: 30 jours" in lines
    assert "1. Sensibilisation" in lines
    assert "   \u2022 Quand\u00a0? début janvier" in lines
    assert "   \u2022 Canaux\u00a0: Instagram, E-mail" in lines
    assert "   \u2022 Offre\u00a0: remise\u00a0: 30 % ; livraison gratuite" in lines
    err = result.stderr.replace("\u00a0", " ")
    assert "rules/valentines-rings.toml:19:10: avertissement : " in err


def test_an_existing_notes_file_is_replaced_only_with_force(cli: Cli, tmp_path: Path) -> None:
    ws = make_workspace(cli, tmp_path / "shop", "en")
    (ws / "notes.txt").write_text("mine\n", encoding="utf-8")
    again = cli("export-notes", "restaurant-launch", "-o", "notes.txt", cwd=ws)
    assert again.exit_code == 2
    assert "notes.txt: error: that notes file already exists" in again.stderr
    assert (ws / "notes.txt").read_text("utf-8") == "mine\n"
    forced = cli("export-notes", "restaurant-launch", "-o", "notes.txt", "--force", cwd=ws)
    assert forced.exit_code == 0, forced.output
    assert forced.stdout == "wrote notes.txt: planner import reads it back\n"
    assert "Online orders launch" in (ws / "notes.txt").read_text("utf-8")


@pytest.mark.parametrize(
    ("rules", "content", "said"),
    [
        ("nowhere", None, "nowhere: error: no such rule file or campaign"),
        ("rules/bad.toml", "[campaign]\nname = 3\n", "rules/bad.toml:2:8: error: name must be"),
        ("rules/bad.toml", "[campaign\n", "rules/bad.toml:1:"),
        (
            "rules/bad.toml",
            '[campaign]\nname = "N"\n[[step]]\nstage = "awareness"\nwhen = "early May"\n'
            'channels = ["carrier_pigeon"]\ncontent = "Hello"\n',
            "rules/bad.toml:6:12: error: unknown channel 'carrier_pigeon'",
        ),
    ],
)
def test_a_bad_rule_file_is_a_positioned_error(
    cli: Cli, tmp_path: Path, rules: str, content: str | None, said: str
) -> None:
    ws = make_workspace(cli, tmp_path / "shop", "en")
    if content is not None:
        (ws / rules).write_text(content, encoding="utf-8")
    result = cli("export-notes", rules, "-o", "notes.txt", cwd=ws)
    assert result.exit_code == 2, result.output
    assert said in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert not (ws / "notes.txt").exists()


# Tables the random campaigns are drawn from: each a phrase the grammar reads in its language.
WHENS = {
    "fr": [
        "début mai",
        "mi-mai",
        "fin mai",
        "la semaine avant la fête des mères",
        "du 1er au 10 juin",
        "3 jours avant la Saint-Valentin",
        "dès que possible",
        "en avril",
    ],
    "en": [
        "early May",
        "mid-May",
        "late May",
        "the week before Mother's Day",
        "from June 1 to June 10",
        "3 days before Valentine's Day",
        "as soon as possible",
        "in April",
    ],
}
CONTENTS = {
    "fr": [
        "Photos des nouveautés",
        "Témoignages de clientes, avec les prix",
        "{{ offer.discount }} sur toute la boutique",
        "Remise de 20 % sur les bouquets",
        "Merci pour votre fidélité : une surprise vous attend",
        "Nos conseils pour choisir ; à bientôt",
    ],
    "en": [
        "Photos of the new collection",
        "What customers say, with prices",
        "{{ offer.discount }} off everything",
        "20 % off bouquets for early birds",
        "Thank you: a surprise is waiting for you",
        "Our tips to choose well; see you soon",
    ],
}
OFFERS = [
    {},
    {"discount": "15 %"},
    {"discount": "10 %", "free_delivery": True},
    {"code": "MERCI10"},
    {"gift_wrap": True, "until": "14 février"},
    {"discount": "5 €", "free_shipping": True, "minimum": "50 €"},
    {"min_order": "30 €", "stock": True},
]
CHANNELS = ["instagram", "facebook", "email", "newsletter", "sms", "in_store", "website", "flyer"]
ANCHORS = ["asap", "mothers_day", "valentines_day", "2027-06-15", "la fête des mères"]
CYCLES = [None, "3 semaines", "30 jours", "2 weeks"]
STAGE_NAMES = {
    "awareness": ["awareness", "notoriété", "sensibilisation"],
    "consideration": ["consideration", "considération"],
    "conversion": ["conversion", "achat"],
    "retention": ["retention", "fidélisation"],
    "advocacy": ["advocacy", "recommandation"],
}
NAMES = ["Fleurs de Léa", "Spring sale", "Saint-Valentin — bagues", "Summer stays at the B&B"]


@st.composite
def campaigns(draw: st.DrawFn) -> tuple[str, str]:
    """A rule file and its language."""
    lang = draw(st.sampled_from(["fr", "en"]))
    lines = ["[campaign]", f'name = "{draw(st.sampled_from(NAMES))}"']
    lines.append(f'anchor = "{draw(st.sampled_from(ANCHORS))}"')
    lines.append(f'locale = "{lang}"')
    cycle = draw(st.sampled_from(CYCLES))
    if cycle is not None:
        lines.append(f'buying_cycle = "{cycle}"')
    stages = draw(st.lists(st.sampled_from(list(STAGE_NAMES)), min_size=1, max_size=4))
    models = [k for k, v in MODELS.items() if set(stages) <= set(v)]
    listed = [s for s in STAGES if s in stages or draw(st.booleans())]
    journey = draw(st.sampled_from([f'"{m}"' for m in models] + [json.dumps(listed)]))
    lines.append(f"journey = {journey}")
    whens = draw(st.lists(st.sampled_from(WHENS[lang]), min_size=4, max_size=4, unique=True))
    for canonical, when in zip(stages, whens, strict=False):
        stage = draw(st.sampled_from(STAGE_NAMES[canonical]))
        channels = draw(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=3, unique=True))
        offer = draw(st.sampled_from(OFFERS))
        # A content that shows the discount has one to show (else planning refuses it).
        contents = [c for c in CONTENTS[lang] if "discount" in offer or "{{" not in c]
        lines += [
            "",
            "[[step]]",
            f'stage = "{stage}"',
            f'when = "{when}"',
            "channels = [" + ", ".join(f'"{c}"' for c in channels) + "]",
            f'content = "{draw(st.sampled_from(contents))}"',
        ]
        if offer:
            parts = [f"{k} = {'true' if v is True else repr(v)}" for k, v in offer.items()]
            lines.append("offer = { " + ", ".join(parts).replace("'", '"') + " }")
    return "\n".join(lines) + "\n", lang


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # each example runs the CLI twice
)
@given(drawn=campaigns(), workspace_language=st.sampled_from(["fr", "en"]))
def test_a_random_campaign_comes_back_the_same(
    cli: Cli,
    tmp_path_factory: pytest.TempPathFactory,
    drawn: tuple[str, str],
    workspace_language: str,
) -> None:
    text, _lang = drawn
    ws = make_workspace(cli, tmp_path_factory.mktemp("random") / "shop", workspace_language)
    (ws / "rules" / "drawn.toml").write_text(text, encoding="utf-8")
    # A campaign that does not plan (two steps on one day of a capped channel) is not one to
    # write back: import would rightly leave a step out.
    assume(cli("check", "drawn", "--start", START, cwd=ws).exit_code == 0)
    back, warnings = round_trip(cli, ws, "drawn")
    assert warnings == ""
    assert campaign_of(back, ws) == campaign_of(ws / "rules" / "drawn.toml", ws), (
        text,
        (ws / "notes.txt").read_text("utf-8"),
    )
