"""A real terminal for interactive commands: tmux, on its own server, read back as a screen.

A line editor redraws only what changed, so the bytes it writes do not hold the text a user
sees; tmux is a terminal emulator, and ``capture-pane`` gives the screen as the user sees it.
Missing tmux skips the tests on a developer's machine and fails them under CI (.ci/run
installs it).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

WAIT = 20.0  # seconds for the screen to show what a step expects (a slow CI machine)


class Terminal:
    """``planner ARGS`` running in a tmux pane of ``width`` x ``height``."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str], width: int = 110) -> None:
        if shutil.which("tmux") is None:
            if os.environ.get("CI"):
                pytest.fail("tmux is missing: .ci/run installs it")
            pytest.skip("tmux is missing")
        self.socket = f"parcours-{uuid.uuid4().hex[:12]}"
        self.rc_file = cwd / f".rc-{self.socket}"
        command = " ".join(
            [
                "env",
                *(shlex.quote(f"{k}={v}") for k, v in env.items()),
                shlex.quote(sys.executable),
                "-m",
                "planner",
                *(shlex.quote(a) for a in args),
            ]
        )
        # The pane stays open after the command, so that its last screen can be read.
        script = f"{command}; echo $? > {shlex.quote(str(self.rc_file))}; sleep 600"
        self._tmux(
            "new-session", "-d", "-s", "t", "-x", str(width), "-y", "40", "-c", str(cwd), script
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def type(self, text: str) -> None:
        """Keys typed as text (literal: "Enter" is five letters here)."""
        self._tmux("send-keys", "-t", "t", "-l", text)

    def press(self, *keys: str) -> None:
        """Named keys: "Enter", "C-c", "BSpace"."""
        self._tmux("send-keys", "-t", "t", *keys)

    def screen(self) -> str:
        """The pane's text; a no-break space is a space on a screen (tmux shows it as one)."""
        shown = self._tmux("capture-pane", "-p", "-t", "t", "-J")
        return shown.replace("\u00a0", " ").replace("\u202f", " ")

    def wait_for(self, pattern: str) -> str:
        """The screen once it matches ``pattern`` (a regular expression)."""
        deadline = time.monotonic() + WAIT
        while True:
            shown = self.screen()
            if re.search(pattern, shown):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never showed {pattern!r}:\n{shown}")
            time.sleep(0.05)

    def exit_code(self) -> int:
        deadline = time.monotonic() + WAIT
        while not self.rc_file.exists() or not self.rc_file.read_text().strip():
            if time.monotonic() > deadline:
                raise AssertionError(f"the command did not end:\n{self.screen()}")
            time.sleep(0.05)
        return int(self.rc_file.read_text())

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)
        self.rc_file.unlink(missing_ok=True)
