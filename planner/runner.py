"""The runner: fires each due delivery's hook, records what happened, and sleeps until the next.

The deliveries table is the queue (see claims.py); APScheduler 3 is only the timer: one
in-memory job that wakes at the next due time, or after the poll interval to notice a sync
(the store's revision), claims a batch, hands the hooks to a small thread pool, records their
outcomes and re-arms itself. It never holds one APScheduler job per item: APScheduler's SQL job
store deletes a job's row before running it, so a crash would lose it (DESIGN.md).

On SQLite exactly one runner works on a store: it holds an OS lock on ``<db>.runner.lock``,
which the kernel releases if the process dies. On PostgreSQL several share the work, each
holding an advisory lock for its life (lifeline.py): a thread of each runner looks every poll
for runners whose lock is free, and takes their claims over at once.

Time comes from the ``clock`` callable; APScheduler only measures the sleeps.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from queue import SimpleQueue
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger

from . import i18n
from .claims import Queue
from .delivery import Delivery, Hook
from .errors import PlannerError
from .i18n import _
from .lifeline import LifelineLost, Watch, runner_lock
from .localtime import span
from .outcomes import Outcome, RunReport, fire
from .starts import Starts
from .store import Store, read_revision
from .workspace import RunnerSettings

__all__ = ["Runner", "run_once", "runner_lock"]

Clock = Callable[[], datetime]
Say = Callable[[str], None]
JOB = "parcours-runner"
IDLE = 60.0  # seconds: a wake-up in case a tick failed to re-arm itself
FLUSH_DELAY = 0.05  # seconds an outcome may wait to be recorded with others


class _Wake(BaseTrigger):  # type: ignore[misc]
    """Once after ``delay`` seconds, then every IDLE seconds, counted on APScheduler's own
    clock: planner never reads the system clock, and a pinned test clock still sleeps."""

    def __init__(self, delay: float) -> None:
        self.delay = timedelta(seconds=max(0.0, delay))

    def get_next_fire_time(self, previous: datetime | None, now: datetime) -> datetime:
        return now + (timedelta(seconds=IDLE) if previous else self.delay)


class Runner:
    """``start()`` and ``stop()`` (tests), or ``run_forever()`` (`planner run`)."""

    def __init__(
        self,
        store: Store,
        hooks: Sequence[Hook],
        *,
        clock: Clock,
        settings: RunnerSettings | None = None,
        say: Say | None = None,
    ) -> None:
        self.store = store
        self._speech = i18n.current()
        self.hooks = {hook.name: hook for hook in hooks}
        self.clock = clock
        self.settings = settings or RunnerSettings()
        self.say = say or (lambda _: None)
        self.queue = Queue(store, self.hooks, self.settings)
        self.report = RunReport()
        self._pool = ThreadPoolExecutor(self.settings.workers, thread_name_prefix="planner-hook")
        self._starts = Starts(
            lambda ids: self.queue.start(ids, self.clock()),
            self.settings.workers,
            self.settings.batch // 4,
        )
        self._state = threading.Lock()
        self._tick_lock = threading.Lock()
        self._outcomes: list[Outcome] = []
        self._flush_at = max(1, self.settings.batch // 4)  # outcomes recorded together
        self._urgent = False  # an outcome waits that must be recorded at once
        self._in_flight = 0
        self._ticking = self._stopping = self._woken = False
        self._revision = -1
        self._dirty = False  # recorded or recovered since the next due time was read
        self._recovered = False  # the liveness thread released claims: read the due time again
        self._told_lost = False
        self._next_due: datetime | None = None
        self._scheduler: Any = None
        self._lock: contextlib.ExitStack | None = None
        self._watch = Watch(self.queue, self.settings, clock, self._watch_peers, self.say)

    def _speaking(self) -> contextlib.AbstractContextManager[None]:
        """The language of the command that made the runner: the threads of APScheduler and
        of the pool do not inherit its context."""
        return i18n.speaking(self._speech.language, chosen=self._speech.chosen)

    # -- life cycle --------------------------------------------------------------------------

    def start(self, scheduler: Any = None) -> None:
        """Take the lock, recover from a dead runner, and start ticking (by default in a
        BackgroundScheduler's thread, until :meth:`stop`)."""
        self._lock = contextlib.ExitStack()
        self._lock.enter_context(runner_lock(self.store))
        try:
            self._join(self.clock())
        except BaseException:
            self._lock.close()
            raise
        self._watch.start()
        self._scheduler = scheduler or BackgroundScheduler(timezone=UTC)
        self._scheduler.add_job(
            self._tick,
            trigger=_Wake(0),
            id=JOB,
            max_instances=2,  # see _tick
            coalesce=True,
            misfire_grace_time=None,  # a late wake-up still runs: it is how work gets done
        )
        self._scheduler.start()

    def run_forever(self) -> RunReport:
        """`planner run`: tick until SIGINT or SIGTERM, then finish the hooks in flight."""
        stopped = threading.Event()
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.getsignal(sig) for sig in handled}

        def on_signal(signum: int, frame: FrameType | None) -> None:
            self._stopping = True
            for sig, handler in previous.items():  # a second Ctrl-C stops at once
                signal.signal(sig, handler)
            with self._speaking():
                self.say(_("stopping: finishing the hooks in flight (Ctrl-C again to quit now)"))
            stopped.set()

        # The timer ticks in its own thread and this one only waits for the signal, so that a
        # signal that comes while the runner starts (recovering after a crash can take a
        # while) stops it as well: a BlockingScheduler not started yet could not be shut down
        # then, and the runner went on running.
        for sig in handled:
            signal.signal(sig, on_signal)
        try:
            self.start()
            stopped.wait()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return self.stop()

    def stop(self) -> RunReport:
        """Stop claiming, let the hooks in flight finish, record them, release the lock."""
        self._stopping = True
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        self._watch.stop()
        try:
            with self._tick_lock:  # a tick still running after shutdown(wait=False)
                self._pool.shutdown(wait=True)
                self._flush(self.clock())
        finally:
            if self._lock is not None:
                with contextlib.suppress(PlannerError):
                    self.queue.unregister()
                self._lock.close()
                self._lock = None
        return self.report

    def once(self) -> RunReport:
        """Deliver what is due now, then return: claim a batch, fire it, record the outcomes
        as they come, until nothing is due."""
        now = self.clock()
        with runner_lock(self.store):
            self._join(now)
            try:
                self._watch.start()
                with self._pool as pool:
                    while not self.queue.lost:
                        claimed, missed = self.queue.claim(now, self.settings.batch)
                        self._missed(missed)
                        if not claimed:
                            break
                        self._fire_batch(pool, claimed, now)
                if self.queue.lost:  # stopped short: a cron job runs it again
                    raise self.queue.lifeline.lose(self.queue.lost)
            finally:
                self._watch.stop()
                with contextlib.suppress(PlannerError):
                    self.queue.unregister()
        return self.report

    def _fire_batch(self, pool: ThreadPoolExecutor, claimed: list[Delivery], now: datetime) -> None:
        """Fire a batch and record the outcomes as they come: those of the hooks that must
        not send twice at once (with whatever else ended meanwhile), the others by quarter
        batches."""
        ended: SimpleQueue[Future[Outcome]] = SimpleQueue()
        self._starts.add(claimed)
        for _claimed in claimed:
            pool.submit(self._fire_next).add_done_callback(ended.put)
        left, waiting = len(claimed), []
        while left:
            waiting.append(ended.get().result())
            while left > len(waiting) and not ended.empty():
                waiting.append(ended.get().result())
            if (
                left == len(waiting)
                or len(waiting) >= self._flush_at
                or any(map(self._urgent_for, waiting))
            ):
                self._tally(self.queue.record(waiting, now), waiting)
                left, waiting = left - len(waiting), []

    def _join(self, now: datetime) -> None:
        """Register (a lock, a row), then recover what runners that died left claimed."""
        with self._watch.lock:
            self.queue.register(now)
            try:
                self._recover(now, alone=self.store.is_sqlite)
            except BaseException:
                with contextlib.suppress(PlannerError):
                    self.queue.unregister()
                raise

    # -- liveness ----------------------------------------------------------------------------

    def _watch_peers(self, now: datetime) -> None:
        """On PostgreSQL, take over the claims of the runners that died (from the Watch)."""
        if not self.store.is_sqlite and self._recover(now, alone=False):
            self._wake()

    def _wake(self) -> None:
        with self._state:
            if self._ticking or self._stopping or self._woken or self._scheduler is None:
                return
            self._woken = True
            self._arm(0.0)

    # -- the tick ----------------------------------------------------------------------------

    def _tick(self) -> None:
        # A wake-up armed while a tick ends can start the next before APScheduler counts the
        # first one finished: two instances are allowed, and this lock runs them in turn.
        with self._tick_lock, self._speaking():
            with self._state:
                self._ticking, self._woken = True, False
            delay = self.settings.poll.total_seconds()
            failed = True
            try:
                delay = self._work()
                failed = False
            except PlannerError as exc:  # a locked or unreachable store: say so, try again
                self.say(_("warning: {message}").format(message=exc))
            except Exception as exc:  # never let the timer die with work still due
                self.say(
                    _("internal error in the runner: {reason}").format(
                        reason=f"{type(exc).__name__}: {exc}"
                    )
                )
            finally:
                with self._state:
                    self._ticking = False
                    if self._recovered and not failed:
                        delay = 0.0
                    if self._outcomes and not failed:
                        delay = 0.0 if self._record_now() else min(delay, FLUSH_DELAY)
                    if not self._stopping:
                        self._woken = delay == 0.0
                        self._arm(delay)

    def _work(self) -> float:
        poll = self.settings.poll.total_seconds()
        now = self.clock()
        self._dirty |= self._flush(now)
        with self._state:
            self._dirty |= self._recovered
            self._recovered = False
        if self._stopping:
            return poll
        if self.queue.lost:
            return self._rejoin(now, poll)
        room = self.settings.batch - self._in_flight
        if self._in_flight and room < max(1, self.settings.batch // 2):
            # Until half a batch is done (each hook that ends wakes a tick), only record:
            # claiming after every hook, or polling the store while the pool is full, cost as
            # much as a fast hook, and the runner's threads share one core.
            return poll
        with self.store.begin() as conn:
            revision = read_revision(conn)
        if revision != self._revision:
            self._revision, self._dirty = revision, True
        if self._dirty or self._next_due is None or self._next_due <= now:
            self._next_due, self._dirty = self.queue.next_due(), False
        if self._next_due is None or self._next_due > now:
            return self._delay(now, poll)
        claimed, missed = self.queue.claim(now, room)
        self._missed(missed)
        self._submit(claimed)
        self._next_due = self.queue.next_due()
        return 0.0 if len(claimed) == room else self._delay(now, poll)

    def _rejoin(self, now: datetime, poll: float) -> float:
        """The session on the store was lost: once the hooks in flight have ended and their
        outcomes are recorded, come back as another runner."""
        if not self._told_lost:
            self._told_lost = True
            self.say(
                _(
                    "warning: the runner lost its session on the store ({reason}): it "
                    "fires nothing more as {me}, and comes back as another runner"
                ).format(reason=self.queue.lost, me=self.queue.me)
            )
        if self._in_flight or self._outcomes:
            return poll
        self._join(now)
        self._told_lost, self._dirty = False, True
        self.say(
            _("runner back on {store} as {me}").format(store=self.store.shown, me=self.queue.me)
        )
        return 0.0

    def _delay(self, now: datetime, poll: float) -> float:
        if self._next_due is None:
            return poll
        return min(poll, max(0.0, (self._next_due - now).total_seconds()))

    def _submit(self, claimed: list[Delivery]) -> None:
        with self._state:
            self._in_flight += len(claimed)
        self._starts.add(claimed)
        for _claimed in claimed:
            self._pool.submit(self._fire_next).add_done_callback(self._done)

    def _fire_next(self) -> Outcome:
        """Fire the next claimed delivery in a worker once its start is recorded (starts.py):
        a runner killed before the call leaves a claim that the next one sends, not one in
        doubt (claims.py)."""
        delivery, answer = self._starts.take()
        if isinstance(answer, LifelineLost):  # its claim goes back to the queue when recovered
            return Outcome(delivery, fired=False)
        # A worker thread starts without the command's context: its language is set here.
        with self._speaking(), i18n.for_campaign(i18n.language_of(delivery.locale)):
            if isinstance(answer, Exception):  # not sent: better late than perhaps twice
                reason = _("not sent, its start could not be recorded: {reason}")
                return Outcome(delivery, reason.format(reason=answer), True)
            if not answer:
                return Outcome(delivery, _("not sent: another runner took it over"), fired=False)
            return fire(self.hooks[delivery.hook], delivery)

    def _urgent_for(self, outcome: Outcome) -> bool:
        """Whether an outcome must be recorded at once: a hook that must not send twice ran,
        and a crash before its record would leave it in doubt, never sent again."""
        return outcome.fired and not self.hooks[outcome.delivery.hook].resend_safe

    def _done(self, future: Future[Outcome]) -> None:
        outcome = future.result()
        with self._state:
            self._outcomes.append(outcome)
            self._urgent |= self._urgent_for(outcome)
            self._in_flight -= 1
            if self._ticking or self._stopping or self._woken:
                return
            if self._record_now():
                self._woken = True
                self._arm(0.0)
            elif len(self._outcomes) == 1:
                # Recorded with the next ones, within FLUSH_DELAY: a transaction per outcome
                # cost as much as a fast hook. Not longer: after a crash, what was fired and
                # not recorded is in doubt (and sent again: only resend-safe hooks wait).
                self._arm(FLUSH_DELAY)

    def _record_now(self) -> bool:
        """Whether the outcomes waiting should be recorded without waiting for more (called
        under ``_state``): one must not wait, the last hook in flight ended, or enough did."""
        return self._urgent or self._in_flight == 0 or len(self._outcomes) >= self._flush_at

    def _arm(self, delay: float) -> None:
        with contextlib.suppress(Exception):  # the scheduler is shutting down
            self._scheduler.reschedule_job(JOB, trigger=_Wake(delay))

    def _flush(self, now: datetime) -> bool:
        with self._state:
            outcomes, self._outcomes, self._urgent = self._outcomes, [], False
        if not outcomes:
            return False
        try:
            done = self.queue.record(outcomes, now)
        except PlannerError:
            with self._state:  # kept, to be recorded at the next tick
                self._outcomes[:0] = outcomes
                self._urgent = any(map(self._urgent_for, self._outcomes))
            raise
        self._tally(done, outcomes)
        return True

    def _tally(self, done: RunReport, outcomes: Sequence[Outcome]) -> None:
        self.report.delivered += done.delivered
        self.report.retrying += done.retrying
        self.report.failed += done.failed
        for outcome in outcomes:
            if outcome.fired or outcome.error:
                self.say(outcome.line(self.settings))

    def _missed(self, count: int) -> None:
        if count:
            self.report.missed += count
            grace = span(self.settings.grace)
            self.say(
                _("missed {count}: due more than {grace} before the runner saw them").format(
                    count=count, grace=grace
                )
            )

    def _recover(self, now: datetime, *, alone: bool) -> bool:
        """Take over the claims of the runners that died; whether there were any."""
        found, released = self.queue.recover(now, alone=alone)
        with self._state:
            self.report.in_doubt.extend(found)
            self._recovered |= bool(found or released)
        for doubt in found:
            self.say(doubt.line())
        return bool(found or released)


def run_once(
    store: Store,
    hooks: Sequence[Hook],
    now: datetime,
    *,
    settings: RunnerSettings | None = None,
    say: Say | None = None,
) -> RunReport:
    """Deliver what is due at ``now`` and return (`planner run --once`, for cron)."""
    return Runner(store, hooks, clock=lambda: now, settings=settings, say=say).once()
