"""Versions of events: what makes a calendar app take an event it holds already as updated.

An app replaces an event it holds by one of the same UID only when its SEQUENCE is greater, or
equal with a later DTSTAMP (RFC 5546 §2.1.4). An event is therefore written at a version: its
SEQUENCE, and the moment that version was made, which is its DTSTAMP and its LAST-MODIFIED, so
that an unchanged event is the same bytes whenever it is written again. A feed takes the
versions the store keeps (sync raises an item's sequence when it changes it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Protocol

from .plan import Item

Write = Callable[[int, datetime], str]  # the event at (SEQUENCE, moment the version was made)


class Versions(Protocol):
    """Which version of each event a calendar is written with (planner.ical)."""

    def event(self, item: Item, write: Write) -> str:
        """The event of ``item``, written by ``write`` at the version it is."""
        ...


class Stored:
    """Versions the store keeps (the feeds'): per item id, its sequence and the moment sync
    last changed it."""

    __slots__ = ("versions",)

    def __init__(self, versions: Mapping[str, tuple[int, datetime]]) -> None:
        self.versions = versions

    def event(self, item: Item, write: Write) -> str:
        return write(*self.versions[item.id])


__all__ = ["Stored", "Versions", "Write"]
