"""Shared fixtures: real files in temporary workspaces, pinned dates, the real CLI, PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from .browser import launch
from .libical import Parse, reader
from .pg import PostgresServer, start_server

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # The tests that read messages read the English ones, whatever the workspace's locale (the
    # `workspace` fixture is French, for its dates and phrases) or the machine's: the language
    # is chosen outright, for the CLI in process and every process a test starts.
    # tests/test_i18n.py unsets it to test the choice itself and the French messages.
    os.environ["PLANNER_LANG"] = "en"


RULES = ROOT / "rules"
ICALJS = Path(__file__).resolve().parent / "icaljs"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace folder with a planner.toml in Paris, French, France."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "planner.toml").write_text(
        '[shop]\nname = "Test shop"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n',
        encoding="utf-8",
    )
    return tmp_path


@pytest.fixture
def write_rule(workspace: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = workspace / "rules" / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    """The real click command, in-process, with SOURCE_DATE_EPOCH pinned."""
    from planner.cli import main

    def invoke(
        *args: str,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        input: str | None = None,
    ) -> Result:
        runner = CliRunner()
        old = Path.cwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            return runner.invoke(
                main,
                list(args),
                env={"SOURCE_DATE_EPOCH": "1795046400", **(env or {})},
                input=input,
            )
        finally:
            os.chdir(old)

    return invoke


def run_planner(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m planner`` in a real process: exit codes and stderr as a user sees them;
    ``preexec_fn`` runs in the child first (to set its resource limits)."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1795046400", **(env or {})}
    full_env.pop("PLANNER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=preexec_fn,
    )


@pytest.fixture(scope="session")
def icaljs() -> Parse:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to run ical.js (tests/icaljs/); install Node.js")
    if not (ICALJS / "node_modules" / "ical.js" / "package.json").exists():
        done = subprocess.run(
            [npm, "ci", "--silent", "--no-audit", "--no-fund"],
            cwd=ICALJS,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"npm ci in {ICALJS} failed:\n{done.stdout}{done.stderr}"

    def parse(path: Path, probes: dict[str, list[str]]) -> dict[str, Any]:
        done = subprocess.run(
            [node, str(ICALJS / "check.mjs"), str(path), json.dumps(probes)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    return parse


@pytest.fixture(scope="session")
def libical() -> Parse:
    """libical through Debian's Python, strict (see tests/libical.py)."""
    return reader()


@pytest.fixture(params=["icaljs", "libical"])
def parser(request: pytest.FixtureRequest) -> Parse:
    """Each independent parser in turn: a conformance check runs once with each."""
    found: Parse = request.getfixturevalue(request.param)
    return found


POSTGRES_FIXTURES = {"postgres_server", "postgres_url", "pg_database"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Marked by use, so `pytest -m "not postgres"` deselects them without each test opting in.
    for item in items:
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL cluster for the whole session (see tests/pg.py)."""
    server = start_server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """URL of a database shared by the session: ``postgresql+psycopg://parcours@127.0.0.1:PORT/…``."""
    return postgres_server.create_database("parcours")


@pytest.fixture
def pg_database(postgres_server: PostgresServer) -> Iterator[str]:
    """URL of a fresh, empty database of its own, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    url = postgres_server.create_database(name)
    yield url
    postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Headless Chromium (a Playwright ``Browser``) for the session; see tests/browser.py."""
    with launch() as browser:
        yield browser
