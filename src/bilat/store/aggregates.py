"""Stats and the network, from the summaries kept at build time whenever the filter allows:

- no filter: ``stats_cells`` (a page of cells in their order) and ``network_edges`` /
  ``network_nodes`` (the heaviest edges through an index, the weights of their ends); a
  type alone: the same rows of that type (the network's by their counts by type);
- type, status, states and whole months: sums over ``event_tally``, whose rows are kinds of
  events, not events;
- a person, words or days: the matching events themselves (found through their facets).

Each function takes an open connection; see :mod:`bilat.store.listing` for the filter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select

from bilat.errors import InvalidQuery
from bilat.store import tables as t
from bilat.store.base import (
    EventFilter,
    NetworkEdge,
    NetworkPage,
    StatsCell,
    StatsPage,
    network_page_of,
)
from bilat.store.listing import Criteria, criteria, event_conditions, tally_conditions
from bilat.store.statements import chunks
from bilat.store.summaries import pair_label, type_facet

LEVELS = ("state", "actor")


def _unfiltered(c: Criteria) -> bool:
    return not (c.facets or c.actors is not None or c.status or c.since or c.until
                or c.matches is not None or c.nothing or c.location is not None)  # fmt: skip


def _tallied(c: Criteria) -> bool:
    """The filter asks only what event_tally counts by."""
    return (c.actors is None and c.matches is None and c.whole_months and not c.nothing
            and c.location is None)  # fmt: skip


def _type_only(c: Criteria) -> bool:
    return (c.type is not None and c.facets == (type_facet(c.type),) and c.actors is None
            and c.matches is None and c.location is None
            and not (c.status or c.since or c.until))  # fmt: skip


def _in_order(cells: Iterable[StatsCell]) -> list[StatsCell]:
    return sorted(cells, key=lambda x: (x.month, x.type, x.pair))


# ---------------------------------------------------------------------------- stats


def stats_page(conn: Connection, flt: EventFilter, *, limit: int | None,
               offset: int = 0) -> StatsPage:
    """Event counts by month, type and pair of states: the cells from ``offset`` (at most
    ``limit``), in (month, type, pair) order, with the number and sum of all cells."""
    if offset < 0 or (limit is not None and limit < 0):
        raise InvalidQuery(f"limit={limit!r} and offset={offset!r} must not be negative.")
    c = criteria(conn, flt)
    if _unfiltered(c) or _type_only(c):
        return _stored_cells(conn, c.type, limit, offset)
    cells = _tally_cells(conn, c) if _tallied(c) else _event_cells(conn, c)
    end = None if limit is None else offset + limit
    return StatsPage(tuple(cells[offset:end]), len(cells), sum(x.count for x in cells))


def stats_by_month(conn: Connection, flt: EventFilter) -> list[StatsCell]:
    """The counts summed over pairs of states (pair "*"), by month and type."""
    c = criteria(conn, flt)
    if _unfiltered(c) or _type_only(c):
        sc = t.stats_cells
        stmt = (select(sc.c.month, sc.c.type, func.sum(sc.c.n))
                .where(*([sc.c.type == c.type] if c.type else []))
                .group_by(sc.c.month, sc.c.type))  # fmt: skip
        summed: Iterable[tuple[str, str, int]] = conn.execute(stmt).tuples()
    elif _tallied(c):
        tl = t.event_tally
        stmt = (select(tl.c.month, tl.c.type, func.sum(tl.c.pairs))
                .where(*tally_conditions(c)).group_by(tl.c.month, tl.c.type))  # fmt: skip
        summed = conn.execute(stmt).tuples()
    else:
        by: dict[tuple[str, str], int] = {}
        for x in _event_cells(conn, c):
            by[(x.month, x.type)] = by.get((x.month, x.type), 0) + x.count
        summed = ((m, type_, n) for (m, type_), n in by.items())
    return _in_order(StatsCell(m, type_, "*", int(n)) for m, type_, n in summed)


def _stored_cells(conn: Connection, type_: str | None, limit: int | None,
                  offset: int) -> StatsPage:
    """The stored cells (of one type), in their primary key's order."""
    sc = t.stats_cells
    where = [sc.c.type == type_] if type_ else []
    stmt = select(sc.c.month, sc.c.type, sc.c.pair, sc.c.n).where(*where).order_by(
        sc.c.month, sc.c.type, sc.c.pair).offset(offset).limit(limit)
    cells = tuple(StatsCell(*row) for row in conn.execute(stmt).tuples())
    totals = select(func.count(), func.coalesce(func.sum(sc.c.n), 0)).where(*where)
    n_cells, total = conn.execute(totals).one()
    return StatsPage(cells, int(n_cells), int(total))


def _tally_cells(conn: Connection, c: Criteria) -> list[StatsCell]:
    tl = t.event_tally
    stmt = (
        select(tl.c.month, tl.c.type, tl.c.a, tl.c.b, func.sum(tl.c.pairs))
        .where(*tally_conditions(c))
        .group_by(tl.c.month, tl.c.type, tl.c.a, tl.c.b)
    )
    rows = conn.execute(stmt).tuples()
    return _in_order(StatsCell(m, type_, pair_label(a, b), int(n)) for m, type_, a, b, n in rows)


def _event_cells(conn: Connection, c: Criteria) -> list[StatsCell]:
    e, p = t.events, t.event_pairs
    stmt = (
        select(e.c.month, e.c.type, p.c.a, p.c.b, func.count().label("n"))
        .join(p, p.c.event_id == e.c.id)
        .where(*event_conditions(c))
        .group_by(e.c.month, e.c.type, p.c.a, p.c.b)
    )
    rows = conn.execute(stmt).tuples()
    return _in_order(StatsCell(m or "unknown", type_, pair_label(a, b), n)
                     for m, type_, a, b, n in rows)


# ---------------------------------------------------------------------------- network


def network_page(conn: Connection, flt: EventFilter, *, level: str = "state",
                 limit: int | None) -> NetworkPage:
    """Engagements as weighted edges between states (level="state") or actors: the
    ``limit`` heaviest (ties by ends), with the weights of their ends over every edge."""
    if level not in LEVELS:
        raise InvalidQuery(f"Unknown network level {level!r}.")
    if limit is not None and limit < 0:
        raise InvalidQuery(f"limit={limit!r} must not be negative.")
    c = criteria(conn, flt)
    if _unfiltered(c):
        return _stored_network(conn, level, limit)
    if c.type and _type_only(c):
        edges = _stored_edges_of_type(conn, level, c.type)
    elif level == "state" and _tallied(c):
        tl = t.event_tally
        stmt = (select(tl.c.a, tl.c.b, tl.c.type, func.sum(tl.c.pairs))
                .where(tl.c.b != "", *tally_conditions(c))
                .group_by(tl.c.a, tl.c.b, tl.c.type))  # fmt: skip
        edges = edges_of(conn.execute(stmt).tuples())
    else:
        edges = _event_edges(conn, c, level)
    return network_page_of(edges, limit)


def _stored_network(conn: Connection, level: str, limit: int | None) -> NetworkPage:
    ne, nn = t.network_edges, t.network_nodes
    stmt = (select(ne.c.a, ne.c.b, ne.c.weight, ne.c.types).where(ne.c.level == level)
            .order_by(ne.c.weight.desc(), ne.c.a, ne.c.b).limit(limit))  # fmt: skip
    edges = tuple(NetworkEdge(a, b, w, json.loads(types))
                  for a, b, w, types in conn.execute(stmt).tuples())  # fmt: skip
    total = conn.execute(select(func.count()).where(ne.c.level == level)).scalar_one()
    ends = sorted({end for e in edges for end in (e.source, e.target)})
    nodes: dict[str, int] = {}
    for chunk in chunks(ends):
        stmt_nodes = select(nn.c.node, nn.c.weight).where(nn.c.level == level,
                                                          nn.c.node.in_(chunk))
        nodes.update({n: w for n, w in conn.execute(stmt_nodes).tuples()})
    return NetworkPage(edges, int(total), nodes)


def _stored_edges_of_type(conn: Connection, level: str, type_: str) -> list[NetworkEdge]:
    """The stored edges' counts of one type (every edge of the level is read: their number
    grows with the pairs of states or people, not with the events)."""
    ne = t.network_edges
    stmt = select(ne.c.a, ne.c.b, ne.c.types).where(ne.c.level == level)
    rows = ((a, b, json.loads(types).get(type_, 0)) for a, b, types in conn.execute(stmt))
    return edges_of((a, b, type_, n) for a, b, n in rows if n)


def _event_edges(conn: Connection, c: Criteria, level: str) -> list[NetworkEdge]:
    e = t.events
    if level == "state":
        p = t.event_pairs
        stmt: Any = (
            select(p.c.a, p.c.b, e.c.type, func.count().label("n"))
            .join(e, e.c.id == p.c.event_id)
            .where(p.c.b != "", *event_conditions(c))
            .group_by(p.c.a, p.c.b, e.c.type)
        )
    else:
        x, y = t.event_actors.alias("x"), t.event_actors.alias("y")
        stmt = (
            select(x.c.name.label("a"), y.c.name.label("b"), e.c.type, func.count().label("n"))
            .join(y, (y.c.event_id == x.c.event_id) & (x.c.name < y.c.name))
            .join(e, e.c.id == x.c.event_id)
            .where(*event_conditions(c))
            .group_by(x.c.name, y.c.name, e.c.type)
        )
    return edges_of(conn.execute(stmt).tuples())


def edges_of(rows: Iterable[tuple[str, str, str, int]]) -> list[NetworkEdge]:
    """(a, b, type, n) rows as edges, heaviest first (ties by ends)."""
    merged: dict[tuple[str, str], dict[str, int]] = {}
    for a, b, type_, n in rows:
        key = (a, b) if a <= b else (b, a)
        types = merged.setdefault(key, {})
        types[type_] = types.get(type_, 0) + int(n)
    edges = [
        NetworkEdge(a, b, sum(types.values()), dict(sorted(types.items())))
        for (a, b), types in merged.items()
    ]
    return sorted(edges, key=lambda x: (-x.weight, x.source, x.target))


