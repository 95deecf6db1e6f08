"""The phrase book's events and named periods: an event named alone, with or without article
or preposition ("la Chandeleur", "à la Toussaint", "for Valentine's Day"); the catalogue's
newer events (the eves, 1 May, national days, US and Canadian holidays); the sales, their
parts, the seasons, the holidays and the days between Christmas and New Year.

Each row is planned for real (tests/phrasebook.py). A window of one day is checked by the
phrase alone, which must give that one day: with ``every`` a one-day window runs until the
anchor (items.py), so the daily plan says nothing about it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.phrasebook import (
    BRUSSELS,
    GENEVA_SUMMER,
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

# Events named alone: the event's day(s), the occurrence closest to the anchor (without one,
# the next from the planning start).
ALONE: list[Row] = [
    ("la Chandeleur", PARIS_YEAR_END, "2027-02-02", "2027-02-02"),
    ("Chandeleur", PARIS_YEAR_END, "2027-02-02", "2027-02-02"),
    ("pour la Chandeleur", PARIS_YEAR_END, "2027-02-02", "2027-02-02"),
    ("à la Toussaint", PARIS_YEAR_END, "2027-11-01", "2027-11-01"),
    ("la Toussaint", PARIS_YEAR_END, "2027-11-01", "2027-11-01"),
    ("pour Halloween", PARIS_YEAR_END, "2027-10-31", "2027-10-31"),
    ("Halloween", PARIS_YEAR_END, "2027-10-31", "2027-10-31"),
    ("Black Friday", PARIS_YEAR_END, "2027-11-26", "2027-11-26"),
    ("pour le Black Friday", PARIS_YEAR_END, "2027-11-26", "2027-11-26"),
    ("à Noël", PARIS_YEAR_END, "2027-12-25", "2027-12-25"),
    ("pour Noël", PARIS_YEAR_END, "2027-12-25", "2027-12-25"),
    ("le jour de l'an", PARIS_YEAR_END, "2027-01-01", "2027-01-01"),
    ("pour le jour de l'an", PARIS_YEAR_END, "2027-01-01", "2027-01-01"),
    ("au nouvel an", PARIS_YEAR_END, "2027-01-01", "2027-01-01"),
    ("pour la Saint-Valentin", PARIS_YEAR_END, "2027-02-14", "2027-02-14"),
    ("pour la fête des mères", PARIS_YEAR_END, "2027-05-30", "2027-05-30"),
    ("pour la fête des pères", PARIS_YEAR_END, "2027-06-20", "2027-06-20"),
    ("la rentrée", PARIS_YEAR_END, "2027-09-02", "2027-09-02"),
    ("à la rentrée", PARIS_YEAR_END, "2027-09-02", "2027-09-02"),
    ("pour la rentrée des classes", PARIS_YEAR_END, "2027-09-02", "2027-09-02"),
    ("la Saint-Patrick", PARIS_YEAR_END, "2027-03-17", "2027-03-17"),
    ("pour le 14 juillet", PARIS_YEAR_END, "2027-07-14", "2027-07-14"),
    ("lors du Beaujolais nouveau", PARIS_YEAR_END, "2027-11-18", "2027-11-18"),
    ("à Noël", PARIS_WINTER, "2026-12-25", "2026-12-25"),
    ("Noël", PARIS_WINTER, "2026-12-25", "2026-12-25"),
    ("at Christmas", PARIS_WINTER, "2026-12-25", "2026-12-25"),
    ("le jour de l'an", PARIS_WINTER, "2027-01-01", "2027-01-01"),
    ("pour le nouvel an", PARIS_WINTER, "2027-01-01", "2027-01-01"),
    ("l'Épiphanie", PARIS_WINTER, "2027-01-06", "2027-01-06"),
    ("la galette des rois", PARIS_WINTER, "2027-01-03", "2027-01-03"),
    ("la Saint-Valentin", PARIS_WINTER, "2027-02-14", "2027-02-14"),
    ("for Valentine's Day", PARIS_WINTER, "2027-02-14", "2027-02-14"),
    ("pour la Chandeleur", PARIS_WINTER, "2027-02-02", "2027-02-02"),
    ("la Chandeleur", PARIS_LEAP, "2028-02-02", "2028-02-02"),
    ("pour la Saint-Valentin", PARIS_LEAP, "2028-02-14", "2028-02-14"),
    ("pour Pâques", PARIS_LEAP, "2028-04-16", "2028-04-16"),
    ("la fête des grands-mères", PARIS_LEAP, "2028-03-05", "2028-03-05"),
    ("Pâques", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("à Pâques", PARIS_DST, "2027-03-28", "2027-03-28"),
    ("la Pentecôte", PARIS_DST, "2027-05-16", "2027-05-16"),
    ("la fête des grands-mères", PARIS_DST, "2027-03-07", "2027-03-07"),
    ("à la Saint-Patrick", PARIS_DST, "2027-03-17", "2027-03-17"),
    ("pour la fête des mères", PARIS_SPRING, "2027-05-30", "2027-05-30"),
    ("à la fête des mères", PARIS_SPRING, "2027-05-30", "2027-05-30"),
    ("la fête des pères", PARIS_SPRING, "2027-06-20", "2027-06-20"),
    ("Black Friday", BRUSSELS, "2026-11-27", "2026-11-27"),
    ("le Cyber Monday", BRUSSELS, "2026-11-30", "2026-11-30"),
    ("à Noël", BRUSSELS, "2026-12-25", "2026-12-25"),
    ("le jour de l'an", BRUSSELS, "2027-01-01", "2027-01-01"),
    ("le Beaujolais nouveau", BRUSSELS, "2026-11-19", "2026-11-19"),
    ("la Saint-Patrick", MONTREAL_DST, "2027-03-17", "2027-03-17"),
    ("Pâques", MONTREAL_DST, "2027-03-28", "2027-03-28"),
    ("la fête des mères", MONTREAL_DST, "2027-05-09", "2027-05-09"),
    ("la Saint-Jean-Baptiste", MONTREAL_DST, "2027-06-24", "2027-06-24"),
    ("la fête nationale", MONTREAL_DST, "2027-06-24", "2027-06-24"),
    ("à la Saint-Jean", MONTREAL_DST, "2027-06-24", "2027-06-24"),
    ("la Saint-Jean", MONTREAL_DST, "2027-06-24", "2027-06-24"),
    ("l'Action de grâce", MONTREAL_FALL, "2027-10-11", "2027-10-11"),
    ("à l'Halloween", MONTREAL_FALL, "2027-10-31", "2027-10-31"),
    ("le Black Friday", MONTREAL_FALL, "2027-11-26", "2027-11-26"),
    ("on Father's Day", NEW_YORK, "2027-06-20", "2027-06-20"),
    ("for Father's Day", NEW_YORK, "2027-06-20", "2027-06-20"),
    ("for Mother's Day", NEW_YORK, "2027-05-09", "2027-05-09"),
    ("for Valentine's Day", NEW_YORK, "2027-02-14", "2027-02-14"),
    ("St. Patrick's Day", NEW_YORK, "2027-03-17", "2027-03-17"),
    ("at Easter", NEW_YORK, "2027-03-28", "2027-03-28"),
    ("for Easter", NEW_YORK, "2027-03-28", "2027-03-28"),
    ("Independence Day", NEW_YORK, "2027-07-04", "2027-07-04"),
    ("for the Fourth of July", NEW_YORK, "2027-07-04", "2027-07-04"),
    ("Halloween", NEW_YORK_FALL, "2027-10-31", "2027-10-31"),
    ("for Halloween", NEW_YORK_FALL, "2027-10-31", "2027-10-31"),
    ("Thanksgiving", NEW_YORK_FALL, "2027-11-25", "2027-11-25"),
    ("at Thanksgiving", NEW_YORK_FALL, "2027-11-25", "2027-11-25"),
    ("Black Friday", NEW_YORK_FALL, "2027-11-26", "2027-11-26"),
    ("Cyber Monday", NEW_YORK_FALL, "2027-11-29", "2027-11-29"),
    ("at Christmas", NEW_YORK_FALL, "2027-12-25", "2027-12-25"),
    ("for Christmas", NEW_YORK_FALL, "2027-12-25", "2027-12-25"),
    ("Boxing Day", LONDON, "2026-12-26", "2026-12-26"),
    ("at Christmas", LONDON, "2026-12-25", "2026-12-25"),
    ("for Valentine's Day", LONDON, "2027-02-14", "2027-02-14"),
    ("Mothering Sunday", LONDON, "2027-03-07", "2027-03-07"),
    ("for Mother's Day", LONDON, "2027-03-07", "2027-03-07"),
    ("St Patrick's Day", LONDON, "2027-03-17", "2027-03-17"),
    ("Canada Day", TORONTO_YEAR_END, "2027-07-01", "2027-07-01"),
    ("Thanksgiving", TORONTO_YEAR_END, "2027-10-11", "2027-10-11"),
    ("Boxing Day", TORONTO_YEAR_END, "2027-12-26", "2027-12-26"),
]

# The catalogue's newer events, each with its source in calendars/*.toml.
CATALOGUE: list[Row] = [
    ("le réveillon de Noël", PARIS_WINTER, "2026-12-24", "2026-12-24"),
    ("la veille de Noël", PARIS_WINTER, "2026-12-24", "2026-12-24"),
    ("la Saint-Sylvestre", PARIS_WINTER, "2026-12-31", "2026-12-31"),
    ("le réveillon du jour de l'an", PARIS_WINTER, "2026-12-31", "2026-12-31"),
    ("pour le réveillon du nouvel an", PARIS_WINTER, "2026-12-31", "2026-12-31"),
    ("Mardi gras", PARIS_WINTER, "2027-02-09", "2027-02-09"),
    ("la Saint-Sylvestre", PARIS_YEAR_END, "2026-12-31", "2026-12-31"),
    ("le réveillon de Noël", PARIS_YEAR_END, "2027-12-24", "2027-12-24"),
    ("la fête du travail", PARIS_YEAR_END, "2027-05-01", "2027-05-01"),
    ("la fête nationale", PARIS_YEAR_END, "2027-07-14", "2027-07-14"),
    ("l'Armistice", PARIS_YEAR_END, "2027-11-11", "2027-11-11"),
    ("la fête de la musique", PARIS_YEAR_END, "2027-06-21", "2027-06-21"),
    ("l'Ascension", PARIS_YEAR_END, "2027-05-06", "2027-05-06"),
    ("le lundi de Pentecôte", PARIS_YEAR_END, "2027-05-17", "2027-05-17"),
    ("Mardi gras", PARIS_YEAR_END, "2027-02-09", "2027-02-09"),
    ("Mardi gras", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("le mardi gras", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("pour Mardi gras", PARIS_LEAP, "2028-02-29", "2028-02-29"),
    ("l'Ascension", PARIS_DST, "2027-05-06", "2027-05-06"),
    ("le lundi de Pentecôte", PARIS_DST, "2027-05-17", "2027-05-17"),
    ("la fête du travail", PARIS_DST, "2027-05-01", "2027-05-01"),
    ("la fête de la musique", PARIS_SPRING, "2027-06-21", "2027-06-21"),
    ("pour la fête de la musique", PARIS_SPRING, "2027-06-21", "2027-06-21"),
    ("la fête nationale", PARIS_SPRING, "2027-07-14", "2027-07-14"),
    ("Whit Monday", PARIS_SPRING, "2027-05-17", "2027-05-17"),
    ("à la Saint-Nicolas", BRUSSELS, "2026-12-06", "2026-12-06"),
    ("la Saint-Nicolas", BRUSSELS, "2026-12-06", "2026-12-06"),
    ("pour la Saint-Nicolas", BRUSSELS, "2026-12-06", "2026-12-06"),
    ("l'Armistice", BRUSSELS, "2026-11-11", "2026-11-11"),
    ("le réveillon de Noël", BRUSSELS, "2026-12-24", "2026-12-24"),
    ("la Saint-Sylvestre", BRUSSELS, "2026-12-31", "2026-12-31"),
    ("la fête nationale", GENEVA_SUMMER, "2027-08-01", "2027-08-01"),
    ("pour la fête nationale suisse", GENEVA_SUMMER, "2027-08-01", "2027-08-01"),
    ("la fête du travail", GENEVA_SUMMER, "2028-05-01", "2028-05-01"),
    ("l'Ascension", GENEVA_SUMMER, "2028-05-25", "2028-05-25"),
    ("la journée nationale des patriotes", MONTREAL_DST, "2027-05-24", "2027-05-24"),
    ("la fête des patriotes", MONTREAL_DST, "2027-05-24", "2027-05-24"),
    ("la fête du travail", MONTREAL_DST, "2027-09-06", "2027-09-06"),
    ("la fête du travail", MONTREAL_FALL, "2027-09-06", "2027-09-06"),
    ("pour la fête du travail", MONTREAL_FALL, "2027-09-06", "2027-09-06"),
    ("le réveillon de Noël", MONTREAL_FALL, "2027-12-24", "2027-12-24"),
    ("la veille du jour de l'an", MONTREAL_FALL, "2027-12-31", "2027-12-31"),
    ("on Memorial Day", NEW_YORK, "2027-05-31", "2027-05-31"),
    ("Memorial Day", NEW_YORK, "2027-05-31", "2027-05-31"),
    ("for Memorial Day", NEW_YORK, "2027-05-31", "2027-05-31"),
    ("Presidents' Day", NEW_YORK, "2027-02-15", "2027-02-15"),
    ("MLK Day", NEW_YORK, "2027-01-18", "2027-01-18"),
    ("Martin Luther King Day", NEW_YORK, "2027-01-18", "2027-01-18"),
    ("Labor Day", NEW_YORK_FALL, "2027-09-06", "2027-09-06"),
    ("on Labor Day", NEW_YORK_FALL, "2027-09-06", "2027-09-06"),
    ("for Labour Day", NEW_YORK_FALL, "2027-09-06", "2027-09-06"),
    ("Veterans Day", NEW_YORK_FALL, "2027-11-11", "2027-11-11"),
    ("Small Business Saturday", NEW_YORK_FALL, "2027-11-27", "2027-11-27"),
    ("Christmas Eve", NEW_YORK_FALL, "2027-12-24", "2027-12-24"),
    ("New Year's Eve", NEW_YORK_FALL, "2027-12-31", "2027-12-31"),
    ("New Year's Day", NEW_YORK_FALL, "2028-01-01", "2028-01-01"),
    ("Presidents' Day", NEW_YORK_FALL, "2028-02-21", "2028-02-21"),
    ("MLK Day", NEW_YORK_FALL, "2028-01-17", "2028-01-17"),
    ("Mardi Gras", NEW_YORK_FALL, "2028-02-29", "2028-02-29"),
    ("Christmas Eve", LONDON, "2026-12-24", "2026-12-24"),
    ("New Year's Eve", LONDON, "2026-12-31", "2026-12-31"),
    ("on New Year's Eve", LONDON, "2026-12-31", "2026-12-31"),
    ("New Year's Day", LONDON, "2027-01-01", "2027-01-01"),
    ("Pancake Day", LONDON, "2027-02-09", "2027-02-09"),
    ("Shrove Tuesday", LONDON, "2027-02-09", "2027-02-09"),
    ("New Year's Eve", TORONTO_YEAR_END, "2026-12-31", "2026-12-31"),
    ("New Year's Day", TORONTO_YEAR_END, "2027-01-01", "2027-01-01"),
    ("on New Year's Day", TORONTO_YEAR_END, "2027-01-01", "2027-01-01"),
    ("Victoria Day", TORONTO_YEAR_END, "2027-05-24", "2027-05-24"),
    ("Labour Day", TORONTO_YEAR_END, "2027-09-06", "2027-09-06"),
    ("Remembrance Day", TORONTO_YEAR_END, "2027-11-11", "2027-11-11"),
    ("le jour du Souvenir", TORONTO_YEAR_END, "2027-11-11", "2027-11-11"),
    ("le jour du Souvenir", MONTREAL_FALL, "2027-11-11", "2027-11-11"),
]

# The sales: their window, a generic "les soldes" (the sales closest to the anchor, without
# one the next), and their parts: first / last day, first / second / third / last week,
# début and fin (the first and last 7 days).
SALES: list[Row] = [
    ("pendant les soldes d'hiver", PARIS_YEAR_END, "2027-01-06", "2027-02-02"),
    ("les soldes d'hiver", PARIS_YEAR_END, "2027-01-06", "2027-02-02"),
    ("pendant les soldes d'été", PARIS_YEAR_END, "2027-06-23", "2027-07-20"),
    ("during the summer sales", PARIS_YEAR_END, "2027-06-23", "2027-07-20"),
    ("pendant les soldes", PARIS_YEAR_END, "2027-01-06", "2027-02-02"),
    ("le premier jour des soldes", PARIS_YEAR_END, "2027-01-06", "2027-01-06"),
    ("le dernier jour des soldes", PARIS_YEAR_END, "2027-02-02", "2027-02-02"),
    ("la première semaine des soldes", PARIS_YEAR_END, "2027-01-06", "2027-01-12"),
    ("la deuxième semaine des soldes", PARIS_YEAR_END, "2027-01-13", "2027-01-19"),
    ("la dernière semaine des soldes", PARIS_YEAR_END, "2027-01-27", "2027-02-02"),
    ("à la fin des soldes", PARIS_YEAR_END, "2027-01-27", "2027-02-02"),
    ("au début des soldes", PARIS_YEAR_END, "2027-01-06", "2027-01-12"),
    ("la fin des soldes d'été", PARIS_YEAR_END, "2027-07-14", "2027-07-20"),
    ("la quatrième semaine des soldes d'été", PARIS_YEAR_END, "2027-07-14", "2027-07-20"),
    ("the fourth week of the summer sales", PARIS_YEAR_END, "2027-07-14", "2027-07-20"),
    ("la deuxième semaine des soldes d'été", PARIS_YEAR_END, "2027-06-30", "2027-07-06"),
    ("le dernier jour des soldes d'été", PARIS_YEAR_END, "2027-07-20", "2027-07-20"),
    ("en soldes", PARIS_YEAR_END, "2027-01-06", "2027-02-02"),
    ("le premier jour des soldes d'été", PARIS_YEAR_END, "2027-06-23", "2027-06-23"),
    # a part of the sales as one side of a range or what an offset counts from: their
    # beginning and end are their first and last days
    ("jusqu'à la fin des soldes", PARIS_YEAR_END, "2026-12-28", "2027-02-02"),
    ("avant la fin des soldes", PARIS_YEAR_END, "2026-12-28", "2027-02-01"),
    ("la veille des soldes", PARIS_YEAR_END, "2027-01-05", "2027-01-05"),
    ("le lendemain des soldes", PARIS_YEAR_END, "2027-02-03", "2027-02-03"),
    ("3 jours avant la fin des soldes", PARIS_YEAR_END, "2027-01-30", "2027-01-30"),
    ("2 jours après le début des soldes", PARIS_YEAR_END, "2027-01-08", "2027-01-08"),
    ("la semaine avant la fin des soldes", PARIS_YEAR_END, "2027-01-26", "2027-02-01"),
    ("le lendemain de la première semaine des soldes", PARIS_YEAR_END, "2027-01-13", "2027-01-13"),
    ("du 1er juin jusqu'à la fin des soldes", PARIS_SPRING, "2027-06-01", "2027-07-20"),
    ("jusqu'à la dernière semaine des soldes", PARIS_SPRING, "2027-02-01", "2027-07-20"),
    ("pendant les soldes d'hiver", PARIS_WINTER, "2027-01-06", "2027-02-02"),
    ("pendant les soldes", PARIS_WINTER, "2027-01-06", "2027-02-02"),
    ("le premier jour des soldes", PARIS_WINTER, "2027-01-06", "2027-01-06"),
    ("la deuxième semaine des soldes", PARIS_WINTER, "2027-01-13", "2027-01-19"),
    ("la troisième semaine des soldes d'hiver", PARIS_WINTER, "2027-01-20", "2027-01-26"),
    ("la dernière semaine des soldes d'hiver", PARIS_WINTER, "2027-01-27", "2027-02-02"),
    ("the last week of the winter sales", PARIS_WINTER, "2027-01-27", "2027-02-02"),
    ("the first day of the winter sales", PARIS_WINTER, "2027-01-06", "2027-01-06"),
    ("at the end of the sales", PARIS_WINTER, "2027-01-27", "2027-02-02"),
    ("lors des soldes d'hiver", PARIS_WINTER, "2027-01-06", "2027-02-02"),
    ("pendant les soldes d'hiver", PARIS_LEAP, "2028-02-01", "2028-02-08"),
    ("à la fin des soldes", PARIS_LEAP, "2028-02-02", "2028-02-08"),
    ("le dernier jour des soldes", PARIS_LEAP, "2028-02-08", "2028-02-08"),
    ("pendant les soldes", PARIS_SPRING, "2027-06-23", "2027-07-20"),
    ("la première semaine des soldes", PARIS_SPRING, "2027-06-23", "2027-06-29"),
    ("la fin des soldes", PARIS_SPRING, "2027-07-14", "2027-07-20"),
    ("au début des soldes d'été", PARIS_SPRING, "2027-06-23", "2027-06-29"),
    ("avant les soldes", PARIS_YEAR_END, "2026-12-28", "2027-01-05"),
    ("3 jours avant les soldes", PARIS_YEAR_END, "2027-01-03", "2027-01-03"),
    ("jusqu'aux soldes", PARIS_YEAR_END, "2026-12-28", "2027-02-02"),
    ("la semaine avant les soldes", PARIS_YEAR_END, "2026-12-30", "2027-01-05"),
    ("the week before the sales", PARIS_WINTER, "2026-12-30", "2027-01-05"),
    ("after the sales", PARIS_WINTER, "2027-02-03", "2027-02-03"),
    ("pendant les soldes d'hiver", BRUSSELS, "2027-01-02", "2027-01-31"),
    ("pendant les soldes", BRUSSELS, "2027-01-02", "2027-01-31"),
    ("à la fin des soldes", BRUSSELS, "2027-01-25", "2027-01-31"),
    ("la première semaine des soldes", BRUSSELS, "2027-01-02", "2027-01-08"),
    ("le dernier jour des soldes", BRUSSELS, "2027-01-31", "2027-01-31"),
]

# Seasons (meteorological: whole months), the holidays (24 December – 1 January) and the
# days between Christmas and New Year (25 December – 1 January, as the range says).
PERIODS: list[Row] = [
    ("au printemps", PARIS_YEAR_END, "2027-03-01", "2027-05-31"),
    ("en été", PARIS_YEAR_END, "2027-06-01", "2027-08-31"),
    ("pendant l'été", PARIS_YEAR_END, "2027-06-01", "2027-08-31"),
    ("en automne", PARIS_YEAR_END, "2027-09-01", "2027-11-30"),
    ("cet hiver", PARIS_YEAR_END, "2026-12-28", "2027-02-28"),
    ("en hiver", PARIS_YEAR_END, "2026-12-28", "2027-02-28"),
    ("la fin de l'hiver", PARIS_YEAR_END, "2027-02-22", "2027-02-28"),
    ("les fêtes de fin d'année", PARIS_YEAR_END, "2026-12-28", "2027-01-01"),
    ("pendant les fêtes", PARIS_YEAR_END, "2026-12-28", "2027-01-01"),
    ("entre Noël et le jour de l'an", PARIS_YEAR_END, "2026-12-28", "2027-01-01"),
    ("entre Noël et le nouvel an", PARIS_YEAR_END, "2026-12-28", "2027-01-01"),
    ("la semaine entre Noël et le nouvel an", PARIS_YEAR_END, "2026-12-28", "2027-01-01"),
    ("cet hiver", PARIS_WINTER, "2026-12-07", "2027-02-28"),
    ("en hiver", PARIS_WINTER, "2026-12-07", "2027-02-28"),
    ("la fin de l'hiver", PARIS_WINTER, "2027-02-22", "2027-02-28"),
    ("les fêtes de fin d'année", PARIS_WINTER, "2026-12-24", "2027-01-01"),
    ("pendant les fêtes", PARIS_WINTER, "2026-12-24", "2027-01-01"),
    ("entre Noël et le jour de l'an", PARIS_WINTER, "2026-12-25", "2027-01-01"),
    ("la semaine entre Noël et le nouvel an", PARIS_WINTER, "2026-12-25", "2027-01-01"),
    ("between Christmas and New Year", PARIS_WINTER, "2026-12-25", "2027-01-01"),
    ("cet hiver", PARIS_LEAP, "2028-02-01", "2028-02-29"),
    ("la fin de l'hiver", PARIS_LEAP, "2028-02-23", "2028-02-29"),
    ("au printemps", PARIS_LEAP, "2028-03-01", "2028-05-31"),
    ("in the spring", PARIS_LEAP, "2028-03-01", "2028-05-31"),
    ("le début du printemps", PARIS_LEAP, "2028-03-01", "2028-03-07"),
    ("au printemps", PARIS_DST, "2027-03-01", "2027-05-31"),
    ("au printemps", PARIS_SPRING, "2027-03-01", "2027-05-31"),
    ("la fin du printemps", PARIS_SPRING, "2027-05-25", "2027-05-31"),
    ("en été", PARIS_SPRING, "2027-06-01", "2027-08-31"),
    ("les fêtes de fin d'année", BRUSSELS, "2026-12-24", "2027-01-01"),
    ("cet hiver", BRUSSELS, "2026-12-01", "2027-02-28"),
    ("en hiver", BRUSSELS, "2026-12-01", "2027-02-28"),
    ("le début de l'hiver", BRUSSELS, "2026-12-01", "2026-12-07"),
    ("entre Noël et le jour de l'an", BRUSSELS, "2026-12-25", "2027-01-01"),
    ("en été", GENEVA_SUMMER, "2027-06-01", "2027-08-31"),
    ("au printemps", MONTREAL_DST, "2027-03-01", "2027-05-31"),
    ("cet hiver", MONTREAL_DST, "2027-02-15", "2027-02-28"),
    ("la fin de l'hiver", MONTREAL_DST, "2027-02-22", "2027-02-28"),
    ("en automne", MONTREAL_FALL, "2027-09-01", "2027-11-30"),
    ("à l'automne", MONTREAL_FALL, "2027-09-01", "2027-11-30"),
    ("pendant les fêtes", MONTREAL_FALL, "2027-12-24", "2028-01-01"),
    ("le temps des fêtes", MONTREAL_FALL, "2027-12-24", "2028-01-01"),
    ("in the spring", NEW_YORK, "2027-03-01", "2027-05-31"),
    ("in spring", NEW_YORK, "2027-03-01", "2027-05-31"),
    ("this spring", NEW_YORK, "2027-03-01", "2027-05-31"),
    ("in the summer", NEW_YORK, "2027-06-01", "2027-08-31"),
    ("this summer", NEW_YORK, "2027-06-01", "2027-08-31"),
    ("the end of spring", NEW_YORK, "2027-05-25", "2027-05-31"),
    ("in the fall", NEW_YORK_FALL, "2027-09-01", "2027-11-30"),
    ("this fall", NEW_YORK_FALL, "2027-09-01", "2027-11-30"),
    ("in autumn", NEW_YORK_FALL, "2027-09-01", "2027-11-30"),
    ("this winter", NEW_YORK_FALL, "2027-12-01", "2028-02-29"),
    ("in the winter", NEW_YORK_FALL, "2027-12-01", "2028-02-29"),
    ("the holidays", NEW_YORK_FALL, "2027-12-24", "2028-01-01"),
    ("over the holidays", NEW_YORK_FALL, "2027-12-24", "2028-01-01"),
    ("during the holiday season", NEW_YORK_FALL, "2027-12-24", "2028-01-01"),
    ("between Christmas and New Year", NEW_YORK_FALL, "2027-12-25", "2028-01-01"),
    ("the holidays", LONDON, "2026-12-24", "2027-01-01"),
    ("over the festive season", LONDON, "2026-12-24", "2027-01-01"),
    ("this winter", LONDON, "2026-12-07", "2027-02-28"),
    ("the end of winter", LONDON, "2027-02-22", "2027-02-28"),
    ("the holidays", TORONTO_YEAR_END, "2026-12-28", "2027-01-01"),
    ("between Christmas and New Year", TORONTO_YEAR_END, "2026-12-28", "2027-01-01"),
    ("the week between Christmas and New Year", TORONTO_YEAR_END, "2026-12-28", "2027-01-01"),
    ("this winter", TORONTO_YEAR_END, "2026-12-28", "2027-02-28"),
    ("in the summer", TORONTO_YEAR_END, "2027-06-01", "2027-08-31"),
    ("in the spring", TORONTO_YEAR_END, "2027-03-01", "2027-05-31"),
    ("in the fall", TORONTO_YEAR_END, "2027-09-01", "2027-11-30"),
]

ROWS: list[Row] = ALONE + CATALOGUE + SALES + PERIODS


def check(root: Path, phrase: str, ctx: Ctx, first: str, last: str) -> None:
    """check_row, except that a one-day window is checked by the phrase alone."""
    if first != last:
        check_row(root, phrase, ctx, first, last)
        return
    once = plan(root / "once", ctx, phrase, every=False)
    assert once.code == 0, f"{phrase!r} in {ctx}: {once.stderr}"
    assert once.days == [D(first)], f"{phrase!r} in {ctx}: {once.days}, expected {first}"


@pytest.mark.parametrize(
    ("phrase", "ctx", "first", "last"), ROWS, ids=[f"{r[0]}@{r[1]}" for r in ROWS]
)
def test_book_events(tmp_path: Path, phrase: str, ctx: Ctx, first: str, last: str) -> None:
    check(tmp_path, phrase, ctx, first, last)


def test_the_book_has_enough_rows_in_both_languages() -> None:
    assert len(ROWS) >= 150
    french = [r for r in ROWS if r[1].locale == "fr"]
    assert len(french) >= 60 and len(ROWS) - len(french) >= 60


# Refused, never guessed: (phrase, context, offset, in the message, in the hint).
REFUSED: list[tuple[str, Ctx, int, str, str]] = [
    ("pendant les soldes", NEW_YORK_FALL, 12, "for country US", "calendars/US.toml"),
    ("during the winter sales", NEW_YORK_FALL, 11, "for country US", "calendars/US.toml"),
    ("Chandeleur", NEW_YORK, 0, "for country US", "calendars/US.toml"),
    ("la fin de Noël", PARIS_WINTER, 3, "one day", "'Noël'"),
    ("la troisième semaine des fêtes", PARIS_WINTER, 3, "lasts 9 days", "last week"),
    ("pour la Chandeleurr", PARIS_YEAR_END, 8, "unknown event", "'Chandeleur'"),
    ("Halowen", NEW_YORK_FALL, 0, "unknown event", "'Halloween'"),
    ("first week of Marhc", PARIS_YEAR_END, 14, "expected a month", "'first week of March'"),
    ("la semaine avnt Noël", PARIS_YEAR_END, 11, "after 'la semaine'", "'la semaine avant Noël'"),
]


@pytest.mark.parametrize(
    ("phrase", "ctx", "offset", "message", "hint"),
    REFUSED,
    ids=[f"{r[0]}@{r[1]}" for r in REFUSED],
)
def test_refused(
    tmp_path: Path, phrase: str, ctx: Ctx, offset: int, message: str, hint: str
) -> None:
    refusal = refuse(tmp_path, phrase, ctx)
    assert refusal.offset == offset, refusal
    assert message in refusal.message, refusal
    assert refusal.hint is not None and hint in refusal.hint, refusal
