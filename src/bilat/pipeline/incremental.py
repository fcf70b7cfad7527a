"""The incremental merge: documents stored since the last merge join the stored events.

Only their neighbourhood is read and rewritten, and the result is what merging every
stored mention again would give (:func:`remerge`), so building A then B gives the same
events as building A and B together, at a cost that grows with B, not with A.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from bilat import cycles
from bilat.events.merge import event_of, merge_mentions, mergeable
from bilat.model import Document, EventMention
from bilat.pipeline.corrections import apply_corrections

# The store (SQLAlchemy) and copy detection (datasketch, SciPy) are imported where they are
# used: a worker process imports this package for its extraction functions only, and those
# imports were half of its start-up.
if TYPE_CHECKING:
    from bilat.pipeline.groups_ahead import Found, GroupsAhead
    from bilat.store.base import Store


# Band keys are kept ahead of the merge for this many documents at most (~2.5 KB each):
# beyond, the merge computes the rest itself, as it does without them.
AHEAD_DOCS = 20_000

BandKeys = Mapping[str, tuple[str, ...]]  # document id -> its LSH band keys
Kept = Mapping[str, tuple[EventMention, ...]]  # document id -> its mentions, as stored
# copy -> canonical among the regrouped documents, the regrouped, those whose canonical changed
Regrouped = tuple[dict[str, str], set[str], set[str]]
# the same, with the new documents' band keys third
Grouping = tuple[dict[str, str], set[str], dict[str, tuple[str, ...]], set[str]]


def band_keys_of(documents: Iterable[Document]) -> dict[str, tuple[str, ...]]:
    """The copy detection's band keys of these documents, computed ahead of
    :func:`merge_pending` (a build computes them while the extraction goes on, so that
    its merge, which runs alone at the end, does not)."""
    from bilat.events.copies import band_keys, shingles

    return {d.id: band_keys(shingles(d.clean)) for d in documents}


def merge_pending(store: Store, ahead: BandKeys | None = None, kept: Kept | None = None,
                  banded: Collection[str] = frozenset(),
                  grouped: Found | GroupsAhead | None = None) -> None:
    """Merge the documents stored since the last merge into the stored events, in one
    transaction, reading and rewriting only their neighbourhood (``ahead``: band keys
    already computed for some of them, :func:`band_keys_of`; ``kept``: the mentions of
    documents the caller stored, not read back when it holds every pending document's;
    ``banded``: documents whose band keys the caller stored with them, not written again;
    ``grouped``: the copy groups of a build into an empty database, found as it stored):

    - copies: the stored documents sharing an LSH band with a new one are checked, and the
      copy groups they belong to are regrouped;
    - events: the stored mentions that could merge with a new one, and then with those,
      until nothing more can (:func:`_neighbourhood`), are merged again together with the
      new ones, and the events holding them are replaced; events whose copy map changed
      (a new document became the original of their sources) are recomputed as they are.

    When every stored document is pending (a build into a new database, or its rerun
    after an interruption), every stored mention is new: the neighbourhood search, a fifth
    of a fresh build's merge, would find nothing more and is skipped.

    Everything else stays as stored. The result equals merging every stored mention again
    (:func:`remerge`): the merge joins, splits and orders mentions only by compatibility,
    so a set of mentions none of which could merge with one outside it merges alone as it
    does among all (see :mod:`bilat.events.merge`)."""
    # no cycle collection in the merge: its mentions, events and rows live until it has
    # written them, and the build's heap is large, so each collection walks much and frees
    # little (the mix's build: 0.04 of a 0.64 CPU s merge in --jobs 2, 0.14 of 1.52 in one
    # process, in 130 to 300 collections); what it frees is freed by reference counting
    with cycles.paused():
        _merge_pending(store, ahead, kept, banded, grouped)


def _merge_pending(store: Store, ahead: BandKeys | None, kept: Kept | None,
                   banded: Collection[str], grouped: Found | GroupsAhead | None) -> None:
    from bilat.store.base import MergeUpdate

    # the pending documents' ids, not the documents (0.02 CPU s for the mix's 1,200): a
    # build into an empty database that grouped its copies as it stored needs no more
    new_ids = set(store.pending_ids())
    if not new_ids:
        return
    fresh = _all_pending(store, new_ids)
    copy_map, regrouped, bands, changed = (
        _grouped_ahead(store, new_ids, fresh, ahead, kept or {}, grouped)
        or _regroup_copies(store, store.pending_documents(), ahead or {}, fresh))
    mentions = _pending_mentions(store, new_ids, kept or {})
    if not fresh:
        mentions = _neighbourhood(store, mentions)
    docs = {m.doc_id for m in mentions}
    recompute = [g for g in store.events_of_documents(changed - new_ids)
                 if not {m.id for m in g} <= {m.id for m in mentions}]
    docs.update(m.doc_id for g in recompute for m in g)
    copies = store.copy_map(docs - regrouped) | {d: c for d, c in copy_map.items() if d in docs}
    events = merge_mentions(mentions, copies)
    events += [event_of(g, copies) for g in recompute]
    store.apply_merge(MergeUpdate(
        events=tuple(events), copies=copy_map, regrouped=tuple(sorted(regrouped)),
        bands={d: keys for d, keys in bands.items() if d not in banded},
        merged=tuple(sorted(new_ids)),
    ))  # fmt: skip


def remerge(store: Store) -> int:
    """Recompute copies and merged events from everything stored (what an incremental
    merge must equal; the pending list and band keys are left as they are), and apply the
    corrections to them again."""
    from bilat.events.copies import find_copies

    documents: list[Document] = store.documents()
    copies = find_copies(documents)
    events = merge_mentions(store.mentions(), copies)
    store.replace_events(events, copies)
    apply_corrections(store)
    return len(events)


def _regroup_copies(
    store: Store, new_docs: list[Document], ahead: BandKeys, fresh: bool = False
) -> Grouping:
    """The copy groups the new documents join: (doc -> canonical for the copies among the
    regrouped documents, the regrouped documents, the new documents' band keys, the
    documents whose canonical changed). ``fresh``: every stored document is new, so no
    stored one can be hit (their band keys, stored with them, are not looked up)."""
    from bilat.events.copies import band_keys, extend_groups, shingles

    new_ids = {d.id for d in new_docs}
    # shingled once, for bands and checks; those with band keys ahead only if checked
    grams = {d.id: shingles(d.clean) for d in new_docs if d.id not in ahead}
    bands = {d.id: ahead[d.id] if d.id in ahead else band_keys(grams[d.id]) for d in new_docs}
    hits = {} if fresh else store.band_matches(b for keys in bands.values() for b in keys)
    hits = {band: ids - new_ids for band, ids in hits.items()}
    # each hit's stored group as far as the hits go (canonical first): a group of 7,000
    # is not read to be joined, only when another canonical comes to lead it
    canonical_of = store.copy_canonicals(i for ids in hits.values() for i in ids)
    known: dict[str, set[str]] = defaultdict(set)
    for doc, canonical in canonical_of.items():
        known[canonical].add(doc)
    stored_groups = [(c, *sorted(ms - {c})) for c, ms in sorted(known.items())]
    groups = extend_groups(new_docs, hits=hits, linked=stored_groups, load=store.documents,
                           members=store.copy_groups_of, bands=bands, grams=grams)
    # each group lists its new documents and the stored ones whose canonical changes: the
    # documents regrouped, and (the stored ones) those whose events count their sources anew
    regrouped = new_ids | {doc for group in groups for doc in group}
    copy_map = {doc: group[0] for group in groups for doc in group[1:]}
    changed = {doc for group in groups for doc in group[1:]}
    return copy_map, regrouped, bands, changed


def _grouped_ahead(store: Store, new_ids: set[str], fresh: bool, ahead: BandKeys | None,
                   kept: Kept, grouped: Found | GroupsAhead | None) -> Grouping | None:
    """What :func:`_regroup_copies` would find, from the copy groups found as the
    documents were stored and their band keys given ahead; None where they do not answer
    (then the merge regroups)."""
    if not grouped or not ahead or not new_ids <= ahead.keys():
        return None
    if fresh:
        # every stored document is new and was grouped as it was stored (each group's
        # documents all new, so all regrouped)
        given = grouped.copy_map(new_ids)
        found: Regrouped | None = None if given is None else (given, set(new_ids), set(given))
    else:
        found = _regrouped_since(store, new_ids, kept, grouped)
    if found is None:
        return None
    copy_map, regrouped, changed = found
    return copy_map, regrouped, {i: ahead[i] for i in new_ids}, changed


def _regrouped_since(store: Store, new_ids: set[str], kept: Kept,
                     grouped: Found | GroupsAhead) -> Regrouped | None:
    """The copy groups a build into an empty database found as it stored, against those
    an earlier merge of this build stored (it merged what it had stored while its workers
    took the last chunks): (each copy -> its canonical among the regrouped documents, the
    regrouped documents: the new ones and the stored ones whose canonical changed, the
    latter). None unless the groups hold exactly the stored documents, which ``kept``
    then lists (every document this build stored, and no other is stored): the merge
    regroups them itself (:func:`_regroup_copies`, whose groups these equal: the groups
    depend only on which documents are copies of which, not on the order they came in)."""
    if not new_ids <= kept.keys() or store.documents_page(limit=0).total != len(kept):
        return None
    every = grouped.copy_map(set(kept))
    if every is None:
        return None
    merged = set(kept) - new_ids
    stored = store.copy_map(merged)
    changed = {doc for doc in merged if every.get(doc) != stored.get(doc)}
    regrouped = new_ids | changed
    return {d: c for d, c in every.items() if d in regrouped}, regrouped, changed


def _pending_mentions(store: Store, new_ids: set[str], kept: Kept) -> list[EventMention]:
    """The mentions of the pending documents, in the store's order (document name, start,
    id): from ``kept`` if it holds them all, else read."""
    if not new_ids <= kept.keys():
        return store.mentions(new_ids)
    return sorted((m for doc in new_ids for m in kept[doc]),
                  key=lambda m: (m.doc_name, m.start, m.id))


def _all_pending(store: Store, pending: Collection[str]) -> bool:
    """Whether the ``pending`` documents are every stored document (a count, not a read)."""
    return store.documents_page(limit=0).total == len(pending)


def _neighbourhood(store: Store, new: list[EventMention]) -> list[EventMention]:
    """The new mentions and every stored mention they could merge with, directly or through
    a chain, each with the whole event it belongs to: the closure under
    :func:`bilat.events.merge.could_merge`. The store offers candidates by blocking key and
    month; the merge's own compatibility test decides."""
    closure = {m.id: m for m in new}
    frontier = list(closure.values())
    while frontier:
        groups = [g for g in store.merge_candidates(frontier, known=closure.keys())
                  if not all(m.id in closure for m in g)]
        linked = mergeable((m for g in groups for m in g), frontier)
        frontier = []
        for group in groups:
            if any(m.id in closure or m.id in linked for m in group):
                fresh = [m for m in group if m.id not in closure]
                closure.update((m.id, m) for m in fresh)
                frontier += fresh
    return list(closure.values())
