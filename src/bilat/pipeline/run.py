"""The build: read the inputs, skip what is stored, extract in chunks, store in batches,
merge what is new, and report.

A parallel build reads and prepares the input in a reader process
(:func:`bilat.pipeline.reader.read_ahead`), started before this process opens the store
and loads the model. Each document is processed in isolation: a document that fails is
recorded as a Failure and the build goes on. Analyses are written in batches, one
transaction per batch, so an interrupted build keeps every finished batch and a rerun
skips what is stored.

A document's identity is its name (the file name, or a JSONL or feed record's id: the
name the build reports and the export writes); its text and metadata are its version. A
document stored as it is read is skipped; a new version of a stored name replaces it
(:meth:`bilat.store.base.Store.add_analyses`); one build takes one document a name, the
first it reads (the others are reported, E114). With ``prune``, the stored documents the
build did not take are removed at its end. Then the documents stored or touched since the
last merge are merged into the stored events
(:func:`bilat.pipeline.incremental.merge_pending`; a parallel build into an empty
database merges most of them while its workers take the last chunks), so the database
holds what a build of the current input into a new database would, and the corrections
people made are applied again (:func:`bilat.pipeline.corrections.apply_corrections`).

The build holds the database's build lock from start to end: a second build on the same
database is refused at once (:class:`~bilat.errors.DatabaseLocked`).
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bilat import cycles
from bilat.config import Settings
from bilat.errors import DuplicateName
from bilat.model import (
    Document,
    DocumentAnalysis,
    EventMention,
    Failure,
    RawDocument,
    content_id,
)
from bilat.pipeline import collector
from bilat.pipeline.corrections import CorrectionState, apply_corrections
from bilat.pipeline.groups_ahead import Found, GroupsAhead
from bilat.pipeline.incremental import AHEAD_DOCS, band_keys_of, merge_pending
from bilat.pipeline.processes import can_fork
from bilat.pipeline.reader import Prepared, Reading, prepare_all, read_ahead
from bilat.pipeline.store_later import StoreLater, new_database_lock, open_later, opened_now

# The store (SQLAlchemy) is imported where it is used: a worker process imports this
# package for its extraction functions only, and that import was half of its start-up.
# The executors (and with them spaCy and the extraction) are imported by the build once
# its reader is forked: the reader needs none of them, and imports them no more.
if TYPE_CHECKING:
    from bilat.pipeline.analyse import Chunk
    from bilat.pipeline.executors import Analyser
    from bilat.store.base import DocumentChange, Store

# Documents per extraction task: enough paragraphs for efficient spaCy batches and to
# amortise a task's transfer to a worker, few enough to keep every worker busy to the end.
CHUNK_DOCS = 16

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    taken: int = 0  # documents analysed in this run
    already: int = 0  # documents that were already in the database (or twice in the input)
    skipped: list[Failure] = field(default_factory=list)
    replaced: list[DocumentChange] = field(default_factory=list)  # new versions of stored names
    pruned: list[str] = field(default_factory=list)  # names removed by ``prune``
    mentions: int = 0
    events: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage
    corrections: list[CorrectionState] = field(default_factory=list)  # the log, applied again

    @property
    def exit_code(self) -> int:
        """0 every document taken, 1 some reported and skipped, 2 nothing usable (every
        document skipped, or no document found at all)."""
        if not (self.taken or self.already):
            return 2
        return 1 if self.skipped else 0

    def add_time(self, stage: str, since: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - since


def iter_documents(paths: Sequence[Path], manifest: Path | None,
                   max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    """Every input document (or the Failure reading it), with the manifest's metadata."""
    # imported here, where a parallel build's reader reads: the build's process then
    # never imports the feed parser
    from bilat.sources import apply_manifest, iter_raw, read_manifest

    meta = read_manifest(manifest) if manifest else {}
    for item in iter_raw(paths, max_bytes):
        yield apply_manifest(item, meta) if isinstance(item, RawDocument) and meta else item


@dataclass
class _Taken:
    """The names this build has met: a digest of the first version read of each (its id,
    which stands for its text, and its metadata) and where it came from; and the names it
    keeps in the database (stored as they are, or analysed and stored)."""

    first: dict[str, tuple[str, str]] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)

    def meet(self, document: Document, origin: str) -> Failure | bool:
        """True for the first document of its name; False for the same version again; the
        E114 Failure for another version of a name already met."""
        version = content_id(dataclasses.asdict(dataclasses.replace(document, text="", clean="")))
        if document.name not in self.first:
            self.first[document.name] = (version, origin)
            return True
        earlier, where = self.first[document.name]
        if earlier == version:
            return False
        error = DuplicateName(f"{origin}: {where}, read earlier in this build, has the same "
                              f"name {document.name!r}; this one was not taken.")
        return Failure(document.name, origin, error.stage, error.code, error.message)


def build(paths: Sequence[Path], *, db: str, manifest: Path | None = None,
          settings: Settings | None = None, progress: Progress | None = None,
          jobs: int = 1, dask: str | None = None, screened: bool = True,
          prune: bool = False) -> BuildReport:
    """Read, extract and store ``paths``; ``jobs`` worker processes or a ``dask`` cluster
    (``local:N`` or a scheduler address) share the extraction. ``progress`` is called with
    each input document's name once it is done with (analysed, skipped or already stored).
    ``prune`` removes the stored documents this build did not take (deleted files, records
    no longer given, inputs that now fail). ``screened=False`` parses every paragraph (to
    measure what the screen saves)."""
    settings = settings or Settings.from_env()
    parallel = jobs > 1 or dask is not None
    report = BuildReport()
    taken = _Taken()
    with ExitStack() as stack:
        # a parallel build reads ahead in a process of its own, started first: it prepares
        # while this process opens the store and loads the model, with the cores idle
        read = lambda: iter_documents(paths, manifest, settings.max_doc_bytes)  # noqa: E731
        reading = (stack.enter_context(read_ahead(read, settings))
                   if parallel and can_fork() else None)
        documents = reading or prepare_all(read(), settings,
                                           lambda t: report.add_time("prepare", t))
        # imported once the reader is forked, which needs neither: the extraction's
        # libraries (spaCy) and the store's (SQLAlchemy); the model and knowledge base
        # are loaded at the first chunk, and both kept off the collector to the end of
        # the build, its merge included (collector.py). The collector stays paused until
        # the imports are frozen: resumed before the store opened, its first two
        # collections walked all their new objects (~0.1 CPU s of every build's start).
        # A parallel build into a new SQLite file takes the build lock alone and opens
        # the store once its workers have work (store_later.py)
        with cycles.paused():
            from bilat.pipeline.analyse import warm
            from bilat.pipeline.executors import analyser_for

            lock = new_database_lock(db) if parallel else None
            if lock is not None:
                stack.callback(lock.release)  # after the store is closed
                stores = open_later(db)
                stack.callback(lambda: stores.opened and stores.opened.close())
            else:
                from bilat.store import open_store

                store = open_store(db, exclusive=True)
                stack.callback(store.close)
                stores = opened_now(store)
            warmed = stack.enter_context(
                collector.frozen_once_loaded(lambda: warm(settings.kb_paths)))
        with analyser_for(jobs, dask, settings.kb_paths, screened, warmed) as run:
            ahead = _Ahead(AHEAD_DOCS if parallel else 0, AHEAD_DOCS,
                           groups_if_empty=parallel, reading=reading)
            # a store opened first settles it now, and the reader is told at once
            if ahead.groups_if_empty and stores.opened is not None:
                ahead.started_empty(stores.opened.documents_page(limit=0).total == 0)
            _extract_and_store(run, documents, stores, settings, report, taken, progress,
                               ahead)
        store = stores()
        if report.skipped:
            store.add_failures(report.skipped)
        if prune:
            report.pruned = store.prune(taken.kept, report.skipped)
        started = time.perf_counter()
        ahead.merge(store)
        report.corrections = apply_corrections(store)
        report.events = store.count_events()
        report.add_time("merge", started)
    return report


@functools.cache
def skip_exit_collections() -> None:
    """At the exit of the process, before the interpreter's last collections, put every
    object out of the collector's reach (``gc.freeze``): those collections walk the
    model's and the knowledge base's millions of objects to find no garbage a process
    about to end needs freed, ~0.9 CPU s after every build (registered once). Objects in
    reference cycles are then not finalised at exit, so only the owner of the process
    calls this (the CLI), never :func:`build` itself on a library user's behalf."""
    atexit.register(gc.freeze)


def _chunks(items: Iterable[Prepared], stores: StoreLater, settings: Settings,
            report: BuildReport, taken: _Taken, progress: Progress | None,
            ahead: _Ahead) -> Iterator[Chunk]:
    """Prepared documents not stored as they are, CHUNK_DOCS at a time; the rest go to the
    report. Band keys read ahead go to ``ahead``. The first chunks of a store not open yet
    go out unchecked (:class:`~bilat.pipeline.store_later.StoreLater`)."""
    chunk: Chunk = []

    def flush() -> Chunk:
        nonlocal chunk
        if stores.hand_out_unchecked([doc for doc, _ in chunk]):
            sent, chunk = chunk, []
            return sent
        current = stores().current_documents([doc for doc, _ in chunk])
        fresh = [(doc, origin) for doc, origin in chunk if doc.id not in current]
        report.already += len(chunk) - len(fresh)
        for doc, _ in chunk:
            if doc.id in current:
                taken.kept.add(doc.name)
                if progress:
                    progress(doc.name)
        chunk = []
        return fresh

    for item in items:
        # a queued document's progress is told when its analysis comes back
        if not _queue(item.document, item.origin, chunk, report, taken) and progress:
            progress(item.name)
        if item.bands is not None and isinstance(item.document, Document):
            ahead.given(item.document.id, item.bands)
        # a chunk never exceeds a write batch, so a small BILAT_BATCH_SIZE really bounds
        # the work an interrupted build loses
        if len(chunk) >= min(CHUNK_DOCS, settings.batch_size) and (fresh := flush()):
            yield fresh
    if chunk and (fresh := flush()):
        yield fresh


def _queue(document: Document | Failure, origin: str, chunk: Chunk, report: BuildReport,
           taken: _Taken) -> bool:
    """Queue a prepared document for analysis (True), or count it as met already in this
    build, or report it (False)."""
    if isinstance(document, Failure):
        report.skipped.append(document)
        return False
    met = taken.meet(document, origin)
    if isinstance(met, Failure):
        report.skipped.append(met)
        return False
    if not met:
        report.already += 1
        return False
    chunk.append((document, origin))
    return True


def _extract_and_store(run: Analyser, items: Iterable[Prepared], stores: StoreLater,
                       settings: Settings, report: BuildReport, taken: _Taken,
                       progress: Progress | None, ahead: _Ahead) -> None:
    """Analyse what is new, writing each batch of results in input order. A document
    handed out before the store was open and found stored as it is counts as already
    stored, as it would have before it went out."""
    batch: list[DocumentAnalysis] = []  # results not stored yet, cleared once they are
    results = run(_chunks(items, stores, settings, report, taken, progress, ahead),
                  _EarlyMerge(stores, batch, report, ahead))
    while True:
        started = time.perf_counter()
        chunk = next(results, None)
        report.add_time("extract", started)
        if chunk is None:
            break
        store = stores()  # open, and the chunks sent before checked, before any write
        for result in chunk:
            name = result.name if isinstance(result, Failure) else result.document.name
            if progress:
                progress(name)
            if name in stores.stored_early:
                report.already += 1
                taken.kept.add(name)
                continue
            if isinstance(result, Failure):
                report.skipped.append(result)
                continue
            batch.append(result)
            taken.kept.add(result.document.name)
            report.taken += 1
            report.mentions += len(result.mentions)
        if len(batch) >= settings.batch_size:
            _write(store, list(batch), report, ahead)
            batch.clear()
    if batch:
        _write(stores(), list(batch), report, ahead)
    # documents are read and prepared while the results are awaited: count that time once
    report.seconds["extract"] -= report.seconds.get("prepare", 0.0)


# The CPU seconds an early merge takes, per document and per mention stored, a little
# over: the workers are given chunks for that long (executors.Meanwhile), and their chunks
# in flight are counted as whole. With the reader's groups standing for its copy
# regrouping (groups_ahead.Found), 0.50 to 0.55 CPU s on the 1,200-document mix (0.59 to
# 0.72 when it regrouped), 0.23 without copies (0.29 to 0.33): 0.10 ms a document less,
# 0.04 a mention (the worker then had ~0.15 CPU s more left than the mix's merge took).
MERGE_SECONDS_PER_DOCUMENT = 0.00018
MERGE_SECONDS_PER_MENTION = 0.00014


@dataclass
class _EarlyMerge:
    """Work for the build's process while its workers take the input's last chunks, in a
    build into an empty database: store the results it holds (``batch``) and merge what
    is stored. The final merge then merges only the last chunks' documents into those
    events, as an incremental build does (:func:`merge_pending`, whose result equals a
    merge of everything), instead of every document with the workers' core idle."""

    stores: StoreLater
    batch: list[DocumentAnalysis]
    report: BuildReport
    ahead: _Ahead

    def seconds(self) -> float:
        if not self.ahead.empty_at_start:
            return 0.0
        documents = self.report.taken  # stored, or in the batch
        return (MERGE_SECONDS_PER_DOCUMENT * documents
                + MERGE_SECONDS_PER_MENTION * self.report.mentions)

    def __call__(self) -> None:
        if self.batch:
            _write(self.stores(), list(self.batch), self.report, self.ahead)
            self.batch.clear()
        started = time.perf_counter()
        self.ahead.merge(self.stores())
        self.report.add_time("merge", started)


def _write(store: Store, batch: list[DocumentAnalysis], report: BuildReport,
           ahead: _Ahead) -> None:
    """Store a batch with the band keys its documents were read with, then keep their
    band keys and mentions for the merge."""
    started = time.perf_counter()
    if ahead.groups_if_empty:  # a store opened late: settled before its first write
        ahead.started_empty(store.documents_page(limit=0).total == 0)
    report.replaced += store.add_analyses(batch, ahead.bands_to_store(batch))
    report.add_time("store", started)
    started = time.perf_counter()
    ahead.add(batch)
    report.add_time("merge", started)


@dataclass
class _Ahead:
    """What the merge would otherwise compute or read, kept as each batch is stored: the
    copy detection's band keys of the stored documents (up to ``limit`` documents) and
    their mentions (up to ``mention_limit``; the merge computes or reads the others).
    With workers, this process computes the keys while the workers extract, instead of in
    the merge, which runs alone at the end with a core idle; a one-process build has no
    idle core to save and computes none ahead (a limit of 0: the MinHash's SciPy import
    would otherwise come during the extraction). Every build keeps the mentions: the
    merge would read them all back otherwise (0.06 CPU s for the 1,200-document mix),
    and holds them all while it merges anyway, so its peak memory does not grow.

    The band keys the reader gives are stored with their documents' batch (``stored``),
    not by the merge: their rows (30,000 for 1,200 documents, ~0.1 CPU s with the
    commit) are then written while the workers extract, not while they wait."""

    limit: int
    mention_limit: int
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    mentions: dict[str, tuple[EventMention, ...]] = field(default_factory=dict)
    stored: set[str] = field(default_factory=set)  # documents stored with their band keys
    groups_if_empty: bool = False  # copies grouped ahead if the database starts empty
    empty_at_start: bool = False  # settled: the database held no document at the start
    reading: Reading | None = None  # the reader, which groups them (else this process does)
    groups: GroupsAhead | None = None  # the groups found here, without a reader

    def started_empty(self, empty: bool) -> None:
        """Settle, once, whether copy groups are found ahead: only in a database that
        starts empty (a stored document may be a copy of a new one), by the reader if there
        is one, else here as each batch is stored."""
        if not self.groups_if_empty:
            return
        self.groups_if_empty = False
        self.empty_at_start = empty
        if not empty:
            if self.reading is not None:
                self.reading.ungrouped()
        elif self.reading is None:
            self.groups = GroupsAhead()

    def merge(self, store: Store) -> None:
        """Merge what is pending in ``store`` with what was kept ahead."""
        merge_pending(store, self.keys, self.mentions, self.stored, self.found_groups())

    def found_groups(self) -> Found | GroupsAhead | None:
        """The copy groups found ahead, for the merge (None: it regroups): none while it
        is not settled that the database started empty."""
        if self.groups_if_empty:
            return None
        return self.reading.groups if self.reading is not None else self.groups

    def bands_to_store(self, batch: Sequence[DocumentAnalysis]) -> dict[str, tuple[str, ...]]:
        """The band keys given for ``batch``'s documents, to store with them (counted as
        stored)."""
        given = {a.document.id: self.keys[a.document.id] for a in batch
                 if a.document.id in self.keys}
        self.stored.update(given)
        return given

    def add(self, stored: Sequence[DocumentAnalysis]) -> None:
        """Keep the mentions of stored analyses, and compute the band keys of their
        documents not given theirs already."""
        if len(self.mentions) < self.mention_limit:
            self.mentions.update((a.document.id, a.mentions) for a in stored)
        if len(self.keys) < self.limit:
            documents = (a.document for a in stored)
            self.keys.update(band_keys_of(d for d in documents if d.id not in self.keys))
        if self.groups:
            self.groups.add((a.document for a in stored), self.keys)

    def given(self, doc_id: str, bands: tuple[str, ...]) -> None:
        """Keep band keys computed where the document was read (:mod:`~bilat.pipeline.reader`)."""
        if len(self.keys) < self.limit:
            self.keys[doc_id] = bands
