"""The stats table (bilat.views.periods): by month over a short span, by year over a long
one; events dated only to a year and undated ones in rows of their own."""

from __future__ import annotations

from bilat.store.base import PeriodCount
from bilat.views.periods import period_table


def test_a_short_span_is_binned_by_month_with_quiet_months_and_years_apart() -> None:
    table = period_table([
        PeriodCount("", "AID", 2), PeriodCount("2023", "MEET", 1),
        PeriodCount("2023-11", "VISIT", 3), PeriodCount("2024-02", "MEET", 1),
        PeriodCount("2024-02", "VISIT", 1),
    ])  # fmt: skip
    assert table.bin == "month"
    assert [r.label for r in table.periods] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert [r.total for r in table.periods] == [3, 0, 0, 2]
    assert [(r.label, r.counts) for r in table.year_only] == [("2023 (year only)", {"MEET": 1})]
    assert table.undated.counts == {"AID": 2} and table.undated.total == 2


def test_a_long_span_is_binned_by_year_and_year_only_events_join_their_year() -> None:
    table = period_table([
        PeriodCount("1950-03", "VISIT", 1), PeriodCount("2024", "MEET", 2),
        PeriodCount("2024-06", "MEET", 1), PeriodCount("", "CALL", 1),
    ])  # fmt: skip
    assert table.bin == "year"
    assert table.periods[0].label == "1950" and table.periods[-1].label == "2024"
    assert len(table.periods) == 75  # every year, the quiet ones too
    assert table.periods[-1].counts == {"MEET": 3}
    assert table.year_only == () and table.undated.total == 1


def test_only_years_or_nothing() -> None:
    assert period_table([PeriodCount("2011", "MEET", 1)]).bin == "year"
    empty = period_table([])
    assert empty.periods == () and empty.undated.total == 0
