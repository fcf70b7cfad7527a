"""The one check of every list's filters (bilat.views.filters), shared by `bilat timeline`
and the API: values are refused with a fix that fits the mistake."""

from __future__ import annotations

import pytest

from bilat.errors import InvalidQuery
from bilat.store.base import EventFilter
from bilat.views.filters import (
    COUNTRY_FIX,
    DATE_FIX,
    STATUS_FIX,
    TYPE_FIX,
    check_limit,
    check_sort,
    event_filter,
)


def test_good_values_become_the_store_filter() -> None:
    flt = event_filter(actor="  Putin ", countries=["prk,rus"], type="visit", status="Planned",
                       since="2024", until="2024-06-19", q="treaty\x00")  # fmt: skip
    assert flt == EventFilter(actor="Putin", countries=("PRK", "RUS"), type="VISIT",
                              status="planned", since="2024", until="2024-06-19", q="treaty")


def test_nothing_given_is_no_filter() -> None:
    assert event_filter(type=" ", q="  ") == EventFilter()


@pytest.mark.parametrize(
    ("given", "fix", "named"),
    [
        ({"since": "yesterday"}, DATE_FIX, "since='yesterday'"),
        ({"until": "2024/06"}, DATE_FIX, "until="),
        ({"type": "FOO"}, TYPE_FIX, "type='FOO'"),
        ({"status": "rumoured"}, STATUS_FIX, "status="),
        ({"countries": ["XYZ"]}, COUNTRY_FIX, "'XYZ' is no state"),  # well formed, unknown
        ({"countries": ["RUSSIA"]}, COUNTRY_FIX, "not an ISO-3 code"),
        ({"countries": ["RUS", "PRK", "CHN"]}, COUNTRY_FIX, "a pair"),
    ],
)
def test_a_bad_value_is_refused_with_the_fix_for_it(given: dict, fix: str, named: str) -> None:
    with pytest.raises(InvalidQuery) as refused:
        event_filter(**given)
    assert refused.value.code == "E302" and named in refused.value.message
    assert refused.value.fix_hint == fix


def test_a_date_fix_says_what_a_date_looks_like() -> None:
    assert "2024-06" in DATE_FIX and "2024-06-19" in DATE_FIX and "sort" not in DATE_FIX


def test_countries_are_checked_against_the_states_known() -> None:
    assert event_filter(countries=["XYZ"], known_countries={"XYZ"}).countries == ("XYZ",)


def test_sort_and_limit() -> None:
    assert check_sort("-date") == "-date" and check_limit(None) is None
    for bad in (lambda: check_sort("random"), lambda: check_limit(0)):
        with pytest.raises(InvalidQuery):
            bad()


def test_too_long_a_text_is_refused() -> None:
    with pytest.raises(InvalidQuery):
        event_filter(q="x" * 201)
