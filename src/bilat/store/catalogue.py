"""The documents list: one page of the stored documents, newest first, filtered by source
and publication date, and how many match. Documents are few next to events (one per
article), so a page is one indexed read of the documents table with no summary behind it.
Each function takes an open connection; every filter value is a bound parameter."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, func, or_, select

from bilat.errors import InvalidQuery
from bilat.partial_date import lower_bound, upper_bound
from bilat.store import tables as t
from bilat.store.base import DocumentFilter, DocumentPage, DocumentSummary

LEAD_CHARS = 300  # of the clean text: enough for a headline on its first line


def documents_page(conn: Connection, flt: DocumentFilter, *, limit: int | None,
                   offset: int = 0) -> DocumentPage:
    """Documents matching ``flt``, newest first (undated last, ties by name), from
    ``offset``, at most ``limit``, each with its number of mentions and its lead."""
    if offset < 0 or (limit is not None and limit < 0):
        raise InvalidQuery(f"limit={limit!r} and offset={offset!r} must not be negative.")
    d, m = t.documents, t.mentions
    where = conditions(flt)
    counts = select(m.c.doc_id, func.count().label("n")).group_by(m.c.doc_id).subquery()
    stmt = (
        select(d.c.id, d.c.name, d.c.published, d.c.title, d.c.url, d.c.source, counts.c.n,
               func.substr(d.c.clean, 1, LEAD_CHARS).label("lead"))
        .outerjoin(counts, counts.c.doc_id == d.c.id)
        .where(*where)
        .order_by(d.c.published.is_(None), d.c.published.desc(), d.c.name, d.c.id)
        .offset(offset).limit(limit)
    )  # fmt: skip
    rows = tuple(
        DocumentSummary(r.id, r.name, r.published, r.title, r.url, r.source, r.n or 0, r.lead)
        for r in conn.execute(stmt)
    )
    total = conn.execute(select(func.count()).select_from(d).where(*where)).scalar_one()
    return DocumentPage(rows, int(total))


def conditions(flt: DocumentFilter) -> list[ColumnElement[bool]]:
    """The filter on ``documents``: a source by name or by its URLs' host, and the
    publication date within since and until (an undated document matches no date bound)."""
    d = t.documents
    where: list[ColumnElement[bool]] = []
    if flt.source:
        where.append(or_(d.c.source == flt.source,
                         *(d.c.url.startswith(f"{scheme}://{flt.source}/", autoescape=True)
                           for scheme in ("http", "https"))))  # fmt: skip
    if flt.since:
        where.append(d.c.published >= _bound(lower_bound(flt.since), "since", flt.since))
    if flt.until:
        where.append(d.c.published <= _bound(upper_bound(flt.until), "until", flt.until))
    return where


def _bound(bound: str | None, label: str, value: str) -> str:
    if bound is None:
        raise InvalidQuery(f"{label}={value!r} is not an ISO date prefix.")
    return bound
