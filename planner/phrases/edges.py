"""The first or last days or weeks of a month ("the first 10 days of April", "les 2 dernières
semaines de mars", "les premiers jours de mars"), and the first days after or last days before a
reference ("the last 5 days before Christmas", "les 5 derniers jours avant Noël")."""

from __future__ import annotations

from planner.errors import quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .lexer import Token
from .months import OF, month_ref
from .nodes import MonthPart, Node, Unit, Within
from .offsets import _direction
from .refs import anchor_or_ref
from .words import DAY_UNITS, WEEK_UNITS

# "the first days of March" without a count: its first five days; weeks: its first two.
DEFAULT_COUNT = {"day": 5, "week": 2}
# Ordinal words of "les 10 premiers jours", by the count they take first or last.
_FIRST = frozenset({"first", "premiers", "premieres", "premier", "premiere"})
_LAST = frozenset({"last", "derniers", "dernieres", "dernier", "derniere"})
_PLURAL_UNITS = frozenset({"days", "jours", "journees", "weeks", "semaines"})
# The longest count a month always holds.
_MOST = {"day": 28, "week": 4}


def first_last(c: Cursor) -> Node | None:
    """ "the first 10 days of April", "les 5 derniers jours de mars", "the last two weeks of
    March", "les premiers jours de mars"; "the last 5 days before X", "les 2 premières
    semaines après X" (a window right before or after X)."""
    lead = c.word({"the", "les", "la", "le"}, hint=False)
    count = c.number()
    side = c.word(_FIRST | _LAST)
    if side is None:
        return None
    if count is None:  # English puts the count after: "the first 10 days"
        count = c.number()
    few = c.word({"few"}, hint=False) if count is None else None  # "the last few days"
    unit_tok = c.peek()
    if unit_tok is None or (unit_tok.text not in DAY_UNITS and unit_tok.text not in WEEK_UNITS):
        c.miss(N_("a unit"), ("days", "jours", "weeks", "semaines"))
        return None
    c.i += 1
    unit: Unit = "day" if unit_tok.text in DAY_UNITS else "week"
    n = count[0] if count is not None else None
    if n is None:
        n = DEFAULT_COUNT[unit] if unit_tok.text in _PLURAL_UNITS or few else 1
    first = side.text in _FIRST
    at = count[1] if count is not None else (lead or side)
    if c.word(OF, hint=False) is not None:
        return _of_month(c, n, unit, first, at, unit_tok)
    direction = _direction(c, later=False)
    if direction is None or n < 1:
        return None
    sign, ref = direction
    if (sign < 0) == first:  # "the first days before X" says nothing clear
        return None
    return Within(n, unit, sign, ref, at.start)


def _of_month(c: Cursor, n: int, unit: str, first: bool, at: Token, unit_tok: Token) -> Node | None:
    if n < 1 or n > _MOST[unit]:
        example = "mars" if c.french else "March"
        raise c.error(
            _("{count} {unit} is not a part of every month: count at most {most}").format(
                count=n, unit=c.raw(unit_tok), most=_MOST[unit]
            ),
            at,
            _("for the whole month write its name alone, e.g. {example}").format(
                example=quoted(example)
            ),
        )
    ref = month_ref(c)
    if ref is None:
        return None
    days = n * (7 if unit == "week" else 1)
    lo, hi = (1, days) if first else (1 - days, 0)
    return MonthPart(ref.month, ref.year, lo, hi, at.start, ref.ahead)


def unnumbered(c: Cursor) -> Node | None:
    """ "the days leading up to X", "les jours qui suivent Pâques", "dans les jours qui
    précèdent X", "the weeks before X": as "the last few days before X", the 5 days (2 weeks)
    next to X."""
    c.word({"in", "within", "during", "over", "dans", "pendant", "durant"}, hint=False)
    if c.word({"the", "les"}, hint=False) is None:
        return None
    t = c.peek()
    if t is None or t.text not in _PLURAL_UNITS:
        return None
    c.i += 1
    unit: Unit = "day" if t.text in DAY_UNITS else "week"
    direction = _direction(c, later=False)
    if direction is None:
        return None
    return Within(DEFAULT_COUNT[unit], unit, direction[0], direction[1], t.start)


# "the run-up to X", "à l'approche de X": the weeks leading up to X, as "the weeks before X".
_RUN_UP = (
    ("run", "up", "to"),
    ("lead", "up", "to"),
    ("build", "up", "to"),
    ("approche", "de"),
    ("approche", "du"),
    ("approche", "des"),
    ("approche", "d'"),
)


def run_up(c: Cursor) -> Node | None:
    """ "in the run-up to Christmas", "the lead-up to Mother's Day", "à l'approche de Noël":
    the two weeks before X, as "the weeks leading up to X"."""
    c.word({"in", "during", "a", "dans"}, hint=False)
    c.word({"the", "l'"}, hint=False)
    t = c.phrase(*_RUN_UP)
    if t is None:
        return None
    r = anchor_or_ref(c, t)
    return Within(DEFAULT_COUNT["week"], "week", -1, r, t.start) if r is not None else None
