"""The named-event catalogue against published dates, and its data files' error reporting.

Every expected date below was written by hand from the cited source or a printed calendar, never
produced by planner.events; ``_check_table`` re-derives each table with the stdlib ``calendar``
module (an independent method) so that a typo in a table cannot pass unnoticed.
"""

from __future__ import annotations

import calendar
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.easter import easter as dateutil_easter

from planner.errors import EventError
from planner.events import Catalog, Occurrence

ROOT = Path(__file__).resolve().parent.parent
BUILTIN = ROOT / "calendars"
YEARS = range(2025, 2036)
SUN, MON, WED, THU = 6, 0, 2, 3


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load([BUILTIN])


def d(text: str) -> date:
    return date.fromisoformat(text)


def nth(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 last) weekday of a month, from calendar.monthcalendar."""
    days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
    return date(year, month, days[n - 1 if n > 0 else n])


def _check_table(table: dict[int, str], expected: dict[int, date]) -> None:
    assert {y: d(v) for y, v in table.items()} == expected


# -- Mother's and Father's Day -------------------------------------------------------------------

# US: 2nd Sunday of May (36 U.S.C. §117); timeanddate.com "Mother's Day in the USA" list.
US_MOTHERS = {2025: "2025-05-11", 2026: "2026-05-10", 2027: "2027-05-09", 2028: "2028-05-14",
              2029: "2029-05-13", 2030: "2030-05-12", 2031: "2031-05-11", 2032: "2032-05-09",
              2033: "2033-05-08", 2034: "2034-05-14", 2035: "2035-05-13"}  # fmt: skip
# FR: last Sunday of May, the 1st of June when Pentecost takes it (CASF art. D215-1);
# 2034 is the only such year in range (seasonal-events.md; Pentecost 2034 = 28 May).
FR_MOTHERS = {2025: "2025-05-25", 2026: "2026-05-31", 2027: "2027-05-30", 2028: "2028-05-28",
              2029: "2029-05-27", 2030: "2030-05-26", 2031: "2031-05-25", 2032: "2032-05-30",
              2033: "2033-05-29", 2034: "2034-06-04", 2035: "2035-05-27"}  # fmt: skip
# FR and US: 3rd Sunday of June (36 U.S.C. §109; lci.fr 2020).
FATHERS = {2025: "2025-06-15", 2026: "2026-06-21", 2027: "2027-06-20", 2028: "2028-06-18",
           2029: "2029-06-17", 2030: "2030-06-16", 2031: "2031-06-15", 2032: "2032-06-20",
           2033: "2033-06-19", 2034: "2034-06-18", 2035: "2035-06-17"}  # fmt: skip
# GB Mothering Sunday = Easter - 21 days (pairfum.com; alarmclock.top 2028-35 list).
GB_MOTHERING = {2025: "2025-03-30", 2026: "2026-03-15", 2027: "2027-03-07", 2028: "2028-03-26",
                2029: "2029-03-11", 2030: "2030-03-31", 2031: "2031-03-23", 2032: "2032-03-07",
                2033: "2033-03-27", 2034: "2034-03-19", 2035: "2035-03-04"}  # fmt: skip


def test_tables_agree_with_an_independent_computation() -> None:
    _check_table(US_MOTHERS, {y: nth(y, 5, SUN, 2) for y in YEARS})
    _check_table(FATHERS, {y: nth(y, 6, SUN, 3) for y in YEARS})
    pentecost = {y: dateutil_easter(y) + timedelta(days=49) for y in YEARS}
    last = {y: nth(y, 5, SUN, -1) for y in YEARS}
    fr = {y: nth(y, 6, SUN, 1) if last[y] == pentecost[y] else last[y] for y in YEARS}
    _check_table(FR_MOTHERS, fr)
    _check_table(GB_MOTHERING, {y: dateutil_easter(y) - timedelta(days=21) for y in YEARS})


@pytest.mark.parametrize("year", YEARS)
def test_mothers_and_fathers_day(catalog: Catalog, year: int) -> None:
    assert catalog.date("mothers_day", "FR", year) == (d(FR_MOTHERS[year]),) * 2
    assert catalog.date("mothers_day", "US", year) == (d(US_MOTHERS[year]),) * 2
    assert catalog.date("mothers_day", "GB", year) == (d(GB_MOTHERING[year]),) * 2
    for country in ("FR", "US", "CA", "CA-QC", "GB"):
        assert catalog.date("fathers_day", country, year)[0] == d(FATHERS[year])


def test_fr_and_us_mothers_day_differ_in_the_same_year(catalog: Catalog) -> None:
    assert catalog.date("mothers_day", "FR", 2027)[0] == date(2027, 5, 30)
    assert catalog.date("mothers_day", "US", 2027)[0] == date(2027, 5, 9)


def test_french_mothers_day_gives_way_to_pentecost(catalog: Catalog) -> None:
    # 2023 and 2034: Pentecost on the last Sunday of May (europe1.fr 2023; seasonal-events.md).
    assert catalog.date("pentecost", None, 2034)[0] == date(2034, 5, 28)
    assert catalog.date("mothers_day", "FR", 2034) == (date(2034, 6, 4), date(2034, 6, 4))
    assert catalog.date("mothers_day", "FR", 2023)[0] == date(2023, 6, 4)
    assert catalog.date("mothers_day", "FR", 2024)[0] == date(2024, 5, 26)


def test_belgian_and_swiss_variants(catalog: Catalog) -> None:
    # BE fathers: 2nd Sunday of June (rtbf.be 2022); CH: 1st Sunday of June (nau.ch).
    assert catalog.date("fathers_day", "BE", 2026)[0] == date(2026, 6, 14)
    assert catalog.date("fathers_day", "CH", 2026)[0] == date(2026, 6, 7)
    assert catalog.date("mothers_day_antwerp", "BE", 2026)[0] == date(2026, 8, 15)


# -- Easter and the computus ---------------------------------------------------------------------


def test_easter_matches_dateutil_from_1900_to_2200(catalog: Catalog) -> None:
    for year in range(1900, 2201):
        expected = dateutil_easter(year)
        assert catalog.date("easter_sunday", None, year) == (expected, expected), year
        assert catalog.date("pentecost", "FR", year)[0] == expected + timedelta(days=49)


def test_easter_published_dates(catalog: Catalog) -> None:
    # Well-known Western Easter dates (including the earliest/latest ones of the century).
    for text in ("2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "2008-03-23"):
        assert catalog.date("easter_sunday", "US", d(text).year)[0] == d(text)


# -- Commerce ------------------------------------------------------------------------------------

# Black Friday = day after the 4th Thursday of November (5 U.S.C. §6103); 2025: 28 Nov.
BLACK_FRIDAY = {2025: "2025-11-28", 2026: "2026-11-27", 2027: "2027-11-26", 2028: "2028-11-24",
                2029: "2029-11-23", 2030: "2030-11-29", 2031: "2031-11-28", 2032: "2032-11-26",
                2033: "2033-11-25", 2034: "2034-11-24", 2035: "2035-11-23"}  # fmt: skip
# Canadian Thanksgiving: 2nd Monday of October (proclamation of 31 Jan 1957).
CA_THANKSGIVING = {2025: "2025-10-13", 2026: "2026-10-12", 2027: "2027-10-11", 2028: "2028-10-09",
                   2029: "2029-10-08", 2030: "2030-10-14", 2031: "2031-10-13", 2032: "2032-10-11",
                   2033: "2033-10-10", 2034: "2034-10-09", 2035: "2035-10-08"}  # fmt: skip


def test_commerce_tables_agree_with_an_independent_computation() -> None:
    _check_table(BLACK_FRIDAY, {y: nth(y, 11, THU, 4) + timedelta(days=1) for y in YEARS})
    _check_table(CA_THANKSGIVING, {y: nth(y, 10, MON, 2) for y in YEARS})


@pytest.mark.parametrize("year", YEARS)
def test_black_friday_cyber_monday_thanksgiving(catalog: Catalog, year: int) -> None:
    friday = d(BLACK_FRIDAY[year])
    for country in (None, "FR", "US", "CA-QC", "GB"):
        # Black Friday follows US Thanksgiving even where Thanksgiving is in October.
        assert catalog.date("black_friday", country, year)[0] == friday
        assert catalog.date("cyber_monday", country, year)[0] == friday + timedelta(days=3)
    assert catalog.date("thanksgiving", "US", year)[0] == friday - timedelta(days=1)
    assert catalog.date("thanksgiving", "CA", year)[0] == d(CA_THANKSGIVING[year])
    assert catalog.date("thanksgiving", "CA-QC", year)[0] == d(CA_THANKSGIVING[year])


# French sales, published national dates (service-public.fr / economie.gouv.fr announcements);
# the summer overrides from the arrêtés cited in seasonal-events.md.
SOLDES = [
    ("soldes_hiver", "2022-01-12", "2022-02-08"),
    ("soldes_hiver", "2023-01-11", "2023-02-07"),
    ("soldes_hiver", "2024-01-10", "2024-02-06"),
    ("soldes_hiver", "2025-01-08", "2025-02-04"),
    ("soldes_hiver", "2026-01-07", "2026-02-03"),
    ("soldes_ete", "2020-07-15", "2020-08-11"),  # arrêté du 10 juin 2020
    ("soldes_ete", "2021-06-30", "2021-07-27"),
    ("soldes_ete", "2022-06-22", "2022-07-19"),
    ("soldes_ete", "2023-06-28", "2023-08-01"),  # extended to 5 weeks, arrêté du 6 juil. 2023
    ("soldes_ete", "2024-06-26", "2024-07-23"),
    ("soldes_ete", "2025-06-25", "2025-07-22"),
    ("soldes_ete", "2026-06-24", "2026-07-21"),
]


@pytest.mark.parametrize(("key", "start", "end"), SOLDES)
def test_french_sales_published(catalog: Catalog, key: str, start: str, end: str) -> None:
    assert catalog.date(key, "FR", d(start).year) == (d(start), d(end))


def test_french_sales_rule_2027_2035(catalog: Catalog) -> None:
    # The arrêté's wording, re-implemented with calendar: 2nd Wednesday of January, the 1st when
    # the 2nd is after the 12th; last Wednesday of June, the one before when after the 28th.
    for year in YEARS:
        second = nth(year, 1, WED, 2)
        winter = second if second.day <= 12 else nth(year, 1, WED, 1)
        last = nth(year, 6, WED, -1)
        summer = last if last.day <= 28 else last - timedelta(days=7)
        four_weeks = timedelta(days=27)
        assert catalog.date("soldes_hiver", "FR", year) == (winter, winter + four_weeks)
        if year != 2023:
            assert catalog.date("soldes_ete", "FR", year) == (summer, summer + four_weeks)
    assert catalog.date("soldes_ete", "FR", 2027)[0] == date(2027, 6, 23)  # 30 June is after 28


def test_weekend_shifts(catalog: Catalog) -> None:
    # OPM: 4 July 2026 is a Saturday -> observed Friday 3 July; 2027 Sunday -> Monday 5 July.
    assert catalog.date("independence_day_observed", "US", 2026)[0] == date(2026, 7, 3)
    assert catalog.date("independence_day_observed", "US", 2027)[0] == date(2027, 7, 5)
    assert catalog.date("independence_day_observed", "US", 2025)[0] == date(2025, 7, 4)
    # gov.uk bank holidays: Boxing Day 2026 (Sat) and 2027 (Sun) are substituted by 28 Dec.
    assert catalog.date("boxing_day_bank_holiday", "GB", 2026)[0] == date(2026, 12, 28)
    assert catalog.date("boxing_day_bank_holiday", "GB", 2027)[0] == date(2027, 12, 28)
    assert catalog.date("boxing_day_bank_holiday", "GB", 2025)[0] == date(2025, 12, 26)
    # Holidays Act: 1 July 2029 is a Sunday -> 2 July.
    assert catalog.date("canada_day_observed", "CA-QC", 2029)[0] == date(2029, 7, 2)
    # Galette des rois: the Sunday from 2 to 8 January; 8 Jan in 2023 and 2034 (tf1info 2023).
    assert catalog.date("epiphany_sunday", "FR", 2023)[0] == date(2023, 1, 8)
    assert catalog.date("epiphany_sunday", "FR", 2034)[0] == date(2034, 1, 8)
    assert catalog.date("epiphany_sunday", "FR", 2026)[0] == date(2026, 1, 4)


def test_fixed_days(catalog: Catalog) -> None:
    for key, month, day in [("valentines_day", 2, 14), ("christmas", 12, 25),
                            ("new_years_day", 1, 1), ("halloween", 10, 31)]:  # fmt: skip
        for country in (None, "FR", "US", "CA-QC"):
            assert catalog.date(key, country, 2027) == (date(2027, month, day),) * 2
    assert catalog.date("chandeleur", "FR", 2027)[0] == date(2027, 2, 2)
    assert catalog.date("chandeleur", "CA-QC", 2027)[0] == date(2027, 2, 2)


# -- Lookup by name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("la Saint-Valentin", "valentines_day"),
        ("the Valentine's Day", "valentines_day"),
        ("Valentine\u2019s Day", "valentines_day"),
        ("Saint-Valentin", "valentines_day"),
        ("saint valentin", "valentines_day"),
        ("valentines_day", "valentines_day"),
        ("le Black Friday", "black_friday"),
        ("Noël", "christmas"),
        ("noel", "christmas"),
        ("Christmas", "christmas"),
        ("fête des mères", "mothers_day"),
        ("la Fête des Mères", "mothers_day"),
        ("Mother's Day", "mothers_day"),
        ("Mothers Day", "mothers_day"),
        ("Mothering Sunday", "mothers_day"),
        ("la fête des pères", "fathers_day"),
        ("Pâques", "easter_sunday"),
        ("la Pentecôte", "pentecost"),
        ("la Chandeleur", "chandeleur"),
        ("l'Épiphanie", "epiphany"),
        ("les soldes d'été", "soldes_ete"),
        ("St. Patrick's Day", "st_patricks_day"),
    ],
)
def test_key_for(catalog: Catalog, name: str, key: str) -> None:
    assert catalog.key_for(name) == key


def test_unknown_names_and_suggestions(catalog: Catalog) -> None:
    assert catalog.key_for("Saint-Glinglin") is None
    assert catalog.key_for("") is None
    assert "Saint-Valentin" in catalog.suggest("Saint-Valentn")
    assert "Black Friday" in catalog.suggest("blak friday")
    assert catalog.suggest("zzzzzzzz") == []


def test_names_by_locale(catalog: Catalog) -> None:
    assert catalog.name("valentines_day", "fr") == "Saint-Valentin"
    assert catalog.name("valentines_day", "en") == "Valentine's Day"
    assert catalog.name("christmas", "fr_CA") == "Noël"
    assert catalog.name("christmas", "de") == "Christmas"
    assert catalog.name("mothers_day", "en", "GB") == "Mothering Sunday"
    assert catalog.name("mothers_day", "fr", "FR") == "Fête des mères"
    with pytest.raises(EventError):
        catalog.name("no_such_event", "en")


def test_date_accepts_a_name(catalog: Catalog) -> None:
    assert catalog.date("la Saint-Valentin", "FR", 2027)[0] == date(2027, 2, 14)


# -- Countries, unknown events, years ------------------------------------------------------------


def test_subdivision_falls_back_to_its_country(catalog: Catalog) -> None:
    assert catalog.date("fete_nationale_qc", "CA-QC", 2029)[0] == date(2029, 6, 24)
    assert catalog.date("fete_nationale_qc_day_off", "CA-QC", 2029)[0] == date(2029, 6, 25)
    assert catalog.date("mothers_day", "ca-qc", 2027)[0] == date(2027, 5, 9)  # from CA.toml
    assert catalog.date("mothers_day", "FR-57", 2034)[0] == date(2034, 6, 4)  # from FR.toml
    with pytest.raises(EventError):
        catalog.date("fete_nationale_qc", "CA", 2029)


def test_country_specific_event_without_country(catalog: Catalog) -> None:
    with pytest.raises(EventError) as caught:
        catalog.date("mothers_day", None, 2027)
    error = caught.value
    assert (error.event, error.country, error.year) == ("mothers_day", None, 2027)
    assert error.hint is not None and "FR" in error.hint and "US" in error.hint


def test_unknown_event_hints_a_near_name(catalog: Catalog) -> None:
    with pytest.raises(EventError) as caught:
        catalog.date("valentine_day", "FR", 2027)
    assert caught.value.hint is not None and "Valentine's Day" in caught.value.hint
    assert caught.value.country == "FR"


def test_year_bounds(catalog: Catalog) -> None:
    assert catalog.date("easter_sunday", None, 1900)[0] == date(1900, 4, 15)
    assert catalog.date("easter_sunday", None, 2200)[0] == dateutil_easter(2200)
    # Pentecost 2200 is 25 May (dateutil), the last Sunday of May: mothers' day moves.
    assert catalog.date("mothers_day", "FR", 2200)[0] == date(2200, 6, 1)
    for year in (1899, 2201):
        with pytest.raises(EventError) as caught:
            catalog.date("christmas", "FR", year)
        assert caught.value.year == year and caught.value.hint
        with pytest.raises(EventError):
            catalog.occurrences("FR", year)
    assert catalog.nearest("new_years_day", None, date(1900, 3, 1))[0] == date(1900, 1, 1)
    with pytest.raises(EventError):
        catalog.next_from("christmas", None, date(2200, 12, 26))


def test_event_with_published_years_only(catalog: Catalog) -> None:
    assert catalog.date("rentree_scolaire", "FR", 2026)[0] == date(2026, 9, 1)
    with pytest.raises(EventError) as caught:
        catalog.date("rentree_scolaire", "FR", 2030)
    assert caught.value.year == 2030 and "overrides" in (caught.value.hint or "")
    with pytest.raises(EventError):
        catalog.next_from("rentree_scolaire", "FR", date(2026, 9, 2))
    # Beaujolais nouveau only since 1985.
    assert catalog.date("beaujolais_nouveau", "FR", 2026)[0] == date(2026, 11, 19)
    with pytest.raises(EventError):
        catalog.date("beaujolais_nouveau", "FR", 1980)


# -- nearest, next_from, occurrences -------------------------------------------------------------


def test_nearest(catalog: Catalog) -> None:
    valentine = (date(2027, 2, 14), date(2027, 2, 14))
    assert catalog.nearest("valentines_day", "FR", date(2027, 1, 10)) == valentine
    assert catalog.nearest("valentines_day", "FR", date(2026, 12, 1)) == valentine
    # 15 Aug 2027 is 182 days after 14 Feb 2027 and 183 before 14 Feb 2028.
    assert catalog.nearest("valentines_day", "FR", date(2027, 8, 15)) == valentine
    # 25 June 2028 is 183 days from both Christmases: the tie goes to the later one.
    assert catalog.nearest("christmas", None, date(2028, 6, 25))[0] == date(2028, 12, 25)
    assert catalog.nearest("christmas", None, date(2028, 6, 24))[0] == date(2027, 12, 25)


def test_next_from(catalog: Catalog) -> None:
    assert catalog.next_from("valentines_day", "FR", date(2027, 2, 14))[0] == date(2027, 2, 14)
    assert catalog.next_from("valentines_day", "FR", date(2027, 2, 15))[0] == date(2028, 2, 14)
    # A window still running counts: the winter sales end on 2 Feb 2027.
    running = (date(2027, 1, 6), date(2027, 2, 2))
    assert catalog.next_from("soldes_hiver", "FR", date(2027, 1, 20)) == running
    assert catalog.next_from("soldes_hiver", "FR", date(2027, 2, 3))[0] == date(2028, 1, 12)
    assert catalog.next_from("christmas", None, date(2026, 12, 26))[0] == date(2027, 12, 25)


def test_occurrences_and_json(catalog: Catalog) -> None:
    found = catalog.occurrences("FR", 2027)
    assert [o.start for o in found] == sorted(o.start for o in found)
    by_key = {o.key: o for o in found}
    assert {"valentines_day", "mothers_day", "soldes_ete", "black_friday"} <= set(by_key)
    assert "thanksgiving" not in by_key and "independence_day" not in by_key
    mothers = by_key["mothers_day"]
    assert mothers == Occurrence(
        "mothers_day", "Mother's Day", "Fête des mères", date(2027, 5, 30), date(2027, 5, 30), "FR"
    )
    assert mothers.to_json("fr") == {
        "key": "mothers_day",
        "name": "Fête des mères",
        "date": "2027-05-30",
        "country": "FR",
    }
    assert by_key["soldes_ete"].to_json("en") == {
        "key": "soldes_ete",
        "name": "Summer sales",
        "date": "2027-06-23",
        "country": "FR",
        "end": "2027-07-20",
    }
    common = catalog.occurrences(None, 2027)
    assert {o.country for o in common} == {None}
    assert "mothers_day" not in {o.key for o in common}
    assert "christmas" in {o.key for o in common}


def test_import_is_light() -> None:
    code = "import sys, planner.events; assert 'holidays' not in sys.modules, 'holidays loaded'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- Workspace files -----------------------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_workspace_overrides_and_adds(tmp_path: Path) -> None:
    mine = tmp_path / "calendars"
    write(mine, "FR.toml", """
[events.mothers_day]
names = { en = "Mum's Day", fr = "Fête des mamans" }
rule = "may 1"

[events.anniversaire_boutique]
names = { en = "Shop anniversary", fr = "Anniversaire de la boutique" }
rule = "sep 15"
""")  # fmt: skip
    write(mine, "fr-57.toml", """
# Moselle: winter sales 2 to 29 January, from the 3rd when the 2nd is a Sunday.
[events.soldes_hiver]
names = { en = "Winter sales (Moselle)", fr = "Soldes d'hiver (Moselle)" }
rule = "jan 2"
unless = { on = "sun", then = "jan 3" }
end = "jan 29"
""")  # fmt: skip
    write(mine, "fermetures.toml", "this is a closures file, not events = [")
    catalog = Catalog.load([BUILTIN, mine, tmp_path / "missing"])
    assert catalog.date("mothers_day", "FR", 2027) == (date(2027, 5, 1), date(2027, 5, 1))
    assert catalog.name("mothers_day", "fr", "FR") == "Fête des mamans"
    assert catalog.date("mothers_day", "US", 2027)[0] == date(2027, 5, 9)  # untouched
    assert catalog.date("fathers_day", "FR", 2027)[0] == date(2027, 6, 20)  # still built in
    assert catalog.key_for("l'anniversaire de la boutique") == "anniversaire_boutique"
    assert catalog.date("anniversaire_boutique", "FR", 2027)[0] == date(2027, 9, 15)
    assert catalog.date("soldes_hiver", "FR-57", 2022) == (date(2022, 1, 3), date(2022, 1, 29))
    assert catalog.date("soldes_hiver", "FR", 2022) == (date(2022, 1, 12), date(2022, 2, 8))
    with pytest.raises(EventError):
        catalog.date("anniversaire_boutique", "US", 2027)


def test_rule_language(tmp_path: Path) -> None:
    write(tmp_path, "common.toml", """
[events.a]
rule = "wed on or before jun 28"
[events.b]
rule = "14 Feb"
[events.c]
rule = "easter-21 days"
[events.d]
rule = "sun before a"
[events.e]
rule = "5th fri of feb"
[events.f]
rule = "feb 29"
[events.g]
rule = "Thursday on or after d"
[events.h]
rule = "dec 31 + 1"
""")  # fmt: skip
    catalog = Catalog.load([tmp_path])
    # June 2027: Wednesdays 2, 9, 16, 23, 30 (printed calendar); 28 June 2028 is a Wednesday.
    assert catalog.date("a", None, 2027)[0] == date(2027, 6, 23)
    assert catalog.date("a", None, 2028)[0] == date(2028, 6, 28)
    assert catalog.date("b", None, 2027)[0] == date(2027, 2, 14)
    assert catalog.date("c", None, 2027)[0] == dateutil_easter(2027) - timedelta(days=21)
    assert catalog.date("d", None, 2028)[0] == date(2028, 6, 25)  # strictly before
    assert catalog.date("g", None, 2028)[0] == date(2028, 6, 29)
    assert catalog.date("h", None, 2027)[0] == date(2028, 1, 1)  # a rule may leave its year
    # February has a 5th Friday only when it has 29 days and starts on a Friday: 2036.
    assert catalog.date("e", None, 2036)[0] == date(2036, 2, 29)
    assert catalog.date("f", None, 2028)[0] == date(2028, 2, 29)
    for key in ("e", "f"):
        with pytest.raises(EventError) as caught:
            catalog.date(key, None, 2027)
        assert caught.value.year == 2027


def test_workspace_year_override_and_cancellation(tmp_path: Path) -> None:
    mine = tmp_path / "calendars"
    write(mine, "common.toml", """
[events.halloween]
names = { en = "Halloween", fr = "Halloween" }
rule = "oct 31"

[events.halloween.overrides]
2027 = "2027-10-30"
2028 = false
""")  # fmt: skip
    catalog = Catalog.load([BUILTIN, mine])
    assert catalog.date("halloween", "FR", 2027)[0] == date(2027, 10, 30)
    assert catalog.date("halloween", "FR", 2029)[0] == date(2029, 10, 31)
    with pytest.raises(EventError):
        catalog.date("halloween", "FR", 2028)
    assert catalog.nearest("halloween", None, date(2028, 10, 31))[0] == date(2029, 10, 31)


# -- Bad data ------------------------------------------------------------------------------------

GOOD_HEAD = '[events.x]\nnames = { en = "X" }\n'


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[events.x\nrule = "feb 14"\n', 1, "TOML"),
        ('[events.x]\nrule = "feb 14\n', 2, "TOML"),
        (GOOD_HEAD + 'rule = "last sun of mai"\n', 3, "month"),
        (GOOD_HEAD + 'rule = "feb 30"\n', 3, "no day 30"),
        (GOOD_HEAD + 'rule = "6th sun of may"\n', 3, "rule"),
        (GOOD_HEAD + "rule = 14\n", 3, "quotes"),
        (GOOD_HEAD + 'rulle = "feb 14"\n', 3, "unknown field"),
        (GOOD_HEAD + 'rule = "mon after nowhere_day"\n', 3, "nowhere_day"),
        (GOOD_HEAD + 'rule = "feb 14"\nunless = { on = "caturday", then = "feb 15" }\n', 4, "on"),
        (GOOD_HEAD + 'rule = "feb 14"\nunless = { then = "feb 15" }\n', 4, "unless"),
        (GOOD_HEAD + 'rule = "feb 14"\ndays = 0\n', 4, "days"),
        (GOOD_HEAD + 'rule = "feb 14"\n[events.x.overrides]\n2027 = "2027-02-30"\n', 5, "date"),
        (GOOD_HEAD + 'rule = "feb 14"\n[events.x.overrides]\n2027 = "2031-02-03"\n', 5, "far"),
        (GOOD_HEAD + 'rule = "feb 14"\n[events.x.overrides]\nnext = "2027-02-03"\n', 5, "year"),
        (GOOD_HEAD + 'since = 1800\nrule = "feb 14"\n', 3, "since"),
        (GOOD_HEAD, 1, "no rule"),
        ('country = "US"\n' + GOOD_HEAD + 'rule = "feb 14"\n', 1, "file name"),
        ('[event.x]\nrule = "feb 14"\n', 1, "events"),
        ('[events.May]\nrule = "feb 14"\n', 1, "key"),
        (
            '[events.a]\nrule = "b + 1"\n\n[events.b]\nnames = { en = "B" }\nrule = "a - 1"\n',
            2,
            "loop",
        ),
    ],
)
def test_bad_data_is_positioned(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, "FR.toml", text)
    with pytest.raises(EventError) as caught:
        Catalog.load([tmp_path])
    error = caught.value
    assert error.pos is not None and error.pos.path == str(path)
    assert error.pos.line == line, str(error)
    assert words.lower() in str(error).lower()
    assert str(error).startswith(f"{path}:{line}")


def test_rule_error_points_at_the_word(tmp_path: Path) -> None:
    write(tmp_path, "common.toml", '[events.x]\nrule = "last sun of mai"\n')
    with pytest.raises(EventError) as caught:
        Catalog.load([tmp_path])
    assert caught.value.pos is not None
    assert (caught.value.pos.line, caught.value.pos.col) == (2, 21)  # the "m" of "mai"
    assert caught.value.hint


def test_inline_event_tables(tmp_path: Path) -> None:
    write(
        tmp_path, "common.toml", '[events]\nfete = { names = { fr = "Fête" }, rule = "jun 21" }\n'
    )
    catalog = Catalog.load([tmp_path])
    assert catalog.date("fete", None, 2027)[0] == date(2027, 6, 21)
    assert catalog.name("fete", "en") == "Fête"  # no English name: the one there is
    write(tmp_path, "common.toml", '[events]\nfete = { rule = "jun 31" }\n')
    with pytest.raises(EventError) as caught:
        Catalog.load([tmp_path])
    assert caught.value.pos is not None and caught.value.pos.line == 2
