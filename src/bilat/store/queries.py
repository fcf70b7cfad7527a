"""The views' queries: filtered, sorted, paged events, one event with its sources,
actors, stats and the network. Each is a single indexed query (or two) over ``events`` and
its derived side tables (:mod:`bilat.store.derived`); every filter value is a bound
parameter. Each function takes an open connection."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, false, func, select

from bilat.errors import InvalidQuery, NotFound
from bilat.knowledge.names import name_key, same_person
from bilat.partial_date import lower_bound, upper_bound
from bilat.store import tables as t
from bilat.store.base import (
    ActorSummary,
    EventDetail,
    EventFilter,
    EventRow,
    MentionDetail,
    NetworkEdge,
    StatsCell,
)
from bilat.store.rows import event_row_from, loads, mention_from_row
from bilat.store.search import matching_mentions
from bilat.store.statements import chunks

SORTS = {
    "date": (t.events.c.order_up.asc(),),
    "-date": (t.events.c.order_down.desc(),),
    "sources": (t.events.c.sources.asc(),),
    "-sources": (t.events.c.sources.desc(),),
}
_EVENT_COLUMNS = (
    t.events.c.id, t.events.c.type, t.events.c.actors, t.events.c.countries,
    t.events.c.location, t.events.c.date, t.events.c.status, t.events.c.conflicts, t.events.c.what,
    t.events.c.sources, t.events.c.independent_sources, t.events.c.first_reported,
    t.events.c.last_reported, t.events.c.doc_names,
)  # fmt: skip


# ---------------------------------------------------------------------------- events


def events(conn: Connection, flt: EventFilter, *, limit: int | None = None, offset: int = 0,
           sort: str = "date") -> list[EventRow]:
    """Events matching ``flt`` in ``sort`` order (ties by id), one page."""
    if sort not in SORTS:
        raise InvalidQuery(f"Unknown sort {sort!r}.")
    if offset < 0 or (limit is not None and limit < 0):
        raise InvalidQuery(f"limit={limit!r} and offset={offset!r} must not be negative.")
    where = conditions(conn, flt)
    # Two phases: pick the page by id alone (the planner can answer it from the
    # narrow sort indexes, and any sort it needs handles (key, id) pairs, not whole
    # rows), then read the full rows of that page only.
    page = select(t.events.c.id).where(*where)
    page = page.order_by(*SORTS[sort], t.events.c.id).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    page_ids = list(conn.execute(page).scalars())
    if limit is None:  # every match: read rows and mentions by the filter, not by id lists
        by_id = {r.id: r for r in _event_rows(conn, None, where)}
        mention_ids = _event_mention_ids(conn, select(t.events.c.id).where(*where))
    else:
        by_id = {r.id: r for r in _event_rows(conn, page_ids, where)}
        mention_ids = _event_mention_ids(conn, page_ids)
    return [event_row_from(by_id[i], mention_ids.get(i, ())) for i in page_ids]


def count_events(conn: Connection, flt: EventFilter) -> int:
    stmt = select(func.count()).select_from(t.events).where(*conditions(conn, flt))
    return int(conn.execute(stmt).scalar_one())


def event(conn: Connection, event_id: str) -> EventDetail:
    """One event with every mention and its document's title and URL, earliest report
    first; raises NotFound."""
    e, em, m, d = t.events, t.event_mentions, t.mentions, t.documents
    row = conn.execute(select(*_EVENT_COLUMNS).where(e.c.id == event_id)).first()
    if row is None:
        raise NotFound(f"No event with id {event_id!r}.")
    stmt = (
        select(m, d.c.title.label("doc_title"), d.c.url.label("doc_url"),
               d.c.published.label("doc_published"), em.c.position)
        .join(em, em.c.mention_id == m.c.id)
        .join(d, d.c.id == m.c.doc_id)
        .where(em.c.event_id == event_id)
    )  # fmt: skip
    found = list(conn.execute(stmt).all())
    by_position = tuple(r.id for r in sorted(found, key=lambda r: r.position))
    found.sort(key=lambda r: (r.doc_published is None, r.doc_published or "", r.doc_name,
                              r.start, r.id))  # fmt: skip
    details = tuple(MentionDetail(mention_from_row(r), r.doc_title, r.doc_url) for r in found)
    return EventDetail(row=event_row_from(row, by_position), mentions=details)


def _event_rows(conn: Connection, ids: list[str] | None,
                where: list[ColumnElement[bool]]) -> Iterator[Any]:
    """Full rows for ``ids`` (a page), or for every event matching ``where``."""
    if ids is None:
        yield from conn.execute(select(*_EVENT_COLUMNS).where(*where))
        return
    for chunk in chunks(ids):
        yield from conn.execute(select(*_EVENT_COLUMNS).where(t.events.c.id.in_(chunk)))


def _event_mention_ids(conn: Connection,
                       ids: Select[tuple[str]] | list[str]) -> dict[str, tuple[str, ...]]:
    em = t.event_mentions
    out: dict[str, list[str]] = {}
    parts: Iterable[Any] = [ids] if isinstance(ids, Select) else chunks(ids)
    for part in parts:
        stmt = (
            select(em.c.event_id, em.c.mention_id)
            .where(em.c.event_id.in_(part))
            .order_by(em.c.event_id, em.c.position)
        )
        for r in conn.execute(stmt):
            out.setdefault(r.event_id, []).append(r.mention_id)
    return {k: tuple(v) for k, v in out.items()}


# ---------------------------------------------------------------------------- aggregates


def actors(conn: Connection, q: str | None = None) -> list[ActorSummary]:
    """Persons (of the actors table, then those named only in events) matching ``q``,
    most engaged first."""
    a, names = t.actors, t.actor_names
    people = conn.execute(select(a).where(a.c.kind == "person").order_by(a.c.id)).all()
    counted = conn.execute(select(names.c.name, names.c.name_key, names.c.events)).all()
    by_key: dict[str, int] = {}
    for r in counted:
        by_key[r.name_key] = by_key.get(r.name_key, 0) + r.events
    listed: list[ActorSummary] = []
    covered: set[str] = set()
    for p in people:
        covered.add(p.name_key)
        if _actor_matches(q, p.name, loads(p.aliases)):
            listed.append(ActorSummary(p.id, p.name, p.kind, p.country, by_key.get(p.name_key, 0)))
    # Persons named in events but absent from the actors table are listed by name
    # (their id is the name, which EventFilter.actor accepts).
    for r in counted:
        if r.name_key not in covered and _actor_matches(q, r.name, ()):
            covered.add(r.name_key)
            listed.append(ActorSummary(r.name, r.name, "person", None, by_key[r.name_key]))
    listed.sort(key=lambda x: (-x.events, x.name, x.id))
    return listed


def stats(conn: Connection, flt: EventFilter) -> list[StatsCell]:
    """Event counts by month, type and pair of states."""
    e, p = t.events, t.event_pairs
    stmt = (
        select(e.c.month, e.c.type, p.c.a, p.c.b, func.count().label("n"))
        .join(p, p.c.event_id == e.c.id)
        .where(*conditions(conn, flt))
        .group_by(e.c.month, e.c.type, p.c.a, p.c.b)
    )
    cells = [
        StatsCell(r.month or "unknown", r.type, "-".join(c for c in (r.a, r.b) if c) or "unknown",
                  r.n)
        for r in conn.execute(stmt).all()
    ]  # fmt: skip
    return sorted(cells, key=lambda c: (c.month, c.type, c.pair))


def network(conn: Connection, flt: EventFilter, *, level: str = "state") -> list[NetworkEdge]:
    """Engagements as weighted edges between states (level="state") or actors."""
    if level not in ("state", "actor"):
        raise InvalidQuery(f"Unknown network level {level!r}.")
    e = t.events
    if level == "state":
        p = t.event_pairs
        stmt = (
            select(p.c.a, p.c.b, e.c.type, func.count().label("n"))
            .join(e, e.c.id == p.c.event_id)
            .where(p.c.b != "", *conditions(conn, flt))
            .group_by(p.c.a, p.c.b, e.c.type)
        )
    else:
        x, y = t.event_actors.alias("x"), t.event_actors.alias("y")
        stmt = (
            select(x.c.name.label("a"), y.c.name.label("b"), e.c.type, func.count().label("n"))
            .join(y, (y.c.event_id == x.c.event_id) & (x.c.name < y.c.name))
            .join(e, e.c.id == x.c.event_id)
            .where(*conditions(conn, flt))
            .group_by(x.c.name, y.c.name, e.c.type)
        )
    rows = conn.execute(stmt).all()
    return _edges((r.a, r.b, r.type, r.n) for r in rows)


def _edges(rows: Iterable[tuple[str, str, str, int]]) -> list[NetworkEdge]:
    merged: dict[tuple[str, str], dict[str, int]] = {}
    for a, b, type_, n in rows:
        key = (a, b) if a <= b else (b, a)
        types = merged.setdefault(key, {})
        types[type_] = types.get(type_, 0) + n
    edges = [
        NetworkEdge(a, b, sum(types.values()), dict(sorted(types.items())))
        for (a, b), types in merged.items()
    ]
    return sorted(edges, key=lambda x: (-x.weight, x.source, x.target))


def _actor_matches(q: str | None, name: str, aliases: Sequence[str]) -> bool:
    if not q:
        return True
    key = name_key(q)
    spellings = (name, *aliases)
    return (any(key and key in name_key(n) for n in spellings)
            or any(same_person(q, n) for n in spellings))  # fmt: skip


# ---------------------------------------------------------------------------- filtering


def conditions(conn: Connection, flt: EventFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``events`` for ``flt`` (every value a bound parameter)."""
    e = t.events
    where: list[ColumnElement[bool]] = []
    if flt.type:
        where.append(e.c.type == flt.type.upper())
    if flt.status:
        where.append(e.c.status == flt.status.lower())
    for code in dict.fromkeys(c.upper() for c in flt.countries):
        ec = t.event_countries
        where.append(e.c.id.in_(select(ec.c.event_id).where(ec.c.country == code)))
    where += _date_conditions(flt)
    if flt.actor:
        where.append(_actor_condition(conn, flt.actor))
    if flt.q:
        found = matching_mentions(conn.dialect.name, flt.q)
        if found is not None:
            em = t.event_mentions
            where.append(e.c.id.in_(select(em.c.event_id).where(em.c.mention_seq.in_(found))))
    return where


def _date_conditions(flt: EventFilter) -> list[ColumnElement[bool]]:
    e = t.events
    where: list[ColumnElement[bool]] = []
    if flt.since:
        since = _bound(lower_bound, "since", flt.since)
        where.append(e.c.date_hi >= since)
        # Redundant but indexable: no date spans more than a year, so an event that
        # reaches `since` starts in since's year or later. Bounding the sort columns
        # lets a date-sorted page range-scan its index instead of skipping older rows.
        year_start = since[:4] + "-01-01"
        where += [e.c.order_up >= year_start, e.c.order_down >= year_start]
    if flt.until:
        until = _bound(upper_bound, "until", flt.until)
        where += [e.c.date_lo <= until, e.c.order_up <= until, e.c.order_down <= until]
    return where


def _actor_condition(conn: Connection, actor: str) -> ColumnElement[bool]:
    """Events with any actor who can be ``actor`` (a name in any spelling, or an actor id).

    The distinct names over all events are few (actor_names), so they are compared with
    :func:`same_person` in Python and the events are then selected by an indexed IN list.
    """
    a = t.actors
    named = conn.execute(select(a.c.name).where(a.c.id == actor)).scalar()
    probe = named if named is not None else actor
    names = [n for n in conn.execute(select(t.actor_names.c.name)).scalars()
             if same_person(probe, n)]  # fmt: skip
    if not names:
        return false()
    ea = t.event_actors
    return t.events.c.id.in_(select(ea.c.event_id).where(ea.c.name.in_(names)))


def _bound(fn: Callable[[str], str | None], label: str, value: str) -> str:
    bound = fn(value)
    if bound is None:
        raise InvalidQuery(f"{label}={value!r} is not an ISO date prefix.")
    return str(bound)
