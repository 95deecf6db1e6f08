"""The dialogue of `planner new NAME --ask`: each stage's "When?" and "How?", asked in the
workspace's language and said back as they are typed.

On a terminal the answers are typed in a line editor (prompt_toolkit) whose bottom line shows
what the answer means so far ("début mai → du 1er au 10 mai 2027") and which refuses, at its
column, an answer that means nothing; piped in, one answer a line, each said back or refused
the same way, so that a script or a test gets the same questions and the same file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import click

from ..errors import UserError, frame
from ..i18n import _
from . import EXIT_USER
from .feedback import feedback

if TYPE_CHECKING:
    from ..controllers.asking import Interview

EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C
Check = Callable[[str], str]  # an answer -> what it means, said back; raises UserError


class Stopped(Exception):
    """The user ended the dialogue: Ctrl-C (``interrupted``), Ctrl-D, or the piped answers
    ran out."""

    def __init__(self, interrupted: bool = False) -> None:
        super().__init__()
        self.interrupted = interrupted


@dataclass(slots=True)
class Lines:
    """Answers piped in, one a line: each echoed after its question, said back or refused."""

    def ask(self, question: str, check: Check, preview: Check | None = None) -> tuple[str, str]:
        while True:
            line = sys.stdin.readline()
            if not line:
                raise Stopped
            answer = line.rstrip("\r\n")
            click.echo(f"{question} {answer}")
            try:
                return answer, check(answer)
            except UserError as exc:
                click.echo(_refusal(question, exc))


@dataclass(slots=True)
class Terminal:
    """Answers typed on a terminal, in a line editor that shows what they mean as typed."""

    said: dict[tuple[str, str], str] = field(default_factory=dict)

    def ask(self, question: str, check: Check, preview: Check | None = None) -> tuple[str, str]:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.validation import ValidationError, Validator

        seen = preview or check
        session: PromptSession[str] = PromptSession()

        def meaning() -> str:
            text = session.default_buffer.text
            if not text.strip():
                return ""
            key = (question, text)
            if key not in self.said:
                try:
                    self.said[key] = f" \u2192 {seen(text)}"
                except UserError as exc:
                    self.said[key] = " \u2717 " + exc.message
            return self.said[key]

        class Checked(Validator):
            def validate(self, document: object) -> None:
                text = str(getattr(document, "text", ""))
                try:
                    check(text)
                except UserError as exc:
                    message = exc.message + (f" \u2014 {exc.hint}" if exc.hint else "")
                    # The cursor stays where the user types: the message says what is wrong.
                    raise ValidationError(cursor_position=len(text), message=message) from None

        try:
            answer = session.prompt(
                question + " ",
                bottom_toolbar=meaning,
                validator=Checked(),
                validate_while_typing=False,
            )
        except KeyboardInterrupt:
            raise Stopped(interrupted=True) from None
        except EOFError:
            raise Stopped from None
        return answer, check(answer)


def _refusal(question: str, exc: UserError) -> str:
    """An answer refused, its column marked under it as typed after the question."""
    col = exc.pos.col if exc.pos is not None and exc.pos.col else 1
    caret = " " * (len(question) + col) + "^"
    said = frame(None, "error", exc.message, exc.hint)
    return caret + "\n" + "\n".join("  " + line for line in said.splitlines())


def converse(ctx: click.Context, interview: Interview, force: bool = False) -> None:
    """Ask, stage by stage, then write the rule file; nothing is written when stopped."""
    fb = feedback(ctx)
    io = Terminal() if sys.stdin.isatty() and sys.stdout.isatty() else Lines()
    fb.say(
        _("new campaign {name}: for each stage of the customer journey, when and how").format(
            name=interview.name
        )
    )
    fb.say(_('leave "When?" empty to skip a stage; Ctrl-C stops without writing anything'))
    try:
        _answer, said = io.ask(
            _("For which occasion? (a named event, a day, or nothing)"), interview.occasion
        )
        click.echo(f"  \u2192 {said}")
        if interview.anchor_day is not None:  # a cycle counts back from a day
            _answer, said = io.ask(
                _("How long do your customers take to choose? (e.g. 3 weeks, or nothing)"),
                interview.cycle,
            )
            click.echo(f"  \u2192 {said}")
        for number, stage in enumerate(interview.stages, 1):
            click.echo(f"{number}. {stage.name[:1].upper()}{stage.name[1:]}")
            when, said = io.ask(_("When?"), _skippable(partial(interview.when, stage.key)))
            click.echo(f"  \u2192 {said}")
            if not when.strip():
                continue
            how = partial(interview.how, stage.key, when)
            text, said = io.ask(_("How?"), how, preview=interview.channels)
            click.echo(f"  \u2192 {said}")
            interview.add(stage.key, when, text)
    except Stopped as stop:
        click.echo()
        fb.warn(_("stopped: nothing written"))
        ctx.exit(EXIT_INTERRUPTED if stop.interrupted else EXIT_USER)
    done = interview.finish(force=force)
    for warning in done.warnings:
        fb.warn(frame(None, "warning", warning.message, warning.hint))
    assert done.path is not None
    from . import _shown

    fb.say(
        _('created {path}: campaign "{name}"').format(path=_shown(done.path), name=interview.name)
    )
    fb.say(_("see its calendar with: planner plan {name}").format(name=done.path.stem))


def _skippable(check: Check) -> Check:
    def checked(text: str) -> str:
        return check(text) if text.strip() else _("skipped")

    return checked
