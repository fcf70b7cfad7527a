"""Rules of bilat.annotations.actors.persons, each on hand-built Docs (no model)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from bilat.annotations.actors.matchers import NOT_NAME_WORDS, matchers_for
from bilat.annotations.actors.mentions import CountryMention
from bilat.annotations.actors.persons import (
    clean_person_span,
    context_country,
    known_person,
    name_run_end,
    not_a_person,
)
from bilat.knowledge.kb import KnowledgeBase
from bilat.lang import lexicon

DocOf = Callable[..., Doc]  # the make_doc fixture (conftest.py)
NOT_NAME = NOT_NAME_WORDS | {"Russian", "Russia"}


def _country(iso3: str, token: int, length: int = 1) -> CountryMention:
    return CountryMention(0, 0, "", iso3, 0, token, token + length, "name")


# ------------------------------------------------------------------ name runs after a title


@pytest.mark.parametrize("text, start, end", [
    ("Foreign Minister Choe Son - hui arrived", 2, 6),  # a hyphenated given name is one name
    ("Minister Ri Chang - dae and", 1, 5),
    ("Minister Kim Jong Un Monday", 1, 4),  # a month or weekday is no part of a name
    ("Minister Choe Son Hui", 1, 4),  # the run ends with the paragraph
    ("counterpart Igor Morgulov ,", 1, 3),
    ("Minister Kim - -", 1, 2),  # a hyphen joins two name pieces only
    ("President Ursula von der Leyen said", 1, 5),  # particles between capitalised words
    ("President Lula da Silva", 1, 4),
    ("Minister Lavrov de facto", 1, 2),  # a particle the name does not continue after
])
def test_a_name_after_a_title_runs_over_capitalised_words(
        make_doc: DocOf, text: str, start: int, end: int) -> None:
    assert name_run_end(make_doc(text), start, NOT_NAME) == end


def test_a_name_run_stops_after_its_length_and_two_hyphen_pieces(make_doc: DocOf) -> None:
    length = lexicon().number("NAME_RUN_LENGTH")
    doc = make_doc("Minister " + " ".join(["Abc"] * (length + 5)))
    assert name_run_end(doc, 1, NOT_NAME) == 1 + length + 2


# ------------------------------------------------------------------ trimming a span


@pytest.mark.parametrize("text, span, cleaned", [
    ("Mr. Putin 's", (0, 3), (1, 2)),  # honorific and possessive
    ("President Vladimir Putin ,", (0, 4), (1, 3)),  # title and punctuation
    ("Russian Vladimir Putin", (0, 3), (1, 3)),  # a state's name
    ("Deputy Foreign Minister Pak Myong Ho", (0, 6), (3, 6)),  # a multiword office
    ("The Kim Jong Un Day", (0, 5), (1, 4)),
])
def test_titles_honorifics_and_non_name_words_are_trimmed_from_a_person_span(
        make_doc: DocOf, text: str, span: tuple[int, int], cleaned: tuple[int, int]) -> None:
    assert clean_person_span(make_doc(text), *span, NOT_NAME) == cleaned


# ------------------------------------------------------------------ spans that are no person


@pytest.mark.parametrize("text, is_not", [
    ("Vladimir Putin", False),
    ("Choe Son Hui", False),
    ("Russia", True),  # a state
    ("Vladivostok", True),  # a place
    ("General Staff Operations Bureau", True),  # a unit
    ("Security Council", True),  # only words never part of a name
    ("Putin 2019", True),  # a number
    ("putin", True),  # not capitalised
])
def test_a_state_place_unit_or_run_of_non_name_words_is_not_a_person(
        make_doc: DocOf, kb: KnowledgeBase, text: str, is_not: bool) -> None:
    doc = make_doc(text)
    assert not_a_person(kb, doc[:], NOT_NAME) is is_not


# ------------------------------------------------------------------ one-word names


def test_a_one_word_alias_of_one_person_is_matched_alone(make_doc: DocOf,
                                                         kb: KnowledgeBase) -> None:
    doc = make_doc("Prabowo met MBS , Mbs , Xi and Jokowi")
    found = {doc[s:e].text for _, s, e in matchers_for(kb).person(doc)}
    # an acronym only in capitals; a name of two letters ("Xi") is left to the recogniser
    assert found == {"Prabowo", "MBS", "Jokowi"}


# ------------------------------------------------------------------ the state of a name


def test_a_state_in_the_title_before_a_name_is_its_country(make_doc: DocOf) -> None:
    doc = make_doc("Russian defense minister Sergei Shoigu arrived",
                   pos="ADJ NOUN NOUN PROPN PROPN VERB")
    assert context_country(doc, 3, 5, [_country("RUS", 0)]) == "RUS"


def test_a_state_in_an_apposition_after_a_name_is_its_country(make_doc: DocOf) -> None:
    doc = make_doc("Oleg Kozhemyako , governor of Russia 's Primorsky Territory , said",
                   pos="PROPN PROPN PUNCT NOUN ADP PROPN PART PROPN PROPN PUNCT VERB")
    assert context_country(doc, 0, 2, [_country("RUS", 5)]) == "RUS"


@pytest.mark.parametrize("text, pos", [
    ("Russia and Choe Son Hui", "PROPN CCONJ PROPN PROPN PROPN"),  # a conjunction
    ("Russia welcomed Choe Son Hui", "PROPN VERB PROPN PROPN PROPN"),  # a verb
    ("Russia , Choe Son Hui", "PROPN PUNCT PROPN PROPN PROPN"),  # a comma
])
def test_the_state_before_a_name_is_looked_for_within_its_phrase_only(
        make_doc: DocOf, text: str, pos: str) -> None:
    assert context_country(make_doc(text, pos=pos), 2, 5, [_country("RUS", 0)]) is None


def test_the_state_before_a_name_is_looked_for_within_the_lookback(make_doc: DocOf) -> None:
    reach = lexicon().number("NAME_COUNTRY_LOOKBACK")

    def name_after(adjectives: int) -> str | None:
        doc = make_doc(" ".join(["Russia", *["big"] * adjectives, "Choe", "Hui"]),
                       pos=" ".join(["PROPN", *["ADJ"] * adjectives, "PROPN", "PROPN"]))
        return context_country(doc, adjectives + 1, adjectives + 3, [_country("RUS", 0)])

    assert name_after(reach - 1) == "RUS"
    assert name_after(reach) is None


@pytest.mark.parametrize("text, name", [
    ("Vladmir Putin", "Vladimir Putin"),  # a letter dropped from the given name
    ("Anthony Blinken", "Antony Blinken"),  # a letter added
    ("Vladimir Putin", "Vladimir Putin"),
    ("Maria Putin", None),  # another given name is another person
    ("Vlad Putin", None),  # a short form is no misspelling
])
def test_a_misspelt_given_name_of_a_known_surname_is_the_known_person(
        kb: KnowledgeBase, text: str, name: str | None) -> None:
    known = known_person(kb, text)
    assert (known.name if known else None) == name
