"""--help and click's own messages in the command's language (#13): every command's help is
French with --lang fr or in a French workspace, English as it always was with --lang en; a
bad option, a missing argument and a bad choice are said by click in French too."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result

from planner.cli import main

Cli = Callable[..., Result]
FREE = {"PLANNER_LANG": ""}
NBSP = "\u00a0"
COMMANDS = sorted(main.commands)


def _english_helps(command: click.Command) -> list[str]:
    """The first words of the command's help and of each of its options' helps, in English."""
    texts = [inspect.cleandoc(command.help or "")]
    texts += [p.help for p in command.params if isinstance(p, click.Option) and p.help]
    return [" ".join(text.split()[:4]) for text in texts if text]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_commands_help_is_french(name: str, cli: Cli, tmp_path: Path) -> None:
    result = cli("--lang", "fr", name, "--help", cwd=tmp_path, env=FREE)
    assert result.exit_code == 0, result.output
    said = re.sub(r"[ \n]+", " ", result.stdout)  # unwrapped, the no-break spaces kept
    assert said.startswith(f"Utilisation{NBSP}: main {name} ")  # CliRunner names it "main"
    assert f"Options{NBSP}:" in said and "Afficher ce message et quitter." in said
    for english in _english_helps(main.commands[name]):
        assert english not in said, english
    assert "Usage:" not in said and "[default:" not in said and "Show this" not in said


def test_the_main_help_and_its_command_list_are_french(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    # The workspace fixture is French: its help is French without --lang.
    said = cli("--help", cwd=workspace, env=FREE).stdout
    assert said.startswith(f"Utilisation{NBSP}: main [OPTIONS] COMMAND [ARGS]...")
    assert f"Commandes{NBSP}:" in said
    # The list's columns are as wide as its longest command: one or more spaces between.
    assert re.search(r"\n  plan +Afficher le calendrier de contenu daté de RULES\.", said)
    assert re.search(r"\n  view +Écrire le plan de RULES dans une seule page HTML autonome\.", said)
    english = cli("--lang", "en", "--help", cwd=workspace, env=FREE).stdout
    assert english.startswith("Usage: main [OPTIONS] COMMAND [ARGS]...")
    assert re.search(r"\n  plan +Print the dated content calendar of RULES\.", english)
    assert "\nCommands:\n" in english and "\nOptions:\n" in english


def test_english_help_reads_as_before(cli: Cli, tmp_path: Path) -> None:
    said = cli("--lang", "en", "done", "--help", cwd=tmp_path, env=FREE).stdout
    assert said.startswith(
        "Usage: main done [OPTIONS] ID\n\n"
        "  Record that you did item ID (an id or its first characters): its reminders are\n"
        "  cancelled, and later syncs leave it as it is. An item already skipped stays so\n"
        "  unless --force.\n\n"
        "Options:\n"
        "  --force     Change an item already marked skipped.\n"
    )
    assert said.endswith("  -h, --help  Show this message and exit.\n")
    publish = cli("--lang", "en", "publish", "--help", cwd=tmp_path, env=FREE).stdout
    assert "\n  Example:\n    planner publish valentines-rings --user alice" in publish
    french = cli("--lang", "fr", "publish", "--help", cwd=tmp_path, env=FREE).stdout
    assert f"\n  Exemple{NBSP}:\n    planner publish valentines-rings --user alice" in french


def test_clicks_own_messages_in_french(cli: Cli, tmp_path: Path) -> None:
    def fails(*args: str) -> str:
        result = cli("--lang", "fr", *args, cwd=tmp_path, env=FREE)
        assert result.exit_code == 2, result.output
        return result.stderr

    said = fails("plan", "--nope")
    assert said == (
        f"Utilisation{NBSP}: main plan [OPTIONS] [RULES]...\n"
        f"Essayez «{NBSP}main plan --help{NBSP}» pour obtenir de l’aide.\n\n"
        f"Erreur{NBSP}: Option '--nope' inconnue.\n"
    )
    assert fails("done").endswith(f"Erreur{NBSP}: Argument manquant 'ID'.\n")
    assert fails("plan", "--format", "yaml").endswith(
        f"Erreur{NBSP}: Valeur invalide pour '--format'{NBSP}: 'yaml' n’est pas l’un des "
        "choix 'table', 'json', 'csv', 'markdown'.\n"
    )
    assert fails("events", "--year", "3000").endswith(
        f"Erreur{NBSP}: Valeur invalide pour '--year'{NBSP}: 3000 n’est pas dans l’intervalle "
        "1900<=x<=2200.\n"
    )
    assert fails("plna").endswith(
        f"Erreur{NBSP}: Commande 'plna' inconnue. Vouliez-vous dire 'plan'{NBSP}?\n"
    )
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert fails("init", "a-file").endswith(
        f"Erreur{NBSP}: Valeur invalide pour '[DIRECTORY]'{NBSP}: Dossier 'a-file' est un "
        "fichier.\n"
    )


def test_clicks_own_messages_in_english_as_before(cli: Cli, tmp_path: Path) -> None:
    result = cli("--lang", "en", "plan", "--nope", cwd=tmp_path, env=FREE)
    assert result.stderr == (
        "Usage: main plan [OPTIONS] [RULES]...\n"
        "Try 'main plan --help' for help.\n\n"
        "Error: No such option '--nope'.\n"
    )
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = cli("--lang", "en", "init", "a-file", cwd=tmp_path, env=FREE)
    assert result.stderr.endswith(
        "Error: Invalid value for '[DIRECTORY]': Directory 'a-file' is a file.\n"
    )


def test_a_bad_clock_is_said_in_french(cli: Cli, tmp_path: Path) -> None:
    result = cli("--lang", "fr", "plan", cwd=tmp_path, env={**FREE, "SOURCE_DATE_EPOCH": "abc"})
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Erreur{NBSP}: SOURCE_DATE_EPOCH n’est pas un nombre de secondes{NBSP}: "
        f"«{NBSP}abc{NBSP}»\n"
    )
