"""Candidate pairs are listed once, under the profile that starts first, and the union-find
over them forms the components testing every pair of a block forms: the same groups."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.events.merge_mentions import meet
from tests.events.test_merge_nearby import mentions

from bilat.events.merge.blocking import (
    UnionFind,
    _directed,
    _neighbours_in_reach,
    blocking_keys,
    candidate_pairs,
    components,
)
from bilat.events.merge.clustering import _cluster_dated, _split_chains
from bilat.events.merge.compatibility import compatible
from bilat.events.merge.groups import Group
from bilat.events.merge.profiles import Profile, profiles_of
from bilat.model import EventMention

# "Putin" is named twice in one list: compatible is not symmetric for it
PEOPLE = ("Vladimir Putin", "Sergei Lavrov", "Putin")
START = date(2024, 1, 1)


@st.composite
def first_days(draw: st.DrawFn, n: int) -> list[EventMention]:
    """Days, months and years that begin on one day or a day apart (a year and its first
    day, a month and its first day, two of one precision on one day), some naming one
    person twice, two places and none, articles telling several."""
    out = []
    for i in range(n):
        day = START + timedelta(days=draw(st.sampled_from((0, 0, 0, 1, 2, 31, 32))))
        precision = draw(st.sampled_from((10, 10, 7, 4)))
        out.append(meet(
            f"m{i}", day.isoformat()[:precision],
            actors=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True))),
            doc=f"d{draw(st.integers(0, n // 2))}",
            location=draw(st.sampled_from((None, "Pyongyang", "Moscow"))),
            countries=draw(st.sampled_from((("RUS", "PRK"), ("RUS", "PRK", "CHN")))),
            published=(day + timedelta(days=draw(st.integers(0, 40)))).isoformat(),
        ))  # fmt: skip
    return out


def _blocks(profiles: list[Profile]) -> list[list[int]]:
    blocks: dict[tuple[str, ...], list[int]] = {}
    for i, p in enumerate(profiles):
        for key in blocking_keys(p.mentions[0]):
            blocks.setdefault(_directed(key, p), []).append(i)
    return list(blocks.values())


def _every_pair_tested(profiles: list[Profile]) -> list[Group]:
    """The dated clustering by definition: every pair of a block tested, the lower index
    first, then the chaining guard."""
    uf = UnionFind(len(profiles))
    for members in _blocks(profiles):
        for i, j in combinations(members, 2):
            if compatible(profiles[i], profiles[j]):
                uf.union(i, j)
    return [g for ids in uf.groups() for g in _split_chains([profiles[i] for i in ids])]


def _ids(groups: list[Group]) -> list[list[str]]:
    return [[m.id for p in g for m in p.mentions] for g in groups]


@settings(max_examples=150, deadline=None)
@given(st.one_of(first_days(16), mentions(16)))
def test_a_block_lists_each_pair_once_and_every_compatible_pair(
    ms: list[EventMention],
) -> None:
    dated = [p for p in profiles_of(ms) if p.date]
    for members in _blocks(dated):
        listed = Counter(frozenset((i, j)) for i, js in _neighbours_in_reach(dated, members)
                         for j in js)  # fmt: skip
        assert all(len(pair) == 2 for pair in listed)  # never a profile with itself
        assert max(listed.values(), default=1) == 1
        for i, j in combinations(members, 2):
            if compatible(dated[i], dated[j]) or compatible(dated[j], dated[i]):
                assert frozenset((i, j)) in listed


@settings(max_examples=150, deadline=None)
@given(st.one_of(first_days(16), mentions(16)))
def test_the_clusters_are_those_of_testing_every_pair(ms: list[EventMention]) -> None:
    dated = [p for p in profiles_of(ms) if p.date]
    assert _ids(_cluster_dated(dated)) == _ids(_every_pair_tested(dated))


def test_a_year_a_month_and_a_day_of_one_first_day_are_each_paired_once() -> None:
    dated = profiles_of([meet("y", "2024"), meet("m", "2024-01"), meet("d", "2024-01-01"),
                         meet("e", "2024-01-01", location="Moscow")])  # fmt: skip
    pairs = Counter(frozenset(dated[k].mentions[0].id for k in pair)
                    for pair in candidate_pairs(dated))  # fmt: skip
    assert set(pairs) == {frozenset(pair) for pair in combinations("ymde", 2)}
    assert set(pairs.values()) == {1}
    assert all(i < j for i, j in candidate_pairs(dated))


def test_a_pair_is_tested_the_lower_index_first_whichever_profile_lists_it() -> None:
    """The month starts first and lists the day; "Putin" and "Vladimir Putin" fit Putin
    and Lavrov's list, not the other way round, so the two are one cluster only when the
    list naming Putin twice comes first by index, as testing every pair has it."""
    twice, pair = profiles_of([
        meet("a", "2024-01-20", actors=("Putin", "Vladimir Putin")),
        meet("b", "2024-01", actors=("Vladimir Putin", "Sergei Lavrov")),
    ])  # fmt: skip
    assert compatible(twice, pair) and not compatible(pair, twice)
    for order in ([twice, pair], [pair, twice]):
        assert _ids(_cluster_dated(order)) == _ids(_every_pair_tested(order))
    assert _ids(_cluster_dated([twice, pair])) == [["a", "b"]]
    assert sorted(_ids(_cluster_dated([pair, twice]))) == [["a"], ["b"]]


def test_components_join_the_blocks_a_mention_of_three_states_shares() -> None:
    ms = [meet("a", "2024-05-01", countries=("RUS", "PRK")),
          meet("b", "2024-05-02", countries=("CHN", "USA")),
          meet("c", "2024-05-03", countries=("PRK", "CHN", "KOR")),
          meet("d", "2024-05-04", countries=("KOR", "PRK"))]  # fmt: skip
    ids = sorted(sorted(m.id for p in c for m in p.mentions) for c in components(profiles_of(ms)))
    assert ids == [["a"], ["b"], ["c", "d"]]
    assert blocking_keys(ms[2]) == {("MEET", "CHN", "KOR"), ("MEET", "CHN", "PRK"),
                                    ("MEET", "KOR", "PRK")}  # fmt: skip
