"""Incremental merging at the store level (issue 6): merging the documents added since the
last merge re-merges only their neighbourhood, and must give exactly what merging every
stored mention again gives — the same events (ids, fields, mention order), sourcing
figures and copy map — whatever the batches and their order. Hand-built records, with
sentences written for these tests.
"""

from __future__ import annotations

import gc
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bilat.model import Document, DocumentAnalysis, EventMention, EventType, Sentence, Status
from bilat.pipeline import merge_pending, remerge
from bilat.store import SqlStore, open_store
from bilat.store import tables as t

PR = ("RUS", "PRK")


def doc(name: str, text: str, published: str | None) -> Document:
    return Document(id=Document.make_id(name, text), name=name, text=text, clean=text,
                    published=published, source="test")  # fmt: skip


def mention(d: Document, k: int, type_: str, actors: tuple[str, ...], countries: tuple[str, ...],
            date: str | None, status: str = "occurred",
            location: str | None = None) -> EventMention:  # fmt: skip
    start, end = k, k + 5  # distinct offsets make distinct mentions of one document
    return EventMention(
        id=EventMention.make_id(d.id, type_, start, end, actors), doc_id=d.id, doc_name=d.name,
        type=EventType(type_), actors=actors, countries=countries, location=location, date=date,
        status=Status(status), evidence=d.text[start:end], start=start, end=end,
        published=d.published,
    )  # fmt: skip


def analysis(d: Document, *ms: EventMention) -> DocumentAnalysis:
    return DocumentAnalysis(document=d, sentences=(Sentence(d.id, 0, 0, len(d.text), d.text),),
                            mentions=ms)  # fmt: skip


def snapshot(store: SqlStore) -> dict[str, Any]:
    """What a user sees: every event row (fields, mention order, sourcing figures), the
    copy map and the actor counts."""
    with store.engine.connect() as conn:
        copies = sorted(conn.execute(select(t.copies.c.doc_id, t.copies.c.canonical_id)).tuples())
        names = sorted(conn.execute(select(t.actor_names)).tuples())
        pairs = sorted(conn.execute(select(t.event_pairs)).tuples())
    return {"events": store.events(), "copies": copies, "actor_names": names, "pairs": pairs,
            "mention_events": store.mention_event_ids()}  # fmt: skip


def incremental(batches: list[list[DocumentAnalysis]], path: Path) -> dict[str, Any]:
    store = open_store(path)
    assert isinstance(store, SqlStore)
    for batch in batches:
        store.add_analyses(batch)
        merge_pending(store)
    assert store.pending_documents() == []
    out = snapshot(store)
    store.close()
    return out


def from_scratch(analyses: list[DocumentAnalysis], path: Path) -> dict[str, Any]:
    """The oracle: every mention merged at once, every document compared for copies."""
    store = open_store(path)
    assert isinstance(store, SqlStore)
    store.add_analyses(analyses)
    remerge(store)
    out = snapshot(store)
    store.close()
    return out


# --------------------------------------------------------------------------- chains


def chain_corpus() -> tuple[list[DocumentAnalysis], list[DocumentAnalysis]]:
    """A: a June 2024 meeting reported by month (a1) and by day (a2, the 21st), merged into
    one event; a year-dated retelling (a3); an unrelated call. B: the meeting dated the 19th
    (b1) fits the month report but not a2's day, so the merge must take A's whole event
    apart again (the month report joins the earlier day); b2, undated, plans a visit that
    fits through nothing but A's visit report."""
    a1 = doc("a1.txt", "Putin and Kim met in June; the talks covered trade.", "2024-06-25")
    a2 = doc("a2.txt", "On June 21 Putin held talks with Kim in Pyongyang.", "2024-06-22")
    a3 = doc("a3.txt", "In 2024 Putin met Kim twice and visited Pyongyang once.", "2024-12-30")
    a4 = doc("a4.txt", "Wang Yi spoke by phone with Sergei Lavrov on Monday.", "2024-03-05")
    b1 = doc("b1.txt", "Putin and Kim held talks on June 19 at the guesthouse.", "2024-06-19")
    b2 = doc("b2.txt", "Putin will visit Pyongyang, the Kremlin said on Tuesday.", "2024-06-11")
    people = ("Vladimir Putin", "Kim Jong Un")
    a = [
        analysis(a1, mention(a1, 0, "MEET", people, PR, "2024-06")),
        analysis(a2, mention(a2, 0, "MEET", people, PR, "2024-06-21", location="Pyongyang")),
        analysis(
            a3,
            mention(a3, 0, "MEET", people, PR, "2024"),
            mention(a3, 9, "VISIT", ("Vladimir Putin",), PR, "2024", location="Pyongyang"),
        ),
        analysis(
            a4, mention(a4, 0, "CALL", ("Wang Yi", "Sergei Lavrov"), ("CHN", "RUS"), "2024-03-04")
        ),
    ]
    b = [
        analysis(b1, mention(b1, 0, "MEET", people, PR, "2024-06-19")),
        analysis(
            b2, mention(b2, 0, "VISIT", ("Vladimir Putin",), PR, None, "planned", "Pyongyang")
        ),
    ]
    return a, b


def test_a_chain_through_stored_events_is_re_merged(tmp_path: Path) -> None:
    a, b = chain_corpus()
    expected = from_scratch(a + b, tmp_path / "scratch.db")
    assert incremental([a, b], tmp_path / "ab.db") == expected
    assert incremental([b, a], tmp_path / "ba.db") == expected
    assert incremental([a + b], tmp_path / "one.db") == expected
    # not vacuous: B's day report took the month report out of A's event
    store = open_store(tmp_path / "a.db")
    store.add_analyses(a)
    merge_pending(store)
    before = store.mention_event_ids()
    store.close()
    a1_meet, a2_meet = a[0].mentions[0].id, a[1].mentions[0].id
    assert before[a1_meet] == before[a2_meet]
    assert expected["mention_events"][a1_meet] != expected["mention_events"][a2_meet]
    assert expected["mention_events"][a1_meet] == expected["mention_events"][b[0].mentions[0].id]


def _merge_counting_searches(store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> int:
    """Merge what is pending; how many times the store was asked for merge candidates."""
    asked = []
    search = store.merge_candidates
    monkeypatch.setattr(store, "merge_candidates",
                        lambda *args, **kwargs: asked.append(1) or search(*args, **kwargs))
    merge_pending(store)
    monkeypatch.undo()
    return len(asked)


def test_a_merge_with_every_stored_document_pending_skips_the_neighbourhood_search(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A build into a new database: every stored mention is new, there is nothing else to
    find; the events are those of a merge of everything."""
    a, b = chain_corpus()
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(a + b)
    assert _merge_counting_searches(store, monkeypatch) == 0
    assert snapshot(store) == from_scratch(a + b, tmp_path / "scratch.db")
    store.close()


def test_a_merge_into_a_store_of_merged_documents_still_finds_their_neighbours(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """B's mentions re-merge A's stored events (a chain through them): the search runs
    and finds them."""
    a, b = chain_corpus()
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(a)
    assert _merge_counting_searches(store, monkeypatch) == 0
    store.add_analyses(b)
    assert _merge_counting_searches(store, monkeypatch) > 0
    merged = snapshot(store)
    store.close()
    expected = from_scratch(a + b, tmp_path / "scratch.db")
    assert merged == expected
    a1_meet, b1_meet = a[0].mentions[0].id, b[0].mentions[0].id
    assert expected["mention_events"][a1_meet] == expected["mention_events"][b1_meet]


def test_mentions_kept_by_the_build_are_not_read_back_and_merge_as_stored_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    a, b = chain_corpus()
    kept = {x.document.id: x.mentions for x in a + b}
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(a + b)
    monkeypatch.setattr(store, "mentions", lambda *args: pytest.fail("read back"))
    merge_pending(store, kept=kept)
    monkeypatch.undo()
    assert snapshot(store) == from_scratch(a + b, tmp_path / "scratch.db")
    store.close()


def test_mentions_kept_for_some_pending_documents_only_are_read_from_the_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A rerun after an interruption: the documents the first run stored are pending too,
    and only the store has their mentions."""
    a, b = chain_corpus()
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(a)  # stored by a build that was stopped before its merge
    store.add_analyses(b)
    read = []
    stored = store.mentions
    monkeypatch.setattr(store, "mentions", lambda ids: read.append(set(ids)) or stored(ids))
    merge_pending(store, kept={x.document.id: x.mentions for x in b})
    monkeypatch.undo()
    assert read == [{x.document.id for x in a + b}]
    assert snapshot(store) == from_scratch(a + b, tmp_path / "scratch.db")
    store.close()


def test_untouched_events_keep_their_rows(tmp_path: Path) -> None:
    a, b = chain_corpus()
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(a)
    merge_pending(store)
    call = a[3].mentions[0].id
    with store.engine.connect() as conn:
        row = conn.execute(select(t.events).join(t.event_mentions)
                           .where(t.event_mentions.c.mention_id == call)).one()
    store.add_analyses(b)
    merge_pending(store)
    with store.engine.connect() as conn:
        again = conn.execute(select(t.events).where(t.events.c.id == row.id)).one()
    store.close()
    assert tuple(again) == tuple(row)


def test_merging_nothing_new_changes_nothing(tmp_path: Path) -> None:
    a, _ = chain_corpus()
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(a)
    merge_pending(store)
    first = snapshot(store)
    store.add_analyses(a)  # the same documents again: stored already
    merge_pending(store)
    assert snapshot(store) == first
    store.close()


def test_an_unclosed_neighbourhood_is_refused(tmp_path: Path) -> None:
    """The store will not orphan a mention: replacing an event means passing all of it."""
    from bilat.errors import StoreError
    from bilat.events.merge import merge_mentions
    from bilat.store.base import MergeUpdate

    a, _ = chain_corpus()
    store = open_store(tmp_path / "x.db")
    store.add_analyses(a)
    merge_pending(store)
    partial = merge_mentions([a[0].mentions[0]])  # a1's report without a2's
    with pytest.raises(StoreError, match="leave out"):
        store.apply_merge(MergeUpdate(tuple(partial), {}, (), {}, ()))
    store.close()


# --------------------------------------------------------------------------- copies


WIRE = ("Russian President Vladimir Putin arrived in Pyongyang early on Wednesday for his "
        "first visit to North Korea in 24 years and was met at the airport by Kim Jong Un, "
        "state media said. The two leaders are expected to sign a partnership agreement.")


def test_a_copy_of_a_stored_document_joins_its_group(tmp_path: Path) -> None:
    """B holds an earlier-published copy of A's wire story: it becomes the group's original,
    A's events count it as the same source, and the copy map equals a fresh build's."""
    people = ("Vladimir Putin",)
    a1 = doc("a1.txt", WIRE, "2024-06-19")
    a2 = doc("a2.txt", WIRE + " Analysts expect closer military ties.", "2024-06-20")
    a3 = doc("a3.txt", "Putin landed in Pyongyang, his spokesman told reporters.", "2024-06-19")
    b1 = doc("b1.txt", "PYONGYANG (wire) " + WIRE, "2024-06-18")
    visit = ("VISIT", people, PR, "2024-06-19")
    a = [analysis(a1, mention(a1, 0, *visit, location="Pyongyang")),
         analysis(a2, mention(a2, 0, *visit, location="Pyongyang")),
         analysis(a3, mention(a3, 0, *visit, location="Pyongyang"))]
    b = [analysis(b1, mention(b1, 0, *visit, location="Pyongyang"))]
    expected = from_scratch(a + b, tmp_path / "scratch.db")
    assert incremental([a, b], tmp_path / "ab.db") == expected
    assert incremental([b, a], tmp_path / "ba.db") == expected
    assert dict(expected["copies"]) == {a1.id: b1.id, a2.id: b1.id}
    (row,) = expected["events"]
    assert (row.sources, row.independent_sources) == (4, 2)


def test_a_copy_regroups_events_it_does_not_join(tmp_path: Path) -> None:
    """A new document that copies a stored one but whose own mention merges elsewhere still
    changes the stored event's independent sources (the copy map is recomputed there)."""
    d1 = doc("d1.txt", WIRE, "2024-06-20")
    d2 = doc("d2.txt", WIRE + " More follows.", "2024-06-21")
    d3 = doc("d3.txt", "Kim greeted Putin at the airport.", "2024-06-21")
    new = doc("new.txt", WIRE + " Updated.", "2024-06-19")  # earlier: the new original
    a = [
        analysis(
            d1, mention(d1, 0, "VISIT", ("Vladimir Putin",), PR, "2024-06-19", location="Pyongyang")
        ),
        analysis(
            d2, mention(d2, 0, "VISIT", ("Vladimir Putin",), PR, "2024-06-19", location="Pyongyang")
        ),
        analysis(d3, mention(d3, 0, "MEET", ("Kim Jong Un", "Vladimir Putin"), PR, "2024-06-19")),
    ]
    b = [
        analysis(new, mention(new, 0, "AGREE", ("Vladimir Putin", "Kim Jong Un"), PR, "2024-06-20"))
    ]
    expected = from_scratch(a + b, tmp_path / "scratch.db")
    assert incremental([a, b], tmp_path / "ab.db") == expected
    assert dict(expected["copies"]) == {d1.id: new.id, d2.id: new.id}


def test_band_keys_computed_ahead_are_the_ones_the_merge_uses(tmp_path: Path) -> None:
    """A build computes its documents' band keys while it extracts (``band_keys_of``) and
    hands them to the merge: the result is the merge's own; keys that differ are used."""
    from bilat.pipeline.incremental import band_keys_of

    a1, a2 = doc("a1.txt", WIRE, "2024-06-19"), doc("a2.txt", WIRE + " More.", "2024-06-20")
    batch = [analysis(a1), analysis(a2)]

    def copies(ahead: dict[str, tuple[str, ...]] | None, name: str) -> list[Any]:
        store = open_store(tmp_path / name)
        assert isinstance(store, SqlStore)
        store.add_analyses(batch)
        merge_pending(store, ahead)
        found = snapshot(store)["copies"]
        store.close()
        return found

    assert copies(band_keys_of([a1, a2]), "ahead.db") == copies(None, "own.db") == [(a2.id, a1.id)]
    # not vacuous: keys that share no band hide the copy, so the merge took the given ones
    assert copies({a1.id: ("00:a",), a2.id: ("00:b",)}, "other.db") == []


def test_band_keys_stored_with_their_batch_are_not_written_again(tmp_path: Path) -> None:
    """A parallel build stores the band keys its reader gave with each batch and tells the
    merge (``banded``): the copies and bands are those of a merge that wrote them itself,
    in a fresh database and after a stored one; a later copy finds the stored keys."""
    from bilat.pipeline.incremental import band_keys_of

    a1, a2 = doc("a1.txt", WIRE, "2024-06-19"), doc("a2.txt", WIRE + " More.", "2024-06-20")
    a3 = doc("a3.txt", WIRE + " Again.", "2024-06-18")
    keys = band_keys_of([a1, a2, a3])

    def built(banded: bool, name: str) -> tuple[Any, set[tuple[str, str]]]:
        store = open_store(tmp_path / name)
        assert isinstance(store, SqlStore)
        for batch in ([a1, a2], [a3]):
            given = {d.id: keys[d.id] for d in batch} if banded else None
            store.add_analyses([analysis(d) for d in batch], given)
            merge_pending(store, keys, None, set(given or ()))
        bands = store.band_matches(b for ks in keys.values() for b in ks)
        found = snapshot(store)["copies"], {(b, d) for b, ids in bands.items() for d in ids}
        store.close()
        return found

    with_batches, by_merge = built(True, "banded.db"), built(False, "merged.db")
    assert with_batches == by_merge
    assert sorted(with_batches[0]) == sorted([(a1.id, a3.id), (a2.id, a3.id)])
    assert len(with_batches[1]) == sum(len(set(ks)) for ks in keys.values())


# --------------------------------------------------------------------------- random batches


def random_corpus(seed: int) -> list[DocumentAnalysis]:
    """Dense, overlapping reports: few states, people, places and days, every precision, so
    that chains, splits, undated joins and copies are common."""
    rng = random.Random(seed)
    people = ["Vladimir Putin", "Kim Jong Un", "Sergei Lavrov", "Choe Son Hui", "Wang Yi"]
    states = ["RUS", "PRK", "CHN"]
    places = [None, "Pyongyang", "Moscow"]
    dates = [None, "2024", "2024-06", "2024-07", "2024-06-18", "2024-06-19", "2024-06-20",
             "2024-07-01", "2023-12-31", "2025"]
    texts = [f"Report number {i} on the talks between the delegations, with details "
             f"about the agenda, the venue and the outcome of day {i}." for i in range(6)]
    out = []
    for i in range(24):
        published = f"2024-{rng.choice(['05', '06', '07'])}-{rng.randint(10, 28)}"
        body = rng.choice(texts) if rng.random() < 0.3 else f"Story {i}: " + rng.choice(texts) * 2
        d = doc(f"doc{i:02d}.txt", body + f" Filed {i}." * rng.randint(0, 1), published)
        ms = []
        for k in range(rng.randint(0, 3)):
            countries = tuple(rng.sample(states, rng.choice([1, 2, 2, 2, 3])))
            actors = tuple(rng.sample(people, rng.randint(0, 2)))
            ms.append(mention(d, 6 * k, rng.choice(["MEET", "VISIT", "CALL"]), actors, countries,
                              rng.choice(dates), rng.choice(["occurred", "occurred", "planned"]),
                              rng.choice(places)))  # fmt: skip
        out.append(analysis(d, *ms))
    return out


def _corpus_in_two_parts(seed: int) -> tuple[list[DocumentAnalysis], list[Document],
                                                dict[str, tuple[str, ...]],
                                                dict[str, tuple[EventMention, ...]]]:
    """A random corpus, its documents, their band keys and each one's mentions: for the
    tests of a merge in two parts (the first 16 documents, then the rest)."""
    from bilat.pipeline.incremental import band_keys_of

    analyses = random_corpus(seed)
    docs = [x.document for x in analyses]
    return analyses, docs, band_keys_of(docs), {x.document.id: x.mentions for x in analyses}


@pytest.mark.parametrize("seed", range(20))
def test_random_batches_equal_one_merge(seed: int, tmp_path: Path) -> None:
    analyses = random_corpus(seed)
    expected = from_scratch(analyses, tmp_path / "scratch.db")
    rng = random.Random(seed)
    shuffled = analyses[:]
    rng.shuffle(shuffled)
    cuts = sorted(rng.sample(range(1, len(shuffled)), 4))
    batches = [shuffled[i:j] for i, j in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
    assert incremental(batches, tmp_path / "inc.db") == expected
    assert incremental([[x] for x in shuffled], tmp_path / "one_by_one.db") == expected


# --------------------------------------------------------------------------- new versions


def replaced(store_path: Path, first: list[DocumentAnalysis], changed: list[DocumentAnalysis],
             keep: set[str] | None = None) -> dict[str, Any]:
    """Merge ``first``, then store the ``changed`` versions (and prune the names not in
    ``keep``), merge again: what a rebuild after an edit does."""
    store = open_store(store_path)
    assert isinstance(store, SqlStore)
    store.add_analyses(first)
    merge_pending(store)
    store.add_analyses(changed)
    if keep is not None:
        store.prune(keep)
    merge_pending(store)
    assert store.pending_documents() == []
    out = snapshot(store) | {"documents": store.documents(), "mentions": store.mentions()}
    store.close()
    return out


def scratch_with_records(analyses: list[DocumentAnalysis], path: Path) -> dict[str, Any]:
    store = open_store(path)
    store.add_analyses(analyses)
    store.close()
    return from_scratch([], path) | _records(path)


def _records(path: Path) -> dict[str, Any]:
    store = open_store(path)
    try:
        return {"documents": store.documents(), "mentions": store.mentions()}
    finally:
        store.close()


def test_a_removed_link_of_a_chain_lets_the_rest_merge_again(tmp_path: Path) -> None:
    """b1 (the 19th) took a1 (June) out of a2's event (the 21st); with b1 gone, a1 joins a2
    again, though a2's event never held b1: the neighbourhood of b1 is merged again."""
    a, b = chain_corpus()
    expected = scratch_with_records(a + b[1:], tmp_path / "scratch.db")
    got = replaced(tmp_path / "x.db", a + b, [], keep={x.document.name for x in a + b[1:]})
    assert got == expected
    a1_meet, a2_meet = a[0].mentions[0].id, a[1].mentions[0].id
    assert got["mention_events"][a1_meet] == got["mention_events"][a2_meet]


def test_a_new_version_of_a_copy_original_regroups_its_copies(tmp_path: Path) -> None:
    """The original of a copy group is rewritten: its copies lose it as their original and
    count as sources of their own again."""
    visit = ("VISIT", ("Vladimir Putin",), PR, "2024-06-19")
    d1 = doc("d1.txt", WIRE, "2024-06-18")
    d2 = doc("d2.txt", WIRE + " More follows.", "2024-06-20")
    d3 = doc("d3.txt", "PYONGYANG (wire) " + WIRE, "2024-06-21")
    d1_new = doc("d1.txt", "Putin flew to Pyongyang, his spokesman told reporters today.",
                 "2024-06-18")  # fmt: skip
    first = [analysis(x, mention(x, 0, *visit, location="Pyongyang")) for x in (d1, d2, d3)]
    new = analysis(d1_new, mention(d1_new, 0, *visit, location="Pyongyang"))
    expected = scratch_with_records([new, *first[1:]], tmp_path / "scratch.db")
    got = replaced(tmp_path / "x.db", first, [new])
    assert got == expected
    assert dict(got["copies"]) == {d3.id: d2.id}
    (row,) = got["events"]
    assert (row.sources, row.independent_sources) == (3, 2)


def test_new_metadata_is_a_new_version(tmp_path: Path) -> None:
    """Same text, corrected publication date: the document and its mentions are stored again
    (same ids) and its events carry the new date of the report."""
    a, b = chain_corpus()
    old = a[0].document
    fixed = replace(old, published="2024-06-02")
    again = analysis(fixed, *(replace(m, published="2024-06-02") for m in a[0].mentions))
    expected = scratch_with_records([again, *a[1:], *b], tmp_path / "scratch.db")
    got = replaced(tmp_path / "x.db", a + b, [again])
    assert got == expected
    assert fixed.id == old.id and fixed in got["documents"]


def test_a_new_version_of_a_bridge_between_copies_splits_their_group(tmp_path: Path) -> None:
    """d1 (no events of its own) made d2 and d3 one copy group, though they are no copies of
    each other: rewritten, it leaves them two groups, and their event two sources."""
    head, middle, tail = (" ".join(f"{word}{i}" for i in range(20))
                          for word in ("alpha", "beta", "gamma"))  # fmt: skip
    d1 = doc("d1.txt", f"{head} {middle} {tail}", "2024-06-18")
    d2 = doc("d2.txt", f"{head} {middle}", "2024-06-19")
    d3 = doc("d3.txt", f"{middle} {tail}", "2024-06-20")
    d1_new = doc("d1.txt", "A note on the weather, which was mild this week.", "2024-06-18")
    visit = ("VISIT", ("Vladimir Putin",), PR, "2024-06-19")
    first = [analysis(d1), *(analysis(x, mention(x, 0, *visit)) for x in (d2, d3))]
    expected = scratch_with_records([analysis(d1_new), *first[1:]], tmp_path / "scratch.db")
    got = replaced(tmp_path / "x.db", first, [analysis(d1_new)])
    assert got == expected
    assert got["copies"] == []
    (row,) = got["events"]
    assert (row.sources, row.independent_sources) == (2, 2)


@pytest.mark.parametrize("seed", range(12))
def test_random_new_versions_and_prunes_equal_one_merge(seed: int, tmp_path: Path) -> None:
    """Some documents get a new text (other mentions, maybe another copy group), some new
    metadata, some are pruned: the result is what merging the final documents gives."""
    first = random_corpus(seed)
    rng = random.Random(1000 + seed)
    others = {a.document.name: a for a in random_corpus(seed + 500)}  # other texts and mentions
    final, changed = [], []
    for a in first:
        roll = rng.random()
        if roll < 0.2:  # a new text: same name, the content of another corpus
            other = others[a.document.name]
            changed.append(other)
            final.append(other)
        elif roll < 0.3:  # a corrected date
            d = replace(a.document, published="2024-08-01")
            new = analysis(d, *(replace(m, published="2024-08-01") for m in a.mentions))
            changed.append(new)
            final.append(new)
        elif roll > 0.85:  # pruned
            continue
        else:
            final.append(a)
    keep = {a.document.name for a in final}
    expected = scratch_with_records(final, tmp_path / "scratch.db")
    assert replaced(tmp_path / "x.db", first, changed, keep) == expected


def test_the_merge_runs_without_the_cycle_collector_and_restores_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The merge's objects live until it has written them: no collection while it runs
    (both the events' merge and the store's write), the collector on again after."""
    a, b = chain_corpus()
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(a + b)
    seen: list[bool] = []
    write = store.apply_merge
    monkeypatch.setattr(store, "apply_merge",
                        lambda update: seen.append(gc.isenabled()) or write(update))
    gc.enable()
    merge_pending(store)
    assert seen == [False] and gc.isenabled()
    assert snapshot(store) == from_scratch(a + b, tmp_path / "scratch.db")
    store.close()


def test_a_fresh_merge_given_its_groups_reads_no_pending_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A build into an empty database that grouped its copies and computed band keys as
    it stored needs the pending documents' ids only; the events are a full merge's."""
    from bilat.pipeline.groups_ahead import GroupsAhead
    from bilat.pipeline.incremental import band_keys_of

    a, b = chain_corpus()
    docs = [x.document for x in a + b]
    grouped = GroupsAhead()
    grouped.add(docs, band_keys_of(docs))
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(a + b)
    monkeypatch.setattr(store, "pending_documents", lambda: pytest.fail("documents read"))
    merge_pending(store, band_keys_of(docs), grouped=grouped)
    monkeypatch.undo()
    assert snapshot(store) == from_scratch(a + b, tmp_path / "scratch.db")
    store.close()


@pytest.mark.parametrize("seed", range(8))
def test_a_build_that_merged_early_takes_its_groups_as_found_for_the_rest(
        seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A parallel build into an empty database merges what it stored while its workers
    take the last chunks, then the rest: the copy groups found as it stored, against the
    copy rows the first merge stored, stand for the regrouping; the events are a full
    merge's (a copy in the rest may lead a group of the first part)."""
    import bilat.pipeline.incremental as incremental_module
    from bilat.pipeline.groups_ahead import GroupsAhead

    analyses, docs, keys, kept = _corpus_in_two_parts(seed)
    first, rest = analyses[:16], analyses[16:]
    grouped = GroupsAhead()
    grouped.add(docs, keys)
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    store.add_analyses(first)
    merge_pending(store, keys, {d: kept[d] for d in kept if d in {x.document.id for x in first}},
                  grouped=grouped)  # the groups of all the documents: not those of these
    store.add_analyses(rest)
    monkeypatch.setattr(incremental_module, "_regroup_copies",
                        lambda *args: pytest.fail("regrouped"))
    merge_pending(store, keys, kept, grouped=grouped)
    monkeypatch.undo()
    assert store.pending_documents() == []
    assert snapshot(store) == from_scratch(analyses, tmp_path / "scratch.db")
    store.close()


@pytest.mark.parametrize("seed", range(8))
def test_an_early_merge_takes_the_groups_as_they_stood_after_its_last_batch(
        seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Grouped in batches as the reader reads, the groups after the batch holding the last
    stored document stand for the first merge's regrouping too (the documents read after
    it are not in them); the events of both merges are a full merge's."""
    import bilat.pipeline.incremental as incremental_module
    from bilat.pipeline.groups_ahead import GroupsAhead

    analyses, docs, keys, kept = _corpus_in_two_parts(seed)
    first, rest = analyses[:16], analyses[16:]
    grouped = GroupsAhead()
    grouped.add(docs[:16], keys)
    grouped.add(docs[16:], keys)
    store = open_store(tmp_path / "x.db")
    assert isinstance(store, SqlStore)
    monkeypatch.setattr(incremental_module, "_regroup_copies",
                        lambda *args: pytest.fail("regrouped"))
    store.add_analyses(first)
    merge_pending(store, keys, {x.document.id: x.mentions for x in first}, grouped=grouped)
    store.add_analyses(rest)
    merge_pending(store, keys, kept, grouped=grouped)
    monkeypatch.undo()
    assert store.pending_documents() == []
    assert snapshot(store) == from_scratch(analyses, tmp_path / "scratch.db")
    store.close()


def test_groups_found_are_not_taken_for_a_store_holding_other_documents(
        tmp_path: Path) -> None:
    """Without every stored document among those the build kept, the merge regroups."""
    from bilat.pipeline.groups_ahead import GroupsAhead
    from bilat.pipeline.incremental import _regrouped_since, band_keys_of

    analyses = random_corpus(0)
    docs = [x.document for x in analyses]
    grouped = GroupsAhead()
    grouped.add(docs, band_keys_of(docs))
    store = open_store(tmp_path / "x.db")
    store.add_analyses(analyses)
    new = {x.document.id for x in analyses[16:]}
    some = {x.document.id: x.mentions for x in analyses[8:]}  # the build stored these only
    assert _regrouped_since(store, new, some, grouped) is None
    every = {x.document.id: x.mentions for x in analyses}
    assert _regrouped_since(store, new, every, grouped) is not None
    store.close()
