"""Reading a user's TOML file so that every later error can point at ``path:line:col``.

tomllib gives values but no positions, so a light scanner records where each key of each table
starts (``[campaign]``, the n-th ``[[step]]``, dotted and inline keys are approximated by their
line). Decoding and syntax errors become positioned :class:`RuleError`s here, once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import i18n
from .errors import Pos, RuleError, UserError, quoted
from .i18n import N_, _
from .tomlshape import check_shape

MAX_BYTES = 1_000_000  # a rule file is a page of text; anything this big is a mistake

# Possessive: a lazy name followed by optional spaces took time quadratic in a long line.
_HEADER = re.compile(r"^\s*+(\[\[?+)\s*+([A-Za-z0-9_.\-\"' ]++)\]\]?\s*(?:#.*)?$")
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
    _lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

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
        line = self.lines[pos.line - 1] if pos.line else ""
        quote = line[pos.col - 1 : pos.col + 2] if pos.col else ""
        if quote.startswith(('"""', "'''")):
            if not line[pos.col + 2 :].strip():  # TOML drops a newline right after the quotes
                return Pos(self.path, pos.line + 1, 1)
            return pos.shifted(3)
        if quote[:1] in ('"', "'"):
            return pos.shifted(1)
        return pos


def _walk(text: str) -> Iterator[tuple[int, str, int, str, int, int]]:
    """(line, table, index, key, key column, value column) for each header and key line;
    a header has key "" and both columns at its '['."""
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
            bracket = line.index("[") + 1
            yield number, table, index, "", bracket, bracket
            continue
        key = _KEY.match(line)
        if key:
            yield (
                number,
                table,
                index,
                key.group(2).strip("\"'"),
                len(key.group(1)) + 1,
                key.end() + 1,
            )
            rest = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest.startswith(quote) and rest.count(quote) == 1:
                    in_multiline = quote


def _scan(text: str) -> dict[tuple[str, int, str], tuple[int, int, int]]:
    keys: dict[tuple[str, int, str], tuple[int, int, int]] = {}
    for number, table, index, key, kcol, vcol in _walk(text):
        keys.setdefault((table, index, key), (number, kcol, vcol))
    return keys


def read_toml(
    path: Path, shown: str | None = None, error: type[UserError] = RuleError
) -> TomlSource:
    """Read and parse ``path``; every failure is a positioned ``error`` with a hint."""
    where = shown or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(_("no such file"), Pos(where), _("check the path or the file name")) from None
    except IsADirectoryError:
        raise error(_("is a folder, not a file"), Pos(where), _("give a .toml file")) from None
    except OSError as exc:
        # The system's reason, in the system's language.
        raise error(_("cannot read: {reason}").format(reason=exc.strerror), Pos(where)) from None
    if len(raw) > MAX_BYTES:
        raise error(
            _("file is too large ({size} bytes; the limit is {limit})").format(
                size=i18n.number(len(raw)), limit=i18n.number(MAX_BYTES)
            ),
            Pos(where),
            _("a rule file holds one campaign; split big plans into several files"),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as everywhere else: what precedes the bad byte on its line
        # is valid UTF-8 (decoding stopped at the first error), minus a BOM on the first line.
        start = before[before.rfind(b"\n") + 1 :].decode("utf-8").removeprefix("\ufeff")
        col = len(start) + 1
        raise error(
            _("not valid UTF-8 (byte {byte})").format(byte=f"0x{raw[exc.start]:02x}"),
            Pos(where, line, col),
            _("save the file as UTF-8 (most editors: File › Save with encoding › UTF-8)"),
        ) from None
    text = text.removeprefix("\ufeff")
    check_shape(text, where, error)  # before tomllib, which recurses and can take long
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, where, error) from None
    return TomlSource(where, data, text, _scan(text))


def _syntax_error(
    exc: tomllib.TOMLDecodeError, text: str, where: str, error: type[UserError]
) -> UserError:
    message = str(exc)
    lines = text.splitlines() or [""]
    at = _TOML_AT.search(message)
    if at:
        line, col = int(at.group(1)), int(at.group(2))
    elif _TOML_EOF.search(message):
        line, col = len(lines), len(lines[-1]) + 1
    else:
        line, col = 1, 1
    reason = _TOML_AT.sub("", _TOML_EOF.sub("", message)).strip()
    lower = reason.lower()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    key = _KEY.match(current)
    header = _HEADER.match(current)
    said = _(lower) if lower in _REASONS else f"{lower[:1]}{reason[1:]}"
    message, hint = _("invalid TOML: {reason}").format(reason=said), _(_QUOTES)

    if lower == "illegal character '\\n'" or lower == "unterminated string":
        # tomllib stops where the line or the file ends; the user needs the opening quote.
        opened = _open_string(text)
        if opened is not None and opened[0] <= line:
            line, col = opened
        message = _("invalid TOML: this string is never closed")
        hint = _('end a string with the quote it starts with: "…" on one line, """…""" for several')
    elif lower == "cannot overwrite a value" and key is not None:
        name = key.group(2).strip("\"'")
        first = _first_line(text, line, name)
        message = _("invalid TOML: {key} is set twice in the same table").format(key=quoted(name))
        col = len(key.group(1)) + 1
        hint = (
            _(
                "it is already set on line {line}; each key may appear once per table; use "
                "[[step]] to start a new step"
            ).format(line=first)
            if first
            else _("each key may appear once per table; use [[step]] to start a new step")
        )
    elif (lower == "cannot overwrite a value" or lower.startswith("cannot declare")) and header:
        name = header.group(2).strip()
        col = current.index("[") + 1
        if header.group(1) == "[[":
            message = _(
                "invalid TOML: {tables} clashes with an earlier {table} or {name} = …"
            ).format(tables=f"[[{name}]]", table=f"[{name}]", name=name)
            hint = _("write every {name} as {tables}, with two brackets").format(
                name=name, tables=f"[[{name}]]"
            )
        else:
            message = _("invalid TOML: {table} is declared twice").format(table=f"[{name}]")
            hint = _(
                "keep one {table} table; each step is a table of its own, written [[step]]"
            ).format(table=f"[{name}]")
    elif lower.startswith("duplicate inline table key"):
        name = lower.removeprefix("duplicate inline table key").strip(" '\"")
        message = _("invalid TOML: duplicate inline table key {key}").format(key=quoted(name))
        # tomllib stops after the value; the second time the key is written is what to fix.
        found = [m.start() for m in re.finditer(rf"\b{re.escape(name)}\s*=", current)]
        if len(found) > 1:
            col = found[1] + 1
        hint = _("each key may appear once in { … }")
    elif lower.startswith("expected ']"):
        hint = _("a table header is written [campaign]; each step starts with [[step]]")
    elif lower == "invalid statement" and current.lstrip().startswith("="):
        col = len(current) - len(current.lstrip()) + 1
        message = _("invalid TOML: a value with no key")
        hint = _('write the key before "=", e.g. when = "mi-janvier"')
    elif lower == "invalid statement":
        hint = _("each line is a key = value pair, a [table] header or a # comment")
    elif lower.startswith("expected '=' after a key"):
        message = _("invalid TOML: expected '=' after the key")
        hint = _('write key = value, e.g. when = "mi-janvier"')
    elif lower == "invalid value" and key is not None and not current[key.end() :].strip():
        message = _("invalid TOML: {key} has no value").format(
            key=key.group(2).strip(chr(34) + chr(39))
        )
        hint = _('write a value after "=", e.g. when = "mi-janvier"')
    elif lower == "invalid value" and current[col - 1 : col].isalpha():
        message = _("invalid TOML: text must be written in quotes")
    elif lower == "unclosed array":
        opened = _open_array(lines, line)
        if opened is not None:
            line, col = opened
        message = _("invalid TOML: this list is never closed with ']'")
        hint = _('close it, e.g. channels = ["instagram", "email"]')
    elif lower == "unclosed inline table":
        hint = _('an inline table stays on one line, e.g. offer = { discount = "30 %" }')
    elif lower.startswith("expected newline or end of document"):
        message = _("invalid TOML: unexpected text after the value")
        hint = _("put each key = value pair on a line of its own")
    elif lower == "invalid date or datetime":
        message = _("invalid TOML: not a valid date")
        hint = _('write dates as text in quotes, e.g. anchor = "2027-02-14"')
    elif lower.startswith("unescaped '\\'"):
        hint = _("write \\\\ for a backslash, or use 'single quotes'")
    return error(message, Pos(where, line, col), hint)


_QUOTES = N_('TOML strings need quotes, e.g. when = "mi-janvier"')
# tomllib's reasons that name nothing, lower-cased as messages show them: for the catalogue.
_REASONS = frozenset(
    (
        N_("cannot overwrite a value"),
        N_("escaped character is not a Unicode scalar value"),
        N_("expected ']' at the end of a table declaration"),
        N_("expected ']]' at the end of an array declaration"),
        N_("invalid hex value"),
        N_("invalid initial character for a key part"),
        N_("invalid statement"),
        N_("invalid value"),
        N_("unclosed array"),
        N_("unclosed inline table"),
    )
)


def _first_line(text: str, line: int, key: str) -> int | None:
    """The line where ``key`` was first set in the table that ``line`` belongs to."""
    seen: dict[tuple[str, int, str], int] = {}
    for number, table, index, name, _key, _value in _walk(text):
        if number == line:
            return seen.get((table, index, key))
        seen.setdefault((table, index, name), number)
    return None


def _open_string(text: str) -> tuple[int, int] | None:
    """(line, column) of the first string that is never closed, else None."""
    line, col, i = 1, 1, 0
    opened: tuple[int, int, str] | None = None
    while i < len(text):
        char = text[i]
        if opened is None:
            if char == "#":
                while i < len(text) and text[i] != "\n":
                    i += 1
                continue
            if char in "\"'":
                delim = char * 3 if text.startswith(char * 3, i) else char
                opened = (line, col, delim)
                i, col = i + len(delim), col + len(delim)
                continue
        else:
            delim = opened[2]
            if char == "\\" and delim[0] == '"' and text[i + 1 : i + 2] not in ("", "\n"):
                i, col = i + 2, col + 2  # an escaped character never closes the string
                continue
            if text.startswith(delim, i):
                opened = None
                i, col = i + len(delim), col + len(delim)
                continue
            if char == "\n" and len(delim) == 1:
                return opened[0], opened[1]
        if char == "\n":
            line, col = line + 1, 1
        else:
            col += 1
        i += 1
    return (opened[0], opened[1]) if opened is not None else None


def _open_array(lines: list[str], line: int) -> tuple[int, int] | None:
    """(line, column) of the '[' of the last key before ``line`` whose value is a list."""
    for number in range(min(line, len(lines)), 0, -1):
        key = _KEY.match(lines[number - 1])
        if key and lines[number - 1][key.end() :].startswith("["):
            return number, key.end() + 1
    return None
