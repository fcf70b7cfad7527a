"""Extraction on sentences written for these tests: each asserts one behaviour."""

from __future__ import annotations

import pytest

from bilat.events.extract import extract
from bilat.knowledge.kb import load_kb
from bilat.model import Document, EventType, Status


def _events(text: str, published: str | None = "2024-09-13"):
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=text,
                   published=published)
    return extract(doc, load_kb()).mentions


def _one(text: str, type_: EventType, published: str | None = "2024-09-13"):
    found = [m for m in _events(text, published) if m.type == type_]
    assert found, f"no {type_.value} in {[(m.type.value, m.evidence) for m in _events(text, published)]}"
    return found[0]


def test_visit_with_destination_city_and_weekday_resolved_in_the_past() -> None:
    m = _one("Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks.",
             EventType.VISIT)
    assert m.actors == ("Sergei Lavrov",)
    assert m.countries == ("RUS", "PRK")
    assert m.location == "Pyongyang"
    assert m.date == "2024-09-11"
    assert m.status == Status.OCCURRED


def test_future_visit_is_planned_and_undated_when_the_text_gives_no_date() -> None:
    m = _one("Russian Deputy Defence Minister Alexander Fomin will visit North Korea, "
             "the ministry announced on Tuesday.", EventType.VISIT)
    assert m.status == Status.PLANNED
    assert m.date is None  # "on Tuesday" dates the announcement, not the visit
    assert set(m.countries) == {"RUS", "PRK"}


def test_meeting_between_two_named_officials_of_two_states() -> None:
    m = _one("On Friday, Choe Son Hui held talks with her Russian counterpart, Sergei Lavrov, in Moscow.",
             EventType.MEET, published="2024-11-05")
    assert {"Choe Son Hui", "Sergei Lavrov"} <= set(m.actors)
    assert set(m.countries) == {"PRK", "RUS"}
    assert m.location == "Moscow"
    assert m.date == "2024-11-01"


def test_phone_call() -> None:
    m = _one("Russian President Vladimir Putin held a phone conversation with Chinese President "
             "Xi Jinping on Friday.", EventType.CALL, published="2025-08-13")
    assert set(m.countries) == {"RUS", "CHN"}
    assert m.date == "2025-08-08"


def test_signed_agreement_with_absolute_date() -> None:
    m = _one("Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a treaty "
             "on comprehensive strategic partnership in Pyongyang on June 19, 2024.", EventType.AGREE,
             published="2024-12-05")
    assert m.date == "2024-06-19"
    assert set(m.countries) == {"RUS", "PRK"}


def test_troops_sent_is_aid_with_provider_first() -> None:
    m = _one("North Korea has sent thousands of troops to Russia.", EventType.AID)
    assert m.countries == ("PRK", "RUS")
    assert m.actors == ()


@pytest.mark.parametrize("text", [
    "Analysts say Putin could visit Pyongyang next year.",
    "If the two leaders meet in Moscow, it would be their third summit.",
    "\u201cWe will meet our friends in Moscow,\u201d the minister said.",
])
def test_speculation_conditionals_and_quotes_are_not_events(text: str) -> None:
    assert not [m for m in _events(text) if m.type in (EventType.VISIT, EventType.MEET)]


def test_evidence_points_into_the_document_text() -> None:
    text = "Menu\nRussian Defence Minister Andrei Belousov arrived in Pyongyang on Friday.\n"
    doc = Document(id="d", name="d.txt", text=text, clean=text, published="2024-11-29")
    for m in extract(doc, load_kb()).mentions:
        assert text[m.start:m.end] == m.evidence


def test_a_re_mention_dates_and_places_the_event_told_before() -> None:
    text = ("Russian Culture Minister Olga Lyubimova and her North Korean counterpart held talks.\n"
            "The talks took place on June 29 in Pyongyang.\n")
    meets = [m for m in _events(text, published="2025-06-30") if m.type == EventType.MEET]
    assert len(meets) == 1
    assert meets[0].date == "2025-06-29"
    assert meets[0].location == "Pyongyang"


def test_the_state_whose_media_report_aid_is_not_a_party() -> None:
    m = _one("South Korean intelligence reported that North Korea had sent additional troops to Russia.",
             EventType.AID, published="2025-03-21")
    assert set(m.countries) == {"PRK", "RUS"}


def test_an_anniversary_does_not_date_the_event() -> None:
    m = _one("During his visit to Moscow for the 79th anniversary of the victory, Lao President "
             "Thongloun Sisoulith met Russian President Vladimir Putin.", EventType.MEET,
             published="2024-05-13")
    assert m.date != "1945"


def test_the_inviting_host_is_not_the_traveller() -> None:
    m = _one("The leader of the DPRK arrived in Russia at the invitation of President Vladimir Putin.",
             EventType.VISIT, published="2023-09-16")
    assert "Vladimir Putin" not in m.actors
    assert m.countries == ("PRK", "RUS")
