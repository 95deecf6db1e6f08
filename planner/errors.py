"""One exception hierarchy for the whole library.

The CLI turns :class:`UserError` into ``path:line:col: error: message`` plus a hint and exit
code 2; anything else that escapes is an internal failure (exit 1). Errors carry their data
(``pos``, ``hint`` and per-class fields) so that callers need not parse messages.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import overload

from . import i18n
from .i18n import _


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a user's file: 1-based line and column; ``line == 0`` means "the file"."""

    path: str
    line: int = 0
    col: int = 0

    def shifted(self, offset: int) -> Pos:
        """The position ``offset`` characters further along the same line."""
        return Pos(self.path, self.line, self.col + offset) if self.line else self

    def __str__(self) -> str:
        if not self.line:
            return self.path
        if not self.col:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


@overload
def did_you_mean(
    word: str, choices: Iterable[str], otherwise: str, *, cutoff: float = 0.6
) -> str: ...
@overload
def did_you_mean(
    word: str, choices: Iterable[str], otherwise: None = None, *, cutoff: float = 0.6
) -> str | None: ...
def did_you_mean(
    word: str, choices: Iterable[str], otherwise: str | None = None, *, cutoff: float = 0.6
) -> str | None:
    """The hint for ``word`` when it is not one of ``choices``: the nearest, else ``otherwise``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return _("did you mean '{word}'?").format(word=close[0]) if close else otherwise


def example(key: str, value: str) -> str:
    """A hint showing a line to write, ``e.g. name = "Instagram"``: the line stays TOML in
    every language, so that it can be copied."""
    return _("e.g. {key} = {value}").format(key=key, value=value)


def quoted(text: object) -> str:
    """A value the user gave, quoted in a message: as Python's repr in English (the messages
    have always shown it so), in « » in French; control characters shown escaped either way.
    What is not a text (a number, a list read from TOML) is shown as Python writes it."""
    if not isinstance(text, str) or i18n.language() == i18n.SOURCE:
        return repr(text)
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    # TRANSLATORS: the quotes around a value the user gave; French: « {text} » (no-break spaces).
    return _("'{text}'").format(text=shown)


def frame(where: object, level: str, message: str, hint: str | None) -> str:
    """What the command line prints for a finding: ``path:line:col: error: message`` and its
    hint, in the current language; the position is never translated, so that editors and
    scripts find it. ``level`` is "error" or "warning"."""
    head = f"{where}: " if where else ""
    said = _("warning: {message}") if level == "warning" else _("error: {message}")
    text = head + said.format(message=message)
    if hint:
        text += "\n  " + _("hint: {hint}").format(hint=hint)
    return text


class PlannerError(Exception):
    """Root of every error the library raises on purpose."""


class UserError(PlannerError):
    """Something the user wrote or asked for is wrong; they can fix it."""

    exit_code = 2

    def __init__(self, message: str, pos: Pos | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.hint = hint
        # Said in the language it was raised in: a campaign's error in the campaign's.
        self.language = i18n.language()

    def __str__(self) -> str:
        with i18n.speaking(getattr(self, "language", i18n.language())):
            return frame(self.pos, "error", self.message, self.hint)


class ConfigError(UserError):
    """planner.toml or a command-line option is wrong."""


class RuleError(UserError):
    """A campaign rule file is malformed: TOML syntax, a missing or unknown key, a bad value."""


class PhraseError(UserError):
    """A date phrase could not be understood or resolved.

    ``phrase`` is the whole text and ``offset`` the 0-based index of the offending token in it.
    """

    def __init__(
        self,
        message: str,
        pos: Pos | None = None,
        hint: str | None = None,
        *,
        phrase: str = "",
        offset: int = 0,
    ) -> None:
        super().__init__(message, pos, hint)
        self.phrase = phrase
        self.offset = offset


class EventError(UserError):
    """A named event is unknown, or has no date in the year asked for."""

    def __init__(
        self,
        message: str,
        pos: Pos | None = None,
        hint: str | None = None,
        *,
        event: str = "",
        country: str | None = None,
        year: int | None = None,
    ) -> None:
        super().__init__(message, pos, hint)
        self.event = event
        self.country = country
        self.year = year


class ChannelError(UserError):
    """A channel is unknown or its definition file is wrong."""


class TemplateError(UserError):
    """A content template failed to parse or render (including a sandbox refusal)."""


class PlacementError(UserError):
    """A step's window holds no slot that every constraint allows.

    ``step`` is the 1-based step index and ``constraint`` names what emptied the window.
    """

    def __init__(
        self,
        message: str,
        pos: Pos | None = None,
        hint: str | None = None,
        *,
        step: int = 0,
        constraint: str = "",
    ) -> None:
        super().__init__(message, pos, hint)
        self.step = step
        self.constraint = constraint


class CycleError(RuleError):
    """Steps refer to each other in a loop; ``steps`` lists their 1-based indexes."""

    def __init__(
        self, message: str, pos: Pos | None = None, hint: str | None = None, *, steps: list[int]
    ) -> None:
        super().__init__(message, pos, hint)
        self.steps = steps


class OutputError(UserError):
    """An output file cannot be written."""


class LimitError(UserError):
    """What was asked for needs more work than one of planner.toml's [limits] allows;
    ``limit`` is its key there ("occurrences", "items", …)."""

    def __init__(
        self, message: str, pos: Pos | None = None, hint: str | None = None, *, limit: str = ""
    ) -> None:
        super().__init__(message, pos, hint)
        self.limit = limit


def _rebuild(cls: type[UserError], args: tuple[object, ...], state: dict[str, object]) -> UserError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def _reduce(self: UserError) -> tuple[object, ...]:
    # Errors cross process boundaries (parallel export); the default pickling would call
    # __init__ with the message alone and lose the position, the hint and the error's data.
    return (_rebuild, (type(self), self.args, dict(self.__dict__)))


UserError.__reduce__ = _reduce  # type: ignore[method-assign,assignment]
