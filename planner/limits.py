"""How much work one command may do for what a user wrote, so that any input is answered in
bounded time and memory.

A real shop's plan is a few hundred items with briefs of a few hundred characters; a phrase
such as "every day from 2027 to 9999" or a template such as ``{{ 'x' * 10**9 }}`` is a mistake
(or an attack) that must end in a positioned error, not in minutes of work and gigabytes.
The limits a shop could outgrow are planner.toml's ``[limits]`` table, named with the limit
and that table in every message; the structural ones (nesting in a TOML file, the length of a
duration) no real file comes near, and are constants where they are checked.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any

from . import i18n
from .errors import ConfigError, example
from .i18n import _
from .workspace import Settings, _table

TABLE = "limits"


@dataclass(frozen=True, slots=True)
class Limits:
    """planner.toml's [limits]; each default is far above what a real shop plans."""

    occurrences: int = 5_000  # items one step may place on one channel (a daily post: 13 years)
    items: int = 200_000  # items of one plan, every campaign of the workspace counted
    brief: int = 100_000  # characters of one rendered brief
    render: timedelta = timedelta(seconds=2)  # to render one brief

    def hint(self, key: str, wanted: int | None = None) -> str:
        """How to raise limit ``key``, for the hint of an error that hit it."""
        if key == "render":
            seconds = wanted if wanted is not None else 2 * self.render.total_seconds()
            shown = f'"{seconds:g} seconds"'
        else:
            shown = f"{wanted if wanted is not None else 2 * getattr(self, key)}"
        return _("if the plan really needs more, set {line} in planner.toml").format(
            line=f"[{TABLE}] {key} = {shown}"
        )


MAX_BRIEF = 100_000_000
_COUNTS = {"occurrences": (1, 10_000_000), "items": (1, 100_000_000), "brief": (100, MAX_BRIEF)}
DEFAULT = Limits()


def read_limits(settings: Settings) -> Limits:
    """[limits] of planner.toml, each value checked (a limit of 0 or a word is a mistake)."""
    from .phrases import parse_duration

    src = settings.source
    table = _table(settings, TABLE, tuple(f.name for f in fields(Limits)), "items = 500000")
    values: dict[str, Any] = {}
    for key, (low, high) in _COUNTS.items():
        if key not in table:
            continue
        number = table[key]
        if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
            raise ConfigError(
                _("{key} must be a whole number from {first} to {last}").format(
                    key=f"[{TABLE}] {key}", first=i18n.number(low), last=i18n.number(high)
                ),
                src.pos(TABLE, key) if src else None,
                example(key, str(getattr(DEFAULT, key))),
            )
        values[key] = number
    if "render" in table:
        text = table["render"]
        pos = src.pos(TABLE, "render") if src else None
        if not isinstance(text, str):
            raise ConfigError(
                _("{key} must be a duration in quotes").format(key=f"[{TABLE}] render"),
                pos,
                example("render", '"5 seconds"'),
            )
        took = parse_duration(text, src.string_pos(TABLE, "render") if src else None)
        if not timedelta(0) < took <= timedelta(minutes=10):
            raise ConfigError(
                _("{key} must be longer than zero and at most 10 minutes").format(
                    key=f"[{TABLE}] render"
                ),
                pos,
                example("render", '"5 seconds"'),
            )
        values["render"] = took
    return Limits(**values)
