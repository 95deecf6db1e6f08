"""What some tests need from the machine (PostgreSQL, Chromium, libical): skipped on a
developer machine that lacks it, failed under CI (``CI`` set), where a missing part must not
hide the tests that need it."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(tests: str, reason: str) -> NoReturn:
    """Skip ``tests`` ("browser tests") here, fail them under CI, saying why."""
    if in_ci():
        pytest.fail(f"{tests} cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"{tests} skipped: {reason}")
