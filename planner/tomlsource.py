"""Reading a user's TOML file so that every later error can point at ``path:line:col``.

tomllib gives values but no positions, so a light scanner records where each key of each table
starts (``[campaign]``, the n-th ``[[step]]``, dotted and inline keys are approximated by their
line). Decoding and syntax errors become positioned :class:`RuleError`s here, once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Pos, RuleError, UserError

MAX_BYTES = 1_000_000  # a rule file is a page of text; anything this big is a mistake

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*=\s*")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_EOF = re.compile(r"\(at end of document\)")


@dataclass(slots=True)
class TomlSource:
    """A parsed TOML document with the positions of its keys."""

    path: str
    data: dict[str, Any]
    text: str
    # (table, index, key) -> (line, key column, value column); index is the [[array]] number
    # (0-based) or -1 for a plain table; key "" is the table header itself.
    keys: dict[tuple[str, int, str], tuple[int, int, int]] = field(default_factory=dict)

    def pos(self, table: str, key: str = "", index: int = -1, *, value: bool = True) -> Pos:
        """Where ``key`` of ``table`` is (its value if ``value``), else the table, else the file."""
        found = self.keys.get((table, index, key))
        if found is not None:
            line, kcol, vcol = found
            return Pos(self.path, line, vcol if value else kcol)
        header = self.keys.get((table, index, ""))
        if header is not None:
            return Pos(self.path, header[0], header[1])
        return Pos(self.path, 1, 1) if self.text else Pos(self.path)

    def string_pos(self, table: str, key: str, index: int = -1) -> Pos:
        """Where the first character *inside* a string value is, for phrase errors."""
        pos = self.pos(table, key, index)
        line = self.text.splitlines()[pos.line - 1] if pos.line else ""
        quote = line[pos.col - 1 : pos.col + 2] if pos.col else ""
        if quote.startswith(('"""', "'''")):
            return pos.shifted(3)
        if quote[:1] in ('"', "'"):
            return pos.shifted(1)
        return pos


def _scan(text: str) -> dict[tuple[str, int, str], tuple[int, int, int]]:
    keys: dict[tuple[str, int, str], tuple[int, int, int]] = {}
    arrays: dict[str, int] = {}
    table, index = "", -1
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline is not None:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header:
            table = header.group(2).strip().strip("\"'")
            if header.group(1) == "[[":
                arrays[table] = arrays.get(table, -1) + 1
                index = arrays[table]
            else:
                index = arrays.get(table.split(".")[0], -1) if "." in table else -1
            keys.setdefault((table, index, ""), (number, line.index("[") + 1, line.index("[") + 1))
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(2).strip("\"'")
            kcol = len(key.group(1)) + 1
            vcol = key.end() + 1
            keys.setdefault((table, index, name), (number, kcol, vcol))
            rest = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest.startswith(quote) and rest.count(quote) == 1:
                    in_multiline = quote
    return keys


def read_toml(
    path: Path, shown: str | None = None, error: type[UserError] = RuleError
) -> TomlSource:
    """Read and parse ``path``; every failure is a positioned ``error`` with a hint."""
    where = shown or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", Pos(where), "check the path or the file name") from None
    except IsADirectoryError:
        raise error("is a folder, not a file", Pos(where), "give a .toml file") from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", Pos(where)) from None
    if len(raw) > MAX_BYTES:
        raise error(
            f"file is too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})",
            Pos(where),
            "a rule file holds one campaign; split big plans into several files",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise error(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            Pos(where, line, col),
            "save the file as UTF-8 (most editors: File › Save with encoding › UTF-8)",
        ) from None
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, where, error) from None
    return TomlSource(where, data, text, _scan(text))


def _syntax_error(
    exc: tomllib.TOMLDecodeError, text: str, where: str, error: type[UserError]
) -> UserError:
    message = str(exc)
    at = _TOML_AT.search(message)
    if at:
        line, col = int(at.group(1)), int(at.group(2))
    elif _TOML_EOF.search(message):
        lines = text.splitlines() or [""]
        line, col = len(lines), len(lines[-1]) + 1
    else:
        line, col = 1, 1
    reason = _TOML_AT.sub("", _TOML_EOF.sub("", message)).strip()
    hint = 'TOML strings need quotes, e.g. when = "mi-janvier"'
    if "duplicate" in reason.lower() or "overwrite" in reason.lower():
        hint = "each key may appear once per table; use [[step]] to start a new step"
    elif "array of tables" in reason.lower() or "table" in reason.lower():
        hint = "a table header is written [campaign]; each step starts with [[step]]"
    return error(f"invalid TOML: {reason[:1].lower()}{reason[1:]}", Pos(where, line, col), hint)
