"""Event coreference: hand-built mentions, order independence, and the dev gold check."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.events.merge import blocking_keys, merge_mentions
from bilat.model import Event, EventMention, EventType, Status
from bilat.partial_date import compatible as dates_compatible


def mention(
    mid: str,
    type_: str = "MEET",
    actors: tuple[str, ...] = ("Vladimir Putin", "Kim Jong Un"),
    countries: tuple[str, ...] = ("RUS", "PRK"),
    location: str | None = "Pyongyang",
    date: str | None = "2024-06-19",
    status: str = "occurred",
    doc: str | None = None,
    published: str | None = "2024-06-20",
) -> EventMention:
    doc = doc or f"doc-{mid}"
    return EventMention(
        id=mid,
        doc_id=doc,
        doc_name=doc,
        type=EventType(type_),
        actors=actors,
        countries=countries,
        location=location,
        date=date,
        status=Status(status),
        evidence="",
        start=0,
        end=0,
        published=published,
    )


def groups(events: list[Event]) -> set[frozenset[str]]:
    return {frozenset(e.mention_ids) for e in events}


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("2019", "2019-04-25", True),
        ("2019-04", "2019-04-25", True),
        ("2019-04-25", "2019-04-26", False),
        ("2019-04", "2019-05", False),
        ("2019", "2020-01", False),
        (None, "2019-04-25", True),
    ],
)
def test_dates_compatible(a: str | None, b: str | None, ok: bool) -> None:
    assert dates_compatible(a, b) is ok
    assert dates_compatible(b, a) is ok


# --------------------------------------------------------------------------- merging


def test_month_and_day_retellings_merge_into_the_day() -> None:
    events = merge_mentions(
        [
            mention("a", date="2024-06", actors=("Putin", "Kim Jong-un"), location=None),
            mention("b", date="2024-06-19"),
            mention("c", date="2024", actors=("Kim Jong Un",)),
        ]
    )
    assert len(events) == 1
    (event,) = events
    assert event.date == "2024-06-19"
    assert event.location == "Pyongyang"
    # Kim is named by all three, Putin by two; "Kim Jong Un" is the majority spelling
    assert event.actors == ("Kim Jong Un", "Vladimir Putin")
    assert set(event.mention_ids) == {"a", "b", "c"}


def test_different_days_never_merge() -> None:
    # (two days apart: a day off is one meeting two sources date differently, below)
    events = merge_mentions([mention("a", date="2024-06-19"), mention("b", date="2024-06-21")])
    assert groups(events) == {frozenset({"a"}), frozenset({"b"})}


def test_different_types_never_merge() -> None:
    events = merge_mentions([mention("a"), mention("b", type_="CALL")])
    assert len(events) == 2


def test_visit_direction_matters() -> None:
    putin = mention("a", type_="VISIT", actors=(), countries=("RUS", "PRK"), date="2024-06")
    kim = mention("b", type_="VISIT", actors=(), countries=("PRK", "RUS"), date="2024-06")
    assert len(merge_mentions([putin, kim])) == 2


def test_different_counterparts_are_different_meetings() -> None:
    events = merge_mentions(
        [
            mention("a", actors=("Vladimir Putin", "To Lam"), countries=("RUS", "VNM")),
            mention("b", actors=("Vladimir Putin", "Pham Minh Chinh"), countries=("RUS", "VNM")),
        ]
    )
    assert len(events) == 2


def test_planned_links_to_the_occurred_event() -> None:
    planned = mention(
        "p", type_="VISIT", actors=("Putin",), date=None, status="planned", published="2024-01-19"
    )
    occurred = mention(
        "o", type_="VISIT", actors=("Vladimir Putin",), location="Pyongyang", date="2024-06-19"
    )
    (event,) = merge_mentions([planned, occurred])
    assert event.status is Status.OCCURRED
    assert event.date == "2024-06-19"
    assert set(event.mention_ids) == {"p", "o"}


def test_planned_does_not_link_to_an_event_before_its_article() -> None:
    old = mention("old", type_="VISIT", actors=("Vladimir Putin",), date="2000-07")
    planned = mention(
        "p", type_="VISIT", actors=("Putin",), date=None, status="planned", published="2024-01-19"
    )
    assert len(merge_mentions([old, planned])) == 2


def test_undated_plan_does_not_join_the_event_its_own_article_tells_as_done() -> None:
    # "Trump met Kim at the DMZ on Sunday ... the two agreed to restart negotiations"
    done = mention("o", actors=("Donald Trump", "Kim Jong Un"), countries=("USA", "PRK"),
                   location="Panmunjom", date="2019-06-30", doc="d1", published="2019-06-30")
    later = mention("p", actors=("Donald Trump", "Kim Jong Un"), countries=("USA", "PRK"),
                    location=None, date=None, status="planned", doc="d1",
                    published="2019-06-30")
    assert len(merge_mentions([done, later])) == 2


def test_undated_plan_joins_the_event_naming_all_its_people_before_a_nearer_one() -> None:
    # "Xi and Biden agreed to meet face-to-face": their summit, not a nearer event of Xi's
    plan = mention("p", actors=("Xi Jinping", "Joe Biden"), countries=("CHN", "USA"),
                   location=None, date=None, status="planned", published="2022-07-28")
    xi_alone = mention("x", actors=("Xi Jinping",), countries=("CHN", "USA"), location=None,
                       date="2022-10", published="2022-10-20")
    summit = mention("s", actors=("Joe Biden", "Xi Jinping"), countries=("USA", "CHN"),
                     location="Bali", date="2022-11-14", published="2022-11-14")
    assert frozenset({"p", "s"}) in groups(merge_mentions([plan, xi_alone, summit]))


def test_planned_only_event_stays_planned() -> None:
    (event,) = merge_mentions(
        [mention("a", status="planned"), mention("b", status="planned", date="2024-06")]
    )
    assert event.status is Status.PLANNED


def test_actorless_delegation_joins_by_countries_and_place() -> None:
    named = mention("n", type_="AGREE", date="2024-06-19", location="Pyongyang")
    actorless = mention("x", type_="AGREE", actors=(), date="2024", location="Pyongyang")
    elsewhere = mention("y", type_="AGREE", actors=(), date="2024-06", location="Moscow")
    events = merge_mentions([named, actorless, elsewhere])
    assert groups(events) == {frozenset({"n", "x"}), frozenset({"y"})}


def test_actorless_needs_the_same_country_set() -> None:
    named = mention("n", countries=("RUS", "PRK", "CHN"))
    actorless = mention("x", actors=(), countries=("RUS", "PRK"))
    assert len(merge_mentions([named, actorless])) == 2


def test_a_broker_named_as_a_party_at_the_same_place_is_one_deal() -> None:
    deal = {"type_": "AGREE", "actors": (), "location": "Beijing"}
    three = mention("c", countries=("CHN", "IRN", "SAU"), date="2023-03", **deal)
    two = mention("s", countries=("SAU", "IRN"), date="2023-03-10", **deal)
    assert len(merge_mentions([three, two])) == 1
    # not without the place, nor two states more (a bilateral treaty and a wider
    # declaration signed in one city), nor undated
    placeless = mention("n", "AGREE", (), ("SAU", "IRN"), location=None, date="2023-03-10")
    assert len(merge_mentions([three, placeless])) == 2
    wider = mention("w", countries=("CHN", "IRN", "SAU", "OMN"), date="2023-03", **deal)
    assert len(merge_mentions([wider, two])) == 2
    told = mention("t", countries=("SAU", "IRN"), date=None, published="2023-03-20", **deal)
    assert len(merge_mentions([three, told])) == 2


def test_undated_occurred_mentions_merge_only_when_place_agrees() -> None:
    a = mention("a", date=None, location="Moscow")
    b = mention("b", date=None, location=None)
    c = mention("c", date=None, location="Vladivostok")
    events = merge_mentions([a, b, c])
    # b fits both; it joins one of them, and the two cities never share an event
    assert len(events) == 2
    assert all(not {"a", "c"} <= set(e.mention_ids) for e in events)


def test_chaining_guard_splits_incompatible_days() -> None:
    # "June" fits both days, the days do not fit each other: union-find alone would chain
    # all three into one event.
    events = merge_mentions(
        [
            mention("d19", date="2024-06-19"),
            mention("june", date="2024-06"),
            mention("d21", date="2024-06-21"),
        ]
    )
    assert len(events) == 2
    assert all(not {"d19", "d21"} <= set(e.mention_ids) for e in events)
    assert sorted(len(e.mention_ids) for e in events) == [1, 2]


def test_a_retelling_joins_the_meeting_of_its_people_in_any_order() -> None:
    # one article announces the trilateral summit and the Moon-Abe talks in Chengdu;
    # another names Abe first: its talks are Moon's and Abe's, not the summit
    chengdu = {"location": "Chengdu", "date": "2019-12-24", "status": "planned"}
    summit = mention(
        "s",
        actors=("Moon Jae-in", "Shinzo Abe", "Li Keqiang"),
        countries=("KOR", "JPN", "CHN"),
        doc="a1",
        **chengdu,
    )
    talks = mention(
        "t", actors=("Moon Jae-in", "Shinzo Abe"), countries=("KOR", "JPN"), doc="a1", **chengdu
    )
    told = mention(
        "x", actors=("Shinzo Abe", "Moon Jae-in"), countries=("JPN", "KOR"), doc="a2", **chengdu
    )
    events = merge_mentions([summit, talks, told])
    assert groups(events) == {frozenset({"s"}), frozenset({"t", "x"})}


def test_chaining_guard_splits_incompatible_places() -> None:
    events = merge_mentions(
        [
            mention("m", date="2024-06", location="Moscow"),
            mention("x", date="2024-06", location=None),
            mention("p", date="2024-06", location="Pyongyang"),
        ]
    )
    assert len(events) == 2
    assert all(not {"m", "p"} <= set(e.mention_ids) for e in events)


def test_same_day_same_people_in_two_places_merges_with_a_conflict() -> None:
    (event,) = merge_mentions(
        [
            mention("a", location="Pyongyang", doc="d1"),
            mention("b", location="Pyongyang", doc="d2"),
            mention("c", location="Wonsan", doc="d3"),
        ]
    )
    assert event.location == "Pyongyang"
    assert len(event.conflicts) == 1
    assert "Wonsan (1 source)" in event.conflicts[0]
    assert "Pyongyang (2 sources)" in event.conflicts[0]


def test_reports_of_what_happened_outrank_the_plans() -> None:
    meet = {"actors": ("Vladimir Putin", "Moon Jae-in"), "countries": ("RUS", "KOR")}
    # two outlets expected the talks in Moscow; the one that reports them held gives Rostov
    moscow = [
        mention(f"p{i}", date="2018-06-22", location="Moscow", status="planned", **meet)
        for i in (1, 2)
    ]
    rostov = mention("h", date="2018-06-22", location="Rostov-on-Don", **meet)
    (event,) = merge_mentions([*moscow, rostov])
    assert (event.location, event.status) == ("Rostov-on-Don", Status.OCCURRED)
    assert event.conflicts == (
        "sources disagree on the location: Moscow (2 sources), Rostov-on-Don (1 source)",
    )
    # expected on the 21st, held on the 22nd
    early = mention("e", date="2018-06-21", location="Moscow", status="planned", **meet)
    held = mention("d", date="2018-06-22", location="Moscow", **meet)
    (event,) = merge_mentions([early, held])
    assert event.date == "2018-06-22"
    # a meeting takes the day most sources report it held on (a visit its first day)
    late = [mention(f"l{i}", date="2018-06-23", location="Moscow", **meet) for i in (1, 2)]
    (event,) = merge_mentions([held, *late])
    assert event.date == "2018-06-23"
    # a plan's day still refines the month a report gives
    month = mention("m", date="2018-06", location=None, **meet)
    (event,) = merge_mentions([early, month])
    assert event.date == "2018-06-21"


def test_copies_count_as_one_source() -> None:
    mentions = [
        mention("a", location="Wonsan", doc="orig"),
        mention("b", location="Wonsan", doc="copy1"),
        mention("c", location="Wonsan", doc="copy2"),
        mention("d", location="Pyongyang", doc="indep1", published="2024-06-19"),
        mention("e", location="Pyongyang", doc="indep2", published="2024-06-19"),
    ]
    (plain,) = merge_mentions(mentions)
    assert plain.location == "Wonsan"
    (voted,) = merge_mentions(mentions, copies={"copy1": "orig", "copy2": "orig"})
    assert voted.location == "Pyongyang"


def test_countries_follow_the_majority_order() -> None:
    (event,) = merge_mentions(
        [
            mention("a", countries=("PRK", "RUS")),
            mention("b", countries=("RUS", "PRK")),
            mention("c", countries=("RUS", "PRK")),
        ]
    )
    assert event.countries == ("RUS", "PRK")


def test_actors_keep_the_most_frequent_full_spelling() -> None:
    (event,) = merge_mentions(
        [
            mention("a", actors=("Shoygu", "Kim Jong Un")),
            mention("b", actors=("Sergei Shoigu", "Kim Jong-un")),
            mention("c", actors=("Sergei Shoigu",)),
        ]
    )
    assert event.actors == ("Sergei Shoigu", "Kim Jong Un")


def test_one_article_keeps_its_events_apart() -> None:
    # The article tells of talks in Moscow and of a trip to Pyongyang on the same day; the
    # extractor kept them apart, so a third source cannot chain them into one event.
    talks = mention("a", location="Moscow", actors=("Vladimir Putin", "Choe Son Hui"), doc="d1")
    trip = mention("b", location="Pyongyang", actors=("Vladimir Putin",), doc="d1")
    other = mention("c", location="Pyongyang", actors=("Vladimir Putin",), doc="d2")
    assert groups(merge_mentions([talks, trip, other])) == {
        frozenset({"a"}),
        frozenset({"b", "c"}),
    }


def test_identical_mentions_of_one_article_are_two_events() -> None:
    # two deployments an article keeps apart, with the same fields
    aid = {"type_": "AID", "actors": (), "countries": ("PRK", "RUS"), "location": None}
    first = mention("a", date=None, doc="d1", published="2025-03-21", **aid)
    second = mention("b", date=None, doc="d1", published="2025-03-21", **aid)
    assert len(merge_mentions([first, second])) == 2


def test_one_article_may_tell_a_plan_and_its_fulfilment() -> None:
    planned = mention("p", type_="VISIT", date="2018-09-07", status="planned", doc="d1")
    done = mention("o", type_="VISIT", date=None, doc="d1", published="2018-09-08")
    (event,) = merge_mentions([planned, done])
    assert event.status is Status.OCCURRED


def test_one_article_may_tell_an_event_with_and_without_names() -> None:
    named = mention(
        "n",
        type_="AGREE",
        actors=("Vladimir Putin", "Alexander Lukashenko"),
        countries=("RUS", "BLR"),
        location="Minsk",
        date="2024-12-06",
        doc="d1",
    )
    unnamed = mention(
        "u",
        type_="AGREE",
        actors=(),
        countries=("RUS", "BLR"),
        location=None,
        date="2024-12-06",
        doc="d1",
    )
    assert len(merge_mentions([named, unnamed])) == 1


def test_undated_mention_with_an_extra_participant_joins_when_two_people_agree() -> None:
    call = mention("c", type_="CALL", location=None, date="2025-08-12", published="2025-08-13")
    retold = mention(
        "r",
        type_="CALL",
        actors=("Vladimir Putin", "Kim Jong Un", "Donald Trump"),
        countries=("RUS", "PRK", "USA"),
        location=None,
        date=None,
        published="2025-08-13",
    )
    assert len(merge_mentions([call, retold])) == 1
    # one shared person is not enough without a date: Putin talks to many
    alone = mention(
        "a",
        type_="CALL",
        actors=("Putin",),
        countries=("RUS", "PRK", "USA"),
        location=None,
        date=None,
        published="2025-08-13",
    )
    assert len(merge_mentions([call, alone])) == 2


def test_named_plan_does_not_join_a_visit_nobody_is_named_in() -> None:
    delegation = mention("d", type_="VISIT", actors=(), location=None, date="2023-12-11")
    plan = mention(
        "p",
        type_="VISIT",
        actors=("Vladimir Putin",),
        location=None,
        date=None,
        status="planned",
        published="2023-09-15",
    )
    assert len(merge_mentions([delegation, plan])) == 2
    # nor does the same place tie them: many delegations go to Pyongyang, and nothing says
    # this one was Putin's
    there = mention("d", type_="VISIT", actors=(), location="Pyongyang", date="2023-12-11")
    plan_there = mention(
        "p",
        type_="VISIT",
        actors=("Vladimir Putin",),
        location="Pyongyang",
        date=None,
        status="planned",
        published="2023-09-15",
    )
    assert len(merge_mentions([there, plan_there])) == 2


def test_named_plan_joins_the_visit_of_the_same_person() -> None:
    delegation = mention("d", type_="VISIT", actors=(), location=None, date="2023-12-11")
    visit = mention("v", type_="VISIT", actors=("Vladimir Putin",), date="2024-06-19")
    plan = mention(
        "p",
        type_="VISIT",
        actors=("Putin",),
        location=None,
        date=None,
        status="planned",
        published="2023-09-15",
    )
    events = merge_mentions([delegation, visit, plan])
    assert groups(events) == {frozenset({"d"}), frozenset({"v", "p"})}


def test_undated_plan_of_an_undated_article_joins_the_event_it_agrees_with_most() -> None:
    # no publication date: "the next event after the article" means nothing, so the plan
    # for Woodside joins the Woodside summit, not the earliest meeting it could fit
    pair = {"actors": ("Joe Biden", "Xi Jinping"), "countries": ("USA", "CHN")}
    earlier = mention("e", date="2022-10", location=None, **pair)
    summit = mention("s", date="2023-11-15", location="Woodside", **pair)
    plan = mention(
        "p", date=None, location="Woodside", status="planned", published=None, **pair
    )
    events = merge_mentions([earlier, summit, plan])
    assert groups(events) == {frozenset({"e"}), frozenset({"s", "p"})}


def test_unnamed_retelling_joins_an_unnamed_event_not_a_named_one() -> None:
    aid = {"type_": "AID", "countries": ("PRK", "RUS"), "location": None}
    troops = mention("t", actors=(), date="2024-10-08", **aid)
    told = mention("r", actors=(), date=None, published="2024-11-05", **aid)
    assert len(merge_mentions([troops, told])) == 1
    named = mention("n", actors=("Sergei Shoigu",), date="2024-10-08", **aid)
    assert len(merge_mentions([named, told])) == 2


def test_vague_plan_is_not_tied_to_a_shipment_that_happened() -> None:
    aid = {"type_": "AID", "actors": (), "countries": ("PRK", "RUS"), "location": None}
    plan = mention("p", date=None, status="planned", published="2024-10-18", **aid)
    shipment = mention("s", date="2025-02-27", published="2025-03-21", **aid)
    told = mention("t", date=None, published="2025-03-21", doc="d3", **aid)
    events = merge_mentions([plan, shipment, told])
    assert groups(events) == {frozenset({"p"}), frozenset({"s", "t"})}
    # two retellings of one plan are one planned event
    again = mention("q", date=None, status="planned", published="2024-10-19", **aid)
    assert len(merge_mentions([plan, again])) == 1


def test_separate_aid_shipments_stay_apart() -> None:
    aid = {"type_": "AID", "actors": (), "countries": ("PRK", "RUS"), "location": None}
    events = merge_mentions(
        [mention("a", date="2024-10-08", **aid), mention("b", date="2024-12-23", **aid)]
    )
    assert len(events) == 2


def test_arrivals_a_day_apart_are_one_visit_with_a_date_conflict() -> None:
    visit = {"type_": "VISIT", "actors": ("Vladimir Putin",), "location": "Pyongyang"}
    moscow_time = mention("a", date="2024-06-18", doc="d1", **visit)
    local_time = mention("b", date="2024-06-19", doc="d2", **visit)
    (event,) = merge_mentions([moscow_time, local_time])
    assert event.date == "2024-06-18"  # a multi-day event takes its first day
    assert event.conflicts == (
        "sources disagree on the date: 2024-06-18 (1 source), 2024-06-19 (1 source)",
    )


def test_arrivals_a_day_apart_across_a_month_end() -> None:
    visit = {"type_": "VISIT", "actors": ("Sergei Lavrov",), "location": "Wonsan"}
    events = merge_mentions(
        [mention("a", date="2025-06-30", **visit), mention("b", date="2025-07-01", **visit)]
    )
    assert len(events) == 1


def test_days_of_one_stay_are_one_visit() -> None:
    # Kim's two days in Dalian dated by the arrival, the talks and the report
    visit = {"type_": "VISIT", "actors": ("Kim Jong Un",), "location": "Dalian"}
    days = ["2018-05-07", "2018-05-08", "2018-05-09"]
    (event,) = merge_mentions([mention(d, date=d, doc=f"d{d}", **visit) for d in days])
    assert event.date == "2018-05-07"
    assert event.conflicts[0].startswith("sources disagree on the date")


def test_one_meeting_dated_a_day_off_by_another_source_is_one_meeting() -> None:
    # a plan for the 24th and the talks held on the 25th; a report dated by its own day
    meet = {"actors": ("Vladimir Putin", "Kim Jong Un"), "location": "Vladivostok"}
    plan = mention("p", date="2019-04-24", status="planned", published="2019-04-24", **meet)
    held = mention("h", date="2019-04-25", published="2019-04-25", **meet)
    told = mention("t", date="2019-04-26", published="2019-04-26", **meet)
    assert len(merge_mentions([plan, held])) == 1
    assert len(merge_mentions([held, told])) == 1
    # a source that names only one of them, and no place
    signed = {"type_": "AGREE", "countries": ("RUS", "PRK")}
    treaty = mention("a", date="2024-06-19", location="Pyongyang", **signed)
    late = mention("b", date="2024-06-20", actors=("Vladimir Putin",), location=None, **signed)
    assert len(merge_mentions([treaty, late])) == 1


def test_one_article_dating_two_meetings_a_day_apart_tells_two() -> None:
    # a private dinner on the 21st and the talks on the 22nd, both in one article; another
    # article's talks on the 22nd join the talks, not the dinner
    meet = {"actors": ("Joe Biden", "Narendra Modi"), "countries": ("USA", "IND")}
    meet["location"] = "Washington"
    dinner = mention("d", date="2023-06-21", doc="a1", **meet)
    talks = mention("t", date="2023-06-22", status="planned", doc="a1", **meet)
    assert len(merge_mentions([dinner, talks])) == 2
    told = mention("x", date="2023-06-22", doc="a2", **meet)
    events = merge_mentions([dinner, talks, told])
    assert groups(events) == {frozenset({"d"}), frozenset({"t", "x"})}


def test_a_report_dated_by_its_own_day_tells_a_meeting_of_up_to_two_days_before() -> None:
    # Kim and Xi met in Dalian on the 7th and 8th; lead news with no day of its own is
    # dated by its publication, the 9th
    meet = {"actors": ("Kim Jong Un", "Xi Jinping"), "countries": ("PRK", "CHN")}
    meet["location"] = "Dalian"
    first = mention("a", date="2018-05-07", published="2018-05-08", **meet)
    second = mention("b", date="2018-05-08", published="2018-05-10", **meet)
    lead = mention("c", date="2018-05-09", published="2018-05-09", **meet)
    (event,) = merge_mentions([first, second, lead])
    assert event.date == "2018-05-07"  # one source a day: the earliest, not the report day


@pytest.mark.parametrize(
    "change",
    [
        {"published": "2018-05-10"},  # the later date is the article's own, not its report day
        {"status": "planned"},  # a plan dated today is not news of what happened
        {"location": "Beijing"},  # another city
        {"actors": ("Kim Jong Un", "Li Keqiang")},  # other people
        {"doc": "doc-a"},  # one article tells both
    ],
)
def test_a_report_two_days_later_stays_apart_otherwise(change: dict) -> None:
    meet = {"actors": ("Kim Jong Un", "Xi Jinping"), "countries": ("PRK", "CHN")}
    held = mention("a", date="2018-05-07", published="2018-05-08", location="Dalian", **meet)
    lead = mention(
        "c", **{**meet, "date": "2018-05-09", "published": "2018-05-09", "location": "Dalian",
                **change}
    )
    assert len(merge_mentions([held, lead])) == 2


def test_a_meeting_dated_a_day_off_across_a_month_end() -> None:
    meet = {"actors": ("Sergei Lavrov", "Choe Son Hui"), "location": "Wonsan"}
    events = merge_mentions(
        [mention("a", date="2025-06-30", **meet), mention("b", date="2025-07-01", **meet)]
    )
    assert len(events) == 1


def test_a_recent_month_told_a_month_off_joins_the_day_of_the_same_talks() -> None:
    # "last month" in a story of 1 June, about talks another article dates 10 April
    talks = {"countries": ("PRK", "RUS"), "location": "Moscow"}
    day = mention("d", date="2018-04-10", published="2018-04-10",
                  actors=("Ri Yong Ho",), **talks)
    month = mention("m", date="2018-05", published="2018-06-01",
                    actors=("Ri Yong Ho", "Sergei Lavrov"), **talks)
    (event,) = merge_mentions([day, month])
    assert event.date == "2018-04-10"


def test_a_recent_month_prefers_a_day_of_its_own_month() -> None:
    talks = {"countries": ("PRK", "RUS"), "location": "Moscow",
             "actors": ("Ri Yong Ho", "Sergei Lavrov")}
    april = mention("a", date="2018-04-10", published="2018-04-10", **talks)
    may = mention("b", date="2018-05-20", published="2018-05-20", **talks)
    month = mention("m", date="2018-05", published="2018-06-01", **talks)
    events = merge_mentions([april, may, month])
    assert groups(events) == {frozenset({"a"}), frozenset({"b", "m"})}


@pytest.mark.parametrize(
    "change",
    [
        {"published": "2018-08-01"},  # a month long before its article: no count from now
        {"date": "2018-02", "published": "2018-03-01"},  # two months off
        {"location": "Pyongyang"},  # another city
        {"actors": ("Kim Yong Chol",)},  # other people
        {"doc": "doc-d"},  # one article tells both
    ],
)
def test_a_month_off_stays_apart_otherwise(change: dict) -> None:
    talks = {"countries": ("PRK", "RUS"), "location": "Moscow", "actors": ("Ri Yong Ho",)}
    day = mention("d", date="2018-04-10", published="2018-04-10", **talks)
    month = mention("m", **{**talks, "date": "2018-05", "published": "2018-06-01", **change})
    assert len(merge_mentions([day, month])) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({}, {"date": "2024-06-21"}),  # three days apart: not one stay
        ({}, {"location": "Wonsan"}),  # another city
        ({"location": None}, {"location": None}),  # no place ties the two days
        ({"actors": ()}, {"actors": ()}),  # nobody named
        ({"type_": "MEET"}, {"type_": "MEET", "date": "2024-06-20"}),  # two days of talks
        ({"type_": "MEET"}, {"type_": "MEET", "doc": "doc-a"}),  # one article tells both
        # the same host with another guest
        (
            {"type_": "MEET", "actors": ("Vladimir Putin", "To Lam")},
            {"type_": "MEET", "actors": ("Vladimir Putin", "Pham Minh Chinh")},
        ),
        # a meeting in another city
        ({"type_": "MEET"}, {"type_": "MEET", "location": "Wonsan"}),
    ],
)
def test_days_apart_stay_apart_otherwise(first: dict, second: dict) -> None:
    base = {"type_": "VISIT", "actors": ("Vladimir Putin",), "location": "Pyongyang"}
    a = mention("a", **{**base, "date": "2024-06-18", **first})
    b = mention("b", **{**base, "date": "2024-06-19", "status": "planned", **second})
    assert len(merge_mentions([a, b])) == 2


def test_blocking_keys_are_type_and_country_pairs() -> None:
    m = mention("a", countries=("RUS", "PRK", "CHN"))
    assert blocking_keys(m) == {
        ("MEET", "CHN", "PRK"),
        ("MEET", "CHN", "RUS"),
        ("MEET", "PRK", "RUS"),
    }


def test_incremental_merge_of_affected_blocks() -> None:
    """Merging only the blocks a new mention touches gives what a full rebuild gives."""
    old = [
        mention("a"),
        mention("b", countries=("RUS", "CHN"), actors=("Vladimir Putin", "Xi Jinping")),
    ]
    new = mention("c", date="2024-06", location=None)
    keys = blocking_keys(new)
    affected = [m for m in old if blocking_keys(m) & keys]
    untouched = [m for m in old if not blocking_keys(m) & keys]
    partial = merge_mentions(untouched) + merge_mentions([*affected, new])
    assert sorted(partial, key=lambda e: e.id) == sorted(
        merge_mentions([*old, new]), key=lambda e: e.id
    )


# --------------------------------------------------------------------------- ids and order


def test_ids_are_deterministic_and_content_derived() -> None:
    first = merge_mentions([mention("a"), mention("b", date="2024-06")])
    again = merge_mentions([mention("b", date="2024-06"), mention("a")])
    assert first == again
    assert first[0].id.startswith("evt_")
    other = merge_mentions([mention("z"), mention("b", date="2024-06")])
    assert other[0].id != first[0].id


def test_event_id_survives_later_reports() -> None:
    first = mention("zzz", published="2024-06-20")
    (before,) = merge_mentions([first])
    later = mention("aaa", published="2024-07-01", date="2024-06")  # hashes lower
    (after,) = merge_mentions([first, later])
    assert after.id == before.id
    # an earlier report found later (a backfill) re-anchors the event
    earlier = mention("mmm", published="2024-06-19")
    (backfilled,) = merge_mentions([first, later, earlier])
    assert backfilled.id != before.id


def test_output_is_sorted_by_date_then_id() -> None:
    events = merge_mentions(
        [mention("a", date="2024-06-20"), mention("b", date=None, status="planned"), mention("c")]
    )
    keys = [(e.date or "", e.id) for e in events]
    assert keys == sorted(keys)


_POOL = [
    mention("m1", date="2024-06-19"),
    mention("m2", date="2024-06", location=None, actors=("Putin",)),
    mention("m3", date="2024-06-20"),
    mention("m4", date=None, status="planned", published="2024-01-19"),
    mention("m5", date="2024", actors=(), location="Pyongyang"),
    mention("m6", date="2024-06-19", location="Wonsan", doc="other"),
    mention("m7", type_="VISIT", actors=("Vladimir Putin",), date="2024-06-19"),
    mention("m8", type_="VISIT", actors=("Putin",), date=None, location=None),
    mention("m9", date="2019-04", location="Vladivostok"),
    mention("m10", date=None, location=None, published="2019-07-02"),
    mention("m11", type_="AID", actors=(), countries=("PRK", "RUS"), date=None, location=None),
    mention("m12", type_="AID", actors=(), countries=("PRK", "RUS"), date="2024-10-08"),
    mention("m13", type_="VISIT", actors=("Putin",), date="2024-06-18", location="Pyongyang"),
    mention("m14", type_="AID", actors=(), countries=("PRK", "RUS"), date=None, doc="doc-m11"),
    mention("m15", date="2024-06-19", location="Moscow", doc="doc-m1"),
    mention("m16", type_="AID", actors=(), countries=("PRK", "RUS"), date=None, status="planned"),
]


@settings(max_examples=60, deadline=None)
@given(st.permutations(_POOL))
def test_order_independence(shuffled: list[EventMention]) -> None:
    assert merge_mentions(shuffled) == merge_mentions(_POOL)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(_POOL), min_size=1, unique_by=lambda m: m.id))
def test_every_mention_lands_in_exactly_one_event(sample: list[EventMention]) -> None:
    events = merge_mentions(sample)
    ids = [i for e in events for i in e.mention_ids]
    assert sorted(ids) == sorted(m.id for m in sample)
    assert all(len({m.type for m in sample if m.id in e.mention_ids}) == 1 for e in events)


def test_duplicate_mention_ids_are_counted_once() -> None:
    (event,) = merge_mentions([mention("a"), mention("a")])
    assert event.mention_ids == ("a",)


# --------------------------------------------------------------------------- dev gold


def _gold_mentions(gold: Path) -> tuple[list[EventMention], dict[str, str], set[str]]:
    """The gold events as mentions, one per event per document, which is what the
    extractor emits (the gold lists retellings inside an article again, as optional; the
    first required one of each event stands for them)."""
    mentions, keys, optional = [], {}, set()
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        told: set[str] = set()
        events = sorted(
            enumerate(doc["events"]), key=lambda ie: (bool(ie[1].get("optional")), ie[0])
        )
        for i, e in events:
            if e["key"] in told:
                continue
            told.add(e["key"])
            mid = f"{doc['doc']}#{i}"
            mentions.append(
                EventMention(
                    id=mid,
                    doc_id=doc["doc"],
                    doc_name=doc["doc"],
                    type=EventType(e["type"]),
                    actors=tuple(e["actors"]),
                    countries=tuple(e["countries"]),
                    location=e["location"],
                    date=e["date"],
                    status=Status(e["status"]),
                    evidence="",
                    start=i,
                    end=i,
                    published=doc.get("published"),
                )
            )
            keys[mid] = e["key"]
            if e.get("optional"):
                optional.add(mid)
    return mentions, keys, optional


def _coreference_errors(
    events: list[Event], keys: dict[str, str], skip: set[str]
) -> tuple[int, int, int]:
    """(events, duplicates, over-merged) the way score.py counts them at corpus level."""
    seen: Counter[str] = Counter()
    n = over = 0
    for e in events:
        ks = {keys[m] for m in e.mention_ids if m not in skip}
        if not ks:
            continue
        n += 1
        over += len(ks) > 1
        seen.update(ks)
    return n, sum(c - 1 for c in seen.values()), over


def test_gold_mentions_merge_into_gold_events(dev_dir: Path) -> None:
    mentions, keys, optional = _gold_mentions(dev_dir / "gold.jsonl")
    events = merge_mentions(mentions)
    # Measured: 195 mentions (one per event per document) -> 122 events, 5 duplicates,
    # 11 over-merged; the required ones (what score.py counts) -> 105 events, 2 duplicates,
    # 2 over-merged.
    n_all, dup_all, over_all = _coreference_errors(events, keys, set())
    assert dup_all <= 0.05 * n_all
    assert over_all <= 0.10 * n_all
    n_req, dup_req, over_req = _coreference_errors(events, keys, optional)
    assert dup_req <= 0.02 * n_req
    assert over_req <= 0.02 * n_req
    # and merging is worth it: far fewer events than mentions, close to the gold count
    assert len(events) <= len(set(keys.values())) * 1.1


def test_dev_wide_gold_mentions_merge_into_gold_events(dev_wide_dir: Path) -> None:
    mentions, keys, optional = _gold_mentions(dev_wide_dir / "gold.jsonl")
    events = merge_mentions(mentions)
    # Measured: 250 mentions -> 165 events; the required ones -> 109 events, 2 duplicates
    # (talks whose sources date them a month apart, an unnamed plan of a named meeting),
    # 4 over-merged: events the gold tells apart on one day with the same people and place
    # (an airport welcome and the summit, the talks and the state dinner), which no
    # source's fields tell apart. Before the days of one stay and the day off: 5 and 5.
    n_req, dup_req, over_req = _coreference_errors(events, keys, optional)
    assert dup_req <= 0.02 * n_req
    assert over_req <= 0.04 * n_req


@pytest.mark.parametrize("fields", [
    {},
    {"actors": ("Vladimir Putin", "Kim Jong Un", "Putin"), "countries": ("RUS", "PRK", "RUS")},
    {"location": None, "date": None, "status": "planned"},
    {"location": "", "date": "2024", "type_": "VISIT", "actors": ()},
])
def test_a_mention_alone_gets_the_fields_the_votes_give(fields: dict[str, object]) -> None:
    """A one-mention event skips the votes: its fields are those of the same mention told
    again by a copy (one voice, so the same votes), its id and mentions its own."""
    alone = mention("m1", **fields)  # type: ignore[arg-type]
    told_again = mention("m2", doc="doc-copy", **fields)  # type: ignore[arg-type]
    [one] = merge_mentions([alone])
    [two] = merge_mentions([alone, told_again], {"doc-copy": "doc-m1"})
    assert one.mention_ids == ("m1",) and set(two.mention_ids) == {"m1", "m2"}
    fields_of = ("type", "actors", "countries", "location", "date", "status", "conflicts", "what")
    assert {f: getattr(one, f) for f in fields_of} == {f: getattr(two, f) for f in fields_of}
    assert one.conflicts == () and one.location == (alone.location or None)
