"""Rules of bilat.annotations.actors.places and .matchers on hand-built Docs (no model)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from bilat.annotations.actors.matchers import longest, state_words
from bilat.annotations.actors.mentions import CountryMention
from bilat.annotations.actors.places import (
    find_capital_phrases,
    find_gazetteer_places,
    opens_publication_name,
)
from bilat.annotations.nlp import Paragraph
from bilat.knowledge.kb import KnowledgeBase

DocOf = Callable[..., Doc]  # the make_doc fixture (conftest.py)


@pytest.mark.parametrize("text, end, opens", [
    ("the Washington Post reported", 2, True),
    ("the Moscow Times said", 2, True),
    ("in Washington on Monday", 2, False),
    ("in Washington", 2, False),  # the paragraph ends
])
def test_a_city_before_a_newspaper_word_opens_its_name(
        make_doc: DocOf, text: str, end: int, opens: bool) -> None:
    assert opens_publication_name(make_doc(text), end) is opens


@pytest.mark.parametrize("text, heads, deps, country, via, capital", [
    ("in the Russian capital", [0, 3, 3, 0], "ROOT det amod pobj", (2, 3), "demonym", "Moscow"),
    ("in North Korea 's capital", [0, 2, 4, 2, 0], "ROOT compound poss case pobj", (1, 3),
     "name", "Pyongyang"),
    ("in the Russian delegation", [0, 3, 3, 0], "ROOT det amod pobj", (2, 3), "demonym", None),
    ("the Kremlin capital", [2, 2, 2], "det compound ROOT", (1, 2), "seat", None),
    # actors.places.capital-qualified: another city than the state's capital
    ("Russia 's Far East capital of Vladivostok", [4, 0, 3, 4, 4, 4, 5],
     "poss case compound compound ROOT prep pobj", (0, 1), "name", None),
    ("Russia 's northern capital", [3, 0, 3, 3], "poss case amod ROOT", (0, 1), "name", None),
])
def test_a_state_that_modifies_capital_names_its_capital_city(
        make_doc: DocOf, kb: KnowledgeBase, text: str, heads: list[int], deps: str,
        country: tuple[int, int], via: str, capital: str | None) -> None:
    doc = make_doc(text, heads=heads, deps=deps)
    iso3 = kb.country(doc[country[0]:country[1]].text)
    assert iso3 is not None
    mention = CountryMention(0, 0, "", iso3, 0, *country, via)
    found = find_capital_phrases(kb, Paragraph(100, doc), 0, [mention])
    assert [p.name for p in found] == ([capital] if capital else [])
    if capital:
        assert found[0].text == "capital" and found[0].start == 100 + doc.text.index("capital")


@pytest.mark.parametrize("text, ents, about, found", [
    ("talks in Zhuhai on Monday", "O O B-GPE O O", {"CHN"}, [("Zhuhai", "CHN")]),
    ("arrived in Artyom near Vladivostok", "O O B-GPE O B-GPE", {"RUS"}, [("Artyom", "RUS")]),
    # a town of that name exists only in a state the document does not name
    ("met Kim on Monday", "O B-GPE O O", {"PRK", "RUS"}, []),
    # a state, or a place the knowledge base knows in another case (a dateline), is not
    # the gazetteer's
    ("SEOUL , June 30 --", "B-GPE O O O O", {"KOR"}, []),
    ("flew to Russia", "O O B-GPE", {"RUS"}, []),
])
def test_a_place_the_recogniser_names_is_a_gazetteer_city_of_a_state_the_text_names(
        make_doc: DocOf, kb: KnowledgeBase, text: str, ents: str, about: set[str],
        found: list[tuple[str, str]]) -> None:
    """Rule actors.places.gazetteer."""
    places = find_gazetteer_places(kb, Paragraph(0, make_doc(text, ents=ents)), 0, [], about)
    assert [(p.name, p.country) for p in places] == found


def test_a_states_one_word_names_are_not_name_words(kb: KnowledgeBase) -> None:
    words = state_words(kb)
    assert {"Russia", "Russian", "China", "Chinese", "Kremlin", "Belarus"} <= words
    # several words, an acronym, or a word the knowledge base keeps out as ambiguous
    assert not {"North Korea", "US", "DPRK", "Korea", "Korean"} & words


def test_overlapping_spans_keep_the_longest_then_the_earliest() -> None:
    assert longest([(0, 2), (1, 4), (3, 5), (5, 6), (1, 4)]) == [(1, 4), (5, 6)]
    assert longest([(0, 2), (1, 3)]) == [(0, 2)]
