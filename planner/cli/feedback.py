"""What a command tells the user besides its output: messages, details and progress bars.

Every command finds one `Feedback` on the context (``feedback(ctx)``), set by the global options
``--quiet/-q`` and ``--verbose/-v``:

- ``say(text)``: a message reporting what was done ("wrote 120 events to plan.ics", a sync
  report). Shown by default on stdout (``err=True`` for stderr); hidden by ``--quiet``.
- ``warn(text)``: a warning about the user's rules or setup, on stderr. Shown even with
  ``--quiet``: a warning says something may be wrong, which a script wants to know too.
- ``detail(text)``: what a user debugging a setup wants (files read, store used, timings),
  on stderr, only with ``--verbose``.
- ``phase(name)``: a context manager timing a step; with ``--verbose`` it prints
  ``name: 0.42 s`` on stderr when the step ends (set ``.name`` on what it yields to say more
  once known, e.g. how many items).
- ``progress(total, label, unit="items")``: a context manager yielding ``advance(n: int)``,
  a plain callback to hand to the library (``progress: Callable[[int], None] | None``, see
  planner.progress): call it with the number of units just finished, an increment, not a
  running total. ``total=None`` when the amount is not known in advance (a count and a
  spinner instead of a bar). A bar is drawn on stderr only
  when stderr is a terminal (and TERM is not "dumb") and ``--quiet`` is not given; otherwise
  ``advance`` does nothing and nothing at all is written, so pipes and logs stay clean (pass
  ``advance if fb.bars else None`` to spare the library its counting then). The bar is
  redrawn at most ten times a second and erased when the block ends. ``relabel(label, total)``
  starts it again once the total is known; ``step(label)`` shows a last, uncounted step.

Errors are not reported here: they reach PlannerGroup.invoke as exceptions, and are always
shown. Only this package touches the terminal; the library just calls the callbacks.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

from .. import i18n
from ..i18n import _

QUIET, NORMAL, VERBOSE = 0, 1, 2

_REDRAW = 0.1  # seconds between two redraws of a bar: enough to look alive, cheap to draw
_SPIN = "|/-\\"
_ERASE = "\r\x1b[K"  # back to the start of the line, clear to its end


class Feedback:
    """The messages, details and progress bars of one command run (see the module's doc)."""

    def __init__(
        self,
        level: int = NORMAL,
        *,
        err: TextIO | None = None,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.level = level
        self._err = err
        self._tty = tty
        self._clock = clock
        self._bar: _Bar | None = None
        self._said: set[str] = set()

    @property
    def quiet(self) -> bool:
        return self.level <= QUIET

    @property
    def verbose(self) -> bool:
        return self.level >= VERBOSE

    @property
    def err(self) -> TextIO:
        return self._err or sys.stderr

    @property
    def bars(self) -> bool:
        """Whether progress is drawn: stderr is a terminal that understands it, not quiet."""
        if self.quiet:
            return False
        if self._tty is not None:
            return self._tty
        if os.environ.get("TERM") == "dumb":
            return False
        try:
            return self.err.isatty()
        except (AttributeError, ValueError):  # a closed or odd stream
            return False

    def say(self, message: str, *, err: bool = False, nl: bool = True) -> None:
        if self.quiet:
            return
        self._clear()
        click.echo(message, err=err, nl=nl, file=self.err if err else None)

    def warn(self, message: str) -> None:
        self._clear()
        click.echo(message, file=self.err)

    def detail(self, message: str, *, once: bool = False) -> None:
        """``once``: not again if already shown (the workspace, opened by several steps)."""
        if not self.verbose or (once and message in self._said):
            return
        self._said.add(message)
        self._clear()
        click.echo(message, file=self.err)

    @contextmanager
    def phase(self, name: str) -> Iterator[Phase]:
        step = Phase(name)
        began = self._clock()
        yield step
        self.detail(
            _("{step}: {seconds} s").format(
                step=step.name, seconds=_decimal(self._clock() - began, 2)
            )
        )

    @contextmanager
    def progress(
        self, total: int | None, label: str, *, unit: str = "items"
    ) -> Iterator[Callable[[int], None]]:
        if not self.bars or self._bar is not None:  # one bar at a time: nested ones count on
            yield _ignore
            return
        bar = _Bar(self.err, total, label, unit, self._clock)
        self._bar = bar
        try:
            yield bar.advance
        finally:
            self._bar = None
            bar.erase()

    def relabel(self, label: str, total: int | None = None) -> None:
        """Start the bar being drawn again under another label: the next step of the work."""
        if self._bar is not None:
            self._bar.restart(label, total)

    def step(self, label: str) -> None:
        """Show ``label`` alone in place of the bar: a last step that cannot be counted
        (writing to the store), so that the user knows what is being waited for."""
        if self._bar is not None:
            self._bar.restart(label, None, counting=False)

    def _clear(self) -> None:
        """Erase the bar before a message, so that the message starts on a clean line; the
        bar comes back at its next redraw."""
        if self._bar is not None:
            self._bar.erase()


class Phase:
    """A step being timed; its name may be completed once known ("planned 120 items")."""

    def __init__(self, name: str) -> None:
        self.name = name


def _ignore(_: int) -> None:
    pass


class _Bar:
    def __init__(
        self, out: TextIO, total: int | None, label: str, unit: str, clock: Callable[[], float]
    ) -> None:
        self.out = out
        self.unit = unit
        self.clock = clock
        self.restart(label, total)

    def restart(self, label: str, total: int | None, *, counting: bool = True) -> None:
        self.label = label
        self.total = total
        self.counting = counting
        self.done = 0
        self.began = self.clock()
        self.drawn_at = -_REDRAW
        self.turns = 0
        self.visible = False
        self.draw(force=True)

    def advance(self, n: int) -> None:
        self.done += n
        if self.clock() - self.drawn_at >= _REDRAW:
            self.draw()

    def draw(self, *, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self.drawn_at < _REDRAW:
            return
        self.drawn_at = now
        self.turns += 1
        width = _columns(self.out) - 1  # the last column would wrap on some terminals
        elapsed = f"{_decimal(now - self.began, 1)} s"
        done = i18n.number(self.done)
        if not self.counting:
            line = f"{self.label}..."
        elif self.total:
            share = min(1.0, self.done / self.total)
            percent = f"{share:4.0%}"
            if i18n.language() == "fr":
                percent = percent.replace("%", "\u00a0%")
            counts = f"{done}/{i18n.number(self.total)} {self.unit} {percent} {elapsed}"
            room = max(0, width - len(self.label) - len(counts) - 5)
            room = min(room, 40)
            filled = int(room * share)
            line = f"{self.label} [{'#' * filled}{'-' * (room - filled)}] {counts}"
        else:
            spin = _SPIN[self.turns % len(_SPIN)]
            line = f"{self.label} {spin} {done} {self.unit} {elapsed}"
        self.out.write("\r" + line[:width] + "\x1b[K")
        self.out.flush()
        self.visible = True

    def erase(self) -> None:
        if self.visible:
            self.out.write(_ERASE)
            self.out.flush()
            self.visible = False
            self.drawn_at = -_REDRAW  # draw again at the next advance


def _decimal(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals, with the current language's decimal mark."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if i18n.language() == "fr" else text


def _columns(out: TextIO) -> int:
    try:
        return os.get_terminal_size(out.fileno()).columns or 80
    except (OSError, AttributeError, ValueError):
        return shutil.get_terminal_size().columns


def feedback(ctx: click.Context | None = None) -> Feedback:
    """The Feedback of the running command (a default one outside the `planner` group)."""
    ctx = ctx or click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    obj: Any = root.obj if root else None
    if isinstance(obj, dict):
        found = obj.get("feedback")
        if isinstance(found, Feedback):
            return found
        obj["feedback"] = found = Feedback()
        return found
    return Feedback()


def describe_workspace(fb: Feedback, workspace: Any) -> None:
    """With --verbose: which workspace, and where its settings come from."""
    if not fb.verbose:
        return
    settings = workspace.settings
    origin = settings.source.path if settings.source else _("no planner.toml, defaults")
    fb.detail(
        _("workspace: {path} ({origin})").format(path=_shown(workspace.root), origin=origin),
        once=True,
    )
    fb.detail(
        _("shop: time zone {zone}, locale {locale}, country {country}").format(
            zone=settings.timezone,
            locale=settings.locale,
            country=settings.country or _("none"),
        ),
        once=True,
    )


def describe_planning(fb: Feedback, planning: Any) -> None:
    """With --verbose: the files a plan is made of (rules, channels, calendars, closures)."""
    if not fb.verbose:
        return
    from ..workspace import builtin_dir

    workspace = planning.workspace
    fb.detail(_("rules: {files}").format(files=", ".join(c.path for c in planning.campaigns)))
    others = [c.path for c in planning.everything if c.counted_only]
    if others:
        fb.detail(_("counted for channel caps only: {files}").format(files=", ".join(others)))
    for kind, said in (("channels", _("channels: {dirs}")), ("calendars", _("calendars: {dirs}"))):
        dirs = [
            _("built-in") if d == builtin_dir(kind) else _shown(d)
            for d in workspace.data_dirs(kind)
        ]
        fb.detail(said.format(dirs=", ".join(dirs)))
    if workspace.settings.closures:
        fb.detail(_("closures: {files}").format(files=", ".join(workspace.settings.closures)))
    from ..localtime import local

    zone = workspace.settings.timezone
    when = _("now {time}").format(time=local(planning.now, zone)) if planning.now else "--start"
    fb.detail(_("planning from {day} ({when})").format(day=planning.start, when=when))


def _shown(path: Any) -> str:
    from . import _shown as shown

    return shown(path)


def untranslated(fb: Feedback) -> None:
    """With --verbose: the messages this command said in English for want of a translation
    (README, "Translating Parcours"), for a translator to add."""
    from ..i18n import untranslated as missing

    for language, message in sorted(missing()):
        fb.detail(
            _("no {language} translation for: {message}").format(language=language, message=message)
        )
