"""Looking only at groups near a profile in time, and testing a group through its summary,
gives the groups testing every member of every group gives: REACH_DAYS bounds
compatibility, and the clustering's index of groups by time keeps their order."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bilat.events.merge.clustering import _anchor_order, _complete_linkage
from bilat.events.merge.compatibility import (
    REACH_DAYS,
    compatible,
    month_told_a_month_off,
    reach_days,
    reach_of,
    same_people,
)
from bilat.events.merge.groups import vague_plan
from bilat.events.merge.profiles import Profile, profiles_of
from bilat.model import EventMention, EventType, Status

PEOPLE = ("Vladimir Putin", "Kim Jong Un", "Xi Jinping")
START = date(2024, 5, 20)


@st.composite
def mentions(draw: st.DrawFn, n: int) -> list[EventMention]:
    out = []
    for i in range(n):
        day = START + timedelta(days=draw(st.integers(0, 90)))
        precision = draw(st.sampled_from((10, 7, 4, 0)))  # day, month, year, undated
        published = day + timedelta(days=draw(st.integers(-20, 40)))
        out.append(EventMention(
            id=f"m{i}", doc_id=f"d{draw(st.integers(0, n))}", doc_name="d",
            type=EventType.MEET,
            actors=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True))),
            countries=draw(st.sampled_from((("RUS", "PRK"), ("RUS", "PRK", "CHN")))),
            location=draw(st.sampled_from((None, "Pyongyang", "Moscow"))),
            date=day.isoformat()[:precision] or None,
            status=draw(st.sampled_from(tuple(Status))),
            evidence="", start=i, end=i, published=published.isoformat(),
        ))  # fmt: skip
    return out


def _gap(p: Profile, q: Profile) -> int:
    return max(p.span[0] - q.span[1], q.span[0] - p.span[1], 0)


@settings(max_examples=60, deadline=None)
@given(mentions(12))
def test_no_two_profiles_further_apart_than_their_reach_are_compatible(
    ms: list[EventMention],
) -> None:
    """The bounds: REACH_DAYS for any two profiles, reach_days for their precisions, and
    reach_of for what each of the two allows (named people, a place, a recent month)."""
    profiles = profiles_of(ms)
    for p in profiles:
        for q in profiles:
            if compatible(p, q) or compatible(p, q, strict=True):
                assert _gap(p, q) <= REACH_DAYS
                assert _gap(p, q) <= reach_days(p.type, p.rank, q.rank)
                assert _gap(p, q) <= min(reach_of(p, q.rank), reach_of(q, p.rank))


def _tied_by_definition(p: Profile, group: list[Profile]) -> bool:
    """clustering._tied, stated over every member instead of the group's summary."""
    planned_in = {doc for doc, occurred in p.reports if not occurred}
    if p.status is Status.PLANNED and any(
            doc in planned_in for q in group for doc, occurred in q.reports if occurred):
        return False
    if p.actors and not any(q.actors for q in group):
        return False
    if p.location is not None and any(q.location == p.location for q in group):
        return True
    if p.actors:
        return True
    if vague_plan(p) and any(q.occurred for q in group):
        return False
    if p.occurred and any(vague_plan(q) for q in group):
        return False
    return any(not q.actors for q in group)


def _affinity_by_definition(p: Profile, group: list[Profile]) -> tuple[object, ...]:
    """clustering._affinity, stated over every member."""
    own_month = not any(month_told_a_month_off(p, q) for q in group)
    places = any(p.location and q.location == p.location for q in group)
    people = any(p.actors and same_people(p, q) for q in group)
    size = sum(len(q.mentions) for q in group)
    rank = max(q.rank for q in group)
    earlier = -min(q.span[0] for q in group if q.rank == rank)
    if people:
        return own_month, places, people, earlier, size
    return own_month, places, people, size, earlier


def _every_group_tested(profiles: list[Profile], *, strict: bool) -> list[list[Profile]]:
    """Complete linkage as defined: each profile tested against every member of every
    group."""
    groups: list[list[Profile]] = []
    for p in sorted(profiles, key=_anchor_order):
        fits = [g for g in groups
                if all(compatible(p, q, strict=strict) for q in g)
                and (not strict or _tied_by_definition(p, g))]  # fmt: skip
        if fits:
            max(fits, key=lambda g: _affinity_by_definition(p, g)).append(p)
        else:
            groups.append([p])
    return groups


def _ids(groups: list[list[Profile]]) -> list[list[str]]:
    return [[m.id for p in g for m in p.mentions] for g in groups]


@settings(max_examples=60, deadline=None)
@given(mentions(16), st.booleans())
def test_complete_linkage_near_in_time_equals_testing_every_group(
    ms: list[EventMention], strict: bool
) -> None:
    profiles = profiles_of(ms)
    assert _ids(_complete_linkage(profiles, strict=strict)) == _ids(
        _every_group_tested(profiles, strict=strict))


def test_a_month_and_a_day_of_the_next_month_are_within_reach() -> None:
    """The widest gap compatibility allows: a recent month told a month off."""
    def meet(mid: str, day: str, published: str) -> EventMention:
        return EventMention(id=mid, doc_id=f"d{mid}", doc_name="d", type=EventType.MEET,
                            actors=("Ri Yong Ho",), countries=("PRK", "RUS"),
                            location="Moscow", date=day, status=Status.OCCURRED, evidence="",
                            start=0, end=0, published=published)  # fmt: skip

    month, day = profiles_of([meet("a", "2019-03", "2019-04-01"),
                              meet("b", "2019-04-30", "2019-04-30")])  # fmt: skip
    assert compatible(month, day)
    assert _gap(month, day) == 30 <= REACH_DAYS
