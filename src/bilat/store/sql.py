"""SqlStore: the :class:`~bilat.store.base.Store` on SQLite or PostgreSQL (SQLAlchemy Core).

The class holds the engine and opens one transaction per write and one connection per
read; the statements live by purpose:

- :mod:`~bilat.store.writes` - documents with their analyses, failures, merged events;
- :mod:`~bilat.store.reads` - records as stored, and what the incremental merge reads;
- :mod:`~bilat.store.queries` - the views' filtered, paged listings and aggregates;
- :mod:`~bilat.store.places` - where the events of a filter happened (the map).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bilat.errors import StoreError
from bilat.model import (
    Correction,
    Document,
    DocumentAnalysis,
    Event,
    EventMention,
    Failure,
    MentionRef,
)
from bilat.store import (
    aggregates,
    catalogue,
    corrections,
    dated_search,
    direction,
    places,
    provenance,
    queries,
    reads,
    replace,
    summaries,
    writes,
)
from bilat.store.base import (
    ActorSummary,
    DocumentChange,
    DocumentFilter,
    DocumentPage,
    DocumentSummary,
    EventDetail,
    EventFilter,
    EventPage,
    EventRow,
    Facets,
    MergeUpdate,
    NetworkEdge,
    NetworkPage,
    PeriodCount,
    PlaceCounts,
    Provenance,
    SearchMatch,
    StatsCell,
    StatsPage,
    Store,
)
from bilat.store.facets import facets as count_facets
from bilat.store.faults import reason_of, store_error
from bilat.store.locks import BuildLock
from bilat.store.periods import period_counts
from bilat.store.snippets import search_matches

_NO_FILTER = EventFilter()  # frozen, so safe as a shared default
_ALL_DOCUMENTS = DocumentFilter()


class SqlStore(Store):
    """A bilat database behind a SQLAlchemy engine. Build it with :func:`bilat.store.open_store`."""

    def __init__(self, engine: Engine, *, where: str | None = None,
                 lock: BuildLock | None = None) -> None:  # fmt: skip
        self._engine = engine
        self._where = where or repr(engine.url.render_as_string(hide_password=True))
        self._lock = lock  # the build lock (open_store(..., exclusive=True)), freed by close

    @property
    def engine(self) -> Engine:
        return self._engine

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction: nothing is kept when it fails, and a database failure
        becomes a coded StoreError without the statement or its parameters."""
        try:
            with self._engine.begin() as conn:
                yield conn
        except IntegrityError as exc:
            raise StoreError(
                f"The write was rolled back: {reason_of(exc.orig or exc)}",
                fix="The batch contradicts stored data (duplicate ids or references to "
                "missing rows); check the records passed to the store.",
            ) from None
        except SQLAlchemyError as exc:
            raise store_error(exc, self._where) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise store_error(exc, self._where) from None

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self._engine.dispose()

    # ------------------------------------------------------------------ writes
    def known_documents(self, doc_ids: Iterable[str]) -> set[str]:
        with self._read() as conn:
            return reads.known_documents(conn, doc_ids)

    def current_documents(self, documents: Sequence[Document]) -> set[str]:
        with self._read() as conn:
            return replace.current_documents(conn, documents)

    def add_analyses(self, analyses: Sequence[DocumentAnalysis],
                     bands: Mapping[str, Sequence[str]] | None = None) -> list[DocumentChange]:
        batch = writes.new_analyses(analyses)
        if not batch:
            return []
        with self._write() as conn:
            changes = replace.replace_versions(conn, batch)
            writes.add_analyses(conn, batch)
            writes.add_bands(conn, {a.document.id: bands[a.document.id] for a in batch
                                    if bands and a.document.id in bands})
        return changes

    def prune(self, keep: Collection[str], failed: Sequence[Failure] = ()) -> list[str]:
        with self._write() as conn:
            return replace.prune(conn, keep, failed)

    def changes(self) -> list[DocumentChange]:
        with self._read() as conn:
            return replace.changes(conn)

    def add_failures(self, failures: Sequence[Failure]) -> None:
        with self._write() as conn:
            writes.add_failures(conn, failures)

    def replace_events(self, events: Sequence[Event], copies: dict[str, str]) -> None:
        with self._write() as conn:
            writes.replace_events(conn, events, copies)
            summaries.rebuild(conn)
            dated_search.rebuild(conn)

    def apply_merge(self, update: MergeUpdate) -> None:
        with self._write() as conn, summaries.maintained(conn, update) as written:
            written.tables = writes.apply_merge(conn, update)

    # ------------------------------------------------------------------ reads
    def mentions(self, doc_ids: Iterable[str] | None = None) -> list[EventMention]:
        with self._read() as conn:
            return reads.mentions(conn, doc_ids)

    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        with self._read() as conn:
            return reads.documents(conn, ids)

    def document(self, doc_id: str) -> Document:
        with self._read() as conn:
            return reads.document(conn, doc_id)

    def document_summaries(self) -> list[DocumentSummary]:
        with self._read() as conn:
            return reads.document_summaries(conn)

    def mention_event_ids(self, mention_ids: Iterable[str] | None = None) -> dict[str, str]:
        with self._read() as conn:
            if mention_ids is None:
                return reads.mention_event_ids(conn)
            return queries.mention_event_ids(conn, mention_ids)

    def failures(self) -> list[Failure]:
        with self._read() as conn:
            return reads.failures(conn)

    # ------------------------------------------------- incremental merging
    def pending_documents(self) -> list[Document]:
        with self._read() as conn:
            return reads.pending_documents(conn)

    def pending_ids(self) -> list[str]:
        with self._read() as conn:
            return reads.pending_ids(conn)

    def merge_candidates(self, mentions: Sequence[EventMention],
                         known: Collection[str] = frozenset()) -> list[tuple[EventMention, ...]]:
        with self._read() as conn:
            return reads.merge_candidates(conn, mentions, known)

    def band_matches(self, bands: Iterable[str]) -> dict[str, set[str]]:
        with self._read() as conn:
            return reads.band_matches(conn, bands)

    def copy_groups_of(self, doc_ids: Iterable[str]) -> list[tuple[str, ...]]:
        with self._read() as conn:
            return reads.copy_groups_of(conn, doc_ids)

    def copy_canonicals(self, doc_ids: Iterable[str]) -> dict[str, str]:
        with self._read() as conn:
            return reads.copy_canonicals(conn, doc_ids)

    def copy_map(self, doc_ids: Iterable[str]) -> dict[str, str]:
        with self._read() as conn:
            return reads.copy_map(conn, doc_ids)

    def events_of_documents(self, doc_ids: Iterable[str]) -> list[tuple[EventMention, ...]]:
        with self._read() as conn:
            return reads.events_of_documents(conn, doc_ids)

    # ------------------------------------------------------------------ queries
    def events(
        self, flt: EventFilter = _NO_FILTER, *, limit: int | None = None, offset: int = 0,
        sort: str = "date",
    ) -> list[EventRow]:
        with self._read() as conn:
            return queries.events(conn, flt, limit=limit, offset=offset, sort=sort)

    def count_events(self, flt: EventFilter = _NO_FILTER) -> int:
        with self._read() as conn:
            return queries.count_events(conn, flt)

    def event(self, event_id: str) -> EventDetail:
        with self._read() as conn:
            return queries.event(conn, event_id)

    def actors(self, q: str | None = None) -> list[ActorSummary]:
        with self._read() as conn:
            return queries.actors(conn, q)

    def events_page(self, flt: EventFilter = _NO_FILTER, *, limit: int, offset: int = 0,
                    sort: str = "date", after: str | None = None) -> EventPage:
        with self._read() as conn:
            return queries.events_page(conn, flt, limit=limit, offset=offset, sort=sort,
                                       after=after)

    def stats(self, flt: EventFilter = _NO_FILTER) -> list[StatsCell]:
        return list(self.stats_page(flt, limit=None).cells)

    def stats_page(self, flt: EventFilter = _NO_FILTER, *, limit: int | None,
                   offset: int = 0) -> StatsPage:
        with self._read() as conn:
            return aggregates.stats_page(conn, flt, limit=limit, offset=offset)

    def stats_by_month(self, flt: EventFilter = _NO_FILTER) -> list[StatsCell]:
        with self._read() as conn:
            return aggregates.stats_by_month(conn, flt)

    def network(self, flt: EventFilter = _NO_FILTER, *, level: str = "state") -> list[NetworkEdge]:
        return list(self.network_page(flt, level=level, limit=None).edges)

    def network_page(self, flt: EventFilter = _NO_FILTER, *, level: str = "state",
                     limit: int | None, directed: bool = False) -> NetworkPage:
        with self._read() as conn:
            page = aggregates.network_page(conn, flt, level=level, limit=limit)
            if directed and level == "state":
                edges = direction.with_flows(conn, flt, page.edges)
                page = dataclasses.replace(page, edges=edges)
            return page

    # ------------------------------------------------- exports and the documents list
    def provenance(self, event_ids: Iterable[str]) -> dict[str, Provenance]:
        with self._read() as conn:
            return _with_corrected(conn, provenance.provenance(conn, event_ids))

    def provenance_of_rows(self, rows: Sequence[EventRow]) -> dict[str, Provenance]:
        with self._read() as conn:
            return _with_corrected(conn, provenance.provenance_of_rows(conn, rows))

    def documents_page(self, flt: DocumentFilter = _ALL_DOCUMENTS, *, limit: int | None,
                       offset: int = 0) -> DocumentPage:
        with self._read() as conn:
            return catalogue.documents_page(conn, flt, limit=limit, offset=offset)


    def facets(self, flt: EventFilter = _NO_FILTER, *, limit: int = 10) -> Facets:
        with self._read() as conn:
            return count_facets(conn, flt, limit=limit)

    def periods(self, flt: EventFilter = _NO_FILTER) -> list[PeriodCount]:
        with self._read() as conn:
            return period_counts(conn, flt)

    def search_matches(self, event_ids: Sequence[str], q: str) -> dict[str, SearchMatch]:
        with self._read() as conn:
            return search_matches(conn, event_ids, q)

    def place_counts(self, flt: EventFilter = _NO_FILTER, *, limit: int | None) -> PlaceCounts:
        with self._read() as conn:
            return places.place_counts(conn, flt, limit=limit)


    # ------------------------------------------------------------ corrections
    def add_corrections(self, batch: Sequence[Correction]) -> int:
        with self._write() as conn:
            return corrections.add_corrections(conn, batch)

    def corrections(self) -> list[Correction]:
        with self._read() as conn:
            return corrections.corrections(conn)

    def resolve_mentions(self, refs: Iterable[MentionRef]) -> dict[str, str]:
        with self._read() as conn:
            return corrections.resolve(conn, refs)

    def events_holding(self, mention_ids: Sequence[str]) -> dict[str, Event]:
        with self._read() as conn:
            return corrections.events_holding(conn, mention_ids)

    def mentions_by_id(self, mention_ids: Sequence[str]) -> dict[str, EventMention]:
        with self._read() as conn:
            return corrections.mentions_by_id(conn, mention_ids)

    def rewrite_corrected(self, removed: Sequence[str], added: Sequence[Event],
                          fields: dict[str, dict[str, str]]) -> None:
        with self._write() as conn:
            corrections.rewrite(conn, removed, added, fields)

    def corrected_fields(self, event_ids: Iterable[str] | None = None
                         ) -> dict[str, tuple[str, ...]]:
        with self._read() as conn:
            return corrections.corrected_fields(conn, event_ids)


def _with_corrected(conn: Connection, found: dict[str, Provenance]) -> dict[str, Provenance]:
    """``found`` with the fields a person set on each event (few have any: only those
    provenances are rebuilt)."""
    corrected = corrections.corrected_fields(conn, found)
    for event_id, fields in corrected.items():
        if event_id in found:
            found[event_id] = dataclasses.replace(found[event_id], corrected=fields)
    return found
