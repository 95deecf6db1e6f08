"""A shop's first steps: `planner init` makes a workspace, `planner new` a campaign file.

A new workspace holds only what its owner writes: the built-in examples stay in the package,
copied by `planner new NAME --example KEY` when asked for. Whatever `init` does not get told
(time zone, language) it derives from the country or the machine and says so; whatever it is
told is checked before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Template

from ..errors import ConfigError, EventError, Pos, UserError, quoted
from ..filenames import check_path
from ..i18n import N_, _
from ..identity import new_workspace_id, workspace_id_line
from ..journey import fold
from ..places import Guess, check_country, locale_for, zone_for
from ..workspace import SETTINGS_FILE, Workspace, builtin_dir, parse_locale, zone

STARTERS = Path(__file__).resolve().parent.parent / "starters"
STARTER = "starter"

GITIGNORE = """\
# Parcours: the store (planner sync / run) and planner serve's secret token
planner.db
planner.db-*
planner.db.runner.lock
.planner/
"""


@dataclass(slots=True)
class Created:
    """What `init` wrote, and the settings it chose with where each came from."""

    paths: list[Path]
    timezone: Guess
    locale: Guess
    country: str | None

    def summary(self) -> str:
        country = self.country or _("none (no public holidays; named events common to all)")
        return _(
            "time zone {zone} ({zone_why}), locale {locale} ({locale_why}), country {country}"
        ).format(
            zone=self.timezone.value,
            zone_why=self.timezone.why,
            locale=self.locale.value,
            locale_why=self.locale.why,
            country=country,
        )


def init_workspace(
    folder: Path,
    *,
    name: str = "",
    timezone: str | None = None,
    locale: str | None = None,
    country: str | None = None,
    machine_zone: str = "UTC",
) -> Created:
    """A new workspace: planner.toml, a .gitignore, and empty rules/, channels/ and calendars/.
    Every setting is checked (or derived: the zone from the country, else the machine) before
    anything is written; an existing workspace is never overwritten."""
    from ..events import Catalog

    check_path(folder, Pos(str(folder)), _("the workspace folder"))
    settings = folder / SETTINGS_FILE
    if settings.exists():
        raise ConfigError(
            _("a workspace already exists here"),
            Pos(str(settings)),
            _("edit its planner.toml, or pick another folder"),
        )
    if country is not None:
        country = check_country(country, Catalog.load([builtin_dir("calendars")]).countries())
    if locale:
        chosen = parse_locale(locale, Pos("--locale"))
        given = N_("as given") if chosen == locale else N_("from {code}")
        language = Guess(chosen, given, quoted(locale))
    else:
        language = locale_for(country)
    if timezone:
        zone(timezone, Pos("--timezone"))
        tz = Guess(timezone, N_("as given"))
    else:
        tz = zone_for(country, machine_zone)
        zone(tz.value, Pos("--timezone"))
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Parcours workspace settings",
        "[shop]",
        f"name = {_toml(name or folder.resolve().name)}",
        workspace_id_line(new_workspace_id()),
        f'timezone = "{tz.value}"',
        f'locale = "{language.value}"',
    ]
    if country:
        lines.append(f'country = "{country}"')
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written = [settings]
    ignore = folder / ".gitignore"
    if not ignore.exists():  # the store and the serve token are this machine's, not the shop's
        ignore.write_text(GITIGNORE, encoding="utf-8")
        written.append(ignore)
    for kind in ("rules", "channels", "calendars"):
        (folder / kind).mkdir(exist_ok=True)
    return Created(written, tz, language, country)


@dataclass(frozen=True, slots=True)
class Example:
    key: str
    about: str


def examples() -> list[Example]:
    """The built-in example campaigns, each with the first sentence of its opening comment."""
    found = []
    for path in sorted(builtin_dir("rules").glob("*.toml")):
        comment = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("# ").strip())
        text = " ".join(comment)
        first = re.split(r"(?<=[.:])\s", text, maxsplit=1)[0].rstrip(".:")
        found.append(Example(path.stem, first))
    return found


@dataclass(slots=True)
class NewRule:
    """The file `new` wrote, the campaign's name in it, and what the user should know."""

    path: Path
    name: str
    notes: list[str] = field(default_factory=list)


def rule_target(workspace: Workspace, name: str) -> tuple[str, str, Path]:
    """The file stem, the campaign's title and the rule file for the NAME given to `new`;
    an error when NAME makes no file name or the file exists."""
    stem = _slug(name)
    if not stem:
        raise ConfigError(
            _("bad campaign name {name}").format(name=quoted(name)),
            Pos("NAME"),
            _('use a name such as "fete-des-meres" or "Fête des mères 2027"'),
        )
    check_path(f"{stem}.toml", Pos("NAME"), _("this campaign name"))
    raw = name.strip().removesuffix(".toml")
    title = _title(workspace, stem) if raw == stem else raw
    target = workspace.root / "rules" / f"{stem}.toml"
    if target.exists():
        raise ConfigError(
            _("that rule file already exists"),
            Pos(str(target)),
            _("pick another name, or edit the file"),
        )
    return stem, title, target


def new_rule(
    workspace: Workspace, name: str, *, example: str | None = None, today: date
) -> NewRule:
    """rules/<slug of NAME>.toml, named after NAME, from the starter in the workspace's
    language (anchored on an event the workspace's country has) or from a built-in example;
    either way it follows planner.toml's time zone, locale and country. Never overwrites."""
    stem, title, target = rule_target(workspace, name)
    settings = workspace.settings
    if example is None or example == STARTER:
        text, notes = _starter(workspace, title, stem, today)
    else:
        source = builtin_dir("rules") / f"{example}.toml"
        if not source.is_file():
            known = ", ".join(e.key for e in examples())
            raise ConfigError(
                _("no example named {name}").format(name=quoted(example)),
                Pos("--example"),
                _("examples: {names} (planner new --list describes them)").format(names=known),
            )
        text, dropped = _adapted(source.read_text(encoding="utf-8"), _toml(title))
        notes = [_("from the example {name}").format(name=example)]
        if dropped:
            own = ", ".join(f"{k} {v}" for k, v in dropped.items())
            notes.append(
                _("its own {keys} left out: the file follows planner.toml").format(keys=own)
            )
    mine = f"{settings.timezone}, {settings.locale}, {settings.country or _('no country')}"
    notes.append(_("time zone, locale, country: {settings} (planner.toml)").format(settings=mine))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return NewRule(target, title, notes)


def _starter(workspace: Workspace, title: str, stem: str, today: date) -> tuple[str, list[str]]:
    from ..events import Catalog

    settings = workspace.settings
    catalog = Catalog.load(workspace.data_dirs("calendars"))
    try:
        catalog.check_country(settings.country)
        keys = set(catalog.keys(settings.country))
    except EventError:  # a country with no calendar file: no named event resolves there
        keys = set()
    fr = settings.locale == "fr"
    anchor_comment = (
        '   # un événement nommé (planner events), une date ou "asap"'
        if fr
        else '   # a named event (planner events lists them), a date, or "asap"'
    )
    if "mothers_day" in keys:
        anchor, event_en, event_fr = "mothers_day", "Mother's Day", "la fête des mères"
    elif "valentines_day" in keys:
        anchor, event_en, event_fr = "valentines_day", "Valentine's Day", "la Saint-Valentin"
    else:
        year = today.year + (1 if today >= date(today.year, 2, 14) else 0)
        anchor, event_en, event_fr = f"{year}-02-14", "Valentine's Day", "la Saint-Valentin"
    country = settings.country or ("pas de pays" if fr else "no country")
    template = Template((STARTERS / f"starter.{settings.locale}.toml").read_text("utf-8"))
    text = template.substitute(
        title=title,
        stem=stem,
        name=_toml(title),
        anchor=anchor,
        anchor_comment=anchor_comment,
        event_en=event_en,
        event_fr=event_fr,
        settings=f"{settings.timezone}, {settings.locale}, {country}",
    )
    return text, [_("from the starter, anchored on {anchor}").format(anchor=anchor)]


_CAMPAIGN_PLACE = ("timezone", "locale", "country")
_KEY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(.*)$")


def _adapted(text: str, name: str) -> tuple[str, dict[str, str]]:
    """An example's text with our name, and without its own time zone, locale and country
    (returned, to be said): a copy belongs to this workspace, not to the example's shop."""
    out: list[str] = []
    dropped: dict[str, str] = {}
    table = ""
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            table = stripped
        found = _KEY.match(line) if table == "[campaign]" else None
        if found and found.group(1) == "name":
            out.append(f"name = {name}\n")
            continue
        if found and found.group(1) in _CAMPAIGN_PLACE:
            value = found.group(2).split("#", 1)[0].strip().strip('"')
            if not dropped:
                out.append("# timezone, locale and country: the workspace's (planner.toml)\n")
            dropped[found.group(1)] = value
            continue
        out.append(line)
    return "".join(out), dropped


def _slug(name: str) -> str:
    """A file name from what the user typed: "Fête des mères 2027" -> "fete-des-meres-2027"."""
    bare = fold(name.removesuffix(".toml")).replace("'", "")
    return re.sub(r"[^a-z0-9_]+", "-", bare).strip("-_")


def _title(workspace: Workspace, stem: str) -> str:
    """A campaign name from a file name: the named event's own spelling when the file is
    named after one ("fete-des-meres" -> "Fête des mères"), else the words of the name."""
    from ..events import Catalog

    events = Catalog.load(workspace.data_dirs("calendars"))
    country = workspace.settings.country
    try:
        key = events.key_for(stem.replace("-", " ").replace("_", " "), country)
        if key is not None:
            for lang in dict.fromkeys((workspace.settings.locale, "fr", "en")):
                name = events.name(key, lang, country)
                if _slug(name) == stem:
                    return name
    except UserError:  # a catalogue the user broke is said by the commands that plan
        pass
    return _humane(stem)


def _humane(stem: str) -> str:
    """A campaign name from a file name: "fete-des-meres" -> "Fete des meres"."""
    words = stem.replace("_", " ").replace("-", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _toml(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)
