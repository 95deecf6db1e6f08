"""The entry points for ``when`` and ``every`` phrases."""

from __future__ import annotations

from dataclasses import dataclass

from planner.errors import Pos

from .cursor import Cursor
from .grammar import parse_node, parse_strict
from .nodes import Node, Recur, refs_of
from .recurrence import Recurrence, parse_recurrence
from .resolve import Resolver
from .types import Context, EventRef, StageRef, Window


@dataclass(frozen=True, slots=True)
class When:
    """A parsed ``when`` phrase: context-free until :meth:`resolve`.

    ``refs`` lists every stage ("previous" for "later") and event the phrase depends on, so
    that the caller can order steps; the anchor is not a ref. ``recurrence`` is set when the
    phrase itself repeats ("every Monday", "tous les lundis de janvier").
    """

    text: str
    origin: Pos | None
    node: Node
    refs: tuple[StageRef | EventRef, ...]
    recurrence: Recurrence | None
    locale: str | None = None  # the campaign's, for the language of errors

    def resolve(self, ctx: Context) -> Window:
        """The window in ``ctx``; raises PhraseError at the token that cannot be resolved."""
        return Resolver(self.text, self.origin, ctx, self.locale).window(self.node)


# Parsed phrases by text: a workspace says "début janvier" or "3 to 5 days later" in many
# steps. The tree is context-free, so only the origin (for later errors) differs.
_PARSED: dict[str, tuple[Node, tuple[StageRef | EventRef, ...], Recurrence | None]] = {}
_PARSED_MAX = 8192


def parse_when(text: str, origin: Pos | None = None, *, locale: str | None = None) -> When:
    """``locale``, the campaign's, is the language of an error's grammar words and examples
    when the phrase's own words do not tell ("Noël", "J-30 Valentine's Day")."""
    parsed = _PARSED.get(text)
    if parsed is None:
        # A failure raises here, positioned at origin; hints are checked against the grammar
        # without names alone, under which any word would parse.
        c = Cursor(text, origin, parse_strict, locale=locale)
        node = parse_node(c)
        recurrence = node.recurrence if isinstance(node, Recur) else None
        parsed = (node, tuple(refs_of(node)), recurrence)
        if len(_PARSED) < _PARSED_MAX:
            _PARSED[text] = parsed
    node, refs, recurrence = parsed
    return When(text, origin, node, refs, recurrence, locale)


def parse_every(text: str, origin: Pos | None = None, *, locale: str | None = None) -> Recurrence:
    """An ``every`` value: "every Monday", "tous les 3 jours", "weekly", or bare "3 jours"."""
    return _every(Cursor(text, origin, _every, locale=locale))


def _every(c: Cursor) -> Recurrence:
    if not c.toks:
        raise c.failure("a recurrence")
    recurrence = parse_recurrence(c, bare=True)
    if recurrence is None or not c.end():
        raise c.failure("a recurrence")
    return recurrence
