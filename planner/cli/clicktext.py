"""click's own messages ("Usage:", "Missing argument", "No such option", "Error: Invalid value
for …") in the language the command speaks.

click translates them with the standard library's ``gettext``, bound in each of its modules
as ``_`` and ``ngettext`` when they are imported: that reads the process's global domain and
the LANGUAGE variable, not the language a command chose (``--lang``, the workspace's locale).
``install`` binds those names to planner.i18n's instead, so that click's messages come from our
catalogue in the current language; the messages click can give this command line are marked
here for it (their msgids are click's, word for word). English needs no catalogue: a message
missing from it, or the English one, reads as click writes it.
"""

from __future__ import annotations

from types import ModuleType

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from .. import i18n
from ..i18n import N_, ngettext

_MODULES: tuple[ModuleType, ...] = (
    click.core,
    click.decorators,
    click.exceptions,
    click.formatting,
    click.parser,
    click.termui,
    click.types,
)

# click's messages that this command line can give, for the catalogue.
MESSAGES = (
    N_("Aborted!"),
    N_("Missing command."),
    N_("Positional arguments"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."),
    N_("Could not open file {filename!r}: {message}"),
    N_("Usage:"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("default: {default}"),
    N_("required"),
)


def _plurals() -> None:
    """click's plural messages, for the catalogue (never called: click asks for them)."""
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)
    ngettext(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1
    )
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1)


class PathType(click.Path):
    """click.Path whose kind ("file", "directory") is said in the current language: click
    translates it once, when the option is made, before any command chose a language."""

    @property
    def name(self) -> str:
        return i18n.gettext(self._kind)

    @name.setter
    def name(self, value: str) -> None:
        self._kind = value


def install() -> None:
    """click's modules translate through planner.i18n from now on (see the module's doc)."""
    for module in _MODULES:
        names = vars(module)
        if "_" in names:
            names["_"] = i18n.gettext
        if "ngettext" in names:
            names["ngettext"] = i18n.ngettext
