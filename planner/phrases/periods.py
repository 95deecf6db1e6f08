"""Events and named periods as the whole phrase: "la Chandeleur", "à la Toussaint", "pour
Halloween", "Black Friday", "pendant les soldes d'été", "au printemps", "la première semaine
des soldes", "à la fin des soldes", "the last week of the winter sales".

The names themselves are data: the events catalogue (calendars/*.toml) holds the events, the
seasons and the holidays, with their spellings in both languages. This module holds the words
around a name (prepositions, the parts of a period) and the generic names that mean one of
several events ("les soldes"). A name alone is tried only once every other form of phrase has
failed, and a name the catalogue does not know is refused with the error the phrase would have
had without this module (see Resolver.unparsed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Protocol

from planner.errors import PhraseError, UserError, quoted
from planner.i18n import _

from .cursor import Cursor
from .hints import day_said, did_you_mean
from .lexer import Token, tokenize
from .nodes import Day, Node, NthWeekday, Period
from .refs import ref
from .types import Context, EventRef
from .words import (
    AFTER,
    ARTICLES,
    BEFORE,
    DAY_UNITS,
    KEYWORDS,
    MONTH_UNITS,
    MONTHS,
    VOCABULARY,
    WEEK_UNITS,
    WEEKDAYS,
)

# Words that may come before a name, folded: "à Noël", "pour la fête des mères", "at
# Christmas", "during the sales", "cet hiver", "lors des soldes".
LEADS: tuple[tuple[str, ...], ...] = (
    *(("lors", w) for w in ("de", "des", "du", "d'")),
    *((w,) for w in ("a", "au", "aux", "pour", "pendant", "durant", "en", "cet", "cette", "ce")),
    *((w,) for w in ("at", "for", "during", "in", "over", "this")),
)

# A part of a period, in days counted from its first day (1) or back from its last (-1):
# début / fin = the first / last 7 days, as "the first / last week" (README, Named periods).
PARTS: dict[tuple[str, ...], tuple[int, int]] = {
    ("premier", "jour"): (1, 1),
    ("first", "day"): (1, 1),
    ("opening", "day"): (1, 1),
    ("dernier", "jour"): (-1, -1),
    ("last", "day"): (-1, -1),
    ("final", "day"): (-1, -1),
    ("premiere", "semaine"): (1, 7),
    ("first", "week"): (1, 7),
    ("deuxieme", "semaine"): (8, 14),
    ("seconde", "semaine"): (8, 14),
    ("second", "week"): (8, 14),
    ("troisieme", "semaine"): (15, 21),
    ("third", "week"): (15, 21),
    ("quatrieme", "semaine"): (22, 28),
    ("fourth", "week"): (22, 28),
    ("derniere", "semaine"): (-7, -1),
    ("last", "week"): (-7, -1),
    ("final", "week"): (-7, -1),
    ("debut",): (1, 7),
    ("start",): (1, 7),
    ("beginning",): (1, 7),
    ("fin",): (-7, -1),
    ("end",): (-7, -1),
}
_PART_LINKS = frozenset({"de", "des", "du", "d'", "of"})
# A period's beginning or end as one side of a range or what an offset counts from.
_STARTS, _ENDS = frozenset({"debut", "start", "beginning"}), frozenset({"fin", "end"})

# Generic names, folded, and the catalogue keys they may mean: the one closest to the anchor
# (without an anchor, the next one) is meant.
_SALES = ("soldes_hiver", "soldes_ete")
GENERIC: dict[str, tuple[str, ...]] = {"soldes": _SALES, "sales": _SALES, "solde": _SALES}

# A name written alone may not hold these: "3 days afterr Christmas", "la semaine avnt Noël"
# and "frist Monday of March" are misspelt phrases, not events.
_NOT_IN_NAMES = frozenset(MONTHS) | WEEK_UNITS | MONTH_UNITS | BEFORE | AFTER | {"days", "jours"}
_NOT_FIRST = (VOCABULARY | KEYWORDS) - DAY_UNITS  # "jour de l'an", "Day of the Dead"
_LINKS = _PART_LINKS | ARTICLES | {"a", "au", "aux", "et", "and", "to"}
_BETWEEN = frozenset({"entre", "between"})
# "next summer", "l'été prochain", "le printemps prochain".
_NEXT_BEFORE = frozenset({"next", "prochain", "prochaine", "prochains", "prochaines"})
_NEXT_AFTER = frozenset({"prochain", "prochaine", "prochains", "prochaines"})
_OF = ARTICLES | {"des", "du", "de", "d'", "of"}


def named(text: str, misspelt: Callable[[], bool]) -> Node | None:
    """The whole of ``text`` as an event or period named alone, or None. Read on a cursor of
    its own, so that the error of a phrase that is not one stays the grammar's. Without a
    preposition, a phrase whose respelling parses is ``misspelt``, not a name."""
    c = Cursor(text, quiet=True)
    try:
        return _named(c, misspelt)
    except PhraseError:  # a date inside the name ("31 février"): not a name
        return None


def period_part(c: Cursor) -> Period | None:
    """A part of a period as the rest of the phrase, read on ``c`` itself, as one side of a
    range or what an offset counts from: "jusqu'à la fin des soldes", "3 jours avant la fin
    des soldes". There a period's beginning or end is its first or last day, not its first or
    last week: "avant la fin des soldes" runs to the day before their last day."""
    m = c.mark()
    try:
        node = _named(c, lambda: False)
    except PhraseError:
        node = None
    if not isinstance(node, Period) or node.part is None:
        c.reset(m)
        return None
    word = next((t.text for t in c.toks if t.start == node.offset), "")
    if word in _STARTS | _ENDS:
        return replace(node, part=(1, 1) if word in _STARTS else (-1, -1))
    return node


def _named(c: Cursor, misspelt: Callable[[], bool]) -> Node | None:
    lead = c.phrase(*LEADS)
    if lead is None and misspelt():
        return None
    m = c.mark()
    part, at = _part(c)
    if part is None:
        c.reset(m)
    m = c.mark()
    c.word(ARTICLES, hint=False)  # "la prochaine Saint-Valentin"
    upcoming = c.word(_NEXT_BEFORE, hint=False) is not None
    if not upcoming:
        c.reset(m)
    if not _could_be_name(c.toks[c.i :], lead is not None or upcoming):
        return None
    saved, c.stops = c.stops, c.stops | _NEXT_AFTER
    try:
        found = ref(c, bare=False)
    finally:
        c.stops = saved
    upcoming = upcoming or c.word(_NEXT_AFTER, hint=False) is not None
    if not c.end():
        return None
    if isinstance(found, Day | NthWeekday) and lead is not None and part is None:
        return found  # "pour le 14 juillet", "for March 3"
    if not isinstance(found, EventRef):
        return None
    words = " ".join(
        t.text
        for t in c.toks
        if t.start >= found.offset and t.kind == "word" and t.text not in _NEXT_AFTER
    )
    offset = at.start if at is not None else found.offset
    return Period(found, part, GENERIC.get(words, ()), offset, upcoming)


def _part(c: Cursor) -> tuple[tuple[int, int] | None, Token | None]:
    """ "la fin des", "the first week of", "le premier jour des": the part and its first word."""
    c.word(ARTICLES, hint=False)
    m = c.mark()
    for words, part in PARTS.items():
        c.reset(m)
        first = c.phrase(words)
        if first is not None and c.word(_PART_LINKS, hint=False) is not None:
            return part, first
    return None, None


def _could_be_name(toks: list[Token], lead: bool) -> bool:
    """Whether the words left may be a name. After a preposition anything may ("pour le
    quatorze juillet", "for the Fourth of July"): a phrase never starts with one."""
    words = [t.text for t in toks if t.kind == "word" and t.text not in ARTICLES]
    if not words or words[-1] in _LINKS:  # "le jour de": a name ends with a name's word
        return False
    # "la semaine entre Noël et le nouvel an" is a name; "la semaine avnt Noël" a typo.
    weeks = [w for w, n in zip(words, [*words[1:], ""], strict=True) if n not in _BETWEEN]
    if lead:  # but "in the days before Christmas" is a phrase, one number short
        return not any(w in _NOT_IN_NAMES - frozenset(MONTHS) for w in weeks)
    if any(t.kind == "num" for t in toks):
        return False
    # "Mardi gras", "Black Friday" and "le lundi de Pentecôte" are names; "lundi" alone is not.
    first = words[0] in _NOT_FIRST and not (words[0] in WEEKDAYS and len(words) > 1)
    first = first and not (words[0] in WEEK_UNITS and words[1:2] and words[1] in _BETWEEN)
    return not first and not any(w in _NOT_IN_NAMES for w in weeks)


class Resolving(Protocol):
    """What resolving a period needs from the resolver."""

    @property
    def ctx(self) -> Context: ...

    @property
    def text(self) -> str: ...

    def error(self, message: str, offset: int, hint: str | None = None) -> PhraseError: ...

    def unparsed(self) -> PhraseError:
        """The phrase's error as if names alone were not read: for a name not in the
        catalogue, the error the phrase had before it was tried as one."""
        ...


def period_span(r: Resolving, node: Period) -> tuple[date, date]:
    if node.among and node.upcoming:  # "les prochaines soldes": whichever comes first
        first, last = min(_spans(r, node, r.ctx.start))
    elif node.among:
        first, last = _closest(_spans(r, node), r.ctx)
    else:
        try:
            if node.upcoming:
                first, last = r.ctx.event_after(node.ref.name, r.ctx.start)
            else:
                first, last = r.ctx.event(node.ref.name)
        except LookupError as e:
            near = [str(n) for n in e.args[1]] if len(e.args) > 1 and e.args[1] else []
            # A misspelt name ("Chandeleurr"), not words the grammar lacks ("à partir du 3").
            if near and not any(ch.isdigit() for ch in node.ref.name):
                message = _("unknown event {name}").format(name=quoted(node.ref.name))
                raise r.error(message, node.ref.offset, did_you_mean(*near)) from None
            raise r.unparsed() from None
    if node.part is None:
        return first, last
    return _part_of(r, node, first, last)


def generic_span(r: Resolving, ref: EventRef) -> tuple[date, date] | None:
    """A generic name as what an offset counts from: "3 jours avant les soldes"."""
    words = [t.text for t in tokenize(ref.name) if t.kind == "word"]
    while words and words[0] in _OF:  # "la veille des soldes", "the end of the sales"
        words = words[1:]
    keys = GENERIC.get(" ".join(words))
    if keys is None:
        return None
    return _closest(_spans(r, Period(ref, None, keys, ref.offset)), r.ctx)


def _spans(r: Resolving, node: Period, after: date | None = None) -> list[tuple[date, date]]:
    """The dates of each event a generic name may mean that the country has (FR and BE have
    both sales); none is an error at the name."""
    spans, failure = [], None
    for key in node.among:
        try:
            spans.append(r.ctx.event(key) if after is None else r.ctx.event_after(key, after))
        except LookupError:
            continue
        except UserError as e:
            failure = failure or e
    if spans:
        return spans
    if failure is None:
        raise r.unparsed()
    raise r.error(failure.message, node.ref.offset, failure.hint)


def _closest(spans: list[tuple[date, date]], ctx: Context) -> tuple[date, date]:
    anchor = ctx.anchor
    if anchor is None:
        return min(spans)  # each is the next one from the start: the earliest comes first
    return min(spans, key=lambda s: (_distance(s, anchor), -s[0].toordinal()))


def _distance(span: tuple[date, date], day: date) -> int:
    if span[0] <= day <= span[1]:
        return 0
    return min(abs((span[0] - day).days), abs((span[1] - day).days))


def _part_of(r: Resolving, node: Period, first: date, last: date) -> tuple[date, date]:
    assert node.part is not None
    a, b = node.part
    length = (last - first).days + 1
    name = node.ref.name
    if length == 1:
        raise r.error(
            _("{name} is one day: only a period such as the sales has a first or last week").format(
                name=name
            ),
            node.offset,
            _("name the day itself, e.g. {example}").format(example=quoted(name)),
        )
    lo = first + timedelta(days=a - 1) if a > 0 else last + timedelta(days=a + 1)
    hi = first + timedelta(days=b - 1) if b > 0 else last + timedelta(days=b + 1)
    if lo > last:
        raise r.error(
            _("{name} lasts {count} days ({first} – {last})").format(
                name=name, count=length, first=day_said(first), last=day_said(last)
            ),
            node.offset,
            _("name a part inside it: its first or last week, its first or last day"),
        )
    return max(lo, first), min(hi, last)


def whole_name(r: Resolving) -> tuple[date, date] | None:
    """The phrase as a whole, when it is an event's name in the catalogue: "between Christmas
    and New Year" is a range, and a period of its own when the range cannot be read."""
    try:
        return r.ctx.event(r.text)
    except (LookupError, UserError):
        return None


def day_named(r: Resolving, ref: EventRef) -> tuple[date, date] | None:
    """ "le jour du Souvenir", "the Day of the Dead": read as the day of an event, the words
    from "jour" / "day" on may be the event's own name."""
    toks = [t for t in tokenize(r.text) if t.end <= ref.offset]
    day = next((t for t in reversed(toks) if t.text in DAY_UNITS), None)
    if day is None or len(toks) - toks.index(day) > 3:  # "jour", "de", "la" at most
        return None
    try:
        return r.ctx.event(r.text[day.start : ref.offset + len(ref.name)])
    except (LookupError, UserError):
        return None


def part_named(r: Resolving, ref: EventRef) -> tuple[date, date] | None:
    """A part of a period read as a name: "le lendemain de la première semaine des soldes"."""
    c = Cursor(ref.name, quiet=True)
    node = period_part(c)
    if node is None:
        return None
    try:
        return period_span(r, node)
    except PhraseError:
        return None
