"""Tokens of a phrase, each with its offsets in the text as the user wrote it.

Matching happens on folded text (lower case, no accents, one kind of dash and apostrophe), but
errors must point into the original, so folding is done character by character and every
folded character remembers where it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Dashes and apostrophes users paste from word processors and phones.
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_QUOTES = frozenset("\u2018\u2019\u201b\u02bc\u2032\u0060\u00b4")
# NFKD leaves these ligatures whole; users type them in "Nœl"-like spellings.
_LIGATURES = {"œ": "oe", "æ": "ae"}

# French elisions: "l'ancre" is two tokens, "l'" and "ancre"; any other apostrophe joins words
# ("valentine's", "aujourd'hui") so that names stay one token.
_ELISIONS = frozenset({"l", "d", "qu", "jusqu", "lorsqu", "puisqu"})
# Suffixes that turn a number into an ordinal: 1st, 2nd, 1er, 1re, 2e, 3ème.
_ORDINAL_SUFFIXES = frozenset(
    {"st", "nd", "rd", "th", "er", "re", "ere", "e", "eme", "ieme", "nde"}
)

_TOKEN = re.compile(r"(?P<num>[0-9]+)|(?P<word>[^\W\d]+)|(?P<space>\s+)|(?P<punct>.)")
# No phrase needs a longer number (a year has four digits, ten years are 315,360,000 seconds);
# converting 5,000 digits to an int is refused by Python itself, and floats overflow sooner.
MAX_DIGITS = 9
TOO_LONG = -1  # the value of a number token of more than MAX_DIGITS digits


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "word", "num", "ord" or "punct"
    text: str  # folded
    start: int  # offsets in the original text
    end: int
    glued: bool  # no white space between this token and the one before
    value: int = 0  # for "num" and "ord"


def fold_char(c: str) -> str:
    if c in _DASHES:
        return "-"
    if c in _QUOTES:
        return "'"
    bare = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    bare = bare.casefold()
    return _LIGATURES.get(bare, bare)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters (plus one past the end) the index of
    the original character it came from."""
    parts: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        f = fold_char(c)
        parts.append(f)
        where.extend([i] * len(f))
    where.append(len(text))
    return "".join(parts), where


def tokenize(text: str) -> list[Token]:
    folded, where = fold_with_offsets(text)
    raw: list[Token] = []
    glued = True
    for m in _TOKEN.finditer(folded):
        kind = m.lastgroup or "punct"
        if kind == "space":
            glued = False
            continue
        start, end = where[m.start()], where[m.end() - 1] + 1
        value = 0
        if kind == "num":
            value = int(m.group()) if len(m.group()) <= MAX_DIGITS else TOO_LONG
        raw.append(Token(kind, m.group(), start, end, glued, value))
        glued = True
    return _merge(raw)


def _merge(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        after = toks[i + 2] if i + 2 < len(toks) else None
        if t.kind == "word" and nxt is not None and nxt.text == "'" and nxt.glued:
            if t.text in _ELISIONS:
                out.append(Token("word", t.text + "'", t.start, nxt.end, t.glued))
                i += 2
                continue
            if after is not None and after.kind == "word" and after.glued:
                text = f"{t.text}'{after.text}"
                out.append(Token("word", text, t.start, after.end, t.glued))
                i += 3
                continue
            out.append(Token("word", t.text + "'", t.start, nxt.end, t.glued))
            i += 2
            continue
        if (
            t.kind == "num"
            and nxt is not None
            and nxt.kind == "word"
            and nxt.glued
            and nxt.text in _ORDINAL_SUFFIXES
        ):
            out.append(Token("ord", t.text + nxt.text, t.start, nxt.end, t.glued, t.value))
            i += 2
            continue
        out.append(t)
        i += 1
    return out
