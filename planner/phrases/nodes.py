"""The syntax tree of a ``when`` phrase: what the text says, before any date is computed.

Every node keeps the 0-based offset of the token an error about it should point at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple, Protocol

from .recurrence import Recurrence
from .types import EventRef, StageRef

Unit = Literal["day", "week", "fortnight", "month", "business_day"]


@dataclass(frozen=True, slots=True)
class Asap:
    offset: int


@dataclass(frozen=True, slots=True)
class MonthPart:
    """Days ``first``..``last`` of a month; values ≤ 0 count back from its last day (0 = it).

    ``month`` None is the month of the planning start ("fin du mois", "end of the month"), or
    ``ahead`` months after it ("next month", "fin du mois prochain").
    ``year`` None is chosen at resolution (closest to the anchor, else the next one).
    """

    month: int | None
    year: int | None
    first: int
    last: int
    offset: int
    ahead: int = 0


@dataclass(frozen=True, slots=True)
class Day:
    month: int
    day: int
    year: int | None
    offset: int  # of the day number: that is what is wrong in "31 février"
    month_text: str  # as written, for messages
    weekday: int | None = None  # "lundi 5 janvier": checked once the year is known
    weekday_offset: int = 0


@dataclass(frozen=True, slots=True)
class NthWeekday:
    """The ``n``-th ``weekday`` (0 = Monday) of a month, -1 the last: "first Monday of March".

    ``month``, ``year`` and ``ahead`` as in :class:`MonthPart`. A fifth weekday may not exist:
    that is known once the year is, so it is an error of resolution, at the ordinal.
    """

    n: int
    weekday: int
    month: int | None
    year: int | None
    offset: int  # of the ordinal
    ahead: int = 0


@dataclass(frozen=True, slots=True)
class Week:
    """Monday to Sunday (ISO weeks, in French too): the week of ``day`` ("the week of 5
    January"), or without a day the week ``ahead`` weeks after the planning start's ("next
    week": 1)."""

    day: Day | None
    ahead: int
    offset: int


@dataclass(frozen=True, slots=True)
class AnchorRef:
    offset: int


@dataclass(frozen=True, slots=True)
class StartRef:
    """The planning start: "in 3 days", "within 2 weeks"."""

    offset: int


@dataclass(frozen=True, slots=True)
class Numeric:
    """A date in digits whose order depends on the campaign's language and country: "18/03",
    "3/18/2027", "18.03.". ``a`` and ``b`` are the numbers as written."""

    a: int
    b: int
    year: int | None
    offset: int  # of the first number
    text: str  # as written, for messages


Calendar = MonthPart | Day | NthWeekday | Week | Numeric
Ref = StageRef | EventRef | AnchorRef | StartRef | Calendar


@dataclass(frozen=True, slots=True)
class Shift:
    """One day, ``n`` units before (sign -1: from REF's first day) or after REF's last day."""

    n: int
    unit: Unit
    sign: int
    ref: Ref
    offset: int


@dataclass(frozen=True, slots=True)
class Within:
    """The ``n`` units right before REF ([REF−n, REF−1]) or right after ([REF+1, REF+n])."""

    n: int
    unit: Unit
    sign: int
    ref: Ref
    offset: int


@dataclass(frozen=True, slots=True)
class Spread:
    """From ``low`` to ``high`` units after REF's last day (or before its first day)."""

    low: int
    high: int
    unit: Unit
    sign: int
    ref: Ref
    offset: int


@dataclass(frozen=True, slots=True)
class On:
    ref: Ref


@dataclass(frozen=True, slots=True)
class Until:
    """From the planning start to the end of ``end`` ("until", "jusqu'au"), or to the day
    before it begins when ``exclusive`` ("before Christmas", "avant Noël")."""

    end: Node
    exclusive: bool
    offset: int


@dataclass(frozen=True, slots=True)
class Around:
    """Around REF: ``days`` days either side of it when it is one day ("around March 10"); a
    longer REF ("vers la mi-mars", "around the sales") is already vague and stays as it is."""

    ref: Ref | Shift
    days: int
    offset: int


@dataclass(frozen=True, slots=True)
class Onward:
    """From REF's first day on ("from March 3", "à partir du 3 mars"): to the anchor, or for a
    fixed width when the campaign's anchor is not after it (spans.OPEN_DAYS)."""

    start: Ref
    offset: int


@dataclass(frozen=True, slots=True)
class Range:
    first: Node
    last: Node
    offset: int  # of the last part: a range that ends before it starts is its fault


@dataclass(frozen=True, slots=True)
class Recur:
    """A recurrence; inside ``window`` if the phrase gives one ("tous les lundis de janvier"),
    else from the planning start to the anchor."""

    recurrence: Recurrence
    window: Node | None
    offset: int


@dataclass(frozen=True, slots=True)
class Period:
    """An event or named period as the whole phrase ("à la Toussaint", "pendant les soldes
    d'été", "la première semaine des soldes"): its days, or days ``part`` of them (1-based;
    negative counts back from its last day). ``among``: the keys a generic name may mean
    ("les soldes": winter's or summer's), the one closest to the anchor wins."""

    ref: EventRef
    part: tuple[int, int] | None
    among: tuple[str, ...]
    offset: int  # of the part's first word, else of the name
    # "next summer", "l'été prochain": the first one that begins after the planning start.
    upcoming: bool = False


class Refusal(NamedTuple):
    """Why a rule has no window for the dates it was given (the weekend of a Wednesday)."""

    message: str
    day: date | None = None  # the day the phrase most likely meant, for the hint to name


class RelativeRule(Protocol):
    """A window computed from the days of a reference: the weekend of X, the Friday before X."""

    def span(
        self, first: date, last: date, is_business_day: Callable[[date], bool]
    ) -> tuple[date, date] | Refusal: ...


class YearlyRule(Protocol):
    """A window that exists once a year, such as ISO week 12; None in a year without it."""

    def span(self, year: int) -> tuple[date, date] | None: ...

    def missing(self, year: int) -> tuple[str, str]:
        """The error for a year without it: its message and hint."""
        ...


@dataclass(frozen=True, slots=True)
class Relative:
    """``rule`` applied to REF's days. ``mends`` are phrases a refusal's hint may offer (the
    first that resolves is shown)."""

    rule: RelativeRule
    ref: Ref
    offset: int
    mends: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Yearly:
    """A window of the year ``year``, or of the year the year rule picks."""

    rule: YearlyRule
    year: int | None
    offset: int


Node = (
    Calendar
    | Asap
    | Shift
    | Within
    | Spread
    | On
    | Until
    | Range
    | Recur
    | Period
    | Onward
    | Around
    | Relative
    | Yearly
)


def refs_of(node: Node | Ref | None) -> list[StageRef | EventRef]:
    """Every stage and event the phrase depends on, in the order they are written."""
    match node:
        case StageRef() | EventRef():
            return [node]
        case Shift(ref=ref) | Within(ref=ref) | Spread(ref=ref) | On(ref=ref) | Period(ref=ref):
            return refs_of(ref)
        case Relative(ref=ref) | Around(ref=ref):
            return refs_of(ref)
        case Onward(start=start):
            return refs_of(start)
        case Until(end=end):
            return refs_of(end)
        case Range(first=first, last=last):
            return refs_of(first) + refs_of(last)
        case Recur(window=window):
            return refs_of(window)
    return []
