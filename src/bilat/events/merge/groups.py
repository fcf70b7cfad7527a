"""A group of profiles, one event in the making, with what the clustering asks of all its
members kept up to date as they join: which fields they hold, when they lie, which
articles tell them, their precision and size.

At a million mentions a block holds hundreds of profiles a year, and a vague profile (a
year, a month, undated) fits many groups; testing it against every member of each was most
of the merge's work. Members that share the fields :func:`fields_compatible` reads are
tested once, and the span and article tests read the group's bounds and sets. The answers
are those of testing every member (tests/events/test_merge_groups.py checks it).
"""

from __future__ import annotations

from collections.abc import Iterable

from bilat.events.merge.compatibility import (
    actors_compatible,
    compatible,
    fields_compatible,
    fields_key,
)
from bilat.events.merge.profiles import Profile
from bilat.model import Status


class Group(list[Profile]):
    """Profiles in the order they joined (a list), with their summary."""

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        super().__init__()
        # one member for each distinct fields_key
        self.by_fields: dict[tuple[object, ...], Profile] = {}
        # the distinct lists of people its members name (the empty list left out)
        self.people: set[tuple[tuple[str, ...], ...]] = set()
        self.latest_start = -(1 << 62)  # the latest first day of a member's span
        self.earliest_end = 1 << 62  # the earliest last day
        # the reports of the members that name people (True) and of those that name nobody
        self.reports: dict[bool, set[tuple[str, bool]]] = {True: set(), False: set()}
        self.size = 0  # mentions
        self.top = (-1, 0, 0)  # the highest precision and the days its members cover
        self.occurred_docs: set[str] = set()  # articles that tell a member as done
        self.locations: set[str] = set()
        self.named = self.unnamed = self.occurred = self.vague_plans = False
        # the months of its members dated by their month (2) and by their day (3)
        self.months: dict[int, set[int]] = {2: set(), 3: set()}
        for p in profiles:
            self.append(p)

    def append(self, p: Profile) -> None:
        super().append(p)
        self.by_fields.setdefault(fields_key(p), p)
        if p.actors:
            self.people.add(p.actors)
        self.latest_start = max(self.latest_start, p.span[0])
        self.earliest_end = min(self.earliest_end, p.span[1])
        self.reports[bool(p.actors)].update(p.reports)
        self.size += len(p.mentions)
        rank, lo, hi = self.top
        if p.rank > rank:
            self.top = (p.rank, *p.span)
        elif p.rank == rank:
            self.top = (rank, min(lo, p.span[0]), max(hi, p.span[1]))
        self.occurred_docs.update(doc for doc, occurred in p.reports if occurred)
        if p.location is not None:
            self.locations.add(p.location)
        self.named = self.named or bool(p.actors)
        self.unnamed = self.unnamed or not p.actors
        self.occurred = self.occurred or p.occurred
        self.vague_plans = self.vague_plans or vague_plan(p)
        if p.month is not None and p.rank in self.months:
            self.months[p.rank].add(p.month)

    def span(self) -> tuple[int, int]:
        """The days its most precise dates cover: one day, or the days of a stay its
        sources date differently."""
        return self.top[1], self.top[2]

    def has_month_next_to(self, p: Profile) -> bool:
        """Whether a member of the other of the precisions month and day is dated in a
        month next to ``p``'s: only such a pair can be a month told a month off."""
        other = _OTHER_PRECISION.get(p.rank)
        if other is None or p.month is None:
            return False
        return not self.months[other].isdisjoint((p.month - 1, p.month + 1))

    def all_compatible(self, p: Profile, *, strict: bool) -> bool:
        """Whether ``p`` is :func:`compatible` with every member. For a profile not dated
        by its day whose span meets every member's, time holds for each, so only the
        fields (once per distinct set) and the articles are left; a year or an undated
        span that misses one member's is compatible with none that way."""
        meets_all = p.span[0] <= self.earliest_end and self.latest_start <= p.span[1]
        if p.rank <= 2 and meets_all:
            return self.reports[bool(p.actors)].isdisjoint(p.reports) and all(
                fields_compatible(p, q, strict=strict) for q in self.by_fields.values())
        if p.rank <= 1:  # only meeting spans make such profiles compatible
            return False
        return all(compatible(p, q, strict=strict) for q in self)

    def may_join(self, p: Profile) -> bool:
        """A quick test that fails for most profiles :meth:`all_compatible` rejects, and
        never for one it accepts: no member is another mention its article keeps apart,
        everyone ``p`` names fits the people each member names, a profile not dated by
        its day names no place other than the members', and a profile not dated by
        its month or day meets every member's span. So a profile ranks and tests only
        the groups near it that it may join: in a dense block (a million mentions) most
        of those near in time are other people's events."""
        if p.rank <= 1 and not (p.span[0] <= self.earliest_end and self.latest_start <= p.span[1]):
            return False
        if not self.reports[bool(p.actors)].isdisjoint(p.reports):
            return False
        # only two mentions of one day may name two places (the members' places must be
        # p's: tested without building the set {p.location} for every group near p)
        locations = self.locations
        if p.rank <= 2 and p.location is not None and locations and (
                len(locations) > 1 or p.location not in locations):
            return False
        actors = p.actors
        if actors:
            for people in self.people:  # a loop, not all() of a generator: asked of every
                if not actors_compatible(actors, people):  # group near a profile
                    return False
        return True


# month and day: the precisions of a month told a month off (a dict made once, not per call)
_OTHER_PRECISION = {2: 3, 3: 2}


def vague_plan(p: Profile) -> bool:
    """A plan with no date, no people and no place."""
    return p.date is None and p.status is Status.PLANNED and not p.actors and p.location is None
