"""Moving a one-day window off a day its channel does not use.

"Two weeks after Mother's Day" on e-mail (Tuesday to Thursday) can fall on a Sunday. The user
named one day, and the channel can never be used on it: the item goes on the channel's next
usable day, at most a week later, and a warning says so. What is "a day the channel does not
use" is fixed by the channel and the shop: its `days`, its `quiet_days` (with "holidays"), and
`needs_open` with the shop's closures and public holidays. A day whose cap is full is not one:
the channel works that day, another item holds it, and moving would hide that two campaigns
want the same day, so that stays an error.

A day before the anchor never moves onto or past the anchor (a promotion for Mother's Day that
lands after it is no longer one), and no day moves past the step's deadline (`before`): those
stay errors, with a hint naming a usable day before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import i18n
from .channels import Channel
from .i18n import _
from .phrases import Window
from .placement import Slots

MOVE_DAYS = 7
ONE_DAY = timedelta(days=1)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The reasons of Slots.explain that mean the channel is never used that day.
UNUSED = ("channel days", "quiet days", "public holidays", "shop closed")


@dataclass(frozen=True, slots=True)
class OneDay:
    """A step's window of one day, and what bounds a move: the anchor when the day is before
    it, and the step's deadline."""

    day: date
    anchor: date | None
    deadline: date | None

    @property
    def latest(self) -> date:
        """The last day the item may move to."""
        last = self.day + timedelta(days=MOVE_DAYS)
        if self.anchor is not None:
            last = min(last, self.anchor - ONE_DAY)
        if self.deadline is not None:
            last = min(last, self.deadline)
        return last


def one_day(when: Window, anchor: date | None, deadline: date | None) -> OneDay | None:
    """The one-day window of a step's `when`, or None when it is longer (or "asap")."""
    if when.asap or when.start != when.end:
        return None
    before_anchor = anchor if anchor is not None and when.start < anchor else None
    return OneDay(when.start, before_anchor, deadline)


def named(day: date) -> str:
    """ "Sunday 2027-06-13", "dimanche 2027-06-13": the weekday says why, the ISO date says
    which."""
    return f"{_weekday(day)} {day.isoformat()}"


def _weekday(day: date) -> str:
    if i18n.language() == i18n.SOURCE:
        return WEEKDAY_NAMES[day.weekday()]
    from babel.dates import format_date

    return format_date(day, "EEEE", locale=i18n.language())


def _weekdays(day: date) -> str:
    """The weekday of ``day`` as "on …" takes it: "Sundays"; French says "le dimanche"."""
    if i18n.language() == i18n.SOURCE:
        return f"{WEEKDAY_NAMES[day.weekday()]}s"
    return _weekday(day)


def unused_because(
    channel: Channel,
    day: date,
    rejected: str,
    holiday_name: Callable[[date], str | None],
) -> str:
    """Why ``channel`` is not used on ``day``, in the words of the rule ``rejected`` names."""
    name = channel.label(i18n.language())
    if rejected == "channel days":
        return _("{channel} is not used on {weekdays}").format(
            channel=name, weekdays=_weekdays(day)
        )
    if rejected == "quiet days":
        return _("{channel} is quiet on {weekdays}").format(channel=name, weekdays=_weekdays(day))
    holiday = holiday_name(day)
    if rejected == "public holidays":
        return _("{channel} is quiet on public holidays, and {day} is {holiday}").format(
            channel=name, day=day, holiday=holiday
        )
    if holiday is not None:
        return _("{channel} needs the shop open, and {day} is a public holiday ({holiday})").format(
            channel=name, day=day, holiday=holiday
        )
    return _("{channel} needs the shop open, and the shop is closed on {day}").format(
        channel=name, day=day
    )


@dataclass(frozen=True, slots=True)
class Move:
    """The outcome of trying to move a one-day window off ``day``: ``slot`` is where it goes, or
    None when it may not move, with ``hint`` saying what to write instead."""

    day: date
    slot: datetime | None
    why: str
    hint: str | None = None


def move_off(
    slots: Slots,
    window: OneDay,
    rejected: str,
    holiday_name: Callable[[date], str | None],
) -> Move | None:
    """Where the item of ``window`` goes, when its day is one the channel does not use; None
    when it is not such a day, or when no usable day comes within a week."""
    if rejected not in UNUSED:
        return None
    channel, day = slots.channel, window.day
    why = unused_because(channel, day, rejected, holiday_name)
    slot = slots.first(day + ONE_DAY, day + timedelta(days=MOVE_DAYS))
    if slot is None:
        return None
    if slot.date() <= window.latest:
        return Move(day, slot, why)
    if window.anchor is not None and slot.date() >= window.anchor:
        past = _(
            "past the anchor ({anchor}): a day before the anchor does not move past it"
        ).format(anchor=window.anchor)
    else:
        past = _("after the deadline ({deadline}): a day does not move past its deadline").format(
            deadline=window.deadline
        )
    earlier = _usable_before(slots, day)
    instead = (
        _('write when = "{day}" ({weekday})').format(day=earlier, weekday=_weekday(earlier))
        if earlier is not None
        else _("move the step earlier")
    )
    return Move(
        day,
        None,
        why,
        _("{why}, and its next day, {day}, is {past}; {instead}, or pick another channel").format(
            why=why, day=named(slot.date()), past=past, instead=instead
        ),
    )


def _usable_before(slots: Slots, day: date) -> date | None:
    """The last day of the week before ``day`` that the channel can be used on."""
    for back in range(1, MOVE_DAYS + 1):
        earlier = day - timedelta(days=back)
        if slots.first(earlier, earlier) is not None:
            return earlier
    return None
