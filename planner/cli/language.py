"""Which language a command speaks, and its --help in that language.

The rule (DESIGN.md, "Languages"): ``--lang``, else ``PLANNER_LANG``, else the workspace's
``[shop] locale`` (a campaign's own locale for what concerns that campaign, see
planner.i18n.for_campaign), else the system's locale when there is no planner.toml, else
English. The language is chosen twice: before the options are processed, from a lenient
reading of planner.toml (so that option errors and ``--help`` are in it already), then from
the workspace the command opens (a rule file named by its path may bring its own).
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from .. import i18n
from ..i18n import N_, _

ENV = "PLANNER_LANG"
_META = "planner.language"  # ctx.meta key: the --lang given, if any

HELP = N_(
    "The language of messages, reports and help: en or fr. Default: PLANNER_LANG, else the "
    "workspace's locale, else the system's."
)


LANG = click.option("--lang", metavar="en|fr", help=HELP)


def choose_early(ctx: click.Context, lang: object, workspace: object) -> None:
    """The language before anything is processed: from the raw --lang and --workspace, the
    environment and a lenient reading of planner.toml."""
    from ..workspace import declared_locale

    option = lang if isinstance(lang, str) else None
    ctx.meta[_META] = option
    root = Path(workspace) if isinstance(workspace, str) and workspace else None
    _speak(option, os.environ, declared_locale(root, Path.cwd()))


def settle(ctx: click.Context, settings: Any) -> None:
    """The language of the workspace the command opened: its locale when it has a
    planner.toml, else the system's."""
    option = ctx.meta.get(_META)
    _speak(option, os.environ, settings.locale if settings.source else None)


def speak_as(locale: str | None) -> None:
    """Speak the language of a workspace known by its locale alone: ``init`` speaks the one
    it makes (or finds already there), as every other command speaks the one it opens."""
    if i18n.language_of(locale) is not None:
        option = click.get_current_context().meta.get(_META)
        _speak(option, os.environ, locale)


def check_choice(option: str | None) -> None:
    """--lang and PLANNER_LANG must name a language Parcours speaks: a typo is said, not
    ignored (checked once the command runs, so that it is said as every other error)."""
    from ..errors import ConfigError, Pos, quoted

    for where, value in (("--lang", option), (ENV, os.environ.get(ENV))):
        if value and i18n.language_of(value) is None:
            raise ConfigError(
                _("unknown language {language}").format(language=quoted(value)),
                Pos(where),
                _('Parcours speaks English and French: use "en" or "fr"'),
            )


def _speak(option: str | None, environ: Mapping[str, str], workspace: str | None) -> None:
    env = environ.get(ENV)
    language = i18n.language_for(
        option=option, env=env, workspace=workspace, system=i18n.system_language(environ)
    )
    i18n.use(language, chosen=i18n.is_chosen(option=option, env=env))


class _Formatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        # French puts a no-break space before the colon.
        said = _("{heading}:").format(heading=heading)
        self.write(f"{'':>{self.current_indent}}{said}\n")


class _Context(click.Context):
    formatter_class = _Formatter


class Translated(click.Command):
    """A command whose --help is given in the current language: its help text and its
    options' are msgids (marked with N_ where they are written), translated when shown."""

    context_class = _Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click makes it once per command, its help through gettext: kept as the msgid, so
        # that each --help translates it in its own language (format_options).
        with i18n.speaking(i18n.SOURCE):
            return super().get_help_option(ctx)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage: "))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = _help(self.help)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None and isinstance(param, click.Option):
                rows.append((record[0], _option_help(param, record[1])))
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return _(inspect.cleandoc(self.short_help)).strip()
        text = _help(self.help)
        return _short(text, limit)


class TranslatedGroup(Translated, click.Group):
    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        Translated.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _c in commands)
            rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


_DEFAULT = re.compile(r"\[default: ([^\]]*)\]$")

# click's own help texts, for the catalogue.
_CLICKS = (
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Example:"),
)


def _help(text: str | None) -> str:
    """A command's help in the current language. A closing ``\b`` block (an example command
    line, kept as written) is not part of the message: only its "Example:" is translated."""
    if not text:
        return ""
    body, block, example = inspect.cleandoc(text).partition("\f")[0].partition(EXAMPLE)
    if block:
        block = block.replace("Example:", _("Example:"))
    return _(body) + block + example


# The closing block of a help that shows an example command line as written (see _help).
EXAMPLE = "\n\n\b\nExample:\n"


def _short(text: str, limit: int) -> str:
    """The first sentence of ``text``, shortened to ``limit`` with "...": click's own way
    (its helper is private), applied to the translated text."""
    import textwrap

    words = text.partition("\n\n")[0].split()
    if words and words[0] == "\b":
        words = words[1:]
    for i, word in enumerate(words):
        # A period before a lowercase word is an abbreviation's ("vs."), not a sentence's end.
        if word.endswith(".") and (i == len(words) - 1 or not words[i + 1][0].islower()):
            words = words[: i + 1]
            break
    short = " ".join(words)
    if len(short) <= limit:
        return short
    return textwrap.shorten(short, max(limit, 3), placeholder="...", break_on_hyphens=False)


def _option_help(param: click.Option, text: str) -> str:
    """The help of an option in the current language, with click's ``[default: …]``."""
    own = param.help or ""
    if own and text.startswith(own):
        text = _(own) + text[len(own) :]
    return _DEFAULT.sub(lambda m: "[" + _("default: {value}").format(value=m[1]) + "]", text)
