"""Rules of bilat.annotations.actors.roles, each on hand-built Docs (no model)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from bilat.annotations.actors.matchers import NOT_NAME_WORDS
from bilat.annotations.actors.mentions import CountryMention
from bilat.annotations.actors.roles import definite, possessive, role_country, titles_a_name
from bilat.lang import lexicon

DocOf = Callable[..., Doc]  # the make_doc fixture (conftest.py)


def _by_token(iso3: str, start: int, end: int) -> dict[int, CountryMention]:
    mention = CountryMention(0, 0, "", iso3, 0, start, end, "name")
    return dict.fromkeys(range(start, end), mention)


# ------------------------------------------------------------------ the state of a role


def test_a_state_right_before_a_role_is_its_state_and_starts_its_mention(make_doc: DocOf) -> None:
    doc = make_doc("Russia 's deputy interior minister arrived")
    assert role_country(doc, 3, 5, _by_token("RUS", 0, 1)) == ("RUS", 0)


def test_a_state_after_of_the_is_its_state_and_the_mention_starts_at_the_role(
        make_doc: DocOf) -> None:
    doc = make_doc("The leader of the DPRK arrived")
    assert role_country(doc, 1, 2, _by_token("PRK", 4, 5)) == ("PRK", 1)


@pytest.mark.parametrize("text", [
    "Russia and the minister",  # a conjunction ends the role's phrase
    "Russia , the minister",
    "Russia with the minister",
])
def test_a_state_before_a_boundary_is_not_the_roles(make_doc: DocOf, text: str) -> None:
    assert role_country(make_doc(text), 3, 4, _by_token("RUS", 0, 1)) == (None, 3)


def test_a_state_before_a_role_is_looked_for_within_the_lookback(make_doc: DocOf) -> None:
    reach = lexicon().number("ROLE_COUNTRY_LOOKBACK")
    near = make_doc(" ".join(["Russia", *["top"] * (reach - 1), "minister"]))
    far = make_doc(" ".join(["Russia", *["top"] * reach, "minister"]))
    assert role_country(near, reach, reach + 1, _by_token("RUS", 0, 1))[0] == "RUS"
    assert role_country(far, reach + 1, reach + 2, _by_token("RUS", 0, 1))[0] is None


# ------------------------------------------------------------------ definite descriptions


@pytest.mark.parametrize("text, start, is_definite", [
    ("the North Korean leader", 1, True),
    ("The leader of the DPRK", 1, True),
    ("this Russian envoy", 1, True),
    ("the top North Korean diplomat", 2, True),  # a rank word between article and role
    ("a North Korean diplomat", 1, False),
    ("North Korean diplomats", 0, False),
])
def test_an_article_before_a_role_makes_it_definite(
        make_doc: DocOf, text: str, start: int, is_definite: bool) -> None:
    assert definite(make_doc(text), start) is is_definite


def test_adjectives_between_article_and_role_count_up_to_the_depth(make_doc: DocOf) -> None:
    depth = lexicon().number("ROLE_ADJECTIVE_DEPTH")

    def after(adjectives: int) -> bool:
        words = ["the", *["bold"] * adjectives, "Russian", "envoy"]
        pos = ["DET", *["ADJ"] * adjectives, "ADJ", "NOUN"]
        return definite(make_doc(" ".join(words), pos=" ".join(pos)), adjectives + 1)

    assert after(depth)
    assert not after(depth + 1)


@pytest.mark.parametrize("text, start, role_start, owned", [
    ("Russia 's defence minister", 0, 2, True),
    ("Pyongyang ’s top diplomat", 0, 3, True),
    ("the Russian defence minister", 1, 2, False),
])
def test_a_state_in_the_possessive_makes_a_role_its_own_official(
        make_doc: DocOf, text: str, start: int, role_start: int, owned: bool) -> None:
    assert possessive(make_doc(text), start, role_start) is owned


# ------------------------------------------------------------------ titles, not roles


@pytest.mark.parametrize("text, pos, named, is_title", [
    ("Foreign Minister Choe Son Hui", "PROPN PROPN PROPN PROPN PROPN", set(), True),
    ("Foreign Minister Lavrov said", "PROPN PROPN PROPN VERB", {2}, True),
    ("Foreign Minister Lavrov said", "PROPN PROPN NOUN VERB", set(), False),
    ("the foreign minister said", "DET ADJ NOUN VERB", set(), False),
    ("the foreign minister Monday", "DET ADJ NOUN PROPN", set(), False),  # a weekday is no name
])
def test_an_office_before_a_name_is_its_title_not_a_role(
        make_doc: DocOf, text: str, pos: str, named: set[int], is_title: bool) -> None:
    doc = make_doc(text, pos=pos)
    office = (0, 2) if text.startswith("Foreign") else (1, 3)
    assert titles_a_name(doc, *office, named, NOT_NAME_WORDS) is is_title


def test_an_office_inside_a_name_is_no_role(make_doc: DocOf) -> None:
    doc = make_doc("the Kim Jong Un leader said", pos="DET PROPN PROPN PROPN NOUN VERB")
    assert titles_a_name(doc, 4, 5, {1, 2, 3, 4}, NOT_NAME_WORDS)


def test_an_office_whose_of_phrase_runs_into_a_name_titles_it(make_doc: DocOf) -> None:
    doc = make_doc("Speaker of the Russian Parliament 's Upper House Valentina Matvienko met Kim")
    assert titles_a_name(doc, 0, 1, {9, 10}, NOT_NAME_WORDS)
    other = make_doc("the Speaker of the Russian Parliament met Valentina Matvienko")
    assert not titles_a_name(other, 1, 2, {7, 8}, NOT_NAME_WORDS)
