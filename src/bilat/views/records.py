"""Events as the analyst's rows: every export and list (CLI ``timeline --json/--csv``,
``bilat export --format csv|parquet``, the API's JSON and CSV) gives these fields, in this
order, from :func:`event_record`.

Besides the event's own fields a row says how precise its date is, who acted on whom, the
evidence of its first mention and the headlines and URLs of its sources. Direction follows
the event model (shared/spec/EVENTS.md: the acting side first): a VISIT goes from the
visitor's state to the host's, an AID from the provider to the recipient; a MEET, CALL or
AGREE is between its states, none acting on the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from bilat.model import Event, EventType
from bilat.partial_date import precision_of
from bilat.store.base import EventFilter, EventRow, Provenance, Store
from bilat.views.documents import headline

# Types whose first state acts on the second (VISIT: visitor -> host; AID: giver -> taker).
DIRECTED_TYPES = frozenset({EventType.VISIT, EventType.AID})
ARROW, DASH = " → ", " – "
UNDATED = "none"  # the precision of an event without a date

ROW_FIELDS = (
    "id", "date", "date_precision", "type", "what", "status", "direction", "actor_state",
    "recipient_state", "actors", "countries", "location", "sources", "independent_sources",
    "first_reported", "last_reported", "evidence", "source_titles", "source_urls", "doc_names",
    "conflicts", "corrected",
)  # fmt: skip
EXPORT_PAGE = 1000  # events read (and their sources looked up) at a time
_ALL = EventFilter()


@dataclass(frozen=True)
class Direction:
    """Who acted on whom, at the level of states."""

    states: tuple[str, ...]  # the event's states, the acting one first
    directed: bool  # the first state acts on the second

    @property
    def actor(self) -> str | None:
        return self.states[0] if self.directed else None

    @property
    def recipient(self) -> str | None:
        return self.states[1] if self.directed else None

    @property
    def label(self) -> str:
        """"RUS → PRK" for a directed event, "RUS – PRK" for one between its states."""
        if self.directed:
            return ARROW.join(self.states[:2]) + "".join(DASH + s for s in self.states[2:])
        return DASH.join(self.states)


def direction(event: Event) -> Direction:
    return _direction(EventType(event.type), event.countries)


# Directions and precisions are kept per type and states, per date: a page of 500 events
# repeats a few pairs of states and dates, and these were a third of a record's cost.
KEPT = 4096


@lru_cache(maxsize=KEPT)
def _direction(type_: EventType, countries: tuple[str, ...]) -> Direction:
    states = tuple(dict.fromkeys(c for c in countries if c))
    return Direction(states, type_ in DIRECTED_TYPES and len(states) >= 2)


@lru_cache(maxsize=KEPT)
def _direction_fields(type_: EventType,
                      countries: tuple[str, ...]) -> tuple[str, str | None, str | None]:
    """A record's direction, actor_state and recipient_state."""
    way = _direction(type_, countries)
    return way.label, way.actor, way.recipient


@lru_cache(maxsize=KEPT)
def date_precision(date: str | None) -> str:
    """"day", "month" or "year" (as the date was written), "none" when undated."""
    precision = precision_of(date)
    return precision.value if precision else UNDATED


def event_record(row: EventRow, provenance: Provenance | None) -> dict[str, Any]:
    """An event row with its direction, date precision, evidence and sources
    (:data:`ROW_FIELDS`, in that order); lists stay lists. The event's own fields are
    those of :func:`~bilat.views.serialise.event_dict` (a test holds them equal), written
    out here in row order: an API page or an export builds one per event, and picking them
    from event_dict's dict and merging cost as much again as the rest of the record."""
    e = row.event
    # e.type is an EventType already (no Enum call: a page makes 500 records)
    label, actor_state, recipient_state = _direction_fields(e.type, e.countries)
    docs = provenance.documents if provenance else ()
    return {
        "id": e.id,
        "date": e.date,
        "date_precision": date_precision(e.date),
        "type": e.type.value,
        "what": e.what,
        "status": e.status.value,
        "direction": label,
        "actor_state": actor_state,
        "recipient_state": recipient_state,
        "actors": list(e.actors),
        "countries": list(e.countries),
        "location": e.location,
        "sources": row.sources,
        "independent_sources": row.independent_sources,
        "first_reported": row.first_reported,
        "last_reported": row.last_reported,
        "evidence": provenance.evidence if provenance else None,
        "source_titles": [headline(d.title, d.lead, d.name) for d in docs],
        "source_urls": [d.url for d in docs if d.url],
        "doc_names": list(row.doc_names),
        "conflicts": list(e.conflicts),
        "corrected": list(provenance.corrected) if provenance else [],
    }


def records(store: Store, rows: Sequence[EventRow]) -> list[dict[str, Any]]:
    """:func:`event_record` of each row, their sources looked up in one batch."""
    found = store.provenance_of_rows(rows)
    return [event_record(r, found.get(r.event.id)) for r in rows]


def iter_rows(store: Store, flt: EventFilter = _ALL, *, sort: str = "date",
              limit: int | None = None, offset: int = 0, after: str | None = None,
              page: int = EXPORT_PAGE) -> Iterator[EventRow]:  # fmt: skip
    """Every event matching ``flt`` in ``sort`` order (at most ``limit``, from ``offset`` or
    after the cursor ``after``), read a page at a time by cursor (or by offset from a store
    without cursors), so any number streams."""
    wanted = limit if limit is not None else float("inf")
    given = 0
    while given < wanted:
        size = int(min(page, wanted - given))
        found = store.events_page(flt, limit=size, offset=offset, sort=sort, after=after)
        yield from found.rows
        given += len(found.rows)
        if len(found.rows) < size:
            return
        # the next page after its cursor, or (a store without cursors) at its offset
        after, offset = (found.next, 0) if found.next else (None, offset + size)


def iter_records(store: Store, flt: EventFilter = _ALL, *, sort: str = "date",
                 limit: int | None = None, offset: int = 0, after: str | None = None,
                 shape: Callable[[EventRow, Provenance | None], Any] = event_record,
                 ) -> Iterator[Any]:  # fmt: skip
    """``shape`` (by default :func:`event_record`) of every matching event (see
    :func:`iter_rows`), streamed a page at a time with that page's sources."""
    rows = iter_rows(store, flt, sort=sort, limit=limit, offset=offset, after=after)
    while batch := list(islice(rows, EXPORT_PAGE)):
        found = store.provenance_of_rows(batch)
        yield from (shape(r, found.get(r.event.id)) for r in batch)
