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
from ..errors import ConfigError, Pos, did_you_mean, example, quoted
from ..filenames import check_path
from ..i18n import N_, _
from ..journey import STAGES, all_stage_words, stage_for
from ..workspace import SETTINGS_FILE, Settings, builtin_dir
from . import values
from .base import ITEM_KINDS, Filter
from .command import CommandHook
from .log import LogHook
from .mail import PASSWORD_VARIABLE, USER_VARIABLE, EmailHook
from .plugin import ENTRY_POINT_GROUP, HookContext, HookFactory, PluginHook, plugin_hook
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
_ENV_HINT = N_(
    "remove it, and set {user} and {password} in the environment that runs `planner run`"
)
_ENV_HINT_THEM = N_(
    "remove them, and set {user} and {password} in the environment that runs `planner run`"
)


def _env_hint(message: str) -> str:
    return _(message).format(user=USER_VARIABLE, password=PASSWORD_VARIABLE)


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
            _("hooks must be a list of tables"),
            where,
            _('write each hook as a table: a line [[hooks]], then kind = "log" on the next'),
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
                _("two hooks are named {name}").format(name=quoted(hook.name)),
                at,
                _(
                    "the other one is at {where}; give each hook its own name "
                    "(the store remembers what a hook delivered by its name)"
                ).format(where=earlier),
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
                _("this [[hooks]] table has no kind"),
                hint=_('add kind = "log", "email", "webhook" or "command"'),
            )
        if not isinstance(kind, str):
            t.fail(
                _("{key} must be a string").format(key="kind"), "kind", example("kind", '"email"')
            )
        if kind in BUILTIN_KINDS or kind in self.factories or kind in self.entry_points():
            return kind
        known = [*BUILTIN_KINDS, *sorted({*self.factories, *self.entry_points()})]
        hint = did_you_mean(
            kind.strip().lower(),
            known,
            _(
                "known kinds: {kinds}; other kinds come from packages that "
                "provide a {group} entry point"
            ).format(kinds=", ".join(known), group=quoted(ENTRY_POINT_GROUP)),
            cutoff=0.5,
        )
        t.fail(_("unknown hook kind {kind}").format(kind=quoted(kind)), "kind", hint)

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
                t.fail(
                    _("{key} does not belong in planner.toml").format(key=key),
                    hint=_env_hint(_ENV_HINT),
                    at=at,
                )
            if kind == "command" and key.lower() in _COMMAND_WORDS:
                hint = _('a command is an argv list, e.g. argv = ["notify-send", "Parcours"]')
            else:
                takes = _("a {kind} hook takes: {keys}").format(kind=kind, keys=", ".join(known))
                hint = did_you_mean(key, known, takes)
            t.fail(
                _("unknown key {key} in a {kind} hook").format(key=quoted(key), kind=kind),
                hint=hint,
                at=at,
            )

    # -- common keys -------------------------------------------------------------------------

    def name(self, t: HookTable, kind: str, n: int) -> str:
        name = t.text("name", 'name = "owner-mail"')
        if name is None:
            return f"{kind}-{n}"
        if len(name) > 64 or not _NAME.fullmatch(name):
            t.fail(
                _("a hook name is a short word: {name} is not one").format(name=quoted(name)),
                "name",
                _("use letters, digits, '-', '_' and '.', e.g. name = \"owner-mail\""),
            )
        return name

    def lead(self, t: HookTable) -> timedelta:
        value = t.data.get("lead")
        if value is None:
            return timedelta(0)
        if not isinstance(value, str):
            t.fail(
                _("lead must be a duration phrase"),
                "lead",
                _('e.g. lead = "1 day" or "2 heures"'),
            )
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
                    _("unknown channel {channel}").format(channel=quoted(word)),
                    hint=did_you_mean(
                        key,
                        known,
                        _("known channels: {channels}").format(channels=", ".join(known)),
                    ),
                    at=t.element_pos("channels", n),
                )
            chosen.add(key)
        picked: set[str] = set()
        for n, word in enumerate(stages or ()):
            stage = stage_for(word)
            if stage is None:
                t.fail(
                    _("unknown stage {stage}").format(stage=quoted(word)),
                    hint=did_you_mean(
                        word.strip().lower(),
                        all_stage_words(),
                        _("stages: {stages} (or their French names)").format(
                            stages=", ".join(STAGES)
                        ),
                    ),
                    at=t.element_pos("stages", n),
                )
            picked.add(stage)
        for n, word in enumerate(kinds or ()):
            if word not in ITEM_KINDS:
                t.fail(
                    _("unknown item kind {kind}").format(kind=quoted(word)),
                    hint=did_you_mean(
                        word.strip().lower(),
                        ITEM_KINDS,
                        _('use "publish" or "prepare"'),
                        cutoff=0.5,
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
            t.fail(
                _("file is a folder"),
                "file",
                _('name a file in it, e.g. file = "logs/hooks.log"'),
            )
        if not path.parent.is_dir():
            t.fail(
                _("the folder of {file} does not exist").format(file=quoted(value)),
                "file",
                _("create {folder}, or name a file in an existing folder").format(
                    folder=path.parent
                ),
            )
        return path

    def email(self, t: HookTable, name: str, lead: timedelta, selection: Filter) -> EmailHook:
        value = t.data.get("to")
        if value is None:
            t.fail(_("this email hook has no 'to'"), hint=_('add to = "owner@example.org"'))
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
                _("credentials do not belong in the smtp URL"),
                hint=_env_hint(_ENV_HINT_THEM),
                at=t.string_pos("smtp", url.index("//") + 2),
            )
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            t.fail(
                _("an smtp URL is a host and a port only"),
                hint=example("smtp", '"smtp://mail.example.org:587"'),
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
            channel_dirs=(builtin_dir("channels"), self.root / "channels"),
        )

    def webhook(self, t: HookTable, name: str, lead: timedelta, selection: Filter) -> WebhookHook:
        url = t.text("url", 'url = "https://automation.example.org/parcours"', required=True)
        assert url is not None
        parts = values.url(
            t, "url", url, ("http", "https"), "https://automation.example.org/parcours"
        )
        if parts.username is not None or parts.password is not None:
            t.fail(
                _("a user and password in the URL are not sent"),
                hint=_(
                    'send a token in a header instead: headers = { Authorization = "Bearer …" }'
                ),
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
            t.fail(_("this command hook has no 'argv'"), hint=_("add {line}").format(line=example))
        if isinstance(value, str):
            try:
                hint = _("{line} (no shell)").format(
                    line=f"argv = {json.dumps(shlex.split(value), ensure_ascii=False)}"
                )
            except ValueError:
                hint = example
            t.fail(_("argv must be a list of strings, not a command line"), "argv", hint)
        argv = t.strings("argv", example) or []
        if not argv[0].strip():
            t.fail(
                _("the program name (argv's first item) is empty"), hint=example, at=t.pos("argv")
            )
        for n, arg in enumerate(argv):
            if "\0" in arg:
                t.fail(_("argv holds a NUL character"), at=t.element_pos("argv", n))
        cwd = self.root
        folder = t.text("cwd", 'cwd = "scripts"')
        if folder is not None:
            check_path(folder, t.pos("cwd"), "cwd")
            cwd = self.root / Path(folder).expanduser()
            if not cwd.is_dir():
                t.fail(
                    _("cwd {folder} is not a folder").format(folder=quoted(folder)),
                    "cwd",
                    _("give a folder that exists, relative to the workspace"),
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
        entry = self.entry_points()[kind] if factory is None else None
        context = HookContext(
            name=name,
            kind=kind,
            lead=lead,
            filter=selection,
            root=self.root,
            settings=self.settings,
            _where=lambda key: t.pos(key),
        )
        return plugin_hook(t, context, factory, entry)


def kinds_available(factories: Mapping[str, Callable[..., Any]] | None = None) -> list[str]:
    """Every hook kind this installation knows: built-in, given, and from entry points."""
    from importlib.metadata import entry_points

    plugins = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return [*BUILTIN_KINDS, *sorted({*(factories or {}), *plugins} - set(BUILTIN_KINDS))]
