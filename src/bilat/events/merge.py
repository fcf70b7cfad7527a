"""Event coreference: mentions of one real-world event become one :class:`Event`.

The merge is a pure function of the *set* of mentions: input order never matters, and the
output (events, their ids, their fields) is the same whether the mentions arrive in one
build or in several. That is what makes ``bilat build A && bilat build B`` equal to
``bilat build A B``.

How it works, block by block (never all pairs globally):

1. **Profiles.** Mentions that agree on every field the merge looks at (type, date,
   location, actors, countries; plus status and publication date when undated) are
   interchangeable, so they are compared once, as one profile. Wire copies collapse here;
   two such mentions from one article do not (see 3).
2. **Blocks.** A profile can only match profiles that share a :func:`blocking_keys` key
   (type and a pair of its countries). Connected blocks form a *component*; components are
   merged independently, so the store can re-merge only the components new mentions touch.
3. **Dated profiles** are compared within a block and a calendar month (year-only dates
   against the whole year) and joined with union-find when :func:`compatible`: same type,
   dates of which one refines the other (or, for a visit, arrival days one apart in the
   same city), the people of one among the people of the other or, when a side names
   nobody, the same countries, compatible places. Two mentions one article keeps apart
   are never one event (:func:`_same_report`).
4. **Chaining guard.** Union-find is transitive, compatibility is not: ``2024-06`` fits
   both ``2024-06-19`` and ``2024-06-20``, which do not fit each other. A cluster whose
   profiles are not pairwise compatible is split again around its most precise profiles
   (day dates and named places first), each other profile joining the sub-cluster it is
   compatible with *in full* (complete linkage) and agrees with most.
5. **Undated profiles** only join when the rest is strong (same country set unless two
   named people vouch for a smaller one, compatible actors and place) and something ties
   them to the event beyond type and countries: a person, a named place, or, for an
   unnamed mention, an unnamed source (:func:`_tied`). An undated occurred mention
   happened in the year before its article; an undated planned one will happen in the
   year after it; among the events that fit, it joins the nearest one in time (the latest
   before publication, or the next after). Undated profiles that fit no dated event are
   grouped among themselves with complete linkage.

Cost: profiles are sorted once and compared only inside (block, year, month) buckets, so
the work is O(n log n) for realistic data; the quadratic part is bounded by the number of
distinct profiles of one type, country pair and month.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from itertools import combinations

from bilat import partial_date
from bilat.events.objects import objects_compatible, specificity
from bilat.knowledge.names import name_key, name_tokens, place_key, same_person
from bilat.model import Event, EventMention, EventType, Status, content_id

# Publication dates are given in a newsroom's time zone and events in the host's, so an
# event may be dated a day "after" the article that reports it as done (and vice versa).
_SLACK_DAYS = 1
# News dates what is not recent ("the 2000 visit", "talks last held in December 2017"); an
# undated "has sent troops" or "will visit" is about the past or the coming year.
_HORIZON_DAYS = 366
_MIN_DAY = Date.min.toordinal()
_MAX_DAY = Date.max.toordinal()

# Types whose first country is a direction, not just a participant: the traveller's state
# for VISIT, the provider for AID. "Putin visits Pyongyang" and "Kim visits Moscow" differ.
_DIRECTED = frozenset({EventType.VISIT, EventType.AID})


# --------------------------------------------------------------------------- dates


def date_span(value: str) -> tuple[int, int]:
    """First and last day (proleptic ordinals) covered by an ISO prefix."""
    first, last = partial_date.span(value)
    return first.toordinal(), last.toordinal()


def _safe_span(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        return date_span(value)
    except ValueError:  # a malformed date constrains nothing rather than crashing a build
        return None


def undated_span(status: Status, published: str | None) -> tuple[int, int]:
    """When an undated mention can have happened: in the year before its article if it
    occurred, in the year after it if it is planned; any time if the publication date is
    unknown."""
    pub = _safe_span(published)
    if pub is None:
        return _MIN_DAY, _MAX_DAY
    if status is Status.PLANNED:
        return pub[0] - _SLACK_DAYS, pub[1] + _HORIZON_DAYS
    return pub[0] - _HORIZON_DAYS, pub[1] + _SLACK_DAYS


# --------------------------------------------------------------------------- profiles


@dataclass
class _Profile:
    """What the merge compares: the fields of a mention, with the mentions that share them."""

    type: EventType
    date: str | None
    span: tuple[int, int]
    location: str | None  # place_key
    actors: tuple[tuple[str, ...], ...]  # name_tokens of each actor
    countries: tuple[str, ...]
    status: Status
    what: str | None = None  # what was signed or moved (bilat.events.objects)
    mentions: list[EventMention] = field(default_factory=list)
    # (document, occurred?) of every mention: see _same_report
    reports: frozenset[tuple[str, bool]] = frozenset()

    @property
    def country_set(self) -> frozenset[str]:
        return frozenset(self.countries)

    @property
    def occurred(self) -> bool:
        return any(m.status is Status.OCCURRED for m in self.mentions)

    @property
    def sort_key(self) -> tuple[object, ...]:
        return _order_key(self.mentions[0])


def _order_key(m: EventMention) -> tuple[object, ...]:
    """Canonical order, independent of input order: earliest source first."""
    return (m.published or "9999", m.doc_id, m.start, m.id)


def _profile_key(m: EventMention) -> tuple[object, ...]:
    actors = tuple(sorted(name_key(a) for a in m.actors))
    loc = place_key(m.location) if m.location else None
    base = (m.type.value, m.date, loc, actors, m.countries, m.what)
    # An undated mention's meaning depends on when it was published and whether it is
    # done or expected, so those join the key only then.
    return base if m.date else (*base, m.status.value, m.published)


def _report(m: EventMention) -> tuple[str, bool]:
    """Which article tells a mention, and whether as done or as planned."""
    return m.doc_id, m.status is Status.OCCURRED


def _split_reports(ms: list[EventMention]) -> list[list[EventMention]]:
    """Mentions with equal fields, split so that no part holds two mentions one article
    tells with the same status (two deployments an article keeps apart stay apart even
    when it gives them the same fields): the k-th such mention of an article goes to the
    k-th part, in canonical order, so the split is deterministic."""
    if len(ms) == 1:
        return [ms]
    parts: list[list[EventMention]] = []
    told: Counter[tuple[str, bool]] = Counter()
    for m in ms:
        report = _report(m)
        k = told[report]
        told[report] += 1
        if k == len(parts):
            parts.append([])
        parts[k].append(m)
    return parts


def _profiles(mentions: Iterable[EventMention]) -> list[_Profile]:
    grouped: dict[tuple[object, ...], list[EventMention]] = defaultdict(list)
    for m in sorted({m.id: m for m in mentions}.values(), key=_order_key):
        grouped[_profile_key(m)].append(m)
    out = []
    for ms in (part for same in grouped.values() for part in _split_reports(same)):
        m = ms[0]
        dated = _safe_span(m.date)
        out.append(
            _Profile(
                type=m.type,
                date=m.date if dated else None,
                span=dated or undated_span(m.status, m.published),
                location=place_key(m.location) if m.location else None,
                actors=tuple(t for t in (name_tokens(a) for a in m.actors) if t),
                countries=m.countries,
                status=m.status,
                what=m.what,
                mentions=ms,
                reports=frozenset([_report(x) for x in ms]),
            )
        )
    out.sort(key=lambda p: p.sort_key)
    return out


# --------------------------------------------------------------------------- compatibility


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """same_person on folded tokens (the names are already tokenised)."""
    if "".join(a) == "".join(b):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return set(short) <= set(long_)


def _actors_compatible(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    """Every person of the shorter list is in the longer one. Mere overlap is not enough:
    "Putin meets To Lam" and "Putin meets Nguyen Phu Trong" share Putin but are two
    meetings, while "Kim Jong Un" and "Kim, his wife and his aide" are one visit."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_same(s, t) for t in long_) for s in short)


def _countries_compatible(p: _Profile, q: _Profile, *, strict: bool) -> bool:
    if p.type in _DIRECTED and p.countries and q.countries and p.countries[0] != q.countries[0]:
        return False
    ps, qs = p.country_set, q.country_set
    if ps == qs:
        return True
    if not (ps <= qs or qs <= ps):
        return False
    # A mention may leave out a participant state ("Putin met Kim" without the host), but
    # only named people can vouch that the smaller set is the same event. Without a date
    # one shared person is too little ("Putin" talks to many), two are enough: "Putin
    # phoned Kim" is the call another source reports as "Putin, Kim (and Trump)".
    least = 2 if strict else 1
    return min(len(p.actors), len(q.actors)) >= least


def _locations_compatible(p: _Profile, q: _Profile) -> bool:
    if p.location is None or q.location is None or p.location == q.location:
        return True
    # The same named people on the same day is strong enough to outweigh a disagreement
    # on the place (a venue named differently, a neighbouring city): merged with a conflict.
    return partial_date.rank(p.date) == 3 and p.date == q.date and bool(p.actors and q.actors)


def _spans_meet(p: _Profile, q: _Profile) -> bool:
    return p.span[0] <= q.span[1] and q.span[0] <= p.span[1]


def _arrival_days(p: _Profile, q: _Profile) -> bool:
    """One trip dated a day apart: sources in different time zones, or one counting from
    the departure, date the same arrival differently (Putin landed in Pyongyang in the
    early hours of 19 June 2024, the evening of the 18th in Moscow). The same named
    travellers in the same city on two consecutive days are one visit; the sources are
    merged with a date conflict. Only for visits: two meetings or signings on
    consecutive days are as likely to be two events as one."""
    return (
        p.type is EventType.VISIT
        and partial_date.rank(p.date) == partial_date.rank(q.date) == 3
        and abs(p.span[0] - q.span[0]) <= _SLACK_DAYS
        and bool(p.actors and q.actors)
        and p.location is not None
        and p.location == q.location
    )


def _same_report(p: _Profile, q: _Profile) -> bool:
    """Two mentions one article tells with the same status, both naming people or both
    naming nobody, are two events. The extractor already merges what one article says
    about one event (one mention per event per document), so what it kept apart it read
    as different: "talks in Moscow" and a trip to Pyongyang, two troop deployments. It
    never compares a plan with its fulfilment ("will visit" ... "arrived") nor a named
    statement with an unnamed one ("Putin and Lukashenko signed" ... "the treaty signed
    on Friday"), so those are left to the merge."""
    return not p.reports.isdisjoint(q.reports) and bool(p.actors) == bool(q.actors)


def compatible(p: _Profile, q: _Profile, *, strict: bool = False) -> bool:
    """Can two profiles state the same event? ``strict`` is for undated ones: the country
    sets must then be equal unless two named people vouch for a smaller one."""
    # Calendar spans nest or are disjoint, so for dated profiles meeting spans is exactly
    # partial_date.compatible; for undated ones it is the publication window.
    if p.type != q.type or not objects_compatible(p.type, p.what, q.what):
        return False
    if not (_spans_meet(p, q) or (p.type is EventType.VISIT and _arrival_days(p, q))):
        return False
    if _same_report(p, q):
        return False
    if not _countries_compatible(p, q, strict=strict):
        return False
    if p.actors and q.actors:
        if not _actors_compatible(p.actors, q.actors):
            return False
    # an actorless mention joins by countries and place
    elif p.country_set != q.country_set:
        return False
    return _locations_compatible(p, q)


# --------------------------------------------------------------------------- blocking


def blocking_keys(mention: EventMention) -> set[tuple[str, ...]]:
    """Keys a mention can only merge through: its type with each pair of its countries.

    Two mentions that share no key never merge, so a store can fetch the candidates of new
    mentions by these keys and re-merge only the connected blocks they touch.
    """
    t = mention.type.value
    cs = sorted(set(mention.countries))
    if len(cs) >= 2:
        return {(t, a, b) for a, b in combinations(cs, 2)}
    if cs:
        return {(t, cs[0])}
    return {(t,)}


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]  # path halving
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:  # the smaller index roots, so roots do not depend on union order
            self.parent[max(ri, rj)] = min(ri, rj)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


def _components(profiles: list[_Profile]) -> list[list[_Profile]]:
    """Profiles linked through shared blocking keys: the units merged independently."""
    uf = _UnionFind(len(profiles))
    first: dict[tuple[str, ...], int] = {}
    for i, p in enumerate(profiles):
        for key in blocking_keys(p.mentions[0]):
            uf.union(i, first.setdefault(key, i))
    return [[profiles[i] for i in g] for g in uf.groups()]


def _calendar_buckets(p: _Profile) -> set[tuple[str, str | None]]:
    """(year, month) buckets a dated profile is compared in; month None for a year-only date.
    A visit dated by its day is also put in the month of the day before and after, so that
    an arrival dated 30 June by one source and 1 July by another is still compared (see
    :func:`_arrival_days`)."""
    parts = partial_date.parts(p.date)
    if len(parts) < 3 or p.type is not EventType.VISIT:
        return {(parts[0], parts[1] if len(parts) > 1 else None)}
    day = p.span[0]
    days = range(max(day - _SLACK_DAYS, _MIN_DAY), min(day + _SLACK_DAYS, _MAX_DAY) + 1)
    return {(f"{d.year:04d}", f"{d.month:02d}") for d in map(Date.fromordinal, days)}


def _candidate_pairs(profiles: list[_Profile]) -> set[tuple[int, int]]:
    """Pairs of dated profiles sharing a block and a month; year-only profiles meet every
    profile of their year in the block."""
    years: dict[tuple[object, ...], dict[str | None, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i, p in enumerate(profiles):
        buckets = _calendar_buckets(p)
        for key in blocking_keys(p.mentions[0]):
            for year, month in buckets:
                years[(key, year)][month].append(i)
    pairs: set[tuple[int, int]] = set()
    for months in years.values():
        whole_year = {j for js in months.values() for j in js}
        for i in months.get(None, []):
            pairs.update((min(i, j), max(i, j)) for j in whole_year if i != j)
        for month, idx in months.items():
            if month is not None:
                pairs.update(combinations(sorted(idx), 2))
    return pairs


# --------------------------------------------------------------------------- clustering


def _fully_compatible(p: _Profile, group: Sequence[_Profile], *, strict: bool = False) -> bool:
    return all(compatible(p, q, strict=strict) for q in group)


def _tied(p: _Profile, group: Sequence[_Profile]) -> bool:
    """Whether an undated profile has something in common with an event beyond its type,
    countries and time window: a person (the people are already known to be compatible),
    a named place, or, for a mention that names nobody, a source that names nobody either.

    So a plan naming Putin does not join a visit whose sources name no traveller (a
    regional delegation's visit is not Putin's), nor does an unnamed retelling join an
    event every source of which names other people, unless the place ties them. An unnamed,
    placeless plan ("North Korea will send troops") is not tied to any one event that then
    happened: aid recurs, and nothing in it says which shipment fulfils it."""
    if p.actors and not any(q.actors for q in group):
        # checked before the place: Putin's undated visit to Pyongyang is not the visit of
        # a delegation no source names, even though both went to Pyongyang
        return False
    if p.location is not None and any(q.location == p.location for q in group):
        return True
    if p.actors:
        return True
    if _vague_plan(p) and any(q.occurred for q in group):
        return False
    if p.occurred and any(_vague_plan(q) for q in group):
        return False
    return any(not q.actors for q in group)


def _vague_plan(p: _Profile) -> bool:
    """A plan with no date, no people and no place."""
    return p.date is None and p.status is Status.PLANNED and not p.actors and p.location is None


def _joins(p: _Profile, group: Sequence[_Profile], *, strict: bool) -> bool:
    """Whether a profile can join a (sub-)cluster: compatible with every member, and for an
    undated profile (``strict``) also tied to it."""
    return _fully_compatible(p, group, strict=strict) and (not strict or _tied(p, group))


def _affinity(p: _Profile, group: Sequence[_Profile]) -> tuple[bool, bool, int, int]:
    """How much a profile agrees with a sub-cluster it is compatible with: same place, same
    people, then a tie-break. A vague mention naming the same people is most likely the
    start of their trip (a multi-day event is dated by its first day), so the earlier
    anchor wins; an actorless one is most likely the event most sources report."""
    places = any(p.location and q.location == p.location for q in group)
    people = any(p.actors and q.actors == p.actors for q in group)
    size = sum(len(q.mentions) for q in group)
    earlier = -_cluster_span(group)[0]
    return (places, people, earlier, size) if people else (places, people, size, earlier)


def _anchor_order(p: _Profile) -> tuple[object, ...]:
    # Most precise first: days and named places become anchors, vaguer profiles follow.
    return (-partial_date.rank(p.date), p.location is None, -len(p.actors), -len(p.mentions), p.sort_key)


def _complete_linkage(
    profiles: Sequence[_Profile], *, strict: bool = False
) -> list[list[_Profile]]:
    """Greedy clustering around anchors: each profile joins the sub-cluster it is fully
    compatible with and agrees with most, or starts a new one."""
    groups: list[list[_Profile]] = []
    for p in sorted(profiles, key=_anchor_order):
        fits = [g for g in groups if _joins(p, g, strict=strict)]
        if fits:
            max(fits, key=lambda g: _affinity(p, g)).append(p)  # max keeps the first on ties
        else:
            groups.append([p])
    return groups


def _split_chains(cluster: list[_Profile]) -> list[list[_Profile]]:
    """The chaining guard: keep a union-find cluster only if it is pairwise compatible."""
    if all(compatible(p, q) for p, q in combinations(cluster, 2)):
        return [cluster]
    return _complete_linkage(cluster)


def _cluster_dated(profiles: list[_Profile]) -> list[list[_Profile]]:
    uf = _UnionFind(len(profiles))
    for i, j in sorted(_candidate_pairs(profiles)):
        if compatible(profiles[i], profiles[j]):
            uf.union(i, j)
    out: list[list[_Profile]] = []
    for g in uf.groups():
        out.extend(_split_chains([profiles[i] for i in g]))
    return out


def _cluster_span(group: Sequence[_Profile]) -> tuple[int, int]:
    """The span of the most precise date of a (consistent) cluster."""
    best = max(group, key=lambda p: partial_date.rank(p.date))
    return best.span


def _nearest(p: _Profile, fits: list[list[_Profile]]) -> list[_Profile]:
    """An undated mention refers to the latest fitting event before its article (occurred)
    or the first one after it (planned)."""

    def distance(g: list[_Profile]) -> tuple[int, int]:
        lo, hi = _cluster_span(g)
        gap = lo - p.span[0] if p.status is Status.PLANNED else p.span[1] - hi
        return max(gap, 0), -sum(len(q.mentions) for q in g)

    return min(fits, key=distance)  # min keeps the first (canonical order) on ties


def _merge_component(profiles: list[_Profile]) -> list[list[_Profile]]:
    dated = [p for p in profiles if p.date]
    undated = [p for p in profiles if not p.date]
    clusters = _cluster_dated(dated)
    clusters.sort(key=lambda g: min(p.sort_key for p in g))
    leftovers = []
    for p in undated:
        fits = [g for g in clusters if _joins(p, g, strict=True)]
        if fits:
            _nearest(p, fits).append(p)
        else:
            leftovers.append(p)
    return clusters + _complete_linkage(leftovers, strict=True)


# --------------------------------------------------------------------------- events


def _source_of(m: EventMention, copies: Mapping[str, str]) -> str:
    return copies.get(m.doc_id, m.doc_id)


def _vote(values: Iterable[tuple[str, str]]) -> Counter[str]:
    """Count each value once per independent source: ten wire copies are one voice."""
    return Counter(v for v, _ in set(values))


def _best_date(mentions: Sequence[EventMention]) -> str | None:
    """The most precise date the mentions support: the most precise one that every other
    date is a prefix of; if they disagree (reported in ``conflicts``), the earliest of the
    most precise dates."""
    dates = sorted({m.date for m in mentions if m.date}, key=lambda d: (-partial_date.rank(d), d))
    if not dates:
        return None
    for d in dates:
        if all(partial_date.compatible(d, e) for e in dates):
            return d
    return dates[0]


def _first_positions(values: Iterable[str | None]) -> dict[str | None, int]:
    """Where each value first appears (ties in a vote go to the earliest source)."""
    first: dict[str | None, int] = {}
    for i, v in enumerate(values):
        first.setdefault(v, i)
    return first


def _best_location(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> str | None:
    votes = _vote((m.location, _source_of(m, copies)) for m in mentions if m.location)
    if not votes:
        return None
    first = _first_positions(m.location for m in mentions)
    return min(votes, key=lambda v: (-votes[v], first[v]))


def _best_object(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> str | None:
    """The most specific label the mentions give, the one most sources give among those."""
    labels = _vote((m.what, _source_of(m, copies)) for m in mentions if m.what)
    if not labels:
        return None
    first = _first_positions(m.what for m in mentions)
    type_ = mentions[0].type
    return min(labels, key=lambda v: (-specificity(type_, v), -labels[v], first[v]))


def _merge_actors(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> tuple[str, ...]:
    """Persons by how many sources name them, then first appearance; each under its most
    frequent full spelling ("Vladimir Putin" over "Putin", "Sergei Shoigu" over "Shoygu")."""
    spellings = _vote((a, _source_of(m, copies)) for m in mentions for a in m.actors)
    first: dict[str, int] = {}
    for m in mentions:
        for a in m.actors:
            first.setdefault(a, len(first))
    persons: list[list[str]] = []
    # Full names first, so a bare surname joins the person it abbreviates.
    for name in sorted(spellings, key=lambda a: (-len(name_tokens(a)), -spellings[a], first[a])):
        home = next((g for g in persons if same_person(name, g[0])), None)
        if home is None:
            persons.append([name])
        else:
            home.append(name)

    def weight(g: list[str]) -> tuple[int, int]:
        return -sum(spellings[a] for a in g), min(first[a] for a in g)

    return tuple(g[0] for g in sorted(persons, key=weight))


def _merge_countries(mentions: Sequence[EventMention]) -> tuple[str, ...]:
    """Countries in the order most mentions give them (mean position, then appearance)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for m in mentions:
        for i, c in enumerate(m.countries):
            positions[c].append(i)
    first = {c: i for i, c in reversed(list(enumerate(c for m in mentions for c in m.countries)))}
    return tuple(sorted(positions, key=lambda c: (sum(positions[c]) / len(positions[c]), first[c])))


def _disagreement(what: str, values: Iterable[tuple[str, str]]) -> str | None:
    votes = _vote(values)
    if len(votes) < 2:
        return None
    listed = ", ".join(
        f"{v} ({n} source{'s' if n > 1 else ''})"
        for v, n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"sources disagree on the {what}: {listed}"


def _conflicts(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> tuple[str, ...]:
    notes = []
    dates = sorted({m.date for m in mentions if m.date}, key=lambda d: (-partial_date.rank(d), d))
    if dates and not all(partial_date.compatible(dates[0], d) for d in dates):
        notes.append(
            _disagreement("date", [(m.date, _source_of(m, copies)) for m in mentions if m.date])
        )
    by_key: dict[str, str] = {}
    for m in mentions:
        if m.location:
            by_key.setdefault(place_key(m.location), m.location)
    if len(by_key) > 1:
        places = [
            (by_key[place_key(m.location)], _source_of(m, copies)) for m in mentions if m.location
        ]
        notes.append(_disagreement("location", places))
    return tuple(n for n in notes if n)


def _anchor(mentions: Sequence[EventMention]) -> EventMention:
    """The mention an event's id is derived from: the earliest reported (publication date,
    then mention id; undated articles last).

    Any member would give an id that depends only on the set of mentions, hence the same
    for any input order and for one build or several. The earliest report is the one that
    also survives growth: news arrives in publication order, so documents added later
    join an event without re-anchoring it, and its id (bookmarks, links into the web UI)
    stays. The smallest mention hash would change whenever a later report happened to
    hash lower. Only backfilling an older report of the event, or a split or merge of the
    event itself, changes its id."""
    return min(mentions, key=lambda m: (m.published or "9999", m.id))


def _event(mentions: list[EventMention], copies: Mapping[str, str]) -> Event:
    mentions = sorted(mentions, key=_order_key)
    type_ = mentions[0].type
    occurred = any(m.status is Status.OCCURRED for m in mentions)
    return Event(
        id=content_id("event", type_.value, _anchor(mentions).id, prefix="evt_"),
        type=type_,
        actors=_merge_actors(mentions, copies),
        countries=_merge_countries(mentions),
        location=_best_location(mentions, copies),
        date=_best_date(mentions),
        status=Status.OCCURRED if occurred else Status.PLANNED,
        mention_ids=tuple(m.id for m in mentions),
        conflicts=_conflicts(mentions, copies),
        what=_best_object(mentions, copies),
    )


def merge_mentions(
    mentions: Sequence[EventMention], copies: Mapping[str, str] | None = None
) -> list[Event]:
    """Merge mentions into events, sorted by (date or "", id).

    ``copies`` maps a document id to the id of the document it copies (see
    :func:`bilat.events.copies.find_copies`); a copy and its original then count as one
    source when fields are voted on and conflicts are reported.

    Pure and order-independent: the same set of mentions gives the same events with the
    same ids. Merging a union of whole components (see :func:`blocking_keys`) gives the
    same events for them as merging everything.
    """
    copies = copies or {}
    events = []
    for component in _components(_profiles(mentions)):
        for group in _merge_component(component):
            events.append(_event([m for p in group for m in p.mentions], copies))
    events.sort(key=lambda e: (e.date or "", e.id))
    return events


# --------------------------------------------------------------------------- incremental merges
#
# Adding documents to a merged store re-merges only their neighbourhood: the stored
# mentions that could merge with the new ones, directly or through a chain. That is exact
# because the merge only ever joins, splits or orders profiles by :func:`compatible`: a set
# of mentions none of which could merge with any mention outside it is merged the same
# alone as among all mentions (see :func:`merge_mentions`).

# An undated mention of an undated article (or a malformed date) can be compared with any
# time: its window is "every month".
_UNBOUNDED_DAYS = 800


def merge_window(m: EventMention) -> tuple[int, int] | None:
    """The days (proleptic ordinals) a mention can merge over: its span as the merge sees it,
    widened by a day on each side for visits dated a day apart (:func:`_arrival_days`).
    None when the window is unbounded."""
    span = _safe_span(m.date) or undated_span(m.status, m.published)
    if span[1] - span[0] > _UNBOUNDED_DAYS:
        return None
    return max(span[0] - _SLACK_DAYS, _MIN_DAY), min(span[1] + _SLACK_DAYS, _MAX_DAY)


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
    by_key: dict[tuple[str, ...], list[_Profile]] = defaultdict(list)
    for m in {m.id: m for m in frontier}.values():
        (p,) = _profiles([m])
        for key in blocking_keys(m):
            by_key[key].append(p)
    found: set[str] = set()
    for m in {m.id: m for m in candidates}.values():
        near = [p for key in blocking_keys(m) for p in by_key.get(key, ())]
        if not near:
            continue
        (q,) = _profiles([m])
        if any(p.mentions[0].id != m.id and compatible(p, q) for p in near):
            found.add(m.id)
    return found


def event_of(mentions: Sequence[EventMention], copies: Mapping[str, str] | None = None) -> Event:
    """The event of a group of mentions the merge put together: recomputes its fields (the
    votes count copies as one source) when only the copy map changed."""
    return _event(list(mentions), copies or {})
