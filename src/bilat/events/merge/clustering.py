"""How the profiles of one component become groups, one per event: dated profiles joined
by union-find when compatible, then the chaining guard (complete linkage around the most
precise profiles); undated profiles join the nearest event they fit and are tied to, or
group among themselves."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import combinations

from bilat.events.merge.blocking import UnionFind, candidate_neighbours
from bilat.events.merge.compatibility import (
    compatible,
    day_slack,
    forget_people,
    month_told_a_month_off,
    names_all,
    person_keys,
    reach_of,
    same_list_of_people,
)
from bilat.events.merge.groups import Group, vague_plan
from bilat.events.merge.profiles import MAX_DAY, MIN_DAY, Profile
from bilat.model import Status


def _tied(p: Profile, group: Group) -> bool:
    """Whether an undated profile has something in common with an event beyond its type,
    countries and time window: a person (the people are already known to be compatible),
    a named place, or, for a mention that names nobody, a source that names nobody either.

    So a plan naming Putin does not join a visit whose sources name no traveller (a
    regional delegation's visit is not Putin's), nor does an unnamed retelling join an
    event every source of which names other people, unless the place ties them. An unnamed,
    placeless plan ("North Korea will send troops") is not tied to any one event that then
    happened: aid recurs, and nothing in it says which shipment fulfils it. Nor is an
    undated plan tied to an event its own article tells as done (:func:`_later_plan`)."""
    if _later_plan(p, group):
        return False
    if p.actors and not group.named:
        # checked before the place: Putin's undated visit to Pyongyang is not the visit of
        # a delegation no source names, even though both went to Pyongyang
        return False
    if p.location is not None and p.location in group.locations:
        return True
    if p.actors:
        return True
    if vague_plan(p) and group.occurred:
        return False
    if p.occurred and group.vague_plans:
        return False
    return group.unnamed


def _later_plan(p: Profile, group: Group) -> bool:
    """ "Trump met Kim at the DMZ on Sunday ... the two agreed to restart negotiations": an
    undated plan whose own article tells the event as done is another, later one; the
    article would otherwise have told it done too."""
    # the status first: most undated profiles tell what happened, and this is asked of
    # every group near them
    return p.status is Status.PLANNED and not group.occurred_docs.isdisjoint(
        doc for doc, occurred in p.reports if not occurred)


def _affinity(p: Profile, group: Group) -> tuple[bool, bool, bool, int, int]:
    """How much a profile agrees with a sub-cluster it is compatible with: its own month
    before the month next to it (:func:`month_told_a_month_off` is a fallback), same place,
    same people, then a tie-break. A vague mention naming the same people is most likely
    the start of their trip (a multi-day event is dated by its first day), so the earlier
    anchor wins; an actorless one is most likely the event most sources report."""
    own_month = not group.has_month_next_to(p) or not any(
        month_told_a_month_off(p, q) for q in group)
    places = bool(p.location) and p.location in group.locations
    # same_people reads only the people: one test per distinct list of people will do,
    # and none when a member names p's own list (in a dense block, most often)
    people = bool(p.actors) and (
        p.actors in group.people
        or any(same_list_of_people(p.actors, a) for a in group.people))
    size = group.size
    earlier = -group.span()[0]
    if people:
        return own_month, places, people, earlier, size
    return own_month, places, people, size, earlier


def _best_joined(
    p: Profile, nearby: _Nearby, rank: Callable[[Group], tuple[int, ...]], *, strict: bool
) -> int | None:
    """The index of the first by ``rank`` (then in their own order) of the groups near
    ``p`` it joins, None if it joins none. A profile joins a group (a sub-cluster) it is
    compatible with in full; an undated one (``strict``) must also be :func:`_tied` to it.
    Choosing among the groups it joins gives the same group, but in a dense block a vague
    profile joins most groups near it: testing the best first and stopping at the first
    it joins spares testing the others, and ranking only those it may join
    (:meth:`Group.may_join`, and tied to) spares ranking the others: an undated mention
    that names nobody is near every event of its year, and tied to few."""
    groups = nearby.groups
    near = [i for i in nearby.near(p)
            if groups[i].may_join(p) and (not strict or _tied(p, groups[i]))]
    if len(near) > 1:
        # ranked as (rank, index) pairs: the indices ascend, so ties keep the groups' own
        # order as a stable sort by rank would, with one call per group instead of two
        near = [i for _, i in sorted([(rank(groups[i]), i) for i in near])]
    return next((i for i in near if groups[i].all_compatible(p, strict=strict)), None)


def _most_affine_first(p: Profile) -> Callable[[Group], tuple[int, ...]]:
    """Groups by descending :func:`_affinity` with ``p``."""

    def descending(g: Group) -> tuple[int, ...]:
        # negated field by field, not through a generator: this ranks every group near a
        # profile of a chained cluster
        own_month, places, people, first, second = _affinity(p, g)
        return -own_month, -places, -people, -first, -second

    return descending


def _anchor_order(p: Profile) -> tuple[object, ...]:
    # Most precise first: days and named places become anchors, vaguer profiles follow.
    return (-p.rank, p.location is None, -len(p.actors), -len(p.mentions),
            p.sort_key)


class _Nearby:
    """The groups a profile could join, found by time and by people instead of by testing
    every group.

    A profile joins a group only if it is compatible with every member, hence with the
    group's first profile, hence within :func:`reach_of` of its span (for their two
    precisions). Groups are indexed
    by their first profile's first day, so a bisection finds those close enough (groups
    whose first profile spans more than :data:`_WIDE_DAYS`, such as an undated mention with
    no publication date, are always offered). A profile that names people fits only the
    groups that name nobody or share a :func:`person_keys` key with it (everyone it names
    must fit the people each member names): in a dense block a year-dated profile is
    near every group of its year, most of them other people's events. Offered groups come
    in their own order (the order of ``add``), so ties are broken as if every group had
    been tested."""

    def __init__(self) -> None:
        self.groups: list[Group] = []
        # by the precision of the first profile (its rank), so that a year-long span does
        # not widen the search among days: the first days of the first profiles, sorted,
        # the groups in the same order (by day, then index: bisecting plain ints is
        # cheaper than pairs), and the widest span of the rank
        self._days: dict[int, list[int]] = {}
        self._ids: dict[int, list[int]] = {}
        self._width: dict[int, int] = {}
        self._wide: list[int] = []
        self._by_person: dict[str, set[int]] = defaultdict(set)
        self._named: set[int] = set()  # the groups some member of which names people

    def add(self, group: Group) -> None:
        """A new group, last in the order."""
        i = len(self.groups)
        self.groups.append(group)
        lo, hi = group[0].span
        if hi - lo > _WIDE_DAYS:
            self._wide.append(i)
        else:
            rank = group[0].rank
            days = self._days.setdefault(rank, [])
            at = bisect_right(days, lo)  # after the groups of the same day: i is the last
            days.insert(at, lo)
            self._ids.setdefault(rank, []).insert(at, i)
            self._width[rank] = max(self._width.get(rank, 0), hi - lo)
        for p in group:
            self._index_people(i, p)

    def join(self, i: int, p: Profile) -> None:
        """``p`` joins the ``i``-th group."""
        self.groups[i].append(p)
        self._index_people(i, p)

    def _index_people(self, i: int, p: Profile) -> None:
        if p.actors:
            self._named.add(i)
            for key in person_keys(p.actors):
                self._by_person[key].add(i)

    def near(self, p: Profile) -> list[int]:
        """The indices, in order, of the groups ``p`` is near in time and may share people
        with."""
        found = list(self._wide)
        first, last = p.span
        for rank, days in self._days.items():
            reach = reach_of(p, rank)
            lo = bisect_left(days, first - reach - self._width[rank])
            hi = bisect_right(days, last + reach)
            found += self._ids[rank][lo:hi]
        if p.actors and found:
            # the groups near in time intersected with each key's groups, not the union of
            # those sets built: when most people share a key (a surname everyone in a
            # block bears) a key's set holds most of the component's groups, and building
            # their union for every profile grew with the component (set intersection
            # walks the smaller set: the groups near in time)
            named, by_person = self._named, self._by_person
            near = set(found)
            sharing: set[int] = set()
            for key in person_keys(p.actors):
                groups = by_person.get(key)
                if groups:
                    sharing |= near & groups
            # those that name nobody, and those sharing a key: set operations, not a test
            # per group in Python (at a million mentions a named profile is near 10 groups
            # in time and keeps 4, and that filter grew 23x for 10x the mentions)
            return sorted((near - named) | sharing)
        return sorted(found)


# Wider than any dated or published-undated span (a year and its slack).
_WIDE_DAYS = 800


def _complete_linkage(profiles: Sequence[Profile], *, strict: bool = False) -> list[Group]:
    """Greedy clustering around anchors: each profile joins the sub-cluster it is fully
    compatible with and agrees with most, or starts a new one. The profiles dated by their
    day come first in the anchor order, and :func:`_day_groups` forms their groups."""
    ordered = sorted(profiles, key=_anchor_order)
    days = 0
    # not for a strict linkage: a strict joiner must also be _tied to its group, which
    # _day_groups does not ask (the merge links strictly only undated leftovers, no days)
    while not strict and days < len(ordered) and ordered[days].rank == _DAY:
        days += 1
    nearby = _Nearby()
    for group in _day_groups(ordered[:days], strict=strict):
        nearby.add(group)
    _link(ordered[days:], nearby, strict=strict)
    return nearby.groups


_DAY = 3  # the rank of a date given to the day


def _link(ordered: Sequence[Profile], nearby: _Nearby, *, strict: bool) -> None:
    """Each profile, in the anchor order, joins the group near it it is compatible with in
    full and agrees with most (:func:`_best_joined`), or starts a new one."""
    for p in ordered:
        best = _best_joined(p, nearby, _most_affine_first(p), strict=strict)
        if best is not None:
            nearby.join(best, p)
        else:
            nearby.add(Group([p]))


def _day_groups(days: list[Profile], *, strict: bool) -> list[Group]:
    """The groups linking the profiles dated by their day (``days``, in the anchor order)
    one by one forms, most of them without linking: at a million mentions half the
    profiles of the chained clusters are days, and linking one cost more than grouping it
    here (tests/events/test_merge_day_groups.py checks the groups are the same).

    Why the same groups. The days come first in the anchor order, so what the linkage
    makes of them depends on them alone. A profile joins only a group every member of
    which it is compatible with, and two days further apart than their types'
    :func:`day_slack` never are: cut at such gaps, the days fall into runs no group
    crosses, each forming its groups as if alone (only its own groups are ever open to
    its profiles, in their own order). A run of one day starts a group. In a run each
    profile of which is compatible with every one before it (tested in that direction, as
    the linkage tests a profile against a group's members), the first starts a group and
    each of the others joins it, the only group open to it. Any other run is linked one
    by one, as before. Put back in the order of their first profiles, the groups are in
    the order the linkage makes them, their members in the order they joined."""
    if not days:
        return []
    position = {id(p): k for k, p in enumerate(days)}
    slack = max(day_slack(p.type) for p in days)
    by_day = sorted(days, key=lambda p: p.span[0])
    groups: list[Group] = []
    start = 0
    for end in range(1, len(by_day) + 1):
        if end < len(by_day) and by_day[end].span[0] - by_day[end - 1].span[0] <= slack:
            continue
        run = by_day[start:end]
        start = end
        if len(run) > 1:
            run.sort(key=lambda p: position[id(p)])
        # each profile tested as the linkage tests it, joining the ones before it:
        # compatible is not symmetric for a list that names one person twice
        if all(compatible(q, p, strict=strict) for p, q in combinations(run, 2)):
            groups.append(Group(run))
        else:
            nearby = _Nearby()
            _link(run, nearby, strict=strict)
            groups += nearby.groups
    groups.sort(key=lambda g: position[id(g[0])])
    return groups


def _split_chains(cluster: list[Profile]) -> list[Group]:
    """The chaining guard: keep a union-find cluster only if it is pairwise compatible."""
    if all(compatible(p, q) for p, q in combinations(cluster, 2)):
        return [Group(cluster)]
    return _complete_linkage(cluster)


def _cluster_dated(profiles: list[Profile]) -> list[Group]:
    uf = UnionFind(len(profiles))
    find = uf.find
    # The components do not depend on the order of the unions, and a pair already joined
    # through others needs no test: in a dense block most pairs are. A profile's root is
    # looked up once for all its neighbours, and kept as they join. A pair is tested the
    # lower index first, whichever of the two it comes under: compatible is not
    # symmetric for a list that names one person twice.
    for i, js in candidate_neighbours(profiles):
        p = profiles[i]
        root = find(i)
        for j in js:
            other = find(j)
            if other != root and (
                    compatible(p, profiles[j]) if i < j else compatible(profiles[j], p)):
                root = uf.link(root, other)
    out: list[Group] = []
    for g in uf.groups():
        out.extend(_split_chains([profiles[i] for i in g]))
    return out


def _nearest_first(p: Profile) -> Callable[[Group], tuple[int, ...]]:
    """An undated mention refers to the latest fitting event before its article (occurred)
    or the first one after it (planned), among those whose sources name all its people if
    any do ("Xi and Biden agreed to meet face-to-face": their summit, not a nearer event of
    Xi's alone). Without a publication date there is no "before" or "after": it joins the
    event it agrees with most (the same place, the same people). Groups in that order,
    nearest first."""
    if p.span == (MIN_DAY, MAX_DAY):
        return _most_affine_first(p)

    def distance(g: Group) -> tuple[int, ...]:
        lo, hi = g.span()
        gap = lo - p.span[0] if p.status is Status.PLANNED else p.span[1] - hi
        return int(not _names_everyone(p, g)), max(gap, 0), -g.size

    return distance


def _names_everyone(p: Profile, group: Group) -> bool:
    """Some source of the group names every person the profile names."""
    # a member naming p's own list names them all: no test then
    return not p.actors or p.actors in group.people or any(
        names_all(a, p.actors) for a in group.people)


def merge_component(profiles: list[Profile]) -> list[Group]:
    try:
        return _merge_component(profiles)
    finally:
        forget_people()


def _merge_component(profiles: list[Profile]) -> list[Group]:
    dated = [p for p in profiles if p.date]
    undated = [p for p in profiles if not p.date]
    clusters = _cluster_dated(dated)
    clusters.sort(key=lambda g: min(p.sort_key for p in g))
    nearby = _Nearby()
    for g in clusters:
        nearby.add(g)
    leftovers = []
    for p in undated:
        best = _best_joined(p, nearby, _nearest_first(p), strict=True)
        if best is not None:
            nearby.join(best, p)
        else:
            leftovers.append(p)
    return clusters + _complete_linkage(leftovers, strict=True)
