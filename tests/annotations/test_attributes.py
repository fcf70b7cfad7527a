"""The cached attribute ruler and lemmatizer: the same answers as the model's own
components, learnt once per (word, tag, label), in batches and in halves where a
multi-token rule matches across words."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from bilat.annotations.nlp import load_nlp, run_pipeline

TEXT = (
    "Putin arrives in Pyongyang\n"
    "\n"
    "Russian President Vladimir Putin arrived in Pyongyang on Tuesday. He was met by Kim.\n"
)


def test_the_cached_attributes_give_what_the_models_own_components_give() -> None:
    import spacy

    from bilat.config import SPACY_MODEL

    ours, theirs = load_nlp(), spacy.load(SPACY_MODEL)
    assert "bilat_cached_attributes" in ours.pipe_names
    texts = [
        TEXT,
        "We're gonna visit Moscow, y'all. There is a meeting on Monday; there are talks.",
        "Ain't it so? Let's go. C'm on! She met him, and they'd sign the treaties.",
        "Kim Jong Un's visit: Putin greets Kim at the Vostochny Cosmodrome, 13 September 2023.",
    ] * 2  # the second round is answered from the cache

    def analysis_with_morph(doc: Doc) -> list[tuple[str, ...]]:
        return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in doc]

    for a, b in zip(ours.pipe(texts), theirs.pipe(texts), strict=True):
        assert analysis_with_morph(a) == analysis_with_morph(b)


def test_the_cache_knows_which_tokens_can_begin_a_multi_token_rule() -> None:
    # the full matcher of the ruler's multi-token rules runs only on a paragraph with such
    # a token ("there" as an expletive, "gon" of "gon na"), learnt once per (word, tag, label)
    nlp = load_nlp()
    cached = nlp.get_pipe("bilat_cached_attributes")

    def begins(text: str) -> list[bool]:
        return [cached.known(t.orth, t.tag, t.dep)[3]  # type: ignore[attr-defined]
                for t in nlp(text)]

    assert begins("There is a meeting.")[0] and begins("We are gon na sign.")[2]
    assert not any(begins("The ministers held talks in Hanoi."))


def test_words_learnt_together_get_the_answers_each_gets_alone() -> None:
    # rule: the cache learns a paragraph's unseen words in one document; each must get what
    # the ruler and lemmatizer give it alone, also where a multi-token rule ("there is",
    # "gon na") would match across two of them
    nlp = load_nlp()
    cached = nlp.get_pipe("bilat_cached_attributes")
    doc = nlp("There is a meeting: we are gon na sign treaties, and the ministers met.")
    tokens = list(doc)
    together = cached._learn(tokens)  # type: ignore[attr-defined]
    alone = [answer for tok in tokens for answer in cached._learn([tok])]  # type: ignore[attr-defined]
    assert together == alone
    # without the tokens that begin a multi-token rule, one document answers for all
    plain = [t for t in tokens if t.lower_ not in ("there", "gon", "na")]
    plain_together = cached._learn(plain)  # type: ignore[attr-defined]
    assert plain_together == [
        answer for tok in plain for answer in cached._learn([tok])]  # type: ignore[attr-defined]
    lemmas = {tok.text: nlp.vocab.strings[answer[2]]
              for tok, answer in zip(plain, plain_together, strict=True)}
    assert lemmas["met"] == "meet" and lemmas["treaties"] == "treaty"


def test_a_batch_gets_the_answers_each_doc_gets_alone_from_a_fresh_cache(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # rule: learning a whole batch's unseen words together (and in halves where a
    # multi-token rule matches across them) answers every token as doc by doc would
    nlp = load_nlp()
    cached = nlp.get_pipe("bilat_cached_attributes")
    texts = ["There is a meeting.", "", "We are gon na sign treaties.", "is", "there",
             "The ministers met in Hanoi and signed three agreements.", "Met met MET."]

    def parsed() -> list[Doc]:
        return list(run_pipeline(nlp, [nlp.make_doc(t) for t in texts],
                                 without={"bilat_cached_attributes", "ner"}))

    def answers(docs: list[Doc]) -> list[list[tuple[str, str, str]]]:
        return [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in docs]

    def fresh_cache() -> None:
        monkeypatch.setattr(cached, "rows", {})
        monkeypatch.setattr(cached, "answers", cached.answers[:0])  # type: ignore[attr-defined]
        monkeypatch.setattr(cached, "begins", cached.begins[:0])  # type: ignore[attr-defined]

    fresh_cache()
    batch = parsed()
    cached.answer(batch)  # type: ignore[attr-defined]
    alone = parsed()
    for doc in alone:
        fresh_cache()
        cached(doc)
    assert answers(batch) == answers(alone)
    assert answers(batch)[0][1][2] == "be" and answers(batch)[5][2][2] == "meet"
