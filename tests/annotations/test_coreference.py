"""Who an event's actors are: unnamed officials, short names, roles, pronouns and
counterparts resolved inside one document (issue 3). Sentences are written for these tests.

Each row of ``CASES`` is one coreference behaviour: a short text, its publication date, the
event type to look at, and the actors and countries that event must have.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bilat.annotations.actors import annotate
from bilat.annotations.nlp import parse
from bilat.events.extract import extract
from bilat.knowledge.kb import load_kb
from bilat.knowledge.names import name_key, same_person
from bilat.model import Document, EventMention, EventType


def _events(text: str, published: str) -> tuple[EventMention, ...]:
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=text,
                   published=published)
    return extract(doc, load_kb()).mentions


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    published: str
    type: EventType
    actors: tuple[str, ...]  # exactly these, in any order
    countries: tuple[str, ...]  # exactly these, in any order


CASES = [
    Case("an unnamed official is an actor by role and country",
         "Russia's deputy interior minister arrived in Pyongyang on Tuesday.",
         "2024-05-10", EventType.VISIT, (), ("RUS", "PRK")),
    Case("a named person unknown to the knowledge base keeps the country the text gives",
         "North Korean Deputy Foreign Minister Pak Myong Ho arrived in Moscow on Tuesday.",
         "2024-05-10", EventType.VISIT, ("Pak Myong Ho",), ("PRK", "RUS")),
    Case("a surname is the full name told before, even at a sentence start",
         "Russian Deputy Defence Minister Alexander Fomin arrived in Pyongyang on Monday.\n"
         "Fomin held talks with North Korean Defence Minister No Kwang Chol on Tuesday.",
         "2019-07-02", EventType.MEET, ("Alexander Fomin", "No Kwang Chol"), ("RUS", "PRK")),
    Case("the North Korean leader is the office holder on the date",
         "The North Korean leader arrived in Vladivostok on Wednesday.",
         "2019-04-26", EventType.VISIT, ("Kim Jong Un",), ("PRK", "RUS")),
    Case("the Russian President is the office holder on the date",
         "The Russian President met Kim Jong Un in Vladivostok on Thursday.",
         "2019-04-26", EventType.MEET, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK")),
    Case("the office holder changes with the date",
         "The Russian President arrived in Beijing on Monday.",
         "2010-09-29", EventType.VISIT, ("Dmitry Medvedev",), ("RUS", "CHN")),
    Case("the leader of a state, the state after the office",
         "The leader of the DPRK arrived in Russia on Tuesday.",
         "2023-09-13", EventType.VISIT, ("Kim Jong Un",), ("PRK", "RUS")),
    Case("his counterpart is the counterpart named beside it",
         "Russian Defence Minister Sergei Shoigu held talks with his North Korean counterpart, "
         "No Kwang Chol, in Moscow on Tuesday.",
         "2019-04-26", EventType.MEET, ("Sergei Shoigu", "No Kwang Chol"), ("RUS", "PRK")),
    Case("a counterpart named right after the word",
         "Russian Deputy Foreign Minister Igor Morgulov received his counterpart Pak Myong Ho "
         "in Moscow on Friday.",
         "2019-06-30", EventType.MEET, ("Igor Morgulov", "Pak Myong Ho"), ("RUS", "PRK")),
    Case("a bare Kim is the Kim the story is about",
         "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday.\n"
         "Kim Jong Un had arrived there by train.\n"
         "General Kim Jin Chol accompanied the leader.\n"
         "On Friday, Kim held talks with Sergei Shoigu.",
         "2019-04-27", EventType.MEET, ("Kim Jong Un", "Sergei Shoigu"), ("PRK", "RUS")),
    Case("a bare Kim is the Kim just named when the story names each once",
         "North Korean leader Kim Jong Un inspected a factory on Monday.\n"
         "A military delegation led by General Kim Jin Chol arrived in Vladivostok on Tuesday.\n"
         "Kim held talks with Russian Defence Minister Sergei Shoigu on Wednesday.",
         "2019-06-07", EventType.MEET, ("Kim Jin Chol", "Sergei Shoigu"), ("PRK", "RUS")),
    Case("spellings of one person are one canonical name",
         "Sergey Shoygu met Kim Jong-un in Pyongyang on Friday.",
         "2025-03-22", EventType.MEET, ("Sergei Shoigu", "Kim Jong Un"), ("RUS", "PRK")),
    Case("a hyphenated Korean given name is the spaced one",
         "Choe Son-hui held talks with Sergey Lavrov in Moscow on Friday.",
         "2024-11-05", EventType.MEET, ("Choe Son Hui", "Sergei Lavrov"), ("PRK", "RUS")),
    Case("a role anaphor is the person of that state named before",
         "Vyacheslav Volodin, speaker of the State Duma, held talks with Kim Jong Un in "
         "Pyongyang on Thursday.\n"
         "The Russian lawmaker arrived in North Korea on Wednesday with a parliamentary "
         "delegation.",
         "2025-08-15", EventType.VISIT, ("Vyacheslav Volodin",), ("RUS", "PRK")),
    Case("he follows the role anaphor, not the last name",
         "Vyacheslav Volodin, speaker of the State Duma, arrived in Pyongyang on Wednesday.\n"
         "He thanked Kim Jong Un for the support of his country.\n"
         "The Russian lawmaker is in North Korea until Friday.\n"
         "On Thursday, he also met with Choe Ryong Hae, chairman of the parliament's standing "
         "committee.",
         "2025-08-15", EventType.MEET, ("Vyacheslav Volodin", "Choe Ryong Hae"), ("RUS", "PRK")),
    Case("a possessive pronoun is the subject of its clause",
         "Lao President Thongloun Sisoulith met Vladimir Putin in Moscow on Thursday during his "
         "visit to Russia.",
         "2024-05-10", EventType.VISIT, ("Thongloun Sisoulith",), ("LAO", "RUS")),
    Case("a fronted possessive pronoun is the subject after it",
         "During her visit, Choe Son Hui, who came at the invitation of Sergei Lavrov, met "
         "Vladimir Putin.",
         "2024-01-17", EventType.VISIT, ("Choe Son Hui",), ("PRK", "RUS")),
    Case("the owner of a visit is its traveller, whoever else the clause names",
         "The talks between Kim Jong Un and Vyacheslav Volodin took place on Thursday during "
         "his visit to Pyongyang.",
         "2025-08-15", EventType.VISIT, ("Vyacheslav Volodin",), ("RUS", "PRK")),
    Case("the partner of another meeting noun is not a participant of this call",
         "Vladimir Putin held a phone call with Kim Jong Un on Monday ahead of his summit with "
         "Donald Trump.",
         "2025-08-13", EventType.CALL, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK")),
    Case("a bare Kim is the Kim the story keeps naming, not one named once in passing",
         "North Korean leader Kim Jong Un arrived in Beijing on Tuesday.\n"
         "Kim was greeted at the station. Kim then attended a banquet.\n"
         "He travelled with Kim Yong Chol, Kim's top aide.\n"
         "On Wednesday, Kim held talks with Chinese President Xi Jinping.",
         "2019-01-10", EventType.MEET, ("Kim Jong Un", "Xi Jinping"), ("PRK", "CHN")),
    Case("the subject of a reported clause is the traveller, the host who invited is not",
         "State television confirmed the visit, reporting that Kim Jong Un started the trip "
         "on Monday at the invitation of Xi Jinping.",
         "2019-01-10", EventType.VISIT, ("Kim Jong Un",), ("PRK", "CHN")),
    Case("a definite role with a rank adjective refers back",
         "Choe Son Hui met Sergei Lavrov in Moscow on Monday.\n"
         "The top North Korean diplomat stopped over in the Russian capital on her way to "
         "St. Petersburg.",
         "2024-09-18", EventType.VISIT, ("Choe Son Hui",), ("PRK", "RUS")),
    Case("the leader of another delegation in the sentence is not the traveller",
         "A North Korean delegation left for Vladivostok on Monday for a forum that will also "
         "involve a South Korean delegation headed by President Moon Jae-in.",
         "2017-09-04", EventType.VISIT, (), ("PRK", "RUS")),
    Case("a leader's name before 'administration' names a government, not a participant",
         "Kim Jong Un and Sergei Shoigu discussed Moscow's dialogue with the Trump "
         "administration in Pyongyang on Friday.",
         "2025-03-22", EventType.MEET, ("Kim Jong Un", "Sergei Shoigu"), ("PRK", "RUS")),
    Case("the subjects of a clause with its own event are not this event's",
         "Vladimir Putin held a phone call with Kim Jong Un on Monday.\n"
         "The Kremlin announced the call on Tuesday, as Putin and Donald Trump are set to hold "
         "talks in Alaska.",
         "2025-08-13", EventType.CALL, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK")),
    Case("a call named as the occasion of a clause is between its subject and object",
         "Vladimir Putin briefed Kim Jong Un on his coming summit with Donald Trump during a "
         "phone call, state media said on Tuesday.",
         "2025-08-13", EventType.CALL, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK")),
    Case("a gerund after 'in addition to' has the main clause's subject",
         "In addition to meeting with Vladimir Putin, President Thongloun Sisoulith held talks "
         "with Dmitry Medvedev in Moscow on Friday.",
         "2024-05-13", EventType.MEET, ("Thongloun Sisoulith", "Dmitry Medvedev"), ("LAO", "RUS")),
    Case("the two leaders are the pair the sentence names, not the last pair told",
         "Vladimir Putin held a phone call with Kim Jong Un on Monday ahead of a summit with "
         "Donald Trump, who will meet Putin in Alaska on Friday.\n"
         "Kim Jong Un backed the treaty, referring to a defence pact the two leaders signed "
         "last year.",
         "2025-08-13", EventType.AGREE, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK")),
    Case("hands shaken during a meeting: the meeting is between the two",
         "Vladimir Putin shakes hands with Choe Son Hui during a meeting at the Kremlin.",
         "2024-11-05", EventType.MEET, ("Vladimir Putin", "Choe Son Hui"), ("RUS", "PRK")),
    Case("a capital's official on a visit is the person named before",
         "Vladimir Putin received Choe Son Hui on Monday, as Pyongyang's top diplomat was on a "
         "working visit to Russia.",
         "2024-11-05", EventType.VISIT, ("Choe Son Hui",), ("PRK", "RUS")),
    Case("the members of a travelling delegation are its travellers",
         "A North Korean delegation left for Vladivostok on Monday.\n"
         "The delegation includes Vice Premier Ri Ryong Nam.",
         "2019-09-02", EventType.VISIT, ("Ri Ryong Nam",), ("PRK", "RUS")),
    Case("a delegation reported to have visited is its named leader's visit",
         "A North Korean delegation led by General Kim Jin Chol is reported to have visited "
         "Vladivostok on June 4, the outlet Vesti Primorye said.",
         "2019-06-10", EventType.VISIT, ("Kim Jin Chol",), ("PRK", "RUS")),
    Case("a meeting 'prior to' a summit is a second event with its own participants",
         "Officials of the two defence ministries met in Moscow in late April, just prior to a "
         "summit between Vladimir Putin and Kim Jong Un in Vladivostok.",
         "2019-07-02", EventType.MEET, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK")),
    Case("a visit placed before another does not lend its destination",
         "Russian President Vladimir Putin travelled to North Korea on Tuesday before his visit "
         "to Vietnam.",
         "2024-06-20", EventType.VISIT, ("Vladimir Putin",), ("RUS", "PRK")),
    Case("the leaders after a visit are the traveller and the host state",
         "Vladimir Putin began his first visit to North Korea in 24 years on Wednesday.\n"
         "According to state media, the leaders signed a partnership agreement.",
         "2024-06-20", EventType.AGREE, ("Vladimir Putin",), ("RUS", "PRK")),
    Case("a borrowed phrase in quotes still tells the event and its actor",
         "Russian Deputy Defence Minister Alexander Fomin will visit Pyongyang next week.\n"
         "Fomin will \u201chold bilateral talks with the leadership\u201d of the North Korean "
         "defence ministry, the ministry said.",
         "2019-07-02", EventType.MEET, ("Alexander Fomin",), ("RUS", "PRK")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_coreference(case: Case) -> None:
    found = [m for m in _events(case.text, case.published) if m.type == case.type]
    told = [(m.type.value, m.actors) for m in _events(case.text, case.published)]
    assert found, f"no {case.type.value} in {told}"
    assert any(set(m.actors) == set(case.actors) and set(m.countries) == set(case.countries)
               for m in found), [(m.actors, m.countries) for m in found]


def test_two_meetings_of_one_person_with_different_partners_stay_two() -> None:
    text = ("Vyacheslav Volodin held talks with Kim Jong Un in Pyongyang on Thursday.\n"
            "On Thursday, he also met with Choe Ryong Hae.")
    meets = [m for m in _events(text, "2025-08-15") if m.type == EventType.MEET]
    assert {frozenset(m.actors) for m in meets} == {
        frozenset({"Vyacheslav Volodin", "Kim Jong Un"}),
        frozenset({"Vyacheslav Volodin", "Choe Ryong Hae"}),
    }


def test_an_institution_is_not_an_actor() -> None:
    text = ("A North Korean delegation led by the chief of the General Staff Operations Bureau "
            "arrived in Moscow on Monday.")
    for m in _events(text, "2019-06-10"):
        assert not any("Bureau" in a or "Staff" in a for a in m.actors)


def test_a_host_is_not_the_visitor() -> None:
    text = "Chinese President Xi Jinping hosted Kim Jong Un, who is visiting Beijing this week."
    visits = [m for m in _events(text, "2019-01-09") if m.type == EventType.VISIT]
    assert visits and all("Xi Jinping" not in m.actors for m in visits)


# ------------------------------------------------------------------------ annotations


def _persons(text: str, published: str):
    return annotate(load_kb(), parse(text), published).persons


def test_an_unnamed_officials_role_keeps_its_country_but_not_the_ministers_office() -> None:
    text = "Russia's deputy interior minister arrived on Tuesday."
    roles = [p for p in _persons(text, "2024-05-10")
             if p.kind == "role"]
    assert len(roles) == 1
    assert roles[0].country == "RUS"
    assert roles[0].office is None  # a deputy is not the minister
    assert roles[0].name == ""
    assert roles[0].text == "Russia's deputy interior minister"


def test_a_former_holder_is_not_the_holder() -> None:
    roles = [p for p in _persons("The former Russian president arrived on Tuesday.", "2024-05-10")
             if p.kind == "role"]
    assert all(r.office is None for r in roles)


def test_a_named_person_unknown_to_the_knowledge_base_keeps_title_country_and_office() -> None:
    persons = _persons("North Korean Deputy Foreign Minister Pak Myong Ho arrived on Tuesday.",
                       "2024-05-10")
    pak = next(p for p in persons if p.name == "Pak Myong Ho")
    assert pak.country == "PRK"
    assert pak.office == "deputy_foreign_minister"


def test_a_definite_office_anaphor_links_to_the_holder_named_before() -> None:
    persons = _persons("Russian President Vladimir Putin met Kim Jong Un on Monday. "
                       "The Russian president later left.", "2024-06-20")
    role = [p for p in persons if p.text.lower().startswith("russian president") and p.start > 30]
    assert role and role[0].name == "Vladimir Putin"


def test_a_definite_office_anaphor_skips_a_compatriot_of_another_office() -> None:
    persons = _persons("Russian Foreign Minister Sergei Lavrov arrived on Monday. "
                       "The Russian president later met Kim Jong Un.", "2024-06-20")
    role = [p for p in persons if p.text.lower() == "russian president"]
    assert role and role[0].name != "Sergei Lavrov"


@pytest.mark.parametrize("a, b", [
    ("Shoygu", "Shoigu"), ("Sergey Shoygu", "Sergei Shoigu"),
    ("Aleksey Overchuk", "Alexei Overchuk"),
    ("Choe Son-hui", "Choe Son Hui"), ("Kim Jong-un", "Kim Jong Un"), ("Fomin", "Alexander Fomin"),
])
def test_names_compare_across_transliterations(a: str, b: str) -> None:
    assert same_person(a, b)


def test_different_people_do_not_compare_equal() -> None:
    assert not same_person("Kim Jong Un", "Kim Jin Chol")
    assert name_key("Sergey") == name_key("Sergei")


def test_an_ambassador_hoping_for_a_visit_is_not_its_traveller() -> None:
    text = ("Russian Ambassador Alexander Matsegora met Choe Son Hui in Pyongyang on Monday.\n"
            "The Russian ambassador expressed hope that the visit would give new impetus to ties.")
    for m in _events(text, "2024-06-10"):
        if m.type == EventType.VISIT:
            assert "Alexander Matsegora" not in m.actors


def test_a_newspaper_named_after_a_city_is_not_a_place() -> None:
    m = [e for e in _events("Kim Jong Un arrived in China on Monday, the Washington Post reported.",
                            "2019-01-08") if e.type == EventType.VISIT]
    assert m and set(m[0].countries) == {"PRK", "CHN"}
    assert m[0].location != "Washington"


def test_a_generic_role_does_not_refer_to_a_head_of_state() -> None:
    persons = _persons("Kim Jong Un met Sergei Shoigu on Friday. The North Korean official "
                       "said the talks went well.", "2025-03-22")
    role = [p for p in persons if p.text.endswith("official")]
    assert role and role[0].name != "Kim Jong Un"


def test_an_office_with_many_holders_is_not_resolved_by_date() -> None:
    text = ("A North Korean delegation arrived in Moscow on Tuesday, where it was greeted by "
            "Russia's top envoy.")
    for m in _events(text, "2025-05-21"):
        assert not m.actors or "Igor Morgulov" not in m.actors


def test_knowledge_marks_offices_with_many_holders() -> None:
    kb = load_kb()
    assert kb.concurrent("ambassador")
    assert not kb.concurrent("head_of_state")


def test_a_medium_named_after_outlet_is_not_a_person() -> None:
    persons = _persons("The story was carried by the Russian outlet Vesti Primorye on Monday.",
                       "2019-06-10")
    assert not [p for p in persons if "Vesti" in p.text]


def test_their_talks_are_the_pair_told_before_not_the_owner_of_another_visit() -> None:
    text = ("Choe Son Hui held talks with Sergei Lavrov in Moscow on Tuesday.\n"
            "Their talks also covered future contacts, fuelling speculation about Vladimir "
            "Putin's visit to North Korea.")
    for m in _events(text, "2024-01-19"):
        if m.type == EventType.MEET:
            assert "Vladimir Putin" not in m.actors
            assert set(m.actors) == {"Choe Son Hui", "Sergei Lavrov"}


def test_a_quoted_statement_is_still_not_an_event() -> None:
    text = "\u201cWe will hold talks with Kim Jong Un soon,\u201d Sergei Lavrov said on Monday."
    assert not [m for m in _events(text, "2024-06-10") if m.type == EventType.MEET]


def test_the_agency_a_dateline_credits_is_not_a_person() -> None:
    text = ("Tokyo, May 7 (Jiji Press)--Japanese Prime Minister Fumio Kishida met South Korean "
            "President Yoon Suk Yeol on Sunday.")
    persons = _persons(text, "2023-05-07")
    assert not [p for p in persons if "Jiji" in p.text]
    assert {p.name for p in persons if p.kind == "person"} >= {"Fumio Kishida", "Yoon Suk Yeol"}


def test_a_spokespersons_title_stays_with_her_short_name() -> None:
    persons = _persons("White House Press Secretary Karine Jean-Pierre spoke on Monday. "
                       "Ms Jean-Pierre said the talks went well.", "2023-06-19")
    assert [p.office for p in persons if p.kind == "person"] == ["spokesperson", "spokesperson"]


def test_a_social_network_is_not_a_person() -> None:
    persons = _persons("Lula met Xi Jinping on Friday, as shown by images posted on his "
                       "official Twitter profile.", "2023-04-14")
    assert not [p for p in persons if "Twitter" in p.text]
