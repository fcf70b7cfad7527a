"""Can two profiles state the same event? :func:`compatible`, field by field: type and
what, dates (or the days of one stay, or one day told a day off), the two mentions one article keeps
apart, countries (with direction), people, places."""

from __future__ import annotations

from functools import lru_cache

from bilat.events.merge.profiles import Profile, month_number
from bilat.events.objects import objects_compatible
from bilat.model import EventType, Status

# Types whose first country is a direction, not just a participant: the traveller's state
# for VISIT, the provider for AID. "Putin visits Pyongyang" and "Kim visits Moscow" differ.
DIRECTED = frozenset({EventType.VISIT, EventType.AID})


@lru_cache(maxsize=1 << 16)
def _person(tokens: tuple[str, ...]) -> tuple[str, frozenset[str]]:
    """A person's folded tokens joined and as a set, made once per distinct name (a few
    thousand) rather than in every comparison."""
    return "".join(tokens), frozenset(tokens)


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """same_person on folded tokens (the names are already tokenised)."""
    if a == b:
        return True
    joined_a, set_a = _person(a)
    joined_b, set_b = _person(b)
    if joined_a == joined_b:
        return True
    return set_a <= set_b if len(a) <= len(b) else set_b <= set_a


@lru_cache(maxsize=1 << 16)
def person_keys(people: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """Keys two people :func:`_same` always share one of: each folded token, and the
    tokens joined. So a list of people fits another (:func:`actors_compatible`) only if
    they share a key, and an index by key finds the groups a profile's people may fit."""
    keys: set[str] = set()
    for tokens in people:
        joined, token_set = _person(tokens)
        keys.add(joined)
        keys.update(token_set)
    return frozenset(keys)


# The lists of people of one component meet over and over, so the answer is cached; the
# clustering empties the cache after each component (:func:`forget_people`), because
# across a million mentions the pairs outnumbered a bounded cache kept for the whole
# merge (2.2 million misses of 6.2 million calls), while those of one component fit.
@lru_cache(maxsize=1 << 18)
def actors_compatible(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    """Every person of the shorter list is in the longer one. Mere overlap is not enough:
    "Putin meets To Lam" and "Putin meets Nguyen Phu Trong" share Putin but are two
    meetings, while "Kim Jong Un" and "Kim, his wife and his aide" are one visit."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_same(s, t) for t in long_) for s in short)


def forget_people() -> None:
    """Empties the caches of :func:`actors_compatible` and :func:`names_all` (after a
    component is merged: the next one compares other lists of people)."""
    actors_compatible.cache_clear()
    names_all.cache_clear()


def _countries_compatible(p: Profile, q: Profile, *, strict: bool) -> bool:
    if p.type in DIRECTED and p.countries and q.countries and p.countries[0] != q.countries[0]:
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
    if min(len(p.actors), len(q.actors)) >= least:
        return True
    return not strict and _one_more_state_at_one_place(p, q)


def _one_more_state_at_one_place(p: Profile, q: Profile) -> bool:
    """Of two dated mentions that name nobody, one may add a state to the parties the other
    gives when both name the same place: sources differ on whether the state that brokered or
    hosted a deal is a party ("Iran, Saudi Arabia and China signed a joint statement in
    Beijing", "Saudi Arabia and Iran signed in Beijing with Chinese mediation"). The place
    vouches for the smaller set as a named person does; a bilateral treaty and a wider
    declaration two states more, signed in one city, stay apart."""
    ps, qs = p.country_set, q.country_set
    return (
        not (p.actors or q.actors)
        and p.location is not None
        and p.location == q.location
        and abs(len(ps) - len(qs)) == 1
        and min(len(ps), len(qs)) >= 2
        and (ps <= qs or qs <= ps)
    )


def _locations_compatible(p: Profile, q: Profile) -> bool:
    if p.location is None or q.location is None or p.location == q.location:
        return True
    # The same named people on the same day is strong enough to outweigh a disagreement
    # on the place (a venue named differently, a neighbouring city): merged with a conflict.
    return p.rank == 3 and p.date == q.date and bool(p.actors and q.actors)


def _spans_meet(p: Profile, q: Profile) -> bool:
    return p.span[0] <= q.span[1] and q.span[0] <= p.span[1]


# How many days apart sources may date one event. A visit is a stay: outlets date it by
# the arrival, by the day of its talks or by the day they report it (Kim Jong Un's two days
# in Dalian, 7-8 May 2018, are dated the 7th, 8th and 9th). Any event may be dated a day
# off by a source in another time zone, one that reports it the next day, or a plan that
# slipped.
_STAY_DAYS = {EventType.VISIT: 2}
_DAY_OFF = 1
STAY_TYPES = frozenset(_STAY_DAYS)
# A story that gives no day of its own is dated by the day it was published, a date read
# with little confidence: lead news of a summit held over the two days before (Kim and Xi
# in Dalian on 7 and 8 May 2018, reported undated on the 9th).
_REPORT_LAG_DAYS = 2


def day_slack(type_: EventType) -> int:
    """The most days apart two day-dated mentions of one event of this type can be."""
    return _DAY_SLACK[type_]


# day_slack of each type, worked out once: it is asked for every profile and precision a
# profile is compared over (:func:`reach_of`)
_DAY_SLACK = {t: max(_STAY_DAYS.get(t, 0), _DAY_OFF, _REPORT_LAG_DAYS) for t in EventType}


# Cached for the component, like :func:`actors_compatible`: an undated profile ranks every
# group near it by whether one of the group's lists of people names all of its own, and in
# a dense block the same few lists meet again and again.
@lru_cache(maxsize=1 << 18)
def names_all(named: tuple[tuple[str, ...], ...], people: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the list ``named`` holds every person of ``people`` (in any order and
    spelling)."""
    return all(any(_same(s, t) for t in named) for s in people)


def same_people(p: Profile, q: Profile) -> bool:
    """Whether two profiles name the same people, in any order and spelling."""
    return same_list_of_people(p.actors, q.actors)


def same_list_of_people(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    """:func:`same_people` of two lists of people."""
    return len(a) == len(b) and actors_compatible(a, b)


def _shared_article(p: Profile, q: Profile) -> bool:
    return not p.docs.isdisjoint(q.docs)


def _days_of_one_stay(p: Profile, q: Profile, days: int) -> bool:
    """The same named travellers in the same named city: one visit, whichever of its days
    a source dates it by (merged with a date conflict)."""
    return (
        p.type in _STAY_DAYS
        and days <= _STAY_DAYS[p.type]
        and bool(p.actors and q.actors)
        and p.location is not None
        and p.location == q.location
    )


def _one_day_told_a_day_off(p: Profile, q: Profile, days: int) -> bool:
    """Two articles that date one event a day apart: the people one names among the
    other's, the same states, no second place. One article that dates two meetings of the
    same leaders a day apart (a private dinner on the 21st, talks on the 22nd) tells two
    events, and the chaining guard keeps what it keeps apart apart. (Visits are days of a
    stay, which need the same city.)"""
    return (
        p.type not in _STAY_DAYS
        and days <= _DAY_OFF
        and bool(p.actors and q.actors)
        and actors_compatible(p.actors, q.actors)
        and p.country_set == q.country_set
        and (p.location is None or q.location is None or p.location == q.location)
        and not _shared_article(p, q)
    )


def _dated_by_its_report(p: Profile) -> bool:
    """Every mention of the profile tells the event as done and is dated by the day its
    article was published."""
    return all(m.status is Status.OCCURRED and m.date == m.published for m in p.mentions)


def _told_on_its_report_day(p: Profile, q: Profile) -> bool:
    """A report of what happened, dated by its own publication day, tells an event of up to
    two days before that another article dates by its day: the same people, the same states, the
    same named
    place. The later date is only the day the news came out (:data:`_REPORT_LAG_DAYS`);
    two meetings both dated by their own day stay apart."""
    early, late = (p, q) if p.span[0] <= q.span[0] else (q, p)
    return (
        late.span[0] - early.span[0] <= _REPORT_LAG_DAYS
        and _dated_by_its_report(late)
        and not _dated_by_its_report(early)
        and bool(p.actors)
        and same_people(p, q)
        and p.country_set == q.country_set
        and p.location is not None
        and p.location == q.location
        and not _shared_article(p, q)
    )


def _days_of_one_event(p: Profile, q: Profile) -> bool:
    """Two days close enough to be one event told by sources that date it differently."""
    if not (p.rank == q.rank == 3):
        return False
    days = abs(p.span[0] - q.span[0])
    return (
        _days_of_one_stay(p, q, days)
        or _one_day_told_a_day_off(p, q, days)
        or _told_on_its_report_day(p, q)
    )


# A month counted from another present falls in the month next to the event's: windows of
# month-dated mentions reach this far into the months around them.
MONTH_OFF_DAYS = 31
# No two profiles whose spans lie further apart than this are compatible: their spans meet,
# or two days are one event's (:data:`_STAY_DAYS`, :data:`_DAY_OFF`, :data:`_REPORT_LAG_DAYS`),
# or a month and a day of the month next to it are (at most a month apart). Clustering
# uses it to look only at groups near a profile in time.
REACH_DAYS = max(MONTH_OFF_DAYS, _DAY_OFF, _REPORT_LAG_DAYS, *_STAY_DAYS.values())


def reach_days(type_: EventType, rank: int, other_rank: int) -> int:
    """The widest gap in days between the spans of two compatible profiles of this type and
    these precisions (:func:`~bilat.events.merge.profiles.date_rank`; 0 undated): two days
    :func:`day_slack` apart, a month and a day of the month next to it
    :data:`MONTH_OFF_DAYS`, any other pair none (their spans meet). Clustering and
    candidate pairs look only this far: at a million mentions a day among the days of its
    month (:data:`REACH_DAYS`) was most of the merge's comparisons."""
    if rank == other_rank == 3:
        return day_slack(type_)
    if {rank, other_rank} == {2, 3}:
        return MONTH_OFF_DAYS
    return 0


def reach_of(p: Profile, other_rank: int) -> int:
    """:func:`reach_days`, narrowed by what ``p`` itself allows: spans that do not meet are
    compatible only through :func:`_days_of_one_event` (both dated by their day, both
    naming people) or :func:`month_told_a_month_off` (also a named place, and the month
    a recent one), so a profile that cannot take part in those reaches no further than
    its own span. In a dense block most profiles cannot, and a month's profile otherwise
    looked at every day of three months."""
    if not p.actors:
        return 0
    if p.rank == other_rank == 3:
        return day_slack(p.type)
    if p.location is None or {p.rank, other_rank} != {2, 3}:
        return 0
    return MONTH_OFF_DAYS if p.rank == 3 or _recent_month(p) else 0


def _recent_month(p: Profile) -> bool:
    """A month-dated profile whose month is its articles' own or the one before: a month
    counted from the report ("last month", "this month"), which is only as sure as the day
    the count starts from (the publication or the story's present)."""
    if p.rank != 2:
        return False
    month = p.month
    pubs = {month_number(m.published) for m in p.mentions}
    return (
        None not in pubs
        and all(month is not None and 0 <= pub - month <= 1 for pub in pubs if pub is not None)
    )


def month_told_a_month_off(p: Profile, q: Profile) -> bool:
    """A recent month (:func:`_recent_month`) and a day of the month next to it, the people
    of one among the other's, the same states, the same named place, two articles: one
    event the month-dated article counts from another present ("last month" in a story of
    1 June about Ri Yong Ho's talks in Moscow on 10 April)."""
    month, day = (p, q) if p.rank == 2 else (q, p)
    first, other = month.month, day.month
    return (
        day.rank == 3
        and first is not None
        and other is not None
        and abs(first - other) == 1
        and bool(p.actors and q.actors)
        and _recent_month(month)
        and actors_compatible(p.actors, q.actors)
        and p.country_set == q.country_set
        and p.location is not None
        and p.location == q.location
        and not _shared_article(p, q)
    )


def _same_report(p: Profile, q: Profile) -> bool:
    """Two mentions one article tells with the same status, both naming people or both
    naming nobody, are two events. The extractor already merges what one article says
    about one event (one mention per event per document), so what it kept apart it read
    as different: "talks in Moscow" and a trip to Pyongyang, two troop deployments. It
    never compares a plan with its fulfilment ("will visit" ... "arrived") nor a named
    statement with an unnamed one ("Putin and Lukashenko signed" ... "the treaty signed
    on Friday"), so those are left to the merge."""
    return not p.reports.isdisjoint(q.reports) and bool(p.actors) == bool(q.actors)


def compatible(p: Profile, q: Profile, *, strict: bool = False) -> bool:
    """Can two profiles state the same event? ``strict`` is for undated ones: the country
    sets must then be equal unless two named people vouch for a smaller one."""
    # the cheapest tests that tell most neighbours apart first (the result is a conjunction)
    return (
        _same_kind(p, q)
        and _locations_compatible(p, q)
        and _times_compatible(p, q)
        and not _same_report(p, q)
        and _parties_compatible(p, q, strict=strict)
    )


def fields_compatible(p: Profile, q: Profile, *, strict: bool = False) -> bool:
    """:func:`compatible` but for the time and the articles: what it asks of the fields
    :func:`fields_key` holds, when ``p`` is not dated by its day (two profiles of one day
    may disagree on the place). So the profiles of a group that share those fields are
    tested once."""
    return (
        _same_kind(p, q)
        and _locations_compatible(p, q)
        and _parties_compatible(p, q, strict=strict)
    )


def fields_key(p: Profile) -> tuple[object, ...]:
    """The fields :func:`fields_compatible` reads."""
    return p.type, p.what, p.location, p.actors, p.countries


def _same_kind(p: Profile, q: Profile) -> bool:
    return p.type == q.type and objects_compatible(p.type, p.what, q.what)


def _times_compatible(p: Profile, q: Profile) -> bool:
    # Calendar spans nest or are disjoint, so for dated profiles meeting spans is exactly
    # partial_date.compatible; for undated ones it is the publication window.
    return _spans_meet(p, q) or _days_of_one_event(p, q) or month_told_a_month_off(p, q)


def _parties_compatible(p: Profile, q: Profile, *, strict: bool) -> bool:
    """The states and the people."""
    if not _countries_compatible(p, q, strict=strict):
        return False
    if p.actors and q.actors:
        return actors_compatible(p.actors, q.actors)
    # an actorless mention joins by countries and place
    return p.country_set == q.country_set or (
        not strict and _one_more_state_at_one_place(p, q))
