"""The bad-input corpus: every file in tests/bad/ is one mistake a user can make.

Whatever is wrong, the real CLI must say where (``path:line:col: error: …``, or ``path: error: …``
for the file as a whole), say how to fix it (a ``hint:`` line), exit 2 without a traceback, and
write nothing: ``plan`` prints no calendar, ``export`` neither creates its file nor touches an
old one, and ``sync`` (``run`` for the runner's settings) creates no store.

Each file carries its expectation in its first line, ``# error: LINE:COL: <part of the message>``,
optionally followed by ``# hint: <part of the hint>`` or ``# hint-matches: <regex>``. Files in
``bad/`` are rule files; ``bad/settings/`` holds planner.toml files and ``bad/channels/`` channel
files (installed as channels/instagram.toml), each planned with a good rule file; ``bad/hooks/``
holds planner.toml files that only the commands firing hooks read (``sync``, and ``run`` for
[runner]). The cases that cannot carry a comment (an empty file, command-line options) and the
big inputs generated here are in the tables below.

Any input must be answered in bounded time and memory: the cases also run in real processes
under a limit on their address space (MEMORY), so that work without a bound fails the test
instead of swapping. The big generated inputs (nesting 500 deep, dotted keys of 12,000 parts,
a daily step until 9999) run only there.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import run_planner
from .processes import PATIENCE

BAD = Path(__file__).parent / "bad"
START = "2026-12-01"
BOM = b"\xef\xbb\xbf"
# Inherits time zone, locale and country from planner.toml, so that settings cases matter.
GOOD_RULE = """[campaign]
name = "Saint-Valentin"
anchor = "valentines_day"
journey = "3-stage"

[[step]]
stage = "sensibilisation"
when = "début janvier"
channels = ["instagram"]
content = "Bagues"
"""
OLD_ICS = "BEGIN:VCALENDAR\r\nX-TEST:the previous export\r\nEND:VCALENDAR\r\n"

_EXPECT = re.compile(r"^# error: (?:(\d+):(\d+): )?(.+)$")


@dataclass(frozen=True)
class Case:
    id: str
    install: Callable[[Path], None]  # writes the case's files into a fresh workspace
    plan: tuple[str, ...] | None  # argv of the `plan` run; None when it does not apply
    export: tuple[str, ...] | None  # argv of the `export` run, without -o
    shown: str  # how the message names the file (or option) at fault
    line: int | None  # None: the message is about the whole file
    col: int | None
    message: str
    hint: str = ""
    hint_pattern: str = ""
    xfail: str = ""
    sync: tuple[str, ...] | None = None  # argv of a command that would create the store
    heavy: bool = False  # a big generated input: only in a real process, under MEMORY


def _commands(*rules: str) -> dict[str, tuple[str, ...]]:
    return {
        "plan": ("plan", *rules, "--start", START),
        "export": ("export", *rules, "--start", START),
        "sync": ("sync", *rules, "--start", START),
    }


def _expectation(path: Path) -> tuple[int | None, int | None, str, str, str]:
    lines = path.read_bytes().removeprefix(BOM).decode("utf-8", "replace").splitlines()
    found = _EXPECT.match(lines[0]) if lines else None
    if found is None:
        raise ValueError(f"{path}: the first line must be '# error: LINE:COL: <message>'")
    line, col, message = found.groups()
    hint = pattern = ""
    second = lines[1] if len(lines) > 1 else ""
    if second.startswith("# hint: "):
        hint = second.removeprefix("# hint: ")
    elif second.startswith("# hint-matches: "):
        pattern = second.removeprefix("# hint-matches: ")
    return (int(line) if line else None, int(col) if col else None, message, hint, pattern)


# Rule-file cases that need other shop settings than the workspace fixture's.
SETTINGS_FOR = {
    "event-needs-a-country.toml": '[shop]\ntimezone = "Europe/Paris"\nlocale = "fr"\n',
}


def _copy(source: Path, target: str) -> Callable[[Path], None]:
    def install(ws: Path) -> None:
        (ws / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, ws / target)
        if source.name in SETTINGS_FOR and source.parent == BAD:
            (ws / "planner.toml").write_text(SETTINGS_FOR[source.name], encoding="utf-8")

    return install


def _with_good_rule(source: Path, target: str) -> Callable[[Path], None]:
    copy = _copy(source, target)

    def install(ws: Path) -> None:
        (ws / "rules" / "good.toml").write_text(GOOD_RULE, encoding="utf-8")
        copy(ws)

    return install


# Where a known defect lives in a module this corpus may not change (phrases/, events): the
# case stays in the corpus, strict, so that it turns red the day it is fixed. None just now.
XFAIL: dict[str, str] = {}


# Files that cannot carry a first-line comment: (line, col, message).
UNCOMMENTED = {
    "empty.toml": (1, 1, "the file is empty"),
    "blank-lines.toml": (1, 1, "the file is empty"),
}


def _hook_commands(path: Path, rule: str) -> dict[str, tuple[str, ...] | None]:
    # Only the commands that fire hooks read these tables: a mistake there does not stop plan.
    if path.name.startswith("runner-"):
        return {"plan": None, "export": None, "sync": ("run", "--once")}
    return {"plan": None, "export": None, "sync": ("sync", rule, "--start", START)}


def _file_cases() -> list[Case]:
    cases = []
    folders = (
        (BAD, lambda p: f"rules/{p.name}", _copy),
        (BAD / "settings", lambda p: "planner.toml", _with_good_rule),
        (BAD / "channels", lambda p: "channels/instagram.toml", _with_good_rule),
        (BAD / "hooks", lambda p: "planner.toml", _with_good_rule),
    )
    for folder, target_of, installer in folders:
        for path in sorted(folder.glob("*.toml")):
            if folder == BAD and path.name in UNCOMMENTED:
                continue
            target = target_of(path)
            rule = f"rules/{path.name}" if folder == BAD else "rules/good.toml"
            line, col, message, hint, pattern = _expectation(path)
            name = path.stem if folder == BAD else f"{folder.name}/{path.stem}"
            commands = _commands(rule)
            if folder.name == "hooks":
                commands = _hook_commands(path, rule)
            cases.append(
                Case(
                    name,
                    installer(path, target),
                    **commands,
                    shown=target,
                    line=line,
                    col=col,
                    message=message,
                    hint=hint,
                    hint_pattern=pattern,
                    xfail=XFAIL.get(name, ""),
                )
            )
    return cases


def _write_huge(ws: Path) -> None:
    # Valid TOML all the way: the size alone must be refused, before parsing.
    step = '\n[[step]]\nstage = "awareness"\nwhen = "early January"\n'
    step += 'channels = ["instagram"]\ncontent = "' + "x" * 1000 + '"\n'
    text = GOOD_RULE + step * 2000
    assert len(text.encode()) > 2_000_000
    (ws / "rules" / "huge.toml").write_text(text, encoding="utf-8")


SHOP = '[shop]\nname = "Test shop"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n'


def _writes(files: dict[str, str]) -> Callable[[Path], None]:
    """An installer writing ``files`` (path in the workspace → text), with the good rule."""

    def install(ws: Path) -> None:
        (ws / "rules" / "good.toml").write_text(GOOD_RULE, encoding="utf-8")
        for name, text in files.items():
            (ws / name).parent.mkdir(parents=True, exist_ok=True)
            (ws / name).write_text(text, encoding="utf-8")

    return install


def _generated(
    name: str,
    files: dict[str, str],
    shown: str,
    at: tuple[int, int],
    message: str,
    hint: str,
    rule: str | None = "rules/good.toml",
    heavy: bool = True,
) -> Case:
    """An input written by the test rather than committed; a big one runs only in real
    processes. ``rule`` None plans the whole workspace."""
    return Case(
        f"generated/{name}",
        _writes(files),
        **_commands(*([rule] if rule else [])),
        shown=shown,
        line=at[0],
        col=at[1],
        message=message,
        hint=hint,
        heavy=heavy,
    )


def _dots(parts: int) -> str:
    return ".".join(["a"] * parts)


NESTED = "lists and tables nested more than 32 deep"
DOTTED = "a key of more than 32 parts joined by dots"


DAILY = """[campaign]
name = "Daily {n}"
anchor = "asap"

[[step]]
stage = "awareness"
when = "from 2027-01-01 to 2027-12-31"
every = "1 day"
channels = ["post"]
content = "Post {n}"
"""
# Three campaigns of 365 items each, and the good rule's one, against a limit of 1,000.
OVER_ITEMS = {
    "planner.toml": SHOP + "\n[limits]\nitems = 1000\n",
    "channels/post.toml": 'name = "Post"\n',
    **{f"rules/daily{n}.toml": DAILY.format(n=n) for n in (1, 2, 3)},
}


def _generated_cases() -> list[Case]:
    return [
        # Counted as the items are made, every campaign of the plan together.
        _generated(
            "items-over-the-limit",
            OVER_ITEMS,
            "rules/daily3.toml",
            (8, 10),
            "the plan has more than 1,000 items, the limit of [limits] items, once step 1 "
            "(awareness) adds its own",
            "set [limits] items = 2000 in planner.toml",
            rule=None,
            heavy=False,
        ),
        # tomllib recursed once per level: a RecursionError from a 1 KB file.
        _generated(
            "toml-lists-nested-500-deep",
            {"rules/deep.toml": GOOD_RULE + "offer = " + "[" * 500 + "]" * 500 + "\n"},
            "rules/deep.toml",
            (11, 9 + 32),
            NESTED,
            "look for a run of [ or {",
            rule="rules/deep.toml",
        ),
        _generated(
            "toml-inline-tables-nested-500-deep",
            {"planner.toml": SHOP + "x = " + "{a = " * 500 + "1" + "}" * 500 + "\n"},
            "planner.toml",
            (6, 5 + 32 * 5),
            NESTED,
            "look for a run of [ or {",
        ),
        # tomllib took time and memory quadratic in the parts of a dotted key.
        _generated(
            "toml-dotted-key-12000-parts",
            {"rules/dots.toml": GOOD_RULE + _dots(12_000) + " = 1\n"},
            "rules/dots.toml",
            (11, 1),
            DOTTED,
            "look for a run of dots",
            rule="rules/dots.toml",
        ),
        _generated(
            "toml-dotted-key-30000-parts",
            {"planner.toml": SHOP + _dots(30_000) + " = 1\n"},
            "planner.toml",
            (6, 1),
            DOTTED,
            "look for a run of dots",
        ),
        _generated(
            "toml-dotted-table-name-12000-parts",
            {"channels/instagram.toml": "[" + _dots(12_000) + "]\n"},
            "channels/instagram.toml",
            (1, 1),
            DOTTED,
            "look for a run of dots",
        ),
        # Python refuses to convert an integer of more than 4,300 digits: a ValueError that
        # was not a syntax error.
        _generated(
            "toml-number-5000-digits",
            {"rules/number.toml": GOOD_RULE + "offer = " + "9" * 5000 + "\n"},
            "rules/number.toml",
            (11, 9),
            "invalid TOML: a number of more than 100 digits",
            "look for a run of digits",
            rule="rules/number.toml",
        ),
        # Found by this corpus: a line of a list that looks like a table header to the key
        # scanner, with a long run of spaces, took time quadratic in its length.
        _generated(
            "toml-long-line-in-a-list",
            {
                "rules/long.toml": GOOD_RULE.replace(
                    'channels = ["instagram"]',
                    'channels = [\n["instagram"' + " " * 300_000 + ', "email"],\n]',
                )
            },
            "rules/long.toml",
            (9, 12),
            "channels must be a non-empty list of channel names",
            "channels = [",
            rule="rules/long.toml",
        ),
    ]


GENERATED = {"huge-file"} | {c.id for c in _generated_cases()}


def _install_good(ws: Path) -> None:
    (ws / "rules" / "good.toml").write_text(GOOD_RULE, encoding="utf-8")


def _table_cases() -> list[Case]:
    cases = [
        Case(
            name.removesuffix(".toml"),
            _copy(BAD / name, f"rules/{name}"),
            **_commands(f"rules/{name}"),
            shown=f"rules/{name}",
            line=line,
            col=col,
            message=message,
        )
        for name, (line, col, message) in UNCOMMENTED.items()
    ]
    cases += [
        Case(
            "huge-file",
            _write_huge,
            **_commands("rules/huge.toml"),
            shown="rules/huge.toml",
            line=None,
            col=None,
            message="file is too large",
            hint="split big plans",
        ),
        Case(
            "cli/start-month-13",
            _install_good,
            plan=("plan", "good", "--start", "2026-13-01"),
            export=("export", "good", "--start", "2026-13-01"),
            sync=("sync", "good", "--start", "2026-13-01"),
            shown="--start",
            line=None,
            col=None,
            message="'2026-13-01' is not a date: month must be in 1..12",
            hint="YYYY-MM-DD",
        ),
        Case(
            "cli/start-9999-12-31",
            _install_good,
            plan=("plan", "good", "--start", "9999-12-31"),
            export=("export", "good", "--start", "9999-12-31"),
            sync=("sync", "good", "--start", "9999-12-31"),
            shown="--start",
            line=None,
            col=None,
            message="the year 9999 is out of range",
            hint="Parcours plans from 1900 to 2200",
        ),
        Case(
            "cli/start-not-a-date",
            _install_good,
            plan=("plan", "good", "--start", "tomorrow"),
            export=("export", "good", "--start", "tomorrow"),
            sync=("sync", "good", "--start", "tomorrow"),
            shown="--start",
            line=None,
            col=None,
            message="'tomorrow' is not a date",
            hint="YYYY-MM-DD",
        ),
        Case(
            "cli/alarm-soon",
            _install_good,
            plan=None,
            export=("export", "good", "--start", START, "--alarm", "soon"),
            shown="--alarm",
            line=None,
            col=None,
            message="'soon' does not start a duration",
            hint="30 min",
        ),
        Case(
            # "0" said no reminder while "0 min" gave one at the start: refused, both named.
            "cli/alarm-bare-zero",
            _install_good,
            plan=None,
            export=("export", "good", "--start", START, "--alarm", "0"),
            shown="--alarm",
            line=None,
            col=None,
            message="'0' could mean no reminder or one at the start",
            hint="--alarm none",
        ),
        Case(
            "cli/alarm-310-digits",
            _install_good,
            plan=None,
            export=("export", "good", "--start", START, "--alarm", "9" * 310 + " minutes"),
            shown="--alarm",
            line=None,
            col=None,
            message="a number of more than 9 digits",
            hint="or a year, e.g. '30 ",
        ),
        Case(
            "cli/alarm-99999999-days",
            _install_good,
            plan=None,
            export=("export", "good", "--start", START, "--alarm", "99999999 days"),
            shown="--alarm",
            line=None,
            col=None,
            message="this duration is longer than ten years",
            hint="'30 days' or '48 hours'",
        ),
        Case(
            "cli/unknown-rules-name",
            _install_good,
            **_commands("valentine-rings"),
            shown="valentine-rings",
            line=None,
            col=None,
            message="no such rule file or campaign",
            hint="did you mean 'valentines-rings'?",
        ),
        Case(
            "cli/missing-workspace",
            _install_good,
            plan=("--workspace", "nowhere", "plan", "good", "--start", START),
            export=("--workspace", "nowhere", "export", "good", "--start", START),
            sync=("--workspace", "nowhere", "sync", "good", "--start", START),
            shown="nowhere",
            line=None,
            col=None,
            message="workspace folder does not exist",
            hint="planner init",
        ),
    ]
    return cases


# Closure files (bad/closures/), listed in planner.toml and planned with a rule whose channel
# needs the shop open. An .ics cannot carry a comment: its expectation is here.
CLOSURE_RULE = GOOD_RULE.replace('"instagram"', '"in_store"')
ICS_EXPECTED = {
    "garbage.ics": (None, None, "not a valid iCalendar file", "export the closures again"),
    "truncated.ics": (None, None, "not a valid iCalendar file", "export the closures again"),
    "event-without-calendar.ics": (None, None, "not an iCalendar file", "BEGIN:VCALENDAR"),
    "bad-date.ics": (5, 9, "has a DTSTART that is not a date", "20270501"),
    "bad-rrule.ics": (8, 7, "has a broken RRULE", "FREQ=WEEKLY"),
}


def _install_closure(source: Path) -> Callable[[Path], None]:
    def install(ws: Path) -> None:
        (ws / "calendars").mkdir(exist_ok=True)
        shutil.copyfile(source, ws / "calendars" / source.name)
        (ws / "rules" / "good.toml").write_text(CLOSURE_RULE, encoding="utf-8")
        (ws / "planner.toml").write_text(
            '[shop]\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n'
            f'closures = ["calendars/{source.name}"]\n',
            encoding="utf-8",
        )

    return install


def _closure_cases() -> list[Case]:
    cases = []
    for path in sorted((BAD / "closures").iterdir()):
        if path.suffix == ".ics":
            line, col, message, hint = ICS_EXPECTED[path.name]
            pattern = ""
        else:
            line, col, message, hint, pattern = _expectation(path)
        cases.append(
            Case(
                f"closures/{path.name}",
                _install_closure(path),
                **_commands("rules/good.toml"),
                shown=f"calendars/{path.name}",
                line=line,
                col=col,
                message=message,
                hint=hint,
                hint_pattern=pattern,
            )
        )
    return cases


CASES = _file_cases() + _table_cases() + _closure_cases() + _generated_cases()


def _params(cases: list[Case]) -> list[object]:
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [],
        )
        for case in cases
    ]


@pytest.fixture
def bad_workspace(workspace: Path) -> Path:
    """A workspace in Paris, French, France, with an empty channels/ folder."""
    (workspace / "channels").mkdir()
    return workspace


def _check_report(case: Case, result: Result) -> None:
    everything = f"{result.stdout}\n{result.stderr}"
    assert "Traceback" not in everything
    assert result.exit_code == 2, everything
    # Click records how the command ended; anything but its own exit is an escaped exception.
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert lines, "nothing on stderr"
    where = case.shown if case.line is None else f"{case.shown}:{case.line}:{case.col}"
    assert lines[0].startswith(f"{where}: error: "), lines[0]
    assert case.message in lines[0]
    hints = [line for line in lines[1:] if line.startswith("  hint: ")]
    assert hints, f"no hint after: {lines[0]}"
    assert case.hint in hints[0]
    if case.hint_pattern:
        assert re.search(case.hint_pattern, hints[0]), hints[0]


def test_the_corpus_is_large_and_every_file_is_a_case() -> None:
    generated = [c for c in CASES if c.id in GENERATED or c.id.startswith("cli/")]
    assert len(CASES) >= 70
    files = [*BAD.rglob("*.toml"), *BAD.rglob("*.ics")]
    assert len(files) == len(CASES) - len(generated)
    assert set(ICS_EXPECTED) == {p.name for p in BAD.rglob("*.ics")}
    assert len({c.id for c in CASES}) == len(CASES)


def _light(cases: list[Case]) -> list[Case]:
    return [c for c in cases if not c.heavy]


@pytest.mark.parametrize("case", _params(_light([c for c in CASES if c.plan is not None])))
def test_plan_reports_the_mistake_and_prints_no_calendar(
    case: Case, bad_workspace: Path, cli: Callable[..., Result]
) -> None:
    case.install(bad_workspace)
    assert case.plan is not None
    result = cli(*case.plan, cwd=bad_workspace)
    _check_report(case, result)
    assert result.stdout == ""


@pytest.mark.parametrize("case", _params(_light([c for c in CASES if c.plan is not None])))
def test_check_reports_the_mistake_that_plan_reports(
    case: Case, bad_workspace: Path, cli: Callable[..., Result]
) -> None:
    """check finds every mistake plan stops at: none is left for plan to crash on."""
    case.install(bad_workspace)
    assert case.plan is not None
    argv = tuple("check" if arg == "plan" else arg for arg in case.plan)
    _check_report(case, cli(*argv, cwd=bad_workspace))


EXPORTED = _light([c for c in CASES if c.export is not None])


@pytest.mark.parametrize("case", _params(EXPORTED))
def test_export_reports_the_mistake_and_creates_no_file(
    case: Case,
    bad_workspace: Path,
    tmp_path_factory: pytest.TempPathFactory,
    cli: Callable[..., Result],
) -> None:
    case.install(bad_workspace)
    out = tmp_path_factory.mktemp("out")
    target = out / "plan.ics"
    assert case.export is not None
    result = cli(*case.export, "-o", str(target), cwd=bad_workspace)
    _check_report(case, result)
    assert list(out.iterdir()) == []  # neither the file nor a temporary one


@pytest.mark.parametrize("case", _params(EXPORTED))
def test_export_leaves_the_previous_file_as_it_was(
    case: Case,
    bad_workspace: Path,
    tmp_path_factory: pytest.TempPathFactory,
    cli: Callable[..., Result],
) -> None:
    case.install(bad_workspace)
    out = tmp_path_factory.mktemp("out")
    target = out / "plan.ics"
    target.write_bytes(OLD_ICS.encode())
    assert case.export is not None
    result = cli(*case.export, "-o", str(target), cwd=bad_workspace)
    _check_report(case, result)
    assert target.read_bytes() == OLD_ICS.encode()
    assert list(out.iterdir()) == [target]


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", _params(_light([c for c in CASES if c.sync is not None])))
def test_sync_reports_the_mistake_and_creates_no_store(
    case: Case, bad_workspace: Path, cli: Callable[..., Result]
) -> None:
    case.install(bad_workspace)
    before = _files(bad_workspace)
    assert case.sync is not None
    result = cli(*case.sync, cwd=bad_workspace, env={"PLANNER_DB": ""})
    _check_report(case, result)
    assert _files(bad_workspace) == before  # no planner.db, no journal, no .planner/


# One of each kind of failure, through a real process: what a user's terminal shows.
IN_A_PROCESS = [
    "every-day-to-9999",
    "every-day-to-2200",
    "generated/items-over-the-limit",
    "when-9999-12-31",
    "duration-310-digits",
    "buying-cycle-99999999-days",
    "hooks/runner-grace-310-digits",
    "hooks/lead-99999999-days",
    "cli/alarm-310-digits",
    "toml-unterminated-string",
    "non-utf8",
    "unknown-stage-fr",
    "phrase-mi-janvir",
    "cycle-between-steps",
    "template-payload",
    "settings/bad-timezone",
    "cli/start-month-13",
]
MEMORY = 1 << 30  # bytes of address space a planner process may use in these tests


def _limited() -> None:
    """In the child, before planner starts: work without a bound fails instead of swapping."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run_limited(argv: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_planner(*argv, cwd=cwd, preexec_fn=_limited)


def _check_process(case: Case, done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 2, done.stderr[-2000:]
    where = case.shown if case.line is None else f"{case.shown}:{case.line}:{case.col}"
    assert done.stderr.startswith(f"{where}: error: "), done.stderr[-2000:]
    assert case.message in done.stderr.splitlines()[0]
    hints = [line for line in done.stderr.splitlines()[1:] if line.startswith("  hint: ")]
    assert hints, done.stderr
    assert case.hint in hints[0]


IN_PROCESSES = [c for c in CASES if c.id in IN_A_PROCESS or c.heavy]


@pytest.mark.parametrize("case", _params(IN_PROCESSES))
def test_a_real_process_shows_no_traceback_and_stays_within_memory(
    case: Case, bad_workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    case.install(bad_workspace)
    before = _files(bad_workspace)
    if case.plan is not None:
        done = _run_limited(case.plan, bad_workspace)
        _check_process(case, done)
        assert done.stdout == ""
    if case.export is not None:
        out = tmp_path_factory.mktemp("out")
        argv = (*case.export, "-o", str(out / "plan.ics"))
        _check_process(case, _run_limited(argv, bad_workspace))
        assert list(out.iterdir()) == []
    if case.sync is not None:
        _check_process(case, _run_limited(case.sync, bad_workspace))
    assert _files(bad_workspace) == before


def test_serve_checks_planner_toml_before_it_creates_the_store(bad_workspace: Path) -> None:
    """serve writes the store (and syncs into it) as soon as it starts: a hook it cannot
    read must stop it first, as it stops sync and run."""
    shutil.copyfile(BAD / "hooks" / "unknown-kind.toml", bad_workspace / "planner.toml")
    _install_good(bad_workspace)
    before = _files(bad_workspace)
    done = subprocess.run(
        [sys.executable, "-m", "planner", "serve", "--port", "0"],
        cwd=bad_workspace,
        capture_output=True,
        text=True,
        check=False,
        timeout=PATIENCE,  # a server that started would wait for ever: not a speed limit
        preexec_fn=_limited,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("planner.toml:8:8: error: unknown hook kind 'sms-gateway'")
    assert _files(bad_workspace) == before


def test_the_memory_limit_stops_a_runaway_process(tmp_path: Path) -> None:
    """The limit the cases run under is real: a child that asks for more fails."""
    done = subprocess.run(
        [sys.executable, "-c", "x = bytearray(2 * (1 << 30))"],
        cwd=tmp_path,
        preexec_fn=_limited,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "MemoryError" in done.stderr


@pytest.mark.parametrize("limit", [1000, 500])
@pytest.mark.parametrize(
    "argv",
    [
        ("export", "-j", "2", "-o", "plan.ics"),
        ("export", "-j", "1", "-o", "plan.ics"),
        ("view", "-o", "plan.html"),
        ("check",),
    ],
    ids=["export-2-cores", "export-1-core", "view", "check"],
)
def test_the_items_limit_is_the_same_error_whatever_the_command_and_the_cores(
    argv: tuple[str, ...], limit: int, bad_workspace: Path, cli: Callable[..., Result]
) -> None:
    """Two cores plan the three campaigns apart (their channel has no cap), each counting
    only its own items: the error must still be the one a single core finds. With 1,000, no
    core alone goes over; with 500, one does, in another campaign than the limit is crossed."""
    files = {**OVER_ITEMS, "planner.toml": SHOP + f"\n[limits]\nitems = {limit}\n"}
    _writes(files)(bad_workspace)
    before = _files(bad_workspace)
    result = cli(*argv, "--start", START, cwd=bad_workspace)
    assert result.exit_code == 2, result.output
    crossed = "daily3" if limit == 1000 else "daily2"
    assert result.stderr.startswith(
        f"rules/{crossed}.toml:8:10: error: the plan has more than {limit:,} items"
    ), result.stderr
    assert f"set [limits] items = {2 * limit} in planner.toml" in result.stderr
    assert _files(bad_workspace) == before


LASTING = """[campaign]
name = "Lasting"
anchor = "asap"

[[step]]
stage = "awareness"
when = "from 2027-01-01 to 2040-01-01"
every = "1 day"
channels = ["post"]
content = "Post"
duration = "3650 days"
"""


def test_the_calendar_draws_at_most_the_items_limit(bad_workspace: Path) -> None:
    """4,749 items of ten years each, within every limit of the plan, are drawn on 17 million
    days of the calendar (an item is drawn on each day it lasts): view took a minute and
    630 MB to write a page of 100 MB. It stops after [limits] items drawn."""
    _writes({"channels/post.toml": 'name = "Post"\n', "rules/lasting.toml": LASTING})(bad_workspace)
    before = _files(bad_workspace)
    done = _run_limited(("view", "lasting", "--start", START, "-o", "plan.html"), bad_workspace)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.startswith(
        "rules/lasting.toml:11:13: error: the calendar would draw more than 200,000 items, "
        "the limit of [limits] items (an item is drawn on each day it lasts)"
    ), done.stderr
    assert "set [limits] items = 400000 in planner.toml" in done.stderr
    assert _files(bad_workspace) == before


LONG = "a" * 300  # more than the 255 bytes a file name may have


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (("plan", LONG), LONG),
        (("export", f"rules/{LONG}.toml", "-o", "plan.ics"), f"rules/{LONG}.toml"),
        (("export", "good", "--start", START, "-o", f"{LONG}.ics"), f"{LONG}.ics"),
        (("view", "good", "--start", START, "-o", f"{LONG}.html"), f"{LONG}.html"),
        (("--workspace", LONG, "plan", "good"), LONG),
        (("sync", "good", "--start", START, "--db", f"sqlite:///{LONG}.db"), "--db"),
        (("new", LONG), "NAME"),
        (("init", LONG), LONG),
    ],
    ids=["rules", "rule-file", "export-output", "view-output", "workspace", "db", "new", "init"],
)
def test_a_name_the_file_system_refuses_is_a_positioned_error(
    argv: tuple[str, ...], shown: str, bad_workspace: Path, cli: Callable[..., Result]
) -> None:
    """A name too long for a file ended in OSError ENAMETOOLONG, wherever a user gives one."""
    _install_good(bad_workspace)
    before = _files(bad_workspace)
    result = cli(*argv, cwd=bad_workspace)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.startswith(f"{shown}: error: "), result.stderr
    assert "is not a name the file system takes: a part of it is 30" in result.stderr
    assert "\n  hint: choose a shorter name" in result.stderr
    assert _files(bad_workspace) == before


def test_a_clock_past_2200_is_refused(bad_workspace: Path, cli: Callable[..., Result]) -> None:
    _install_good(bad_workspace)
    result = cli("plan", "good", cwd=bad_workspace, env={"SOURCE_DATE_EPOCH": "253402000000"})
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH is a time in 9999: Parcours plans from 1900 to 2200" in (
        result.stderr
    )
    assert result.stdout == ""


def test_a_bom_is_not_an_error(bad_workspace: Path, cli: Callable[..., Result]) -> None:
    (bad_workspace / "rules" / "bom.toml").write_bytes(BOM + GOOD_RULE.encode())
    result = cli("plan", "rules/bom.toml", "--start", START, "--format", "json", cwd=bad_workspace)
    assert result.exit_code == 0, result.output
    assert '"stage": "awareness"' in result.stdout


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (b'name = "x\n', "1:8"),  # an unclosed string
        (b'name = "\xe9t\xe9"\n', "1:9"),  # Latin-1 bytes
    ],
    ids=["toml-error", "not-utf8"],
)
def test_a_bom_does_not_shift_columns_on_the_first_line(
    text: bytes, where: str, bad_workspace: Path, cli: Callable[..., Result]
) -> None:
    (bad_workspace / "rules" / "b.toml").write_bytes(BOM + text)
    result = cli("plan", "rules/b.toml", "--start", START, cwd=bad_workspace)
    assert result.stderr.startswith(f"rules/b.toml:{where}: error: "), result.stderr


def test_export_to_a_folder_is_refused_with_a_hint(
    bad_workspace: Path, cli: Callable[..., Result]
) -> None:
    _install_good(bad_workspace)
    result = cli("export", "good", "--start", START, "-o", "rules", cwd=bad_workspace)
    assert result.exit_code == 2
    assert result.stderr.startswith("rules: error: cannot write rules: it is a folder")
    assert "\n  hint: " in result.stderr
    assert sorted(p.name for p in (bad_workspace / "rules").iterdir()) == ["good.toml"]
