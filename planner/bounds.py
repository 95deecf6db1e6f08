"""How long a value an operation of a template would build, known before the operation runs.

The sandbox (planner/sandbox.py) asks here before the operations that can build a big value in
one step: ``*``, ``+``, ``**`` and ``%``; a text's ``center``, ``ljust``, ``rjust``,
``zfill``, ``expandtabs``, ``replace``, ``join``, ``translate``; a number's ``to_bytes``; the
filters ``center``, ``indent``, ``wordwrap``, ``join``, ``replace``, ``format``, ``urlize``,
``tojson``, ``pprint``, ``batch`` and ``round``. A check raises the budget's error when the
result would not fit. The bounds may be generous (a value printed with escapes can come out a
few times its weight): whatever an operation makes is weighed again once it is made.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from .budget import Budget, digits

_SEQUENCES = (str, bytes, bytearray, list, tuple)
_HUGE = 10**18  # a number written with more digits than a width could need

# Checks take the budget, the call's arguments from the value on, and its keywords, and
# return the arguments to call with (``join`` reads a lazy sequence once, for both).
Check = Callable[[Budget, tuple[Any, ...], dict[str, Any]], tuple[Any, ...]]
MethodCheck = Callable[[Budget, Any, tuple[Any, ...], dict[str, Any]], tuple[Any, ...]]


def check_binop(budget: Budget, operator: str, left: Any, right: Any) -> tuple[int, int] | None:
    """Refuse the operation when its result would not fit; for a list or tuple joined or
    repeated, the result's weight and depth, known from the operands' without a walk."""
    if operator == "*":
        return _times(budget, left, right)
    if operator == "+":
        if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
            weight = budget.weight(left) + budget.weight(right) - 2  # one pair of brackets
            budget.fits(weight, "a value")
            return weight, max(budget.depth(left), budget.depth(right))
        if isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
            budget.fits(len(left) + len(right))
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 1 and abs(left) > 1:
            budget.number(int(right * math.log10(abs(left))) + 1)
    elif operator == "%" and isinstance(left, (str, bytes)):
        budget.fits(percent_length(budget, left, right))
    return None


def _times(budget: Budget, left: Any, right: Any) -> tuple[int, int] | None:
    if isinstance(left, int) and isinstance(right, _SEQUENCES):
        left, right = right, left
    if isinstance(left, (list, tuple)) and isinstance(right, int):
        count = max(right, 0)
        budget.fits(len(left) * count, "a list")
        weight = 2 + (budget.weight(left) - 2) * count
        budget.fits(weight, "a value")
        return weight, budget.depth(left)
    if isinstance(left, _SEQUENCES) and isinstance(right, int):
        budget.fits(len(left) * max(right, 0))
    elif isinstance(left, int) and isinstance(right, int):
        budget.number(digits(left) + digits(right))
    return None


_PERCENT = re.compile(r"%(?:\(([^)]*)\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)", re.S)


def percent_length(budget: Budget, template: str | bytes, values: Any) -> int:
    """A bound on the length of ``template % values``: each field's width, precision and the
    weight of the value it prints (a float's digits included)."""
    text = template.decode("latin-1") if isinstance(template, bytes) else template
    mapping = values if isinstance(values, Mapping) else None
    queue = list(values) if isinstance(values, tuple) else [] if mapping else [values]
    taken = 0

    def take() -> Any:
        nonlocal taken
        taken += 1
        return queue[taken - 1] if taken <= len(queue) else None

    length = len(text)
    for key, width, precision, conversion in _PERCENT.findall(text):
        if conversion == "%":
            continue
        length += _number(take() if width == "*" else width)
        length += _number(take() if precision == "*" else precision)
        value = mapping.get(key) if mapping is not None and key else take()
        length += budget.weight(value) + 320  # a float printed in full: up to 309 digits
    return length


def spec_length(spec: str) -> int:
    """What the numbers of a ``format`` field's spec (``>20``, ``.3f``) may add."""
    return sum(_number(number) for number in re.findall(r"\d+", spec))


def _number(value: Any) -> int:
    if isinstance(value, str):
        return int(value) if value and len(value) <= 18 else _HUGE if value else 0
    return abs(value) if isinstance(value, int) else 0


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _words(text: Any, weight: int) -> int:
    return len(text.split()) if isinstance(text, str) else weight


def replaced_length(text: Any, old: Any, new: Any, count: Any) -> int:
    """The length of ``text.replace(old, new, count)``."""
    if isinstance(text, Markup):
        old, new = escape(old), escape(new)
    try:
        found = text.count(old) if old else len(text) + 1
        grows = len(new) - len(old)
    except TypeError:  # the replacement itself will say what is wrong
        return len(text)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return int(len(text) + found * max(0, grows))


# -- methods of texts (and of numbers), found by name on the bound method


def _width(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    width = _arg(args, kwargs, 0, "width", 0)
    if isinstance(width, int):
        budget.fits(max(len(text), width))
    return args


def _expandtabs(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    size = _arg(args, kwargs, 0, "tabsize", 8)
    if isinstance(size, int):
        tabs = text.count("\t" if isinstance(text, str) else b"\t")
        budget.fits(len(text) + tabs * max(size, 0))
    return args


def _replace(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if len(args) >= 2:
        budget.fits(replaced_length(text, args[0], args[1], _arg(args, kwargs, 2, "count", -1)))
    return args


def _join(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if len(args) != 1:
        return args
    items = args[0] if isinstance(args[0], (list, tuple)) else list(args[0])
    pieces = sum(budget.weight(item) for item in items)
    budget.fits(pieces + max(len(items) - 1, 0) * len(text))
    return (items,)


def _translate(budget: Budget, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    table = _arg(args, kwargs, 0, "table", None)
    if isinstance(text, str) and isinstance(table, Mapping):
        longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
        budget.fits(len(text) * max(longest, 1))
    return args


def _to_bytes(budget: Budget, number: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    length = _arg(args, kwargs, 0, "length", 1)
    if isinstance(length, int):
        budget.fits(length)
    return args


_TEXT_METHODS: dict[str, MethodCheck] = {
    "center": _width,
    "ljust": _width,
    "rjust": _width,
    "zfill": _width,
    "expandtabs": _expandtabs,
    "replace": _replace,
    "join": _join,
    "translate": _translate,
}


def method_check(function: Any) -> tuple[MethodCheck, Any] | None:
    """The check for calling ``function``, a method bound to a text or a number, and its
    owner; None for anything else."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, (str, bytes, bytearray)) and name in _TEXT_METHODS:
        return _TEXT_METHODS[name], owner
    if isinstance(owner, int) and name == "to_bytes":
        return _to_bytes, owner
    return None


# -- filters; ``args`` start at the filtered value


def _center(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    width = _arg(args, kwargs, 1, "width", 80)
    if isinstance(width, int):
        budget.fits(max(budget.weight(args[0]), width))
    return args


def _indent(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    text, width = args[0], _arg(args, kwargs, 1, "width", 4)
    pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    length = budget.weight(text)
    lines = text.count("\n") + 2 if isinstance(text, str) else length + 2
    budget.fits(length + 1 + lines * max(pad, 0))
    return args


def _wordwrap(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    text, width = args[0], _arg(args, kwargs, 1, "width", 79)
    wrap = _arg(args, kwargs, 3, "wrapstring", None)
    if isinstance(width, int) and width > 0:
        length = budget.weight(text)
        breaks = length // width + _words(text, length) + 1
        budget.fits(length + breaks * (len(wrap) if isinstance(wrap, str) else 1))
    return args


def _join_filter(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    value = args[0]
    items = value if isinstance(value, (list, tuple)) else list(value)
    separator = _arg(args, kwargs, 1, "d", "")
    between = budget.weight(separator) if separator else 0
    pieces = sum(budget.weight(item) for item in items)
    budget.fits(pieces + max(len(items) - 1, 0) * between)
    return (items, *args[1:])


def _replace_filter(
    budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    text, old, new = args[0], _arg(args, kwargs, 1, "old", None), _arg(args, kwargs, 2, "new", "")
    count = _arg(args, kwargs, 3, "count", None)
    if isinstance(old, str) and isinstance(new, str):
        plain = text if isinstance(text, str) else str(text)
        budget.fits(replaced_length(plain, old, new, -1 if count is None else count))
    return args


def _format(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    budget.fits(percent_length(budget, str(args[0]), kwargs or tuple(args[1:])))
    return args


def _urlize(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    text = args[0]
    extra = 80 + sum(
        len(x)
        for x in (_arg(args, kwargs, 3, "target", None), _arg(args, kwargs, 4, "rel", None))
        if isinstance(x, str)
    )
    length = budget.weight(text)
    words = text.split() if isinstance(text, str) else []
    links = sum(len(w) + extra for w in words if "." in w or ":" in w or "@" in w)
    budget.fits(length + links)
    return args


def _lines(budget: Budget, value: Any, pad: int) -> int:
    """A bound on printing ``value`` one item a line, indented by ``pad`` a level."""
    weight = budget.weight(value)
    return weight + (weight // 4 + 2) * (1 + pad * budget.depth(value))


def _tojson(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    indent = _arg(args, kwargs, 1, "indent", None)
    pad = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
    if pad:
        budget.fits(_lines(budget, args[0], max(pad, 0)))
    return args


def _pprint(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    budget.fits(_lines(budget, args[0], 1))
    return args


def _batch(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    count = _arg(args, kwargs, 1, "linecount", 0)
    if _arg(args, kwargs, 2, "fill_with", None) is not None and isinstance(count, int):
        budget.fits(count, "a list")
    return args


def _round(budget: Budget, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    precision = _arg(args, kwargs, 1, "precision", 0)
    if isinstance(precision, int):
        budget.number(abs(precision) + 1)
    return args


FILTER_CHECKS: dict[str, Check] = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "join": _join_filter,
    "replace": _replace_filter,
    "format": _format,
    "urlize": _urlize,
    "tojson": _tojson,
    "pprint": _pprint,
    "batch": _batch,
    "round": _round,
}
