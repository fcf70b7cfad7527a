"""Calendar arithmetic of the temporal resolver (bilat.annotations.time.arithmetic)."""

from __future__ import annotations

from datetime import date

import pytest

from bilat.annotations.time.arithmetic import (
    interval_value,
    season_bounds,
    season_year,
    shift_years,
    week_bounds,
    week_value,
)
from bilat.annotations.time.words import SEASONS
from bilat.model import Precision


def test_a_season_is_reported_under_the_year_holding_most_of_its_months() -> None:
    assert season_year(*SEASONS["winter"], 2024) == 2025
    assert season_year(*SEASONS["summer"], 2024) == 2024
    assert SEASONS["fall"] == SEASONS["autumn"]


def test_a_winter_runs_from_december_to_the_end_of_february() -> None:
    assert season_bounds(*SEASONS["winter"], 2023) == (date(2023, 12, 1), date(2024, 2, 29))


@pytest.mark.parametrize("first, last, value", [
    (date(2024, 5, 13), date(2024, 5, 19), ("2024-05", Precision.MONTH)),  # one month
    (date(2024, 4, 29), date(2024, 5, 5), ("2024", Precision.YEAR)),  # two months
    (date(2024, 12, 30), date(2025, 1, 5), (None, None)),  # two years
])
def test_an_interval_is_known_to_the_precision_all_its_days_share(
        first: date, last: date, value: tuple[str | None, Precision | None]) -> None:
    assert interval_value(first, last, finest=Precision.MONTH) == value


@pytest.mark.parametrize("first, last, value", [
    (date(2024, 5, 13), date(2024, 5, 19), ("2024-05", Precision.MONTH)),  # one month
    (date(2024, 11, 25), date(2024, 12, 1), ("2024-11", Precision.MONTH)),  # six days of seven
    (date(2024, 12, 30), date(2025, 1, 5), ("2025-01", Precision.MONTH)),  # across New Year
    (date(2024, 4, 29), date(2024, 5, 2), ("2024", Precision.YEAR)),  # an even split
])
def test_a_week_is_the_month_of_most_of_its_days(
        first: date, last: date, value: tuple[str | None, Precision | None]) -> None:
    assert week_value(first, last) == value


def test_news_weeks_run_monday_to_sunday() -> None:
    assert week_bounds(date(2024, 11, 27)) == (date(2024, 11, 25), date(2024, 12, 1))


def test_the_29th_of_february_shifts_to_the_28th_in_a_common_year() -> None:
    assert shift_years(date(2024, 2, 29), -1) == date(2023, 2, 28)
