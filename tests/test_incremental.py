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
