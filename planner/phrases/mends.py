"""Hints for a phrase no rule could read: what to write instead, checked to parse.

Where the parse stopped, in order: a misspelt word respelt; what a rule said would go on there;
a complete phrase that goes on from what was written; an example of the missing piece; the
phrase without its extra words, or without one of two words that contradict ("fin début
mars"); an example of the same shape. Never the user's words pasted into a template: "on around
Easter" parses, and names an event called "around Easter".
"""

from __future__ import annotations

from contextlib import suppress

from planner.errors import PhraseError, quoted
from planner.i18n import _

from .cursor import END, Cursor, group_start
from .hints import (
    COMPLETE,
    INSERTS,
    Example,
    did_you_mean,
    event_day_hint,
    is_decided,
    lead,
    write_eg,
)
from .lexer import Token, tokenize
from .words import DISPLAY, VOCABULARY


def hint(c: Cursor, tok: Token | None, labels: list[str], what: str) -> str | None:
    """The hint for a phrase that stopped at ``tok`` (None: at the end), where ``labels`` were
    expected; None when nothing that parses fits."""
    respelt = typo(c, tok)
    if respelt is not None:
        return did_you_mean(respelt)
    undoubled = _undoubled(c, tok)
    if undoubled is not None:
        return did_you_mean(undoubled)
    if c._far <= 0:
        dropped = _without_start(c)
        if dropped is not None:
            return did_you_mean(dropped)
        if tok is not None and tok.kind == "word" and what == "a date phrase":
            decided = is_decided(c.toks, c.locale)
            return event_day_hint(int(c.french) if decided else 2)
        return c.what_hint(what)
    for text, said in _mends(c, tok, labels):
        if c.parses(text):
            return said
    if tok is None:
        # Nothing inserted completes it ("entre Noël et": no date to mirror): show the
        # whole shape, with the user's first word.
        first = c.toks[0].text
        for example in COMPLETE:
            if tokenize(example)[0].text == first and c.parses(example):
                last = c.raw(c.toks[-1])
                return _("the phrase stops after {word}: what comes next? e.g. {example}").format(
                    word=quoted(last), example=quoted(example)
                )
        return c.what_hint(what)
    # Nothing close parses ("early spring", "la nuit du réveillon"): examples that do.
    return _without(c, tok) or _same_shape(c) or c.what_hint(what)


def typo(c: Cursor, tok: Token | None) -> str | None:
    """The phrase with ``tok`` respelt as a close word expected there, if that parses.

    A word the grammar knows is no misspelling: "dans les jours avant" lacks a number, it
    does not mean "dans les jour avant"."""
    if tok is None or tok.kind != "word" or len(tok.text) <= 2 or tok.text in VOCABULARY:
        return None
    from difflib import get_close_matches  # only on the error path

    # 0.75: "Labour" is no misspelt "about" (0.73), "weke" is "week" (0.75), "Marhc" is
    # "March" (0.8); three letters need more: "nxt" is "next" (0.86), "été" no "entre" (0.75).
    cutoff = 0.8 if len(tok.text) <= 3 else 0.75
    close = get_close_matches(tok.text, sorted(c._vocab), n=1, cutoff=cutoff)
    if not close:
        return None
    word = DISPLAY.get(close[0], close[0])
    if c.raw(tok)[:1].isupper():
        word = word[:1].upper() + word[1:]
    fixed = (c.text[: tok.start] + word + c.text[tok.end :]).strip()
    return fixed if c.parses(fixed) else _mended(c, fixed)


def _undoubled(c: Cursor, tok: Token | None) -> str | None:
    """The phrase without a word written twice ("en en janvier", "late March March")."""
    if tok is None or tok.kind != "word":
        return None
    k = c.toks.index(tok)
    if k == 0 or tok.glued or c.toks[k - 1].text != tok.text:
        return None
    text = (c.text[: c.toks[k - 1].start] + c.text[tok.start :]).strip()
    return text if c.parses(text) else None


def _mended(c: Cursor, text: str) -> str | None:
    """``text`` completed by the first of its own mends that parses: "le premeir lundi",
    once respelt, still lacks its month ("le premier lundi de mars")."""
    if c.grammar is None:
        return None
    other = Cursor(text, None, c.grammar, quiet=True)
    with suppress(PhraseError):  # it fails: parses() said so; its cursor knows where
        c.grammar(other)
    far = max(other._far, 0)
    tok = other.toks[far] if far < len(other.toks) else None
    labels = [lb for lb in other._labels if lb != END]
    return next((t for t, _said in _mends(other, tok, labels) if c.parses(t)), None)


def _mends(c: Cursor, tok: Token | None, labels: list[str]) -> list[tuple[str, str]]:
    """Candidate phrases and their hints, best first; the first that parses is shown.

    What a rule said would go on where the parse stopped ("from May 1 to" + "May 20"),
    then a complete example that goes on from what was written ("jusqu'au 20 mai"), then
    an example of a missing piece (the last alternative tried is the most specific), then
    the phrase without its extra words."""
    ruled: list[tuple[str, str]] = []
    pieces: list[tuple[str, str]] = []
    raw = c.raw(tok) if tok is not None else ""
    for label in reversed(labels if tok is None or not tok.glued else []):
        example = c._labels.get(label)
        into = ruled if example is not None else pieces
        if example is None and label in INSERTS:
            example = Example(INSERTS[label][c.french], lead(label, tok, raw, c.french))
        if example is None:
            continue
        if tok is None:
            glue = "" if c.text.rstrip()[-1:] in "-'’" else " "
            text = c.text.rstrip() + glue + example.text
        else:
            text = c.text[: tok.start] + example.text + " " + c.text[tok.start :]
        said = _("{lead}, e.g. {example}").format(lead=example.lead, example=quoted(text.strip()))
        into.append((text, said))
    complete: list[tuple[str, str]] = []
    if tok is None:
        written = [t.text for t in c.toks]
        for whole in COMPLETE:
            if [t.text for t in tokenize(whole)][: len(written)] == written:
                said = _("complete the phrase, e.g. {example}").format(example=quoted(whole))
                complete.append((whole, said))
    dropped: list[tuple[str, str]] = []
    if tok is not None and END in c._labels:
        text = c.text[: tok.start].strip()
        dropped.append((text, did_you_mean(text)))
    return ruled + complete + pieces + dropped


def _without_start(c: Cursor) -> str | None:
    """The phrase without the words before the first one a rule reads ("vers mi-janvier"),
    if what remains parses, is made of grammar words only, and the dropped words are none: a
    name left alone ("environ Noël" → 'Noël') may be no event at all, which only resolution
    can tell."""
    if c.grammar is None:
        return None
    for k in range(1, min(len(c.toks), 3)):
        if any(t.text in VOCABULARY for t in c.toks[:k]):
            return None
        rest = c.text[c.toks[k].start :].strip()
        if _known(c, rest, after=len(c.toks)) and c.parses(rest):
            return rest
    return None


def _without(c: Cursor, tok: Token) -> str | None:
    """Where two words contradict ("fin début mars", "early late January"), the phrase
    without either: "did you mean 'fin mars' or 'début mars'?". Only phrases made of grammar
    words and of what the user wrote after the stop: never a word the grammar could not read
    turned into an event's name."""
    far = c.toks.index(tok)
    first = group_start(c.toks, far, 1) if far else far
    if first == far:
        return None
    cuts = [(far, far + 1), (first, far)]
    found: list[str] = []
    for lo, hi in cuts:
        left = c.text[: c.toks[lo].start].rstrip()
        right = c.text[c.toks[hi - 1].end :].lstrip()
        glue = "" if not left or not right or left[-1] in "-'’" or right[0] == "-" else " "
        text = left + glue + right
        if text and _known(c, text, after=far) and c.parses(text) and text not in found:
            found.append(text)
    if not found:
        return None
    return did_you_mean(*found)


def _same_shape(c: Cursor) -> str | None:
    """A complete example that starts like the phrase ("J-abc": 'J-30')."""
    written = [t.text for t in c.toks[:2]]
    for example in COMPLETE:
        if [t.text for t in tokenize(example)][:2] == written and c.parses(example):
            return write_eg((example,))
    return None


def _known(c: Cursor, text: str, after: int) -> bool:
    """Whether every word of ``text`` is a grammar word or one the user wrote after the
    token ``after`` (an event's name the parse had not reached)."""
    names = {t.text for t in c.toks[after + 1 :]}
    return all(t.kind != "word" or t.text in VOCABULARY or t.text in names for t in tokenize(text))
