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
from ..i18n import _
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
        where = _("command hook {name} ({program})").format(name=self.name, program=self.argv[0])
        try:
            # The SMTP login is the e-mail hook's: a command (often a third party's script)
            # has no business seeing it.
            base = {k: v for k, v in os.environ.items() if k not in SECRET_VARIABLES}
            env = environment(delivery, self.name, base)
        except Exception as exc:
            raise HookFailure(_at(where, exc), retry=False) from None
        if not self.cwd.is_dir():
            why = _("its folder {folder} does not exist").format(folder=self.cwd)
            raise HookFailure(_at(where, why), retry=False)
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
                why = (
                    _("command not found; install it or give its full path in argv")
                    if os.sep in program
                    else _(
                        "command not found (looked in PATH); install it or give its full path "
                        "in argv"
                    )
                )
                raise HookFailure(_at(where, why), retry=False) from None
            except PermissionError:
                why = _("not allowed to run it (is it executable? chmod +x)")
                raise HookFailure(_at(where, why), retry=False) from None
            except OSError as exc:
                why = _("cannot run it: {reason}").format(reason=exc.strerror or exc)
                raise HookFailure(_at(where, why), retry=False) from None
            try:
                code = process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                _stop(process)
                why = _(
                    "still running after {seconds} s; stopped it and the programs it started"
                ).format(seconds=f"{self.timeout:g}")
                raise HookFailure(_at(where, why)) from None
            except BaseException:
                _stop(process)  # an interrupted runner must not leave the program behind
                raise
            if code == 0:
                return
            tail = _tail(err) or _tail(out)
            if code < 0:
                try:
                    why = _("killed by {signal}").format(signal=signal.Signals(-code).name)
                except ValueError:
                    why = _("killed by signal {number}").format(number=-code)
            else:
                why = _("exit status {code}").format(code=code)
            raise HookFailure(_at(where, _at(why, tail) if tail else why))


def _at(where: str, reason: object) -> str:
    """``command hook NAME (PROGRAM): what went wrong``."""
    return _("{where}: {reason}").format(where=where, reason=reason)


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
