"""The values the phrase grammar produces, and the context it resolves them in.

Parsing is context-free (text → AST with positions); resolution turns an AST into dates given a
:class:`Context` that expand.py provides (the planning start, the anchor, the spans of the steps
already placed, named events, business days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from planner.i18n import _

# The years Parcours plans in: those its events catalogue covers (eventdata.py). Every date a
# phrase, an anchor or an option resolves to is checked against them, so that a duration or a
# recurrence added to it stays far from year 9999, where date arithmetic overflows.
MIN_YEAR, MAX_YEAR = 1900, 2200
YEARS_HINT = f"Parcours plans from {MIN_YEAR} to {MAX_YEAR}: write a year such as 2027"


def years_hint() -> str:
    """YEARS_HINT in the current language."""
    return _("Parcours plans from {first} to {last}: write a year such as 2027").format(
        first=MIN_YEAR, last=MAX_YEAR
    )


def in_range(day: date) -> bool:
    return MIN_YEAR <= day.year <= MAX_YEAR


@dataclass(frozen=True, slots=True)
class Window:
    """A closed range of local dates ``[start, end]``.

    ``asap`` means "the first free slot from now": placement starts at the context's ``now``
    and may run past ``end`` until it finds a slot. ``clipped`` is set when the start was
    moved forward to the planning start; ``guessed`` when the phrase gave no end and ``end`` is
    Parcours's choice ("from March 3" in a campaign without an anchor after it), which the
    plan reports.
    """

    start: date
    end: date
    asap: bool = False
    clipped: bool = False
    guessed: bool = False


@dataclass(frozen=True, slots=True)
class StageRef:
    """A reference to the items of another step: ``stage`` is canonical, or "previous"."""

    stage: str
    offset: int  # 0-based index in the phrase, for error positions


@dataclass(frozen=True, slots=True)
class EventRef:
    name: str  # as written, e.g. "la Saint-Valentin", "valentines_day", "fête des mères"
    offset: int


class Context(Protocol):
    """What resolution needs from the campaign being expanded."""

    @property
    def start(self) -> date:
        """The planning start date (today, or --start)."""
        ...

    @property
    def anchor(self) -> date | None:
        """The campaign's anchor date, None for "asap" campaigns."""
        ...

    @property
    def locale(self) -> str:
        """The campaign's language, "en" or "fr": with the country, the order of a date in
        digits ("18/03" is day/month in French, "3/18" month/day in US English)."""
        ...

    @property
    def country(self) -> str | None:
        """The campaign's country ("FR", "US", "CA-QC"), None when it has none."""
        ...

    def stage_span(self, stage: str) -> tuple[date, date]:
        """First and last item dates of the steps of ``stage`` ("previous": the step before).

        Raises LookupError with a reason when that stage has no step (or no step before).
        """
        ...

    def event(self, name: str) -> tuple[date, date]:
        """The dates of a named event (one day: start == end; a window such as the sales).

        The occurrence closest to the anchor, or without an anchor the next one from start.
        Raises LookupError whose ``args[0]`` is the reason and, if present, ``args[1]`` a list
        of suggestions.
        """
        ...

    def event_after(self, name: str, day: date) -> tuple[date, date]:
        """The first occurrence of a named event that begins after ``day`` ("next summer");
        raises as :meth:`event`."""
        ...

    def is_business_day(self, day: date) -> bool:
        """Monday to Friday and not a public holiday of the campaign's country."""
        ...
