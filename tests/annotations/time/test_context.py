"""Reading a complete day-month-year (bilat.annotations.time.context)."""

from __future__ import annotations

from datetime import date

import dateparser
import pytest

from bilat.annotations.time.context import make_context, read_complete_day, spelled_day
from bilat.annotations.time.words import MONTHS

# every spelling MONTH_RE takes: each name and short form, with and without a final dot
SPELLINGS = [spelling + dot for spelling in MONTHS for dot in ("", ".")]
# the first day, a leading zero, and the days some months lack
DAYS = ["1", "09", "28", "29", "30", "31"]


def _dateparser_reads(day: str, month: str, year: int) -> date | None:
    parsed = dateparser.parse(f"{day} {month} {year}", languages=["en"],
                              settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first",
                                        "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed is not None else None


@pytest.mark.parametrize("month", SPELLINGS)
def test_a_complete_day_is_read_as_dateparser_reads_it(month: str) -> None:
    for day in DAYS:
        assert read_complete_day(day, month, 2024) == _dateparser_reads(day, month, 2024)


@pytest.mark.parametrize("year", [1900, 2000, 2023, 2024])
def test_29_february_exists_in_leap_years_only_as_for_dateparser(year: int) -> None:
    for month in ("February", "Feb", "Feb."):
        assert read_complete_day("29", month, year) == _dateparser_reads("29", month, year)


def test_a_day_the_month_lacks_is_no_date() -> None:
    assert read_complete_day("31", "Sept.", 2024) is None
    assert read_complete_day("29", "Feb", 2023) is None
    assert read_complete_day("4", "Sept.", 2017) == date(2017, 9, 4)


def test_a_complete_day_ignores_publication_and_tense() -> None:
    past = make_context("", "2024-07-02", "past", None)
    future = make_context("", "2024-07-02", "future", None)
    assert spelled_day("2", "July", 2023, past) == spelled_day("2", "July", 2023, future) \
        == date(2023, 7, 2)
