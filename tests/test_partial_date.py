"""Partial dates: ISO prefixes as intervals of days (bilat.partial_date)."""

from __future__ import annotations

from datetime import date

import pytest

from bilat import partial_date as pd
from bilat.model import Precision


def test_parts_and_rank_follow_the_prefix() -> None:
    assert pd.parts("2019-04-25") == ("2019", "04", "25")
    assert pd.rank("2019") == 1 and pd.rank("2019-04") == 2 and pd.rank("2019-04-25") == 3
    assert pd.rank(None) == 0 and pd.rank("last week") == 0
    assert pd.precision_of("2019-04") is Precision.MONTH and pd.precision_of(None) is None


def test_compatible_when_one_refines_the_other() -> None:
    assert pd.compatible("2019", "2019-04-25")
    assert pd.compatible("2019-04-25", "2019-04")
    assert not pd.compatible("2019-04-25", "2019-04-26")
    assert pd.compatible(None, "2019-04-26")


def test_coarsen_cuts_to_a_precision() -> None:
    assert pd.coarsen("2024-06-19", Precision.MONTH) == "2024-06"
    assert pd.coarsen("2024-06-19", Precision.YEAR) == "2024"
    assert pd.coarsen("2024", Precision.DAY) == "2024"


def test_span_covers_the_days_the_prefix_can_denote() -> None:
    assert pd.span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert pd.span("2023") == (date(2023, 1, 1), date(2023, 12, 31))
    assert pd.first_day("2019-04") == date(2019, 4, 1)
    assert pd.first_day("2019-13") is None
    with pytest.raises(ValueError):
        pd.span("someday")


def test_string_bounds_sort_around_every_day_of_the_prefix() -> None:
    assert pd.lower_bound("2024") == "2024-01-01" and pd.upper_bound("2024") == "2024-12-31"
    assert pd.upper_bound("2024-06") == "2024-06-31" > "2024-06-30"
    assert pd.month_of("2024-06-19") == "2024-06" and pd.month_of("2024") is None
    assert pd.year_of("2024-06") == 2024 and pd.year_of(None) is None
