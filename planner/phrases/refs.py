"""References: what an offset counts from. A stage of the campaign, the previous step, the
anchor, a calendar date, or, failing all of those, a named event in the words that remain.
"""

from __future__ import annotations

from planner.errors import PhraseError
from planner.i18n import N_
from planner.journey import stage_for

from .cursor import Cursor
from .dates import calendar
from .lexer import Token
from .nodes import AnchorRef, Ref
from .types import EventRef, StageRef
from .words import ANCHOR_PHRASES, ARTICLES, KEYWORDS, MONTHS, PREVIOUS_PHRASES, STEP_NOUNS

# Punctuation that may sit inside an event's name ("Saint-Valentin", "St. Patrick", "B&B").
_NAME_PUNCT = frozenset("-.&/+")


def anchor_or_ref(c: Cursor, after: Token) -> Ref | None:
    """The reference after "before", "après", "J-30"…; none written means the anchor."""
    if c.boundary():
        return AnchorRef(after.start)
    return ref(c, bare=False)


def ref(c: Cursor, *, bare: bool) -> Ref | None:
    """A reference. ``bare`` when no word introduced it (a side of a range): then a name that
    begins like a date phrase is a misspelt phrase, not an event."""
    m = c.mark()
    if c.punct("(") is not None:
        inner = ref(c, bare=False)
        if inner is not None and c.punct(")") is not None:
            return inner
        c.reset(m)
        return None
    for alternative in (_anchor, _previous, _stage):
        c.reset(m)
        found = alternative(c)
        if found is not None and c.boundary():
            return found
    c.reset(m)
    try:
        date = calendar(c)
        if date is not None and c.boundary():
            return date
    except PhraseError:
        # "31 février" is an impossible date; "Fin des soldes" is an event's name; "February
        # 30", which starts with a month, is an impossible date too.
        c.reset(m)
        if not _could_be_name(c, bare) or _starts_with_month(c):
            raise
    c.reset(m)
    return _event(c, bare)


def _anchor(c: Cursor) -> Ref | None:
    t = c.phrase(*ANCHOR_PHRASES)
    return AnchorRef(t.start) if t is not None else None


def _previous(c: Cursor) -> Ref | None:
    t = c.phrase(*PREVIOUS_PHRASES)
    return StageRef("previous", t.start) if t is not None else None


def _stage(c: Cursor) -> Ref | None:
    """ "awareness", "la sensibilisation", "the awareness step", "l'étape de découverte"."""
    c.word(ARTICLES, hint=False)
    if c.word(STEP_NOUNS, hint=False) is not None:
        c.word({"de", "d'", "du", "of"}, hint=False)
    first = c.peek()
    if first is None or first.kind != "word":
        return None
    for n in (3, 2, 1):  # "prise de conscience" before "prise"
        toks = c.toks[c.i : c.i + n]
        if len(toks) < n or any(t.kind != "word" for t in toks):
            continue
        stage = stage_for(" ".join(t.text for t in toks))
        if stage is not None:
            c.i += n
            c.word(STEP_NOUNS, hint=False)
            return StageRef(stage, first.start)
    return None


def _starts_with_month(c: Cursor) -> bool:
    t = c.peek()
    return t is not None and t.text in MONTHS


def _could_be_name(c: Cursor, bare: bool) -> bool:
    m = c.mark()
    c.word(ARTICLES, hint=False)
    first = c.peek()
    c.reset(m)
    return first is not None and first.kind == "word" and not (bare and first.text in KEYWORDS)


def _event(c: Cursor, bare: bool) -> Ref | None:
    if not _could_be_name(c, bare):
        c.miss(N_("an event, a stage or a date"))
        return None
    c.word(ARTICLES, hint=False)
    first = last = c.advance()
    while not c.boundary():
        t = c.peek()
        assert t is not None  # boundary() is True at the end
        if t.kind == "punct" and (t.text not in _NAME_PUNCT or c.peek(1) is None):
            break
        last = c.advance()
    return EventRef(c.text[first.start : last.end], first.start)
