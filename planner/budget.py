"""The budget of one rendering: how big the values a template builds may be, how much it may
build in all, and how long it may take.

A template is user text, run in Jinja's sandbox (planner/sandbox.py). The sandbox keeps it from
Python's internals, not from asking for too much: ``{{ 'x' * 10**9 }}``, a text doubled forty
times, loops nested over ``range(100000)``. So every rendering runs against a :class:`Budget`,
and going past it is a :class:`BudgetError` that names the limit (planner.toml's ``[limits]``):

- size (``[limits] brief``): neither the output nor any value the template builds may be longer
  than ``size`` characters. A value's length is its *weight*: the characters of a text, the
  digits of a number, the weights of a list's items with a few characters each, so that a
  weight bounds what printing, comparing or hashing the value costs however its parts are
  shared (``[x, x]`` nested forty times weighs 2**40). The sandbox checks the operations that
  can build a big value in one step before they run, and weighs every other result as it is
  made; values never change once built (the sandbox is immutable), so a weight is computed
  once and kept by identity. Nesting is bounded too (:data:`DEPTH`): Python hashes nested
  values recursively in C.
- in all: what one rendering builds, :data:`TOTAL` times its size, so that a loop cannot pile
  up memory in values each small enough.
- time (``[limits] render``): a deadline on the monotonic clock, checked at every *tick*. The
  ticks are put into the code Jinja generates, not left to what a template happens to call:
  each loop iteration ticks (a statement the code generator puts first in every loop body, and
  in a loop's ``if``), and so does every call, filter, intercepted operator, literal list,
  ``~``, include and import. Between two ticks a template runs a stretch of its own source,
  whose every step the size rule bounds: no loop, however empty, no recursion and no chain of
  includes outlasts the deadline. The clock is read here only as a guard: what a plan contains
  never depends on it; a template renders within its time or fails.
- numbers: at most 4,300 digits (Python's own limit for printing one), checked from bit
  lengths before ``*`` or ``**`` compute them.

The budget in force is in a context variable: the sandbox's hooks, called from generated code
and from inside filters, find it without Jinja passing it along.
"""

from __future__ import annotations

import math
import sys
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from contextlib import contextmanager
from contextvars import ContextVar
from time import monotonic
from typing import Any

from jinja2.environment import TemplateModule
from jinja2.utils import Namespace
from markupsafe import Markup

from . import i18n
from .i18n import _, ngettext
from .limits import MAX_BRIEF, Limits

TOTAL = 20  # a rendering may build this many times its size in all
DEPTH = 100  # values within values
NUMBER_DIGITS = sys.get_int_max_str_digits() or 4300
_LOG10_2 = math.log10(2)


class BudgetError(Exception):
    """A rendering went past its budget: ``message`` and ``hint`` are for the user."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def digits(number: int) -> int:
    """The decimal digits of ``number``, or one more."""
    return int(number.bit_length() * _LOG10_2) + 1


class Budget:
    """What one rendering of a brief or a page may still do."""

    __slots__ = (
        "_known",
        "deadline",
        "items",
        "limits",
        "noun",
        "seconds",
        "size",
        "spent",
        "total",
    )

    def __init__(self, limits: Limits, *, items: int | None = None) -> None:
        """A brief's budget; with ``items``, a page's showing that many items, which may be a
        tenth of a brief longer per item and take the render limit again per 1,000 items (the
        built-in templates need about 500 characters and 100 µs an item besides its brief)."""
        self.limits = limits
        self.noun = "brief" if items is None else "page"  # a key: the messages name it
        self.items = items or 0
        self.size = limits.brief + limits.brief * self.items // 10
        self.total = TOTAL * self.size
        self.seconds = limits.render.total_seconds() * (1 + self.items // 1000)
        self.deadline = monotonic() + self.seconds
        self.spent = 0
        # id -> (the value, kept alive so that its id is not reused; weight; depth)
        self._known: dict[int, tuple[Any, int, int]] = {}

    # -- time and the running total

    def tick(self) -> None:
        if monotonic() > self.deadline:
            raise self._late()

    def spend(self, amount: int) -> None:
        self.spent += amount
        if self.spent > self.total:
            message = (
                _(
                    "the template builds more than {total} characters in all while rendering "
                    "the brief ({times} times the {size} of {limit})"
                )
                if self.noun == "brief"
                else _(
                    "the template builds more than {total} characters in all while rendering "
                    "the page ({times} times the {size} of {limit})"
                )
            )
            raise BudgetError(
                message.format(
                    total=i18n.number(self.total),
                    times=TOTAL,
                    size=i18n.number(self.size),
                    limit=self._limit_name(),
                ),
                self._size_hint(),
            )

    # -- sizes

    def fits(self, length: int, what: str = "a text") -> None:
        """Refuse to build ``what`` (``a text``, ``a list``, ``a value``) of ``length``."""
        if length > self.size:
            message = {
                "a list": _("the template would build a list of {length} items; {limit}"),
                "a range": _("the template would build a range of {length} numbers; {limit}"),
                "a value": _("the template would build a value of {length} characters; {limit}"),
            }.get(what, _("the template would build a text of {length} characters; {limit}"))
            raise BudgetError(
                message.format(length=i18n.number(length), limit=self._limit_text()),
                self._size_hint(length),
            )

    def output(self, length: int) -> BudgetError:
        message = (
            _("the brief would be longer than {size} characters ({limit})")
            if self.noun == "brief"
            else _("the page would be longer than {size} characters ({limit})")
        )
        return BudgetError(
            message.format(size=i18n.number(self.size), limit=self._limit_name()),
            self._size_hint(length),
        )

    def number(self, count: int) -> None:
        """Refuse a number of ``count`` digits when Python could not print it."""
        if count > NUMBER_DIGITS:
            raise BudgetError(
                _(
                    "the template would compute a number of {count} digits; a number may have "
                    "{most}"
                ).format(count=i18n.number(count), most=i18n.number(NUMBER_DIGITS)),
                _("no plan needs a number that long: check the template's arithmetic (** and *)"),
            )

    def weight(self, value: Any) -> int:
        kind = type(value)
        if kind is str or kind is Markup or kind is bytes:
            return len(value)
        if kind is int:
            return digits(value)
        return self._measure(value)[0]

    def depth(self, value: Any) -> int:
        return self._measure(value)[1]

    def printed(self, namespace: Namespace) -> int:
        """What printing ``namespace`` costs now."""
        attrs = object.__getattribute__(namespace, "_Namespace__attrs")
        return self._items(attrs.items(), pairs=True)[0] + 14

    def built(self, value: Any) -> Any:
        """``value``, which an operation of the template just made, once it fits."""
        kind = _kind(type(value))
        if kind is _TEXT:
            self.fits(len(value))
            self.spend(len(value))
        elif kind is _NUMBER:
            self.number(digits(value))
        elif kind is _PAIRS or kind is _COLLECTION:
            return self.keep(value, *self._measure(value))
        elif kind is _ITERATOR:
            return Ticking(value, self)
        return value

    def keep(self, value: Any, weight: int, depth: int) -> Any:
        """``value``, a new list, tuple or dict of that weight and depth, once it fits."""
        self.fits(weight, "a value")
        if depth > DEPTH:
            raise BudgetError(
                _(
                    "the template would build values nested {depth} deep; they may be nested "
                    "{most} deep"
                ).format(depth=depth, most=DEPTH),
                _("no plan needs values nested that deep: check the template's loops"),
            )
        self._known[id(value)] = (value, weight, depth)
        self.spend(len(value))
        return value

    def _measure(self, value: Any) -> tuple[int, int]:
        """Weight and depth of ``value``; containers are walked once and remembered, and a walk
        stops as soon as it is past the size, so its cost is bounded by the size."""
        kind = _kind(type(value))
        if kind is _TEXT:
            return len(value), 0
        if kind is _NUMBER:
            return digits(value), 0
        if kind is _SMALL:
            return 8, 0
        if kind is _NAMESPACE:
            # A namespace changes (`set ns.x = …`): to the values holding it, it is one small
            # value; printing it costs what it holds then (sandbox.BudgetedNamespace).
            return 16, 0
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return known[1], known[2]
        if kind is _MODULE:  # an imported template prints all its output
            weight, depth = sum(map(len, value._body_stream)), 0
        elif kind is _PAIRS or kind is _COLLECTION:
            items = value.items() if isinstance(value, Mapping) else value
            weight, depth = self._items(items, pairs=kind is _PAIRS)
            depth += 1
        elif kind is _RANGE:
            weight = range_length(value) * (2 + digits(max(abs(value.start), abs(value.stop))))
            depth = 1
        else:
            weight, depth = self._printed(value), 0
        if weight <= self.size:  # a partial weight past the size is only ever refused
            self._known[id(value)] = (value, weight, depth)
        return weight, depth

    def _items(self, items: Any, *, pairs: bool) -> tuple[int, int]:
        weight, depth, limit = 2, 0, self.size
        for item in items:
            parts = item if pairs else (item,)
            for part in parts:
                w, d = self._measure(part)
                weight += w + 4
                depth = max(depth, d)
            if weight > limit:
                break
        return weight, depth

    @staticmethod
    def _printed(value: Any) -> int:
        """What printing an object from the plan's data (a date, an item) costs."""
        try:
            return len(repr(value))
        except BudgetError:
            raise
        except Exception:  # an object that cannot be printed costs nothing to print
            return 16

    # -- messages

    def _limit_name(self) -> str:
        if self.noun == "brief":
            return _("the brief limit")
        return _(
            "the brief limit, and a tenth of it for each of the {count} items it shows"
        ).format(count=i18n.number(self.items))

    def _limit_text(self) -> str:
        message = (
            _("a brief may hold {size} ({limit})")
            if self.noun == "brief"
            else _("a page may hold {size} ({limit})")
        )
        return message.format(size=i18n.number(self.size), limit=self._limit_name())

    def _size_hint(self, needed: int | None = None) -> str:
        brief = self.limits.brief
        wanted = 2 * brief
        if needed is not None and self.noun == "brief" and wanted < needed <= MAX_BRIEF:
            wanted = -(-needed // 1000) * 1000
        return self.limits.hint("brief", wanted)

    def _late(self) -> BudgetError:
        shown = f"{self.seconds:g}"
        if i18n.language() == "fr":
            shown = shown.replace(".", ",")
        seconds = ngettext("{seconds} second", "{seconds} seconds", 1 if self.seconds == 1 else 2)
        seconds = seconds.format(seconds=shown)
        why = _("the render limit")
        if self.items >= 1000:
            why = _(
                "the render limit, and as much again for each {thousand} of the {count} items "
                "it shows"
            ).format(thousand=i18n.number(1000), count=i18n.number(self.items))
        message = (
            _("rendering the brief takes longer than {seconds} ({why})")
            if self.noun == "brief"
            else _("rendering the page takes longer than {seconds} ({why})")
        )
        return BudgetError(message.format(seconds=seconds, why=why), self.limits.hint("render"))


# What a value is to the budget, by its type (asked of types, not of values: a namespace answers
# every attribute, `__class__` included, in Python).
_TEXT, _NUMBER, _SMALL, _NAMESPACE, _MODULE = "text", "number", "small", "namespace", "module"
_PAIRS, _COLLECTION, _RANGE, _ITERATOR, _OBJECT = "pairs", "collection", "range", "iter", "obj"
_KINDS: dict[type, str] = {}


def _kind(kind: type) -> str:
    found = _KINDS.get(kind)
    if found is None:
        found = _classify(kind)
        _KINDS[kind] = found
    return found


def _classify(kind: type) -> str:
    if issubclass(kind, (str, bytes, bytearray)):
        return _TEXT
    if issubclass(kind, int):  # bool too
        return _NUMBER
    if issubclass(kind, (float, type(None))):
        return _SMALL
    if issubclass(kind, Namespace):
        return _NAMESPACE
    if issubclass(kind, TemplateModule):
        return _MODULE
    if issubclass(kind, (Mapping, ItemsView)):
        return _PAIRS
    if issubclass(kind, (KeysView, ValuesView, list, tuple, set, frozenset)):
        return _COLLECTION
    if issubclass(kind, range):
        return _RANGE
    if issubclass(kind, Iterator):
        return _ITERATOR
    return _OBJECT


def range_length(numbers: range) -> int:
    """How many numbers ``numbers`` holds, however many."""
    try:
        return len(numbers)
    except OverflowError:  # longer than a machine word
        return sys.maxsize


class Ticking:
    """An iterator that ticks the budget at every item: the values a filter such as ``map``
    or ``select`` makes lazily cost time wherever they are consumed (``list``, ``join``, ``in``)."""

    __slots__ = ("_budget", "_inner")

    def __init__(self, inner: Iterator[Any], budget: Budget) -> None:
        self._inner = inner
        self._budget = budget

    def __iter__(self) -> Ticking:
        return self

    def __next__(self) -> Any:
        self._budget.tick()
        return next(self._inner)


_CURRENT: ContextVar[Budget | None] = ContextVar("planner_budget", default=None)


def current() -> Budget:
    budget = _CURRENT.get()
    if budget is None:
        raise RuntimeError("a template runs outside of a budget")
    return budget


@contextmanager
def spending(budget: Budget) -> Iterator[Budget]:
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def generate(template: Any, context: Mapping[str, Any], budget: Budget) -> str:
    """``template`` rendered with ``context`` through its generator, stopped as soon as the
    output is longer than the budget's size (Jinja's ``Template.generate``, without its copy
    of the context: this runs once per brief)."""
    parts: list[str] = []
    keep = parts.append  # a page yields some 200,000 chunks
    length, limit = 0, budget.size
    token = _CURRENT.set(budget)
    chunks = template.root_render_func(template.new_context(context))
    try:
        for chunk in chunks:
            length += len(chunk)
            if length > limit:  # raised where the template is, for its line
                chunks.throw(budget.output(length))
                raise budget.output(length)
            keep(chunk)
    except Exception:
        template.environment.handle_exception()  # gives the traceback the template's lines
    finally:
        chunks.close()
        _CURRENT.reset(token)
    return "".join(parts)
