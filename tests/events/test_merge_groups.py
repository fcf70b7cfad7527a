"""A group's summary answers what testing every member answers: compatibility with all of
them, its span, its size; and candidate pairs within reach are every compatible pair."""

from __future__ import annotations

import random
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.events.test_merge_nearby import mentions

from bilat.events.merge.blocking import UnionFind, blocking_keys, candidate_pairs
from bilat.events.merge.clustering import _Nearby
from bilat.events.merge.compatibility import actors_compatible, compatible, person_keys
from bilat.events.merge.groups import Group
from bilat.events.merge.profiles import Profile, profiles_of
from bilat.knowledge.names import name_tokens
from bilat.model import EventMention, EventType, Status


def _drawn_group(ms: list[EventMention],
                 data: st.DataObject) -> tuple[list[Profile], list[Profile], Group]:
    """The mentions' profiles, some of them, and the group of those."""
    profiles = profiles_of(ms)
    members = data.draw(st.lists(st.sampled_from(profiles), min_size=1, max_size=6))
    return profiles, members, Group(members)


@settings(max_examples=80, deadline=None)
@given(mentions(14), st.data())
def test_a_group_is_compatible_with_a_profile_when_every_member_is(
    ms: list[EventMention], data: st.DataObject
) -> None:
    profiles, members, group = _drawn_group(ms, data)
    for p in profiles:
        for strict in (False, True):
            every = all(compatible(p, q, strict=strict) for q in members)
            assert group.all_compatible(p, strict=strict) == every


@settings(max_examples=80, deadline=None)
@given(mentions(14), st.data())
def test_a_group_a_profile_is_compatible_with_is_one_it_may_join(
    ms: list[EventMention], data: st.DataObject
) -> None:
    profiles, _, group = _drawn_group(ms, data)
    for p in profiles:
        for strict in (False, True):
            if group.all_compatible(p, strict=strict):
                assert group.may_join(p)


def test_a_group_of_other_people_is_not_one_a_profile_may_join() -> None:
    def meet(mid: str, actors: tuple[str, ...]) -> EventMention:
        return EventMention(id=mid, doc_id=f"d{mid}", doc_name="d", type=EventType.MEET,
                            actors=actors, countries=("PRK", "RUS"), location=None,
                            date="2024-06-01", status=Status.OCCURRED, evidence="",
                            start=0, end=0, published="2024-06-01")  # fmt: skip

    putin, lavrov, vladimir_putin = profiles_of(
        [meet("a", ("Putin",)), meet("b", ("Lavrov",)), meet("c", ("Vladimir Putin",))])
    assert not Group([lavrov]).may_join(putin)
    assert Group([vladimir_putin]).may_join(putin)


@settings(max_examples=40, deadline=None)
@given(mentions(10))
def test_a_group_keeps_the_span_of_its_most_precise_members_and_its_size(
    ms: list[EventMention],
) -> None:
    profiles = profiles_of(ms)
    group = Group(profiles)
    rank = max(p.rank for p in profiles)
    top = [p.span for p in profiles if p.rank == rank]
    assert group.span() == (min(s[0] for s in top), max(s[1] for s in top))
    assert group.size == len(ms)


@settings(max_examples=60, deadline=None)
@given(mentions(14))
def test_candidate_pairs_hold_every_compatible_pair_of_a_block(ms: list[EventMention]) -> None:
    dated = [p for p in profiles_of(ms) if p.date]
    pairs = set(candidate_pairs(dated))
    for i, j in combinations(range(len(dated)), 2):
        shared = blocking_keys(dated[i].mentions[0]) & blocking_keys(dated[j].mentions[0])
        if shared and compatible(dated[i], dated[j]):
            assert (i, j) in pairs


def test_a_day_is_paired_with_a_day_two_days_off_but_not_with_one_a_week_off() -> None:
    def meet(mid: str, day: str) -> EventMention:
        return EventMention(id=mid, doc_id=f"d{mid}", doc_name="d", type=EventType.MEET,
                            actors=("Vladimir Putin",), countries=("PRK", "RUS"),
                            location=None, date=day, status=Status.OCCURRED, evidence="",
                            start=0, end=0, published=day)  # fmt: skip

    profiles = profiles_of([meet("a", "2024-06-01"), meet("b", "2024-06-03"),
                            meet("c", "2024-06-10")])  # fmt: skip
    ids = {frozenset((profiles[i].mentions[0].id, profiles[j].mentions[0].id))
           for i, j in candidate_pairs(profiles)}  # fmt: skip
    assert ids == {frozenset("ab")}


NAMES = ("Kim Jong Un", "Kim Jong-un", "Kimjong Un", "Kim", "Jong Un", "Putin",
         "Vladimir Putin", "Vladimir Vladimirovich Putin", "Lavrov", "Sergei Lavrov")  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
       st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))  # fmt: skip
def test_two_lists_of_people_that_fit_share_a_person_key(a: list[str], b: list[str]) -> None:
    """The index of groups by person drops only groups whose people cannot fit."""
    people_a = tuple(t for t in (name_tokens(n) for n in a) if t)
    people_b = tuple(t for t in (name_tokens(n) for n in b) if t)
    if actors_compatible(people_a, people_b):
        assert not person_keys(people_a).isdisjoint(person_keys(people_b))


def _meet(mid: str, date: str, actors: tuple[str, ...] = (),
          location: str | None = None) -> EventMention:
    return EventMention(id=mid, doc_id=f"d{mid}", doc_name="d", type=EventType.MEET,
                        actors=actors, countries=("PRK", "RUS"), location=location,
                        date=date, status=Status.OCCURRED, evidence="", start=0, end=0,
                        published=date)  # fmt: skip


def _by_id(ms: list[EventMention]) -> list[Profile]:
    """The mentions' profiles in the order of the mentions."""
    by_id = {p.mentions[0].id: p for p in profiles_of(ms)}
    return [by_id[m.id] for m in ms]


def test_a_month_at_one_place_may_not_join_a_group_at_another() -> None:
    moscow, pyongyang, nowhere = _by_id([_meet("a", "2024-06-01", location="Moscow"),
                                         _meet("b", "2024-06", location="Pyongyang"),
                                         _meet("c", "2024-06")])  # fmt: skip
    assert not Group([moscow]).may_join(pyongyang)
    assert Group([moscow]).may_join(nowhere)


def test_a_year_named_by_its_people_is_offered_their_groups_and_unnamed_ones() -> None:
    putin, lavrov, unnamed, year = _by_id([
        _meet("a", "2024-06-01", ("Vladimir Putin",)), _meet("b", "2024-07-01", ("Lavrov",)),
        _meet("c", "2024-08-01"), _meet("d", "2024", ("Putin",))])  # fmt: skip
    nearby = _Nearby()
    for p in (putin, lavrov, unnamed):
        nearby.add(Group([p]))
    assert nearby.near(year) == [0, 2]
    nearby.join(2, lavrov)  # the unnamed group now names Lavrov too
    assert nearby.near(year) == [0]


def test_visits_in_opposite_directions_are_not_paired() -> None:
    """A directed type's block is split by the first country: Putin's visit to Pyongyang
    and Kim's to Moscow on the same day are never compared, the two visits to Pyongyang
    are."""
    def visit(mid: str, countries: tuple[str, ...], place: str | None = None) -> EventMention:
        return EventMention(id=mid, doc_id=f"d{mid}", doc_name="d", type=EventType.VISIT,
                            actors=(), countries=countries, location=place,
                            date="2024-06-19", status=Status.OCCURRED, evidence="",
                            start=0, end=0, published="2024-06-19")  # fmt: skip

    profiles = _by_id([visit("a", ("RUS", "PRK")), visit("b", ("PRK", "RUS")),
                       visit("c", ("RUS", "PRK"), "Pyongyang")])  # fmt: skip
    ids = {frozenset((profiles[i].mentions[0].id, profiles[j].mentions[0].id))
           for i, j in candidate_pairs(profiles)}  # fmt: skip
    assert ids == {frozenset("ac")}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=15), st.randoms())
def test_union_find_roots_each_set_at_its_smallest_index_whatever_the_order(
    pairs: list[tuple[int, int]], rng: random.Random
) -> None:
    """The clustering links roots as it goes (UnionFind.link): the sets and their roots
    do not depend on the order of the unions."""
    shuffled = list(pairs)
    rng.shuffle(shuffled)
    roots = []
    for order in (pairs, shuffled):
        uf = UnionFind(10)
        for i, j in order:
            ri, rj = uf.find(i), uf.find(j)
            if ri != rj:
                uf.link(ri, rj)
        roots.append([uf.find(i) for i in range(10)])
        assert all(min(g) == uf.find(g[0]) for g in uf.groups())
    assert roots[0] == roots[1]
