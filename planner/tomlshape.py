"""A look at the shape of a TOML text before tomllib parses it, so that any file is parsed in
bounded time and memory.

tomllib recurses once per level of nested lists and inline tables (``x = [[[…]]]`` 500 deep
in a 1 KB file ends in a RecursionError) and spends time and memory quadratic in the number of
parts of a dotted key (``a.a.….a = 1`` with 12,000 parts: 6 s and 600 MB, under the 1 MB file
limit). No real file comes near either: a rule file nests two levels (``offer = { … }``) and
its keys have one or two parts; nor does it write a number of more than a hundred digits (past
4,300, Python refuses to convert it: a ValueError, not a syntax error). This scan reads the
text once, outside strings and comments, and refuses a deeper nesting, a longer key or a longer
number at the place it starts; tomllib reports every other mistake.
"""

from __future__ import annotations

import re

from .errors import Pos, UserError
from .i18n import _

MAX_NESTING = 32  # lists and inline tables inside one another
MAX_KEY_PARTS = 32  # parts of one dotted key, or of a [table] header's name
# Digits of one number: tomllib converts any length, and Python refuses (a ValueError, not a
# syntax error) past 4,300; no setting needs more than a few.
MAX_DIGITS = 100

_KEY, _VALUE, _HEADER = 0, 1, 2
# What the scan stops at; the rest (words, numbers, spaces) it passes over in C.
_SPECIAL = re.compile(rf"[\n#\"'\[\]{{}},.=]|[0-9][0-9_]{{{MAX_DIGITS},}}")
_BLANK = re.compile(r"[ \t\r\n]*")
_STOPS = {'"': re.compile(r'["\n]'), "'": re.compile(r"['\n]")}


def check_shape(text: str, where: str, error: type[UserError]) -> None:
    """Raise ``error`` at the first list or inline table nested more than MAX_NESTING deep,
    the first key of more than MAX_KEY_PARTS parts or the first number of more than MAX_DIGITS
    digits; otherwise return. Linear in the text."""
    opened: list[int] = []  # where each open list or inline table starts
    tables: list[bool] = []  # whether each is an inline table
    mode, dots, key_from = _KEY, 0, 0
    i = 0
    while (found := _SPECIAL.search(text, i)) is not None:
        i = found.start()
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if char in "\"'":
            i = _string_end(text, i)
            continue
        if found.end() - i > 1:
            raise error(
                _("invalid TOML: a number of more than {count} digits").format(count=MAX_DIGITS),
                _pos(text, i, where),
                _("no setting takes a number this long: look for a run of digits here"),
            )
        if char == "\n":
            if not opened:  # a new line at the top starts a new statement
                mode, dots, key_from = _KEY, 0, i + 1
        elif mode == _VALUE:
            if char in "[{":
                opened.append(i)
                tables.append(char == "{")
                if len(opened) > MAX_NESTING:
                    raise error(
                        _("invalid TOML: lists and tables nested more than {count} deep").format(
                            count=MAX_NESTING
                        ),
                        _pos(text, i, where),
                        _(
                            "a rule file nests one or two levels, e.g. offer = { discount = "
                            '"30 %" }; look for a run of [ or { here'
                        ),
                    )
                if char == "{":
                    mode, dots, key_from = _KEY, 0, i + 1
            elif char in "]}" and opened:
                opened.pop()
                tables.pop()
            elif char == "," and tables and tables[-1]:
                mode, dots, key_from = _KEY, 0, i + 1
        elif char == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                start = _BLANK.match(text, key_from)
                raise error(
                    _("invalid TOML: a key of more than {count} parts joined by dots").format(
                        count=MAX_KEY_PARTS
                    ),
                    _pos(text, start.end() if start else key_from, where),
                    _(
                        "a key is a word, or a few joined by dots (offer.discount = …): "
                        "look for a run of dots here"
                    ),
                )
        elif char == "=" and mode == _KEY:
            mode = _VALUE
        elif char == "[" and mode == _KEY and not opened:
            mode, key_from = _HEADER, i
            if text.startswith("[[", i):
                i += 1
        elif char == "]" and mode == _HEADER:
            mode = _VALUE  # what follows a header is its closing bracket or nothing
        elif char == "}" and mode == _KEY and opened:
            opened.pop()  # an empty inline table, or a trailing comma tomllib will refuse
            tables.pop()
            mode = _VALUE
        i += 1


def _string_end(text: str, i: int) -> int:
    """The index just past the string that opens at ``i`` (for a one-line string that is never
    closed, the end of its line: tomllib says what is wrong with it)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        i += 3
        while True:
            end = text.find(quote * 3, i)
            if end < 0:
                return len(text)
            if quote == "'" or not _escaped(text, end):
                end += 3
                for _ in range(2):  # up to two more quotes end the content: """a"""""
                    if text.startswith(quote, end):
                        end += 1
                return end
            i = end + 1
    stops = _STOPS[quote]
    i += 1
    while (stop := stops.search(text, i)) is not None:
        at = stop.start()
        if text[at] == "\n":
            return at
        if quote == "'" or not _escaped(text, at):
            return at + 1
        i = at + 1
    return len(text)


def _escaped(text: str, i: int) -> bool:
    """Whether the character at ``i`` follows an odd number of backslashes."""
    before = i
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (i - before) % 2 == 1


def _pos(text: str, index: int, where: str) -> Pos:
    line_start = text.rfind("\n", 0, index) + 1
    return Pos(where, text.count("\n", 0, index) + 1, index - line_start + 1)
