"""The JSON/CSV API under /api.

Each endpoint parses its parameters into store values (an :class:`EventFilter`, paging,
an id), calls the store, and formats the records. Nothing here builds SQL: every query
parameter reaches the database only as a field of an ``EventFilter`` or as an id, which
the store binds as a parameter.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StringConstraints
from starlette.responses import Response

from bilat.errors import BilatError, NotFound, UsageError
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.knowledge.names import name_key
from bilat.model import Document, EventMention, EventType, Status
from bilat.store.base import (
    ActorSummary,
    EventFilter,
    EventRow,
    NetworkEdge,
    StatsCell,
    Store,
)

PARAMS_FIX = "See /openapi.json for the accepted parameters and values."
MAX_LIMIT = 500
ACTOR_EVENTS_LIMIT = 500

router = APIRouter(prefix="/api", tags=["api"])

Sort = Literal["date", "-date", "sources", "-sources"]
Format = Literal["json", "csv"]
Level = Literal["state", "actor"]
IsoPrefix = Annotated[
    str | None,
    Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO date prefix: 2024, 2024-06 or 2024-06-19"),
]
CountryParam = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}(,[A-Za-z]{3})?$")]
Text = Annotated[str | None, Query(max_length=200)]
FormatParam = Annotated[Format, Query(description="json (default) or csv; also /api/<list>.csv")]

CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
}


# ---------------------------------------------------------------------------- models
# These document the responses in /openapi.json; endpoints return plain JSON built by
# the functions below, so a 500-event page is not validated twice.


class ErrorDetail(BaseModel):
    code: str
    message: str
    fix: str


class ErrorOut(BaseModel):
    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad parameter", "model": ErrorOut},
    404: {"description": "Unknown id", "model": ErrorOut},
    422: {"description": "Invalid parameter", "model": ErrorOut},
}


class EventOut(BaseModel):
    id: str
    type: str
    what: str | None = Field(description="what was signed or what moved, when the text says")
    actors: list[str]
    countries: list[str]
    location: str | None
    date: str | None
    status: str
    sources: int
    independent_sources: int
    first_reported: str | None
    last_reported: str | None
    conflicts: list[str]
    page: str


class EventList(BaseModel):
    total: int
    limit: int
    offset: int
    events: list[EventOut]


class MentionOut(BaseModel):
    id: str
    doc_id: str
    doc_name: str
    type: str
    what: str | None
    actors: list[str]
    countries: list[str]
    location: str | None
    date: str | None
    status: str
    evidence: str
    start: int
    end: int
    published: str | None


class SourceOut(BaseModel):
    doc_id: str
    doc_name: str
    title: str | None
    url: str | None
    published: str | None
    page: str


class EventDetailOut(BaseModel):
    event: EventOut
    mentions: list[MentionOut]
    sources: list[SourceOut]


class ActorOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    events: int
    page: str


class ActorList(BaseModel):
    total: int
    actors: list[ActorOut]


class RoleOut(BaseModel):
    title: str
    country: str | None
    start: str | None
    end: str | None
    office: str | None


class ActorDetailOut(BaseModel):
    actor: ActorOut
    aliases: list[str]
    roles: list[RoleOut]
    events_total: int
    events: list[EventOut]


class DocumentOut(BaseModel):
    id: str
    name: str
    title: str | None
    url: str | None
    published: str | None
    published_source: str | None
    source: str | None
    language: str | None
    text: str
    mentions: list[MentionOut]


class StatsCellOut(BaseModel):
    month: str
    type: str
    pair: str
    count: int


class StatsOut(BaseModel):
    total: int
    cells: list[StatsCellOut]


class NodeOut(BaseModel):
    id: str
    label: str
    weight: int
    page: str


class EdgeOut(BaseModel):
    source: str
    target: str
    weight: int
    types: dict[str, int]


class NetworkOut(BaseModel):
    level: str
    nodes: list[NodeOut]
    edges: list[EdgeOut]


# ---------------------------------------------------------------------------- parsing


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def event_filter(
    actor: Annotated[Text, Query(description="Person, by any spelling of the name")] = None,
    country: Annotated[
        list[CountryParam] | None,
        Query(description="One or two ISO-3 codes: country=RUS&country=PRK or country=PRK,RUS"),
    ] = None,
    type: EventType | None = None,
    status: Status | None = None,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    q: Annotated[Text, Query(description="Full-text search over evidence and titles")] = None,
) -> EventFilter:
    """The filters every list shares, as the store's EventFilter."""
    return EventFilter(
        actor=_clean(actor),
        countries=parse_countries(country or []),
        type=type.value if type else None,
        status=status.value if status else None,
        since=since,
        until=until,
        q=_clean(q),
    )


Filters = Annotated[EventFilter, Depends(event_filter)]


def parse_countries(values: Sequence[str]) -> tuple[str, ...]:
    codes = [c.strip().upper() for v in values for c in v.split(",") if c.strip()]
    if any(not re.fullmatch(r"[A-Z]{3}", c) for c in codes):
        raise UsageError(f"country must be ISO-3 codes, got {','.join(codes)!r}.", fix=PARAMS_FIX)
    unique = tuple(dict.fromkeys(codes))
    if len(unique) > 2:
        raise UsageError("country takes one code or a pair of codes.", fix=PARAMS_FIX)
    return unique


def _clean(text: str | None) -> str | None:
    """Drop control characters (a NUL cannot be stored in PostgreSQL text) and blanks."""
    if text is None:
        return None
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()
    return text or None


def _format(request: Request, fmt: Format) -> Format:
    """?format=csv, or the datasette-style suffix /api/events.csv."""
    if request.url.path.endswith(".csv"):
        return "csv"
    if request.url.path.endswith(".json"):
        return "json"
    return fmt


# ---------------------------------------------------------------------------- formatting


def error_body(exc: BilatError) -> dict[str, Any]:
    return {"error": {"code": exc.code, "message": exc.message, "fix": exc.fix_hint}}


def actor_slug(name: str) -> str:
    """A url-safe id for a person: "Kim Jong Un" -> "kim-jong-un"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or name_key(name) or "actor"


def event_page(event_id: str) -> str:
    return f"/events/{quote(event_id, safe='')}"


def document_page(doc_id: str) -> str:
    return f"/documents/{quote(doc_id, safe='')}"


def actor_page(name: str) -> str:
    return f"/actors/{quote(actor_slug(name), safe='')}"


def event_json(row: EventRow) -> dict[str, Any]:
    e = row.event
    return {
        "id": e.id,
        "type": e.type.value,
        "what": e.what,
        "actors": list(e.actors),
        "countries": list(e.countries),
        "location": e.location,
        "date": e.date,
        "status": e.status.value,
        "sources": row.sources,
        "independent_sources": row.independent_sources,
        "first_reported": row.first_reported,
        "last_reported": row.last_reported,
        "conflicts": list(e.conflicts),
        "page": event_page(e.id),
    }


def mention_json(m: EventMention) -> dict[str, Any]:
    return {
        "id": m.id,
        "doc_id": m.doc_id,
        "doc_name": m.doc_name,
        "type": m.type.value,
        "what": m.what,
        "actors": list(m.actors),
        "countries": list(m.countries),
        "location": m.location,
        "date": m.date,
        "status": m.status.value,
        "evidence": m.evidence,
        "start": m.start,
        "end": m.end,
        "published": m.published,
    }


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
        "mentions": [mention_json(m) for m in mentions],
    }


def cell_json(c: StatsCell) -> dict[str, Any]:
    return {"month": c.month, "type": c.type, "pair": c.pair, "count": c.count}


def edge_json(e: NetworkEdge) -> dict[str, Any]:
    return {"source": e.source, "target": e.target, "weight": e.weight, "types": dict(e.types)}


def network_json(edges: Sequence[NetworkEdge], level: str) -> dict[str, Any]:
    """Nodes are the edges' ends, weighted by the engagements they take part in."""
    weights: dict[str, int] = {}
    for e in edges:
        for end in (e.source, e.target):
            weights[end] = weights.get(end, 0) + e.weight
    nodes = [
        {"id": n, "label": n, "weight": w, "page": _node_page(n, level)}
        for n, w in sorted(weights.items())
    ]
    return {"level": level, "nodes": nodes, "edges": [edge_json(e) for e in edges]}


def _node_page(node: str, level: str) -> str:
    return actor_page(node) if level == "actor" else "/?" + urlencode({"country": node})


def csv_response(rows: Iterable[dict[str, Any]], columns: Sequence[str], name: str) -> Response:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{name}.csv"'},
    )


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = "; ".join(f"{k}:{v}" for k, v in value.items())
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value
    return value


EVENT_COLUMNS = tuple(EventOut.model_fields)
ACTOR_COLUMNS = tuple(ActorOut.model_fields)
CELL_COLUMNS = tuple(StatsCellOut.model_fields)
EDGE_COLUMNS = tuple(EdgeOut.model_fields)


# ---------------------------------------------------------------------------- lookups


def find_actor(store: Store, actor_id: str) -> ActorSummary:
    """The stored actor named by a slug, a store id or any spelling of the name."""
    key = name_key(actor_id)
    for a in store.actors():
        if actor_id in (a.id, actor_slug(a.name)) or (key and name_key(a.name) == key):
            return a
    raise NotFound(f"No actor {actor_id!r}.", fix="List actors with GET /api/actors?q=NAME.")


def document_mentions(store: Store, doc_id: str) -> list[EventMention]:
    # The store has no per-document mention query; mentions() is ordered by (doc, start).
    return [m for m in store.mentions() if m.doc_id == doc_id]


def knowledge_of(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase | None = request.app.state.kb
    return kb if kb is not None else load_kb()


def actor_detail(store: Store, actor: ActorSummary, kb: KnowledgeBase) -> dict[str, Any]:
    person = kb.person(actor.name)
    flt = EventFilter(actor=actor.name)
    rows = store.events(flt, limit=ACTOR_EVENTS_LIMIT, sort="date")
    roles = person.roles if person else ()
    return {
        "actor": actor_json(actor),
        "aliases": list(person.aliases) if person else [],
        "roles": [
            {"title": r.title, "country": r.country, "start": r.start, "end": r.end, "office": r.office}
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
            {**mention_json(md.mention), "title": md.document_title, "url": md.document_url}
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
    if _format(request, format) == "csv":
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
    limit: Annotated[int | None, Query(ge=1, le=10**6, description="At most this many, most engaged first")] = None,
    format: FormatParam = "json",
) -> Response:
    """Actors known to the store, most engaged first, with how many events each takes part in."""
    found = store_of(request).actors(_clean(q))
    actors = [actor_json(a) for a in found[:limit]]
    if _format(request, format) == "csv":
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
    cells = [cell_json(c) for c in store_of(request).stats(flt)]
    if _format(request, format) == "csv":
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
    if _format(request, format) == "csv":
        return csv_response([edge_json(e) for e in edges], EDGE_COLUMNS, "network")
    return JSONResponse(network_json(edges, level))
