"""One document's unexpected error (a bug) is reported as E107 and the build goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat import pipeline
from bilat.config import Settings
from bilat.model import Document, Failure, RawDocument
from bilat.pipeline import reader
from bilat.sources import files, iter_raw

TEXT = ("Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks "
        "with North Korean Foreign Minister Choe Son Hui.\n")


def test_an_unexpected_error_while_preparing_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(raw: RawDocument, settings: Settings) -> Document:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(reader, "prepare", broken)
    raw = RawDocument(name="a.txt", kind="text", data=TEXT.encode(), origin="in/a.txt")
    failure = pipeline.prepared(raw, Settings())
    assert isinstance(failure, Failure)
    assert (failure.name, failure.stage, failure.code) == ("a.txt", "prepare", "E107")
    assert "RecursionError" in failure.message


def test_a_reader_error_costs_its_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "t"}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")

    def broken(data: bytes, path: Path) -> list[RawDocument]:
        raise ValueError("reader bug")

    monkeypatch.setattr(files, "read_jsonl", broken)
    records = list(iter_raw([tmp_path]))
    assert [type(r).__name__ for r in records] == ["Failure", "RawDocument"]
    failure = records[0]
    assert isinstance(failure, Failure)
    assert (failure.name, failure.stage, failure.code) == ("a.jsonl", "read", "E107")


def test_exit_codes_say_all_some_or_nothing_taken() -> None:
    skipped = [Failure("a.txt", "in/a.txt", "read", "E101", "empty")]
    assert pipeline.BuildReport(taken=2).exit_code == 0
    assert pipeline.BuildReport(already=2).exit_code == 0
    assert pipeline.BuildReport(taken=1, skipped=skipped).exit_code == 1
    assert pipeline.BuildReport(skipped=skipped).exit_code == 2
    assert pipeline.BuildReport().exit_code == 2  # no document found at all
