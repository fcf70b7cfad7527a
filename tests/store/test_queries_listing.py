"""Listing pages and counts (bilat.store.listing) against the rules they implement, on a
random world of events (several states, people with two spellings, dates at every
precision, several sources), on SQLite and PostgreSQL.

The reference is computed here in Python from the events themselves: every filter, every
sort, every page size, by offset and by cursor, must list exactly the reference's order.
"""

from __future__ import annotations

from typing import Any

import pytest

from bilat.errors import InvalidQuery
from bilat.knowledge.names import same_person
from bilat.model import Event
from bilat.partial_date import lower_bound, upper_bound
from bilat.store import EventFilter, SqlStore, listing
from bilat.store.derived import UNDATED_DOWN, UNDATED_UP
from bilat.store.search import words

# ---------------------------------------------------------------------------- the reference


def matches(e: Event, flt: EventFilter, texts: dict[str, tuple[str, str]]) -> bool:
    """The filter's rules; ``texts``: mention id -> (evidence, document name), the words a
    full-text query looks in (the random world's documents have no titles)."""
    lo, hi = lower_bound(e.date), upper_bound(e.date)
    asked = set(words(flt.q))
    return all((
        not asked or any(asked <= set(words(f"{evidence} {name}"))
                         for evidence, name in (texts[m] for m in e.mention_ids)),
        not flt.type or e.type.value == flt.type,
        not flt.status or e.status.value == flt.status,
        all(c in e.countries for c in flt.countries),
        not flt.actor or any(same_person(flt.actor, a) for a in e.actors),
        not flt.since or (hi is not None and hi >= str(lower_bound(flt.since))),
        not flt.until or (lo is not None and lo <= str(upper_bound(flt.until))),
    ))  # fmt: skip


def reference(world: Any, flt: EventFilter, sort: str, sources: dict[str, int]) -> list[str]:
    """The reference order, with each event's number of sources as stored."""
    chosen = [e for e in world.events if matches(e, flt, world.texts)]

    def key(e: Event) -> tuple[Any, ...]:
        lo = lower_bound(e.date)
        if sort == "date":
            return (lo or UNDATED_UP, e.id)
        if sort == "-date":
            return (_descending(lo or UNDATED_DOWN), e.id)
        return ((sources[e.id] if sort == "sources" else -sources[e.id]), e.id)

    return [e.id for e in sorted(chosen, key=key)]


def _descending(value: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in value)


N_EVENTS = 90  # the random world's (tests/store/conftest.py)

FILTERS = [
    EventFilter(),
    EventFilter(type="MEET"),
    EventFilter(countries=("RUS",)),
    EventFilter(countries=("PRK", "RUS")),
    EventFilter(countries=("RUS", "PRK"), type="VISIT"),
    EventFilter(actor="Sergei Lavrov"),  # two spellings: two facets walked and merged
    EventFilter(actor="Kim Jong Un", countries=("CHN",)),
    EventFilter(status="planned"),
    EventFilter(since="2024", until="2024-06"),
    EventFilter(since="2023-09-14", until="2024-06-19"),  # days: counted by walking
    # reached from before only by the year 2024 and the month 2024-06 (walk's key range)
    EventFilter(since="2024-06-20"),
    EventFilter(since="2024-06-20", q="report"),  # and by the words in date order
    # oldest first from a month: the year 2024 that reaches it, merged with the later ones
    EventFilter(since="2024-06", until="2024-12", status="occurred"),
    EventFilter(countries=("USA",), since="2023-10", status="occurred"),
    EventFilter(actor="Nobody Atall"),
    EventFilter(q="event 17"),  # words: "17" is also in "document 17"
    EventFilter(q="Document 3", type="MEET", since="2024"),
]


def _sources_by_docs(store: SqlStore, events: list[Event]) -> dict[str, int]:
    return {r.event.id: r.sources for r in store.events()}


# ---------------------------------------------------------------------------- tests


@pytest.mark.parametrize("sort", ["date", "-date", "sources", "-sources"])
@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f)[12:60])
def test_pages_by_offset_and_by_cursor_list_the_reference_order(
        filled: SqlStore, world: Any, flt: EventFilter, sort: str) -> None:
    store, events = filled, world.events
    sources = _sources_by_docs(store, events)
    expected = reference(world, flt, sort, sources)
    by_offset = [r.event.id for off in range(0, len(expected) + 7, 7)
                 for r in store.events(flt, limit=7, offset=off, sort=sort)]
    by_cursor, after = [], None
    for _ in range(len(expected) // 7 + 2):
        page = store.events_page(flt, limit=7, sort=sort, after=after)
        by_cursor += [r.event.id for r in page.rows]
        after = page.next
        if after is None:
            break
    assert by_offset == expected
    assert by_cursor == expected
    assert store.count_events(flt) == len(expected)
    assert [r.event.id for r in store.events(flt, sort=sort)] == expected  # every match


def test_the_last_page_has_no_cursor(filled: SqlStore, world: Any) -> None:
    store = filled
    flt = EventFilter(type="CALL")
    total = store.count_events(flt)
    assert store.events_page(flt, limit=total).next is not None  # full: maybe more
    assert store.events_page(flt, limit=total + 1).next is None


def test_a_rare_facet_in_an_unindexed_sort_is_sorted_and_a_common_one_walks_the_events(
        filled: SqlStore, world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both plans list the same: "sources" has no facet index, so a facet is sorted when it
    is small and the events' own index is walked (probing the facet) when it is not."""
    store, events = filled, world.events
    flt = EventFilter(countries=("RUS",))
    small = [r.event.id for r in store.events(flt, limit=500, sort="sources")]
    monkeypatch.setattr(listing, "SORTED_IN_MEMORY", 3)
    with store.engine.connect() as conn:
        assert listing.Walk.choose(conn, listing.criteria(conn, flt), "sources").facets == ()
        assert listing.Walk.choose(conn, listing.criteria(conn, flt), "date").facets != ()
    assert [r.event.id for r in store.events(flt, limit=500, sort="sources")] == small
    assert small == reference(world, flt, "sources", _sources_by_docs(store, events))


def test_the_rarest_facet_is_walked(filled: SqlStore, world: Any) -> None:
    store = filled
    with store.engine.connect() as conn:
        c = listing.criteria(conn, EventFilter(type="MEET", countries=("RUS", "USA")))
        counts = listing.facet_counts(conn, list(c.facets))
        walk = listing.Walk.choose(conn, c, "date")
    assert len(walk.facets) == 1 and counts[walk.facets[0]] == min(counts.values())


@pytest.mark.parametrize("cursor", ["", "not-a-cursor", "W10", "WyJkYXRlIiwxLCJ4Il0"])
def test_a_damaged_cursor_is_refused(filled: SqlStore, world: Any, cursor: str) -> None:
    store = filled
    with pytest.raises(InvalidQuery):
        store.events_page(EventFilter(), limit=5, sort="date", after=cursor or "=")


def test_a_cursor_of_another_sort_or_with_an_offset_is_refused(
        filled: SqlStore) -> None:
    store = filled
    cursor = store.events_page(EventFilter(), limit=5, sort="date").next
    assert cursor is not None
    with pytest.raises(InvalidQuery, match="another sort"):
        store.events_page(EventFilter(), limit=5, sort="-sources", after=cursor)
    with pytest.raises(InvalidQuery, match="not both"):
        store.events_page(EventFilter(), limit=5, offset=5, sort="date", after=cursor)


def test_cursor_values_are_bound_parameters(filled: SqlStore, world: Any) -> None:
    """A cursor carrying SQL is a key compared like any other: nothing after it."""
    store = filled
    hostile = listing.encode_cursor("date", "9999-99-99'; DROP TABLE events; --", "x")
    assert store.events_page(EventFilter(), limit=5, sort="date", after=hostile).rows == ()
    assert store.count_events() == N_EVENTS
