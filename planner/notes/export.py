"""A campaign written back as journey notes, in the format `planner import` reads: a title,
the campaign's labelled lines, then per step a numbered stage with its "Quand ?", "Comment ?",
"Canaux :" and "Offre :" lines, so that importing the notes gives the same campaign (name,
anchor, buying cycle, journey; per step its stage, when as written, channels, content and
offer). What notes do not carry (a step's ``every``, ``at``, ``duration``…, the campaign's
``timezone``…) is written as a comment line (``// every = "3 jours"``) the reader skips, and
each is said to the caller (``Exported.lost``), never dropped silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import Pos, UserError
from ..i18n import _
from ..journey import MODELS, label
from .labelled import WRITTEN, journey_text, none_text, offer_text
from .layout import COMMENT, Text, read_layout
from .reading import cycle_in, offer_in

if TYPE_CHECKING:
    from ..channels import ChannelSet
    from ..events import Catalog
    from ..rules import Campaign, Step

# What notes say of a campaign and of a step; any other key is lost (a comment line).
CAMPAIGN_CARRIED = ("name", "anchor", "buying_cycle", "journey", "locale")
STEP_CARRIED = ("stage", "when", "channels", "content", "offer")


@dataclass(frozen=True, slots=True)
class Lost:
    """A value of the rule file the notes cannot carry: its key, the step (0: the
    campaign), where it is written, and why it is lost."""

    key: str
    step: int
    pos: Pos | None
    message: str


@dataclass(slots=True)
class Exported:
    text: str
    lost: list[Lost] = field(default_factory=list)


def toml_value(value: object) -> str:
    """A value as a rule file writes it, for a comment line."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def _anchor(campaign: Campaign, events: Catalog, lang: str) -> str:
    """The campaign's occasion as a person names it: the event's name, the date, or "as
    soon as possible"."""
    if campaign.is_asap:
        return WRITTEN[lang]["asap"]
    if campaign.anchor_date is not None:
        return campaign.anchor
    key = events.key_for(campaign.anchor, campaign.country)
    if key is None:
        return campaign.anchor
    try:
        name = events.name(key, lang, campaign.country)
    except UserError:
        return campaign.anchor
    return name if events.key_for(name, campaign.country) == key else campaign.anchor


def _journey(campaign: Campaign, raw: object) -> str | list[str] | None:
    """The journey when the stages of the steps do not imply it (as import infers it)."""
    used = {step.stage for step in campaign.steps}
    implied = next(v for v in MODELS.values() if used <= set(v))
    if campaign.stages == implied:
        return None
    if isinstance(raw, str):
        return raw
    return list(campaign.stages)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def notes_of(
    campaign: Campaign,
    data: Mapping[str, Any],
    events: Catalog,
    channels: ChannelSet,
    lang: str,
    shown: str,
) -> Exported:
    """The journey notes of ``campaign`` (``data``: its rule file as TOML read it), in
    ``lang``; ``shown``: the rule file as messages name it."""
    words = WRITTEN[lang]
    head: dict[str, Any] = dict(data.get("campaign") or {})
    raws: list[dict[str, Any]] = list(data.get("step") or [])
    done = Exported("")
    out = [
        f"{COMMENT} " + words["header"].format(rules=shown, comment=COMMENT),
        "",
        _one_line(campaign.name),
    ]
    if campaign.name != _one_line(campaign.name):
        done.lost.append(
            Lost("name", 0, campaign.pos("name"), _("its line breaks are written as spaces"))
        )
    out.append(f"{words['anchor']} {_anchor(campaign, events, lang)}")
    contents = [Text(s.content, Pos(shown)) for s in campaign.steps]
    cycle = head.get("buying_cycle")
    if isinstance(cycle, str):
        out.append(f"{words['cycle']} {cycle}")
    elif cycle_in([Text(campaign.name, Pos(shown)), *contents], lang) is not None:
        out.append(f"{words['cycle']} {words['no cycle']}")
    journey = _journey(campaign, head.get("journey"))
    if journey is not None:
        out.append(f"{words['journey']} {journey_text(journey, lang)}")
    for key in head:
        if key not in CAMPAIGN_CARRIED:
            out.append(f"{COMMENT} {key} = {toml_value(head[key])}")
            done.lost.append(Lost(key, 0, campaign.pos(key), _("written as a comment line")))
    for step, raw in zip(campaign.steps, raws, strict=True):
        out += ["", *_step(step, raw, channels, lang, done)]
    done.text = "\n".join(out) + "\n"
    _check(done, campaign, raws, shown)
    return done


def _step(
    step: Step, raw: Mapping[str, Any], channels: ChannelSet, lang: str, done: Exported
) -> list[str]:
    words = WRITTEN[lang]
    stage = label(step.stage, lang)
    when = _one_line(str(raw.get("when", "")))
    content = _one_line(step.content)
    if content != step.content.strip():
        done.lost.append(
            Lost(
                "content",
                step.index,
                step.pos("content"),
                _("its line breaks are written as spaces"),
            )
        )
    # An unknown channel is the rule file's error, as planning says it: notes could not name it.
    names = ", ".join(channels.get(key, step.pos("channels")).label(lang) for key in step.channels)
    lines = [
        f"{step.index}. {stage[:1].upper()}{stage[1:]}",
        f"   \u2022 {words['when']} {when}",
        f"   \u2022 {words['how']} {content}",
        f"   \u2022 {words['channels']} {names}",
    ]
    if step.offer:
        said, lost = offer_text(step.offer, lang)
        lines.append(f"   \u2022 {words['offer']} {said}")
        for key in lost:
            done.lost.append(
                Lost(
                    f"offer.{key}",
                    step.index,
                    step.pos("offer"),
                    _("the notes carry an offer's texts and flags only: written as a comment line"),
                )
            )
            lines.append(f"   {COMMENT} offer.{key} = {toml_value(step.offer[key])}")
    elif offer_in(content) != ({}, content):
        lines.append(f"   \u2022 {words['offer']} {none_text(lang)}")
    for key in raw:
        if key not in STEP_CARRIED:
            lines.append(f"   {COMMENT} {key} = {toml_value(raw[key])}")
            done.lost.append(Lost(key, step.index, step.pos(key), _("written as a comment line")))
    return lines


def _check(done: Exported, campaign: Campaign, raws: list[dict[str, Any]], shown: str) -> None:
    """Read the notes back as import lays them out: a name, a when or a how that would not
    come back as written (a stage's word or a label inside it, a Markdown mark) is said."""
    layout = read_layout(done.text, shown)
    title = layout.title.text if layout.title else ""
    if title != _one_line(campaign.name) or re.search(r"\)\s*$", title):
        done.lost.append(Lost("name", 0, campaign.pos("name"), _not_back()))
    blocks = layout.blocks
    if len(blocks) != len(campaign.steps):
        done.lost.append(Lost("[[step]]", 0, campaign.pos(""), _not_back()))
        return
    for step, raw, block in zip(campaign.steps, raws, blocks, strict=True):
        when = _one_line(str(raw.get("when", "")))
        for key, want, got in (
            ("stage", step.stage, block.stage),
            ("when", when, block.when.text if block.when else None),
            ("content", _one_line(step.content), block.how.text if block.how else None),
        ):
            if got != want:
                done.lost.append(Lost(key, step.index, step.pos(key), _not_back()))


def _not_back() -> str:
    return _("the notes do not read it back as written: check it after import")
