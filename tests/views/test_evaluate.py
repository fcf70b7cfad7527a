"""`bilat eval` computes the reference scorer's figures (shared/spec/score.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bilat.views.evaluate import date_credit, evaluate, load_jsonl

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()


def _reference_scorer():
    path = SHARED / "spec" / "score.py"
    if not path.exists():
        pytest.skip(f"reference scorer not found at {path}")
    spec = importlib.util.spec_from_file_location("reference_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_date_credit() -> None:
    assert date_credit("2019-04-25", "2019-04") == 1.0
    assert date_credit("2019-04", "2019-04-25") == 0.5
    assert date_credit("2019-05", "2019-04") == 0.0
    assert date_credit(None, "2019") == 0.0
    assert date_credit("2019", None) is None


def _perturbed_gold(gold: dict) -> dict:
    """A prediction made from gold with typical errors: dropped, coarsened, wrong, extra."""
    pred = {}
    for i, (doc, line) in enumerate(sorted(gold.items())):
        events = []
        for j, e in enumerate(line["events"]):
            if (i + j) % 5 == 0:
                continue  # missed
            e = dict(e)
            e.pop("optional", None)
            e["id"] = e.pop("key") if (i + j) % 3 else f"{doc}-{j}"
            if (i + j) % 4 == 1 and e.get("date"):
                e["date"] = e["date"][:4]
            if (i + j) % 7 == 2:
                e["location"] = "Nowhere"
            events.append(e)
        if i % 4 == 0:
            events.append({"type": "MEET", "actors": ["Nobody Known"], "countries": ["FRA", "DEU"],
                           "location": None, "date": None, "status": "occurred", "evidence": "x"})
        pred[doc] = {"doc": doc, "events": events}
    return pred


def test_figures_agree_with_the_reference_scorer(dev_dir: Path) -> None:
    ref = _reference_scorer()
    gold = load_jsonl(dev_dir / "gold.jsonl")
    pred = _perturbed_gold(gold)
    assert json.loads(json.dumps(evaluate(gold, pred))) == json.loads(json.dumps(ref.score(gold, pred)))
