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


# ------------------------------------------------------------------ dates and places from the narrative


def test_an_undated_event_takes_the_date_of_the_sentence_before() -> None:
    text = ("The defence ministries last held talks in Moscow in late April.\n\n"
            "During a meeting in Moscow between Russian Defence Minister Sergei Shoigu and his "
            "North Korean counterpart No Kwang Chol, Shoigu praised the talks.\n")
    m = _one(text, EventType.MEET, published="2019-07-02")
    assert m.date == "2019-04"


def test_a_photo_caption_does_not_date_the_story() -> None:
    text = ("Putin and Kim shake hands at the airport in Pyongyang on June 19, 2024. (AP Photo)\n\n"
            "Russian President Vladimir Putin held a phone call with North Korean leader "
            "Kim Jong Un to discuss the war.\n")
    m = _one(text, EventType.CALL, published="2025-08-13")
    assert m.date == "2025-08-13"  # the lead's news happened on the day of the report


def test_the_call_told_again_gives_its_day() -> None:
    text = ("Russian President Vladimir Putin held a phone call with North Korean leader Kim Jong Un.\n\n"
            "During the call on Tuesday, Putin thanked Kim for his support.\n")
    calls = [m for m in _events(text, published="2025-08-13") if m.type == EventType.CALL]
    assert len(calls) == 1
    assert calls[0].date == "2025-08-12"


def test_a_scheduled_plan_takes_the_date_of_its_schedule() -> None:
    m = _one("Later on Monday, Russian Foreign Minister Sergei Lavrov is set to meet North Korean "
             "Foreign Minister Choe Son Hui.", EventType.MEET, published="2024-11-04")
    assert m.status == Status.PLANNED
    assert m.date == "2024-11-04"


def test_what_a_plan_follows_has_happened() -> None:
    text = ("Moscow and Pyongyang are seeking closer ties following the summit between "
            "Kim Jong Un and Vladimir Putin in September.")
    m = _one(text, EventType.MEET, published="2023-12-12")
    assert m.status == Status.OCCURRED
    assert m.date == "2023-09"


def test_a_meeting_inside_a_visit_has_the_visitor_and_the_visit_date() -> None:
    m = _one("South Korean President Moon Jae-in is scheduled to travel to Vladivostok on Wednesday "
             "for a visit that will include a summit with Russian President Vladimir Putin.",
             EventType.MEET, published="2017-09-04")
    assert {"Moon Jae-in", "Vladimir Putin"} <= set(m.actors)
    assert m.date is not None and m.date.startswith("2017-09")


def test_an_event_in_a_country_takes_the_only_city_the_article_names_there() -> None:
    text = ("Russian Security Council Secretary Sergei Shoigu arrived in North Korea on Friday.\n\n"
            "Officials greeted him at the airport in Pyongyang.\n")
    m = _one(text, EventType.VISIT, published="2025-03-21")
    assert m.location == "Pyongyang"


def test_who_stands_for_the_person_before_it() -> None:
    m = _one("Chinese President Xi Jinping welcomed Russian President Vladimir Putin, who arrived "
             "in Beijing on Thursday.", EventType.VISIT, published="2024-05-16")
    assert m.actors == ("Vladimir Putin",)
    assert m.location == "Beijing"


def test_a_delegation_is_its_leader() -> None:
    text = ("A North Korean delegation left for Vladivostok on Monday.\n"
            "The delegation is led by Vice Premier Ri Ryong Nam.\n")
    m = _one(text, EventType.VISIT, published="2019-09-02")
    assert m.actors == ("Ri Ryong Nam",)


def test_the_two_leaders_are_the_pair_told_before() -> None:
    text = ("Kim Jong Un and Vladimir Putin held talks in Beijing on Wednesday.\n\n"
            "Kim arrived in China on Tuesday.\n\n"
            "The two leaders last met in Pyongyang in June last year, and they spoke by telephone "
            "in August.\n")
    events = _events(text, published="2025-09-03")
    call = next(m for m in events if m.type == EventType.CALL)
    assert set(call.actors) == {"Kim Jong Un", "Vladimir Putin"}
    assert call.date == "2025-08"
    assert any(m.type == EventType.MEET and m.date == "2024-06" and m.location == "Pyongyang"
               for m in events)


def test_concluding_talks_is_not_an_agreement() -> None:
    events = _events("Concluding the talks, Kim Jong Un passed his greetings to Vladimir Putin.",
                     published="2024-09-13")
    assert not [m for m in events if m.type == EventType.AGREE]


def test_a_bare_korean_surname_is_the_leader_of_the_day() -> None:
    m = _one("Kim met Putin in Vladivostok on Thursday.", EventType.MEET, published="2019-04-26")
    assert set(m.actors) == {"Kim Jong Un", "Vladimir Putin"}
    assert set(m.countries) == {"PRK", "RUS"}


def test_their_summits_are_of_the_pair_its_sentence_names_last() -> None:
    text = ("Kim Jong Un and Sergei Shoigu discussed the war on Friday. "
            "Shoigu passed on a letter from Vladimir Putin, who sent his greetings to Kim and "
            "promised to honour the deals reached at their recent summits.")
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=text,
                   published="2025-03-21")
    summits = [m for m in extract(doc, load_kb()).mentions
               if m.type == EventType.MEET and "summits" in m.evidence]
    assert summits
    assert all(set(m.actors) == {"Vladimir Putin", "Kim Jong Un"} for m in summits)
