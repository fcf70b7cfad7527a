"""The storage interface. Every backend (SQLite, PostgreSQL) implements :class:`Store`
and must pass the one conformance suite in ``tests/store/test_conformance.py``.

Writes happen per document batch in one transaction; queries return plain frozen
records so views never see SQL or ORM objects.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bilat.model import Document, DocumentAnalysis, Event, EventMention, Failure


@dataclass(frozen=True)
class EventFilter:
    """Filters shared by the CLI timeline, the export and the API (all optional)."""

    actor: str | None = None  # canonical name or id, matched transliteration-insensitively
    countries: tuple[str, ...] = ()  # one ISO-3 code, or a pair (both must take part)
    type: str | None = None
    status: str | None = None
    since: str | None = None  # ISO prefix, inclusive
    until: str | None = None  # ISO prefix, inclusive
    q: str | None = None  # full-text over evidence and source titles


@dataclass(frozen=True)
class EventRow:
    """An event as listed in a timeline: the merged event plus its sourcing figures."""

    event: Event
    sources: int  # documents that mention it
    independent_sources: int  # documents after near-duplicate copies count as one
    first_reported: str | None
    last_reported: str | None
    doc_names: tuple[str, ...] = ()  # source documents, first reported first (published, name)


@dataclass(frozen=True)
class DocumentSummary:
    """A document without its text: what listings and the export need."""

    id: str
    name: str
    published: str | None
    title: str | None
    url: str | None
    source: str | None
    mentions: int  # event mentions found in it


@dataclass(frozen=True)
class MentionDetail:
    mention: EventMention
    document_title: str | None
    document_url: str | None


@dataclass(frozen=True)
class EventDetail:
    row: EventRow
    mentions: tuple[MentionDetail, ...]


@dataclass(frozen=True)
class ActorSummary:
    id: str
    name: str
    kind: str
    country: str | None
    events: int


@dataclass(frozen=True)
class StatsCell:
    month: str  # YYYY-MM, or "unknown"
    type: str
    pair: str  # "PRK-RUS" (sorted ISO codes joined by '-')
    count: int


@dataclass(frozen=True)
class NetworkEdge:
    source: str
    target: str
    weight: int
    types: dict[str, int] = field(default_factory=dict)


class Store(ABC):
    """A bilat database. Implementations: :class:`bilat.store.sql.SqlStore`."""

    # ------------------------------------------------------------------ writes
    @abstractmethod
    def known_documents(self, doc_ids: Iterable[str]) -> set[str]:
        """The ids among ``doc_ids`` already stored (for resumable, idempotent builds)."""

    @abstractmethod
    def add_analyses(self, analyses: Sequence[DocumentAnalysis]) -> None:
        """Store documents with their sentences, mentions and actors in ONE transaction.
        Documents already stored are left unchanged."""

    @abstractmethod
    def add_failures(self, failures: Sequence[Failure]) -> None:
        """Record skipped documents (idempotent on (name, stage, code))."""

    @abstractmethod
    def replace_events(self, events: Sequence[Event], copies: dict[str, str]) -> None:
        """Replace merged events (and the copy map doc_id -> canonical doc_id) atomically."""

    # ------------------------------------------------------------------ reads
    @abstractmethod
    def mentions(self) -> list[EventMention]:
        """All event mentions, ordered by (doc name, start)."""

    @abstractmethod
    def documents(self) -> list[Document]:
        """All documents, ordered by name."""

    @abstractmethod
    def document(self, doc_id: str) -> Document:
        """One document; raises :class:`bilat.errors.NotFound`."""

    @abstractmethod
    def failures(self) -> list[Failure]: ...

    @abstractmethod
    def events(
        self, flt: EventFilter = EventFilter(), *, limit: int | None = None, offset: int = 0,
        sort: str = "date",
    ) -> list[EventRow]:
        """Events matching ``flt`` (sort: "date", "-date", "sources", "-sources")."""

    @abstractmethod
    def count_events(self, flt: EventFilter = EventFilter()) -> int: ...

    @abstractmethod
    def event(self, event_id: str) -> EventDetail:
        """One event with all mentions; raises :class:`bilat.errors.NotFound`."""

    @abstractmethod
    def actors(self, q: str | None = None) -> list[ActorSummary]: ...

    @abstractmethod
    def stats(self, flt: EventFilter = EventFilter()) -> list[StatsCell]: ...

    @abstractmethod
    def network(self, flt: EventFilter = EventFilter(), *, level: str = "state") -> list[NetworkEdge]:
        """Engagements as weighted edges between states (level="state") or actors."""

    @abstractmethod
    def close(self) -> None: ...

    # ------------------------------------------------- additions (with defaults)
    # Concrete so that test doubles written against the original interface keep working;
    # SqlStore overrides them with single queries.
    def document_summaries(self) -> list[DocumentSummary]:
        """All documents without their text, ordered by name."""
        counts: dict[str, int] = {}
        for m in self.mentions():
            counts[m.doc_id] = counts.get(m.doc_id, 0) + 1
        return [
            DocumentSummary(d.id, d.name, d.published, d.title, d.url, d.source, counts.get(d.id, 0))
            for d in self.documents()
        ]

    def mention_event_ids(self) -> dict[str, str]:
        """Mention id -> id of the merged event that contains it (mentions in none are absent)."""
        return {mid: row.event.id for row in self.events() for mid in row.event.mention_ids}
