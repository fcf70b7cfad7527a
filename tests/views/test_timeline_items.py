"""The timeline's items (bilat.views.timeline_items): labels say who engaged whom, a date
known to its month or year spans it, and the view opens on the densest recent period."""

from __future__ import annotations

from datetime import date

import pytest

from bilat.knowledge.kb import load_kb
from bilat.model import Event, EventType, Status
from bilat.views.timeline_items import event_label, item_interval, opening_window, short_name

KB = load_kb()


def ev(type_: str, actors: tuple[str, ...] = (), countries: tuple[str, ...] = ("RUS", "PRK"),
       location: str | None = None, what: str | None = None) -> Event:  # fmt: skip
    return Event(id="E", type=EventType(type_), actors=actors, countries=countries,
                 location=location, date="2024-06-19", status=Status.OCCURRED, mention_ids=(),
                 what=what)  # fmt: skip


def test_short_names_follow_how_news_shortens_them() -> None:
    assert short_name(KB, "Vladimir Putin") == "Putin"
    assert short_name(KB, "Kim Jong Un") == "Kim"  # North Korean news: the family name first
    assert short_name(KB, "Unknown Person") == "Person"  # not in the knowledge base: last word
    assert short_name(KB, "Prabowo") == "Prabowo"


def test_a_visit_reads_visitor_to_place() -> None:
    assert event_label(KB, ev("VISIT", ("Vladimir Putin",), location="Pyongyang")) == (
        "Putin → Pyongyang")
    # no place: the host state, by name
    assert event_label(KB, ev("VISIT", ("Vladimir Putin",))) == "Putin → North Korea"


def test_a_meeting_reads_the_people_and_counts_the_rest() -> None:
    assert event_label(KB, ev("MEET", ("Vladimir Putin", "Kim Jong Un"))) == "Putin – Kim"
    many = ("Vladimir Putin", "Kim Jong Un", "Sergei Lavrov", "Choe Son Hui", "Sergei Shoigu")
    assert event_label(KB, ev("MEET", many)) == "Putin – Kim – Lavrov +2"
    # one person: the other state
    assert event_label(KB, ev("CALL", ("Vladimir Putin",))) == "Putin – PRK"


def test_aid_without_people_reads_provider_to_recipient_with_what_moved() -> None:
    assert event_label(KB, ev("AID", countries=("PRK", "RUS"), what="troops")) == (
        "PRK → RUS: troops")
    assert event_label(KB, ev("AGREE", countries=("PRK", "RUS"))) == "PRK – RUS"


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-06-19", ("2024-06-19", None)),  # a day: a point
    ("2024-06", ("2024-06-01", "2024-07-01")),  # a month: the whole month
    ("2024-02", ("2024-02-01", "2024-03-01")),
    ("2024", ("2024-01-01", "2025-01-01")),  # a year: the whole year, not 1 January
    (None, None),
    ("", None),
])  # fmt: skip
def test_items_span_the_period_their_date_stands_for(
        value: str | None, expected: tuple[str, str | None] | None) -> None:
    assert item_interval(value) == expected


def test_the_timeline_opens_on_the_busiest_recent_period_not_on_every_date() -> None:
    old = [date(1945, 2, 4), date(2000, 7, 19), date(2011, 8, 24)]
    recent = [date(2023, 7, 25), date(2023, 9, 13), date(2024, 6, 19), date(2025, 9, 3)]
    start, end = opening_window([(d, d) for d in old + recent]) or (None, None)
    assert start is not None and end is not None
    assert (date(2023, 6, 1) < start <= date(2023, 7, 25)
            and date(2025, 9, 3) < end < date(2026, 3, 1))


def test_of_two_equal_periods_the_later_is_shown_and_long_ones_are_cut() -> None:
    days = [date(2001, 1, 1), date(2001, 2, 1), date(2020, 1, 1), date(2020, 2, 1)]
    window = opening_window([(d, d) for d in days])
    assert window is not None and window[0].year == 2019 and window[1].year == 2020
    yearly = [date(y, 6, 1) for y in range(2000, 2021)]  # one event a year, no gap: one period
    window = opening_window([(d, d) for d in yearly])
    assert window is not None and window[1] > date(2019, 6, 1)  # at most three years,
    assert (window[1] - window[0]).days < 4 * 365  # the latest of the busiest
    assert opening_window([]) is None


def test_an_event_dated_to_a_year_is_shown_whole() -> None:
    window = opening_window([(date(2000, 1, 1), date(2000, 12, 31)),
                             (date(2000, 7, 1), date(2000, 7, 31))])  # fmt: skip
    assert window is not None and window[0] < date(2000, 1, 1) and window[1] > date(2000, 12, 31)
