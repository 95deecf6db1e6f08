"""One [[hooks]] table of planner.toml and where each of its keys and values is written, so
that every mistake can be reported at ``planner.toml:LINE:COL``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NoReturn

from ..errors import ConfigError, PhraseError, Pos, quoted
from ..i18n import _
from ..tomlsource import TomlSource
from ..workspace import SETTINGS_FILE

MAX_TIMEOUT = 24 * 3600.0


@dataclass(slots=True)
class HookTable:
    """The ``index``-th [[hooks]] table and where its keys are written."""

    src: TomlSource | None
    index: int
    data: dict[str, Any]

    @property
    def path(self) -> str:
        return self.src.path if self.src is not None else SETTINGS_FILE

    def pos(self, key: str = "", *, value: bool = True) -> Pos:
        if self.src is None:
            return Pos(self.path)
        keys = self.src.keys
        found = keys.get(("hooks", self.index, key)) if key else None
        if found is not None:
            return Pos(self.path, found[0], found[2] if value else found[1])
        header = keys.get(("hooks", self.index, ""))
        if header is not None:
            return Pos(self.path, header[0], header[1])
        # hooks = [{ … }, { … }] written inline: the index-th table of the list
        return _element(self.src, self.src.pos("", "hooks"), self.index, inside=False)

    def string_pos(self, key: str, offset: int = 0) -> Pos:
        """Inside the string value of ``key``, ``offset`` characters in (when on one line)."""
        if self.src is None or ("hooks", self.index, key) not in self.src.keys:
            return self.pos(key)
        start = self.src.string_pos("hooks", key, self.index)
        value = self.data.get(key)
        if offset and isinstance(value, str) and _plain_on_line(self.src, start, value):
            return start.shifted(offset)
        return start

    def element_pos(self, key: str, n: int) -> Pos:
        """Inside the ``n``-th string of the list value of ``key``, when written on one line."""
        at = self.pos(key)
        if self.src is None or not at.line or ("hooks", self.index, key) not in self.src.keys:
            return at
        return _element(self.src, at, n)

    def sub_pos(self, table_key: str, key: str) -> Pos:
        """Where ``key`` of the sub-table ``table_key`` is: [hooks.headers] or inline."""
        if self.src is not None:
            found = self.src.keys.get((f"hooks.{table_key}", self.index, key))
            if found is not None:
                return Pos(self.path, found[0], found[1])
            header = self.src.keys.get((f"hooks.{table_key}", self.index, ""))
            if header is not None and ("hooks", self.index, table_key) not in self.src.keys:
                return Pos(self.path, header[0], header[1])
        return self.pos(table_key)

    def fail(
        self, message: str, key: str = "", hint: str | None = None, *, at: Pos | None = None
    ) -> NoReturn:
        raise ConfigError(message, at or self.pos(key), hint)

    def text(self, key: str, example: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(
                    _("this {kind} hook has no {key}").format(
                        kind=self.data.get("kind"), key=quoted(key)
                    ),
                    "",
                    _("add {line}").format(line=example),
                )
            return None
        if not isinstance(value, str):
            self.fail(_("{key} must be a string").format(key=key), key, _eg(example))
        if not value.strip():
            self.fail(_("{key} is empty").format(key=key), key, _eg(example))
        return value

    def strings(self, key: str, example: str, *, selects: bool = False) -> list[str] | None:
        """The list of strings at ``key``; ``selects``: a filter, where leaving it out means
        everything (which an empty list surely did not mean)."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(_("{key} must be a list of strings").format(key=key), key, _eg(example))
        if not value:
            hint = (
                _("remove {key} to mean all, or e.g. {line}").format(key=key, line=example)
                if selects
                else _eg(example)
            )
            self.fail(_("{key} is an empty list").format(key=key), key, hint)
        for n, element in enumerate(value):
            if not isinstance(element, str):
                self.fail(
                    _("{key} must be a list of strings; item {number} is not a string").format(
                        key=key, number=n + 1
                    ),
                    hint=_eg(example),
                    at=self.element_pos(key, n),
                )
        return value

    def seconds(self, key: str, default: float) -> float:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            seconds = duration(value, self.string_pos(key)).total_seconds()
        elif isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value  # compared before float(), which overflows for a long integer
        else:
            self.fail(
                _("{key} must be a number of seconds or a duration").format(key=key),
                key,
                _eg(f"{key} = 30"),
            )
        if not 0 < seconds <= MAX_TIMEOUT:
            self.fail(
                _("{key} must be more than 0 and at most a day").format(key=key),
                key,
                _('e.g. {key} = 30 or {key} = "2 minutes"').format(key=key),
            )
        return float(seconds)


def _eg(line: str) -> str:
    """A hint showing a TOML line to write, which stays TOML in every language."""
    return _("e.g. {line}").format(line=line)


def _element(src: TomlSource, at: Pos, n: int, *, inside: bool = True) -> Pos:
    """The start of the ``n``-th element of the list that opens at ``at`` (inside its quotes if
    ``inside`` and it is a string), when the list is on one line; else ``at``."""
    line = src.lines[at.line - 1] if at.line else ""
    if line[at.col - 1 : at.col] != "[":
        return at
    i, count, depth, fresh = at.col, 0, 0, True
    while i < len(line):
        char = line[i]
        if char == "#" or (char == "]" and depth == 0):
            break
        if fresh and not char.isspace():
            if count == n:
                return Pos(at.path, at.line, i + 2 if inside and char in "\"'" else i + 1)
            fresh = False
        if char in "\"'":
            i += 1
            while i < len(line) and line[i] != char:
                i += 2 if char == '"' and line[i] == "\\" else 1
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            count, fresh = count + 1, True
        i += 1
    return at


def duration(text: str, at: Pos) -> timedelta:
    """A duration phrase; its mistakes are planner.toml's, so ConfigErrors."""
    from ..phrases import parse_duration

    try:
        return parse_duration(text, at)
    except PhraseError as exc:
        raise ConfigError(exc.message, exc.pos or at, exc.hint) from None


def _plain_on_line(src: TomlSource, start: Pos, value: str) -> bool:
    """Whether ``value`` is written as is from ``start`` (no escapes, not over lines)."""
    if not start.line or "\n" in value:
        return False
    line = src.lines[start.line - 1]
    return line[start.col - 1 : start.col - 1 + len(value)] == value
