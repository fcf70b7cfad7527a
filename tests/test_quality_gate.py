"""The evaluation gate (as in trafilatura): the dev set is built end to end and scored;
the floors below are pinned to measured figures so that a regression fails CI.

Raise a floor when the method improves; never lower one to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.pipeline import build
from bilat.store import open_store
from bilat.views.evaluate import evaluate, load_jsonl
from bilat.views.export import export_events_jsonl

# Measured on the dev set (38 documents) when the floors were last raised; see README.
FLOORS = {
    "mention_f1": 0.86,  # measured 0.863 (issue 3 asks >= 0.85)
    "date": 0.92,  # measured 0.954 (issue 3 asks >= 0.92)
    "location": 0.85,  # measured 0.971 (issue 3 asks >= 0.85)
    "corpus_f1": 0.85,  # measured 0.870
    # Issue 4: one event, many sources. Measured: corpus F1 0.007 above mention F1,
    # 2 duplicates and 1 over-merged event among 102 predicted events.
    "corpus_below_mention": 0.03,
    "duplicates_share": 0.02,
    "overmerged_share": 0.02,
    # Issue 3: documents about other pairs of states score within 10% of the main pair's.
    "other_pairs_ratio": 0.90,  # measured 0.975 (RUS-PRK 0.866 on 26 docs, other pairs 0.844 on 8)
}


@pytest.fixture(scope="module")
def dev_scores(dev_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = str(tmp_path_factory.mktemp("gate") / "dev.db")
    report = build([dev_dir / "docs"], db=db, manifest=dev_dir / "manifest.jsonl")
    assert report.taken == 38 and not report.skipped
    store = open_store(db)
    pred = {d["doc"]: d for d in export_events_jsonl(store)}
    store.close()
    return evaluate(load_jsonl(dev_dir / "gold.jsonl"), pred)


def test_every_dev_document_is_exported(dev_scores: dict) -> None:
    assert dev_scores["docs_missing_in_pred"] == 0


def test_mention_f1_floor(dev_scores: dict) -> None:
    assert dev_scores["mention"]["f1"] >= FLOORS["mention_f1"], dev_scores["mention"]


def test_date_accuracy_floor(dev_scores: dict) -> None:
    assert dev_scores["fields"]["date"] >= FLOORS["date"], dev_scores["fields"]


def test_location_accuracy_floor(dev_scores: dict) -> None:
    assert dev_scores["fields"]["location"] >= FLOORS["location"], dev_scores["fields"]


def test_corpus_f1_floor(dev_scores: dict) -> None:
    assert dev_scores["corpus"]["f1"] >= FLOORS["corpus_f1"], dev_scores["corpus"]


def test_other_pairs_score_within_ten_percent_of_the_main_pair(dev_scores: dict) -> None:
    by_pair = dev_scores["by_pair"]
    assert by_pair["main"] == "PRK-RUS" and by_pair["other"]["docs"] >= 8, by_pair
    assert by_pair["ratio"] >= FLOORS["other_pairs_ratio"], by_pair


def test_corpus_f1_is_within_issue_4s_margin_of_mention_f1(dev_scores: dict) -> None:
    gap = dev_scores["mention"]["f1"] - dev_scores["corpus"]["f1"]
    assert gap <= FLOORS["corpus_below_mention"], (dev_scores["mention"], dev_scores["corpus"])


def test_few_events_are_reported_twice_or_hold_two_events(dev_scores: dict) -> None:
    corpus = dev_scores["corpus"]
    predicted = corpus["tp"] + corpus["fp"]
    assert corpus["duplicates"] <= FLOORS["duplicates_share"] * predicted, corpus
    assert corpus["overmerged"] <= FLOORS["overmerged_share"] * predicted, corpus
