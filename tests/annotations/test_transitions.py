"""The greedy transition loop in NumPy: spaCy's own analyses, and its own predict where the
loop does not know the model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from bilat.annotations import transitions
from bilat.annotations.nlp import load_nlp

Analysis = tuple[Any, ...]


def real_paragraphs(dev_dir: Path, limit: int = 400) -> list[str]:
    """The first ``limit`` paragraphs of the shared development set's documents."""
    paras = [line for path in sorted((dev_dir / "docs").iterdir())
             for line in path.read_text(errors="ignore").split("\n") if line.strip()]
    return paras[:limit]


def analysis(doc: Doc) -> Analysis:
    return (tuple(t.head.i for t in doc), tuple(t.dep_ for t in doc),
            tuple(t.is_sent_start for t in doc),
            tuple((e.start, e.end, e.label_) for e in doc.ents))


def analyse(texts: list[str], run: Callable[[Any, list[Doc]], list[Doc]]) -> list[Analysis]:
    """``texts`` through tok2vec and the tagger, then the parser and the recogniser by ``run``."""
    nlp = load_nlp()
    docs = [nlp.make_doc(text) for text in texts]
    for name in ("tok2vec", "tagger"):
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=256))  # type: ignore[attr-defined]
    for name in ("parser", "ner"):
        docs = run(nlp.get_pipe(name), docs)
    return [analysis(doc) for doc in docs]


def spacys(component: Any, docs: list[Doc]) -> list[Doc]:
    return list(component.pipe(docs, batch_size=256))


def loops(component: Any, docs: list[Doc]) -> list[Doc]:
    return list(transitions.pipe(component, docs, 256))


def blis_loops(component: Any, docs: list[Doc]) -> list[Doc]:
    return list(transitions.pipe(component, docs, 256, blis=True))


def test_the_loop_knows_the_pinned_models_parser_and_recogniser() -> None:
    nlp = load_nlp()
    assert transitions.knows(nlp.get_pipe("parser"))
    assert transitions.knows(nlp.get_pipe("ner"))
    assert not transitions.knows(nlp.get_pipe("tagger"))


def test_the_loop_gives_spacys_heads_labels_sentences_and_entities_on_real_paragraphs(
        dev_dir: Path) -> None:
    texts = real_paragraphs(dev_dir)
    assert analyse(texts, loops) == analyse(texts, spacys)


def test_with_blis_products_the_loop_gives_spacys_analyses(dev_dir: Path) -> None:
    texts = real_paragraphs(dev_dir, 150)
    assert analyse(texts, blis_loops) == analyse(texts, spacys)


def test_empty_one_token_and_very_long_paragraphs_get_spacys_analyses(dev_dir: Path) -> None:
    long = " ".join(real_paragraphs(dev_dir, 60))  # thousands of tokens in one paragraph
    texts = ["", "Moscow", "", long, "Putin met Xi in Beijing on Monday."]
    ours = analyse(texts, loops)
    assert ours == analyse(texts, spacys)
    assert ours[0] == ((), (), (), ()) and len(ours[1][0]) == 1
    assert len(ours[3][0]) > 2000


def test_a_batch_of_empty_docs_gives_final_states() -> None:
    nlp = load_nlp()
    docs = [nlp.make_doc(""), nlp.make_doc("")]
    states = transitions.predict(nlp.get_pipe("parser"), docs)
    assert len(states) == 2 and all(state.is_final() for state in states)


def test_classes_the_model_never_saw_score_the_minimum_as_in_spacys_loop(
        dev_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = real_paragraphs(dev_dir, 80)
    nlp = load_nlp()
    for name in ("parser", "ner"):
        attrs = nlp.get_pipe(name).model.attrs  # type: ignore[attr-defined]
        # the most common moves: a wrong minimum would change the analyses
        monkeypatch.setitem(attrs, "unseen_classes", {0, 1, 3})
    ours = analyse(texts, loops)
    assert ours == analyse(texts, spacys)
    monkeypatch.undo()
    assert ours != analyse(texts, spacys)


@pytest.mark.parametrize("change", ["beam", "no upper", "spacy version"])
def test_a_model_the_loop_does_not_know_takes_the_components_own_predict(
        change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    parser = load_nlp().get_pipe("parser")
    if change == "beam":
        monkeypatch.setitem(parser.cfg, "beam_width", 4)  # type: ignore[attr-defined]
    elif change == "no upper":
        monkeypatch.setitem(parser.model.attrs, "has_upper", False)  # type: ignore[attr-defined]
    else:
        monkeypatch.setattr(spacy, "__version__", "3.9.0")
    assert not transitions.knows(parser)


def test_an_unknown_component_is_asked_for_its_own_prediction() -> None:
    asked: list[list[Doc]] = []
    other = SimpleNamespace(predict=lambda docs: asked.append(docs) or ["states"])
    docs = [load_nlp().make_doc("Putin met Xi.")]
    assert transitions.predict(other, docs) == ["states"]
    assert asked == [docs]
