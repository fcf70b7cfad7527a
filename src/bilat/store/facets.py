"""Facets of a listing, as Datasette shows them: for the events matching a filter, how many
have each type, status, pair of states, actor, year and source, the commonest first.

Where the summaries answer, they are read (:mod:`bilat.store.summaries`):

- no person and no words, whole months: type, status, pair and year are sums over
  ``event_tally``, whose rows are kinds of events, not events;
- no filter at all: the actors are rows of ``facet_counts``.

Everything else (actors under a filter, sources, any filter with a person, words or days) is
counted over the matching events themselves, at most :data:`FACET_SCAN` of them (the newest):
the answer then says how many it counted, so a partial count never looks complete.

Each function takes an open connection; see :mod:`bilat.store.listing` for the filter.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Select, case, func, literal, select

from bilat.store import tables as t
from bilat.store.base import EventFilter, Facet, Facets, FacetValue
from bilat.store.listing import Criteria, criteria, event_conditions, tally_conditions

FACET_NAMES = ("type", "status", "pair", "actor", "year", "source")
FACET_SCAN = 20_000  # matching events counted one by one, at most (the newest)
UNDATED = ""  # the year facet's value for events without a date


def facets(conn: Connection, flt: EventFilter, *, limit: int = 10) -> Facets:
    """The ``limit`` commonest values of each facet among the events matching ``flt``."""
    c = criteria(conn, flt)
    if c.nothing:
        return Facets(tuple(Facet(name, (), 0, True) for name in FACET_NAMES), 0, True)
    matched = _newest_matches(c)
    scanned = int(conn.execute(select(func.count()).select_from(matched)).scalar_one())
    complete = scanned < FACET_SCAN
    counts: dict[str, Counter[str]]
    if _tallied(c):
        counts = _tally_counts(conn, c)
        counts["actor"] = (_stored_actor_counts(conn) if _unfiltered(c)
                           else _event_actor_counts(conn, matched))  # fmt: skip
    else:
        counts = _event_counts(conn, matched)
    counts["source"] = _source_counts(conn, matched)
    exact = {name: complete or name in _exact_facets(c) for name in FACET_NAMES}
    return Facets(
        tuple(_top(name, counts[name], limit, exact[name]) for name in FACET_NAMES),
        scanned, complete,
    )  # fmt: skip


def _tallied(c: Criteria) -> bool:
    return c.actors is None and c.matches is None and c.whole_months


def _unfiltered(c: Criteria) -> bool:
    return not (c.facets or c.actors is not None or c.status or c.since or c.until
                or c.matches is not None)  # fmt: skip


def _exact_facets(c: Criteria) -> set[str]:
    """The facets counted from the summaries, over every match however many."""
    if not _tallied(c):
        return set()
    return {"type", "status", "pair", "year"} | ({"actor"} if _unfiltered(c) else set())


def _top(name: str, counts: Counter[str], limit: int, exact: bool) -> Facet:
    ordered = sorted(((v, n) for v, n in counts.items() if n > 0), key=lambda x: (-x[1], x[0]))
    values = tuple(FacetValue(v, n) for v, n in ordered[:limit])
    return Facet(name, values, len(ordered), exact)


def _newest_matches(c: Criteria) -> Any:
    """The ids of the matching events, the newest :data:`FACET_SCAN` of them."""
    e = t.events
    stmt = (select(e.c.id).where(*event_conditions(c))
            .order_by(e.c.order_down.desc(), e.c.id).limit(FACET_SCAN))  # fmt: skip
    return stmt.subquery()


# ---------------------------------------------------------------------------- summaries


def _tally_counts(conn: Connection, c: Criteria) -> dict[str, Counter[str]]:
    """type, status, pair and year from event_tally (``events`` counts each event once,
    ``pairs`` each pair of states an event has)."""
    tl = t.event_tally
    year = case(
        (tl.c.month != "unknown", func.substr(tl.c.month, 1, 4)),
        (tl.c.span_lo != "", func.substr(tl.c.span_lo, 1, 4)),
        else_=literal(UNDATED),
    ).label("year")
    stmt = (select(tl.c.type, tl.c.status, tl.c.a, tl.c.b, year,
                   func.sum(tl.c.events), func.sum(tl.c.pairs))
            .where(*tally_conditions(c))
            .group_by(tl.c.type, tl.c.status, tl.c.a, tl.c.b, year))  # fmt: skip
    out: dict[str, Counter[str]] = {name: Counter() for name in ("type", "status", "pair", "year")}
    for type_, status, a, b, year_, events, pairs in conn.execute(stmt).tuples():
        out["type"][type_] += int(events)
        out["status"][status] += int(events)
        out["year"][year_] += int(events)
        if b:
            out["pair"][f"{a},{b}"] += int(pairs)
    return out


def _stored_actor_counts(conn: Connection) -> Counter[str]:
    fc = t.facet_counts
    prefix = "actor:"
    # the range of keys starting "actor:" (";" follows ":"), read through the primary key
    stmt = select(fc.c.facet, fc.c.events).where(fc.c.facet > prefix, fc.c.facet < "actor;")
    return Counter({facet[len(prefix):]: int(n) for facet, n in conn.execute(stmt).tuples()})


# ---------------------------------------------------------------------------- events


def _event_counts(conn: Connection, matched: Any) -> dict[str, Counter[str]]:
    e, p = t.events, t.event_pairs
    year = func.coalesce(func.substr(e.c.date, 1, 4), literal(UNDATED)).label("year")
    rows = select(e.c.type, e.c.status, year, func.count()).where(
        e.c.id.in_(select(matched.c.id))).group_by(e.c.type, e.c.status, year)
    out: dict[str, Counter[str]] = {name: Counter() for name in ("type", "status", "year")}
    for type_, status, year_, n in conn.execute(rows).tuples():
        out["type"][type_] += n
        out["status"][status] += n
        out["year"][year_ or UNDATED] += n
    pairs = select(p.c.a, p.c.b, func.count()).where(
        p.c.event_id.in_(select(matched.c.id)), p.c.b != "").group_by(p.c.a, p.c.b)
    out["pair"] = Counter({f"{a},{b}": n for a, b, n in conn.execute(pairs).tuples()})
    out["actor"] = _event_actor_counts(conn, matched)
    return out


def _event_actor_counts(conn: Connection, matched: Any) -> Counter[str]:
    ea = t.event_actors
    stmt: Select[Any] = (select(ea.c.name, func.count())
                         .where(ea.c.event_id.in_(select(matched.c.id))).group_by(ea.c.name))
    return Counter({name: n for name, n in conn.execute(stmt).tuples()})


def _source_counts(conn: Connection, matched: Any) -> Counter[str]:
    """Events by the source of the documents reporting them: the document's ``source``,
    else the host of its URL (an event reported by two sources counts for each)."""
    em, m, d = t.event_mentions, t.mentions, t.documents
    stmt = (select(em.c.event_id, d.c.source, d.c.url).distinct()
            .join(m, m.c.id == em.c.mention_id).join(d, d.c.id == m.c.doc_id)
            .where(em.c.event_id.in_(select(matched.c.id))))  # fmt: skip
    by_event: dict[str, set[str]] = {}
    for event_id, source, url in conn.execute(stmt).tuples():
        name = source_name(source, url)
        if name:
            by_event.setdefault(event_id, set()).add(name)
    return Counter(name for names in by_event.values() for name in names)


def source_name(source: str | None, url: str | None) -> str | None:
    """A document's source as the facet names it: its ``source``, else its URL's host."""
    if source and source.strip():
        return source.strip()
    host = urlsplit(url.strip()).hostname if url else None
    return host.removeprefix("www.") if host else None

