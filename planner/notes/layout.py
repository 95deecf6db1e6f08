"""The shape of journey notes: a title, stage blocks, and the prose around them.

People write a stage as a heading ("2. Considération", "## Notoriété", "**Awareness**") with
"Quand ?" / "Comment ?" lines under it (or on the same line), or as one line, "Awareness: as
soon as possible — posts on Facebook". This module finds those pieces and where each one is,
so that every inference and every error can point at the user's own line and column; what
the pieces mean is read elsewhere (``reading``). Markdown marks and bullets are blanked out
rather than removed, so that a column in the cleaned line is the column in the file.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import Pos
from ..journey import all_stage_words, stage_for
from ..phrases.lexer import fold_char

WORDS_FILE = Path(__file__).resolve().parent / "words.toml"


@cache
def words() -> dict[str, dict[str, Any]]:
    """The word tables of words.toml."""
    with WORDS_FILE.open("rb") as f:
        return tomllib.load(f)


def fold(text: str) -> str:
    """The phrase grammar's folding (lower case, no accents, typographic apostrophes made
    plain), one character for one, so that an index into the folded text is an index into
    the text: dashes stay as written (an en or em dash separates a stage from its when, a
    hyphen does not), a character that folds to two ("œ") stays itself, lowered."""
    out = []
    for c in text:
        if c in "\u00a0\u202f\t":
            out.append(" ")
            continue
        folded = c if c in _DASHES else fold_char(c)
        out.append(folded if len(folded) == 1 else c.lower() if len(c.lower()) == 1 else c)
    return "".join(out)


_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of the notes and where it starts."""

    text: str
    pos: Pos


@dataclass(slots=True)
class Block:
    """One stage as written: its word, and its when and how when given."""

    word: Text
    stage: str
    when: Text | None = None
    how: Text | None = None
    inline: Text | None = None  # the rest of a one-line stage, when and how not yet told apart
    channels: Text | None = None  # "Canaux : Instagram, E-mail": the channels by their names
    offer: Text | None = None  # "Offre : remise : 15 %": the offer, part by part
    more: list[Text] = field(default_factory=list)  # a second "when", not used
    loose: list[Text] = field(default_factory=list)  # lines under it without a label


@dataclass(slots=True)
class Layout:
    title: Text | None
    blocks: list[Block]
    prose: list[Text]
    # Lines marked as the stages are ("2. Garder le contact = …") whose words name no stage.
    unnamed: list[Text] = field(default_factory=list)


# A line's decorations, blanked: heading marks, quotes, bullets, numbers or letters.
_LEAD = re.compile(
    # A chat's own lead: "[12/11/2026 18:43] Sophie: ", "12/11/2026, 18:43 - Sophie: ".
    r"^\s*(?:\[\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\]\s*[^:\n]{1,40}:\s+"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}\s*-\s*[^:\n]{1,40}:\s+)?"
    r"\s*(?:#{1,6}\s+|>\s*)?(?:[-*+\u2022\u00b7\u2023\u25e6\u25aa\u25cf\u2013\u2014]\s+)?"
    r"(?:(?:\(?\d{1,2}|\(?[IVX]{1,4}|\(?[ivx]{1,4}|\(?[a-zA-Z])[.)/]\s+"
    r"|\d{1,2}\s*[-\u2013\u2014/]\s+)?"
)
_BULLETS = "-*+\u2022\u00b7\u2023\u25e6\u25aa\u25cf\u2013\u2014"
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|`")
_SEPARATOR = re.compile(
    r"\s*(?::|\?|\s--?\s|\s=>?\s|\s[\u2013\u2014]\s|[\u2013\u2014\u2192]|->|\(|,|;|/|\.\s)\s*"
)


def _is_mark(c: str) -> bool:
    """A character that only decorates the start of a line: a symbol, a space."""
    return c.isspace() or unicodedata.category(c) in ("So", "Sk", "Sm", "Cf", "Mn")


def _blank(line: str) -> str:
    """The line with its decorations replaced by spaces, same length."""
    line = _EMPHASIS.sub(lambda m: " " * len(m.group()), line)
    lead = _LEAD.match(line)
    if lead and lead.end():
        line = " " * lead.end() + line[lead.end() :]
    return line.rstrip()


def _label_pattern(kind: str, dash: bool) -> re.Pattern[str]:
    names = sorted(words()["labels"][kind], key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    # At the start of a line a dash or an arrow also ends a label ("When — early May").
    ends = r"\?\s*:?|:|\s[-\u2013\u2014=]\s|\s?(?:->|\u2192)" if dash else r"\?\s*:?|:"
    return re.compile(rf"(?<![\w'])({alternatives})\s*(?:{ends})\s*")


# The labels of a stage's lines. A "channels" label is of the how's family: a how does not
# end at one; an "offer" label only starts a line.
STEP_LABELS = ("when", "how", "channels", "offer")
_FAMILY = {"channels": "how"}
# A line that starts so is a comment: the reader skips it ("// every = …").
COMMENT = "//"


@cache
def _labels(dash: bool = False) -> dict[str, re.Pattern[str]]:
    return {kind: _label_pattern(kind, dash) for kind in STEP_LABELS}


def _label_at(folded: str, start: int) -> tuple[str, int] | None:
    """The label ("when", "how", "channels", "offer") the text starts with at ``start``, and
    where its value does."""
    for kind, pattern in _labels(dash=True).items():
        found = pattern.match(folded, start)
        if found:
            return kind, found.end()
    return None


def _next_label(folded: str, start: int, other_than: str) -> tuple[str, int, int] | None:
    """The first label of another kind after ``start`` (a "Comment ?" on the "Quand ?"
    line): its kind, where it starts and where its value does."""
    best: tuple[str, int, int] | None = None
    for kind, pattern in _labels().items():
        if kind == "offer" or _FAMILY.get(kind, kind) == _FAMILY.get(other_than, other_than):
            continue
        found = pattern.search(folded, start)
        if found and (best is None or found.start() < best[1]):
            best = (kind, found.start(), found.end())
    return best


_STAGE_PREFIX_WORDS = "|".join(re.escape(w) for w in sorted(words()["labels"]["stage"]))
_STAGE_PREFIX = re.compile(
    rf"(?:{_STAGE_PREFIX_WORDS})\s*(?:n[o°]\s*)?(?:\d{{1,2}}|[a-z](?![a-z])|[ivx]{{1,4}}(?![a-z]))?"
    r"\s*(?:[:.)\-\u2013\u2014]\s*)?"
)
_ARTICLE = re.compile(r"(?:de la |de l'|de |d'|du |la |le |l'|the |of )(?=\w)")
_NUMBER = re.compile(r"(?:\d{1,2}|[a-z])[.)]\s+")


def stage_of(head: str) -> str | None:
    """The stage a heading's words name, tolerating case, accents and a typo or two."""
    import difflib

    word = " ".join(head.split()).strip(" .!-")
    for extra in (" stage", " phase", " step"):
        word = word.removesuffix(extra)

    if not word or len(word) > 40:
        return None
    found = stage_for(word)
    if found is not None:
        return found
    close = difflib.get_close_matches(word, all_stage_words(), n=1, cutoff=0.82)
    return stage_for(close[0]) if close else None


def _stage_line(line: str, folded: str, start: int) -> tuple[int, int, str, int] | None:
    """A line that starts a stage: where its stage word starts and ends, the stage, and
    where the rest of the line begins (or -1)."""
    prefix = _STAGE_PREFIX.match(folded, start)
    if prefix and prefix.end() > start:
        start = prefix.end()
        number = _NUMBER.match(folded, start)
        start = number.end() if number else start
        close = folded.find(")", start)
        if folded.startswith("(", start) and close > start:  # "Stage 1 (awareness): …"
            stage = stage_of(folded[start + 1 : close])
            if stage is not None:
                after = _SEPARATOR.match(folded, close + 1)
                rest = after.end() if after else close + 1
                rest = rest if rest < len(line.rstrip()) else -1
                return start + 1, close, stage, rest
    article = _ARTICLE.match(folded, start)  # "Étape de notoriété", "La considération"
    start = article.end() if article else start
    cut = _SEPARATOR.search(folded, start)
    end = cut.start() if cut else len(folded)
    stage = stage_of(folded[start:end])
    if stage is None:
        return None
    rest = cut.end() if cut else -1
    # "Attention : …" warns in French notes; it names the stage only on a line of its own.
    warns = folded[start:end].strip() == "attention" and 0 <= rest < len(line.rstrip())
    if warns and _label_at(folded, rest) is None:
        return None
    if cut and folded[cut.start() : cut.end()].strip() == "(":
        close = folded.find(")", cut.end())  # "Notoriété (découverte) : …"
        after = _SEPARATOR.match(folded, close + 1) if close >= 0 else None
        rest = after.end() if after else (close + 1 if close >= 0 else -1)
    if rest >= len(line.rstrip()):
        rest = -1
    return start, end, stage, rest


def read_layout(text: str, path: str) -> Layout:
    """The title, stage blocks and prose of the notes ``text`` (from the file ``path``)."""
    title: Text | None = None
    blocks: list[Block] = []
    prose: list[Text] = []
    waiting: str | None = None  # a label whose value is on the next line
    after_how = False  # a line right under "Comment ?" continues it
    heading: Text | None = None  # the last line read as prose, if the line before this one
    marked_stages: set[str] = set()  # how stage lines are marked: numbered, headings
    aside: list[Text] = []  # marked prose lines that read "Words: …", perhaps a stage
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.lstrip().startswith(COMMENT):
            continue
        line = _blank(raw)
        start = len(line) - len(line.lstrip())
        while start < len(line) and _is_mark(line[start]):  # "🌱 Notoriété", "👉 Quand :"
            start += 1
        if start == len(line):
            after_how = False  # a blank line ends a "how"; a label may wait past it
            heading = None
            continue
        folded = fold(line)
        block = blocks[-1] if blocks else None
        label = _label_at(folded, start)
        if label is not None and heading is not None and _opens(block, label[0]):
            # "Phase réflexion" then "Quand : J-10": a stage heading in words of its own.
            block = _unknown(heading, blocks, prose)
        heading = None
        stage = _stage_line(line, folded, start) if label is None else None
        marked = _mark_kind(raw[:start])  # "2." or "## ": a list of stages is one of them
        prefix = _STAGE_PREFIX.match(folded, start)
        if not marked and prefix and any(ch.isdigit() for ch in prefix.group()):
            marked = "number"  # "Phase 3 – Conclure : …"
        if stage is not None and marked:
            marked_stages.add(marked)
        if stage is not None:
            first, last, name, rest = stage
            block = Block(Text(line[first:last], Pos(path, number, first + 1)), name)
            blocks.append(block)
            waiting, after_how = None, False
            if rest >= 0:
                if _label_at(folded, rest) is not None:
                    _fields(block, line, folded, rest, path, number)
                    after_how = block.how is not None
                else:
                    block.inline = Text(line[rest:].strip(), Pos(path, number, rest + 1))
            continue
        if block is not None and label is not None:
            waiting, fed = _fields(block, line, folded, start, path, number)
            after_how = block.how is not None and waiting is None and fed
            continue
        piece = Text(line[start:].strip(), Pos(path, number, start + 1))
        if block is not None and waiting is not None:
            after_how, waiting = _put(block, waiting, piece), None
            continue
        if block is not None and after_how and block.how is not None:
            joint = "; " if raw.lstrip()[:1] in _BULLETS else " "  # a list, or a long line
            block.how = Text(f"{block.how.text}{joint}{piece.text}", block.how.pos)
            continue
        if title is None and not blocks and not prose and label is None:
            title = piece
        else:
            prose.append(piece)
            if block is not None:  # its how, if it has no "Comment ?" ("- posts on Instagram")
                block.loose.append(piece)
            heading = piece if len(piece.text) <= 60 else None
            head = prefix.end() if prefix and marked == "number" else start
            cut = _SEPARATOR.search(folded, head)
            if marked in marked_stages and cut and 0 < cut.start() - head <= 40 and not label:
                aside.append(
                    Text(line[head : cut.start()].strip(), piece.pos.shifted(head - start))
                )
    unnamed = [a for a in aside if all(b.word.pos != a.pos for b in blocks)]
    return Layout(title, blocks, prose, unnamed)


def _mark_kind(lead: str) -> str:
    """How a line is marked: "number" ("2.", "b)", "IV -"), "heading" ("##"), else ""."""
    lead = lead.strip()
    if lead.startswith("#"):
        return "heading"
    return "number" if re.search(r"[0-9]|^\(?[a-zA-Z]{1,4}[.)/]", lead) else ""


def _opens(block: Block | None, kind: str) -> bool:
    """Whether a label line right under a line of prose starts a stage of its own: there is
    no stage yet, or the last one has its when already (a second "Quand" is another stage)."""
    if kind not in ("when", "how"):
        return False
    return block is None or getattr(block, kind) is not None


def _unknown(heading: Text, blocks: list[Block], prose: list[Text]) -> Block:
    """The line ``heading``, read as prose, as the block of a stage no word names (its
    stage ""): the import says so at its line instead of giving its when to another stage."""
    if heading in prose:
        prose.remove(heading)
    for block in blocks:
        if heading in block.loose:
            block.loose.remove(heading)
    word = heading.text.strip(" :.-\u2013\u2014#*")
    block = Block(Text(word or heading.text, heading.pos), "")
    blocks.append(block)
    return block


def _put(block: Block, kind: str, piece: Text) -> bool:
    """Put ``piece`` in ``block`` as its ``kind``; whether the how was fed (a line under it
    may continue it)."""
    if kind == "offer":
        block.offer = block.offer or piece
        return False
    if kind == "channels":
        found = block.channels
        block.channels = Text(f"{found.text}, {piece.text}", found.pos) if found else piece
        if block.how is not None:
            return False
        kind = "how"  # "Canaux : Instagram" then "Message : …": before a how, it starts it
    found = getattr(block, kind)
    if found is None:
        setattr(block, kind, piece)
    elif kind == "how":
        block.how = Text(f"{found.text} \u2014 {piece.text}", found.pos)
    else:
        block.more.append(piece)
    return True


def _fields(
    block: Block, line: str, folded: str, start: int, path: str, number: int
) -> tuple[str | None, bool]:
    """Read "Quand ? … Comment ? …" from ``start`` into ``block``; the label left without a
    value (its value is on the next line), if any, and whether the last value fed the how
    or the when (a line under them may continue the how)."""
    label = _label_at(folded, start)
    waiting = None
    fed = True
    while label is not None:
        kind, begin = label
        following = _next_label(folded, begin, kind)
        end = following[1] if following else len(line)
        # "Quand ? dès que possible / Comment ? …": what separated the two is not the value.
        value = line[begin:end].strip().rstrip(" -\u2013\u2014|,;/")
        if value:
            fed = _put(block, kind, Text(value, Pos(path, number, begin + 1))) or kind == "when"
            waiting = None
        else:
            waiting = kind
        label = (following[0], following[2]) if following else None
    return waiting, fed
