"""Kill -9 a real `bilat build` at random moments, then rerun it.

After every kill the database must open and be consistent (SQLite's own checks, foreign
keys, the full-text index in step with the mentions); rerunning the same command must
finish the work and give byte-for-byte the export of a build that was never interrupted.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from bilat.config import SCHEMA_VERSION
from bilat.store import open_store
from bilat.views.export import export_events_jsonl

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
HOSTILE = REPO / "tests" / "data" / "hostile"
KILLS = 6
COPIES = 4
SEED = 5

pytestmark = pytest.mark.slow


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    """The sample articles, in COPIES folders so that extraction (not start-up) takes most
    of the time and the kills land between many write transactions, plus a few bad files
    so that failures are recorded too. Returns the folder and its manifest."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = []
    for line in (EXAMPLES / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        source = EXAMPLES / "articles" / entry["doc"]
        if not source.is_file():  # a JSONL record: its id names it, whatever the file name
            lines.append(line)
            continue
        for copy in range(COPIES):  # a document's name is its file name: keep them distinct
            name = f"{copy}-{entry['doc']}"
            shutil.copy(source, folder / name)
            lines.append(json.dumps({**entry, "doc": name}))
    for source in (EXAMPLES / "articles").glob("*.jsonl"):
        shutil.copy(source, folder / source.name)
    for name in ("empty.txt", "german_article.txt", "records.jsonl"):
        shutil.copy(HOSTILE / name, folder / name)
    (tmp_path / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, tmp_path / "manifest.jsonl"


def _command(corpus: tuple[Path, Path], db: Path) -> list[str]:
    folder, manifest = corpus
    return [sys.executable, "-m", "bilat.cli", "build", str(folder), "--meta", str(manifest),
            "--db", str(db)]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BILAT_")}
    # two documents per write transaction: many commit points to land a kill between
    env["BILAT_BATCH_SIZE"] = "2"
    return env


def _run(command: list[str], kill_after: float | None = None) -> int | None:
    """Run ``command``; SIGKILL it after ``kill_after`` seconds. None if it was killed."""
    proc = subprocess.Popen(command, env=_env(), cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return proc.wait(timeout=kill_after if kill_after is not None else 300)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: only this build and its children
        proc.wait()
        if kill_after is None:
            raise
        return None


def _assert_valid(db: Path) -> None:
    if not db.exists():
        return  # killed before the database was created
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" in tables:
            version = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            assert version == (str(SCHEMA_VERSION),)
            # a batch is all or nothing: every mention has its full-text row
            mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()
            indexed = conn.execute("SELECT count(*) FROM mention_search").fetchone()
            assert mentions == indexed
    store = open_store(str(db))  # bilat itself opens it (creating the schema if it never was)
    try:
        store.documents()
        store.count_events()
        store.failures()
    finally:
        store.close()


def _snapshot(db: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    store = open_store(str(db))
    try:
        export = [json.dumps(r, ensure_ascii=False) for r in export_events_jsonl(store)]
        failures = [(f.name, f.stage, f.code) for f in store.failures()]
    finally:
        store.close()
    return export, failures


def test_kill_9_at_random_moments_then_rerun_equals_an_uninterrupted_build(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    reference_db, resumed_db = tmp_path / "reference.db", tmp_path / "resumed.db"

    started = time.perf_counter()
    reference_code = _run(_command(corpus, reference_db))
    duration = time.perf_counter() - started
    assert reference_code == 1  # some documents are reported and skipped
    reference = _snapshot(reference_db)
    assert reference[0] and reference[1]

    rng = random.Random(SEED)
    killed = 0
    for _ in range(KILLS):
        code = _run(_command(corpus, resumed_db), kill_after=rng.uniform(0.2, 0.7) * duration)
        killed += code is None
        _assert_valid(resumed_db)
    assert killed >= 1

    assert _run(_command(corpus, resumed_db)) == reference_code
    assert _snapshot(resumed_db) == reference
    # and a further rerun changes nothing
    assert _run(_command(corpus, resumed_db)) == reference_code
    assert _snapshot(resumed_db) == reference
