"""The JSON/CSV API under /api.

Each endpoint parses its parameters into store values (:mod:`bilat.web.params`: an
:class:`EventFilter`, paging, an id), calls the store, and formats the records with the
views' serialiser (:mod:`bilat.views.serialise`) plus the pages' links. Nothing here builds
SQL: every query parameter reaches the database only as a field of an ``EventFilter`` or as
an id, which the store binds as a parameter. The responses are documented by
:mod:`bilat.web.openapi`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from bilat.errors import BilatError, NotFound
from bilat.knowledge.kb import KnowledgeBase
from bilat.knowledge.names import name_key
from bilat.model import Document, EventMention
from bilat.store.base import ActorSummary, EventFilter, EventRow, NetworkEdge, Store
from bilat.views.serialise import edge_dict, event_dict, mention_dict, stats_cell_dict, to_csv
from bilat.web.links import actor_page, actor_slug, document_page, event_page, node_page
from bilat.web.openapi import (
    ACTOR_COLUMNS,
    CELL_COLUMNS,
    CSV_RESPONSE,
    EDGE_COLUMNS,
    ERROR_RESPONSES,
    EVENT_COLUMNS,
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
    clean_text,
    knowledge_of,
    response_format,
    store_of,
)

MAX_LIMIT = 500
ACTOR_EVENTS_LIMIT = 500
# The fields of an event in the API, in its order (the CLI's JSON has more: doc_names,
# mention_ids); each also has its page.
EVENT_FIELDS = (
    "id", "type", "what", "actors", "countries", "location", "date", "status", "sources",
    "independent_sources", "first_reported", "last_reported", "conflicts",
)  # fmt: skip

router = APIRouter(prefix="/api", tags=["api"])


# ---------------------------------------------------------------------------- formatting


def error_body(exc: BilatError) -> dict[str, Any]:
    return {"error": {"code": exc.code, "message": exc.message, "fix": exc.fix_hint}}


def event_json(row: EventRow) -> dict[str, Any]:
    return {**event_dict(row, EVENT_FIELDS), "page": event_page(row.event.id)}


def actor_json(a: ActorSummary) -> dict[str, Any]:
    return {
        "id": actor_slug(a.name),
        "name": a.name,
        "kind": a.kind,
        "country": a.country,
        "events": a.events,
        "page": actor_page(a.name),
    }


def document_json(doc: Document, mentions: Sequence[EventMention]) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.name,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published,
        "published_source": doc.published_source,
        "source": doc.source,
        "language": doc.language,
        "text": doc.text,
        "mentions": [mention_dict(m) for m in mentions],
    }


def network_json(edges: Sequence[NetworkEdge], level: str) -> dict[str, Any]:
    """Nodes are the edges' ends, weighted by the engagements they take part in."""
    weights: dict[str, int] = {}
    for e in edges:
        for end in (e.source, e.target):
            weights[end] = weights.get(end, 0) + e.weight
    nodes = [
        {"id": n, "label": n, "weight": w, "page": node_page(n, level)}
        for n, w in sorted(weights.items())
    ]
    return {"level": level, "nodes": nodes, "edges": [edge_dict(e) for e in edges]}


def csv_response(rows: Iterable[dict[str, Any]], columns: Sequence[str], name: str) -> Response:
    return Response(
        to_csv(rows, columns),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{name}.csv"'},
    )


# ---------------------------------------------------------------------------- lookups


def find_actor(store: Store, actor_id: str) -> ActorSummary:
    """The stored actor named by a slug, a store id or any spelling of the name."""
    key = name_key(actor_id)
    for a in store.actors():
        if actor_id in (a.id, actor_slug(a.name)) or (key and name_key(a.name) == key):
            return a
    raise NotFound(f"No actor {actor_id!r}.", fix="List actors with GET /api/actors?q=NAME.")


def document_mentions(store: Store, doc_id: str) -> list[EventMention]:
    """The document's mentions, ordered by offset."""
    return store.mentions([doc_id])


def actor_detail(store: Store, actor: ActorSummary, kb: KnowledgeBase) -> dict[str, Any]:
    person = kb.person(actor.name)
    flt = EventFilter(actor=actor.name)
    rows = store.events(flt, limit=ACTOR_EVENTS_LIMIT, sort="date")
    roles = person.roles if person else ()
    return {
        "actor": actor_json(actor),
        "aliases": list(person.aliases) if person else [],
        "roles": [
            {"title": r.title, "country": r.country, "start": r.start, "end": r.end,
             "office": r.office}
            for r in roles
        ],
        "events_total": store.count_events(flt),
        "events": [event_json(r) for r in rows],
    }


def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    detail = store.event(event_id)
    sources: dict[str, dict[str, Any]] = {}
    for md in detail.mentions:
        m = md.mention
        sources.setdefault(m.doc_id, {
            "doc_id": m.doc_id,
            "doc_name": m.doc_name,
            "title": md.document_title,
            "url": md.document_url,
            "published": m.published,
            "page": document_page(m.doc_id),
        })
    return {
        "event": event_json(detail.row),
        "mentions": [
            {**mention_dict(md.mention), "title": md.document_title, "url": md.document_url}
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
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    sort: Sort = "date",
    format: FormatParam = "json",
) -> Response:
    """Events matching the filters, one page at a time."""
    store = store_of(request)
    events = [event_json(r) for r in store.events(flt, limit=limit, offset=offset, sort=sort)]
    if response_format(request, format) == "csv":
        return csv_response(events, EVENT_COLUMNS, "events")
    total = store.count_events(flt)
    return JSONResponse({"total": total, "limit": limit, "offset": offset, "events": events})


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
    found = store_of(request).actors(clean_text(q))
    actors = [actor_json(a) for a in found[:limit]]
    if response_format(request, format) == "csv":
        return csv_response(actors, ACTOR_COLUMNS, "actors")
    return JSONResponse({"total": len(found), "actors": actors})


@router.get("/actors/{actor_id}", response_model=ActorDetailOut, responses=ERROR_RESPONSES)
@router.get("/actors/{actor_id}.json", include_in_schema=False)
def get_actor(request: Request, actor_id: str) -> Response:
    """An actor's dated roles (from the knowledge base) and events."""
    store = store_of(request)
    return JSONResponse(actor_detail(store, find_actor(store, actor_id), knowledge_of(request)))


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
def get_stats(request: Request, flt: Filters, format: FormatParam = "json") -> Response:
    """Event counts by month x type x pair of states."""
    cells = [stats_cell_dict(c) for c in store_of(request).stats(flt)]
    if response_format(request, format) == "csv":
        return csv_response(cells, CELL_COLUMNS, "stats")
    return JSONResponse({"total": sum(c["count"] for c in cells), "cells": cells})


@router.get("/network", response_model=NetworkOut, responses={**CSV_RESPONSE, **ERROR_RESPONSES})
@router.get("/network.json", include_in_schema=False)
@router.get("/network.csv", include_in_schema=False)
def get_network(
    request: Request, flt: Filters, level: Level = "state", format: FormatParam = "json"
) -> Response:
    """Engagements as a weighted graph of states or of actors."""
    edges = store_of(request).network(flt, level=level)
    if response_format(request, format) == "csv":
        return csv_response([edge_dict(e) for e in edges], EDGE_COLUMNS, "network")
    return JSONResponse(network_json(edges, level))
