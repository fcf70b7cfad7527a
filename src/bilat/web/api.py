"""The JSON/CSV API under /api.

Each endpoint parses its parameters into store values (:mod:`bilat.web.params`: an
:class:`EventFilter`, paging, an id), calls the store, and formats the records with the
views' serialiser (:mod:`bilat.views.serialise`) plus the pages' links. Nothing here builds
SQL: every query parameter reaches the database only as a field of an ``EventFilter`` or as
an id, which the store binds as a parameter. The responses are documented by
:mod:`bilat.web.openapi`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from bilat.errors import BilatError, NotFound
from bilat.knowledge.kb import KnowledgeBase
from bilat.knowledge.names import name_key
from bilat.model import Document, EventMention
from bilat.store.base import (
    ActorSummary,
    EventFilter,
    EventRow,
    NetworkPage,
    Provenance,
    StatsPage,
    Store,
)
from bilat.views.documents import headline
from bilat.views.plover import state_resolver
from bilat.views.records import ROW_FIELDS, event_record, iter_records, records
from bilat.views.serialise import edge_dict, mention_dict, stats_cell_dict, to_csv
from bilat.web.aggregates import Aggregates
from bilat.web.links import actor_page, actor_slug, document_page, event_page, node_page
from bilat.web.map_data import MAX_PLACES_LIMIT, PLACES_LIMIT, MapOut, map_of
from bilat.web.openapi import (
    ACTOR_COLUMNS,
    CELL_COLUMNS,
    CSV_RESPONSE,
    EDGE_COLUMNS,
    ERROR_RESPONSES,
    ActorDetailOut,
    ActorList,
    DocumentOut,
    EventDetailOut,
    EventList,
    NetworkOut,
    StatsOut,
)
from bilat.web.params import (
    Filters,
    FormatParam,
    Level,
    Sort,
    Text,
    aggregates_of,
    clean_text,
    knowledge_of,
    response_format,
    store_of,
)
from bilat.web.streams import (
    JSON_TYPE,
    csv_stream,
    json_response,
    json_stream,
    primed,
    stated,
)

MAX_LIMIT = 500
ACTOR_EVENTS_LIMIT = 100  # as the actor's page; /api/events?actor= pages through all
STATS_LIMIT = 1000  # cells in one stats response unless ?limit= says otherwise
MAX_STATS_LIMIT = 10_000
NETWORK_LIMIT = 500  # edges in one network response (the heaviest)
MAX_NETWORK_LIMIT = 5000
Cursor = Annotated[str | None, Query(
    max_length=400, description="`next` of the previous page: the page after it (keyset "
    "paging, cheaper than a deep offset); keep the same filters and sort")]
StatsBy = Literal["pair", "month"]
# The fields of an event in the API: the analyst's row of the CLI and the exports
# (bilat.views.records.ROW_FIELDS) and, in JSON, its page.
EVENT_FIELDS = ROW_FIELDS

router = APIRouter(prefix="/api", tags=["api"])


# ---------------------------------------------------------------------------- formatting


def error_body(exc: BilatError) -> dict[str, Any]:
    return {"error": {"code": exc.code, "message": exc.message, "fix": exc.fix_hint}}


def event_json(row: EventRow, provenance: Provenance | None = None) -> dict[str, Any]:
    return {**event_record(row, provenance), "page": event_page(row.event.id)}


def events_json(store: Store, rows: Sequence[EventRow]) -> list[dict[str, Any]]:
    """:func:`event_json` of each row, their sources looked up in one batch."""
    found = records(store, rows)
    for record in found:  # fresh dicts: the page goes last, as in event_json
        record["page"] = event_page(record["id"])
    return found


def actor_json(a: ActorSummary, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """An actor; its state is the stored one, or the one the knowledge base gives the
    person now (persons named only in events have none stored)."""
    country = a.country or (state_resolver(kb)(a.name, None) if kb is not None else None)
    return {
        "id": actor_slug(a.name),
        "name": a.name,
        "kind": a.kind,
        "country": country,
        "events": a.events,
        "page": actor_page(a.name),
    }


def document_json(doc: Document, mentions: Sequence[EventMention]) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.name,
        "title": headline(doc.title, doc.clean, doc.name),
        "url": doc.url,
        "published": doc.published,
        "published_source": doc.published_source,
        "source": doc.source,
        "language": doc.language,
        "text": doc.text,
        "mentions": [mention_dict(m) for m in mentions],
    }


def network_json(network: NetworkPage, level: str, limit: int) -> dict[str, Any]:
    """Nodes are the edges' ends, weighted by the engagements they take part in (over the
    whole network, also when only the heaviest edges are listed)."""
    nodes = [
        {"id": n, "label": n, "weight": w, "page": node_page(n, level)}
        for n, w in sorted(network.nodes.items())
    ]
    return {"level": level, "nodes": nodes, "edges": [edge_dict(e) for e in network.edges],
            "edges_total": network.edges_total, "limit": limit}  # fmt: skip


def kept_json(request: Request, key: tuple[Any, ...], content: Callable[[], Any]) -> Response:
    """``content()`` as a JSON answer, its body kept with the aggregates until the data
    changes: for the answers that are aggregates (stats, networks, an actor's detail), whose
    encoding costs as much as reading them once they are kept."""
    body = aggregates_of(request).kept(("json", *key), lambda: JSONResponse(content()).body)
    return Response(body, media_type=JSON_TYPE)


def csv_response(rows: Iterable[dict[str, Any]], columns: Sequence[str], name: str,
                 following: str | None = None, headers: dict[str, str] | None = None,
                 ) -> Response:  # fmt: skip
    """A CSV answer; ``following`` (the URL of the next page) goes in a Link header."""
    headers = {"Content-Disposition": f'inline; filename="{name}.csv"', **(headers or {})}
    if following:
        headers["Link"] = f'<{following}>; rel="next"'
    return Response(to_csv(rows, columns), media_type="text/csv; charset=utf-8",
                    headers=headers)


def next_url(request: Request, **params: str | int) -> str:
    """This request's path and query with ``params`` set (and an offset dropped when the
    next page is asked by cursor)."""
    url = request.url
    if "after" in params:
        url = url.remove_query_params("offset")
    url = url.include_query_params(**params)
    return f"{url.path}?{url.query}"


# ---------------------------------------------------------------------------- lookups


def find_actor(aggregates: Aggregates, actor_id: str) -> ActorSummary:
    """The stored actor named by a slug, a store id or any spelling of the name."""
    by_id, by_key = aggregates.kept(("actor index",), lambda: actor_index(aggregates.actors()))
    found = by_id.get(actor_id) or by_key.get(name_key(actor_id) or "")
    if found is None:
        raise NotFound(f"No actor {actor_id!r}.", fix="List actors with GET /api/actors?q=NAME.")
    return found


def actor_index(actors: Sequence[ActorSummary],
                ) -> tuple[dict[str, ActorSummary], dict[str, ActorSummary]]:  # fmt: skip
    """Actors by store id or slug, and by name key; the first listed (the most engaged)
    wins, as a scan of the list would find it."""
    by_id: dict[str, ActorSummary] = {}
    by_key: dict[str, ActorSummary] = {}
    for a in actors:
        by_id.setdefault(a.id, a)
        by_id.setdefault(actor_slug(a.name), a)
        if key := name_key(a.name):
            by_key.setdefault(key, a)
    return by_id, by_key


def document_mentions(store: Store, doc_id: str) -> list[EventMention]:
    """The document's mentions, ordered by offset."""
    return store.mentions([doc_id])


def actor_detail(aggregates: Aggregates, actor: ActorSummary, kb: KnowledgeBase,
                 limit: int = ACTOR_EVENTS_LIMIT) -> dict[str, Any]:
    """The actor, its roles and its first ``limit`` events (oldest first) of events_total;
    kept until the data changes, like the other aggregates (it is one: hundreds of events
    with their sources, tens of ms to read, the same for everyone). Read-only: the dict is
    shared by every request until then."""
    return aggregates.kept(("actor detail", actor.name, limit),
                           lambda: _actor_detail(aggregates, actor, kb, limit))


def _actor_detail(aggregates: Aggregates, actor: ActorSummary, kb: KnowledgeBase,
                  limit: int) -> dict[str, Any]:  # fmt: skip
    store = aggregates.store
    person = kb.person(actor.name)
    flt = EventFilter(actor=actor.name)
    rows = store.events(flt, limit=limit, sort="date")
    roles = person.roles if person else ()
    return {
        "actor": actor_json(actor, kb),
        "aliases": list(person.aliases) if person else [],
        "roles": [
            {"title": r.title, "country": r.country, "start": r.start, "end": r.end,
             "office": r.office}
            for r in roles
        ],
        "events_total": aggregates.count_events(flt),
        "events": events_json(store, rows),
    }


def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    detail = store.event(event_id)
    provenance = store.provenance([event_id]).get(event_id)
    titles = {d.doc_id: headline(d.title, d.lead, d.name)
              for d in (provenance.documents if provenance else ())}  # fmt: skip
    sources: dict[str, dict[str, Any]] = {}
    for md in detail.mentions:
        m = md.mention
        sources.setdefault(m.doc_id, {
            "doc_id": m.doc_id,
            "doc_name": m.doc_name,
            "title": titles.get(m.doc_id, md.document_title),
            "url": md.document_url,
            "published": m.published,
            "page": document_page(m.doc_id),
        })
    return {
        "event": events_json(store, [detail.row])[0],
        "mentions": [
            {**mention_dict(md.mention), "title": titles.get(md.mention.doc_id, md.document_title),
             "url": md.document_url}
            for md in detail.mentions
        ],
        "sources": list(sources.values()),
    }


# ---------------------------------------------------------------------------- endpoints


@router.get("/events", response_model=EventList, responses={**CSV_RESPONSE, **ERROR_RESPONSES})
@router.get("/events.json", include_in_schema=False)
@router.get("/events.csv", include_in_schema=False)
def list_events(
    request: Request,
    flt: Filters,
    limit: Annotated[int | None, Query(
        ge=1, le=MAX_LIMIT, description="At most this many (a page, with `next`); without "
        "it every event, streamed")] = None,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    after: Cursor = None,
    sort: Sort = "date",
    format: FormatParam = "json",
) -> Response:
    """Events matching the filters: every one (streamed), or a page of ``limit`` by offset
    or after the cursor ``next`` of the page before (keyset paging)."""
    store = store_of(request)
    total = aggregates_of(request).count_events(flt)
    as_csv = response_format(request, format) == "csv"
    if limit is None:
        rows = primed(
            {**r, "page": event_page(r["id"])}
            for r in iter_records(store, flt, sort=sort, offset=offset, after=after))
        if as_csv:
            return csv_stream(rows, EVENT_FIELDS, "events", stated(total, None))
        envelope = {"total": total, "limit": None, "offset": offset, "next": None}
        return json_stream({**envelope, "events": None}, "events", rows, stated(total, None))
    page = store.events_page(flt, limit=limit, offset=offset, sort=sort, after=after)
    events = events_json(store, page.rows)
    following = next_url(request, after=page.next) if page.next else None
    if as_csv:
        return csv_response(events, EVENT_FIELDS, "events", following,
                            headers=stated(total, limit))
    return json_response({"total": total, "limit": limit, "offset": offset, "next": page.next,
                          "events": events}, headers=stated(total, limit))


# Each item also answers at <id>.json (so a page URL plus .json is its data). Stacked
# decorators register bottom-up: the suffixed route must come first, or the bare
# {event_id} route would take "evt_1.json" as an id.
@router.get("/events/{event_id}", response_model=EventDetailOut, responses=ERROR_RESPONSES)
@router.get("/events/{event_id}.json", include_in_schema=False)
def get_event(request: Request, event_id: str) -> Response:
    """One event with every mention, its evidence offsets and its sources."""
    return JSONResponse(event_detail(store_of(request), event_id))


@router.get("/actors", response_model=ActorList, responses={**CSV_RESPONSE, **ERROR_RESPONSES})
@router.get("/actors.json", include_in_schema=False)
@router.get("/actors.csv", include_in_schema=False)
def list_actors(
    request: Request,
    q: Annotated[Text, Query(description="Part of a name")] = None,
    limit: Annotated[int | None, Query(
        ge=1, le=10**6, description="At most this many, most engaged first")] = None,
    format: FormatParam = "json",
) -> Response:
    """Actors known to the store, most engaged first, with how many events each takes part in."""
    found = aggregates_of(request).actors(clean_text(q))
    kb = knowledge_of(request)
    actors = [actor_json(a, kb) for a in found[:limit]]
    if response_format(request, format) == "csv":
        return csv_response(actors, ACTOR_COLUMNS, "actors")
    return JSONResponse({"total": len(found), "actors": actors})


@router.get("/actors/{actor_id}", response_model=ActorDetailOut, responses=ERROR_RESPONSES)
@router.get("/actors/{actor_id}.json", include_in_schema=False)
def get_actor(request: Request, actor_id: str) -> Response:
    """An actor's dated roles (from the knowledge base) and events."""
    aggregates = aggregates_of(request)
    actor, kb = find_actor(aggregates, actor_id), knowledge_of(request)
    # the encoded body of the detail the actor's page reads too (computed once for both)
    return kept_json(request, ("actor", actor.name), lambda: actor_detail(aggregates, actor, kb))


@router.get("/documents/{doc_id}", response_model=DocumentOut, responses=ERROR_RESPONSES)
@router.get("/documents/{doc_id}.json", include_in_schema=False)
def get_document(request: Request, doc_id: str) -> Response:
    """A source document's text and metadata, with its event mentions' offsets."""
    store = store_of(request)
    doc = store.document(doc_id)
    return JSONResponse(document_json(doc, document_mentions(store, doc.id)))


@router.get("/stats", response_model=StatsOut, responses={**CSV_RESPONSE, **ERROR_RESPONSES})
@router.get("/stats.json", include_in_schema=False)
@router.get("/stats.csv", include_in_schema=False)
def get_stats(
    request: Request,
    flt: Filters,
    by: Annotated[StatsBy, Query(
        description='pair: cells by month, type and pair of states; month: by month and '
        'type (pair "*")')] = "pair",
    limit: Annotated[int, Query(ge=1, le=MAX_STATS_LIMIT)] = STATS_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    format: FormatParam = "json",
) -> Response:
    """Event counts by month x type x pair of states (or by month x type), in that order,
    ``limit`` cells from ``offset``."""
    if response_format(request, format) != "csv":
        return kept_json(request, ("stats", flt, by, limit, offset),
                         lambda: stats_json(aggregates_of(request), flt, by, limit, offset))
    page = stats_of(aggregates_of(request), flt, by, limit, offset)
    cells = [stats_cell_dict(c) for c in page.cells]
    more = offset + limit < page.cells_total
    following = next_url(request, offset=offset + limit) if more else None
    return csv_response(cells, CELL_COLUMNS, "stats", following)


def stats_of(aggregates: Aggregates, flt: EventFilter, by: StatsBy, limit: int,
             offset: int) -> StatsPage:  # fmt: skip
    """``limit`` cells of the stats by pair or by month, from ``offset``."""
    if by == "month":
        monthly = aggregates.stats_by_month(flt)
        return StatsPage(tuple(monthly[offset:offset + limit]), len(monthly),
                         sum(c.count for c in monthly))
    return aggregates.stats_page(flt, limit=limit, offset=offset)


def stats_json(aggregates: Aggregates, flt: EventFilter, by: StatsBy, limit: int,
               offset: int) -> dict[str, Any]:  # fmt: skip
    page = stats_of(aggregates, flt, by, limit, offset)
    return {"total": page.total, "cells_total": page.cells_total, "limit": limit,
            "offset": offset, "cells": [stats_cell_dict(c) for c in page.cells]}


@router.get("/network", response_model=NetworkOut, responses={**CSV_RESPONSE, **ERROR_RESPONSES})
@router.get("/network.json", include_in_schema=False)
@router.get("/network.csv", include_in_schema=False)
def get_network(
    request: Request,
    flt: Filters,
    level: Level = "state",
    limit: Annotated[int, Query(
        ge=1, le=MAX_NETWORK_LIMIT, description="The heaviest edges, at most this many")
    ] = NETWORK_LIMIT,
    directed: Annotated[bool, Query(
        description="Also count, on each edge of states, the events in which one end acted "
        'on the other (`flows`: "RUS>PRK" visits and aid from RUS to PRK)')] = False,
    format: FormatParam = "json",
) -> Response:
    """Engagements as a weighted graph of states or of actors: its heaviest edges."""
    aggregates = aggregates_of(request)

    def network() -> NetworkPage:
        return aggregates.network_page(flt, level=level, limit=limit, directed=directed)

    if response_format(request, format) == "csv":
        return csv_response([edge_dict(e) for e in network().edges], EDGE_COLUMNS, "network")
    return kept_json(request, ("network", flt, level, limit, directed),
                     lambda: network_json(network(), level, limit))


@router.get("/map", response_model=MapOut, responses=ERROR_RESPONSES)
@router.get("/map.json", include_in_schema=False)
def get_map(
    request: Request,
    flt: Filters,
    limit: Annotated[int, Query(
        ge=1, le=MAX_PLACES_LIMIT, description="The busiest places, at most this many")
    ] = PLACES_LIMIT,
) -> Response:
    """Where the events matching the filters happened: the busiest places with their
    coordinates (those without are listed apart) and the events of every state."""
    kb = knowledge_of(request)
    return kept_json(request, ("map", flt, limit),
                     lambda: map_of(aggregates_of(request), flt, limit, kb))
