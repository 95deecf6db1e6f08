"""The window of a step: its phrases resolved against the campaign, the named events and the
steps already planned, and checked against the planning start.

Expansion places items in it; `planner import` and `planner new --ask` show it back to the
user ("début mai → du 1er au 10 mai 2027") without planning the step itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from . import i18n
from .errors import EventError, PlacementError, quoted
from .i18n import _
from .journey import label, step_text
from .moves import OneDay, one_day
from .phrases import EventRef, Window
from .rules import Campaign, Step
from .steporder import refs

if TYPE_CHECKING:
    from .expand import Sources


class StepContext:
    """What a step's phrases resolve against (see phrases.types.Context): the campaign, its
    anchor, the planning start, the named events and closures, and the days the steps already
    planned took (``spans``, by step index)."""

    def __init__(
        self,
        campaign: Campaign,
        anchor: date | None,
        start: date,
        sources: Sources,
        spans: dict[int, tuple[date, date]],
        step: Step,
    ) -> None:
        self.campaign, self._anchor, self._start = campaign, anchor, start
        self.sources, self.spans, self.step = sources, spans, step

    @property
    def start(self) -> date:
        return self._start

    @property
    def anchor(self) -> date | None:
        return self._anchor

    @property
    def locale(self) -> str:
        return self.campaign.locale

    @property
    def country(self) -> str | None:
        return self.campaign.country

    def stage_span(self, stage: str) -> tuple[date, date]:
        if stage == "previous":
            if self.step.index == 1:
                raise LookupError(_("the first step has no previous step to count from"))
            return self.spans[self.step.index - 1]
        spans = [
            self.spans[s.index]
            for s in self.campaign.steps
            if s.stage == stage and s is not self.step and s.index in self.spans
        ]
        if not spans:
            raise LookupError(
                _("no other step of stage {stage} in this campaign").format(
                    stage=quoted(label(stage, i18n.language()))
                ),
                [s.stage for s in self.campaign.steps],
            )
        return min(a for a, _ in spans), max(b for _, b in spans)

    def event(self, name: str) -> tuple[date, date]:
        return self._event(name, None)

    def event_after(self, name: str, day: date) -> tuple[date, date]:
        return self._event(name, day)

    def _event(self, name: str, after: date | None) -> tuple[date, date]:
        events, country = self.sources.events, self.campaign.country
        key = events.key_for(name, country)
        if key is None:
            raise LookupError(
                _("unknown event {event}").format(event=quoted(name)),
                events.suggest(name, self.locale),
            )
        try:
            if after is not None:
                span = events.next_from(key, country, after)
                if span[0] <= after:  # under way: the next one
                    span = events.next_from(key, country, span[1] + timedelta(days=1))
                return span
            if self._anchor is not None:
                return events.nearest(key, country, self._anchor)
            return events.next_from(key, country, self._start)
        except EventError as exc:
            # Raised as is, not as a LookupError: its hint says where to give the event a date.
            named = [
                (r, p) for r, p in refs(self.step) if isinstance(r, EventRef) and r.name == name
            ]
            if exc.pos is None and named:
                exc.pos = named[0][1]
            raise

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.sources.closures.is_holiday(
            day, self.campaign.country
        )


def step_window(step: Step, ctx: StepContext, start: date) -> tuple[Window, OneDay | None]:
    """The step's window, and the one day its `when` names, if it names one (see moves.py)."""
    window = when = step.when.resolve(ctx)
    deadline = None
    if step.before is not None:
        deadline = step.before.resolve(ctx).end
        if deadline < window.end:
            if deadline < window.start:
                raise PlacementError(
                    _("the deadline {deadline} comes before the window opens ({start})").format(
                        deadline=deadline, start=window.start
                    ),
                    step.pos("before"),
                    _("move the deadline later or the window earlier"),
                    step=step.index,
                    constraint="before",
                )
            window = Window(window.start, deadline, window.asap, window.clipped)
    if window.end < window.start:
        raise PlacementError(
            _("the window is empty ({start} to {end})").format(start=window.start, end=window.end),
            step.pos("when"),
            _("check the order of the dates"),
            step=step.index,
            constraint="window",
        )
    if window.asap:
        return window, None
    if window.end < start:
        raise PlacementError(
            _(
                "{step}: the window {start} – {end} is entirely before the planning start {first}"
            ).format(
                step=step_text(step.index, step.stage),
                start=window.start,
                end=window.end,
                first=start,
            ),
            step.pos("when"),
            _("move the step later, or plan with an earlier --start"),
            step=step.index,
            constraint="planning start",
        )
    if window.start < start:
        window = Window(start, window.end, clipped=True)
    return window, one_day(when, ctx.anchor, deadline)
