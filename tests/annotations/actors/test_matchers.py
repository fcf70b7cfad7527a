"""The knowledge base's matchers run once per doc (bilat.annotations.actors.matchers)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from bilat.annotations.actors.matchers import (
    matched,
    matchers_for,
    matches,
    phrase_patterns,
    phrases_of,
)
from bilat.annotations.nlp import load_nlp
from bilat.knowledge.kb import KnowledgeBase


def test_a_matchers_matches_are_found_once_per_doc_and_hold_after_the_parse(
        kb: KnowledgeBase) -> None:
    """The screen asks before the parse, the names and places pass after it: the matches
    kept on the doc are those a fresh run finds on the parsed doc."""
    nlp = load_nlp()
    m = matchers_for(kb)
    doc = nlp.make_doc("Kim Jong Un met Vladimir Putin in Vladivostok, Russia.")
    found = matches(m.country, doc)
    assert matches(m.country, doc) is found
    parsed = nlp(doc)
    for matcher in (m.country, m.place, m.person, m.office, m.institution):
        assert matches(matcher, parsed) == matcher(parsed)
    assert matched(m.country, parsed) == [(s, e) for _, s, e in m.country(parsed)] != []


def test_matchers_built_from_kept_ids_match_what_tokenized_phrases_match(
        kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every phrase of every matcher, as written, lower-cased, in capitals and titled: the
    matchers built from ids read back from the cache find what matchers built from
    tokenized phrases find."""
    monkeypatch.setenv("BILAT_CACHE", str(tmp_path))
    nlp = load_nlp()
    phrases = phrases_of(kb)
    made = phrase_patterns(nlp, phrases)
    kept = phrase_patterns(nlp, phrases)
    assert kept == made
    assert [path.name.startswith("phrase-ids-") for path in tmp_path.iterdir()] == [True]
    for label, (attr, terms) in phrases.items():
        tokenized = PhraseMatcher(nlp.vocab, attr=attr)
        from_ids = PhraseMatcher(nlp.vocab, attr=attr)
        tokenized.add(label, [nlp.make_doc(term) for term in terms])
        from_ids.add(label, kept[label])  # type: ignore[arg-type]
        for variant in (str, str.lower, str.upper, str.title):
            doc = nlp.make_doc(" ; ".join(variant(term) for term in terms))
            assert from_ids(doc) == tokenized(doc)
        assert len(from_ids(nlp.make_doc(" ; ".join(terms)))) >= len(terms)


def test_the_phrases_ids_are_kept_by_the_phrases_and_the_libraries(
        kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILAT_CACHE", str(tmp_path))
    nlp = load_nlp()
    phrases = phrases_of(kb)
    phrase_patterns(nlp, phrases)
    fewer = {label: (attr, terms[:1]) for label, (attr, terms) in phrases.items()}
    assert [len(ids) for ids in phrase_patterns(nlp, fewer).values()] == [1, 1, 1, 1, 1]
    monkeypatch.setattr(spacy, "__version__", "0.0.0")
    phrase_patterns(nlp, phrases)
    assert len(list(tmp_path.iterdir())) == 3


def test_the_phrases_ids_are_kept_by_the_tokenizers_rules(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two pipelines alike but for a tokenizer rule keep the phrases' ids apart."""
    monkeypatch.setenv("BILAT_CACHE", str(tmp_path))
    phrases = {"OFFICE": ("LOWER", ["envoys"])}
    plain = spacy.blank("en")
    assert [len(ids) for ids in phrase_patterns(plain, phrases)["OFFICE"]] == [1]
    split = spacy.blank("en")
    split.tokenizer.add_special_case("envoys", [{"ORTH": "envoy"}, {"ORTH": "s"}])
    assert [len(ids) for ids in phrase_patterns(split, phrases)["OFFICE"]] == [2]
    assert [len(ids) for ids in phrase_patterns(plain, phrases)["OFFICE"]] == [1]
