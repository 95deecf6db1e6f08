"""Jinja's immutable sandbox, with every rendering held to its budget (planner/budget.py).

:class:`BudgetedEnvironment` is the environment of every template a user writes (a step's
``content``, a channel's template, a workspace's page templates). On top of the sandbox:

- the code generator writes the budget into each template's code: a tick first in every loop
  body and in every loop's ``if``, before every include and import; literal lists, tuples
  and dicts weighed as they are built; ``~`` joined by :meth:`join_values`, which measures
  before it joins; buffered output (macros, ``set`` blocks, ``call``, ``filter``) joined by
  :meth:`concat`, which measures too;
- ``+``, ``-``, ``*``, ``**`` and ``%`` are intercepted: checked before they run (a text
  repeated a billion times is refused before it exists) and never folded into constants at
  compile time, where ``{{ 10**5000 }}`` used to fail in Jinja's compiler;
- every call, filter and global (``range``, ``namespace``, ``lipsum``) ticks, runs the size
  checks of planner/bounds.py first, and has its result weighed; a lazy result (``map``,
  ``select``…) ticks at each item;
- ``str.format`` fields are measured as they are formatted, and printed values (``{{ x }}``)
  are weighed unless they are texts already.

Constant folding at compile time runs the same filters: a template compiles within a budget
too, and a fold past it is simply left for the rendering, which then fails where it should.
Compiling itself cannot be stopped half-way: a template has at most :data:`TOKENS` tokens.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import TemplateSyntaxError, Undefined, nodes, pass_environment
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.filters import make_attrgetter
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedFormatter,
    _mutable_spec,
    is_internal_attribute,
)
from jinja2.utils import Namespace, generate_lorem_ipsum
from markupsafe import EscapeFormatter, Markup

from . import i18n
from .bounds import FILTER_CHECKS, check_binop, method_check, spec_length
from .budget import current, range_length
from .i18n import _

# Compiling a template cannot be stopped half-way, so its length is bounded instead: 20,000
# tokens compile in about half a second (a brief's template has a few dozen; 150,000 took
# 45 s and 2 GB).
TOKENS = 20_000
_CHANGING = frozenset().union(*(names for _, names in _mutable_spec))
TICK = object()  # a constant no template can write: the code generator turns it into a tick


def _tick(lineno: int) -> nodes.Const:
    return nodes.Const(TICK, lineno=lineno)


class BudgetedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the budget's ticks and checks written into the code."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        first = node.body[0] if node.body else None
        if not (isinstance(first, nodes.ExprStmt) and getattr(first.node, "value", None) is TICK):
            node.body.insert(0, nodes.ExprStmt(_tick(node.lineno), lineno=node.lineno))
            if node.test is not None:
                node.test = nodes.And(_tick(node.lineno), node.test, lineno=node.lineno)
        super().visit_For(node, frame)

    def visit_Const(self, node: nodes.Const, frame: Frame) -> None:
        if node.value is TICK:
            self.write("environment.tick()")
        else:
            super().visit_Const(node, frame)

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        self.writeline("environment.tick()", node)
        super().visit_Include(node, frame)

    def visit_Import(self, node: nodes.Import, frame: Frame) -> None:
        self.writeline("environment.tick()", node)
        super().visit_Import(node, frame)

    def visit_FromImport(self, node: nodes.FromImport, frame: Frame) -> None:
        self.writeline("environment.tick()", node)
        super().visit_FromImport(node, frame)

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self.write("environment.built(")
        super().visit_List(node, frame)
        self.write(")")

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self.write("environment.built(")
        super().visit_Dict(node, frame)
        self.write(")")

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx != "load":  # a target: `for a, b in …`, `set a, b = …`
            super().visit_Tuple(node, frame)
            return
        self.write("environment.built(")
        super().visit_Tuple(node, frame)
        self.write(")")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # As Jinja's own: escaping when autoescape is on (or may be).
        if frame.eval_ctx.volatile:
            markup = "context.eval_ctx.volatile"
        else:
            markup = "True" if frame.eval_ctx.autoescape else "False"
        self.write("environment.join_values((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write(f"), {markup})")


class TemplateTooLong(TemplateSyntaxError):
    """A template of more than :data:`TOKENS` tokens."""


def _counted(stream: Iterable[Token], name: str | None, filename: str | None) -> Iterator[Token]:
    for count, token in enumerate(stream, 1):
        if count > TOKENS:
            raise TemplateTooLong(
                _("the template is too long: more than {count} names, values and signs").format(
                    count=i18n.number(TOKENS)
                ),
                token.lineno,
                name,
                filename,
            )
        yield token


class BudgetedNamespace(Namespace):
    """``namespace()``: printing one costs what it prints, whatever was set in it since."""

    def __repr__(self) -> str:
        budget = current()
        length = budget.printed(self)
        budget.fits(length, "a value")
        budget.spend(length)
        return super().__repr__()


def _range(*args: int) -> range:
    numbers = range(*args)
    current().fits(range_length(numbers), "a range")
    return numbers


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if isinstance(n, int) and isinstance(max, int):
        current().fits(n * (max + 1) * 15)
    return generate_lorem_ipsum(n, html, min, max)


@pass_environment
def _sum(environment: Any, iterable: Iterable[Any], attribute: Any = None, start: Any = 0) -> Any:
    """The ``sum`` filter; adding lists or texts checks each step (Python's ``sum`` would
    copy them over and over in C, out of the budget's sight)."""
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    if isinstance(start, (int, float)):
        return sum(iterable, start)
    budget = current()
    total = start
    for item in iterable:
        budget.tick()
        check_binop(budget, "+", total, item)
        total = total + item
    return total


def _budgeted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Filter ``name``: ticking, checked before it runs, its result weighed."""
    check = FILTER_CHECKS.get(name)
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.tick()
        if check is not None and len(args) > skip:
            args = (*args[:skip], *check(budget, args[skip:], kwargs))
        return budget.built(function(*args, **kwargs))

    return filtered


def _finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints: texts as they are, anything else once weighed."""
    if value.__class__ is str or isinstance(value, (str, Undefined)):
        return value
    budget = current()
    length = budget.weight(value)
    budget.fits(length, "a value")
    budget.spend(length)
    return value


class _Formatter(SandboxedFormatter):
    """``str.format`` in the sandbox, measuring each field before it is formatted."""

    def __init__(self, env: Any, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self._length = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = current()
        budget.tick()
        self._length += budget.weight(value) + spec_length(format_spec)
        budget.fits(self._length)
        return super().format_field(value, format_spec)


class _EscapeFormatter(_Formatter, EscapeFormatter):
    pass


class BudgetedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox every user template renders in, within ``budget.current()``."""

    intercepted_binops = frozenset({"+", "-", "*", "**", "%"})
    code_generator_class = BudgetedCodeGenerator

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_finalize, **options)
        self.globals.update(range=_range, namespace=BudgetedNamespace, lipsum=_lipsum)
        self.filters["sum"] = _sum
        self.filters = {name: _budgeted(name, f) for name, f in self.filters.items()}

    def _tokenize(
        self,
        source: str,
        name: str | None,
        filename: str | None = None,
        state: str | None = None,
    ) -> TokenStream:
        stream = super()._tokenize(source, name, filename, state)
        return TokenStream(_counted(stream, name, filename), name, filename)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # The immutable sandbox's check runs four ABC instance checks for every attribute a
        # page reads; only a method that changes a list, dict, set or deque can fail them.
        if attr not in _CHANGING:
            return not (attr.startswith("_") or is_internal_attribute(obj, attr))
        return super().is_safe_attribute(obj, attr, value)

    def tick(self) -> bool:
        current().tick()
        return True

    def built(self, value: Any) -> Any:
        budget = current()
        budget.tick()
        return budget.built(value)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.tick()
        found = method_check(obj)
        if found is not None:
            check, owner = found
            args = check(budget, owner, args, kwargs)
        return budget.built(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = current()
        budget.tick()
        known = check_binop(budget, operator, left, right)
        result = self.binop_table[operator](left, right)
        if known is not None and type(result) in (list, tuple):
            return budget.keep(result, *known)
        return budget.built(result)

    def concat(self, parts: Iterable[str]) -> str:
        """Join a buffer (a macro's or a block's output), once measured."""
        pieces = parts if isinstance(parts, list) else list(parts)
        budget = current()
        length = sum(map(len, pieces))
        budget.fits(length)
        budget.spend(length)
        return "".join(pieces)

    def join_values(self, values: tuple[Any, ...], markup: bool) -> str:
        budget = current()
        budget.tick()
        budget.fits(sum(budget.weight(value) for value in values))
        joined: str = markup_join(values) if markup else str_join(values)
        return budget.built(joined)  # type: ignore[no-any-return]

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``text.format`` and ``text.format_map`` as the sandbox has them, measured."""
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)) or (
            value.__name__ not in ("format", "format_map")
        ):
            return None
        owner = value.__self__
        if not isinstance(owner, str):
            return None
        kind, mapping = type(owner), value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if mapping:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                kwargs, args = args[0], ()
            formatter = (
                _EscapeFormatter(self, escape=owner.escape)
                if isinstance(owner, Markup)
                else _Formatter(self)
            )
            return kind(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(wrapper, value)
