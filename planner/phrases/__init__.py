"""Date phrases in English and French: ``when`` windows, ``every`` recurrences, durations and
times of day, with errors that point at the offending word (see DESIGN.md, "Date phrases").

Only the standard library is imported here: ``planner --help`` must stay fast.
"""

from __future__ import annotations

from .durations import parse_duration
from .recurrence import Recurrence
from .spans import OPEN_DAYS
from .times import parse_times
from .types import MAX_YEAR, MIN_YEAR, YEARS_HINT, Context, EventRef, StageRef, Window, in_range
from .when import When, parse_every, parse_when

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "OPEN_DAYS",
    "YEARS_HINT",
    "Context",
    "EventRef",
    "Recurrence",
    "StageRef",
    "When",
    "Window",
    "in_range",
    "parse_duration",
    "parse_every",
    "parse_times",
    "parse_when",
]
