"""Campaign rule files: TOML → validated :class:`Campaign`, every error at ``path:line:col``."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import identity, journey
from .errors import Pos, RuleError, UserError, did_you_mean, example, quoted
from .i18n import _, language
from .phrases.types import MAX_YEAR, MIN_YEAR
from .tomlsource import TomlSource, read_toml
from .workspace import LOCALES, Settings, zone

if TYPE_CHECKING:
    from .phrases import Recurrence, When

CAMPAIGN_KEYS = (
    "name",
    "anchor",
    "year",
    "timezone",
    "locale",
    "country",
    "buying_cycle",
    "journey",
    "description",
    "hashtags",
)
STEP_KEYS = (
    "stage",
    "when",
    "channels",
    "content",
    "every",
    "at",
    "duration",
    "before",
    "offer",
    "title",
    "id",
)
# What a hint shows for each text key: a value the user can copy.
EXAMPLES = {
    "name": '"Saint-Valentin"',
    "anchor": '"valentines_day"',
    "timezone": '"Europe/Paris"',
    "locale": '"fr"',
    "country": '"FR"',
    "buying_cycle": '"30 jours"',
    "description": '"Bagues de fiançailles"',
    "hashtags": '"#saintvalentin"',
    "stage": '"awareness"',
    "when": '"mi-janvier"',
    "content": '"Photos of the new rings"',
    "every": '"3 jours"',
    "duration": '"48 heures"',
    "before": '"10 jours avant anchor"',
    "title": '"Teaser"',
}
ASAP_WORDS = ("asap", "as soon as possible", "now", "des que possible", "au plus vite")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True)
class Step:
    index: int  # 1-based, in file order
    stage: str  # canonical
    when: When
    channels: tuple[str, ...]
    content: str
    every: Recurrence | None = None
    at: tuple[time, ...] = ()
    duration: timedelta | None = None
    before: When | None = None
    offer: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    key: str = ""  # the step's `id`, else its index (its identity before store 0007)
    named: bool = False  # it has an `id` key: that is its identity
    # Per channel, what its items' ids are made from (planner.identity): its `id`, else its
    # stage and content.
    identity: dict[str, str] = field(default_factory=dict)
    line: int = 0
    positions: dict[str, Pos] = field(default_factory=dict)

    def pos(self, key: str) -> Pos | None:
        return self.positions.get(key) or self.positions.get("")

    @property
    def repeat_pos(self) -> Pos | None:
        """Where the step says it repeats: its `every`, else its `when`."""
        return self.positions.get("every") or self.pos("when")


@dataclass(slots=True)
class Campaign:
    key: str  # file stem: identity for item ids
    path: str
    name: str
    anchor: str  # "asap", an ISO date, or an event name/key as written
    year: int | None
    timezone: str
    locale: str
    country: str | None
    buying_cycle: timedelta | None
    stages: tuple[str, ...]
    steps: list[Step]
    description: str = ""
    hashtags: str = ""
    positions: dict[str, Pos] = field(default_factory=dict)
    # Another campaign of the workspace, planned only so that channel caps count its items.
    counted_only: bool = False
    file: Path | None = None  # the rule file as read; ``path`` names it for messages
    source: str = ""  # the file as items name it: relative to the workspace (source_name)

    @property
    def is_asap(self) -> bool:
        return journey.fold(self.anchor) in ASAP_WORDS

    @property
    def anchor_date(self) -> date | None:
        """The anchor when it is written as an ISO date."""
        return date.fromisoformat(self.anchor) if _ISO.match(self.anchor) else None

    def pos(self, key: str) -> Pos:
        return self.positions.get(key) or self.positions.get("") or Pos(self.path)


def _stage_list(stages: tuple[str, ...]) -> str:
    # Every language's stage names are accepted: the list shows the reader's own.
    return ", ".join(journey.label(stage, language()) for stage in stages)


def _unknown_key(key: str, known: tuple[str, ...], pos: Pos, where: str) -> RuleError:
    hint = did_you_mean(key, known, _("known keys: {keys}").format(keys=", ".join(known)))
    return RuleError(
        _("unknown key {key} in {where}").format(key=quoted(key), where=where), pos, hint
    )


class _Reader:
    """Typed access to one table of the document, raising positioned errors."""

    def __init__(self, src: TomlSource, table: str, index: int, data: dict[str, Any]) -> None:
        self.src, self.table, self.index, self.data = src, table, index, data

    def pos(self, key: str, *, value: bool = True) -> Pos:
        return self.src.pos(self.table, key, self.index, value=value)

    def text_pos(self, key: str) -> Pos:
        return self.src.string_pos(self.table, key, self.index)

    @property
    def where(self) -> str:
        return f"[[{self.table}]] {self.index + 1}" if self.index >= 0 else f"[{self.table}]"

    def missing(self, key: str, sample: str) -> RuleError:
        return RuleError(
            _("missing required key {key} in {where}").format(key=quoted(key), where=self.where),
            self.pos(""),
            _("add a line such as: {key} = {example}").format(key=key, example=sample),
        )

    def string(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        sample = EXAMPLES[key]
        if value is None:
            if required:
                raise self.missing(key, sample)
            return None
        if not isinstance(value, str):
            raise RuleError(
                _("{key} must be a string").format(key=key),
                self.pos(key),
                example(key, sample),
            )
        if required and not value.strip():
            raise RuleError(
                _("{key} is empty").format(key=key), self.pos(key), example(key, sample)
            )
        return value

    def check_keys(self, known: tuple[str, ...], where: str) -> None:
        for key in self.data:
            if key not in known:
                raise _unknown_key(key, known, self.pos(key, value=False), where)


def _phrase_error_at(exc: UserError, pos: Pos) -> UserError:
    if exc.pos is None:
        exc.pos = pos
    return exc


def load_campaign(
    path: Path, settings: Settings, shown: str | None = None, source: str | None = None
) -> Campaign:
    """Read and validate one rule file (phrases are parsed here, resolved at expansion).
    ``shown``: the file as messages name it; ``source``: as its items name it."""
    from .phrases import parse_duration, parse_every, parse_times, parse_when

    src = read_toml(path, shown or str(path))
    data = src.data
    if not data:
        raise RuleError(
            _("the file is empty"),
            Pos(src.path, 1, 1),
            _("start with a [campaign] table; `planner new NAME` writes a starter file"),
        )
    for key in data:
        if key not in ("campaign", "step"):
            if ("", -1, key) in src.keys:
                raise _unknown_key(
                    key, ("campaign", "step"), src.pos("", key, value=False), _("the rule file")
                )
            many = isinstance(data[key], list)
            header = {"campaign": "[campaign]", "step": "[[step]]"}
            close = difflib.get_close_matches(key, tuple(header), n=1)
            raise RuleError(
                _("unknown table {table}").format(table=f"[[{key}]]" if many else f"[{key}]"),
                src.pos(key, index=0 if many else -1),
                _("did you mean {table}?").format(table=header[close[0]])
                if close
                else _("a rule file holds [campaign] and [[step]]"),
            )
    head = data.get("campaign")
    if head is not None and not isinstance(head, dict):
        raise RuleError(
            _("{table} must be a table").format(table="campaign"),
            src.pos("", "campaign", value=False),
            _('write a [campaign] header, then name = "…" and anchor = "…" on lines of their own'),
        )
    if head is None:
        raise RuleError(
            _("missing [campaign] table"),
            Pos(src.path, 1, 1),
            _('add [campaign] with at least name = "…" and anchor = "…"'),
        )
    c = _Reader(src, "campaign", -1, head)
    c.check_keys(CAMPAIGN_KEYS, "[campaign]")
    name = c.string("name", required=True) or ""
    anchor = (c.string("anchor") or "asap").strip()
    year = head.get("year")
    if year is not None and (
        not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR
    ):
        raise RuleError(
            _("{key} must be a whole number from {first} to {last}").format(
                key="year", first=MIN_YEAR, last=MAX_YEAR
            ),
            c.pos("year"),
            example("year", "2027"),
        )
    tz_name = c.string("timezone") or settings.timezone
    zone(tz_name, c.pos("timezone") if "timezone" in head else None)
    locale = c.string("locale") or settings.locale
    if locale not in LOCALES:
        raise RuleError(
            _("unknown locale {locale}").format(locale=quoted(locale)),
            c.pos("locale"),
            _('use "en" or "fr"'),
        )
    country = c.string("country") or settings.country
    cycle_text = c.string("buying_cycle")
    buying_cycle = None
    if cycle_text is not None:
        try:
            buying_cycle = parse_duration(cycle_text, c.text_pos("buying_cycle"))
        except UserError as exc:
            raise _phrase_error_at(exc, c.pos("buying_cycle")) from None
    model = head.get("journey", "5-stage")
    try:
        if not isinstance(model, str | list):
            raise ValueError(_("journey must be a model name or a list of stages"))
        if isinstance(model, list) and not all(isinstance(word, str) for word in model):
            raise ValueError(_("journey must be a list of stage names, each in quotes"))
        stages = journey.model(model)
    except ValueError as exc:
        raise RuleError(
            str(exc),
            c.pos("journey"),
            _('use "3-stage", "4-stage", "5-stage" or a list of stages'),
        ) from None

    raw_steps = data.get("step", [])
    if isinstance(raw_steps, dict):
        raise RuleError(
            _("a step is written [[step]], with two brackets"),
            src.pos("step"),
            _("each [[step]] starts a new step; [step] would allow only one"),
        )
    if not isinstance(raw_steps, list) or not raw_steps:
        raise RuleError(
            _("the campaign has no steps"),
            c.pos(""),
            _("add one or more [[step]] tables with stage, when, channels and content"),
        )
    # A phrase's errors speak its language; the campaign's locale decides when its words
    # do not ("Noël" alone).
    when = partial(parse_when, locale=locale)
    every = partial(parse_every, locale=locale)
    steps = [
        _load_step(src, i, raw, stages, when, every, parse_times, parse_duration)
        for i, raw in enumerate(raw_steps)
    ]
    seen: dict[str, int] = {}
    for step in steps:
        if step.key in seen:
            raise RuleError(
                _("step id {id} is used twice").format(id=quoted(step.key)),
                step.pos("id"),
                _("step {step} already has it; ids must be unique").format(step=seen[step.key]),
            )
        seen[step.key] = step.index
    identity.assign(steps)
    positions = {k: c.text_pos(k) if isinstance(head[k], str) else c.pos(k) for k in head}
    positions[""] = src.pos("campaign")
    return Campaign(
        key=path.stem,
        path=src.path,
        source=source or src.path,
        name=name,
        anchor=anchor,
        year=year,
        timezone=tz_name,
        locale=locale,
        country=country.upper() if country else None,
        buying_cycle=buying_cycle,
        stages=stages,
        steps=steps,
        description=c.string("description") or "",
        hashtags=c.string("hashtags") or "",
        positions=positions,
        file=path,
    )


def _load_step(
    src: TomlSource,
    i: int,
    raw: object,
    stages: tuple[str, ...],
    parse_when: Any,
    parse_every: Any,
    parse_times: Any,
    parse_duration: Any,
) -> Step:
    if not isinstance(raw, dict):
        raise RuleError(_("each step must be a table"), src.pos("step", "", i), _("write [[step]]"))
    s = _Reader(src, "step", i, raw)
    s.check_keys(STEP_KEYS, _("step {step}").format(step=i + 1))
    stage_word = s.string("stage", required=True) or ""
    stage = journey.stage_for(stage_word)
    if stage is None:
        raise RuleError(
            _("unknown stage {stage}").format(stage=quoted(stage_word)),
            s.pos("stage"),
            did_you_mean(
                journey.fold(stage_word),
                journey.all_stage_words(),
                _("stages: {stages}").format(stages=_stage_list(journey.STAGES)),
            ),
        )
    if stage not in stages:
        raise RuleError(
            _("stage {stage} is not in this campaign's journey ({stages})").format(
                stage=quoted(journey.label(stage, language())), stages=_stage_list(stages)
            ),
            s.pos("stage"),
            _('set journey = "5-stage" in [campaign], or list the stages you use'),
        )
    when_text = s.string("when", required=True) or ""
    when = parse_when(when_text, s.text_pos("when"))
    channels_raw = raw.get("channels")
    if channels_raw is None:
        raise s.missing("channels", '["instagram"]')
    if isinstance(channels_raw, str):
        channels_raw = [channels_raw]
    if (
        not isinstance(channels_raw, list)
        or not channels_raw
        or not all(isinstance(ch, str) and ch.strip() for ch in channels_raw)
    ):
        raise RuleError(
            _("channels must be a non-empty list of channel names"),
            s.pos("channels"),
            example("channels", '["instagram", "email"]'),
        )
    if len(set(channels_raw)) != len(channels_raw):
        raise RuleError(
            _("a channel is listed twice"), s.pos("channels"), _("list each channel once")
        )
    content = s.string("content", required=True) or ""
    every = None
    if (every_text := s.string("every")) is not None:
        every = parse_every(every_text, s.text_pos("every"))
    at: tuple[time, ...] = ()
    if "at" in raw:
        at_raw = raw["at"]
        texts = [at_raw] if isinstance(at_raw, str) else at_raw
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            raise RuleError(
                _("at must be a time or a list of times"), s.pos("at"), example("at", '"11:00"')
            )
        at = tuple(t for text in texts for t in parse_times(text, s.text_pos("at")))
    duration = None
    if (duration_text := s.string("duration")) is not None:
        duration = parse_duration(duration_text, s.text_pos("duration"))
        if duration <= timedelta(0):
            raise RuleError(
                _("duration must be longer than zero"),
                s.pos("duration"),
                example("duration", '"48 hours"'),
            )
    before = None
    if (before_text := s.string("before")) is not None:
        before = parse_when(before_text, s.text_pos("before"))
    offer = raw.get("offer", {})
    if not isinstance(offer, dict):
        raise RuleError(
            _("offer must be a table"),
            s.pos("offer"),
            example("offer", '{ discount = "30 %", free_delivery = true }'),
        )
    step_id = raw.get("id")
    if step_id is not None and (not isinstance(step_id, str | int) or isinstance(step_id, bool)):
        raise RuleError(_("id must be a string"), s.pos("id"), example("id", '"teaser"'))
    positions = {k: s.text_pos(k) if isinstance(raw[k], str) else s.pos(k) for k in raw}
    positions[""] = s.pos("")
    header = src.keys.get(("step", i, ""))
    return Step(
        index=i + 1,
        stage=stage,
        when=when,
        channels=tuple(ch.strip() for ch in channels_raw),
        content=content,
        every=every,
        at=at,
        duration=duration,
        before=before,
        offer=offer,
        title=s.string("title") or "",
        key=str(step_id) if step_id is not None else str(i + 1),
        named=step_id is not None,
        line=header[0] if header else 0,
        positions=positions,
    )
