"""The runner and its reports speak the shop's language: `planner run --once` in a French
workspace made by `planner init`, its lines and the e-mail a real SMTP server on 127.0.0.1
receives; each reminder in its campaign's language, unless --lang chose one.

The hooks fire in the runner's thread pool, which does not inherit the command's context:
these tests are what shows that the language reaches them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result

from .servers import Mailbox, smtp_server

__all__ = ["smtp_server"]  # a fixture, used by name

Cli = Callable[..., Result]
NBSP = "\u00a0"
SYNCED = datetime(2027, 1, 4, 9, tzinfo=UTC)  # Monday 4 January 2027, 10:00 in Paris
DUE = datetime(2027, 1, 5, 8, 31, tzinfo=UTC)  # Tuesday, 09:31 in Paris: the post is due
RULE = """[campaign]
name = "Soldes"
anchor = "2027-03-01"
{locale}
[[step]]
stage = "awareness"
when = "5 janvier"
at = "9h30"
channels = ["instagram"]
content = "Les soldes arrivent"
"""
HOOKS = """
[[hooks]]
kind = "log"
name = "journal"

[[hooks]]
kind = "email"
name = "courriel"
to = "patronne@bijoux.example"
from = "rappels@bijoux.example"
smtp = "smtp://127.0.0.1:{port}"
timeout = 10
"""


@pytest.fixture(autouse=True)
def _no_smtp_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANNER_SMTP_USER", raising=False)
    monkeypatch.delenv("PLANNER_SMTP_PASSWORD", raising=False)


def _shop(tmp_path: Path, cli: Cli, box: Mailbox, *, locale: str, campaign: str = "") -> Path:
    """A workspace made by `planner init` in France, its hooks and one campaign."""
    shop = tmp_path / "bijouterie"
    made = cli("init", str(shop), "--locale", locale, "--country", "FR", env=_env(SYNCED))
    assert made.exit_code == 0, made.output
    with (shop / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write(HOOKS.format(port=box.port))
    rule = RULE.format(locale=f'locale = "{campaign}"\n' if campaign else "")
    (shop / "rules" / "soldes.toml").write_text(rule, encoding="utf-8")
    synced = cli("sync", cwd=shop, env=_env(SYNCED))
    assert synced.exit_code == 0, synced.output
    return shop


def _env(moment: datetime) -> dict[str, str]:
    # No language chosen outright (conftest pins English for the other tests), no store URL.
    return {"PLANNER_LANG": "", "PLANNER_DB": "", "SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}


def _ran(cli: Cli, shop: Path, *args: str) -> list[str]:
    ran = cli(*args, "run", "--once", cwd=shop, env=_env(DUE))
    assert ran.exit_code == 0, ran.output
    # The log hook's own line (tab-separated, for programs) is left out.
    return [line for line in ran.stdout.splitlines() if "\t" not in line]


def test_a_french_shop_is_reminded_in_french(
    tmp_path: Path, cli: Cli, smtp_server: Callable[..., Mailbox]
) -> None:
    box = smtp_server()
    shop = _shop(tmp_path, cli, box, locale="fr")
    lines = _ran(cli, shop)
    due = "prévu 2027-01-05 09:30 Europe/Paris)"
    delivered = [line for line in lines if line.startswith("envoyé ")]
    assert len(delivered) == 2, lines
    assert all(f"{NBSP}: " in line and "(élément " in line and due in line for line in delivered)
    assert {line.split(NBSP)[0] for line in delivered} == {"envoyé journal", "envoyé courriel"}
    assert lines[-1] == "envoyés 2, à réessayer 0, en échec 0, manqués 0, incertains 0"

    (message,) = box.messages
    assert message["Content-Language"] == "fr"
    body = message.get_content()
    assert body.startswith("Les soldes arrivent\n\n"), body
    assert f"Quand{NBSP}: mardi 5 janvier 2027 à 9{NBSP}h{NBSP}30 (Europe/Paris)\n" in body
    assert f"Canal{NBSP}: Instagram\n" in body
    assert f"Étape{NBSP}: " in body and "Stage" not in body

    status = cli("status", cwd=shop, env=_env(DUE)).stdout
    assert f"rappels{NBSP}: envoyé (2)" in status, status
    assert f"à venir{NBSP}: rien en attente" in status, status
    history = cli("history", cwd=shop, env=_env(DUE)).stdout.splitlines()
    assert len(history) == 2 and all(line.startswith("envoyé ") for line in history), history


def test_lang_en_keeps_the_runner_and_the_email_in_english(
    tmp_path: Path, cli: Cli, smtp_server: Callable[..., Mailbox]
) -> None:
    box = smtp_server()
    shop = _shop(tmp_path, cli, box, locale="fr")
    lines = _ran(cli, shop, "--lang", "en")
    assert any(line.startswith("delivered courriel: ") for line in lines), lines
    assert lines[-1] == "delivered 2, retrying 0, failed 0, missed 0, in doubt 0"
    body = box.messages[0].get_content()
    assert "When: Tuesday 5 January 2027 at 09:30 (Europe/Paris)\n" in body
    assert "Stage: awareness\n" in body
    assert box.messages[0]["Content-Language"] == "en"


def test_a_french_campaign_of_an_english_shop_is_reminded_in_french(
    tmp_path: Path, cli: Cli, smtp_server: Callable[..., Mailbox]
) -> None:
    box = smtp_server()
    shop = _shop(tmp_path, cli, box, locale="en", campaign="fr")
    lines = _ran(cli, shop)
    # Each reminder in its campaign's language; the run's own summary in the shop's.
    assert sum(line.startswith("envoyé ") for line in lines) == 2, lines
    assert lines[-1] == "delivered 2, retrying 0, failed 0, missed 0, in doubt 0"
    assert f"Quand{NBSP}: mardi 5 janvier 2027" in box.messages[0].get_content()


def test_marking_an_item_done_is_said_in_french(
    tmp_path: Path, cli: Cli, smtp_server: Callable[..., Mailbox]
) -> None:
    box = smtp_server()
    shop = _shop(tmp_path, cli, box, locale="fr")
    status = cli("status", "--format", "json", cwd=shop, env=_env(SYNCED))
    assert '"pending"' in status.stdout  # what programs read stays English
    item = status.stdout.split('"item_id": "')[1].split('"')[0]
    done = cli("done", item, cwd=shop, env=_env(SYNCED))
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"fait{NBSP}: "), done.stdout
    assert done.stdout.endswith(f"{NBSP}; 2 rappels annulés\n"), done.stdout
    again = cli("skip", item, cwd=shop, env=_env(SYNCED))
    assert again.exit_code != 0
    assert f"erreur{NBSP}: l’élément {item} est déjà fait" in again.stderr, again.stderr


def test_a_reminder_due_before_the_sync_is_said_in_french(tmp_path: Path, cli: Cli) -> None:
    shop = tmp_path / "bijouterie"
    assert (
        cli("init", str(shop), "--locale", "fr", "--country", "FR", env=_env(SYNCED)).exit_code == 0
    )
    with (shop / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[[hooks]]\nkind = "log"\nname = "veille"\nlead = "1 jour"\n')
    (shop / "rules" / "soldes.toml").write_text(RULE.format(locale=""), encoding="utf-8")
    synced = cli("sync", cwd=shop, env=_env(DUE.replace(hour=7)))  # 08:00 on the day
    assert synced.exit_code == 0, synced.output
    assert synced.stderr.endswith(
        f"avertissement{NBSP}: 1 rappel du hook veille était dû avant cette synchronisation "
        f"(avance 1 jour){NBSP}; il part au prochain lancement\n"
    ), synced.stderr


def test_a_mistake_in_the_hooks_is_said_in_french_at_its_place(tmp_path: Path, cli: Cli) -> None:
    shop = tmp_path / "bijouterie"
    assert (
        cli("init", str(shop), "--locale", "fr", "--country", "FR", env=_env(SYNCED)).exit_code == 0
    )
    with (shop / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[[hooks]]\nkind = "lgo"\n')
    line = len((shop / "planner.toml").read_text(encoding="utf-8").splitlines())
    ran = cli("run", "--once", cwd=shop, env=_env(DUE))
    assert ran.exit_code == 2
    assert ran.stderr.splitlines()[:2] == [
        f"planner.toml:{line}:8: erreur{NBSP}: type de hook inconnu{NBSP}: «{NBSP}lgo{NBSP}»",
        f"  indice{NBSP}: vouliez-vous dire «{NBSP}log{NBSP}»\u202f?",
    ], ran.stderr
    english = cli("--lang", "en", "run", "--once", cwd=shop, env=_env(DUE))
    assert english.stderr.splitlines()[:2] == [
        f"planner.toml:{line}:8: error: unknown hook kind 'lgo'",
        "  hint: did you mean 'log'?",
    ], english.stderr
