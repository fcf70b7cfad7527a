"""The token embedding remembered per distinct token: the models' own analyses, one row per
distinct row of attribute ids, a bounded cache, and the model itself where the cache does
not know its shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from thinc.api import chain, with_array
from thinc.layers import Relu

from bilat.annotations import embedding
from bilat.annotations.nlp import load_nlp, run_pipeline

Analysis = tuple[Any, ...]


def real_paragraphs(dev_dir: Path, limit: int = 300) -> list[str]:
    paras = [line for path in sorted((dev_dir / "docs").iterdir())
             for line in path.read_text(errors="ignore").split("\n") if line.strip()]
    return paras[:limit]


def analysis(doc: Doc) -> Analysis:
    return (tuple(t.tag_ for t in doc), tuple(t.head.i for t in doc),
            tuple(t.dep_ for t in doc), tuple(t.is_sent_start for t in doc),
            tuple((e.start, e.end, e.label_) for e in doc.ents))


def analyse(texts: list[str]) -> list[Analysis]:
    nlp = load_nlp()
    return [analysis(doc) for doc in run_pipeline(nlp, [nlp.make_doc(t) for t in texts])]


def shared_tok2vec() -> Any:
    return load_nlp().get_pipe("tok2vec").model  # type: ignore[attr-defined]


def recogniser_tok2vec() -> Any:
    return load_nlp().get_pipe("ner").model.get_ref("tok2vec")  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "_CACHES", {})
    monkeypatch.delenv("BILAT_EMBED_CACHE", raising=False)


def test_the_cache_knows_the_pinned_models_two_tok2vecs_and_not_the_parsers_listener() -> None:
    assert embedding.knows(shared_tok2vec())
    assert embedding.knows(recogniser_tok2vec())
    assert not embedding.knows(load_nlp().get_pipe("parser").model.get_ref("tok2vec"))  # type: ignore[attr-defined]


def test_with_the_cache_real_paragraphs_get_the_models_own_analyses(
        dev_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = real_paragraphs(dev_dir)
    cached = analyse(texts)
    assert embedding._CACHES  # the cache was used
    monkeypatch.setenv("BILAT_EMBED_CACHE", "0")
    assert cached == analyse(texts)


def test_the_remembered_rows_differ_from_the_models_by_rounding_at_most(dev_dir: Path) -> None:
    nlp = load_nlp()
    docs = [nlp.make_doc(t) for t in real_paragraphs(dev_dir, 120)]
    for model in (shared_tok2vec(), recogniser_tok2vec()):
        ours, theirs = embedding.predict(model, docs), model.predict(docs)
        assert type(ours) is type(theirs) and len(ours) == len(theirs)
        for mine, its in zip(ours, theirs, strict=True):
            assert mine.shape == its.shape and mine.dtype == its.dtype
            numpy.testing.assert_allclose(mine, its, rtol=0, atol=1e-4)


def test_a_token_seen_before_is_not_embedded_again_and_gets_the_same_row() -> None:
    nlp = load_nlp()
    model = shared_tok2vec()
    cache = embedding.rows_for(embedding.embedding_layer(model))
    first = cache([nlp.make_doc("Putin met Xi in Beijing.")])[0]
    seen = len(cache.index)
    again = cache([nlp.make_doc("Xi met Putin in Beijing.")])[0]
    assert len(cache.index) == seen == 6  # five words and the full stop, each once
    assert numpy.array_equal(again[0], first[2]) and numpy.array_equal(again[2], first[0])


def test_the_same_word_with_other_attribute_ids_is_embedded_apart() -> None:
    nlp = load_nlp()
    cache = embedding.rows_for(embedding.embedding_layer(shared_tok2vec()))
    cache([nlp.make_doc("Paris paris PARIS")])
    assert len(cache.index) == 3  # other shapes (and a space after or not): other rows


def test_the_cache_starts_again_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "MAX_ROWS", 8)
    nlp = load_nlp()
    cache = embedding.rows_for(embedding.embedding_layer(shared_tok2vec()))
    cache([nlp.make_doc("one two three four five six")])
    rows = cache([nlp.make_doc("seven eight nine ten")])[0]
    assert len(cache.index) == 4 and len(cache.table) <= 8
    assert rows.shape == (4, cache.width)


def test_a_batch_with_more_distinct_rows_than_the_bound_is_embedded_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "MAX_ROWS", 4)
    nlp = load_nlp()
    model = shared_tok2vec()
    docs = [nlp.make_doc("Putin met Xi in Beijing on Monday.")]
    rows = embedding.predict(model, docs)[0]
    numpy.testing.assert_allclose(rows, model.predict(docs)[0], rtol=0, atol=1e-4)
    embedding.predict(model, [nlp.make_doc("Modi")])  # starts again, gives the room back
    cache = embedding.rows_for(embedding.embedding_layer(model))
    assert len(cache.index) == 1 and len(cache.table) == 4


def test_empty_docs_get_the_models_own_output() -> None:
    nlp = load_nlp()
    docs = [nlp.make_doc(""), nlp.make_doc("")]
    out = embedding.predict(shared_tok2vec(), docs)
    assert [vec.shape for vec in out] == [(0, 96), (0, 96)]


def test_a_model_of_another_shape_runs_as_it_is() -> None:
    other = chain(with_array(Relu(4, 3)), with_array(Relu(2, 4)))
    rows = [numpy.ones((2, 3), dtype="float32"), numpy.zeros((1, 3), dtype="float32")]
    other.initialize(X=rows)
    assert not embedding.knows(other)
    ours, its = embedding.predict(other, rows), other.predict(rows)  # type: ignore[arg-type]
    assert all(numpy.array_equal(a, b) for a, b in zip(ours, its, strict=True))
    assert not embedding._CACHES


def test_another_spacy_version_or_the_switch_off_leaves_the_model_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    version = spacy.__version__
    monkeypatch.setattr(spacy, "__version__", "3.9.0")
    assert not embedding.knows(shared_tok2vec())
    monkeypatch.setattr(spacy, "__version__", version)
    assert embedding.knows(shared_tok2vec())
    monkeypatch.setenv("BILAT_EMBED_CACHE", "0")
    embedding.predict(shared_tok2vec(), [load_nlp().make_doc("Putin met Xi.")])
    assert not embedding._CACHES


def test_the_tok2vec_component_gets_a_tensor_per_doc_also_for_a_batch_without_tokens() -> None:
    nlp = load_nlp()
    component = nlp.get_pipe("tok2vec")
    docs = list(embedding.pipe(component, [nlp.make_doc(""), nlp.make_doc("")], 256))
    assert [doc.tensor.shape for doc in docs] == [(0, 96), (0, 96)]
    docs = list(embedding.pipe(component, [nlp.make_doc("Putin met Xi."), nlp.make_doc("")], 1))
    assert [doc.tensor.shape for doc in docs] == [(4, 96), (0, 96)]
