"""Where events come from, for the exports: each event's first mention's evidence and its
documents (title, URL, publication date), first reported first. One read per chunk of
events, so a listing of any length costs a few indexed joins, not one query per event.
Each function takes an open connection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, func, select

from bilat.store import tables as t
from bilat.store.base import EventRow, Provenance, SourceRef
from bilat.store.catalogue import LEAD_CHARS
from bilat.store.statements import ByIds, chunks


def provenance(conn: Connection, event_ids: Iterable[str]) -> dict[str, Provenance]:
    """Event id -> its provenance, for the stored events among ``event_ids``."""
    em = t.event_mentions
    held: dict[str, list[tuple[int, str]]] = {}  # event -> (position, mention id)
    for chunk in chunks(sorted(set(event_ids))):
        stmt = select(em.c.event_id, em.c.position, em.c.mention_id).where(
            em.c.event_id.in_(chunk))
        for event_id, position, mention_id in conn.execute(stmt).tuples():
            held.setdefault(event_id, []).append((position, mention_id))
    return _assembled(conn, {event_id: tuple(mid for _, mid in sorted(pairs))
                             for event_id, pairs in held.items()})


def provenance_of_rows(conn: Connection, rows: Sequence[EventRow]) -> dict[str, Provenance]:
    """:func:`provenance` of listed events, read from the mention ids their rows carry (in
    event order), so a page reads ``event_mentions`` once, when it is listed, not again for
    its sources."""
    return _assembled(conn, {r.event.id: r.event.mention_ids for r in rows
                             if r.event.mention_ids})


def _assembled(conn: Connection, held: dict[str, tuple[str, ...]]) -> dict[str, Provenance]:
    """Event id -> provenance, from each event's mention ids in event order: the first
    mention's evidence, and the documents of all of them, first reported first."""
    # mentions by their key, apart: joined to a long IN list, SQLite would scan mentions
    said = _mentions(conn, {mid for mids in held.values() for mid in mids})
    refs = _documents(conn, {doc for evidence, doc in said.values()})
    found: dict[str, Provenance] = {}
    for event_id, mids in held.items():
        docs = {said[mid][1] for mid in mids}
        # most events have one source: nothing to order
        sources = (refs[docs.pop()],) if len(docs) == 1 else _first_reported_first(
            refs[d] for d in docs)
        found[event_id] = Provenance(said[mids[0]][0], sources)
    return found


# Built once, bound with each chunk of ids: no statement built per read.
_MENTIONS_BY_ID = ByIds(lambda among: select(
    t.mentions.c.id, t.mentions.c.evidence, t.mentions.c.doc_id).where(among(t.mentions.c.id)))
_DOCUMENTS_BY_ID = ByIds(lambda among: select(
    t.documents.c.id, t.documents.c.name, t.documents.c.title, t.documents.c.url,
    t.documents.c.published, func.substr(t.documents.c.clean, 1, LEAD_CHARS).label("lead"),
).where(among(t.documents.c.id)))


def _mentions(conn: Connection, mention_ids: set[str]) -> dict[str, tuple[str, str]]:
    """Mention id -> (evidence, document id)."""
    said: dict[str, tuple[str, str]] = {}
    for chunk in chunks(sorted(mention_ids)):
        said.update({mid: (evidence, doc) for mid, evidence, doc
                     in _MENTIONS_BY_ID.execute(conn, chunk).tuples()})
    return said


def _documents(conn: Connection, doc_ids: set[str]) -> dict[str, SourceRef]:
    """Each document once (its text is long: read a lead of it, once per document)."""
    found: dict[str, SourceRef] = {}
    for chunk in chunks(sorted(doc_ids)):
        for doc_id, name, title, url, published, lead in _DOCUMENTS_BY_ID.execute(
                conn, chunk).tuples():
            found[doc_id] = SourceRef(doc_id, name, title, url, published, lead)
    return found


def _first_reported_first(docs: Iterable[SourceRef]) -> tuple[SourceRef, ...]:
    """Published first, oldest first, then by name (as ``events.doc_names``)."""
    return tuple(sorted(docs, key=_report_order))


def _report_order(s: SourceRef) -> tuple[bool, str, str]:
    return s.published is None, s.published or "", s.name
