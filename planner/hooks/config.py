"""planner.toml's [[hooks]] tables read into hooks; every mistake is a positioned ConfigError."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from ..channels import channel_key
from ..delivery import Hook
from ..errors import ConfigError, Pos, did_you_mean
from ..filenames import check_path
from ..journey import STAGES, all_stage_words, stage_for
from ..workspace import SETTINGS_FILE, Settings, builtin_dir
from . import values
from .base import ITEM_KINDS, Filter
from .command import CommandHook
from .log import LogHook
from .mail import PASSWORD_VARIABLE, USER_VARIABLE, EmailHook
from .plugin import ENTRY_POINT_GROUP, HookContext, HookFactory, PluginHook
from .table import HookTable, duration
from .webhook import WebhookHook

COMMON_KEYS = ("kind", "name", "lead", "channels", "stages", "kinds")
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "log": ("file",),
    "email": ("to", "from", "smtp", "timeout"),
    "webhook": ("url", "timeout", "headers"),
    "command": ("argv", "timeout", "cwd"),
}
BUILTIN_KINDS = tuple(KIND_KEYS)
DEFAULT_TIMEOUTS = {"email": 30.0, "webhook": 10.0, "command": 60.0}

_CREDENTIALS = ("user", "username", "login", "password", "passwd", "pass", "secret")
_COMMAND_WORDS = ("command", "cmd", "run", "exec", "shell", "args", "program")
_NAME = re.compile(r"[^\W_][\w.\-]*")
_ENV_HINT = (
    f"remove it, and set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment "
    "that runs `planner run`"
)


def load_hooks(
    settings: Settings,
    root: Path | None = None,
    *,
    factories: Mapping[str, HookFactory] | None = None,
) -> list[Hook]:
    """The hooks planner.toml configures, in file order.

    ``root`` is the workspace folder (default: the current folder): relative `file` and `cwd`
    values start there, and `channels` are checked against its channels. ``factories`` adds
    hook kinds beside the built-in ones and the ``planner.hooks`` entry points; it is consulted
    before the entry points.
    """
    raw = settings.raw.get("hooks")
    if raw is None:
        return []
    src = settings.source
    folder = (root or Path.cwd()).resolve()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        where = src.pos("", "hooks", value=False) if src is not None else Pos(SETTINGS_FILE)
        raise ConfigError(
            "hooks must be a list of tables",
            where,
            'write each hook as a table: a line [[hooks]], then kind = "log" on the next',
        )
    reader = _Reader(settings, folder, dict(factories or {}))
    hooks: list[Hook] = []
    first_at: dict[str, Pos] = {}
    counts: dict[str, int] = {}
    for index, data in enumerate(raw):
        table = HookTable(src, index, data)
        kind = reader.kind(table)
        counts[kind] = counts.get(kind, 0) + 1
        hook = reader.hook(table, kind, counts[kind])
        at = table.pos("name") if "name" in data else table.pos()
        if hook.name in first_at:
            earlier = first_at[hook.name]
            raise ConfigError(
                f"two hooks are named {hook.name!r}",
                at,
                f"the other one is at {earlier}; give each hook its own name "
                "(the store remembers what a hook delivered by its name)",
            )
        first_at[hook.name] = at
        hooks.append(hook)
    return hooks


class _Reader:
    def __init__(self, settings: Settings, root: Path, factories: dict[str, HookFactory]) -> None:
        self.settings = settings
        self.root = root
        self.factories = factories
        self._entry_points: dict[str, Any] | None = None
        self._channels: list[str] | None = None

    # -- kinds -------------------------------------------------------------------------------

    def entry_points(self) -> dict[str, Any]:
        if self._entry_points is None:
            from importlib.metadata import entry_points

            self._entry_points = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
        return self._entry_points

    def kind(self, t: HookTable) -> str:
        kind = t.data.get("kind")
        if kind is None:
            t.fail(
                "this [[hooks]] table has no kind",
                hint='add kind = "log", "email", "webhook" or "command"',
            )
        if not isinstance(kind, str):
            t.fail("kind must be a string", "kind", 'e.g. kind = "email"')
        if kind in BUILTIN_KINDS or kind in self.factories or kind in self.entry_points():
            return kind
        known = [*BUILTIN_KINDS, *sorted({*self.factories, *self.entry_points()})]
        hint = did_you_mean(
            kind.strip().lower(),
            known,
            f"known kinds: {', '.join(known)}; other kinds come from packages that "
            f"provide a {ENTRY_POINT_GROUP!r} entry point",
            cutoff=0.5,
        )
        t.fail(f"unknown hook kind {kind!r}", "kind", hint)

    def hook(self, t: HookTable, kind: str, n: int) -> Hook:
        if kind in BUILTIN_KINDS:
            self.check_keys(t, kind)
        name = self.name(t, kind, n)
        lead = self.lead(t)
        selection = self.filter(t)
        if kind == "log":
            return LogHook(name=name, lead=lead, filter=selection, file=self.log_file(t))
        if kind == "email":
            return self.email(t, name, lead, selection)
        if kind == "webhook":
            return self.webhook(t, name, lead, selection)
        if kind == "command":
            return self.command(t, name, lead, selection)
        return self.plugin(t, kind, name, lead, selection)

    def check_keys(self, t: HookTable, kind: str) -> None:
        known = (*COMMON_KEYS, *KIND_KEYS[kind])
        for key in t.data:
            if key in known:
                continue
            at = t.pos(key, value=False)
            if kind == "email" and key.lower() in _CREDENTIALS:
                t.fail(f"{key} does not belong in planner.toml", hint=_ENV_HINT, at=at)
            if kind == "command" and key.lower() in _COMMAND_WORDS:
                hint = 'a command is an argv list, e.g. argv = ["notify-send", "Parcours"]'
            else:
                hint = did_you_mean(key, known, f"a {kind} hook takes: {', '.join(known)}")
            t.fail(f"unknown key {key!r} in a {kind} hook", hint=hint, at=at)

    # -- common keys -------------------------------------------------------------------------

    def name(self, t: HookTable, kind: str, n: int) -> str:
        name = t.text("name", 'name = "owner-mail"')
        if name is None:
            return f"{kind}-{n}"
        if len(name) > 64 or not _NAME.fullmatch(name):
            t.fail(
                f"a hook name is a short word: {name!r} is not one",
                "name",
                "use letters, digits, '-', '_' and '.', e.g. name = \"owner-mail\"",
            )
        return name

    def lead(self, t: HookTable) -> timedelta:
        value = t.data.get("lead")
        if value is None:
            return timedelta(0)
        if not isinstance(value, str):
            t.fail("lead must be a duration phrase", "lead", 'e.g. lead = "1 day" or "2 heures"')
        return duration(value, t.string_pos("lead"))

    def filter(self, t: HookTable) -> Filter:
        channels = t.strings("channels", selects=True, example='channels = ["instagram", "email"]')
        stages = t.strings("stages", selects=True, example='stages = ["conversion"]')
        kinds = t.strings("kinds", selects=True, example='kinds = ["publish"]')
        chosen: set[str] = set()
        for n, word in enumerate(channels or ()):
            key = channel_key(word)
            known = self.known_channels()
            if known and key not in known:
                t.fail(
                    f"unknown channel {word!r}",
                    hint=did_you_mean(key, known, f"known channels: {', '.join(known)}"),
                    at=t.element_pos("channels", n),
                )
            chosen.add(key)
        picked: set[str] = set()
        for n, word in enumerate(stages or ()):
            stage = stage_for(word)
            if stage is None:
                t.fail(
                    f"unknown stage {word!r}",
                    hint=did_you_mean(
                        word.strip().lower(),
                        all_stage_words(),
                        f"stages: {', '.join(STAGES)} (or their French names)",
                    ),
                    at=t.element_pos("stages", n),
                )
            picked.add(stage)
        for n, word in enumerate(kinds or ()):
            if word not in ITEM_KINDS:
                t.fail(
                    f"unknown item kind {word!r}",
                    hint=did_you_mean(
                        word.strip().lower(), ITEM_KINDS, 'use "publish" or "prepare"', cutoff=0.5
                    ),
                    at=t.element_pos("kinds", n),
                )
        return Filter(
            channels=frozenset(chosen) if channels is not None else None,
            stages=frozenset(picked) if stages is not None else None,
            kinds=frozenset(kinds) if kinds is not None else frozenset(ITEM_KINDS),
        )

    def known_channels(self) -> list[str]:
        if self._channels is None:
            dirs = (builtin_dir("channels"), self.root / "channels")
            self._channels = sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.toml")})
        return self._channels

    # -- per kind ----------------------------------------------------------------------------

    def log_file(self, t: HookTable) -> Path | None:
        value = t.text("file", 'file = "reminders.log"')
        if value is None:
            return None
        check_path(value, t.pos("file"), "file")
        path = self.root / Path(value).expanduser()
        if path.is_dir():
            t.fail("file is a folder", "file", 'name a file in it, e.g. file = "logs/hooks.log"')
        if not path.parent.is_dir():
            t.fail(
                f"the folder of {value!r} does not exist",
                "file",
                f"create {path.parent}, or name a file in an existing folder",
            )
        return path

    def email(self, t: HookTable, name: str, lead: timedelta, selection: Filter) -> EmailHook:
        value = t.data.get("to")
        if value is None:
            t.fail("this email hook has no 'to'", hint='add to = "owner@example.org"')
        if isinstance(value, str):
            to = [values.address(t, "to", value, t.string_pos("to"))]
        else:
            found = t.strings("to", 'to = ["owner@example.org", "shop@example.org"]') or []
            to = [values.address(t, "to", a, t.element_pos("to", n)) for n, a in enumerate(found)]
        sender = t.text("from", 'from = "parcours@example.org"')
        sender = (
            values.address(t, "from", sender, t.string_pos("from"))
            if sender is not None
            else "parcours@localhost"
        )
        url = t.text("smtp", 'smtp = "smtps://mail.example.org:465"') or "smtp://localhost:25"
        parts = values.url(t, "smtp", url, ("smtp", "smtps"), "smtp://host:587 or smtps://host:465")
        if parts.username is not None or parts.password is not None:
            t.fail(
                "credentials do not belong in the smtp URL",
                hint=_ENV_HINT.replace("remove it", "remove them"),
                at=t.string_pos("smtp", url.index("//") + 2),
            )
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            t.fail(
                "an smtp URL is a host and a port only",
                hint='e.g. smtp = "smtp://mail.example.org:587"',
                at=t.string_pos("smtp", values.tail_offset(url, parts)),
            )
        tls = parts.scheme.lower() == "smtps"
        security: Literal["starttls", "tls"] = "tls" if tls else "starttls"
        port = values.port(t, "smtp", url, parts) or (465 if tls else 25)
        return EmailHook(
            name=name,
            lead=lead,
            filter=selection,
            to=tuple(to),
            sender=sender,
            host=parts.hostname or "localhost",
            port=port,
            security=security,
            timeout=t.seconds("timeout", DEFAULT_TIMEOUTS["email"]),
        )

    def webhook(self, t: HookTable, name: str, lead: timedelta, selection: Filter) -> WebhookHook:
        url = t.text("url", 'url = "https://automation.example.org/parcours"', required=True)
        assert url is not None
        parts = values.url(
            t, "url", url, ("http", "https"), "https://automation.example.org/parcours"
        )
        if parts.username is not None or parts.password is not None:
            t.fail(
                "a user and password in the URL are not sent",
                hint='send a token in a header instead: headers = { Authorization = "Bearer …" }',
                at=t.string_pos("url", url.index("//") + 2),
            )
        values.port(t, "url", url, parts)
        return WebhookHook(
            name=name,
            lead=lead,
            filter=selection,
            url=url.strip(),
            timeout=t.seconds("timeout", DEFAULT_TIMEOUTS["webhook"]),
            headers=tuple(values.headers(t)),
        )

    def command(self, t: HookTable, name: str, lead: timedelta, selection: Filter) -> CommandHook:
        value = t.data.get("argv")
        example = 'argv = ["notify-send", "Parcours"]'
        if value is None:
            t.fail("this command hook has no 'argv'", hint=f"add {example}")
        if isinstance(value, str):
            try:
                hint = f"argv = {json.dumps(shlex.split(value), ensure_ascii=False)} (no shell)"
            except ValueError:
                hint = example
            t.fail("argv must be a list of strings, not a command line", "argv", hint)
        argv = t.strings("argv", example) or []
        if not argv[0].strip():
            t.fail("the program name (argv's first item) is empty", hint=example, at=t.pos("argv"))
        for n, arg in enumerate(argv):
            if "\0" in arg:
                t.fail("argv holds a NUL character", at=t.element_pos("argv", n))
        cwd = self.root
        folder = t.text("cwd", 'cwd = "scripts"')
        if folder is not None:
            check_path(folder, t.pos("cwd"), "cwd")
            cwd = self.root / Path(folder).expanduser()
            if not cwd.is_dir():
                t.fail(
                    f"cwd {folder!r} is not a folder",
                    "cwd",
                    "give a folder that exists, relative to the workspace",
                )
        return CommandHook(
            name=name,
            lead=lead,
            filter=selection,
            argv=tuple(argv),
            cwd=cwd,
            timeout=t.seconds("timeout", DEFAULT_TIMEOUTS["command"]),
        )

    def plugin(
        self, t: HookTable, kind: str, name: str, lead: timedelta, selection: Filter
    ) -> PluginHook:
        factory = self.factories.get(kind)
        if factory is None:
            entry = self.entry_points()[kind]
            try:
                factory = entry.load()
            except Exception as exc:
                t.fail(
                    f"cannot load the {kind!r} hook ({entry.value}): {type(exc).__name__}: {exc}",
                    "kind",
                    "reinstall the package that provides it, in the same environment as planner",
                )
            if not callable(factory):
                t.fail(f"the {kind!r} hook ({entry.value}) is not a factory", "kind")
        context = HookContext(
            name=name,
            kind=kind,
            lead=lead,
            filter=selection,
            root=self.root,
            settings=self.settings,
            _where=lambda key: t.pos(key),
        )
        try:
            inner = factory(dict(t.data), context)
        except ConfigError:
            raise
        except Exception as exc:
            t.fail(
                f"the {kind!r} hook refused this table: {type(exc).__name__}: {exc}",
                "kind",
                "see the documentation of the package that provides it",
            )
        missing = [a for a in ("fire", "matches") if not callable(getattr(inner, a, None))]
        if missing or not hasattr(inner, "resend_safe"):
            t.fail(
                f"the {kind!r} hook factory returned {type(inner).__name__}, not a hook",
                "kind",
                "a factory returns an object with resend_safe, matches() and fire()",
            )
        return PluginHook(name=name, kind=kind, lead=lead, filter=selection, inner=inner)


def kinds_available(factories: Mapping[str, Callable[..., Any]] | None = None) -> list[str]:
    """Every hook kind this installation knows: built-in, given, and from entry points."""
    from importlib.metadata import entry_points

    plugins = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return [*BUILTIN_KINDS, *sorted({*(factories or {}), *plugins} - set(BUILTIN_KINDS))]
