"""`bilat build` as a pipeline: chunks in order, failures isolated, parallel == serial."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bilat.pipeline as pipeline
import bilat.pipeline.analyse as analyse
from bilat.cli import app
from bilat.errors import UsageError
from bilat.model import Document, DocumentAnalysis, Failure
from bilat.pipeline import analyse_chunk, analyser_for, build, in_order
from bilat.store import open_store
from bilat.views.export import export_events_jsonl

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def export(db: Path) -> list[dict]:
    store = open_store(str(db))
    try:
        return list(export_events_jsonl(store))
    finally:
        store.close()


def document(name: str, text: str) -> Document:
    return Document(Document.make_id(name, text), name, text, text, "2024-06-20")


@pytest.fixture(scope="module")
def serial_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    build([EXAMPLES / "articles"], db=str(db), manifest=EXAMPLES / "manifest.jsonl")
    return db


class Done:
    """A finished task that notes when its result is taken."""

    def __init__(self, value: list, log: list[str]) -> None:
        self.value, self.log = value, log

    def result(self) -> list:
        self.log.append(f"result {self.value[0]}")
        return self.value


def test_results_come_back_in_submission_order_with_a_bounded_window() -> None:
    log: list[str] = []

    def submit(chunk: list) -> Done:
        log.append(f"submit {chunk[0][0]}")
        return Done([chunk[0][0]], log)

    chunks = [[(f"d{i}", "")] for i in range(5)]
    assert list(in_order(submit, chunks, window=3)) == [[f"d{i}"] for i in range(5)]
    assert log == ["submit d0", "submit d1", "submit d2", "result d0", "submit d3", "result d1",
                   "submit d4", "result d2", "result d3", "result d4"]


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


def test_bad_worker_options_are_usage_errors() -> None:
    with pytest.raises(UsageError), analyser_for(0, None, ()):
        pass
    with pytest.raises(UsageError), analyser_for(2, "local:2", ()):
        pass


def test_the_report_times_each_stage(serial_db: Path, tmp_path: Path) -> None:
    report = build(
        [EXAMPLES / "articles"], db=str(tmp_path / "t.db"), manifest=EXAMPLES / "manifest.jsonl"
    )
    assert report.taken > 0
    assert set(report.seconds) == {"prepare", "extract", "store", "merge"}
    assert all(v >= 0 for v in report.seconds.values())


def test_progress_is_told_once_per_input_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "articles", folder)
    (folder / "empty.txt").write_text("")
    shutil.copy(folder / "02_kim-putin-vostochny-cosmodrome.txt", folder / "zz_twice.txt")
    names: list[str] = []
    db = str(tmp_path / "p.db")
    first = build([folder], db=db, progress=names.append)
    inputs = sorted(pipeline.iter_documents([folder], None), key=lambda r: r.name)
    assert sorted(names) == [r.name for r in inputs]
    assert first.skipped and first.skipped[0].name == "empty.txt"
    names.clear()
    again = build([folder], db=db, progress=names.append)
    assert len(names) == len(inputs) and again.taken == 0 and again.already == len(inputs) - 1


def test_a_build_with_worker_processes_stores_what_a_serial_build_stores(
        serial_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    report = build(
        [EXAMPLES / "articles"], db=str(db), manifest=EXAMPLES / "manifest.jsonl", jobs=2
    )
    assert report.taken > 0
    assert export(db) == export(serial_db)


def test_cli_build_takes_jobs_and_reports_bad_values(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["build", str(EXAMPLES / "articles"), "--db", str(tmp_path / "c.db"), "--jobs", "0"]
    )
    assert result.exit_code == 2 and "E001" in result.output


def test_cli_build_shows_a_progress_bar_when_asked(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "build",
            str(EXAMPLES / "articles" / "02_kim-putin-vostochny-cosmodrome.txt"),
            "--db",
            str(tmp_path / "b.db"),
            "--progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "docs/s" in result.output and "1/1" in result.output
