"""The chaining guard groups a chained cluster's months and days part by part, the parts
being the union-find's roots after its first stage (clustering._linked_by_parts): the
groups, their order and their members' order are those of linking the cluster whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.events.test_merge_pairs import _every_pair_tested

from bilat.events.merge import clustering
from bilat.events.merge.clustering import (
    _cluster_dated,
    _complete_linkage,
    _one_way,
    merge_component,
)
from bilat.events.merge.compatibility import compatible
from bilat.events.merge.groups import Group
from bilat.events.merge.profiles import Profile, profiles_of
from bilat.model import EventMention, EventType, Status

# "Putin" and "Vladimir Putin" are one person named twice; "Kim Jong Un" and "Kim Yo Jong"
# are two people who both fit "Kim": lists of one length that fit one way only
PEOPLE = ("Vladimir Putin", "Sergei Lavrov", "Putin", "Kim Jong Un", "Kim Yo Jong", "Kim")
START = date(2024, 5, 27)


def _event(mid: str, day: str | None, *, actors: tuple[str, ...] = (), doc: str = "",
           location: str | None = None, countries: tuple[str, ...] = ("RUS", "PRK"),
           published: str = "2024-06-30", type_: EventType = EventType.MEET,
           status: Status = Status.OCCURRED) -> EventMention:
    return EventMention(id=mid, doc_id=doc or f"d{mid}", doc_name="d", type=type_,
                        actors=actors, countries=countries, location=location, date=day,
                        status=status, evidence="", start=0, end=0,
                        published=published)  # fmt: skip


def _ids(groups: list[Group]) -> list[list[str]]:
    return [[m.id for p in g for m in p.mentions] for g in groups]


def _counting(calls: list[set[str]]) -> Callable[..., list[Group]]:
    linked = clustering._linked_by_parts

    def counted(cluster: list[Profile], parts: list[int]) -> list[Group]:
        calls.append({m.id for p in cluster for m in p.mentions})
        return linked(cluster, parts)

    return counted


def _by_parts(dated: list[Profile]) -> tuple[list[Group], list[set[str]]]:
    """The dated clustering, and the mentions of each cluster grouped part by part."""
    calls: list[set[str]] = []
    with mock.patch.object(clustering, "_linked_by_parts", _counting(calls)):
        groups = _cluster_dated(dated)
    return groups, calls


@st.composite
def chained(draw: st.DrawFn, n: int) -> list[EventMention]:
    """Days of two months a few days either side of their turn, months of both (some
    recent, so that a month fits a day of the month next to it), years, undated ones,
    visits (a directed type), countries that nest (one, two, three states, none), lists
    fitting one way only, articles telling several."""
    out = []
    for i in range(n):
        day = START + timedelta(days=draw(st.integers(0, 8)))
        precision = draw(st.sampled_from((10, 10, 10, 7, 7, 4, 0)))
        out.append(_event(
            f"m{i}", day.isoformat()[:precision] or None,
            actors=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True))),
            doc=f"d{draw(st.integers(0, n // 2))}",
            location=draw(st.sampled_from((None, "Pyongyang", "Moscow"))),
            countries=draw(st.sampled_from((("RUS", "PRK"), ("RUS", "PRK"), ("PRK", "RUS"),
                                            ("RUS", "PRK", "CHN"), ("RUS",), ()))),
            published=(day + timedelta(days=draw(st.integers(0, 35)))).isoformat(),
            type_=draw(st.sampled_from((EventType.MEET, EventType.MEET, EventType.VISIT))),
            status=draw(st.sampled_from((Status.OCCURRED, Status.OCCURRED, Status.PLANNED))),
        ))  # fmt: skip
    return out


@settings(max_examples=300, deadline=None)
@given(chained(20))
def test_the_groups_are_those_of_linking_each_cluster_whole(ms: list[EventMention]) -> None:
    profiles = profiles_of(ms)
    dated = [p for p in profiles if p.date]
    groups, _ = _by_parts(dated)
    assert _ids(groups) == _ids(_every_pair_tested(dated))
    # undated profiles then join those groups or are linked among themselves
    with mock.patch.object(clustering, "_cluster_dated", _every_pair_tested):
        whole = merge_component(profiles)
    assert _ids(merge_component(profiles)) == _ids(whole)


def test_a_chain_within_a_part_is_linked_and_a_pairwise_part_is_one_group() -> None:
    """Putin ~ unnamed ~ Lavrov on one day, Putin !~ Lavrov: that part is linked (the
    unnamed day, tied between the two, joins the first made). Kim's day and month are
    another part, one group; the year fits both parts' groups and joins the one the
    linkage ranks first."""
    profiles = profiles_of([
        _event("a", "2024-05-21", actors=("Vladimir Putin",)),
        _event("b", "2024-05-21"),
        _event("c", "2024-05-21", actors=("Sergei Lavrov",)),
        _event("k", "2024-05-25", actors=("Kim Jong Un",), location="Moscow"),
        _event("km", "2024-05", actors=("Kim Jong Un",)),
        _event("y", "2024"),
    ])  # fmt: skip
    a, b, c = profiles[:3]
    assert compatible(a, b) and compatible(b, c) and not compatible(a, c)
    groups, calls = _by_parts(profiles)
    assert len(calls) == 1
    assert _ids(groups) == _ids(_every_pair_tested(profiles))
    assert ["k", "km"] in _ids(groups) or ["k", "km", "y"] in _ids(groups)
    assert ["a", "b"] in _ids(groups) or ["a", "b", "y"] in _ids(groups)


def test_a_pair_failed_that_fits_the_other_way_sends_its_cluster_through_the_linkage() -> None:
    """"Putin, Vladimir Putin" fits "Vladimir Putin, Sergei Lavrov", not the other way
    round; "Kim Jong Un, Kim Yo Jong" and "Kim, Sergei Lavrov" likewise, with no name
    twice. When the first stage tests such a pair the way it fails, the linkage may join
    them the other way: the parts are not the linkage's, and the cluster is linked whole.
    Tested the way it fits, the pair is joined, and the parts hold. (The two days are
    joined only through the year, so the first stage tests them.)"""
    for first, second in ((("Putin", "Vladimir Putin"), ("Vladimir Putin", "Sergei Lavrov")),
                          (("Kim Jong Un", "Kim Yo Jong"), ("Kim", "Sergei Lavrov"))):
        for order in ((first, second), (second, first)):
            profiles = profiles_of([
                _event("x", "2024-05-21", actors=order[0], location="Pyongyang"),
                _event("z", "2024-05-21", actors=order[1]),
                _event("y", "2024"),
            ])  # fmt: skip
            x, z = (next(k for k, p in enumerate(profiles) if p.mentions[0].id == mid)
                    for mid in "xz")
            assert _one_way(profiles[x].actors, profiles[z].actors)
            tested = (compatible(profiles[x], profiles[z]) if x < z
                      else compatible(profiles[z], profiles[x]))
            groups, calls = _by_parts(profiles)
            assert _ids(groups) == _ids(_every_pair_tested(profiles))
            if not tested:
                assert not any({"x", "z"} <= ids for ids in calls)


def test_a_month_beside_days_of_two_months() -> None:
    """A recent month (May, told in June) fits its own last day and the first day of
    June, a month off; the two days are a day apart: one part, each fitting those before
    it only in part, linked as a whole cluster is."""
    profiles = profiles_of([
        _event("may31", "2024-05-31", actors=("Vladimir Putin",), location="Moscow"),
        _event("jun1", "2024-06-01", actors=("Vladimir Putin",), location="Moscow"),
        _event("jun3", "2024-06-03", actors=("Vladimir Putin",), location="Moscow"),
        _event("may", "2024-05", actors=("Vladimir Putin",), location="Moscow",
               published="2024-06-05"),
        _event("y", "2024", actors=("Putin",)),
        _event("u", None, actors=("Putin",), published="2024-06-10"),
    ])  # fmt: skip
    dated = [p for p in profiles if p.date]
    groups, calls = _by_parts(dated)
    assert len(calls) == 1
    assert _ids(groups) == _ids(_every_pair_tested(dated))
    with mock.patch.object(clustering, "_cluster_dated", _every_pair_tested):
        whole = merge_component(profiles)
    assert _ids(merge_component(profiles)) == _ids(whole)


def test_without_parts_the_cluster_is_linked_whole() -> None:
    """_split_chains given no parts (as a test of every pair calls it) links whole."""
    profiles = profiles_of([_event("a", "2024-05-21", actors=("Vladimir Putin",)),
                            _event("b", "2024-05-21"),
                            _event("c", "2024-05-21", actors=("Sergei Lavrov",))])
    assert _ids(clustering._split_chains(profiles)) == _ids(_complete_linkage(profiles))
