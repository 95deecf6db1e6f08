"""The grammar of ``when`` phrases: ranges, offsets from a reference, "on", "asap", and the
calendar phrases of dates.py, in English and French mixed freely.

Each rule is a function that returns a node and leaves the cursor after it, or returns None
(the caller resets the cursor). parse_node tries whole-phrase alternatives in order and keeps
the first one that reaches the end of the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .cursor import Cursor
from .dates import calendar, check_day_number, year_after
from .lexer import Token
from .nodes import (
    AnchorRef,
    Asap,
    Day,
    Node,
    On,
    Range,
    Recur,
    Ref,
    Shift,
    Spread,
    Unit,
    Until,
    Within,
)
from .recurrence import parse_recurrence
from .refs import anchor_or_ref, ref
from .types import StageRef
from .words import (
    AFTER,
    AFTER_PHRASES,
    ANCHOR_PHRASES,
    ASAP_PHRASES,
    BEFORE,
    BEFORE_PHRASES,
    BUSINESS_AFTER_NOUN,
    BUSINESS_BEFORE_NOUN,
    DAY_UNITS,
    MONTH_UNITS,
    WEEK_UNITS,
)

# What to say is missing when a range has no second part, per opener.
_CONNECTOR_LABELS = {"from": "'to'", "du": "'au'", "de": "'à'", "d'": "'à'"}
_CONNECTOR_LABELS |= {"between": "'and'", "entre": "'et'"}
_OPENERS: dict[str, frozenset[str]] = {
    "from": frozenset({"to", "until", "till", "through", "thru", "-"}),
    "du": frozenset({"au", "a", "jusqu'", "-"}),
    "de": frozenset({"au", "a", "jusqu'", "-"}),
    "d'": frozenset({"au", "a", "jusqu'", "-"}),
    "between": frozenset({"and", "-"}),
    "entre": frozenset({"et", "-"}),
}
# Without an opener, "X – Y", "mid-January to late January", "5 au 12 janvier".
_LOOSE = frozenset({"to", "until", "till", "through", "thru", "au", "a", "jusqu'", "-"})
# Words that may introduce the window of a recurrence: "tous les lundis de janvier".
_RECURRENCE_WINDOW = frozenset(
    {"in", "during", "en", "de", "d'", "du", "of", "pendant", "durant", "courant"}
)
_SPREAD_CONNECTORS = frozenset({"to", "a", "and", "et", "or", "ou"})


def parse_node(c: Cursor) -> Node:
    if not c.toks:
        raise c.failure()
    for alternative in (_asap, _recurring, _range, single, _until, _before, _after):
        m = c.mark()
        node = alternative(c)
        if node is not None and c.end():
            return node
        c.reset(m)
    raise c.failure()


def _asap(c: Cursor) -> Node | None:
    t = c.phrase(*ASAP_PHRASES)
    return Asap(t.start) if t is not None else None


def _recurring(c: Cursor) -> Node | None:
    first = c.peek()
    recurrence = parse_recurrence(c)
    if recurrence is None or first is None:
        return None
    window: Node | None = None
    if not c.end():
        m = c.mark()
        for alternative in (_range, _until, _before):
            c.reset(m)
            c.word(_RECURRENCE_WINDOW, hint=False)
            window = alternative(c)
            if window is not None:
                break
        if window is None:
            return None
    return Recur(recurrence, window, first.start)


def _connector(c: Cursor, connectors: frozenset[str], label: str | None = None) -> Token | None:
    t = c.peek()
    if t is not None and t.text == "-" and "-" in connectors:
        c.i += 1
        return t
    t = c.word(connectors, label)
    if t is not None and t.text == "jusqu'":
        c.word({"au", "a", "aux"}, hint=False)
    return t


def _with_stops(
    c: Cursor, stops: frozenset[str], rule: Callable[[Cursor], Node | None]
) -> Node | None:
    saved, c.stops = c.stops, stops
    try:
        return rule(c)
    finally:
        c.stops = saved


def _range(c: Cursor) -> Node | None:
    """ "from X to Y", "du X au Y", "entre X et Y", "X – Y"; or just X when nothing follows."""
    opener = c.word(_OPENERS)
    connectors = _OPENERS[opener.text] if opener is not None else _LOOSE
    shared = _shared_month_first(c, connectors)
    if shared is not None:
        return shared
    # After an opener, a name stops at the connector: "du J-3 Noël au …".
    first = _with_stops(c, connectors, _first_endpoint) if opener is not None else single(c)
    if first is None:
        return None
    label = _CONNECTOR_LABELS.get(opener.text) if opener is not None else None
    if _connector(c, connectors, label) is None:
        return None if opener is not None else first
    last_tok = c.peek()
    if last_tok is None:
        c.miss()
        return None
    if isinstance(first, Day):
        shared_last = _shared_month_last(c, first)
        if shared_last is not None:
            return shared_last
    last = _endpoint(c)
    return Range(first, last, last_tok.start) if last is not None else None


def _shared_month_first(c: Cursor, connectors: frozenset[str]) -> Node | None:
    """ "du 5 au 12 janvier", "entre le 5 et le 12 janvier", "5-12 January"."""
    m = c.mark()
    c.word({"le", "the"}, hint=False)
    t = c.peek()
    if t is None or not (t.kind == "ord" or (t.kind == "num" and len(t.text) <= 2)):
        c.reset(m)
        return None
    c.i += 1
    if _connector(c, connectors) is None:
        c.reset(m)
        return None
    last = calendar(c)
    if not isinstance(last, Day):
        c.reset(m)
        return None
    first = Day(last.month, t.value, last.year, t.start, last.month_text)
    check_day_number(c, first, t)
    return Range(first, last, last.offset)


def _shared_month_last(c: Cursor, first: Day) -> Node | None:
    """ "January 5 to 12", "du 5 janvier au 12"."""
    m = c.mark()
    c.word({"le", "the"}, hint=False)
    t = c.peek()
    if t is None or not (t.kind == "ord" or (t.kind == "num" and len(t.text) <= 2)):
        c.reset(m)
        return None
    c.i += 1
    year = year_after(c)
    if not c.boundary():
        c.reset(m)
        return None
    if year is not None and first.year is None:
        first = replace(first, year=year)
    last = Day(first.month, t.value, first.year, t.start, first.month_text)
    check_day_number(c, last, t)
    return Range(first, last, t.start)


def _first_endpoint(c: Cursor) -> Node | None:
    asap = _asap(c)
    return asap if asap is not None else _endpoint(c)


def _endpoint(c: Cursor) -> Node | None:
    """One side of a range: any single window, or a bare reference ("entre Noël et …")."""
    m = c.mark()
    node = single(c)
    if node is not None:
        return node
    c.reset(m)
    r = ref(c, bare=True)
    return On(r) if r is not None else None


def _until(c: Cursor) -> Node | None:
    t = c.word({"until", "till", "by", "jusqu'"}) or c.phrase(("d'", "ici"))
    if t is None:
        return None
    if t.text == "jusqu'" or t.text == "d'":
        c.word({"au", "a", "aux"}, hint=False)
    end = _endpoint(c)
    return Until(end, False, t.start) if end is not None else None


def _before(c: Cursor) -> Node | None:
    t = c.word({"before", "avant"})
    if t is None:
        return None
    end = _endpoint(c)
    return Until(end, True, t.start) if end is not None else None


def _after(c: Cursor) -> Node | None:
    """ "après sensibilisation", "after the awareness step": the day after REF ends."""
    t = c.phrase(*AFTER_PHRASES) or c.word(AFTER)
    if t is None:
        return None
    r = ref(c, bare=False)
    return Shift(1, "day", 1, r, t.start) if r is not None else None


def single(c: Cursor) -> Node | None:
    """A window that is not a range: an offset, "on X", the anchor's day, a calendar phrase."""
    m = c.mark()
    for alternative in (_spread, _within, _jd, _shift, _on, _anchor_day, calendar):
        c.reset(m)
        node = alternative(c)
        if node is not None:
            return node
    c.reset(m)
    return None


def _unit(c: Cursor) -> Unit | None:
    m = c.mark()
    if c.word(BUSINESS_BEFORE_NOUN) is not None and c.word(DAY_UNITS) is not None:
        return "business_day"
    c.reset(m)
    if c.word(DAY_UNITS, "a unit") is not None:
        return "business_day" if c.word(BUSINESS_AFTER_NOUN) is not None else "day"
    if c.word(WEEK_UNITS, "a unit") is not None:
        return "week"
    if c.word(MONTH_UNITS, "a unit") is not None:
        return "month"
    return None


def _direction(c: Cursor, *, later: bool) -> tuple[int, Ref] | None:
    """ "before X" / "after X" (X defaults to the anchor); "later" / "plus tard": after the
    previous step."""
    if later:
        t = c.phrase(("plus", "tard"), ("later",))
        if t is not None:
            return 1, StageRef("previous", t.start)
        t = c.phrase(("plus", "tot"), ("earlier",))
        if t is not None:
            return -1, StageRef("previous", t.start)
    t = c.phrase(*BEFORE_PHRASES) or c.word(BEFORE, "'before'")
    sign = -1
    if t is None:
        t = c.phrase(*AFTER_PHRASES) or c.word(AFTER, "'after'")
        sign = 1
    if t is None:
        if later:
            c.miss("'later'", ("later",))
        return None
    r = anchor_or_ref(c, t)
    return (sign, r) if r is not None else None


def _shift(c: Cursor) -> Node | None:
    """ "30 days before X", "3 jours ouvrés après X", "a week later"."""
    n = c.number(articles=True)
    if n is None:
        return None
    unit = _unit(c)
    if unit is None:
        return None
    d = _direction(c, later=True)
    return Shift(n[0], unit, d[0], d[1], n[1].start) if d is not None else None


def _spread(c: Cursor) -> Node | None:
    """ "3 to 5 days after X", "de 3 à 5 jours plus tard", "3-5 days later"."""
    c.word({"from", "de", "d'", "between", "entre"}, hint=False)
    low = c.number()
    if low is None:
        return None
    if c.punct("-") is None and c.word(_SPREAD_CONNECTORS, "'to'") is None:
        return None
    high = c.number()
    if high is None:
        return None
    unit = _unit(c)
    if unit is None:
        return None
    d = _direction(c, later=True)
    if d is None:
        return None
    if high[0] < low[0]:
        raise c.error(
            f"the range goes backwards: {high[0]} is less than {low[0]}",
            high[1],
            f"did you mean '{high[0]} to {low[0]}'?",
        )
    return Spread(low[0], high[0], unit, d[0], d[1], low[1].start)


def _within(c: Cursor) -> Node | None:
    """ "in the 30 days before X", "dans les 3 jours après X", "la semaine avant X",
    "the day before X", "la veille de Noël"."""
    c.word({"in", "within", "during", "over", "dans", "pendant", "durant", "sur"}, hint=False)
    article = c.word({"the", "les", "la", "le", "l'"}, hint=False)
    t = c.peek()
    if t is None:
        return None
    if t.text in {"veille", "lendemain"}:
        c.i += 1
        sign = -1 if t.text == "veille" else 1
        c.word({"de", "du", "d'"}, hint=False)
        r = anchor_or_ref(c, t)
        return Shift(1, "day", sign, r, t.start) if r is not None else None
    n = c.number()
    if n is not None:
        if article is None or article.text not in {"the", "les"}:
            return None
        unit = _unit(c)
        count = n[0]
    else:
        word = c.word({"week", "semaine", "month", "mois", "day", "jour"})
        if word is None:
            return None
        unit = "week" if word.text in WEEK_UNITS else "month" if word.text in MONTH_UNITS else "day"
        count = 1
    if unit is None:
        return None
    d = _direction(c, later=False)
    if d is None:
        return None
    if n is None and unit == "day":
        return Shift(1, "day", d[0], d[1], t.start)
    return Within(count, unit, d[0], d[1], t.start)


def _jd(c: Cursor) -> Node | None:
    """ "J-30", "J+7", "D-30", "J moins 30", "J-30 Saint-Valentin"."""
    t = c.word({"j", "d"})
    if t is None:
        return None
    sign_tok = c.punct("-+") or c.word({"moins", "minus", "plus"})
    if sign_tok is None:
        return None
    sign = -1 if sign_tok.text in {"-", "moins", "minus"} else 1
    n = c.number()
    if n is None:
        return None
    c.word(DAY_UNITS, hint=False)
    r = anchor_or_ref(c, t)
    return Shift(n[0], "day", sign, r, t.start) if r is not None else None


def _on(c: Cursor) -> Node | None:
    """ "on X", "le jour de X", "the day of X", "le jour même"."""
    if c.word({"on"}) is not None:
        c.phrase(("the", "day", "of"))
        r = ref(c, bare=False)
        return On(r) if r is not None else None
    if c.phrase(("the", "day", "of")) is not None:
        r = ref(c, bare=False)
        return On(r) if r is not None else None
    c.word({"le", "au"}, hint=False)
    day = c.word({"jour"})
    if day is None:
        return None
    # "le jour même" alone is the anchor's day; "le jour même de X" is X's.
    if c.word({"meme"}) is not None and c.boundary():
        return On(AnchorRef(day.start))
    if c.word({"de", "du", "d'", "des"}, "'de'") is None:
        return None
    nxt, after = c.peek(), c.peek(1)
    if nxt is not None and nxt.text == "l'" and after is not None and after.text == "an":
        return None  # "le jour de l'an" is New Year's Day, an event, not "the day of 'an'"
    r = ref(c, bare=False)
    return On(r) if r is not None else None


def _anchor_day(c: Cursor) -> Node | None:
    """ "anchor", "the anchor", "le jour J", "D-day": the anchor's day."""
    t = c.phrase(*ANCHOR_PHRASES)
    return On(AnchorRef(t.start)) if t is not None else None
