"""A workspace: the folder of a shop's plans, its settings, and where the data files come from.

Built-in defaults (the repository's top-level ``rules/``, ``channels/`` and ``calendars/``,
shipped in the wheel as ``planner/_data/``) come first; the workspace's own files override them
by name.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError, Pos
from .tomlsource import TomlSource, read_toml

SETTINGS_FILE = "planner.toml"
DATA_KINDS = ("rules", "channels", "calendars")
LOCALES = ("en", "fr")

_SHOP_KEYS = ("name", "timezone", "locale", "country", "closures", "store_url", "url")
_TOP_KEYS = ("shop", "runner", "hooks", "store")
_SHOP_EXAMPLES = {
    "name": "Bijouterie Lemoine",
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


def find_root(start: Path) -> Path:
    """The nearest folder upward from ``start`` holding planner.toml, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return start


def zone(name: str, pos: Pos | None = None) -> ZoneInfo:
    """The time zone ``name``, or a positioned error suggesting a real one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        import zoneinfo

        close = difflib.get_close_matches(name, sorted(zoneinfo.available_timezones()), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "use an IANA name such as Europe/Paris"
        raise ConfigError(f"unknown time zone {name!r}", pos, hint) from None


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
    timezone: str = "UTC"
    locale: str = "en"
    country: str | None = None
    closures: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    source: TomlSource | None = None


def _unknown(key: str, known: tuple[str, ...], pos: Pos, where: str) -> ConfigError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
    return ConfigError(f"unknown key {key!r} in {where}", pos, hint)


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
                f"unknown table {f'[[{key}]]' if many else f'[{key}]'} in {SETTINGS_FILE}",
                src.pos(key, index=0 if many else -1),
                f"did you mean [{close[0]}]?" if close else f"known tables: {', '.join(_TOP_KEYS)}",
            )
    shop = src.data.get("shop", {})
    if not isinstance(shop, dict):
        raise ConfigError(
            "[shop] must be a table",
            src.pos("", "shop", value=False),
            'write a [shop] header, then name = "…" and timezone = "…" on lines of their own',
        )
    for key in shop:
        if key not in _SHOP_KEYS:
            raise _unknown(key, _SHOP_KEYS, src.pos("shop", key, value=False), "[shop]")

    def text(key: str, default: str | None) -> str | None:
        value = shop.get(key, default)
        if value is not None and not isinstance(value, str):
            raise ConfigError(
                f"[shop] {key} must be a string",
                src.pos("shop", key),
                f'e.g. {key} = "{_SHOP_EXAMPLES.get(key, "…")}"',
            )
        return value

    settings = Settings(
        name=text("name", "") or "",
        timezone=text("timezone", default_timezone) or default_timezone,
        locale=text("locale", "en") or "en",
        country=text("country", None),
        raw=src.data,
        source=src,
    )
    zone(settings.timezone, src.pos("shop", "timezone"))
    if settings.locale not in LOCALES:
        raise ConfigError(
            f"unknown locale {settings.locale!r}",
            src.pos("shop", "locale"),
            'use "en" or "fr"',
        )
    closures = shop.get("closures", [])
    if not isinstance(closures, list) or not all(isinstance(c, str) for c in closures):
        raise ConfigError(
            "[shop] closures must be a list of file names",
            src.pos("shop", "closures"),
            'e.g. closures = ["calendars/fermetures.ics"]',
        )
    settings.closures = list(closures)
    return settings


@dataclass(slots=True)
class Workspace:
    root: Path
    settings: Settings

    @classmethod
    def open(cls, root: Path | None, cwd: Path, default_timezone: str = "UTC") -> Workspace:
        """The workspace at ``root``, else the nearest one upward from ``cwd``."""
        folder = root.resolve() if root is not None else find_root(cwd)
        if root is not None and not folder.is_dir():
            raise ConfigError(
                "workspace folder does not exist",
                Pos(str(root)),
                "create one with: planner init DIR",
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
                    "no rule files in this workspace",
                    Pos(str(folder)),
                    "name a rule file, or create one with: planner new NAME",
                )
            return files
        found: list[Path] = []
        for name in names:
            candidates = [cwd / name, self.root / name]
            if not name.endswith(".toml"):
                for folder in (self.root / "rules", builtin_dir("rules")):
                    candidates.append(folder / f"{name}.toml")
            path = next((c for c in candidates if c.is_file()), None)
            if path is None:
                known = sorted(p.stem for p in (self.root / "rules").glob("*.toml"))
                known += sorted(p.stem for p in builtin_dir("rules").glob("*.toml"))
                close = difflib.get_close_matches(Path(name).stem, known, n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "give a path to a .toml file or a campaign name from rules/"
                )
                raise ConfigError("no such rule file or campaign", Pos(name), hint)
            found.append(path)
        return found
