"""`planner import NOTES`: journey notes, as shop owners write them, become a rule file.

The notes are read (planner.notes), written as a commented rule file, and that file is then
loaded and planned exactly as `planner check` would: a stage whose `when` does not resolve
(an unknown event, "3 days later" on the first stage) is kept in the file as comments under
its error rather than dropped, and said as an error at its line of the notes. Nothing is
written when no stage is usable, and an existing rule file is replaced only when asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import ConfigError, Pos, UserError, quoted
from ..i18n import _
from ..journey import MODELS, fold, label, stage_for
from ..notes.labelled import (
    anchor_named,
    campaign_labels,
    channel_names,
    channels_named,
    cycle_named,
    journey_named,
    offer_read,
    says_none,
)
from ..notes.layout import Block, Text, read_layout
from ..notes.reading import (
    Said,
    Step,
    channels_in,
    cycle_in,
    event_in,
    language_of_notes,
    offer_in,
    read_when,
    split_inline,
)
from ..notes.source import read_text
from ..notes.trial import said_steps, tried
from ..notes.writer import Campaign
from ..workspace import Workspace
from . import load_sources
from .setup import _slug

MAX_STAGES = 40  # a journey has five stages, a few steps each


@dataclass(slots=True)
class Imported:
    """What `import` understood, said line by line, and the rule file it wrote (None when
    nothing in the notes could be used)."""

    path: Path | None
    said: list[Said] = field(default_factory=list)
    warnings: list[UserError] = field(default_factory=list)
    errors: list[UserError] = field(default_factory=list)


def import_notes(
    workspace: Workspace,
    notes: Path,
    shown: str,
    *,
    output: Path | None,
    force: bool,
    start: date,
) -> Imported:
    from ..events import Catalog

    text = read_text(notes, shown)
    layout = read_layout(text, shown)
    if not layout.blocks:
        first = layout.title.pos if layout.title else Pos(shown, 1, 1)
        raise UserError(
            _("no stage of the customer journey found"),
            Pos(shown, first.line or 1, first.col or 1),
            _(
                'start a line with a stage and its timing: "Notoriété : début mai — photos '
                'sur Instagram", or "Awareness: early May — posts on Instagram"'
            ),
        )
    if len(layout.blocks) > MAX_STAGES:
        raise UserError(
            _("more than {count} stages: these notes are not one campaign").format(
                count=MAX_STAGES
            ),
            layout.blocks[MAX_STAGES].word.pos,
            _("import the notes of one campaign at a time"),
        )
    settings = workspace.settings
    country = settings.country
    events = Catalog.load(workspace.data_dirs("calendars"))
    try:
        seen = set(events.keys(country))
    except UserError:
        seen = set(events.keys(None))
    lang = language_of_notes(text, settings.locale)
    done = Imported(None)
    extra = workspace_channels(workspace)
    names = {}
    if any(b.channels for b in layout.blocks):
        from ..channels import ChannelSet

        names = channel_names(ChannelSet(workspace.data_dirs("channels")))
    _loyalty(layout.blocks)
    steps = []
    before = None
    for block in layout.blocks:
        step = step_of(block, lang, events, country, extra, done, before, names)
        if not block.stage:  # a heading in words of its own: kept, commented, and said
            step.error = UserError(
                _("no stage of the customer journey in {words}").format(
                    words=quoted(block.word.text)
                ),
                block.word.pos,
                _stage_words(),
            )
        else:
            before = label(block.stage, lang)
        steps.append(step)
    default_channels(steps, workspace, done)
    for words in layout.unnamed:  # "3/ Garder le contact = …": said, not silently dropped
        message = _("{words} is written as the stages are but names none: left out")
        done.warnings.append(
            UserError(message.format(words=quoted(words.text)), words.pos, _stage_words())
        )
    title = layout.title
    name = _name(title, notes)
    if title is not None:
        done.said.append(Said(_line(title.pos), _("campaign {name}").format(name=quoted(name))))
    campaign = Campaign(name, shown, steps=steps)
    if lang != settings.locale:
        campaign.locale = lang
    for step in steps:  # the stage in the notes' own word when the rule files know it
        word = step.block.word.text.strip().lower()
        known = stage_for(word) == step.block.stage or not step.block.stage
        step.stage = word if known else label(step.block.stage, lang)
    labelled = campaign_labels(layout.prose)
    wording = [t for t in (title,) if t] + [s.when for s in steps if s.when]
    wording += [s.content for s in steps if s.content] + layout.prose
    if "anchor" in labelled:
        _labelled_anchor(campaign, labelled["anchor"], events, country, done)
    else:
        _anchor(campaign, wording, events, country, seen, done)
    texts = [t for t in (title,) if t] + layout.prose + [s.content for s in steps if s.content]
    if "cycle" in labelled:
        texts = [labelled["cycle"]] if not says_none(labelled["cycle"].text) else []
    cycle = cycle_in(texts, lang) if "cycle" not in labelled else cycle_named(texts)
    if cycle is not None:
        campaign.buying_cycle = cycle[0]
        campaign.cycle_from = _said(cycle[1])
        done.said.append(
            Said(
                _line(cycle[1].pos),
                _("buying cycle {text} → {cycle}").format(
                    text=quoted(cycle[1].text), cycle=cycle[0]
                ),
            )
        )
    stages = {s.block.stage for s in steps if s.block.stage}
    campaign.journey = next(k for k, v in MODELS.items() if stages <= set(v))
    named = journey_named(labelled["journey"].text) if "journey" in labelled else None
    if named is not None:
        campaign.journey = named
    target = (
        output
        if output is not None
        else workspace.root / "rules" / f"{_slug(name) or _slug(notes.stem) or 'notes'}.toml"
    )
    if target.exists() and not force:
        raise ConfigError(
            _("that rule file already exists"),
            Pos(str(target)),
            _("pass --force to replace it, or -o to write another file"),
        )
    written, windows = tried(workspace, load_sources(workspace), campaign, target, start)
    for step in steps:
        if step.error is not None:
            done.errors.append(step.error)
    if all(s.error is not None for s in steps):
        return done
    done.said += said_steps(steps, windows)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(written.text, encoding="utf-8")
    done.path = target
    return done


def _line(pos: Pos) -> Pos:
    return Pos(pos.path, pos.line)


def _said(text: Text) -> str:
    return f"{quoted(text.text)}, {_line(text.pos)}"


def _name(title: Text | None, notes: Path) -> str:
    """The campaign's name: the title line without its Markdown, else the file's name."""
    if title is not None:
        # "Fête des mères — Fleurs de Léa (nos clientes mettent…)": the aside is not the name
        name = re.sub(r"\s*\([^()]*\)?\s*$", "", title.text).strip(" #*_:-\u2013\u2014").strip()
        if name:
            return name[:120]
    stem = notes.stem.replace("_", " ").replace("-", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else "Notes"


def workspace_channels(workspace: Workspace) -> dict[str, list[str]]:
    """The workspace's own channels, by their key and their names: words for them."""
    from ..channels import ChannelSet

    found: dict[str, list[str]] = {}
    own = workspace.root / "channels"
    channels = ChannelSet(workspace.data_dirs("channels"))
    for path in sorted(own.glob("*.toml")) if own.is_dir() else []:
        key = path.stem
        names = [key.replace("_", " ")]
        try:
            channel = channels.get(key)
            names += [channel.label("en"), channel.label("fr")]
        except UserError:
            continue
        found[key] = names
    return found


def step_of(
    block: Block,
    lang: str,
    events: object,
    country: str | None,
    extra: dict[str, list[str]],
    done: Imported,
    previous: str | None = None,
    names: dict[str, list[str]] | None = None,
) -> Step:
    from ..events import Catalog

    assert isinstance(events, Catalog)
    when, how = block.when, block.how
    if block.inline is not None and when is None:
        if how is None:
            when, how = split_inline(block.inline, lang, events, country)
        else:
            when = block.inline
    elif block.inline is not None and how is None:
        how = block.inline
    if (how is None or not how.text.strip()) and block.loose:
        how = Text("; ".join(t.text for t in block.loose), block.loose[0].pos)
    step = Step(block)
    if when is not None and when.text.strip():
        try:
            read = read_when(when, lang, events, country, previous)
            step.when, step.note, step.asap = read.when, read.note, read.asap
            step.written, step.rest = read.written, read.rest
        except UserError as exc:
            step.when, step.error = when, exc
    else:
        step.error = UserError(
            _("no timing for the stage {stage}").format(stage=quoted(block.word.text)),
            block.word.pos,
            _('add a line "Quand ? début mai" (or "When? early May") under it'),
        )
    if how is not None and how.text.strip():
        found = channels_named(block.channels.text, names or {}) if block.channels else []
        found = found or channels_in(how.text, extra)  # the names of "Canaux :" win
        step.channels = [key for key, _word in found]
        step.words = [word for _key, word in found]
        text = re.sub(r"^(?:[-\u2013\u2014>=]+|\u2192)\s+", "", how.text.strip())  # "→ posts"
        if step.rest:
            text = f"{text} ({step.rest})"
        if block.offer is not None:  # "Offre : …" says the offer: the how is kept as written
            step.offer, content = offer_read(block.offer.text), text
        else:
            step.offer, content = offer_in(text)
        step.content = Text(content, how.pos)
    else:
        step.content = Text(block.word.text, block.word.pos)
        done.warnings.append(
            UserError(
                _("the stage {stage} does not say how").format(stage=quoted(block.word.text)),
                block.word.pos,
                _('add a line "Comment ? …" (or "How: …") with the channels and the message'),
            )
        )
    return step


def default_channels(steps: list[Step], workspace: Workspace, done: Imported) -> None:
    """A stage that names no channel gets the workspace's first own channel, else the first
    channel the notes name, else e-mail; said as a warning."""
    own = workspace.root / "channels"
    mine = sorted(p.stem for p in own.glob("*.toml")) if own.is_dir() else []
    named = [c for s in steps for c in s.channels]
    default = (mine or named or ["email"])[0]
    for step in steps:
        if not step.channels:
            step.channels = [default]
            where = step.content.pos if step.content else step.block.word.pos
            done.warnings.append(
                UserError(
                    _("no channel named for the stage {stage}: {channel} is used").format(
                        stage=quoted(step.block.word.text), channel=default
                    ),
                    where,
                    _(
                        "name one in its how: Instagram, Facebook, e-mail, newsletter, SMS, "
                        "website…"
                    ),
                )
            )


def _anchor(
    campaign: Campaign,
    texts: list[Text],
    events: object,
    country: str | None,
    seen: set[str],
    done: Imported,
) -> None:
    from ..events import Catalog

    assert isinstance(events, Catalog)
    found = event_in(texts, events, country, seen)
    if found is not None:
        key, words = found
        campaign.anchor, campaign.anchor_from = key, _said(words)
        done.said.append(
            Said(
                _line(words.pos),
                _("anchor {text} → {event}").format(text=quoted(words.text), event=key),
            )
        )
    elif campaign.steps and campaign.steps[0].asap:
        campaign.anchor = "asap"
        first = campaign.steps[0].when
        if first is not None:
            campaign.anchor_from = _said(first)


def _labelled_anchor(
    campaign: Campaign, value: Text, events: object, country: str | None, done: Imported
) -> None:
    """The anchor an "Occasion :" line names: an event, a date, or as soon as possible."""
    from ..events import Catalog

    assert isinstance(events, Catalog)
    anchor = anchor_named(value.text, events, country)
    if anchor is None:
        done.warnings.append(
            UserError(
                _("unknown occasion {name}: the campaign has no anchor").format(
                    name=quoted(value.text)
                ),
                value.pos,
                _('name an event of planner events, a date (2027-05-30) or "as soon as possible"'),
            )
        )
        return
    campaign.anchor, campaign.anchor_from = anchor, _said(value)
    done.said.append(
        Said(
            _line(value.pos),
            _("anchor {text} → {event}").format(text=quoted(value.text), event=anchor),
        )
    )


def _stage_words() -> str:
    return _(
        "name the stage with one of its words: notoriété, considération, conversion, "
        "fidélisation, recommandation (awareness, consideration, conversion, retention, advocacy)"
    )


def _loyalty(blocks: list[Block]) -> None:
    """ "Loyalty", "Fidélité" in notes without a retention stage is the stage after the
    purchase, retention; beside one, it is the stage after that (journey.py)."""
    if any(b.stage == "retention" for b in blocks):
        return
    for block in blocks:
        if block.stage == "advocacy" and fold(block.word.text) in ("loyalty", "fidelite"):
            block.stage = "retention"
