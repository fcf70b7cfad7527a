"""`bilat build`: sources -> documents -> annotations -> events -> store.

This module is the edge where files and the database meet the pure stages. Each document
is processed in isolation: a document that fails is recorded as a Failure and the build
goes on. Analyses are written in batches, one transaction per batch, so an interrupted
build keeps every finished batch and a rerun skips what is stored (document ids are
content hashes). At the end the documents stored since the last merge are merged into
the stored events (:func:`merge_pending`): only their neighbourhood is re-merged, and the
result is what merging every stored mention again would give, so building A then B gives
the same events as building A and B together, at a cost that grows with B, not with A.

**Parallel builds.** Extraction, the costly stage, works on chunks of documents (parsed
in one spaCy stream, see :func:`bilat.annotations.nlp.parse_many`): in this process, in
``jobs`` worker processes, or on Dask workers (:mod:`bilat.distributed`). A worker loads
the model and the knowledge base once. Results come back in input order and only this
process writes, so a parallel build stores exactly what a serial build stores.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bilat.annotations.nlp import Paragraph, load_nlp
from bilat.annotations.time import forget_matches
from bilat.config import Settings
from bilat.documents import prepare
from bilat.errors import DocumentError, ExtractionFailed, UsageError
from bilat.events.extract import extract
from bilat.events.screen import parse_for_events, screen_for
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.model import Document, DocumentAnalysis, EventMention, Failure, RawDocument
from bilat.sources import apply_manifest, iter_raw, read_manifest

# The store (SQLAlchemy) and copy detection (datasketch, SciPy) are imported where they are
# used: a worker process imports this module for its extraction functions only, and those
# imports were half of its start-up.
if TYPE_CHECKING:
    from bilat.store.base import Store

# Documents per extraction task: enough paragraphs for efficient spaCy batches and to
# amortise a task's transfer to a worker, few enough to keep every worker busy to the end.
CHUNK_DOCS = 16
# Tasks in flight per worker: one running, one queued, so a worker never waits for work.
TASKS_PER_WORKER = 2

Chunk = list[tuple[Document, str]]  # (document, origin) pairs
Result = DocumentAnalysis | Failure
# Maps chunks to their results, in the order the chunks came.
Analyser = Callable[[Iterable[Chunk]], Iterator[list[Result]]]


@dataclass
class BuildReport:
    taken: int = 0  # documents analysed in this run
    already: int = 0  # documents that were already in the database (or twice in the input)
    skipped: list[Failure] = field(default_factory=list)
    mentions: int = 0
    events: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage

    @property
    def exit_code(self) -> int:
        """0 every document taken, 1 some reported and skipped, 2 nothing usable (every
        document skipped, or no document found at all)."""
        if not (self.taken or self.already):
            return 2
        return 1 if self.skipped else 0

    def add_time(self, stage: str, since: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - since


# ------------------------------------------------------------------------ one document


def prepared(raw: RawDocument, settings: Settings) -> Document | Failure:
    try:
        return prepare(raw, settings)
    except DocumentError as exc:
        return Failure(raw.name, raw.origin, exc.stage, exc.code, exc.message)
    except Exception as exc:  # noqa: BLE001 - a bug on one document must not abort a build
        return Failure(raw.name, raw.origin, "prepare", ExtractionFailed.code,
                       f"{type(exc).__name__}: {exc}")


def analyse(document: Document, origin: str, kb: KnowledgeBase,
            parsed: list[Paragraph] | None = None) -> DocumentAnalysis | Failure:
    """One document, isolated: a DocumentAnalysis, or the Failure that stopped it."""
    forget_matches()
    try:
        return extract(document, kb, parsed)
    except Exception as exc:  # noqa: BLE001 - one bad document must never abort a build
        return Failure(document.name, origin, "extract", ExtractionFailed.code,
                       f"{type(exc).__name__}: {exc}")


# ------------------------------------------------------------------------ chunks, on any worker


@lru_cache(maxsize=4)
def knowledge(kb_paths: tuple[Path, ...]) -> KnowledgeBase:
    """The knowledge base of these user files, loaded once per process."""
    return load_kb(kb_paths or None)


def warm(kb_paths: tuple[Path, ...]) -> None:
    """Load the model, the knowledge base and its matchers (once per worker process)."""
    load_nlp()
    screen_for(knowledge(kb_paths))


def analyse_chunk(chunk: Chunk, kb_paths: tuple[Path, ...], screened: bool = True) -> list[Result]:
    """Extract a chunk of documents, their paragraphs parsed in one stream (only those that
    can hold an event, unless ``screened`` is False)."""
    kb = knowledge(kb_paths)
    try:
        parsed = parse_for_events([doc.clean for doc, _ in chunk], kb, screened=screened)
    except Exception:  # noqa: BLE001 - parse one by one so that only the bad document fails
        return [_analyse_alone(doc, origin, kb, screened) for doc, origin in chunk]
    return [analyse(doc, origin, kb, paras)
            for (doc, origin), paras in zip(chunk, parsed, strict=True)]


def _analyse_alone(document: Document, origin: str, kb: KnowledgeBase,
                   screened: bool) -> DocumentAnalysis | Failure:
    try:
        (parsed,) = parse_for_events([document.clean], kb, screened=screened)
    except Exception as exc:  # noqa: BLE001 - one bad document must never abort a build
        return Failure(document.name, origin, "extract", ExtractionFailed.code,
                       f"{type(exc).__name__}: {exc}")
    return analyse(document, origin, kb, parsed)


class _Future(Protocol):
    def result(self) -> list[Result]: ...


def in_order(submit: Callable[[Chunk], _Future], chunks: Iterable[Chunk],
             window: int) -> Iterator[list[Result]]:
    """Submit chunks with at most ``window`` in flight; yield results in submission order."""
    pending: deque[_Future] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextmanager
def serial_analyser(kb_paths: tuple[Path, ...], screened: bool = True) -> Iterator[Analyser]:
    yield lambda chunks: (analyse_chunk(chunk, kb_paths, screened) for chunk in chunks)


@contextmanager
def process_analyser(jobs: int, kb_paths: tuple[Path, ...],
                     screened: bool = True) -> Iterator[Analyser]:
    """``jobs`` worker processes. Spawned, not forked: a fork would copy this process's
    threads and open database handles, and spawn behaves the same on every platform."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=warm,
                             initargs=(kb_paths,)) as pool:
        def submit(chunk: Chunk) -> _Future:
            return pool.submit(analyse_chunk, chunk, kb_paths, screened)

        yield lambda chunks: in_order(submit, chunks, jobs * TASKS_PER_WORKER)


@contextmanager
def analyser_for(jobs: int, dask: str | None, kb_paths: tuple[Path, ...],
                 screened: bool = True) -> Iterator[Analyser]:
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}.")
    if dask and jobs > 1:
        raise UsageError("Give either --jobs or --dask, not both.",
                         fix="With --dask, the workers come from the Dask cluster.")
    if dask:
        from bilat.distributed import dask_analyser

        with dask_analyser(dask, kb_paths, screened) as run:
            yield run
    elif jobs > 1:
        with process_analyser(jobs, kb_paths, screened) as run:
            yield run
    else:
        with serial_analyser(kb_paths, screened) as run:
            yield run


# ------------------------------------------------------------------------ the build


def iter_documents(paths: Sequence[Path], manifest: Path | None,
                   max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    meta = read_manifest(manifest) if manifest else {}
    for item in iter_raw(paths, max_bytes):
        yield apply_manifest(item, meta) if isinstance(item, RawDocument) and meta else item


def _chunks(items: Iterable[RawDocument | Failure], store: Store, settings: Settings,
            report: BuildReport, progress: Callable[[str], None] | None) -> Iterator[Chunk]:
    """Prepared documents not stored yet, CHUNK_DOCS at a time; the rest go to the report."""
    seen: set[str] = set()
    chunk: Chunk = []

    def flush() -> Chunk:
        nonlocal chunk
        known = store.known_documents([doc.id for doc, _ in chunk])
        fresh = [(doc, origin) for doc, origin in chunk if doc.id not in known]
        report.already += len(chunk) - len(fresh)
        for doc, _ in chunk:
            if progress and doc.id in known:
                progress(doc.name)
        chunk = []
        return fresh

    for item in items:
        started = time.perf_counter()
        document = prepared(item, settings) if isinstance(item, RawDocument) else item
        report.add_time("prepare", started)
        queued = False
        if isinstance(document, Failure):
            report.skipped.append(document)
        elif document.id in seen:
            report.already += 1
        else:
            seen.add(document.id)
            chunk.append((document, item.origin))
            queued = True  # its progress is told when its analysis comes back
        if progress and not queued:
            progress(item.name)
        # a chunk never exceeds a write batch, so a small BILAT_BATCH_SIZE really bounds
        # the work an interrupted build loses
        if len(chunk) >= min(CHUNK_DOCS, settings.batch_size) and (fresh := flush()):
            yield fresh
    if chunk and (fresh := flush()):
        yield fresh


def build(paths: Sequence[Path], *, db: str, manifest: Path | None = None,
          settings: Settings | None = None,
          progress: Callable[[str], None] | None = None,
          jobs: int = 1, dask: str | None = None, screened: bool = True) -> BuildReport:
    """Read, extract and store ``paths``; ``jobs`` worker processes or a ``dask`` cluster
    (``local:N`` or a scheduler address) share the extraction. ``progress`` is called with
    each input document's name once it is done with (analysed, skipped or already stored).
    ``screened=False`` parses every paragraph (to measure what the screen saves)."""
    from bilat.store import open_store

    settings = settings or Settings.from_env()
    store = open_store(db)
    report = BuildReport()
    try:
        with analyser_for(jobs, dask, settings.kb_paths, screened) as run:
            _extract_and_store(run, iter_documents(paths, manifest, settings.max_doc_bytes), store, settings, report,
                               progress)
        if report.skipped:
            store.add_failures(report.skipped)
        started = time.perf_counter()
        merge_pending(store)
        report.events = store.count_events()
        report.add_time("merge", started)
    finally:
        store.close()
    return report


def _extract_and_store(run: Analyser, items: Iterable[RawDocument | Failure], store: Store,
                       settings: Settings, report: BuildReport,
                       progress: Callable[[str], None] | None) -> None:
    """Analyse what is new, writing each batch of results in input order."""
    batch: list[DocumentAnalysis] = []
    results = run(_chunks(items, store, settings, report, progress))
    while True:
        started = time.perf_counter()
        chunk = next(results, None)
        report.add_time("extract", started)
        if chunk is None:
            break
        for result in chunk:
            if progress:
                progress(result.name if isinstance(result, Failure) else result.document.name)
            if isinstance(result, Failure):
                report.skipped.append(result)
                continue
            batch.append(result)
            report.taken += 1
            report.mentions += len(result.mentions)
        if len(batch) >= settings.batch_size:
            _write(store, batch, report)
            batch = []
    if batch:
        _write(store, batch, report)
    # documents are read and prepared while the results are awaited: count that time once
    report.seconds["extract"] -= report.seconds.get("prepare", 0.0)


def _write(store: Store, batch: list[DocumentAnalysis], report: BuildReport) -> None:
    started = time.perf_counter()
    store.add_analyses(batch)
    report.add_time("store", started)


def remerge(store: Store) -> int:
    """Recompute copies and merged events from everything stored (what an incremental
    merge must equal; the pending list and band keys are left as they are)."""
    from bilat.events.copies import find_copies
    from bilat.events.merge import merge_mentions

    documents: list[Document] = store.documents()
    copies = find_copies(documents)
    events = merge_mentions(store.mentions(), copies)
    store.replace_events(events, copies)
    return len(events)


# ------------------------------------------------------------------------ incremental merge


def merge_pending(store: Store) -> None:
    """Merge the documents stored since the last merge into the stored events, in one
    transaction, reading and rewriting only their neighbourhood:

    - copies: the stored documents sharing an LSH band with a new one are checked, and the
      copy groups they belong to are regrouped;
    - events: the stored mentions that could merge with a new one, and then with those,
      until nothing more can (:func:`_neighbourhood`), are merged again together with the
      new ones, and the events holding them are replaced; events whose copy map changed
      (a new document became the original of their sources) are recomputed as they are.

    Everything else stays as stored. The result equals merging every stored mention again
    (:func:`remerge`): the merge joins, splits and orders mentions only by compatibility,
    so a set of mentions none of which could merge with one outside it merges alone as it
    does among all (see :mod:`bilat.events.merge`)."""
    from bilat.events.merge import event_of, merge_mentions
    from bilat.store.base import MergeUpdate

    new_docs = store.pending_documents()
    if not new_docs:
        return
    new_ids = {d.id for d in new_docs}
    copy_map, regrouped, bands, changed = _regroup_copies(store, new_docs)
    mentions = _neighbourhood(store, store.mentions(new_ids))
    docs = {m.doc_id for m in mentions}
    recompute = [g for g in store.events_of_documents(changed - new_ids)
                 if not {m.id for m in g} <= {m.id for m in mentions}]
    docs.update(m.doc_id for g in recompute for m in g)
    copies = store.copy_map(docs - regrouped) | {d: c for d, c in copy_map.items() if d in docs}
    events = merge_mentions(mentions, copies)
    events += [event_of(g, copies) for g in recompute]
    store.apply_merge(MergeUpdate(
        events=tuple(events), copies=copy_map, regrouped=tuple(sorted(regrouped)), bands=bands,
        merged=tuple(sorted(new_ids)),
    ))  # fmt: skip


def _regroup_copies(
    store: Store, new_docs: list[Document]
) -> tuple[dict[str, str], set[str], dict[str, tuple[str, ...]], set[str]]:
    """The copy groups the new documents join: (doc -> canonical for the copies among the
    regrouped documents, the regrouped documents, the new documents' band keys, the
    documents whose canonical changed)."""
    from bilat.events.copies import band_keys, extend_groups, shingles

    new_ids = {d.id for d in new_docs}
    bands = {d.id: band_keys(shingles(d.clean)) for d in new_docs}
    hits = store.band_matches(b for keys in bands.values() for b in keys)
    hits = {band: ids - new_ids for band, ids in hits.items()}
    stored_groups = store.copy_groups_of(i for ids in hits.values() for i in ids)
    groups = extend_groups(new_docs, hits=hits, linked=stored_groups, load=store.documents,
                           bands=bands)
    regrouped = new_ids | {doc for group in groups for doc in group}
    copy_map = {doc: group[0] for group in groups for doc in group[1:]}
    before = store.copy_map(regrouped - new_ids)
    changed = {d for d in regrouped if copy_map.get(d, d) != before.get(d, d)}
    return copy_map, regrouped, bands, changed


def _neighbourhood(store: Store, new: list[EventMention]) -> list[EventMention]:
    """The new mentions and every stored mention they could merge with, directly or through
    a chain, each with the whole event it belongs to: the closure under
    :func:`bilat.events.merge.could_merge`. The store offers candidates by blocking key and
    month; the merge's own compatibility test decides."""
    from bilat.events.merge import mergeable

    closure = {m.id: m for m in new}
    frontier = list(closure.values())
    while frontier:
        groups = [g for g in store.merge_candidates(frontier)
                  if not all(m.id in closure for m in g)]
        linked = mergeable((m for g in groups for m in g), frontier)
        frontier = []
        for group in groups:
            if any(m.id in closure or m.id in linked for m in group):
                fresh = [m for m in group if m.id not in closure]
                closure.update((m.id, m) for m in fresh)
                frontier += fresh
    return list(closure.values())
