"""Tests of the temporal resolver (bilat.annotations.time).

Every sentence here is written for the tests, in the style of wire copy about
state-to-state relations. Weekdays of the publication dates used most often:
2019-07-02 Tue, 2017-09-04 Mon, 2024-11-25 Mon, 2024-06-20 Thu, 2025-08-15 Fri,
2025-03-21 Fri, 2024-05-13 Mon, 2024-10-18 Fri.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.annotations.time import (
    candidate_texts,
    find_time_expressions,
    forget_matches,
    is_period_to_date,
    resolve_expression,
)
from bilat.model import Precision
from bilat.partial_date import first_day as value_first_day

D, M, Y = Precision.DAY, Precision.MONTH, Precision.YEAR

# (text, published, tense, reference) -> (value, precision)
CASES: list[tuple[str, str | None, str, str | None, str | None, Precision | None]] = [
    # --- absolute dates, every common spelling
    ("The treaty was signed in the capital on June 19, 2024.",
     "2024-12-05", "past", None, "2024-06-19", D),
    ("The accord was signed on 19 June 2024 in the capital.",
     "2024-12-05", "past", None, "2024-06-19", D),
    ("The leaders met in Minsk, Belarus, Dec. 6, 2024.",
     "2024-12-07", "past", None, "2024-12-06", D),
    ("The forum opened in the port city on Sept. 4, 2017.",
     "2017-09-10", "past", None, "2017-09-04", D),
    ("The ministers held talks in Moscow on Mar. 14.", "2019-03-17", "past", None, "2019-03-14", D),
    ("The president received his guest on 9 May in Moscow.",
     "2024-05-13", "past", None, "2024-05-09", D),
    ("The two sides met in Geneva on May 26-27.", "2025-05-30", "past", None, "2025-05-26", D),
    ("He paid a state visit to Russia from 7 to 11 May.",
     "2024-05-13", "past", None, "2024-05-07", D),
    ("Troops were moved by sea between October 8 and 13.",
     "2024-10-18", "past", None, "2024-10-08", D),
    ("The forum is to be held Sept. 18-20 in the city.",
     "2024-09-01", "future", None, "2024-09-18", D),
    ("The forum runs September 4-6 in Vladivostok.", "2024-08-20", "future", None, "2024-09-04", D),
    ("The leaders shook hands on April 25th, 2019.", "2025-08-13", "past", None, "2019-04-25", D),
    ("The delegation arrived on the 4th of June.", "2019-07-02", "past", None, "2019-06-04", D),
    ("The statement was dated 2024-06-19.", "2024-07-01", "past", None, "2024-06-19", D),
    ("The treaty concluded on February 9, 2000 lapsed.",
     "2024-12-05", "past", None, "2000-02-09", D),
    ("The ministers met on May 7 and May 9, 2024.", "2024-05-13", "past", None, "2024-05-07", D),
    # --- year-less dates: the tense of the clause picks the year
    ("A delegation visited the fleet on June 4.", "2019-07-02", "past", None, "2019-06-04", D),
    ("The envoy will arrive on September 9.", "2019-09-10", "future", None, "2020-09-09", D),
    ("The envoy will arrive on September 9.", "2019-09-02", "future", None, "2019-09-09", D),
    ("The envoy arrived on July 2.", "2019-07-02", "past", None, "2019-07-02", D),
    ("The envoy will arrive on July 2.", "2019-07-02", "future", None, "2019-07-02", D),
    ("The protocol was signed on December 28.", "2025-01-03", "past", None, "2024-12-28", D),
    ("The talks took place on Feb. 29.", "2025-03-10", "past", None, "2024-02-29", D),
    ("The envoy arrives on June 4.", "2019-07-02", "present", None, "2019-06-04", D),
    # --- weekdays: past -> latest on or before publication, future -> next on or after
    ("The envoy arrived in Pyongyang on Monday.", "2019-07-02", "past", None, "2019-07-01", D),
    ("A delegation left for Russia Monday.", "2017-09-04", "past", None, "2017-09-04", D),
    ("The talks ended, state media reported Tuesday.", "2019-07-02", "past", None, "2019-07-02", D),
    ("He arrived in Hanoi early Thursday.", "2024-06-20", "past", None, "2024-06-20", D),
    ("The minister departed later on Friday.", "2025-03-21", "past", None, "2025-03-21", D),
    ("The plane landed Thursday morning.", "2024-06-20", "past", None, "2024-06-20", D),
    ("The embassy announced the visit last Friday.", "2024-11-25", "past", None, "2024-11-22", D),
    ("The minister will travel next Tuesday.", "2024-11-25", "future", None, "2024-11-26", D),
    ("The leaders will meet this Friday.", "2024-11-25", "future", None, "2024-11-29", D),
    ("The president is scheduled to head there Wednesday.",
     "2017-09-04", "future", None, "2017-09-06", D),
    ("The speaker will begin an official visit on Friday.",
     "2018-09-07", "future", None, "2018-09-07", D),
    ("On Friday, she held talks with her counterpart.",
     "2024-11-05", "past", None, "2024-11-01", D),
    ("The lawmaker is visiting from Thursday to Friday.",
     "2025-08-15", "present", None, "2025-08-14", D),
    ("Sunday's test was the third this month.", "2021-09-13", "past", None, "2021-09-12", D),
    ("Ships sailed between Tuesday and Sunday of last week.",
     "2024-10-18", "past", None, "2024-10-08", D),
    ("The envoy arrived on Tuesday.", None, "past", None, None, None),
    ("The talks opened Tuesday, Nov. 12, in the capital.",
     "2024-11-25", "past", None, "2024-11-12", D),
    ("Talks held the previous Sunday went well.",
     "2024-10-18", "past", "2024-10-16", "2024-10-13", D),
    ("The minister flew home the following Monday.",
     "2024-10-18", "past", "2024-10-09", "2024-10-14", D),
    # --- named days; anaphoric ones count from the reference day
    ("The leaders signed a joint statement today.", "2024-05-16", "past", None, "2024-05-16", D),
    ("The minister arrived yesterday.", "2024-05-16", "past", None, "2024-05-15", D),
    ("The minister will fly home tomorrow.", "2024-05-16", "future", None, "2024-05-17", D),
    ("The leaders will dine together tonight.", "2024-05-16", "future", None, "2024-05-16", D),
    ("The delegation landed this morning.", "2024-05-16", "past", None, "2024-05-16", D),
    ("The president arrived earlier today.", "2024-05-16", "past", None, "2024-05-16", D),
    ("The two held phone talks the previous day.",
     "2025-08-15", "past", "2025-08-13", "2025-08-12", D),
    ("A delegation departed the capital the day before.",
     "2025-05-27", "past", None, "2025-05-26", D),
    ("A delegation had arrived a day earlier.",
     "2025-05-27", "past", "2025-05-26", "2025-05-25", D),
    ("The envoys met again the next day.", "2024-05-13", "past", "2024-05-10", "2024-05-11", D),
    ("The ministers will meet the following day.", "2024-05-13", "future", None, "2024-05-14", D),
    ("He flew on to Hanoi two days later.", "2024-05-13", "past", "2024-05-07", "2024-05-09", D),
    # --- named days on a fixed calendar day, in the year the tense points to
    ("Their Christmas Eve meeting in the city will be their first summit.",
     "2019-12-20", "future", None, "2019-12-24", D),
    ("The leaders met on Christmas Day.", "2019-12-20", "past", None, "2018-12-25", D),
    ("The envoys met on New Year’s Day 2019 in the capital.",
     "2019-12-20", "past", None, "2019-01-01", D),
    ("The minister toured Christmas Island in March.", "2019-12-20", "past", None, "2019-03", M),
    # a distance that relates to an event counts from that event, which the resolver lacks
    ("The trip comes a week ahead of the summit.", "2019-06-20", "past", None, None, None),
    ("They met two days prior to the vote.", "2019-06-20", "past", None, None, None),
    ("The delegation left two days before.", "2024-05-13", "past", "2024-05-10", "2024-05-08", D),
    ("Putin arrived earlier in the day.", "2024-05-16", "past", None, "2024-05-16", D),
    ("The protocol was signed the same day.", "2024-05-16", "past", "2024-05-14", "2024-05-14", D),
    # --- weeks: the month that holds most of the Monday-Sunday week
    ("He went to the summit in Japan last week.", "2019-07-02", "past", None, "2019-06", M),
    ("The talks continue this week in Pyongyang.", "2019-07-02", "present", None, "2019-07", M),
    ("Earlier this week, the two leaders spoke by phone.",
     "2025-08-15", "past", None, "2025-08", M),
    ("The delegation will arrive next week.", "2019-07-02", "future", None, "2019-07", M),
    ("The ministers met last week.", "2024-10-09", "past", None, "2024-10", M),
    ("The ministers met last week.", "2020-01-08", "past", None, "2020-01", M),
    ("The ministers met last week.", "2024-12-05", "past", None, "2024-11", M),
    ("Officials met over the weekend, then again last weekend.",
     "2024-11-25", "past", None, "2024-11", M),
    # --- months
    ("Kim made a surprise visit to China last month.", "2018-04-10", "past", None, "2018-03", M),
    ("The sides signed a protocol this month.", "2018-04-10", "past", None, "2018-04", M),
    ("Earlier this month, the deputy minister visited.", "2025-03-21", "past", None, "2025-03", M),
    ("The leaders may meet in Moscow next month.", "2025-05-27", "future", None, "2025-06", M),
    ("Talks were held last month.", "2025-01-15", "past", None, "2024-12", M),
    ("The treaty was signed in June.", "2024-12-05", "past", None, "2024-06", M),
    ("This June, the president paid a state visit.", "2024-09-13", "past", None, "2024-06", M),
    ("In April, the leader attended a ceremony.", "2019-07-02", "past", None, "2019-04", M),
    ("The summit in September was the first.", "2024-01-19", "past", None, "2023-09", M),
    ("The summit in September will be the first.", "2024-01-19", "future", None, "2024-09", M),
    ("Representatives previously met in late April.", "2019-07-02", "past", None, "2019-04", M),
    ("In mid-July, he received a military delegation.", "2024-09-13", "past", None, "2024-07", M),
    ("The envoy visited in early April 2019.", "2024-09-13", "past", None, "2019-04", M),
    ("The talks were held in late April 2019.", "2024-09-13", "past", None, "2019-04", M),
    ("The last such talks were held in December 2017.", "2019-07-02", "past", None, "2017-12", M),
    ("His previous visit took place in April 2019.", "2023-09-16", "past", None, "2019-04", M),
    ("It was a trip last made in July 2000.", "2024-01-19", "past", None, "2000-07", M),
    ("They signed it at a summit in June last year.", "2025-08-13", "past", None, "2024-06", M),
    ("It was his first trip since October the previous year.",
     "2024-05-16", "past", None, "2023-10", M),
    ("The ministers met last June.", "2019-07-02", "past", None, "2019-06", M),
    ("The ministers met last June.", "2019-06-20", "past", None, "2018-06", M),
    # --- years
    ("Relations have been frozen since 2000.", "2024-09-13", "past", None, "2000", Y),
    ("In 2019, Russia provided wheat through the agency.", "2020-05-14", "past", None, "2019", Y),
    ("The defence treaty was reached at a summit last year.",
     "2025-03-21", "past", None, "2024", Y),
    ("He said he plans to visit the country this year.", "2023-12-12", "future", None, "2023", Y),
    ("The two leaders met in Vietnam earlier this year.", "2019-07-02", "past", None, "2019", Y),
    ("A protocol covers sports exchanges for next year.", "2024-11-25", "future", None, "2025", Y),
    ("The ministers met late last year.", "2024-11-25", "past", None, "2023", Y),
    ("Last fall it sent about 10,000 troops.", "2025-03-21", "past", None, "2024", Y),
    ("The fleet visited last autumn.", "2025-03-21", "past", None, "2024", Y),
    ("The leaders plan to meet this summer.", "2024-03-01", "future", None, "2024", Y),
    ("The leaders met last summer.", "2024-09-13", "past", None, "2024", Y),
    ("The leaders met last winter.", "2025-03-21", "past", None, "2025", Y),
    ("The leaders met last spring.", "2025-03-21", "past", None, "2024", Y),
    ("The leaders met in the summer of 2023.", "2025-03-21", "past", None, "2023", Y),
    ("The amity treaty was signed three decades ago.", "2024-05-13", "past", None, "1994", Y),
    ("The embassy reopened 20 years ago.", "2024-05-13", "past", None, "2004", Y),
    ("The embassy reopened a decade ago.", "2024-05-13", "past", None, "2014", Y),
    ("The port was opened exactly 70 years ago.", "2020-05-14", "past", None, "1950-05-14", D),
    ("The two sides last met more than 20 years ago.", "2024-05-13", "past", None, None, None),
    ("He began his first visit to the country in 24 years.", "2024-06-20", "past", None, "2000", Y),
    ("It will be the first such talks in five years.", "2024-06-20", "future", None, "2019", Y),
    ("The bridge will be completed in two years.", "2024-06-20", "future", None, "2026", Y),
    ("The year marks the 70th anniversary of the agreement.",
     "2019-03-17", "past", None, "1949", Y),
    ("It would coincide with the one-year anniversary of the visit.",
     "2025-05-27", "future", None, "2024", Y),
    ("They marked the seventy-fifth anniversary of the ties.",
     "2025-10-06", "past", None, "1950", Y),
    ("The ministers met last year.", None, "past", None, None, None),
    # --- a past clause cannot report a day after publication
    ("The minister arrived tomorrow.", "2024-05-16", "past", None, None, None),
    ("The leaders met next week.", "2019-07-02", "past", None, None, None),
]


@pytest.mark.parametrize(("text", "published", "tense", "reference", "value", "precision"), CASES)
def test_resolution_table(
    text: str,
    published: str | None,
    tense: str,
    reference: str | None,
    value: str | None,
    precision: Precision | None,
) -> None:
    found = find_time_expressions(text, published, tense=tense, reference=reference)
    assert found, f"no expression found in {text!r}"
    resolved = [(e.value, e.precision) for e in found]
    assert (value, precision) in resolved, resolved


NOT_DATES = [
    "North Korea has received 25,000 tonnes of wheat from Russia.",
    "Some 1,500 special forces are undergoing training.",
    "The air force flies Su-35 fighters and T-34 tanks are on parade.",
    "The sides invoked Article 22 of the treaty.",
    "They signed a cooperation plan for 2025-2027.",
    "A 2019-2020 plan of exchange was signed following the negotiations.",
    "Experts said Ri may use the talks to discuss troop movements.",
    "Veterans will March through the square, officials said.",
    "May God bless the alliance, he said.",
    "Relations date back to the 1950s.",
    "The war (1950-53) never formally ended.",
    "Russia Today reported the visit in detail.",
    "Pilgrims gathered on Good Friday.",
    "They attended the 13th meeting of high representatives.",
    "The ministry deployed 2000 troops.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert find_time_expressions(text, "2024-10-18") == []


def test_anniversary_spans_the_ordinal_phrase() -> None:
    text = "It was the 75th anniversary of the outbreak of the war."
    (found,) = find_time_expressions(text, "2025-06-25")
    assert found.text == "the 75th anniversary"
    assert (found.value, found.precision) == ("1950", Y)


def test_offsets_point_into_the_document() -> None:
    sentence = "Kim visited Russia in 2019 and 2023, and met Putin on Sept. 13, 2023 last year."
    offset = 120
    found = find_time_expressions(sentence, "2024-05-13", offset=offset)
    assert [e.text for e in found] == ["2019", "2023", "Sept. 13, 2023", "last year"]
    for expression in found:
        assert sentence[expression.start - offset : expression.end - offset] == expression.text
    assert [e.value for e in found] == ["2019", "2023", "2023-09-13", "2023"]


def test_longest_match_wins_and_spans_do_not_overlap() -> None:
    sentence = "The visit ran from 7 to 11 May 2024, then talks resumed in late April 2025."
    found = find_time_expressions(sentence, "2025-05-13")
    assert [e.text for e in found] == ["from 7 to 11 May 2024", "late April 2025"]
    assert [e.value for e in found] == ["2024-05-07", "2025-04"]


def test_relative_expression_without_publication_is_still_reported() -> None:
    found = find_time_expressions("The talks were held last week on Tuesday.", None)
    assert [(e.text, e.value, e.precision) for e in found] == [
        ("last week", None, None),
        ("Tuesday", None, None),
    ]


def test_absolute_date_needs_no_publication() -> None:
    assert resolve_expression("Dec. 6, 2024", None) == ("2024-12-06", D)
    assert resolve_expression("December 2017", None) == ("2017-12", M)


def test_resolve_expression_reads_the_whole_phrase() -> None:
    assert resolve_expression("on 9 May", "2024-05-13") == ("2024-05-09", D)
    assert resolve_expression("June", "2019-07-02") == ("2019-06", M)
    assert resolve_expression("the previous day", "2025-08-15", reference="2025-08-13") == (
        "2025-08-12",
        D,
    )
    assert resolve_expression("nothing temporal here", "2025-08-15") == (None, None)


@pytest.mark.parametrize(("text", "period"), [
    ("in 24 years", True), ("in a decade", True), ("this year", True), ("This month", True),
    ("in March", False), ("last year", False), ("June 4", False), ("in 2019", False),
])
def test_a_period_up_to_the_anchor_is_told_from_a_point(text: str, period: bool) -> None:
    """ "the first visit in 24 years", "the third summit this year": periods over which
    events are counted, which extraction keeps from dating the event counted."""
    assert is_period_to_date(text) is period


def test_unknown_tense_is_rejected() -> None:
    with pytest.raises(ValueError):
        find_time_expressions("on Monday", "2024-05-13", tense="conditional")


# --------------------------------------------------------------------------- property

_FRAGMENTS = [
    "on Tuesday", "last week", "June 4", "19 June 2024", "May", "may", "in 24 years", " ",
    "the previous day", "tomorrow", "next year", "2019-2020", "the 70th anniversary",
    "three decades ago", "from 7 to 11 May", "Sept. 18-20", "in April", ", ", "1,500",
    "exactly 5 years ago", "Feb. 29", "this weekend", "last winter", "Dec. 31, 2099",
    "in 1850", "next month", "later this week", "two days later", "Sunday's",
]


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=8), max_size=12).map("".join),
    published=st.none() | st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31)),
    reference=st.none() | st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31)),
    tense=st.sampled_from(["past", "future", "present"]),
    offset=st.integers(min_value=0, max_value=10_000),
)
def test_any_text_resolves_safely(
    text: str, published: date | None, reference: date | None, tense: str, offset: int
) -> None:
    iso = published.isoformat() if published else None
    found = find_time_expressions(
        text, iso, tense=tense, reference=reference.isoformat() if reference else None,
        offset=offset,
    )
    previous_end = offset
    for expression in found:
        assert offset <= expression.start < expression.end <= offset + len(text)
        assert text[expression.start - offset : expression.end - offset] == expression.text
        assert expression.start >= previous_end
        previous_end = expression.end
        assert (expression.value is None) == (expression.precision is None)
        if expression.value is not None and tense == "past" and published is not None:
            first_day = value_first_day(expression.value)
            assert first_day is not None and first_day <= published


def test_a_sentence_matched_once_resolves_anew_for_each_date_tense_and_reference() -> None:
    text = "They met on Tuesday and will meet again next month, after talks in March 2019."
    asks = [("2024-06-19", "past", None), ("2024-06-19", "future", None),
            ("2023-01-05", "past", "2023-01-03"), (None, "past", None)]
    fresh = []
    for published, tense, reference in asks:
        forget_matches()
        fresh.append(find_time_expressions(text, published, tense=tense, reference=reference))
    forget_matches()
    cached = [find_time_expressions(text, p, tense=t, reference=r) for p, t, r in asks]
    assert cached == fresh
    assert fresh[0] != fresh[1] and fresh[0] != fresh[2]  # the answers do differ


@pytest.mark.parametrize("text", [
    "The tour came two days after the summit on Tuesday, 19 June 2024.",
    "Putin met Kim last week, a month before the talks in 2019 and 2023.",
    "Nothing here names a date.",
])
def test_every_expression_is_one_of_the_candidate_texts(text: str) -> None:
    """What a rule tests before resolving (``candidate_texts``) holds the text of every
    expression found, years apart."""
    candidates = set(candidate_texts(text))
    for e in find_time_expressions(text, "2024-06-20"):
        assert e.text in candidates or e.text.isdigit()
    assert "two days after" in candidate_texts(
        "The tour came two days after the summit.")
