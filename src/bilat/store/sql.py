"""SqlStore: the :class:`~bilat.store.base.Store` on SQLite or PostgreSQL (SQLAlchemy Core).

Every statement is a Core expression or ``text()`` with bound parameters. Writes run in one
transaction each; listings are single indexed queries over ``events`` and its side tables
(derived once in :meth:`SqlStore.replace_events`), so a filtered page of 50 never loads
the whole table into Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import combinations
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    Select,
    delete,
    false,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from bilat.errors import InvalidQuery, NotFound, StoreError
from bilat.knowledge.names import name_key, same_person
from bilat.model import (
    Actor,
    Document,
    DocumentAnalysis,
    Event,
    EventMention,
    EventType,
    Failure,
    Status,
)
from bilat.partial_date import lower_bound, month_of, upper_bound
from bilat.store import schema as s
from bilat.store.base import (
    ActorSummary,
    DocumentSummary,
    EventDetail,
    EventFilter,
    EventRow,
    MentionDetail,
    MergeUpdate,
    NetworkEdge,
    StatsCell,
    Store,
)
from bilat.store.blocks import block_rows, probe_pairs
from bilat.store.search import matching_mentions, search_body

_NO_FILTER = EventFilter()  # frozen, so safe as a shared default
_CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit
_UNDATED_UP = "9999-99-99"  # order_up of an undated event: after every date
_UNDATED_DOWN = "0000-00-00"  # order_down: after every date in a descending sort
_SORTS = {
    "date": (s.events.c.order_up.asc(),),
    "-date": (s.events.c.order_down.desc(),),
    "sources": (s.events.c.sources.asc(),),
    "-sources": (s.events.c.sources.desc(),),
}
_EVENT_COLUMNS = (
    s.events.c.id, s.events.c.type, s.events.c.actors, s.events.c.countries,
    s.events.c.location, s.events.c.date, s.events.c.status, s.events.c.conflicts, s.events.c.what,
    s.events.c.sources, s.events.c.independent_sources, s.events.c.first_reported,
    s.events.c.last_reported, s.events.c.doc_names,
)  # fmt: skip


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _dumps(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _loads(raw: str) -> tuple[str, ...]:
    return tuple(json.loads(raw))


class SqlStore(Store):
    """A bilat database behind a SQLAlchemy engine. Build it with :func:`bilat.store.open_store`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._dialect = engine.dialect.name

    @property
    def engine(self) -> Engine:
        return self._engine

    # ------------------------------------------------------------- plumbing
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction; integrity errors become StoreError, nothing is kept."""
        try:
            with self._engine.begin() as conn:
                yield conn
        except IntegrityError as exc:
            raise StoreError(
                f"The write was rolled back: {exc.orig}",
                fix="The batch contradicts stored data (duplicate ids or references to "
                "missing rows); check the records passed to the store.",
            ) from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            yield conn

    def _insert_ignore(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        """INSERT ... ON CONFLICT DO NOTHING: idempotent writes that also survive a
        concurrent writer storing the same row between our check and our insert."""
        if not rows:
            return
        dialect_insert = sqlite.insert if self._dialect == "sqlite" else postgresql.insert
        conn.execute(dialect_insert(table).on_conflict_do_nothing(), rows)

    @staticmethod
    def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(insert(table), rows)

    @staticmethod
    def _existing(conn: Connection, column: Any, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
        return found

    # ------------------------------------------------------------------ writes
    def known_documents(self, doc_ids: Iterable[str]) -> set[str]:
        ids = sorted(set(doc_ids))
        with self._read() as conn:
            return self._existing(conn, s.documents.c.id, ids)

    def add_analyses(self, analyses: Sequence[DocumentAnalysis]) -> None:
        batch: dict[str, DocumentAnalysis] = {}
        for analysis in analyses:
            _check_analysis(analysis)
            batch.setdefault(analysis.document.id, analysis)
        if not batch:
            return
        with self._write() as conn:
            known = self._existing(conn, s.documents.c.id, sorted(batch))
            fresh = [a for doc_id, a in batch.items() if doc_id not in known]
            if not fresh:
                return
            self._insert(conn, s.documents, [_document_row(a.document) for a in fresh])
            self._insert(conn, s.sentences, [_sentence_row(x) for a in fresh for x in a.sentences])
            self._add_actors(conn, [actor for a in fresh for actor in a.actors])
            # Numbered after the highest stored seq, inside this transaction (writers are
            # serialised by the database; a racing writer fails on the unique seq).
            last = conn.execute(select(func.max(s.mentions.c.seq))).scalar() or 0
            numbered = [(last + i, a, m) for i, (a, m) in enumerate(
                ((a, m) for a in fresh for m in a.mentions), start=1)]  # fmt: skip
            self._insert(conn, s.mentions, [_mention_row(m, seq) for seq, _, m in numbered])
            self._insert(conn, s.mention_search, [
                {"rowid": seq, "body": search_body(m.evidence, a.document.title, a.document.name)}
                for seq, a, m in numbered
            ])  # fmt: skip
            self._insert(conn, s.mention_blocks, [row for _, _, m in numbered for row in block_rows(m)])
            self._insert(conn, s.pending_documents, [{"doc_id": a.document.id} for a in fresh])
            # A document stored under a name clears that name's earlier failures: the user
            # fixed the file, and `bilat status` should stop listing it.
            names = sorted({a.document.name for a in fresh})
            conn.execute(delete(s.failures).where(s.failures.c.name.in_(names)))

    def _add_actors(self, conn: Connection, batch: list[Actor]) -> None:
        unique: dict[str, Actor] = {}
        for actor in batch:
            unique.setdefault(actor.id, actor)
        known = self._existing(conn, s.actors.c.id, sorted(unique))
        new = [a for a in unique.values() if a.id not in known]
        self._insert_ignore(conn, s.actors, [_actor_row(a) for a in new])
        self._insert_ignore(conn, s.roles, [
            {"actor_id": a.id, "idx": i, "title": r.title, "country": r.country,
             "start": r.start, "end": r.end, "office": r.office}
            for a in new for i, r in enumerate(a.roles)
        ])  # fmt: skip

    def add_failures(self, failures: Sequence[Failure]) -> None:
        unique: dict[tuple[str, str, str], Failure] = {}
        for f in failures:
            unique.setdefault((f.name, f.stage, f.code), f)
        with self._write() as conn:
            self._insert_ignore(conn, s.failures, [
                {"name": f.name, "origin": f.origin, "stage": f.stage, "code": f.code,
                 "message": f.message}
                for f in unique.values()
            ])  # fmt: skip

    def replace_events(self, events: Sequence[Event], copies: dict[str, str]) -> None:
        with self._write() as conn:
            for table in s.EVENT_TABLES:
                conn.execute(delete(table))
            wanted = sorted({mid for e in events for mid in e.mention_ids})
            sources = self._mention_sources(conn, wanted)
            canonical = _resolve_copies(copies)
            derived = _EventTables()
            for event in events:
                derived.add(event, sources, canonical)
            self._insert(conn, s.copies, [
                {"doc_id": d, "canonical_id": c} for d, c in sorted(canonical.items())
            ])  # fmt: skip
            self._insert(conn, s.events, derived.events)
            self._insert(conn, s.event_mentions, derived.mentions)
            self._insert(conn, s.event_countries, derived.countries)
            self._insert(conn, s.event_actors, derived.actors)
            self._insert(conn, s.event_pairs, derived.pairs)
            self._insert(conn, s.actor_names, derived.actor_names())
            # Fresh statistics: the planner chooses between walking a sort index and
            # starting from a selective filter by the row counts ANALYZE records.
            conn.execute(text("ANALYZE"))

    def apply_merge(self, update: MergeUpdate) -> None:
        em = s.event_mentions
        wanted = sorted({mid for e in update.events for mid in e.mention_ids})
        with self._write() as conn:
            replaced = sorted({
                r for chunk in _chunks(wanted)
                for r in conn.execute(select(em.c.event_id).where(em.c.mention_id.in_(chunk))).scalars()
            })  # fmt: skip
            held = set(wanted)
            for chunk in _chunks(replaced):
                stmt = select(em.c.mention_id).where(em.c.event_id.in_(chunk))
                left = [mid for mid in conn.execute(stmt).scalars() if mid not in held]
                if left:
                    raise StoreError(
                        f"An event being replaced also holds mention {left[0]!r}, which the "
                        "new events leave out.",
                        fix="Re-merge whole events: pass every mention of every event touched.",
                    )
            removed_names = self._name_counts(conn, replaced)
            for table in s.EVENT_CHILDREN:
                for chunk in _chunks(replaced):
                    conn.execute(delete(table).where(table.c.event_id.in_(chunk)))
            for chunk in _chunks(replaced):
                conn.execute(delete(s.events).where(s.events.c.id.in_(chunk)))
            for chunk in _chunks(sorted(set(update.regrouped))):
                conn.execute(delete(s.copies).where(s.copies.c.doc_id.in_(chunk)))
            canonical = _resolve_copies(dict(update.copies))
            self._insert(conn, s.copies, [
                {"doc_id": d, "canonical_id": c} for d, c in sorted(canonical.items())
            ])  # fmt: skip
            sources = self._mention_sources(conn, wanted)
            docs = sorted({src[0] for src in sources.values()})
            derived = _EventTables()
            stored_copies = self._copy_map(conn, docs)
            for event in update.events:
                derived.add(event, sources, stored_copies)
            self._insert(conn, s.events, derived.events)
            self._insert(conn, s.event_mentions, derived.mentions)
            self._insert(conn, s.event_countries, derived.countries)
            self._insert(conn, s.event_actors, derived.actors)
            self._insert(conn, s.event_pairs, derived.pairs)
            added_names: dict[str, int] = {}
            for r in derived.actors:
                added_names[r["name"]] = added_names.get(r["name"], 0) + 1
            self._shift_actor_names(conn, added_names, removed_names)
            self._insert_ignore(conn, s.document_bands, [
                {"band": band, "doc_id": doc} for doc, bands in sorted(update.bands.items())
                for band in sorted(set(bands))
            ])  # fmt: skip
            pd = s.pending_documents
            for chunk in _chunks(sorted(set(update.merged))):
                conn.execute(delete(pd).where(pd.c.doc_id.in_(chunk)))
            self._analyze_when_grown(conn)

    @staticmethod
    def _values(conn: Connection, column: Any, key: Any, keys: Sequence[str]) -> set[str]:
        """Distinct ``column`` values of the rows whose ``key`` is in ``keys``."""
        found: set[str] = set()
        for chunk in _chunks(keys):
            found.update(conn.execute(select(column).where(key.in_(chunk)).distinct()).scalars())
        return found

    @staticmethod
    def _copy_map(conn: Connection, doc_ids: Sequence[str]) -> dict[str, str]:
        c = s.copies
        found: dict[str, str] = {}
        for chunk in _chunks(doc_ids):
            stmt = select(c.c.doc_id, c.c.canonical_id).where(c.c.doc_id.in_(chunk))
            found.update({r.doc_id: r.canonical_id for r in conn.execute(stmt)})
        return found

    @staticmethod
    def _name_counts(conn: Connection, event_ids: Sequence[str]) -> dict[str, int]:
        """Actor name -> number of the given events that name it."""
        ea = s.event_actors
        counts: dict[str, int] = {}
        for chunk in _chunks(event_ids):
            stmt = select(ea.c.name, func.count()).where(ea.c.event_id.in_(chunk)).group_by(ea.c.name)
            for name, n in conn.execute(stmt).tuples():
                counts[name] = counts.get(name, 0) + n
        return counts

    def _shift_actor_names(self, conn: Connection, added: dict[str, int], removed: dict[str, int]) -> None:
        """Update actor_names by the events added and removed (not by recounting: a popular
        name's count would cost a scan of all its events)."""
        an = s.actor_names
        names = sorted(set(added) | set(removed))
        current: dict[str, int] = {}
        for chunk in _chunks(names):
            stmt = select(an.c.name, an.c.events).where(an.c.name.in_(chunk))
            current.update({name: n for name, n in conn.execute(stmt).tuples()})
        for chunk in _chunks(names):
            conn.execute(delete(an).where(an.c.name.in_(chunk)))
        counts = {n: current.get(n, 0) + added.get(n, 0) - removed.get(n, 0) for n in names}
        self._insert(conn, an, [
            {"name": n, "name_key": name_key(n), "events": c} for n, c in counts.items() if c > 0
        ])  # fmt: skip

    @staticmethod
    def _analyze_when_grown(conn: Connection) -> None:
        """ANALYZE when the events table has grown or shrunk by a quarter since the last
        time: the planner's statistics stay fresh at a cost that does not grow with every
        small addition (ANALYZE reads every table)."""
        key = "analyzed_events"
        count = int(conn.execute(select(func.count()).select_from(s.events)).scalar_one())
        last = conn.execute(select(s.meta.c.value).where(s.meta.c.key == key)).scalar()
        if last is not None and 0.8 * int(last) <= count <= 1.25 * int(last):
            return
        conn.execute(text("ANALYZE"))
        if last is None:
            conn.execute(insert(s.meta), [{"key": key, "value": str(count)}])
        else:
            conn.execute(update(s.meta).where(s.meta.c.key == key).values(value=str(count)))

    def _mention_sources(self, conn: Connection, ids: Sequence[str]) -> dict[str, _Source]:
        """mention id -> (doc id, doc published, doc name, mention seq) for the given mentions."""
        m, d = s.mentions, s.documents
        found: dict[str, _Source] = {}
        for chunk in _chunks(ids):
            stmt = (
                select(m.c.id, m.c.doc_id, d.c.published, d.c.name, m.c.seq)
                .join(d, d.c.id == m.c.doc_id)
                .where(m.c.id.in_(chunk))
            )
            for row in conn.execute(stmt):
                found[row.id] = (row.doc_id, row.published, row.name, row.seq)
        missing = [mid for mid in ids if mid not in found]
        if missing:
            raise StoreError(
                f"{len(missing)} event mention(s) are not stored, e.g. {missing[0]!r}.",
                fix="Store the documents' analyses (add_analyses) before replacing events.",
            )
        return found

    # ------------------------------------------------------------------ reads
    def mentions(self, doc_ids: Iterable[str] | None = None) -> list[EventMention]:
        m = s.mentions
        order = (m.c.doc_name, m.c.start, m.c.id)
        with self._read() as conn:
            if doc_ids is None:
                return [_mention(r) for r in conn.execute(select(m).order_by(*order))]
            found = [
                _mention(r) for chunk in _chunks(sorted(set(doc_ids)))
                for r in conn.execute(select(m).where(m.c.doc_id.in_(chunk)))
            ]  # fmt: skip
        return sorted(found, key=lambda x: (x.doc_name, x.start, x.id))

    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        d = s.documents
        with self._read() as conn:
            if ids is None:
                return [_document(r) for r in conn.execute(select(d).order_by(d.c.name, d.c.id))]
            found = [
                _document(r) for chunk in _chunks(sorted(set(ids)))
                for r in conn.execute(select(d).where(d.c.id.in_(chunk)))
            ]  # fmt: skip
        return sorted(found, key=lambda x: (x.name, x.id))

    # ------------------------------------------------- incremental merging
    def pending_documents(self) -> list[Document]:
        d, pd = s.documents, s.pending_documents
        stmt = select(d).join(pd, pd.c.doc_id == d.c.id).order_by(d.c.name, d.c.id)
        with self._read() as conn:
            return [_document(r) for r in conn.execute(stmt)]

    def merge_candidates(self, mentions: Sequence[EventMention]) -> list[tuple[EventMention, ...]]:
        mb = s.mention_blocks
        pairs, whole = probe_pairs(list(mentions))
        months: dict[str, list[str]] = {}
        for block, month in sorted(pairs):
            if block not in whole:
                months.setdefault(block, []).append(month)
        found: set[str] = set()
        with self._read() as conn:
            # one indexed range per block: (block, month IN ...) on the primary key
            for block, wanted in months.items():
                for chunk in _chunks(wanted):
                    stmt = select(mb.c.mention_id).where(mb.c.block == block, mb.c.month.in_(chunk))
                    found.update(conn.execute(stmt).scalars())
            for chunk in _chunks(sorted(whole)):
                found.update(conn.execute(select(mb.c.mention_id).where(mb.c.block.in_(chunk))).scalars())
            return self._whole_events(conn, sorted(found))

    def _whole_events(
        self, conn: Connection, mention_ids: Sequence[str], *, alone: bool = True
    ) -> list[tuple[EventMention, ...]]:
        """The events holding ``mention_ids``, each as all its mentions in event order,
        ordered by event id; then (if ``alone``) each mention in no event by itself."""
        em, x = s.event_mentions, s.event_mentions.alias("x")
        members: dict[str, list[tuple[int, str]]] = {}
        placed: set[str] = set()
        for chunk in _chunks(mention_ids):
            stmt = (
                select(em.c.event_id, em.c.mention_id, em.c.position, x.c.mention_id.label("probe"))
                .join(x, x.c.event_id == em.c.event_id)
                .where(x.c.mention_id.in_(chunk))
            )
            for r in conn.execute(stmt):
                placed.add(r.probe)
                members.setdefault(r.event_id, []).append((r.position, r.mention_id))
        groups = {eid: [mid for _, mid in sorted(set(ms))] for eid, ms in members.items()}
        single = [mid for mid in mention_ids if mid not in placed] if alone else []
        by_id = self._mentions_by_id(conn, sorted({mid for g in groups.values() for mid in g} | set(single)))
        out = [tuple(by_id[mid] for mid in groups[eid]) for eid in sorted(groups)]
        return out + [(by_id[mid],) for mid in single]

    @staticmethod
    def _mentions_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, EventMention]:
        m = s.mentions
        return {
            r.id: _mention(r) for chunk in _chunks(ids)
            for r in conn.execute(select(m).where(m.c.id.in_(chunk)))
        }  # fmt: skip

    def band_matches(self, bands: Iterable[str]) -> dict[str, set[str]]:
        db = s.document_bands
        found: dict[str, set[str]] = {}
        with self._read() as conn:
            for chunk in _chunks(sorted(set(bands))):
                for band, doc_id in conn.execute(select(db.c.band, db.c.doc_id).where(db.c.band.in_(chunk))):
                    found.setdefault(band, set()).add(doc_id)
        return found

    def copy_groups_of(self, doc_ids: Iterable[str]) -> list[tuple[str, ...]]:
        c = s.copies
        ids = sorted(set(doc_ids))
        with self._read() as conn:
            mapped = self._copy_map(conn, ids)
            canonicals = sorted({mapped.get(d, d) for d in ids})
            members: dict[str, set[str]] = {}
            for chunk in _chunks(canonicals):
                stmt = select(c.c.doc_id, c.c.canonical_id).where(c.c.canonical_id.in_(chunk))
                for r in conn.execute(stmt):
                    members.setdefault(r.canonical_id, set()).add(r.doc_id)
        return [(canon, *sorted(members[canon])) for canon in canonicals if canon in members]

    def copy_map(self, doc_ids: Iterable[str]) -> dict[str, str]:
        with self._read() as conn:
            return self._copy_map(conn, sorted(set(doc_ids)))

    def events_of_documents(self, doc_ids: Iterable[str]) -> list[tuple[EventMention, ...]]:
        m = s.mentions
        with self._read() as conn:
            ids = self._values(conn, m.c.id, m.c.doc_id, sorted(set(doc_ids)))
            return self._whole_events(conn, sorted(ids), alone=False)

    def document(self, doc_id: str) -> Document:
        d = s.documents
        with self._read() as conn:
            row = conn.execute(select(d).where(d.c.id == doc_id)).first()
        if row is None:
            raise NotFound(f"No document with id {doc_id!r}.")
        return _document(row)

    def document_summaries(self) -> list[DocumentSummary]:
        d, m = s.documents, s.mentions
        counts = (
            select(m.c.doc_id, func.count().label("n")).group_by(m.c.doc_id).subquery()
        )
        stmt = (
            select(d.c.id, d.c.name, d.c.published, d.c.title, d.c.url, d.c.source, counts.c.n)
            .outerjoin(counts, counts.c.doc_id == d.c.id)
            .order_by(d.c.name, d.c.id)
        )
        with self._read() as conn:
            return [
                DocumentSummary(r.id, r.name, r.published, r.title, r.url, r.source, r.n or 0)
                for r in conn.execute(stmt)
            ]

    def mention_event_ids(self) -> dict[str, str]:
        em = s.event_mentions
        with self._read() as conn:
            return {r.mention_id: r.event_id for r in conn.execute(select(em.c.mention_id, em.c.event_id))}

    def failures(self) -> list[Failure]:
        f = s.failures
        stmt = select(f).order_by(f.c.name, f.c.stage, f.c.code)
        with self._read() as conn:
            return [Failure(r.name, r.origin, r.stage, r.code, r.message) for r in conn.execute(stmt)]

    def events(
        self, flt: EventFilter = _NO_FILTER, *, limit: int | None = None, offset: int = 0,
        sort: str = "date",
    ) -> list[EventRow]:
        if sort not in _SORTS:
            raise InvalidQuery(f"Unknown sort {sort!r}.")
        if offset < 0 or (limit is not None and limit < 0):
            raise InvalidQuery(f"limit={limit!r} and offset={offset!r} must not be negative.")
        with self._read() as conn:
            where = self._where(conn, flt)
            # Two phases: pick the page by id alone (the planner can answer it from the
            # narrow sort indexes, and any sort it needs handles (key, id) pairs, not whole
            # rows), then read the full rows of that page only.
            page = select(s.events.c.id).where(*where)
            page = page.order_by(*_SORTS[sort], s.events.c.id).offset(offset)
            if limit is not None:
                page = page.limit(limit)
            page_ids = list(conn.execute(page).scalars())
            by_id = {r.id: r for r in self._event_rows(conn, page_ids if limit is not None else None, where)}
            mention_ids = self._event_mention_ids(
                conn, page_ids if limit is not None else select(s.events.c.id).where(*where)
            )
        return [_event_row(by_id[i], mention_ids.get(i, ())) for i in page_ids]

    @staticmethod
    def _event_rows(
        conn: Connection, ids: list[str] | None, where: list[ColumnElement[bool]]
    ) -> Iterator[Any]:
        """Full rows for ``ids`` (a page), or for every event matching ``where``."""
        if ids is None:
            yield from conn.execute(select(*_EVENT_COLUMNS).where(*where))
            return
        for chunk in _chunks(ids):
            yield from conn.execute(select(*_EVENT_COLUMNS).where(s.events.c.id.in_(chunk)))

    def count_events(self, flt: EventFilter = _NO_FILTER) -> int:
        with self._read() as conn:
            stmt = select(func.count()).select_from(s.events).where(*self._where(conn, flt))
            return int(conn.execute(stmt).scalar_one())

    def event(self, event_id: str) -> EventDetail:
        e, em, m, d = s.events, s.event_mentions, s.mentions, s.documents
        with self._read() as conn:
            row = conn.execute(select(*_EVENT_COLUMNS).where(e.c.id == event_id)).first()
            if row is None:
                raise NotFound(f"No event with id {event_id!r}.")
            stmt = (
                select(m, d.c.title.label("doc_title"), d.c.url.label("doc_url"),
                       d.c.published.label("doc_published"), em.c.position)
                .join(em, em.c.mention_id == m.c.id)
                .join(d, d.c.id == m.c.doc_id)
                .where(em.c.event_id == event_id)
            )  # fmt: skip
            found = list(conn.execute(stmt).all())
        by_position = tuple(r.id for r in sorted(found, key=lambda r: r.position))
        found.sort(key=lambda r: (r.doc_published is None, r.doc_published or "", r.doc_name, r.start, r.id))
        details = tuple(MentionDetail(_mention(r), r.doc_title, r.doc_url) for r in found)
        return EventDetail(row=_event_row(row, by_position), mentions=details)

    def actors(self, q: str | None = None) -> list[ActorSummary]:
        a, names = s.actors, s.actor_names
        with self._read() as conn:
            people = conn.execute(select(a).where(a.c.kind == "person").order_by(a.c.id)).all()
            counted = conn.execute(select(names.c.name, names.c.name_key, names.c.events)).all()
        by_key: dict[str, int] = {}
        for r in counted:
            by_key[r.name_key] = by_key.get(r.name_key, 0) + r.events
        listed: list[ActorSummary] = []
        covered: set[str] = set()
        for p in people:
            covered.add(p.name_key)
            if _actor_matches(q, p.name, _loads(p.aliases)):
                listed.append(ActorSummary(p.id, p.name, p.kind, p.country, by_key.get(p.name_key, 0)))
        # Persons named in events but absent from the actors table are listed by name
        # (their id is the name, which EventFilter.actor accepts).
        for r in counted:
            if r.name_key not in covered and _actor_matches(q, r.name, ()):
                covered.add(r.name_key)
                listed.append(ActorSummary(r.name, r.name, "person", None, by_key[r.name_key]))
        listed.sort(key=lambda x: (-x.events, x.name, x.id))
        return listed

    def stats(self, flt: EventFilter = _NO_FILTER) -> list[StatsCell]:
        e, p = s.events, s.event_pairs
        with self._read() as conn:
            stmt = (
                select(e.c.month, e.c.type, p.c.a, p.c.b, func.count().label("n"))
                .join(p, p.c.event_id == e.c.id)
                .where(*self._where(conn, flt))
                .group_by(e.c.month, e.c.type, p.c.a, p.c.b)
            )
            rows = conn.execute(stmt).all()
        cells = [
            StatsCell(r.month or "unknown", r.type, "-".join(c for c in (r.a, r.b) if c) or "unknown", r.n)
            for r in rows
        ]
        return sorted(cells, key=lambda c: (c.month, c.type, c.pair))

    def network(self, flt: EventFilter = _NO_FILTER, *, level: str = "state") -> list[NetworkEdge]:
        if level not in ("state", "actor"):
            raise InvalidQuery(f"Unknown network level {level!r}.")
        e = s.events
        with self._read() as conn:
            if level == "state":
                p = s.event_pairs
                stmt = (
                    select(p.c.a, p.c.b, e.c.type, func.count().label("n"))
                    .join(e, e.c.id == p.c.event_id)
                    .where(p.c.b != "", *self._where(conn, flt))
                    .group_by(p.c.a, p.c.b, e.c.type)
                )
            else:
                x, y = s.event_actors.alias("x"), s.event_actors.alias("y")
                stmt = (
                    select(x.c.name.label("a"), y.c.name.label("b"), e.c.type, func.count().label("n"))
                    .join(y, (y.c.event_id == x.c.event_id) & (x.c.name < y.c.name))
                    .join(e, e.c.id == x.c.event_id)
                    .where(*self._where(conn, flt))
                    .group_by(x.c.name, y.c.name, e.c.type)
                )
            rows = conn.execute(stmt).all()
        return _edges((r.a, r.b, r.type, r.n) for r in rows)

    def close(self) -> None:
        self._engine.dispose()

    # ------------------------------------------------------------- filtering
    def _where(self, conn: Connection, flt: EventFilter) -> list[ColumnElement[bool]]:
        """WHERE conditions on ``events`` for ``flt`` (every value a bound parameter)."""
        e = s.events
        where: list[ColumnElement[bool]] = []
        if flt.type:
            where.append(e.c.type == flt.type.upper())
        if flt.status:
            where.append(e.c.status == flt.status.lower())
        for code in dict.fromkeys(c.upper() for c in flt.countries):
            ec = s.event_countries
            where.append(e.c.id.in_(select(ec.c.event_id).where(ec.c.country == code)))
        if flt.since:
            since = _bound(lower_bound, "since", flt.since)
            where.append(e.c.date_hi >= since)
            # Redundant but indexable: no date spans more than a year, so an event that
            # reaches `since` starts in since's year or later. Bounding the sort columns
            # lets a date-sorted page range-scan its index instead of skipping older rows.
            year_start = since[:4] + "-01-01"
            where += [e.c.order_up >= year_start, e.c.order_down >= year_start]
        if flt.until:
            until = _bound(upper_bound, "until", flt.until)
            where += [e.c.date_lo <= until, e.c.order_up <= until, e.c.order_down <= until]
        if flt.actor:
            where.append(self._actor_condition(conn, flt.actor))
        if flt.q:
            found = matching_mentions(self._dialect, flt.q)
            if found is not None:
                em = s.event_mentions
                where.append(e.c.id.in_(select(em.c.event_id).where(em.c.mention_seq.in_(found))))
        return where

    def _actor_condition(self, conn: Connection, actor: str) -> ColumnElement[bool]:
        """Events with any actor who can be ``actor`` (a name in any spelling, or an actor id).

        The distinct names over all events are few (actor_names), so they are compared with
        :func:`same_person` in Python and the events are then selected by an indexed IN list.
        """
        a = s.actors
        named = conn.execute(select(a.c.name).where(a.c.id == actor)).scalar()
        probe = named if named is not None else actor
        names = [n for n in conn.execute(select(s.actor_names.c.name)).scalars() if same_person(probe, n)]
        if not names:
            return false()
        ea = s.event_actors
        return s.events.c.id.in_(select(ea.c.event_id).where(ea.c.name.in_(names)))

    @staticmethod
    def _event_mention_ids(
        conn: Connection, ids: Select[tuple[str]] | list[str]
    ) -> dict[str, tuple[str, ...]]:
        em = s.event_mentions
        out: dict[str, list[str]] = {}
        chunks: Iterable[Any] = [ids] if isinstance(ids, Select) else _chunks(ids)
        for chunk in chunks:
            stmt = (
                select(em.c.event_id, em.c.mention_id)
                .where(em.c.event_id.in_(chunk))
                .order_by(em.c.event_id, em.c.position)
            )
            for r in conn.execute(stmt):
                out.setdefault(r.event_id, []).append(r.mention_id)
        return {k: tuple(v) for k, v in out.items()}


# --------------------------------------------------------------------------- helpers

_Source = tuple[str, "str | None", str, int]  # (doc id, doc published, doc name, mention seq)


class _EventTables:
    """The rows of events and its side tables, derived from merged events in one pass."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.mentions: list[dict[str, Any]] = []
        self.countries: list[dict[str, Any]] = []
        self.actors: list[dict[str, Any]] = []
        self.pairs: list[dict[str, Any]] = []
        self._names: dict[str, int] = {}

    def add(self, event: Event, sources: dict[str, _Source], canonical: dict[str, str]) -> None:
        mention_ids = list(dict.fromkeys(event.mention_ids))
        docs = {sources[mid][0]: sources[mid] for mid in mention_ids}
        published = sorted(src[1] for src in docs.values() if src[1])
        names = [src[2] for src in sorted(docs.values(), key=lambda d: (d[1] is None, d[1] or "", d[2]))]
        lo = lower_bound(event.date)
        self.events.append({
            "id": event.id, "type": EventType(event.type).value, "actors": _dumps(event.actors),
            "countries": _dumps(event.countries), "location": event.location, "date": event.date,
            "status": Status(event.status).value, "conflicts": _dumps(event.conflicts),
            "what": event.what,
            "date_lo": lo, "date_hi": upper_bound(event.date),
            "order_up": lo or _UNDATED_UP, "order_down": lo or _UNDATED_DOWN,
            "month": month_of(event.date), "sources": len(docs),
            "independent_sources": len({canonical.get(d, d) for d in docs}),
            "first_reported": published[0] if published else None,
            "last_reported": published[-1] if published else None,
            "doc_names": _dumps(names),
        })  # fmt: skip
        self.mentions += [
            {"event_id": event.id, "mention_id": mid, "position": i, "mention_seq": sources[mid][3]}
            for i, mid in enumerate(mention_ids)
        ]
        countries = list(dict.fromkeys(c for c in event.countries if c))
        self.countries += [{"event_id": event.id, "country": c} for c in countries]
        for name in dict.fromkeys(n for n in event.actors if n):
            self.actors.append({"event_id": event.id, "name": name})
            self._names[name] = self._names.get(name, 0) + 1
        # Every unordered pair of states; an event with fewer than two states still gets
        # one row (b = "", and a = "" when it names none) so that stats count it.
        pairs = list(combinations(sorted(countries), 2))
        if not pairs:
            pairs = [(countries[0] if countries else "", "")]
        self.pairs += [{"event_id": event.id, "a": a, "b": b} for a, b in pairs]

    def actor_names(self) -> list[dict[str, Any]]:
        return [
            {"name": n, "name_key": name_key(n), "events": c} for n, c in sorted(self._names.items())
        ]


def _resolve_copies(copies: dict[str, str]) -> dict[str, str]:
    """Follow chains (a -> b -> c) so every copy points at its final canonical document."""
    resolved: dict[str, str] = {}
    for doc in copies:
        target, seen = copies[doc], {doc}
        while target in copies and target not in seen:
            seen.add(target)
            target = copies[target]
        if target != doc:
            resolved[doc] = target
    return resolved


def _edges(rows: Iterable[tuple[str, str, str, int]]) -> list[NetworkEdge]:
    merged: dict[tuple[str, str], dict[str, int]] = {}
    for a, b, type_, n in rows:
        key = (a, b) if a <= b else (b, a)
        types = merged.setdefault(key, {})
        types[type_] = types.get(type_, 0) + n
    edges = [
        NetworkEdge(a, b, sum(types.values()), dict(sorted(types.items())))
        for (a, b), types in merged.items()
    ]
    return sorted(edges, key=lambda x: (-x.weight, x.source, x.target))


def _actor_matches(q: str | None, name: str, aliases: Sequence[str]) -> bool:
    if not q:
        return True
    key = name_key(q)
    spellings = (name, *aliases)
    return any(key and key in name_key(n) for n in spellings) or any(same_person(q, n) for n in spellings)


def _bound(fn: Any, label: str, value: str) -> str:
    bound = fn(value)
    if bound is None:
        raise InvalidQuery(f"{label}={value!r} is not an ISO date prefix.")
    return str(bound)


def _check_analysis(analysis: DocumentAnalysis) -> None:
    doc_id = analysis.document.id
    for m in analysis.mentions:
        if m.doc_id != doc_id:
            raise StoreError(
                f"Mention {m.id!r} belongs to document {m.doc_id!r}, not {doc_id!r}.",
                fix="Put each mention in the DocumentAnalysis of its own document.",
            )


def _document_row(d: Document) -> dict[str, Any]:
    return {
        "id": d.id, "name": d.name, "text": d.text, "clean": d.clean, "published": d.published,
        "published_source": d.published_source, "url": d.url, "title": d.title,
        "source": d.source, "language": d.language,
    }  # fmt: skip


def _document(r: Row[Any]) -> Document:
    return Document(
        id=r.id, name=r.name, text=r.text, clean=r.clean, published=r.published,
        published_source=r.published_source, url=r.url, title=r.title, source=r.source,
        language=r.language,
    )  # fmt: skip


def _sentence_row(x: Any) -> dict[str, Any]:
    return {"doc_id": x.doc_id, "idx": x.index, "start": x.start, "end": x.end, "text": x.text}


def _actor_row(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "name_key": name_key(a.name), "kind": a.kind,
        "country": a.country, "aliases": _dumps(a.aliases),
    }  # fmt: skip


def _mention_row(m: EventMention, seq: int) -> dict[str, Any]:
    return {
        "seq": seq,
        "id": m.id, "doc_id": m.doc_id, "doc_name": m.doc_name, "type": EventType(m.type).value,
        "actors": _dumps(m.actors), "countries": _dumps(m.countries), "location": m.location,
        "date": m.date, "status": Status(m.status).value, "evidence": m.evidence,
        "start": m.start, "end": m.end, "published": m.published,
        "sentence_index": m.sentence_index, "what": m.what,
    }  # fmt: skip


def mention_from_row(r: Any) -> EventMention:
    """An EventMention from a row of ``mentions`` (also used by schema migrations)."""
    return _mention(r)


def _mention(r: Row[Any]) -> EventMention:
    return EventMention(
        id=r.id, doc_id=r.doc_id, doc_name=r.doc_name, type=EventType(r.type),
        actors=_loads(r.actors), countries=_loads(r.countries), location=r.location,
        date=r.date, status=Status(r.status), evidence=r.evidence, start=r.start, end=r.end,
        published=r.published, sentence_index=r.sentence_index,
        # rows of a schema older than v3 (read while migrating) have no label
        what=r._mapping.get("what"),
    )  # fmt: skip


def _event_row(r: Any, mention_ids: tuple[str, ...]) -> EventRow:
    event = Event(
        id=r.id, type=EventType(r.type), actors=_loads(r.actors), countries=_loads(r.countries),
        location=r.location, date=r.date, status=Status(r.status), mention_ids=mention_ids,
        conflicts=_loads(r.conflicts), what=r.what,
    )  # fmt: skip
    return EventRow(
        event=event, sources=r.sources, independent_sources=r.independent_sources,
        first_reported=r.first_reported, last_reported=r.last_reported,
        doc_names=_loads(r.doc_names),
    )  # fmt: skip
