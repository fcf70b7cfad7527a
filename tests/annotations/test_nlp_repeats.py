"""A repeated paragraph parsed and recognised once: a fresh analysis, on the repeat's own doc."""

from __future__ import annotations

import weakref
from collections.abc import Collection, Iterable, Iterator, Sequence

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc

import bilat.annotations.nlp as nlp_module
from bilat.annotations import repeats
from bilat.annotations.nlp import load_nlp, parse, parse_many

FIRST = "Russian President Vladimir Putin arrived in Pyongyang on Tuesday. He was met by Kim."
SECOND = "Lavrov held talks with Choe Son Hui in Moscow."


def everything(doc: Doc) -> tuple[object, ...]:
    """What the pipeline sets on a doc, and its entities."""
    array = doc.to_array([TAG, POS, MORPH, LEMMA, HEAD, DEP, SENT_START])
    return (array.tolist(), doc.tensor.tolist(),
            [(t.left_edge.i, t.right_edge.i, t.n_lefts, t.n_rights) for t in doc],
            [(e.start, e.end, e.label_) for e in doc.ents])


def whole(doc: Doc) -> bool:
    return True


@pytest.fixture
def parsed_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the paragraphs the pipeline parses from here on, nothing remembered."""
    monkeypatch.setattr(repeats, "_KEPT", weakref.WeakKeyDictionary())
    seen: list[str] = []
    run = nlp_module.run_pipeline

    def counting(nlp: Language, docs: Iterable[Doc], *,
                 without: Collection[str] = ()) -> Iterator[Doc]:
        docs = list(docs)
        seen.extend(doc.text for doc in docs)
        return run(nlp, docs, without=without)

    monkeypatch.setattr(nlp_module, "run_pipeline", counting)
    return seen


def test_a_repeated_paragraph_is_parsed_once_with_the_analysis_of_a_fresh_parse(
        parsed_texts: list[str]) -> None:
    texts = [f"{FIRST}\n{SECOND}", f"{SECOND}\n{FIRST}", FIRST]
    together = parse_many(texts, entities=whole)
    assert sorted(parsed_texts) == sorted([FIRST, SECOND])
    fresh = {text: everything(parse(text)[0].doc) for text in (FIRST, SECOND)}
    for paras in together:
        for para in paras:
            assert everything(para.doc) == fresh[para.text]
    before = len(parsed_texts)
    again = parse_many([SECOND], entities=whole)  # remembered from the first call
    assert len(parsed_texts) == before
    assert everything(again[0][0].doc) == fresh[SECOND]


def test_a_repeat_keeps_what_the_screen_noted_on_its_own_doc(parsed_texts: list[str]) -> None:
    def noting(docs: Sequence[Doc]) -> list[bool]:
        for i, doc in enumerate(docs):
            doc.user_data["noted"] = i
        return [True] * len(docs)

    paras = parse_many([f"{FIRST}\n{FIRST}\n{FIRST}"], screen=noting, entities=whole)[0]
    assert parsed_texts == [FIRST]
    assert [p.doc.user_data["noted"] for p in paras] == [0, 1, 2]
    assert len({id(p.doc) for p in paras}) == 3
    assert everything(paras[2].doc) == everything(paras[0].doc)


def test_the_remembered_analyses_start_again_when_full(
        parsed_texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    size = len(load_nlp().make_doc(FIRST))
    monkeypatch.setattr(repeats, "MAX_REMEMBERED_TOKENS", size + 1)
    for text in (FIRST, FIRST, SECOND, SECOND, FIRST):
        parse_many([text], entities=whole)
    assert parsed_texts == [FIRST, SECOND, FIRST]
    assert repeats.remembered(load_nlp(), "parse").tokens == size  # the last text alone


def test_repeated_windows_are_recognised_once_with_the_labels_of_a_fresh_run(
        parsed_texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    recognised: list[str] = []
    run = nlp_module._run_component

    def counting(component: object, docs: Iterable[Doc]) -> Iterable[Doc]:
        docs = list(docs)
        if component is load_nlp().get_pipe("ner"):
            recognised.extend(doc.text for doc in docs)
        return run(component, docs)  # type: ignore[arg-type]

    monkeypatch.setattr(nlp_module, "_run_component", counting)
    body = ("The talks lasted three hours and covered trade, energy and security. " * 3
            + "Vladimir Putin thanked his hosts.")
    around_putin = lambda doc: [i for i, t in enumerate(doc) if t.text == "Putin"]  # noqa: E731
    texts = [body, f"{FIRST}\n{body}", body]
    together = parse_many(texts, entities=around_putin)
    assert len(recognised) == 2  # the window of the body's "Putin", then FIRST's
    assert len(recognised[0].split()) < len(body.split())  # a window, not the paragraph
    fresh = {text: everything(parse(text, entities=around_putin)[0].doc) for text in (FIRST, body)}
    for paras in together:
        for para in paras:
            assert everything(para.doc) == fresh[para.text]
    assert [e.text for e in together[0][0].doc.ents] == ["Vladimir Putin"]
