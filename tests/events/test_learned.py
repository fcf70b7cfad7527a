"""Learned decisions: model files are checked when read and applied as logistic regressions."""

from __future__ import annotations

import json

import pytest

from bilat.errors import ModelFileError
from bilat.events.learned import LinearModel, model_from_json, model_to_json


def test_probability_is_the_logistic_of_the_weighted_sum() -> None:
    model = LinearModel("m", {"future_tense": 2.0, "past_date": -1.0}, bias=-0.5, threshold=0.5)
    assert model.probability({}) == pytest.approx(1 / (1 + 2.718281828 ** 0.5), rel=1e-6)
    assert model.decide({"future_tense": 1.0})
    assert not model.decide({"past_date": 1.0})
    assert model.probability({"unknown_feature": 100.0}) == model.probability({})


def test_a_model_survives_its_file_format() -> None:
    model = LinearModel("status", {"b": 0.25, "a": -1.5}, bias=0.1, threshold=0.4,
                        about="planned or occurred", training={"folds": 5})
    again = model_from_json(json.loads(model_to_json(model)), "status.json")
    assert again == model


@pytest.mark.parametrize("data,complaint", [
    ({"format": 2, "weights": {}, "bias": 0, "threshold": 0.5}, "format"),
    ({"format": 1, "weights": {"a": "high"}, "bias": 0, "threshold": 0.5}, "weights"),
    ({"format": 1, "weights": {}, "bias": None, "threshold": 0.5}, "bias"),
])
def test_a_malformed_model_file_is_a_coded_error(data: dict, complaint: str) -> None:
    with pytest.raises(ModelFileError, match=complaint) as info:
        model_from_json(data, "broken.json")
    assert info.value.code == "E022"
