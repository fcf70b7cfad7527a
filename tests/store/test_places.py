"""Counts for the map (bilat.store.places): the busiest places under a filter, the states of
their events, and every state's events, as the listed events say, whichever path the
store takes (the stored facet counts, the tally, or the events); and the location filter
the map's links use. On SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from types import SimpleNamespace

import pytest

from bilat.errors import InvalidQuery
from bilat.model import Event
from bilat.store import EventFilter, SqlStore
from bilat.store.base import MergeUpdate, PlaceCounts, Store
from bilat.store.desk import PlaceCount, StateCount

PLACES = ("Pyongyang", "Moscow", "Beijing", "Vladivostok", "Hanoi")


def by_hand(events: list[Event], limit: int | None) -> PlaceCounts:
    """The map's counts of ``events``, counted here one event at a time."""
    at = Counter(e.location for e in events if e.location is not None)
    states = Counter(code for e in events for code in set(e.countries))
    ranked = sorted(at, key=lambda name: (-at[name], name))[:limit]
    return PlaceCounts(
        places=tuple(PlaceCount(n, at[n]) for n in ranked),
        places_total=len(at), placed=sum(at.values()),
        states=tuple(StateCount(c, states[c])
                     for c in sorted(states, key=lambda c: (-states[c], c))),
    )  # fmt: skip


def listed(store: Store, flt: EventFilter) -> list[Event]:
    return [row.event for row in store.events(flt)]


@pytest.fixture
def placed_world(store: SqlStore, world: SimpleNamespace) -> SqlStore:
    """The random world with a place drawn for each event (or none, one time in six),
    stored as builds store it: documents, then merges in batches."""
    rng = random.Random(11)
    events = [replace(e, location=rng.choice((*PLACES, None))) for e in world.events]
    store.add_analyses(world.analyses)
    for lo in range(0, len(events), 40):
        store.apply_merge(MergeUpdate(tuple(events[lo:lo + 40]), {}, (), {}, ()))
    return store


# ---------------------------------------------------------------------------- by hand


def test_the_corpus_places_and_states_counted_by_hand(loaded: SqlStore) -> None:
    """E1 (Putin's visit) and E5 (Shoigu's planned visit) name Pyongyang; every event engages
    Russia, five North Korea, one China (the Wang-Lavrov call)."""
    counts = loaded.place_counts(limit=10)
    assert counts.places == (PlaceCount("Pyongyang", 2),)
    assert (counts.places_total, counts.placed) == (1, 2)
    assert counts.states == (StateCount("RUS", 6), StateCount("PRK", 5), StateCount("CHN", 1))


def test_a_filter_no_event_matches_counts_nothing(loaded: SqlStore) -> None:
    empty = PlaceCounts((), 0, 0, ())
    assert loaded.place_counts(EventFilter(actor="Nobody Known"), limit=10) == empty
    assert loaded.place_counts(EventFilter(location="Atlantis"), limit=10) == empty


# ---------------------------------------------------------------------------- every path

FILTERS = [
    EventFilter(),  # the stored facet counts
    EventFilter(type="MEET"),  # one facet: its (facet, location) index
    EventFilter(countries=("RUS", "PRK")),  # one facet: a pair
    EventFilter(countries=("CHN",), status="occurred"),
    EventFilter(countries=("RUS", "PRK"), since="2024", until="2024-06"),
    EventFilter(since="2023-09-14"),  # a day: the events
    EventFilter(actor="Sergey Lavrov"),  # a person, in either spelling
    EventFilter(q="document 3"),
    EventFilter(location="Moscow"),
    EventFilter(location="Beijing", type="CALL", countries=("USA",)),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f)[12:60])
def test_counts_are_those_of_the_listed_events(placed_world: SqlStore, flt: EventFilter) -> None:
    expected = by_hand(listed(placed_world, flt), limit=3)
    assert placed_world.place_counts(flt, limit=3) == expected


def test_the_limit_keeps_the_busiest_places_and_the_totals_count_all(
        placed_world: SqlStore) -> None:
    every = placed_world.place_counts(limit=None)
    assert len(every.places) == every.places_total == len(PLACES)
    assert placed_world.place_counts(limit=2).places == every.places[:2]
    none = placed_world.place_counts(limit=0)
    assert none.places == () and (none.places_total, none.placed) == (len(PLACES), every.placed)
    with pytest.raises(InvalidQuery):
        placed_world.place_counts(limit=-1)


def test_the_default_of_the_interface_counts_the_same(placed_world: SqlStore) -> None:
    for flt in FILTERS:
        assert Store.place_counts(placed_world, flt, limit=4) == placed_world.place_counts(
            flt, limit=4)


# ---------------------------------------------------------------------------- location filter


def test_the_location_filter_agrees_across_listing_count_stats_and_network(
        placed_world: SqlStore) -> None:
    """Rule: a place is a facet, which event_tally does not count by, so every answer the
    tally would give reads the place's facet rows or the events when it is set."""
    everything = listed(placed_world, EventFilter())
    for flt in (EventFilter(location="Hanoi"), EventFilter(location="Hanoi", type="VISIT"),
                EventFilter(location="Hanoi", countries=("RUS",), since="2023")):
        rows = listed(placed_world, flt)
        wanted = {e.id for e in everything if e.location == "Hanoi"}
        assert rows and {e.id for e in rows} <= wanted
        assert placed_world.count_events(flt) == len(rows)
        assert sum(p.count for p in placed_world.periods(flt)) == len(rows)
        types = Counter(e.type.value for e in rows)
        facets = {f.name: f for f in placed_world.facets(flt).facets}
        assert {v.value: v.count for v in facets["type"].values} == types
        page = placed_world.events_page(flt, limit=2)
        assert [r.event.id for r in page.rows] == [e.id for e in rows[:2]]
        pairs = sum(max(1, len(set(e.countries)) * (len(set(e.countries)) - 1) // 2)
                    for e in rows)  # fmt: skip
        assert sum(c.count for c in placed_world.stats(flt)) == pairs
        network = sum(edge.weight for edge in placed_world.network(flt))
        assert network == sum(len(set(e.countries)) * (len(set(e.countries)) - 1) // 2
                              for e in rows)  # fmt: skip
    assert listed(placed_world, EventFilter(location="Hanoi"))
    assert placed_world.count_events(EventFilter(location="hanoi")) == 0  # the name as stored
