"""Durations: "48 heures", "for 2 days", "1h30", "une semaine", "30 min", "PT1H".

Used for ``duration``, ``buying_cycle``, ``lead_time``, hook ``lead`` and ``--alarm``. A
duration is calendar time, so months and business days (which have no fixed length) are
refused with a hint rather than guessed.
"""

from __future__ import annotations

import re
from datetime import timedelta

from planner.errors import PhraseError, Pos, quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .hints import one_of
from .lexer import Token, fold_with_offsets

_SECOND, _MINUTE, _HOUR = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1)
_DAY, _WEEK = timedelta(days=1), timedelta(weeks=1)
_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "seconde", "secondes"), _SECOND),
    **dict.fromkeys(("min", "mins", "minute", "minutes", "mn"), _MINUTE),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "heure", "heures"), _HOUR),
    **dict.fromkeys(("d", "day", "days", "j", "jour", "jours", "journee", "journees"), _DAY),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "semaine", "semaines", "sem"), _WEEK),
}
# Units a duration cannot have, and why, per language (en, fr).
_REFUSED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    **dict.fromkeys(
        ("month", "months", "mois"),
        (
            ("30 days", "4 weeks"),
            ("30 jours", "4 semaines"),
        ),
    ),
    **dict.fromkeys(
        ("year", "years", "an", "ans", "annee", "annees"),
        (
            ("365 days",),
            ("365 jours",),
        ),
    ),
    **dict.fromkeys(
        ("business", "working", "ouvre", "ouvres", "ouvrable", "ouvrables"),
        ((), ()),
    ),
}
_HALF = frozenset({"half", "demi"})
# The longest duration any setting needs (a buying cycle is weeks, a lead days): past it, a
# number is a typo, and adding it to a date would leave the calendar ("99999999 days").
MAX_DURATION = timedelta(days=3660)
MAX_DURATION_TEXT = "ten years"  # English; messages say it in their language
_ISO = re.compile(r"p(?:(\d+)w)?(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)?")


def _refused(word: str, examples: tuple[str, ...]) -> str:
    """Why ``word`` is no unit of a duration, and what to write (``examples``)."""
    if not examples:
        return _("a duration counts calendar time; business days only apply to dates")
    written = one_of([quoted(e) for e in examples])
    if word in ("month", "months", "mois"):
        return _("a month has no fixed length: write {examples}").format(examples=written)
    return _("a year has no fixed length: write {examples}").format(examples=written)


def parse_duration(text: str, origin: Pos | None = None) -> timedelta:
    return _duration(Cursor(text, origin, _duration))


def _duration(c: Cursor) -> timedelta:
    folded = fold_with_offsets(c.text)[0].strip()
    iso = _ISO.fullmatch(folded)
    if iso is not None and any(iso.groups()):
        w, d, h, m, s = (int(g or 0) for g in iso.groups())
        try:
            return _bounded(c, timedelta(weeks=w, days=d, hours=h, minutes=m, seconds=s), 0)
        except OverflowError:
            raise _too_long(c, 0) from None
    if not c.toks:
        raise c.failure("a duration")
    c.word({"for", "pendant", "durant", "during"}, hint=False)
    total: timedelta | None = None
    while True:
        term = _term(c)
        if term is None:
            break
        total = term if total is None else total + term
        m = c.mark()
        if c.punct(",") is None and c.word({"and", "et"}, hint=False) is None:
            continue
        c.word({"and", "et"}, hint=False)
        if c.at_end:
            c.reset(m)
            break
    if total is None or not c.end():
        raise c.failure("a duration")
    return _bounded(c, total, 0)


def _bounded(c: Cursor, length: timedelta, at: Token | int) -> timedelta:
    if length > MAX_DURATION:
        raise _too_long(c, at)
    return length


def _too_long(c: Cursor, at: Token | int) -> PhraseError:
    examples = ("30 jours", "48 heures") if c.french else ("30 days", "48 hours")
    return c.error(
        _("this duration is longer than ten years"),
        at,
        _("a duration is hours, days or weeks, e.g. {examples}").format(
            examples=one_of([quoted(e) for e in examples])
        ),
    )


def _scaled(c: Cursor, unit: timedelta, amount: float, at: Token) -> timedelta:
    try:
        return _bounded(c, unit * amount, at)
    except OverflowError:
        raise _too_long(c, at) from None


def _term(c: Cursor) -> timedelta | None:
    m = c.mark()
    half = _half(c)
    if half is not None:
        return half
    c.reset(m)
    written = c.peek()
    amount = _amount(c)
    if amount is None or written is None:
        return None
    t = c.peek()
    if t is not None and t.kind == "word" and t.text in _REFUSED:
        message = _("{word} cannot be a duration").format(word=quoted(c.raw(t)))
        raise c.error(message, t, _refused(t.text, _REFUSED[t.text][c.french]))
    unit = c.word(_UNITS, N_("a unit"))
    if unit is None:
        return None
    value = _scaled(c, _UNITS[unit.text], amount, written)
    if _UNITS[unit.text] == _HOUR and amount == int(amount):
        minutes = c.peek()  # "1h30", "1 h 30"
        if minutes is not None and minutes.kind == "num" and len(minutes.text) <= 2:
            if minutes.value >= 60:
                message = _("{count} minutes is an hour or more").format(count=minutes.value)
                raise c.error(message, minutes)
            c.i += 1
            c.word({"min", "mn", "m", "minutes"}, hint=False)
            value += _MINUTE * minutes.value
    return value


def _half(c: Cursor) -> timedelta | None:
    """ "half an hour", "une demi-heure", "a half day"."""
    c.number(articles=True)
    if c.word(_HALF, hint=False) is None:
        return None
    c.punct("-")
    c.word({"a", "an"}, hint=False)
    unit = c.word(_UNITS)
    return _UNITS[unit.text] / 2 if unit is not None else None


def _amount(c: Cursor) -> float | None:
    n = c.number(articles=True)
    if n is None:
        return None
    value, tok = n
    sep, frac = c.peek(), c.peek(1)
    if tok.kind == "num" and _glued_decimal(sep, frac):
        assert frac is not None
        c.i += 2
        return float(f"{value}.{frac.text}")
    return float(value)


def _glued_decimal(sep: Token | None, frac: Token | None) -> bool:
    return (
        sep is not None
        and frac is not None
        and sep.text in ".,"
        and sep.glued
        and frac.glued
        and frac.kind == "num"
    )
