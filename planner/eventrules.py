"""Event rules: their little language (``"last sun of may"``, ``"easter + 49"``) and dates.

Grammar (case-insensitive, tokens separated by spaces; ``+``/``-`` need none)::

    rule     := term [("+" | "-") N ["day" | "days"]]
    term     := WEEKDAY relation term          "sun after jan 1", "wed on or before jun 28"
              | ORDINAL WEEKDAY ("of" | "in") MONTH     "last sun of may", "2nd mon of oct"
              | MONTH DAY | DAY MONTH                   "feb 14", "14 feb"
              | "easter"                                 Gregorian Easter Sunday
              | EVENT_KEY                                another event's start, same country;
                                                         KEY_end: a window event's last day
    relation := "after" | "before" | "on or after" | "on or before"

``after``/``before`` are strict ("the next Monday after Black Friday"). ORDINAL is first..fifth,
1st..5th or last. Every rule is evaluated inside one year: a rule yields that year's date.

An :class:`EventDef` is one event as a data file defines it (rule, ``unless`` replacements,
window length, per-year overrides); :func:`resolve` dates it in one year, asking ``lookup`` for
the other events its rules name, so that the catalogue decides which country's definition counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import Pos, quoted
from .i18n import _
from .phrases.hints import day_said

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES: tuple[str, ...] = ("january", "february", "march", "april", "may", "june")
_MONTH_NAMES += ("july", "august", "september", "october", "november", "december")
WEEKDAYS: dict[str, int] = {n[:k]: i for i, n in enumerate(_DAY_NAMES) for k in (3, len(n))}
WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})
MONTHS: dict[str, int] = {n[:k]: i for i, n in enumerate(_MONTH_NAMES, 1) for k in (3, len(n))}
MONTHS["sept"] = 9

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "last": -1,
    **{f"{n}{s}": n for n, s in ((1, "st"), (2, "nd"), (3, "rd"), (4, "th"), (5, "th"))},
}

RESERVED = frozenset(
    {
        *WEEKDAYS,
        *MONTHS,
        *ORDINALS,
        "easter",
        "of",
        "in",
        "on",
        "or",
        "after",
        "before",
        "day",
        "days",
    }
)
KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_TOKEN = re.compile(r"\s*(?:\d+(?:st|nd|rd|th)?\b|[a-z][a-z0-9_]*|[+-])", re.IGNORECASE)


class RuleSyntaxError(ValueError):
    """A rule text the grammar does not accept; ``offset`` is the bad token's index in it."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class NoDate(ValueError):
    """The rule has no date in that year (a 5th Sunday that does not exist, 29 Feb)."""


@dataclass(frozen=True, slots=True)
class Fixed:
    month: int
    day: int


@dataclass(frozen=True, slots=True)
class Nth:
    n: int  # 1..5, or -1 for the last
    weekday: int
    month: int


@dataclass(frozen=True, slots=True)
class Easter:
    pass


@dataclass(frozen=True, slots=True)
class Ref:
    key: str
    end: bool = False  # the last day of a window event ("soldes_hiver_end"), not its first


@dataclass(frozen=True, slots=True)
class Relative:
    weekday: int
    relation: str  # "after", "before", "on or after", "on or before"
    base: Rule


@dataclass(frozen=True, slots=True)
class Offset:
    base: Rule
    days: int


Rule = Fixed | Nth | Easter | Ref | Relative | Offset
Lookup = Callable[[str, int], tuple[date, date]]  # (event key, year) -> its first and last day


@dataclass(frozen=True, slots=True)
class Unless:
    """``{ <kind> = <test>, then = <rule> }``: when the test holds, ``then`` gives the date."""

    kind: str  # "equals", "on", "after", "before"
    test: Rule | frozenset[int]  # a rule, or weekdays for "on"
    then: Rule


def easter(year: int) -> date:
    """Gregorian Easter Sunday by the anonymous (Meeus/Jones/Butcher) algorithm."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _tokens(text: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if match is None:
            bad = len(stripped[pos:]) - len(stripped[pos:].lstrip()) + pos
            message = _("unexpected {char} in rule").format(char=quoted(stripped[bad]))
            raise RuleSyntaxError(message, bad)
        word = match.group(0).strip().lower()
        out.append((word, match.end() - len(word)))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.toks[j][0] if j < len(self.toks) else ""

    def fail(self, message: str) -> RuleSyntaxError:
        offset = self.toks[self.i][1] if self.i < len(self.toks) else len(self.text.rstrip())
        return RuleSyntaxError(message, offset)

    def take(self) -> str:
        word = self.peek()
        if not word:
            raise self.fail(_("the rule ends too early"))
        self.i += 1
        return word

    def rule(self) -> Rule:
        term = self.term()
        if self.peek() in ("+", "-"):
            sign = 1 if self.take() == "+" else -1
            if not self.peek().isdigit():
                raise self.fail(_("expected a number of days after '+' or '-'"))
            term = Offset(term, sign * int(self.take()))
            if self.peek() in ("day", "days"):
                self.i += 1
        if self.peek():
            raise self.fail(_("unexpected {word}").format(word=quoted(self.peek())))
        return term

    def term(self) -> Rule:
        word = self.peek()
        if word in WEEKDAYS:
            self.i += 1
            relation = self.take()
            if relation == "on":
                if self.take() != "or" or self.peek() not in ("after", "before"):
                    self.i -= 1
                    raise self.fail(_("expected 'on or after' or 'on or before'"))
                relation = f"on or {self.take()}"
            elif relation not in ("after", "before"):
                self.i -= 1
                message = _("expected 'after' or 'before' after {word}")
                raise self.fail(message.format(word=quoted(word)))
            return Relative(WEEKDAYS[word], relation, self.term())
        if word in ORDINALS:
            self.i += 1
            weekday = self.take()
            if weekday not in WEEKDAYS:
                self.i -= 1
                raise self.fail(_("expected a weekday such as 'sun' or 'monday'"))
            if self.take() not in ("of", "in"):
                self.i -= 1
                raise self.fail(_("expected 'of' and a month, as in 'last sun of may'"))
            return Nth(ORDINALS[word], WEEKDAYS[weekday], self.month())
        if word in MONTHS:
            self.i += 1
            return self.fixed(MONTHS[word], self.day())
        if word[:1].isdigit():
            day = self.day()
            return self.fixed(self.month(), day)
        if word == "easter":
            self.i += 1
            return Easter()
        if KEY_RE.match(word):
            self.i += 1
            return Ref(word)
        raise self.fail(_("expected a date such as 'feb 14', 'last sun of may' or 'easter + 49'"))

    def month(self) -> int:
        word = self.take()
        if word not in MONTHS:
            self.i -= 1
            raise self.fail(_("expected a month such as 'jan' or 'june'"))
        return MONTHS[word]

    def day(self) -> int:
        word = self.take()
        digits = word.rstrip("stndrh")
        if not digits.isdigit():
            self.i -= 1
            raise self.fail(_("expected a day of the month"))
        return int(digits)

    def fixed(self, month: int, day: int) -> Fixed:
        try:
            date(2000, month, day)  # a leap year, so that "feb 29" is accepted
        except ValueError:
            self.i -= 1
            raise self.fail(_("there is no day {day} in that month").format(day=day)) from None
        return Fixed(month, day)


def parse(text: str) -> Rule:
    """The rule a text means; raises RuleSyntaxError pointing at the offending token."""
    if not text.strip():
        raise RuleSyntaxError(_("the rule is empty"), 0)
    return _Parser(text).rule()


def refs(rule: Rule | frozenset[int]) -> Iterator[str]:
    """The event keys a rule depends on."""
    if isinstance(rule, Ref):
        yield rule.key
    elif isinstance(rule, Relative | Offset):
        yield from refs(rule.base)


def evaluate(rule: Rule, year: int, lookup: Lookup) -> date:
    """The rule's date in ``year``; raises NoDate when it has none."""
    if isinstance(rule, Fixed):
        try:
            return date(year, rule.month, rule.day)
        except ValueError:
            missing = f"{rule.month:02d}-{rule.day:02d}"
            raise NoDate(_("{year} has no {day}").format(year=year, day=missing)) from None
    if isinstance(rule, Nth):
        return _nth(year, rule)
    if isinstance(rule, Easter):
        return easter(year)
    if isinstance(rule, Ref):
        return lookup(rule.key, year)[1 if rule.end else 0]
    if isinstance(rule, Offset):
        return evaluate(rule.base, year, lookup) + timedelta(days=rule.days)
    base = evaluate(rule.base, year, lookup)
    gap = (rule.weekday - base.weekday()) % 7
    if rule.relation == "after":
        return base + timedelta(days=gap or 7)
    if rule.relation == "on or after":
        return base + timedelta(days=gap)
    back = (base.weekday() - rule.weekday) % 7
    if rule.relation == "before":
        return base - timedelta(days=back or 7)
    return base - timedelta(days=back)


def _nth(year: int, rule: Nth) -> date:
    if rule.n > 0:
        first = date(year, rule.month, 1)
        day = first + timedelta(days=(rule.weekday - first.weekday()) % 7 + 7 * (rule.n - 1))
    else:
        after = date(year + rule.month // 12, rule.month % 12 + 1, 1)
        last = after - timedelta(days=1)
        day = last - timedelta(days=(last.weekday() - rule.weekday) % 7)
    if day.month != rule.month:
        message = _("{year} has no {n}th weekday {weekday} in month {month}")
        raise NoDate(message.format(year=year, n=rule.n, weekday=rule.weekday, month=rule.month))
    return day


def start_date(rule: Rule, unless: tuple[Unless, ...], year: int, lookup: Lookup) -> date:
    """The rule's date, replaced by the first ``unless`` whose test holds (tested once)."""
    day = evaluate(rule, year, lookup)
    for cond in unless:
        if isinstance(cond.test, frozenset):
            hit = day.weekday() in cond.test
        else:
            other = evaluate(cond.test, year, lookup)
            hit = {"equals": day == other, "after": day > other, "before": day < other}[cond.kind]
        if hit:
            return evaluate(cond.then, year, lookup)
    return day


@dataclass(frozen=True, slots=True)
class Override:
    """One year's published dates; None fields fall back to the rule."""

    start: date | None
    end: date | None
    days: int | None


@dataclass(frozen=True, slots=True, eq=False)
class EventDef:
    key: str
    names: dict[str, str]  # locale ("en", "fr", …) -> display name
    aliases: tuple[str, ...]
    rule: Rule | None  # None: only the overrides' years have a date
    unless: tuple[Unless, ...]
    days: int | None  # a window of this many days, first and last included
    end: Rule | None  # or a window up to this rule's date
    overrides: dict[int, Override | None]  # None: not held that year
    since: int | None
    until: int | None
    source: str
    pos: Pos  # of the rule, for errors found once every file is loaded
    part_of: str = ""  # "soldes_hiver" for soldes_hiver_start/_end: named, never listed

    @property
    def window(self) -> bool:
        return self.days is not None or self.end is not None

    def name(self, locale: str) -> str:
        lang = locale.replace("_", "-").split("-")[0].lower()
        found = self.names.get(lang) or self.names.get("en")
        return found or next(iter(self.names.values()), self.key.replace("_", " "))

    def refs(self) -> set[str]:
        """The keys of the other events this one's dates depend on."""
        rules = [self.rule, self.end, *(x for u in self.unless for x in (u.test, u.then))]
        return {key for rule in rules if rule is not None for key in refs(rule)}


def resolve(event: EventDef, year: int, lookup: Lookup) -> tuple[date, date]:
    """The event's first and last day in ``year``; raises NoDate when it has none."""
    fixed = event.overrides.get(year, Override(None, None, None))
    if fixed is None:
        raise NoDate(_("it is not held that year"))
    if fixed.start is not None:
        start = fixed.start
    elif event.rule is None:
        raise NoDate(_("no date has been published for that year"))
    elif (event.since or year) > year or (event.until or year) < year:
        held = f"{event.since or ''}–{event.until or ''}"
        raise NoDate(_("it is only held {years}").format(years=held))
    else:
        start = start_date(event.rule, event.unless, year, lookup)
    days = fixed.days or event.days
    if fixed.end is not None:
        end = fixed.end
    elif days is not None:
        end = start + timedelta(days=days - 1)
    elif event.end is not None:
        # An end earlier in the year than the start is the next year's: winter runs from
        # 1 December to the end of February.
        end = evaluate(event.end, year, lookup)
        if end < start:
            end = evaluate(event.end, year + 1, lookup)
    else:
        end = start
    if end < start:
        message = _("it would end ({end}) before it starts ({start})")
        raise NoDate(message.format(end=day_said(end), start=day_said(start)))
    return start, end
