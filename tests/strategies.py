"""Hypothesis strategies that write what users write: rule files, channel files and
planner.toml, built from the grammar of both (the keys of each table, the words of the phrase
language) with values from the plausible to the extreme (numbers of hundreds of digits, years
9999 and 1, deep nesting, wrong types, stray characters).

The vocabulary comes from the project's own tables (planner.phrases.words, the keys the rule,
settings, channel and hook readers know), so that a word added there is generated here too.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from hypothesis import strategies as st

from planner.hooks import COMMON_KEYS, KIND_KEYS
from planner.limits import Limits
from planner.phrases import words
from planner.rules import CAMPAIGN_KEYS, STEP_KEYS


def likely(strategy: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> Any:
    """Mostly ``strategy``, one time in thirty ``odd``: a file that is mostly right is read to its
    end, so that the extremes reach the code that plans, not only the first check."""

    @st.composite
    def draw_one(draw: st.DrawFn) -> Any:
        return draw(odd if draw(st.integers(0, 29)) == 0 else strategy)

    return draw_one()


# -- values ----------------------------------------------------------------------------------

EXTREME_INTS = st.sampled_from(
    [0, 1, -1, 2, 7, 12, 31, 366, 10_000, 2**31, 2**63, -(2**63), 10**18, 10**40]
)
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=40),
    EXTREME_INTS,
    st.integers(min_value=10**5, max_value=10**12),
)


def _digits(n: int) -> str:
    return str(n) if n < 10**20 else "9" * 310


NUMBER_TEXT = likely(
    st.one_of(
        st.integers(min_value=0, max_value=40).map(str), st.sampled_from(sorted(words.NUMBERS))
    ),
    st.one_of(
        NUMBERS.map(str),
        st.sampled_from(["9" * 310, "0" * 50 + "1", "1_000", "3.5", "-4", "²", "٣"]),
    ),
)
DATES = likely(
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2029, 12, 31)),
    st.one_of(
        st.sampled_from(
            [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(2200, 12, 31), dt.date(9999, 12, 31)]
        ),
        st.dates(),
    ),
)
TEXT = likely(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.text(max_size=30),
)
WORD = st.sampled_from(sorted(words.VOCABULARY))
STAGES = st.sampled_from(
    [
        "awareness",
        "consideration",
        "conversion",
        "retention",
        "advocacy",
        "sensibilisation",
        "considération",
        "achat",
        "fidélisation",
        "recommandation",
        "Notoriété",
    ]
)
EVENTS = st.sampled_from(
    [
        "valentines_day",
        "mothers_day",
        "black_friday",
        "christmas",
        "Saint-Valentin",
        "la fête des mères",
        "Valentine's Day",
        "soldes_hiver",
        "anchor",
        "l'ancre",
        "nosuchevent",
    ]
)
MONTH = st.one_of(st.sampled_from(words.MONTH_NAMES_EN), st.sampled_from(words.MONTH_NAMES_FR))
OTHER_UNITS = ("hours", "heures", "minutes", "min", "h", "years", "ans", "seconds")
UNIT = st.sampled_from(
    [*sorted(words.DAY_UNITS | words.WEEK_UNITS | words.MONTH_UNITS), *OTHER_UNITS]
)
RELATION = st.sampled_from(sorted(words.BEFORE | words.AFTER))
WEEKDAY = st.sampled_from(sorted(words.WEEKDAYS))


@st.composite
def refs(draw: st.DrawFn) -> str:
    return draw(st.one_of(STAGES, EVENTS, DATES.map(dt.date.isoformat)))


PART = st.sampled_from(["early", "mid", "late", "début", "mi-", "fin", "the end of"])
ORDINAL = st.sampled_from(["first", "second", "last", "fifth", "premier", "dernier", "2nd"])


@st.composite
def windows(draw: st.DrawFn) -> str:
    """A `when` phrase: one of the grammar's window shapes, with any of its words."""
    n, m, ref = draw(NUMBER_TEXT), draw(NUMBER_TEXT), draw(refs())
    return draw(
        st.sampled_from(
            [
                f"{draw(PART)} {draw(MONTH)}",
                f"{draw(MONTH)}",
                f"en {draw(MONTH)}",
                f"{draw(ORDINAL)} week of {draw(MONTH)}",
                f"{draw(DATES)}",
                f"{n} {draw(MONTH)}",
                f"from {draw(DATES)} to {draw(DATES)}",
                f"du {n} au {m} {draw(MONTH)}",
                f"between {draw(refs())} and {ref}",
                f"{n} {draw(UNIT)} {draw(RELATION)} {ref}",
                f"J-{n}",
                f"D+{n}",
                f"in the {n} days before {ref}",
                f"dans les {n} jours avant {ref}",
                f"the week before {ref}",
                f"la semaine avant {ref}",
                f"on {ref}",
                f"{n} to {m} days later",
                f"de {n} à {m} jours après {ref}",
                f"the {draw(ORDINAL)} {draw(WEEKDAY)} of {draw(MONTH)}",
                f"le {draw(ORDINAL)} {draw(WEEKDAY)} de {draw(MONTH)}",
                f"{n} business days before {ref}",
                f"{n} jours ouvrés avant {ref}",
                f"the week of {draw(DATES)}",
                f"la semaine du {n} {draw(MONTH)}",
                draw(
                    st.sampled_from(["next month", "le mois prochain", "next week", "this month"])
                ),
                draw(st.sampled_from(["asap", "as soon as possible", "dès que possible", "now"])),
            ]
        )
    )


@st.composite
def recurrences(draw: st.DrawFn) -> str:
    n = draw(NUMBER_TEXT)
    return draw(
        st.sampled_from(
            [
                f"every {n} {draw(UNIT)}",
                f"tous les {n} jours",
                f"every {draw(WEEKDAY)}",
                f"tous les {draw(WEEKDAY)}",
                "weekly",
                "chaque semaine",
                "daily",
                f"{n} {draw(UNIT)}",
            ]
        )
    )


@st.composite
def durations(draw: st.DrawFn) -> str:
    n = draw(NUMBER_TEXT)
    unit = draw(UNIT)
    return draw(st.sampled_from([f"{n} {unit}", f"pendant {n} {unit}", f"for {n} {unit}"]))


@st.composite
def gibberish(draw: st.DrawFn) -> str:
    """Words of the vocabulary and numbers in any order, or any text."""
    return draw(
        st.one_of(
            st.lists(st.one_of(WORD, NUMBER_TEXT), max_size=8).map(" ".join),
            st.text(max_size=40),
        )
    )


def phrases(family: st.SearchStrategy[str]) -> Any:
    """A phrase of ``family``, else, rarely, one of another family or gibberish."""
    return likely(family, st.one_of(windows(), recurrences(), durations(), gibberish()))


TIMES = st.one_of(
    st.sampled_from(["11:00", "9h15", "23:59", "24:00", "0h0", "99:99", "8h", "20:00-08:00"]),
    st.text(max_size=8),
)
TEMPLATES = st.sampled_from(
    [
        "Plain text",
        "{{ offer.discount }} off",
        "{{ shop.name }} — {{ campaign.name }}",
        "{{ item.start }}",
        "{{ 10**5000 }}",
        "{{ 'x' * 10**9 }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "{{ ''.__class__ }}",
        "{{ 'x'|center(10**9) }}",
        "{{ nothing.here }}",
        "{% if %}",
        "{{ (1, 2)|join(',' * 10**8) }}",
    ]
)


def _scalar(strategy: st.SearchStrategy[Any]) -> Any:
    """Values of the right kind, else, rarely, any TOML value (a wrong type)."""
    return likely(strategy, toml_values())


def toml_values(depth: int = 3) -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.text(max_size=30),
        NUMBERS,
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        DATES,
        st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
        st.times(),
    )
    if depth == 0:
        return leaf
    inner = toml_values(depth - 1)
    return st.one_of(
        leaf,
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["a", "b", "name", "x"]), inner, max_size=3),
    )


@st.composite
def tables(
    draw: st.DrawFn,
    known: tuple[str, ...],
    value: dict[str, st.SearchStrategy[Any]],
    required: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A TOML table: its required keys (almost always), some of its other known keys, with
    their likely values, rarely an unknown key."""
    table: dict[str, Any] = {}
    for key in known:
        wanted = draw(st.integers(0, 49)) > 0 if key in required else draw(st.integers(0, 2)) == 0
        if wanted:
            table[key] = draw(value.get(key, _scalar(TEXT)))
    if draw(st.integers(0, 49)) == 0:
        table[draw(st.sampled_from(["unknown_key", "Name", "when "]))] = draw(toml_values(1))
    return table


# -- TOML text -------------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    """``value`` as TOML (strings as basic strings: JSON's escapes are TOML's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(type(value))


def toml_table(header: str, table: dict[str, Any]) -> str:
    body = "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in table.items())
    return f"{header}\n{body}"


# -- documents -------------------------------------------------------------------------------

CAMPAIGN_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "name": _scalar(TEXT.filter(bool)),
    "anchor": _scalar(st.one_of(EVENTS, DATES.map(dt.date.isoformat), st.just("asap"))),
    "year": _scalar(
        likely(st.integers(2026, 2030), st.one_of(st.integers(1890, 2210), EXTREME_INTS))
    ),
    "timezone": _scalar(
        likely(
            st.sampled_from(["Europe/Paris", "America/Montreal", "UTC", "Europe/London"]),
            st.sampled_from(["Mars/Olympus", "", "../x", "x" * 300]),
        )
    ),
    "locale": _scalar(likely(st.sampled_from(["en", "fr"]), st.sampled_from(["de", ""]))),
    "country": _scalar(
        likely(
            st.sampled_from(["FR", "US", "CA-QC", "GB", "BE", "CH", "CA", "fr-57"]),
            st.sampled_from(["XX", "France", "DE", "", "x" * 300]),
        )
    ),
    "buying_cycle": _scalar(phrases(durations())),
    "journey": _scalar(
        st.one_of(
            st.sampled_from(["3-stage", "4-stage", "5-stage", "7-stage"]),
            st.lists(st.one_of(STAGES, toml_values(1)), max_size=6),
        )
    ),
    "description": _scalar(st.text(max_size=50)),
    "hashtags": _scalar(st.lists(st.text(max_size=10), max_size=3)),
}
CHANNEL_NAMES = likely(
    st.sampled_from(["instagram", "email", "sms", "in_store", "flyer", "facebook", "tiktok"]),
    st.sampled_from(["x" * 300, "../etc/passwd", "Vitrine-Ete", "", "a/b", "nul\x00"]),
)
STEP_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "stage": _scalar(STAGES),
    "when": _scalar(phrases(windows())),
    "channels": _scalar(st.lists(CHANNEL_NAMES, min_size=1, max_size=3)),
    "content": _scalar(likely(TEXT, TEMPLATES)),
    "every": _scalar(phrases(recurrences())),
    "at": _scalar(st.one_of(TIMES, st.lists(TIMES, max_size=3))),
    "duration": _scalar(phrases(durations())),
    "before": _scalar(phrases(windows())),
    "offer": _scalar(st.dictionaries(st.sampled_from(["discount", "code"]), toml_values(1))),
    "title": _scalar(st.text(max_size=30)),
    "id": _scalar(st.text(max_size=10)),
}


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """A campaign file: [campaign] and up to four [[step]] tables, keys from the grammar."""
    campaign = draw(tables(CAMPAIGN_KEYS, CAMPAIGN_VALUES, ("name",)))
    parts = [toml_table("[campaign]", campaign)]
    for _ in range(draw(st.integers(1, 4))):
        step = draw(tables(STEP_KEYS, STEP_VALUES, ("stage", "when", "channels", "content")))
        parts.append(toml_table("[[step]]", step))
    return "\n".join(parts)


LIMIT_KEYS = tuple(Limits.__dataclass_fields__)
SHOP_VALUES = {k: CAMPAIGN_VALUES[k] for k in ("name", "timezone", "locale", "country")}
SHOP_VALUES["closures"] = _scalar(
    st.lists(st.sampled_from(["calendars/closed.toml", "nope.ics", "/etc/passwd"]), max_size=2)
)
DURATION_TEXT = _scalar(phrases(durations()))
RUNNER_VALUES = {
    "grace": DURATION_TEXT,
    "poll": DURATION_TEXT,
    "backoff": DURATION_TEXT,
    "attempts": _scalar(EXTREME_INTS),
    "workers": _scalar(EXTREME_INTS),
    "batch": _scalar(EXTREME_INTS),
}
# Hooks that could reach something are aimed at nothing: a closed port, a harmless command.
HOOK_VALUES = {
    "kind": _scalar(st.sampled_from([*KIND_KEYS, "slack"])),
    "name": _scalar(st.text(max_size=12)),
    "lead": DURATION_TEXT,
    "channels": _scalar(st.lists(CHANNEL_NAMES, max_size=2)),
    "stages": _scalar(st.lists(STAGES, max_size=2)),
    "kinds": _scalar(st.lists(st.sampled_from(["publish", "prepare", "other"]), max_size=2)),
    "file": _scalar(st.sampled_from(["deliveries.log", "", "x" * 300])),
    "to": _scalar(st.sampled_from(["owner@example.org", "not an address"])),
    "from": _scalar(st.sampled_from(["shop@example.org", ""])),
    "smtp": _scalar(st.sampled_from(["smtp://127.0.0.1:9", "gopher://x", "smtps://"])),
    "url": _scalar(st.sampled_from(["http://127.0.0.1:9/hook", "ftp://x", "http://"])),
    "timeout": _scalar(st.one_of(DURATION_TEXT, EXTREME_INTS)),
    "headers": _scalar(st.dictionaries(st.sampled_from(["X-A", "Bad\nHeader"]), st.text())),
    "argv": _scalar(st.sampled_from([["true"], [], ["true", "x" * 100]])),
    "cwd": _scalar(st.sampled_from([".", "/nonexistent"])),
}
LIMIT_VALUES = {
    "occurrences": _scalar(EXTREME_INTS),
    "items": _scalar(EXTREME_INTS),
    "brief": _scalar(EXTREME_INTS),
    "render": DURATION_TEXT,
}


@st.composite
def settings_files(draw: st.DrawFn) -> str:
    """A planner.toml: [shop], and any of [runner], [[hooks]], [limits], [store], [publish]."""
    parts = [toml_table("[shop]", draw(tables(tuple(SHOP_VALUES), SHOP_VALUES)))]
    if draw(st.booleans()):
        parts.append(toml_table("[runner]", draw(tables(tuple(RUNNER_VALUES), RUNNER_VALUES))))
    hook_keys = (*COMMON_KEYS, *sorted({k for keys in KIND_KEYS.values() for k in keys}))
    for _ in range(draw(st.integers(0, 2))):
        parts.append(toml_table("[[hooks]]", draw(tables(hook_keys, HOOK_VALUES, ("kind",)))))
    if draw(st.booleans()):
        parts.append(toml_table("[limits]", draw(tables(LIMIT_KEYS, LIMIT_VALUES))))
    if draw(st.booleans()):
        store = draw(_scalar(st.sampled_from(["sqlite:///planner.db", "nosuch://x", ""])))
        parts.append(toml_table("[store]", {"url": store}))
    if draw(st.booleans()):
        publish = draw(tables(("caldav", "user", "password"), {}))
        parts.append(toml_table("[publish]", publish))
    return "\n".join(parts)


# -- files that plan -------------------------------------------------------------------------

SMALL = likely(st.integers(0, 60), st.sampled_from([0, 366, 999, 5000, 10**6]))
GOOD_CHANNELS = ["instagram", "facebook", "email", "sms", "in_store", "flyer", "website", "blog"]
GOOD_STAGES = ["awareness", "consideration", "conversion", "retention", "advocacy"]


@st.composite
def good_windows(draw: st.DrawFn, earlier: list[str]) -> str:
    """A `when` the grammar accepts, numbers from small to extreme, refs that exist."""
    n = draw(SMALL)
    m = n + draw(SMALL)
    ref = draw(st.sampled_from([*earlier, "anchor", "Valentine's Day", "Black Friday"]))
    day = draw(st.dates(min_value=dt.date(2027, 1, 1), max_value=dt.date(2027, 12, 31)))
    later = day + dt.timedelta(days=draw(SMALL))
    shapes = [
        f"{draw(PART)} {draw(MONTH)}",
        f"{draw(MONTH)}",
        f"{day.isoformat()}",
        f"from {day.isoformat()} to {later.isoformat()}",
        f"{n} days {draw(st.sampled_from(['before', 'after']))} {ref}",
        f"{n} jours avant {ref}",
        f"in the {max(n, 1)} days before {ref}",
        f"{n} to {m} days after {ref}",
        f"J-{n}",
        f"the last {draw(st.sampled_from(words.WEEKDAY_NAMES_EN))} of {draw(MONTH)}",
        "as soon as possible",
        "next month",
    ]
    if earlier:
        shapes.append(f"{n} to {m} days later")
    return draw(st.sampled_from(shapes))


@st.composite
def good_steps(draw: st.DrawFn, earlier: list[str]) -> dict[str, Any]:
    step: dict[str, Any] = {
        "stage": draw(st.sampled_from(GOOD_STAGES)),
        "when": draw(good_windows(earlier)),
        "channels": draw(
            st.lists(st.sampled_from(GOOD_CHANNELS), min_size=1, max_size=3, unique=True)
        ),
        "content": draw(
            st.sampled_from(
                ["Nos bagues", "{{ offer.discount }} off", "{{ shop.name }}: {{ campaign.name }}"]
            )
        ),
    }
    if draw(st.booleans()):
        step["every"] = draw(
            st.sampled_from(
                [f"every {max(draw(SMALL), 1)} days", "weekly", "every Monday", "tous les jours"]
            )
        )
    if draw(st.integers(0, 3)) == 0:
        step["duration"] = f"{max(draw(SMALL), 1)} {draw(st.sampled_from(['hours', 'days']))}"
    if draw(st.integers(0, 3)) == 0:
        step["at"] = draw(st.sampled_from(["9h15", "11:00", ["08:00", "18:30"], "23:59"]))
    step["offer"] = {"discount": draw(st.sampled_from(["30 %", "", "x" * 500]))}
    return step


@st.composite
def plausible_rule_files(draw: st.DrawFn) -> str:
    """A campaign the planner accepts in its grammar, with extreme but legal values: most of
    these plan (exit 0), so that expansion, export and the store see the extremes too."""
    campaign: dict[str, Any] = {
        "name": draw(
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
        ),
        "anchor": draw(
            st.sampled_from(["valentines_day", "mothers_day", "black_friday", "asap", "2027-06-15"])
        ),
        "country": draw(st.sampled_from(["FR", "US", "CA-QC", "GB", "BE", "CH"])),
    }
    if draw(st.booleans()):
        campaign["buying_cycle"] = f"{max(draw(SMALL), 1)} days"
    parts = [toml_table("[campaign]", campaign)]
    earlier: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        step = draw(good_steps(earlier))
        earlier.append(step["stage"])
        parts.append(toml_table("[[step]]", step))
    return "\n".join(parts)
