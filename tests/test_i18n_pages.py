"""The pages in the shop's language (#13): `planner view` and `planner serve` of a French
workspace made by `planner init --locale fr`, the served page's buttons answered in French by
a real server, and --lang / PLANNER_LANG holding over a campaign's locale."""

from __future__ import annotations

import http.client
import os
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from click.testing import Result

from .conftest import ROOT
from .processes import serving_on_any_port

Cli = Callable[..., Result]
FREE = {"PLANNER_LANG": ""}  # no language chosen outright: the workspace and campaigns decide
NBSP = "\u00a0"
T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _french_shop(cli: Cli, tmp_path: Path) -> Path:
    root = tmp_path / "bijouterie"
    made = cli("init", str(root), "--locale", "fr", "--country", "FR", env=FREE)
    assert made.exit_code == 0, made.output
    shutil.copy(ROOT / "rules" / "valentines-rings.toml", root / "rules")
    return root


def test_a_french_workspace_views_its_plan_in_french(cli: Cli, tmp_path: Path) -> None:
    root = _french_shop(cli, tmp_path)
    out = root / "plan.html"
    result = cli("view", "--start", "2026-12-01", "-o", str(out), cwd=root, env=FREE)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"8 éléments de 1 campagne(s) sur 1 mois écrits dans {out}\n"
    page = out.read_text("utf-8")
    assert '<html lang="fr">' in page
    for words in ("Parcours client", 'aria-label="Mois"', "Étapes du parcours", "8 éléments"):
        assert words in page, words
    assert f"cycle d’achat{NBSP}: 30 jours avant l’ancre" in page
    assert "Journey map" not in page and "Months" not in page


def test_lang_holds_over_the_campaigns_locale_on_the_page(cli: Cli, tmp_path: Path) -> None:
    root = _french_shop(cli, tmp_path)
    out = root / "plan.html"
    args = ("view", "--start", "2026-12-01", "-o", str(out))
    assert cli("--lang", "en", *args, cwd=root, env=FREE).exit_code == 0
    page = out.read_text("utf-8")
    assert '<html lang="en">' in page and "Journey map" in page and "8 items" in page
    assert "buying cycle: 30 days before the anchor" in page and "Parcours client" not in page
    assert cli(*args, cwd=root, env={"PLANNER_LANG": "en"}).exit_code == 0
    assert out.read_text("utf-8") == page


class _Client:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            body = urlencode(form) if form is not None else None
            headers = {"Content-Type": "application/x-www-form-urlencoded"} if form else {}
            conn.request(method, path, body=body, headers=headers)
            reply = conn.getresponse()
            text = reply.read().decode("utf-8")
            return reply.status, text, {k.lower(): v for k, v in reply.getheaders()}
        finally:
            conn.close()


def test_the_served_page_and_its_buttons_answer_in_french(cli: Cli, tmp_path: Path) -> None:
    root = _french_shop(cli, tmp_path)
    env = {**os.environ, **FREE, "SOURCE_DATE_EPOCH": str(int(T0.timestamp()))}
    with serving_on_any_port(root, env) as (url, said):
        assert said[0].startswith("8 éléments planifiés"), said
        assert said[1].startswith(f"{root} servi sur http://127.0.0.1:"), said
        client = _Client(url)
        status, page, _headers = client.request("GET", "/?month=2027-01")
        assert status == 200
        assert '<html lang="fr">' in page
        for words in ("Les éléments du mois", ">Fait</button>", ">Ignorer</button>", "Rappels"):
            assert words in page, words
        assert "S’abonner dans votre agenda" in page and f"Éléments{NBSP}:" in page
        assert "This month" not in page and ">Done</button>" not in page
        [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{64})"', page))
        first = re.findall(r'id="item-(\w+)" data-state="pending"', page)[0]
        form = {"csrf": csrf, "month": "2027-01"}
        status, _text, headers = client.request("POST", f"/items/{first}/done", form)
        assert status == 303 and headers["location"] == f"/?month=2027-01#item-{first}"
        status, page, _headers = client.request("GET", "/?month=2027-01")
        assert '<span class="state">fait</span>' in page
        # The other button on a page opened before: refused, in French, with a way on.
        status, conflict, _headers = client.request("POST", f"/items/{first}/skip", form)
        assert status == 409
        assert "<h2>Déjà marqué</h2>" in conflict
        assert f"est déjà marqué fait{NBSP}: il le reste." in conflict
        assert "Le marquer ignoré à la place" in conflict and "Retour à la page" in conflict
        # The server's own refusals too.
        status, said, _headers = client.request("GET", "/?month=janvier")
        assert (status, said) == (400, "le mois s’écrit YYYY-MM\n")
        status, said, _headers = client.request("POST", f"/items/{first}/skip", {"month": "x"})
        assert (status, said) == (403, f"refusé{NBSP}: ce formulaire ne vient pas de la page\n")


def test_the_served_page_in_english_when_chosen(cli: Cli, tmp_path: Path) -> None:
    root = _french_shop(cli, tmp_path)
    env = {**os.environ, "PLANNER_LANG": "en", "SOURCE_DATE_EPOCH": str(int(T0.timestamp()))}
    with serving_on_any_port(root, env) as (url, said):
        assert said[0].startswith("planned 8 items; store: added 8"), said
        status, page, _headers = _Client(url).request("GET", "/?month=2027-01")
        assert status == 200 and '<html lang="en">' in page
        assert "This month&#39;s items" in page and ">Done</button>" in page
        assert "Les éléments du mois" not in page
