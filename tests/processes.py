"""`planner run` and `planner serve` in processes of their own, as a user starts them: their
output in files (a full pipe would stall a runner that prints a line per delivery), stopped by
SIGTERM, killed at the end of the test whatever happened."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

# A wait for a state the processes must reach; not a performance limit.
PATIENCE = 180.0


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    """The environment of a planner process: the real clock unless ``extra`` pins one."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PLANNER_DB")}
    env.pop("PLANNER_DEBUG", None)
    return {**env, **(extra or {})}


class PlannerProcess:
    """`python -m planner --workspace WORKSPACE ARGS…`, until :meth:`stop`."""

    def __init__(
        self,
        workspace: Path,
        args: list[str],
        name: str,
        stack: ExitStack,
        env: dict[str, str] | None = None,
    ) -> None:
        self.out_path = workspace / f"{name}.out"
        self.err_path = workspace / f"{name}.err"
        out: IO[str] = stack.enter_context(self.out_path.open("w", encoding="utf-8"))
        err: IO[str] = stack.enter_context(self.err_path.open("w", encoding="utf-8"))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "planner", "--workspace", str(workspace), *args],
            cwd=workspace,
            env=_env(env),
            stdout=out,
            stderr=err,
            text=True,
        )
        stack.callback(self.kill)

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def out(self) -> str:
        return self.out_path.read_text("utf-8")

    @property
    def err(self) -> str:
        return self.err_path.read_text("utf-8")

    def stop(self) -> str:
        """SIGTERM; its standard output once it exited (with code 0, without a traceback)."""
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=PATIENCE)
        assert self.proc.returncode == 0, self.err
        assert "Traceback" not in self.err
        return self.out

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _store(url: str | None) -> list[str]:
    """``--db URL``, or nothing: the workspace's own store, as a user runs it."""
    return ["--db", url] if url else []


class RunnerProcess(PlannerProcess):
    """`planner run [--db URL]`, on the real clock unless ``env`` pins SOURCE_DATE_EPOCH."""

    def __init__(
        self,
        workspace: Path,
        url: str | None,
        name: str,
        stack: ExitStack,
        env: dict[str, str] | None = None,
    ) -> None:
        super().__init__(workspace, ["run", *_store(url)], name, stack, env)

    def stop(self) -> str:
        """SIGTERM, then its final report line."""
        return super().stop().splitlines()[-1]


class ServeProcess(PlannerProcess):
    """`planner serve --port 0 [--db URL]`; :attr:`port` is the one it prints."""

    def __init__(
        self,
        workspace: Path,
        url: str | None,
        name: str,
        stack: ExitStack,
        env: dict[str, str] | None = None,
    ) -> None:
        super().__init__(workspace, ["serve", "--port", "0", *_store(url)], name, stack, env)
        deadline = time.monotonic() + PATIENCE
        while not (found := re.search(r"(?:on|sur) http://127\.0\.0\.1:(\d+)/$", self.err, re.M)):
            assert self.proc.poll() is None, f"planner serve exited:\n{self.err}"
            assert time.monotonic() < deadline, f"planner serve did not start:\n{self.err}"
            time.sleep(0.05)
        self.port = int(found.group(1))

    def get(self, path: str) -> tuple[int, str]:
        """GET ``path``: the status and the body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8")
        finally:
            conn.close()


@contextmanager
def serving_on_any_port(root: Path, env: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """`planner serve --port 0` in ``root``, with ``env`` (no PLANNER_DB: the workspace's
    store): the URL it prints and its first two lines; stopped by SIGTERM, which it must
    take as a clean exit."""
    env = {k: v for k, v in env.items() if k != "PLANNER_DB"}
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve", "--port", "0"],
        cwd=root,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        said = [process.stderr.readline() for _ in range(2)]
        match = re.search(r"(?:on|sur) (http://127\.0\.0\.1:\d+/)$", said[1].strip())
        assert match, said
        yield match.group(1), said
    finally:
        process.terminate()
        assert process.wait(20) == 0
