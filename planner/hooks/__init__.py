"""Hooks: what the runner calls when an item is due (planner.toml ``[[hooks]]``).

:func:`load_hooks` reads the tables into objects that follow the ``Hook`` protocol of
:mod:`planner.delivery`; the runner calls ``matches`` to know which hooks want an item and
``fire`` to deliver. Built-in kinds: ``log``, ``email``, ``webhook`` and ``command``.

Keys every hook takes: ``kind``; ``name`` (default ``<kind>-<n>``, n counting the hooks of that
kind from 1; the store remembers deliveries by name, so name a hook before reordering them);
``lead`` (a duration phrase: fire that long before the item's start); ``channels``, ``stages``
and ``kinds`` (``publish``, ``prepare``), each optional, meaning all.

Third-party hooks
-----------------

A package adds a hook kind through the ``planner.hooks`` entry-point group::

    # its pyproject.toml
    [project.entry-points."planner.hooks"]
    slack = "parcours_slack:make_hook"

and ``kind = "slack"`` in a [[hooks]] table then calls::

    def make_hook(config: dict[str, Any], context: HookContext) -> PluginTarget: ...

``config`` is the whole [[hooks]] table as written (common keys included); the factory checks
its own keys and raises ``context.error(message, key, hint)`` (a positioned ConfigError) for a
mistake. ``context`` carries the common keys already read (``name``, ``kind``, ``lead``,
``filter``), the workspace ``root`` and its ``settings``. The object returned needs
``resend_safe`` (True only if a second delivery of the same id is harmless), ``matches(channel,
stage, kind)`` (return True to take what planner.toml's filters let through) and
``fire(delivery)``, which returns when delivered and raises ``HookFailure(message,
retry=...)`` otherwise. The name, kind, lead and filters written in planner.toml always apply;
any other exception from ``fire`` reaches the runner as ``HookFailure(retry=True)``. ``fire``
may be called from several threads at once, and must not keep secrets in its messages.
"""

from __future__ import annotations

from .base import ITEM_KINDS, Filter, HookBase
from .command import CommandHook
from .config import BUILTIN_KINDS, COMMON_KEYS, KIND_KEYS, kinds_available, load_hooks
from .log import LogHook
from .mail import PASSWORD_VARIABLE, USER_VARIABLE, EmailHook, message_id
from .plugin import ENTRY_POINT_GROUP, HookContext, HookFactory, PluginHook, PluginTarget
from .webhook import WebhookHook

__all__ = [
    "BUILTIN_KINDS",
    "COMMON_KEYS",
    "ENTRY_POINT_GROUP",
    "ITEM_KINDS",
    "KIND_KEYS",
    "PASSWORD_VARIABLE",
    "USER_VARIABLE",
    "CommandHook",
    "EmailHook",
    "Filter",
    "HookBase",
    "HookContext",
    "HookFactory",
    "LogHook",
    "PluginHook",
    "PluginTarget",
    "WebhookHook",
    "kinds_available",
    "load_hooks",
    "message_id",
]
