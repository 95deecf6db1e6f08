"""Progress reports from the library: plain callbacks, so that the library knows no terminal.

A ``Progress`` is called with the number of units (items) just finished: an increment, never a
running total. The CLI turns the calls into a bar (planner.cli.feedback); tests can count them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Progress = Callable[[int], None]

T = TypeVar("T")

# Items between two reports: a call per item would cost more than formatting some items does
# (and, across processes, a write to shared memory each time), while a bar redraws ten times a
# second at most anyway.
BATCH = 128


def counted(
    items: Iterable[T],
    progress: Progress | None,
    *,
    finished: Callable[[int], None] | None = None,
    batch: int = BATCH,
) -> Iterator[T]:
    """``items`` unchanged, reporting each ``batch`` of them to ``progress`` as they are taken,
    and calling ``finished`` with their number once the last one has been taken."""
    if progress is None and finished is None:
        yield from items
        return
    report = progress or _ignore
    pending = total = 0
    for item in items:
        yield item
        pending += 1
        if pending == batch:
            report(pending)
            total += pending
            pending = 0
    if pending:
        report(pending)
        total += pending
    if finished is not None:
        finished(total)


def _ignore(_: int) -> None:
    pass
