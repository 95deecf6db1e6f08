"""The plan as a page: a month calendar and a journey map per campaign (`planner view`).

Two steps, both plain functions with no clock, no click and no I/O but reading templates:

1. ``build_view(items, campaigns, *, locale, anchors, channel_names=None, title="", start=None)
   -> View`` (``model.py``): a view model of plain dataclasses: ``View.months`` (``Month``: key
   ``"2027-01"``, ``weeks`` of ``Day`` holding ``Entry`` items, previous/next keys),
   ``View.journeys`` (``Journey``: stages as ``Column`` in journey order, ``Touchpoint`` per
   step, ``gap`` text for empty stages, timeline ``Mark`` s for the buying cycle, each stage and
   the anchor), every label already in the right language (French or English). From a
   ``controllers.Planning`` the shortcut is ``planner.controllers.view_model(planning)``.
2. Rendering (``html.py``), in Jinja's sandbox with autoescape on, templates overridable by a
   ``templates/`` folder in the workspace (pass it as ``templates=``; a missing folder is fine):

   - ``render_page(view, *, templates=None, months=None, href=anchor_href) -> str``: one
     self-contained HTML document (inline CSS, no script, no network). ``months=["2027-01"]``
     renders only that month; ``href`` turns a month key into a link, by default ``#m-KEY``
     inside the page; a server passes ``lambda key: f"?month={key}"``.
   - ``render_month(view, key, ...)`` and ``render_journey(view, campaign_key, ...)``: the
     fragments (a ``<section>``, an ``<article>``); ``stylesheet(...)``: their CSS.

Broken workspace templates raise ``planner.errors.TemplateError`` (a ``UserError``); an unknown
month or campaign key raises ``ConfigError``. Every item on the page carries
``data-item-id="<item id>"`` once, on its first day; an item over several days shows on the
following ones as a continuation, ``data-continues="<item id>"``. Month sections are
``id="m-YYYY-MM"``, journeys ``id="j-<key>"``. A server that knows which items are done or
skipped marks them with ``with_states(view, month_key, states)`` before rendering.
"""

from __future__ import annotations

from .calendar import with_states
from .html import anchor_href, render_journey, render_month, render_page, stylesheet
from .model import Column, Day, Entry, Journey, Mark, Month, Touchpoint, View, build_view

__all__ = [
    "Column",
    "Day",
    "Entry",
    "Journey",
    "Mark",
    "Month",
    "Touchpoint",
    "View",
    "anchor_href",
    "build_view",
    "render_journey",
    "render_month",
    "render_page",
    "stylesheet",
    "with_states",
]
