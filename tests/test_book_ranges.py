"""The phrase book's ranges: halves and fortnights, first and last days or weeks, open and
combined ranges, vague spans of documented width, dates in digits read by the campaign's
language and country, and numbers in words, abbreviations and missing accents (README, "Date
phrases"). Each row is planned for real in a shop's workspace: its window's first and last days,
and alone one item (tests/phrasebook.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
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
    D,
    Row,
    check_row,
    plan,
    refuse,
)

# Halves of a month (days 1–15 / 16–last) and fortnights (14 days; "quinze jours" too).
HALVES: list[Row] = [
    ("la première quinzaine de juin", PARIS_SPRING, "2027-06-01", "2027-06-15"),
    ("la deuxième quinzaine de juin", PARIS_SPRING, "2027-06-16", "2027-06-30"),
    ("la 1re quinzaine de juin", PARIS_SPRING, "2027-06-01", "2027-06-15"),
    ("la 2e quinzaine de mai", PARIS_SPRING, "2027-05-16", "2027-05-31"),
    ("la seconde quinzaine de mai", PARIS_SPRING, "2027-05-16", "2027-05-31"),
    ("la dernière quinzaine de mai", PARIS_SPRING, "2027-05-16", "2027-05-31"),
    ("la première moitié de juin", PARIS_SPRING, "2027-06-01", "2027-06-15"),
    ("la deuxieme quinzaine de juin", PARIS_SPRING, "2027-06-16", "2027-06-30"),
    ("quinze jours avant la fête des mères", PARIS_SPRING, "2027-05-16", "2027-05-16"),
    ("quinze jours après la fête des mères", PARIS_SPRING, "2027-06-13", "2027-06-13"),
    ("la quinzaine avant la fête des mères", PARIS_SPRING, "2027-05-16", "2027-05-29"),
    ("dans les quinze jours avant la fête des mères", PARIS_SPRING, "2027-05-16", "2027-05-29"),
    ("quinze jours avant l'ancre", PARIS_SPRING, "2027-05-16", "2027-05-16"),
    ("the first half of June", NEW_YORK, "2027-06-01", "2027-06-15"),
    ("the second half of June", NEW_YORK, "2027-06-16", "2027-06-30"),
    ("first fortnight of June", NEW_YORK, "2027-06-01", "2027-06-15"),
    ("the last fortnight of April", NEW_YORK, "2027-04-16", "2027-04-30"),
    ("the first half of May", NEW_YORK, "2027-05-01", "2027-05-15"),
    ("a fortnight before Mother's Day", NEW_YORK, "2027-04-25", "2027-04-25"),
    ("the fortnight before Mother's Day", NEW_YORK, "2027-04-25", "2027-05-08"),
    ("a fortnight after Mother's Day", NEW_YORK, "2027-05-23", "2027-05-23"),
    ("the second half of January", LONDON, "2027-01-16", "2027-01-31"),
    ("the first half of February", LONDON, "2027-02-01", "2027-02-15"),
    ("the fortnight before Valentine's Day", LONDON, "2027-01-31", "2027-02-13"),
    ("la deuxième quinzaine de février", PARIS_LEAP, "2028-02-16", "2028-02-29"),
    ("the second half of February", PARIS_LEAP, "2028-02-16", "2028-02-29"),
    ("quinze jours avant le 29 février", PARIS_LEAP, "2028-02-15", "2028-02-15"),
    ("the first half of March", PARIS_LEAP, "2028-03-01", "2028-03-15"),
    ("la première quinzaine de janvier", PARIS_YEAR_END, "2027-01-01", "2027-01-15"),
    # The second half of this December is under way: clipped to the planning start.
    ("la deuxième quinzaine de décembre", PARIS_YEAR_END, "2026-12-28", "2026-12-31"),
    ("dans quinze jours", PARIS_YEAR_END, "2027-01-11", "2027-01-11"),
    ("the first half of January", TORONTO_YEAR_END, "2027-01-01", "2027-01-15"),
    ("in a fortnight", TORONTO_YEAR_END, "2027-01-11", "2027-01-11"),
    ("la première quinzaine de mars", MONTREAL_DST, "2027-03-01", "2027-03-15"),
    ("quinze jours avant l'ancre", MONTREAL_DST, "2027-02-28", "2027-02-28"),
    ("la deuxième quinzaine de décembre", BRUSSELS, "2026-12-16", "2026-12-31"),
    ("quinze jours avant Noël", BRUSSELS, "2026-12-11", "2026-12-11"),
    ("la quinzaine avant Noël", BRUSSELS, "2026-12-11", "2026-12-24"),
    ("dans une quinzaine de jours", PARIS_YEAR_END, "2027-01-11", "2027-01-11"),
    # "huit jours" is a week in French usage, as "quinze jours" is two.
    ("huit jours avant Noël", BRUSSELS, "2026-12-18", "2026-12-18"),
    ("dans huit jours", PARIS_YEAR_END, "2027-01-04", "2027-01-04"),
    ("sous quinzaine", PARIS_YEAR_END, "2026-12-28", "2027-01-11"),
    ("sous huitaine", MONTREAL_FALL, "2027-09-01", "2027-09-08"),
    ("dans une huitaine", BRUSSELS, "2026-11-09", "2026-11-09"),
    ("8 jours avant Noël", BRUSSELS, "2026-12-17", "2026-12-17"),
    ("dans une quinzaine", MONTREAL_FALL, "2027-09-15", "2027-09-15"),
    ("la 2ème quinzaine d'août", PARIS_SPRING, "2027-08-16", "2027-08-31"),
    ("the second half of Sept", NEW_YORK_FALL, "2027-09-16", "2027-09-30"),
    ("the first half of next month", NEW_YORK_FALL, "2027-10-01", "2027-10-15"),
]

# The first or last N days or weeks of a month, or before / after a reference. Without a
# count, "the first days" are 5 days and "the last weeks" 2 weeks.
EDGES: list[Row] = [
    ("the last 5 days before Mother's Day", NEW_YORK, "2027-05-04", "2027-05-08"),
    ("the last two weeks of March", NEW_YORK, "2027-03-18", "2027-03-31"),
    ("the first days of March", NEW_YORK, "2027-03-01", "2027-03-05"),
    ("the first 10 days of April", NEW_YORK, "2027-04-01", "2027-04-10"),
    ("the last 3 days of April", NEW_YORK, "2027-04-28", "2027-04-30"),
    ("the first two weeks of May", NEW_YORK, "2027-05-01", "2027-05-14"),
    ("the last days of April", NEW_YORK, "2027-04-26", "2027-04-30"),
    ("the first 3 days after Mother's Day", NEW_YORK, "2027-05-10", "2027-05-12"),
    ("the last week before Mother's Day", NEW_YORK, "2027-05-02", "2027-05-08"),
    ("the last day of April", NEW_YORK, "2027-04-30", "2027-04-30"),
    ("the first ten days of June", NEW_YORK, "2027-06-01", "2027-06-10"),
    ("les 5 derniers jours avant la fête des mères", PARIS_SPRING, "2027-05-25", "2027-05-29"),
    ("les 2 dernières semaines de mars", PARIS_SPRING, "2027-03-18", "2027-03-31"),
    ("les premiers jours de mars", PARIS_SPRING, "2027-03-01", "2027-03-05"),
    ("les 10 premiers jours d'avril", PARIS_SPRING, "2027-04-01", "2027-04-10"),
    ("les derniers jours de mai", PARIS_SPRING, "2027-05-27", "2027-05-31"),
    ("les 3 premiers jours après la fête des mères", PARIS_SPRING, "2027-05-31", "2027-06-02"),
    ("les deux premières semaines de juin", PARIS_SPRING, "2027-06-01", "2027-06-14"),
    ("le dernier jour de mai", PARIS_SPRING, "2027-05-31", "2027-05-31"),
    ("les 10 derniers jours d'avril", PARIS_SPRING, "2027-04-21", "2027-04-30"),
    ("les dernières semaines d'avril", PARIS_SPRING, "2027-04-17", "2027-04-30"),
    ("les 5 derniers jours de février", PARIS_LEAP, "2028-02-25", "2028-02-29"),
    ("the last 7 days of February", PARIS_LEAP, "2028-02-23", "2028-02-29"),
    ("les 3 derniers jours avant l'ancre", PARIS_LEAP, "2028-02-26", "2028-02-28"),
    ("les premiers jours de janvier", PARIS_YEAR_END, "2027-01-01", "2027-01-05"),
    ("les 3 derniers jours de décembre", PARIS_YEAR_END, "2026-12-29", "2026-12-31"),
    ("les 2 premières semaines de janvier", PARIS_YEAR_END, "2027-01-01", "2027-01-14"),
    ("the first days of January", TORONTO_YEAR_END, "2027-01-01", "2027-01-05"),
    ("the last 2 days of December", TORONTO_YEAR_END, "2026-12-30", "2026-12-31"),
    ("les 10 premiers jours de septembre", MONTREAL_FALL, "2027-09-01", "2027-09-10"),
    ("les 5 derniers jours avant Noël", MONTREAL_FALL, "2027-12-20", "2027-12-24"),
    ("the last 5 days before Christmas", NEW_YORK_FALL, "2027-12-20", "2027-12-24"),
    ("the first 10 days of October", NEW_YORK_FALL, "2027-10-01", "2027-10-10"),
    ("the last two weeks before Thanksgiving", NEW_YORK_FALL, "2027-11-11", "2027-11-24"),
    ("the last few days before Christmas", NEW_YORK_FALL, "2027-12-20", "2027-12-24"),
    ("the first few days of March", NEW_YORK, "2027-03-01", "2027-03-05"),
    ("les quinze derniers jours de mars", PARIS_DST, "2027-03-17", "2027-03-31"),
]

# Open ranges ("from X" ends at the anchor, or 14 days on when the anchor is not after X;
# "until X" starts at the planning start) and two parts of months joined into one window.
OPEN: list[Row] = [
    ("à partir du 3 mars", PARIS_DST, "2027-03-03", "2027-03-28"),
    ("dès le 3 mars", PARIS_DST, "2027-03-03", "2027-03-28"),
    ("à compter du 10 mars", PARIS_DST, "2027-03-10", "2027-03-28"),
    ("jusqu'au 15 mars", PARIS_DST, "2027-03-01", "2027-03-15"),
    ("jusqu'à l'ancre", PARIS_DST, "2027-03-01", "2027-03-28"),
    ("de mi-mars à fin mars", PARIS_DST, "2027-03-11", "2027-03-31"),
    ("début à mi-mars", PARIS_DST, "2027-03-01", "2027-03-20"),
    ("du début à la mi-mars", PARIS_DST, "2027-03-01", "2027-03-20"),
    ("fin mars début avril", PARIS_DST, "2027-03-21", "2027-04-10"),
    ("fin mars ou début avril", PARIS_DST, "2027-03-21", "2027-04-10"),
    ("fin mars / début avril", PARIS_DST, "2027-03-21", "2027-04-10"),
    ("mi à fin mars", PARIS_DST, "2027-03-11", "2027-03-31"),
    ("dès Pâques", PARIS_DST, "2027-03-28", "2027-04-10"),
    ("dès la mi-mars", PARIS_DST, "2027-03-11", "2027-03-28"),
    ("from March 3", NEW_YORK, "2027-03-03", "2027-05-09"),
    ("starting March 3", NEW_YORK, "2027-03-03", "2027-05-09"),
    ("starting from April 20", NEW_YORK, "2027-04-20", "2027-05-09"),
    ("as of April 1", NEW_YORK, "2027-04-01", "2027-05-09"),
    ("until Mother's Day", NEW_YORK, "2027-01-04", "2027-05-09"),
    ("late March or early April", NEW_YORK, "2027-03-21", "2027-04-10"),
    ("late March / early April", NEW_YORK, "2027-03-21", "2027-04-10"),
    ("mid-to-late March", NEW_YORK, "2027-03-11", "2027-03-31"),
    ("mid to late March", NEW_YORK, "2027-03-11", "2027-03-31"),
    ("early to mid April", NEW_YORK, "2027-04-01", "2027-04-20"),
    ("from May 20", NEW_YORK, "2027-05-20", "2027-06-02"),
    ("March or April", NEW_YORK, "2027-03-01", "2027-04-30"),
    ("late April and early May", NEW_YORK, "2027-04-21", "2027-05-10"),
    ("from January 10", LONDON, "2027-01-10", "2027-02-14"),
    ("until January 20", LONDON, "2026-12-07", "2027-01-20"),
    ("late January or early February", LONDON, "2027-01-21", "2027-02-10"),
    ("mid-to-late January", LONDON, "2027-01-11", "2027-01-31"),
    ("à partir du 5 janvier", PARIS_YEAR_END, "2027-01-05", "2027-01-18"),
    ("dès le 2 janvier", PARIS_YEAR_END, "2027-01-02", "2027-01-15"),
    ("jusqu'au 10 janvier", PARIS_YEAR_END, "2026-12-28", "2027-01-10"),
    ("fin décembre début janvier", PARIS_YEAR_END, "2026-12-28", "2027-01-10"),
    ("from January 4", TORONTO_YEAR_END, "2027-01-04", "2027-01-17"),
    ("late December or early January", TORONTO_YEAR_END, "2026-12-28", "2027-01-10"),
    ("until January 15", TORONTO_YEAR_END, "2026-12-28", "2027-01-15"),
    ("à partir du 1er mars", MONTREAL_DST, "2027-03-01", "2027-03-14"),
    ("jusqu'au 10 mars", MONTREAL_DST, "2027-02-15", "2027-03-10"),
    ("fin février début mars", MONTREAL_DST, "2027-02-21", "2027-03-10"),
    ("à partir du 1er décembre", BRUSSELS, "2026-12-01", "2026-12-25"),
    ("mi à fin décembre", BRUSSELS, "2026-12-11", "2026-12-31"),
    ("fin novembre début décembre", BRUSSELS, "2026-11-21", "2026-12-10"),
    ("à partir du 20 février", PARIS_LEAP, "2028-02-20", "2028-02-29"),
    ("fin février début mars", PARIS_LEAP, "2028-02-21", "2028-03-10"),
    ("mi à fin février", PARIS_LEAP, "2028-02-11", "2028-02-29"),
    ("from March 3 on", NEW_YORK, "2027-03-03", "2027-05-09"),
    ("fin mars-début avril", PARIS_DST, "2027-03-21", "2027-04-10"),
    # A day as the latest or the earliest, written before or after it.
    ("no later than March 15", NEW_YORK, "2027-01-04", "2027-03-15"),
    ("March 15 at the latest", NEW_YORK, "2027-01-04", "2027-03-15"),
    ("not before April 20", NEW_YORK, "2027-04-20", "2027-05-09"),
    ("March 3 onwards", NEW_YORK, "2027-03-03", "2027-05-09"),
    ("mid-January onwards", LONDON, "2027-01-11", "2027-02-14"),
    ("not after January 10", TORONTO_YEAR_END, "2026-12-28", "2027-01-10"),
    ("le 15 mars au plus tard", PARIS_DST, "2027-03-01", "2027-03-15"),
    ("au plus tard le 15 mars", PARIS_DST, "2027-03-01", "2027-03-15"),
    ("au plus tôt le 10 mars", PARIS_DST, "2027-03-10", "2027-03-28"),
    ("pas avant le 10 mars", PARIS_DST, "2027-03-10", "2027-03-28"),
    ("le 10 mars et après", PARIS_DST, "2027-03-10", "2027-03-28"),
    ("Noël au plus tard", BRUSSELS, "2026-11-02", "2026-12-25"),
]

# Vague spans: around X = X−3..X+3 (a longer X stays as it is); a few / several days before
# X = X−5..X−2 (weeks: X−4w..X−2w); just / right before = X−2..X−1; shortly / peu avant =
# X−3..X−1; and the same after X.
VAGUE: list[Row] = [
    ("autour de la Saint-Valentin", PARIS_WINTER, "2027-02-11", "2027-02-17"),
    ("aux alentours du 10 janvier", PARIS_WINTER, "2027-01-07", "2027-01-13"),
    ("vers le 10 janvier", PARIS_WINTER, "2027-01-07", "2027-01-13"),
    ("quelques jours avant la Saint-Valentin", PARIS_WINTER, "2027-02-09", "2027-02-12"),
    ("la semaine d'avant la Saint-Valentin", PARIS_WINTER, "2027-02-07", "2027-02-13"),
    ("la semaine d'après Noël", PARIS_WINTER, "2026-12-26", "2027-01-01"),
    ("juste avant la Saint-Valentin", PARIS_WINTER, "2027-02-12", "2027-02-13"),
    ("juste après la Saint-Valentin", PARIS_WINTER, "2027-02-15", "2027-02-16"),
    ("peu avant la Saint-Valentin", PARIS_WINTER, "2027-02-11", "2027-02-13"),
    ("peu après la Saint-Valentin", PARIS_WINTER, "2027-02-15", "2027-02-17"),
    ("la veille de la Saint-Valentin", PARIS_WINTER, "2027-02-13", "2027-02-13"),
    ("le lendemain de la Saint-Valentin", PARIS_WINTER, "2027-02-15", "2027-02-15"),
    ("autour de l'ancre", PARIS_WINTER, "2027-02-11", "2027-02-17"),
    ("quelques jours après Noël", PARIS_WINTER, "2026-12-27", "2026-12-30"),
    ("vers Noël", PARIS_WINTER, "2026-12-22", "2026-12-28"),
    ("juste avant", PARIS_WINTER, "2027-02-12", "2027-02-13"),
    ("aux environs du 20 janvier", PARIS_WINTER, "2027-01-17", "2027-01-23"),
    ("environ 10 jours avant la Saint-Valentin", PARIS_WINTER, "2027-02-01", "2027-02-07"),
    ("quelques semaines avant la Saint-Valentin", PARIS_WINTER, "2027-01-17", "2027-01-31"),
    ("vers la mi-janvier", PARIS_WINTER, "2027-01-11", "2027-01-20"),
    ("environ mi-janvier", PARIS_WINTER, "2027-01-11", "2027-01-20"),
    ("approximately mid-January", NEW_YORK, "2027-01-11", "2027-01-20"),
    ("around Valentine's Day", LONDON, "2027-02-11", "2027-02-17"),
    ("about January 10", LONDON, "2027-01-07", "2027-01-13"),
    ("about two weeks before Valentine's Day", LONDON, "2027-01-28", "2027-02-03"),
    ("a few days before Valentine's Day", LONDON, "2027-02-09", "2027-02-12"),
    ("just before Valentine's Day", LONDON, "2027-02-12", "2027-02-13"),
    ("right after Valentine's Day", LONDON, "2027-02-15", "2027-02-16"),
    ("shortly after Valentine's Day", LONDON, "2027-02-15", "2027-02-17"),
    ("shortly before Valentine's Day", LONDON, "2027-02-11", "2027-02-13"),
    ("the day before Valentine's Day", LONDON, "2027-02-13", "2027-02-13"),
    ("the day after Valentine's Day", LONDON, "2027-02-15", "2027-02-15"),
    ("a few days after Christmas", LONDON, "2026-12-27", "2026-12-30"),
    ("around Christmas", LONDON, "2026-12-22", "2026-12-28"),
    ("several days before Valentine's Day", LONDON, "2027-02-09", "2027-02-12"),
    ("approximately January 20", LONDON, "2027-01-17", "2027-01-23"),
    ("around Halloween", NEW_YORK_FALL, "2027-10-28", "2027-11-03"),
    ("a few days before Halloween", NEW_YORK_FALL, "2027-10-26", "2027-10-29"),
    ("just after Halloween", NEW_YORK_FALL, "2027-11-01", "2027-11-02"),
    ("immediately before Thanksgiving", NEW_YORK_FALL, "2027-11-23", "2027-11-24"),
    ("around Thanksgiving", NEW_YORK_FALL, "2027-11-22", "2027-11-28"),
    ("vers le 5 janvier", PARIS_YEAR_END, "2027-01-02", "2027-01-08"),
    ("peu après le 1er janvier", PARIS_YEAR_END, "2027-01-02", "2027-01-04"),
    ("juste avant le 31 décembre", PARIS_YEAR_END, "2026-12-29", "2026-12-30"),
    ("around January 5", TORONTO_YEAR_END, "2027-01-02", "2027-01-08"),
    ("right before January 1", TORONTO_YEAR_END, "2026-12-30", "2026-12-31"),
    ("autour de Pâques", PARIS_DST, "2027-03-25", "2027-03-31"),
    ("juste après Pâques", PARIS_DST, "2027-03-29", "2027-03-30"),
    ("quelques jours avant Pâques", PARIS_DST, "2027-03-23", "2027-03-26"),
    ("le lendemain de Pâques", PARIS_DST, "2027-03-29", "2027-03-29"),
    ("vers le 14 mars", MONTREAL_DST, "2027-03-11", "2027-03-17"),
    ("peu avant l'ancre", MONTREAL_DST, "2027-03-11", "2027-03-13"),
    ("la veille de Noël", BRUSSELS, "2026-12-24", "2026-12-24"),
    ("autour de Noël", BRUSSELS, "2026-12-22", "2026-12-28"),
    ("juste avant Noël", BRUSSELS, "2026-12-23", "2026-12-24"),
    ("autour du 29 février", PARIS_LEAP, "2028-02-26", "2028-03-03"),
    ("juste après le 29 février", PARIS_LEAP, "2028-03-01", "2028-03-02"),
    ("peu de temps avant Noël", BRUSSELS, "2026-12-22", "2026-12-24"),
    ("not long before Christmas", NEW_YORK_FALL, "2027-12-22", "2027-12-24"),
    ("immediately after Christmas", LONDON, "2026-12-26", "2026-12-27"),
    ("vers la fin mars", PARIS_DST, "2027-03-21", "2027-03-31"),
    ("towards the end of March", NEW_YORK, "2027-03-21", "2027-03-31"),
    # the days named next to X
    ("the eve of Valentine's Day", LONDON, "2027-02-13", "2027-02-13"),
    ("au lendemain de la Saint-Valentin", PARIS_WINTER, "2027-02-15", "2027-02-15"),
    ("à la veille de la Saint-Valentin", PARIS_WINTER, "2027-02-13", "2027-02-13"),
    ("the night before Valentine's Day", LONDON, "2027-02-13", "2027-02-13"),
    ("l'avant-veille de la Saint-Valentin", PARIS_WINTER, "2027-02-12", "2027-02-12"),
    ("le surlendemain de la Saint-Valentin", PARIS_WINTER, "2027-02-16", "2027-02-16"),
    ("la semaine suivante", PARIS_WINTER, "2027-02-15", "2027-02-21"),
    ("la semaine précédente", PARIS_WINTER, "2027-02-07", "2027-02-13"),
    # counted to the anchor: "J-7" written after "à", "T-10", "10 days out"
    ("à J-7", PARIS_WINTER, "2027-02-07", "2027-02-07"),
    ("on D-7", LONDON, "2027-02-07", "2027-02-07"),
    ("T-10", LONDON, "2027-02-04", "2027-02-04"),
    ("10 days out", LONDON, "2027-02-04", "2027-02-04"),
    ("two weeks out from Valentine's Day", LONDON, "2027-01-31", "2027-01-31"),
    # words that say what any window means: any day in it
    ("sometime in March", LONDON, "2027-03-01", "2027-03-31"),
    ("any time in early March", LONDON, "2027-03-01", "2027-03-10"),
    ("n'importe quand en mars", PARIS_WINTER, "2027-03-01", "2027-03-31"),
    ("tout le mois de mars", PARIS_WINTER, "2027-03-01", "2027-03-31"),
    ("pendant tout le mois d'avril", PARIS_WINTER, "2027-04-01", "2027-04-30"),
    ("throughout March", LONDON, "2027-03-01", "2027-03-31"),
    ("the whole of April", LONDON, "2027-04-01", "2027-04-30"),
    ("through March 20", LONDON, "2026-12-07", "2027-03-20"),
    ("March 3 through March 20", NEW_YORK, "2027-03-03", "2027-03-20"),
    ("all of March", NEW_YORK, "2027-03-01", "2027-03-31"),
    # days or weeks next to X without a count: as "the last few days before X"
    ("the days leading up to Valentine's Day", LONDON, "2027-02-09", "2027-02-13"),
    ("in the days after Valentine's Day", LONDON, "2027-02-15", "2027-02-19"),
    ("in the days before the anchor", NEW_YORK, "2027-05-04", "2027-05-08"),
    ("the weeks leading up to Valentine's Day", LONDON, "2027-01-31", "2027-02-13"),
    ("les jours précédant la Saint-Valentin", PARIS_WINTER, "2027-02-09", "2027-02-13"),
    ("les jours qui suivent la Saint-Valentin", PARIS_WINTER, "2027-02-15", "2027-02-19"),
    ("dans les jours avant l'ancre", PARIS_WINTER, "2027-02-09", "2027-02-13"),
    ("les semaines avant la Saint-Valentin", PARIS_WINTER, "2027-01-31", "2027-02-13"),
    # the run-up to X: the weeks leading up to it
    ("in the run-up to Valentine's Day", LONDON, "2027-01-31", "2027-02-13"),
    ("à l'approche de la Saint-Valentin", PARIS_WINTER, "2027-01-31", "2027-02-13"),
    # "jusqu'à", "until": a range to a name alone
    ("early February until Valentine's Day", LONDON, "2027-02-01", "2027-02-14"),
    ("début février jusqu'à la Saint-Valentin", PARIS_WINTER, "2027-02-01", "2027-02-14"),
]

# Dates in digits: day/month in French and British English, month/day in US English; in
# English Canada only a date one order can read.
NUMERIC: list[Row] = [
    ("18/01", PARIS_WINTER, "2027-01-18", "2027-01-18"),
    ("18/01/2027", PARIS_WINTER, "2027-01-18", "2027-01-18"),
    ("le 18/01", PARIS_WINTER, "2027-01-18", "2027-01-18"),
    ("05/01", PARIS_WINTER, "2027-01-05", "2027-01-05"),
    ("du 18/01 au 25/01", PARIS_WINTER, "2027-01-18", "2027-01-25"),
    ("18.01.", PARIS_WINTER, "2027-01-18", "2027-01-18"),
    ("3 jours avant le 18/01", PARIS_WINTER, "2027-01-15", "2027-01-15"),
    ("18/01", LONDON, "2027-01-18", "2027-01-18"),
    ("05/01/2027", LONDON, "2027-01-05", "2027-01-05"),
    ("02/01", LONDON, "2027-01-02", "2027-01-02"),
    ("3/18", NEW_YORK, "2027-03-18", "2027-03-18"),
    ("3/18/2027", NEW_YORK, "2027-03-18", "2027-03-18"),
    ("1/5", NEW_YORK, "2027-01-05", "2027-01-05"),
    ("from 3/1 to 3/15", NEW_YORK, "2027-03-01", "2027-03-15"),
    ("4/2", NEW_YORK, "2027-04-02", "2027-04-02"),
    ("18/01", TORONTO_YEAR_END, "2027-01-18", "2027-01-18"),
    ("1/18", TORONTO_YEAR_END, "2027-01-18", "2027-01-18"),
    ("01/01", TORONTO_YEAR_END, "2027-01-01", "2027-01-01"),
    ("10/03", MONTREAL_DST, "2027-03-10", "2027-03-10"),
    ("18.12.", BRUSSELS, "2026-12-18", "2026-12-18"),
    ("24/12/2026", BRUSSELS, "2026-12-24", "2026-12-24"),
    ("29/02", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("29/02/2028", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("28/03", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("28-03-2027", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("18/03 - 25/03", PARIS_DST, "2027-03-18", "2027-03-25"),
]

# Numbers in words past twelve, abbreviated months, missing accents.
WORDS: list[Row] = [
    ("vingt jours avant la Saint-Valentin", PARIS_WINTER, "2027-01-25", "2027-01-25"),
    ("trente jours avant la Saint-Valentin", PARIS_WINTER, "2027-01-15", "2027-01-15"),
    ("vingt et un jours avant la Saint-Valentin", PARIS_WINTER, "2027-01-24", "2027-01-24"),
    ("dix-sept jours avant la Saint-Valentin", PARIS_WINTER, "2027-01-28", "2027-01-28"),
    ("le quinze janvier", PARIS_WINTER, "2027-01-15", "2027-01-15"),
    ("le vingt et un janvier", PARIS_WINTER, "2027-01-21", "2027-01-21"),
    ("treize jours avant l'ancre", PARIS_WINTER, "2027-02-01", "2027-02-01"),
    ("le 5 janv.", PARIS_WINTER, "2027-01-05", "2027-01-05"),
    ("fin janv", PARIS_WINTER, "2027-01-21", "2027-01-31"),
    ("mi-fevrier", PARIS_WINTER, "2027-02-11", "2027-02-20"),
    ("le 15 fevr.", PARIS_WINTER, "2027-02-15", "2027-02-15"),
    ("debut janvier", PARIS_WINTER, "2027-01-01", "2027-01-10"),
    ("dans les quinze jours avant la Saint-Valentin", PARIS_WINTER, "2027-01-31", "2027-02-13"),
    ("fifteen days before Valentine's Day", LONDON, "2027-01-30", "2027-01-30"),
    ("twenty days before Valentine's Day", LONDON, "2027-01-25", "2027-01-25"),
    ("twenty-one days before Valentine's Day", LONDON, "2027-01-24", "2027-01-24"),
    ("twenty one days before Valentine's Day", LONDON, "2027-01-24", "2027-01-24"),
    ("the fifteenth of January", LONDON, "2027-01-15", "2027-01-15"),
    ("January twenty-first", LONDON, "2027-01-21", "2027-01-21"),
    ("Jan 5", LONDON, "2027-01-05", "2027-01-05"),
    ("Jan. 5", LONDON, "2027-01-05", "2027-01-05"),
    ("5 Jan", LONDON, "2027-01-05", "2027-01-05"),
    ("late Dec", LONDON, "2026-12-21", "2026-12-31"),
    ("in the fifteen days before Valentine's Day", LONDON, "2027-01-30", "2027-02-13"),
    ("Sept. 5", NEW_YORK, "2027-09-05", "2027-09-05"),
    ("forty days before Mother's Day", NEW_YORK, "2027-03-30", "2027-03-30"),
    ("thirty days before Mother's Day", NEW_YORK, "2027-04-09", "2027-04-09"),
    ("le 15 sept.", PARIS_SPRING, "2027-09-15", "2027-09-15"),
    ("fin aout", PARIS_SPRING, "2027-08-21", "2027-08-31"),
    ("le quinze aout", PARIS_SPRING, "2027-08-15", "2027-08-15"),
    ("quarante jours avant la fête des mères", PARIS_SPRING, "2027-04-20", "2027-04-20"),
    ("vingt-cinq jours avant la fete des meres", PARIS_SPRING, "2027-05-05", "2027-05-05"),
    ("le trente et un décembre", PARIS_YEAR_END, "2026-12-31", "2026-12-31"),
    ("le 2 janv.", PARIS_YEAR_END, "2027-01-02", "2027-01-02"),
    ("le vingt septembre", MONTREAL_FALL, "2027-09-20", "2027-09-20"),
    ("trente jours avant Noël", MONTREAL_FALL, "2027-11-25", "2027-11-25"),
    ("le 1er oct.", MONTREAL_FALL, "2027-10-01", "2027-10-01"),
    ("twenty days before Christmas", NEW_YORK_FALL, "2027-12-05", "2027-12-05"),
    ("Oct 15", NEW_YORK_FALL, "2027-10-15", "2027-10-15"),
    ("the thirtieth of September", NEW_YORK_FALL, "2027-09-30", "2027-09-30"),
    ("Jan 10", TORONTO_YEAR_END, "2027-01-10", "2027-01-10"),
    ("the twenty-first of January", TORONTO_YEAR_END, "2027-01-21", "2027-01-21"),
]

# Days named together that follow each other: one window (phrases/pairs.py).
TOGETHER: list[Row] = [
    ("les 13 et 14 février", PARIS_WINTER, "2027-02-13", "2027-02-14"),
    ("le 13 et le 14 février", PARIS_WINTER, "2027-02-13", "2027-02-14"),
    ("13 & 14 février", PARIS_WINTER, "2027-02-13", "2027-02-14"),
    ("les 12, 13 et 14 février", PARIS_WINTER, "2027-02-12", "2027-02-14"),
    ("le samedi 13 et le dimanche 14 février", PARIS_WINTER, "2027-02-13", "2027-02-14"),
    ("les 30 et 31 décembre", PARIS_YEAR_END, "2026-12-30", "2026-12-31"),
    ("les 28 et 29 février 2028", PARIS_LEAP, "2028-02-28", "2028-02-29"),
    ("May 8 and 9", NEW_YORK, "2027-05-08", "2027-05-09"),
    ("on the 8th and 9th of May", NEW_YORK, "2027-05-08", "2027-05-09"),
    ("May 7, 8 & 9, 2027", NEW_YORK, "2027-05-07", "2027-05-09"),
]

ROWS: list[Row] = [*HALVES, *EDGES, *OPEN, *VAGUE, *NUMERIC, *WORDS, *TOGETHER]


@pytest.mark.parametrize(("phrase", "ctx", "first", "last"), ROWS, ids=str)
def test_book_ranges(tmp_path: Path, phrase: str, ctx: Ctx, first: str, last: str) -> None:
    if first != last:
        check_row(tmp_path, phrase, ctx, first, last)
        return
    # A one-day window with `every` repeats until the anchor (items.py), so "every day" cannot
    # show its last day: alone, its one item must fall on that day.
    once = plan(tmp_path, ctx, phrase, every=False)
    assert once.code == 0, f"{phrase!r} in {ctx}: {once.stderr}"
    assert once.days == [D(first)], f"{phrase!r} in {ctx}: {once.days}, expected {first}"


# Refused, never guessed: (phrase, context, offset, what the hint says). The hint's example is
# itself planned in the same context.
REFUSED = [
    # English Canada writes both orders: "03/04" could be 3 April or March 4.
    ("03/04", TORONTO_YEAR_END, 0, "write 'April 3' or 'March 4'"),
    ("le 3/18", PARIS_WINTER, 3, "did you mean '18 mars'?"),
    ("18/03", NEW_YORK, 0, "did you mean 'March 18'?"),
    ("early March or late April", NEW_YORK, 15, "'from early March to late April'"),
    ("début mars ou fin avril", PARIS_SPRING, 14, "'de début mars à fin avril'"),
    ("the first 40 days of March", NEW_YORK, 10, "'March'"),
    ("late to early April", NEW_YORK, 8, "did you mean 'early to late April'?"),
    # Days apart are two windows: a step each, or one window over both.
    ("les 24 et 31 décembre", PARIS_YEAR_END, 10, "'du 24 au 31 décembre'"),
    ("May 2 and 9", NEW_YORK, 10, "'May 2 to 9'"),
    # Cut short: the hint completes the phrase in its own language.
    ("la première quinzaine", PARIS_SPRING, 21, "'la première quinzaine de juin'"),
    ("autour de", PARIS_WINTER, 9, "'autour de Noël'"),
    ("à partir du", PARIS_DST, 11, "'à partir du 3 mars'"),
    ("juste", BRUSSELS, 5, "'juste avant'"),
    ("around", LONDON, 6, "'around Christmas'"),
]


@pytest.mark.parametrize(("phrase", "ctx", "offset", "hint"), REFUSED, ids=str)
def test_refused(tmp_path: Path, phrase: str, ctx: Ctx, offset: int, hint: str) -> None:
    refusal = refuse(tmp_path / "refused", phrase, ctx)
    assert refusal.offset == offset, refusal
    assert refusal.hint is not None and hint in refusal.hint, refusal
    example = re.findall(r"'([^']+)'", hint)[-1]
    assert plan(tmp_path / "example", ctx, example, every=False).code == 0, example


def test_an_open_range_without_an_anchor_after_it_says_where_it_ends(tmp_path: Path) -> None:
    guessed = plan(tmp_path / "guessed", PARIS_YEAR_END, "à partir du 5 janvier", every=False)
    assert guessed.code == 0, guessed.stderr
    assert "rules/book.toml:10:9: warning: step 1 (awareness): 'à partir du 5 janvier'" in (
        guessed.stderr
    )
    assert "planned from 2027-01-05 to 2027-01-18, 14 days" in guessed.stderr
    assert "hint: write the end you mean, e.g. 'du 2027-01-05 au 2027-01-18'" in guessed.stderr
    checked = CliRunner().invoke(
        main,
        ["--workspace", str(tmp_path / "guessed"), "check", "--start", PARIS_YEAR_END.start],
        env={"SOURCE_DATE_EPOCH": "1795046400"},
    )
    assert "rules/book.toml:10:9: warning: step 1 (awareness)" in checked.output, checked.output
    assert "planned from 2027-01-05 to 2027-01-18, 14 days" in checked.output
    example = plan(tmp_path / "example", PARIS_YEAR_END, "du 2027-01-05 au 2027-01-18", True)
    assert (example.days[0], example.days[-1]) == (D("2027-01-05"), D("2027-01-18"))
    # Up to the anchor, the end is the campaign's own: nothing to say.
    anchored = plan(tmp_path / "anchored", PARIS_DST, "à partir du 3 mars", every=False)
    assert anchored.code == 0 and "warning" not in anchored.stderr, anchored.stderr
