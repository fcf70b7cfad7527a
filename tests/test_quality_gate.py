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
        "mention_f1": 0.932,  # measured 0.938
        "strict_f1": 0.894,  # measured 0.899
        "corpus_f1": 0.93,  # measured 0.935
        "date": 0.97,  # measured 0.976
        "location": 0.97,  # measured 0.974
        "status": 0.99,  # measured 1.0
        "duplicates_share": 0.028,  # measured 3 of 109
        "overmerged_share": 0.02,  # measured 1 of 109
        "corpus_below_mention": 0.03,  # measured 0.003
        # Issue 3: documents about other pairs of states score within 10% of the main pair's.
        "other_pairs_ratio": 0.90,  # measured 0.916
    },
    "dev-wide": {
        "mention_f1": 0.884,  # measured 0.890
        "strict_f1": 0.75,  # measured 0.756
        "corpus_f1": 0.847,  # measured 0.852
        "date": 0.91,  # measured 0.917
        "location": 0.92,  # measured 0.926
        "status": 0.94,  # measured 0.945
        # issue 15's acceptance: at most 3% duplicates and 2% over-merged events
        "duplicates_share": 0.03,  # measured 3 of 112
        "overmerged_share": 0.02,  # measured 2 of 112
        "corpus_below_mention": 0.04,  # measured 0.038
        "other_pairs_ratio": 0.90,  # measured 0.956
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
    # The scorer rounds its figures to 3 decimals, so their gap is one too: 0.888 - 0.848
    # is 0.04000000000000004 in floating point, and a gap of exactly the margin passes.
    gap = round(res["mention"]["f1"] - res["corpus"]["f1"], 3)
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
