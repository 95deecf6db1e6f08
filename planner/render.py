"""Briefs and titles: the step's ``content`` and the channel's template, rendered in Jinja's
sandbox so that nothing a user writes can reach Python internals or run code."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import Pos, TemplateError, did_you_mean

_ENV = ImmutableSandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
)
TITLE_LENGTH = 80


@dataclass(slots=True)
class Template:
    """A compiled template that knows whether its output depends on the item's own dates."""

    source: str
    pos: Pos | None
    compiled: Any
    per_item: bool

    def render(self, context: Mapping[str, Any]) -> str:
        try:
            return str(self.compiled.render(context)).strip()
        except SecurityError as exc:
            raise TemplateError(
                f"the template tried something not allowed: {exc}",
                self.pos,
                "templates may only show values such as {{ offer.discount }}",
            ) from None
        except UndefinedError as exc:
            message, hint = _undefined(str(exc), self.source, context)
            raise TemplateError(f"in template: {message}", self.pos, hint) from None
        except Exception as exc:  # any other failure of user text is the user's to fix
            raise TemplateError(f"template failed: {exc}", self.pos) from None


_UNDEFINED_NAME = re.compile(r"^'(\w+)' is undefined$")
_MISSING_ATTR = re.compile(r"has no attribute '(\w+)'$")


def _undefined(message: str, source: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """A message naming what the template asked for, and the closest value that exists."""
    names = sorted(k for k in context if not k.startswith("_"))
    if match := _UNDEFINED_NAME.match(message):
        hint = did_you_mean(match.group(1), names, f"values available: {', '.join(names)}")
        return f"{match.group(1)!r} is not defined", hint
    if (match := _MISSING_ATTR.search(message)) is not None:
        attr = match.group(1)
        base = _owner_of(attr, source)
        value = context.get(base) if base else None
        if base and isinstance(value, Mapping):
            keys = sorted(str(k) for k in value)
            close = difflib.get_close_matches(attr, keys, n=1)
            if close:
                hint = f"did you mean '{base}.{close[0]}'?"
            elif keys:
                hint = f"{base} has: {', '.join(keys)}"
            else:
                hint = f"{base} is empty" + (
                    "; give the step an offer = { … } table" if base == "offer" else ""
                )
            return f"{base!r} has no value {attr!r}", hint
    return message, f"values available: {', '.join(names)}"


def _owner_of(attr: str, source: str) -> str | None:
    """The top-level name whose ``.attr`` (or ``['attr']``) the template reads."""
    tree = _ENV.parse(source)
    for node in tree.find_all(nodes.Getattr):
        if node.attr == attr and isinstance(node.node, nodes.Name):
            return str(node.node.name)
    for item in tree.find_all(nodes.Getitem):
        if getattr(item.arg, "value", None) == attr and isinstance(item.node, nodes.Name):
            return str(item.node.name)
    return None


_MARKERS = ("{{", "{%", "{#")
_COMPILED: dict[str, tuple[Any, bool]] = {}  # by source: many steps share a template
_COMPILED_MAX = 4096


class _Plain:
    """Text with no Jinja markup: rendering it is returning it (compiling costs ~0.2 ms)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, context: Mapping[str, Any]) -> str:
        return self.text


def compile_template(source: str, pos: Pos | None) -> Template:
    if not any(marker in source for marker in _MARKERS):
        return Template(source, pos, _Plain(source), False)
    cached = _COMPILED.get(source)
    if cached is None:
        try:
            ast = _ENV.parse(source)
            compiled = _ENV.from_string(ast)
        except TemplateSyntaxError as exc:
            where = pos
            if pos is not None and exc.lineno and exc.lineno > 1:
                where = Pos(pos.path, pos.line + exc.lineno - 1, 1)
            raise TemplateError(
                f"template syntax: {exc.message}", where, "values are written {{ offer.discount }}"
            ) from None
        # Whatever reads the item's date must render per item; everything else renders once
        # per step and channel, which keeps planning a million items fast.
        cached = (compiled, "item" in meta.find_undeclared_variables(ast))
        if len(_COMPILED) < _COMPILED_MAX:
            _COMPILED[source] = cached
    return Template(source, pos, cached[0], cached[1])


def title_of(text: str, prefix: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = f"{prefix} — {first}" if first else prefix
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1].rstrip() + "…"
