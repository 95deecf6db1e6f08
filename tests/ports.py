"""Ports for the servers the tests start on 127.0.0.1, and waiting for them to listen."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_listening(
    name: str, port: int, process: subprocess.Popen[bytes], log: Path, seconds: float = 30
) -> None:
    """Until ``process`` (``name``) accepts connections on ``port``; its ``log`` in the error
    if it exits or does not start in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not start:\n{log.read_text(errors='replace')[-3000:]}")
