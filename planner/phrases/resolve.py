"""Turning a parsed ``when`` into dates, given the campaign's context.

Year rule (DESIGN.md): a calendar phrase without a year takes the occurrence closest to the
anchor, or without an anchor the next one that has not ended by the planning start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from planner.errors import PhraseError, Pos, UserError, quoted
from planner.i18n import _
from planner.journey import all_stage_words

from .cursor import Cursor
from .fixes import no_anchor, range_example
from .grammar import parse_node, parse_strict
from .hints import day_said, did_you_mean, is_french
from .lexer import tokenize
from .misnamed import lookup_error, other_refs, respelt
from .months import month_length
from .nodes import (
    AnchorRef,
    Around,
    Asap,
    Calendar,
    Day,
    MonthPart,
    Node,
    NthWeekday,
    Numeric,
    On,
    Onward,
    Period,
    Range,
    Recur,
    Ref,
    Refusal,
    Relative,
    Shift,
    Spread,
    StartRef,
    Unit,
    Until,
    Week,
    Within,
    Yearly,
)
from .numeric import numeric_day
from .periods import day_named, generic_span, part_named, period_span, whole_name
from .spans import open_span
from .types import Context, EventRef, StageRef, Window, in_range, years_hint
from .weeks import week_around
from .words import (
    MONTH_NAMES_EN,
    MONTH_NAMES_FR,
    MONTHS,
)
from .yeardates import Yearless, build

Span = tuple[date, date]
_ONE_DAY = timedelta(days=1)
# A business-day count that finds no business day in ten years has a broken calendar.
_BUSINESS_DAY_SEARCH = 3660


class Resolver:
    def __init__(
        self, text: str, origin: Pos | None, ctx: Context, locale: str | None = None
    ) -> None:
        self.text = text
        self.origin = origin
        self.ctx = ctx
        self.locale = locale  # the campaign's: the language of hints when the words do not tell

    @property
    def french(self) -> bool:
        return is_french(tokenize(self.text), self.locale)

    def error(self, message: str, offset: int, hint: str | None = None) -> PhraseError:
        pos = self.origin.shifted(offset) if self.origin is not None else None
        return PhraseError(message, pos, hint, phrase=self.text, offset=offset)

    # -- the phrase as a whole ----------------------------------------------------------------

    def window(self, node: Node) -> Window:
        try:
            window = self._window(node)
        except (OverflowError, ValueError):
            # Only date arithmetic past year 9999 (or before year 1) gets here: days and
            # months are checked when parsed.
            message = _("a date in this phrase is out of range")
            raise self.error(message, 0, years_hint()) from None
        for day in (window.start, window.end):
            if not in_range(day):
                raise self.error(
                    _("this phrase gives {day}, out of range").format(day=day_said(day)),
                    0,
                    years_hint(),
                )
        return window

    def _window(self, node: Node) -> Window:
        start = self.ctx.start
        if isinstance(node, Asap):
            return Window(start, start, asap=True)
        if isinstance(node, Recur) and node.window is None:
            if self.ctx.anchor is None:
                raise self.error(
                    _("a recurrence needs an end: this campaign has no anchor"),
                    node.offset,
                    _(
                        "write a window and put the recurrence in `every = …`, "
                        "or give the campaign an anchor"
                    ),
                )
            return Window(start, self.ctx.anchor)
        if isinstance(node, Recur) and node.window is not None:
            node = node.window
        first, last = self.span(node)
        guessed = isinstance(node, Onward) and last != self.ctx.anchor
        if first < start <= last:
            return Window(start, last, clipped=True, guessed=guessed)
        return Window(first, last, guessed=guessed)

    def span(self, node: Node) -> Span:
        match node:
            case Asap():
                return self.ctx.start, self.ctx.start
            case MonthPart() | Day() | NthWeekday() | Week() | Numeric():
                return self.calendar(node)
            case On(ref=ref):
                return self.ref(ref)
            case Shift(n=n, unit=unit, sign=sign, ref=ref, offset=offset):
                first, last = self.ref(ref)
                day = self.move(first if sign < 0 else last, n, unit, sign, offset)
                return day, day
            case Within(n=n, unit=unit, sign=sign, ref=ref, offset=offset):
                first, last = self.ref(ref)
                if sign < 0:
                    return self.move(first, n, unit, -1, offset), first - _ONE_DAY
                return last + _ONE_DAY, self.move(last, n, unit, 1, offset)
            case Spread(low=low, high=high, unit=unit, sign=sign, ref=ref, offset=offset):
                first, last = self.ref(ref)
                if sign < 0:
                    return self.move(first, high, unit, -1, offset), self.move(
                        first, low, unit, -1, offset
                    )
                return self.move(last, low, unit, 1, offset), self.move(last, high, unit, 1, offset)
            case Around() | Onward():
                return open_span(node, self.ref_or_day, self.ctx.anchor)
            case Until(end=end, exclusive=exclusive):
                first, last = self.span(end)
                return self.ctx.start, first - _ONE_DAY if exclusive else last
            case Range():
                try:
                    return self.range(node)
                except PhraseError:
                    # From 28 December the next Christmas comes after the next New Year's
                    # Day: "entre Noël et le jour de l'an" is then the catalogue's period.
                    whole = whole_name(self)
                    if whole is None:
                        raise
                    return whole
            case Recur(window=window) if window is not None:
                return self.span(window)
            case Period():
                return period_span(self, node)
            case Relative(rule=rule, ref=ref, offset=offset, mends=mends):
                found = rule.span(*self.ref(ref), self.ctx.is_business_day)
                if isinstance(found, Refusal):
                    good = [m for m in mends if self.resolves(m)]
                    good += [m for m in self._in_full(found.day) if self.resolves(m)][:1]
                    hint = did_you_mean(*good) if good else None
                    raise self.error(found.message, offset, hint)
                return found
            case Yearly(rule=rule, year=year, offset=offset):
                year = year or self.pick_year(lambda y: rule.span(y) or (date(y, 12, 31),) * 2)
                span = rule.span(year)
                if span is None:
                    message, hint = rule.missing(year)
                    raise self.error(message, offset, hint)
                return span
        raise self.error(_("this phrase cannot be used here"), 0)

    def _in_full(self, day: date | None) -> list[str]:
        """The phrase with ``day``'s month and year written after it: "vendredi 31" ->
        "vendredi 31 décembre 2027"."""
        if day is None:
            return []
        if self.french:
            return [f"{self.text} {MONTH_NAMES_FR[day.month - 1]} {day.year}"]
        month = MONTH_NAMES_EN[day.month - 1]
        return [f"{self.text} {month} {day.year}", f"{self.text} of {month} {day.year}"]

    def unparsed(self) -> PhraseError:
        try:
            parse_strict(Cursor(self.text, self.origin, parse_strict))
        except PhraseError as e:
            return e
        return self.error(_("this phrase cannot be used here"), 0)

    # -- references ---------------------------------------------------------------------------

    def ref_or_day(self, ref: Ref | Shift) -> Span:
        return self.span(ref) if isinstance(ref, Shift) else self.ref(ref)

    def ref(self, ref: Ref) -> Span:
        match ref:
            case AnchorRef(offset=offset):
                if self.ctx.anchor is None:
                    raise no_anchor(self, offset)
                return self.ctx.anchor, self.ctx.anchor
            case StartRef():
                return self.ctx.start, self.ctx.start
            case StageRef(stage=stage, offset=offset):
                try:
                    return self.ctx.stage_span(stage)
                except LookupError as e:
                    what = _("no step before this one") if stage == "previous" else stage
                    message = _("no step for {what}").format(what=what)
                    raise self._lookup_error(e, offset, message, "", ()) from None
            case EventRef(name=name, offset=offset):
                try:
                    return generic_span(self, ref) or self.ctx.event(name)
                except LookupError as e:
                    whole = day_named(self, ref) or part_named(
                        self, ref
                    )  # "le jour du Souvenir" is a name
                    if whole is not None:
                        return whole
                    words = [*all_stage_words(), "anchor", "ancre", *MONTHS]
                    message = _("unknown event {name}").format(name=quoted(name))
                    error = self._lookup_error(e, offset, message, name, words)
                    respelt = self._respelt(offset)
                    if respelt is not None:  # "la semaine d'avnt Noël": no event "avnt Noël"
                        error.hint = did_you_mean(respelt)
                    elif error.hint is None:
                        error.hint = self._other_refs(offset, name) or Cursor(
                            self.text, locale=self.locale
                        ).what_hint("a date phrase")
                    raise error from None
        return self.calendar(ref)

    def resolves(self, text: str) -> bool:
        return self.window_of(text) is not None

    def window_of(self, text: str) -> Window | None:
        try:
            node = parse_node(Cursor(text, quiet=True))
            return Resolver(text, None, self.ctx, self.locale).window(node)
        except (UserError, LookupError):
            return None

    def _other_refs(self, offset: int, name: str) -> str | None:
        return other_refs(self, offset, name)

    def _respelt(self, offset: int) -> str | None:
        return respelt(self, offset)

    def _lookup_error(
        self, e: LookupError, offset: int, default: str, written: str, words: Iterable[str]
    ) -> PhraseError:
        return lookup_error(self, e, offset, default, written, words)

    # -- calendar phrases ---------------------------------------------------------------------

    def calendar(self, node: Calendar) -> Span:
        if isinstance(node, Numeric):
            node = self.day_of(node)
        if isinstance(node, Week):
            day = node.day
            if day is None:
                return week_around(self.ctx.start + timedelta(weeks=node.ahead))
            if day.year is not None:
                return week_around(build(self, day, day.year, lenient=False)[0])
            # The year rule applies to the week: on Thursday 15 January, "the week of 14
            # January" is this week, not next year's.
            year = self.pick_year(lambda y: week_around(build(self, day, y, lenient=True)[0]))
            return week_around(build(self, day, year, lenient=False)[0])
        if node.month is None or node.year is not None:
            return build(self, node, node.year or self.ctx.start.year, lenient=False)
        year = self.pick_year(lambda y: build(self, node, y, lenient=True))
        return build(self, node, year, lenient=False)

    def day_of(self, node: Numeric) -> Day:
        """A date in digits as the day it means in the campaign's language and country."""
        return numeric_day(node, self.ctx.locale, self.ctx.country, self.error)

    def pick_year(self, span_in: Callable[[int], Span]) -> int:
        anchor = self.ctx.anchor
        if anchor is not None:
            # Closest to the anchor; on a tie, the later one (campaigns look forward).
            return min(
                range(anchor.year - 1, anchor.year + 2),
                key=lambda y: (_distance(span_in(y), anchor), -y),
            )
        start = self.ctx.start
        for y in range(start.year - 1, start.year + 2):
            if span_in(y)[1] >= start:
                return y
        return start.year + 1

    def range(self, node: Range) -> Span:
        a, b = node.first, node.last
        a, b = (self.day_of(x) if isinstance(x, Numeric) else x for x in (a, b))
        if _yearless(a) and _yearless(b):
            assert isinstance(a, Yearless) and isinstance(b, Yearless)
            # "du 28 décembre au 3 janvier": the end is in the next year.
            wrap = 1 if (b.month or 0) < (a.month or 0) else 0

            def joint(y: int, lenient: bool) -> Span:
                return (
                    build(self, a, y, lenient=lenient)[0],
                    build(self, b, y + wrap, lenient=lenient)[1],
                )

            year = self.pick_year(lambda y: joint(y, True))
            first, last = joint(year, False)
        elif _yearless(a):
            assert isinstance(a, Yearless)
            last = self.span(b)[1]
            year = next(
                (
                    y
                    for y in range(last.year, last.year - 3, -1)
                    if build(self, a, y, lenient=True)[0] <= last
                ),
                last.year,
            )
            first = build(self, a, year, lenient=False)[0]
        elif _yearless(b):
            assert isinstance(b, Yearless)
            first = self.span(a)[0]
            year = next(
                (
                    y
                    for y in range(first.year, first.year + 3)
                    if build(self, b, y, lenient=True)[1] >= first
                ),
                first.year,
            )
            last = build(self, b, year, lenient=False)[1]
        else:
            first, last = self.span(a)[0], self.span(b)[1]
        if last < first:
            swapped = range_example(self, last, first)
            hint = _("put the earlier date first")
            if swapped:
                hint = _("{hint}, e.g. {example}").format(hint=hint, example=quoted(swapped))
            raise self.error(
                _("this range ends ({last}) before it starts ({first})").format(
                    last=day_said(last), first=day_said(first)
                ),
                node.offset,
                hint,
            )
        return first, last

    # -- offsets ------------------------------------------------------------------------------

    def move(self, day: date, n: int, unit: Unit, sign: int, offset: int) -> date:
        if unit == "day":
            return day + timedelta(days=sign * n)
        if unit == "week" or unit == "fortnight":
            return day + timedelta(weeks=sign * n * (2 if unit == "fortnight" else 1))
        if unit == "month":
            return _add_months(day, sign * n)
        step, idle = timedelta(days=sign), 0
        while n > 0:
            day += step
            if self.ctx.is_business_day(day):
                n, idle = n - 1, 0
            else:
                idle += 1
                if idle > _BUSINESS_DAY_SEARCH:
                    raise self.error(_("no business day found within ten years"), offset)
        return day


def _yearless(node: Node) -> bool:
    if isinstance(node, On):
        return False
    return isinstance(node, Yearless) and node.year is None and node.month is not None


def _distance(span: Span, day: date) -> int:
    if span[0] <= day <= span[1]:
        return 0
    return min(abs((span[0] - day).days), abs((span[1] - day).days))


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, month_length(year, month)))
