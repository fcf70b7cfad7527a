"""Copy groups found as a parallel build reads its documents, not in its final merge.

A build into an empty database compares its documents only with one another, so their
copy groups can be found batch by batch as they come, each batch joining the groups of
the batches before it as :func:`bilat.pipeline.incremental.merge_pending` would join them
to stored ones (:func:`bilat.events.copies.extend_groups`: the groups depend only on which
pairs are copies, not on the order they are checked in). The reader process finds them
(:func:`bilat.pipeline.reader.read_ahead`): it has every document with its shingles and
band keys, and is done with its reading seconds before the workers are, on a core
otherwise idle, while the build's process extracts and stores. The final merge, which
runs alone with the other core idle, then takes the groups as they are (:class:`Found`).

The reader groups every document it read; the build stores those it takes. The groups
of the stored ones are those found when every document left out (one that failed, or
another version of a name) is in no group: the copy pairs among the stored documents are
then all the pairs there are. Otherwise the merge regroups, as it does without this.
Each batch's changes to the groups are kept too, so the groups as they stood after any
batch can be had again: those of the batch holding the last of a stored prefix answer
for that prefix (a parallel build's early merge) by the same rule.

The groups are kept here as the store keeps its copy map (a copy -> its canonical, a
canonical -> itself) with the documents a check may read, so this holds what it would
otherwise read from the store; by hand, because no library keeps union-find groups
across calls the way ``extend_groups`` reads stored ones.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from itertools import islice

from bilat.model import Document

# Documents kept for the checks (their cleaned text, ~5 KB each for news): beyond, the
# groups are left to the merge, as without this.
GROUPS_AHEAD_DOCS = 4_000
# Shingle sets of earlier documents kept for the checks, the latest used (~20 KB each for
# news): a document checked once is likely checked again (the original of a story its
# copies keep hitting). The 1,200-document mix shingled 988 earlier documents, 313
# distinct ones; keeping 256 it shingles 313 (without copies 2,380, 1,053 with 256).
# Every document's would be tens of MB.
KEPT_SHINGLES = 256


@dataclass
class GroupsAhead:
    """The copy groups of the documents a build stored into an empty database, so far.
    ``on`` turns False for good once a batch cannot be taken (too many documents, or
    one without band keys): the merge then regroups everything itself."""

    limit: int = GROUPS_AHEAD_DOCS
    on: bool = True
    docs: dict[str, Document] = field(default_factory=dict)  # cleaned text kept, not raw
    by_band: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    canonical: dict[str, str] = field(default_factory=dict)  # in a group -> its canonical
    step_of: dict[str, int] = field(default_factory=dict)  # a document -> the batch it came in
    steps: list[dict[str, str]] = field(default_factory=list)  # each batch's canonical changes
    shingled: dict[str, set[str]] = field(default_factory=dict)  # KEPT_SHINGLES, latest last

    def add(self, documents: Iterable[Document], keys: Mapping[str, Sequence[str]],
            grams: Mapping[str, set[str]] | None = None) -> None:
        """The ``documents`` join the groups (``keys``: their band keys; ``grams``, if
        given, their shingle sets). Of two documents with one id the first is kept, as the
        build takes the first it reads."""
        from bilat.events.copies import extend_groups

        first: dict[str, Document] = {}
        for d in documents:
            if d.id not in self.docs:
                first.setdefault(d.id, d)
        new = list(first.values())
        if not self.on or not new:
            return
        if len(self.docs) + len(new) > self.limit or any(d.id not in keys for d in new):
            self.on = False
            return
        hits: dict[str, set[str]] = {}
        for d in new:
            for band in keys[d.id]:
                if band in self.by_band:
                    hits.setdefault(band, set()).update(self.by_band[band])
        self.docs.update((d.id, dataclasses.replace(d, text="")) for d in new)
        groups = extend_groups(new, hits=hits, linked=self._linked(hits),
                               load=self._load, members=self._members,
                               bands={d.id: keys[d.id] for d in new}, grams=grams,
                               shingled=self.shingled)
        for doc in list(islice(self.shingled, max(0, len(self.shingled) - KEPT_SHINGLES))):
            del self.shingled[doc]  # the least recently used
        changes = {doc: group[0] for group in groups for doc in group}
        self.canonical.update(changes)  # as the store rewrites the regrouped documents' rows
        self.step_of.update((d.id, len(self.steps)) for d in new)
        self.steps.append(changes)
        for d in new:
            for band in keys[d.id]:
                self.by_band[band].append(d.id)

    def found(self) -> Found | None:
        """The groups found so far, to hand to the merge (None once ``on`` turned False)."""
        if not self.on:
            return None
        return Found(dict(self.step_of), dict(self.canonical), tuple(self.steps))

    def copy_map(self, ids: Set[str]) -> dict[str, str] | None:
        """:meth:`Found.copy_map` of the groups found so far."""
        found = self.found()
        return found.copy_map(ids) if found else None

    def _linked(self, hits: Mapping[str, set[str]]) -> list[tuple[str, ...]]:
        """The groups of the hit documents, canonical first, as far as the hits go (as
        ``merge_pending`` reads them: ``Store.copy_canonicals``)."""
        known: dict[str, set[str]] = defaultdict(set)
        for doc in {i for ids in hits.values() for i in ids}:
            if doc in self.canonical:
                known[self.canonical[doc]].add(doc)
        return [(c, *sorted(ms - {c})) for c, ms in sorted(known.items())]

    def _load(self, ids: Sequence[str]) -> list[Document]:
        return [self.docs[i] for i in ids if i in self.docs]

    def _members(self, canonicals: Sequence[str]) -> list[tuple[str, ...]]:
        """Whole groups by canonical (``Store.copy_groups_of``), for those another
        canonical now leads."""
        wanted = set(canonicals)
        members: dict[str, list[str]] = defaultdict(list)
        for doc, c in self.canonical.items():
            if c in wanted and doc != c:
                members[c].append(doc)
        return [(c, *sorted(members[c])) for c in sorted(wanted) if c in members]


@dataclass(frozen=True)
class Found:
    """The copy groups of the documents ``read`` (each -> the batch it was read in;
    ``canonical``: a document in a group -> its group's canonical; ``steps``: each batch's
    changes to ``canonical``), without the documents: what the reader sends the build."""

    read: Mapping[str, int]
    canonical: Mapping[str, str]
    steps: tuple[Mapping[str, str], ...] = ()

    def copy_map(self, ids: Set[str]) -> dict[str, str] | None:
        """Each copy -> its canonical among the documents ``ids`` (the merge's pending
        ones), if those are the documents of the groups as they stood after the batch
        holding the last of them, or all of them but some in no group; else None (the
        merge regroups them)."""
        if any(doc not in self.read for doc in ids):
            return None
        canonical = self._after(max((self.read[doc] for doc in ids), default=-1))
        if any(doc not in ids for doc in canonical):
            return None
        return {doc: c for doc, c in canonical.items() if doc != c}

    def _after(self, step: int) -> Mapping[str, str]:
        """``canonical`` as it stood after batch ``step`` (the batches' changes replayed:
        a few hundred entries for the 1,200-document mix)."""
        if step >= len(self.steps) - 1:
            return self.canonical
        canonical: dict[str, str] = {}
        for changes in self.steps[:step + 1]:
            canonical.update(changes)
        return canonical
