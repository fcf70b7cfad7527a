"""The views' queries: one page of filtered, sorted events (by offset or cursor) and how
many match, every match, one event with its sources, the events of some mentions, actors.
Pages and counts are planned by :mod:`bilat.store.listing` over the summaries; stats and
the network are in :mod:`bilat.store.aggregates`. Every filter value is a bound parameter.
Each function takes an open connection."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, select

from bilat.errors import InvalidQuery, NotFound
from bilat.knowledge.names import name_key, same_person
from bilat.store import listing
from bilat.store import tables as t
from bilat.store.base import (
    ActorSummary,
    EventDetail,
    EventFilter,
    EventPage,
    EventRow,
    MentionDetail,
)
from bilat.store.rows import EVENT_COLUMNS, event_row_from, loads, mention_from_row
from bilat.store.statements import ByIds, chunks

# the ORDER BY of every match (ties by id), from the listing's sort keys
SORTS = {sort: (t.events.c[column].desc() if down else t.events.c[column].asc(),)
         for sort, (column, down) in listing.SORTS.items()}  # fmt: skip
_EVENT_COLUMNS = tuple(t.events.c[name] for name in EVENT_COLUMNS)
# A page's rows and mention ids by a list of ids: built once, so each page binds its
# ids as one parameter instead of building (and compiling) a 500-term statement per read.
_ROWS_BY_ID = ByIds(lambda among: select(*_EVENT_COLUMNS).where(among(t.events.c.id)))
_MENTION_IDS_BY_EVENT = ByIds(lambda among: (
    select(t.event_mentions.c.event_id, t.event_mentions.c.mention_id)
    .where(among(t.event_mentions.c.event_id))
    .order_by(t.event_mentions.c.event_id, t.event_mentions.c.position)))


# ---------------------------------------------------------------------------- events


def _check(limit: int | None, offset: int, sort: str) -> None:
    if sort not in SORTS:
        raise InvalidQuery(f"Unknown sort {sort!r}.")
    if offset < 0 or (limit is not None and limit < 0):
        raise InvalidQuery(f"limit={limit!r} and offset={offset!r} must not be negative.")


def events_page(conn: Connection, flt: EventFilter, *, limit: int, offset: int = 0,
                sort: str = "date", after: str | None = None) -> EventPage:
    """One page of the events matching ``flt`` in ``sort`` order (ties by id), from
    ``offset`` or after the cursor ``after``, with the cursor of the page after it."""
    _check(limit, offset, sort)
    if after is not None and offset:
        raise InvalidQuery("Give a cursor (after) or an offset, not both.",
                           fix="Follow `next` cursors from the first page, without offset.")
    c = listing.criteria(conn, flt)
    page_ids, following = listing.page(conn, c, limit=limit, offset=offset, sort=sort,
                                       after=after)
    by_id = {r.id: r for r in _event_rows(conn, page_ids, [])}
    mention_ids = _event_mention_ids(conn, page_ids)
    rows = tuple(event_row_from(by_id[i], mention_ids.get(i, ())) for i in page_ids)
    return EventPage(rows, following)


def events(conn: Connection, flt: EventFilter, *, limit: int | None = None, offset: int = 0,
           sort: str = "date") -> list[EventRow]:
    """Events matching ``flt`` in ``sort`` order (ties by id): one page, or every match."""
    if limit is not None:
        return list(events_page(conn, flt, limit=limit, offset=offset, sort=sort).rows)
    _check(limit, offset, sort)
    where = listing.event_conditions(listing.criteria(conn, flt))
    stmt = select(t.events.c.id).where(*where)
    page_ids = list(conn.execute(stmt.order_by(*SORTS[sort], t.events.c.id).offset(offset))
                    .scalars())  # fmt: skip
    # every match: read rows and mentions by the filter, not by id lists
    by_id = {r.id: r for r in _event_rows(conn, None, where)}
    mention_ids = _event_mention_ids(conn, select(t.events.c.id).where(*where))
    return [event_row_from(by_id[i], mention_ids.get(i, ())) for i in page_ids]


def count_events(conn: Connection, flt: EventFilter) -> int:
    return listing.count(conn, listing.criteria(conn, flt))


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
        yield from _ROWS_BY_ID.execute(conn, chunk)


def _event_mention_ids(conn: Connection,
                       ids: Select[tuple[str]] | list[str]) -> dict[str, tuple[str, ...]]:
    em = t.event_mentions
    out: dict[str, list[str]] = {}
    found: Iterable[tuple[str, str]]
    if isinstance(ids, Select):
        found = conn.execute(select(em.c.event_id, em.c.mention_id).where(em.c.event_id.in_(ids))
                             .order_by(em.c.event_id, em.c.position)).tuples()
    else:
        found = (pair for chunk in chunks(ids)
                 for pair in _MENTION_IDS_BY_EVENT.execute(conn, chunk).tuples())
    for event_id, mention_id in found:
        out.setdefault(event_id, []).append(mention_id)
    return {k: tuple(v) for k, v in out.items()}


def mention_event_ids(conn: Connection, mention_ids: Iterable[str]) -> dict[str, str]:
    """Mention id -> id of the event holding it, for ``mention_ids`` (those in no event
    are left out)."""
    em = t.event_mentions
    found: dict[str, str] = {}
    for chunk in chunks(sorted(set(mention_ids))):
        stmt = select(em.c.mention_id, em.c.event_id).where(em.c.mention_id.in_(chunk))
        found.update({m: e for m, e in conn.execute(stmt).tuples()})
    return found


# ---------------------------------------------------------------------------- actors


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


def _actor_matches(q: str | None, name: str, aliases: Sequence[str]) -> bool:
    if not q:
        return True
    key = name_key(q)
    spellings = (name, *aliases)
    return (any(key and key in name_key(n) for n in spellings)
            or any(same_person(q, n) for n in spellings))  # fmt: skip
