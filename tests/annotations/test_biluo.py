"""The entity recogniser's moves in NumPy: spaCy's moves' rules, and spaCy's entities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy
import pytest
from spacy.tokens import Doc, Span

from bilat.annotations import biluo, transitions
from bilat.annotations.nlp import _windows, load_nlp

NAMES = ["B-PERSON", "B-GPE", "I-PERSON", "I-GPE", "L-PERSON", "L-GPE", "U-PERSON", "U-GPE",
         "O", "U-"]
# a scorer's preference, highest first: the rules alone decide which of these is made
PREFERENCE = ["B-PERSON", "I-PERSON", "L-PERSON", "U-PERSON", "O", "U-", "B-GPE", "I-GPE",
              "L-GPE", "U-GPE"]


def ranked_scores(asked: list[numpy.ndarray]) -> biluo.Scores:
    """Scores that rank the moves by PREFERENCE for every state; the ids asked are kept."""
    row = numpy.array([len(PREFERENCE) - PREFERENCE.index(n) for n in NAMES], dtype="float32")

    def scores(ids: numpy.ndarray) -> numpy.ndarray:
        asked.append(ids.copy())
        return numpy.tile(row, (len(ids), 1))
    return scores


def words_doc(words: list[str], sent_starts: list[bool] | None = None) -> Doc:
    return Doc(load_nlp().vocab, words=words, sent_starts=sent_starts)


def entities(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def iob(doc: Doc) -> list[tuple[str, str]]:
    return [(t.ent_iob_, t.ent_type_) for t in doc]


def test_an_entity_runs_to_the_last_token_it_may_reach() -> None:
    moves = biluo.moves_of(NAMES)
    assert moves is not None
    doc = words_doc(["Vladimir", "Vladimirovich", "Putin"])
    biluo.decode(moves, [doc], ranked_scores([]))
    # B at the first token, I where a next token follows, L at the end (I needs a next)
    assert entities(doc) == [(0, 3, "PERSON")]
    assert iob(doc) == [("B", "PERSON"), ("I", "PERSON"), ("I", "PERSON")]


def test_no_entity_runs_into_the_next_sentence() -> None:
    moves = biluo.moves_of(NAMES)
    assert moves is not None
    doc = words_doc(["Xi", "Jinping", "Putin", "Lavrov"], [True, False, True, False])
    biluo.decode(moves, [doc], ranked_scores([]))
    # token 1 may not be I (token 2 starts a sentence): L
    assert entities(doc) == [(0, 2, "PERSON"), (2, 4, "PERSON")]


def test_whitespace_begins_no_entity_but_may_be_inside_one() -> None:
    moves = biluo.moves_of(NAMES)
    assert moves is not None
    vocab = load_nlp().vocab
    inside = Doc(vocab, words=["Putin", "\n", "Lavrov"], spaces=[True, False, False])
    starting = Doc(vocab, words=["\n", "Putin"], spaces=[False, False])
    biluo.decode(moves, [inside, starting], ranked_scores([]))
    assert entities(inside) == [(0, 3, "PERSON")]
    assert iob(starting) == [("O", ""), ("B", "PERSON")]  # O, then U (a last token)


def test_a_steps_features_are_the_token_the_open_entitys_first_token_and_the_one_before(
        ) -> None:
    moves = biluo.moves_of(NAMES)
    assert moves is not None
    longer, shorter = words_doc(["a", "b", "c"]), words_doc(["d", "e"])
    asked: list[numpy.ndarray] = []
    biluo.decode(moves, [longer, shorter], ranked_scores(asked))
    # tokens are numbered across the batch (shorter's are 3 and 4); -1: none
    assert [ids.tolist() for ids in asked] == [
        [[0, -1, -1], [3, -1, -1]],
        [[1, 0, 0], [4, 3, 3]],
        [[2, 0, 1]],
    ]


def test_docs_must_come_longest_first() -> None:
    moves = biluo.moves_of(NAMES)
    assert moves is not None
    with pytest.raises(ValueError):
        biluo.decode(moves, [words_doc(["a"]), words_doc(["b", "c"])], ranked_scores([]))


@pytest.mark.parametrize("names", [["B-PERSON", "X-PERSON", "O"], ["O-PERSON"], ["M-GPE"]])
def test_moves_that_are_not_biluo_are_refused(names: list[str]) -> None:
    assert biluo.moves_of(names) is None


def test_docs_with_preset_entities_are_left_to_spacy() -> None:
    doc = words_doc(["Putin", "met", "Xi"])
    assert biluo.usable([doc, words_doc([])])
    doc.set_ents([Span(doc, 2, 3, label="PERSON")])
    assert not biluo.usable([doc])


def the_recognisers_output(texts: list[str], run: Any, cut: bool) -> list[Any]:
    """Every token's IOB and type after the recogniser, on whole paragraphs or on windows
    cut around every 25th token (as bilat's ``_recognise`` cuts them)."""
    nlp = load_nlp()
    docs = [nlp.make_doc(text) for text in texts]
    for name in ("tok2vec", "tagger", "parser"):
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=256))  # type: ignore[attr-defined]
    if cut:
        docs = [doc[s:e].as_doc() for doc in docs
                for s, e in _windows(list(range(0, len(doc), 25)), len(doc))]
    return [iob(doc) for doc in run(nlp.get_pipe("ner"), docs)]


def test_spacys_entities_on_real_paragraphs_whole_and_cut(
        dev_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paras = [line for path in sorted((dev_dir / "docs").iterdir())
             for line in path.read_text(errors="ignore").split("\n") if line.strip()][:300]
    texts = ["", "Moscow", *paras]
    assert transitions.entity_moves(load_nlp().get_pipe("ner")) is not None
    decoded: list[int] = []
    decode = biluo.decode
    monkeypatch.setattr(biluo, "decode", lambda m, d, s: decoded.append(len(d)) or decode(m, d, s))
    fed = 0
    for cut in (False, True):
        ours = the_recognisers_output(texts, lambda c, d: list(transitions.pipe(c, d, 256)), cut)
        fed += len(ours)
        spacys = the_recognisers_output(texts, lambda c, d: list(c.pipe(d, batch_size=256)), cut)
        assert ours == spacys
        assert sum(tag == ("B", "PERSON") for doc in ours for tag in doc) > 20
    assert fed > 2 * len(texts) and sum(decoded) == fed  # every doc and window by biluo


def test_the_parser_has_no_entity_moves() -> None:
    assert transitions.entity_moves(load_nlp().get_pipe("parser")) is None
