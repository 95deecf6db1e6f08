"""A backtracking cursor over a phrase's tokens, and the errors it reports.

The grammars are ordered choices: each alternative tries to match and, if it fails, the cursor
is reset. To report a useful error, the cursor remembers the furthest token any alternative
reached and what was expected there (the classic PEG strategy): that is almost always where
the user went wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from planner.errors import PhraseError, Pos, quoted
from planner.i18n import N_, _

from .hints import (
    NOT_A_NAME_START,
    WHAT_HINT,
    WHAT_HINT_IN,
    Example,
    is_decided,
    is_french,
    one_of,
    say,
    write_eg,
)
from .lexer import MAX_DIGITS, TOO_LONG, Token, tokenize
from .words import ARTICLE_ONE, BIG_NUMBERS, DAY_UNITS, IDIOMS, NUMBERS

END = N_("the end of the phrase")
WHAT = N_("a date phrase")


Grammar = Callable[["Cursor"], object]


class Cursor:
    """``grammar`` reads a whole text from a cursor or raises PhraseError: the cursor uses it to
    check that a suggestion parses before a hint shows it. A ``quiet`` cursor, the one such a
    check runs on, builds no hints (that would check suggestions of suggestions). ``locale``
    (the campaign's) decides the language of messages when the phrase's words do not."""

    def __init__(
        self,
        text: str,
        origin: Pos | None = None,
        grammar: Grammar | None = None,
        *,
        quiet: bool = False,
        locale: str | None = None,
    ) -> None:
        self.text = text
        self.origin = origin
        self.grammar = grammar
        self.quiet = quiet
        self.locale = locale
        self.toks = tokenize(text)
        for t in self.toks:
            if t.value == TOO_LONG:
                # The phrase with a count in its place, if it parses: "30 jours" alone is a
                # duration, not a date phrase.
                fixed = self.fix(f"{text[: t.start]}30{text[t.end :]}".strip())
                example = fixed or ("30 jours" if self.french else "30 days")
                raise self.error(
                    _("a number of more than {digits} digits").format(digits=MAX_DIGITS),
                    t,
                    _("write a count of days, weeks or hours, or a year, e.g. {example}").format(
                        example=quoted(example)
                    ),
                )
        self.i = 0
        # Words that end an event name: the connector of the range being parsed.
        self.stops: frozenset[str] = frozenset()
        self._far = -1
        self._labels: dict[str, Example | None] = {}
        self._vocab: set[str] = set()

    # -- navigation ---------------------------------------------------------------------------

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    @property
    def at_end(self) -> bool:
        return self.i >= len(self.toks)

    def mark(self) -> int:
        return self.i

    def reset(self, mark: int) -> None:
        self.i = mark

    def advance(self) -> Token:
        t = self.toks[self.i]
        self.i += 1
        return t

    def word(
        self, words: Collection[str], label: str | None = None, *, hint: bool = True
    ) -> Token | None:
        t = self.peek()
        if t is not None and t.kind == "word" and t.text in words:
            self.i += 1
            return t
        self.miss(label, words if hint else ())
        return None

    def punct(self, chars: str) -> Token | None:
        t = self.peek()
        if t is not None and t.kind == "punct" and t.text in chars:
            self.i += 1
            return t
        return None

    def phrase(self, *phrases: tuple[str, ...]) -> Token | None:
        """Match the first of ``phrases`` (tuples of folded words) that the text continues with.

        A hyphen between two words is optional ("au-plus-vite", "D-day").
        """
        for ph in phrases:
            m = self.i
            first = self._match(ph)
            if first is not None:
                return first
            self.i = m
        return None

    def _match(self, ph: tuple[str, ...]) -> Token | None:
        first: Token | None = None
        for n, w in enumerate(ph):
            if n and w != "-":
                self.punct("-")
            t = self.word((w,), hint=len(ph) == 1) if w != "-" else self.punct("-")
            if t is None:
                return None
            first = first or t
        return first

    def boundary(self) -> bool:
        """True at the end, or where a name must stop: a range connector, ')' or ','."""
        t = self.peek()
        if t is None:
            return True
        if t.kind == "word":
            return t.text in self.stops
        if t.text in "),;":
            return True
        if t.text == "-":  # "Saint-Valentin" goes on, "J-30 – J-1" stops
            nxt = self.peek(1)
            return not t.glued or nxt is None or not nxt.glued
        return False

    def end(self) -> bool:
        m = self.i
        self.punct(".")
        if self.at_end:
            return True
        self.i = m
        self.miss(END)
        return False

    # -- numbers ------------------------------------------------------------------------------

    def number(self, *, articles: bool = False) -> tuple[int, Token] | None:
        """Digits, or a number in words: "trois", "fifteen", "vingt et un", "twenty-one".

        "huit jours" and "quinze jours" are one and two weeks in French usage (words.IDIOMS)."""
        t = self.peek()
        if t is not None and t.kind == "num":
            self.i += 1
            return t.value, t
        if t is not None and t.kind == "word":
            if t.text in NUMBERS or t.text in BIG_NUMBERS:
                value = self._compound(t)
                after = self.peek()
                if after is not None and after.text in DAY_UNITS:
                    value = IDIOMS.get((t.text, value), value)
                return value, t
            if articles and t.text in ARTICLE_ONE:
                self.i += 1
                return 1, t
        self.miss(N_("a number"), NUMBERS)
        return None

    def _compound(self, t: Token) -> int:
        """Read a number word and the words that go on with it ("dix-sept", "vingt et un",
        "twenty one", "quatre-vingt-dix"); the cursor is left after its last word."""
        toks, value, j = self.toks, _word_value(t.text) or 0, self.i + 1
        while True:
            k = j
            if k < len(toks) and toks[k].text == "-" and toks[k].glued:
                k += 1
            if k < len(toks) and toks[k].text == "et" and value >= 20:
                k += 1  # "vingt et un", "soixante-et-onze"
                if k < len(toks) and toks[k].text == "-" and toks[k].glued:
                    k += 1
                if k >= len(toks) or toks[k].text not in {"un", "une", "onze"}:
                    break
            word = toks[k] if k < len(toks) else None
            if word is None or word.kind != "word" or _word_value(word.text) is None:
                break
            joined = _compound(value, _word_value(word.text) or 0)
            if joined is None:
                break  # "deux-trois jours" is two or three days, not one number
            value, j = joined, k + 1
        self.i = j
        return value

    # -- errors -------------------------------------------------------------------------------

    def miss(
        self, label: str | None = None, vocab: Iterable[str] = (), example: Example | None = None
    ) -> None:
        """Record that ``label`` was expected here; ``example`` is text that would go on."""
        if self.i > self._far:
            self._far, self._labels, self._vocab = self.i, {}, set()
        if self.i == self._far:
            if label and (example is not None or label not in self._labels):
                self._labels[label] = example
            self._vocab.update(w for w in vocab if len(w) > 2)

    @property
    def french(self) -> bool:
        """Whether grammar words in messages and examples in hints should be French."""
        return is_french(self.toks, self.locale)

    def what_hint(self, what: str) -> str | None:
        """Examples of ``what`` in the phrase's language, or in both when nothing tells."""
        if is_decided(self.toks, self.locale) and what in WHAT_HINT_IN:
            return write_eg(WHAT_HINT_IN[what][self.french])
        examples = WHAT_HINT.get(what)
        return write_eg(examples) if examples is not None else None

    def parses(self, text: str) -> bool:
        """Whether a hint may show ``text``: it parses, and no event name in it starts with a
        word no name starts with ("la semaine avant des quatre jeudis" parses, naming an event
        "des quatre jeudis": the user's words pasted after a grammar word)."""
        if self.grammar is None:
            return True
        try:
            node = self.grammar(Cursor(text, None, self.grammar, quiet=True))
        except PhraseError:
            return False
        from .nodes import Node, refs_of  # nodes imports this module, through recurrence
        from .types import EventRef

        refs = refs_of(node) if isinstance(node, Node) else []
        names = [tokenize(r.name) for r in refs if isinstance(r, EventRef)]
        return not any(toks and toks[0].text in NOT_A_NAME_START for toks in names)

    def fix(self, *candidates: str) -> str | None:
        """The first candidate that parses, for a hint; None on a quiet cursor."""
        if self.quiet:
            return None
        return next((c for c in candidates if self.parses(c)), None)

    def error(self, message: str, at: Token | int | None, hint: str | None = None) -> PhraseError:
        offset = at if isinstance(at, int) else at.start if at is not None else len(self.text)
        pos = self.origin.shifted(offset) if self.origin is not None else None
        return PhraseError(message, pos, hint, phrase=self.text, offset=offset)

    def raw(self, t: Token) -> str:
        return self.text[t.start : t.end]

    def failure(self, what: str = WHAT) -> PhraseError:
        """The error for a phrase no alternative could read, at the furthest point reached;
        ``what`` is the English label (marked N_), said in the current language."""
        if not self.toks:
            message = _("expected {what}, got an empty text").format(what=_(what))
            return self.error(message, 0, self.what_hint(what))
        far = max(self._far, 0)
        tok = self.toks[far] if far < len(self.toks) else None
        before = self.text[
            self.toks[group_start(self.toks, far)].start : tok.start if tok else None
        ]
        before = before.strip() if far else ""
        labels = [lb for lb in self._labels if lb != END]
        said = list(dict.fromkeys(say(lb, self.french) for lb in labels))
        if tok is None and said:
            message = _("the phrase ends too early after {before}: expected {expected}").format(
                before=quoted(before), expected=one_of(said)
            )
        elif tok is None:
            message = _("the phrase ends too early after {before}").format(before=quoted(before))
        elif not before:
            message = _("{word} does not start {what}").format(
                word=quoted(self.raw(tok)), what=_(what)
            )
        elif said:
            message = _("expected {expected} after {before}, got {word}").format(
                expected=one_of(said), before=quoted(before), word=quoted(self.raw(tok))
            )
        else:
            message = _("unexpected {word} after {before}").format(
                word=quoted(self.raw(tok)), before=quoted(before)
            )
        if self.quiet:
            return self.error(message, tok)
        from .mends import hint  # only on the error path

        return self.error(message, tok, hint(self, tok, labels, what))

    def misspelt(self) -> bool:
        """Whether the word the parse stopped at is a misspelling of one expected there (the
        phrase respelt parses): "first week of Marhc" is a phrase, not an event's name."""
        from .mends import typo  # only on the error path

        far = max(self._far, 0)
        return typo(self, self.toks[far] if far < len(self.toks) else None) is not None


def group_start(toks: list[Token], far: int, count: int = 3) -> int:
    """The index of the token ``count`` words (runs of tokens without spaces) before ``far``."""
    i, words = far, 0
    while i > 0 and words < count:
        i -= 1
        words += not toks[i].glued
    return i


def _word_value(word: str) -> int | None:
    return NUMBERS.get(word, BIG_NUMBERS.get(word))


def _compound(a: int, b: int) -> int | None:
    """The value of "dix-sept", "vingt-cinq", "quatre-vingt", "twenty-one".

    None for pairs that are not one number: "deux-trois jours" means two or three days."""
    if a >= 20 and b < a:
        return a + b
    if a == 10 and 7 <= b <= 9:
        return a + b
    if a == 4 and b == 20:
        return 80
    return None
