"""Where the events of a filter happened, for the map: the places with most events and
every state's events.

- States: with no filter, the ``country:`` rows of ``facet_counts``; with a filter that
  is one facet (a type, a state, a pair, a person's one spelling, a place), that facet's
  ``state@`` rows of ``facet_counts``; with a filter of type, status, states and whole
  months only, sums over ``event_tally`` (whose rows are kinds of events); otherwise the
  matching events' ``event_countries`` rows.
- Places: with no filter, the ``place:`` rows of ``facet_counts``; with a one-facet
  filter, that facet's ``place@`` rows; otherwise one GROUP BY over the matching events,
  reached through the filter's rarest facet when it has one (as a page is), whose cost
  grows with the matching events. The answer holds the ``limit`` busiest places.

Each function takes an open connection; see :mod:`bilat.store.listing` for the filter.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from bilat.errors import InvalidQuery
from bilat.store import tables as t
from bilat.store.base import EventFilter
from bilat.store.desk import PlaceCount, PlaceCounts, StateCount, most_first
from bilat.store.listing import (
    Criteria,
    Walk,
    criteria,
    event_conditions,
    single_facet,
    tally_conditions,
)
from bilat.store.summaries import (
    ALL,
    BY_PLACE,
    BY_STATE,
    breakdown_range,
    country_facet,
    place_facet,
)

_NO_FILTER = EventFilter()
# every "country:XXX" facet is in [lo, hi): ";" is the character after ":"
_COUNTRY_FACETS = (country_facet(""), country_facet("")[:-1] + ";")
_PLACE_FACETS = (place_facet(""), place_facet("")[:-1] + ";")


def place_counts(conn: Connection, flt: EventFilter, *, limit: int | None) -> PlaceCounts:
    """The ``limit`` places with most events matching ``flt`` (ties by name), and the events
    of every state."""
    if limit is not None and limit < 0:
        raise InvalidQuery(f"limit={limit!r} must not be negative.")
    c = criteria(conn, flt)
    if c.nothing:
        return PlaceCounts((), 0, 0, ())
    where = _matching(conn, c)
    facet = single_facet(c) if c.matches is None else None
    if facet is not None:
        places, places_total, placed = _ranked(_stored_places(conn, facet), limit)
    else:
        places, places_total, placed = _places(conn, where, limit)
    return PlaceCounts(places, places_total, placed, _states(conn, flt, c, where, facet))


def _matching(conn: Connection, c: Criteria) -> list[ColumnElement[bool]]:
    """The filter on ``events``, with the ids of its rarest facet (or of its words' matches)
    as the rows to start from (the rest of the filter is checked on each by primary-key
    probes)."""
    where = event_conditions(c)
    walk = Walk.choose(conn, c, "date")
    if walk.facets:
        ef = t.event_facets
        where.append(t.events.c.id.in_(select(ef.c.event_id).where(ef.c.facet.in_(walk.facets))))
    elif c.matches is not None:  # words alone: start from the events of their matches
        em = t.event_mentions
        where.append(t.events.c.id.in_(select(em.c.event_id).where(em.c.mention_seq.in_(c.matches))))
    return where


# ---------------------------------------------------------------------------- places


def _stored_places(conn: Connection, facet: str) -> dict[str, int]:
    """Events by place of one facet (ALL: of every event), from the summaries."""
    if facet == ALL:
        fc = t.facet_counts
        lo, hi = _PLACE_FACETS
        stmt: Any = select(fc.c.facet, fc.c.events).where(fc.c.facet >= lo, fc.c.facet < hi)
        return {key.removeprefix(lo): int(n) for key, n in conn.execute(stmt).tuples()}
    return _breakdown(conn, BY_PLACE, facet)


def _breakdown(conn: Connection, by: str, facet: str) -> dict[str, int]:
    """The events of ``facet`` by place or by state: a range of facet_counts' keys."""
    fc = t.facet_counts
    lo, hi = breakdown_range(by, facet)
    stmt = select(fc.c.facet, fc.c.events).where(fc.c.facet >= lo, fc.c.facet < hi)
    return {key.removeprefix(lo): int(n) for key, n in conn.execute(stmt).tuples()}


def _ranked(counts: dict[str, int], limit: int | None) -> tuple[tuple[PlaceCount, ...], int, int]:
    """The ``limit`` busiest places (ties by name), how many there are, their events."""
    ranked = sorted((item for item in counts.items() if item[1] > 0),
                    key=lambda item: (-item[1], item[0]))  # fmt: skip
    shown = ranked if limit is None else ranked[:limit]
    return (tuple(PlaceCount(name, n) for name, n in shown), len(ranked),
            sum(n for _, n in ranked))  # fmt: skip


def _places(conn: Connection, where: list[ColumnElement[bool]],
            limit: int | None) -> tuple[tuple[PlaceCount, ...], int, int]:
    """The busiest places, how many places there are and how many events have one."""
    e = t.events
    grouped = (select(e.c.location.label("name"), func.count().label("n"))
               .where(e.c.location.is_not(None), *where).group_by(e.c.location).subquery())
    g = grouped.c
    # the totals over every place ride along each row (window functions): one pass
    busiest = (select(g.name, g.n, func.count().over(), func.sum(g.n).over())
               .order_by(g.n.desc(), g.name).limit(limit))  # fmt: skip
    rows = list(conn.execute(busiest).tuples())
    ranked = [(name, int(n)) for name, n, _, _ in rows]
    total, placed = (int(rows[0][2]), int(rows[0][3])) if rows else (0, 0)
    if limit == 0:  # no row carries the totals
        total, placed = conn.execute(select(func.count(), func.coalesce(func.sum(g.n), 0))).one()
    return tuple(PlaceCount(name, count) for name, count in ranked), int(total), int(placed)


# ---------------------------------------------------------------------------- states


def _states(conn: Connection, flt: EventFilter, c: Criteria, where: list[ColumnElement[bool]],
            facet: str | None) -> tuple[StateCount, ...]:
    """The events of every state: stored, tallied, of one facet's rows, or of the events."""
    if flt == _NO_FILTER:
        counts = _stored_states(conn)
    elif facet is not None and facet != ALL:
        counts = _breakdown(conn, BY_STATE, facet)
    elif _tallied(flt, c):
        counts = _tally_states(conn, c)
    else:
        counts = _event_states(conn, where)
    return tuple(StateCount(code, counts[code]) for code in most_first(counts) if counts[code])


def _tallied(flt: EventFilter, c: Criteria) -> bool:
    """The filter asks only what event_tally counts by: type, status, states, whole months
    (any other field of the filter, present or to come, sends the count to the events)."""
    rest = dataclasses.replace(flt, type=None, status=None, countries=(), since=None,
                               until=None)  # fmt: skip
    return rest == _NO_FILTER and c.whole_months


def _stored_states(conn: Connection) -> dict[str, int]:
    fc = t.facet_counts
    lo, hi = _COUNTRY_FACETS
    stmt = select(fc.c.facet, fc.c.events).where(fc.c.facet >= lo, fc.c.facet < hi)
    return {facet.removeprefix(lo): int(n) for facet, n in conn.execute(stmt).tuples()}


def _tally_states(conn: Connection, c: Criteria) -> dict[str, int]:
    """Each tally row's events counted for every state of its set ("|CHN|RUS|")."""
    tl = t.event_tally
    stmt = (select(tl.c.countries, func.sum(tl.c.events)).where(*tally_conditions(c))
            .group_by(tl.c.countries))  # fmt: skip
    counts: dict[str, int] = {}
    for states, n in conn.execute(stmt).tuples():
        for code in filter(None, states.split("|")):
            counts[code] = counts.get(code, 0) + int(n)
    return counts


def _event_states(conn: Connection, where: list[ColumnElement[bool]]) -> dict[str, int]:
    e, ec = t.events, t.event_countries
    stmt: Any = (select(ec.c.country, func.count()).join(e, e.c.id == ec.c.event_id)
                 .where(*where).group_by(ec.c.country))  # fmt: skip
    return {code: int(n) for code, n in conn.execute(stmt).tuples()}
