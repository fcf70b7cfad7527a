"""`bilat build`: sources -> documents -> annotations -> events -> store.

This module is the edge where files and the database meet the pure stages. Each document
is processed in isolation: a document that fails is recorded as a Failure and the build
goes on. Analyses are written in batches, one transaction per batch, so an interrupted
build keeps every finished batch and a rerun skips what is stored (document ids are
content hashes). Events are re-merged over all stored mentions at the end, so building
A then B gives the same events as building A and B together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bilat.config import Settings
from bilat.documents import prepare
from bilat.errors import DocumentError
from bilat.events.copies import find_copies
from bilat.events.extract import extract
from bilat.events.merge import merge_mentions
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.model import Document, DocumentAnalysis, Failure, RawDocument
from bilat.sources import apply_manifest, iter_raw, read_manifest
from bilat.store import open_store
from bilat.store.base import Store


@dataclass
class BuildReport:
    taken: int = 0  # documents analysed in this run
    already: int = 0  # documents that were already in the database
    skipped: list[Failure] = field(default_factory=list)
    mentions: int = 0
    events: int = 0

    @property
    def exit_code(self) -> int:
        if self.skipped and not (self.taken or self.already):
            return 2
        return 1 if self.skipped else 0


def prepared(raw: RawDocument, settings: Settings) -> Document | Failure:
    try:
        return prepare(raw, settings)
    except DocumentError as exc:
        return Failure(raw.name, raw.origin, exc.stage, exc.code, exc.message)


def analyse(document: Document, origin: str, kb: KnowledgeBase) -> DocumentAnalysis | Failure:
    """One document, isolated: a DocumentAnalysis, or the Failure that stopped it."""
    try:
        return extract(document, kb)
    except Exception as exc:  # noqa: BLE001 - one bad document must never abort a build
        return Failure(document.name, origin, "extract", "E107", f"{type(exc).__name__}: {exc}")


def iter_documents(paths: Sequence[Path], manifest: Path | None) -> Iterator[RawDocument | Failure]:
    meta = read_manifest(manifest) if manifest else {}
    for item in iter_raw(paths):
        yield apply_manifest(item, meta) if isinstance(item, RawDocument) and meta else item


def build(paths: Sequence[Path], *, db: str, manifest: Path | None = None,
          settings: Settings | None = None,
          progress: Callable[[str], None] | None = None) -> BuildReport:
    settings = settings or Settings.from_env()
    kb = load_kb(settings.kb_paths or None)
    store = open_store(db)
    report = BuildReport()
    try:
        batch: list[DocumentAnalysis] = []
        for item in iter_documents(paths, manifest):
            if isinstance(item, Failure):
                report.skipped.append(item)
                continue
            document = prepared(item, settings)
            if isinstance(document, Failure):
                report.skipped.append(document)
                continue
            if store.known_documents([document.id]):
                report.already += 1
                continue
            result = analyse(document, item.origin, kb)
            if isinstance(result, Failure):
                report.skipped.append(result)
            else:
                batch.append(result)
                report.taken += 1
                report.mentions += len(result.mentions)
            if progress:
                progress(item.name)
            if len(batch) >= settings.batch_size:
                store.add_analyses(batch)
                batch = []
        if batch:
            store.add_analyses(batch)
        if report.skipped:
            store.add_failures(report.skipped)
        report.events = remerge(store)
    finally:
        store.close()
    return report


def remerge(store: Store) -> int:
    """Recompute copies and merged events from everything stored."""
    documents: list[Document] = store.documents()
    copies = find_copies(documents)
    events = merge_mentions(store.mentions(), copies)
    store.replace_events(events, copies)
    return len(events)
