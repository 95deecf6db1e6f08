"""Parcours speaks the shop's language: the catalogues, the choice of language, French output.

conftest.py pins PLANNER_LANG=en for the other tests; here it is unset (``FREE``) wherever the
choice itself is tested.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import Result

from planner import i18n

from .conftest import ROOT, run_planner
from .test_bad_inputs import GOOD_RULE

Cli = Callable[..., Result]
LOCALE = ROOT / "planner" / "locale"
PO = LOCALE / "fr" / "LC_MESSAGES" / "planner.po"
MO = LOCALE / "fr" / "LC_MESSAGES" / "planner.mo"
FREE = {"PLANNER_LANG": ""}  # no language chosen outright: the rule decides
NBSP, NNBSP = "\u00a0", "\u202f"
ENGLISH = """[shop]
name = "Shop"
id = "shop1234abcd"
timezone = "America/New_York"
locale = "en"
country = "US"
"""
RULE = GOOD_RULE  # the bad-input corpus's good rule file


def _catalogue() -> list[tuple[str | tuple[str, ...], str | tuple[str, ...], bool]]:
    with PO.open("rb") as f:
        po = read_po(f)
    return [(m.id, m.string, m.fuzzy) for m in po if m.id]


def _extracted() -> set[str | tuple[str, ...]]:
    """Every msgid the code and templates use, extracted as `make messages` does."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        from babel.messages.frontend import parse_mapping_cfg

        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found: set[str | tuple[str, ...]] = set()
    for _path, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message)
    return found


# The catalogue ------------------------------------------------------------------------------


def test_the_compiled_catalogue_is_current_with_its_po() -> None:
    with PO.open("rb") as f:
        po = read_po(f)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    assert MO.read_bytes() == compiled.getvalue(), "run: make catalogues"


def test_every_message_the_code_uses_has_a_french_translation() -> None:
    french = {msgid: (text, fuzzy) for msgid, text, fuzzy in _catalogue()}
    used = _extracted()
    assert len(used) > 50
    missing = sorted(str(m) for m in used if m not in french)
    assert not missing, f"not in planner.po (run: make messages): {missing}"
    for msgid in used:
        text, fuzzy = french[msgid]
        forms = (text,) if isinstance(text, str) else text
        assert not fuzzy and all(forms), f"no French for {msgid!r}"


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def test_translations_keep_every_field_and_french_typography() -> None:
    for msgid, text, _fuzzy in _catalogue():
        ids = (msgid,) if isinstance(msgid, str) else msgid
        forms = (text,) if isinstance(text, str) else text
        for form in forms:
            assert _fields(form) == _fields(ids[-1]), (msgid, form)
            # A no-break space before : ; ? ! and inside « », never a plain one or none; a
            # colon right after a field is a position's (path:line) and stays as it is.
            for match in re.finditer(r"(?<!\})(.)([:;?!])(?=\s|$)", form):
                assert match[1] in (NBSP, NNBSP), (msgid, form, match[0])
            assert "« " not in form and " »" not in form, (msgid, form)
            assert all(form[m.end()] == NBSP for m in re.finditer("«", form)), form
            assert "'" not in form, f"French writes ’: {form!r}"


def test_the_wheel_carries_the_catalogues() -> None:
    # hatch ships every file of the planner package that git does not ignore.
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "*.mo" not in ignored and "locale" not in ignored
    assert MO.is_file() and (LOCALE / "messages.pot").is_file()


# Which language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, "en"),
        ({"system": "fr_FR.UTF-8"}, "fr"),
        ({"system": "de_DE.UTF-8"}, "en"),
        ({"workspace": "en", "system": "fr_FR.UTF-8"}, "en"),
        ({"workspace": "fr"}, "fr"),
        ({"workspace": "en", "campaign": "fr"}, "fr"),
        ({"env": "en", "campaign": "fr", "workspace": "fr"}, "en"),
        ({"option": "fr", "env": "en", "workspace": "en"}, "fr"),
        ({"env": "", "workspace": "fr"}, "fr"),
        ({"option": "français"}, "fr"),
    ],
)
def test_the_language_follows_the_rule(given: dict[str, str], expected: str) -> None:
    assert i18n.language_for(**given) == expected


def test_the_system_language_is_read_as_gettext_reads_it() -> None:
    assert i18n.system_language({}) is None
    assert i18n.system_language({"LANG": "fr_CA.UTF-8"}) == "fr"
    assert i18n.system_language({"LANG": "fr_FR.UTF-8", "LC_ALL": "C.UTF-8"}) == "en"
    assert i18n.system_language({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:en"}) == "fr"


def test_a_campaign_speaks_its_locale_unless_the_language_was_chosen() -> None:
    with i18n.speaking("en"), i18n.for_campaign("fr"):
        assert i18n.language() == "fr"
    with i18n.speaking("en", chosen=True), i18n.for_campaign("fr"):
        assert i18n.language() == "en"
    assert i18n.language() == "en"


def test_plurals_dates_and_times_in_french() -> None:
    with i18n.speaking("fr"):
        forms = [i18n.ngettext("kept {count}", "kept {count}", n) for n in (0, 1, 8)]
        assert [f.format(count=n) for f, n in zip(forms, (0, 1, 8), strict=True)] == [
            "0 inchangé",
            "1 inchangé",
            "8 inchangés",
        ]
        assert i18n.day_text(date(2027, 1, 18)) == "lundi 18 janvier 2027"
        assert i18n.day_text(date(2027, 2, 1)) == "lundi 1er février 2027"
        assert i18n.time_text(time(9, 30)) == f"9{NBSP}h{NBSP}30"
        assert i18n.number(12345) == f"12{NNBSP}345"
    assert i18n.day_text(date(2027, 1, 18)) == "Monday, January 18, 2027"
    assert i18n.time_text(time(9, 30)) == "09:30"


# The command line ---------------------------------------------------------------------------


def _french(workspace: Path) -> Path:
    (workspace / "rules" / "valentin.toml").write_text(RULE, encoding="utf-8")
    return workspace


def _english(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    (folder / "rules").mkdir(parents=True)
    (folder / "planner.toml").write_text(ENGLISH, encoding="utf-8")
    (folder / "rules" / "valentin.toml").write_text(RULE, encoding="utf-8")
    return folder


def test_a_french_workspace_says_its_errors_in_french_at_their_place(
    workspace: Path, cli: Cli
) -> None:
    folder = _french(workspace)
    (folder / "rules" / "broken.toml").write_text('[campaign]\nname = "x"\nnom = 1\n', "utf-8")
    result = cli("plan", "broken", "--start", "2026-12-01", cwd=folder, env=FREE)
    assert result.exit_code == 2
    first, hint = result.stderr.splitlines()[:2]
    assert first.startswith(f"rules/broken.toml:3:1: erreur{NBSP}: "), first
    assert hint.startswith(f"  indice{NBSP}: "), hint
    unknown = cli("plan", "nope", cwd=folder, env=FREE)
    assert unknown.stderr.startswith(f"nope: erreur{NBSP}: ")


def test_french_reports_with_their_plurals(workspace: Path, cli: Cli) -> None:
    folder = _french(workspace)
    exported = cli("export", "--start", "2026-12-01", "-o", "v.ics", cwd=folder, env=FREE)
    assert exported.stdout == "1 événement écrit dans v.ics\n", exported.output
    rule = folder / "rules" / "valentin.toml"
    rule.write_text(RULE + 'every = "3 jours"\n', encoding="utf-8")
    exported = cli("export", "--start", "2026-12-01", "-o", "v.ics", cwd=folder, env=FREE)
    assert re.fullmatch(r"\d+ événements écrits dans v\.ics\n", exported.stdout), exported.stdout
    checked = cli("check", "--start", "2026-12-01", cwd=folder, env=FREE)
    assert checked.stdout == f"1 campagne vérifiée{NBSP}: 0 erreur, 2 avertissements\n"
    assert checked.stderr.startswith(f"rules/valentin.toml: avertissement{NBSP}: ")
    synced = cli("sync", "--start", "2026-12-01", cwd=folder, env=FREE)
    assert re.fullmatch(r"\d+ ajoutés, 0 modifié, 0 retiré, 0 inchangé\n", synced.stdout)


def test_lang_and_planner_lang_override_the_workspace(
    workspace: Path, tmp_path: Path, cli: Cli
) -> None:
    french, english = _french(workspace), _english(tmp_path)
    args = ("plan", "nope")
    assert cli("--lang", "en", *args, cwd=french, env=FREE).stderr.startswith("nope: error: ")
    said = cli("--lang", "fr", *args, cwd=english, env=FREE).stderr
    assert said.startswith(f"nope: erreur{NBSP}: ")
    said = cli(*args, cwd=english, env={"PLANNER_LANG": "fr"}).stderr
    assert said.startswith(f"nope: erreur{NBSP}: ")
    said = cli(*args, cwd=french, env={"PLANNER_LANG": "en"}).stderr
    assert said.startswith("nope: error: ")
    said = cli("--lang", "fr", *args, cwd=english, env={"PLANNER_LANG": "en"}).stderr
    assert said.startswith(f"nope: erreur{NBSP}: ")


def test_an_unknown_language_is_an_error(workspace: Path, cli: Cli) -> None:
    result = cli("--lang", "de", "plan", cwd=workspace, env=FREE)
    assert result.exit_code == 2
    said = f"--lang: erreur{NBSP}: langue inconnue{NBSP}: «{NBSP}de{NBSP}»\n"  # the workspace's
    assert result.stderr.startswith(said)
    result = cli("plan", cwd=workspace, env={"PLANNER_LANG": "klingon"})
    assert result.exit_code == 2 and result.stderr.startswith(f"PLANNER_LANG: erreur{NBSP}: ")


def test_an_english_workspace_says_what_it_always_said(tmp_path: Path, cli: Cli) -> None:
    folder = _english(tmp_path)
    exporting = ("export", "--start", "2026-12-01", "-o", "x.ics")
    for args in (("check", "--start", "2026-12-01"), ("plan", "nope"), exporting):
        free = cli(*args, cwd=folder, env={**FREE, "LANG": "fr_FR.UTF-8"})
        chosen = cli("--lang", "en", *args, cwd=folder, env=FREE)
        assert (free.stdout, free.stderr) == (chosen.stdout, chosen.stderr)
    assert chosen.stdout == "wrote 1 event to x.ics\n"


def test_without_a_workspace_the_system_language_holds(tmp_path: Path) -> None:
    made = run_planner(
        "init",
        "bijouterie",
        "--country",
        "FR",
        cwd=tmp_path,
        env={**FREE, "LANG": "fr_FR.UTF-8", "LC_ALL": "", "LANGUAGE": ""},
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"créé{NBSP}: bijouterie/planner.toml\n"), made.stdout
    assert "d’après le pays FR" in made.stdout


def test_help_follows_the_language(workspace: Path, cli: Cli) -> None:
    french = cli("--help", cwd=workspace, env=FREE).stdout
    assert french.startswith(f"Utilisation{NBSP}: ")
    assert "Commandes" in french and "La langue des messages" in french
    english = cli("--lang", "en", "--help", cwd=workspace, env=FREE).stdout
    assert english.startswith("Usage: ") and "Commands:" in english
    sub = cli("plan", "--help", cwd=workspace, env=FREE).stdout
    assert "Afficher ce message et quitter." in sub


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (("--locale", "fr", "--country", "US", "--timezone", "America/New_York"), "créé"),
        (("--country", "FR"), "créé"),
        (("--country", "CA-QC"), "créé"),
        (("--country", "GB"), "created"),
        (("--locale", "en", "--country", "FR"), "created"),
    ],
)
def test_init_speaks_the_language_of_the_workspace_it_makes(
    tmp_path: Path, cli: Cli, args: tuple[str, ...], first: str
) -> None:
    english = {**FREE, "LANG": "C", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""}
    made = cli("init", "shop", *args, cwd=tmp_path, env=english)
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(first), made.stdout
    # Its reasons too, said once the language is known: "d’après le pays FR".
    assert ("from" in made.stdout) == (first == "created"), made.stdout
    again = cli("init", "shop", cwd=tmp_path, env=english)
    assert again.exit_code == 2
    said = "erreur" if first == "créé" else "error"  # the language of the workspace there
    assert f"shop/planner.toml: {said}" in again.stderr, again.stderr


def test_a_french_hint_gives_words_that_work(workspace: Path, cli: Cli) -> None:
    folder = _french(workspace)
    zero = cli("export", "--alarm", "0", "-o", "v.ics", cwd=folder, env=FREE)
    assert zero.exit_code == 2
    assert "--alarm aucun pour aucun rappel" in zero.stderr, zero.stderr
    for word in ("aucun", "none"):  # what the French hint says, and the English word
        done = cli("export", "--alarm", word, "--start", "2026-12-01", "-o", "v.ics", cwd=folder)
        assert done.exit_code == 0, done.output
        assert "BEGIN:VALARM" not in (folder / "v.ics").read_text(encoding="utf-8")
