"""The API's responses as pydantic models: they document /openapi.json. Endpoints return
plain JSON built by :mod:`bilat.web.api` (so a 500-event page is not validated twice); the
CSV columns of each list are the fields of its model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
}


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
    """An event as every list and export gives it (bilat.views.records.ROW_FIELDS)."""

    id: str
    date: str | None
    date_precision: str = Field(description="day, month or year (as the date was told), or none")
    type: str
    what: str | None = Field(description="what was signed or what moved, when the text says")
    status: str
    direction: str = Field(
        description='who acted on whom: "RUS → PRK" (a VISIT from the visitor\'s state to the '
        'host\'s, an AID from provider to recipient), "PRK – RUS" between the states')
    actor_state: str | None = Field(description="the state that acted (directed events)")
    recipient_state: str | None = Field(description="the state acted on (directed events)")
    actors: list[str]
    countries: list[str]
    location: str | None
    sources: int
    independent_sources: int
    first_reported: str | None
    last_reported: str | None
    evidence: str | None = Field(description="the evidence of its first mention")
    source_titles: list[str] = Field(description="headlines of its documents, first reported first")
    source_urls: list[str]
    doc_names: list[str]
    conflicts: list[str]
    corrected: list[str] = Field(
        default=[], description="the fields a person set (bilat correct, POST /api/corrections)")
    page: str


class EventList(BaseModel):
    total: int
    limit: int | None = Field(description="the page size asked for; null: every event")
    offset: int
    next: str | None = Field(
        description="cursor of the next page: pass it as `after` (same filters and sort) "
        "instead of an offset; null on the last page")
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
    total: int = Field(description="the sum of the counts of every cell (of all pages)")
    cells_total: int = Field(description="cells over all pages")
    limit: int = Field(description="at most this many cells in this response")
    offset: int
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
    flows: dict[str, int] = Field(
        description='with ?directed=true: "A>B" -> the events in which A acted on B (a VISIT '
        "from the visitor's state to the host's, an AID from provider to recipient)")


class NetworkOut(BaseModel):
    level: str
    nodes: list[NodeOut] = Field(
        description="the ends of these edges, weighted by every edge of the network")
    edges: list[EdgeOut] = Field(description="the heaviest edges, at most `limit`")
    edges_total: int = Field(description="edges in the whole network")
    limit: int


EVENT_COLUMNS = tuple(f for f in EventOut.model_fields if f != "page")  # the CSV's
ACTOR_COLUMNS = tuple(ActorOut.model_fields)
CELL_COLUMNS = tuple(StatsCellOut.model_fields)
EDGE_COLUMNS = tuple(EdgeOut.model_fields)
