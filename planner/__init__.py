"""Parcours: campaign timing along the customer journey.

The public API, imported lazily so that ``planner --help`` stays fast::

    >>> from planner import Workspace, prepare
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "Workspace": "planner.workspace",
    "Campaign": "planner.rules",
    "Step": "planner.rules",
    "load_campaign": "planner.rules",
    "Item": "planner.plan",
    "Plan": "planner.plan",
    "Sources": "planner.expand",
    "expand": "planner.expand",
    "iter_items": "planner.expand",
    "prepare": "planner.controllers",
    "Catalog": "planner.events",
    "ChannelSet": "planner.channels",
    "parse_when": "planner.phrases",
    "parse_duration": "planner.phrases",
    "write_calendar": "planner.ical",
    "PlannerError": "planner.errors",
    "UserError": "planner.errors",
    "Pos": "planner.errors",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
