"""Copy groups found batch by batch as a parallel build reads into an empty database
(:mod:`bilat.pipeline.groups_ahead`) equal those of every document at once, and those of
the documents it stores when every one left out is in no group."""

from __future__ import annotations

import random

import pytest

from bilat.events.copies import find_copies, shingles
from bilat.model import Document
from bilat.pipeline.groups_ahead import GroupsAhead
from bilat.pipeline.incremental import band_keys_of

STORIES = [
    "Russian President Vladimir Putin arrived in Pyongyang early on Wednesday for his first "
    "visit to North Korea in 24 years and was met at the airport by Kim Jong Un.",
    "Chinese Foreign Minister Wang Yi held talks with his Russian counterpart Sergei Lavrov in "
    "Beijing on Monday about trade, energy and the situation on the Korean peninsula.",
    "The two governments signed an agreement on economic cooperation covering railways, ports "
    "and the supply of fertiliser and grain over the next five years, officials said.",
]


def doc(name: str, text: str, published: str | None) -> Document:
    return Document(id=Document.make_id(name, text), name=name, text=text, clean=text,
                    published=published, source="test")  # fmt: skip


def corpus(seed: int) -> list[Document]:
    """Reposts of a few stories (some trimmed or extended, dated in any order) among
    unrelated texts, shuffled."""
    rng = random.Random(seed)
    docs = []
    for i in range(40):
        story = rng.choice(STORIES)
        text = (story + f" Report {i}." if rng.random() < 0.5 else story) if rng.random() < 0.7 \
            else f"Unrelated note {i} about the weather in town number {i * 7} today."
        day = rng.choice([None, "2024-06-18", "2024-06-19", "2024-06-20"])
        docs.append(doc(f"d{i:02d}.txt", text, day))
    rng.shuffle(docs)
    return docs


def test_groups_found_batch_by_batch_are_those_of_all_documents_at_once() -> None:
    for seed in range(6):
        docs = corpus(seed)
        keys = band_keys_of(docs)
        groups = GroupsAhead()
        size = 1 + seed  # batches of 1 to 6 documents
        for start in range(0, len(docs), size):
            groups.add(docs[start:start + size], keys)
        expected = find_copies(docs)
        assert len(set(expected.values())) >= 2  # not vacuous: several groups
        assert groups.copy_map({d.id for d in docs}) == expected


def test_an_earlier_copy_in_a_later_batch_leads_the_whole_group() -> None:
    story = STORIES[0]
    late = [doc(f"late{i}.txt", story + f" Note {i}.", "2024-06-20") for i in range(3)]
    first = doc("first.txt", story, "2024-06-18")
    keys = band_keys_of([*late, first])
    groups = GroupsAhead()
    groups.add(late, keys)
    groups.add([first], keys)
    assert groups.copy_map({d.id for d in [*late, first]}) == {d.id: first.id for d in late}


def words(start: int, end: int) -> str:
    return " ".join(f"word{i}" for i in range(start, end)) + "."


def test_a_chain_joined_through_one_member_moves_whole() -> None:
    """F, E, A, B, C a chain of copies (each a copy of its neighbours only), E the
    original; D, published first, copies only C: the whole group moves to D, F included,
    which shares no band with D (the members of a group beyond the hits and its canonical
    are read as stored: ``Store.copy_groups_of``)."""
    f, e = doc("f.txt", words(90, 150), "2024-06-20"), doc("e.txt", words(100, 160), "2024-06-19")
    a, b = doc("a.txt", words(110, 170), "2024-06-20"), doc("b.txt", words(120, 180), "2024-06-20")
    c, d = doc("c.txt", words(130, 190), "2024-06-20"), doc("d.txt", words(140, 200), "2024-06-17")
    chain = [f, e, a, b, c]
    keys = band_keys_of([*chain, d])
    assert not set(keys[f.id]) & set(keys[d.id])  # not vacuous: F is no hit of D
    groups = GroupsAhead()
    groups.add(chain, keys)
    assert groups.copy_map({x.id for x in chain}) == {x.id: e.id for x in (f, a, b, c)}
    groups.add([d], keys)
    expected = find_copies([*chain, d])
    assert expected == {x.id: d.id for x in chain}
    assert groups.copy_map({x.id for x in (*chain, d)}) == expected


def test_groups_are_left_to_the_merge_beyond_the_limit_or_without_keys() -> None:
    docs = corpus(1)
    keys = band_keys_of(docs)
    small = GroupsAhead(limit=10)
    small.add(docs[:8], keys)
    small.add(docs[8:16], keys)
    assert small.copy_map({d.id for d in docs[:16]}) is None
    keyless = GroupsAhead()
    keyless.add(docs[:4], {d.id: keys[d.id] for d in docs[:3]})
    assert keyless.copy_map({d.id for d in docs[:4]}) is None
    whole = GroupsAhead()
    whole.add(docs[:4], keys)
    assert whole.copy_map({d.id for d in docs[:5]}) is None  # one not grouped
    assert whole.copy_map({d.id for d in docs[:4]}) is not None


def test_the_groups_of_the_stored_documents_when_those_left_out_are_in_no_group() -> None:
    docs = corpus(2)
    keys = band_keys_of(docs)
    groups = GroupsAhead()
    for start in range(0, len(docs), 16):
        groups.add(docs[start:start + 16], keys)
    found = groups.found()
    assert found is not None
    grouped = {d.id for d in docs if d.id in found.canonical}
    alone = [d for d in docs if d.id not in grouped]
    assert grouped and alone  # not vacuous
    stored = [d for d in docs if d.id != alone[0].id]
    assert found.copy_map({d.id for d in stored}) == find_copies(stored)
    copy = next(iter(grouped))  # a stored copy left out: its group may split
    assert found.copy_map({d.id for d in docs if d.id != copy}) is None


def test_of_two_documents_with_one_id_the_first_read_is_kept() -> None:
    story = STORIES[1]
    early, again = doc("x.txt", story, "2024-06-18"), doc("x.txt", story, "2024-06-20")
    later = doc("y.txt", story + " More.", "2024-06-19")
    keys = band_keys_of([early, later])
    groups = GroupsAhead()
    groups.add([early, again, later], keys)
    assert groups.copy_map({early.id, later.id}) == {later.id: early.id}


def test_the_groups_after_the_batch_holding_a_prefixs_last_document_answer_for_it() -> None:
    """Grouped in batches, the documents read up to any point have the groups of the
    batch that read the last of them when those read after it in that batch are in no
    group; else the merge regroups (None), never a wrong answer."""
    answered = {"at a batch's end": 0, "inside a batch": 0, "left to the merge": 0}
    for seed in range(6):
        docs = corpus(seed)
        keys = band_keys_of(docs)
        groups = GroupsAhead()
        for start in range(0, len(docs), 8):
            groups.add(docs[start:start + 8], keys)
        found = groups.found()
        assert found is not None
        for end in range(1, len(docs) + 1):
            given = found.copy_map({d.id for d in docs[:end]})
            if end % 8 == 0:
                assert given == find_copies(docs[:end])
                answered["at a batch's end"] += 1
            elif given is not None:
                assert given == find_copies(docs[:end])
                answered["inside a batch"] += 1
            else:
                answered["left to the merge"] += 1
    assert all(answered.values())  # not vacuous: each case met


def test_groups_with_few_shingle_sets_kept_are_those_of_all_documents_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The earlier documents' shingle sets kept across batches (the latest used, at most
    KEPT_SHINGLES) stand for shingling them again: the groups are the same."""
    import bilat.pipeline.groups_ahead as groups_ahead

    monkeypatch.setattr(groups_ahead, "KEPT_SHINGLES", 3)
    for seed in range(6):  # every text its own, so no two documents' shingles are one set
        docs = [doc(d.name, f"{d.clean} Filed as {d.name}.", d.published) for d in corpus(seed)]
        keys = band_keys_of(docs)
        by_id = {d.id: d for d in docs}
        groups = GroupsAhead()
        for start in range(0, len(docs), 4):
            groups.add(docs[start:start + 4], keys)
            assert len(groups.shingled) <= 3
            assert all(kept == shingles(by_id[doc].clean)
                       for doc, kept in groups.shingled.items())
        assert groups.shingled  # not vacuous: earlier documents were checked
        assert groups.copy_map({d.id for d in docs}) == find_copies(docs)
