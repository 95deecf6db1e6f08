"""The journey map of one campaign: its stages as columns in journey order, each step's
touchpoints under its stage, empty stages as gaps to fill, and a small timeline with the buying
cycle before the anchor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from ..i18n import _, ngettext
from ..journey import STAGES
from ..plan import Item
from ..rules import Campaign, Step
from . import labels
from .model import Column, Journey, Mark, Touchpoint


def _named(name: str, value: str) -> str:
    """ "anchor: 14 Feb 2027" / "ancre : 14 févr. 2027"."""
    return _("{name}: {value}").format(name=name, value=value)


def _span(first: date, last: date, lang: str) -> str:
    one, other = labels.short_day(first, lang), labels.short_day(last, lang)
    return one if first == last else labels.from_to(one, other)


def _touchpoint(step: Step, items: Sequence[Item], lang: str) -> Touchpoint:
    first_line = (step.title or step.content).strip().splitlines()
    # The publication, not its preparation, names the touchpoint.
    shown = next((i for i in items if i.kind == "publish"), items[0] if items else None)
    return Touchpoint(
        step=step.index,
        step_label=_("step {n}").format(n=step.index),
        title=shown.title if shown else (first_line[0] if first_line else ""),
        brief=shown.brief if shown else step.content,
        channels=[(labels.channel_tag(c), c) for c in step.channels],
        dates=_span(items[0].start.date(), items[-1].start.date(), lang) if items else "",
        count_label=labels.items_label(len(items)),
        ids=[i.id for i in items],
    )


def _columns(campaign: Campaign, items: Sequence[Item], lang: str) -> list[Column]:
    by_step: dict[int, list[Item]] = {}
    for item in items:
        by_step.setdefault(item.step, []).append(item)
    present = {i.stage for i in items}
    # A stage planned outside the campaign's model still shows, after the model's, marked.
    extra = [s for s in STAGES if s in present and s not in campaign.stages]
    columns = []
    for stage in (*campaign.stages, *extra):
        label = labels.stage_label(stage, lang)
        steps = [s for s in campaign.steps if s.stage == stage]
        column = Column(
            stage=stage,
            label=label,
            touchpoints=[_touchpoint(s, by_step.get(s.index, []), lang) for s in steps],
        )
        if stage not in present:
            column.gap = _("Nothing planned for {stage}").format(stage=label)
        if stage in extra:
            column.note = _("not in the campaign's journey")
        columns.append(column)
    return columns


def _cycle_days(cycle: timedelta) -> int:
    return cycle.days + (1 if cycle.seconds else 0)


def _marks(
    campaign: Campaign, items: Sequence[Item], anchor: date | None, lang: str
) -> tuple[list[Mark], tuple[str, str]]:
    """The timeline's marks, and its first and last dates."""
    cycle_start = None
    if anchor is not None and campaign.buying_cycle is not None:
        cycle_start = anchor - timedelta(days=_cycle_days(campaign.buying_cycle))
    days = [i.start.date() for i in items]
    days += [d for d in (anchor, cycle_start) if d is not None]
    if not days:
        return [], ("", "")
    low, high = min(days), max(days)
    span = (high - low).days + 1

    def left(day: date) -> float:
        return round((day - low).days / span * 100, 2)

    def width(first: date, last: date) -> float:
        return round(((last - first).days + 1) / span * 100, 2)

    marks: list[Mark] = []
    if cycle_start is not None and anchor is not None:
        last = anchor - timedelta(days=1)
        marks.append(
            Mark(
                "cycle",
                "cycle",
                left(cycle_start),
                width(cycle_start, last),
                _("buying cycle"),
                _named(_("buying cycle"), _span(cycle_start, last, lang)),
            )
        )
    for stage in STAGES:
        dates = [i.start.date() for i in items if i.stage == stage]
        if dates:
            label = labels.stage_label(stage, lang)
            marks.append(
                Mark(
                    "stage",
                    f"st-{stage}",
                    left(dates[0]),
                    width(dates[0], dates[-1]),
                    label,
                    _named(label, _span(dates[0], dates[-1], lang)),
                )
            )
    if anchor is not None:
        when = labels.short_day(anchor, lang)
        marks.append(
            Mark(
                "anchor",
                "anchor",
                left(anchor),
                width(anchor, anchor),
                _("anchor"),
                _named(_("anchor"), when),
            )
        )
    return marks, (labels.short_day(low, lang), labels.short_day(high, lang))


def build_journey(
    campaign: Campaign, items: Sequence[Item], anchor: date | None, page_lang: str
) -> Journey:
    """``items`` are the campaign's, sorted by start; labels follow the campaign's language."""
    lang = labels.language(campaign.locale or page_lang)
    with labels.speaking(lang):
        return _journey(campaign, items, anchor, lang)


def _journey(campaign: Campaign, items: Sequence[Item], anchor: date | None, lang: str) -> Journey:
    marks, scale = _marks(campaign, items, anchor, lang)
    cycle = ""
    if campaign.buying_cycle is not None:
        days = _cycle_days(campaign.buying_cycle)
        length = ngettext("{count} day", "{count} days", days).format(count=days)
        cycle = _("buying cycle: {span} before the anchor").format(span=length)
    return Journey(
        key=campaign.key,
        name=campaign.name,
        locale=lang,
        columns=_columns(campaign, items, lang),
        marks=marks,
        scale=scale,
        anchor=_named(_("anchor"), labels.short_day(anchor, lang))
        if anchor is not None
        else _("no anchor (as soon as possible)"),
        cycle=cycle,
        total_label=labels.items_label(len(items)),
        anchor_left=next(
            (round(m.left + m.width / 2, 2) for m in marks if m.kind == "anchor"), None
        ),
    )
