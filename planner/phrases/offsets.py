"""Offsets from a reference: "30 days before X", "J-30", "3 à 5 jours plus tard", "in the 30
days before X", "la semaine avant X", "la veille de X", "in 3 days"."""

from __future__ import annotations

from planner.errors import quoted
from planner.i18n import N_, _

from .cursor import Cursor
from .hints import did_you_mean
from .lexer import Token
from .nodes import Node, Ref, Shift, Spread, StartRef, Unit, Until, Within
from .refs import anchor_or_ref
from .types import StageRef
from .words import (
    AFTER,
    AFTER_PHRASES,
    BEFORE,
    BEFORE_PHRASES,
    BUSINESS_AFTER_NOUN,
    BUSINESS_BEFORE_NOUN,
    DAY_UNITS,
    FORTNIGHT_UNITS,
    MONTH_UNITS,
    NEXT_DAYS,
    WEEK_UNITS,
)

_SPREAD_CONNECTORS = frozenset({"to", "a", "and", "et", "or", "ou"})


_UNIT_WORDS: dict[str, Unit] = {
    "week": "week",
    "semaine": "week",
    "month": "month",
    "mois": "month",
    "fortnight": "fortnight",
    "quinzaine": "fortnight",
}
# Spans French counts without a number after "sous": "sous quinzaine", "sous huitaine".
_BARE_UNITS = frozenset({"quinzaine", "huitaine"})
_CLOCK_UNITS = frozenset({"h", "hour", "hours", "heure", "heures", "min", "minute", "minutes"})


def _in_days(c: Cursor, unit: Token) -> str:
    """The hint for hours in a date phrase: the same count in days when it is whole days
    ("48 hours before X": '2 days before X'), else where hours belong."""
    count = c.toks[c.i - 1] if c.i > 0 else None
    hours = unit.text in {"h", "hour", "hours", "heure", "heures"}
    if (
        hours
        and count is not None
        and count.kind == "num"
        and count.value % 24 == 0
        and count.value
    ):
        days = count.value // 24
        french = c.french or unit.text.startswith("heure")
        word = ("jour" if days == 1 else "jours") if french else ("day" if days == 1 else "days")
        fixed = c.fix(f"{c.text[: count.start]}{days} {word}{c.text[unit.end :]}".strip())
        if fixed is not None:
            return did_you_mean(fixed)
    example = "48 heures" if c.french else "48 hours"
    # The example is a line of TOML: quoted as TOML quotes, in every language.
    return _(
        "write days or weeks here; hours belong in `duration`, e.g. duration = {example}"
    ).format(example=repr(example))


def _unit(c: Cursor) -> Unit | None:
    t = c.peek()
    if t is not None and t.text in _CLOCK_UNITS:
        message = _("a date phrase counts days, not {unit}").format(unit=quoted(c.raw(t)))
        raise c.error(message, t, _in_days(c, t))
    m = c.mark()
    if c.word(BUSINESS_BEFORE_NOUN) is not None and c.word(DAY_UNITS) is not None:
        return "business_day"
    c.reset(m)
    if c.word(DAY_UNITS, N_("a unit")) is not None:
        return "business_day" if c.word(BUSINESS_AFTER_NOUN) is not None else "day"
    if c.word(WEEK_UNITS, N_("a unit")) is not None:
        return "week"
    if c.word(FORTNIGHT_UNITS, N_("a unit")) is not None:
        c.phrase(("de", "jours"))  # "une quinzaine de jours"
        return "fortnight"
    if c.word(MONTH_UNITS, N_("a unit")) is not None:
        return "month"
    return None


def _direction(c: Cursor, *, later: bool) -> tuple[int, Ref] | None:
    """ "before X" / "after X" (X defaults to the anchor); "later" / "plus tard": after the
    previous step."""
    if later:
        t = c.phrase(("plus", "tard"), ("later",))
        if t is not None:
            return 1, StageRef("previous", t.start)
        t = c.phrase(("plus", "tot"), ("earlier",))
        if t is not None:
            return -1, StageRef("previous", t.start)
    t = c.phrase(*BEFORE_PHRASES) or c.word(BEFORE, "'before'")
    sign = -1
    if t is None and (t := c.word({"out"}, hint=False)) is not None:
        c.word({"from"}, hint=False)  # "10 days out", "two weeks out from Christmas"
    if t is None:
        t = c.phrase(*AFTER_PHRASES) or c.word(AFTER, "'after'")
        sign = 1
    if t is None:
        if later:
            c.miss("'later'", ("later",))
        return None
    r = anchor_or_ref(c, t)
    return (sign, r) if r is not None else None


def shift(c: Cursor) -> Node | None:
    """ "30 days before X", "3 jours ouvrés après X", "a week later"."""
    n = c.number(articles=True)
    if n is None:
        return None
    unit = _unit(c)
    if unit is None:
        return None
    d = _direction(c, later=True)
    return Shift(n[0], unit, d[0], d[1], n[1].start) if d is not None else None


def spread(c: Cursor) -> Node | None:
    """ "3 to 5 days after X", "de 3 à 5 jours plus tard", "3-5 days later"."""
    c.word({"from", "de", "d'", "between", "entre"}, hint=False)
    low = c.number()
    if low is None:
        return None
    if c.punct("-") is None and c.word(_SPREAD_CONNECTORS, "'to'") is None:
        return None
    high = c.number()
    if high is None:
        return None
    unit = _unit(c)
    if unit is None:
        return None
    d = _direction(c, later=True)
    if d is None:
        return None
    if high[0] < low[0]:
        lo, hi, text = low[1], high[1], c.text
        swapped = c.fix(
            text[: lo.start] + c.raw(hi) + text[lo.end : hi.start] + c.raw(lo) + text[hi.end :]
        )
        raise c.error(
            _("the range goes backwards: {high} is less than {low}").format(
                high=high[0], low=low[0]
            ),
            high[1],
            did_you_mean(swapped.strip()) if swapped else _("put the smaller number first"),
        )
    return Spread(low[0], high[0], unit, d[0], d[1], low[1].start)


def within(c: Cursor) -> Node | None:
    """ "in the 30 days before X", "dans les 3 jours après X", "la semaine avant X",
    "the day before X", "la veille de Noël"."""
    c.word({"in", "within", "during", "over", "dans", "pendant", "durant", "sur"}, hint=False)
    # "au lendemain de X", "à la veille de X" as "le lendemain", "la veille"
    article = c.word({"the", "les", "la", "le", "l'", "au"}, hint=False) or c.phrase(
        ("a", "la"), ("a", "l'")
    )
    t = c.peek()
    if t is None:
        if article is not None:
            c.miss(N_("a number"))
        return None
    named, days = next(((tok, n) for w, n in NEXT_DAYS.items() if (tok := c.phrase(w))), (None, 0))
    if named is not None:
        c.word({"de", "du", "d'", "of"}, hint=False)
        r = anchor_or_ref(c, named)
        return Shift(abs(days), "day", 1 if days > 0 else -1, r, t.start) if r is not None else None
    n = c.number()
    if n is not None:
        if article is None or article.text not in {"the", "les"}:
            return None
        unit = _unit(c)
        count = n[0]
    else:
        word = c.word({"week", "semaine", "month", "mois", "day", "jour", "fortnight", "quinzaine"})
        if word is None:
            return None
        unit = _UNIT_WORDS.get(word.text, "day")
        count = 1
    if unit is None:
        return None
    m = c.mark()
    nxt = c.peek() if c.word({"d'"}, hint=False) is not None else None
    if nxt is None or nxt.text not in BEFORE | AFTER:
        c.reset(m)  # "la semaine d'avant X" is "la semaine avant X"
    d = _direction(c, later=False)
    if d is None:
        return None
    if n is None and unit == "day":
        return Shift(1, "day", d[0], d[1], t.start)
    return Within(count, unit, d[0], d[1], t.start)


def from_start(c: Cursor) -> Node | None:
    """ "in 3 days", "dans 2 semaines": a day counted from the planning start; "within 3 days",
    "sous 3 jours", "d'ici 3 jours": from the planning start to that day."""
    lead = c.word({"in", "dans", "within", "sous"}) or c.phrase(("d'", "ici"))
    if lead is None:
        return None
    count = c.peek()
    n = c.number(articles=True)
    if n is None and lead.text == "sous" and count is not None and count.text in _BARE_UNITS:
        n = 1, count  # "sous quinzaine", "sous huitaine": within that one span
    unit = _unit(c) if n is not None else None
    if n is None or unit is None:
        return None
    day = Shift(n[0], unit, 1, StartRef(lead.start), n[1].start)
    return day if lead.text in {"in", "dans"} else Until(day, False, lead.start)


def jd(c: Cursor) -> Node | None:
    """ "J-30", "J+7", "D-30", "T-10", "J moins 30", "J-30 Saint-Valentin", "à J-7"."""
    c.word({"a", "on", "at"}, hint=False)
    t = c.word({"j", "d", "t"})
    if t is None:
        return None
    sign_tok = c.punct("-+") or c.word({"moins", "minus", "plus"})
    if sign_tok is None:
        return None
    sign = -1 if sign_tok.text in {"-", "moins", "minus"} else 1
    n = c.number()
    if n is None:
        return None
    c.word(DAY_UNITS, hint=False)
    c.word(BEFORE if sign < 0 else AFTER, hint=False)  # "J-30 avant la Saint-Valentin"
    r = anchor_or_ref(c, t)
    return Shift(n[0], "day", sign, r, t.start) if r is not None else None
