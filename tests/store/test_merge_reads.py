"""The reads of the incremental merge: merge candidates skip the mentions the caller holds."""

from __future__ import annotations

from typing import Any

from bilat.store import SqlStore


def test_merge_candidates_skip_known_mentions_in_no_event(rec: Any, store: SqlStore) -> None:
    """A new (pending) mention is in no event: a probe finds it alone, unless the caller
    says it holds it already."""
    d = rec.doc("n.txt", "Putin and Kim met in Pyongyang.", published="2024-06-20")
    met = rec.mention(d, "Putin and Kim met", "MEET", ("Vladimir Putin",), ("RUS", "PRK"),
                      "2024-06-19")
    store.add_analyses([rec.analysis(d, met)])
    assert store.merge_candidates([met]) == [(met,)]
    assert store.merge_candidates([met], known={met.id}) == []


def test_merge_candidates_keep_whole_events_of_known_mentions(
    rec: Any, loaded: SqlStore, corpus: Any
) -> None:
    """Known ids only drop lone mentions: a known mention's stored event still comes whole."""
    probe = rec.doc("p.txt", "Putin and Kim met again.", published="2024-06-30")
    again = rec.mention(probe, "Putin and Kim met again", "MEET", ("Vladimir Putin",),
                        ("RUS", "PRK"), "2024-06-20")
    (group,) = loaded.merge_candidates([again], known={corpus.m_meet_a.id})
    assert {m.id for m in group} == {corpus.m_meet_a.id, corpus.m_meet_b.id, corpus.m_meet_c.id}
