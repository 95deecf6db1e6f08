"""Third-party hooks: what a factory is given, and the wrapper that holds it to the contract."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from ..delivery import Delivery, HookFailure
from ..errors import ConfigError, Pos, quoted
from ..i18n import _
from ..workspace import Settings
from .base import Filter
from .table import HookTable

ENTRY_POINT_GROUP = "planner.hooks"


@dataclass(frozen=True, slots=True)
class HookContext:
    """What a hook factory is given beside its [[hooks]] table: the common keys already read
    (``name``, ``lead``, ``filter``), the workspace, and a way to raise positioned errors."""

    name: str
    kind: str
    lead: timedelta
    filter: Filter
    root: Path
    settings: Settings
    _where: Callable[[str], Pos] = field(repr=False)

    def pos(self, key: str = "") -> Pos:
        """Where ``key`` of this hook's table is written in planner.toml (the table if "")."""
        return self._where(key)

    def error(self, message: str, key: str = "", hint: str | None = None) -> ConfigError:
        """A ConfigError at ``key``; raise it from the factory for a bad or missing value."""
        return ConfigError(message, self._where(key), hint)


class PluginTarget(Protocol):
    """What a factory must return: the part of the ``Hook`` protocol that a plugin decides.
    A full ``Hook`` will do; its name, kind and lead are ignored for planner.toml's."""

    @property
    def resend_safe(self) -> bool: ...

    def matches(self, channel: str, stage: str, kind: str) -> bool: ...

    def fire(self, delivery: Delivery) -> None: ...


HookFactory = Callable[[dict[str, Any], HookContext], PluginTarget]


@dataclass(frozen=True, slots=True)
class PluginHook:
    """A third-party hook, seen through planner.toml: the name, lead and filters written there
    win, and ``fire`` raises nothing but HookFailure whatever the plugin does."""

    name: str
    kind: str
    lead: timedelta
    filter: Filter
    inner: PluginTarget

    @property
    def resend_safe(self) -> bool:
        return bool(self.inner.resend_safe)

    def matches(self, channel: str, stage: str, kind: str) -> bool:
        if not self.filter.matches(channel, stage, kind):
            return False
        try:
            return bool(self.inner.matches(channel, stage, kind))
        except Exception:
            return True  # a broken filter must not silently drop reminders; fire() will tell

    def fire(self, delivery: Delivery) -> None:
        try:
            self.inner.fire(delivery)
        except HookFailure:
            raise
        except Exception as exc:
            # Chained, not printed: a runner that logs with tracebacks can still show the
            # plugin's own frames to its author.
            raise HookFailure(
                _("{kind} hook {name}: {reason}").format(
                    kind=self.kind, name=self.name, reason=f"{type(exc).__name__}: {exc}"
                ),
                retry=True,
            ) from exc


def plugin_hook(
    t: HookTable, context: HookContext, factory: HookFactory | None, entry: Any
) -> PluginHook:
    """The hook of a [[hooks]] table whose kind a plugin provides: ``factory`` when given to
    load_hooks, else the one the entry point ``entry`` loads; each failure a positioned error."""
    kind = context.kind
    if factory is None:
        try:
            factory = entry.load()
        except Exception as exc:
            t.fail(
                _("cannot load the {kind} hook ({entry}): {reason}").format(
                    kind=quoted(kind), entry=entry.value, reason=f"{type(exc).__name__}: {exc}"
                ),
                "kind",
                _("reinstall the package that provides it, in the same environment as planner"),
            )
        if not callable(factory):
            t.fail(
                _("the {kind} hook ({entry}) is not a factory").format(
                    kind=quoted(kind), entry=entry.value
                ),
                "kind",
            )
    try:
        inner = factory(dict(t.data), context)
    except ConfigError:
        raise
    except Exception as exc:
        t.fail(
            _("the {kind} hook refused this table: {reason}").format(
                kind=quoted(kind), reason=f"{type(exc).__name__}: {exc}"
            ),
            "kind",
            _("see the documentation of the package that provides it"),
        )
    missing = [a for a in ("fire", "matches") if not callable(getattr(inner, a, None))]
    if missing or not hasattr(inner, "resend_safe"):
        t.fail(
            _("the {kind} hook factory returned {type}, not a hook").format(
                kind=quoted(kind), type=type(inner).__name__
            ),
            "kind",
            _("a factory returns an object with resend_safe, matches() and fire()"),
        )
    return PluginHook(
        name=context.name, kind=kind, lead=context.lead, filter=context.filter, inner=inner
    )
