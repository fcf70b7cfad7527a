"""The documents list: ``/api/documents`` (with its ``.json`` and ``.csv`` twins) and the
``/documents`` page, newest first, filtered by source and publication date. A document is
listed by its headline (:func:`bilat.views.documents.headline`), not its file name."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from bilat.store.base import DocumentFilter
from bilat.views.documents import DOCUMENT_FIELDS, document_record
from bilat.web.api import csv_response, next_url
from bilat.web.links import document_page
from bilat.web.openapi import CSV_RESPONSE, ERROR_RESPONSES
from bilat.web.pages import query_string, render
from bilat.web.params import FormatParam, IsoPrefix, Text, clean_text, response_format, store_of
from bilat.web.streams import stated

PAGE_SIZE = 100  # documents on one page of /documents

api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Source = Annotated[Text, Query(description="A source's name, or the host of its URLs "
                                           "(example.org)")]  # fmt: skip
Limit = Annotated[int | None, Query(ge=1, le=10**6,
                                    description="At most this many; without it every document")]
Offset = Annotated[int, Query(ge=0, le=10**9)]


class DocumentRowOut(BaseModel):
    id: str
    name: str
    title: str = Field(description="its headline: the title given, else its first line")
    published: str | None
    source: str | None
    url: str | None
    mentions: int = Field(description="event mentions found in it")
    page: str


class DocumentListOut(BaseModel):
    total: int
    limit: int | None
    offset: int
    documents: list[DocumentRowOut]


def documents_filter(source: str | None, since: str | None, until: str | None) -> DocumentFilter:
    return DocumentFilter(source=clean_text(source), since=since, until=until)


def document_json(row: Any) -> dict[str, Any]:
    return {**document_record(row), "page": document_page(row.id)}


@api_router.get("/documents", response_model=DocumentListOut,
                responses={**CSV_RESPONSE, **ERROR_RESPONSES})
@api_router.get("/documents.json", include_in_schema=False)
@api_router.get("/documents.csv", include_in_schema=False)
def list_documents(
    request: Request,
    source: Source = None,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    limit: Limit = None,
    offset: Offset = 0,
    format: FormatParam = "json",
) -> Response:
    """Stored documents, newest first (undated last), with their headline and how many
    event mentions each holds: every one, or ``limit`` from ``offset``."""
    flt = documents_filter(source, since, until)
    page = store_of(request).documents_page(flt, limit=limit, offset=offset)
    rows = [document_json(d) for d in page.rows]
    more = limit is not None and offset + limit < page.total
    headers = stated(page.total, limit)
    if response_format(request, format) == "csv":
        following = next_url(request, offset=offset + limit) if more and limit else None
        return csv_response(rows, DOCUMENT_FIELDS, "documents", following, headers=headers)
    return JSONResponse({"total": page.total, "limit": limit, "offset": offset,
                         "documents": rows}, headers=headers)  # fmt: skip


@page_router.get("/documents")
def documents_page(
    request: Request,
    source: Source = None,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    offset: Offset = 0,
) -> Response:
    flt = documents_filter(source, since, until)
    page = store_of(request).documents_page(flt, limit=PAGE_SIZE, offset=offset)
    params = {"source": flt.source, "since": since, "until": until}
    return render(
        request,
        "documents.html",
        documents=[document_json(d) for d in page.rows],
        total=page.total,
        offset=offset,
        page_size=PAGE_SIZE,
        params=params,
        data_query=query_string(params),
    )
