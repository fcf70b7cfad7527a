"""Learned decisions: small linear models read from JSON files in ``events/models/``.

Where a decision weighs many weak cues (is this trigger an event; planned or occurred; are
two mentions the same event), hand rules overfit the documents they were written on. A
logistic regression over named features, trained by a script in ``training/`` on the gold
of ``../shared/eval`` and evaluated by cross-validation across documents, may replace a
rule where it measures better on the folds it did not train on.

The model file is plain JSON (feature names, weights, bias, threshold, and how it was
trained and measured), so it is reviewable in a diff and loads without scikit-learn or
pickle; applying it is a dot product, written here rather than taken from a library for
that reason.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bilat.errors import ModelFileError

MODELS_DIR = Path(__file__).parent / "models"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression: P(yes | features) = sigmoid(bias + sum(weight * value))."""

    name: str
    weights: Mapping[str, float]
    bias: float
    threshold: float
    about: str = ""
    training: Mapping[str, Any] | None = None  # data, folds, scores: how it was made

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def decide(self, features: Mapping[str, float]) -> bool:
        return self.probability(features) >= self.threshold


def model_from_json(data: Any, source: str) -> LinearModel:
    """Check and read one model file's content."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise ModelFileError(f"{source}: not a bilat linear model of format {FORMAT_VERSION}.")
    weights = data.get("weights")
    if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) for k, v in weights.items()):
        raise ModelFileError(f"{source}: 'weights' must map feature names to numbers.")
    for key in ("bias", "threshold"):
        if not isinstance(data.get(key), (int, float)):
            raise ModelFileError(f"{source}: '{key}' must be a number.")
    return LinearModel(str(data.get("name", source)), {k: float(v) for k, v in weights.items()},
                       float(data["bias"]), float(data["threshold"]), str(data.get("about", "")),
                       data.get("training"))


@lru_cache(maxsize=16)
def load_model(name: str) -> LinearModel:
    """The model ``events/models/{name}.json``, read once per process."""
    path = MODELS_DIR / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path.name}: cannot be read ({exc}).") from exc
    return model_from_json(data, path.name)


def model_to_json(model: LinearModel) -> str:
    """The file content for a model (sorted weights, so that retraining diffs read well)."""
    return json.dumps({
        "format": FORMAT_VERSION, "name": model.name, "about": model.about,
        "bias": round(model.bias, 6), "threshold": round(model.threshold, 6),
        "weights": {k: round(v, 6) for k, v in sorted(model.weights.items())},
        "training": model.training or {},
    }, indent=2, ensure_ascii=False) + "\n"
