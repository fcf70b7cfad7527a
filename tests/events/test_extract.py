"""Extraction end to end, for what tests/events/cases cannot say: evidence offsets, a
cleaned text that differs from the original, and rules of the annotations stage (names,
capitals, venues, publications) seen through the events they shape.

The rules of bilat.events are tested as cases (tests/events/cases/*.yaml, test_cases.py).
"""

from __future__ import annotations

from bilat.events.extract import extract
from bilat.knowledge.kb import load_kb
from bilat.model import Document, EventMention, EventType


def _events(text: str, published: str | None) -> tuple[EventMention, ...]:
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=text,
                   published=published)
    return extract(doc, load_kb()).mentions


def _with(text: str, type_: EventType, actor: str, published: str) -> EventMention:
    found = [m for m in _events(text, published) if m.type == type_ and actor in m.actors]
    assert found, f"no {type_.value} of {actor} in {_events(text, published)}"
    return found[0]


def test_evidence_points_into_the_document_text() -> None:
    text = "Menu\nRussian Defence Minister Andrei Belousov arrived in Pyongyang on Friday.\n"
    doc = Document(id="d", name="d.txt", text=text, clean=text, published="2024-11-29")
    mentions = extract(doc, load_kb()).mentions
    assert mentions
    for m in mentions:
        assert text[m.start:m.end] == m.evidence


def test_a_caption_whose_credit_was_cleaned_lends_no_date_to_the_story() -> None:
    caption = ("Vladimir Putin, right, and Kim Jong Un shake hands during their meeting in "
               "Vladivostok on April 25, 2019. [AP]")
    body = "Putin briefed Kim Jong Un on his talks with Xi Jinping during a phone call."
    text = caption + "\n\n" + body + "\n"
    clean = text.replace("[AP]", "    ")
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=clean,
                   published="2025-08-13")
    calls = [m for m in extract(doc, load_kb()).mentions if m.type == EventType.CALL]
    assert [m.date for m in calls] == ["2025-08-13"]  # the lead: the day's news


# ------------------------------------------------------------------ annotations seen in events


def test_a_bare_korean_surname_is_the_leader_of_the_day() -> None:
    m = next(m for m in _events("Kim met Putin in Vladivostok on Thursday.", "2019-04-26")
             if m.type == EventType.MEET)
    assert set(m.actors) == {"Kim Jong Un", "Vladimir Putin"}
    assert set(m.countries) == {"PRK", "RUS"}


def test_a_newspaper_named_after_a_city_is_neither_place_nor_state() -> None:
    m = _with("Kim Jong Un arrived in China on Monday for a four-day visit, the Washington Post "
              "reported.", EventType.VISIT, "Kim Jong Un", "2019-01-08")
    assert set(m.countries) == {"PRK", "CHN"}
    assert m.location != "Washington"


def test_the_capital_of_a_state_named_by_its_adjective_is_its_capital_city() -> None:
    m = _with("North Korean Foreign Minister Choe Son Hui stopped over in the Russian capital on "
              "her way to St. Petersburg.", EventType.VISIT, "Choe Son Hui", "2024-09-18")
    assert m.location == "Moscow"


def test_an_airport_is_placed_in_its_city() -> None:
    m = _with("Vladimir Putin landed at Noi Bai International Airport on Thursday for a state "
              "visit.", EventType.VISIT, "Vladimir Putin", "2024-06-20")
    assert m.location == "Hanoi"
