"""The evaluation gate (as in trafilatura): both development sets are built end to end and
scored with the reference scorer's rules (v2, optimal pairing); the floors below are pinned
to measured figures so that a regression on either set fails CI.

Raise a floor when the method improves; never lower one to make a change pass. A change
that raises one set and lowers the other fits documents, not news: the gate catches it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilat.cli import app
from bilat.pipeline import build
from bilat.store import open_store
from bilat.views.evaluate import evaluate, load_jsonl
from bilat.views.export import export_events_jsonl

# Scorer v2 figures of the build when the floors were last set (docs/evaluation.md).
FLOORS = {
    "dev": {
        "mention_f1": 0.89,  # measured 0.897
        "strict_f1": 0.82,  # measured 0.824
        "corpus_f1": 0.89,  # measured 0.897
        "date": 0.93,  # measured 0.93
        "location": 0.95,  # measured 0.958
        "status": 0.98,  # measured 0.985
        # Under v1 these were 2 of 102 predicted events (<= 2%); the same build has 3 of 109
        # under v2, whose optimal pairing moves mentions between gold keys.
        "duplicates_share": 0.028,
        "overmerged_share": 0.028,
        "corpus_below_mention": 0.03,
        # Issue 3: documents about other pairs of states score within 10% of the main pair's.
        "other_pairs_ratio": 0.90,  # measured 0.965
    },
    "dev-wide": {
        "mention_f1": 0.76,  # measured 0.768
        "strict_f1": 0.39,  # measured 0.393
        "corpus_f1": 0.67,  # measured 0.672
        "date": 0.70,  # measured 0.70
        "location": 0.68,  # measured 0.68
        "status": 0.87,  # measured 0.87
        "duplicates_share": 0.15,  # measured 20 of 139
        "overmerged_share": 0.06,  # measured 8 of 139
        # measured 0.096 before document-level coreference, 0.108 after it (mention
        # 0.768 -> 0.788, corpus 0.672 -> 0.680): a second mention of an event in one
        # document was an error at mention level but shared the event's id at corpus
        # level, so removing it raises mention F1 only. Re-pinned, not a lowered figure.
        "corpus_below_mention": 0.11,
        "other_pairs_ratio": 0.90,  # measured 1.003
    },
}


@pytest.fixture(scope="module", params=["dev", "dev-wide"])
def built(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, str]:
    """(set name, set folder, database) of one development set built end to end."""
    folder = request.getfixturevalue("dev_dir" if request.param == "dev" else "dev_wide_dir")
    db = str(tmp_path_factory.mktemp("gate") / f"{request.param}.db")
    report = build([folder / "docs"], db=db, manifest=folder / "manifest.jsonl")
    assert not report.skipped
    return request.param, folder, db


@pytest.fixture(scope="module")
def scores(built: tuple[str, Path, str]) -> tuple[str, dict]:
    name, folder, db = built
    store = open_store(db)
    pred = {d["doc"]: d for d in export_events_jsonl(store)}
    store.close()
    return name, evaluate(load_jsonl(folder / "gold.jsonl"), pred)


def test_every_document_is_exported(scores: tuple[str, dict]) -> None:
    assert scores[1]["docs_missing_in_pred"] == 0


@pytest.mark.parametrize("figure,path", [
    ("mention_f1", ("mention", "f1")), ("strict_f1", ("strict", "f1")),
    ("corpus_f1", ("corpus", "f1")), ("date", ("fields", "date")),
    ("location", ("fields", "location")), ("status", ("fields", "status")),
])
def test_floor(scores: tuple[str, dict], figure: str, path: tuple[str, str]) -> None:
    name, res = scores
    assert res[path[0]][path[1]] >= FLOORS[name][figure], (name, res[path[0]])


def test_other_pairs_score_within_ten_percent_of_the_main_pair(scores: tuple[str, dict]) -> None:
    name, res = scores
    by_pair = res["by_pair"]
    assert by_pair["other"]["docs"] >= 8, by_pair
    assert by_pair["ratio"] >= FLOORS[name]["other_pairs_ratio"], by_pair


def test_corpus_f1_is_within_its_margin_of_mention_f1(scores: tuple[str, dict]) -> None:
    name, res = scores
    gap = res["mention"]["f1"] - res["corpus"]["f1"]
    assert gap <= FLOORS[name]["corpus_below_mention"], (res["mention"], res["corpus"])


def test_few_events_are_reported_twice_or_hold_two_events(scores: tuple[str, dict]) -> None:
    name, res = scores
    corpus = res["corpus"]
    predicted = corpus["tp"] + corpus["fp"]
    assert corpus["duplicates"] <= FLOORS[name]["duplicates_share"] * predicted, corpus
    assert corpus["overmerged"] <= FLOORS[name]["overmerged_share"] * predicted, corpus


def test_bilat_eval_json_equals_the_reference_scorer(built: tuple[str, Path, str],
                                                     tmp_path: Path) -> None:
    """Issue 13's acceptance: `bilat eval GOLD --db DB --json` prints the reference's figures."""
    _, folder, db = built
    path = folder.parent.parent / "spec" / "score.py"
    spec = importlib.util.spec_from_file_location("reference_score", path)
    assert spec and spec.loader
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    runner = CliRunner()
    exported = runner.invoke(app, ["export", "--db", db, "-o", str(tmp_path / "pred.jsonl")])
    assert exported.exit_code == 0, exported.output
    ours = runner.invoke(app, ["eval", str(folder / "gold.jsonl"), "--db", db, "--json"])
    assert ours.exit_code == 0, ours.output
    gold = reference.load(folder / "gold.jsonl")
    assert json.loads(ours.output) == reference.score(gold, reference.load(tmp_path / "pred.jsonl"))
