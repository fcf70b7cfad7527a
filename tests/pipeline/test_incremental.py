"""Incremental builds: building A then B into one database gives what one build of A and B
gives, in either order (issue 4). The documents are dev articles that retell the same
events (Putin's 2024 visit to Pyongyang, the treaty, the 2025 Putin-Kim call, the 2024
troop deployment), split so that each event has sources on both sides and each side has
both earlier and later reports than the other.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from bilat.pipeline import build
from bilat.store import open_store
from bilat.views.export import export_events_jsonl

A = (
    "003_614e8b809048a462.txt",
    "dv_11_kbs-nis-nk-special-forces-to-russia-2024.txt",
    "dv_19_joongang-putin-briefs-kim-phone-call-2025.txt",
    "dv_22_devdiscourse-putin-arrives-vietnam-state-visit-2024.txt",
)
B = (
    "002_2ca02799245e042c.txt",
    "dv_07_todayonline-kim-komsomolsk-aviation-plant-2023.txt",
    "dv_12_urdupoint-nk-large-scale-troop-deployment-2024.txt",
    "dv_13_joongang-putin-receives-choe-kremlin-2024.txt",
    "dv_20_stripes-putin-kim-phone-call-alaska-2025.txt",
)


@pytest.fixture(scope="module")
def folders(dev_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two halves as folders (copied at run time, never stored in the repo)."""
    root = tmp_path_factory.mktemp("incremental")
    out = {}
    for name, docs in (("a", A), ("b", B)):
        folder = root / name
        folder.mkdir()
        for doc in docs:
            shutil.copy(dev_dir / "docs" / doc, folder / doc)
        out[name] = folder
    return out


def _export(db: str) -> list[dict[str, Any]]:
    store = open_store(db)
    try:
        return list(export_events_jsonl(store))
    finally:
        store.close()


def _build(runs: list[list[Path]], db: Path, manifest: Path) -> list[dict[str, Any]]:
    for paths in runs:
        report = build(paths, db=str(db), manifest=manifest)
        assert not report.skipped
    return _export(str(db))


@pytest.fixture(scope="module")
def exports(
    folders: dict[str, Path], dev_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[dict[str, Any]]]:
    manifest = dev_dir / "manifest.jsonl"
    a, b = folders["a"], folders["b"]
    runs = {"a+b": [[a, b]], "a,b": [[a], [b]], "b,a": [[b], [a]], "b+a": [[b, a]]}
    root = tmp_path_factory.mktemp("dbs")
    return {name: _build(r, root / f"{i}.db", manifest) for i, (name, r) in enumerate(runs.items())}


def test_every_document_is_exported(exports: dict[str, list[dict[str, Any]]]) -> None:
    assert [d["doc"] for d in exports["a+b"]] == sorted(A + B)


@pytest.mark.parametrize("order", ["a,b", "b,a", "b+a"])
def test_builds_in_two_runs_equal_one_build(
    exports: dict[str, list[dict[str, Any]]], order: str
) -> None:
    assert exports[order] == exports["a+b"]


def test_events_join_sources_from_both_runs(exports: dict[str, list[dict[str, Any]]]) -> None:
    """The equality above is not vacuous: events merge mentions built in different runs."""
    docs_of: dict[str, set[str]] = defaultdict(set)
    for record in exports["a+b"]:
        for event in record["events"]:
            docs_of[event["id"]].add(record["doc"])
    across = [docs for docs in docs_of.values() if docs & set(A) and docs & set(B)]
    assert len(across) >= 3


def test_rebuilding_changes_nothing(
    folders: dict[str, Path],
    dev_dir: Path,
    exports: dict[str, list[dict[str, Any]]],
    tmp_path: Path,
) -> None:
    db = tmp_path / "again.db"
    manifest = dev_dir / "manifest.jsonl"
    first = _build([[folders["a"], folders["b"]]], db, manifest)
    report = build([folders["b"], folders["a"]], db=str(db), manifest=manifest)
    assert report.taken == 0 and report.already == len(A) + len(B)
    assert _export(str(db)) == first == exports["a+b"]


# --------------------------------------------------------------------------- a copy in B


def _rows(db: str) -> list[Any]:
    store = open_store(db)
    try:
        return store.events()
    finally:
        store.close()


def test_a_copy_of_an_a_document_in_b(dev_dir: Path, tmp_path: Path) -> None:
    """B reposts one of A's articles a day earlier under another name: whichever run comes
    first, the copy map, the events and their independent-source counts are those of one
    build of both (the copy becomes the original of A's article)."""
    import json
    from datetime import date, timedelta

    original = A[0]
    meta = {json.loads(line)["doc"]: json.loads(line)
            for line in (dev_dir / "manifest.jsonl").read_text().splitlines() if line.strip()}
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for doc in A:
        shutil.copy(dev_dir / "docs" / doc, a / doc)
    shutil.copy(dev_dir / "docs" / B[1], b / B[1])
    (b / "repost.txt").write_bytes((dev_dir / "docs" / original).read_bytes())
    published = meta[original]["published"]
    earlier = (date.fromisoformat(published[:10]) - timedelta(days=1)).isoformat()
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(meta[d]) + "\n" for d in [*A, B[1]])
                        + json.dumps({"doc": "repost.txt", "published": earlier}) + "\n")
    results = {}
    for name, runs in {"a+b": [[a, b]], "a,b": [[a], [b]], "b,a": [[b], [a]]}.items():
        db = tmp_path / f"{name}.db"
        results[name] = (_build(runs, db, manifest), _rows(str(db)))
    assert results["a,b"] == results["a+b"] == results["b,a"]
    store = open_store(str(tmp_path / "a,b.db"))
    try:
        docs = {d.name: d.id for d in store.documents()}
        rows = [r for r in store.events() if "repost.txt" in r.doc_names]
    finally:
        store.close()
    shared = [r for r in rows if original in r.doc_names]
    assert shared and all(r.independent_sources < r.sources for r in shared)
    copies = store_copies(str(tmp_path / "a,b.db"))
    assert copies == {docs[original]: docs["repost.txt"]}


def store_copies(db: str) -> dict[str, str]:
    from bilat.store import SqlStore
    from bilat.store import tables as t

    store = open_store(db)
    assert isinstance(store, SqlStore)
    try:
        with store.engine.connect() as conn:
            return dict(conn.execute(t.copies.select()).tuples().all())
    finally:
        store.close()
