"""Briefs and titles: the step's ``content`` and the channel's template, rendered in Jinja's
sandbox so that nothing a user writes can reach Python internals or run code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import Pos, TemplateError

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
            names = ", ".join(sorted(k for k in context if not k.startswith("_")))
            raise TemplateError(
                f"in template: {exc}", self.pos, f"values available: {names}"
            ) from None
        except Exception as exc:  # any other failure of user text is the user's to fix
            raise TemplateError(f"template failed: {exc}", self.pos) from None


def compile_template(source: str, pos: Pos | None) -> Template:
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
    uses = meta.find_undeclared_variables(ast)
    # Whatever reads the item's date must render per item; everything else renders once per
    # step and channel, which keeps planning a million items fast.
    return Template(source, pos, compiled, "item" in uses)


def title_of(text: str, prefix: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = f"{prefix} — {first}" if first else prefix
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1].rstrip() + "…"
