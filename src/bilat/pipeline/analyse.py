"""What a worker runs: one document, and one chunk of documents parsed in one stream.

Every function here is safe to run in any process (this one, a pool worker, a Dask
worker): it reads nothing but its arguments and the model and knowledge base it loads
once per process. A document that fails becomes a :class:`~bilat.model.Failure` and its
chunk goes on.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bilat.annotations.nlp import Paragraph, load_nlp
from bilat.annotations.time import forget_matches
from bilat.errors import ExtractionFailed
from bilat.events.extract import extract
from bilat.events.screen import parse_for_events, screen_for
from bilat.knowledge.gazetteer import gazetteer
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.model import Document, DocumentAnalysis, Failure

Chunk = list[tuple[Document, str]]  # (document, origin) pairs
Result = DocumentAnalysis | Failure


def analyse(document: Document, origin: str, kb: KnowledgeBase,
            parsed: list[Paragraph] | None = None) -> DocumentAnalysis | Failure:
    """One document, isolated: a DocumentAnalysis, or the Failure that stopped it."""
    forget_matches()
    try:
        return extract(document, kb, parsed)
    except Exception as exc:  # noqa: BLE001 - one bad document must never abort a build
        return _failure(document, origin, exc)


@lru_cache(maxsize=4)
def knowledge(kb_paths: tuple[Path, ...]) -> KnowledgeBase:
    """The knowledge base of these user files, loaded once per process."""
    return load_kb(kb_paths or None)


def warm(kb_paths: tuple[Path, ...]) -> None:
    """Load the model, the knowledge base and its matchers (once per worker process), and
    what extraction otherwise loads at its first use: the gazetteer (~0.5 CPU s). Workers
    forked after this share them instead of each loading its own in its first chunk."""
    load_nlp()
    screen_for(knowledge(kb_paths))
    gazetteer()


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
        return _failure(document, origin, exc)
    return analyse(document, origin, kb, parsed)


def _failure(document: Document, origin: str, exc: Exception) -> Failure:
    return Failure(document.name, origin, "extract", ExtractionFailed.code,
                   f"{type(exc).__name__}: {exc}")
