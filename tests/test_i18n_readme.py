"""Every command of the README, run in a French workspace, says nothing in English.

A new shop made with ``planner init --locale fr --country FR`` goes through the README's
commands (success and failure paths: each command's ``--help``, init, new, check, plan in every
format, export, events, sync, run with a log hook, status, history, done, skip, view, publish
to a real CalDAV server, serve with a real server; then the mistakes a user makes) with the
real CLI. Two independent checks look at what it printed:

- the catalogue: every message the code asked for in French has a French translation
  (``i18n.untranslated()`` remembers those it lacked), so a message marked but not translated
  fails here even when its English looks French;
- the words: no line holds a word that only English has ("the", "items", "wrote", "error"…),
  once what the user wrote (the shop's French rules), paths, ids, options and TOML to copy are
  set aside, so a message that was never marked for translation fails too.

The bad-input corpus in French is tests/test_i18n_corpus.py; this file names the README's
commands and fails when the README gains a command it does not run.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import Result

from planner import i18n

from .processes import serving_on_any_port
from .radicale import PASSWORD, USER, Radicale
from .radicale import radicale as radicale  # the session's server, a fixture

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent
FREE = {"PLANNER_LANG": "", "PLANNER_DB": "", "PLANNER_CALDAV_USER": ""}
START = "2026-11-19"  # the cli fixture's SOURCE_DATE_EPOCH
TEXT = ("table", "markdown")  # the formats people read; CSV and JSON stay English

# Words English messages are made of and French ones never hold. Words French shares ("plan",
# "date", "page", "message", "options", "total", "conversion", "on", "an", "or", "as") are not
# here: a line may say them in French.
ENGLISH = frozenset(
    re.findall(
        r"\w+",
        "the and of to with from for is are was were not no this that its it be been has have had "
        "will would should must can cannot after before between into each every none nothing "
        "there their here which when where what how by at in if than then but any some only also "
        "more less one two three first last next new yet still per day days week weeks month "
        "months year years hour hours item items event events step steps stage stages campaign "
        "campaigns channel channels reminder reminders error errors warning warnings hint wrote "
        "written added changed removed kept created checked skipped pending delivered failed "
        "missed due found unknown missing expected got write use see try usage show print file "
        "files folder folders calendar store today tomorrow yesterday morning evening monday "
        "tuesday wednesday thursday friday saturday sunday january february april june july "
        "august october november december phone shop starts ends until since already would could "
        "did does doing nor",
    )
)

# What a line may hold that is not a message: paths and files, URLs, ids, options, TOML to copy
# (a hint's `key = value`), quoted text (the user's, or a phrase's own words).
DATA = (
    re.compile(r"«[^»]*»"),
    re.compile(r"“[^”]*”|\"[^\"]*\"|'[^'\s][^']*'"),
    re.compile(r"`[^`]*`"),
    re.compile(r"\b[a-z_]+ = .*$"),
    re.compile(r"https?://\S+|webcal://\S+|mailto:\S+"),
    re.compile(r"\S*[/\\.@]\S*"),  # paths, files, hosts, e-mail addresses
    re.compile(r"--?[a-z][\w-]*"),
    re.compile(r"\b(?:planner|main) [a-z-]+"),  # a command (CliRunner calls the program main)
    re.compile(r"\b[0-9a-f]{4,}\b"),
    re.compile(r"\b\w+_\w+\b"),  # identifiers: new_years_day, buying_cycle
    re.compile(r"\b[a-z_]+(?:, [a-z_]+){2,}"),  # a list of keys or words to choose from
    re.compile(r"\[\[?[\w.]+\]\]?"),  # a TOML table: [[steps]], [shop]
    re.compile(r"\b(?:Black Friday|Cyber Monday)\b"),  # what French calls them too
    re.compile(r"\b[A-Z]{2}(?:-\w+)?\b"),  # country codes: BE, CA-QC
    re.compile(r"^  [a-z-]+(?=  )"),  # a command in --help's list of commands
)


def english_words(text: str, own: frozenset[str]) -> list[str]:
    """The lines of ``text`` with a word only English has, and the word."""
    found = []
    for line in text.splitlines():
        bare = line
        for pattern in DATA:
            bare = pattern.sub(" ", bare)
        words = {w.casefold() for w in re.findall(r"[^\W\d_]+", bare)}
        for word in sorted((words & ENGLISH) - own):
            found.append(f"{word!r} in {line!r}")
    return found


class _Text(HTMLParser):
    """A page's visible text and the texts people read without seeing (titles, labels)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "alt", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


NOTES = """\
Noël — Bijouterie Lemoine (nos clients mettent jusqu'à 2 semaines à choisir)

1. Notoriété
   • Quand ? début décembre
   • Comment ? photos de la vitrine sur Instagram
2. Achat
   • Quand : la semaine avant Noël
   • Comment : 15 % de remise en boutique et par SMS
"""

RULE_OWNER = '[campaign]\nname = "x"\nnom = 1\n'

HOOKS = """
[[hooks]]
kind = "log"
name = "journal"
file = "livraisons.log"
lead = "60 jours"
"""


class Shop:
    """A French shop made the README's way, and everything its commands said."""

    def __init__(self, cli: Cli, root: Path) -> None:
        self.cli = cli
        self.root = root
        self.folder = root / "bijouterie"
        self.said: list[tuple[tuple[str, ...], str]] = []
        self.commands: set[str] = set()

    def run(
        self,
        *args: str,
        code: int = 0,
        cwd: Path | None = None,
        words: bool = True,
        input: str | None = None,
    ) -> Result:
        """``words``: False for output that programs read (CSV, JSON), English by design;
        ``input``: the answers of an interactive command, one a line."""
        result = self.cli(*args, cwd=cwd or self.folder, env=FREE, input=input)
        output = result.stdout + result.stderr
        assert result.exit_code == code, (args, result.exit_code, output, result.exception)
        assert "Traceback" not in output, output
        self.said.append((args, output if words else result.stderr))
        self.commands.update(a for a in args[:2] if not a.startswith("-"))
        return result

    def own_words(self) -> frozenset[str]:
        """The words the shop itself wrote (its rules, its settings), which are not messages."""
        text = "".join(
            p.read_text(encoding="utf-8") for p in self.folder.rglob("*.toml") if p.is_file()
        )
        return frozenset(w.casefold() for w in re.findall(r"[^\W\d_]+", text))


@pytest.fixture
def shop(cli: Cli, tmp_path: Path) -> Iterator[Shop]:
    before = i18n.untranslated()
    made = Shop(cli, tmp_path)
    yield made
    lacking = sorted(m for lang, m in i18n.untranslated() - before if lang == "fr")
    assert not lacking, f"asked for in French, not in planner.po: {lacking}"


def _readme_commands() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\$ planner (?:--?[\w-]+ \S+ )*([a-z][a-z-]+)", readme, re.M))


def test_every_readme_command_speaks_french_in_a_french_shop(
    shop: Shop, radicale: Radicale
) -> None:
    run = shop.run
    run(
        "init",
        "bijouterie",
        "--name",
        "Bijouterie Lemoine",
        "--locale",
        "fr",
        "--country",
        "FR",
        cwd=shop.root,
    )
    settings = shop.folder / "planner.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + HOOKS, encoding="utf-8")
    run("new", "--list")
    run("new", "Fête des mères")
    answers = [
        "fête des pères",
        "2 semaines",
        "fin mai",
        "portraits de papas sur Instagram",
        "début juin",
    ]
    answers += ["10 % de remise avec le code PAPA10, par SMS", "J-3", "vitrine", "", ""]
    run("new", "Fête des pères", "--ask", input="\n".join(answers) + "\n")
    run("new", "Rentrée", "--ask", input="septembre\ndébut mia\n", code=2)
    run("export-notes", "fete-des-peres")
    run("new", "saint-valentin", "--example", "valentines-rings")
    run("export-notes", "saint-valentin")  # what notes cannot carry: warned, in French
    (shop.folder / "notes.txt").write_text(NOTES, encoding="utf-8")
    run("import", "notes.txt")
    run("import", "notes.txt", code=2)  # the rule file is there: not without --force
    (shop.folder / "vide.txt").write_text("rien à lire ici\n", encoding="utf-8")
    run("import", "vide.txt", code=2)
    for command in sorted(_readme_commands() | {"events", "history"}):
        run(command, "--help")
    run("--help")
    run("check")
    run("check", "--start", START)
    run("plan")
    for form in ("table", "markdown", "csv", "json"):
        run("plan", "saint-valentin", "--start", START, "--format", form, words=form in TEXT)
    run("export", "-o", "fete-des-meres.ics")
    run("events", "--country", "FR", "--year", "2027")
    run("sync", "--start", START)
    run("run", "--once")
    run("status")
    run("history")
    listed = shop.cli("plan", "--format", "json", cwd=shop.folder, env=FREE).stdout
    ids = re.findall(r'"id": "([0-9a-f]+)"', listed)
    assert len(ids) >= 3, listed
    run("done", ids[1][:8])
    run("done", ids[1][:8])  # again: it says it is done already
    run("skip", ids[2][:8])
    run("view", "saint-valentin", "--start", START, "-o", "saint-valentin.html")
    calendar = radicale.make_calendar()
    caldav = ("--caldav", calendar, "--user", USER)
    password = {"PLANNER_CALDAV_PASSWORD": PASSWORD}
    for dry in (("--dry-run",), ()):
        result = shop.cli(
            "publish", "saint-valentin", *caldav, *dry, cwd=shop.folder, env={**FREE, **password}
        )
        assert result.exit_code == 0, result.output
        shop.said.append((("publish", *dry), result.stdout + result.stderr))
    shop.commands.add("publish")

    # What goes wrong: each is said in French at its place.
    run("plan", "nope", code=2)
    (shop.folder / "rules" / "cassee.toml").write_text(RULE_OWNER, encoding="utf-8")
    run("check", "cassee", code=2)
    (shop.folder / "rules" / "cassee.toml").write_text(
        '[campaign]\nname = "Cassée"\n\n[[steps]]\nstage = "awareness"\nchannel = "instagram"\n'
        'content = "Photos"\nwhen = "mi-janvir"\n',
        encoding="utf-8",
    )
    run("plan", "cassee", code=2)
    (shop.folder / "rules" / "cassee.toml").unlink()
    run("plan", "--start", "2026-13-01", code=2)
    run("export", "--alarm", "bientôt", code=2)
    run("plan", "--nope", code=2)
    run("plan", "--format", "pdf", code=2)
    run("done", code=2)
    run("done", "ffffffff", code=2)
    run("init", "bijouterie", cwd=shop.root, code=2)
    run("events", "--country", "XX", code=2)
    run("publish", "saint-valentin", "--dry-run", code=2)  # no calendar named
    run("nope", code=2)

    own = shop.own_words()
    page = (shop.folder / "saint-valentin.html").read_text(encoding="utf-8")
    shop.said.append((("view (page)",), page_text(page)))
    with serving_on_any_port(shop.folder, {**_environ(), **FREE}) as (url, first):
        shop.said.append((("serve",), "".join(first)))
        with urllib.request.urlopen(url, timeout=60) as response:
            shop.said.append((("serve (page)",), page_text(response.read().decode("utf-8"))))
    shop.commands.add("serve")

    english = [
        f"planner {' '.join(args)}: {hit}"
        for args, out in shop.said
        for hit in english_words(out, own)
    ]
    assert not english, "\n".join(english)
    missing = _readme_commands() - shop.commands
    assert not missing, f"README commands this test does not run: {sorted(missing)}"


def _environ() -> dict[str, str]:
    import os

    return {**os.environ, "SOURCE_DATE_EPOCH": "1795046400"}


@pytest.mark.parametrize(
    ("line", "english"),
    [
        ("wrote 8 events to fete.ics", ["events", "to", "wrote"]),
        ("8 événements écrits dans fete.ics", []),
        ("rules/x.toml:3:1: erreur : clé inconnue « nom » dans [campaign]", []),
        ('  indice : par exemple at = "11:00"', []),
        ("Phone — Installer la vitrine", ["phone"]),
        ("Usage: planner plan [OPTIONS] [RULES]...", ["usage"]),
    ],
)
def test_the_word_check_sees_english_and_only_english(line: str, english: list[str]) -> None:
    assert [hit.split("'")[1] for hit in english_words(line, frozenset())] == english
