"""Property tests of the date-phrase grammar: phrases generated from its vocabulary, each with the
window it states worked out here from the calendar (not by the planner), are either resolved to
exactly that window or refused with a PhraseError pointing into the phrase; and any string of
the grammar's words ends in a window or a PhraseError, never another exception.

The seed changes at every run; a failure prints it, and PLANNER_PROPERTY_SEED=<seed> runs the
same examples again (PLANNER_PROPERTY_EXAMPLES=<n> runs more of them).
"""

from __future__ import annotations

import calendar
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, note, seed, settings
from hypothesis import strategies as st

from planner.errors import PhraseError, Pos
from planner.journey import fold
from planner.phrases import parse_when
from planner.phrases.lexer import tokenize
from planner.phrases.words import (
    AFTER as AFTER_WORDS,
)
from planner.phrases.words import (
    ASAP_PHRASES,
    BEFORE,
    DAY_UNITS,
    FRENCH_HINTS,
    MONTH_NAMES_EN,
    MONTH_NAMES_FR,
    NUMBERS,
    ORDINALS,
    WEEK_UNITS,
    WEEKDAY_NAMES_EN,
    WEEKDAY_NAMES_FR,
)
from tests.phrasebook import Ctx as Ctx_
from tests.phrasebook import check_row, refuse

SEED = int(os.environ.get("PLANNER_PROPERTY_SEED") or secrets.randbelow(2**32))
EXAMPLES = int(os.environ.get("PLANNER_PROPERTY_EXAMPLES") or 150)
AGAIN = f"(seed {SEED}: PLANNER_PROPERTY_SEED={SEED} runs these examples again)"

PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)

START = date(2026, 12, 1)
ANCHOR = date(2027, 2, 14)
CHRISTMAS = date(2026, 12, 25)
ORIGIN = Pos("rules/p.toml", 7, 9)


@dataclass(frozen=True)
class Ctx:
    """What expansion gives the grammar, with fixed data: no clock, no calendar files."""

    start: date = START
    anchor: date | None = ANCHOR
    locale: str = "en"
    country: str | None = None

    def stage_span(self, stage: str) -> tuple[date, date]:
        if stage != "awareness":
            raise LookupError(f"no step for stage {stage!r}")
        return date(2027, 1, 4), date(2027, 1, 8)

    def event(self, name: str) -> tuple[date, date]:
        if fold(name) in {"christmas", "noel"}:
            return CHRISTMAS, CHRISTMAS
        raise LookupError(f"unknown event {name!r}", ["christmas"])

    def event_after(self, name: str, day: date) -> tuple[date, date]:
        first, last = self.event(name)
        while first <= day:
            first, last = first.replace(year=first.year + 1), last.replace(year=last.year + 1)
        return first, last

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day != CHRISTMAS


CTX = Ctx()

Stated = tuple[str, date, date] | tuple[str, None, None]  # None: the phrase names no day


def _resolved(phrase: str) -> tuple[date, date] | PhraseError:
    try:
        window = parse_when(phrase, ORIGIN).resolve(CTX)
    except PhraseError as e:
        return e
    return window.start, window.end


def _check(stated: Stated) -> None:
    phrase, first, last = stated
    note(f"{phrase!r} states {first}..{last}")
    got = _resolved(phrase)
    if isinstance(got, PhraseError):
        assert 0 <= got.offset <= len(phrase), f"{phrase!r}: {got} {AGAIN}"
        assert got.pos == ORIGIN.shifted(got.offset), f"{phrase!r}: {got.pos} {AGAIN}"
        assert first is None, f"{phrase!r} ({first}..{last}) was refused: {got} {AGAIN}"
        return
    assert first is not None and last is not None, f"{phrase!r} names no day, got {got} {AGAIN}"
    # A window that holds the planning start is clipped to it; otherwise it is as stated.
    expected = (START, last) if first < START <= last else (first, last)
    assert got == expected, f"{phrase!r}: {got[0]}..{got[1]}, stated {first}..{last} {AGAIN}"


# -- the vocabulary, as the grammar's own tables give it ---------------------------------------

YEARS = st.integers(2026, 2029)
MONTHS = st.integers(1, 12)
FRENCH = st.booleans()
_PARTS = {  # (English, French, first day, last day or 0 for the month's last)
    "early": ("early", "début", 1, 10),
    "mid": ("mid-", "mi-", 11, 20),
    "late": ("late", "fin", 21, 0),
}
_NTH_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_NTH_FR = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième"}
_NTH_FR[-1] = "dernier"
assert {k for k, v in ORDINALS.items() if v in _NTH_EN} >= {"first", "last", "premier"}


def month_name(month: int, french: bool) -> str:
    return MONTH_NAMES_FR[month - 1] if french else MONTH_NAMES_EN[month - 1]


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def written_date(day: date, french: bool) -> str:
    if french:
        return f"le {'1er' if day.day == 1 else day.day} {month_name(day.month, True)} {day.year}"
    return f"{month_name(day.month, False)} {day.day}, {day.year}"


@st.composite
def month_parts(draw: st.DrawFn) -> Stated:
    year, month, french = draw(YEARS), draw(MONTHS), draw(FRENCH)
    en, fr, lo, hi = _PARTS[draw(st.sampled_from(sorted(_PARTS)))]
    word = fr if french else en
    glue = "" if word.endswith("-") else " "
    phrase = f"{word}{glue}{month_name(month, french)} {year}"
    hi = hi or last_day(year, month)
    return phrase, date(year, month, lo), date(year, month, hi)


@st.composite
def nth_weekdays(draw: st.DrawFn) -> Stated:
    year, month, french = draw(YEARS), draw(MONTHS), draw(FRENCH)
    n = draw(st.sampled_from([1, 2, 3, 4, 5, -1]))
    weekday = draw(st.integers(0, 6))
    days = [
        d for d in range(1, last_day(year, month) + 1) if date(year, month, d).weekday() == weekday
    ]
    if french:
        name = WEEKDAY_NAMES_FR[weekday]
        month_text = month_name(month, True)
        of = "d'" if month_text[0] in "aeiouéèêâô" else "de "
        phrase = f"le {_NTH_FR[n]} {name} {of}{month_text} {year}"
    else:
        phrase = (
            f"the {_NTH_EN[n]} {WEEKDAY_NAMES_EN[weekday]} of {month_name(month, False)} {year}"
        )
    if n == 5 and len(days) < 5:
        return phrase, None, None  # a fifth one the month lacks: an error
    day = date(year, month, days[n - 1 if n > 0 else -1])
    return phrase, day, day


@st.composite
def dates(draw: st.DrawFn) -> Stated:
    year, month, french = draw(YEARS), draw(MONTHS), draw(FRENCH)
    day = draw(st.integers(0, 32))
    style = draw(st.sampled_from(["iso", "written"]))
    if style == "iso":
        phrase = f"{year}-{month:02d}-{day:02d}"
    elif french:
        phrase = f"le {day} {month_name(month, True)} {year}"
    else:
        phrase = f"{month_name(month, False)} {day}, {year}"
    if not 1 <= day <= last_day(year, month):
        return phrase, None, None
    return phrase, date(year, month, day), date(year, month, day)


# What an offset counts from: a date, an event, the anchor (written, stated day).
@st.composite
def references(draw: st.DrawFn, french: bool) -> tuple[str, date]:
    kind = draw(st.sampled_from(["date", "event", "anchor"]))
    if kind == "date":
        day = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
        return written_date(day, french), day
    if kind == "event":
        return ("Noël" if french else "Christmas"), CHRISTMAS
    return ("l'ancre" if french else "the anchor"), ANCHOR


@st.composite
def offsets(draw: st.DrawFn) -> Stated:
    french = draw(FRENCH)
    ref, day = draw(references(french))
    n = draw(st.integers(1, 60))
    weeks = draw(st.booleans())
    sign = draw(st.sampled_from([-1, 1]))
    if french:
        unit = ("semaine" if n == 1 else "semaines") if weeks else ("jour" if n == 1 else "jours")
        direction = "avant" if sign < 0 else "après"
    else:
        unit = ("week" if n == 1 else "weeks") if weeks else ("day" if n == 1 else "days")
        direction = "before" if sign < 0 else "after"
    assert unit in (WEEK_UNITS if weeks else DAY_UNITS)
    assert fold(direction) in (BEFORE if sign < 0 else AFTER_WORDS)  # the grammar's own words
    target = day + sign * timedelta(days=n * (7 if weeks else 1))
    return f"{n} {unit} {direction} {ref}", target, target


@st.composite
def anchor_counts(draw: st.DrawFn) -> Stated:
    n = draw(st.integers(0, 90))
    letter = draw(st.sampled_from(["J", "D"]))
    sign = draw(st.sampled_from(["-", "+"]))
    day = ANCHOR + timedelta(days=n if sign == "+" else -n)
    return f"{letter}{sign}{n}", day, day


@st.composite
def days_before(draw: st.DrawFn) -> Stated:
    french = draw(FRENCH)
    ref, day = draw(references(french))
    n = draw(st.integers(1, 60))
    phrase = f"dans les {n} jours avant {ref}" if french else f"in the {n} days before {ref}"
    return phrase, day - timedelta(days=n), day - timedelta(days=1)


@st.composite
def ranges(draw: st.DrawFn) -> Stated:
    french = draw(FRENCH)
    a = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 400)))
    b = a + timedelta(days=draw(st.integers(-20, 60)))
    opener = draw(st.sampled_from(["from", "between"]))
    if french:
        x, y = written_date(a, True), written_date(b, True)
        phrase = f"du {x[3:]} au {y[3:]}" if opener == "from" else f"entre {x} et {y}"
    else:
        x, y = written_date(a, False), written_date(b, False)
        phrase = f"from {x} to {y}" if opener == "from" else f"between {x} and {y}"
    if b < a:
        return phrase, None, None  # a range that ends before it starts
    return phrase, a, b


@st.composite
def weeks_of(draw: st.DrawFn) -> Stated:
    french = draw(FRENCH)
    day = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 400)))
    monday = day - timedelta(days=day.weekday())
    if french:
        phrase = f"la semaine du {written_date(day, True)[3:]}"
    else:
        phrase = f"the week of {written_date(day, False)}"
    return phrase, monday, monday + timedelta(days=6)


@st.composite
def whole_months(draw: st.DrawFn) -> Stated:
    year, month, french = draw(YEARS), draw(MONTHS), draw(FRENCH)
    lead = draw(st.sampled_from(["", "en " if french else "in "]))
    phrase = f"{lead}{month_name(month, french)} {year}"
    return phrase, date(year, month, 1), date(year, month, last_day(year, month))


@st.composite
def weeks_of_month(draw: st.DrawFn) -> Stated:
    year, month, french = draw(YEARS), draw(MONTHS), draw(FRENCH)
    n = draw(st.sampled_from([1, 2, -1]))
    month_text = month_name(month, french)
    if french:
        word = {1: "première", 2: "deuxième", -1: "dernière"}[n]
        of = "d'" if month_text[0] in "aeiouéèêâô" else "de "
        phrase = f"la {word} semaine {of}{month_text} {year}"
    else:
        phrase = f"the {_NTH_EN[n]} week of {month_text} {year}"
    if n < 0:
        end = last_day(year, month)
        return phrase, date(year, month, end - 6), date(year, month, end)
    return phrase, date(year, month, 7 * n - 6), date(year, month, 7 * n)


@st.composite
def spreads(draw: st.DrawFn) -> Stated:
    """ "3 to 5 days before X": [X-5, X-3]; "de 3 à 5 jours après X": [X+3, X+5]."""
    french = draw(FRENCH)
    ref, day = draw(references(french))
    low, high = sorted(draw(st.lists(st.integers(1, 30), min_size=2, max_size=2, unique=True)))
    sign = draw(st.sampled_from([-1, 1]))
    if french:
        phrase = f"de {low} à {high} jours {'avant' if sign < 0 else 'après'} {ref}"
    else:
        phrase = f"{low} to {high} days {'before' if sign < 0 else 'after'} {ref}"
    if sign < 0:
        return phrase, day - timedelta(days=high), day - timedelta(days=low)
    return phrase, day + timedelta(days=low), day + timedelta(days=high)


STATED = st.one_of(
    whole_months(),
    weeks_of_month(),
    spreads(),
    month_parts(),
    nth_weekdays(),
    dates(),
    offsets(),
    anchor_counts(),
    days_before(),
    ranges(),
    weeks_of(),
)


@seed(SEED)
@PROPERTY
@given(stated=STATED)
def test_a_generated_phrase_is_its_stated_window_or_refused(stated: Stated) -> None:
    _check(stated)


# -- strings of the grammar's words ------------------------------------------------------------

_WORDS = sorted(
    {
        *(w for w in MONTH_NAMES_EN + MONTH_NAMES_FR),
        *(w for w in WEEKDAY_NAMES_EN + WEEKDAY_NAMES_FR),
        *NUMBERS,
        *ORDINALS,
        *DAY_UNITS,
        *WEEK_UNITS,
        *BEFORE,
        *AFTER_WORDS,
        *(" ".join(p) for p in ASAP_PHRASES),
        *("early", "mid", "late", "début", "mi", "fin", "du", "au", "de", "d'", "l'", "le", "la"),
        *("the", "of", "in", "on", "from", "to", "between", "and", "entre", "et", "until"),
        *("jusqu'au", "every", "tous", "les", "dans", "next", "prochain", "semaine", "mois"),
        *("anchor", "ancre", "J", "D", "Noël", "Christmas", "awareness", "later", "plus tard"),
        *("business", "ouvrés", "week", "month", "this", "ce", "cette", "jour", "1er", "2nd"),
    }
)
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.integers(0, 2100).map(str),
    st.sampled_from(["-", "+", ",", "'", "/", ".", "(", ")", "–", ":"]),
)


@seed(SEED)
@PROPERTY
@given(pieces=st.lists(_PIECES, min_size=1, max_size=8), glue=st.lists(st.booleans(), max_size=8))
# Found by CI's seed 3392091944: "prochain" before a name asks for its next occurrence.
@example(pieces=["prochain", "as soon as possible"], glue=[])
@example(pieces=["prochain", "noël"], glue=[])
def test_grammar_words_in_any_order_end_in_a_window_or_a_phrase_error(
    pieces: list[str], glue: list[bool]
) -> None:
    phrase = pieces[0]
    for n, piece in enumerate(pieces[1:]):
        phrase += ("" if n < len(glue) and glue[n] else " ") + piece
    note(repr(phrase))
    try:
        got = _resolved(phrase)
    except Exception as e:
        raise AssertionError(f"{phrase!r} raised {type(e).__name__}: {e} {AGAIN}") from e
    if isinstance(got, PhraseError):
        assert 0 <= got.offset <= len(phrase), f"{phrase!r}: {got} {AGAIN}"
        assert got.pos == ORIGIN.shifted(got.offset), f"{phrase!r}: {got.pos} {AGAIN}"
        assert got.message, f"{phrase!r}: an error without a message {AGAIN}"
    else:
        assert got[0] <= got[1], f"{phrase!r}: {got} {AGAIN}"


# -- a sample, planned for real ----------------------------------------------------------------

# The library's context above, as a shop's workspace: the real events catalogue puts Christmas
# 2026 closest to the anchor, as CTX does.
BOOK = {
    "fr": Ctx_("property-fr", "FR", "fr", "Europe/Paris", START.isoformat(), ANCHOR.isoformat()),
    "en": Ctx_("property-en", "GB", "en", "Europe/London", START.isoformat(), ANCHOR.isoformat()),
}


@seed(SEED)
@settings(PROPERTY, max_examples=min(EXAMPLES, 12))
@given(stated=STATED)
def test_a_sample_planned_for_real(stated: Stated) -> None:
    phrase, first, last = stated
    ctx = BOOK["fr" if any(t.text in FRENCH_HINTS for t in tokenize(phrase)) else "en"]
    with tempfile.TemporaryDirectory() as tmp:
        if first is None or last is None:
            refused = refuse(Path(tmp), phrase, ctx)
            assert refused.offset == _offset(phrase), f"{phrase!r}: {refused} {AGAIN}"
        elif first >= START:  # a window before the start is the planner's error, not the phrase's
            check_row(Path(tmp), phrase, ctx, first.isoformat(), last.isoformat())


def _offset(phrase: str) -> int:
    got = _resolved(phrase)
    assert isinstance(got, PhraseError), f"{phrase!r} resolved to {got} {AGAIN}"
    return got.offset
