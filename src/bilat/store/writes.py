"""The store's writes, each given the connection of its one transaction
(:class:`bilat.store.sql.SqlStore` opens it): documents with their analyses, failures,
and merged events, all at once (:func:`replace_events`) or a neighbourhood of them
(:func:`apply_merge`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, delete, func, insert, select, text, update

from bilat.errors import StoreError
from bilat.knowledge.names import name_key
from bilat.model import Actor, DocumentAnalysis, Event, Failure
from bilat.store import tables as t
from bilat.store.base import MergeUpdate
from bilat.store.blocks import block_rows
from bilat.store.derived import EventTables, Source, resolve_copies
from bilat.store.reads import copy_map
from bilat.store.rows import (
    actor_row,
    document_row,
    failure_row,
    mention_row,
    role_rows,
    sentence_row,
)
from bilat.store.search import search_body
from bilat.store.statements import (
    ByIds,
    chunks,
    delete_in,
    existing,
    has_rows,
    insert_bulk,
    insert_ignore,
    insert_rows,
)

# ---------------------------------------------------------------------------- documents


def new_analyses(analyses: Sequence[DocumentAnalysis]) -> list[DocumentAnalysis]:
    """The analyses checked (each mention in its own document) and one per document."""
    batch: dict[str, DocumentAnalysis] = {}
    for analysis in analyses:
        _check_analysis(analysis)
        batch.setdefault(analysis.document.id, analysis)
    return list(batch.values())


def add_analyses(conn: Connection, analyses: Sequence[DocumentAnalysis]) -> None:
    """Store documents (those not stored yet) with their sentences, actors and mentions,
    their full-text rows and blocking keys, and mark them pending a merge."""
    known = existing(conn, t.documents.c.id, sorted(a.document.id for a in analyses))
    fresh = [a for a in analyses if a.document.id not in known]
    if not fresh:
        return
    insert_rows(conn, t.documents, [document_row(a.document) for a in fresh])
    insert_rows(conn, t.sentences, [sentence_row(x) for a in fresh for x in a.sentences])
    _add_actors(conn, [actor for a in fresh for actor in a.actors])
    # Numbered after the highest stored seq, inside this transaction (writers are
    # serialised by the database; a racing writer fails on the unique seq).
    last = conn.execute(select(func.max(t.mentions.c.seq))).scalar() or 0
    numbered = [(last + i, a, m) for i, (a, m) in enumerate(
        ((a, m) for a in fresh for m in a.mentions), start=1)]  # fmt: skip
    insert_rows(conn, t.mentions, [mention_row(m, seq) for seq, _, m in numbered])
    insert_rows(conn, t.mention_search, [
        {"rowid": seq, "body": search_body(m.evidence, a.document.title, a.document.name)}
        for seq, a, m in numbered
    ])  # fmt: skip
    insert_rows(conn, t.mention_blocks, [row for _, _, m in numbered for row in block_rows(m)])
    insert_rows(conn, t.pending_documents, [{"doc_id": a.document.id} for a in fresh])
    # A document stored under a name clears that name's earlier failures: the user
    # fixed the file, and `bilat status` should stop listing it.
    delete_in(conn, t.failures.c.name, sorted({a.document.name for a in fresh}))


def add_bands(conn: Connection, bands: Mapping[str, Sequence[str]]) -> None:
    """The documents' copy-detection band keys (rows already stored are kept: a
    document's keys follow from its text, which its id stands for)."""
    insert_ignore(conn, t.document_bands, [
        {"band": band, "doc_id": doc} for doc, keys in sorted(bands.items())
        for band in sorted(set(keys))
    ])  # fmt: skip


def _add_actors(conn: Connection, batch: list[Actor]) -> None:
    unique: dict[str, Actor] = {}
    for actor in batch:
        unique.setdefault(actor.id, actor)
    known = existing(conn, t.actors.c.id, sorted(unique))
    new = [a for a in unique.values() if a.id not in known]
    insert_ignore(conn, t.actors, [actor_row(a) for a in new])
    insert_ignore(conn, t.roles, [row for a in new for row in role_rows(a)])


def add_failures(conn: Connection, failures: Sequence[Failure]) -> None:
    """Record skipped documents, once per (name, stage, code)."""
    unique: dict[tuple[str, str, str], Failure] = {}
    for f in failures:
        unique.setdefault((f.name, f.stage, f.code), f)
    insert_ignore(conn, t.failures, [failure_row(f) for f in unique.values()])


def _check_analysis(analysis: DocumentAnalysis) -> None:
    doc_id = analysis.document.id
    for m in analysis.mentions:
        if m.doc_id != doc_id:
            raise StoreError(
                f"Mention {m.id!r} belongs to document {m.doc_id!r}, not {doc_id!r}.",
                fix="Put each mention in the DocumentAnalysis of its own document.",
            )


# ---------------------------------------------------------------------------- events


def replace_events(conn: Connection, events: Sequence[Event], copies: dict[str, str]) -> None:
    """Every merged event and the copy map, replacing what is stored."""
    for table in t.EVENT_TABLES:
        conn.execute(delete(table))
    wanted = sorted({mid for e in events for mid in e.mention_ids})
    sources = _mention_sources(conn, wanted)
    canonical = resolve_copies(copies)
    derived = EventTables()
    for event in events:
        derived.add(event, sources, canonical)
    _insert_copies(conn, canonical)
    _insert_events(conn, derived)
    insert_rows(conn, t.actor_names, derived.actor_names())
    # Fresh statistics: the planner chooses between walking a sort index and
    # starting from a selective filter by the row counts ANALYZE records.
    conn.execute(text("ANALYZE"))


def apply_merge(conn: Connection, update: MergeUpdate) -> EventTables:
    """The events of an incremental merge in place of those holding their mentions, with
    the regrouped copy map, the new documents' band keys and the pending list cleared;
    the rows written for the events."""
    wanted = sorted({mid for e in update.events for mid in e.mention_ids})
    replaced = _events_holding(conn, wanted)
    removed_names = _name_counts(conn, replaced)
    _delete_events(conn, replaced)
    _regroup_copies(conn, update.regrouped, resolve_copies(dict(update.copies)))
    sources = _mention_sources(conn, wanted)
    stored_copies = copy_map(conn, sorted({src[0] for src in sources.values()}))
    derived = EventTables()
    for event in update.events:
        derived.add(event, sources, stored_copies)
    _insert_events(conn, derived)
    _shift_actor_names(conn, derived.name_counts(), removed_names)
    add_bands(conn, update.bands)
    pd = t.pending_documents
    for chunk in chunks(sorted(set(update.merged))):
        conn.execute(delete(pd).where(pd.c.doc_id.in_(chunk)))
    _analyze_when_grown(conn)
    return derived


def _events_holding(conn: Connection, mention_ids: list[str]) -> list[str]:
    """The stored events holding ``mention_ids``; refused if one of them also holds a
    mention left out (the neighbourhood was not closed)."""
    if not has_rows(conn, t.events):  # a fresh build's merge: its 3,427 ids looked up for none
        return []
    em = t.event_mentions
    replaced = sorted({
        r for chunk in chunks(mention_ids)
        for r in conn.execute(select(em.c.event_id).where(em.c.mention_id.in_(chunk))).scalars()
    })  # fmt: skip
    held = set(mention_ids)
    for chunk in chunks(replaced):
        stmt = select(em.c.mention_id).where(em.c.event_id.in_(chunk))
        left = [mid for mid in conn.execute(stmt).scalars() if mid not in held]
        if left:
            raise StoreError(
                f"An event being replaced also holds mention {left[0]!r}, which the "
                "new events leave out.",
                fix="Re-merge whole events: pass every mention of every event touched.",
            )
    return replaced


def delete_events(conn: Connection, event_ids: list[str]) -> None:
    """Delete events with their side rows, taking them out of the actor counts."""
    removed = _name_counts(conn, event_ids)
    _delete_events(conn, event_ids)
    _shift_actor_names(conn, {}, removed)


def _delete_events(conn: Connection, event_ids: list[str]) -> None:
    for table in t.EVENT_CHILDREN:
        for chunk in chunks(event_ids):
            conn.execute(delete(table).where(table.c.event_id.in_(chunk)))
    for chunk in chunks(event_ids):
        conn.execute(delete(t.events).where(t.events.c.id.in_(chunk)))


def _regroup_copies(conn: Connection, regrouped: Sequence[str], canonical: dict[str, str]) -> None:
    """The copy rows of the ``regrouped`` documents made ``canonical``'s, writing only the
    rows that change: a new copy of a big group rewrites its own row, not the group's."""
    ids = sorted(set(regrouped))
    stored = copy_map(conn, ids)
    stale = [d for d in ids if d in stored and canonical.get(d) != stored[d]]
    for chunk in chunks(stale):
        conn.execute(delete(t.copies).where(t.copies.c.doc_id.in_(chunk)))
    _insert_copies(conn, {d: c for d, c in canonical.items() if stored.get(d) != c})


def _insert_copies(conn: Connection, canonical: dict[str, str]) -> None:
    insert_rows(conn, t.copies, [
        {"doc_id": d, "canonical_id": c} for d, c in sorted(canonical.items())
    ])  # fmt: skip


def _insert_events(conn: Connection, derived: EventTables) -> None:
    insert_bulk(conn, t.events, derived.events)
    insert_bulk(conn, t.event_mentions, derived.mentions)
    insert_bulk(conn, t.event_countries, derived.countries)
    insert_bulk(conn, t.event_actors, derived.actors)
    insert_bulk(conn, t.event_pairs, derived.pairs)


def _name_counts(conn: Connection, event_ids: Sequence[str]) -> dict[str, int]:
    """Actor name -> number of the given events that name it."""
    ea = t.event_actors
    counts: dict[str, int] = {}
    for chunk in chunks(event_ids):
        stmt = select(ea.c.name, func.count()).where(ea.c.event_id.in_(chunk)).group_by(ea.c.name)
        for name, n in conn.execute(stmt).tuples():
            counts[name] = counts.get(name, 0) + n
    return counts


def _shift_actor_names(conn: Connection, added: dict[str, int], removed: dict[str, int]) -> None:
    """Update actor_names by the events added and removed (not by recounting: a popular
    name's count would cost a scan of all its events)."""
    an = t.actor_names
    names = sorted(set(added) | set(removed))
    current: dict[str, int] = {}
    for chunk in chunks(names):
        stmt = select(an.c.name, an.c.events).where(an.c.name.in_(chunk))
        current.update({name: n for name, n in conn.execute(stmt).tuples()})
    for chunk in chunks(names):
        conn.execute(delete(an).where(an.c.name.in_(chunk)))
    counts = {n: current.get(n, 0) + added.get(n, 0) - removed.get(n, 0) for n in names}
    insert_rows(conn, an, [
        {"name": n, "name_key": name_key(n), "events": c} for n, c in counts.items() if c > 0
    ])  # fmt: skip


def _analyze_when_grown(conn: Connection) -> None:
    """ANALYZE when the events table has grown or shrunk by a quarter since the last
    time: the planner's statistics stay fresh at a cost that does not grow with every
    small addition (ANALYZE reads every table)."""
    key = "analyzed_events"
    count = int(conn.execute(select(func.count()).select_from(t.events)).scalar_one())
    last = conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()
    if last is not None and 0.8 * int(last) <= count <= 1.25 * int(last):
        return
    conn.execute(text("ANALYZE"))
    if last is None:
        conn.execute(insert(t.meta), [{"key": key, "value": str(count)}])
    else:
        conn.execute(update(t.meta).where(t.meta.c.key == key).values(value=str(count)))


_SOURCES = ByIds(lambda among: select(
    t.mentions.c.id, t.mentions.c.doc_id, t.documents.c.published, t.documents.c.name,
    t.mentions.c.seq,
).join(t.documents, t.documents.c.id == t.mentions.c.doc_id).where(among(t.mentions.c.id)))


def _mention_sources(conn: Connection, ids: Sequence[str]) -> dict[str, Source]:
    """mention id -> (doc id, doc published, doc name, mention seq) for the given mentions."""
    found: dict[str, Source] = {
        mid: (doc_id, published, name, seq)
        for mid, doc_id, published, name, seq in _SOURCES.rows(conn, ids)
    }  # fmt: skip
    missing = [mid for mid in ids if mid not in found]
    if missing:
        raise StoreError(
            f"{len(missing)} event mention(s) are not stored, e.g. {missing[0]!r}.",
            fix="Store the documents' analyses (add_analyses) before replacing events.",
        )
    return found
