"""--quiet, --verbose and the progress bar: what the commands say besides their output.

The bar is checked on a real pseudo-terminal (stderr on the pty's slave side, as in a shell),
and its absence on pipes, which is what scripts, cron and CI see.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import Result

from .conftest import ROOT, run_planner

EPOCH = "1795046400"  # 2026-11-19, as in conftest
CAMPAIGNS = 6
YEARS = 8  # daily for 8 years on 6 channels: about 17,500 events, half a second or so to write


def _big_workspace(workspace: Path) -> Path:
    """Campaigns on channels without caps, so that every day gets its item; the workspace has
    its identity already, so that the first export says nothing of making one."""
    with (workspace / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write('id = "bigshop"\n')  # the last line is in [shop]
    (workspace / "channels").mkdir()
    for n in range(1, CAMPAIGNS + 1):
        (workspace / "channels" / f"ch{n}.toml").write_text(
            f'name = "Channel {n}"\ndays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
            'best_times = ["11:00"]\ncap_per_day = 0\n',
            encoding="utf-8",
        )
        (workspace / "rules" / f"c{n}.toml").write_text(
            f'[campaign]\nname = "Campaign {n}"\nanchor = "2027-06-01"\n'
            'timezone = "Europe/Paris"\njourney = ["awareness"]\n\n'
            '[[step]]\nstage = "awareness"\n'
            f'when = "from 2027-01-01 to {2026 + YEARS}-12-31"\n'
            f'channels = ["ch{n}"]\nat = "09:00"\ncontent = "Post {n}"\nevery = "daily"\n',
            encoding="utf-8",
        )
    return workspace


@pytest.fixture
def big(workspace: Path) -> Path:
    return _big_workspace(workspace)


def on_terminal(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``python -m planner ARGS`` with stderr on a pseudo-terminal: (exit code, stdout, what
    the terminal received)."""
    master, slave = os.openpty()
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TERM": "xterm", **(env or {})}
    full_env.pop("PLANNER_DEBUG", None)
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "planner", *args],
            cwd=cwd,
            env=full_env,
            stdout=out,
            stderr=slave,
        )
        os.close(slave)
        received = bytearray()
        while True:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every holder of the slave side has closed it
                    break
                if not chunk:
                    break
                received += chunk
            elif proc.poll() is not None and not select.select([master], [], [], 0)[0]:
                break
        code = proc.wait(timeout=60)
        os.close(master)
        out.seek(0)
        stdout = out.read().decode()
    return code, stdout, received.decode()


def test_export_draws_a_bar_on_a_terminal_and_erases_it(big: Path) -> None:
    for jobs in ("1", "2"):
        code, stdout, terminal = on_terminal("export", "-o", f"p{jobs}.ics", "-j", jobs, cwd=big)
        assert code == 0, terminal
        assert stdout.startswith("wrote ") and "events to p" in stdout
        assert terminal.startswith("\rexport ")
        assert "events" in terminal and "\x1b[K" in terminal
        assert terminal.endswith("\r\x1b[K"), "the bar is erased when the export ends"
        # The count moved on while the workers wrote (thousands of events, several redraws).
        counts = re.findall(r"\rexport [-|/\\] ([\d,]+) events [\d.]+ s\x1b\[K", terminal)
        assert max(int(c.replace(",", "")) for c in counts) > 0, terminal


def test_the_bar_speaks_french(big: Path) -> None:
    """Counts with French digit groups and a decimal comma (#13)."""
    code, stdout, terminal = on_terminal(
        "export", "-o", "p.ics", "-j", "1", cwd=big, env={"PLANNER_LANG": "fr"}
    )
    assert code == 0, terminal
    assert stdout.endswith(" événements écrits dans p.ics\n"), stdout
    counts = re.findall(r"\rexport [-|/\\] ([\d\u202f]+) événements \d+,\d s\x1b\[K", terminal)
    assert counts and max(int(c.replace("\u202f", "")) for c in counts) > 0, terminal


def test_no_bar_and_no_control_characters_on_a_pipe(big: Path) -> None:
    result = run_planner("export", "-o", "plain.ics", cwd=big)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == f"wrote {CAMPAIGNS * _days()} events to plain.ics\n"
    assert "\r" not in result.stdout and "\x1b" not in result.stdout


def test_no_bar_on_a_dumb_terminal_nor_with_quiet(big: Path) -> None:
    code, _, terminal = on_terminal("export", "-o", "dumb.ics", cwd=big, env={"TERM": "dumb"})
    assert (code, terminal) == (0, "")
    code, stdout, terminal = on_terminal("-q", "export", "-o", "quiet.ics", cwd=big)
    assert (code, stdout, terminal) == (0, "", "")


def test_the_bar_does_not_change_the_exported_bytes(big: Path) -> None:
    run_planner("export", "-o", "pipe.ics", "-j", "1", cwd=big)
    on_terminal("export", "-o", "tty1.ics", "-j", "1", cwd=big)
    on_terminal("export", "-o", "tty2.ics", "-j", "2", cwd=big)
    on_terminal("-v", "export", "-o", "verbose.ics", cwd=big)
    pipe = (big / "pipe.ics").read_bytes()
    for name in ("tty1.ics", "tty2.ics", "verbose.ics"):
        assert (big / name).read_bytes() == pipe, name


def test_a_seed_exported_on_a_terminal_matches_its_golden_file(tmp_path: Path) -> None:
    out = tmp_path / "v.ics"
    code, _, terminal = on_terminal(
        "export", "rules/valentines-rings.toml", "--start", "2026-12-01", "-o", str(out), cwd=ROOT
    )
    assert code == 0 and terminal.startswith("\rexport ")
    golden = Path(__file__).resolve().parent / "ics" / "valentines-rings.ics"
    assert out.read_bytes() == golden.read_bytes()


def test_sync_shows_planning_then_the_write_on_a_terminal(big: Path) -> None:
    code, stdout, terminal = on_terminal("sync", cwd=big)
    assert code == 0, terminal
    assert stdout == f"added {CAMPAIGNS * _days()}, changed 0, removed 0, kept 0\n"
    assert terminal.startswith("\rsync: planning ")
    assert f"\rsync: writing {CAMPAIGNS * _days():,} items to the store..." in terminal
    assert terminal.endswith("\r\x1b[K")


def test_quiet_keeps_the_output_and_hides_the_messages(
    cli: Callable[..., Result], big: Path
) -> None:
    export = cli("-q", "export", "rules/c1.toml", "-o", "q.ics", cwd=big)
    assert (export.exit_code, export.stdout, export.stderr) == (0, "", "")
    assert (big / "q.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    sync = cli("--quiet", "sync", cwd=big)
    assert (sync.exit_code, sync.stdout, sync.stderr) == (0, "", "")
    plan = cli("-q", "plan", "rules/c1.toml", "--format", "csv", cwd=big)
    assert plan.exit_code == 0 and plan.stdout.count("\n") == _days() + 1
    created = cli("-q", "new", "more", cwd=big)
    assert (created.exit_code, created.stdout) == (0, "")
    assert (big / "rules" / "more.toml").is_file()


def test_quiet_still_shows_warnings_and_errors(
    cli: Callable[..., Result], write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    write_rule(
        "late.toml",
        '[campaign]\nname = "Late"\nanchor = "valentines_day"\njourney = "3-stage"\n'
        '[[step]]\nstage = "conversion"\nwhen = "mi-janvier"\nchannels = ["instagram"]\n'
        'content = "x"\n',
    )
    check = cli("-q", "check", "--start", "2026-12-01", cwd=workspace)
    assert check.exit_code == 0
    assert check.stdout == ""  # the summary line is a report: hidden
    assert "no touchpoint for the" in check.stderr  # the findings are the output: shown
    bad = cli("-q", "plan", "nothing-here", cwd=workspace)
    assert bad.exit_code == 2 and "no such rule file or campaign" in bad.stderr


def test_verbose_tells_the_files_the_store_and_the_timings(
    cli: Callable[..., Result], big: Path
) -> None:
    plain = cli("export", "rules/c1.toml", "-o", "v.ics", cwd=big)
    verbose = cli("-v", "export", "rules/c1.toml", "-o", "v.ics", "-j", "1", cwd=big)
    assert verbose.exit_code == 0, verbose.output
    assert verbose.stdout == plain.stdout == f"wrote {_days()} events to v.ics\n"
    lines = verbose.stderr.splitlines()
    assert lines[0] == "workspace: . (planner.toml)"
    assert "rules: rules/c1.toml" in lines
    assert (
        "counted for channel caps only: "
        + ", ".join(f"rules/c{n}.toml" for n in range(2, CAMPAIGNS + 1))
        in lines
    )
    assert "channels: built-in, channels" in lines
    assert "exporting on up to 1 core(s) to v.ics" in lines
    assert any(line.startswith("read the rules: ") and line.endswith(" s") for line in lines)
    assert any(line.startswith(f"planned and wrote {_days()} events: ") for line in lines)

    sync = cli("-v", "sync", cwd=big)
    assert sync.exit_code == 0, sync.output
    assert "store: sqlite:///" in sync.stderr and "(from the workspace)" in sync.stderr
    assert f"planned {CAMPAIGNS * _days()} items: " in sync.stderr
    assert "wrote the store: " in sync.stderr
    assert sync.stderr.count("workspace: ") == 1  # opened twice, told once


def test_quiet_and_verbose_together_are_a_usage_error(
    cli: Callable[..., Result], big: Path
) -> None:
    for args in (("-q", "-v"), ("--verbose", "--quiet")):
        result = cli(*args, "plan", cwd=big)
        assert result.exit_code == 2
        assert "--quiet and --verbose cannot be used together" in result.stderr
        assert result.stdout == ""


def test_help_documents_the_global_options(cli: Callable[..., Result]) -> None:
    text = cli("--help").stdout
    assert "-q, --quiet" in text and "-v, --verbose" in text


def test_library_progress_counts_every_event_and_item(big: Path) -> None:
    """The callbacks the bar is drawn from: their increments add up to what was written."""
    from planner.controllers import export, open_workspace_store, prepare, sync_plan
    from planner.workspace import Workspace

    ws = Workspace.open(big, big)
    now = datetime(2026, 11, 19, tzinfo=UTC)
    for jobs in (1, 2):
        steps: list[int] = []
        planning = prepare(ws, (), big, date(2026, 11, 19), now)
        count = export(
            planning,
            big / f"lib{jobs}.ics",
            dtstamp=now,
            alarm=None,
            jobs=jobs,
            progress=steps.append,
        )
        assert sum(steps) == count == CAMPAIGNS * _days()
        assert all(step > 0 for step in steps)
    assert (big / "lib1.ics").read_bytes() == (big / "lib2.ics").read_bytes()

    planned: list[int] = []
    expanded: list[int] = []
    store = open_workspace_store(ws, f"sqlite:///{big / 'lib.db'}", None)
    planning = prepare(ws, (), big, date(2026, 11, 19), now)
    report = sync_plan(
        planning, store, [], (), now, progress=planned.append, expanded=expanded.append
    )
    assert expanded == [sum(planned)] == [report.added] == [CAMPAIGNS * _days()]


def _days() -> int:
    return (date(2026 + YEARS, 12, 31) - date(2027, 1, 1)).days + 1
