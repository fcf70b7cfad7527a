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
    em, m = t.event_mentions, t.mentions
    held: dict[str, list[tuple[int, str]]] = {}  # event -> (position, mention id)
    for chunk in chunks(sorted(set(event_ids))):
        stmt = select(em.c.event_id, em.c.position, em.c.mention_id).where(
            em.c.event_id.in_(chunk))
        for event_id, position, mention_id in conn.execute(stmt).tuples():
            held.setdefault(event_id, []).append((position, mention_id))
    # mentions by their key, apart: joined to a long IN list, SQLite would scan mentions
    said: dict[str, tuple[str, str]] = {}  # mention id -> (evidence, doc id)
    for chunk in chunks(sorted({mid for pairs in held.values() for _, mid in pairs})):
        stmt_m = select(m.c.id, m.c.evidence, m.c.doc_id).where(m.c.id.in_(chunk))
        said.update({mid: (evidence, doc) for mid, evidence, doc in conn.execute(stmt_m)})
    refs = _documents(conn, {doc for evidence, doc in said.values()})
    found: dict[str, Provenance] = {}
    for event_id, pairs in held.items():
        first = said[min(pairs)[1]][0]
        docs = {said[mid][1] for _, mid in pairs}
        found[event_id] = Provenance(first, _first_reported_first(refs[d] for d in docs))
    return found


def _documents(conn: Connection, doc_ids: set[str]) -> dict[str, SourceRef]:
    """Each document once (its text is long: read a lead of it, once per document)."""
    d = t.documents
    found: dict[str, SourceRef] = {}
    for chunk in chunks(sorted(doc_ids)):
        stmt = select(d.c.id, d.c.name, d.c.title, d.c.url, d.c.published,
                      func.substr(d.c.clean, 1, LEAD_CHARS).label("lead")).where(d.c.id.in_(chunk))
        for r in conn.execute(stmt):
            found[r.id] = SourceRef(r.id, r.name, r.title, r.url, r.published, r.lead)
    return found


def _first_reported_first(docs: Iterable[SourceRef]) -> tuple[SourceRef, ...]:
    """Published first, oldest first, then by name (as ``events.doc_names``)."""
    return tuple(sorted(docs, key=lambda s: (s.published is None, s.published or "", s.name)))
