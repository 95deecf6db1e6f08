"""Hands the runner's workers the deliveries to fire, each once its start is recorded.

A runner killed after recording a start may have sent the delivery (in doubt); one killed
before did not, and its claim simply goes back to the queue. So each start is recorded just
before its hook is called, never a whole batch ahead, which keeps the in-doubt reports to what
was really in the workers' hands.

A write per call would cost as much as a fast hook. The workers that come for a delivery while
a write is under way wait for it, and the next write records them all (a group commit). When
hooks are so fast that every other worker is found waiting at the end of two writes in a row,
the writes are what holds them up: the next ones record a few more deliveries ahead, in the
order the workers will take them, doubling up to ``most`` while that lasts and halving back
when it no longer does. Slow hooks are thus recorded one call at a time, fast ones a few dozen
per write.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Collection, Iterable

from .delivery import Delivery

Answer = bool | Exception  # recorded; no longer the runner's; the write failed


class Starts:
    """``add`` the claimed deliveries in order; each worker ``take``s the next one with its
    answer: True when its start is recorded, False when it is no longer the runner's (then it
    must not be fired), or the exception the write raised."""

    def __init__(self, write: Callable[[list[str]], Collection[str]], workers: int, most: int):
        self._write = write  # records the starts of these ids, returns those it recorded
        self._workers = workers
        self._most = most
        self._cond = threading.Condition()
        self._ready: deque[Delivery] = deque()  # claimed, not yet asked for
        self._settled: deque[tuple[Delivery, Answer]] = deque()  # answered, not yet taken
        self._waiting = 0  # workers waiting for a write
        self._writing = False
        self._pressed = False
        self.ahead = 0

    def add(self, deliveries: Iterable[Delivery]) -> None:
        with self._cond:
            self._ready.extend(deliveries)

    def take(self) -> tuple[Delivery, Answer]:
        """The next delivery, with its answer (call once for each delivery added)."""
        with self._cond:
            while not self._settled and self._writing:
                self._waiting += 1
                self._cond.wait()
                self._waiting -= 1
            if not self._settled:
                self._record()
            return self._settled.popleft()

    def _record(self) -> None:
        """Record this worker's start, the starts of those waiting, and ``ahead`` more (called
        holding the condition, which it releases while it writes)."""
        size = 1 + self._waiting + self.ahead
        batch = [self._ready.popleft() for _ in range(min(size, len(self._ready)))]
        self._writing = True
        self._cond.release()
        try:
            answers = self._answers([d.id for d in batch])
        finally:
            self._cond.acquire()
            self._writing = False
        # Every other worker idle at the end of two writes in a row (once is what a start, or
        # workers that happen to end together, look like): the writes hold them up.
        pressed = self._workers > 1 and self._waiting >= self._workers - 1
        if pressed and self._pressed:
            self.ahead = min(self._most, self.ahead * 2 + 1)
        elif not pressed:
            self.ahead //= 2
        self._pressed = pressed
        self._settled.extend((d, answers[d.id]) for d in batch)
        self._cond.notify_all()

    def _answers(self, ids: list[str]) -> dict[str, Answer]:
        try:
            recorded = set(self._write(ids))
        except Exception as exc:  # none of them may fire
            return dict.fromkeys(ids, exc)
        return {ident: ident in recorded for ident in ids}
