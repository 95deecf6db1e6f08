"""The README's phrase table says what the grammar does: every example of its English and
Français columns is a phrase of the book (tests/test_book_*.py), which plans it for real and
checks its window; and every family is shown in both languages, written in full."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from planner.phrases import parse_duration, parse_every
from tests.phrasebook import book
from tests.test_book_basics import STAGE_ROWS

README = Path(__file__).resolve().parent.parent / "README.md"
_EXAMPLE = re.compile(r"`([^`]+)`")


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def _tables(section: str) -> list[list[list[str]]]:
    """The section's tables, each a list of rows of cells, without header and rule."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif current:
            tables.append(current[2:])
            current = []
    return tables


def _examples(cell: str) -> list[str]:
    return _EXAMPLE.findall(cell)


WHEN_TABLE, OTHER_TABLE = _tables(_section("Date phrases"))
WHEN_EXAMPLES = [
    (example, column)
    for row in WHEN_TABLE
    for column in (0, 1)
    for example in _examples(row[column])
]


def test_the_tables_are_found() -> None:
    assert len(WHEN_TABLE) >= 15
    assert len(OTHER_TABLE) == 2


@pytest.mark.parametrize("row", WHEN_TABLE + OTHER_TABLE, ids=lambda r: r[0][:40])
def test_both_languages_in_full(row: list[str]) -> None:
    english, french = row[0], row[1]
    for cell in (english, french):
        assert _examples(cell), f"no example in {cell!r}"
        # Written in full: between the examples, only commas ("early / mid / late" is not
        # a phrase anyone can paste).
        assert not _EXAMPLE.sub("", cell).replace(",", "").strip(), cell
    assert row[2], f"no window for {english!r}"


_PLANNED = {phrase for phrase, *_ in book()} | {row[0] for row in STAGE_ROWS}


@pytest.mark.parametrize(("example", "column"), WHEN_EXAMPLES, ids=[e for e, _ in WHEN_EXAMPLES])
def test_every_example_is_a_row_of_the_book(example: str, column: int) -> None:
    # The book's row plans the example for real and checks the window it states.
    assert example in _PLANNED, f"{example!r} is in the README, not in tests/test_book_*.py"


def test_the_every_and_duration_examples() -> None:
    every, duration = OTHER_TABLE
    for example in _examples(every[0]) + _examples(every[1]):
        assert parse_every(example) is not None
    assert [parse_duration(e) for e in _examples(duration[0])] == [
        timedelta(hours=48),
        timedelta(days=2),
    ]
    assert [parse_duration(e) for e in _examples(duration[1])] == [
        timedelta(hours=48),
        timedelta(days=2),
    ]
