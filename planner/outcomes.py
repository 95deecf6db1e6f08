"""What firing a delivery came to, what a runner found in doubt, what a run did; and how the
runner says each of them, every time in the item's own zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from . import i18n
from .delivery import Delivery, Hook, HookFailure
from .i18n import _
from .localtime import local
from .workspace import RunnerSettings


@dataclass(frozen=True, slots=True)
class Outcome:
    delivery: Delivery
    error: str | None = None  # None: delivered
    retry: bool = False
    # False: not fired, and not this runner's to record (taken over, or its session lost:
    # then ``error`` is None, and the claim goes back to the queue when it is recovered).
    fired: bool = True

    def line(self, settings: RunnerSettings) -> str:
        """What became of the delivery, in its campaign's language (unless one was chosen)."""
        d = self.delivery
        with i18n.for_campaign(i18n.language_of(d.locale)):
            what = _("{hook}: {title} (item {item}, due {due})").format(
                hook=d.hook, title=d.title, item=d.item_id, due=local(d.due, d.tzid)
            )
            if not self.fired:
                return _("{reason}: {what}").format(reason=self.error, what=what)
            if self.error is None:
                return _("delivered {what}").format(what=what)
            if self.retry and d.attempt < settings.attempts:
                return _("retrying {what}: attempt {attempt} of {attempts}: {reason}").format(
                    what=what, attempt=d.attempt, attempts=settings.attempts, reason=self.error
                )
            return _("failed {what}: {reason}").format(what=what, reason=self.error)


@dataclass(frozen=True, slots=True)
class InDoubt:
    """A delivery whose runner died after it started firing it: it may have gone out."""

    id: str
    hook: str
    title: str
    due: datetime
    tzid: str  # the item's zone, in which its times are shown
    resent: bool  # True: queued again with the same id (its hook says sending twice is safe)

    def line(self) -> str:
        what = _("{hook}: {title} (due {due})").format(
            hook=self.hook, title=self.title, due=local(self.due, self.tzid)
        )
        if self.resent:
            return _("in doubt, sending again with the same id: {what}").format(what=what)
        return _("in doubt, not sent again (it may have gone out): {what}").format(what=what)


@dataclass(slots=True)
class RunReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    missed: int = 0
    in_doubt: list[InDoubt] = field(default_factory=list)

    def __str__(self) -> str:
        doubt = sum(1 for d in self.in_doubt if not d.resent)
        return _(
            "delivered {delivered}, retrying {retrying}, failed {failed}, "
            "missed {missed}, in doubt {doubt}"
        ).format(
            delivered=self.delivered,
            retrying=self.retrying,
            failed=self.failed,
            missed=self.missed,
            doubt=doubt,
        )


def fire(hook: Hook, delivery: Delivery) -> Outcome:
    """Call the hook, in the language of the item's campaign (unless one was chosen: the
    caller's); whatever it raises becomes an outcome, never a dead runner."""
    try:
        with i18n.for_campaign(i18n.language_of(delivery.locale)):
            hook.fire(delivery)
    except HookFailure as exc:
        return Outcome(delivery, str(exc) or type(exc).__name__, exc.retry)
    except Exception as exc:  # a plugin's bug: recorded, and tried again later
        return Outcome(delivery, f"{type(exc).__name__}: {exc}", True)
    return Outcome(delivery)
