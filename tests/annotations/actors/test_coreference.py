"""Rules of bilat.annotations.actors.coreference on hand-built mentions and Docs (no model).

Each row of ``ROLE_CASES`` is one rule of linking a definite role to a person named
before: the person told, the role, the date, and whom the role must name ("" for nobody).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from spacy.tokens import Doc

from bilat.annotations.actors.coreference import (
    link_definite_roles,
    resolve_persons,
    short_name_mentions,
)
from bilat.annotations.actors.mentions import PersonMention
from bilat.annotations.nlp import Paragraph
from bilat.knowledge.kb import KnowledgeBase
from bilat.lang import lexicon

DocOf = Callable[..., Doc]  # the make_doc fixture (conftest.py)


def person(name: str, country: str | None, para: int = 0, start: int = 0,
           office: str | None = None) -> PersonMention:
    return PersonMention(start, start + len(name), name, name, country, "person", para, 0,
                         len(name.split()), office=office)


def role(text: str, country: str, para: int = 1, office: str | None = None,
         definite: bool = True) -> PersonMention:
    return PersonMention(1000, 1000 + len(text), text, "", country, "role", para, 0, 2,
                         office=office, definite=definite)


@dataclass(frozen=True)
class RoleCase:
    rule: str
    told: PersonMention
    role: PersonMention
    date: str
    names: str


ROLE_CASES = [
    RoleCase("an office refers back to whoever held it on the date",
             person("Vladimir Putin", "RUS"), role("the Russian president", "RUS",
                                                   office="head_of_state"),
             "2024-06-20", "Vladimir Putin"),
    RoleCase("an office does not refer back to a compatriot of another office",
             person("Sergei Lavrov", "RUS"), role("the Russian president", "RUS",
                                                  office="head_of_state"),
             "2024-06-20", ""),
    RoleCase("the office a title gave counts when the knowledge base does not know the person",
             person("Pak Myong Ho", "PRK", office="deputy_foreign_minister"),
             role("the deputy minister", "PRK", office="deputy_foreign_minister"),
             "2024-05-10", "Pak Myong Ho"),
    RoleCase("the leader refers back to a head of state",
             person("Kim Jong Un", "PRK"), role("the North Korean leader", "PRK"),
             "2019-04-25", "Kim Jong Un"),
    RoleCase("the leader does not refer back to a minister",
             person("Choe Son Hui", "PRK"), role("the North Korean leader", "PRK"),
             "2024-11-05", ""),
    RoleCase("a generic role refers back to a compatriot who is not the leader",
             person("Vyacheslav Volodin", "RUS"), role("the Russian lawmaker", "RUS"),
             "2025-08-15", "Vyacheslav Volodin"),
    RoleCase("a generic role never refers back to the head of state",
             person("Kim Jong Un", "PRK"), role("the North Korean official", "PRK"),
             "2025-03-22", ""),
    RoleCase("a role refers back to a person of its own state only",
             person("Sergei Lavrov", "RUS"), role("the North Korean diplomat", "PRK"),
             "2024-06-20", ""),
    RoleCase("a role refers back within its window of paragraphs",
             person("Vyacheslav Volodin", "RUS", para=0),
             role("the Russian lawmaker", "RUS", para=lexicon().number("ROLE_WINDOW") + 1),
             "2025-08-15", ""),
    RoleCase("an indefinite role refers to nobody told before",
             person("Vyacheslav Volodin", "RUS"),
             role("a Russian lawmaker", "RUS", definite=False), "2025-08-15", ""),
]


@pytest.mark.parametrize("case", ROLE_CASES, ids=[c.rule for c in ROLE_CASES])
def test_a_definite_role_refers_back(kb: KnowledgeBase, case: RoleCase) -> None:
    linked = link_definite_roles(kb, [case.told, case.role], case.date)[1]
    assert linked.name == case.names
    assert linked.kind == ("person" if case.names else "role")


def test_a_definite_role_refers_to_the_person_of_its_state_told_last(kb: KnowledgeBase) -> None:
    told = [person("Vyacheslav Volodin", "RUS"), person("Sergei Lavrov", "RUS", para=1)]
    linked = link_definite_roles(kb, [*told, role("the Russian lawmaker", "RUS", para=2)],
                                 "2025-08-15")
    assert linked[-1].name == "Sergei Lavrov"


# ------------------------------------------------------------------ short names


@pytest.mark.parametrize("rule, told, short, date, names", [
    ("a surname is the full name the document told",
     ["Alexander Fomin"], "Fomin", "2019-07-02", "Alexander Fomin"),
    ("a bare Kim is the Kim the document names most",
     ["Kim Yong Chol", "Kim Jong Un", "Kim Jong Un"], "Kim", "2019-01-10", "Kim Jong Un"),
    ("with no full name told, a bare Kim is the one most senior on the date",
     [], "Kim", "2019-04-25", "Kim Jong Un"),
    ("a surname of one known person is that person",
     [], "Shoigu", "2019-04-25", "Sergei Shoigu"),
    ("a one-word alias is a short name of its own",
     [], "Prabowo", "2025-01-10", "Prabowo Subianto"),
])
def test_a_short_name_is_linked_to_a_full_name(
        kb: KnowledgeBase, rule: str, told: list[str], short: str, date: str,
        names: str) -> None:
    mentions = [person(n, "PRK" if n.startswith("Kim") else None, start=10 * i)
                for i, n in enumerate(told)]
    found = resolve_persons(kb, [*mentions, person(short, None, para=1, start=500)], date)
    assert found[-1].name == names


def test_a_short_name_of_an_organisations_official_has_no_state(kb: KnowledgeBase) -> None:
    found = resolve_persons(kb, [person("Stoltenberg", None)], "2022-06-29")
    assert (found[0].name, found[0].country, found[0].org) == ("Jens Stoltenberg", None, "NATO")


def test_a_full_name_lends_its_country_to_its_other_mentions(kb: KnowledgeBase) -> None:
    found = resolve_persons(kb, [person("Pak Myong Ho", "PRK"), person("Pak Myong Ho", None)])
    assert [p.country for p in found] == ["PRK", "PRK"]


def test_a_bare_surname_of_a_name_told_in_full_is_a_mention(make_doc: DocOf) -> None:
    first = make_doc("Minister Alexander Fomin arrived", pos="PROPN PROPN PROPN VERB")
    second = make_doc("Fomin held talks with Ri Fomin Chol",
                      pos="NOUN VERB NOUN ADP PROPN PROPN PROPN")
    told = PersonMention(9, 25, "Alexander Fomin", "Alexander Fomin", "RUS", "person", 0, 1, 3)
    found = short_name_mentions([Paragraph(0, first), Paragraph(40, second)], [told])
    # "Fomin" at a sentence start (tagged a noun) is a mention; inside a longer name it is not
    assert [(p.text, p.para, p.token_start, p.start) for p in found] == [("Fomin", 1, 0, 40)]
