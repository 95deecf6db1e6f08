"""Versions of events: what makes a calendar app take an event it holds already as updated.

An app replaces an event it holds by one of the same UID only when its SEQUENCE is greater, or
equal with a later DTSTAMP (RFC 5546 §2.1.4); an import never deletes. So `planner export`, the
served feeds and `planner publish` share one rule: an event that says anything else than its
last version did (any line but DTSTAMP, SEQUENCE and LAST-MODIFIED: times, summary,
description, categories, alarm, …) is a new version, SEQUENCE + 1, made now (its DTSTAMP and
LAST-MODIFIED); one that says the same is written again as it was, byte for byte. What the last
version was comes from where it went: publish reads it in the calendar (X-PARCOURS-DIGEST), a
feed in the store (sync raises an item's sequence when it changes it), and export from the
history it keeps per output file in the workspace's ``.planner/exports/`` (:class:`History`).

Export tells a new version by writing the event at its last version and comparing the bytes
with those it wrote then (a hash): the same bytes if and only if the event says the same, one
formatting for an unchanged event and two for a changed one, where comparing what the events
say without their version lines would format every event twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from .atomic import atomic_file, writing
from .errors import Pos, UserError
from .i18n import _
from .plan import Item

FOLDER = Path(".planner") / "exports"
STANDARD_OUTPUT = "-"  # the history of what `-o -` wrote
_FORMAT = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

# Per item id, its event's last version as the history keeps it: "<hash> <sequence> <second>",
# the hash of the event's bytes as written, its SEQUENCE and the second (UTC, since the epoch)
# that version was made. One string rather than a tuple: half the memory, and read faster.
Version = str
Write = Callable[[int, datetime], str]  # the event at (SEQUENCE, moment the version was made)
_VERSION = re.compile(r"[0-9a-f]{24} [0-9]{1,9} -?[0-9]{1,12}")


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


class HistoryError(UserError):
    """The history of an output file cannot be read: not written by Parcours, or damaged."""


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()  # 24 hex digits


class History:
    """The versions of one output file's events: ``before``, as they were last written, and
    ``written``, the versions made since this object was made, at ``now`` (an event written
    as it was last time is not among them)."""

    def __init__(self, before: Mapping[str, Version], now: datetime) -> None:
        self.before = before
        self.now = int(now.timestamp())  # DTSTAMP has whole seconds
        self.written: dict[str, Version] = {}
        self._moments: dict[int, datetime] = {}

    def _moment(self, second: int) -> datetime:
        moment = self._moments.get(second)
        if moment is None:
            moment = self._moments[second] = datetime.fromtimestamp(second, UTC)
        return moment

    def event(self, item: Item, write: Write) -> str:
        old = self.before.get(item.id)
        sequence = 0
        if old is not None:
            digest, last, second = old.split(" ")
            text = write(int(last), self._moment(int(second)))
            if _hash(text) == digest:
                return text
            sequence = int(last) + 1
        text = write(sequence, self._moment(self.now))
        self.written[item.id] = f"{_hash(text)} {sequence} {self.now}"
        return text

    def kept(self) -> dict[str, Version]:
        """What the history keeps after this export: the versions just made, and every other
        one, those of events no longer planned included, so that one planned again continues
        its sequence (an app that imported it holds it still, and would take a SEQUENCE 0 for
        an older version)."""
        return {**self.before, **self.written}


def output_key(root: Path, output: Path | None) -> str:
    """How the history names an output: its path from the workspace (so that a command run
    from any folder finds it), an absolute path outside it, ``-`` for standard output."""
    if output is None:
        return STANDARD_OUTPUT
    resolved = output.resolve()
    if resolved.is_relative_to(root):
        return resolved.relative_to(root).as_posix()
    return str(resolved)


def history_path(root: Path, key: str) -> Path:
    """The file of ``key``'s history: a readable name, and a hash that tells apart the outputs
    it would confuse (two plan.ics in two folders)."""
    name = "standard-output" if key == STANDARD_OUTPUT else _UNSAFE.sub("_", Path(key).name)
    tag = hashlib.blake2b(key.encode(), digest_size=4).hexdigest()
    return root / FOLDER / f"{name[:60]}-{tag}.json"


def read_history(root: Path, key: str) -> dict[str, Version]:
    """The versions last written to the output ``key``; none when it has no history yet."""
    path = history_path(root, key)
    shown = str(path.relative_to(root))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise _damaged(shown, exc.strerror or str(exc)) from exc
    try:
        data = json.loads(raw)
        if data.get("format") != _FORMAT or data.get("output") != key:
            raise ValueError(_("written for another output or by another Parcours"))
        versions = data["events"]
        if not (
            isinstance(versions, dict)
            and all(isinstance(v, str) for v in versions.values())
            and all(map(_VERSION.fullmatch, versions.values()))
        ):
            raise ValueError(_("its events are not '<hash> <sequence> <second>'"))
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise _damaged(shown, str(exc)) from exc
    return versions


def _damaged(shown: str, why: str) -> HistoryError:
    return HistoryError(
        _("cannot read the history of this output ({why})").format(why=why),
        Pos(shown),
        _(
            "delete it to start this output's history again: events changed since the last "
            "export then keep SEQUENCE 0, so import the file into a fresh calendar"
        ),
    )


def write_history(root: Path, key: str, versions: Mapping[str, Version]) -> None:
    """Replace the history of ``key`` atomically: call it once the output is written."""
    path = history_path(root, key)
    with writing(str(path.parent)):
        path.parent.parent.mkdir(mode=0o700, exist_ok=True)  # .planner/, the machine's own
        path.parent.mkdir(exist_ok=True)
    data = {"format": _FORMAT, "output": key, "events": versions}
    with atomic_file(path) as out:
        out.write(json.dumps(data, separators=(",", ":")).encode())


__all__ = [
    "FOLDER",
    "STANDARD_OUTPUT",
    "History",
    "HistoryError",
    "Stored",
    "Version",
    "Versions",
    "history_path",
    "output_key",
    "read_history",
    "write_history",
]
