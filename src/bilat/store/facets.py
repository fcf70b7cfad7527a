"""Facets of a listing, as Datasette shows them: for the events matching a filter, how many
have each type, status, pair of states, actor, year and source, the commonest first.

Where the summaries answer, they are read (:mod:`bilat.store.summaries`):

- no filter at all: types, pairs of states and actors are rows of ``facet_counts``;
- a filter of type, status, states and whole months only: type, status, pair and year are
  sums over ``event_tally``, whose rows are kinds of events, not events.

Everything else is counted over the matching events themselves, at most :data:`FACET_SCAN`
of them, the newest (found as the listing finds a page, :func:`bilat.store.listing.page`,
and read by primary key): the answer then says how many it counted and which facets are
not exact, so a partial count never looks complete.

Each function takes an open connection; see :mod:`bilat.store.listing` for the filter.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from sqlalchemy import Connection, Select, case, func, literal, select

from bilat.store import tables as t
from bilat.store.base import FACET_NAMES, EventFilter, Facet, Facets, FacetValue
from bilat.store.listing import Criteria, criteria, first_ids, tally_conditions
from bilat.store.summaries import actor_facet, pair_facet, type_facet

FACET_SCAN = 2000  # matching events counted one by one, at most (the newest)
UNDATED = ""  # the year facet's value for events without a date


def facets(conn: Connection, flt: EventFilter, *, limit: int = 10) -> Facets:
    """The ``limit`` commonest values of each facet among the events matching ``flt``."""
    c = criteria(conn, flt)
    ids = first_ids(conn, c, limit=FACET_SCAN, sort="-date")
    scanned = int(conn.execute(select(func.count()).select_from(ids.subquery())).scalar_one())
    complete = scanned < FACET_SCAN
    summarised = _summary_counts(conn, c)
    counts = _event_counts(conn, ids, set(summarised)) if scanned else _no_counts()
    counts.update(summarised)
    exact = {name: complete or name in summarised for name in FACET_NAMES}
    return Facets(
        tuple(_top(name, counts[name], limit, exact[name]) for name in FACET_NAMES),
        scanned, complete,
    )  # fmt: skip


def _summary_counts(conn: Connection, c: Criteria) -> dict[str, Counter[str]]:
    """The facets the summaries count for this filter, over every match."""
    if c.nothing:
        return {}
    if not (c.facets or c.actors is not None or c.status or c.since or c.until
            or c.matches is not None):  # no filter
        return {"type": _stored_counts(conn, type_facet("")),
                "pair": Counter({k.replace("|", ","): n for k, n in
                                 _stored_counts(conn, pair_facet("", "")[:-1]).items()}),
                "actor": _stored_counts(conn, actor_facet(""))}  # fmt: skip
    if c.actors is None and c.matches is None and c.whole_months and c.location is None:
        return _tally_counts(conn, c)
    return {}


def _top(name: str, counts: Counter[str], limit: int, exact: bool) -> Facet:
    ordered = sorted(((v, n) for v, n in counts.items() if n > 0), key=lambda x: (-x[1], x[0]))
    values = tuple(FacetValue(v, n) for v, n in ordered[:limit])
    return Facet(name, values, len(ordered), exact)


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


def _stored_counts(conn: Connection, prefix: str) -> Counter[str]:
    """The facet_counts rows whose key starts with ``prefix`` ("type:", "pair:", "actor:"),
    read as a range of the primary key, by the rest of their key."""
    fc = t.facet_counts
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first key past the prefix
    stmt = select(fc.c.facet, fc.c.events).where(fc.c.facet >= prefix, fc.c.facet < after)
    return Counter({facet[len(prefix):]: int(n) for facet, n in conn.execute(stmt).tuples()})


# ---------------------------------------------------------------------------- events


def _no_counts() -> dict[str, Counter[str]]:
    return {name: Counter() for name in FACET_NAMES}


def _event_counts(conn: Connection, ids: Select[tuple[str]],
                  known: set[str]) -> dict[str, Counter[str]]:
    """The facets counted over the events ``ids`` (a query: the ids are not sent back as
    parameters), grouped in the database (reading every row costs more than its work);
    the pairs and actors are left out when they are ``known`` (the summaries count them)."""
    e, p, ea = t.events, t.event_pairs, t.event_actors
    year = func.substr(func.coalesce(e.c.date, literal(UNDATED)), 1, 4)
    out = _no_counts()
    rows = (select(e.c.type, e.c.status, year, func.count()).where(e.c.id.in_(ids))
            .group_by(e.c.type, e.c.status, year))  # fmt: skip
    for type_, status, year_, n in conn.execute(rows).tuples():
        out["type"][type_] += n
        out["status"][status] += n
        out["year"][year_] += n
    if "pair" not in known:
        pairs = (select(p.c.a, p.c.b, func.count()).where(p.c.event_id.in_(ids), p.c.b != "")
                 .group_by(p.c.a, p.c.b))  # fmt: skip
        out["pair"].update({f"{a},{b}": n for a, b, n in conn.execute(pairs).tuples()})
    if "actor" not in known:
        names = select(ea.c.name, func.count()).where(ea.c.event_id.in_(ids)).group_by(ea.c.name)
        out["actor"].update({name: n for name, n in conn.execute(names).tuples()})
    out["source"].update(_source_counts(conn, ids))
    return out


def _source_counts(conn: Connection, ids: Select[tuple[str]]) -> Counter[str]:
    """Events by the sources reporting them (an event reported by two counts for each)."""
    em, m, d = t.event_mentions, t.mentions, t.documents
    reports = (select(em.c.event_id, d.c.source, d.c.url).distinct()
               .join(m, m.c.id == em.c.mention_id).join(d, d.c.id == m.c.doc_id)
               .where(em.c.event_id.in_(ids)))  # fmt: skip
    by_event: dict[str, set[str]] = {}
    for event_id, source, url in conn.execute(reports).tuples():
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

