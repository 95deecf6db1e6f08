"""What each piece of journey notes means: a stage's ``when`` (through the rule files' own
phrase grammar), its channels (words.toml), its offer, and the campaign's anchor and buying
cycle from the prose. Each reading is said back (``Said``), with where it was read, so that
the user can see what was understood and correct the notes or the rule file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from ..errors import PhraseError, Pos, UserError, quoted
from ..events import Catalog
from ..i18n import _
from ..phrases import EventRef, When, parse_duration, parse_when
from .layout import Block, Text, fold, stage_of, words


@dataclass(frozen=True, slots=True)
class Said:
    """What the importer understood from the notes at ``pos``."""

    pos: Pos
    message: str


@dataclass(slots=True)
class Step:
    """A stage read from the notes, ready to be written as a [[step]]."""

    block: Block
    stage: str = ""  # as the rule file writes it
    when: Text | None = None  # the phrase written in the rule file, and where it was read
    note: str = ""  # why the phrase differs from the notes, when it does
    written: str = ""  # the notes' own words for it
    rest: str = ""  # words after the phrase, kept in the content
    asap: bool = False
    channels: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the words the channels were read from
    content: Text | None = None
    offer: dict[str, object] = field(default_factory=dict)
    error: UserError | None = None  # why the step is left out (commented) of the rule file


_FR_MARKS = re.compile(
    r"\b(quand|comment|le|la|les|des|du|et|sur|avec|nos|notre|pour|mois|jours|semaine|avant|"
    r"apres|debut|fin|mi)\b"
)
_EN_MARKS = re.compile(
    r"\b(when|how|the|and|on|with|our|for|month|days|week|before|after|early|late|mid|of)\b"
)


def language_of_notes(text: str, default: str) -> str:
    """ "fr" or "en": the language with more of its common words in the notes."""
    folded = fold(text[:20000])
    fr, en = len(_FR_MARKS.findall(folded)), len(_EN_MARKS.findall(folded))
    return "fr" if fr > en else "en" if en > fr else default


# "3 to 5 days after that", "3 à 5 jours après": after the previous stage, as people mean it.
_AFTER = re.compile(
    r"^(?P<head>.*?(?:\d|jours?|days?|semaines?|weeks?|heures?|hours?).*?)\s+(?:apres|after)"
    r"(?:\s+(?:that|this|it|cela|ca|ceci|celle-ci|celle-la|la precedente|l'etape precedente"
    r"|the previous (?:one|step|stage)|the last one))?\s*[.!]*$"
)
_CUTS = re.compile(
    r"\s*(?:\(|\s--?\s|\s=>?\s|\s[\u2013\u2014]\s|[\u2013\u2014\u2192]|->|,|;|\.\s|:)\s*"
)


def read_when(
    text: Text, lang: str, events: Catalog, country: str | None, previous: str | None = None
) -> Step:
    """The ``when`` a stage's "Quand" text gives, written so that the grammar reads it as the
    notes mean it (``previous``: the stage before, as a phrase names it); a PhraseError at the
    notes' position when no reading exists."""
    phrase = text.text.strip().rstrip(".;,!?\u2026 ")
    step = Step(Block(text, ""), written=phrase)
    parse = partial(parse_when, locale=lang)
    table: dict[str, str] = words()["after"]
    if previous and fold(phrase) in table:  # "ensuite", "the following week"
        written = table[fold(phrase)].format(stage=previous)
        return _rewritten(step, Text(written, text.pos), lang)
    try:
        when = parse(phrase, text.pos)
    except PhraseError as exc:
        for cut in _CUTS.finditer(phrase):
            head = phrase[: cut.start()].strip()
            try:
                when = parse(head, text.pos)
            except PhraseError:
                continue
            step.rest = phrase[cut.end() :].strip(" )")
            step.note = _("the rest, {rest}, is left to the content").format(rest=quoted(step.rest))
            return _relative(step, Text(head, text.pos), when, lang, events, country, previous)
        raise exc from None
    return _relative(step, Text(phrase, text.pos), when, lang, events, country, previous)


def _rewritten(step: Step, phrase: Text, lang: str) -> Step:
    """``step`` with the phrase written in its place, once the grammar reads it."""
    parse_when(phrase.text, phrase.pos, locale=lang)
    step.when = phrase
    step.asap = False
    step.note = _("written {phrase}: counted from the stage before").format(
        phrase=quoted(phrase.text)
    )
    return step


# "une semaine après", "right after that": counted from nothing, meant from the stage before.
_BARE_AFTER = re.compile(
    r"^(?P<head>.*?)\s*\b(?:apres|after)(?:\s+(?:that|this|it|cela|ca|ceci))?\s*[.!]*$"
)


def _relative(
    step: Step,
    phrase: Text,
    when: When,
    lang: str,
    events: Catalog,
    country: str | None,
    previous: str | None,
) -> Step:
    from ..phrases.nodes import AnchorRef, Asap

    step.when, step.asap = phrase, isinstance(when.node, Asap)
    unknown = [
        r
        for r in when.refs
        if isinstance(r, EventRef)
        and events.key_for(r.name, country) is None
        and stage_of(fold(r.name)) is None
    ]
    bare = getattr(when.node, "ref", None)
    counts_from_anchor = isinstance(bare, AnchorRef) and re.search(
        r"(apres|after)\s*$", fold(phrase.text)
    )
    if not (unknown or counts_from_anchor):
        return step
    folded = fold(phrase.text)
    candidates = []
    found = _AFTER.match(folded)
    if found:
        later = " plus tard" if lang == "fr" else " later"
        candidates.append(phrase.text[: len(found.group("head"))] + later)
    bare_after = _BARE_AFTER.match(folded)
    if bare_after and previous:
        after = "après" if lang == "fr" else "after"
        head = phrase.text[: len(bare_after.group("head"))].strip()
        candidates.append(f"{head} {after} {previous}".strip())
    for written in candidates:
        try:
            return _rewritten(step, Text(written, phrase.pos), lang)
        except UserError:
            continue
    return step


def _reads(text: str, lang: str, events: Catalog, country: str | None) -> bool:
    """Whether ``text`` is a whole ``when``: the grammar reads it, and every name it takes
    for an event is one (an event's name may be any words: "after that — a flash sale")."""
    try:
        when = parse_when(text.rstrip(".;,!?"), None, locale=lang)
    except UserError:
        return False
    if fold(text.rstrip(".;,!?")) in words()["after"]:
        return True
    return all(
        events.key_for(r.name, country) is not None
        or stage_of(fold(r.name)) is not None
        or (_AFTER.match(fold(text)) is not None and len(r.name.split()) <= 3)
        for r in when.refs
        if isinstance(r, EventRef)
    )


def split_inline(text: Text, lang: str, events: Catalog, country: str | None) -> tuple[Text, Text]:
    """A one-line stage's rest, "as soon as possible — posts on Facebook", as its when and its
    how: the shortest beginning the grammar reads, cut at a dash first, else at a colon or a
    comma."""
    cuts = list(_CUTS.finditer(text.text))
    dashes = [
        c
        for c in cuts
        if c.group().strip() in ("-", "--", "=", "=>", "\u2013", "\u2014", "\u2192", "->")
    ]
    for cut in dashes + [c for c in cuts if c not in dashes]:
        head = text.text[: cut.start()].strip()
        if head and _reads(head, lang, events, country):
            rest = Text(text.text[cut.end() :], text.pos.shifted(cut.end()))
            return Text(head, text.pos), rest
    if cuts:
        cut = (dashes or cuts)[0]
        head = text.text[: cut.start()].strip()
        return Text(head, text.pos), Text(text.text[cut.end() :], text.pos.shifted(cut.end()))
    return text, Text("", text.pos.shifted(len(text.text)))


def _channel_words(extra: dict[str, list[str]]) -> list[tuple[str, str]]:
    table = dict(words()["channels"])
    for key, names in extra.items():
        table[key] = [*table.get(key, []), *names]
    pairs = [(fold(w), key) for key, names in table.items() for w in names]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def channels_in(text: str, extra: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The channels a "how" names, in the order it names them, each with the word used."""
    folded = fold(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str]] = []
    for word, key in _channel_words(extra):
        for m in re.finditer(rf"(?<![\w@.-]){re.escape(word)}(?![\w-])", folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), key, text[m.start() : m.end()]))
    seen: dict[str, str] = {}
    for _start, key, word in sorted(found):
        seen.setdefault(key, word)
    return list(seen.items())


_DISCOUNT = re.compile(
    r"(?<![\w.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?"
    r"(?:%|pour\s?cents?\b|pourcents?\b|percent\b|per cent\b)"
)
_OFF = r"(?=\s*(?:de remise|de reduction|de rabais|off|discount))"
# "10 € de remise", "5 $ de rabais"; "$5 off", "£5 off", "save $25", "$10 discount".
_AMOUNT_OFF = re.compile(
    rf"(?<![\w.,])(?P<amount>\d{{1,4}})\s?(?P<unit>€|euros?\b|\$|£){_OFF}"
    rf"|(?<![\w.,$£€])(?P<unit2>\$|£|€)\s?(?P<amount2>\d{{1,4}})\b{_OFF}"
    r"|(?<=\bsave )(?P<unit3>\$|£|€)\s?(?P<amount3>\d{1,4})\b"
)
_FREE_DELIVERY = re.compile(
    r"livraison (?:locale |a domicile )?(?:est )?(?:offerte|gratuite)|frais de (?:port|livraison)"
    r" (?:sont )?(?:offerts|gratuits)|port (?:offert|gratuit)|free (?:\w+ )?(?:delivery|shipping)|"
    r"(?:delivery|shipping) (?:is )?free"
)


# A code is written in capitals or with digits ("code MERCI10"), not "code couleur".
_CODE = re.compile(r"\b(?i:code|coupon)(?:\s+(?i:promo))?\s*:?\s*([A-Z0-9][A-Z0-9_-]{2,})\b")


def offer_in(text: str) -> tuple[dict[str, object], str]:
    """The offer a "how" states (a discount, free delivery) and the content with the discount
    written as ``{{ offer.discount }}``, so that changing the offer changes the text."""
    folded = fold(text)
    offer: dict[str, object] = {}
    content = text
    found = _DISCOUNT.search(folded) or _AMOUNT_OFF.search(folded)
    if found:
        if found.re is _DISCOUNT:
            amount, unit = found.group(1), "%"
        else:
            parts = found.groupdict()
            amount = parts["amount"] or parts["amount2"] or parts["amount3"]
            unit = parts["unit"] or parts["unit2"] or parts["unit3"]
            unit = "€" if unit.startswith("euro") else unit
        # In the order the notes write it: "10 %", "5 €", "5 $" in Québec; "$5", "£5".
        first = found.re is _AMOUNT_OFF and not found.group("amount")
        offer["discount"] = f"{unit}{amount}" if first else f"{amount} {unit}"
        if not any(mark in text for mark in ("{{", "{%", "{#")):
            content = text[: found.start()] + "{{ offer.discount }}" + text[found.end() :]
    if _FREE_DELIVERY.search(folded):
        offer["free_delivery"] = True
    code = _CODE.search(text)
    if code:
        offer["code"] = code.group(1)
    return offer, content


def _ngrams(text: str) -> list[tuple[str, int, int]]:
    """Every run of one to six words of ``text`` (folded), longest first, with its span."""
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[\w']+", fold(text))]
    runs = []
    for n in range(min(6, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            if i and tokens[i - 1][0] in ("code", "promo", "coupon"):
                continue  # "code RENTREE" is a code, not la rentrée
            part = tokens[i : i + n]
            runs.append((" ".join(t[0] for t in part), part[0][1], part[-1][2]))
    return runs


# Words that name an event in the catalogue but mean something else in notes.
_NOT_EVENTS = {"the", "la", "le", "les", "fete", "day", "jour", "sales", "soldes"}


def event_in(
    texts: list[Text], events: Catalog, country: str | None, seen: set[str]
) -> tuple[str, Text] | None:
    """The first one-day named event the texts name ("fête des mères", "Mother's Day"),
    as its key, and the words that named it."""
    from datetime import date

    for text in texts:
        for name, start, end in _ngrams(text.text[:2000]):
            if name in _NOT_EVENTS or len(name) < 4 or name.isdigit():
                continue
            key = events.key_for(name, country)
            if key is None or key not in seen:
                continue
            try:
                first, last = events.next_from(key, country, date(2000, 1, 1))
            except UserError:
                continue
            if first == last:
                return key, Text(text.text[start:end], text.pos.shifted(start))
    return None


_NUMBER_WORDS = (
    r"\d{1,3}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|a|an"
)
_CYCLE = re.compile(
    rf"(?<![\w])({_NUMBER_WORDS})(?:\s?(?:a|à|to|-|ou|or)\s?(?:{_NUMBER_WORDS}))?\s+"
    r"(jours?|semaines?|mois|days?|weeks?|months?)\b"
)
_CYCLE_WORDS = re.compile(
    r"choisi|decid|reflechi|reflexion|cycle|hesit|compar|mettent|prennent|take|takes|need|"
    r"needs|think|se decider|avant d'acheter|before (?:buying|booking|they buy)|to choose|"
    # "les clients réservent un mois à l'avance", "guests book 10 days ahead"
    r"reserv|book|a l'avance|en avance|ahead|in advance"
)


def cycle_in(texts: list[Text], lang: str) -> tuple[str, Text] | None:
    """The buying cycle the notes state ("nos clientes mettent jusqu'à 3 semaines à
    choisir"): the longest duration of a sentence about deciding or choosing."""
    for text in texts:
        for sentence in re.finditer(r"[^.!?;\n]+", text.text[:2000]):
            folded = fold(sentence.group())
            if not _CYCLE_WORDS.search(folded):
                continue
            for m in _CYCLE.finditer(folded):
                raw = sentence.group()[m.start() : m.end()]
                high = re.split(r"\s?(?:a|à|to|-|ou|or)\s?", fold(raw).split()[0])
                written = raw if len(raw.split()) == 2 and len(high) == 1 else None
                if written is None:  # "2 à 3 semaines": the longest
                    count = re.findall(rf"(?:{_NUMBER_WORDS})(?=\s+\w+$)", fold(raw))
                    written = f"{count[-1]} {raw.split()[-1]}" if count else raw
                # "a month", "un mois": one of them, as a duration is written
                written = re.sub(r"^(?:a|an|un|une)\s+", "1 ", written, flags=re.IGNORECASE)
                months = re.fullmatch(r"(\d{1,2}) (?:mois|months?)", fold(written))
                if months:  # a month has no fixed length: 30 days, as the hint of rules says
                    days = int(months.group(1)) * 30
                    written = f"{days} jours" if lang == "fr" else f"{days} days"
                try:
                    parse_duration(written)
                except UserError:
                    continue
                where = text.pos.shifted(sentence.start() + m.start())
                return written, Text(raw, where)
    return None
