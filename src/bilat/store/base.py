"""The storage interface. Every backend (SQLite, PostgreSQL) implements :class:`Store`
and must pass the one conformance suite in ``tests/store/test_conformance.py``.

Writes happen per document batch in one transaction; queries return plain frozen
records so views never see SQL or ORM objects.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from bilat.errors import NotFound
from bilat.model import (
    Correction,
    Document,
    DocumentAnalysis,
    Event,
    EventMention,
    Failure,
    MentionRef,
)
from bilat.partial_date import lower_bound, upper_bound
from bilat.store.desk import (  # re-exported: the interface returns them
    FACET_NAMES,
    Facet,
    Facets,
    FacetValue,
    PeriodCount,
    PlaceCounts,
    SearchMatch,
    place_counts_of,
)


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
    location: str | None = None  # the event's place, as stored ("Pyongyang")


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
    lead: str | None = None  # the start of its clean text, where a headline is (see views)


@dataclass(frozen=True)
class DocumentFilter:
    """Filters of the documents list (all optional)."""

    source: str | None = None  # the source's name, or the host of the documents' URLs
    since: str | None = None  # ISO prefix of the publication date, inclusive
    until: str | None = None  # ISO prefix, inclusive


@dataclass(frozen=True)
class DocumentPage:
    """Some documents of a listing, newest first, and how many match in all."""

    rows: tuple[DocumentSummary, ...]
    total: int


@dataclass(frozen=True)
class SourceRef:
    """A document an event is reported in, as an export cites it."""

    doc_id: str
    name: str
    title: str | None
    url: str | None
    published: str | None
    lead: str | None = None  # the start of its clean text (for a headline)


@dataclass(frozen=True)
class Provenance:
    """Where an event comes from: the evidence of its first mention and its documents,
    first reported first."""

    evidence: str | None
    documents: tuple[SourceRef, ...] = ()
    corrected: tuple[str, ...] = ()  # the fields a person set on the event (corrections)


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
    # "A>B" -> its events in which A acted on B (a visit, aid), when asked for
    flows: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentChange:
    """A stored document replaced by a new version of it, or pruned (see
    :meth:`Store.add_analyses` and :meth:`Store.prune`). A document's identity is its name;
    its text and metadata are its version."""

    name: str
    change: str  # "text" (a new text), "metadata" (same text, new metadata) or "pruned"


@dataclass(frozen=True)
class EventPage:
    """One page of a listing, and where the next one starts."""

    rows: tuple[EventRow, ...]
    next: str | None = None  # cursor of the following page (pass it as ``after``); None: last


@dataclass(frozen=True)
class StatsPage:
    """Some of the stats cells, in order, and figures over all of them."""

    cells: tuple[StatsCell, ...]
    cells_total: int  # cells over all pages
    total: int  # the sum of every cell's count


@dataclass(frozen=True)
class NetworkPage:
    """The heaviest edges of a network and the weights of their ends."""

    edges: tuple[NetworkEdge, ...]  # heaviest first
    edges_total: int  # edges in the whole network
    nodes: dict[str, int] = field(default_factory=dict)  # each end -> weight over all edges


@dataclass(frozen=True)
class MergeUpdate:
    """What merging newly stored documents changes, written in one transaction by
    :meth:`Store.apply_merge`."""

    # Replace every stored event that holds one of their mentions (and nothing else).
    events: tuple[Event, ...]
    # doc id -> canonical doc id for every copy among ``regrouped``; a regrouped document
    # absent from it is an original (or has no copy).
    copies: dict[str, str]
    regrouped: tuple[str, ...]  # documents whose copy-map entry is rewritten
    bands: dict[str, tuple[str, ...]]  # doc id -> LSH band keys (bilat.events.copies.band_keys)
    merged: tuple[str, ...]  # pending documents that are now merged


class Store(ABC):
    """A bilat database. Implementations: :class:`bilat.store.sql.SqlStore`."""

    # ------------------------------------------------------------------ writes
    @abstractmethod
    def known_documents(self, doc_ids: Iterable[str]) -> set[str]:
        """The ids among ``doc_ids`` already stored (whatever their metadata: a build asks
        :meth:`current_documents`, which compares versions)."""

    @abstractmethod
    def current_documents(self, documents: Sequence[Document]) -> set[str]:
        """The ids of the ``documents`` stored as they are: the only stored document of its
        name, with the same text (id) and metadata. The others are new, or new versions
        that :meth:`add_analyses` will store in place of what their names hold."""

    @abstractmethod
    def add_analyses(self, analyses: Sequence[DocumentAnalysis],
                     bands: Mapping[str, Sequence[str]] | None = None) -> list[DocumentChange]:
        """Store documents with their sentences, mentions and actors in ONE transaction
        (and ``bands``, the band keys of some of them, which the merge would otherwise
        store: :meth:`apply_merge`).

        A document's identity is its name. Documents already stored as they are are left
        unchanged; a document whose name holds another version (another text, or the same
        text with other metadata) replaces it: the old version's mentions, full-text and
        blocking rows, band keys and copy links go, the events holding its mentions are
        deleted, and the documents those events, its copy group and its merge
        neighbourhood touch are marked pending, so that the next merge
        (:func:`bilat.pipeline.incremental.merge_pending`) gives what a build of the
        current documents gives. Returns the replacements (also kept for :meth:`changes`);
        two versions of one name in one call are refused."""

    @abstractmethod
    def add_failures(self, failures: Sequence[Failure]) -> None:
        """Record skipped documents (idempotent on (name, stage, code))."""

    @abstractmethod
    def prune(self, keep: Collection[str], failed: Sequence[Failure] = ()) -> list[str]:
        """Remove the stored documents whose name is not in ``keep`` as :meth:`add_analyses`
        removes a replaced version, and the recorded failures other than ``failed``, in one
        transaction; return the pruned names (also kept for :meth:`changes`)."""

    @abstractmethod
    def changes(self) -> list[DocumentChange]:
        """The latest change of every name replaced or pruned, ordered by name (a pruned
        name stored again is no longer listed)."""

    @abstractmethod
    def replace_events(self, events: Sequence[Event], copies: dict[str, str]) -> None:
        """Replace merged events (and the copy map doc_id -> canonical doc_id) atomically."""

    @abstractmethod
    def apply_merge(self, update: MergeUpdate) -> None:
        """Write an incremental merge atomically: replace the events holding the mentions of
        ``update.events`` (refused if one of them also holds a mention left out: the
        neighbourhood was not closed), rewrite the copy map of the regrouped documents,
        store band keys and clear the merged documents from the pending list. Events that
        hold none of those mentions are left untouched, row for row."""

    # ------------------------------------------------------------------ reads
    @abstractmethod
    def mentions(self, doc_ids: Iterable[str] | None = None) -> list[EventMention]:
        """All event mentions (or those of ``doc_ids``), ordered by (doc name, start)."""

    @abstractmethod
    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        """All documents (or those of ``ids`` that are stored), ordered by name."""

    # ------------------------------------------------- incremental merging
    @abstractmethod
    def pending_documents(self) -> list[Document]:
        """Documents stored but not merged yet (by a build that was interrupted, or is
        running), ordered by name."""

    @abstractmethod
    def pending_ids(self) -> list[str]:
        """The ids of the documents :meth:`pending_documents` reads, sorted, without
        reading the documents."""

    @abstractmethod
    def merge_candidates(self, mentions: Sequence[EventMention],
                         known: Collection[str] = frozenset()) -> list[tuple[EventMention, ...]]:
        """The stored events (each as all its mentions) holding a mention that shares a
        blocking key and a month of its merge window with one of ``mentions``
        (:func:`bilat.events.merge.blocking_keys`, :func:`~bilat.events.merge.window_months`);
        a stored mention in no event comes alone, unless its id is ``known`` to the caller.
        Every stored mention that could merge with one of ``mentions`` is in the result;
        whole events are returned because re-merging a mention re-merges the event it
        belongs to."""

    @abstractmethod
    def band_matches(self, bands: Iterable[str]) -> dict[str, set[str]]:
        """Band key -> ids of the merged documents that have it (bands no document has are
        left out)."""

    @abstractmethod
    def copy_groups_of(self, doc_ids: Iterable[str]) -> list[tuple[str, ...]]:
        """The stored copy groups (canonical first) holding one of ``doc_ids``."""

    @abstractmethod
    def copy_canonicals(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Doc id -> the canonical of its stored copy group, for those of ``doc_ids`` in a
        group (a canonical maps to itself); the groups' other members are not read."""

    @abstractmethod
    def copy_map(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Stored doc id -> canonical doc id for the copies among ``doc_ids``."""

    @abstractmethod
    def events_of_documents(self, doc_ids: Iterable[str]) -> list[tuple[EventMention, ...]]:
        """The stored events (each as all its mentions) holding a mention of ``doc_ids``."""

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
    def network(self, flt: EventFilter = EventFilter(), *,
                level: str = "state") -> list[NetworkEdge]:
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
            DocumentSummary(d.id, d.name, d.published, d.title, d.url, d.source,
                            counts.get(d.id, 0))
            for d in self.documents()
        ]

    def mention_event_ids(self, mention_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Mention id -> id of the merged event that contains it (mentions in none are
        absent), for every mention or for ``mention_ids``."""
        found = {mid: row.event.id for row in self.events() for mid in row.event.mention_ids}
        if mention_ids is None:
            return found
        return {mid: found[mid] for mid in mention_ids if mid in found}

    def events_page(self, flt: EventFilter = EventFilter(), *, limit: int, offset: int = 0,
                    sort: str = "date", after: str | None = None) -> EventPage:
        """A page of :meth:`events`, and the cursor of the next one (keyset paging: pass it
        as ``after``, with the same filter and sort, instead of an offset)."""
        if after is not None:
            raise NotImplementedError("this store pages by offset only")
        rows = self.events(flt, limit=limit, offset=offset, sort=sort)
        return EventPage(tuple(rows))

    def stats_page(self, flt: EventFilter = EventFilter(), *, limit: int | None,
                   offset: int = 0) -> StatsPage:
        """Cells of :meth:`stats` from ``offset``, at most ``limit`` of them."""
        cells = self.stats(flt)
        end = None if limit is None else offset + limit
        return StatsPage(tuple(cells[offset:end]), len(cells), sum(c.count for c in cells))

    def stats_by_month(self, flt: EventFilter = EventFilter()) -> list[StatsCell]:
        """:meth:`stats` summed over pairs of states (each cell's pair is "*")."""
        by: dict[tuple[str, str], int] = {}
        for c in self.stats(flt):
            by[(c.month, c.type)] = by.get((c.month, c.type), 0) + c.count
        return [StatsCell(m, type_, "*", n) for (m, type_), n in sorted(by.items())]

    def network_page(self, flt: EventFilter = EventFilter(), *, level: str = "state",
                     limit: int | None, directed: bool = False) -> NetworkPage:
        """The ``limit`` heaviest edges of :meth:`network`, with their ends' weights; with
        ``directed``, each edge of states with its flows (``NetworkEdge.flows``; this
        default implementation has none)."""
        edges = self.network(flt, level=level)
        return network_page_of(edges, limit)

    def provenance(self, event_ids: Iterable[str]) -> dict[str, Provenance]:
        """Event id -> its first mention's evidence and its documents (first reported first),
        for the stored events among ``event_ids``."""
        found: dict[str, Provenance] = {}
        for event_id in dict.fromkeys(event_ids):
            try:
                detail = self.event(event_id)
            except NotFound:
                continue
            found[event_id] = provenance_of(detail)
        corrected = self.corrected_fields(found)
        return {event_id: replace(p, corrected=corrected.get(event_id, ()))
                for event_id, p in found.items()}

    def provenance_of_rows(self, rows: Sequence[EventRow]) -> dict[str, Provenance]:
        """:meth:`provenance` of listed events (a page of :meth:`events_page`); a store may
        read it from the mention ids the rows carry instead of looking them up again."""
        return self.provenance(r.event.id for r in rows)

    def documents_page(self, flt: DocumentFilter = DocumentFilter(), *, limit: int | None,
                       offset: int = 0) -> DocumentPage:
        """Documents matching ``flt``, newest first (undated last, ties by name)."""
        rows = [d for d in self.document_summaries() if document_matches(d, flt)]
        rows.sort(key=lambda d: d.name)
        rows.sort(key=lambda d: d.published or "", reverse=True)  # stable; undated ("") last
        end = None if limit is None else offset + limit
        return DocumentPage(tuple(rows[offset:end]), len(rows))

    def facets(self, flt: EventFilter = EventFilter(), *, limit: int = 10) -> Facets:
        """The commonest values of each facet among the events matching ``flt`` (here
        counted over every match; sources need the documents, which SqlStore reads)."""
        rows = self.events(flt)
        counts: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
        for row in rows:
            e = row.event
            codes = sorted(set(e.countries))
            pairs = [f"{a},{b}" for i, a in enumerate(codes) for b in codes[i + 1:]]
            for name, values in (("type", [e.type.value]), ("status", [e.status.value]),
                                 ("year", [(e.date or "")[:4]]), ("pair", pairs),
                                 ("actor", sorted(set(e.actors)))):  # fmt: skip
                for v in values:
                    counts[name][v] = counts[name].get(v, 0) + 1
        facets = []
        for name, found in counts.items():
            ordered = sorted(found.items(), key=lambda x: (-x[1], x[0]))
            facets.append(Facet(name, tuple(FacetValue(v, n) for v, n in ordered[:limit]),
                                len(ordered), True))  # fmt: skip
        return Facets(tuple(facets), len(rows), True)

    def search_matches(self, event_ids: Sequence[str], q: str) -> dict[str, SearchMatch]:
        """Event id -> the evidence and title of its first mention matching ``q``."""
        return {}

    def periods(self, flt: EventFilter = EventFilter()) -> list[PeriodCount]:
        """Events matching ``flt`` by month and type; those dated to a year only by year,
        undated ones apart."""
        by: dict[tuple[str, str], int] = {}
        for row in self.events(flt):
            e = row.event
            key = ((e.date or "")[:7], e.type.value)
            by[key] = by.get(key, 0) + 1
        return [PeriodCount(p, type_, n) for (p, type_), n in sorted(by.items())]

    def place_counts(self, flt: EventFilter = EventFilter(), *,
                     limit: int | None) -> PlaceCounts:
        """The ``limit`` places with most events of ``flt`` and every state's events."""
        return place_counts_of((row.event for row in self.events(flt)), limit)

    # ------------------------------------------------- corrections (schema v7)
    # Concrete so that test doubles need not keep a log; SqlStore keeps one
    # (bilat.store.corrections).
    def add_corrections(self, batch: Sequence[Correction]) -> int:
        """Append the corrections not stored yet; return how many were new."""
        raise NotImplementedError("this store keeps no corrections")

    def corrections(self) -> list[Correction]:
        """Every correction, in the order they are applied."""
        return []

    def resolve_mentions(self, refs: Iterable[MentionRef]) -> dict[str, str]:
        """Ref id -> id of the stored mention it designates (see MentionRef)."""
        raise NotImplementedError("this store keeps no corrections")

    def events_holding(self, mention_ids: Sequence[str]) -> dict[str, Event]:
        """The stored events holding one of ``mention_ids``, by id."""
        raise NotImplementedError("this store keeps no corrections")

    def mentions_by_id(self, mention_ids: Sequence[str]) -> dict[str, EventMention]:
        raise NotImplementedError("this store keeps no corrections")

    def rewrite_corrected(self, removed: Sequence[str], added: Sequence[Event],
                          fields: dict[str, dict[str, str]]) -> None:
        """Replace the ``removed`` events by the ``added`` ones and record the fields a
        person set (event id -> field -> correction id), in one transaction."""
        raise NotImplementedError("this store keeps no corrections")

    def corrected_fields(self, event_ids: Iterable[str] | None = None
                         ) -> dict[str, tuple[str, ...]]:
        """Event id -> the fields a person set on it."""
        return {}


def provenance_of(detail: EventDetail) -> Provenance:
    """An event's provenance from its detail (whose mentions are first reported first)."""
    first = detail.row.event.mention_ids[:1]
    by_id = {md.mention.id: md.mention for md in detail.mentions}
    evidence = by_id[first[0]].evidence if first and first[0] in by_id else None
    docs: dict[str, SourceRef] = {}
    for md in detail.mentions:
        m = md.mention
        docs.setdefault(m.doc_id, SourceRef(m.doc_id, m.doc_name, md.document_title,
                                            md.document_url, m.published))
    return Provenance(evidence, tuple(docs.values()))


def document_matches(d: DocumentSummary, flt: DocumentFilter) -> bool:
    """Whether a document passes the documents list's filter (see :class:`DocumentFilter`)."""
    if flt.source and flt.source not in (d.source, _host(d.url)):
        return False
    day = lower_bound(d.published)
    if (flt.since or flt.until) and day is None:
        return False
    since, until = lower_bound(flt.since), upper_bound(flt.until)
    return not ((since and day and day < since) or (until and day and day > until))


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:  # a malformed URL has no host
        return None


def network_page_of(edges: Sequence[NetworkEdge], limit: int | None) -> NetworkPage:
    """The first ``limit`` of ``edges`` (heaviest first), each end weighed over them all."""
    weights: dict[str, int] = {}
    for e in edges:
        for end in (e.source, e.target):
            weights[end] = weights.get(end, 0) + e.weight
    kept = tuple(edges[:limit])
    ends = {end for e in kept for end in (e.source, e.target)}
    return NetworkPage(kept, len(edges), {n: w for n, w in weights.items() if n in ends})
