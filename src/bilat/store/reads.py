"""The store's record reads: documents, mentions and failures as stored, and what the
incremental merge reads around new documents (pending documents, merge candidates by
blocking key, copy candidates by LSH band, copy groups). Each takes an open connection."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import orjson
from sqlalchemy import Connection, exists, func, select, text

from bilat.errors import NotFound
from bilat.model import Document, EventMention, Failure
from bilat.store import tables as t
from bilat.store.base import DocumentSummary
from bilat.store.blocks import probe_pairs
from bilat.store.rows import document_from_row, failure_from_row, mention_from_row
from bilat.store.statements import ByIds, chunks, existing, values_where

# ---------------------------------------------------------------------------- records


def known_documents(conn: Connection, doc_ids: Iterable[str]) -> set[str]:
    return existing(conn, t.documents.c.id, sorted(set(doc_ids)))


def mentions(conn: Connection, doc_ids: Iterable[str] | None = None) -> list[EventMention]:
    """All mentions (or those of ``doc_ids``), ordered by (doc name, start, id)."""
    m = t.mentions
    if doc_ids is None:
        stmt = select(m).order_by(m.c.doc_name, m.c.start, m.c.id)
        return [mention_from_row(r) for r in conn.execute(stmt)]
    found = [
        mention_from_row(r) for chunk in chunks(sorted(set(doc_ids)))
        for r in conn.execute(select(m).where(m.c.doc_id.in_(chunk)))
    ]  # fmt: skip
    return sorted(found, key=lambda x: (x.doc_name, x.start, x.id))


def documents(conn: Connection, ids: Iterable[str] | None = None) -> list[Document]:
    """All documents (or those of ``ids``), ordered by (name, id)."""
    d = t.documents
    if ids is None:
        return [document_from_row(r) for r in conn.execute(select(d).order_by(d.c.name, d.c.id))]
    found = [document_from_row(r) for r in _DOCUMENTS.rows(conn, sorted(set(ids)))]
    return sorted(found, key=lambda x: (x.name, x.id))


# the copy linker reads the stored documents it compares, a few hundred ids at a time
_DOCUMENTS = ByIds(lambda among: select(t.documents).where(among(t.documents.c.id)))


def document(conn: Connection, doc_id: str) -> Document:
    d = t.documents
    row = conn.execute(select(d).where(d.c.id == doc_id)).first()
    if row is None:
        raise NotFound(f"No document with id {doc_id!r}.")
    return document_from_row(row)


def document_summaries(conn: Connection) -> list[DocumentSummary]:
    """Every document without its text, with its number of mentions, ordered by name."""
    d, m = t.documents, t.mentions
    counts = select(m.c.doc_id, func.count().label("n")).group_by(m.c.doc_id).subquery()
    stmt = (
        select(d.c.id, d.c.name, d.c.published, d.c.title, d.c.url, d.c.source, counts.c.n)
        .outerjoin(counts, counts.c.doc_id == d.c.id)
        .order_by(d.c.name, d.c.id)
    )
    return [
        DocumentSummary(r.id, r.name, r.published, r.title, r.url, r.source, r.n or 0)
        for r in conn.execute(stmt)
    ]


def mention_event_ids(conn: Connection) -> dict[str, str]:
    em = t.event_mentions
    return {r.mention_id: r.event_id for r in conn.execute(select(em.c.mention_id, em.c.event_id))}


def failures(conn: Connection) -> list[Failure]:
    f = t.failures
    stmt = select(f).order_by(f.c.name, f.c.stage, f.c.code)
    return [failure_from_row(r) for r in conn.execute(stmt)]


# ---------------------------------------------------------------------------- merge reads


def pending_documents(conn: Connection) -> list[Document]:
    """The pending documents, ordered by (name, id): looked up from the pending list and
    sorted here, since ordering in the statement made SQLite walk every stored document
    by name to find them (50,000 for 60 pending)."""
    d, pd = t.documents, t.pending_documents
    stmt = select(d).where(d.c.id.in_(select(pd.c.doc_id)))
    return sorted((document_from_row(r) for r in conn.execute(stmt)), key=lambda x: (x.name, x.id))


def pending_ids(conn: Connection) -> list[str]:
    pd = t.pending_documents
    return list(conn.execute(select(pd.c.doc_id).order_by(pd.c.doc_id)).scalars())


def merge_candidates(conn: Connection, probes: Sequence[EventMention],
                     known: Collection[str] = frozenset()) -> list[tuple[EventMention, ...]]:
    """The stored events holding a mention that shares a (block, month) row with one of
    ``probes`` (see :mod:`bilat.store.blocks`), each as all its mentions; a mention in no
    event comes alone unless it is ``known`` (the caller has it: a new mention is read once,
    not again by every probe that finds it)."""
    mb = t.mention_blocks
    pairs, whole = probe_pairs(list(probes))
    months: dict[str, list[str]] = {}
    for block, month in sorted(pairs):
        if block not in whole:
            months.setdefault(block, []).append(month)
    found: set[str] = set()
    if conn.dialect.name == "sqlite":  # every (block, month) in one statement
        listed = [[block, month] for block, wanted in months.items() for month in wanted]
        if listed:
            found.update(conn.execute(_BLOCK_MONTHS, {"pairs": orjson.dumps(listed).decode()})
                         .scalars())  # fmt: skip
        months = {}
    # one indexed range per block: (block, month IN ...) on the primary key
    for block, wanted in months.items():
        for chunk in chunks(wanted):
            stmt = select(mb.c.mention_id).where(mb.c.block == block, mb.c.month.in_(chunk))
            found.update(conn.execute(stmt).scalars())
    for chunk in chunks(sorted(whole)):
        found.update(conn.execute(select(mb.c.mention_id).where(mb.c.block.in_(chunk))).scalars())
    return whole_events(conn, sorted(found), skip=known)


# The (block, month) rows of a neighbourhood's probes as one JSON array of pairs, each
# sought in the primary key as the IN lists were: the search asked a statement per block
# (60 for 60 new documents at 50,000, each rendered and run anew).
_BLOCK_MONTHS = text(
    "SELECT mb.mention_id FROM json_each(:pairs) AS p JOIN mention_blocks AS mb"
    " ON mb.block = json_extract(p.value, '$[0]') AND mb.month = json_extract(p.value, '$[1]')")


def events_of_documents(conn: Connection,
                        doc_ids: Iterable[str]) -> list[tuple[EventMention, ...]]:
    m = t.mentions
    ids = values_where(conn, m.c.id, m.c.doc_id, sorted(set(doc_ids)))
    return whole_events(conn, sorted(ids), alone=False)


def whole_events(conn: Connection, mention_ids: Sequence[str], *, alone: bool = True,
                 skip: Collection[str] = frozenset()) -> list[tuple[EventMention, ...]]:
    """The events holding ``mention_ids``, each as all its mentions in event order,
    ordered by event id; then (if ``alone``) each mention in no event by itself, except
    those in ``skip``."""
    members: dict[str, list[tuple[int, str]]] = {}
    placed: set[str] = set()
    for event_id, mention_id, position, probe in _EVENTS_HOLDING.rows(conn, mention_ids):
        placed.add(probe)
        members.setdefault(event_id, []).append((position, mention_id))
    groups = {eid: [mid for _, mid in sorted(set(ms))] for eid, ms in members.items()}
    single = [mid for mid in mention_ids if mid not in placed and mid not in skip] if alone else []
    wanted = sorted({mid for g in groups.values() for mid in g} | set(single))
    by_id = _mentions_by_id(conn, wanted)
    out = [tuple(by_id[mid] for mid in groups[eid]) for eid in sorted(groups)]
    return out + [(by_id[mid],) for mid in single]


def _mentions_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, EventMention]:
    return {r.id: mention_from_row(r) for r in _MENTIONS.rows(conn, ids)}


# a neighbourhood's reads, a round of its search each: ids bound as one parameter (ByIds)
_EM, _X = t.event_mentions, t.event_mentions.alias("x")
_EVENTS_HOLDING = ByIds(lambda among: select(
    _EM.c.event_id, _EM.c.mention_id, _EM.c.position, _X.c.mention_id.label("probe"),
).join(_X, _X.c.event_id == _EM.c.event_id).where(among(_X.c.mention_id)))
_MENTIONS = ByIds(lambda among: select(t.mentions).where(among(t.mentions.c.id)))


_BANDS = ByIds(lambda among: select(t.document_bands.c.band, t.document_bands.c.doc_id)
               .where(among(t.document_bands.c.band)))


def band_matches(conn: Connection, bands: Iterable[str]) -> dict[str, set[str]]:
    """band key -> the stored documents under it. The 25 keys of each new document are
    looked up in one statement on SQLite (a JSON array of every key): 1,200 new documents'
    30,000 keys in 500-key IN lists were 60 statements, each rendered anew."""
    found: dict[str, set[str]] = {}
    for band, doc_id in _BANDS.rows(conn, sorted(set(bands))):
        found.setdefault(band, set()).add(doc_id)
    return found


def copy_groups_of(conn: Connection, doc_ids: Iterable[str]) -> list[tuple[str, ...]]:
    c = t.copies
    ids = sorted(set(doc_ids))
    mapped = copy_map(conn, ids)
    canonicals = sorted({mapped.get(d, d) for d in ids})
    members: dict[str, set[str]] = {}
    for chunk in chunks(canonicals):
        stmt = select(c.c.doc_id, c.c.canonical_id).where(c.c.canonical_id.in_(chunk))
        for r in conn.execute(stmt):
            members.setdefault(r.canonical_id, set()).add(r.doc_id)
    return [(canon, *sorted(members[canon])) for canon in canonicals if canon in members]


def copy_canonicals(conn: Connection, doc_ids: Iterable[str]) -> dict[str, str]:
    """doc id -> the canonical of its stored copy group, for the ``doc_ids`` in a group (a
    canonical maps to itself). Reads a row per document asked, not the groups' members: a
    document joining a group of 7,000 needs to know the group, not its members."""
    ids = sorted(set(doc_ids))
    found = copy_map(conn, ids)
    found.update((head, head) for (head,) in _HEADS.rows(conn, [i for i in ids if i not in found]))
    return found


# EXISTS stops at the first member under the canonical's index entry
_HEADS = ByIds(lambda among: select(t.documents.c.id).where(
    among(t.documents.c.id), exists().where(t.copies.c.canonical_id == t.documents.c.id)))
_COPIES = ByIds(lambda among: select(t.copies.c.doc_id, t.copies.c.canonical_id)
                .where(among(t.copies.c.doc_id)))


def copy_map(conn: Connection, doc_ids: Iterable[str]) -> dict[str, str]:
    """doc id -> canonical doc id for the copies among ``doc_ids``."""
    return dict(_COPIES.rows(conn, sorted(set(doc_ids))))
