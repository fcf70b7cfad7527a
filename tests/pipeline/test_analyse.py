"""What a worker runs: a document that breaks extraction, or a chunk whose parse fails,
costs that document only (E107), never its chunk; warming loads what a worker shares."""

from __future__ import annotations

import pytest

import bilat.pipeline.analyse as analyse
from bilat.model import Document, DocumentAnalysis, Failure
from bilat.pipeline.analyse import analyse_chunk


def document(name: str, text: str) -> Document:
    return Document(Document.make_id(name, text), name, text, text, "2024-06-20")


def test_a_document_that_breaks_extraction_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    real = analyse.extract

    def extract(doc: Document, kb, parsed=None) -> DocumentAnalysis:
        if doc.name == "bad.txt":
            raise RuntimeError("boom")
        return real(doc, kb, parsed)

    monkeypatch.setattr(analyse, "extract", extract)
    chunk = [(document("good.txt", "Putin met Kim Jong Un in Pyongyang on Wednesday."), "good.txt"),
             (document("bad.txt", "Lavrov visited Pyongyang."), "bad.txt")]
    good, bad = analyse_chunk(chunk, ())
    assert isinstance(good, DocumentAnalysis) and good.mentions
    assert isinstance(bad, Failure) and bad.code == "E107" and "boom" in bad.message


def test_a_chunk_whose_parse_fails_is_parsed_document_by_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = analyse.parse_for_events

    def breaks_on_boom(texts: list[str], kb, *, screened: bool = True) -> list:
        if any("BOOM" in t for t in texts):
            raise RuntimeError("the parser broke")
        return real(texts, kb, screened=screened)

    monkeypatch.setattr(analyse, "parse_for_events", breaks_on_boom)
    chunk = [(document("a.txt", "Putin met Kim Jong Un in Pyongyang on Wednesday."), "a.txt"),
             (document("b.txt", "BOOM. Lavrov visited Pyongyang."), "b.txt")]
    good, bad = analyse_chunk(chunk, ())
    assert isinstance(good, DocumentAnalysis) and good.mentions
    assert isinstance(bad, Failure) and bad.code == "E107" and "parser broke" in bad.message


def test_warm_loads_what_extraction_would_load_at_its_first_use() -> None:
    """Workers forked after warm() share the gazetteer instead of each loading its own."""
    analyse.gazetteer.cache_clear()
    analyse.warm(())
    assert analyse.gazetteer.cache_info().currsize == 1
