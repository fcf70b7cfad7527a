"""The API twins of the analyst's desk views, under /api beside :mod:`bilat.web.api`:

- ``/api/timeline``: what the timeline draws, newest first (labels, spans, where it opens);
- ``/api/facets``: the facets of a list under its filters, each value with its link;
- ``/api/periods``: events per month or year and type, year-only and undated apart.

They take the filters every list takes (:mod:`bilat.web.params`) and format records the
views compute (:mod:`bilat.views.timeline_items`, :mod:`bilat.views.periods`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from bilat.knowledge.kb import KnowledgeBase
from bilat.partial_date import rank, span
from bilat.store.base import EventFilter, EventRow
from bilat.views.periods import PeriodRow, PeriodTable, period_table
from bilat.views.timeline_items import event_label, item_interval, opening_window
from bilat.web.aggregates import Aggregates
from bilat.web.api import kept_json
from bilat.web.facets import facets_view
from bilat.web.links import event_page
from bilat.web.openapi import ERROR_RESPONSES
from bilat.web.params import Filters, aggregates_of, knowledge_of

TIMELINE_LIMIT = 1000  # events on one timeline (the newest); more are said to be left out
MAX_TIMELINE_LIMIT = 5000
FACET_VALUES = 10
ListPath = Annotated[str, Query(pattern=r"^/(stats)?$",
                                description="The list the facet links filter: / or /stats")]

router = APIRouter(prefix="/api", tags=["api"])


def timeline_item(row: EventRow, kb: KnowledgeBase) -> dict[str, Any] | None:
    """What the timeline draws for an event (None for an undated one: it has no place)."""
    e = row.event
    interval = item_interval(e.date)
    if interval is None:
        return None
    start, end = interval
    label = event_label(kb, e)
    where = f" in {e.location}" if e.location else ""
    return {
        "id": e.id, "type": e.type.value, "status": e.status.value, "date": e.date,
        "label": label, "start": start, "end": end, "page": event_page(e.id),
        "title": f"{e.date} {e.type.value}: {', '.join(e.actors) or '–'.join(e.countries)}"
                 f"{where} ({e.status.value}, {row.sources} "
                 f"source{'' if row.sources == 1 else 's'})",
    }  # fmt: skip


def timeline_json(aggregates: Aggregates, flt: EventFilter, kb: KnowledgeBase,
                  limit: int) -> dict[str, Any]:  # fmt: skip
    rows = aggregates.store.events_page(flt, limit=limit, sort="-date").rows
    items = [item for item in (timeline_item(r, kb) for r in rows) if item]
    window = opening_window([span(r.event.date) for r in rows
                             if r.event.date and rank(r.event.date)])
    return {
        "total": aggregates.count_events(flt), "limit": limit, "items": items,
        "undated": len(rows) - len(items),
        "window": ({"start": window[0].isoformat(), "end": window[1].isoformat()}
                   if window else None),
    }  # fmt: skip


def _row_json(row: PeriodRow) -> dict[str, Any]:
    return {"label": row.label, "counts": row.counts, "total": row.total}


def periods_json(table: PeriodTable) -> dict[str, Any]:
    return {
        "bin": table.bin,
        "periods": [_row_json(r) for r in table.periods],
        "year_only": [_row_json(r) for r in table.year_only],
        "undated": _row_json(table.undated),
    }


@router.get("/timeline", responses=ERROR_RESPONSES)
def get_timeline(
    request: Request,
    flt: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_TIMELINE_LIMIT)] = TIMELINE_LIMIT,
) -> Response:
    """The newest ``limit`` events matching the filters as timeline items: a short label
    ("Putin → Pyongyang", "Putin – Kim"), a point for a day or a span for a month or a year;
    how many undated ones were left out; the window the timeline opens on (the densest
    recent period)."""
    return JSONResponse(timeline_json(aggregates_of(request), flt, knowledge_of(request), limit))


@router.get("/facets", responses=ERROR_RESPONSES)
def get_facets(
    request: Request,
    flt: Filters,
    path: ListPath = "/",
    limit: Annotated[int, Query(ge=1, le=100)] = FACET_VALUES,
) -> Response:
    """For the events matching the filters, the commonest ``limit`` types, statuses, pairs of
    states, actors, years and sources with their counts, each with the link (``href``, on
    ``path``) that adds it to the filters. ``exact`` is false for a facet counted over the
    newest ``scanned`` matches only."""
    return kept_json(request, ("facets", flt, path, limit), lambda: facets_view(
        flt, path, aggregates_of(request).facets(flt, limit=limit)))


@router.get("/periods", responses=ERROR_RESPONSES)
def get_periods(request: Request, flt: Filters) -> Response:
    """Events matching the filters per period and type: by month, or by year when they span
    more than three years; events dated only to a year (by month: apart) and undated ones
    apart."""
    return kept_json(request, ("periods", flt),
                     lambda: periods_json(period_table(aggregates_of(request).periods(flt))))
