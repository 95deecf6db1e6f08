"""The date-phrase grammar: tables of phrases and the windows they mean (DESIGN.md, "Date
phrases"), recurrences, durations, times, and the errors users get for bad phrases."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from click.testing import Result

from planner.errors import PhraseError, Pos
from planner.journey import fold
from planner.phrases import (
    EventRef,
    Recurrence,
    StageRef,
    Window,
    parse_duration,
    parse_every,
    parse_times,
    parse_when,
)
from planner.phrases.hints import COMPLETE

D = date.fromisoformat

HOLIDAYS = frozenset(
    D(s) for s in ("2026-12-25", "2027-01-01", "2027-05-01", "2027-05-08", "2027-07-14")
)
EVENTS: dict[str, tuple[date, date]] = {
    **dict.fromkeys(
        ("valentines_day", "saint-valentin", "valentine's day"), (D("2027-02-14"), D("2027-02-14"))
    ),
    **dict.fromkeys(("fete des meres", "mother's day"), (D("2027-05-30"), D("2027-05-30"))),
    **dict.fromkeys(("noel", "christmas"), (D("2026-12-25"), D("2026-12-25"))),
    "soldes d'hiver": (D("2027-01-13"), D("2027-02-09")),
    "back to school": (D("2027-09-01"), D("2027-09-01")),
}
STAGES: dict[str, tuple[date, date]] = {
    "awareness": (D("2027-01-01"), D("2027-01-10")),
    "consideration": (D("2027-01-11"), D("2027-01-20")),
    "previous": (D("2027-01-21"), D("2027-01-24")),
}


VALENTINES_DAY = D("2027-02-14")


@dataclass(frozen=True)
class FakeContext:
    """What expand.py gives the grammar, with fixed data: no clock, no calendar files."""

    start: date
    anchor: date | None = VALENTINES_DAY
    stages: dict[str, tuple[date, date]] = field(default_factory=lambda: dict(STAGES))
    events: dict[str, tuple[date, date]] = field(default_factory=lambda: dict(EVENTS))
    holidays: frozenset[date] = HOLIDAYS
    suggestions: tuple[str, ...] = ("valentines_day",)  # close names for an unknown event
    # English without a country: a date in digits that both orders can read is refused.
    locale: str = "en"
    country: str | None = None

    def stage_span(self, stage: str) -> tuple[date, date]:
        if stage not in self.stages:
            raise LookupError(f"no step for stage {stage!r}")
        return self.stages[stage]

    def event(self, name: str) -> tuple[date, date]:
        key = fold(name)
        if key not in self.events:
            raise LookupError(f"unknown event {name!r}", list(self.suggestions))
        return self.events[key]

    def event_after(self, name: str, day: date) -> tuple[date, date]:
        first, last = self.event(name)
        while first <= day:  # the fixed data holds one year: the next one is the same days
            first, last = first.replace(year=first.year + 1), last.replace(year=last.year + 1)
        return first, last

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays


VALENTINE = FakeContext(start=D("2026-12-01"))


def window(phrase: str, ctx: FakeContext) -> tuple[date, date]:
    w = parse_when(phrase).resolve(ctx)
    return w.start, w.end


# A Valentine's Day 2027 campaign planned on 2026-12-01 (DESIGN.md's example).
VALENTINE_ROWS = [
    # open ranges: to the anchor, or two weeks when the anchor is not after the start
    ("from mid-January", "2027-01-11", "2027-02-14"),
    ("from May 1", "2027-05-01", "2027-05-14"),
    # early / mid / late, début / mi- / fin: days 1-10 / 11-20 / 21-last
    ("early January", "2027-01-01", "2027-01-10"),
    ("mid January", "2027-01-11", "2027-01-20"),
    ("mid-January", "2027-01-11", "2027-01-20"),
    ("late January", "2027-01-21", "2027-01-31"),
    ("début janvier", "2027-01-01", "2027-01-10"),
    ("Début Janvier", "2027-01-01", "2027-01-10"),
    ("mi-janvier", "2027-01-11", "2027-01-20"),
    ("mi janvier", "2027-01-11", "2027-01-20"),
    ("à la mi-janvier", "2027-01-11", "2027-01-20"),
    ("a la mi-janvier", "2027-01-11", "2027-01-20"),
    ("fin janvier", "2027-01-21", "2027-01-31"),
    ("au début de janvier", "2027-01-01", "2027-01-10"),
    ("début du mois de janvier", "2027-01-01", "2027-01-10"),
    ("fin du mois de janvier", "2027-01-21", "2027-01-31"),
    ("fin de janvier", "2027-01-21", "2027-01-31"),
    ("early February", "2027-02-01", "2027-02-10"),
    ("fin février", "2027-02-21", "2027-02-28"),
    ("fin fevrier", "2027-02-21", "2027-02-28"),
    ("FIN FÉVRIER", "2027-02-21", "2027-02-28"),
    ("late Feb", "2027-02-21", "2027-02-28"),
    ("mi-févr.", "2027-02-11", "2027-02-20"),
    ("mi-janv.", "2027-01-11", "2027-01-20"),
    ("mid-jan", "2027-01-11", "2027-01-20"),
    ("the beginning of January", "2027-01-01", "2027-01-10"),
    ("the middle of January", "2027-01-11", "2027-01-20"),
    ("the end of January", "2027-01-21", "2027-01-31"),
    ("early in January", "2027-01-01", "2027-01-10"),
    ("early March 2028", "2028-03-01", "2028-03-10"),
    ("end of January 2027", "2027-01-21", "2027-01-31"),
    # closest to the anchor (2027-02-14): March after it, December before it
    ("début mars", "2027-03-01", "2027-03-10"),
    ("late December", "2026-12-21", "2026-12-31"),
    ("mi-décembre", "2026-12-11", "2026-12-20"),
    ("early December", "2026-12-01", "2026-12-10"),
    ("fin sept", "2026-09-21", "2026-09-30"),  # ended before the start: the caller reports it
    # whole months
    ("January", "2027-01-01", "2027-01-31"),
    ("janvier", "2027-01-01", "2027-01-31"),
    ("en janvier", "2027-01-01", "2027-01-31"),
    ("in January", "2027-01-01", "2027-01-31"),
    ("January 2027", "2027-01-01", "2027-01-31"),
    ("janvier 2028", "2028-01-01", "2028-01-31"),
    ("March", "2027-03-01", "2027-03-31"),
    ("December", "2026-12-01", "2026-12-31"),
    ("en décembre", "2026-12-01", "2026-12-31"),
    ("courant janvier", "2027-01-01", "2027-01-31"),
    ("August", "2026-08-01", "2026-08-31"),  # 167 days before the anchor against 168 after
    ("le mois de mai", "2027-05-01", "2027-05-31"),
    # weeks of a month: 1-7, 8-14, 15-21, 22-28, last seven days
    ("first week of March", "2027-03-01", "2027-03-07"),
    ("the first week of March", "2027-03-01", "2027-03-07"),
    ("second week of January", "2027-01-08", "2027-01-14"),
    ("third week of January", "2027-01-15", "2027-01-21"),
    ("fourth week of January", "2027-01-22", "2027-01-28"),
    ("last week of January", "2027-01-25", "2027-01-31"),
    ("1st week of February", "2027-02-01", "2027-02-07"),
    ("la première semaine de mars", "2027-03-01", "2027-03-07"),
    ("la 1re semaine de mars", "2027-03-01", "2027-03-07"),
    ("deuxième semaine de janvier", "2027-01-08", "2027-01-14"),
    ("la troisième semaine de janvier", "2027-01-15", "2027-01-21"),
    ("quatrième semaine de janvier", "2027-01-22", "2027-01-28"),
    ("la dernière semaine de février", "2027-02-22", "2027-02-28"),
    ("la dernière semaine d'avril", "2027-04-24", "2027-04-30"),
    ("la dernière semaine d’avril", "2027-04-24", "2027-04-30"),
    ("première semaine du mois de mai", "2027-05-01", "2027-05-07"),
    ("the last week of the month", "2026-12-25", "2026-12-31"),
    ("la dernière semaine du mois", "2026-12-25", "2026-12-31"),
    # end of the month: 21-last of the planning start's month
    ("end of month", "2026-12-21", "2026-12-31"),
    ("end of the month", "2026-12-21", "2026-12-31"),
    ("fin du mois", "2026-12-21", "2026-12-31"),
    ("en fin de mois", "2026-12-21", "2026-12-31"),
    ("à la fin du mois", "2026-12-21", "2026-12-31"),
    ("début du mois", "2026-12-01", "2026-12-10"),
    ("first week of the month", "2026-12-01", "2026-12-07"),
    ("ce mois-ci", "2026-12-01", "2026-12-31"),
    ("this month", "2026-12-01", "2026-12-31"),
    # the month and week after the planning start's (Tuesday 2026-12-01): ISO weeks, Monday
    # to Sunday, in French too
    ("next month", "2027-01-01", "2027-01-31"),
    ("le mois prochain", "2027-01-01", "2027-01-31"),
    ("mois prochain", "2027-01-01", "2027-01-31"),
    ("end of next month", "2027-01-21", "2027-01-31"),
    ("fin du mois prochain", "2027-01-21", "2027-01-31"),
    ("early next month", "2027-01-01", "2027-01-10"),
    ("début du mois prochain", "2027-01-01", "2027-01-10"),
    ("the first week of next month", "2027-01-01", "2027-01-07"),
    ("la dernière semaine du mois prochain", "2027-01-25", "2027-01-31"),
    ("next week", "2026-12-07", "2026-12-13"),
    ("la semaine prochaine", "2026-12-07", "2026-12-13"),
    ("semaine prochaine", "2026-12-07", "2026-12-13"),
    ("during next week", "2026-12-07", "2026-12-13"),
    ("this week", "2026-12-01", "2026-12-06"),  # clipped to the start
    ("cette semaine", "2026-12-01", "2026-12-06"),
    # the n-th weekday of a month: one day, the year chosen as for "early March"
    ("first Monday of March", "2027-03-01", "2027-03-01"),
    ("the first Monday of March", "2027-03-01", "2027-03-01"),
    ("the last Friday of November", "2026-11-27", "2026-11-27"),
    ("second Saturday in May", "2027-05-08", "2027-05-08"),
    ("the 2nd Saturday of May", "2027-05-08", "2027-05-08"),
    ("third Thursday of January", "2027-01-21", "2027-01-21"),
    ("fourth Sunday of February", "2027-02-28", "2027-02-28"),
    ("fifth Monday of March", "2027-03-29", "2027-03-29"),
    ("the 5th Wednesday of June 2027", "2027-06-30", "2027-06-30"),
    ("last Monday of March 2028", "2028-03-27", "2028-03-27"),
    ("first Monday of the month", "2026-12-07", "2026-12-07"),
    ("first Monday of next month", "2027-01-04", "2027-01-04"),
    ("le premier lundi de mars", "2027-03-01", "2027-03-01"),
    ("premier lundi de mars", "2027-03-01", "2027-03-01"),
    ("1er lundi de mars", "2027-03-01", "2027-03-01"),
    ("le 1er lundi de mars", "2027-03-01", "2027-03-01"),
    ("le dernier vendredi de novembre", "2026-11-27", "2026-11-27"),
    ("le deuxième samedi de mai", "2027-05-08", "2027-05-08"),
    ("le 2e samedi de mai", "2027-05-08", "2027-05-08"),
    ("le troisième jeudi de janvier", "2027-01-21", "2027-01-21"),
    ("le quatrième dimanche de février", "2027-02-28", "2027-02-28"),
    ("le cinquième lundi de mars", "2027-03-29", "2027-03-29"),
    ("le dernier lundi d'avril", "2027-04-26", "2027-04-26"),
    ("le dernier mardi du mois", "2026-12-29", "2026-12-29"),
    ("le premier lundi du mois prochain", "2027-01-04", "2027-01-04"),
    # the Monday-to-Sunday week of a date
    ("the week of 5 January", "2027-01-04", "2027-01-10"),
    ("week of January 5", "2027-01-04", "2027-01-10"),
    ("the week of January 5th, 2027", "2027-01-04", "2027-01-10"),
    ("the week of 2027-01-10", "2027-01-04", "2027-01-10"),
    ("the week of Monday, January 4", "2027-01-04", "2027-01-10"),
    ("la semaine du 5 janvier", "2027-01-04", "2027-01-10"),
    ("semaine du 5 janvier", "2027-01-04", "2027-01-10"),
    ("la semaine du 1er mars", "2027-03-01", "2027-03-07"),
    ("la semaine du lundi 4 janvier", "2027-01-04", "2027-01-10"),
    ("dans la semaine du 5 janvier", "2027-01-04", "2027-01-10"),
    ("la semaine du 31 décembre", "2026-12-28", "2027-01-03"),
    # one day
    ("2027-01-05", "2027-01-05", "2027-01-05"),
    ("January 5", "2027-01-05", "2027-01-05"),
    ("Jan 5 2027", "2027-01-05", "2027-01-05"),
    ("January 5, 2027", "2027-01-05", "2027-01-05"),
    ("5 January", "2027-01-05", "2027-01-05"),
    ("5 janvier", "2027-01-05", "2027-01-05"),
    ("le 5 janvier", "2027-01-05", "2027-01-05"),
    ("1er mars", "2027-03-01", "2027-03-01"),
    ("le 1er mars 2027", "2027-03-01", "2027-03-01"),
    ("March 1st", "2027-03-01", "2027-03-01"),
    ("le premier mars", "2027-03-01", "2027-03-01"),
    ("the 5th of January", "2027-01-05", "2027-01-05"),
    ("the 1st of March", "2027-03-01", "2027-03-01"),
    ("March the 1st", "2027-03-01", "2027-03-01"),
    ("mardi 5 janvier 2027", "2027-01-05", "2027-01-05"),
    ("Tuesday, January 5", "2027-01-05", "2027-01-05"),
    ("14 février", "2027-02-14", "2027-02-14"),
    ("25 décembre", "2026-12-25", "2026-12-25"),
    ("2 janv.", "2027-01-02", "2027-01-02"),
    ("12 Sept 2027", "2027-09-12", "2027-09-12"),
    # daylight-saving days are plain dates here (times of day are placed elsewhere)
    ("2027-03-28", "2027-03-28", "2027-03-28"),
    ("le 28 mars 2027", "2027-03-28", "2027-03-28"),
    ("March 14, 2027", "2027-03-14", "2027-03-14"),
    ("2027-10-31", "2027-10-31", "2027-10-31"),
    ("31 octobre 2027", "2027-10-31", "2027-10-31"),
    ("November 7 2027", "2027-11-07", "2027-11-07"),
    ("7 nov. 2027", "2027-11-07", "2027-11-07"),
    ("the day before 2027-03-28", "2027-03-27", "2027-03-27"),
    ("J+1 2027-10-30", "2027-10-31", "2027-10-31"),
    ("the last Sunday of March 2027", "2027-03-28", "2027-03-28"),
    ("le dernier dimanche de mars 2027", "2027-03-28", "2027-03-28"),
    ("second Sunday in March 2027", "2027-03-14", "2027-03-14"),
    ("le dernier dimanche d'octobre 2027", "2027-10-31", "2027-10-31"),
    ("first Sunday of November 2027", "2027-11-07", "2027-11-07"),
    ("the week of 28 March 2027", "2027-03-22", "2027-03-28"),
    ("la semaine du 31 octobre 2027", "2027-10-25", "2027-10-31"),
    # ranges
    ("from January 5 to January 12", "2027-01-05", "2027-01-12"),
    ("du 5 au 12 janvier", "2027-01-05", "2027-01-12"),
    ("from 5 to 12 January", "2027-01-05", "2027-01-12"),
    ("January 5 to 12", "2027-01-05", "2027-01-12"),
    ("entre le 5 et le 12 janvier", "2027-01-05", "2027-01-12"),
    ("between 5 and 12 January", "2027-01-05", "2027-01-12"),
    ("5-12 janvier", "2027-01-05", "2027-01-12"),
    ("du 1er au 15 janvier", "2027-01-01", "2027-01-15"),
    ("du 28 décembre au 3 janvier", "2026-12-28", "2027-01-03"),
    ("du 20 décembre au 3 janvier 2027", "2026-12-20", "2027-01-03"),
    ("from mid-January to late January", "2027-01-11", "2027-01-31"),
    ("de début janvier à fin février", "2027-01-01", "2027-02-28"),
    ("entre mi-janvier et fin janvier", "2027-01-11", "2027-01-31"),
    ("mi-janvier – fin janvier", "2027-01-11", "2027-01-31"),
    ("from December to February", "2026-12-01", "2027-02-28"),
    ("from 2027-01-05 to 2027-01-20", "2027-01-05", "2027-01-20"),
    ("J-30 – J-1", "2027-01-15", "2027-02-13"),
    ("de J-30 à J-1", "2027-01-15", "2027-02-13"),
    ("from J-30 to J+3", "2027-01-15", "2027-02-17"),
    ("between Christmas and 2027-01-03", "2026-12-25", "2027-01-03"),
    ("entre Noël et le 3 janvier", "2026-12-25", "2027-01-03"),
    ("from now until Christmas", "2026-12-01", "2026-12-25"),
    ("jusqu'au 14 février", "2026-12-01", "2027-02-14"),
    ("until Valentine's Day", "2026-12-01", "2027-02-14"),
    ("avant Noël", "2026-12-01", "2026-12-24"),
    ("d'ici la fin du mois", "2026-12-01", "2026-12-31"),
    ("J-30 à J-1", "2027-01-15", "2027-02-13"),
    ("du lundi 4 au vendredi 8 janvier", "2027-01-04", "2027-01-08"),
    ("entre le 1er et le 15 mars 2027", "2027-03-01", "2027-03-15"),
    ("January 5–12, 2027", "2027-01-05", "2027-01-12"),
    ("late Jan – early Feb", "2027-01-21", "2027-02-10"),
    ("3 days before Christmas to 2 days after Christmas", "2026-12-22", "2026-12-27"),
    ("from Valentine's Day to Mother's Day", "2027-02-14", "2027-05-30"),
    ("between awareness and consideration", "2027-01-01", "2027-01-20"),
    ("du J-3 Noël au J+2 Noël", "2026-12-22", "2026-12-27"),
    ("from early January to J-1", "2027-01-01", "2027-02-13"),
    # one day counted from a reference: "before" from its first day, "after" from its last
    ("30 days before Valentine's Day", "2027-01-15", "2027-01-15"),
    ("30 days before Valentine’s Day", "2027-01-15", "2027-01-15"),
    ("30 jours avant la Saint-Valentin", "2027-01-15", "2027-01-15"),
    ("30 days before valentines_day", "2027-01-15", "2027-01-15"),
    ("J-30", "2027-01-15", "2027-01-15"),
    ("J-30 Saint-Valentin", "2027-01-15", "2027-01-15"),
    ("J–30", "2027-01-15", "2027-01-15"),
    ("J−30", "2027-01-15", "2027-01-15"),
    ("J moins 30", "2027-01-15", "2027-01-15"),
    ("J-30 (Saint-Valentin)", "2027-01-15", "2027-01-15"),
    ("D-30", "2027-01-15", "2027-01-15"),
    ("D+3", "2027-02-17", "2027-02-17"),
    ("J+7", "2027-02-21", "2027-02-21"),
    ("J-0", "2027-02-14", "2027-02-14"),
    ("a week before Valentine's Day", "2027-02-07", "2027-02-07"),
    ("une semaine avant la Saint-Valentin", "2027-02-07", "2027-02-07"),
    ("2 weeks after the anchor", "2027-02-28", "2027-02-28"),
    ("deux semaines après l'ancre", "2027-02-28", "2027-02-28"),
    ("3 jours après l'événement", "2027-02-17", "2027-02-17"),
    ("10 days before", "2027-02-04", "2027-02-04"),
    ("un mois avant la Saint-Valentin", "2027-01-14", "2027-01-14"),
    ("3 days after 2027-01-05", "2027-01-08", "2027-01-08"),
    ("2 days before 5 janvier", "2027-01-03", "2027-01-03"),
    ("3 days after mid-January", "2027-01-23", "2027-01-23"),
    ("5 days before Christmas", "2026-12-20", "2026-12-20"),
    ("2 days before Mother's Day", "2027-05-28", "2027-05-28"),
    ("3 days before Back to School", "2027-08-29", "2027-08-29"),
    ("J-30 avant la Saint-Valentin", "2027-01-15", "2027-01-15"),
    ("2 weeks before mid-February", "2027-01-28", "2027-01-28"),
    ("3 days after the first Monday of March", "2027-03-04", "2027-03-04"),
    ("3 jours après le premier lundi de mars", "2027-03-04", "2027-03-04"),
    ("J-2 le premier lundi de mars", "2027-02-27", "2027-02-27"),
    ("2 days before next week", "2026-12-05", "2026-12-05"),
    ("2 jours après la semaine prochaine", "2026-12-15", "2026-12-15"),
    ("the day before the week of 5 January", "2027-01-03", "2027-01-03"),
    ("3 days after the week of 5 January", "2027-01-13", "2027-01-13"),
    ("la veille du dernier vendredi de novembre", "2026-11-26", "2026-11-26"),
    # counted from the planning start
    ("in 3 days", "2026-12-04", "2026-12-04"),
    ("dans 2 semaines", "2026-12-15", "2026-12-15"),
    ("within 3 days", "2026-12-01", "2026-12-04"),
    ("d'ici 3 jours", "2026-12-01", "2026-12-04"),
    # stages of the campaign and the previous step
    ("3 days after awareness", "2027-01-13", "2027-01-13"),
    ("2 days before awareness", "2026-12-30", "2026-12-30"),
    ("3 jours après sensibilisation", "2027-01-13", "2027-01-13"),
    ("3 jours après la sensibilisation", "2027-01-13", "2027-01-13"),
    ("3 jours après l'étape de sensibilisation", "2027-01-13", "2027-01-13"),
    ("3 days after the awareness step", "2027-01-13", "2027-01-13"),
    ("a week after the consideration stage", "2027-01-27", "2027-01-27"),
    ("2 jours après la prise de conscience", "2027-01-12", "2027-01-12"),
    ("after awareness", "2027-01-11", "2027-01-11"),
    ("après l'étape de sensibilisation", "2027-01-11", "2027-01-11"),
    ("3 days later", "2027-01-27", "2027-01-27"),
    ("3 jours plus tard", "2027-01-27", "2027-01-27"),
    ("2 days earlier", "2027-01-19", "2027-01-19"),
    # windows right before or after a reference
    ("in the 30 days before Valentine's Day", "2027-01-15", "2027-02-13"),
    ("dans les 30 jours avant la Saint-Valentin", "2027-01-15", "2027-02-13"),
    ("dans les 30 jours précédant la Saint-Valentin", "2027-01-15", "2027-02-13"),
    ("in the 3 days after Christmas", "2026-12-26", "2026-12-28"),
    ("dans les 3 jours après Noël", "2026-12-26", "2026-12-28"),
    ("les 10 jours avant Noël", "2026-12-15", "2026-12-24"),
    ("dans les 2 semaines qui précèdent Noël", "2026-12-11", "2026-12-24"),
    ("the 2 weeks before the anchor", "2027-01-31", "2027-02-13"),
    ("the week before Valentine's Day", "2027-02-07", "2027-02-13"),
    ("la semaine avant la Saint-Valentin", "2027-02-07", "2027-02-13"),
    ("la semaine précédant la Saint-Valentin", "2027-02-07", "2027-02-13"),
    ("the week after Valentine's Day", "2027-02-15", "2027-02-21"),
    ("la semaine après la Saint-Valentin", "2027-02-15", "2027-02-21"),
    ("the week before 2027-01-03", "2026-12-27", "2027-01-02"),
    ("la veille de Noël", "2026-12-24", "2026-12-24"),
    ("the day before Christmas", "2026-12-24", "2026-12-24"),
    ("le lendemain de Noël", "2026-12-26", "2026-12-26"),
    # N to M days after / later: [REF_end+N, REF_end+M]
    ("3 to 5 days after awareness", "2027-01-13", "2027-01-15"),
    ("3 à 5 jours après sensibilisation", "2027-01-13", "2027-01-15"),
    ("de 3 à 5 jours après sensibilisation", "2027-01-13", "2027-01-15"),
    ("3 à 5 jours plus tard", "2027-01-27", "2027-01-29"),
    ("3 to 5 days later", "2027-01-27", "2027-01-29"),
    ("de trois à cinq jours plus tard", "2027-01-27", "2027-01-29"),
    ("3-5 days later", "2027-01-27", "2027-01-29"),
    ("between 3 and 5 days after Christmas", "2026-12-28", "2026-12-30"),
    ("1 to 2 weeks before the anchor", "2027-01-31", "2027-02-07"),
    # on REF
    ("on Valentine's Day", "2027-02-14", "2027-02-14"),
    ("le jour de la Saint-Valentin", "2027-02-14", "2027-02-14"),
    ("le jour de Noël", "2026-12-25", "2026-12-25"),
    ("le jour de la fête des mères", "2027-05-30", "2027-05-30"),
    ("le jour même", "2027-02-14", "2027-02-14"),
    ("on the anchor", "2027-02-14", "2027-02-14"),
    ("anchor", "2027-02-14", "2027-02-14"),
    ("le jour J", "2027-02-14", "2027-02-14"),
    ("D-day", "2027-02-14", "2027-02-14"),
    ("the big day", "2027-02-14", "2027-02-14"),
    # the run-up to X: the two weeks before it, as "the weeks leading up to X"
    ("in the run-up to Valentine's Day", "2027-01-31", "2027-02-13"),
    ("the lead-up to the anchor", "2027-01-31", "2027-02-13"),
    ("à l'approche de la Saint-Valentin", "2027-01-31", "2027-02-13"),
    # "jusqu'à", "until" make a range by themselves, to a name alone
    ("début février jusqu'à la Saint-Valentin", "2027-02-01", "2027-02-14"),
    ("early February until Valentine's Day", "2027-02-01", "2027-02-14"),
    ("3 days before the big day", "2027-02-11", "2027-02-11"),
    ("the day itself", "2027-02-14", "2027-02-14"),
    ("le grand jour", "2027-02-14", "2027-02-14"),
    ("la veille du grand jour", "2027-02-13", "2027-02-13"),
    ("on awareness", "2027-01-01", "2027-01-10"),
    ("on 2027-01-05", "2027-01-05", "2027-01-05"),
    # an event that is a window: J-N from its first day, "after" from its last
    ("le jour des soldes d'hiver", "2027-01-13", "2027-02-09"),
    ("J-3 soldes d'hiver", "2027-01-10", "2027-01-10"),
    ("2 days after soldes d'hiver", "2027-02-11", "2027-02-11"),
    # business days: weekends and the holidays of the context are skipped
    ("3 jours ouvrés avant Noël", "2026-12-22", "2026-12-22"),
    ("2 business days after 2026-12-24", "2026-12-29", "2026-12-29"),
    ("1 jour ouvré après le 31 décembre 2026", "2027-01-04", "2027-01-04"),
    ("5 working days before 2027-01-08", "2026-12-31", "2026-12-31"),
    ("in the 3 business days before 2027-01-05", "2026-12-30", "2027-01-04"),
    ("2 jours ouvrables après le 30 avril 2027", "2027-05-04", "2027-05-04"),
    # asap
    ("asap", "2026-12-01", "2026-12-01"),
    ("ASAP", "2026-12-01", "2026-12-01"),
    ("as soon as possible", "2026-12-01", "2026-12-01"),
    ("now", "2026-12-01", "2026-12-01"),
    ("right away", "2026-12-01", "2026-12-01"),
    ("dès que possible", "2026-12-01", "2026-12-01"),
    ("des que possible", "2026-12-01", "2026-12-01"),
    ("au plus vite", "2026-12-01", "2026-12-01"),
    ("dqp", "2026-12-01", "2026-12-01"),
    ("immédiatement", "2026-12-01", "2026-12-01"),
    ("maintenant", "2026-12-01", "2026-12-01"),
    ("tout de suite", "2026-12-01", "2026-12-01"),
    # a recurrence as a window: to the anchor, or inside the window it names
    ("every Monday", "2026-12-01", "2027-02-14"),
    ("tous les lundis", "2026-12-01", "2027-02-14"),
    ("chaque semaine", "2026-12-01", "2027-02-14"),
    ("tous les lundis de janvier", "2027-01-01", "2027-01-31"),
    ("every Monday in January", "2027-01-01", "2027-01-31"),
    ("every day until Christmas", "2026-12-01", "2026-12-25"),
    ("every Monday from January 4 to February 1", "2027-01-04", "2027-02-01"),
    ("tous les lundis jusqu'à la Saint-Valentin", "2026-12-01", "2027-02-14"),
    ("toutes les semaines du 5 au 26 janvier", "2027-01-05", "2027-01-26"),
    ("every Monday before Christmas", "2026-12-01", "2026-12-24"),
    ("every Monday next month", "2027-01-01", "2027-01-31"),
    ("tous les lundis du mois prochain", "2027-01-01", "2027-01-31"),
    ("every day next week", "2026-12-07", "2026-12-13"),
    ("tous les jours de la semaine prochaine", "2026-12-07", "2026-12-13"),
    ("every day in the week of 5 January", "2027-01-04", "2027-01-10"),
    ("tous les jours de la semaine du 5 janvier", "2027-01-04", "2027-01-10"),
    # ranges and deadlines of the new phrases
    ("until next week", "2026-12-01", "2026-12-13"),
    ("avant la semaine prochaine", "2026-12-01", "2026-12-06"),
    ("jusqu'à la fin du mois prochain", "2026-12-01", "2027-01-31"),
    ("from the first Monday of March to the last Friday of March", "2027-03-01", "2027-03-26"),
    ("du premier lundi de mars au dernier vendredi de mars", "2027-03-01", "2027-03-26"),
    ("from next week to the week of 5 January", "2026-12-07", "2027-01-10"),
    ("de la semaine prochaine à la semaine du 5 janvier", "2026-12-07", "2027-01-10"),
    ("entre la semaine du 5 janvier et fin janvier", "2027-01-04", "2027-01-31"),
]


@pytest.mark.parametrize(("phrase", "start", "end"), VALENTINE_ROWS)
def test_valentine_campaign(phrase: str, start: str, end: str) -> None:
    assert window(phrase, VALENTINE) == (D(start), D(end))


# No anchor (an "asap" campaign) planned on 2026-01-15: the next occurrence, clipped to the start.
NO_ANCHOR = FakeContext(start=D("2026-01-15"), anchor=None)
NO_ANCHOR_ROWS = [
    ("early January", "2027-01-01", "2027-01-10"),
    ("mid January", "2026-01-15", "2026-01-20"),
    ("mi-janvier", "2026-01-15", "2026-01-20"),
    ("late January", "2026-01-21", "2026-01-31"),
    ("début janvier", "2027-01-01", "2027-01-10"),
    ("fin janvier", "2026-01-21", "2026-01-31"),
    ("first week of March", "2026-03-01", "2026-03-07"),
    ("la première semaine de mars", "2026-03-01", "2026-03-07"),
    ("end of the month", "2026-01-21", "2026-01-31"),
    ("fin du mois", "2026-01-21", "2026-01-31"),
    ("December", "2026-12-01", "2026-12-31"),
    ("January", "2026-01-15", "2026-01-31"),
    ("5 janvier", "2027-01-05", "2027-01-05"),
    ("15 janvier", "2026-01-15", "2026-01-15"),
    ("du 10 au 20 janvier", "2026-01-15", "2026-01-20"),
    ("du 28 décembre au 3 janvier", "2026-12-28", "2027-01-03"),
    ("dès que possible", "2026-01-15", "2026-01-15"),
    ("3 to 5 days after awareness", "2027-01-13", "2027-01-15"),
    # relative to the start, Thursday 2026-01-15; the next occurrence not ended by then
    ("next month", "2026-02-01", "2026-02-28"),
    ("le mois prochain", "2026-02-01", "2026-02-28"),
    ("this month", "2026-01-15", "2026-01-31"),
    ("ce mois-ci", "2026-01-15", "2026-01-31"),
    ("next week", "2026-01-19", "2026-01-25"),
    ("la semaine prochaine", "2026-01-19", "2026-01-25"),
    ("this week", "2026-01-15", "2026-01-18"),
    ("cette semaine", "2026-01-15", "2026-01-18"),
    ("first Monday of March", "2026-03-02", "2026-03-02"),
    ("le premier lundi de mars", "2026-03-02", "2026-03-02"),
    ("the last Friday of January", "2026-01-30", "2026-01-30"),
    ("le dernier vendredi de janvier", "2026-01-30", "2026-01-30"),
    ("first Monday of January", "2027-01-04", "2027-01-04"),  # 2026-01-05 is past
    ("le premier lundi de janvier", "2027-01-04", "2027-01-04"),
    ("the week of January 14", "2026-01-15", "2026-01-18"),  # this week, not next year's
    ("la semaine du 14 janvier", "2026-01-15", "2026-01-18"),
    ("the week of 5 January", "2027-01-04", "2027-01-10"),
    ("la semaine du 5 janvier", "2027-01-04", "2027-01-10"),
]


@pytest.mark.parametrize(("phrase", "start", "end"), NO_ANCHOR_ROWS)
def test_without_anchor(phrase: str, start: str, end: str) -> None:
    assert window(phrase, NO_ANCHOR) == (D(start), D(end))


# A campaign anchored on 2028-02-28, in a leap year.
LEAP = FakeContext(start=D("2028-01-10"), anchor=D("2028-02-28"))
LEAP_ROWS = [
    ("29 février 2028", "2028-02-29", "2028-02-29"),
    ("29 février", "2028-02-29", "2028-02-29"),
    ("February 29", "2028-02-29", "2028-02-29"),
    ("J+1", "2028-02-29", "2028-02-29"),
    ("J+2", "2028-03-01", "2028-03-01"),
    ("early March", "2028-03-01", "2028-03-10"),
    ("first week of February 2028", "2028-02-01", "2028-02-07"),
    ("late February 2028", "2028-02-21", "2028-02-29"),
    ("fin février", "2028-02-21", "2028-02-29"),
    ("la dernière semaine de février", "2028-02-23", "2028-02-29"),
    ("the week after 2028-02-25", "2028-02-26", "2028-03-03"),
    ("in the 3 days after 2028-02-27", "2028-02-28", "2028-03-01"),
    ("du 27 février au 2 mars", "2028-02-27", "2028-03-02"),
    ("un mois avant le 31 mars 2028", "2028-02-29", "2028-02-29"),
    ("1 month after 2028-01-31", "2028-02-29", "2028-02-29"),
    ("mi-janvier", "2028-01-11", "2028-01-20"),
    ("début janvier", "2028-01-10", "2028-01-10"),
    # started on Monday 2028-01-10: next month is a February of 29 days
    ("next month", "2028-02-01", "2028-02-29"),
    ("le mois prochain", "2028-02-01", "2028-02-29"),
    ("end of next month", "2028-02-21", "2028-02-29"),
    ("fin du mois prochain", "2028-02-21", "2028-02-29"),
    ("this week", "2028-01-10", "2028-01-16"),
    ("cette semaine", "2028-01-10", "2028-01-16"),
    ("next week", "2028-01-17", "2028-01-23"),
    ("la semaine prochaine", "2028-01-17", "2028-01-23"),
    ("the last Tuesday of February", "2028-02-29", "2028-02-29"),
    ("le dernier mardi de février", "2028-02-29", "2028-02-29"),
    ("the fifth Tuesday of February", "2028-02-29", "2028-02-29"),
    ("le cinquième mardi de février", "2028-02-29", "2028-02-29"),
    ("the last Monday of February", "2028-02-28", "2028-02-28"),
    ("the week of February 29", "2028-02-28", "2028-03-05"),
    ("la semaine du 29 février", "2028-02-28", "2028-03-05"),
    ("3 days after the last Tuesday of February", "2028-03-03", "2028-03-03"),
]


@pytest.mark.parametrize(("phrase", "start", "end"), LEAP_ROWS)
def test_leap_year(phrase: str, start: str, end: str) -> None:
    assert window(phrase, LEAP) == (D(start), D(end))


# Anchored on 2027-01-10, planned on 2026-12-01: month phrases straddle the year end.
NEW_YEAR = FakeContext(start=D("2026-12-01"), anchor=D("2027-01-10"))
NEW_YEAR_ROWS = [
    ("late December", "2026-12-21", "2026-12-31"),
    ("early January", "2027-01-01", "2027-01-10"),
    ("December", "2026-12-01", "2026-12-31"),
    ("early February", "2027-02-01", "2027-02-10"),
    ("the week before 2027-01-03", "2026-12-27", "2027-01-02"),
    ("du 28 décembre au 3 janvier", "2026-12-28", "2027-01-03"),
    ("J-10", "2026-12-31", "2026-12-31"),
    ("J-9", "2027-01-01", "2027-01-01"),
    ("mid-November", "2026-11-11", "2026-11-20"),
    ("the last week of December", "2026-12-25", "2026-12-31"),
    ("next month", "2027-01-01", "2027-01-31"),
    ("le mois prochain", "2027-01-01", "2027-01-31"),
    ("first Monday of January", "2027-01-04", "2027-01-04"),
    ("le premier lundi de janvier", "2027-01-04", "2027-01-04"),
    ("the last Friday of December", "2026-12-25", "2026-12-25"),
    ("le dernier vendredi de décembre", "2026-12-25", "2026-12-25"),
    ("the week of January 1", "2026-12-28", "2027-01-03"),
    ("la semaine du 1er janvier", "2026-12-28", "2027-01-03"),
    ("la semaine du 31 décembre", "2026-12-28", "2027-01-03"),
]


@pytest.mark.parametrize(("phrase", "start", "end"), NEW_YEAR_ROWS)
def test_year_end(phrase: str, start: str, end: str) -> None:
    assert window(phrase, NEW_YEAR) == (D(start), D(end))


# Planned on Thursday 2027-12-30 without an anchor: next week and next month are in 2028.
DECEMBER_30 = FakeContext(start=D("2027-12-30"), anchor=None)
DECEMBER_30_ROWS = [
    ("next week", "2028-01-03", "2028-01-09"),
    ("la semaine prochaine", "2028-01-03", "2028-01-09"),
    ("this week", "2027-12-30", "2028-01-02"),
    ("cette semaine", "2027-12-30", "2028-01-02"),
    ("next month", "2028-01-01", "2028-01-31"),
    ("le mois prochain", "2028-01-01", "2028-01-31"),
    ("this month", "2027-12-30", "2027-12-31"),
    ("ce mois-ci", "2027-12-30", "2027-12-31"),
    ("end of next month", "2028-01-21", "2028-01-31"),
    ("fin du mois prochain", "2028-01-21", "2028-01-31"),
    ("first Monday of next month", "2028-01-03", "2028-01-03"),
    ("le premier lundi du mois prochain", "2028-01-03", "2028-01-03"),
    ("first Monday of January", "2028-01-03", "2028-01-03"),
    ("le premier lundi de janvier", "2028-01-03", "2028-01-03"),
    ("the last Friday of December", "2027-12-31", "2027-12-31"),
    ("le dernier vendredi de décembre", "2027-12-31", "2027-12-31"),
    ("the week of January 1", "2027-12-30", "2028-01-02"),
    ("la semaine du 1er janvier", "2027-12-30", "2028-01-02"),
    ("the week of 3 January", "2028-01-03", "2028-01-09"),
    ("la semaine du 3 janvier", "2028-01-03", "2028-01-09"),
    ("every day next week", "2028-01-03", "2028-01-09"),
    ("tous les lundis du mois prochain", "2028-01-01", "2028-01-31"),
]


@pytest.mark.parametrize(("phrase", "start", "end"), DECEMBER_30_ROWS)
def test_relative_to_the_start_across_the_year_end(phrase: str, start: str, end: str) -> None:
    assert window(phrase, DECEMBER_30) == (D(start), D(end))


def test_flags() -> None:
    assert parse_when("asap").resolve(VALENTINE) == Window(D("2026-12-01"), D("2026-12-01"), True)
    clipped = parse_when("mi-janvier").resolve(NO_ANCHOR)
    assert clipped == Window(D("2026-01-15"), D("2026-01-20"), clipped=True)
    assert not parse_when("late January").resolve(NO_ANCHOR).clipped
    # A window that ended before the start is returned as it is: the caller reports it.
    assert parse_when("fin sept").resolve(VALENTINE) == Window(D("2026-09-21"), D("2026-09-30"))


def test_refs_name_every_dependency() -> None:
    assert parse_when("3 à 5 jours plus tard").refs == (StageRef("previous", 12),)
    assert parse_when("3 days after the awareness step").refs == (StageRef("awareness", 17),)
    assert parse_when("après l'étape de sensibilisation").refs == (StageRef("awareness", 17),)
    assert parse_when("J-30 Saint-Valentin").refs == (EventRef("Saint-Valentin", 5),)
    assert parse_when("entre Noël et le jour de l'an").refs == (
        EventRef("Noël", 6),
        EventRef("jour de l'an", 17),
    )
    assert parse_when("from 3 days after awareness to J-1").refs == (StageRef("awareness", 18),)
    # A name may hold a connector word when what follows it is not a phrase.
    assert parse_when("3 days before Back to School").refs == (EventRef("Back to School", 14),)
    calendar = ("next week", "le premier lundi de mars", "la semaine du 5 janvier")
    for phrase in ("J-30", "anchor", "mi-janvier", "asap", "3 days before the anchor", *calendar):
        assert parse_when(phrase).refs == ()


def test_when_keeps_text_origin_and_recurrence() -> None:
    origin = Pos("rules/v.toml", 12, 9)
    w = parse_when("tous les lundis", origin)
    assert (w.text, w.origin) == ("tous les lundis", origin)
    assert w.recurrence == Recurrence("week", 1, (0,)) == parse_every("every Monday")
    assert parse_when("mi-janvier").recurrence is None


# -- errors -----------------------------------------------------------------------------------

# (phrase, offset of the offending token, text the hint must contain or None for no check)
BAD_PHRASES: list[tuple[str, int, str | None]] = [
    ("", 0, "e.g."),
    ("   ", 0, "e.g."),
    ("mi-janvir", 3, "mi-janvier"),
    ("mi-", 3, "mi-janvier"),
    ("début janvir", 6, "janvier"),
    ("erly January", 0, "early January"),
    ("late Febuary", 5, "February"),
    ("first week of Marhc", 14, "March"),
    ("la premiere semaine de mrs", 23, "mars"),
    ("du 5 au 12 janvir", 11, "janvier"),
    ("entre mi-janvir et fin janvier", 9, "mi-janvier"),
    ("31 février", 0, "28 days"),
    ("30 février", 0, "29 in a leap year"),
    ("February 30", 9, "28 days"),
    ("April 31", 6, "30 days"),
    ("31 avril", 0, "30 days"),
    ("le 32 janvier", 3, "31 days"),
    ("29 février 2027", 0, "28 days"),
    ("2027-02-30", 8, "28 days"),
    ("2027-13-01", 5, "01 to 12"),
    ("every Funday", 6, "Sunday"),
    ("tous les lundis et", 18, "lundi"),
    ("3 à jours plus tard", 4, "3 à 5 jours plus tard"),
    ("3 days afterr Christmas", 7, "after"),
    ("la semaine avnt Noël", 11, "avant"),
    ("mi-janvier foo", 11, "mi-janvier"),
    ("asap now", 5, "asap"),
    ("early", 5, "early January"),
    ("J-", 2, "e.g. 'J-30'"),
    ("3 to 1 days later", 5, "did you mean '1 to 3 days later'?"),
    ("de 5 à 3 jours plus tard", 7, "did you mean 'de 3 à 5 jours plus tard'?"),
    ("3 jours", 7, "3 jours plus tard"),
    ("le 5", 4, "le 5 janvier"),
    ("sous 48 heures", 8, "sous 2 jours"),
    # A phrase that stops early gets an example of its complete form, which parses (below).
    ("from May 1 to", 13, "a range needs its end, e.g. 'from May 1 to May 20'"),
    ("du 5 mai au", 11, "a range needs its end, e.g. 'du 5 mai au 20 mai'"),
    ("du 5 janvier au", 15, "e.g. 'du 5 janvier au 20 janvier'"),
    ("between May 1 and", 17, "e.g. 'between May 1 and May 20'"),
    ("entre le 5 janvier et", 21, "e.g. 'entre le 5 janvier et le 20 janvier'"),
    ("from May 1st to", 15, "e.g. 'from May 1st to May 20th'"),
    ("du 1er mai au", 13, "e.g. 'du 1er mai au 20 mai'"),
    ("from 2027-05-01 to", 18, "e.g. 'from 2027-05-01 to 2027-05-20'"),
    ("du 28 janvier au", 16, "e.g. 'du 28 janvier au 10 février'"),
    ("from mid-January to", 19, "e.g. 'from mid-January to late January'"),
    ("de début janvier à", 18, "e.g. 'de début janvier à fin janvier'"),
    ("from late January to", 20, "e.g. 'from late January to early February'"),
    ("de janvier à", 12, "e.g. 'de janvier à février'"),
    ("du 5 au", 7, "a range needs its end, e.g. 'du 5 au 20 janvier'"),
    ("du 1er au", 9, "e.g. 'du 1er au 20 janvier'"),
    ("from the 5th to", 15, "e.g. 'from the 5th to January 20'"),
    ("from 5 to", 9, "e.g. 'from 5 to January 20'"),
    ("5 au", 4, "e.g. '5 au 20 janvier'"),
    ("entre le 5", 10, "a range needs 'et' and its end, e.g. 'entre le 5 et le 20 janvier'"),
    ("du 5", 4, "a range needs 'au' and its end, e.g. 'du 5 au 20 janvier'"),
    ("between the 5th", 15, "e.g. 'between the 5th and January 20'"),
    ("from the 5th", 12, "a range needs 'to' and its end, e.g. 'from the 5th to January 20'"),
    ("between May 1", 13, "e.g. 'between May 1 and May 20'"),
    ("de mi-janvier", 13, "a range needs 'à' and its end, e.g. 'de mi-janvier à fin janvier'"),
    ("entre Noël et", 13, "what comes next? e.g. 'entre le 5 et le 20 janvier'"),
    ("between Christmas and", 21, "what comes next? e.g. 'between May 1 and May 20'"),
    ("from Monday, January 4 to", 25, "what comes next? e.g. 'from May 1 to May 20'"),
    ("from", 4, "e.g. 'from May 1 to May 20'"),
    ("du", 2, "e.g. 'du 5 au 20 janvier'"),
    ("entre", 5, "e.g. 'entre le 5 et le 20 janvier'"),
    ("jusqu'au", 8, 'e.g. "jusqu\'au 20 mai"'),
    ("until", 5, "e.g. 'until May 20'"),
    ("avant", 5, "e.g. 'avant Noël'"),
    ("le jour de", 10, "e.g. 'le jour de Noël'"),
    ("tous les", 8, "e.g. 'tous les lundis'"),
    ("dans les", 8, 'e.g. "dans les 10 jours avant l\'ancre"'),
    ("in the", 6, "e.g. 'in the 10 days before the anchor'"),
    ("in the 3 days", 13, "e.g. 'in the 3 days before'"),
    ("dans les 3 jours", 16, "e.g. 'dans les 3 jours avant'"),
    # A missing number is inserted where it belongs; "jours" is no misspelling of "jour".
    ("3 to days later", 5, "a number of days, e.g. '3 to 5 days later'"),
    ("every 0 days", 6, "did you mean 'every day'?"),
    ("tous les 0 jours en janvier", 9, "did you mean 'tous les jours en janvier'?"),
    ("every 0 weeks in January", 6, "did you mean 'every week in January'?"),
    ("toutes les 0 semaines", 11, "did you mean 'toutes les semaines'?"),
    ("chaque 0 jour", 7, "did you mean 'chaque jour'?"),
    # weekdays of a month, weeks, next month: a misspelt word is respelt, and a phrase that
    # then still lacks its month gets one
    ("frist Monday of March", 0, "did you mean 'first Monday of March'?"),
    ("the frist Monday of March", 4, "did you mean 'the first Monday of March'?"),
    ("first Mondy of March", 6, "did you mean 'first Monday of March'?"),
    ("the first Monday in Marhc", 20, "did you mean 'the first Monday in March'?"),
    ("the seccond Saturday of May", 4, "did you mean 'the second Saturday of May'?"),
    ("le premeir lundi de mars", 3, "did you mean 'le premier lundi de mars'?"),
    ("le premeir lundi", 3, "did you mean 'le premier lundi de mars'?"),
    ("le premier lundii de mars", 11, "did you mean 'le premier lundi de mars'?"),
    ("le deuxeme samedi de mai", 3, "did you mean 'le deuxième samedi de mai'?"),
    ("le dernier vendredi de novembr", 23, "did you mean 'le dernier vendredi de novembre'?"),
    ("the first Monday", 16, "say which month, e.g. 'the first Monday of March'"),
    ("le premier lundi", 16, "say which month, e.g. 'le premier lundi de mars'"),
    ("first Monday of", 15, "e.g. 'first Monday of January'"),
    ("the first", 9, "e.g. 'the first Monday of March'"),
    ("le premier", 10, "e.g. 'le premier lundi de mars'"),
    ("6th Monday of March", 0, "did you mean 'last Monday of March'?"),
    ("le 6e lundi de mars", 3, "did you mean 'le dernier lundi de mars'?"),
    ("nxt month", 0, "did you mean 'next month'?"),
    ("le mois prochian", 8, "did you mean 'le mois prochain'?"),
    ("first week of next mnth", 19, "did you mean 'first week of next month'?"),
    ("next weke", 5, "did you mean 'next week'?"),
    ("la semaine prochiane", 11, "did you mean 'la semaine prochaine'?"),
    ("next", 4, "e.g. 'next week'"),
    ("the week of", 11, "say which day, e.g. 'the week of January 5'"),
    ("la semaine du", 13, "say which day, e.g. 'la semaine du 5 janvier'"),
    ("la semaine du 5 janvir", 16, "did you mean 'la semaine du 5 janvier'?"),
    ("the week of 31 February", 12, "28 days"),
    ("la semaine du 32 janvier", 14, "31 days"),
]

# A suggestion in a hint, quoted after "did you mean", "e.g." or "or": what a user would paste.
_SUGGESTION = re.compile(r"(?:did you mean|e\.g\.|,| or) ('[^']*'|\"[^\"]*\")")


def suggestions(hint: str) -> list[str]:
    return [quoted[1:-1] for quoted in _SUGGESTION.findall(hint)]


def test_suggestions_are_found_in_hints() -> None:
    assert suggestions("a range needs its end, e.g. 'from May 1 to May 20'") == [
        "from May 1 to May 20"
    ]
    assert suggestions("e.g. \"avant l'ancre\" or 'avant le 14 février' (…)") == [
        "avant l'ancre",
        "avant le 14 février",
    ]
    assert suggestions("hours belong in `duration`, e.g. duration = '48 heures'") == []


@pytest.mark.parametrize(("phrase", "offset", "hint"), BAD_PHRASES)
def test_bad_phrases(phrase: str, offset: int, hint: str | None) -> None:
    with pytest.raises(PhraseError) as caught:
        parse_when(phrase)
    e = caught.value
    assert (e.offset, e.phrase) == (offset, phrase), str(e)
    assert e.message
    if hint is not None:
        assert e.hint and hint in e.hint, str(e)
    for suggestion in suggestions(e.hint or ""):
        parse_when(suggestion)  # what a hint suggests is a phrase


def test_every_complete_example_parses() -> None:
    for example in COMPLETE:
        try:
            parse_when(example)
        except PhraseError:
            parse_duration(example)


def test_error_position_in_the_rule_file() -> None:
    with pytest.raises(PhraseError) as caught:
        parse_when("mi-janvir", Pos("rules/v.toml", 12, 9))
    assert caught.value.pos == Pos("rules/v.toml", 12, 12)
    assert str(caught.value).startswith("rules/v.toml:12:12: error: expected a month after 'mi-'")
    assert caught.value.hint == "did you mean 'mi-janvier'?"


# Phrases that parse but cannot be resolved in their context: (phrase, ctx, offset, hint).
UNKNOWN = FakeContext(start=D("2026-12-01"), suggestions=())
UNKNOWN_NO_ANCHOR = FakeContext(start=D("2026-01-15"), anchor=None, suggestions=())
UNRESOLVABLE = [
    ("J-30", NO_ANCHOR, 0, "anchor"),
    ("30 days before", NO_ANCHOR, 8, "anchor"),
    ("every Monday", NO_ANCHOR, 0, "every"),
    ("3 jours après conversion", VALENTINE, 14, None),
    ("3 days after Easter", VALENTINE, 13, "valentines_day"),
    ("3 days after awarenes", VALENTINE, 13, "awareness"),
    ("29 février", VALENTINE, 0, "28 days"),
    ("lundi 5 janvier 2027", VALENTINE, 0, "did you mean 'mardi 5 janvier 2027'?"),
    ("du 12 au 5 janvier", VALENTINE, 9, "earlier"),
    ("du lundi 4 au samedi 8 janvier", VALENTINE, 14, "'du lundi 4 au vendredi 8 janvier'"),
    ("3 days later", FakeContext(start=D("2026-12-01"), stages={}), 7, None),
    # No known name is close: the phrase with the anchor or a date instead, each resolved.
    ("avant kermesse", UNKNOWN, 6, "e.g. \"avant l'ancre\" or 'avant le 14 février'"),
    ("avant la fête du slip", UNKNOWN, 9, "e.g. \"avant l'ancre\" or 'avant le 14 février'"),
    # "du" is "de le": not "du l'ancre", nor "du le 14 février".
    (
        "la veille du truc",
        UNKNOWN,
        13,
        "e.g. \"la veille de l'ancre\" or 'la veille du 14 février'",
    ),
    ("la veille des trucs", UNKNOWN, 10, 'e.g. "la veille de l\'ancre"'),
    ("before payday", UNKNOWN, 7, "e.g. 'before the anchor' or 'before February 14'"),
    ("3 jours après demain", UNKNOWN, 14, 'e.g. "3 jours après l\'ancre"'),
    ("3 days after Easter", UNKNOWN_NO_ANCHOR, 13, "e.g. '3 days after February 14'"),
    ("avant kermesse", UNKNOWN_NO_ANCHOR, 6, "e.g. 'avant le 14 février'"),
    ("until payday", UNKNOWN, 6, "e.g. 'until the anchor' or 'until February 14'"),
    ("on my birthday", UNKNOWN_NO_ANCHOR, 3, "e.g. 'on February 14'"),
    # a fifth weekday the month lacks: at the ordinal, with the last one as the fix
    ("fifth Monday of April", VALENTINE, 0, "did you mean 'last Monday of April'?"),
    ("the 5th Monday of April", VALENTINE, 4, "did you mean 'the last Monday of April'?"),
    ("le cinquième lundi d'avril", VALENTINE, 3, 'did you mean "le dernier lundi d\'avril"?'),
    ("le 5e lundi d'avril", VALENTINE, 3, 'did you mean "le dernier lundi d\'avril"?'),
    ("3 days after the fifth Monday of April", VALENTINE, 17, "'3 days after the last Monday"),
    ("fifth Monday of March 2028", VALENTINE, 0, "did you mean 'last Monday of March 2028'?"),
    ("the fifth Monday of February", LEAP, 4, "did you mean 'the last Monday of February'?"),
    ("le cinquième mardi de février", VALENTINE, 3, "le dernier mardi de février"),
    ("la semaine du 29 février", VALENTINE, 14, "28 days"),
    (
        "the week of Monday, January 5, 2027",
        VALENTINE,
        12,
        "'the week of Tuesday, January 5, 2027'",
    ),
    ("05/01/2027", VALENTINE, 0, "'January 5, 2027' or 'May 1, 2027'"),
]


@pytest.mark.parametrize(("phrase", "ctx", "offset", "hint"), UNRESOLVABLE)
def test_unresolvable(phrase: str, ctx: FakeContext, offset: int, hint: str | None) -> None:
    when = parse_when(phrase, Pos("r.toml", 3, 8))
    with pytest.raises(PhraseError) as caught:
        when.resolve(ctx)
    assert caught.value.offset == offset, str(caught.value)
    assert caught.value.pos == Pos("r.toml", 3, 8 + offset)
    if hint is not None:
        assert caught.value.hint and hint in caught.value.hint, str(caught.value)
    hint_text = caught.value.hint or ""
    if "did you mean" not in hint_text:  # which suggests a name, not a phrase
        for suggestion in suggestions(hint_text):
            parse_when(suggestion).resolve(ctx)


@pytest.mark.parametrize(
    ("phrase", "message", "fixed"),
    [
        ("fifth Monday of April", "April 2027 has four Mondays, not five", "2027-04-26"),
        ("le 5e vendredi de mai 2027", "May 2027 has four Fridays, not five", "2027-05-28"),
    ],
)
def test_a_missing_fifth_weekday_suggests_the_last(phrase: str, message: str, fixed: str) -> None:
    with pytest.raises(PhraseError) as caught:
        parse_when(phrase).resolve(VALENTINE)
    assert caught.value.message == message
    (suggestion,) = suggestions(caught.value.hint or "")
    assert window(suggestion, VALENTINE) == (D(fixed), D(fixed))


# -- recurrences ------------------------------------------------------------------------------

JANUARY_MONDAYS = ["2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25"]
MONDAYS_THURSDAYS = [
    *("2027-01-04", "2027-01-07", "2027-01-11", "2027-01-14"),
    *("2027-01-18", "2027-01-21", "2027-01-25", "2027-01-28"),
]
BUSINESS_DAYS = [
    *("2026-12-24", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"),
    *("2027-01-04", "2027-01-05"),
]
RECURRENCES = [
    # Numbers in words past twelve; "quinze jours" is two weeks in French usage.
    ("tous les trente jours", "2027-01-01", "2027-03-01", ["2027-01-01", "2027-01-31"]),
    ("tous les quinze jours", "2027-01-01", "2027-01-20", ["2027-01-01", "2027-01-15"]),
    ("every Monday", "2027-01-01", "2027-01-31", JANUARY_MONDAYS),
    ("tous les lundis", "2027-01-01", "2027-01-31", JANUARY_MONDAYS),
    ("chaque lundi", "2027-01-01", "2027-01-31", JANUARY_MONDAYS),
    ("le lundi", "2027-01-01", "2027-01-31", JANUARY_MONDAYS),
    ("Mondays", "2027-01-01", "2027-01-31", JANUARY_MONDAYS),
    ("lundi", "2027-01-01", "2027-01-31", JANUARY_MONDAYS),
    ("every Monday", "2027-01-04", "2027-01-25", JANUARY_MONDAYS),  # closed range
    ("every Monday and Thursday", "2027-01-01", "2027-01-31", MONDAYS_THURSDAYS),
    ("le lundi et le jeudi", "2027-01-01", "2027-01-31", MONDAYS_THURSDAYS),
    ("tous les lundis et jeudis", "2027-01-01", "2027-01-31", MONDAYS_THURSDAYS),
    ("chaque lundi et jeudi", "2027-01-01", "2027-01-31", MONDAYS_THURSDAYS),
    (
        "every Monday, Wednesday and Friday",
        "2027-01-01",
        "2027-01-10",
        ["2027-01-01", "2027-01-04", "2027-01-06", "2027-01-08"],
    ),
    (
        "every 3 days",
        "2027-01-01",
        "2027-01-10",
        ["2027-01-01", "2027-01-04", "2027-01-07", "2027-01-10"],
    ),
    (
        "tous les 3 jours",
        "2027-01-01",
        "2027-01-10",
        ["2027-01-01", "2027-01-04", "2027-01-07", "2027-01-10"],
    ),
    (
        "tous les trois jours",
        "2027-01-01",
        "2027-01-07",
        ["2027-01-01", "2027-01-04", "2027-01-07"],
    ),
    ("3 jours", "2027-01-01", "2027-01-07", ["2027-01-01", "2027-01-04", "2027-01-07"]),
    ("every 2 weeks", "2027-01-05", "2027-02-05", ["2027-01-05", "2027-01-19", "2027-02-02"]),
    (
        "toutes les 2 semaines",
        "2027-01-05",
        "2027-02-05",
        ["2027-01-05", "2027-01-19", "2027-02-02"],
    ),
    ("toutes les deux semaines le lundi", "2027-01-01", "2027-01-31", ["2027-01-04", "2027-01-18"]),
    ("every other Monday", "2027-01-01", "2027-01-31", ["2027-01-04", "2027-01-18"]),
    (
        "weekly",
        "2027-01-06",
        "2027-01-31",
        ["2027-01-06", "2027-01-13", "2027-01-20", "2027-01-27"],
    ),
    (
        "every week",
        "2027-01-06",
        "2027-01-31",
        ["2027-01-06", "2027-01-13", "2027-01-20", "2027-01-27"],
    ),
    (
        "chaque semaine",
        "2027-01-06",
        "2027-01-31",
        ["2027-01-06", "2027-01-13", "2027-01-20", "2027-01-27"],
    ),
    ("toutes les semaines", "2027-01-06", "2027-01-20", ["2027-01-06", "2027-01-13", "2027-01-20"]),
    ("daily", "2027-01-01", "2027-01-03", ["2027-01-01", "2027-01-02", "2027-01-03"]),
    ("every day", "2027-01-01", "2027-01-03", ["2027-01-01", "2027-01-02", "2027-01-03"]),
    ("tous les jours", "2027-01-01", "2027-01-03", ["2027-01-01", "2027-01-02", "2027-01-03"]),
    ("chaque jour", "2027-01-01", "2027-01-03", ["2027-01-01", "2027-01-02", "2027-01-03"]),
    ("un jour sur deux", "2027-01-01", "2027-01-05", ["2027-01-01", "2027-01-03", "2027-01-05"]),
    ("every business day", "2026-12-24", "2027-01-05", BUSINESS_DAYS),
    ("tous les jours ouvrés", "2026-12-24", "2027-01-05", BUSINESS_DAYS),
    ("chaque jour ouvrable", "2026-12-24", "2027-01-05", BUSINESS_DAYS),
    (
        "every weekday",
        "2027-01-01",
        "2027-01-07",
        ["2027-01-01", *("2027-01-0" + d for d in "4567")],
    ),
    # daylight-saving Sundays are ordinary dates
    ("every Sunday", "2027-03-14", "2027-03-28", ["2027-03-14", "2027-03-21", "2027-03-28"]),
    ("tous les dimanches", "2027-10-31", "2027-11-07", ["2027-10-31", "2027-11-07"]),
    ("every Monday", "2027-01-31", "2027-01-01", []),  # empty range
]


@pytest.mark.parametrize(("text", "start", "end", "expected"), RECURRENCES)
def test_recurrence_dates(text: str, start: str, end: str, expected: list[str]) -> None:
    dates = parse_every(text).dates(D(start), D(end), VALENTINE.is_business_day)
    assert list(dates) == [D(s) for s in expected]


def test_business_days_default_to_monday_to_friday() -> None:
    dates = parse_every("every business day").dates(D("2026-12-24"), D("2026-12-29"))
    assert list(dates) == [D("2026-12-24"), D("2026-12-25"), D("2026-12-28"), D("2026-12-29")]


def test_a_million_dates_with_plain_arithmetic() -> None:
    start = D("2000-01-01")
    dates = parse_every("daily").dates(start, start + timedelta(days=999_999))
    count = sum(1 for _ in dates)
    assert count == 1_000_000
    weekly = list(parse_every("weekly").dates(start, start + timedelta(weeks=10)))
    assert len(weekly) == 11 and weekly[-1] - weekly[0] == timedelta(weeks=10)


BAD_RECURRENCES = [
    ("every Funday", 6, "Sunday"),
    ("tous les lundiss", 9, "lundis"),
    ("", 0, "every Monday"),
    ("every", 5, None),
    ("every 0 days", 6, "did you mean 'every day'?"),
    ("chaque 0 semaines", 7, "did you mean 'chaque semaine'?"),
    ("tous les 0 jours", 9, "did you mean 'tous les jours'?"),
    ("0 jours", 0, "did you mean 'jours'?"),
    ("tous les", 8, "e.g. 'tous les lundis'"),
]


@pytest.mark.parametrize(("text", "offset", "hint"), BAD_RECURRENCES)
def test_bad_recurrences(text: str, offset: int, hint: str | None) -> None:
    with pytest.raises(PhraseError) as caught:
        parse_every(text)
    assert caught.value.offset == offset, str(caught.value)
    if hint is not None:
        assert caught.value.hint and hint in caught.value.hint, str(caught.value)
    for suggestion in suggestions(caught.value.hint or ""):
        parse_every(suggestion)


# -- durations and times ----------------------------------------------------------------------

H, M, DAY = timedelta(hours=1), timedelta(minutes=1), timedelta(days=1)
DURATIONS = [
    ("trente jours", 30 * DAY),
    ("pendant quinze jours", 14 * DAY),
    ("twenty-one days", 21 * DAY),
    ("48 heures", 48 * H),
    ("48 hours", 48 * H),
    ("48h", 48 * H),
    ("48 h", 48 * H),
    ("for 2 days", 2 * DAY),
    ("pendant 3 jours", 3 * DAY),
    ("1 semaine", 7 * DAY),
    ("une semaine", 7 * DAY),
    ("a week", 7 * DAY),
    ("30 min", 30 * M),
    ("1h30", 90 * M),
    ("1 h 30", 90 * M),
    ("2 weeks", 14 * DAY),
    ("30 jours", 30 * DAY),
    ("douze jours", 12 * DAY),
    ("0 days", timedelta(0)),
    ("1h", H),
    ("an hour", H),
    ("une heure", H),
    ("90 minutes", 90 * M),
    ("1 day 12 hours", 36 * H),
    ("1 jour et 12 heures", 36 * H),
    ("1.5 hours", 90 * M),
    ("1,5 heure", 90 * M),
    ("une demi-heure", 30 * M),
    ("half an hour", 30 * M),
    ("PT1H", H),
    ("P3D", 3 * DAY),
    ("7 Jours", 7 * DAY),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


BAD_DURATIONS = [
    ("1 month", 2, "30 days"),
    ("3 business days", 2, "calendar"),
    ("48", 2, None),
    ("heures", 0, None),
    ("", 0, "48 heures"),
    ("48 heurs", 3, "heures"),
]


@pytest.mark.parametrize(("text", "offset", "hint"), BAD_DURATIONS)
def test_bad_durations(text: str, offset: int, hint: str | None) -> None:
    with pytest.raises(PhraseError) as caught:
        parse_duration(text)
    assert caught.value.offset == offset, str(caught.value)
    if hint is not None:
        assert caught.value.hint and hint in caught.value.hint, str(caught.value)


TIMES = [
    ("11:00", [time(11)]),
    ("9h30", [time(9, 30)]),
    ("19 h", [time(19)]),
    ("11h", [time(11)]),
    ("11h00", [time(11)]),
    ("7pm", [time(19)]),
    ("7:30 pm", [time(19, 30)]),
    ("7 p.m.", [time(19)]),
    ("12am", [time(0)]),
    ("12pm", [time(12)]),
    ("midi", [time(12)]),
    ("11:00, 19:00", [time(11), time(19)]),
    ("19:00, 11:00", [time(19), time(11)]),  # order of preference is kept
    ("11h et 19h", [time(11), time(19)]),
    ("9h30 and 7pm", [time(9, 30), time(19)]),
    ("8:00, 12:30 et 18h", [time(8), time(12, 30), time(18)]),
]


@pytest.mark.parametrize(("text", "expected"), TIMES)
def test_times(text: str, expected: list[time]) -> None:
    assert parse_times(text) == expected


BAD_TIMES = [
    ("25:00", 0, None),
    ("11:75", 3, None),
    ("11", 0, "11:00"),
    ("13pm", 0, None),
    ("", 0, "11:00"),
    ("11:00,", 6, None),
]


@pytest.mark.parametrize(("text", "offset", "hint"), BAD_TIMES)
def test_bad_times(text: str, offset: int, hint: str | None) -> None:
    with pytest.raises(PhraseError) as caught:
        parse_times(text)
    assert caught.value.offset == offset, str(caught.value)
    if hint is not None:
        assert caught.value.hint and hint in caught.value.hint, str(caught.value)


# -- in rule files, through the command line -------------------------------------------------

# (stage, when, first day it may publish): planned on Wednesday 2027-01-13, Blog publishes on
# weekdays from 09:00, so each step lands on the first weekday of its window.
RULE_STEPS = {
    "en": [
        ("awareness", "next week", "2027-01-18"),
        ("consideration", "next month", "2027-02-01"),
        ("conversion", "3 days after the first Monday of March", "2027-03-04"),
        ("conversion", "the week of March 20", "2027-03-15"),
        ("conversion", "the last Friday of March", "2027-03-26"),
    ],
    "fr": [
        ("sensibilisation", "la semaine prochaine", "2027-01-18"),
        ("considération", "le mois prochain", "2027-02-01"),
        ("achat", "3 jours après le 1er lundi de mars", "2027-03-04"),
        ("achat", "la semaine du 20 mars", "2027-03-15"),
        ("achat", "le dernier vendredi de mars", "2027-03-26"),
    ],
}


def _rule_file(locale: str, channel: str) -> str:
    steps = "".join(
        f'\n[[step]]\nstage = "{stage}"\nwhen = "{when}"\nchannels = ["{channel}"]\n'
        f'content = "{when}"\n'
        for stage, when, _ in RULE_STEPS[locale]
    )
    return (
        f'[campaign]\nname = "{locale}"\nanchor = "asap"\nlocale = "{locale}"\n'
        f'journey = "3-stage"\n{steps}'
    )


def test_new_phrases_plan_and_check_from_rule_files(
    cli: Callable[..., Result], write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    write_rule("spring.toml", _rule_file("en", "blog"))
    write_rule("printemps.toml", _rule_file("fr", "website"))
    check = cli("check", "--start", "2027-01-13", cwd=workspace)
    assert check.exit_code == 0, check.output
    assert "2 campaign(s) checked: 0 error(s), 0 warning(s)" in check.output
    for name, locale in (("spring", "en"), ("printemps", "fr")):
        plan = cli("plan", name, "--start", "2027-01-13", "--format", "json", cwd=workspace)
        assert plan.exit_code == 0, plan.output
        published = [i for i in json.loads(plan.stdout) if i["kind"] == "publish"]
        assert [(i["brief"], i["start"][:10]) for i in published] == [
            (when, day) for _, when, day in RULE_STEPS[locale]
        ]


def test_a_missing_fifth_weekday_in_a_rule_file(
    cli: Callable[..., Result], write_rule: Callable[[str, str], Path], workspace: Path
) -> None:
    write_rule(
        "avril.toml",
        '[campaign]\nname = "Avril"\nanchor = "valentines_day"\n\n[[step]]\n'
        'stage = "sensibilisation"\nwhen = "le cinquième lundi d\'avril"\n'
        'channels = ["blog"]\ncontent = "x"\n',
    )
    for command in ("plan", "check"):
        result = cli(command, "avril", "--start", "2026-12-01", cwd=workspace)
        assert result.exit_code == 2, result.output
        assert "avril.toml:7:12: error: April 2027 has four Mondays, not five" in result.stderr
        assert 'hint: did you mean "le dernier lundi d\'avril"?' in result.stderr
    assert cli("plan", "avril", "--start", "2026-12-01", cwd=workspace).stdout == ""


# -- the package's own rules ------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parent.parent / "planner" / "phrases"


def test_no_clock_is_read() -> None:
    clock = re.compile(r"\b(today|now|utcnow)\(|time\.time\(")
    for source in PACKAGE.glob("*.py"):
        assert not clock.search(source.read_text(encoding="utf-8")), source.name


def test_import_is_light() -> None:
    heavy = "('pendulum', 'dateutil', 'holidays', 'sqlalchemy', 'click')"
    code = f"import sys, planner.phrases; print([m for m in {heavy} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_fake_contexts_have_all_that_expansion_gives() -> None:
    """A fake lacking a member of the protocol fails only on the phrase that needs it: CI's
    random seed once found "prochain as soon as possible" asking for event_after."""
    from planner.phrases.types import Context
    from tests.test_phrase_properties import Ctx

    members = {n for n in vars(Context) if not n.startswith("_")}
    for fake in (VALENTINE, Ctx()):
        assert {n for n in members if not hasattr(fake, n)} == set(), type(fake).__name__
