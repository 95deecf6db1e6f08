"""The `command` hook: runs a program (an argv list, never a shell) with the item in its
environment. Exit status 0 means delivered."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..delivery import Delivery, HookFailure
from .base import HookBase, local_start

_TAIL = 500  # characters of the program's output quoted in a failure
_KILL_GRACE = 2.0  # seconds between SIGTERM and SIGKILL


SECRET_VARIABLES = frozenset({"PLANNER_SMTP_USER", "PLANNER_SMTP_PASSWORD"})


def environment(delivery: Delivery, hook: str, base: dict[str, str]) -> dict[str, str]:
    """``base`` plus the item as PLANNER_* variables."""
    from zoneinfo import ZoneInfo

    fields = {
        "PLANNER_ITEM_ID": delivery.item_id,
        "PLANNER_DELIVERY_ID": delivery.id,
        "PLANNER_TITLE": delivery.title,
        "PLANNER_BRIEF": delivery.brief,
        "PLANNER_START": local_start(delivery),
        "PLANNER_END": delivery.end.astimezone(ZoneInfo(delivery.tzid)).isoformat(),
        "PLANNER_CHANNEL": delivery.channel,
        "PLANNER_STAGE": delivery.stage,
        "PLANNER_CAMPAIGN": delivery.campaign,
        "PLANNER_KIND": delivery.kind,
        "PLANNER_HOOK": hook,
        "PLANNER_ATTEMPT": str(delivery.attempt),
    }
    # The kernel refuses an environment string holding NUL; no reader of a title needs one.
    return {**base, **{k: v.replace("\0", "") for k, v in fields.items()}}


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandHook(HookBase):
    argv: tuple[str, ...]
    cwd: Path
    timeout: float = 60.0

    @property
    def kind(self) -> str:
        return "command"

    @property
    def resend_safe(self) -> bool:
        return False  # what a program does cannot be assumed to be harmless twice

    def fire(self, delivery: Delivery) -> None:
        where = f"command hook {self.name} ({self.argv[0]})"
        try:
            # The SMTP login is the e-mail hook's: a command (often a third party's script)
            # has no business seeing it.
            base = {k: v for k, v in os.environ.items() if k not in SECRET_VARIABLES}
            env = environment(delivery, self.name, base)
        except Exception as exc:
            raise HookFailure(f"{where}: {exc}", retry=False) from None
        if not self.cwd.is_dir():
            raise HookFailure(f"{where}: its folder {self.cwd} does not exist", retry=False)
        program = self.argv[0]
        if os.sep in program and not os.path.isabs(program):
            program = str(self.cwd / program)  # "./notify.sh" means the workspace's, always
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            # Files rather than pipes: a background child that keeps a pipe open would make
            # reading it wait for that child; with files, waiting for the program is enough.
            try:
                process = subprocess.Popen(
                    [program, *self.argv[1:]],
                    cwd=self.cwd,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    # Its own process group, so that a timeout stops everything it started,
                    # and so that a Ctrl-C meant for the runner does not reach it.
                    start_new_session=True,
                )
            except FileNotFoundError:
                raise HookFailure(
                    f"{where}: command not found"
                    + ("" if os.sep in program else " (looked in PATH)")
                    + "; install it or give its full path in argv",
                    retry=False,
                ) from None
            except PermissionError:
                raise HookFailure(
                    f"{where}: not allowed to run it (is it executable? chmod +x)", retry=False
                ) from None
            except OSError as exc:
                raise HookFailure(
                    f"{where}: cannot run it: {exc.strerror or exc}", retry=False
                ) from None
            try:
                code = process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                _stop(process)
                raise HookFailure(
                    f"{where}: still running after {self.timeout:g} s; stopped it and the "
                    "programs it started",
                ) from None
            except BaseException:
                _stop(process)  # an interrupted runner must not leave the program behind
                raise
            if code == 0:
                return
            tail = _tail(err) or _tail(out)
            if code < 0:
                try:
                    why = f"killed by {signal.Signals(-code).name}"
                except ValueError:
                    why = f"killed by signal {-code}"
            else:
                why = f"exit status {code}"
            raise HookFailure(f"{where}: {why}" + (f": {tail}" if tail else ""))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the program's process group, SIGKILL if it has not exited after a grace."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            process.wait(timeout=_KILL_GRACE)
        except subprocess.TimeoutExpired:
            continue
        if sig == signal.SIGTERM:
            # The program is gone, but what it started may ignore SIGTERM: kill the rest.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        return


def _tail(file: IO[bytes]) -> str:
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(max(0, size - 4 * _TAIL))
    text = " ".join(file.read().decode("utf-8", "replace").split())
    return text if len(text) <= _TAIL else "…" + text[-_TAIL + 1 :]
