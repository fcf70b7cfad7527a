"""Which profiles are ever compared: blocks (type and a pair of countries), the connected
components merged independently, and the pairs within a block close enough in time to be
compared. Also what the store
indexes so that new mentions find the stored ones they could merge with
(:func:`blocking_keys`, :func:`window_months`, :func:`mergeable`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date as Date
from functools import lru_cache
from itertools import combinations
from operator import attrgetter

from bilat.events.merge.compatibility import (
    DIRECTED,
    MONTH_OFF_DAYS,
    compatible,
    day_slack,
    reach_of,
)
from bilat.events.merge.profiles import (
    MAX_DAY,
    MIN_DAY,
    SLACK_DAYS,
    Profile,
    date_rank,
    profiles_of,
    safe_span,
    undated_span,
)
from bilat.model import EventMention, EventType


def blocking_keys(mention: EventMention) -> set[tuple[str, ...]]:
    """Keys a mention can only merge through: its type with each pair of its countries.

    Two mentions that share no key never merge, so a store can fetch the candidates of new
    mentions by these keys and re-merge only the connected blocks they touch.
    """
    return set(_keys(mention.type, mention.countries))


@lru_cache(maxsize=1 << 14)
def _keys(type_: EventType, countries: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """:func:`blocking_keys` of a type and a list of countries, made once per distinct pair
    of them: the merge asks for the keys of every profile twice (components, then blocks),
    and a few thousand pairs made two million calls at a million mentions."""
    t = type_.value
    cs = sorted(set(countries))
    if len(cs) >= 2:
        return tuple({(t, a, b) for a, b in combinations(cs, 2)})
    if cs:
        return ((t, cs[0]),)
    return ((t,),)


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]  # path halving
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.link(ri, rj)

    def link(self, ri: int, rj: int) -> int:
        """Joins the sets of two distinct roots; returns the new root. The smaller index
        roots, so roots do not depend on the order of the unions."""
        root = min(ri, rj)
        self.parent[max(ri, rj)] = root
        return root

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


def components(profiles: Iterable[Profile]) -> list[list[Profile]]:
    """Profiles linked through shared blocking keys: the units merged independently, each
    in the profiles' canonical order (``sort_key``), in the order of their first profiles.
    The profiles may come in any order.

    Profiles of one type and list of countries share all their keys, so the union-find
    runs over those few thousand lists rather than over every profile: at a million
    mentions a union and a find per profile read profiles scattered over the heap, and
    cost more per profile than at 100,000. And each component is sorted alone: a
    million profiles sorted as one list cost twice the comparisons (and grew 21x for 10x
    the mentions), while only the order within a component matters to the merge."""
    # the profiles of each (type, countries): they share its keys
    by_keys: dict[tuple[tuple[str, ...], ...], list[Profile]] = defaultdict(list)
    for p in profiles:
        by_keys[_keys(p.type, p.countries)].append(p)  # a profile's are its mentions' keys
    classes = list(by_keys.values())
    uf = UnionFind(len(classes))
    first: dict[tuple[str, ...], int] = {}
    for c, keys in enumerate(by_keys):
        for key in keys:
            uf.union(c, first.setdefault(key, c))
    parts: dict[int, list[Profile]] = defaultdict(list)
    for c, members in enumerate(classes):
        parts[uf.find(c)] += members
    by_order = attrgetter("sort_key")  # unique: it ends with the first mention's id
    ordered = [sorted(members, key=by_order) for members in parts.values()]
    ordered.sort(key=lambda members: members[0].sort_key)
    return ordered


def candidate_pairs(profiles: list[Profile]) -> Iterator[tuple[int, int]]:
    """Pairs (i < j) of dated profiles that share a block and lie within
    :func:`~bilat.events.merge.compatibility.reach_of` of each other: every compatible
    pair, and few others. A pair may come more than once (it shares several blocks)."""
    for i, js in candidate_neighbours(profiles):
        for j in js:
            yield (i, j) if i < j else (j, i)


def candidate_neighbours(profiles: list[Profile]) -> Iterator[tuple[int, list[int]]]:
    """:func:`candidate_pairs` in bulk: each profile with the others it is paired with in
    one block, each pair of a block once, under either of its two profiles (the caller
    orders the pair by index). A list per profile and block, not a tuple per pair: at a
    million mentions a dense block pairs a vague profile with hundreds, and the caller's
    union-find skips most of them (already joined) without a test."""
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for key in _keys(p.type, p.countries):
            blocks[_directed(key, p)].append(i)
    for members in blocks.values():
        if len(members) > 1:  # a profile alone in its block has no pair there
            yield from _neighbours_in_reach(profiles, members)


def _directed(key: tuple[str, ...], p: Profile) -> tuple[str, ...]:
    """A block of a directed type (a visit, aid) split by the first country: a visit to
    Moscow and one from Moscow are never one event (see
    :func:`~bilat.events.merge.compatibility.compatible`), so they are not paired. Every
    profile of a block has its countries (they make the key)."""
    return (*key, p.countries[0]) if p.type in DIRECTED and p.countries else key


def _neighbours_in_reach(
    profiles: list[Profile], members: list[int]
) -> Iterator[tuple[int, list[int]]]:
    """Pairs of one block's profiles whose spans lie within reach, each under the one
    that starts first, found by bisection on the first days of each precision.

    Why every compatible pair, once. Profiles are ordered by first day, then precision
    (the vaguer first), then index; each looks forward only, at those after it in that
    order whose first day is no later than its own last day and its :func:`reach_of` for
    their precision. Two compatible profiles lie within the reach of either one
    (tests/events/test_merge_nearby.py checks it for both), and the later one starts
    within the earlier one's span or its reach after it, so the earlier one finds it; the
    later one does not look back, so a pair comes once. Looking backwards as well, as
    before, scanned every pair from both sides and each year's days a second time (for
    a day, every profile of its year begins before it), to keep one side of each: at a
    million mentions that listing was half the union-find phase, and a quarter of it
    went on the side thrown away."""
    by_rank: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i in members:
        p = profiles[i]
        by_rank[p.rank].append((p.span[0], i))
    # each precision's first days sorted, and the profiles in the same order: bisecting
    # plain ints is cheaper than pairs
    days: dict[int, list[int]] = {}
    ids: dict[int, list[int]] = {}
    at: dict[int, int] = {}  # a profile's position in its precision's order
    for rank, starts in by_rank.items():
        starts.sort()
        days[rank] = [lo for lo, _ in starts]
        ids[rank] = order = [i for _, i in starts]
        at.update((i, k) for k, i in enumerate(order))
    for i in members:
        p = profiles[i]
        lo, hi = p.span
        own = p.rank
        js: list[int] = []
        for rank, firsts in days.items():
            # those after p: of its precision, after its position (the first day, then
            # the index); of a more precise one, from its first day on; of a vaguer one,
            # after its first day (one of the same first day looks forward at p)
            if rank == own:
                first = at[i] + 1
            elif rank > own:
                first = bisect_left(firsts, lo)
            else:
                first = bisect_right(firsts, lo)
            last = bisect_right(firsts, hi + reach_of(p, rank))
            if first < last:
                js += ids[rank][first:last]
        if js:
            yield i, js


# --------------------------------------------------------------------------- incremental merges
# Adding documents to a merged store re-merges only their neighbourhood: the stored
# mentions that could merge with the new ones, directly or through a chain. That is exact
# because the merge only ever joins, splits or orders profiles by :func:`compatible`: a set
# of mentions none of which could merge with any mention outside it is merged the same
# alone as among all mentions (see :func:`bilat.events.merge.merge_mentions`).

# An undated mention of an undated article (or a malformed date) can be compared with any
# time: its window is "every month".
_UNBOUNDED_DAYS = 800


def merge_window(m: EventMention) -> tuple[int, int] | None:
    """The days (proleptic ordinals) a mention can merge over: its span as the merge sees it,
    widened on each side by the days sources may date one event apart (see
    :func:`~bilat.events.merge.compatibility.day_slack`). None when the window is unbounded."""
    span = safe_span(m.date) or undated_span(m.status, m.published)
    if span[1] - span[0] > _UNBOUNDED_DAYS:
        return None
    slack = max(SLACK_DAYS, day_slack(m.type))
    if date_rank(m.date) == 2:
        slack = max(slack, MONTH_OFF_DAYS)
    return max(span[0] - slack, MIN_DAY), min(span[1] + slack, MAX_DAY)


def window_months(m: EventMention) -> tuple[str, ...] | None:
    """The calendar months ("YYYY-MM") of :func:`merge_window`, None when unbounded. Two
    mentions whose windows share no month never merge."""
    window = merge_window(m)
    if window is None:
        return None
    first, last = Date.fromordinal(window[0]), Date.fromordinal(window[1])
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def block_name(key: tuple[str, ...]) -> str:
    """A blocking key as one string, for a store's index."""
    return "|".join(key)


def could_merge(a: EventMention, b: EventMention) -> bool:
    """Whether the merge could ever join two mentions (in one event or through a chain):
    they share a blocking key and are :func:`compatible`. Symmetric; False for a mention and
    itself (one article's mention is never merged with itself)."""
    return bool(mergeable([a], [b]))


def mergeable(
    candidates: Iterable[EventMention], frontier: Iterable[EventMention]
) -> set[str]:
    """Ids of the ``candidates`` that :func:`could_merge` with some ``frontier`` mention,
    compared only within blocking keys."""
    by_key: dict[tuple[str, ...], list[Profile]] = defaultdict(list)
    for m in {m.id: m for m in frontier}.values():
        (p,) = profiles_of([m])
        for key in blocking_keys(m):
            by_key[key].append(p)
    found: set[str] = set()
    for m in {m.id: m for m in candidates}.values():
        near = [p for key in blocking_keys(m) for p in by_key.get(key, ())]
        if not near:
            continue
        (q,) = profiles_of([m])
        if any(p.mentions[0].id != m.id and compatible(p, q) for p in near):
            found.add(m.id)
    return found
