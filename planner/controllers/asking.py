"""`planner new NAME --ask`: the journey notes asked for, stage by stage, instead of read.

Each answer is read the way `planner import` reads the same words in notes (the same
``step_of``), and checked at once the way `planner check` checks a rule file: the campaign
so far, with the new answer, is written and planned (``notes.trial.tried``), so that
"3 à 5 jours après" is shown back as the days it gives after the stages already answered.
The terminal dialogue itself is the CLI's; this module only says what each answer means or
why it cannot be read, and writes the same commented rule file as `import` at the end.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError, PlacementError, Pos, UserError, quoted
from ..i18n import _, day_text, language
from ..journey import MODELS, label
from ..notes.labelled import anchor_named
from ..notes.layout import Block, Text
from ..notes.reading import Step, channels_in, event_in
from ..notes.trial import last_window, short_day, tried, window_text
from ..notes.writer import Campaign
from ..phrases import parse_duration
from ..workspace import Workspace
from . import load_sources
from .importing import Imported, default_channels, step_of, workspace_channels
from .setup import rule_target

if TYPE_CHECKING:
    from ..expand import Sources

ANSWER = Pos("answer", 1, 1)  # an answer is one line: its errors' columns are what matters
MAX_ANSWER = 500  # one line of a dialogue; more is pasted text, not an answer


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage the dialogue asks about: its key and its name in the campaign's language."""

    key: str
    name: str


@dataclass(slots=True)
class Interview:
    """The answers so far, and what each new one means given them."""

    workspace: Workspace
    name: str
    start: date
    target: Path
    lang: str
    anchor: str | None = None
    anchor_day: date | None = None
    buying_cycle: str | None = None
    steps: list[Step] = field(default_factory=list)
    sources: Sources | None = None

    @classmethod
    def begin(cls, workspace: Workspace, name: str, start: date) -> Interview:
        """An interview for the campaign NAME; an error, before any question, when NAME
        makes no file name or its rule file exists."""
        _stem, title, target = rule_target(workspace, name)
        lang = workspace.settings.locale if workspace.settings.locale in ("en", "fr") else "en"
        return cls(workspace, title, start, target, lang)

    @property
    def stages(self) -> list[Stage]:
        return [Stage(key, label(key, self.lang)) for key in MODELS["5-stage"]]

    def occasion(self, text: str) -> str:
        """What an answer to "for which occasion?" means, said back; sets the anchor."""
        text = _line(text)
        self.anchor_day = None
        if not text:
            self.anchor = None
            return _("none: the dates count from today")
        events = self._sources().events
        country = self.workspace.settings.country
        # Read as an "Occasion :" line of notes is: "asap", an event's name, an ISO date.
        named = anchor_named(text.rstrip("!"), events, country)
        if named == "asap":
            self.anchor = "asap"
            return _("as soon as possible, from {day}").format(day=short_day(self.start))
        key = named if named is not None and not named[:1].isdigit() else None
        if key is None:
            found = event_in([Text(text, ANSWER)], events, country, set(events.keys(country)))
            key = found[0] if found else None
        if key is not None:
            first, _last = events.next_from(key, country, self.start)
            self.anchor, self.anchor_day = key, first
            return f"{events.name(key, language(), country)}, {day_text(first)}"
        day = self._one_day(text)
        self.anchor, self.anchor_day = day.isoformat(), day
        return day_text(day)

    def cycle(self, text: str) -> str:
        """What an answer to "how long do customers take to choose?" means: the day the
        first stage should begin by (the check `planner check` makes of a buying cycle)."""
        text = _line(text)
        if not text:
            self.buying_cycle = None
            return _("none")
        days = parse_duration(text, ANSWER).days
        self.buying_cycle = text
        if self.anchor_day is None or days < 1:
            return text
        begin = self.anchor_day - timedelta(days=days)
        return _("{cycle}: awareness should begin by {day}").format(
            cycle=text, day=short_day(begin)
        )

    def when(self, stage: str, text: str) -> str:
        """The window an answer to "When?" gives, after the stages already answered; a
        UserError (its column in the answer) when it gives none."""
        step = self._step(stage, _line(text), "")
        if step.error is not None:  # not read at all: said at its column
            raise step.error
        window = self._window([*map(copy, self.steps), step])
        first, last, asap = window
        shown = window_text(first, last, asap)
        return f"{shown} ({step.note})" if step.note else shown

    def how(self, stage: str, when: str, text: str) -> str:
        """The channels an answer to "How?" names, said back by their names; a UserError
        when the stage cannot be planned on them (no free slot in its window)."""
        step = self._step(stage, _line(when), _line(text))
        steps = [*map(copy, self.steps), step]
        tried(self.workspace, self._sources(), self._campaign(steps), self.target, self.start)
        failed = next((s for s in steps if s.error is not None), None)
        if failed is not None and failed.error is not None:
            raise failed.error
        return self.channels(text)

    def channels(self, text: str) -> str:
        """The channels ``text`` names, by their names (what "How?" shows as it is typed)."""
        found = channels_in(_line(text), workspace_channels(self.workspace))
        if not found:
            first = self._default_channel()
            return _("no channel named: {channel} will be used").format(channel=first)
        return _("channels: {names}").format(names=", ".join(self._channel(k) for k, _w in found))

    def add(self, stage: str, when: str, how: str) -> None:
        """The stage answered: kept, to count the next answers from."""
        self.steps.append(self._step(stage, _line(when), _line(how)))

    def finish(self, force: bool = False) -> Imported:
        """The rule file, written as `import` writes one; its warnings (a stage without a
        channel). An error when no stage was answered."""
        if not self.steps:
            raise UserError(
                _("no stage answered: nothing to write"),
                Pos(str(self.target)),
                _('answer "When?" for at least one stage'),
            )
        if self.target.exists() and not force:
            raise ConfigError(
                _("that rule file already exists"),
                Pos(str(self.target)),
                _("pick another name, or edit the file"),
            )
        done = Imported(None)
        default_channels(self.steps, self.workspace, done)
        campaign = self._campaign(self.steps)
        written, _windows = tried(
            self.workspace, self._sources(), campaign, self.target, self.start
        )
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.target.write_text(written.text, encoding="utf-8")
        done.path = self.target
        return done

    def _step(self, stage: str, when: str, how: str) -> Step:
        previous = self.steps[-1].block.stage if self.steps else None
        name = label(stage, self.lang)
        block = Block(Text(name[:1].upper() + name[1:], ANSWER), stage)
        block.when = Text(when, ANSWER)
        block.how = Text(how, ANSWER) if how else None
        events = self._sources().events
        country = self.workspace.settings.country
        before = label(previous, self.lang) if previous else None
        extra = workspace_channels(self.workspace)
        step = step_of(block, self.lang, events, country, extra, Imported(None), before)
        step.stage = name
        if not step.channels:
            step.channels = [self._default_channel()]
        return step

    def _campaign(self, steps: list[Step]) -> Campaign:
        campaign = Campaign(self.name, "", steps=steps, asked=True)
        campaign.buying_cycle = self.buying_cycle
        if self.anchor is None and steps and steps[0].asap:
            campaign.anchor = "asap"
        else:
            campaign.anchor = self.anchor
        stages = {s.block.stage for s in steps}
        campaign.journey = next(k for k, v in MODELS.items() if stages <= set(v))
        return campaign

    def _window(self, steps: list[Step]) -> tuple[date, date, bool]:
        """The last step's window; the first error of the steps when there is none."""
        campaign = self._campaign(steps)
        window = last_window(self.workspace, self._sources(), campaign, self.target, self.start)
        if window is None:
            failed = next(s for s in steps if s.error is not None)
            assert failed.error is not None
            raise failed.error
        return window

    def _one_day(self, text: str) -> date:
        """An occasion given as a day ("14 février 2027"), as the phrase grammar reads it."""
        step = Step(Block(Text("", ANSWER), "awareness"), stage="awareness")
        step.when, step.channels = Text(text, ANSWER), [self._default_channel()]
        step.content = Text("-", ANSWER)
        try:
            first, last, _asap = self._window([step])
        except PlacementError as exc:
            if exc.constraint != "planning start":
                raise
            raise UserError(
                _("{text} is already past").format(text=quoted(text)),
                ANSWER,
                _("give a day to come, with its year"),
            ) from None
        except UserError:
            close = self._sources().events.suggest(text, self.lang)
            raise UserError(
                _("unknown occasion {text}").format(text=quoted(text)),
                ANSWER,
                _("did you mean '{word}'?").format(word=close[0])
                if close
                else _("name an event (planner events lists them), or give a day"),
            ) from None
        if first != last:
            raise UserError(
                _("an occasion is one day, not {window}").format(
                    window=window_text(first, last, False)
                ),
                ANSWER,
                _("give the day itself, e.g. {day}").format(day=short_day(last)),
            )
        return first

    def _default_channel(self) -> str:
        own = self.workspace.root / "channels"
        mine = sorted(p.stem for p in own.glob("*.toml")) if own.is_dir() else []
        return (mine or ["email"])[0]

    def _channel(self, key: str) -> str:
        try:
            return self._sources().channels.get(key).label(language())
        except UserError:
            return key

    def _sources(self) -> Sources:
        if self.sources is None:  # read once: the files do not change during the dialogue
            self.sources = load_sources(self.workspace)
        return self.sources


def _line(text: str) -> str:
    """An answer as one line, bounded; control characters are not part of an answer."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text)[:MAX_ANSWER]
    return text.strip()
