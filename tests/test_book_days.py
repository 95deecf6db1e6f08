"""The phrase book of days: a weekday with its date, a weekday before or after X, weekends and
long weekends, weeks of events, days counted from the planning start, numbered weeks.

A ``when`` is one window, never a series: each row is planned for real (tests/phrasebook.py),
its first and last days checked, and alone it gives exactly one item. A row whose first and last
days are the same is a one-day window, checked by ``check_day``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

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
    Row,
    check_row,
    plan,
    refuse,
)

ROWS: list[Row] = [
    ("le lundi 18 janvier", PARIS_WINTER, "2027-01-18", "2027-01-18"),
    ("lundi 18 janvier", PARIS_WINTER, "2027-01-18", "2027-01-18"),
    ("avant demain", PARIS_WINTER, "2026-12-07", "2026-12-07"),
    ("le vendredi 25 décembre", PARIS_WINTER, "2026-12-25", "2026-12-25"),
    ("le samedi 13 février", PARIS_WINTER, "2027-02-13", "2027-02-13"),
    ("vendredi 1er janvier", PARIS_WINTER, "2027-01-01", "2027-01-01"),
    ("le vendredi avant la Saint-Valentin", PARIS_WINTER, "2027-02-12", "2027-02-12"),
    ("le samedi avant la Saint-Valentin", PARIS_WINTER, "2027-02-13", "2027-02-13"),
    ("le dimanche avant la Saint-Valentin", PARIS_WINTER, "2027-02-07", "2027-02-07"),
    ("le lundi après la Saint-Valentin", PARIS_WINTER, "2027-02-15", "2027-02-15"),
    ("le samedi qui suit la Saint-Valentin", PARIS_WINTER, "2027-02-20", "2027-02-20"),
    ("le mardi qui précède Noël", PARIS_WINTER, "2026-12-22", "2026-12-22"),
    ("le dernier samedi avant Noël", PARIS_WINTER, "2026-12-19", "2026-12-19"),
    ("le deuxième samedi avant Noël", PARIS_WINTER, "2026-12-12", "2026-12-12"),
    ("le lundi avant le 14 février", PARIS_WINTER, "2027-02-08", "2027-02-08"),
    ("le vendredi avant", PARIS_WINTER, "2027-02-12", "2027-02-12"),
    ("le samedi d'avant Noël", PARIS_WINTER, "2026-12-19", "2026-12-19"),
    ("ce samedi", PARIS_WINTER, "2026-12-12", "2026-12-12"),
    ("ce samedi-ci", PARIS_WINTER, "2026-12-12", "2026-12-12"),
    ("samedi prochain", PARIS_WINTER, "2026-12-19", "2026-12-19"),
    ("le samedi prochain", PARIS_WINTER, "2026-12-19", "2026-12-19"),
    ("ce week-end", PARIS_WINTER, "2026-12-12", "2026-12-13"),
    ("le week-end prochain", PARIS_WINTER, "2026-12-19", "2026-12-20"),
    ("le prochain week-end", PARIS_WINTER, "2026-12-19", "2026-12-20"),
    ("ce week-end-ci", PARIS_WINTER, "2026-12-12", "2026-12-13"),
    ("pendant le week-end de Noël", PARIS_WINTER, "2026-12-25", "2026-12-27"),
    ("le week-end avant Noël", PARIS_WINTER, "2026-12-19", "2026-12-20"),
    ("le week-end après Noël", PARIS_WINTER, "2026-12-26", "2026-12-27"),
    ("le week-end d'avant Noël", PARIS_WINTER, "2026-12-19", "2026-12-20"),
    ("le week-end de Noël", PARIS_WINTER, "2026-12-25", "2026-12-27"),
    ("le week-end de la Saint-Valentin", PARIS_WINTER, "2027-02-13", "2027-02-14"),
    ("le premier week-end de janvier", PARIS_WINTER, "2027-01-02", "2027-01-03"),
    ("le dernier week-end de janvier", PARIS_WINTER, "2027-01-30", "2027-01-31"),
    ("le deuxième week-end de février", PARIS_WINTER, "2027-02-13", "2027-02-14"),
    ("le week-end du 1er janvier", PARIS_WINTER, "2027-01-01", "2027-01-03"),
    ("la semaine de Noël", PARIS_WINTER, "2026-12-21", "2026-12-27"),
    ("la semaine de la Saint-Valentin", PARIS_WINTER, "2027-02-08", "2027-02-14"),
    ("la semaine qui précède la Saint-Valentin", PARIS_WINTER, "2027-02-07", "2027-02-13"),
    ("la semaine qui suit Noël", PARIS_WINTER, "2026-12-26", "2027-01-01"),
    ("aujourd'hui", PARIS_WINTER, "2026-12-07", "2026-12-07"),
    ("demain", PARIS_WINTER, "2026-12-08", "2026-12-08"),
    ("après-demain", PARIS_WINTER, "2026-12-09", "2026-12-09"),
    ("dans 10 jours", PARIS_WINTER, "2026-12-17", "2026-12-17"),
    ("dans 15 jours", PARIS_WINTER, "2026-12-21", "2026-12-21"),
    ("dans quinze jours", PARIS_WINTER, "2026-12-21", "2026-12-21"),
    ("d'ici quinze jours", PARIS_WINTER, "2026-12-07", "2026-12-21"),
    ("dans une quinzaine de jours", PARIS_WINTER, "2026-12-21", "2026-12-21"),
    ("dans deux semaines", PARIS_WINTER, "2026-12-21", "2026-12-21"),
    ("semaine 3", PARIS_WINTER, "2027-01-18", "2027-01-24"),
    ("S6", PARIS_WINTER, "2027-02-08", "2027-02-14"),
    ("sem. 2", PARIS_WINTER, "2027-01-11", "2027-01-17"),
    ("la semaine 7", PARIS_WINTER, "2027-02-15", "2027-02-21"),
    ("Monday, January 18", LONDON, "2027-01-18", "2027-01-18"),
    ("Monday 18 January", LONDON, "2027-01-18", "2027-01-18"),
    ("Friday, December 25th", LONDON, "2026-12-25", "2026-12-25"),
    ("Saturday, February 13, 2027", LONDON, "2027-02-13", "2027-02-13"),
    ("the Friday before Valentine's Day", LONDON, "2027-02-12", "2027-02-12"),
    ("the Saturday after Christmas", LONDON, "2026-12-26", "2026-12-26"),
    ("the Monday before 14 February", LONDON, "2027-02-08", "2027-02-08"),
    ("the last Saturday before Christmas", LONDON, "2026-12-19", "2026-12-19"),
    ("the second Friday before Valentine's Day", LONDON, "2027-02-05", "2027-02-05"),
    ("this weekend", LONDON, "2026-12-12", "2026-12-13"),
    ("next weekend", LONDON, "2026-12-19", "2026-12-20"),
    ("the next weekend", LONDON, "2026-12-19", "2026-12-20"),
    ("next week-end", LONDON, "2026-12-19", "2026-12-20"),
    ("over the weekend before Christmas", LONDON, "2026-12-19", "2026-12-20"),
    ("the weekend before Christmas", LONDON, "2026-12-19", "2026-12-20"),
    ("the weekend after Christmas", LONDON, "2026-12-26", "2026-12-27"),
    ("Christmas weekend", LONDON, "2026-12-25", "2026-12-28"),
    ("Easter weekend", LONDON, "2027-03-26", "2027-03-28"),
    ("the weekend of Valentine's Day", LONDON, "2027-02-13", "2027-02-14"),
    ("Valentine's Day weekend", LONDON, "2027-02-13", "2027-02-14"),
    ("the first weekend of January", LONDON, "2027-01-02", "2027-01-03"),
    ("the last weekend of January", LONDON, "2027-01-30", "2027-01-31"),
    ("the second weekend in February", LONDON, "2027-02-13", "2027-02-14"),
    ("the week of Valentine's Day", LONDON, "2027-02-08", "2027-02-14"),
    ("Valentine's Day week", LONDON, "2027-02-08", "2027-02-14"),
    ("the week of Christmas", LONDON, "2026-12-21", "2026-12-27"),
    ("Christmas week", LONDON, "2026-12-21", "2026-12-27"),
    ("the week leading up to Christmas", LONDON, "2026-12-18", "2026-12-24"),
    ("the week after Christmas", LONDON, "2026-12-26", "2027-01-01"),
    ("today", LONDON, "2026-12-07", "2026-12-07"),
    ("tomorrow", LONDON, "2026-12-08", "2026-12-08"),
    ("the day after tomorrow", LONDON, "2026-12-09", "2026-12-09"),
    ("in 10 days", LONDON, "2026-12-17", "2026-12-17"),
    ("in two weeks", LONDON, "2026-12-21", "2026-12-21"),
    ("in a fortnight", LONDON, "2026-12-21", "2026-12-21"),
    ("within a fortnight", LONDON, "2026-12-07", "2026-12-21"),
    ("before tomorrow", LONDON, "2026-12-07", "2026-12-07"),
    ("week 3", LONDON, "2027-01-18", "2027-01-24"),
    ("W6", LONDON, "2027-02-08", "2027-02-14"),
    ("wk 2", LONDON, "2027-01-11", "2027-01-17"),
    ("week 52", LONDON, "2026-12-21", "2026-12-27"),
    ("semaine 53", PARIS_YEAR_END, "2026-12-28", "2027-01-03"),
    ("semaine 1", PARIS_YEAR_END, "2027-01-04", "2027-01-10"),
    ("S2", PARIS_YEAR_END, "2027-01-11", "2027-01-17"),
    ("semaine 1 2027", PARIS_YEAR_END, "2027-01-04", "2027-01-10"),
    ("ce week-end", PARIS_YEAR_END, "2027-01-02", "2027-01-03"),
    ("le week-end prochain", PARIS_YEAR_END, "2027-01-09", "2027-01-10"),
    ("aujourd'hui", PARIS_YEAR_END, "2026-12-28", "2026-12-28"),
    ("demain", PARIS_YEAR_END, "2026-12-29", "2026-12-29"),
    ("après-demain", PARIS_YEAR_END, "2026-12-30", "2026-12-30"),
    ("dans 15 jours", PARIS_YEAR_END, "2027-01-11", "2027-01-11"),
    ("dans 10 jours", PARIS_YEAR_END, "2027-01-07", "2027-01-07"),
    ("le vendredi 1er janvier", PARIS_YEAR_END, "2027-01-01", "2027-01-01"),
    ("le samedi 2 janvier", PARIS_YEAR_END, "2027-01-02", "2027-01-02"),
    ("le week-end du 1er janvier", PARIS_YEAR_END, "2027-01-01", "2027-01-03"),
    ("le premier week-end de janvier", PARIS_YEAR_END, "2027-01-02", "2027-01-03"),
    ("le dernier week-end de janvier", PARIS_YEAR_END, "2027-01-30", "2027-01-31"),
    ("le lundi après le 1er janvier", PARIS_YEAR_END, "2027-01-04", "2027-01-04"),
    ("le samedi qui suit le 1er janvier", PARIS_YEAR_END, "2027-01-02", "2027-01-02"),
    ("ce vendredi", PARIS_YEAR_END, "2027-01-01", "2027-01-01"),
    ("vendredi prochain", PARIS_YEAR_END, "2027-01-08", "2027-01-08"),
    ("la semaine du jour de l'an", PARIS_YEAR_END, "2026-12-28", "2027-01-03"),
    ("week 53", TORONTO_YEAR_END, "2026-12-28", "2027-01-03"),
    ("week 1", TORONTO_YEAR_END, "2027-01-04", "2027-01-10"),
    ("W1", TORONTO_YEAR_END, "2027-01-04", "2027-01-10"),
    ("this weekend", TORONTO_YEAR_END, "2027-01-02", "2027-01-03"),
    ("next weekend", TORONTO_YEAR_END, "2027-01-09", "2027-01-10"),
    ("today", TORONTO_YEAR_END, "2026-12-28", "2026-12-28"),
    ("tomorrow", TORONTO_YEAR_END, "2026-12-29", "2026-12-29"),
    ("in 10 days", TORONTO_YEAR_END, "2027-01-07", "2027-01-07"),
    ("in two weeks", TORONTO_YEAR_END, "2027-01-11", "2027-01-11"),
    ("Friday, January 1st", TORONTO_YEAR_END, "2027-01-01", "2027-01-01"),
    ("Saturday, January 2", TORONTO_YEAR_END, "2027-01-02", "2027-01-02"),
    ("the first weekend of January", TORONTO_YEAR_END, "2027-01-02", "2027-01-03"),
    ("the Monday after January 1", TORONTO_YEAR_END, "2027-01-04", "2027-01-04"),
    ("this Friday", TORONTO_YEAR_END, "2027-01-01", "2027-01-01"),
    ("next Friday", TORONTO_YEAR_END, "2027-01-08", "2027-01-08"),
    ("the weekend of New Year's Day", TORONTO_YEAR_END, "2027-01-01", "2027-01-03"),
    ("Thanksgiving weekend", TORONTO_YEAR_END, "2027-10-09", "2027-10-11"),
    ("Thanksgiving week", TORONTO_YEAR_END, "2027-10-11", "2027-10-17"),
    ("the weekend before Thanksgiving", TORONTO_YEAR_END, "2027-10-09", "2027-10-10"),
    ("the Friday before Mother's Day", NEW_YORK, "2027-05-07", "2027-05-07"),
    ("the Saturday before Mother's Day", NEW_YORK, "2027-05-08", "2027-05-08"),
    ("the Thursday after Easter", NEW_YORK, "2027-04-01", "2027-04-01"),
    ("the Monday before Easter", NEW_YORK, "2027-03-22", "2027-03-22"),
    ("the Sunday after Easter", NEW_YORK, "2027-04-04", "2027-04-04"),
    ("this Saturday", NEW_YORK, "2027-01-09", "2027-01-09"),
    ("this Monday", NEW_YORK, "2027-01-04", "2027-01-04"),
    ("next Saturday", NEW_YORK, "2027-01-16", "2027-01-16"),
    ("next Friday", NEW_YORK, "2027-01-15", "2027-01-15"),
    ("Easter weekend", NEW_YORK, "2027-03-27", "2027-03-28"),
    ("the weekend before Mother's Day", NEW_YORK, "2027-05-01", "2027-05-02"),
    ("Mother's Day weekend", NEW_YORK, "2027-05-08", "2027-05-09"),
    ("the weekend after Easter", NEW_YORK, "2027-04-03", "2027-04-04"),
    ("the weekend before Easter", NEW_YORK, "2027-03-20", "2027-03-21"),
    ("the first weekend of May", NEW_YORK, "2027-05-01", "2027-05-02"),
    ("the last weekend of April", NEW_YORK, "2027-04-24", "2027-04-25"),
    ("Labor Day weekend", NEW_YORK, "2027-09-04", "2027-09-06"),
    ("the week of Mother's Day", NEW_YORK, "2027-05-03", "2027-05-09"),
    ("Mother's Day week", NEW_YORK, "2027-05-03", "2027-05-09"),
    ("Easter week", NEW_YORK, "2027-03-22", "2027-03-28"),
    ("the week leading up to Mother's Day", NEW_YORK, "2027-05-02", "2027-05-08"),
    ("the week after Easter", NEW_YORK, "2027-03-29", "2027-04-04"),
    ("this weekend", NEW_YORK, "2027-01-09", "2027-01-10"),
    ("next weekend", NEW_YORK, "2027-01-16", "2027-01-17"),
    ("today", NEW_YORK, "2027-01-04", "2027-01-04"),
    ("tomorrow", NEW_YORK, "2027-01-05", "2027-01-05"),
    ("in 10 days", NEW_YORK, "2027-01-14", "2027-01-14"),
    ("in two weeks", NEW_YORK, "2027-01-18", "2027-01-18"),
    ("Tuesday, March 2nd", NEW_YORK, "2027-03-02", "2027-03-02"),
    ("Sunday, May 9", NEW_YORK, "2027-05-09", "2027-05-09"),
    ("Friday, April 2, 2027", NEW_YORK, "2027-04-02", "2027-04-02"),
    ("week 12", NEW_YORK, "2027-03-22", "2027-03-28"),
    ("W18", NEW_YORK, "2027-05-03", "2027-05-09"),
    ("wk 10", NEW_YORK, "2027-03-08", "2027-03-14"),
    ("the weekend of July 4", NEW_YORK, "2027-07-03", "2027-07-05"),
    ("the weekend of Easter", NEW_YORK, "2027-03-27", "2027-03-28"),
    ("Labor Day weekend", NEW_YORK_FALL, "2027-09-04", "2027-09-06"),
    ("the weekend of Labor Day", NEW_YORK_FALL, "2027-09-04", "2027-09-06"),
    ("the Friday before Labor Day", NEW_YORK_FALL, "2027-09-03", "2027-09-03"),
    ("the Tuesday after Labor Day", NEW_YORK_FALL, "2027-09-07", "2027-09-07"),
    ("Thanksgiving week", NEW_YORK_FALL, "2027-11-22", "2027-11-28"),
    ("the week of Thanksgiving", NEW_YORK_FALL, "2027-11-22", "2027-11-28"),
    ("the Friday after Thanksgiving", NEW_YORK_FALL, "2027-11-26", "2027-11-26"),
    ("Thanksgiving weekend", NEW_YORK_FALL, "2027-11-25", "2027-11-28"),
    ("this weekend", NEW_YORK_FALL, "2027-09-04", "2027-09-05"),
    ("next weekend", NEW_YORK_FALL, "2027-09-11", "2027-09-12"),
    ("today", NEW_YORK_FALL, "2027-09-01", "2027-09-01"),
    ("tomorrow", NEW_YORK_FALL, "2027-09-02", "2027-09-02"),
    ("week 36", NEW_YORK_FALL, "2027-09-06", "2027-09-12"),
    ("W40", NEW_YORK_FALL, "2027-10-04", "2027-10-10"),
    ("the first weekend of October", NEW_YORK_FALL, "2027-10-02", "2027-10-03"),
    ("the last weekend of September", NEW_YORK_FALL, "2027-09-25", "2027-09-26"),
    ("the last weekend of October", NEW_YORK_FALL, "2027-10-30", "2027-10-31"),
    ("Halloween weekend", NEW_YORK_FALL, "2027-10-30", "2027-10-31"),
    ("the Monday before Halloween", NEW_YORK_FALL, "2027-10-25", "2027-10-25"),
    ("the week leading up to Halloween", NEW_YORK_FALL, "2027-10-24", "2027-10-30"),
    ("le week-end de Pâques", PARIS_DST, "2027-03-27", "2027-03-29"),
    ("le week-end avant Pâques", PARIS_DST, "2027-03-20", "2027-03-21"),
    ("le week-end après Pâques", PARIS_DST, "2027-04-03", "2027-04-04"),
    ("le mardi avant Pâques", PARIS_DST, "2027-03-23", "2027-03-23"),
    ("le jeudi après Pâques", PARIS_DST, "2027-04-01", "2027-04-01"),
    ("le vendredi avant Pâques", PARIS_DST, "2027-03-26", "2027-03-26"),
    ("le samedi qui suit la Saint-Patrick", PARIS_DST, "2027-03-20", "2027-03-20"),
    ("le samedi avant la Saint-Patrick", PARIS_DST, "2027-03-13", "2027-03-13"),
    ("le dimanche avant Pâques", PARIS_DST, "2027-03-21", "2027-03-21"),
    ("la semaine de Pâques", PARIS_DST, "2027-03-22", "2027-03-28"),
    ("la semaine qui précède Pâques", PARIS_DST, "2027-03-21", "2027-03-27"),
    ("la semaine qui suit Pâques", PARIS_DST, "2027-03-29", "2027-04-04"),
    ("la semaine de la Saint-Patrick", PARIS_DST, "2027-03-15", "2027-03-21"),
    ("ce week-end", PARIS_DST, "2027-03-06", "2027-03-07"),
    ("le week-end prochain", PARIS_DST, "2027-03-13", "2027-03-14"),
    ("aujourd'hui", PARIS_DST, "2027-03-01", "2027-03-01"),
    ("demain", PARIS_DST, "2027-03-02", "2027-03-02"),
    ("dans 15 jours", PARIS_DST, "2027-03-15", "2027-03-15"),
    ("dans 10 jours", PARIS_DST, "2027-03-11", "2027-03-11"),
    ("semaine 12", PARIS_DST, "2027-03-22", "2027-03-28"),
    ("S13", PARIS_DST, "2027-03-29", "2027-04-04"),
    ("sem. 10", PARIS_DST, "2027-03-08", "2027-03-14"),
    ("semaine n° 11", PARIS_DST, "2027-03-15", "2027-03-21"),
    ("le dimanche 28 mars", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("le samedi 27 mars", PARIS_DST, "2027-03-27", "2027-03-27"),
    ("dimanche 28 mars 2027", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("le dernier week-end de mars", PARIS_DST, "2027-03-27", "2027-03-28"),
    ("le premier week-end d'avril", PARIS_DST, "2027-04-03", "2027-04-04"),
    ("le premier week-end de mars", PARIS_DST, "2027-03-06", "2027-03-07"),
    ("le week-end du 28 mars", PARIS_DST, "2027-03-27", "2027-03-29"),
    ("le vendredi avant la fête des mères", PARIS_SPRING, "2027-05-28", "2027-05-28"),
    ("le samedi avant la fête des mères", PARIS_SPRING, "2027-05-29", "2027-05-29"),
    ("le week-end de la fête des mères", PARIS_SPRING, "2027-05-29", "2027-05-30"),
    ("le week-end avant la fête des mères", PARIS_SPRING, "2027-05-22", "2027-05-23"),
    ("le week-end de la Pentecôte", PARIS_SPRING, "2027-05-15", "2027-05-17"),
    ("le week-end de la fête des pères", PARIS_SPRING, "2027-06-19", "2027-06-20"),
    ("la semaine de la fête des mères", PARIS_SPRING, "2027-05-24", "2027-05-30"),
    ("la semaine qui précède la fête des mères", PARIS_SPRING, "2027-05-23", "2027-05-29"),
    ("la semaine de la fête des pères", PARIS_SPRING, "2027-06-14", "2027-06-20"),
    ("le pont du 6 mai", PARIS_SPRING, "2027-05-06", "2027-05-09"),
    ("le dernier week-end de mai", PARIS_SPRING, "2027-05-29", "2027-05-30"),
    ("le premier week-end de juin", PARIS_SPRING, "2027-06-05", "2027-06-06"),
    ("le mardi 18 mai", PARIS_SPRING, "2027-05-18", "2027-05-18"),
    ("semaine 21", PARIS_SPRING, "2027-05-24", "2027-05-30"),
    ("S20", PARIS_SPRING, "2027-05-17", "2027-05-23"),
    ("le week-end de Pâques", PARIS_SPRING, "2027-03-27", "2027-03-29"),
    ("le mardi 29 février", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("mardi 29 février 2028", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("le lundi avant le 29 février", PARIS_LEAP, "2028-02-28", "2028-02-28"),
    ("le samedi qui suit le 29 février", PARIS_LEAP, "2028-03-04", "2028-03-04"),
    ("le vendredi avant le 29 février", PARIS_LEAP, "2028-02-25", "2028-02-25"),
    ("ce mardi", PARIS_LEAP, "2028-02-01", "2028-02-01"),
    ("mardi prochain", PARIS_LEAP, "2028-02-08", "2028-02-08"),
    ("le week-end avant le 29 février", PARIS_LEAP, "2028-02-26", "2028-02-27"),
    ("le week-end après le 29 février", PARIS_LEAP, "2028-03-04", "2028-03-05"),
    ("le dernier week-end de février", PARIS_LEAP, "2028-02-26", "2028-02-27"),
    ("le premier week-end de mars", PARIS_LEAP, "2028-03-04", "2028-03-05"),
    ("semaine 9", PARIS_LEAP, "2028-02-28", "2028-03-05"),
    ("ce week-end", PARIS_LEAP, "2028-02-05", "2028-02-06"),
    ("le week-end prochain", PARIS_LEAP, "2028-02-12", "2028-02-13"),
    ("aujourd'hui", PARIS_LEAP, "2028-02-01", "2028-02-01"),
    ("demain", PARIS_LEAP, "2028-02-02", "2028-02-02"),
    ("après-demain", PARIS_LEAP, "2028-02-03", "2028-02-03"),
    ("dans 15 jours", PARIS_LEAP, "2028-02-15", "2028-02-15"),
    ("dans 28 jours", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("le vendredi avant", PARIS_LEAP, "2028-02-25", "2028-02-25"),
    ("le vendredi 25 décembre", BRUSSELS, "2026-12-25", "2026-12-25"),
    ("le samedi 5 décembre", BRUSSELS, "2026-12-05", "2026-12-05"),
    ("le week-end de Noël", BRUSSELS, "2026-12-25", "2026-12-27"),
    ("le week-end avant Noël", BRUSSELS, "2026-12-19", "2026-12-20"),
    ("le dernier samedi avant Noël", BRUSSELS, "2026-12-19", "2026-12-19"),
    ("le mardi avant Noël", BRUSSELS, "2026-12-22", "2026-12-22"),
    ("la semaine de Noël", BRUSSELS, "2026-12-21", "2026-12-27"),
    ("la semaine qui précède Noël", BRUSSELS, "2026-12-18", "2026-12-24"),
    ("le week-end du 6 décembre", BRUSSELS, "2026-12-05", "2026-12-06"),
    ("ce week-end", BRUSSELS, "2026-11-07", "2026-11-08"),
    ("le week-end prochain", BRUSSELS, "2026-11-14", "2026-11-15"),
    ("le premier week-end de décembre", BRUSSELS, "2026-12-05", "2026-12-06"),
    ("le dernier week-end de novembre", BRUSSELS, "2026-11-28", "2026-11-29"),
    ("semaine 50", BRUSSELS, "2026-12-07", "2026-12-13"),
    ("S52", BRUSSELS, "2026-12-21", "2026-12-27"),
    ("le dimanche 14 mars", MONTREAL_DST, "2027-03-14", "2027-03-14"),
    ("le samedi 13 mars", MONTREAL_DST, "2027-03-13", "2027-03-13"),
    ("le week-end du 14 mars", MONTREAL_DST, "2027-03-13", "2027-03-14"),
    ("le week-end avant le 14 mars", MONTREAL_DST, "2027-03-06", "2027-03-07"),
    ("le week-end de Pâques", MONTREAL_DST, "2027-03-26", "2027-03-28"),
    ("ce week-end", MONTREAL_DST, "2027-02-20", "2027-02-21"),
    ("le week-end prochain", MONTREAL_DST, "2027-02-27", "2027-02-28"),
    ("le vendredi avant le 14 mars", MONTREAL_DST, "2027-03-12", "2027-03-12"),
    ("le lundi qui suit le 14 mars", MONTREAL_DST, "2027-03-15", "2027-03-15"),
    ("la semaine du 14 mars", MONTREAL_DST, "2027-03-08", "2027-03-14"),
    ("semaine 10", MONTREAL_DST, "2027-03-08", "2027-03-14"),
    ("S11", MONTREAL_DST, "2027-03-15", "2027-03-21"),
    ("demain", MONTREAL_DST, "2027-02-16", "2027-02-16"),
    ("dans 15 jours", MONTREAL_DST, "2027-03-01", "2027-03-01"),
    ("aujourd'hui", MONTREAL_DST, "2027-02-15", "2027-02-15"),
    ("le premier week-end de mars", MONTREAL_DST, "2027-03-06", "2027-03-07"),
    ("le dernier week-end de février", MONTREAL_DST, "2027-02-27", "2027-02-28"),
    ("le week-end de l'Action de grâce", MONTREAL_FALL, "2027-10-09", "2027-10-11"),
    ("ce week-end", MONTREAL_FALL, "2027-09-04", "2027-09-05"),
    ("le week-end prochain", MONTREAL_FALL, "2027-09-11", "2027-09-12"),
    ("demain", MONTREAL_FALL, "2027-09-02", "2027-09-02"),
    ("après-demain", MONTREAL_FALL, "2027-09-03", "2027-09-03"),
    ("semaine 40", MONTREAL_FALL, "2027-10-04", "2027-10-10"),
    ("le dernier week-end de septembre", MONTREAL_FALL, "2027-09-25", "2027-09-26"),
    ("le premier week-end d'octobre", MONTREAL_FALL, "2027-10-02", "2027-10-03"),
    ("le vendredi avant l'Action de grâce", MONTREAL_FALL, "2027-10-08", "2027-10-08"),
    ("la semaine de l'Action de grâce", MONTREAL_FALL, "2027-10-11", "2027-10-17"),
    ("le lundi 11 octobre", MONTREAL_FALL, "2027-10-11", "2027-10-11"),
    ("ce samedi", MONTREAL_FALL, "2027-09-04", "2027-09-04"),
    ("lundi prochain", MONTREAL_FALL, "2027-09-06", "2027-09-06"),
    ("le pont de l'Action de grâce", MONTREAL_FALL, "2027-10-09", "2027-10-11"),
    # a weekday and a day number without a month: the next such day from the planning start
    ("le samedi 13", PARIS_WINTER, "2027-02-13", "2027-02-13"),
    ("Saturday the 13th", LONDON, "2027-02-13", "2027-02-13"),
    ("on Friday, the 5th", LONDON, "2027-02-05", "2027-02-05"),
    ("le mardi 29", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("dimanche 28", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("le lundi 28", PARIS_YEAR_END, "2026-12-28", "2026-12-28"),
]


@pytest.mark.parametrize(("phrase", "ctx", "first", "last"), ROWS, ids=lambda v: str(v))
def test_book_days(tmp_path: Path, phrase: str, ctx: Ctx, first: str, last: str) -> None:
    if first == last:
        check_day(tmp_path, phrase, ctx, first)
    else:
        check_row(tmp_path, phrase, ctx, first, last)


def check_day(root: Path, phrase: str, ctx: Ctx, day: str) -> None:
    """A one-day window. With `every`, a one-day window runs on until the anchor (README,
    "every"), or is an error without one, so the daily plan can only show its first day; alone,
    the phrase gives exactly that day."""
    daily = plan(root / "daily", ctx, phrase, every=True)
    if daily.code == 0:
        assert daily.days[0].isoformat() == day, f"{phrase!r} in {ctx}: {daily.days[0]}"
    once = plan(root / "once", ctx, phrase, every=False)
    assert once.code == 0, f"{phrase!r} in {ctx}: {once.stderr}"
    assert [d.isoformat() for d in once.days] == [day], f"{phrase!r} in {ctx}: {once.days}"


# Refused, at the offset of the word that is wrong, with a hint naming a phrase that plans.
REFUSED = [
    ("le lundi 19 janvier", PARIS_WINTER, 3, "le mardi 19 janvier"),
    ("Monday, January 19", LONDON, 0, "Tuesday, January 19"),
    ("Saturday, March 2nd", NEW_YORK, 0, "Tuesday, March 2nd"),
    ("le samedi 29 février", PARIS_LEAP, 3, "le mardi 29 février"),
    ("le week-end du 14 juillet", PARIS_SPRING, 3, "le week-end avant le 14 juillet"),
    ("the weekend of St Patrick's Day", NEW_YORK, 4, "the weekend before St Patrick's Day"),
    ("St Patrick's Day weekend", NEW_YORK, 0, "the weekend after St Patrick's Day"),
    ("le pont du 11 novembre", BRUSSELS, 3, "le week-end avant le 11 novembre"),
    ("le pont de la fête des mères", PARIS_SPRING, 3, "le week-end avant la fête des mères"),
    ("vendredi 31", PARIS_WINTER, 0, "vendredi 31 décembre 2027"),
    ("Friday the 31st", LONDON, 0, "Friday the 31st December 2027"),
]


@pytest.mark.parametrize(("phrase", "ctx", "offset", "hint"), REFUSED, ids=lambda v: str(v))
def test_refused_with_a_hint_that_plans(
    tmp_path: Path, phrase: str, ctx: Ctx, offset: int, hint: str
) -> None:
    fixed = hint
    refusal = refuse(tmp_path / "refused", phrase, ctx)
    assert refusal.offset == offset, refusal
    assert refusal.hint is not None and hint in refusal.hint, refusal
    assert plan(tmp_path / "fixed", ctx, fixed, every=False).code == 0, fixed


def test_a_week_number_past_53_is_refused(tmp_path: Path) -> None:
    refusal = refuse(tmp_path, "semaine 60", PARIS_WINTER)
    assert refusal.offset == 8 and "60" in refusal.message
    assert refusal.hint is not None and "'semaine 12'" in refusal.hint


def test_a_week_53_the_year_lacks_is_refused(tmp_path: Path) -> None:
    refusal = refuse(tmp_path, "week 53 2027", NEW_YORK)
    assert refusal.offset == 0 and "2027 has 52 ISO weeks" in refusal.message
    assert (
        refusal.hint == "week 52 of 2027 ends on 2028-01-02; the next year with a week 53 is 2032"
    )


def _run(root: Path, command: str) -> tuple[int, str]:
    from planner.cli import main

    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            main, [command, "book", "--start", "2026-12-07"], env={"PLANNER_DEBUG": ""}
        )
    finally:
        os.chdir(old)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("command", ["plan", "check"])
def test_a_when_that_repeats_without_every_is_said(tmp_path: Path, command: str) -> None:
    """ "Tous les lundis de janvier" in `when` is planned as written, with a warning at the
    `when` (line 10, column 9 of the book's rule file) that names the count and `every`."""
    plan(tmp_path, PARIS_WINTER, "tous les lundis de janvier", every=False)
    code, stderr = _run(tmp_path, command)
    assert code == 0, stderr
    assert (
        "rules/book.toml:10:9: warning: step 1 (awareness): when = 'tous les lundis de janvier'"
        " repeats, 4 times from 2027-01-04 to 2027-01-25, without `every`" in stderr
    ), stderr
    assert 'every = "every Monday"' in stderr


@pytest.mark.parametrize("command", ["plan", "check"])
def test_a_weekday_with_its_date_is_one_day_and_not_said(tmp_path: Path, command: str) -> None:
    plan(tmp_path, PARIS_WINTER, "le lundi 18 janvier", every=False)
    code, stderr = _run(tmp_path, command)
    assert code == 0, stderr
    assert "repeats" not in stderr, stderr
