"""The map's data (``/api/map`` and the ``/map`` page): where the events of a filter
happened. The store counts the events by place and by state
(:meth:`~bilat.store.base.Store.place_counts`); the knowledge base says where each place
is (:mod:`bilat.knowledge.coordinates`) and which world-atlas shape each state is. Every
place and state links to the timeline of its events under the same filter."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, Field

from bilat.knowledge.coordinates import Locator, locator
from bilat.knowledge.kb import KnowledgeBase
from bilat.store.base import EventFilter, PlaceCounts
from bilat.store.desk import PlaceCount, StateCount
from bilat.web.aggregates import Aggregates

PLACES_LIMIT = 500  # places in one answer (the busiest) unless ?limit= says otherwise
MAX_PLACES_LIMIT = 5000


class MapPlaceOut(BaseModel):
    name: str = Field(description="the events' location, as stored")
    events: int
    country: str | None = Field(description="ISO-3 of the state the place is in")
    lat: float | None
    lon: float | None
    timeline: str = Field(description="the timeline of these events")


class MapStateOut(BaseModel):
    code: str
    name: str
    shape: str | None = Field(description="id of the state's shape in world-atlas (ISO numeric)")
    events: int = Field(description="events whose states include it")
    timeline: str


class MapOut(BaseModel):
    total: int = Field(description="events matching the filters")
    placed: int = Field(description="of them, events with a place")
    places_total: int = Field(description="places over all those events")
    limit: int
    places: list[MapPlaceOut] = Field(description="the busiest places that have coordinates")
    unplaced: list[MapPlaceOut] = Field(
        description="the busiest places without coordinates (lat and lon are null)")
    states: list[MapStateOut]


def map_of(aggregates: Aggregates, flt: EventFilter, limit: int,
           kb: KnowledgeBase) -> dict[str, Any]:  # fmt: skip
    """The map of the events of ``flt``: at most ``limit`` places."""
    counts = aggregates.place_counts(flt, limit=limit)
    return map_json(counts, aggregates.count_events(flt), flt, limit, locator=locator(kb), kb=kb)


def map_json(counts: PlaceCounts, total: int, flt: EventFilter, limit: int, *,
             locator: Locator, kb: KnowledgeBase) -> dict[str, Any]:
    """The answer of /api/map: the places split into those the map can draw and the rest."""
    # a place the knowledge base does not list is looked for in the states of the events
    context = [s.code for s in counts.states]
    located = [_place(p, flt, locator, context) for p in counts.places]
    return {
        "total": total,
        "placed": counts.placed,
        "places_total": counts.places_total,
        "limit": limit,
        "places": [p for p in located if p["lat"] is not None],
        "unplaced": [p for p in located if p["lat"] is None],
        "states": [_state(s, flt, locator, kb) for s in counts.states],
    }


def _place(p: PlaceCount, flt: EventFilter, locator: Locator,
           context: list[str]) -> dict[str, Any]:
    where = locator.locate(p.name, context)
    return {
        "name": p.name,
        "events": p.events,
        "country": where.country if where else None,
        "lat": where.latitude if where else None,
        "lon": where.longitude if where else None,
        "timeline": timeline_link(flt, location=p.name),
    }


def _state(s: StateCount, flt: EventFilter, locator: Locator,
           kb: KnowledgeBase) -> dict[str, Any]:
    country = kb.countries.get(s.code)
    return {
        "code": s.code,
        "name": country.name if country else s.code,
        "shape": locator.shape_id(s.code),
        "events": s.events,
        "timeline": timeline_link(flt, countries=state_countries(flt, s.code)),
    }


def state_countries(flt: EventFilter, code: str) -> tuple[str, ...]:
    """The states a click on ``code`` filters by: the filter's state and ``code`` (the
    events counted for it), or ``code`` alone when the filter already names a pair."""
    codes = tuple(dict.fromkeys((*flt.countries, code)))
    return codes if len(codes) <= 2 else (code,)


def timeline_link(flt: EventFilter, *, location: str | None = None,
                  countries: tuple[str, ...] | None = None) -> str:
    """The timeline (``/``) of ``flt``, with its place or states replaced."""
    params = {
        "actor": flt.actor,
        "country": ",".join(flt.countries if countries is None else countries),
        "type": flt.type,
        "status": flt.status,
        "since": flt.since,
        "until": flt.until,
        "q": flt.q,
        "location": flt.location if location is None else location,
    }
    return "/?" + urlencode({k: v for k, v in params.items() if v})
