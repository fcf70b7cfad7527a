"""Facets (bilat.store.facets) and events by period (bilat.store.periods) say what the
matching events say, whichever summary answers the filter; the evidence a search matched
(bilat.store.snippets) is the evidence holding the words. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest

from bilat.store import EventFilter, SqlStore
from bilat.store import facets as facets_module
from bilat.store.base import FACET_NAMES, EventRow, Facet, Facets, Store

FILTERS = [
    EventFilter(),  # the summaries, actors from facet_counts
    EventFilter(type="MEET"),  # event_tally
    EventFilter(countries=("RUS",), status="occurred"),  # event_tally
    EventFilter(countries=("RUS", "PRK"), since="2024", until="2024-06"),  # event_tally
    EventFilter(since="2023-09-14"),  # a day: the events themselves
    EventFilter(actor="Sergei Lavrov"),  # a person (two spellings): the events themselves
    EventFilter(q="report"),  # words: the events themselves
]


def reference(rows: list[EventRow]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES}
    for row in rows:
        e = row.event
        out["type"][e.type.value] += 1
        out["status"][e.status.value] += 1
        out["year"][(e.date or "")[:4]] += 1
        out["pair"].update(f"{a},{b}" for a, b in combinations(sorted(set(e.countries)), 2))
        out["actor"].update(set(e.actors))
        out["source"]["test"] += 1  # every document of the world has source "test"
    return out


def as_counters(store: SqlStore, flt: EventFilter) -> dict[str, Counter[str]]:
    found = store.facets(flt, limit=100)
    return {f.name: Counter({v.value: v.count for v in f.values}) for f in found.facets}


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f)[12:60])
def test_facets_count_the_matching_events(filled: SqlStore, flt: EventFilter) -> None:
    rows = filled.events(flt)
    assert rows, "the filter should match some of the world"
    assert as_counters(filled, flt) == reference(rows)
    found = filled.facets(flt)
    assert found.complete and found.scanned == len(rows)
    assert all(f.exact for f in found.facets)


def test_facets_list_the_commonest_values_first_and_say_how_many_more(filled: SqlStore) -> None:
    actor = next(f for f in filled.facets(EventFilter(), limit=2).facets if f.name == "actor")
    counts = [v.count for v in actor.values]
    assert len(counts) == 2 and counts == sorted(counts, reverse=True)
    assert actor.distinct == len(reference(filled.events())["actor"]) > 2


def test_facets_over_many_matches_count_the_newest_and_say_so(
        filled: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facets_module, "FACET_SCAN", 10)
    found = filled.facets(EventFilter(q="report"), limit=100)
    assert not found.complete and found.scanned == 10
    newest = filled.events(EventFilter(q="report"), sort="-date", limit=10)
    by_name = {f.name: f for f in found.facets}
    assert {v.value: v.count for v in by_name["type"].values} == dict(reference(newest)["type"])
    assert not any(f.exact for f in found.facets)
    # the summaries count every match: those facets stay exact
    tallied = {f.name: f.exact for f in filled.facets(EventFilter(type="MEET")).facets}
    assert tallied == {"type": True, "status": True, "pair": True, "year": True,
                       "actor": False, "source": False}  # fmt: skip
    # no filter: types, pairs and actors are facet_counts' rows, over every event
    everything = {f.name: f for f in filled.facets(EventFilter(), limit=100).facets}
    assert {n for n, f in everything.items() if f.exact} == {"type", "pair", "actor"}
    all_rows = reference(filled.events())
    assert {v.value: v.count for v in everything["actor"].values} == dict(all_rows["actor"])
    assert {v.value: v.count for v in everything["pair"].values} == dict(all_rows["pair"])


def test_a_person_no_event_names_has_empty_facets(filled: SqlStore) -> None:
    found = filled.facets(EventFilter(actor="Nobody Atall"))
    assert found.scanned == 0 and all(not f.values for f in found.facets)


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f)[12:60])
def test_periods_keep_months_years_and_undated_apart(filled: SqlStore, flt: EventFilter) -> None:
    expected: Counter[tuple[str, str]] = Counter()
    for row in filled.events(flt):
        expected[((row.event.date or "")[:7], row.event.type.value)] += 1
    got = [(c.period, c.type, c.count) for c in filled.periods(flt)]
    assert got == [(p, ty, n) for (p, ty), n in sorted(expected.items())]


def test_search_matches_quote_the_evidence_holding_the_words(loaded: SqlStore) -> None:
    rows = loaded.events(EventFilter(q="treaty"))
    found = loaded.search_matches([r.event.id for r in rows], "treaty")
    assert set(found) == {r.event.id for r in rows}
    assert all("treaty" in m.evidence or "treaty" in m.title.lower() for m in found.values())
    assert loaded.search_matches([r.event.id for r in rows], "  ") == {}


def test_search_matches_prefer_evidence_to_titles(loaded: SqlStore) -> None:
    # E2 is told in a (title "Putin lands in North Korea") and b and c: "talks" is in the
    # evidence of all three, "lands" only in a's title
    found = loaded.search_matches(["E2"], "talks")
    assert "talks" in found["E2"].evidence
    found = loaded.search_matches(["E2"], "lands")
    assert found["E2"].title == "Putin lands in North Korea"


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: repr(f)[12:60])
def test_the_interfaces_defaults_agree_with_the_sql_store(filled: SqlStore,
                                                          flt: EventFilter) -> None:
    """Store's own facets and periods (for stores without summaries) count as SqlStore's
    do; only SqlStore reads the documents' sources."""
    def without_source(found: Facets) -> list[Facet]:
        return [f for f in found.facets if f.name != "source"]

    assert without_source(Store.facets(filled, flt)) == without_source(filled.facets(flt))
    assert Store.periods(filled, flt) == filled.periods(flt)
