"""A document's identity is its name; its text and metadata are its version.

Storing a new version of a name, or pruning a name, removes the stored version with
everything derived from it and marks pending every document whose merge it touched, so
that the next incremental merge (:func:`bilat.pipeline.incremental.merge_pending`) gives
what a build of the current documents gives:

- the events holding its mentions are deleted (their other mentions are then in no event);
- the documents of every stored mention that could merge with one of its mentions, and of
  the events those belong to, are pending: a removed mention can have been the link of a
  chain, or have split an event around it, so its whole merge neighbourhood is merged
  again (the store's blocking rows find it, as they do for a new mention);
- its copy group is dissolved: the other members lose their copy links and are pending,
  so the next merge regroups them without it (it may have joined two halves).

Each function takes the connection of the one transaction that also stores the new
versions (:meth:`bilat.store.sql.SqlStore.add_analyses`) or prunes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, select

from bilat.errors import StoreError
from bilat.model import Document, DocumentAnalysis, Failure
from bilat.store import tables as t
from bilat.store.base import DocumentChange
from bilat.store.reads import copy_groups_of, merge_candidates
from bilat.store.rows import document_row, mention_from_row
from bilat.store.statements import ByIds, chunks, delete_in, insert_ignore, insert_rows
from bilat.store.summaries import take_out
from bilat.store.writes import delete_events

# What makes a version besides the text (which the id holds): the metadata as stored,
# every column of a document but its identity and its text.
VERSION_FIELDS = tuple(c.name for c in t.documents.columns
                       if c.name not in {"id", "name", "text", "clean"})

# ---------------------------------------------------------------------------- versions


def current_documents(conn: Connection, documents: Sequence[Document]) -> set[str]:
    """The ids of ``documents`` stored as they are, and alone under their name."""
    stored = _stored_by_name(conn, {d.name for d in documents})
    return {d.id for d in documents if _is_current(d, stored.get(d.name, []))}


def replace_versions(conn: Connection,
                     analyses: Sequence[DocumentAnalysis]) -> list[DocumentChange]:
    """Remove the stored versions the ``analyses`` replace; return the changes (logged)."""
    _check_one_version_a_name(analyses)
    stored = _stored_by_name(conn, {a.document.name for a in analyses})
    stale: list[str] = []
    changes: list[DocumentChange] = []
    new_names: list[str] = []
    for doc in (a.document for a in analyses):
        rows = stored.get(doc.name, [])
        if _is_current(doc, rows):
            continue
        if not rows:
            new_names.append(doc.name)
            continue
        stale += [r.id for r in rows]
        text_changed = any(r.id != doc.id for r in rows)
        changes.append(DocumentChange(doc.name, "text" if text_changed else "metadata"))
    remove_documents(conn, stale)
    _log(conn, changes, back=new_names)
    return changes


def prune(conn: Connection, keep: Collection[str], failed: Sequence[Failure]) -> list[str]:
    """Remove the documents whose name is not in ``keep`` and the failures not in
    ``failed``; return the pruned names."""
    d = t.documents
    gone = [r for r in conn.execute(select(d.c.id, d.c.name)) if r.name not in keep]
    remove_documents(conn, sorted(r.id for r in gone))
    names = sorted({r.name for r in gone})
    _log(conn, [DocumentChange(name, "pruned") for name in names])
    _prune_failures(conn, failed)
    return names


def changes(conn: Connection) -> list[DocumentChange]:
    dc = t.document_changes
    stmt = select(dc.c.name, dc.c.change).order_by(dc.c.name)
    return [DocumentChange(r.name, r.change) for r in conn.execute(stmt)]


# The stored versions of some names: a build reads them for each chunk it reads and each
# batch it stores, and an IN list's statement was compiled anew each time (ByIds).
_BY_NAME = ByIds(lambda among: select(
    t.documents.c.id, t.documents.c.name, *(t.documents.c[f] for f in VERSION_FIELDS),
).where(among(t.documents.c.name)))


def _stored_by_name(conn: Connection, names: Iterable[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for row in _BY_NAME.rows(conn, sorted(set(names))):
        found.setdefault(row.name, []).append(row)
    return found


def _is_current(doc: Document, rows: list[Any]) -> bool:
    if len(rows) != 1 or rows[0].id != doc.id:
        return False
    fields = document_row(doc)
    return all(getattr(rows[0], f) == fields[f] for f in VERSION_FIELDS)


def _check_one_version_a_name(analyses: Sequence[DocumentAnalysis]) -> None:
    first: dict[str, str] = {}
    for doc in (a.document for a in analyses):
        if first.setdefault(doc.name, doc.id) != doc.id:
            raise StoreError(
                f"Two versions of the document {doc.name!r} in one batch.",
                fix="A name is one document: pass one version of it (the pipeline takes the "
                "first it reads and reports the others as E114).",
            )


def _log(conn: Connection, logged: Sequence[DocumentChange], back: Sequence[str] = ()) -> None:
    """Record each name's latest change; names in ``back`` (stored again after a prune)
    leave the log."""
    dc = t.document_changes
    delete_in(conn, dc.c.name, sorted({c.name for c in logged} | set(back)))
    insert_rows(conn, dc, [{"name": c.name, "change": c.change} for c in logged])


def _prune_failures(conn: Connection, failed: Sequence[Failure]) -> None:
    f = t.failures
    kept = {(x.name, x.stage, x.code) for x in failed}
    stale = [r for r in conn.execute(select(f.c.name, f.c.stage, f.c.code)).tuples()
             if r not in kept]
    for name, stage, code in stale:
        conn.execute(delete(f).where(and_(f.c.name == name, f.c.stage == stage, f.c.code == code)))


# ---------------------------------------------------------------------------- removal


def remove_documents(conn: Connection, doc_ids: Sequence[str]) -> None:
    """Remove documents with what derives from them; mark pending the documents whose
    merge they touched (see the module's docstring)."""
    if not doc_ids:
        return
    removed = sorted(set(doc_ids))
    m = t.mentions
    gone = [mention_from_row(r) for chunk in chunks(removed)
            for r in conn.execute(select(m).where(m.c.doc_id.in_(chunk)))]  # fmt: skip
    touched = {x.doc_id for group in merge_candidates(conn, gone) for x in group}
    em = t.event_mentions
    events = sorted({
        e for chunk in chunks(sorted(x.id for x in gone))
        for e in conn.execute(select(em.c.event_id).where(em.c.mention_id.in_(chunk))).scalars()
    })  # fmt: skip
    take_out(conn, events)  # the summaries count the events about to go
    delete_events(conn, events)
    touched |= _dissolve_copy_groups(conn, removed)
    _delete_rows(conn, removed, [x.id for x in gone])
    insert_ignore(conn, t.pending_documents,
                  [{"doc_id": d} for d in sorted(touched - set(removed))])


def _dissolve_copy_groups(conn: Connection, doc_ids: list[str]) -> set[str]:
    """Remove the copy links of every group holding one of ``doc_ids``; return its members."""
    members = {d for group in copy_groups_of(conn, doc_ids) for d in group}
    c = t.copies
    for chunk in chunks(sorted(members)):
        conn.execute(delete(c).where(c.c.doc_id.in_(chunk)))
    return members


def _delete_rows(conn: Connection, doc_ids: list[str], mention_ids: list[str]) -> None:
    m, ms, mb = t.mentions, t.mention_search, t.mention_blocks
    for chunk in chunks(mention_ids):
        seqs = select(m.c.seq).where(m.c.id.in_(chunk))
        conn.execute(delete(ms).where(ms.c.rowid.in_(seqs)))
        conn.execute(delete(mb).where(mb.c.mention_id.in_(chunk)))
    by_doc = (t.mentions, t.sentences, t.document_bands, t.pending_documents, t.copies)
    for table in by_doc:
        for chunk in chunks(doc_ids):
            conn.execute(delete(table).where(table.c.doc_id.in_(chunk)))
    for chunk in chunks(doc_ids):
        conn.execute(delete(t.documents).where(t.documents.c.id.in_(chunk)))
