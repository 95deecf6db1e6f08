"""Names a user gives that become paths (a rule file on the command line, an output file, a
channel's template, a closures file, a hook's log file, the store), checked before the file
system sees them: a name it refuses (a part longer than 255 bytes, a NUL character) is then a
positioned error, not an OSError or a ValueError from deep inside a command."""

from __future__ import annotations

import os
from pathlib import PurePath

from . import i18n
from .errors import ConfigError, Pos, UserError
from .i18n import _

NAME_MAX = 255  # bytes of one part of a path: Linux, macOS and Windows refuse more
PATH_MAX = 4096  # bytes of a whole path (Linux's limit, the largest of the three)


def path_problem(name: str | os.PathLike[str]) -> str | None:
    """Why ``name`` cannot name a file, or None."""
    text = os.fspath(name)
    if "\0" in text:
        return _("it holds a NUL character")
    size = len(os.fsencode(text))
    if size >= PATH_MAX:
        return _("it is {size} bytes long, more than a path may be ({most})").format(
            size=i18n.number(size), most=i18n.number(PATH_MAX - 1)
        )
    longest = max((len(os.fsencode(part)) for part in PurePath(text).parts), default=0)
    if longest > NAME_MAX:
        return _("a part of it is {size} bytes long, more than a file name may be ({most})").format(
            size=i18n.number(longest), most=NAME_MAX
        )
    return None


def check_path(
    name: str | os.PathLike[str],
    pos: Pos | None,
    what: str,
    error: type[UserError] = ConfigError,
) -> None:
    """Raise ``error`` at ``pos`` when ``name`` (``what``, for the message) cannot name a file."""
    problem = path_problem(name)
    if problem is not None:
        hint = _("remove it") if "\0" in os.fspath(name) else _("choose a shorter name")
        raise error(
            _("{what} is not a name the file system takes: {problem}").format(
                what=what, problem=problem
            ),
            pos,
            hint,
        )
