"""A workspace: the folder of a shop's plans, its settings, and where the data files come from.

Built-in defaults (the repository's top-level ``rules/``, ``channels/`` and ``calendars/``,
shipped in the wheel as ``planner/_data/``) come first; the workspace's own files override them
by name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError, PlannerError, Pos, did_you_mean, example, quoted
from .i18n import _, language_of
from .tomlsource import TomlSource, read_toml

SETTINGS_FILE = "planner.toml"
DATA_KINDS = ("rules", "channels", "calendars")
LOCALES = ("en", "fr")

_SHOP_KEYS = ("name", "id", "timezone", "locale", "country", "closures", "store_url", "url")
_TOP_KEYS = ("shop", "runner", "hooks", "store", "publish", "limits")
_SHOP_EXAMPLES = {
    "name": "Bijouterie Lemoine",
    "id": "k3x9q2m7w4ta",
    "timezone": "Europe/Paris",
    "locale": "fr",
    "country": "FR",
    "store_url": "sqlite:///planner.db",
    "url": "https://example.org",
}


def builtin_dir(kind: str) -> Path:
    """The built-in data folder ``kind``: inside the wheel, else the source checkout's."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / kind
    return packaged if packaged.is_dir() else here.parent / kind


def shown_path(path: Path, root: Path, cwd: Path) -> str:
    """How a file is named in messages and in `source`: relative where that reads well."""
    resolved = path.resolve()
    for base in (cwd.resolve(), root, builtin_dir("rules").parent):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return str(resolved)


def source_name(path: Path, root: Path) -> str:
    """How items name their rule file (``source``): relative to the workspace, whatever folder
    the command ran in, so that an export's bytes and the store's items do not depend on it and
    no path of the machine reaches a calendar. A file outside the workspace and the built-in
    examples is named by its name alone."""
    resolved = path.resolve()
    for base in (root.resolve(), builtin_dir("rules").parent):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return resolved.name


def _root_of_rules(rules: Sequence[str], cwd: Path) -> Path | None:
    """The workspace of the first rule file named by its path, if it is in one."""
    for name in rules:
        try:
            path = cwd / name
            if not path.is_file():
                continue
        except (OSError, ValueError):  # a name the system refuses: the rule lookup says why
            continue
        folder = find_root(path.parent)
        return folder if (folder / SETTINGS_FILE).is_file() else None
    return None


def find_root(start: Path) -> Path:
    """The nearest folder upward from ``start`` holding planner.toml, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return start


_WORKSPACE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{3,39}$")
_ZONE_NAME_MAX = 64  # the longest IANA name has 32 characters


def zone(name: str, pos: Pos | None = None) -> ZoneInfo:
    """The time zone ``name``, or a positioned error suggesting a real one."""
    try:
        if len(name) > _ZONE_NAME_MAX:  # a file name to zoneinfo: the system refuses it
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        import zoneinfo

        shown = name if len(name) <= _ZONE_NAME_MAX else f"{name[:_ZONE_NAME_MAX]}…"
        zones = sorted(zoneinfo.available_timezones())
        hint = did_you_mean(shown, zones, _("use an IANA name such as Europe/Paris"))
        raise ConfigError(
            _("unknown time zone {zone}").format(zone=quoted(shown)), pos, hint
        ) from None


def parse_locale(text: str, pos: Pos | None = None) -> str:
    """``en`` or ``fr`` from what a user types for a language: "fr", "fr_FR", "fr-CA",
    "français", "English"; anything else is an error saying which two there are."""
    found = language_of(text)
    if found is None:
        raise ConfigError(
            _("unknown locale {locale}").format(locale=quoted(text)),
            pos,
            _('Parcours speaks English and French: use "en" or "fr"'),
        )
    return found


def declared_locale(root: Path | None, cwd: Path) -> str | None:
    """The ``[shop] locale`` of the workspace at ``root`` (else the nearest one upward from
    ``cwd``), read leniently before the workspace is opened, so that the errors of opening it
    are already in its language; None when there is no planner.toml or it does not say.
    A planner.toml without ``locale`` speaks English, as its default says."""
    try:
        folder = root.resolve() if root is not None else find_root(cwd)
        if not (folder / SETTINGS_FILE).is_file():
            return None
        shop = read_toml(folder / SETTINGS_FILE, SETTINGS_FILE, ConfigError).data.get("shop")
    except (PlannerError, OSError, ValueError):
        return None  # opening the workspace says what is wrong, in the system's language
    locale = shop.get("locale", "en") if isinstance(shop, dict) else "en"
    return locale if isinstance(locale, str) else None


def system_timezone() -> str:
    """The machine's IANA zone name, for a workspace that names none (read once, at the edge)."""
    import os

    if tz := os.environ.get("TZ", "").lstrip(":"):
        return tz if "/" in tz or tz == "UTC" else "UTC"
    try:
        link = Path("/etc/localtime").resolve()
        parts = link.parts
        if "zoneinfo" in parts:
            return "/".join(parts[parts.index("zoneinfo") + 1 :])
    except OSError:
        pass
    return "UTC"


@dataclass(slots=True)
class Settings:
    """planner.toml's [shop] table, with the defaults DESIGN.md gives."""

    name: str = ""
    id: str | None = None  # the workspace's identity, part of every UID (planner.identity)
    id_unsaved: bool = False  # made by this command, not yet in planner.toml
    timezone: str = "UTC"
    locale: str = "en"
    country: str | None = None
    closures: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    source: TomlSource | None = None

    @property
    def shop_timezone(self) -> str | None:
        """The zone planner.toml gives the shop, None when it gives none (this machine's zone
        is then only a default, not the shop's)."""
        shop = self.raw.get("shop")
        return self.timezone if isinstance(shop, dict) and "timezone" in shop else None


def _unknown(key: str, known: tuple[str, ...], pos: Pos, where: str) -> ConfigError:
    hint = did_you_mean(key, known, _("known keys: {keys}").format(keys=", ".join(known)))
    return ConfigError(
        _("unknown key {key} in {where}").format(key=quoted(key), where=where), pos, hint
    )


def load_settings(root: Path, default_timezone: str, shown: str | None = None) -> Settings:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings(timezone=default_timezone)
    src = read_toml(path, shown or str(path), ConfigError)
    for key in src.data:
        if key not in _TOP_KEYS:
            if ("", -1, key) in src.keys:
                raise _unknown(key, _TOP_KEYS, src.pos("", key, value=False), SETTINGS_FILE)
            many = isinstance(src.data[key], list)
            close = difflib.get_close_matches(key, _TOP_KEYS, n=1)
            raise ConfigError(
                _("unknown table {table} in {file}").format(
                    table=f"[[{key}]]" if many else f"[{key}]", file=SETTINGS_FILE
                ),
                src.pos(key, index=0 if many else -1),
                _("did you mean {table}?").format(table=f"[{close[0]}]")
                if close
                else _("known tables: {tables}").format(tables=", ".join(_TOP_KEYS)),
            )
    shop = src.data.get("shop", {})
    if not isinstance(shop, dict):
        raise ConfigError(
            _("{table} must be a table").format(table="[shop]"),
            src.pos("", "shop", value=False),
            _('write a [shop] header, then name = "…" and timezone = "…" on lines of their own'),
        )
    for key in shop:
        if key not in _SHOP_KEYS:
            raise _unknown(key, _SHOP_KEYS, src.pos("shop", key, value=False), "[shop]")

    def text(key: str, default: str | None) -> str | None:
        value = shop.get(key, default)
        if value is not None and not isinstance(value, str):
            raise ConfigError(
                _("{key} must be a string").format(key=f"[shop] {key}"),
                src.pos("shop", key),
                example(key, f'"{_SHOP_EXAMPLES.get(key, "…")}"'),
            )
        return value

    settings = Settings(
        name=text("name", "") or "",
        id=text("id", None),
        timezone=text("timezone", default_timezone) or default_timezone,
        locale=text("locale", "en") or "en",
        country=text("country", None),
        raw=src.data,
        source=src,
    )
    zone(settings.timezone, src.pos("shop", "timezone"))
    if settings.id is not None and not _WORKSPACE_ID.match(settings.id):
        raise ConfigError(
            _("[shop] id must be 4 to 40 letters, digits and dashes"),
            src.pos("shop", "id"),
            _(
                "it is this shop's part of every event's UID: keep the one `planner init` wrote, "
                "or delete the line to have a new one made"
            ),
        )
    if settings.locale not in LOCALES:
        raise ConfigError(
            _("unknown locale {locale}").format(locale=quoted(settings.locale)),
            src.pos("shop", "locale"),
            _('use "en" or "fr"'),
        )
    closures = shop.get("closures", [])
    if not isinstance(closures, list) or not all(isinstance(c, str) for c in closures):
        raise ConfigError(
            _("[shop] closures must be a list of file names"),
            src.pos("shop", "closures"),
            example("closures", '["calendars/fermetures.ics"]'),
        )
    settings.closures = list(closures)
    return settings


@dataclass(slots=True)
class Workspace:
    root: Path
    settings: Settings

    @classmethod
    def open(
        cls,
        root: Path | None,
        cwd: Path,
        default_timezone: str = "UTC",
        rules: Sequence[str] = (),
    ) -> Workspace:
        """The workspace at ``root``, else the nearest one upward from ``cwd``, else the one
        holding the rule files named in ``rules``: `planner export ~/shop/rules/x.toml` from
        another folder plans with the shop's settings and identity, not without them."""
        if root is not None:
            from .filenames import check_path

            check_path(root, Pos(str(root)), _("the workspace folder"))
        folder = root.resolve() if root is not None else find_root(cwd)
        if root is None and not (folder / SETTINGS_FILE).is_file():
            folder = _root_of_rules(rules, cwd) or folder
        if root is not None and not folder.is_dir():
            raise ConfigError(
                _("workspace folder does not exist"),
                Pos(str(root)),
                _("create one with: planner init DIR"),
            )
        shown = shown_path(folder / SETTINGS_FILE, folder, cwd)
        return cls(folder, load_settings(folder, default_timezone, shown))

    def data_dirs(self, kind: str) -> list[Path]:
        """Where ``kind`` files are looked for, built-in first, later ones overriding."""
        dirs = [builtin_dir(kind)]
        own = self.root / kind
        if own.is_dir() and own.resolve() != dirs[0].resolve():
            dirs.append(own)
        return dirs

    def rule_files(self, names: tuple[str, ...], cwd: Path) -> list[Path]:
        """RULES arguments as files: a path (from cwd, else the workspace) or a campaign name."""
        if not names:
            folder = self.root / "rules"
            files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
            if not files:
                raise ConfigError(
                    _("no rule files in this workspace"),
                    Pos(str(folder)),
                    _("name a rule file, or create one with: planner new NAME"),
                )
            return files
        from .filenames import check_path

        found: list[Path] = []
        for name in names:
            check_path(name, Pos(name), _("this rule file or campaign name"))
            candidates = [cwd / name, self.root / name]
            if not name.endswith(".toml"):
                for folder in (self.root / "rules", builtin_dir("rules")):
                    candidates.append(folder / f"{name}.toml")
            path = next((c for c in candidates if c.is_file()), None)
            if path is None:
                known = sorted(p.stem for p in (self.root / "rules").glob("*.toml"))
                known += sorted(p.stem for p in builtin_dir("rules").glob("*.toml"))
                hint = did_you_mean(
                    Path(name).stem,
                    known,
                    _("give a path to a .toml file or a campaign name from rules/"),
                )
                raise ConfigError(_("no such rule file or campaign"), Pos(name), hint)
            found.append(path)
        return found


def store_url(settings: Settings, root: Path) -> tuple[str, Pos | None]:
    """planner.toml's [store] url (a relative SQLite path counts from the workspace, not from
    wherever the command runs), else the workspace's planner.db; with where it was written."""
    src = settings.source
    table = _table(settings, "store", ("url",), 'url = "sqlite:///planner.db"')
    url, pos = table.get("url"), src.pos("store", "url") if src else None
    shop = settings.raw.get("shop")
    if url is None and isinstance(shop, dict) and "store_url" in shop:
        url, pos = shop["store_url"], src.pos("shop", "store_url") if src else None
    if url is None:
        return f"sqlite:///{root / 'planner.db'}", None
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(
            _("[store] url must be a database URL in quotes"),
            pos,
            _('e.g. url = "sqlite:///planner.db" or "postgresql://user@host/parcours"'),
        )
    prefix = "sqlite:///"
    path = url[len(prefix) :].split("?", 1)[0]
    if url.startswith(prefix) and path and not path.startswith(("/", ":memory:")):
        url = prefix + str(root / url[len(prefix) :])
    return url, pos


@dataclass(frozen=True, slots=True)
class RunnerSettings:
    """planner.toml's [runner] table."""

    grace: timedelta = timedelta(hours=1)  # due longer ago than this: missed, not fired late
    poll: timedelta = timedelta(seconds=1)  # how soon a running runner notices a sync
    attempts: int = 5  # tries before a delivery is failed
    backoff: timedelta = timedelta(minutes=1)  # wait before the first retry, doubled each time
    workers: int = 4  # hooks fired at once
    batch: int = 200  # deliveries claimed per transaction
    heartbeat: timedelta = timedelta(seconds=10)  # how often a runner says it is alive
    # PostgreSQL: how long a runner that stopped answering (its machine or network gone)
    # keeps its claims before the others take them over.
    stale: timedelta = timedelta(minutes=1)


_DEFAULT_RUNNER = RunnerSettings()
_RUNNER_DURATIONS = {
    "grace": "1 hour",
    "poll": "1 second",
    "backoff": "1 minute",
    "heartbeat": "10 seconds",
    "stale": "1 minute",
}
_RUNNER_COUNTS = {"attempts": (1, 100), "workers": (1, 64), "batch": (1, 10_000)}


def runner_settings(settings: Settings) -> RunnerSettings:
    """[runner], read only by the commands that run hooks, so that a mistake in it does not
    stop `planner plan`."""
    from .phrases import parse_duration

    src = settings.source
    table = _table(settings, "runner", (*_RUNNER_DURATIONS, *_RUNNER_COUNTS), 'grace = "1 hour"')
    values: dict[str, Any] = {}
    for key, phrase in _RUNNER_DURATIONS.items():
        if key not in table:
            continue
        text = table[key]
        if not isinstance(text, str):
            raise ConfigError(
                _("{key} must be a duration in quotes").format(key=f"[runner] {key}"),
                src.pos("runner", key) if src else None,
                example(key, f'"{phrase}"'),
            )
        values[key] = parse_duration(text, src.string_pos("runner", key) if src else None)
        if key != "grace" and not values[key]:
            raise ConfigError(
                _("{key} must be longer than zero").format(key=f"[runner] {key}"),
                src.pos("runner", key) if src else None,
                example(key, f'"{phrase}"'),
            )
    for key, (low, high) in _RUNNER_COUNTS.items():
        number = table.get(key, getattr(_DEFAULT_RUNNER, key))
        if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
            raise ConfigError(
                _("{key} must be a whole number from {first} to {last}").format(
                    key=f"[runner] {key}", first=low, last=high
                ),
                src.pos("runner", key) if src else None,
                example(key, str(getattr(_DEFAULT_RUNNER, key))),
            )
        values[key] = number
    return RunnerSettings(**values)


def _table(settings: Settings, name: str, known: tuple[str, ...], line: str) -> dict[str, Any]:
    table = settings.raw.get(name, {})
    src = settings.source
    if not isinstance(table, dict):
        raise ConfigError(
            _("{table} must be a table").format(table=f"[{name}]"),
            src.pos("", name, value=False) if src else None,
            _("write a {table} header, then {line} on a line of its own").format(
                table=f"[{name}]", line=line
            ),
        )
    for key in table:
        if key not in known:
            pos = src.pos(name, key, value=False) if src else Pos(SETTINGS_FILE)
            raise _unknown(key, known, pos, f"[{name}]")
    return table
