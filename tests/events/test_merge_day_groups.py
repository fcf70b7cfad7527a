"""The chaining guard groups the profiles dated by their day in runs (clustering._day_groups)
instead of linking them one by one: the groups, their order and their members' order are
those of linking every profile one by one."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.events.merge_mentions import meet

from bilat.events.merge.clustering import (
    _anchor_order,
    _complete_linkage,
    _day_groups,
    _link,
    _Nearby,
)
from bilat.events.merge.compatibility import compatible
from bilat.events.merge.groups import Group
from bilat.events.merge.profiles import Profile, profiles_of
from bilat.model import EventMention

PEOPLE = ("Vladimir Putin", "Sergei Lavrov", "Kim Jong Un", "Putin")
START = date(2024, 5, 20)


def _one_by_one(profiles: list[Profile], *, strict: bool = False) -> list[Group]:
    """The linkage as it was: every profile, days too, linked one by one."""
    nearby = _Nearby()
    _link(sorted(profiles, key=_anchor_order), nearby, strict=strict)
    return nearby.groups


def _ids(groups: list[Group]) -> list[list[str]]:
    return [[m.id for p in g for m in p.mentions] for g in groups]


@st.composite
def dense_mentions(draw: st.DrawFn, n: int) -> list[EventMention]:
    """Mentions of a few days a few days apart (runs that chain and runs that do not),
    with months and years among them, as a dense block's chained cluster has."""
    out = []
    for i in range(n):
        day = START + timedelta(days=draw(st.integers(0, 12)))
        precision = draw(st.sampled_from((10, 10, 10, 7, 4)))
        out.append(meet(
            f"m{i}", day.isoformat()[:precision],
            actors=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True))),
            doc=f"d{draw(st.integers(0, n))}",
            location=draw(st.sampled_from((None, "Pyongyang", "Moscow"))),
            countries=draw(st.sampled_from((("RUS", "PRK"), ("RUS", "PRK", "CHN")))),
            published=(day + timedelta(days=draw(st.integers(0, 3)))).isoformat(),
        ))  # fmt: skip
    return out


@settings(max_examples=150, deadline=None)
@given(dense_mentions(18))
def test_day_groups_are_those_of_linking_one_by_one(ms: list[EventMention]) -> None:
    profiles = profiles_of(ms)
    assert _ids(_complete_linkage(profiles)) == _ids(_one_by_one(profiles))


def test_a_chain_of_one_day_is_linked_not_kept() -> None:
    """A ~ B ~ C on one day with A !~ C (Putin's and Lavrov's meetings, B naming nobody):
    the run is not pairwise compatible, so it is linked; B, tied between the two groups,
    joins the first made (Putin's: named before the unnamed B, first by its id)."""
    a, b, c = profiles_of([meet("a", "2024-05-21", actors=("Vladimir Putin",)),
                           meet("b", "2024-05-21"),
                           meet("c", "2024-05-21", actors=("Sergei Lavrov",))])  # fmt: skip
    assert compatible(a, b) and compatible(b, c) and not compatible(a, c)
    assert _ids(_day_groups([a, c, b], strict=False)) == [["a", "b"], ["c"]]
    assert _ids(_complete_linkage([c, b, a])) == [["a", "b"], ["c"]]


def test_runs_come_back_in_the_anchor_order() -> None:
    """Days further apart than a day's slack form their groups apart; the groups come
    back in the order of their anchors (the located day first), not of their days, and a
    month that fits both joins the one the linkage would have chosen."""
    profiles = profiles_of([
        meet("early", "2024-05-01"),
        meet("early-too", "2024-05-01"),
        meet("late", "2024-05-20", location="Moscow"),
        meet("month", "2024-05"),
    ])  # fmt: skip
    groups = _complete_linkage(profiles)
    assert _ids(groups) == _ids(_one_by_one(profiles))
    assert [g[0].mentions[0].id for g in groups] == ["late", "early"]
    assert any({"early", "early-too"} <= set(ids) for ids in _ids(groups))


def test_a_pairwise_compatible_run_is_one_group_in_the_anchor_order() -> None:
    """Three days within a day's slack of each other, every two compatible: one group,
    its members in the anchor order (the located one first)."""
    profiles = profiles_of([
        meet("x", "2024-05-10", actors=("Putin",)),
        meet("y", "2024-05-10", actors=("Vladimir Putin",), location="Moscow"),
        meet("z", "2024-05-10"),
    ])  # fmt: skip
    ordered = sorted(profiles, key=_anchor_order)
    assert _ids(_day_groups(ordered, strict=False)) == [["y", "x", "z"]]
    assert _ids(_complete_linkage(profiles)) == _ids(_one_by_one(profiles))


def test_no_days_leaves_the_linkage_as_it_was() -> None:
    """Undated leftovers (strict) hold no day: nothing is grouped ahead."""
    assert _day_groups([], strict=True) == []
    profiles = profiles_of([meet("u", None), meet("v", None, actors=("Putin",)),
                            meet("w", None, actors=("Vladimir Putin", "Kim Jong Un"))])
    assert _ids(_complete_linkage(profiles, strict=True)) == _ids(
        _one_by_one(profiles, strict=True))


def test_a_run_is_kept_only_if_each_fits_those_before_it() -> None:
    """compatible is not symmetric for a list naming one person twice: "Putin" and
    "Vladimir Putin" fit Putin and Lavrov's list, not the other way round. The located
    profile is the anchor; the other joins only if it fits it as a joiner, so the run is
    not kept as one group, as the linkage keeps them apart."""
    anchor, joiner = sorted(profiles_of([
        meet("a", "2024-05-23", actors=("Putin", "Vladimir Putin"), location="Pyongyang"),
        meet("b", "2024-05-23", actors=("Vladimir Putin", "Sergei Lavrov")),
    ]), key=_anchor_order)  # fmt: skip
    assert compatible(anchor, joiner) and not compatible(joiner, anchor)
    assert _ids(_day_groups([anchor, joiner], strict=False)) == [["a"], ["b"]]
    assert _ids(_complete_linkage([joiner, anchor])) == _ids(_one_by_one([anchor, joiner]))


def test_a_strict_linkage_of_days_asks_that_a_joiner_be_tied() -> None:
    """Days linked strictly (never in a merge: only undated leftovers are) are linked one
    by one: an unnamed day does not join Putin's day of its own article, compatible with
    it as they are, because nothing ties it to his event (hypothesis found the run kept
    whole)."""
    profiles = profiles_of([
        meet("p", "2024-05-23", actors=("Vladimir Putin",), doc="d0"),
        meet("u", "2024-05-23", doc="d0"),
    ])  # fmt: skip
    assert all(compatible(p, q, strict=True) for p in profiles for q in profiles if p is not q)
    assert _ids(_complete_linkage(profiles, strict=True)) == _ids(
        _one_by_one(profiles, strict=True)) == [["p"], ["u"]]
