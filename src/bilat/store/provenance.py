"""Where events come from, for the exports: each event's first mention's evidence and its
documents (title, URL, publication date), first reported first. One read per chunk of
events, so a listing of any length costs a few indexed joins, not one query per event.
Each function takes an open connection."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from bilat.store import tables as t
from bilat.store.base import Provenance, SourceRef
from bilat.store.catalogue import LEAD_CHARS
from bilat.store.statements import chunks


def provenance(conn: Connection, event_ids: Iterable[str]) -> dict[str, Provenance]:
    """Event id -> its provenance, for the stored events among ``event_ids``."""
    em, m, d = t.event_mentions, t.mentions, t.documents
    evidence: dict[str, tuple[int, str]] = {}  # event -> (position, evidence) of its first
    documents: dict[str, dict[str, SourceRef]] = {}
    for chunk in chunks(sorted(set(event_ids))):
        stmt = (
            select(em.c.event_id, em.c.position, m.c.evidence, d.c.id, d.c.name, d.c.title,
                   d.c.url, d.c.published, func.substr(d.c.clean, 1, LEAD_CHARS).label("lead"))
            .join(m, m.c.id == em.c.mention_id)
            .join(d, d.c.id == m.c.doc_id)
            .where(em.c.event_id.in_(chunk))
        )  # fmt: skip
        for r in conn.execute(stmt):
            if r.event_id not in evidence or r.position < evidence[r.event_id][0]:
                evidence[r.event_id] = (r.position, r.evidence)
            documents.setdefault(r.event_id, {})[r.id] = SourceRef(
                r.id, r.name, r.title, r.url, r.published, r.lead)
    return {
        event_id: Provenance(evidence[event_id][1], _first_reported_first(docs.values()))
        for event_id, docs in documents.items()
    }


def _first_reported_first(docs: Iterable[SourceRef]) -> tuple[SourceRef, ...]:
    """Published first, oldest first, then by name (as ``events.doc_names``)."""
    return tuple(sorted(docs, key=lambda s: (s.published is None, s.published or "", s.name)))
