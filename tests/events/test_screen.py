"""The screen before the parser: it may parse too much, never too little."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.annotations.nlp import load_nlp, parse
from bilat.config import Settings
from bilat.documents import prepare
from bilat.events.extract import extract
from bilat.events.screen import EventScreen, screen_for, word_forms
from bilat.events.triggers import TRIGGER_LEMMAS, find_triggers
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.pipeline import iter_documents

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def screen(kb: KnowledgeBase) -> EventScreen:
    return screen_for(kb)


def tokens(*paragraphs: str) -> list:
    nlp = load_nlp()
    return [nlp.make_doc(p) for p in paragraphs]


def test_word_forms_cover_inflections_and_leave_out_other_words() -> None:
    forms = word_forms(TRIGGER_LEMMAS, load_nlp())
    assert {"met", "meets", "visited", "visiting", "talks", "meetings", "signed", "sent",
            "flew", "arrived", "phoned", "deployed", "shipments"} <= forms
    # "on" (from the rule for "c'm on") and "leader" (a comparative of "lead") are no triggers
    assert not {"on", "leader", "the", "said"} & forms


def test_a_document_with_nothing_known_is_not_parsed(screen: EventScreen) -> None:
    docs = tokens("The council met on Tuesday.", "Residents held talks with the mayor.")
    assert screen(docs) == [False, False]


def test_a_document_without_a_trigger_word_is_not_parsed(screen: EventScreen) -> None:
    docs = tokens("Russia and North Korea are neighbours.", "Moscow is large.")
    assert screen(docs) == [False, False]


def test_paragraphs_with_a_trigger_or_a_place_are_parsed(screen: EventScreen) -> None:
    docs = tokens(
        "Putin arrived on Tuesday.",  # trigger
        "Markets were calm.",  # nothing
        "In Pyongyang, he laid flowers.",  # a place: may be the event's location
    )
    assert screen(docs) == [True, False, True]


def test_a_state_after_a_preposition_of_presence_is_parsed(screen: EventScreen) -> None:
    docs = tokens(
        "Lavrov met Kim on Friday.",  # trigger
        "The delegation was in China last week.",  # someone may be there: a visit
        "Lavrov praised China.",  # nothing
    )
    assert screen(docs) == [True, True, False]


def test_known_people_in_any_spelling_make_a_document_worth_parsing(screen: EventScreen) -> None:
    assert screen.knows_something(tokens("Shoygu said so.")[0])
    assert not screen.knows_something(tokens("Smithers said so.")[0])


def test_entities_are_wanted_only_for_proper_nouns_nothing_else_names(screen: EventScreen) -> None:
    nlp = load_nlp()
    with nlp.select_pipes(disable=["ner"]):
        known = nlp("Russian President Vladimir Putin met Kim Jong Un in Pyongyang on Monday.")
        unknown = nlp("Putin met Horatio Blenkinsop in Pyongyang.")
    assert not screen.needs_entities(known)
    # the recogniser runs around the unknown name's tokens only
    assert [unknown[i].text for i in screen.needs_entities(unknown)] == ["Horatio", "Blenkinsop"]


def example_documents() -> list:
    settings = Settings()
    return [prepare(raw, settings)
            for raw in iter_documents([EXAMPLES / "articles"], EXAMPLES / "manifest.jsonl")]


def assert_triggers_screened(screen: EventScreen, docs: list) -> None:
    for doc in docs:
        for para in parse(doc.clean):
            for trig in find_triggers(para.doc):
                # a presence ("was in Pyongyang") is screened by its place, not by "be"
                assert (trig.token.lower_ in screen.trigger_words
                        or trig.token.lemma_ == "be" and screen.names_a_presence(para.doc)), (
                    doc.name, trig.token.text)


def test_every_confirmed_trigger_of_the_examples_is_a_screen_word(screen: EventScreen) -> None:
    """If the trigger lexicon grows, the screen must know the new words."""
    assert_triggers_screened(screen, example_documents())


def test_every_confirmed_trigger_of_the_dev_set_is_a_screen_word(
        screen: EventScreen, dev_dir: Path) -> None:
    settings = Settings()
    docs = [prepare(raw, settings)
            for raw in iter_documents([dev_dir / "docs"], dev_dir / "manifest.jsonl")]
    assert_triggers_screened(screen, docs)


def test_screened_extraction_equals_full_extraction_on_the_examples(kb: KnowledgeBase) -> None:
    for doc in example_documents():
        screened = extract(doc, kb)
        full = extract(doc, kb, parse(doc.clean))
        assert ([m.to_export() for m in screened.mentions]
                == [m.to_export() for m in full.mentions]), doc.name


def test_a_bare_surname_of_a_name_the_document_spells_out_needs_no_recogniser(
        screen: EventScreen) -> None:
    nlp = load_nlp()
    paragraphs = ["Putin met Kim Jong Un in Pyongyang.", "Kim said the talks went well."]
    docs = [nlp.make_doc(p) for p in paragraphs]
    assert screen(docs) == [True, True]  # marks each paragraph with the names spelt out
    with nlp.select_pipes(disable=["ner"]):
        second = nlp(docs[1])
        alone = nlp(paragraphs[1])
    assert not screen.needs_entities(second)
    assert screen.needs_entities(alone)  # no full name to link "Kim" to: the recogniser runs
