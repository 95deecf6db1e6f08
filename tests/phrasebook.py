"""The harness of the phrase book: a ``when`` phrase planned for real, as a shop would.

A row of the book is (phrase, context, first day, last day). The phrase goes into a rule file of
a real workspace (its country, locale and zone from the context, the real events catalogue and
public holidays), on a channel used every day without caps, and ``planner plan`` runs on it
twice: with ``every = "every day"``, whose first and last items are the window's first and last
days, and without ``every``, which must give exactly one item (a ``when`` is one window, never a
series).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from click.testing import CliRunner

D = date.fromisoformat

# Used every day, at any hour, without caps, holidays or lead time: the window is all there is.
_DAILY_CHANNEL = (
    'name = "Daily"\ndays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
    'best_times = ["12:00"]\ncap_per_day = 0\ncap_per_week = 0\nlead_time = "0 days"\n'
)


@dataclass(frozen=True)
class Ctx:
    """Where and when a phrase is planned: a shop's country, language and zone, the planning
    start, and the campaign's anchor (an event key, a date, or "asap")."""

    name: str
    country: str
    locale: str
    timezone: str
    start: str
    anchor: str = "asap"

    def __str__(self) -> str:
        return self.name


# The contexts of the book: a year end, 29 February 2028, the DST days of Paris and Montreal,
# an event on a weekend and one on a weekday.
PARIS_WINTER = Ctx("paris-winter", "FR", "fr", "Europe/Paris", "2026-12-07", "valentines_day")
PARIS_YEAR_END = Ctx("paris-year-end", "FR", "fr", "Europe/Paris", "2026-12-28")
PARIS_LEAP = Ctx("paris-leap", "FR", "fr", "Europe/Paris", "2028-02-01", "2028-02-29")
PARIS_DST = Ctx("paris-dst", "FR", "fr", "Europe/Paris", "2027-03-01", "2027-03-28")
PARIS_SPRING = Ctx("paris-spring", "FR", "fr", "Europe/Paris", "2027-02-01", "mothers_day")
BRUSSELS = Ctx("brussels", "BE", "fr", "Europe/Brussels", "2026-11-02", "christmas")
MONTREAL_DST = Ctx("montreal-dst", "CA-QC", "fr", "America/Montreal", "2027-02-15", "2027-03-14")
MONTREAL_FALL = Ctx("montreal-fall", "CA-QC", "fr", "America/Montreal", "2027-09-01")
NEW_YORK = Ctx("new-york", "US", "en", "America/New_York", "2027-01-04", "mothers_day")
NEW_YORK_FALL = Ctx("new-york-fall", "US", "en", "America/New_York", "2027-09-01")
LONDON = Ctx("london", "GB", "en", "Europe/London", "2026-12-07", "valentines_day")
TORONTO_YEAR_END = Ctx("toronto-year-end", "CA", "en", "America/Toronto", "2026-12-28")
GENEVA_SUMMER = Ctx("geneva-summer", "CH", "fr", "Europe/Zurich", "2027-06-01")


@dataclass(frozen=True)
class Planned:
    """What ``planner plan`` made of a phrase: exit code, item days, and its messages."""

    code: int
    days: list[date]
    stderr: str


def _workspace(root: Path, ctx: Ctx, phrase: str, every: bool) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "rules").mkdir(exist_ok=True)
    (root / "channels").mkdir(exist_ok=True)
    (root / "planner.toml").write_text(
        f'[shop]\nname = "Book"\ntimezone = "{ctx.timezone}"\nlocale = "{ctx.locale}"\n'
        f'country = "{ctx.country}"\n',
        encoding="utf-8",
    )
    (root / "channels" / "daily.toml").write_text(_DAILY_CHANNEL, encoding="utf-8")
    repeat = 'every = "every day"\n' if every else ""
    (root / "rules" / "book.toml").write_text(
        f'[campaign]\nname = "Book"\nanchor = "{ctx.anchor}"\nlocale = "{ctx.locale}"\n'
        f'country = "{ctx.country}"\njourney = "3-stage"\n\n'
        f'[[step]]\nstage = "awareness"\nwhen = {json.dumps(phrase, ensure_ascii=False)}\n'
        f'{repeat}channels = ["daily"]\ncontent = "x"\n',
        encoding="utf-8",
    )


def plan(root: Path, ctx: Ctx, phrase: str, every: bool) -> Planned:
    """Plan ``phrase`` in a fresh workspace under ``root`` (in-process, the real CLI)."""
    from planner.cli import main

    _workspace(root, ctx, phrase, every)
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            main,
            ["plan", "book", "--start", ctx.start, "--format", "json"],
            env={"SOURCE_DATE_EPOCH": "1795046400", "PLANNER_DEBUG": ""},
        )
    finally:
        os.chdir(old)
    if result.exit_code != 0:
        return Planned(result.exit_code, [], result.stderr)
    items = [i for i in json.loads(result.stdout) if i["kind"] == "publish"]
    return Planned(0, sorted(D(i["start"][:10]) for i in items), result.stderr)


def check_row(root: Path, phrase: str, ctx: Ctx, first: str, last: str) -> None:
    """The book's assertion: every day of [first, last] and no other, and alone one item.

    A one-day window is checked by the phrase alone, which must give exactly that day: with
    ``every`` a one-day ``when`` starts a series that runs to the anchor (items.py), which says
    nothing more about the window and needs an anchor after it.
    """
    if first != last:
        daily = plan(root / "daily", ctx, phrase, every=True)
        assert daily.code == 0, f"{phrase!r} in {ctx}: {daily.stderr}"
        assert daily.days, f"{phrase!r} in {ctx}: no item"
        shown = (daily.days[0], daily.days[-1])
        assert shown == (D(first), D(last)), (
            f"{phrase!r} in {ctx}: {daily.days[0]}..{daily.days[-1]}, expected {first}..{last}"
        )
    once = plan(root / "once", ctx, phrase, every=False)
    assert once.code == 0, f"{phrase!r} in {ctx}: {once.stderr}"
    assert len(once.days) == 1, f"{phrase!r} in {ctx} alone gives {len(once.days)} items"
    assert D(first) <= once.days[0] <= D(last), f"{phrase!r} in {ctx}: {once.days[0]}"
    if first == last:
        assert once.days == [D(first)], f"{phrase!r} in {ctx}: {once.days}, expected {first}"


# The step's ``when = "`` starts at column 9 of line 10 of the book's rule file.
_WHEN_LINE, _WHEN_COLUMN = 10, 9


@dataclass(frozen=True)
class Refusal:
    """A refused phrase as the user sees it: the 0-based offset in the phrase the error points
    at, the message and the hint (None without one)."""

    offset: int
    message: str
    hint: str | None


def refuse(root: Path, phrase: str, ctx: Ctx) -> Refusal:
    """Plan ``phrase`` and return its refusal; fails when the phrase is planned."""
    planned = plan(root, ctx, phrase, every=False)
    assert planned.code == 2, f"{phrase!r} in {ctx} was planned: {planned.days}"
    lines = planned.stderr.splitlines()
    prefix = f"rules/book.toml:{_WHEN_LINE}:"
    errors = [line for line in lines if line.startswith(prefix) and ": error: " in line]
    assert errors, f"{phrase!r} in {ctx}: no positioned error in {planned.stderr!r}"
    column, message = errors[0][len(prefix) :].split(": error: ", 1)
    hints = [line.strip()[len("hint: ") :] for line in lines if line.strip().startswith("hint: ")]
    return Refusal(int(column) - _WHEN_COLUMN, message, hints[0] if hints else None)


Row = tuple[str, Ctx, str, str]


def book() -> list[Row]:
    """Every row of the book: the ``ROWS`` of each ``tests/test_book_*.py`` module."""
    import importlib

    rows: list[Row] = []
    for path in sorted(Path(__file__).parent.glob("test_book_*.py")):
        module = importlib.import_module(f"tests.{path.stem}")
        rows.extend(getattr(module, "ROWS", []))
    return rows
