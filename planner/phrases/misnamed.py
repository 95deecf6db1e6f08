"""Hints for a reference the context does not know ("avant la fête des mèrse", "avant
demain"): the names close to it, a misspelt grammar word the name swallowed, or what a
reference can be instead. Each suggestion is resolved first: a hint never shows a phrase that
fails in its turn."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Protocol

from planner.errors import PhraseError
from planner.i18n import _
from planner.journey import fold

from .hints import did_you_mean, either
from .lexer import tokenize
from .types import Context, Window
from .words import ARTICLES, DISPLAY, MONTH_NAMES_EN, MONTH_NAMES_FR, VOCABULARY

# A French article joined to its preposition, and the preposition alone before "l'".
_CONTRACTED = {"du": "de", "des": "de", "au": "à", "aux": "à"}
_DATED = {"du": "du", "des": "du", "au": "au", "aux": "au"}  # "la veille du 14 février"


class Named(Protocol):
    """What the hints need from the resolver."""

    @property
    def text(self) -> str: ...

    @property
    def ctx(self) -> Context: ...

    @property
    def french(self) -> bool: ...

    def error(self, message: str, offset: int, hint: str | None = None) -> PhraseError: ...

    def window_of(self, text: str) -> Window | None: ...

    def resolves(self, text: str) -> bool: ...


def other_refs(r: Named, offset: int, name: str) -> str | None:
    """When no known name is close ("avant demain"), the phrase with what a reference can
    be instead: the anchor, or a date (the anchor's, else one after the start). Each is
    resolved here first, so the hint never shows a phrase that fails in its turn."""
    toks = tokenize(r.text)
    before = [t for t in toks if t.end <= offset]
    # "avant la Fête X" becomes "avant l'ancre", not "avant la l'ancre".
    start = before[-1].start if before and before[-1].text in ARTICLES else offset
    fr = r.french
    # Without an anchor, a date after the start, so that "avant …" leaves room.
    day = r.ctx.anchor or r.ctx.start + timedelta(days=30)
    if fr:
        refs = [f"le {'1er' if day.day == 1 else day.day} {MONTH_NAMES_FR[day.month - 1]}"]
    else:
        refs = [f"{MONTH_NAMES_EN[day.month - 1]} {day.day}"]
    if r.ctx.anchor is not None:
        refs.insert(0, "l'ancre" if fr else "the anchor")
    fixed = [r.text[:start] + ref + r.text[offset + len(name) :] for ref in refs]
    # "la veille du …", "la veille des trucs" (the name took "des"): not "du l'ancre".
    lead = before[-1] if before and before[-1].text in _CONTRACTED else None
    first = next((t for t in toks if t.start == offset), None)
    if lead is None and first is not None and first.text in _CONTRACTED:
        lead = first
    if fr and lead is not None:
        word = lead
        bare = [ref.removeprefix("le ") for ref in refs]
        fixed = [
            r.text[: word.start]
            + (
                f"{_CONTRACTED[word.text]} {ref}"
                if ref.startswith("l'")
                else f"{_DATED[word.text]} {ref}"
            )
            + r.text[offset + len(name) :]
            for ref in bare
        ]
    # The phrase itself is no hint (and resolving it again would ask for this hint again).
    good = [f.strip() for f in fixed if f.strip() != r.text.strip() and r.resolves(f)]
    if not good:
        return None
    return _(
        "name an event, a stage, the anchor or a date, e.g. {examples} "
        "(planner events lists the named events)"
    ).format(examples=either(good))


def respelt(r: Named, offset: int) -> str | None:
    """The phrase with the unknown name's first word respelt as a grammar word, if that
    resolves: the name swallowed a misspelt word of the phrase ("la semaine d'avnt Noël")."""
    from difflib import get_close_matches  # only on the error path

    tok = next((t for t in tokenize(r.text) if t.start == offset), None)
    if tok is None or tok.kind != "word" or len(tok.text) <= 2 or tok.text in VOCABULARY:
        return None
    for word in get_close_matches(tok.text, sorted(VOCABULARY), n=3, cutoff=0.75):
        fixed = r.text[: tok.start] + DISPLAY.get(word, word) + r.text[tok.end :]
        if r.resolves(fixed):
            return fixed
    return None


def lookup_error(
    r: Named, e: LookupError, offset: int, default: str, written: str, words: Iterable[str]
) -> PhraseError:
    message = str(e.args[0]) if e.args else default
    suggestions = [str(s) for s in e.args[1]] if len(e.args) > 1 and e.args[1] else []
    if words:
        from difflib import get_close_matches  # only on the error path

        close = get_close_matches(fold(written), sorted(set(words)), n=2, cutoff=0.75)
        suggestions += close
    suggestions = list(dict.fromkeys(suggestions))[:3]
    # The whole phrase with each name in place, where it resolves: a hint the user can
    # paste ("on on Christmas" → 'on Christmas', not the name 'Christmas').
    end = offset + len(written)
    phrases = [f"{r.text[:offset]}{s}{r.text[end:]}".strip() for s in suggestions]
    # One phrase per window: two names of one event say the same.
    windows = {p: r.window_of(p) for p in phrases} if written else {}
    kept = {w: p for p, w in reversed(windows.items()) if w is not None}
    shown = [p for p in phrases if p in kept.values()] or suggestions
    return r.error(message, offset, did_you_mean(*shown) if shown else None)
