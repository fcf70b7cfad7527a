"""Near-duplicate detection on synthetic texts (no article text from shared/)."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from bilat.events import copies
from bilat.events.copies import (
    band_keys,
    copy_groups,
    extend_groups,
    find_copies,
    jaccard,
    shingles,
)
from bilat.model import Document

_VOCAB = [
    "minister",
    "delegation",
    "talks",
    "visit",
    "agreement",
    "capital",
    "officials",
    "ministry",
    "cooperation",
    "security",
    "trade",
    "energy",
    "port",
    "railway",
    "summit",
    "leader",
    "statement",
    "press",
    "council",
    "defence",
    "economic",
    "humanitarian",
    "treaty",
    "signed",
    "arrived",
    "held",
    "meeting",
    "bilateral",
    "regional",
]


def _text(seed: int, words: int = 400) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_VOCAB) for _ in range(words)) + "."


def doc(name: str, text: str, published: str | None = "2024-06-20") -> Document:
    return Document(
        id=Document.make_id(name, text), name=name, text=text, clean=text, published=published
    )


def _edited(text: str, seed: int, changes: int) -> str:
    """A repost: a new dateline and byline, a few words changed, the ending trimmed."""
    rng = random.Random(seed)
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(_VOCAB)
    return "MOSCOW (Agency) - " + " ".join(words[: len(words) * 9 // 10]) + " (c) Agency 2024"


def test_shingles_are_word_five_grams() -> None:
    assert shingles("A b c d e f") == {"a b c d e", "b c d e f"}
    assert shingles("short text") == {"short text"}
    assert shingles("  ") == set()


def test_jaccard() -> None:
    assert jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert jaccard(set(), set()) == 0.0


def test_wire_copies_map_to_the_earliest_published() -> None:
    original = _text(1)
    docs = [
        doc("b-repost.txt", _edited(original, 2, 5), published="2024-06-21"),
        doc("z-original.txt", original, published="2024-06-19"),
        doc("a-repost.txt", _edited(original, 3, 5), published="2024-06-20"),
        doc("other.txt", _text(4), published="2024-06-18"),
    ]
    ids = {d.name: d.id for d in docs}
    copies = find_copies(docs)
    assert copies == {
        ids["b-repost.txt"]: ids["z-original.txt"],
        ids["a-repost.txt"]: ids["z-original.txt"],
    }
    # the canonical document and the unrelated one are not keys
    assert ids["z-original.txt"] not in copies
    assert ids["other.txt"] not in copies


def test_same_date_ties_break_on_the_smallest_name() -> None:
    text = _text(5)
    docs = [doc("b.txt", text), doc("a.txt", _edited(text, 6, 3))]
    (group,) = copy_groups(docs)
    assert group == (docs[1].id, docs[0].id)


def test_undated_copy_is_never_canonical() -> None:
    text = _text(7)
    docs = [doc("a.txt", text, published=None), doc("b.txt", _edited(text, 8, 3))]
    assert find_copies(docs) == {docs[0].id: docs[1].id}


def test_rewrites_of_one_story_are_not_copies() -> None:
    """Two texts on the same topic sharing sentences but mostly rewritten stay apart."""
    shared = _text(9, words=60)
    a = shared + " " + _text(10, words=300)
    b = _text(11, words=300) + " " + shared
    assert jaccard(shingles(a), shingles(b)) < 0.25
    assert find_copies([doc("a.txt", a), doc("b.txt", b)]) == {}


def test_threshold_is_respected_exactly() -> None:
    """LSH proposes, exact Jaccard decides: a pair just below the threshold is not linked."""
    base = _text(12, words=300).split()
    a = " ".join(base)
    b = " ".join(base[:170] + _text(13, words=130).split())
    j = jaccard(shingles(a), shingles(b))
    docs = [doc("a.txt", a), doc("b.txt", b)]
    assert find_copies(docs, threshold=max(j - 0.05, 0.05)) != {}
    assert find_copies(docs, threshold=min(j + 0.05, 1.0)) == {}


def test_result_does_not_depend_on_input_order() -> None:
    text = _text(14)
    docs = [doc(f"{i}.txt", _edited(text, i, 4)) for i in range(6)] + [doc("x.txt", _text(15))]
    expected = find_copies(docs)
    assert len(expected) == 5
    rng = random.Random(0)
    for _ in range(5):
        shuffled = docs[:]
        rng.shuffle(shuffled)
        assert find_copies(shuffled) == expected


def test_empty_and_invalid_inputs() -> None:
    assert find_copies([]) == {}
    assert find_copies([doc("blank.txt", "   "), doc("blank2.txt", "\n")]) == {}
    with pytest.raises(ValueError):
        find_copies([doc("a.txt", "x")], threshold=0)


def _stored_group(seed: int, size: int) -> list[Document]:
    """A stored copy group: reposts of one text, the first published earliest."""
    text = _text(seed)
    return [doc(f"s{i}.txt", _edited(text, seed + i, 3), published=f"2024-06-2{i}")
            for i in range(size)]


def _join(
    new: Document, stored: list[Document], hit: Document | None = None,
    *more: list[Document],
) -> tuple[list[tuple[str, ...]], list[str], list[str]]:
    """extend_groups for ``new`` sharing its bands with ``hit`` only (or with the stored
    documents that really share them), ``stored`` (and ``more``) each a stored group
    (canonical first) linked as far as the hits go, as the store gives it; the groups,
    the ids of the documents read and the canonicals of the groups read whole."""
    asked: list[str] = []
    led: list[str] = []
    stored_groups = [stored, *more]
    by_id = {d.id: d for group in stored_groups for d in group}

    def load(ids: Sequence[str]) -> list[Document]:
        asked.extend(ids)
        return [by_id[i] for i in ids]

    def members(canonicals: Sequence[str]) -> list[tuple[str, ...]]:
        led.extend(canonicals)
        return [(g[0].id, *sorted(d.id for d in g[1:])) for g in stored_groups
                if g[0].id in canonicals]

    hits: dict[str, set[str]] = {}
    for d in [hit] if hit else [d for group in stored_groups for d in group]:
        for key in band_keys(shingles(d.clean)):
            hits.setdefault(key, set()).add(d.id)
    hit_ids = {i for ids in hits.values() for i in ids}
    linked = [(g[0].id, *sorted(d.id for d in g[1:] if d.id in hit_ids)) for g in stored_groups
              if hit_ids & {d.id for d in g}]
    groups = extend_groups([new], hits=hits, linked=linked, load=load, members=members)
    return groups, asked, led


def test_a_new_copy_of_a_stored_group_reads_its_canonical_not_the_group() -> None:
    """Only the compared document and the group's canonical are read: every other stored
    member comes after its canonical, so the group's order needs none of them; the group
    keeps its canonical, so only the new copy's link is new."""
    stored = _stored_group(20, 6)
    new = doc("n.txt", _edited(stored[3].text, 99, 2), published="2024-07-01")
    groups, asked, led = _join(new, stored, stored[3])
    assert groups == [(stored[0].id, new.id)]
    assert sorted(asked) == sorted([stored[3].id, stored[0].id])
    assert led == []


def test_an_earlier_new_copy_becomes_the_canonical_of_a_stored_group() -> None:
    """Every member's canonical changes: the group is read whole and listed."""
    stored = _stored_group(30, 4)
    new = doc("n.txt", _edited(stored[2].text, 98, 2), published="2024-01-01")
    groups, _, led = _join(new, stored, stored[2])
    assert groups == [(new.id, *sorted(d.id for d in stored))]
    assert led == [stored[0].id]


def _two_groups(seed: int) -> tuple[list[Document], list[Document], str]:
    """Two stored groups that are not copies of each other (each a shared middle and an
    ending of its own) and the middle alone, a copy of both."""
    middle, ending, other = _text(seed, 200)[:-1], _text(seed + 1, 140), _text(seed + 2, 140)
    early = [doc(f"s{i}.txt", _edited(f"{middle} {ending}", seed + 10 + i, 3),
                 published=f"2024-06-2{i}") for i in range(3)]  # fmt: skip
    late = [doc(f"t{i}.txt", _edited(f"{middle} {other}", seed + 20 + i, 3),
                published=f"2024-08-1{i}") for i in range(4)]  # fmt: skip
    assert find_copies([*early, *late]) == find_copies(early) | find_copies(late)
    return early, late, f"{middle}."


def test_a_copy_of_two_stored_groups_moves_the_later_one_whole() -> None:
    """A new document linking two stored groups: the one with the earlier canonical leads,
    the other's members (not only those it was compared with) now count as its copies."""
    early, late, middle = _two_groups(1)
    new = doc("n.txt", middle, published="2024-09-01")
    groups, _, led = _join(new, early, None, late)
    assert groups == [(early[0].id, *sorted([new.id, *(d.id for d in late)]))]
    assert led == [late[0].id]


def test_a_copy_sharing_bands_with_many_members_of_a_group_reads_one_of_them() -> None:
    """The member sharing most bands is checked first; once the new copy is linked to it,
    the other members sharing a band are neither read nor checked."""
    stored = _stored_group(40, 8)
    new = doc("n.txt", _edited(stored[5].text, 97, 1), published="2024-07-01")
    groups, asked, _ = _join(new, stored)
    assert groups == [(stored[0].id, new.id)]
    assert len(set(asked) - {stored[0].id}) == 1


def test_joining_stored_groups_gives_what_grouping_everything_gives() -> None:
    """The groups a new document joins, with the unchanged stored members added back, are
    the groups of every document: one copy of a stored group, one earlier than its
    canonical, one bridging two groups, one of nothing."""
    early, late, middle = _two_groups(5)
    cases = [
        doc("n1.txt", _edited(early[1].text, 11, 2), published="2024-07-01"),
        doc("n2.txt", _edited(late[3].text, 12, 2), published="2023-01-01"),
        doc("n3.txt", middle, published="2024-09-01"),
        doc("n4.txt", _text(14), published="2024-09-01"),
    ]
    assert len(set(find_copies([*early, *late, cases[2]]).values())) == 1  # it bridges
    for new in cases:
        everything = {d.id: d.id for d in [*early, *late, new]}
        everything.update(find_copies([*early, *late, new]))
        before = {d.id: d.id for d in [*early, *late]}
        before.update(find_copies(early) | find_copies(late))
        groups, _, _ = _join(new, early, None, late)
        after = dict(before)
        after[new.id] = new.id
        for group in groups:
            after.update((d, group[0]) for d in group)
        assert after == everything, new.name


def test_band_keys_are_those_of_datasketchs_minhash_and_lsh() -> None:
    """A band key is the BLAKE2 digest of one LSH band of datasketch's signature, with the
    bands datasketch's LSH picks: keys stored by earlier builds must keep meeting new ones."""
    from datasketch import MinHash, MinHashLSH

    from bilat.events.copies import NUM_PERM, SEED

    for seed, words in enumerate((3, 5, 6, 40, 700)):
        grams = shingles(_text(seed, words))
        reference = MinHash(num_perm=NUM_PERM, seed=SEED)
        reference.update_batch([g.encode("utf-8") for g in grams])
        rows = MinHashLSH(threshold=0.5, num_perm=NUM_PERM).hashranges
        expected = [
            reference.hashvalues[start:end].astype("<u4").tobytes() for start, end in rows
        ]
        keys = band_keys(grams)
        assert len(keys) == len(expected) == 25
        for i, (key, values) in enumerate(zip(keys, expected, strict=True)):
            digest = hashlib.blake2b(values, digest_size=16).hexdigest()
            assert key == f"{i:02d}:{digest}"


def test_the_bands_kept_are_those_datasketch_chooses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The LSH's bands read back from the cache equal datasketch's own choice, at several
    thresholds, and the first choice is kept."""
    from datasketch import MinHashLSH

    monkeypatch.setenv("BILAT_CACHE", str(tmp_path))
    for threshold in (0.3, 0.5, 0.8):
        copies._bands.cache_clear()
        made = copies._bands(threshold)
        copies._bands.cache_clear()
        assert copies._bands(threshold) == made == tuple(
            MinHashLSH(threshold=threshold, num_perm=copies.NUM_PERM).hashranges)
    assert len(list(tmp_path.iterdir())) == 3
    copies._bands.cache_clear()
