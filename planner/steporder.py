"""The order steps are placed in: each after the steps its phrases count from ("3 to 5 days
after awareness" waits for awareness); a reference no step can satisfy, or a loop, is said
here, before any date is computed."""

from __future__ import annotations

from collections.abc import Iterator

from . import i18n, journey
from .errors import CycleError, Pos, RuleError, quoted
from .i18n import _
from .phrases import EventRef, StageRef
from .rules import Campaign, Step


def refs(step: Step) -> Iterator[tuple[StageRef | EventRef, Pos | None]]:
    """Each reference of the step's phrases, with where it is written."""
    for key, when in (("when", step.when), ("before", step.before)):
        if when is not None:
            origin = step.pos(key)
            for ref in when.refs:
                yield ref, origin.shifted(ref.offset) if origin is not None else None


def order_steps(campaign: Campaign) -> list[Step]:
    """Steps in an order where each comes after the steps its phrases refer to.

    A reference that no step can satisfy is reported here, before any date is computed.
    """
    deps: dict[int, set[int]] = {}
    for step in campaign.steps:
        needs: set[int] = set()
        for ref, pos in refs(step):
            if not isinstance(ref, StageRef):
                continue
            if ref.stage == "previous":
                if step.index == 1:
                    raise RuleError(
                        _("the first step cannot count from the step before it: there is none"),
                        pos,
                        _(
                            "count from a date, an event or the anchor, e.g. "
                            '"3 jours avant anchor", or start with "dès que possible"'
                        ),
                    )
                needs.add(step.index - 1)
                continue
            others = [s.index for s in campaign.steps if s.stage == ref.stage and s is not step]
            if not others:
                said = i18n.language()
                stages = ", ".join(
                    dict.fromkeys(journey.label(s.stage, said) for s in campaign.steps)
                )
                other = (
                    _("no other step of stage {stage} to count from")
                    if step.stage == ref.stage
                    else _("no step of stage {stage} to count from")
                )
                raise RuleError(
                    other.format(stage=quoted(journey.label(ref.stage, said))),
                    pos,
                    _(
                        "this campaign's steps are: {stages}; add a step with {line}, or count "
                        "from another stage, an event or the anchor"
                    ).format(stages=stages, line=f'stage = "{journey.label(ref.stage, said)}"'),
                )
            needs.update(others)
        deps[step.index] = needs
    done: list[Step] = []
    placed: set[int] = set()
    pending = list(campaign.steps)
    while pending:
        ready = [s for s in pending if deps[s.index] <= placed]
        if not ready:
            loop = _loop(deps, {s.index for s in pending})
            first = campaign.steps[loop[0] - 1]
            said = i18n.language()
            steps = ", ".join(
                f"{i} ({journey.label(campaign.steps[i - 1].stage, said)})" for i in loop
            )
            raise CycleError(
                _("steps {steps} count from each other in a loop").format(steps=steps),
                first.pos("when"),
                _("make one of them count from a date, an event or the anchor"),
                steps=loop,
            )
        for step in ready:
            done.append(step)
            placed.add(step.index)
            pending.remove(step)
    return done


def _loop(deps: dict[int, set[int]], pending: set[int]) -> list[int]:
    """The steps of one dependency loop among ``pending``, in the order they refer."""
    path: list[int] = []
    node = min(pending)
    while node not in path:
        path.append(node)
        # Every pending step waits for another pending one, so this always finds one.
        node = min(d for d in deps[node] if d in pending)
    return path[path.index(node) :]
