"""Near-duplicate articles: syndicated wire copies and reposts of one text.

A copy is not an independent source: ten outlets running one agency dispatch are one
report, not ten. Copies are found with MinHash LSH over word shingles of
:attr:`Document.clean` and every candidate pair is verified with the exact Jaccard
similarity of the shingle sets before it is linked, so LSH only decides which pairs to look
at, never which pairs are copies. The band keys (:func:`band_keys`) are what a store keeps,
so documents added later find their candidates by key (:func:`extend_groups`) and get the
groups :func:`copy_groups` over every document would give.

Only true near-duplicates are copies. Two outlets rewriting one announcement share about
14% of their 5-word shingles; telling those apart as one *event* is the job of
:mod:`bilat.events.merge`, not of this module.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

from bilat.deferred import import_deferring
from bilat.model import Document
from bilat.parsed import computed_once

# datasketch (0.16 CPU s without SciPy's integrals, 0.48 with) is imported by the functions
# that compute signatures: a parallel build's merge is given every document's band keys by
# its reader and only compares shingle sets, so the build's process never imports it.
if TYPE_CHECKING:
    from datasketch import MinHash

# 5-word shingles: long enough that two articles on the same topic written independently
# rarely share one (~14% for rewrites of one announcement), short enough that a copy with
# a changed dateline, byline or boilerplate still shares most of them.
SHINGLE_WORDS = 5
# Fixed so that the signatures, hence the candidate pairs, are the same on every run.
NUM_PERM = 128
SEED = 1

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word k-grams; a text shorter than k words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    # k staggered views of the words zipped into k-grams (the shortest ends it): a sixth
    # less CPU than slicing the list at each position (the merge shingles each stored
    # document it compares)
    return set(map(" ".join, zip(*(words[i:] for i in range(k)), strict=False)))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # the union's size, without making it


def _signature(grams: set[str]) -> MinHash:
    template = _template()
    mh = _datasketch().MinHash(num_perm=NUM_PERM, seed=SEED,
                               permutations=template.permutations, scheme=template.scheme)
    mh.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return mh


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """An empty signature whose permutations every other one reuses: MinHash draws its
    permutations from ``SEED`` anew for each signature (~0.5 ms, a third of a news
    article's band keys), and they are the same every time."""
    return _datasketch().MinHash(num_perm=NUM_PERM, seed=SEED)


@lru_cache(maxsize=1)
def _datasketch() -> ModuleType:
    """datasketch, imported without SciPy's integrals (:mod:`bilat.deferred`): its LSH
    chooses its bands with them, and :func:`_bands` keeps that choice; and without its
    asynchronous LSH (asyncio and ssl with it: ~0.02 CPU s of each reader's start),
    which bilat never uses."""
    return import_deferring("datasketch", {"scipy.integrate": ("quad",),
                                           "datasketch.aio": ("AsyncMinHashLSH",)})


@lru_cache(maxsize=8)
def _bands(threshold: float) -> tuple[tuple[int, int], ...]:
    """The (start, end) slices of the signature that make LSH bands: datasketch's choice of
    bands and rows for ``threshold`` (25 bands of 5 rows at 0.5). The choice integrates
    with SciPy (0.3 CPU s to import, in every build's reader), so it is kept
    (:func:`bilat.parsed.computed_once`) by the threshold, the signature's length and
    datasketch's version."""
    datasketch = _datasketch()
    inputs = {"threshold": threshold, "num_perm": NUM_PERM, "datasketch": datasketch.__version__}
    bands, rows = computed_once(inputs, lambda: _chosen_bands(threshold), "lsh-bands-1")
    lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=(bands, rows))
    return tuple(lsh.hashranges)


def _chosen_bands(threshold: float) -> list[int]:
    """datasketch's number of bands and rows for ``threshold``."""
    lsh = _datasketch().MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return [lsh.b, lsh.r]


def band_keys(grams: set[str], *, threshold: float = 0.5) -> tuple[str, ...]:
    """The LSH band keys of a shingle set: two documents are compared exactly when they
    share one (what :class:`datasketch.MinHashLSH` does in memory). A store keeps them, so
    new documents find their candidates without rebuilding the index over every document.
    Empty for a text with no words."""
    if not grams:
        return ()
    values = _signature(grams).hashvalues
    keys = []
    for i, (start, end) in enumerate(_bands(threshold)):
        # 16 bytes of BLAKE2 for the band's values: equal bands give equal keys, and a
        # collision of unequal bands (odds ~2^-128) would only add a pair to check.
        digest = hashlib.blake2b(values[start:end].tobytes(), digest_size=16).hexdigest()
        keys.append(f"{i:02d}:{digest}")
    return tuple(keys)


def _canonical_order(doc: Document) -> tuple[str, str, str]:
    # The earliest published copy is the original; undated documents sort last.
    return (doc.published or "9999", doc.name, doc.id)


def copy_groups(docs: Sequence[Document], *, threshold: float = 0.5) -> list[tuple[str, ...]]:
    """Groups of two or more document ids that are copies of one another, each group
    canonical first (earliest published, then smallest name), then the other members by
    id, groups sorted by their canonical id.

    ``threshold`` is the Jaccard similarity of 5-word shingle sets from which two documents
    are copies. 0.5 sits far above rewrites (~0.14) and below what a copy with a trimmed
    ending or a different lead paragraph keeps (a copy cut to half its length is still
    0.5). Links are transitive: a chain of reposts is one group.
    """
    return extend_groups(docs, threshold=threshold)


def extend_groups(
    new: Sequence[Document],
    *,
    hits: Mapping[str, Collection[str]] | None = None,
    linked: Iterable[Sequence[str]] = (),
    load: Callable[[Sequence[str]], Sequence[Document]] | None = None,
    members: Callable[[Sequence[str]], Iterable[Sequence[str]]] | None = None,
    bands: Mapping[str, Sequence[str]] | None = None,
    grams: Mapping[str, set[str]] | None = None,
    threshold: float = 0.5,
    shingled: dict[str, set[str]] | None = None,
) -> list[tuple[str, ...]]:
    """The copy groups holding ``new`` documents once they join stored ones: each new
    document is checked (exact Jaccard) against the earlier new documents and the stored
    ones (``hits``: band key -> stored doc ids) that share an LSH band with it; ``linked``
    are the stored groups of those stored documents (canonical first), whole or only the
    members known (the hits): copies of one another already; ``load`` reads stored
    documents by id; ``members`` reads whole stored groups by canonical, asked only for
    the groups whose canonical changes (``linked`` is taken as whole without it);
    ``bands`` and ``grams`` may give the new documents' band keys and shingles (computed
    otherwise); ``shingled``, the shingles of stored documents shingled by earlier calls,
    is read and added to (each set used moved to its end, so the caller can keep the
    latest used).

    Each group comes canonical first, then, by id, its new documents and every stored
    member whose canonical changes (a stored group that another canonical now leads moves
    whole); stored members that keep their canonical are left out, as their stored link
    stands. Groups are sorted by their canonical id. Without stored documents this is
    :func:`copy_groups`; with them, what :func:`copy_groups` over every document gives
    for the groups that hold a new document, less those unchanged members: stored pairs
    are linked already and no other pair can be a copy. A pair whose documents are
    already in one group is not checked again (it would link nothing), so a new copy of a
    big stored group costs one check and one read of its canonical, not one per member.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    hits = hits or {}
    linker = _Linker(new, load, threshold, grams, shingled)
    for group in linked:
        linker.link_stored(group)
    buckets: dict[str, list[str]] = defaultdict(list)
    for i in sorted(d.id for d in new):
        near: Counter[str] = Counter()  # candidate -> bands shared with i
        keys = (bands[i] if bands and i in bands
                else band_keys(linker.grams_of(i), threshold=threshold))
        for key in keys:  # counted one by one: most keys have no candidate, and
            for j in buckets[key]:  # Counter.update's checks cost more than the counting
                near[j] += 1
            for j in hits.get(key, ()):
                near[j] += 1
            buckets[key].append(i)
        near.pop(i, None)
        linker.link_copies(i, near)
    return linker.groups_of(new, members)


class _Linker:
    """Union-find over document ids, with the documents and shingle sets read so far
    (stored documents are read, and any document shingled, only when a pair with it must
    be checked: most new documents share no band with another and need no shingles)."""

    def __init__(self, new: Sequence[Document],
                 load: Callable[[Sequence[str]], Sequence[Document]] | None,
                 threshold: float,
                 grams: Mapping[str, set[str]] | None = None,
                 shingled: dict[str, set[str]] | None = None) -> None:  # fmt: skip
        self.new = {d.id for d in new}
        self.docs = {d.id: d for d in new}
        self.grams = dict(grams or {})
        self.shingled = shingled  # stored documents' shingles kept across calls, if given
        self.parent: dict[str, str] = {}
        # Stored canonical -> the members of its stored group known (all, or the hits).
        # The canonicals are the only stored members that can come first in a group they
        # share with new documents (each other member comes after its canonical), so the
        # only ones groups_of needs to read.
        self.stored: dict[str, set[str]] = {}
        self.stored_canonical: dict[str, str] = {}  # stored member -> its canonical
        self.load = load
        self.threshold = threshold

    def find(self, i: str) -> str:
        parent = self.parent
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: str, j: str) -> None:
        ri, rj = self.find(i), self.find(j)
        self.parent[max(ri, rj)] = min(ri, rj)

    def link_stored(self, group: Sequence[str]) -> None:
        """Link a stored group (canonical first), whole or the members known."""
        canonical = group[0]
        self.stored.setdefault(canonical, set()).update(group[1:])
        for other in group[1:]:
            self.stored_canonical[other] = canonical
            self.union(canonical, other)

    def link_copies(self, i: str, near: Mapping[str, int]) -> None:
        """Link ``i`` with each document of ``near`` (candidate -> LSH bands shared with
        ``i``) it is a copy of (exact Jaccard), skipping those already in its group.

        The groups do not depend on the order of the checks, only on which pairs are
        copies, so each candidate group's likeliest copies (the members sharing most bands
        with ``i``) are read and checked first: its best one, then the next one, two, four,
        ... while ``i`` is outside the group. A copy of a big stored group shares bands with
        hundreds of its members; once linked to one of them it needs the others neither
        read nor checked, and a group it joins late costs at most twice the reads it needs
        (reading every candidate left at once read 2,058 stored documents for the 60
        additions at 50,000 documents, 826 of them compared)."""
        ranked = sorted(near, key=lambda j: (-near[j], j))
        waiting: dict[str, list[str]] = {}  # group -> its candidates not checked, best first
        for j in ranked:
            waiting.setdefault(self.find(j), []).append(j)
        take = 1
        while waiting:
            batch = []
            for group, candidates in list(waiting.items()):
                if self.find(candidates[0]) == self.find(i):  # joined: all of it is
                    del waiting[group]
                    continue
                batch += candidates[:take]
                del candidates[:take]
                if not candidates:
                    del waiting[group]
            self._check(i, batch)
            take *= 2

    def _check(self, i: str, candidates: list[str]) -> None:
        """Read the ``candidates`` outside ``i``'s group in one call, then link the copies."""
        self._read(j for j in candidates if self.find(j) != self.find(i))
        for j in candidates:
            if self.find(i) == self.find(j):
                continue
            if jaccard(self.grams_of(i), self.grams_of(j)) >= self.threshold:
                self.union(i, j)

    def groups_of(
        self, new: Sequence[Document],
        members: Callable[[Sequence[str]], Iterable[Sequence[str]]] | None = None,
    ) -> list[tuple[str, ...]]:
        """The groups of two or more holding a ``new`` document, canonical first, then its
        new documents and the stored members whose canonical changes (:func:`extend_groups`).
        Of the stored members only those that can be the canonical are read (the
        canonicals of stored groups; members compared are read already), and only the
        stored groups another canonical now leads are listed (``members``): a new copy of a
        big stored group reads one document, not the group."""
        new_roots = {self.find(d.id) for d in new}
        grouped: dict[str, list[str]] = defaultdict(list)
        for i in sorted(self.parent):
            if self.find(i) in new_roots:
                grouped[self.find(i)].append(i)
        self._read(i for ms in grouped.values() for i in ms if i in self.stored)
        led = {ms[0]: min((self.docs[i] for i in ms if i in self.docs), key=_canonical_order).id
               for ms in grouped.values() if len(ms) > 1}  # fmt: skip
        moved = self._moved([c for ms in grouped.values() if len(ms) > 1 for c in ms
                             if c in self.stored and c != led[ms[0]]], members)
        groups = []
        for ms in grouped.values():
            if len(ms) > 1:
                first = led[ms[0]]
                changed = {i for i in ms if i != first and self._canonical(i) != first}
                changed.update(m for c in ms if c in moved for m in moved[c])
                groups.append((first, *sorted(changed)))
        return sorted(groups)

    def _canonical(self, i: str) -> str | None:
        """The canonical of ``i`` as stored (itself for a stored original), None if new."""
        if i in self.new:
            return None
        return self.stored_canonical.get(i, i)

    def _moved(self, canonicals: list[str],
               members: Callable[[Sequence[str]], Iterable[Sequence[str]]] | None,
               ) -> dict[str, set[str]]:  # fmt: skip
        """Stored canonical -> every member of its stored group, for the ``canonicals``
        another document now leads: read (``members``), or as linked."""
        moved = {c: set(self.stored[c]) for c in canonicals}
        if members and canonicals:
            for group in members(sorted(canonicals)):
                moved.setdefault(group[0], set()).update(group[1:])
        return moved

    def _read(self, ids: Iterable[str]) -> None:
        """Load the stored documents among ``ids`` not read yet, in one call."""
        # not ``set(ids) - self.docs.keys()``: a set minus a dict's keys walks every key
        # of the dict, once per check (1,200 documents: ~0.2 CPU s of a build's merge)
        wanted = sorted({i for i in ids if i not in self.docs})
        if wanted and self.load:
            self.docs.update((stored.id, stored) for stored in self.load(wanted))

    def grams_of(self, i: str) -> set[str]:
        if i not in self.grams:
            kept = self.shingled
            if kept is not None and i in kept:
                self.grams[i] = kept.pop(i)  # put back last: the latest used
            else:
                self.grams[i] = shingles(self.docs[i].clean)
            if kept is not None:
                kept[i] = self.grams[i]
        return self.grams[i]


def find_copies(docs: Sequence[Document], *, threshold: float = 0.5) -> dict[str, str]:
    """Map each document that is a copy to the canonical document of its group.

    Canonical documents (the earliest published, then smallest name, of each group) and
    documents with no copy are *not* keys of the result: ``copies.get(doc_id, doc_id)`` is
    the source a document counts as.
    """
    out: dict[str, str] = {}
    for group in copy_groups(docs, threshold=threshold):
        out.update({doc_id: group[0] for doc_id in group[1:]})
    return out
