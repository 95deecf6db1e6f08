"""Briefs and titles: the step's ``content`` and the channel's template, rendered in Jinja's
sandbox so that nothing a user writes can reach Python internals or run code, and within a
budget (planner/budget.py: [limits] brief and render) so that nothing a user writes can take
unbounded time or memory. Every failure is a :class:`TemplateError` at the template's place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError

from . import i18n
from .budget import NUMBER_DIGITS, Budget, BudgetError, generate, spending
from .errors import Pos, TemplateError, did_you_mean, quoted
from .i18n import N_, _
from .limits import DEFAULT, Limits
from .offers import offer_lines
from .sandbox import BudgetedEnvironment, TemplateTooLong
from .templatesyntax import reason

_ENV = BudgetedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
_ENV.filters["offer_lines"] = offer_lines  # {% for line in offer | offer_lines(campaign.locale) %}
TITLE_LENGTH = 80
_VALUES = N_("templates show values such as {{ offer.discount }}")


@dataclass(slots=True)
class Template:
    """A compiled template that knows whether its output depends on the item's own dates;
    ``compiled`` is None for a text without markup, which renders as it is."""

    source: str
    pos: Pos | None
    compiled: Any
    per_item: bool
    limits: Limits = DEFAULT

    def render(self, context: Mapping[str, Any]) -> str:
        if self.compiled is None:
            if len(self.source) > self.limits.brief:
                exc = Budget(self.limits).output(len(self.source))
                raise TemplateError(exc.message, self.pos, exc.hint)
            return self.source
        try:
            return generate(self.compiled, context, Budget(self.limits)).strip()
        except BudgetError as exc:
            raise TemplateError(exc.message, self._where(exc), exc.hint) from None
        except SecurityError as exc:
            raise TemplateError(
                _("the template tried something not allowed: {why}").format(why=exc),
                self._where(exc),
                _("templates may only show values such as {{ offer.discount }}"),
            ) from None
        except UndefinedError as exc:
            message, hint = _undefined(str(exc), self.source, context)
            raise TemplateError(
                _("in template: {message}").format(message=message), self._where(exc), hint
            ) from None
        except Exception as exc:  # any other failure of user text is the user's to fix
            text, why = failure(exc)
            raise TemplateError(text, self._where(exc), why) from None

    def _where(self, exc: BaseException) -> Pos | None:
        """The template's place, on the line of the template that failed."""
        return shifted(self.pos, template_line(exc.__traceback__, "<template>"))


def failure(exc: BaseException, *, compiling: bool = False) -> tuple[str, str | None]:
    """Message and hint for a template's failure that is not one of the budget's."""
    if isinstance(exc, MemoryError):  # its message is empty
        return _("the template needs more memory than this computer has"), _(_VALUES)
    if isinstance(exc, RecursionError):
        hint = _("check the macros and loops that call themselves")
        return _("the template calls itself too deeply"), hint
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return _("a number in the template has more than {count} digits").format(
            count=i18n.number(NUMBER_DIGITS)
        ), _(_VALUES)
    why = exc or type(exc).__name__
    if compiling:
        return _("template cannot be compiled: {why}").format(why=why), None
    return _("template failed: {why}").format(why=why), None


def template_line(tb: TracebackType | None, filename: str) -> int:
    """The line of the template ``filename`` that was running last in ``tb`` (0: none);
    Jinja's traceback rewriting gives template lines to the frames of its generated code."""
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def shifted(pos: Pos | None, line: int) -> Pos | None:
    """``pos`` moved to line ``line`` of the template that starts there."""
    if pos is None or line <= 1:
        return pos
    return Pos(pos.path, pos.line + line - 1, 1)


_UNDEFINED_NAME = re.compile(r"^'(\w+)' is undefined$")
_MISSING_ATTR = re.compile(r"has no attribute '(\w+)'$")


def _undefined(message: str, source: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """A message naming what the template asked for, and the closest value that exists."""
    names = sorted(k for k in context if not k.startswith("_"))
    if match := _UNDEFINED_NAME.match(message):
        available = _("values available: {names}").format(names=", ".join(names))
        hint = did_you_mean(match.group(1), names, available)
        return _("{name} is not defined").format(name=quoted(match.group(1))), hint
    if (match := _MISSING_ATTR.search(message)) is not None:
        attr = match.group(1)
        base = _owner_of(attr, source)
        value = context.get(base) if base else None
        if base and isinstance(value, Mapping):
            keys = sorted(str(k) for k in value)
            close = difflib.get_close_matches(attr, keys, n=1)
            if close:
                hint = _("did you mean '{word}'?").format(word=f"{base}.{close[0]}")
            elif keys:
                hint = _("{name} has: {keys}").format(name=base, keys=", ".join(keys))
            elif base == "offer":
                hint = _("{name} is empty; give the step an offer = {{ … }} table").format(
                    name=base
                )
            else:
                hint = _("{name} is empty").format(name=base)
            return _("{name} has no value {key}").format(name=quoted(base), key=quoted(attr)), hint
    return message, _("values available: {names}").format(names=", ".join(names))


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
_COMPILED: dict[tuple[str, int], tuple[Any, bool]] = {}  # many steps share a template
_COMPILED_MAX = 4096


def compile_template(source: str, pos: Pos | None, limits: Limits = DEFAULT) -> Template:
    """``source`` compiled (once per text and size limit: constant folding runs within the
    budget); a text with no Jinja markup renders as it is, since compiling costs ~0.2 ms."""
    if not any(marker in source for marker in _MARKERS):
        return Template(source, pos, None, False, limits)
    key = (source, limits.brief)
    cached = _COMPILED.get(key)
    if cached is None:
        cached = _compile(source, pos, limits)
        if len(_COMPILED) < _COMPILED_MAX:
            _COMPILED[key] = cached
    return Template(source, pos, cached[0], cached[1], limits)


def _compile(source: str, pos: Pos | None, limits: Limits) -> tuple[Any, bool]:
    try:
        ast = _ENV.parse(source)
        # Whatever reads the item's date must render per item; everything else renders once
        # per step and channel, which keeps planning a million items fast.
        per_item = "item" in meta.find_undeclared_variables(ast)
        with spending(Budget(limits)):
            return _ENV.from_string(ast), per_item
    except TemplateTooLong as exc:
        raise TemplateError(
            exc.message or "",
            shifted(pos, exc.lineno),
            _("no brief needs that much: loops and macros repeat text without writing it again"),
        ) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(
            _("template syntax: {why}").format(why=reason(exc.message or "")),
            shifted(pos, exc.lineno),
            _("values are written {{ offer.discount }}"),
        ) from None
    except BudgetError as exc:
        raise TemplateError(exc.message, pos, exc.hint) from None
    except RecursionError:
        raise TemplateError(
            _("the template is nested too deeply to be read"),
            pos,
            _("nest fewer brackets and blocks"),
        ) from None
    except SyntaxError as exc:  # Python's compiler, on the code Jinja wrote for the template
        raise TemplateError(
            _("the template cannot be compiled: {why}").format(why=exc.msg),
            pos,
            _("nest fewer loops and blocks"),
        ) from None
    except Exception as exc:  # the parser's and compiler's own failures on what a user wrote
        message, hint = failure(exc, compiling=True)
        raise TemplateError(message, pos, hint or _(_VALUES)) from None


def title_of(text: str, prefix: str) -> str:
    """The event's title: the channel, then the first line of the text, cut at a word (an app
    shows about this much of a title; a word cut in two reads as a typo)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = f"{prefix} — {first}" if first else prefix
    if len(title) <= TITLE_LENGTH:
        return title
    cut = title[:TITLE_LENGTH]  # one more than is kept: is the last kept word whole?
    space = cut.rfind(" ")
    # A single word longer than half a title is cut where it must be.
    kept = cut[:space] if space > TITLE_LENGTH // 2 else cut[: TITLE_LENGTH - 1]
    return kept.rstrip(" ,;:—–-") + "…"
