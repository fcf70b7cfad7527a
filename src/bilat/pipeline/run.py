"""The build: read the inputs, skip what is stored, extract in chunks, store in batches,
merge what is new, and report.

Each document is processed in isolation: a document that fails is recorded as a Failure
and the build goes on. Analyses are written in batches, one transaction per batch, so an
interrupted build keeps every finished batch and a rerun skips what is stored (document
ids are content hashes). At the end the documents stored since the last merge are merged
into the stored events (:func:`bilat.pipeline.incremental.merge_pending`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bilat.config import Settings
from bilat.model import DocumentAnalysis, Failure, RawDocument
from bilat.pipeline.analyse import Chunk, prepared
from bilat.pipeline.executors import Analyser, analyser_for
from bilat.pipeline.incremental import merge_pending
from bilat.sources import apply_manifest, iter_raw, read_manifest

# The store (SQLAlchemy) is imported where it is used: a worker process imports this
# package for its extraction functions only, and that import was half of its start-up.
if TYPE_CHECKING:
    from bilat.store.base import Store

# Documents per extraction task: enough paragraphs for efficient spaCy batches and to
# amortise a task's transfer to a worker, few enough to keep every worker busy to the end.
CHUNK_DOCS = 16

Progress = Callable[[str], None]


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


def iter_documents(paths: Sequence[Path], manifest: Path | None,
                   max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    """Every input document (or the Failure reading it), with the manifest's metadata."""
    meta = read_manifest(manifest) if manifest else {}
    for item in iter_raw(paths, max_bytes):
        yield apply_manifest(item, meta) if isinstance(item, RawDocument) and meta else item


def build(paths: Sequence[Path], *, db: str, manifest: Path | None = None,
          settings: Settings | None = None, progress: Progress | None = None,
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
        documents = iter_documents(paths, manifest, settings.max_doc_bytes)
        with analyser_for(jobs, dask, settings.kb_paths, screened) as run:
            _extract_and_store(run, documents, store, settings, report, progress)
        if report.skipped:
            store.add_failures(report.skipped)
        started = time.perf_counter()
        merge_pending(store)
        report.events = store.count_events()
        report.add_time("merge", started)
    finally:
        store.close()
    return report


def _chunks(items: Iterable[RawDocument | Failure], store: Store, settings: Settings,
            report: BuildReport, progress: Progress | None) -> Iterator[Chunk]:
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


def _extract_and_store(run: Analyser, items: Iterable[RawDocument | Failure], store: Store,
                       settings: Settings, report: BuildReport,
                       progress: Progress | None) -> None:
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
