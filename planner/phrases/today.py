"""Days counted from the planning start in words: "today", "tomorrow", "aujourd'hui",
"demain", "après-demain", and the French fortnight "dans 15 jours" / "dans quinze jours",
which in French usage means two weeks (14 days), as "quinze jours" does everywhere in
Parcours (DESIGN.md, "Date phrases"). "In 10 days" and "dans 10 jours" are offsets.py's.
"""

from __future__ import annotations

from .cursor import Cursor
from .nodes import Node, Shift, StartRef, Until

_DAYS_AHEAD = (
    ((("today",), ("aujourd'hui",)), 0),
    ((("the", "day", "after", "tomorrow"), ("day", "after", "tomorrow"), ("apres", "demain")), 2),
    ((("tomorrow",), ("demain",)), 1),
)
_FORTNIGHT = 14
_FORTNIGHT_WORDS = (
    ("quinze", "jours"),
    ("une", "quinzaine", "de", "jours"),
    ("une", "quinzaine"),
    ("a", "fortnight"),
    ("one", "fortnight"),
)


def counted(c: Cursor) -> Node | None:
    """ "today", "demain", "après-demain"; "dans 15 jours": start + 14; "d'ici quinze jours",
    "within a fortnight": from the start to that day."""
    m = c.mark()
    c.word({"for", "on", "pour", "des"}, hint=False)
    for phrases, days in _DAYS_AHEAD:
        t = c.phrase(*phrases)
        if t is not None:
            return Shift(days, "day", 1, StartRef(t.start), t.start)
    c.reset(m)
    lead = c.word({"in", "dans", "within", "sous"}) or c.phrase(("d'", "ici"))
    if lead is None:
        return None
    t = c.peek()
    if t is not None and t.kind == "num" and t.value == 15:
        c.i += 1
        if c.word({"jours"}) is None:
            return None
    elif c.phrase(*_FORTNIGHT_WORDS) is None or t is None:
        return None
    day = Shift(_FORTNIGHT, "day", 1, StartRef(lead.start), t.start)
    return day if lead.text in {"in", "dans"} else Until(day, False, lead.start)
