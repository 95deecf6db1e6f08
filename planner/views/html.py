"""HTML from the view model, through Jinja templates in the sandbox with autoescape on.

The built-in templates live in ``planner/views/templates/``; a file of the same name in the
workspace's ``templates/`` folder replaces one. Workspace templates are user text: they render
in Jinja's immutable sandbox, and every value they show is escaped unless a template says
otherwise; a page renders within a budget (planner/budget.py) that grows with the items it
shows, so that a template that loops forever or builds too much ends in a positioned error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)

from .. import errors, i18n
from ..budget import Budget, BudgetError, generate, spending
from ..i18n import N_, _
from ..limits import DEFAULT, Limits
from ..render import failure
from ..sandbox import BudgetedEnvironment
from ..templatesyntax import reason
from . import labels
from .model import Journey, Month, View

BUILTIN = Path(__file__).resolve().parent / "templates"
PAGE = "view.html.j2"
MONTH = "month.html.j2"
JOURNEY = "journey.html.j2"
STYLE = "view.css.j2"

Href = Callable[[str], str]


def anchor_href(key: str) -> str:
    """A month's link inside one page: ``#m-2027-01``."""
    return f"#m-{key}"


@lru_cache(maxsize=8)
def _environment(overrides: str) -> BudgetedEnvironment:
    folders = [overrides, str(BUILTIN)] if overrides else [str(BUILTIN)]
    env = BudgetedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(f) for f in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Old-style gettext: a translation is text like any other, escaped by autoescape.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=False
    )
    return env


def _render(templates: Path | None, name: str, context: dict[str, Any], budget: Budget) -> str:
    """Render ``name``; a broken workspace template is the user's error, with its place."""
    overrides = str(templates) if templates is not None and templates.is_dir() else ""
    env = _environment(overrides)
    try:
        with spending(budget):  # compiling folds constants, within the budget too
            template = env.get_template(name)
        return generate(template, context, budget)
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise errors.TemplateError(
            _("in template: {message}").format(message=reason(exc.message or "")),
            errors.Pos(_shown(where), exc.lineno),
            _(_HINT),
        ) from None
    except TemplateNotFound as exc:
        raise errors.TemplateError(
            _("template {name} not found").format(name=errors.quoted(exc.name)),
            errors.Pos(_shown(overrides or str(BUILTIN))),
            _(_HINT),
        ) from None
    except BudgetError as exc:
        raise errors.TemplateError(
            exc.message, errors.Pos(_where(exc, overrides, name)), exc.hint
        ) from None
    except TemplateError as exc:
        raise errors.TemplateError(
            _("template failed: {message}").format(message=exc.message or exc),
            errors.Pos(_where(exc, overrides, name)),
            _(_HINT),
        ) from None
    except Exception as exc:
        if not overrides:  # the built-in templates failing is a bug of ours
            raise
        message, hint = failure(exc)
        raise errors.TemplateError(
            message, errors.Pos(_where(exc, overrides, name)), hint or _(_HINT)
        ) from None


def _items(months: Sequence[Month] = (), journeys: Sequence[Journey] = ()) -> int:
    """How many items a page shows: its budget grows with them."""
    entries = sum(len(d.shown) + len(d.more) for m in months for w in m.weeks for d in w)
    return entries + sum(len(c.touchpoints) for j in journeys for c in j.columns)


_HINT = N_(
    "fix the template in the workspace's templates/ folder, or delete it to use the built-in one"
)


def _shown(path: str) -> str:
    return Path(path).name if Path(path).is_relative_to(BUILTIN) else path


def _where(exc: Exception, overrides: str, name: str) -> str:
    """The workspace template that failed, when one of them is overriding: a traceback's last
    frame inside the templates folder names it."""
    tb = exc.__traceback__
    found = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if overrides and filename.startswith(overrides):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found or (str(Path(overrides) / name) if overrides else name)


def render_page(
    view: View,
    *,
    templates: Path | None = None,
    months: Sequence[str] | None = None,
    href: Href = anchor_href,
    limits: Limits = DEFAULT,
) -> str:
    """The whole page: every month (or only those keyed in ``months``, the first shown when no
    other is targeted) and every journey map. ``href`` links a month key to its page; the
    default links inside one file, a server passes ``lambda key: f"?month={key}"``."""
    shown = view.months if months is None else [m for m in view.months if m.key in months]
    current = shown[0].key if months is not None and shown else None
    context = {"view": view, "months": shown, "current": current, "href": href}
    with labels.speaking(view.locale):
        return _render(templates, PAGE, context, Budget(limits, items=_items(shown, view.journeys)))


def render_month(
    view: View,
    key: str,
    *,
    templates: Path | None = None,
    href: Href = anchor_href,
    limits: Limits = DEFAULT,
) -> str:
    """One month's ``<section>`` (a fragment; style it with ``stylesheet()``)."""
    month = view.month(key)
    if month is None:
        known = ", ".join(m.key for m in view.months) or _("none")
        raise errors.ConfigError(
            _("no month {month} in the plan").format(month=errors.quoted(key)),
            None,
            _("months: {months}").format(months=known),
        )
    context = {"view": view, "month": month, "first": True, "href": href}
    with labels.speaking(view.locale):
        return _render(templates, MONTH, context, Budget(limits, items=_items([month])))


def render_journey(
    view: View, key: str, *, templates: Path | None = None, limits: Limits = DEFAULT
) -> str:
    """One campaign's journey map ``<article>``, by campaign key (its file name)."""
    journey = view.journey(key)
    if journey is None:
        known = ", ".join(j.key for j in view.journeys) or _("none")
        raise errors.ConfigError(
            _("no campaign {campaign} in the view").format(campaign=errors.quoted(key)),
            None,
            _("campaigns: {campaigns}").format(campaigns=known),
        )
    budget = Budget(limits, items=_items(journeys=[journey]))
    with labels.speaking(journey.locale):
        return _render(templates, JOURNEY, {"view": view, "journey": journey}, budget)


def stylesheet(*, templates: Path | None = None, limits: Limits = DEFAULT) -> str:
    """The page's CSS, for a server that serves fragments."""
    return _render(templates, STYLE, {}, Budget(limits, items=0))
