"""Paragraph parsing: offsets, screening, batching across documents, entities on demand."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from spacy.attrs import DEP, ENT_IOB, LEMMA, LOWER, NORM, ORTH, POS, PREFIX, SHAPE, SPACY, SUFFIX
from spacy.tokens import Doc, Span

from bilat.annotations.nlp import (
    ENTITY_CONTEXT,
    Paragraph,
    _window_docs,
    _windows,
    doc_text,
    kept_on,
    load_nlp,
    paragraphs,
    parse,
    parse_many,
    reads_words_only,
    span_text,
    tokens_where,
    word_ids,
)

TEXT = (
    "Putin arrives in Pyongyang\n"
    "\n"
    "Russian President Vladimir Putin arrived in Pyongyang on Tuesday. He was met by Kim.\n"
    "   \n"
    "The weather was mild. Markets were closed.\n"
)


def analysis(doc: Doc) -> list[tuple[str, str, str, int, str, str]]:
    return [(t.text, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in doc]


def tags(doc: Doc) -> list[tuple[str, str, str]]:
    return [(t.pos_, t.dep_, t.lemma_) for t in doc]


def syntax(doc: Doc) -> list[tuple[str, str, int]]:
    return [(t.pos_, t.dep_, t.head.i) for t in doc]


def test_paragraphs_are_the_non_blank_lines_with_their_offsets() -> None:
    found = list(paragraphs(TEXT))
    assert [chunk for _, chunk in found] == [line for line in TEXT.split("\n") if line.strip()]
    for start, chunk in found:
        assert TEXT[start : start + len(chunk)] == chunk


def test_token_offsets_point_into_the_document() -> None:
    for para in parse(TEXT):
        for tok in para.doc:
            assert TEXT[para.start + tok.idx : para.start + tok.idx + len(tok.text)] == tok.text


def test_without_a_screen_every_paragraph_gets_the_full_pipeline() -> None:
    paras = parse(TEXT)
    assert [p.parsed for p in paras] == [True, True, True]
    body = paras[1].doc
    assert len(list(body.sents)) == 2
    assert {e.text for e in body.ents if e.label_ == "PERSON"} >= {"Vladimir Putin"}
    assert any(t.lemma_ == "arrive" and t.pos_ == "VERB" for t in body)


def keep_second(docs: Sequence[Doc]) -> list[bool]:
    return [i == 1 for i in range(len(docs))]


def test_screened_out_paragraphs_get_tokens_and_sentences_only() -> None:
    paras = parse(TEXT, screen=keep_second)
    assert [p.parsed for p in paras] == [False, True, False]
    skipped = paras[2].doc
    assert [s.text for s in skipped.sents] == ["The weather was mild.", "Markets were closed."]
    assert all(t.pos_ == "" and t.dep_ == "" for t in skipped)
    assert not skipped.ents
    # the kept paragraph is analysed exactly as without a screen
    assert analysis(paras[1].doc) == analysis(parse(TEXT)[1].doc)


def test_a_screen_must_answer_for_every_paragraph() -> None:
    with pytest.raises(ValueError):
        parse(TEXT, screen=lambda docs: [True])


def test_parsing_many_texts_at_once_gives_each_its_own_analysis() -> None:
    texts = [TEXT, "Lavrov held talks with Choe Son Hui in Moscow.\nNothing else.", TEXT[:40]]
    together = parse_many(texts)
    for text, paras in zip(texts, together, strict=True):
        alone = parse(text)
        assert [p.start for p in paras] == [p.start for p in alone]
        assert [analysis(p.doc) for p in paras] == [analysis(p.doc) for p in alone]


def test_entities_run_only_where_asked_and_are_then_the_full_pipelines() -> None:
    asked: list[str] = []

    def only_the_body(doc: Doc) -> bool:
        asked.append(doc.text)
        return "Vladimir" in doc.text

    paras = parse(TEXT, entities=only_the_body)
    assert len(asked) == 3  # asked once per parsed paragraph
    assert not paras[0].doc.ents and not paras[2].doc.ents
    assert analysis(paras[1].doc) == analysis(parse(TEXT)[1].doc)
    # everything but the entities is as the full pipeline has it
    full = parse(TEXT)[0].doc
    assert tags(paras[0].doc) == tags(full)


def test_paragraph_text_is_the_docs_text() -> None:
    para = Paragraph(3, load_nlp().make_doc("Kim met Putin."))
    assert para.text == "Kim met Putin." == para.doc.text
    for para in parse(TEXT, screen=keep_second):
        assert para.text == para.doc.text == TEXT[para.start : para.start + len(para.text)]


def test_doc_and_span_texts_joined_once_are_spacys_own() -> None:
    """Rule: ``doc_text``/``span_text`` return exactly ``doc.text``/``span.text``, odd
    whitespace (runs of spaces, tabs, a trailing space) included."""
    text = "Kim  met Putin\t in  Moscow .  Then   he left.  \u00a0Lavrov  said so. "
    doc = parse(text)[0].doc
    assert doc_text(doc) == doc.text == text
    assert doc_text(doc) is doc_text(doc)  # joined once
    spans = [*doc.sents, doc[1:4], doc[3:3], doc[len(doc) - 2 :]]
    for span in spans:
        assert span_text(span) == span.text


def test_a_value_kept_on_a_doc_is_computed_once_per_doc_and_key() -> None:
    """Rule: ``kept_on`` computes at the first call and answers the same object after; each
    doc and each key has its own."""
    calls: list[int] = []

    def count(doc: Doc) -> list[int]:
        calls.append(len(doc))
        return [len(doc)]

    first, second = load_nlp().make_doc("Kim met Putin."), load_nlp().make_doc("Talks.")
    kept = kept_on(first, "test.count", count)
    assert kept == [4] and kept_on(first, "test.count", count) is kept
    assert kept_on(second, "test.count", count) == [2]
    assert kept_on(first, "test.other", count) == [4]
    assert calls == [4, 2, 4]


def test_an_empty_text_has_no_paragraphs() -> None:
    assert parse("") == [] and parse_many(["", "\n\n"]) == [[], []]


def test_numpy_products_give_the_analysis_of_spacys_default_blis_products() -> None:
    import spacy
    from thinc.api import NumpyOps

    from bilat.config import SPACY_MODEL

    ours, theirs = load_nlp(), spacy.load(SPACY_MODEL)
    for name in ("tok2vec", "parser", "ner"):
        ops = ours.get_pipe(name).model.ops  # type: ignore[attr-defined]
        assert isinstance(ops, NumpyOps) and not ops.use_blis
    assert theirs.get_pipe("tok2vec").model.ops.use_blis  # type: ignore[attr-defined]
    texts = [
        TEXT,
        "Foreign Minister Choe Son Hui left Pyongyang on Monday for Moscow, where she will hold "
        "talks with Sergey Lavrov. The two ministers last met in July.",
        "The prime minister of Laos, who arrived in Hanoi late on Friday, signed three agreements "
        "on trade and energy with his Vietnamese counterpart before flying home.",
        "Shipments of wheat and fuel were delivered to the port of Nampho, officials in Seoul "
        "said.",
    ]

    def full(doc: Doc) -> list[tuple[object, ...]]:
        return [(t.text, t.tag_, t.dep_, t.head.i, t.is_sent_start, t.ent_iob_, t.ent_type_)
                for t in doc]

    for a, b in zip(ours.pipe(texts), theirs.pipe(texts), strict=True):
        assert full(a) == full(b)


def test_entity_windows_reach_around_each_token_and_merge_when_they_meet() -> None:
    c = ENTITY_CONTEXT
    assert _windows([], 100) == []
    assert _windows([3], 100) == [(0, 3 + c + 1)]
    assert _windows([50], 100) == [(50 - c, 50 + c + 1)]
    assert _windows([50, 50 + 2 * c + 1], 100) == [(50 - c, 50 + 3 * c + 2)]  # touching
    assert _windows([20, 70], 100) == [(20 - c, 20 + c + 1), (70 - c, 70 + c + 1)]
    assert _windows([98], 100) == [(98 - c, 100)]


# a long paragraph: a name near its start, another near its end, facts in between
LONG = ("On Tuesday the visiting envoy Horatio Blenkinsop told reporters in the capital that the "
        "two governments had agreed to expand trade, reopen the consulate, resume direct "
        "flights between the two cities, and hold a further round of consultations on fishing "
        "rights in the spring, while the opposition leader Marigold Featherstonehaugh said the "
        "plan was rushed.")


def test_entities_around_named_tokens_are_those_of_the_whole_paragraph() -> None:
    whole = parse(LONG, entities=lambda doc: True)[0].doc
    people = [(e.start, e.end, e.text) for e in whole.ents if e.label_ == "PERSON"]
    assert [text for _, _, text in people] == ["Horatio Blenkinsop", "Marigold Featherstonehaugh"]
    first = people[0]
    only_first = parse(LONG, entities=lambda doc: [first[0]])[0].doc
    # the recogniser ran around the first name only: the same entity there, none far away
    assert [(e.start, e.end, e.text) for e in only_first.ents if e.label_ == "PERSON"] == [first]
    assert all(e.end <= first[0] + ENTITY_CONTEXT + 1 for e in only_first.ents)
    # everything else is the whole paragraph's analysis
    assert syntax(only_first) == syntax(whole)
    both = parse(LONG, entities=lambda doc: [people[0][0], people[1][0]])[0].doc
    assert [(e.start, e.end, e.text) for e in both.ents if e.label_ == "PERSON"] == people
    assert not parse(LONG, entities=lambda doc: [])[0].doc.ents


def test_tokens_where_gives_the_tokens_a_token_by_token_test_gives() -> None:
    """Rule: ``tokens_where(span, ATTR, word_ids(words))`` yields, in order, exactly the
    tokens of the span whose attribute is one of the words: lower-case forms and lemmas
    (strings' hashes) as well as POS and dependency labels (spaCy's symbols)."""
    doc = parse("Before the talks, Putin said he had met Kim since they visited Moscow.")[0].doc
    sent = doc[2:len(doc)]
    cases = [
        (LOWER, ["since", "he", "they"], lambda t: t.lower_ in ("since", "he", "they")),
        (LEMMA, ["say", "visit"], lambda t: t.lemma_ in ("say", "visit")),
        (POS, ["VERB", "PROPN"], lambda t: t.pos_ in ("VERB", "PROPN")),
        (DEP, ["prep", "advcl"], lambda t: t.dep_ in ("prep", "advcl")),
    ]
    for attr, words, wanted in cases:
        expected = [t.i for t in sent if wanted(t)]
        assert expected  # the sentence holds some of each
        assert [t.i for t in tokens_where(sent, attr, word_ids(words))] == expected
    assert [t.i for t in tokens_where(doc, LOWER, word_ids(["before"]))] == [0]
    assert list(tokens_where(sent, LOWER, word_ids(["before"]))) == []  # outside the span


def test_freed_memory_is_kept_by_glibc_unless_turned_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import platform

    from bilat.annotations.nlp import keep_freed_memory

    monkeypatch.setenv("BILAT_MALLOPT", "0")
    assert keep_freed_memory() is False
    monkeypatch.delenv("BILAT_MALLOPT")
    assert keep_freed_memory() is (platform.libc_ver()[0] == "glibc")


def test_a_window_of_words_carries_what_the_recogniser_reads_of_its_tokens() -> None:
    # rule: where the recogniser's tok2vec reads only words and norms, a window made of the
    # words and their norms gives it what Span.as_doc gives it, norms set by tokenizer
    # exceptions included ("can't", "gonna"); a paragraph with entities set is copied whole
    nlp = load_nlp()
    assert reads_words_only(nlp.get_pipe("ner"))
    assert not reads_words_only(nlp.get_pipe("tagger"))  # no tok2vec of its own
    doc = nlp.make_doc("We can't and we're gonna sign it, said Ms. Lee in  Hanoi 's port.")
    cuts = [(doc, 0, 5), (doc, 3, 12), (doc, 10, len(doc))]
    read = [ORTH, NORM, PREFIX, SUFFIX, SHAPE, SPACY, ENT_IOB]
    made = _window_docs(nlp, cuts, words_only=True)
    copies = _window_docs(nlp, cuts, words_only=False)
    for piece, copy in zip(made, copies, strict=True):
        assert piece.text == copy.text
        assert (piece.to_array(read) == copy.to_array(read)).all()
    assert [t.norm_ for t in made[0]][1:3] == ["can", "not"]  # not the words' own norms
    assert [t.norm_ for t in made[1]][3:5] == ["going", "to"]
    with_entity = nlp.make_doc("Ms. Lee met them in Hanoi on Tuesday.")
    with_entity.set_ents([Span(with_entity, 5, 6, label="GPE")])
    kept = _window_docs(nlp, [(with_entity, 2, 8)], words_only=True)[0]
    assert [e.text for e in kept.ents] == ["Hanoi"]
