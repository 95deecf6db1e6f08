"""Vague and open windows, each with a documented width (README, "Date phrases"):

- around a reference: "around Christmas", "autour de Noël", "vers le 10 mars" (REF±3 days);
- a few days before or after it: "a few days before X", "quelques jours après X";
- just or shortly before or after it: "just before X", "juste après X", "peu avant X";
- open ranges: "from March 3", "à partir du 3 mars", "dès le 3 mars" (to the anchor);
- two adjacent parts of months: "fin mars début avril", "late March or early April".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from planner.errors import quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .dates import calendar
from .hints import Example, did_you_mean
from .months import PARTS, month_length
from .nodes import Around, MonthPart, Node, On, Onward, Range, Ref, Shift, Spread, Until
from .offsets import _direction, _unit, shift
from .refs import anchor_or_ref, ref
from .types import EventRef
from .words import AFTER, ARTICLES, BEFORE, MONTHS, ORDINALS

# "around X": from 3 days before X to 3 days after it, when X is one day.
AROUND_DAYS = 3
_AROUND = (
    ("around",),
    ("about",),
    ("approximately",),
    ("roughly",),
    ("towards",),
    ("autour",),
    ("aux", "alentours"),
    ("aux", "environs"),
    ("vers",),
    ("environ",),
)
# "a few days before X": 2 to 5 days before (weeks: 2 to 4); "several" / "plusieurs" alike.
FEW = {"day": (2, 5), "week": (2, 4)}
_FEW = (("a", "few"), ("few",), ("several",), ("quelques",), ("plusieurs",))
# Just before or after X (1 to 2 days), shortly before or after it (1 to 3 days).
_CLOSE: dict[tuple[str, ...], tuple[int, int]] = {
    **dict.fromkeys((("just",), ("right",), ("immediately",), ("juste",)), (1, 2)),
    **dict.fromkeys((("tout", "juste"), ("sitot",), ("aussitot",)), (1, 2)),
    **dict.fromkeys((("shortly",), ("soon",), ("peu",), ("un", "peu"), ("not", "long")), (1, 3)),
    **dict.fromkeys((("peu", "de", "temps"),), (1, 3)),
}
# "from March 3" without an anchor after it: two weeks from that day.
OPEN_DAYS = 14
_ONWARD = (
    ("starting", "from"),
    ("starting", "on"),
    ("starting",),
    ("from",),
    ("as", "of"),
    ("as", "from"),
    ("beginning", "on"),
    ("a", "partir"),
    ("a", "compter"),
    ("des",),
)
_CONNECTORS = frozenset({"to", "until", "till", "through", "thru", "au", "a", "jusqu'", "et"})
_ONWARDS = frozenset({"on", "onward", "onwards", "forward"})
# Two parts of months written side by side or with one of these: "fin mars / début avril".
_EITHER = frozenset({"or", "ou", "and", "et"})
_PART_STARTS = frozenset({*PARTS, *MONTHS, *ARTICLES, *ORDINALS, "a", "au", "en", "in"})


def vague(c: Cursor) -> Node | None:
    """One of the vague windows above, or None."""
    m = c.mark()
    for rule in (_around, _few, _close):
        c.reset(m)
        node = rule(c)
        if node is not None:
            return node
    c.reset(m)
    return None


def _around(c: Cursor) -> Node | None:
    t = c.phrase(*_AROUND)
    if t is None:
        return None
    m = c.mark()
    day = shift(c)  # "about two weeks before Christmas", "environ 10 jours avant Noël"
    if isinstance(day, Shift):
        return Around(day, AROUND_DAYS, t.start)
    c.reset(m)
    c.word({"de", "du", "d'", "des"}, hint=False)
    _say_what(c, "Noël", "Christmas", N_("the day"))
    r = ref(c, bare=False)
    return Around(r, AROUND_DAYS, t.start) if r is not None else None


def _few(c: Cursor) -> Node | None:
    t = c.phrase(*_FEW)
    if t is None:
        return None
    unit = _unit(c)
    if unit != "day" and unit != "week":
        return None
    d = _direction(c, later=True)
    if d is None:
        return None
    low, high = FEW[unit]
    return Spread(low, high, unit, d[0], d[1], t.start)


def _close(c: Cursor) -> Node | None:
    t = c.peek()
    for words, (low, high) in _CLOSE.items():
        m = c.mark()
        if c.phrase(words) is None:
            continue
        direction = c.word(BEFORE | AFTER, "'before'")
        if direction is None or t is None:
            c.reset(m)
            continue
        r = anchor_or_ref(c, direction)
        if r is None:
            return None
        sign = -1 if direction.text in BEFORE else 1
        return Spread(low, high, "day", sign, r, t.start)
    return None


def onward(c: Cursor) -> Node | None:
    """ "from March 3", "starting March 3", "à partir du 3 mars", "dès le 3 mars", "dès Noël":
    from that day to the anchor, or for OPEN_DAYS days when the anchor is not after it."""
    t = c.phrase(*_ONWARD)
    if t is None:
        return None
    if t.text == "a":  # "à partir du", "à compter de"
        c.word({"du", "de", "d'", "des"}, "'du'")
    if t.text != "from":  # "from" alone is completed as a range: "from May 1 to May 20"
        _say_what(c, "3 mars" if t.text == "a" else "le 3 mars", "March 3", N_("its first day"))
    # A date stops at a range's connector: "from May 1 to" lacks its end, it names no event;
    # a name may hold one: "from Back to School".
    m = c.mark()
    saved, c.stops = c.stops, _CONNECTORS | _ONWARDS
    try:
        r = ref(c, bare=False)
    finally:
        c.stops = saved
    c.word(_ONWARDS, hint=False)  # "from March 3 on"
    if isinstance(r, EventRef) and not c.at_end:
        c.reset(m)
        r = ref(c, bare=False)
    return Onward(r, t.start) if r is not None else None


def _say_what(c: Cursor, french: str, english: str, label: str) -> None:
    """At the end of "autour de", "à partir du": what would complete it, for the hint."""
    if c.at_end:
        c.miss(label, example=Example(french if c.french else english, _("say which day")))


# Bounds written before or after their day: "no later than March 15", "le 15 mars au plus
# tard" (until that day); "not before March 3", "à partir du 3 mars", "March 3 onwards".
_UNTIL_BEFORE = (
    ("no", "later", "than"),
    ("not", "later", "than"),
    ("at", "the", "latest"),
    ("au", "plus", "tard"),
    ("not", "after"),
    ("pas", "apres"),
)
_FROM_BEFORE = (
    ("no", "earlier", "than"),
    ("not", "earlier", "than"),
    ("at", "the", "earliest"),
    ("au", "plus", "tot"),
    ("not", "before"),
    ("pas", "avant"),
)
_UNTIL_AFTER = (("at", "the", "latest"), ("au", "plus", "tard"))
_FROM_AFTER = (
    ("at", "the", "earliest"),
    ("au", "plus", "tot"),
    ("onwards",),
    ("onward",),
    ("and", "after"),
    ("or", "later"),
    ("et", "apres"),
    ("ou", "plus", "tard"),
)
_AFTER_STOPS = frozenset(w[0] for w in _UNTIL_AFTER + _FROM_AFTER)


def bound(c: Cursor) -> Node | None:
    """A day as the latest or the earliest: "no later than March 15", "le 15 mars au plus
    tard" (from the planning start to that day); "not before March 3", "au plus tôt le 3
    mars", "March 3 onwards" (from that day, as "from March 3")."""
    m = c.mark()
    for phrases, latest in ((_UNTIL_BEFORE, True), (_FROM_BEFORE, False)):
        c.reset(m)
        t = c.phrase(*phrases)
        if t is not None:
            _say_what(c, "le 15 mars", "March 15", N_("the day"))
            r = ref(c, bare=False)
            if r is not None:
                return Until(On(r), False, t.start) if latest else Onward(r, t.start)
    c.reset(m)
    first = c.peek()
    if not any(t.text in _AFTER_STOPS for t in c.toks[c.i + 1 :]):
        return None  # no bound follows: leave the error to the phrase's other readings
    saved, c.stops = c.stops, _AFTER_STOPS
    try:
        r = ref(c, bare=True)
    finally:
        c.stops = saved
    if r is None or first is None:
        return None
    if c.phrase(*_UNTIL_AFTER) is not None:
        return Until(On(r), False, first.start)
    if c.phrase(*_FROM_AFTER) is not None:
        return Onward(r, first.start)
    return None


def either(c: Cursor) -> Node | None:
    """ "fin mars début avril", "late March or early April", "late March / early April": one
    window over both parts, which must meet (else the phrase names two windows)."""
    start = c.peek()
    first = calendar(c)
    if not isinstance(first, MonthPart) or first.month is None or start is None:
        return None
    end = c.toks[c.i - 1]
    joined = c.punct("/,") or c.word(_EITHER, hint=False)
    second_tok = c.peek()
    if second_tok is None or second_tok.text not in _PART_STARTS:
        return None  # whatever follows is no second window: leave the error to the rest
    if joined is None and second_tok.text in MONTHS:
        return None  # "mi-mars mars" is a word written twice, not "mi-mars ou mars"
    second = calendar(c)
    if not isinstance(second, MonthPart) or second.month is None or second_tok is None:
        return None
    if not _meet(first, second):
        raise c.error(
            _("these are two windows that do not meet: a step has one window"),
            second_tok,
            _either_hint(c, c.text[start.start : end.end], c.text[second_tok.start :].strip()),
        )
    return Range(first, second, second_tok.start)


def _either_hint(c: Cursor, a: str, b: str) -> str:
    """The two parts in order if they meet that way, else a range from one to the other."""
    joiner = (" ou ", "de {} à {}") if c.french else (" or ", "from {} to {}")
    fixed = c.fix(b + joiner[0] + a)
    if fixed is not None:
        return did_you_mean(fixed)
    whole = c.fix(joiner[1].format(a, b))
    example = whole or (
        "de début mars à fin avril" if c.french else "from early March to late April"
    )
    return _("write one window from the first to the last, e.g. {example}").format(
        example=quoted(example)
    )


def open_span(
    node: Around | Onward,
    span_of: Callable[[Ref | Shift], tuple[date, date]],
    anchor: date | None,
) -> tuple[date, date]:
    """The dates of "around X" or "from X", given X's span (``span_of``) and the anchor."""
    first, last = span_of(node.ref if isinstance(node, Around) else node.start)
    if isinstance(node, Around):
        if first != last:
            return first, last
        return first - timedelta(days=node.days), last + timedelta(days=node.days)
    if anchor is not None and anchor > first:
        return first, anchor
    return first, first + timedelta(days=OPEN_DAYS - 1)


def _meet(a: MonthPart, b: MonthPart) -> bool:
    """Whether part ``b`` starts at most a day after part ``a`` ends (a non-leap year)."""
    assert a.month is not None and b.month is not None
    a_end = _day(a.last, a.month)
    b_start = _day(b.first, b.month)
    if b.month == a.month:
        return _day(a.first, a.month) <= b_start <= a_end + 1
    return b.month == a.month % 12 + 1 and a_end == month_length(2027, a.month) and b_start == 1


def _day(n: int, month: int) -> int:
    return n if n > 0 else month_length(2027, month) + n
