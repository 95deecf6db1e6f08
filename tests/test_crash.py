"""The crash test of issue #4: `planner run` killed with SIGKILL at random moments while 2,025
deliveries are due, restarted, and killed again, in 20 trials of a fresh store each.

A user's workspace: a campaign over 900 past days with a daily post and a story every 4 days;
a webhook to an HTTP server and a command for each post, an e-mail to an aiosmtpd server for
each story (the servers record what they get; the command appends its $PLANNER_DELIVERY_ID to
a file through the shell's ``>>``, which opens it with O_APPEND); a grace long enough that
nothing is missed, and 8 workers, so that more hooks are in flight at each kill; synced once
with ``planner sync --start <past date>`` so that every item is due. Each trial copies that
workspace (a fresh store) and points its hooks at receivers of its own (a query string, a
recipient, a file), then starts ``python -m planner run`` as a real process 1 to 3 times, each
killed at a moment drawn from a seeded random generator:

- ``early``: 0 to 0.8 s after the start, while Python imports, the store opens, the runner
  takes its lock, recovers the dead runner's deliveries, claims its first batch;
- ``mid``: once the receivers got a random part of what is left, plus up to 10 ms: anywhere in
  a batch, between a claim, the hooks and the record of their outcomes;
- ``late``: once the receivers got 90 % to all of what is left: the last batches, the last
  record, or an idle runner.

Then a last runner works until nothing is pending (``run --once`` in even trials, ``run``
stopped by SIGTERM in odd ones), and what the receivers got is compared with what
``planner status`` and ``planner history`` say: nothing lost, no e-mail or command twice, and
the deliveries reported in doubt counted against what their receivers got (a report for one
they never got is false: it was started, then cut short by the kill; there are no more of
those than the workers had in hand). Run with ``-s`` to see each trial's figures; README.md
quotes them.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import func, select

from planner.store import DeliveryRow, RunnerRow, Store, open_store

from .servers import HookServer, Mailbox, smtp_server

__all__ = ["smtp_server"]  # a fixture, used by name

SEED = 20261122
TRIALS = 20
# A post a day with a webhook and a command, a story every 4 days with an e-mail: 2,025
# deliveries. Few e-mails, the costliest (measured here: 2.9 ms of CPU each, a command 1.7 ms
# with its shell, a webhook 0.8 ms), so that 20 trials take about a minute and a half.
DAYS = 900
STORIES = (DAYS + 3) // 4
HOOKS = {"webhook-1": DAYS, "email-1": STORIES, "command-1": DAYS}
MOMENTS = {"early": 3, "mid": 5, "late": 2}  # weights
# Twice the default workers: more hooks in flight at each kill, and the hooks' waits for the
# servers overlap better (the 20 trials take 8 % less time).
WORKERS = 8
HANG = 300.0  # seconds: a runner stuck this long is a bug; not a performance limit
SHOP = '[shop]\nname = "Crash"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n'
APPEND = '#!/bin/sh\nprintf "%s\\n" "$PLANNER_DELIVERY_ID" >> "$1"\n'


def settings(webhook: str, to: str, smtp: int, out: Path) -> str:
    return (
        SHOP
        + f'\n[runner]\ngrace = "{DAYS + 60} days"\nworkers = {WORKERS}\n'
        + f'\n[[hooks]]\nkind = "webhook"\nurl = "{webhook}"\nchannels = ["post"]\n'
        + f'\n[[hooks]]\nkind = "email"\nto = "{to}"\nsmtp = "smtp://127.0.0.1:{smtp}"\n'
        + 'channels = ["story"]\n'
        + f'\n[[hooks]]\nkind = "command"\nargv = ["./append.sh", "{out}"]\nchannels = ["post"]\n'
    )


def make_workspace(folder: Path, today: date) -> None:
    (folder / "rules").mkdir(parents=True)
    (folder / "channels").mkdir()
    for name, at in (("post", "11:00"), ("story", "18:00")):
        (folder / "channels" / f"{name}.toml").write_text(
            f'name = "{name.title()}"\nbest_times = ["{at}"]\n', encoding="utf-8"
        )
    first, last = today - timedelta(days=DAYS + 1), today - timedelta(days=2)
    steps = (
        ("awareness", "post", "tous les jours"),
        ("consideration", "story", "tous les 4 jours"),
    )
    (folder / "rules" / "rappels.toml").write_text(
        f'[campaign]\nname = "Rappels"\nanchor = "{today - timedelta(days=1)}"\n'
        + "".join(
            f'\n[[step]]\nstage = "{stage}"\nwhen = "du {first} au {last}"\n'
            f'channels = ["{channel}"]\nevery = "{every}"\ncontent = "Rappel : {channel}"\n'
            for stage, channel, every in steps
        ),
        encoding="utf-8",
    )
    script = folder / "append.sh"
    script.write_text(APPEND, encoding="utf-8")
    script.chmod(0o755)


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANNER_", "SOURCE_DATE"))}
    # The e-mail hook makes an SSL context for each message, which loads the system's CA
    # bundle (18 ms of CPU, most of an e-mail's cost); the test server offers no STARTTLS, so
    # the context is never used, and an empty bundle keeps the 20 trials within 90 s or so.
    empty = folder / "no-ca.pem"
    empty.touch()
    # The reports this test reads are English: the workspace is French.
    return {**env, "SSL_CERT_FILE": str(empty), "PLANNER_LANG": "en"}


def planner(*args: str) -> list[str]:
    return [sys.executable, "-m", "planner", *args]


@dataclass
class Receivers:
    """What one trial's receivers got, from the shared servers and the trial's own file."""

    box: Mailbox
    http: HookServer
    to: str
    tag: str
    out: Path
    # What the shared servers held before this trial: counting from there is cheap enough to
    # poll every few milliseconds without starving the servers, which run in this process.
    mails_before: int = field(init=False)
    posts_before: int = field(init=False)

    def __post_init__(self) -> None:
        self.mails_before, self.posts_before = len(self.box.messages), len(self.http.received)

    def emails(self) -> list[str]:
        return [
            str(m["Message-ID"]).strip("<>").split("@")[0]
            for m in list(self.box.messages)
            if m["To"] == self.to
        ]

    def posts(self) -> list[tuple[str, Any]]:
        """Idempotency-Key and body's delivery id of each complete POST; one cut short by the
        kill (the server records what it got) is not a delivery: no receiver would act on it."""
        return [
            (r.headers.get("Idempotency-Key", ""), json.loads(r.body).get("delivery_id"))
            for r in list(self.http.received)
            if r.path.endswith(self.tag) and len(r.body) == int(r.headers["Content-Length"])
        ]

    def commands(self) -> list[str]:
        return self.out.read_text("ascii").split() if self.out.exists() else []

    def count(self) -> int:
        """How many deliveries reached a receiver so far, copies included."""
        emails = len(self.box.messages) - self.mails_before
        posts = len(self.http.received) - self.posts_before
        size = self.out.stat().st_size if self.out.exists() else 0
        return emails + posts + size // 33  # 32 hex digits and a newline a line


def by_state(store: Store) -> dict[str, int]:
    d = DeliveryRow
    with store.begin() as conn:
        return dict(conn.execute(select(d.state, func.count()).group_by(d.state)).all())  # type: ignore[arg-type]


@dataclass
class Figures:
    trial: int
    kills: list[str] = field(default_factory=list)
    finish: str = ""
    states: dict[str, int] = field(default_factory=dict)
    # Deliveries reported in doubt, by hook: a webhook each time it was sent again, an e-mail
    # or a command left in doubt; and of those, how many the receiver had got (the report was
    # true: the runner died once it had sent it).
    reported: Counter[str] = field(default_factory=Counter)
    seen: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        doubt = ", ".join(f"{hook} {count}" for hook, count in sorted(self.reported.items()))
        return (
            f"trial {self.trial:2d}: {len(self.kills)} kill(s) [{', '.join(self.kills)}], "
            f"then {self.finish}: {self.states}; in doubt {self.reported.total()} ({doubt}), "
            f"of which received {self.seen.total()}; webhook copies {self.duplicates}; "
            f"{self.seconds:.1f} s"
        )


class Trial:
    def __init__(self, n: int, folder: Path, env: dict[str, str], receivers: Receivers) -> None:
        self.n = n
        self.folder = folder
        self.env = env
        self.receivers = receivers
        self.rng = random.Random(SEED * 1000 + n)
        self.store = open_store(f"sqlite:///{folder / 'planner.db'}", migrate=False)
        self.figures = Figures(n)
        self.starts = 0

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        self.starts += 1
        with (
            (self.folder / f"run-{self.starts}.out").open("wb") as out,
            (self.folder / f"run-{self.starts}.err").open("wb") as err,
        ):
            # Files, not pipes: the runner prints a line per delivery, and a full pipe that
            # nobody reads would stop it.
            return subprocess.Popen(
                planner("run", *args), cwd=self.folder, env=self.env, stdout=out, stderr=err
            )

    def output(self) -> str:
        out = (self.folder / f"run-{self.starts}.out").read_text("utf-8")
        err = (self.folder / f"run-{self.starts}.err").read_text("utf-8")
        return f"stdout (end): {out[-1500:]}\nstderr: {err[-3000:]}"

    def alive(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.poll() is None, (
            f"trial {self.n}: runner {self.starts} exited by itself ({proc.returncode})\n"
            + self.output()
        )

    def registered(self, proc: subprocess.Popen[bytes]) -> bool:
        query = select(RunnerRow.id).where(RunnerRow.pid == proc.pid)
        with self.store.begin() as conn:
            return conn.execute(query).first() is not None

    def kill_once(self) -> None:
        """Start a runner and SIGKILL it at a random moment."""
        # Each of these reaches a receiver in this run unless it is killed first (the claims
        # the last runner left may add to them, or not).
        left = by_state(self.store).get("pending", 0)
        moment = self.rng.choices(list(MOMENTS), list(MOMENTS.values()))[0] if left else "early"
        proc = self.start()
        began = time.monotonic()
        try:
            if moment == "early":
                time.sleep(self.rng.uniform(0.0, 0.8))
            else:
                share = self.rng.uniform(0.0, 0.9) if moment == "mid" else self.rng.uniform(0.9, 1)
                target = self.receivers.count() + max(1, round(left * share))
                while self.receivers.count() < target:
                    self.alive(proc)
                    assert time.monotonic() - began < HANG, f"trial {self.n}: runner stuck"
                    time.sleep(0.005)
                time.sleep(self.rng.uniform(0.0, 0.01))
            self.alive(proc)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        self.figures.kills.append(f"{moment} {time.monotonic() - began:.2f}s")

    def finish(self) -> None:
        """Restart until nothing is pending or claimed: `run --once`, or `run` + SIGTERM."""
        if self.n % 2 == 0:
            self.figures.finish = "run --once"
            proc = self.start("--once")
            code = proc.wait(HANG)
        else:
            self.figures.finish = "run, SIGTERM"
            proc = self.start()
            began = time.monotonic()
            # Until the runner is up (its signal handlers are set before it registers): a
            # SIGTERM during Python's start-up would kill it, as it kills any program.
            while (
                (left := by_state(self.store)).get("pending")
                or left.get("claimed")
                or not self.registered(proc)
            ):
                self.alive(proc)
                assert time.monotonic() - began < HANG, f"trial {self.n}: runner stuck: {left}"
                time.sleep(0.02)
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(HANG)
        assert code == 0, f"trial {self.n}: the last runner failed\n{self.output()}"
        last = (self.folder / f"run-{self.starts}.out").read_text("utf-8").splitlines()[-1]
        assert last.startswith("delivered "), self.output()

    def run(self, cli: Callable[..., Result], created: dict[str, str]) -> None:
        began = time.monotonic()
        for _ in range(self.rng.choice((1, 2, 2, 3))):
            self.kill_once()
        self.finish()
        self.store.close()
        self.figures.seconds = time.monotonic() - began
        self.check(cli, created)

    def check(self, cli: Callable[..., Result], created: dict[str, str]) -> None:
        n = self.n
        shown = cli("status", "--format", "json", cwd=self.folder)
        listed = cli("history", "--format", "json", "--limit", "1000000", cwd=self.folder)
        assert shown.exit_code == 0 and listed.exit_code == 0, shown.output + listed.output
        status, history = json.loads(shown.output), json.loads(listed.output)
        counts: dict[str, int] = status["deliveries"]
        state = {entry["id"]: entry["state"] for entry in history}
        hook = {entry["id"]: entry["hook"] for entry in history}
        emails = Counter(self.receivers.emails())
        commands = Counter(self.receivers.commands())
        posts = self.receivers.posts()
        keys = Counter(key for key, _ in posts)
        got = {"webhook-1": keys, "email-1": emails, "command-1": commands}
        attempts = {entry["id"]: entry["attempts"] for entry in history}
        self.figures.states = counts
        self.figures.duplicates = sum(c - 1 for c in keys.values())
        for ident, kind in created.items():
            received = got[kind][ident]
            if kind == "webhook-1" and state[ident] == "delivered":
                # The receiver always answers: each claim but the last followed an in-doubt
                # report, and each copy but the last came from one of those claims.
                self.figures.reported[kind] += attempts[ident] - 1
                self.figures.seen[kind] += received - 1
            elif state[ident] == "in_doubt":
                self.figures.reported[kind] += 1
                self.figures.seen[kind] += received > 0
        print(self.figures)

        # Nothing pending, claimed or lost: every delivery the sync made has finished.
        assert set(counts) <= {"delivered", "in_doubt", "missed", "failed"}, (n, counts)
        assert sum(counts.values()) == len(created), (n, counts)
        assert state.keys() == created.keys(), f"trial {n}: deliveries vanished or appeared"
        assert hook == created
        assert status["runners"] == [], f"trial {n}: a runner left registered: {status['runners']}"
        # The grace covers every item and the receivers always answer: nothing may be missed
        # or failed; if one is, its error says why.
        assert not status["missed"] + status["failed"], (n, status["missed"] + status["failed"])

        # Sent at most once, and only what this trial's store holds for that hook.
        assert [i for i, c in emails.items() if c > 1] == [], f"trial {n}: e-mail sent twice"
        assert [i for i, c in commands.items() if c > 1] == [], f"trial {n}: command run twice"
        assert {created.get(i) for i in emails} <= {"email-1"}, n
        assert {created.get(i) for i in commands} <= {"command-1"}, n
        # A webhook's copies all carry its own delivery id as Idempotency-Key.
        assert all(key == body for key, body in posts), f"trial {n}: key and body disagree"
        assert {created.get(key) for key in keys} <= {"webhook-1"}, n

        # What reached its receiver is never reported as not sent; what is reported
        # delivered reached it; in doubt only where sending again is not safe; a webhook's
        # every copy after the first was announced by an in-doubt report.
        for ident, kind in created.items():
            received = got[kind][ident]
            if state[ident] == "delivered":
                assert received, f"trial {n}: {kind} {ident} delivered but never received"
            elif state[ident] == "in_doubt":
                assert kind != "webhook-1", f"trial {n}: webhook {ident} left in doubt"
            assert not received or state[ident] in ("delivered", "in_doubt"), (n, ident, kind)
            if kind == "webhook-1":
                assert received <= attempts[ident], f"trial {n}: a webhook copy unannounced"
        # In doubt only what may have gone out: at each kill, what the workers had in hand.
        false = self.figures.reported.total() - self.figures.seen.total()
        assert false <= WORKERS * len(self.figures.kills), f"trial {n}: {false} false reports"


class QuietServer(HookServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a runner killed mid-request leaves a broken pipe: expected here


@pytest.fixture
def http_server() -> Iterator[HookServer]:
    server = QuietServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_sigkill_at_random_moments_loses_nothing_and_sends_no_copy(
    tmp_path: Path,
    smtp_server: Callable[..., Mailbox],
    http_server: HookServer,
    cli: Callable[..., Result],
) -> None:
    box = smtp_server()
    today = date.today()  # the runners use the real clock: every item is in the past
    template = tmp_path / "template"
    make_workspace(template, today)
    env = environment(tmp_path)
    url = f"http://127.0.0.1:{http_server.server_address[1]}/ok"
    (template / "planner.toml").write_text(
        settings(url, "nobody@example.org", box.port, template / "none.txt"), encoding="utf-8"
    )
    start = str(today - timedelta(days=DAYS + 60))
    synced = subprocess.run(
        planner("sync", "--start", start), cwd=template, env=env, capture_output=True, text=True
    )
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout == f"added {DAYS + STORIES}, changed 0, removed 0, kept 0\n"
    store = open_store(f"sqlite:///{template / 'planner.db'}")
    with store.begin() as conn:
        created = dict(conn.execute(select(DeliveryRow.id, DeliveryRow.hook)).all())  # type: ignore[arg-type]
    store.close()
    assert Counter(created.values()) == HOOKS

    totals: Counter[str] = Counter()
    for n in range(TRIALS):
        folder = tmp_path / f"trial-{n:02d}"
        shutil.copytree(template, folder)
        receivers = Receivers(
            box, http_server, f"trial-{n}@example.org", f"?trial={n}", folder / "commands.txt"
        )
        text = settings(f"{url}?trial={n}", receivers.to, box.port, receivers.out)
        (folder / "planner.toml").write_text(text, encoding="utf-8")
        trial = Trial(n, folder, env, receivers)
        trial.run(cli, created)
        totals.update(k.split()[0] for k in trial.figures.kills)
        totals.update(trial.figures.states)
        for kind, count in trial.figures.reported.items():
            totals[f"in doubt: {kind}"] += count
            totals[f"in doubt: {kind}, received"] += trial.figures.seen[kind]
        totals["webhook copies"] += trial.figures.duplicates
    print(f"{TRIALS} trials: {dict(sorted(totals.items()))}")
    assert totals["early"] and totals["mid"] and totals["late"]
