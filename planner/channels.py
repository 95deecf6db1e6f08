"""Channels: where a touchpoint is published, and the constraints of each (DESIGN.md)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import time, timedelta
from pathlib import Path

from .errors import ChannelError, Pos, did_you_mean, example, quoted
from .filenames import check_path, path_problem
from .i18n import _, number
from .tomlsource import TomlSource, read_toml
from .workspace import builtin_dir, shown_path

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FR_DAYS = {"lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6}
_KEYS = (
    "name",
    "days",
    "best_times",
    "quiet_hours",
    "quiet_days",
    "needs_open",
    "cap_per_day",
    "cap_per_week",
    "lead_time",
    "max_length",
    "max_segments",
    "template",
    "all_day",
    "duration",
)
_TIME = re.compile(r"^([01]?\d|2[0-3])[:h]([0-5]\d)$")
# A channel's key names its file: no name may reach the file system as a path ("../rules/x")
# or as a name the system refuses (300 characters: "File name too long").
_KEY_MAX = 64
DEFAULT_TIME = time(10, 0)


@dataclass(frozen=True, slots=True)
class Channel:
    key: str
    name: str
    days: frozenset[int] = frozenset(range(7))
    best_times: tuple[time, ...] = (DEFAULT_TIME,)
    quiet_hours: tuple[tuple[time, time], ...] = ()
    quiet_days: frozenset[int] = frozenset()
    quiet_on_holidays: bool = False
    needs_open: bool = False
    cap_per_day: int = 0  # 0: no cap
    cap_per_week: int = 0
    lead_time: timedelta = timedelta(0)
    max_length: int = 0  # 0: no limit
    max_segments: int = 0  # SMS segments of the brief (GSM-7 or UCS-2); 0: not an SMS
    template: str = ""  # source text of the brief template; "" renders the content as is
    template_name: str = ""
    template_path: str = ""  # the template's file, as messages name it
    all_day: bool = False
    duration: timedelta = timedelta(minutes=30)
    source: str = ""
    builtin: bool = False  # Parcours's own file, not the shop's: changed by copying it
    # The name in each language that has its own ("fr" → "En boutique"); ``name`` otherwise.
    names: tuple[tuple[str, str], ...] = ()

    def label(self, locale: str) -> str:
        """The channel's name as a person of ``locale`` reads it, in titles and categories."""
        return next((name for lang, name in self.names if lang == locale), self.name)

    @property
    def template_pos(self) -> Pos | None:
        return Pos(self.template_path, 1, 1) if self.template_path else None

    def allows_day(self, weekday: int) -> bool:
        return weekday in self.days and weekday not in self.quiet_days

    def quiet_at(self, moment: time) -> bool:
        for begin, end in self.quiet_hours:
            inside = begin <= moment < end if begin < end else moment >= begin or moment < end
            if inside:
                return True
        return False


def _time(value: object, pos: Pos) -> time:
    match = _TIME.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ChannelError(
            _("{value} is not a time of day").format(value=quoted(value)),
            pos,
            _('write times as "HH:MM", from "00:00" to "23:59"'),
        )
    return time(int(match.group(1)), int(match.group(2)))


def _day(value: object, pos: Pos) -> int:
    word = value.strip().lower()[:3] if isinstance(value, str) else ""
    if word in WEEKDAYS:
        return WEEKDAYS.index(word)
    if word in _FR_DAYS:
        return _FR_DAYS[word]
    hint = did_you_mean(
        str(value).lower()[:3], WEEKDAYS, _("use mon, tue, wed, thu, fri, sat, sun")
    )
    raise ChannelError(_("unknown day {day}").format(day=quoted(value)), pos, hint)


_LIST_EXAMPLES = {
    "days": '["mon", "wed", "fri"]',
    "best_times": '["11:00", "19:00"]',
    "quiet_hours": '["20:00-08:00"]',
    "quiet_days": '["sun", "holidays"]',
}


def _list(src: TomlSource, key: str) -> list[object]:
    value = src.data.get(key, [])
    if not isinstance(value, list):
        raise ChannelError(
            _("{key} must be a list").format(key=key),
            src.pos("", key),
            example(key, _LIST_EXAMPLES[key]),
        )
    return value


def _int(src: TomlSource, key: str) -> int:
    value = src.data.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ChannelError(
            _("{key} must be a whole number ≥ 0").format(key=key),
            src.pos("", key),
            _("0 means none"),
        )
    return value


LANGUAGES = ("en", "fr")


def _names(src: TomlSource, key: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``name = "Instagram"`` in every language, or ``name = { en = "In store", fr = "En
    boutique" }``: the English one (else the first) names the channel in messages."""
    value = src.data.get("name", key)
    pos = src.pos("", "name")
    example = _('e.g. name = "Instagram", or name = { en = "In store", fr = "En boutique" }')
    if isinstance(value, str) and value.strip():
        return value, ()
    if not isinstance(value, dict) or not value:
        raise ChannelError(_("name must be a text, or a text per language"), pos, example)
    names: list[tuple[str, str]] = []
    for lang, text in value.items():
        if lang not in LANGUAGES:
            raise ChannelError(
                _("unknown language {language} in the channel's name").format(
                    language=quoted(lang)
                ),
                pos,
                did_you_mean(
                    lang,
                    LANGUAGES,
                    _("languages: {languages}").format(languages=", ".join(LANGUAGES)),
                ),
            )
        if not isinstance(text, str) or not text.strip():
            raise ChannelError(
                _("the {language} name must be a text").format(language=lang), pos, example
            )
        names.append((lang, text))
    return dict(names).get("en", names[0][1]), tuple(names)


def parse_channel(
    src: TomlSource, key: str, templates: Sequence[Path], shown: Callable[[Path], str] = str
) -> Channel:
    from .phrases import parse_duration

    data = src.data
    for name in data:
        if name not in _KEYS:
            raise ChannelError(
                _("unknown key {key} in channel file").format(key=quoted(name)),
                src.pos("", name, value=False),
                did_you_mean(name, _KEYS, _("known keys: {keys}").format(keys=", ".join(_KEYS))),
            )
    days = (
        frozenset(_day(d, src.pos("", "days")) for d in _list(src, "days"))
        if "days" in data
        else frozenset(range(7))
    )
    if not days:
        raise ChannelError(_("days is empty"), src.pos("", "days"), _("list at least one day"))
    times = tuple(_time(t, src.pos("", "best_times")) for t in _list(src, "best_times"))
    quiet: list[tuple[time, time]] = []
    for span in _list(src, "quiet_hours"):
        pos = src.pos("", "quiet_hours")
        parts = span.split("-") if isinstance(span, str) else []
        if len(parts) != 2:
            raise ChannelError(
                _("quiet hours {span} are not a span of time").format(span=quoted(span)),
                pos,
                _('write "20:00-08:00"'),
            )
        quiet.append((_time(parts[0], pos), _time(parts[1], pos)))
    quiet_days: set[int] = set()
    on_holidays = False
    for day in _list(src, "quiet_days"):
        if isinstance(day, str) and day.strip().lower() in ("holidays", "jours fériés", "feries"):
            on_holidays = True
        else:
            quiet_days.add(_day(day, src.pos("", "quiet_days")))

    def duration(name: str, default: timedelta) -> timedelta:
        value = data.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise ChannelError(
                _("{key} must be a phrase").format(key=name),
                src.pos("", name),
                example(name, _('"7 days"')),
            )
        return parse_duration(value, src.string_pos("", name))

    template_name = data.get("template", "")
    if not isinstance(template_name, str):
        raise ChannelError(
            _("template must be a file name"),
            src.pos("", "template"),
            example("template", '"email.j2"'),
        )
    template = template_path = ""
    if template_name:
        check_path(template_name, src.pos("", "template"), "template", ChannelError)
        found = next(
            (d / template_name for d in reversed(templates) if (d / template_name).is_file()), None
        )
        if found is None:
            raise ChannelError(
                _("template {name} not found").format(name=quoted(template_name)),
                src.pos("", "template"),
                _("put it beside the channel file, in channels/"),
            )
        template = found.read_text(encoding="utf-8")
        template_path = shown(found)
    for flag in ("needs_open", "all_day"):
        if not isinstance(data.get(flag, False), bool):
            raise ChannelError(
                _("{key} must be true or false").format(key=flag),
                src.pos("", flag),
                example(flag, "true"),
            )
    name, names = _names(src, key)
    return Channel(
        key=key,
        name=name,
        names=names,
        days=days,
        best_times=times or (DEFAULT_TIME,),
        quiet_hours=tuple(quiet),
        quiet_days=frozenset(quiet_days),
        quiet_on_holidays=on_holidays,
        needs_open=bool(data.get("needs_open", False)),
        cap_per_day=_int(src, "cap_per_day"),
        cap_per_week=_int(src, "cap_per_week"),
        lead_time=duration("lead_time", timedelta(0)),
        max_length=_int(src, "max_length"),
        max_segments=_int(src, "max_segments"),
        template=template,
        template_name=template_name,
        template_path=template_path,
        all_day=bool(data.get("all_day", False)),
        duration=duration("duration", timedelta(minutes=30)),
        source=src.path,
    )


class ChannelSet:
    """The channels available to a workspace, loaded lazily by name."""

    def __init__(
        self, dirs: Sequence[Path], root: Path | None = None, cwd: Path | None = None
    ) -> None:
        self.dirs = list(dirs)
        self._cache: dict[str, Channel] = {}
        # With both, messages name a channel file as the user would type it.
        self._root, self._cwd = root, cwd

    def _shown(self, path: Path) -> str:
        if self._root is None or self._cwd is None:
            return str(path)
        return shown_path(path, self._root, self._cwd)

    def _misnamed(self, norm: str) -> None:
        """A channel file whose name is the channel's but not written as its key is (upper
        case, spaces, dashes): say so rather than suggest the name that cannot be found."""
        for folder in reversed(self.dirs):
            for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
                if path.stem != norm and channel_key(path.stem) == norm:
                    raise ChannelError(
                        _("the channel file {file} is not found under its key {key}").format(
                            file=quoted(path.name), key=quoted(norm)
                        ),
                        Pos(self._shown(path)),
                        _(
                            "rename it {file}: channel files are named in lower case, with _ "
                            "for spaces and dashes"
                        ).format(file=f"{norm}.toml"),
                    )

    def _known(self) -> str:
        return _("known channels: {channels}").format(channels=", ".join(self.names()))

    def names(self) -> list[str]:
        return sorted({p.stem for d in self.dirs if d.is_dir() for p in d.glob("*.toml")})

    def label(self, key: str, locale: str) -> str:
        """The name of channel ``key`` as a person of ``locale`` reads it."""
        try:
            return self.get(key).label(locale)
        except ChannelError:
            return key_name(key)

    def get(self, key: str, pos: Pos | None = None) -> Channel:
        norm = channel_key(key)
        if norm in self._cache:
            return self._cache[norm]
        if len(norm) > _KEY_MAX:
            raise ChannelError(
                _(
                    "unknown channel: a channel's name has {most} characters at most, not {count}"
                ).format(most=_KEY_MAX, count=number(len(norm))),
                pos,
                self._known(),
            )
        if "/" in norm or "\\" in norm or not norm.isprintable() or path_problem(f"{norm}.toml"):
            raise ChannelError(
                _(
                    "unknown channel {channel}: a channel's name holds no '/', '\\' or control "
                    "character"
                ).format(channel=quoted(key)),
                pos,
                self._known(),
            )
        path = next(
            (d / f"{norm}.toml" for d in reversed(self.dirs) if (d / f"{norm}.toml").is_file()),
            None,
        )
        if path is None:
            self._misnamed(norm)
            hint = did_you_mean(norm, self.names(), self._known())
            raise ChannelError(
                _("unknown channel {channel}").format(channel=quoted(key)), pos, hint
            )
        src = read_toml(path, self._shown(path), ChannelError)
        channel = parse_channel(src, norm, self.dirs, self._shown)
        if path.parent.resolve() == builtin_dir("channels").resolve():
            channel = replace(channel, builtin=True)
        self._cache[norm] = channel
        return channel


def key_name(key: str) -> str:
    """A channel's name when its file is not at hand (a stored item's deleted channel)."""
    return key.replace("_", " ").capitalize()


def channel_key(name: str) -> str:
    """A channel as rules and file names key it ("Google Business" → google_business)."""
    return name.strip().lower().replace("-", "_").replace(" ", "_")
