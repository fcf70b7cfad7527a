"""Server-rendered HTML pages.

Every page renders its content as plain HTML lists and tables, so it is useful without
JavaScript or front-end libraries; the small scripts in ``static/`` add the timeline,
graph and chart by fetching the JSON API. Templates autoescape everything; the only
HTML built in Python is the evidence highlighting, which escapes each piece of article
text before wrapping the evidence in ``<mark>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.responses import Response

from bilat.errors import BilatError
from bilat.model import EventMention, EventType, Status
from bilat.store.base import EventRow, Store
from bilat.views.documents import headline
from bilat.views.periods import period_table
from bilat.web import api, links, map_data, writes
from bilat.web.facets import facets_view
from bilat.web.params import (
    Filters,
    Level,
    Sort,
    Text,
    aggregates_of,
    clean_text,
    knowledge_of,
    store_of,
)
from bilat.web.query import filter_params, query_string
from bilat.web.snippets import snippet

TEMPLATES_DIR = Path(__file__).parent / "templates"
PAGE_SIZE = 100
MAP_LIBRARIES = ("d3-array", "d3-geo", "topojson-client", "world-atlas")
MAP_ATLAS = "/vendor/world-atlas/countries-50m.json"  # 1:50m: small states too (Singapore)
EXCERPT_CHARS = 320

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

# autoescape=True for every template, whatever its file name.
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=jinja2.StrictUndefined
)
templates = Jinja2Templates(env=_env)


# ---------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    ident: str
    label: str


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` as HTML with each mark wrapped in ``<mark>``; every piece is escaped.

    Overlapping marks are clipped so tags never nest out of order.
    """
    out: list[Markup] = []
    pos = 0
    for m in sorted(marks, key=lambda m: (m.start, m.end)):
        start, end = max(m.start, pos), min(m.end, len(text))
        if end <= start:
            continue
        out.append(escape(text[pos:start]))
        out.append(
            Markup('<mark id="{}" title="{}">').format(escape(m.ident), escape(m.label))
            + escape(text[start:end])
            + Markup("</mark>")
        )
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def evidence_span(text: str, mention: EventMention) -> tuple[int, int] | None:
    """Where the evidence is in ``text``: the stored offsets when they point at it,
    else the first place the quote occurs (offsets from an older build may drift)."""
    start, end = mention.start, mention.end
    in_range = 0 <= start < end <= len(text)
    if in_range and (not mention.evidence or text[start:end] == mention.evidence):
        return start, end
    found = text.find(mention.evidence) if mention.evidence else -1
    if found >= 0:
        return found, found + len(mention.evidence)
    return (start, end) if in_range else None


def retold(text: str, mention: EventMention) -> list[str]:
    """The other statements of the mention's event in its document (``EventMention.spans``)."""
    return [text[start:end] for start, end in mention.spans
            if (start, end) != (mention.start, mention.end) and 0 <= start < end <= len(text)]


def excerpt(text: str, span: tuple[int, int] | None, ident: str, label: str) -> Markup:
    """The evidence with some context either side, cut at word boundaries."""
    if span is None:
        cut = len(text) > 2 * EXCERPT_CHARS
        return escape(text[: 2 * EXCERPT_CHARS]) + (Markup("…") if cut else "")
    start, end = span
    lo = max(0, start - EXCERPT_CHARS)
    hi = min(len(text), end + EXCERPT_CHARS)
    if lo > 0:
        lo = _word_start(text, lo, start)
    if hi < len(text):
        hi = _word_end(text, hi, end)
    body = highlight(text[lo:hi], [Mark(start - lo, end - lo, ident, label)])
    before = Markup("… ") if lo > 0 else Markup("")
    return before + body + (Markup(" …") if hi < len(text) else "")


def _word_start(text: str, lo: int, limit: int) -> int:
    space = text.find(" ", lo, limit)
    return space + 1 if space >= 0 else lo


def _word_end(text: str, hi: int, limit: int) -> int:
    space = text.rfind(" ", limit, hi)
    return space if space >= 0 else hi


def safe_url(url: str | None) -> str | None:
    """Only http(s) links: a stored ``javascript:`` URL must not become a link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    vendor: frozenset[str] = request.app.state.vendor
    base = {
        "request": request,
        "vendor": vendor,
        "vendor_missing": sorted(set(context.pop("needs", ())) - vendor),
        "types": [t.value for t in EventType],
        "statuses": [s.value for s in Status],
        "actor_page": links.actor_page,
        "state_page": links.state_page,
        "event_page": links.event_page,
        "document_page": links.document_page,
        "safe_url": safe_url,
        "qs": query_string,
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def error_page(request: Request, exc: BilatError, status: int) -> Response:
    return render(request, "error.html", status=status, error=exc, status_code=status)


# ---------------------------------------------------------------------------- pages


@router.get("/")
def timeline_page(
    request: Request,
    flt: Filters,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    sort: Sort = "-date",
) -> Response:
    """Newest first: an analyst opens the desk to see what happened lately."""
    store, aggregates = store_of(request), aggregates_of(request)
    rows = store.events(flt, limit=PAGE_SIZE, offset=offset, sort=sort)
    params = filter_params(flt)
    events = api.events_json(store, rows)
    return render(
        request,
        "timeline.html",
        needs=("vis-timeline",),
        events=[e for e in events if e["date"]],
        undated=[e for e in events if not e["date"]],
        shown=len(events),
        snippets=search_snippets(store, rows, flt.q),
        facets=facets_view(flt, "/", aggregates.facets(flt)),
        total=aggregates.count_events(flt),
        offset=offset,
        page_size=PAGE_SIZE,
        sort=sort,
        params=params,
        timeline_api="/api/timeline?" + query_string(params),
    )


def search_snippets(store: Store, rows: Sequence[EventRow], q: str | None) -> dict[str, Markup]:
    """Event id -> the evidence the search ``q`` matched, its words marked."""
    if not q:
        return {}
    found = store.search_matches([r.event.id for r in rows], q)
    return {event_id: snippet(match, q) for event_id, match in found.items()}


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str) -> Response:
    store = store_of(request)
    detail = store.event(event_id)
    sources = []
    told_again: dict[str, list[str]] = {}
    for md in detail.mentions:
        m = md.mention
        doc = store.document(m.doc_id)
        sources.append({
            "mention": m,
            "title": headline(md.document_title or doc.title, doc.clean, m.doc_name),
            "url": md.document_url or doc.url,
            "published": m.published or doc.published,
            "excerpt": excerpt(doc.text, evidence_span(doc.text, m), f"m-{m.id}", m.type.value),
        })
        told_again[m.id] = retold(doc.text, m)
    event = api.events_json(store, [detail.row])[0]
    return render(request, "event.html", event=event, sources=sources, retold=told_again,
                  writes=writes.page_writes(request), here=request.url.path)


@router.get("/actors")
def actors_page(request: Request, q: Text = None) -> Response:
    kb = knowledge_of(request)
    actors = [api.actor_json(a, kb) for a in aggregates_of(request).actors(clean_text(q))]
    return render(request, "actors.html", actors=actors, q=q or "")


@router.get("/actors/{actor_id}")
def actor_page(request: Request, actor_id: str) -> Response:
    aggregates = aggregates_of(request)
    # a page of events, like the timeline's (the rest are a link away): rendering 500 rows
    # cost more than everything else the page does
    detail = api.actor_detail(aggregates, api.find_actor(aggregates, actor_id),
                              knowledge_of(request), limit=PAGE_SIZE)
    name = detail["actor"]["name"]
    return render(
        request,
        "actor.html",
        needs=("vis-timeline",),
        detail=detail,
        timeline_api="/api/timeline?" + query_string(actor=name),
    )


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str) -> Response:
    store = store_of(request)
    doc = store.document(doc_id)
    mentions = api.document_mentions(store, doc.id)
    marks = _document_marks(doc.text, mentions)
    return render(
        request,
        "document.html",
        doc=doc,
        title=headline(doc.title, doc.clean, doc.name),
        text=highlight(doc.text, marks),
        mentions=mentions,
        event_of=store.mention_event_ids(m.id for m in mentions),
        url=safe_url(doc.url),
    )


def _document_marks(text: str, mentions: Sequence[EventMention]) -> list[Mark]:
    marks = []
    for m in mentions:
        span = evidence_span(text, m)
        if span:
            label = f"{m.type.value}: {', '.join(m.actors)}"
            marks.append(Mark(span[0], span[1], f"m-{m.id}", label))
    return marks


@router.get("/network")
def network_page(request: Request, flt: Filters, level: Level = "state") -> Response:
    network = aggregates_of(request).network_page(flt, level=level, limit=api.NETWORK_LIMIT)
    params = {**filter_params(flt), "level": level}
    return render(
        request,
        "network.html",
        needs=("cytoscape",),
        network=api.network_json(network, level, api.NETWORK_LIMIT),
        params=params,
        level=level,
        network_api="/api/network?" + query_string(params),
    )


@router.get("/stats")
def stats_page(request: Request, flt: Filters) -> Response:
    aggregates = aggregates_of(request)
    params = filter_params(flt)
    return render(
        request,
        "stats.html",
        needs=("chart.js",),
        table=period_table(aggregates.periods(flt)),
        facets=facets_view(flt, "/stats", aggregates.facets(flt)),
        params=params,
        stats_api="/api/stats?" + query_string(params),
        chart_api="/api/periods?" + query_string(params),
    )


@router.get("/map")
def map_page(request: Request, flt: Filters) -> Response:
    params = filter_params(flt)
    geo = map_data.map_of(aggregates_of(request), flt, map_data.PLACES_LIMIT,
                          knowledge_of(request))
    return render(
        request,
        "map.html",
        needs=MAP_LIBRARIES,
        geo=geo,
        params=params,
        map_api="/api/map?" + query_string(params),
        atlas=MAP_ATLAS,
    )
