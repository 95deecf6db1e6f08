"""The refusals of the phrase book: phrases a shop owner may write that mean nothing, or
something impossible, planned for real and refused where they go wrong, with a hint that itself
plans (DESIGN.md, "Date phrases": never silent, never a guess).

Each row is (phrase, context, offset of the error in the phrase, text the hint holds or None).
The refusals here stay refusals whatever the grammar learns: impossible dates, contradictions,
words that stop too early, doubled words, nonsense. Every phrase a hint suggests is planned in
the same context and must give exit 0: a hint never pastes the user's unread words into a
template ("on around Easter" parses, and names an event called "around Easter").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.phrasebook import (
    BRUSSELS,
    LONDON,
    MONTREAL_DST,
    MONTREAL_FALL,
    NEW_YORK,
    NEW_YORK_FALL,
    PARIS_DST,
    PARIS_LEAP,
    PARIS_SPRING,
    PARIS_WINTER,
    PARIS_YEAR_END,
    TORONTO_YEAR_END,
    Ctx,
    plan,
    refuse,
)

Refused = tuple[str, Ctx, int, str | None]

REFUSALS: list[Refused] = [
    # days a month does not have: the month's first or last day, as the user wrote the rest
    ("le 31 février", PARIS_WINTER, 3, "did you mean 'le 28 février'?"),
    ("31 février", PARIS_WINTER, 0, "did you mean '28 février'?"),
    ("February 30", NEW_YORK, 9, "did you mean 'February 28'?"),
    ("April 31", LONDON, 6, "did you mean 'April 30'?"),
    ("31 avril", PARIS_WINTER, 0, "did you mean '30 avril'?"),
    ("le 31 juin", PARIS_WINTER, 3, "did you mean 'le 30 juin'?"),
    ("June 31", NEW_YORK, 5, "did you mean 'June 30'?"),
    ("le 31 septembre", MONTREAL_FALL, 3, "did you mean 'le 30 septembre'?"),
    ("November 31", NEW_YORK_FALL, 9, "did you mean 'November 30'?"),
    ("le 32 janvier", PARIS_WINTER, 3, "did you mean 'le 31 janvier'?"),
    ("January 32", LONDON, 8, "did you mean 'January 31'?"),
    ("le 0 mars", PARIS_WINTER, 3, "did you mean 'le 1 mars'?"),
    ("March 0", NEW_YORK, 6, "did you mean 'March 1'?"),
    ("2027-02-30", LONDON, 8, "did you mean '2027-02-28'?"),
    ("2027-13-01", LONDON, 5, "did you mean '2027-12-01'?"),
    ("2027-00-10", PARIS_WINTER, 5, "did you mean '2027-01-10'?"),
    ("29 février 2027", PARIS_WINTER, 0, "did you mean '28 février 2027'?"),
    ("February 29, 2027", NEW_YORK, 9, "did you mean 'February 28, 2027'?"),
    ("2027-02-29", TORONTO_YEAR_END, 0, "did you mean '2027-02-28'?"),
    ("2028-02-30", PARIS_LEAP, 8, "did you mean '2028-02-28'?"),
    ("le 30 février 2028", PARIS_LEAP, 3, "did you mean 'le 28 février 2028'?"),
    ("le 29 février 2029", PARIS_LEAP, 3, "did you mean 'le 28 février 2029'?"),
    ("le 31 avril 2027", PARIS_WINTER, 3, "did you mean 'le 30 avril 2027'?"),
    ("April 31, 2027", NEW_YORK, 6, "did you mean 'April 30, 2027'?"),
    # ... inside ranges, weeks and offsets, where the rest of the phrase stays as written
    ("du 30 février au 5 mars", PARIS_WINTER, 3, "'du 28 février au 5 mars'"),
    ("from April 31 to May 5", NEW_YORK, 11, "'from April 30 to May 5'"),
    ("du 5 au 31 avril", PARIS_WINTER, 8, "'du 5 au 30 avril'"),
    ("from June 1 to June 31", NEW_YORK, 20, "'from June 1 to June 30'"),
    ("entre le 30 février et le 5 mars", PARIS_WINTER, 9, "'entre le 28 février et le 5 mars'"),
    ("la semaine du 31 juin", PARIS_SPRING, 14, "'la semaine du 30 juin'"),
    ("the week of June 31", NEW_YORK, 17, "'the week of June 30'"),
    ("3 jours avant le 31 février", PARIS_WINTER, 17, "'3 jours avant le 28 février'"),
    ("3 days before February 30", NEW_YORK, 23, "'3 days before February 28'"),
    # years Parcours does not plan in: the phrase without its year
    ("le 5 janvier 2500", PARIS_WINTER, 13, "did you mean 'le 5 janvier'?"),
    ("January 5, 1850", LONDON, 11, "did you mean 'January 5'?"),
    # a weekday a month does not have that many times
    ("the 6th Friday of May", NEW_YORK, 4, "did you mean 'the last Friday of May'?"),
    ("le cinquième lundi de février", PARIS_LEAP, 3, "'le dernier lundi de février'"),
    ("the fifth Monday of April", NEW_YORK, 4, "did you mean 'the last Monday of April'?"),
    # ranges written backwards: the same days the right way round
    ("du 20 au 5 mai", PARIS_WINTER, 9, "e.g. 'du 5 mai au 20 mai'"),
    ("from May 20 to May 1", NEW_YORK, 15, "e.g. 'from May 1 to May 20'"),
    ("between May 20 and May 1", LONDON, 19, "e.g. 'from May 1 to May 20'"),
    ("du 12 au 5 janvier", PARIS_WINTER, 9, "e.g. 'du 5 janvier au 12 janvier'"),
    # counts that go backwards
    ("de 5 à 3 jours avant l'ancre", PARIS_WINTER, 7, '"de 3 à 5 jours avant l\'ancre"'),
    ("3 to 1 days before the anchor", NEW_YORK, 5, "'1 to 3 days before the anchor'"),
    # a number no phrase needs
    ("1234567890 jours avant la Saint-Valentin", PARIS_WINTER, 0, "'30 jours avant la Saint"),
    ("1234567890 days before Mother's Day", NEW_YORK, 0, '"30 days before Mother\'s Day"'),
    # two words that contradict: the phrase with either
    ("fin début mars", PARIS_WINTER, 4, "did you mean 'fin mars' or 'début mars'?"),
    ("early late January", NEW_YORK, 6, "did you mean 'early January' or 'late January'?"),
    ("mi-début janvier", PARIS_WINTER, 3, "did you mean 'début-mi janvier'?"),
    ("début de fin janvier", PARIS_WINTER, 9, "did you mean 'début de janvier'?"),
    # a word said twice
    ("fin fin mars", PARIS_DST, 4, "did you mean 'fin mars'?"),
    ("mid mid-March", LONDON, 4, "'mid-March'"),
    ("mi-mars mars", MONTREAL_DST, 8, "did you mean 'mi-mars'?"),
    ("late March March", NEW_YORK, 11, "did you mean 'late March'?"),
    ("en en janvier", PARIS_WINTER, 3, "did you mean 'en janvier'?"),
    ("in in January", LONDON, 3, "did you mean 'in January'?"),
    ("le le 5 janvier", PARIS_WINTER, 6, "did you mean 'le 5 janvier'?"),
    ("on on Christmas", NEW_YORK_FALL, 3, "did you mean 'on Christmas'"),
    ("tout de suite maintenant", PARIS_WINTER, 14, "did you mean 'tout de suite'?"),
    ("asap now", NEW_YORK, 5, "did you mean 'asap'?"),
    # misspelt grammar words
    ("mi-janvir", PARIS_WINTER, 3, "did you mean 'mi-janvier'?"),
    ("late Febuary", LONDON, 5, "did you mean 'late February'?"),
    ("la semaine avnt Noël", PARIS_WINTER, 11, "did you mean 'la semaine avant Noël'?"),
    ("le premeir lundi de mars", PARIS_DST, 3, "did you mean 'le premier lundi de mars'?"),
    ("first Mondy of March", NEW_YORK, 6, "did you mean 'first Monday of March'?"),
    # a piece missing in the middle
    ("3 jours Noël", PARIS_WINTER, 8, "'3 jours avant Noël'"),
    ("3 weeks Mother's Day", NEW_YORK, 8, '"3 weeks before Mother\'s Day"'),
    # phrases that stop too early
    ("first Monday of", NEW_YORK, 15, "'first Monday of January'"),
    ("last Friday of", NEW_YORK, 14, "'last Friday of January'"),
    ("le premier lundi de", MONTREAL_DST, 19, "'le premier lundi de mars'"),
    ("le lundi de", PARIS_WINTER, 11, "'le lundi de janvier'"),
    ("du 5 au", PARIS_WINTER, 7, "'du 5 au 20 janvier'"),
    ("from May 1 to", NEW_YORK, 13, "'from May 1 to May 20'"),
    ("entre Noël et", PARIS_WINTER, 13, "'entre le 5 et le 20 janvier'"),
    ("between Christmas and", NEW_YORK, 21, "'between May 1 and May 20'"),
    ("jusqu'au", PARIS_WINTER, 8, '"jusqu\'au 20 mai"'),
    ("until", NEW_YORK, 5, "'until May 20'"),
    ("avant", PARIS_WINTER, 5, "'avant Noël'"),
    ("entre", PARIS_WINTER, 5, "'entre le 5 et le 20 janvier'"),
    ("between", NEW_YORK, 7, "'between May 1 and May 20'"),
    ("du", PARIS_WINTER, 2, "'du 5 au 20 janvier'"),
    ("from", NEW_YORK, 4, "'from May 1 to May 20'"),
    ("J-", PARIS_WINTER, 2, "'J-30'"),
    ("la semaine du", PARIS_WINTER, 13, "'la semaine du 5 janvier'"),
    ("the week of", NEW_YORK, 11, "'the week of January 5'"),
    ("mi-", PARIS_WINTER, 3, "'mi-janvier'"),
    ("the first", NEW_YORK, 9, "'the first Monday of March'"),
    ("le premier", PARIS_WINTER, 10, "'le premier lundi de mars'"),
    ("dans les", PARIS_WINTER, 8, '"dans les 10 jours avant l\'ancre"'),
    ("le jour de", PARIS_WINTER, 10, "'le jour de Noël'"),
    ("le dernier", BRUSSELS, 10, "'le premier lundi de mars'"),
    # counted from an anchor the campaign does not have: the example in the campaign's language
    ("J-30", MONTREAL_FALL, 0, "'3 jours avant la Saint-Valentin'"),
    ("D-30", NEW_YORK_FALL, 0, '"3 days before Valentine\'s Day"'),
    ("3 jours avant l'ancre", MONTREAL_FALL, 14, "'3 jours avant la Saint-Valentin'"),
    # a misspelt word the unknown name swallowed, a generic name misspelt: never a key
    ("la semaine d'avnt la fête des mères", PARIS_SPRING, 13, "la semaine d'avant la fête des"),
    ("3 jours avant les sodles", PARIS_YEAR_END, 18, "3 jours avant les Soldes d"),
    # hours in a date phrase: whole days counted in days, else where hours belong
    ("48 hours before Valentine's Day", LONDON, 3, '"2 days before Valentine\'s Day"'),
    ("48 heures avant la Saint-Valentin", PARIS_WINTER, 3, "'2 jours avant la Saint-Valentin'"),
    # nothing close parses: examples of what does, in the phrase's language
    ("la nuit du réveillon", PARIS_WINTER, 3, "'le jour de Noël'"),
    # two days named together are one window only when they follow each other
    ("le 3 et le 10 mars", PARIS_WINTER, 11, "'du 3 au 10 mars'"),
    ("les vacances d'été", PARIS_WINTER, 4, "'mi-janvier'"),
    ("early spring", LONDON, 6, "'early January'"),
    ("the following week", LONDON, 4, "'early January'"),
    # not a date at all
    ("J-abc", PARIS_WINTER, 2, "'J-30'"),
    ("J-0-0", PARIS_WINTER, 5, "'J-30'"),
    ("blabla", PARIS_WINTER, 0, None),
    ("whenever", NEW_YORK_FALL, 0, None),
    ("when pigs fly", NEW_YORK_FALL, 0, None),
    ("n'importe quand", PARIS_WINTER, 0, None),
    ("?", PARIS_WINTER, 0, "'mi-janvier', 'le jour de Noël'"),
    ("!!!", LONDON, 0, "'early January', 'on Christmas'"),
    ("...", PARIS_WINTER, 0, "'mi-janvier'"),
]

# What a hint suggests: the quoted text after "did you mean", "e.g.", a comma or "or".
_SUGGESTION = re.compile(r"(?:did you mean|e\.g\.|,| or) ('[^']*'|\"[^\"]*\")")

# Grammar words a message quotes, in the other language: none may show in a phrase's message.
_FOREIGN = {
    "fr": ("'before'", "'after'", "'of'", "'later'", "'to'", "'and'", "'week'", "'days'"),
    "en": ("'avant'", "'après'", "'de'", "'plus tard'", "'à'", "'et'", "'semaine'", "'jours'"),
}


def suggestions(hint: str) -> list[str]:
    return [quoted[1:-1] for quoted in _SUGGESTION.findall(hint)]


def test_the_table_is_large_and_in_both_languages() -> None:
    assert len(REFUSALS) >= 60
    assert len({phrase for phrase, *_ in REFUSALS}) == len(REFUSALS)
    for locale in ("en", "fr"):
        assert sum(ctx.locale == locale for _, ctx, _, _ in REFUSALS) >= 30


@pytest.mark.parametrize(
    ("phrase", "ctx", "offset", "hint"), REFUSALS, ids=[f"{r[0]}@{r[1]}" for r in REFUSALS]
)
def test_refused_where_it_goes_wrong_with_a_hint_that_plans(
    tmp_path: Path, phrase: str, ctx: Ctx, offset: int, hint: str | None
) -> None:
    refused = refuse(tmp_path / "refused", phrase, ctx)
    assert refused.offset == offset, f"{phrase!r}: {refused}"
    assert refused.hint, f"{phrase!r}: no hint in {refused}"
    if hint is not None:
        assert hint in refused.hint, f"{phrase!r}: {refused.hint!r}"
    for word in _FOREIGN[ctx.locale]:
        assert word not in refused.message, f"{phrase!r}: {refused.message!r}"
    suggested = suggestions(refused.hint)
    assert suggested, f"{phrase!r}: the hint names no phrase: {refused.hint!r}"
    for n, text in enumerate(suggested):
        planned = plan(tmp_path / f"hint{n}", ctx, text, every=False)
        assert planned.code == 0, f"{phrase!r}: the hint's {text!r} is refused: {planned.stderr}"


# A French phrase is told what was expected in French, an English one in English; a phrase
# whose words do not tell takes the campaign's language.
LANGUAGE = [
    ("la semaine avnt Noël", PARIS_WINTER, "expected 'avant', 'après' or 'de' after 'la semaine'"),
    ("the week bfore Christmas", LONDON, "expected 'of', 'before' or 'after' after 'the week'"),
    ("3 semaines", PARIS_WINTER, "expected 'avant', 'après' or 'plus tard'"),
    ("3 weeks", NEW_YORK, "expected 'before', 'after' or 'later'"),
    ("tous les", PARIS_WINTER, "expected a number, 'jours', 'semaines' or a weekday"),
]


@pytest.mark.parametrize(("phrase", "ctx", "message"), LANGUAGE, ids=[r[0] for r in LANGUAGE])
def test_grammar_words_in_the_phrase_language(
    tmp_path: Path, phrase: str, ctx: Ctx, message: str
) -> None:
    assert message in refuse(tmp_path, phrase, ctx).message


@pytest.mark.parametrize(
    ("ctx", "example"),
    [(PARIS_WINTER, "'le jour de Noël'"), (NEW_YORK_FALL, "'on Christmas'")],
    ids=["fr", "en"],
)
def test_no_words_to_tell_the_campaign_language_tells(
    tmp_path: Path, ctx: Ctx, example: str
) -> None:
    refused = refuse(tmp_path, "???", ctx)
    assert refused.hint and example in refused.hint
