"""Listing events: which events of a filter make one page, in a sort order, at an offset or
after a cursor (keyset paging), and how many events match. The cost is set by the page
and by how rare the filter's other conditions are among the events of its rarest facet,
not by the size of the database.

A page (:func:`page`) walks one index in the order asked for:

- the index of the filter's rarest facet in ``event_facets`` (a type, a state, a pair of
  states; a person's spellings walk one index each, merged), chosen by ``facet_counts``;
- without a facet, the events table's own sort index;
- with words, sorted by date (SQLite): the words' index in date order
  (:mod:`bilat.store.dated_search`), read day by day (:func:`_text_walk`).

Each walked row is checked against the rest of the filter by primary-key probes (its other
facets, its ``events`` row for status and dates, the full-text matches), so a page reads
about (offset + limit) / (share of the walked rows that match) rows. A cursor (``after``,
the ``next`` of the page before) starts the walk where that page ended instead of skipping
``offset`` rows.

A count (:func:`count`) is a row of ``facet_counts`` for one facet, a sum over
``event_tally`` when the filter asks only type, status, states and whole months, and
otherwise the number of walked rows that pass the checks.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
    union,
    union_all,
)

from bilat.errors import InvalidQuery
from bilat.knowledge.names import same_person
from bilat.partial_date import lower_bound, rank, upper_bound
from bilat.store import dated_search
from bilat.store import tables as t
from bilat.store.base import EventFilter
from bilat.store.search import fts_query, matching_mentions, query_terms
from bilat.store.summaries import (
    ALL,
    actor_facet,
    country_facet,
    pair_facet,
    place_facet,
    type_facet,
)

# sort -> (the sort key's column on events and event_facets, descending); ties by id, ascending
SORTS = {
    "date": ("order_up", False),
    "-date": ("order_down", True),
    "sources": ("sources", False),
    "-sources": ("sources", True),
}

UNINDEXED_SORTS = ("sources",)  # no index of event_facets has this order
SORTED_IN_MEMORY = 50_000  # most events of a facet sorted rather than walking the events


@dataclass(frozen=True)
class Criteria:
    """An EventFilter resolved against the store: facets, bounds, full-text matches."""

    facets: tuple[str, ...]  # every one required
    actors: tuple[str, ...] | None  # facets of a person's spellings, any of them; None: no person
    type: str | None
    codes: tuple[str, ...]  # the states asked for (one, or a pair)
    status: str | None
    since: str | None  # first day, inclusive
    until: str | None  # last day, inclusive
    whole_months: bool  # since/until are years or months (event_tally can count them)
    matches: Select[tuple[int]] | None  # mentions.seq of the full-text matches
    nothing: bool  # a person no event names: no event matches
    # the event's place (also a facet): event_tally does not count by it
    location: str | None = None
    terms: tuple[str, ...] = ()  # the folded words asked for (matches: their mentions)


def criteria(conn: Connection, flt: EventFilter) -> Criteria:
    type_ = flt.type.upper() if flt.type else None
    codes = tuple(dict.fromkeys(c.upper() for c in flt.countries))
    facets = [type_facet(type_)] if type_ else []
    if len(codes) == 1:
        facets.append(country_facet(codes[0]))
    elif codes:
        facets += [pair_facet(a, b) for i, a in enumerate(codes) for b in codes[i + 1:]]
    if flt.location is not None:
        facets.append(place_facet(flt.location))
    names = actor_names(conn, flt.actor) if flt.actor else None
    return Criteria(
        facets=tuple(facets),
        actors=tuple(actor_facet(n) for n in names) if names is not None else None,
        type=type_, codes=codes,
        status=flt.status.lower() if flt.status else None,
        since=_bound(lower_bound, "since", flt.since) if flt.since else None,
        until=_bound(upper_bound, "until", flt.until) if flt.until else None,
        whole_months=all(rank(v) <= 2 for v in (flt.since, flt.until) if v),
        matches=matching_mentions(conn.dialect.name, flt.q) if flt.q else None,
        nothing=names == [],
        location=flt.location,
        terms=query_terms(flt.q) if flt.q else (),
    )  # fmt: skip


def actor_names(conn: Connection, actor: str) -> list[str]:
    """The names in events that can be ``actor`` (a name in any spelling, or an actor id).

    The distinct names over all events are few (actor_names), so they are compared with
    :func:`same_person` in Python; the events are then found through their facets.
    """
    a = t.actors
    named = conn.execute(select(a.c.name).where(a.c.id == actor)).scalar()
    probe = named if named is not None else actor
    return [n for n in conn.execute(select(t.actor_names.c.name)).scalars()
            if same_person(probe, n)]  # fmt: skip


def _bound(fn: Callable[[str], str | None], label: str, value: str) -> str:
    bound = fn(value)
    if bound is None:
        raise InvalidQuery(f"{label}={value!r} is not an ISO date prefix.")
    return str(bound)


# ---------------------------------------------------------------------------- cursors


def encode_cursor(sort: str, key: Any, event_id: str) -> str:
    """An opaque cursor: the sort and the (key, id) of the last event of a page."""
    raw = json.dumps([sort, key, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, key, event_id = json.loads(raw)
    except (ValueError, binascii.Error, TypeError) as exc:
        raise InvalidQuery(f"after={cursor!r} is not a cursor this server gave.",
                           fix="Pass the `next` value of the previous page as `after`.") from exc
    key_type = int if SORTS[sort][0] == "sources" else str
    if made_for != sort or not isinstance(key, key_type) or not isinstance(event_id, str):
        raise InvalidQuery(f"after={cursor!r} was made for another sort or is damaged.",
                           fix=f"Pass the `next` value of a page sorted by {sort!r}.")
    return key, event_id


# ---------------------------------------------------------------------------- walking


@dataclass(frozen=True)
class Walk:
    """What a page walks: the rows of some facets (any of them) or of the events table."""

    facets: tuple[str, ...]  # () walks the events table

    @staticmethod
    def choose(conn: Connection, c: Criteria, sort: str) -> Walk:
        """The rarest facet (or the person's spellings); the events table without facets,
        or when the sort has no facet index and sorting the facet's events would cost
        more than walking the events' index."""
        options = [(f,) for f in c.facets] + ([c.actors] if c.actors else [])
        if not options:
            return Walk(())
        counts = facet_counts(conn, [f for option in options for f in option])
        size, best = min((sum(counts.get(f, 0) for f in o), o) for o in options)
        if sort in UNINDEXED_SORTS and size > SORTED_IN_MEMORY:
            return Walk(())
        return Walk(best)


def facet_counts(conn: Connection, facets: list[str]) -> dict[str, int]:
    fc = t.facet_counts
    stmt = select(fc.c.facet, fc.c.events).where(fc.c.facet.in_(sorted(set(facets))))
    return {facet: n for facet, n in conn.execute(stmt).tuples()}


def _checks(c: Criteria, walk: Walk, event_id: ColumnElement[str]) -> list[ColumnElement[bool]]:
    """The conditions the walked rows must pass besides the walked facet."""
    ef, e = t.event_facets, t.events
    checks: list[ColumnElement[bool]] = []
    for facet in c.facets:
        if (facet,) != walk.facets:
            other = ef.alias()
            checks.append(exists().where(other.c.facet == facet, other.c.event_id == event_id))
    if c.actors and c.actors != walk.facets:
        other = ef.alias()
        checks.append(exists().where(other.c.facet.in_(c.actors), other.c.event_id == event_id))
    on_event = _event_conditions(c, e)
    if on_event and walk.facets:
        checks.append(exists().where(e.c.id == event_id, *on_event))
    elif on_event:
        checks += on_event
    if c.matches is not None:
        em = t.event_mentions
        # `id || ''`: a value no index holds, so the planner walks the sort order and checks
        # each row against the matches (gathered once), instead of sorting every match
        matching = select(em.c.event_id).where(em.c.mention_seq.in_(c.matches))
        checks.append(event_id.concat("").in_(matching))
    return checks


def _event_conditions(c: Criteria, e: Any) -> list[ColumnElement[bool]]:
    """Conditions on the events row: status and dates (type and place are facets)."""
    where: list[ColumnElement[bool]] = []
    if c.status:
        where.append(e.c.status == c.status)
    if c.since:
        where.append(e.c.date_hi >= c.since)
    if c.until:
        where.append(e.c.date_lo <= c.until)
    return where


def _key_range(c: Criteria, source: Any, key: Any) -> list[ColumnElement[bool]]:
    """Redundant but indexable bounds on the sort keys of the walked rows: no date spans
    more than a year, so an event that reaches ``since`` starts in since's year or later,
    and one that starts by ``until`` has order keys <= until (undated ones sort outside).
    More narrowly, one that starts before ``since`` and reaches it is a year or a month
    holding ``since``, so it starts on that year's or that month's first day: a condition
    on the walked index's own ``key``, checked before the event's row is read, so the
    events between the year's start and ``since`` cost an index entry each, not a row."""
    where = _outer_bounds(c, source)
    if _after_year_start(c):
        where.append(or_(key >= c.since, key.in_(_wide_starts(str(c.since)))))
    return where


def _year_start(since: str) -> str:
    return since[:4] + "-01-01"


def _after_year_start(c: Criteria) -> bool:
    """Whether events that start before ``since`` can reach it (a year's or a month's)."""
    return bool(c.since) and str(c.since) > _year_start(str(c.since))


def _wide_starts(since: str) -> list[str]:
    """Where an event that starts before ``since`` and reaches it can start: on the first
    day of since's year or of since's month (see _key_range)."""
    return sorted({_year_start(since), since[:7] + "-01"})


def _outer_bounds(c: Criteria, source: Any) -> list[ColumnElement[bool]]:
    """since's year .. until on both order keys (see _key_range)."""
    where: list[ColumnElement[bool]] = []
    if c.since:
        year_start = _year_start(c.since)
        where += [source.c.order_up >= year_start, source.c.order_down >= year_start]
    if c.until:
        where += [source.c.order_up <= c.until, source.c.order_down <= c.until]
    return where


# Where a walk starts after a cursor: the rest of the cursor's tie (same key, later id), or
# the keys beyond it. Two ranges, each a seek in the index: one condition "key beyond, or
# same key and later id" would make the index range start at the key and skip the tie.
Bound = tuple[Any, "str | None"]  # (key, id): the tie's rest; (key, None): the keys beyond


def _rows(c: Criteria, walk: Walk, facet: str | None, sort: str,
          bound: Bound | None) -> Select[Any]:
    """(id, sort key) of the matching rows of one walked index, in the sort order."""
    column, descending = SORTS[sort]
    if facet is None:
        source: Any = t.events
        event_id = source.c.id
        where = []
    else:
        source = t.event_facets.alias()
        event_id = source.c.event_id
        where = [source.c.facet == facet]
    key = source.c[column]
    where += _checks(c, walk, event_id)
    if bound is not None:
        last_key, last_id = bound
        if last_id is not None:
            where += [key == last_key, event_id > last_id]
        else:
            where.append(key < last_key if descending else key > last_key)
    if facet is None and column == "order_up" and _after_year_start(c):
        return _rows_from_since(c, where)
    if column != "sources":  # bounds on the date keys would draw the planner to their index
        where += _key_range(c, source, key)
    stmt = select(event_id.label("id"), key.label("key")).where(*where)
    return stmt.order_by(key.desc() if descending else key, event_id)


def _rows_from_since(c: Criteria, where: list[ColumnElement[bool]]) -> Select[Any]:
    """The events from ``since`` on, oldest first, as two walks merged in key order: the
    ones starting on ``since`` or later (a range of the order index), and the years and
    months that start before it and reach it (a seek of the dates index, which holds the
    end: the days and shorter spans that start there but end before ``since`` are passed
    over on the index, where _key_range's single walk read each of their rows; at 1M events
    a 500-event page from March read 4,000 January rows for nothing)."""
    e = t.events
    since = str(c.since)
    bounds = _outer_bounds(c, e) + where
    reaching = select(e.c.id.label("id"), e.c.order_up.label("key")).where(
        e.c.date_lo.in_(_wide_starts(since)), e.c.date_lo < since, e.c.date_hi >= since,
        *bounds)
    later = select(e.c.id.label("id"), e.c.order_up.label("key")).where(
        e.c.order_up >= since, *bounds)
    merged = union_all(reaching, later).subquery()
    return select(merged.c.id, merged.c.key).order_by(merged.c.key, merged.c.id)


def _walk(conn: Connection, c: Criteria, walk: Walk, sort: str, bound: Bound | None,
          limit: int, offset: int) -> list[Any]:
    return list(conn.execute(_walk_query(c, walk, sort, bound, limit, offset)).all())


def _walk_query(c: Criteria, walk: Walk, sort: str, bound: Bound | None, limit: int,
                offset: int) -> Select[Any]:
    """(id, key) of the walked rows from ``offset``, at most ``limit``, in the sort order."""
    if len(walk.facets) <= 1:
        facet = walk.facets[0] if walk.facets else None
        stmt = _rows(c, walk, facet, sort, bound).offset(offset).limit(limit)
    else:  # a person's spellings: the first offset + limit of each index, merged
        branches = [_rows(c, walk, f, sort, bound).limit(offset + limit).subquery()
                    for f in walk.facets]
        merged = union(*(select(b.c.id, b.c.key) for b in branches)).subquery()
        descending = SORTS[sort][1]
        stmt = (select(merged.c.id, merged.c.key)
                .order_by(merged.c.key.desc() if descending else merged.c.key, merged.c.id)
                .offset(offset).limit(limit))  # fmt: skip
    return stmt


def first_ids(conn: Connection, c: Criteria, *, limit: int, sort: str) -> Select[tuple[str]]:
    """The ids of the first ``limit`` matches in ``sort`` order, as a query (to read other
    tables by, without sending the ids back as parameters)."""
    if c.nothing:
        return select(t.events.c.id).where(false())
    first = _walk_query(c, Walk.choose(conn, c, sort), sort, None, limit, 0).subquery()
    return select(first.c.id)


def page(conn: Connection, c: Criteria, *, limit: int, offset: int, sort: str,
         after: str | None) -> tuple[list[str], str | None]:
    """The ids of one page, and the cursor of the page after it (None after the last)."""
    if c.nothing:
        return [], None
    if c.terms and SORTS[sort][0] != "sources" and dated_search.available(conn):
        cursor = decode_cursor(after, sort) if after else None
        found: list[Any] = _text_walk(conn, c, sort, cursor, limit, offset)
        full = found and len(found) == limit
        following = encode_cursor(sort, found[-1].key, found[-1].id) if full else None
        return [r.id for r in found], following
    walk = Walk.choose(conn, c, sort)
    if after:
        last_key, last_id = decode_cursor(after, sort)
        found = _walk(conn, c, walk, sort, (last_key, last_id), limit, 0)
        if len(found) < limit:
            found += _walk(conn, c, walk, sort, (last_key, None), limit - len(found), 0)
    else:
        found = _walk(conn, c, walk, sort, None, limit, offset)
    full = found and len(found) == limit
    following = encode_cursor(sort, found[-1].key, found[-1].id) if full else None
    return [r.id for r in found], following


# ---------------------------------------------------------------------------- words by date


class Found(NamedTuple):
    id: str
    key: Any


def _text_walk(conn: Connection, c: Criteria, sort: str, cursor: tuple[Any, str] | None,
               limit: int, offset: int) -> list[Found]:
    """A page of a filter with words, sorted by date: the index of words in date order
    (:mod:`bilat.store.dated_search`) read day by day until the page is full and its last
    day read whole (within a day the index's order is not the ids'); the events it names
    checked against the rest of the filter a batch at a time. It reads about the page's
    matches (from ``offset`` or the cursor), not every match."""
    column, descending = SORTS[sort]
    rest = replace(c, matches=None, terms=())
    undated = not (c.since or c.until)  # an undated event is in no period
    need, seen, passing = offset + limit, set[str](), list[Found]()
    last_day: int | None = None  # once the page is full: the day to finish
    days = _days(c, cursor, descending)
    # the first read: the page and a little more (for the last day); then more and more
    first = need + need // 4 + 16
    for batch in dated_search.matches_by_day(conn, fts_query(c.terms), days, undated,
                                             descending, first):  # fmt: skip
        keys = _passing_keys(conn, rest, column, [e for _, e in batch if e not in seen])
        for day, event_id in batch:
            if last_day is not None and day != last_day:
                return _ordered(passing, descending)[offset:need]
            if event_id in seen:
                continue
            seen.add(event_id)
            key = keys.get(event_id)
            if key is not None and _beyond(key, event_id, cursor, descending):
                passing.append(Found(event_id, key))
                if len(passing) >= need:
                    last_day = day
    return _ordered(passing, descending)[offset:need]


def _days(c: Criteria, cursor: tuple[Any, str] | None, descending: bool) -> tuple[int, int]:
    """The dated days a page can hold: since's year .. until (see _key_range), from the
    cursor's day on (none after an undated cursor: the undated come last)."""
    lo = dated_search.day_number(c.since[:4] + "-01-01") if c.since else 0
    hi = dated_search.day_number(c.until) if c.until else dated_search.UNDATED_DAY
    if cursor is not None:
        day = dated_search.day_number(cursor[0])
        if day == dated_search.UNDATED_DAY:
            return 1, 0
        lo, hi = (lo, min(hi, day)) if descending else (max(lo, day), hi)
    return lo, hi


def _passing_keys(conn: Connection, rest: Criteria, column: str,
                  event_ids: list[str]) -> dict[str, Any]:
    """Event id -> sort key of those of ``event_ids`` that pass ``rest``."""
    e = t.events
    found: dict[str, Any] = {}
    # the ids bound as one expanding parameter: no 500 literals coerced per statement
    stmt = select(e.c.id, e.c[column]).where(
        e.c.id.in_(bindparam("ids", expanding=True)), *_checks(rest, Walk(()), e.c.id))
    for i in range(0, len(event_ids), 500):
        found.update(conn.execute(stmt, {"ids": event_ids[i : i + 500]}).tuples().all())
    return found


def _beyond(key: Any, event_id: str, cursor: tuple[Any, str] | None, descending: bool) -> bool:
    if cursor is None:
        return True
    last_key, last_id = cursor
    if key == last_key:
        return event_id > last_id
    return key < last_key if descending else key > last_key


def _ordered(found: list[Found], descending: bool) -> list[Found]:
    found.sort(key=lambda f: f.id)
    found.sort(key=lambda f: f.key, reverse=descending)  # stable: ties stay by id
    return found


# ---------------------------------------------------------------------------- counting


def count(conn: Connection, c: Criteria) -> int:
    if c.nothing:
        return 0
    if c.matches is None and c.whole_months:
        single = single_facet(c)
        if single is not None:
            return facet_counts(conn, [single]).get(single, 0)
        if c.actors is None and c.location is None:
            return _tally_count(conn, c)
    if c.matches is not None and single_facet(c) == ALL:  # words alone: their events
        em = t.event_mentions
        stmt = select(func.count(em.c.event_id.distinct())).where(em.c.mention_seq.in_(c.matches))
        return int(conn.execute(stmt).scalar_one())
    return _walked_count(conn, c)


def single_facet(c: Criteria) -> str | None:
    """The one facet the filter is, if it is just that (or ALL for no filter at all)."""
    if c.status or c.since or c.until:
        return None
    facets = list(c.facets) + list(c.actors or ())
    if c.actors is not None and len(c.actors) != 1:
        return None
    if len(facets) == 0:
        return ALL
    return facets[0] if len(facets) == 1 else None


def _tally_count(conn: Connection, c: Criteria) -> int:
    tl = t.event_tally
    stmt = select(func.coalesce(func.sum(tl.c.events), 0)).where(*tally_conditions(c))
    return int(conn.execute(stmt).scalar_one())


def tally_conditions(c: Criteria) -> list[ColumnElement[bool]]:
    """The filter on event_tally (no person, no words, whole months)."""
    tl = t.event_tally
    where: list[ColumnElement[bool]] = []
    if c.type:
        where.append(tl.c.type == c.type)
    if c.status:
        where.append(tl.c.status == c.status)
    where += [tl.c.countries.contains(f"|{code}|", autoescape=True) for code in c.codes]
    if c.since:  # span_lo bounded too (a date spans a year at most): a range of the index
        where += [tl.c.span_hi >= c.since[:7], tl.c.span_lo >= c.since[:4] + "-01"]
    if c.until:
        where += [tl.c.span_lo != "", tl.c.span_lo <= c.until[:7]]
    return where


def _walked_count(conn: Connection, c: Criteria) -> int:
    walk = Walk.choose(conn, c, "date")
    if not walk.facets:
        e = t.events
        stmt = select(func.count()).select_from(e).where(*_checks(c, walk, e.c.id))
    else:
        ef = t.event_facets.alias()
        stmt = select(func.count(ef.c.event_id.distinct())).where(
            ef.c.facet.in_(walk.facets), *_checks(c, walk, ef.c.event_id))
    return int(conn.execute(stmt).scalar_one())


# ---------------------------------------------------------------------------- the filter


def event_conditions(c: Criteria) -> list[ColumnElement[bool]]:
    """The whole filter as conditions on ``events`` (for reading every match, and for the
    aggregates the summaries cannot answer)."""
    if c.nothing:
        return [false()]
    return _checks(c, Walk(()), t.events.c.id)
