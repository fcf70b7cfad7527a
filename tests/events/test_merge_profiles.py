"""profiles_of returns the profiles in the order of their first report, whatever blocks
they belong to and whatever order the mentions come in; components, given them in any
order, the same components in the same order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.events.merge_mentions import meet

from bilat.events.merge.blocking import blocking_keys, components
from bilat.events.merge.profiles import Profile, profiles_of, unordered_profiles
from bilat.model import EventMention

COUNTRIES = (("RUS", "PRK"), ("PRK", "RUS"), ("CHN", "USA"), ("RUS", "PRK", "CHN"))


def _ids(profiles: list[Profile]) -> list[list[str]]:
    return [[m.id for m in p.mentions] for p in profiles]


def test_profiles_of_several_blocks_come_in_the_order_of_their_first_report() -> None:
    ms = [
        meet("a", "2024-05-01", countries=("CHN", "USA"), published="2024-05-03"),
        meet("b", "2024-05-01", countries=("RUS", "PRK"), published="2024-05-01"),
        meet("c", "2024-05-02", countries=("CHN", "USA"), published="2024-05-02"),
        meet("d", "2024-05-03", countries=("RUS", "PRK"), published="2024-05-04"),
    ]
    expected = [["b"], ["c"], ["a"], ["d"]]
    assert _ids(profiles_of(ms)) == expected
    assert _ids(profiles_of(reversed(ms))) == expected


@st.composite
def mentions_of_several_blocks(draw: st.DrawFn) -> list[EventMention]:
    n = draw(st.integers(1, 16))
    return [
        meet(f"m{i}", draw(st.sampled_from(("2024-05-01", "2024-05", "2024", None))),
             actors=draw(st.sampled_from(((), ("Putin",), ("Vladimir Putin", "Kim Jong Un")))),
             doc=f"d{draw(st.integers(0, 3))}", countries=draw(st.sampled_from(COUNTRIES)),
             published=draw(st.sampled_from(("2024-05-01", "2024-05-02"))))
        for i in range(n)
    ]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(mentions_of_several_blocks(), st.randoms())
def test_profiles_do_not_depend_on_the_order_of_the_mentions(
    ms: list[EventMention], rng: random.Random
) -> None:
    shuffled = list(ms)
    rng.shuffle(shuffled)
    assert _ids(profiles_of(shuffled)) == _ids(profiles_of(ms))


def _components_one_by_one(profiles: list[Profile]) -> list[list[Profile]]:
    """Components as the merge first formed them: sorted profiles, each joined to every
    profile before it that shares a key, in the order of their first profiles."""
    parts: list[list[Profile]] = []
    for p in profiles:
        keys = blocking_keys(p.mentions[0])
        shared = [c for c in parts if any(keys & blocking_keys(q.mentions[0]) for q in c)]
        joined = [p] + [q for c in shared for q in c]
        parts = [c for c in parts if not any(c is s for s in shared)]
        parts.append(sorted(joined, key=lambda q: q.sort_key))
    return sorted(parts, key=lambda c: c[0].sort_key)


@settings(max_examples=100, deadline=None)
@given(mentions_of_several_blocks(), st.randoms())
def test_components_of_profiles_in_any_order_are_those_of_sorted_ones(
    ms: list[EventMention], rng: random.Random
) -> None:
    unordered = unordered_profiles(ms)
    rng.shuffle(unordered)
    expected = [_ids(c) for c in _components_one_by_one(profiles_of(ms))]
    assert [_ids(c) for c in components(unordered)] == expected
    assert [_ids(c) for c in components(profiles_of(ms))] == expected
