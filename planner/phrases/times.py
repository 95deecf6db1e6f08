"""Times of day: "11:00", "9h30", "19 h", "7pm", "7:30 pm", "midi", in lists."""

from __future__ import annotations

from datetime import time

from planner.errors import Pos, quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .hints import did_you_mean

_NAMED = {"noon": time(12), "midi": time(12), "midnight": time(0), "minuit": time(0)}


def parse_times(text: str, origin: Pos | None = None) -> list[time]:
    """The times in ``text``, in the order written (a channel's order of preference)."""
    return _times(Cursor(text, origin, _times))


def _times(c: Cursor) -> list[time]:
    if not c.toks:
        raise c.failure("a time")
    out: list[time] = []
    while True:
        t = _time(c)
        if t is None:
            raise c.failure("a time")
        out.append(t)
        if c.end():
            return out
        if c.punct(",;&") is None and c.word({"and", "et"}, "','") is None:
            raise c.failure("a time")
        c.word({"and", "et"}, hint=False)


def _time(c: Cursor) -> time | None:
    named = c.word(_NAMED, N_("a time"))
    if named is not None:
        return _NAMED[named.text]
    hour = c.peek()
    if hour is None or hour.kind != "num" or len(hour.text) > 2:
        c.miss(N_("a time"))
        return None
    c.i += 1
    minute, marked = 0, False
    if c.punct(":") is not None or c.word({"h"}, hint=False) is not None:
        marked = True
        m = c.peek()
        if m is not None and m.kind == "num" and m.glued and len(m.text) == 2:
            c.i += 1
            minute = m.value
            if minute > 59:
                message = _("there is no minute {minute}").format(minute=minute)
                raise c.error(message, m, _("minutes go from 00 to 59"))
        elif c.toks[c.i - 1].text == ":":
            c.miss(N_("minutes"))
            return None
    meridiem = _meridiem(c)
    if meridiem is None and not marked:
        raise c.error(
            _("expected a time such as {time} or {other}, got {word}").format(
                time=quoted(f"{hour.value}:00"),
                other=quoted(f"{hour.value}h"),
                word=quoted(c.raw(hour)),
            ),
            hour,
            did_you_mean(f"{hour.value}:00"),
        )
    h = hour.value
    if meridiem is not None:
        if not 1 <= h <= 12:
            message = _("there is no {hour} {meridiem}").format(hour=h, meridiem=meridiem)
            raise c.error(message, hour, _("with am/pm, hours go from 1 to 12"))
        h = h % 12 + (12 if meridiem == "pm" else 0)
    elif h > 23:
        message = _("there is no hour {hour}").format(hour=h)
        raise c.error(message, hour, _("hours go from 0 to 23"))
    return time(h, minute)


def _meridiem(c: Cursor) -> str | None:
    t = c.word({"am", "pm"}, hint=False)
    if t is not None:
        return t.text
    m = c.mark()
    a = c.word({"a", "p"}, hint=False)  # "a.m.", "p.m."
    if a is not None and c.punct(".") and c.word({"m"}, hint=False):
        c.punct(".")
        return a.text + "m"
    c.reset(m)
    return None
