"""Where chunks run: results come back in submission order with a bounded window, bad
worker options are usage errors, and worker processes store what a serial build stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.errors import UsageError
from bilat.pipeline import analyser_for, build, in_order
from bilat.store import open_store
from bilat.views.export import export_events_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def export(db: Path) -> list[dict]:
    store = open_store(str(db))
    try:
        return list(export_events_jsonl(store))
    finally:
        store.close()


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


def test_bad_worker_options_are_usage_errors() -> None:
    with pytest.raises(UsageError), analyser_for(0, None, ()):
        pass
    with pytest.raises(UsageError), analyser_for(2, "local:2", ()):
        pass


def test_a_build_with_worker_processes_stores_what_a_serial_build_stores(tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial.db", tmp_path / "jobs.db"
    build([EXAMPLES / "articles"], db=str(serial), manifest=EXAMPLES / "manifest.jsonl")
    report = build(
        [EXAMPLES / "articles"], db=str(parallel), manifest=EXAMPLES / "manifest.jsonl", jobs=2
    )
    assert report.taken > 0
    assert export(parallel) == export(serial)
