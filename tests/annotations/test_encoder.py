"""The window encoder forward only: the model's own output, bit for bit."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy
import pytest
import spacy
from spacy.ml.models.tok2vec import MaxoutWindowEncoder

from bilat.annotations import embedding, encoder
from bilat.annotations.nlp import load_nlp


def the_encoders() -> list[tuple[Any, Any]]:
    """(embedding layer, window encoder) of the shared tok2vec and the recogniser's."""
    nlp = load_nlp()
    out = []
    for model in (nlp.get_pipe("tok2vec").model,  # type: ignore[attr-defined]
                  nlp.get_pipe("ner").model.get_ref("tok2vec")):  # type: ignore[attr-defined]
        embed = embedding.embedding_layer(model)
        inner = model if model.layers[0] is embed else model.layers[0]
        out.append((embed, inner.layers[1]))
    return out


def identical(ours: list[numpy.ndarray], theirs: list[numpy.ndarray]) -> bool:
    return len(ours) == len(theirs) and all(
        a.dtype == b.dtype and a.shape == b.shape and numpy.array_equal(a, b)
        for a, b in zip(ours, theirs, strict=True))


def test_the_pinned_models_encoders_give_their_own_output_bit_for_bit(dev_dir: Path) -> None:
    paras = [line for path in sorted((dev_dir / "docs").iterdir())
             for line in path.read_text(errors="ignore").split("\n") if line.strip()][:300]
    nlp = load_nlp()
    docs = [nlp.make_doc(text) for text in ["", "Moscow", *paras, ""]]
    for embed, layer in the_encoders():
        assert encoder.knows(layer)
        rows = embedding.rows_for(embed)(docs)
        assert identical(encoder.predict(layer, rows), layer.predict(rows))


@pytest.mark.parametrize(("depth", "pieces"), [(1, 3), (2, 2), (3, 4)])
def test_other_depths_and_pieces_give_the_layers_own_output(depth: int, pieces: int) -> None:
    layer = MaxoutWindowEncoder(width=16, window_size=1, maxout_pieces=pieces, depth=depth)
    rng = numpy.random.default_rng(depth)
    rows = [rng.standard_normal((n, 16)).astype("float32") for n in (5, 0, 1, 12)]
    layer.initialize(X=rows)
    for block in encoder._blocks(layer):  # random norms, so that a wrong gain shows
        norm = encoder._maxout_and_norm(block.layers[0])[1]
        norm.set_param("G", rng.standard_normal(16).astype("float32"))
        norm.set_param("b", rng.standard_normal(16).astype("float32"))
    assert encoder.knows(layer)
    assert identical(encoder.predict(layer, rows), layer.predict(rows))


def test_layers_it_does_not_know_run_as_they_are(monkeypatch: pytest.MonkeyPatch) -> None:
    embed, layer = the_encoders()[0]
    tagger = load_nlp().get_pipe("tagger").model  # type: ignore[attr-defined]
    assert not encoder.knows(tagger) and not encoder.knows(embed)
    one_piece = MaxoutWindowEncoder(width=8, window_size=1, maxout_pieces=1, depth=2)
    assert not encoder.knows(one_piece)
    monkeypatch.setattr(spacy, "__version__", "3.9.0")
    assert not encoder.knows(layer)
    asked: list[Any] = []
    other = SimpleNamespace(name="other", predict=lambda rows: asked.append(rows) or ["own"])
    assert encoder.predict(other, [numpy.zeros((2, 96), dtype="float32")]) == ["own"]
    assert len(asked) == 1
