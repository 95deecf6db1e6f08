"""The grammar of ``when`` phrases: ranges, offsets from a reference, "on", "asap", and the
calendar phrases of dates.py, in English and French mixed freely.

Each rule is a function that returns a node and leaves the cursor after it, or returns None
(the caller resets the cursor). parse_node tries whole-phrase alternatives in order and keeps
the first one that reaches the end of the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from planner.errors import PhraseError, quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .dates import bare_day, calendar, check_day_number, dated
from .edges import first_last, run_up, unnumbered
from .ends import bare_end, end_like
from .hints import Example
from .isoweeks import numbered_week, week_of_event
from .lexer import Token
from .months import year_after
from .neighbours import this_weekday, weekday_dated, weekday_near
from .nodes import (
    AnchorRef,
    Asap,
    Day,
    Node,
    On,
    Range,
    Recur,
    Shift,
    Until,
)
from .offsets import from_start, jd, shift, spread, within
from .pairs import together
from .periods import named, period_part
from .recurrence import parse_recurrence
from .refs import ref
from .spans import bound, either, onward, vague
from .today import counted
from .weekends import weekend
from .words import (
    AFTER,
    AFTER_PHRASES,
    ANCHOR_PHRASES,
    ASAP_PHRASES,
    FILLERS,
)

# What to say is missing when a range has no second part, per opener.
_CONNECTOR_LABELS = {"from": "'to'", "du": "'au'", "de": "'à'", "d'": "'à'"}
_CONNECTOR_LABELS |= {"between": "'and'", "entre": "'et'"}
# The connector a hint writes to complete a range, per opener.
_JOINERS = {"from": "to", "du": "au", "de": "à", "d'": "à", "between": "and", "entre": "et"}
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
_UNTIL = frozenset({"until", "till", "jusqu'"})
# Words that may introduce the window of a recurrence: "tous les lundis de janvier".
_RECURRENCE_WINDOW = frozenset(
    {"in", "during", "en", "de", "d'", "du", "of", "pendant", "durant", "courant"}
)


def parse_node(c: Cursor) -> Node:
    """A whole ``when`` phrase; failing every form, an event or period named alone."""
    try:
        return parse_strict(c)
    except PhraseError:
        node = named(c.text, c.misspelt)
        if node is None:
            raise
        return node


def parse_strict(c: Cursor) -> Node:
    """A whole ``when`` phrase, without names alone: the grammar hints are checked against."""
    if not c.toks:
        raise c.failure()
    # A series only when nothing else reads the phrase: "le lundi 18 janvier" is one day.
    alternatives = (_asap, _range, single, _recurring, _until, _before, _after)
    # Then without words that only say a window is one: "sometime in March" is "in March",
    # "tout le mois de mars" "le mois de mars" (but "tout de suite" is read whole, first).
    starts = [c.mark()]
    if c.phrase(*FILLERS) is not None and not c.end():
        starts.append(c.mark())
    seen = None
    for start in starts:
        for alternative in (*alternatives, onward, bound, either, together):
            c.reset(start)
            node = alternative(c)
            if node is not None and c.end():
                return node
        # The error is about the words as written: what the pass without the filler reached
        # ("tout de suite maintenant" stops at "maintenant", not after "de suite …").
        seen = seen or (c._far, dict(c._labels), set(c._vocab))
    c._far, c._labels, c._vocab = seen or (c._far, c._labels, c._vocab)
    c.reset(starts[0])
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
        for alternative in (_range, _until, _before, onward):
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
    shared = _shared_month_first(c, connectors, opener)
    if shared is not None:
        return shared
    # A name stops at the connector: "du J-3 Noël au …", "J-30 à J-1". Without an opener the
    # second part must be a phrase, not a bare name, so that "3 days before Back to School"
    # is not read as a range: it fails here and parse_node reads it again without stops.
    start = c.mark()
    first = _with_stops(c, connectors, _first_endpoint if opener is not None else single)
    if first is None:
        return None
    end = end_like(c, first, c.toks[start].start, c.toks[c.i - 1].end)
    label = _CONNECTOR_LABELS.get(opener.text) if opener is not None else None
    joiner = _connector(c, connectors, label)
    if joiner is None:
        _expect_connector(c, opener, end)
        return None if opener is not None else first
    last_tok = c.peek()
    if last_tok is None:
        # "J-" is no range missing its end: only a word makes the loose form a range.
        if opener is not None or joiner.kind == "word":
            _expect_end(c, end)
        return None
    if isinstance(first, Day):
        shared_last = _shared_month_last(c, first)
        if shared_last is not None:
            return shared_last
    # "jusqu'à", "until" say a range by themselves: what follows may be a name alone
    # ("début mai jusqu'à la fête des mères").
    bare_ok = opener is not None or joiner.text in _UNTIL
    last = _endpoint(c) if bare_ok else single(c)
    return Range(first, last, last_tok.start) if last is not None else None


def _shared_month_first(c: Cursor, connectors: frozenset[str], opener: Token | None) -> Node | None:
    """ "du 5 au 12 janvier", "entre le 5 et le 12 janvier", "du lundi 4 au vendredi 8 janvier"."""
    m = c.mark()
    first = bare_day(c)
    if first is None:
        return None
    end = bare_end(c, first[0], c.toks[m].text in {"le", "the"})
    if _connector(c, connectors) is None:
        _expect_connector(c, opener, end)
        c.reset(m)
        return None
    if c.at_end:
        _expect_end(c, end)
    last = calendar(c)
    if not isinstance(last, Day):
        c.reset(m)
        return None
    node = dated(last, first[0], first[1], last.year)
    check_day_number(c, node, first[0])
    return Range(node, last, last.offset)


def _expect_connector(c: Cursor, opener: Token | None, end: str | None) -> None:
    """At the end of "from May 1", record what would complete the range, for the hint."""
    if opener is None or end is None or not c.at_end:
        return
    label = _CONNECTOR_LABELS[opener.text]
    text = f"{_JOINERS[opener.text]} {end}"
    lead = _("a range needs {word} and its end").format(word=quoted(label[1:-1]))
    c.miss(label, example=Example(text, lead))


def _expect_end(c: Cursor, end: str | None) -> None:
    example = Example(end, _("a range needs its end")) if end is not None else None
    c.miss(N_("the end of the range"), example=example)


def _shared_month_last(c: Cursor, first: Day) -> Node | None:
    """ "January 5 to 12", "du 5 janvier au 12", "January 5–12, 2027"."""
    m = c.mark()
    last = bare_day(c)
    if last is None:
        return None
    year = year_after(c)
    if not c.boundary():
        c.reset(m)
        return None
    if year is not None and first.year is None:
        first = replace(first, year=year)
    node = dated(first, last[0], last[1], first.year)
    check_day_number(c, node, last[0])
    return Range(first, node, last[0].start)


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
    part = period_part(c)
    if part is not None:
        return part
    r = ref(c, bare=True)
    return On(r) if r is not None else None


def _until(c: Cursor) -> Node | None:
    t = c.word({"until", "till", "by", "through", "thru", "jusqu'"}) or c.phrase(("d'", "ici"))
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
    days = (counted, weekend, this_weekday, weekday_near, weekday_dated, numbered_week)
    offsets = (
        vague,
        first_last,
        unnumbered,
        run_up,
        spread,
        within,
        from_start,
        jd,
        shift,
        _on,
        _anchor_day,
    )
    for alternative in (*days, *offsets, calendar, week_of_event):
        c.reset(m)
        node = alternative(c)
        if node is not None:
            return node
    c.reset(m)
    return None


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
