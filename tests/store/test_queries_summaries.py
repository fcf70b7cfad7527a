"""The summaries (bilat.store.summaries) kept by merges equal the ones rebuilt from the
events, row for row, whatever the merges did; a database of schema v5 gets them when it is
opened; and stats and the network read from them (bilat.store.aggregates) say what the
events say, page by page. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from itertools import combinations
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select, text

from bilat.errors import InvalidQuery, StoreError
from bilat.model import Event
from bilat.partial_date import lower_bound, month_of, upper_bound
from bilat.store import EventFilter, SqlStore, open_store
from bilat.store import tables as t
from bilat.store.base import MergeUpdate
from bilat.store.summaries import BY_PLACE, BY_STATE, breakdown_key, rebuild


def summaries(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    with store.engine.connect() as conn:
        return {table.name: sorted(tuple(r) for r in conn.execute(select(*table.columns)))
                for table in t.SUMMARY_TABLES}  # fmt: skip


def rebuilt(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    with store.engine.begin() as conn:
        rebuild(conn)
    return summaries(store)


def remerged(world: SimpleNamespace) -> list[Event]:
    """The world's first events merged otherwise: the first two joined, the third and the
    fourth split into one event per mention."""
    e = world.events
    joined = replace(e[0], id="J01", mention_ids=e[0].mention_ids + e[1].mention_ids)
    split = [replace(e[n], id=f"S{n}{i}", mention_ids=(mid,))
             for n in (2, 3) for i, mid in enumerate(e[n].mention_ids)]  # fmt: skip
    return [joined, *split]


# ---------------------------------------------------------------------------- keeping them


def test_summaries_kept_by_merges_equal_a_rebuild(filled: SqlStore, world: SimpleNamespace) -> None:
    kept = summaries(filled)
    assert kept["event_facets"] and kept == rebuilt(filled)


def test_summaries_follow_events_joined_split_and_replaced(
        filled: SqlStore, world: SimpleNamespace) -> None:
    filled.apply_merge(MergeUpdate(tuple(remerged(world)), {}, (), {}, ()))
    assert summaries(filled) == rebuilt(filled)
    filled.apply_merge(MergeUpdate(tuple(world.events[:4]), {}, (), {}, ()))  # and back
    again = summaries(filled)
    filled.replace_events(world.events, {})
    assert again == summaries(filled)


def test_facts_of_the_rows_written_are_the_facts_read_back(
        filled: SqlStore, world: SimpleNamespace) -> None:
    """A merge takes the added events' facts (and their dated-search entries) from the rows
    it wrote instead of reading them back: they must be what reading back gives."""
    from bilat.store import dated_search, summaries
    from bilat.store.writes import apply_merge

    update = MergeUpdate(tuple(remerged(world)), {}, (), {}, ())
    ids = [e.id for e in update.events]
    with filled.engine.begin() as conn:
        tables = apply_merge(conn, update)
        assert summaries.facts_of(tables) == list(summaries.read_facts(conn, ids))
        entries = dated_search._entries_of(tables)
        assert len(entries) > len(ids)
        assert entries == dated_search._entries(conn, ids)


def test_events_taken_out_before_they_are_deleted_leave_no_trace(
        filled: SqlStore, world: SimpleNamespace) -> None:
    from bilat.store.summaries import take_out
    from bilat.store.writes import _delete_events

    gone = [e.id for e in world.events[::3]]
    with filled.engine.begin() as conn:
        take_out(conn, gone)
        _delete_events(conn, gone)
    kept = summaries(filled)
    assert kept == rebuilt(filled)
    assert dict(kept["facet_counts"])["*"] == len(world.events) - len(gone)


def test_counts_of_facets_count_their_rows(filled: SqlStore, world: SimpleNamespace) -> None:
    kept = summaries(filled)
    rows = Counter(facet for facet, *_ in kept["event_facets"])
    counts = dict(kept["facet_counts"])
    assert counts.pop("*") == len(world.events)
    breakdown = {k: n for k, n in counts.items() if k.startswith((BY_PLACE, BY_STATE))}
    assert breakdown and {k: n for k, n in counts.items() if k not in breakdown} == dict(rows)


def test_the_events_of_a_facet_by_state_are_counted(filled: SqlStore,
                                                    world: SimpleNamespace) -> None:
    """Rule: facet_counts holds each facet's events by state (the map of a one-facet
    filter), each event counted once for each of its states."""
    counts = dict(summaries(filled)["facet_counts"])
    for e in world.events:
        facet = f"type:{e.type.value}"
        for code in set(e.countries):
            expected = sum(x.type == e.type and code in x.countries for x in world.events)
            assert counts[breakdown_key(BY_STATE, facet, code)] == expected


def test_a_refused_merge_leaves_the_summaries_as_they_were(
        filled: SqlStore, world: SimpleNamespace) -> None:
    before = summaries(filled)
    several = next(e for e in world.events if len(e.mention_ids) > 1)
    orphaning = replace(several, mention_ids=several.mention_ids[:1])
    with pytest.raises(StoreError):
        filled.apply_merge(MergeUpdate((orphaning,), {}, (), {}, ()))
    assert summaries(filled) == before


def test_schema_v5_gets_its_summaries_when_opened(store_url: str, world: SimpleNamespace) -> None:
    store = open_store(store_url)
    assert isinstance(store, SqlStore)
    store.add_analyses(world.analyses)
    store.replace_events(world.events, {})
    expected = summaries(store)
    with store.engine.begin() as conn:  # back to what bilat wrote at schema v5
        for table in reversed(t.SUMMARY_TABLES):
            conn.execute(text(f"DROP TABLE {table.name}"))
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value="5"))
    store.close()
    migrated = open_store(store_url)
    assert isinstance(migrated, SqlStore)
    assert summaries(migrated) == expected
    assert migrated.count_events(EventFilter(countries=("RUS",))) == sum(
        "RUS" in e.countries for e in world.events)
    migrated.close()


def test_schema_v7_gets_its_place_facets_when_opened(store_url: str,
                                                     world: SimpleNamespace) -> None:
    """Rule: the migration to v8 adds the place facets and each facet's events by place
    and by state."""
    store = open_store(store_url)
    assert isinstance(store, SqlStore)
    store.add_analyses(world.analyses)
    placed = [replace(e, location=("Moscow", "Hanoi", None)[i % 3])
              for i, e in enumerate(world.events)]  # fmt: skip
    store.replace_events(placed, {})
    expected = summaries(store)
    assert {row[0][:6] for row in expected["facet_counts"]} >= {"place:", "place@", "state@"}
    with store.engine.begin() as conn:  # back to what bilat wrote at schema v7
        conn.execute(text("DELETE FROM event_facets WHERE facet LIKE 'place:%'"))
        conn.execute(text("DELETE FROM facet_counts WHERE facet LIKE 'place%'"))
        conn.execute(text("DELETE FROM facet_counts WHERE facet LIKE 'state@%'"))
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value="7"))
    store.close()
    migrated = open_store(store_url)
    assert isinstance(migrated, SqlStore)
    assert summaries(migrated) == expected
    migrated.close()


# ---------------------------------------------------------------------------- stats


def pairs_of(e: Event) -> list[tuple[str, str]]:
    states = sorted(set(c for c in e.countries if c))
    return list(combinations(states, 2)) or [(states[0] if states else "", "")]


def matching(world: SimpleNamespace, flt: EventFilter) -> list[Event]:
    def keep(e: Event) -> bool:
        lo, hi = lower_bound(e.date), upper_bound(e.date)
        return all((
            not flt.type or e.type.value == flt.type,
            not flt.status or e.status.value == flt.status,
            all(c in e.countries for c in flt.countries),
            not flt.actor or flt.actor in e.actors,
            not flt.since or (hi is not None and hi >= str(lower_bound(flt.since))),
            not flt.until or (lo is not None and lo <= str(upper_bound(flt.until))),
        ))  # fmt: skip

    return [e for e in world.events if keep(e)]


def stats_reference(events: list[Event]) -> list[tuple[str, str, str, int]]:
    cells: Counter[tuple[str, str, str]] = Counter()
    for e in events:
        for a, b in pairs_of(e):
            pair = "-".join(c for c in (a, b) if c) or "unknown"
            cells[(month_of(e.date) or "unknown", e.type.value, pair)] += 1
    return sorted((m, ty, p, n) for (m, ty, p), n in cells.items())


Edge = tuple[str, str, int, dict[str, int]]


def network_reference(events: list[Event], level: str) -> list[Edge]:
    edges: dict[tuple[str, str], Counter[str]] = {}
    for e in events:
        ends = ([(a, b) for a, b in pairs_of(e) if b] if level == "state"
                else list(combinations(sorted(set(e.actors)), 2)))  # fmt: skip
        for end in ends:
            edges.setdefault(end, Counter())[e.type.value] += 1
    listed = [(a, b, sum(c.values()), dict(sorted(c.items()))) for (a, b), c in edges.items()]
    return sorted(listed, key=lambda x: (-x[2], x[0], x[1]))


STATS_FILTERS = [
    EventFilter(),  # stats_cells
    EventFilter(type="MEET"),  # stats_cells of a type
    EventFilter(countries=("RUS",), status="occurred"),  # event_tally
    EventFilter(countries=("RUS", "PRK"), since="2024", until="2024-06"),  # event_tally
    EventFilter(since="2023-09-14"),  # a day: the events themselves
    EventFilter(actor="Wang Yi"),  # a person: the events themselves
]


@pytest.mark.parametrize("flt", STATS_FILTERS, ids=lambda f: repr(f)[12:60])
def test_stats_say_what_the_events_say(filled: SqlStore, world: SimpleNamespace,
                                       flt: EventFilter) -> None:
    expected = stats_reference(matching(world, flt))
    assert [(c.month, c.type, c.pair, c.count) for c in filled.stats(flt)] == expected
    pages = [filled.stats_page(flt, limit=4, offset=off) for off in range(0, len(expected) + 4, 4)]
    assert [(c.month, c.type, c.pair, c.count) for p in pages for c in p.cells] == expected
    total = sum(n for *_, n in expected)
    assert {(p.cells_total, p.total) for p in pages} == {(len(expected), total)}
    by_month: Counter[tuple[str, str]] = Counter()
    for m, ty, _, n in expected:
        by_month[(m, ty)] += n
    assert [(c.month, c.type, c.pair, c.count) for c in filled.stats_by_month(flt)] == [
        (m, ty, "*", n) for (m, ty), n in sorted(by_month.items())]


@pytest.mark.parametrize("level", ["state", "actor"])
@pytest.mark.parametrize("flt", STATS_FILTERS, ids=lambda f: repr(f)[12:60])
def test_the_network_says_what_the_events_say(filled: SqlStore, world: SimpleNamespace,
                                              flt: EventFilter, level: str) -> None:
    expected = network_reference(matching(world, flt), level)
    edges = filled.network(flt, level=level)
    assert [(e.source, e.target, e.weight, e.types) for e in edges] == expected
    page = filled.network_page(flt, level=level, limit=3)
    assert [(e.source, e.target, e.weight, e.types) for e in page.edges] == expected[:3]
    assert page.edges_total == len(expected)
    weights: Counter[str] = Counter()
    for a, b, w, _ in expected:
        weights[a] += w
        weights[b] += w
    ends = {end for a, b, _, _ in expected[:3] for end in (a, b)}
    assert page.nodes == {n: weights[n] for n in ends}  # over every edge, not only these


def test_negative_paging_and_unknown_levels_are_refused(filled: SqlStore) -> None:
    with pytest.raises(InvalidQuery):
        filled.stats_page(EventFilter(), limit=-1)
    with pytest.raises(InvalidQuery):
        filled.network_page(EventFilter(), level="galaxy", limit=5)
