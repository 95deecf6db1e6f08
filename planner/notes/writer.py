"""The rule file journey notes become: TOML a person can read and edit, each value commented
with the line of the notes it was read from, and a stage that could not be read kept as
comments under the reason, so that nothing written in the notes is lost."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import Pos
from ..i18n import _
from .reading import Step


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(slots=True)
class Campaign:
    """The [campaign] table read from the notes; each value with where it was read."""

    name: str
    source: str  # the notes as messages name them
    anchor: str | None = None
    anchor_from: str = ""
    buying_cycle: str | None = None
    cycle_from: str = ""
    journey: str | list[str] = "5-stage"
    locale: str | None = None
    steps: list[Step] = field(default_factory=list)
    asked: bool = False  # from the answers of `planner new --ask`, which have no lines


@dataclass(slots=True)
class Written:
    """The rule file's text, and for each of its lines that holds a value read from the notes
    the notes' position and the column the value starts at (to move errors back)."""

    text: str
    lines: dict[int, tuple[int, Pos, int]] = field(default_factory=dict)  # line: step, pos, col


def _line(pos: Pos) -> str:
    return str(Pos(pos.path, pos.line))


def write(campaign: Campaign) -> Written:
    out: list[str] = []
    written = Written("")

    def add(line: str, step: int = 0, pos: Pos | None = None, col: int = 0) -> None:
        out.append(line)
        if pos is not None:
            written.lines[len(out)] = (step, pos, col)

    if campaign.asked:
        add("# " + _("Written by planner new --ask from your answers: check each value."))
    else:
        add(
            "# "
            + _(
                "Imported from {notes} by planner import: check each value, then planner check."
            ).format(notes=campaign.source)
        )
    add("")
    add("[campaign]")
    add(f"name = {toml_string(campaign.name)}")
    if campaign.anchor is not None:
        note = f"   # {campaign.anchor_from}" if campaign.anchor_from else ""
        add(f"anchor = {toml_string(campaign.anchor)}{note}")
    if campaign.locale is not None:
        add(f"locale = {toml_string(campaign.locale)}")
    if campaign.buying_cycle is not None:
        note = f"   # {campaign.cycle_from}" if campaign.cycle_from else ""
        add(f"buying_cycle = {toml_string(campaign.buying_cycle)}{note}")
    journey = campaign.journey
    if isinstance(journey, str):
        add(f"journey = {toml_string(journey)}")
    else:
        add(f"journey = [{', '.join(toml_string(stage) for stage in journey)}]")
    for index, step in enumerate(campaign.steps, 1):
        add("")
        block = step.block
        if step.error is not None:
            add(
                "# "
                + _("not read ({where}): {message}").format(
                    where=_line(step.error.pos or block.word.pos), message=step.error.message
                )
            )
            if step.error.hint:
                add("# " + _("hint: {hint}").format(hint=step.error.hint))
        lead = "# " if step.error is not None else ""
        add(f"# {block.word.text}" + ("" if campaign.asked else f" ({_line(block.word.pos)})"))
        add(f"{lead}[[step]]")
        add(f"{lead}stage = {toml_string(step.stage or block.stage)}", index, block.word.pos)
        if step.when is not None:
            value = toml_string(step.when.text)
            note = f"   # {step.note}" if step.note else ""
            add(f"{lead}when = {value}{note}", index, step.when.pos, len(lead) + 8)
        if step.channels:
            names = ", ".join(toml_string(c) for c in step.channels)
            said = ", ".join(step.words)
            note = f"   # {said}" if said else "   # " + _("none named in the notes")
            add(f"{lead}channels = [{names}]{note}", index, block.word.pos)
        if step.content is not None:
            add(f"{lead}content = {toml_string(step.content.text)}", index, step.content.pos)
        if step.offer:
            parts = [
                f"{key} = {'true' if value is True else toml_string(str(value))}"
                for key, value in step.offer.items()
            ]
            add(f"{lead}offer = {{ {', '.join(parts)} }}", index, block.word.pos)
    written.text = "\n".join(out) + "\n"
    return written
