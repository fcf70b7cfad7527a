"""Near-duplicate articles: syndicated wire copies and reposts of one text.

A copy is not an independent source: ten outlets running one agency dispatch are one
report, not ten. Copies are found with MinHash LSH over word shingles of
:attr:`Document.clean` and every candidate pair is verified with the exact Jaccard
similarity of the shingle sets before it is linked, so LSH only decides which pairs to look
at, never which pairs are copies.

Only true near-duplicates are copies. Two outlets rewriting one announcement share about
14% of their 5-word shingles; telling those apart as one *event* is the job of
:mod:`bilat.events.merge`, not of this module.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from bilat.model import Document

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
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _signature(grams: set[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return mh


def _canonical_order(doc: Document) -> tuple[str, str, str]:
    # The earliest published copy is the original; undated documents sort last.
    return (doc.published or "9999", doc.name, doc.id)


def copy_groups(docs: Sequence[Document], *, threshold: float = 0.5) -> list[tuple[str, ...]]:
    """Groups of two or more document ids that are copies of one another, each group
    ordered canonical first (earliest published, then smallest name), groups sorted by
    their canonical id.

    ``threshold`` is the Jaccard similarity of 5-word shingle sets from which two documents
    are copies. 0.5 sits far above rewrites (~0.14) and below what a copy with a trimmed
    ending or a different lead paragraph keeps (a copy cut to half its length is still
    0.5). Links are transitive: a chain of reposts is one group.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    by_id = {d.id: d for d in docs}
    ids = sorted(by_id)
    grams = {i: shingles(by_id[i].clean) for i in ids}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in ids:
        if not grams[i]:
            continue
        sig = _signature(grams[i])
        for j in sorted(lsh.query(sig)):
            if jaccard(grams[i], grams[j]) >= threshold:
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
        lsh.insert(i, sig)

    members: dict[str, list[Document]] = defaultdict(list)
    for i in ids:
        members[find(i)].append(by_id[i])
    groups = [
        tuple(d.id for d in sorted(g, key=_canonical_order)) for g in members.values() if len(g) > 1
    ]
    return sorted(groups)


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
