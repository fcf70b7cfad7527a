"""The documents list, event provenance and the network's direction (bilat.store.catalogue,
bilat.store.provenance, bilat.store.direction) on the conformance corpus, on SQLite and
PostgreSQL, each checked against the default implementation of the Store interface (which
reads the records one by one) as well as against the corpus itself."""

from __future__ import annotations

from typing import Any

import pytest

from bilat.errors import InvalidQuery
from bilat.store import EventFilter, SqlStore, Store
from bilat.store.base import DocumentFilter, Provenance, SourceRef


def default(method: str, store: SqlStore, *args: Any, **kwargs: Any) -> Any:
    """Store's default implementation of ``method`` run on ``store``'s data."""
    return getattr(Store, method)(store, *args, **kwargs)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (DocumentFilter(), ["c.txt", "b.txt", "a.txt", "d.txt", "e.txt"]),  # undated last
        (DocumentFilter(since="2024"), ["c.txt", "b.txt", "a.txt"]),
        (DocumentFilter(until="2023-12"), ["d.txt"]),
        (DocumentFilter(since="2024-06-20", until="2024-06-20"), ["b.txt"]),
        (DocumentFilter(source="example.org"), ["b.txt", "a.txt"]),  # by the URLs' host
        (DocumentFilter(source="test"), ["c.txt", "b.txt", "a.txt", "d.txt", "e.txt"]),
        (DocumentFilter(source="example"), []),  # a host is matched whole
    ],
)
def test_documents_are_listed_newest_first_by_source_and_date(
        loaded: SqlStore, flt: DocumentFilter, expected: list[str]) -> None:  # fmt: skip
    names = [d.name for d in loaded.documents_page(flt, limit=None).rows]
    assert names == expected
    assert names == [d.name for d in default("documents_page", loaded, flt, limit=None).rows]


def test_documents_pages_concatenate_and_keep_the_total(loaded: SqlStore) -> None:
    pages = [loaded.documents_page(limit=2, offset=o) for o in (0, 2, 4)]
    assert [p.total for p in pages] == [5, 5, 5]
    listed = [d.name for p in pages for d in p.rows]
    assert listed == [d.name for d in loaded.documents_page(limit=None).rows]


def test_a_listed_document_has_its_mentions_and_the_start_of_its_text(loaded: SqlStore) -> None:
    by_name = {d.name: d for d in loaded.documents_page(limit=None).rows}
    assert (by_name["d.txt"].mentions, by_name["e.txt"].mentions) == (3, 0)
    assert by_name["a.txt"].lead.startswith("Vladimir Putin arrived in Pyongyang")
    assert by_name["a.txt"].title == "Putin lands in North Korea"


def test_a_bad_document_filter_is_refused(loaded: SqlStore) -> None:
    with pytest.raises(InvalidQuery):
        loaded.documents_page(DocumentFilter(since="June"), limit=None)
    with pytest.raises(InvalidQuery):
        loaded.documents_page(limit=-1)


def test_provenance_is_the_first_mentions_evidence_and_the_sources_first_reported_first(
        loaded: SqlStore, corpus: Any) -> None:  # fmt: skip
    found = loaded.provenance(["E2", "E1", "missing"])
    assert set(found) == {"E1", "E2"}
    meet = found["E2"]
    assert meet.evidence == corpus.m_meet_a.evidence
    assert [d.name for d in meet.documents] == ["a.txt", "b.txt", "c.txt"]
    assert meet.documents[0] == SourceRef(corpus.a.id, "a.txt", "Putin lands in North Korea",
                                          "https://example.org/a", "2024-06-19",
                                          meet.documents[0].lead)  # fmt: skip
    assert isinstance(found["E1"], Provenance)
    by_default = default("provenance", loaded, ["E2"])["E2"]
    assert by_default.evidence == meet.evidence
    assert [d.name for d in by_default.documents] == [d.name for d in meet.documents]


def test_provenance_of_listed_rows_is_their_provenance(loaded: SqlStore) -> None:
    """The rule: a page's provenance read from the mention ids its rows carry is the one
    looked up by event id (corrected fields included), for every stored event."""
    rows = loaded.events_page(limit=100).rows
    ids = [r.event.id for r in rows]
    assert ids and loaded.provenance_of_rows(rows) == loaded.provenance(ids)
    assert default("provenance_of_rows", loaded, rows) == loaded.provenance(ids)


def test_network_flows_count_who_acted_on_whom(loaded: SqlStore) -> None:
    """E1 and E5 are visits from RUS to PRK; the meetings and the treaty between them are
    not directed; the call CHN-RUS neither."""
    edges = {(e.source, e.target): e for e in
             loaded.network_page(limit=None, directed=True).edges}  # fmt: skip
    assert edges[("PRK", "RUS")].flows == {"RUS>PRK": 2}
    (occurred,) = loaded.network_page(EventFilter(status="occurred", type="VISIT"), limit=None,
                                      directed=True).edges  # fmt: skip
    assert occurred.flows == {"RUS>PRK": 1}
    assert edges[("CHN", "RUS")].flows == {}
    plain = loaded.network_page(limit=None).edges
    assert all(e.flows == {} for e in plain)
    assert [(e.source, e.target, e.weight) for e in plain] == [
        (e.source, e.target, e.weight) for e in edges.values()]
    only_meetings = loaded.network_page(EventFilter(type="MEET"), limit=None, directed=True)
    assert [e.flows for e in only_meetings.edges] == [{}]
