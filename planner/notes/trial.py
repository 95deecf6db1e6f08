"""The rule file made from notes, tried as `planner check` tries it: loaded, then planned.

A step the planning refuses is commented out under its error, the error moved back to the
line of the notes it came from, and planning tried again without it; the steps kept are
said with their windows as planning resolves them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Pos, UserError, quoted
from ..i18n import _
from ..journey import label
from .reading import Said, Step
from .writer import Campaign, Written, write

if TYPE_CHECKING:
    from ..expand import Sources
    from ..plan import Item
    from ..rules import Campaign as Loaded
    from ..workspace import Workspace


def tried(
    workspace: Workspace, sources: Sources, campaign: Campaign, target: Path, start: date
) -> tuple[Written, dict[int, tuple[date, date, bool]]]:
    """The rule file, loaded and planned as `planner check` does: a step the planning
    refuses is commented out under its error, moved back to the notes, and planning tried
    again without it."""
    from ..rules import load_campaign

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / target.name
        for _attempt in range(len(campaign.steps) + 1):
            written = write(campaign)
            if all(s.error is not None for s in campaign.steps):
                return written, {}
            path.write_text(written.text, encoding="utf-8")
            try:
                loaded = load_campaign(path, workspace.settings, str(path), target.name)
                return written, _windows(loaded, sources, start)
            except UserError as exc:
                step = _blame(exc, written, path, campaign)
                if step is None:
                    raise
    return write(campaign), {}


def _blame(exc: UserError, written: Written, path: Path, campaign: Campaign) -> Step | None:
    """The step an error of the written file is about, given the error moved to the notes."""
    pos = exc.pos
    if pos is None or pos.path != str(path) or pos.line not in written.lines:
        return None
    index, where, col = written.lines[pos.line]
    if not index:
        return None
    step = campaign.steps[index - 1]
    if col and pos.col > col:
        where = where.shifted(pos.col - col - 1)
    exc.pos = where
    step.error = exc
    return step


def last_window(
    workspace: Workspace, sources: Sources, campaign: Campaign, target: Path, start: date
) -> tuple[date, date, bool] | None:
    """The window of the campaign's last step once the steps before it are planned, without
    planning the step itself (its channels are not known yet); None, with the step's error
    set and moved back to where it was read, when the file or the window cannot be had."""
    from ..expand import expand, resolve_anchor
    from ..rules import load_campaign
    from ..stepcontext import StepContext, step_window

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / target.name
        written = write(campaign)
        path.write_text(written.text, encoding="utf-8")
        try:
            loaded = load_campaign(path, workspace.settings, str(path), target.name)
            before = replace(loaded, steps=loaded.steps[:-1])
            plan = expand([before], sources, start=start) if before.steps else None
            spans = _spans(plan.items) if plan is not None else {}
            anchor = resolve_anchor(loaded, sources.events, start)
            last = loaded.steps[-1]
            window, _one = step_window(
                last, StepContext(loaded, anchor, start, sources, spans, last), start
            )
        except UserError as exc:
            if _blame(exc, written, path, campaign) is None:
                raise
            return None
    return window.start, window.end, window.asap


def _spans(items: Sequence[Item]) -> dict[int, tuple[date, date]]:
    """The first and last day each step publishes on."""
    spans: dict[int, tuple[date, date]] = {}
    for item in items:
        if item.kind == "publish":
            day = item.start.date()
            low, high = spans.get(item.step, (day, day))
            spans[item.step] = (min(low, day), max(high, day))
    return spans


def _windows(campaign: Loaded, sources: Sources, start: date) -> dict[int, tuple[date, date, bool]]:
    """Each step's window, as planning resolves it (after the steps it counts from)."""
    from ..expand import expand, resolve_anchor
    from ..stepcontext import StepContext

    spans = _spans(expand([campaign], sources, start=start).items)
    anchor = resolve_anchor(campaign, sources.events, start)
    found = {}
    for step in campaign.steps:
        window = step.when.resolve(StepContext(campaign, anchor, start, sources, spans, step))
        found[step.index] = (window.start, window.end, window.asap)
    return found


def short_day(day: date, month: bool = True, year: bool = True) -> str:
    """A day as prose writes it: "1er mai 2027", "May 1, 2027"; without its month or year
    when the other end of a window has them."""
    from babel.dates import format_date

    from ..i18n import language

    if language() == "fr":
        first = "1er" if day.day == 1 else str(day.day)
        rest = format_date(day, "MMMM y" if year else "MMMM", locale="fr")
        return f"{first} {rest}" if month else first
    return format_date(day, "MMMM d, y" if year else "MMMM d", locale="en")


def window_text(first: date, last: date, asap: bool) -> str:
    """A window as the user reads it: "du 1er au 10 mai 2027", "from May 1 to May 10, 2027"."""
    if asap:
        return _("as soon as possible, from {day}").format(day=short_day(first))
    if first == last:
        return short_day(first)
    same_year = first.year == last.year
    same_month = same_year and first.month == last.month
    return _("from {first} to {last}").format(
        first=short_day(first, month=not same_month, year=not same_year), last=short_day(last)
    )


def said_steps(steps: list[Step], windows: dict[int, tuple[date, date, bool]]) -> list[Said]:
    """What import says of each step kept: its stage, its window as planning resolves it,
    its channels and its offer, each at the line of the notes it was read from."""
    from ..i18n import language
    from ..offers import offer_lines

    said: list[Said] = []
    index = 0
    for step in steps:
        if step.error is not None:
            continue
        index += 1
        block = step.block
        said.append(
            Said(
                _line(block.word.pos),
                _("stage {word} → {stage}").format(
                    word=quoted(block.word.text), stage=label(block.stage, language())
                ),
            )
        )
        if step.when is not None:
            shown = window_text(*windows[index]) if index in windows else step.when.text
            message = _("when {text} → {window}").format(
                text=quoted(step.written or step.when.text), window=shown
            )
            if step.note:
                message += f" ({step.note})"
            said.append(Said(_line(step.when.pos), message))
        if step.content is None:
            continue
        if step.words:
            where = block.channels.pos if block.channels else step.content.pos
            said.append(
                Said(
                    _line(where),
                    _("channels {words} → {channels}").format(
                        words=", ".join(quoted(w) for w in step.words),
                        channels=", ".join(step.channels),
                    ),
                )
            )
        if step.offer:
            where = block.offer.pos if block.offer else step.content.pos
            said.append(
                Said(
                    _line(where),
                    _("offer → {offer}").format(
                        # TRANSLATORS: joins the parts of an offer: "remise : 30 % ; code : X"
                        offer=_("; ").join(offer_lines(step.offer, language()))
                    ),
                )
            )
    return said


def _line(pos: Pos) -> Pos:
    return Pos(pos.path, pos.line)
