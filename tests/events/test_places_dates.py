"""Where and when: place and date of events, on sentences written for these tests."""

from __future__ import annotations

from bilat.events.extract import extract
from bilat.knowledge.kb import load_kb
from bilat.model import Document, EventMention, EventType


def _events(text: str, published: str | None = "2024-09-13") -> tuple[EventMention, ...]:
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=text,
                   published=published)
    return extract(doc, load_kb()).mentions


def _typed(type_: EventType, text: str, published: str | None = "2024-09-13") -> list[EventMention]:
    return [m for m in _events(text, published) if m.type == type_]


def _with(text: str, type_: EventType, actor: str, published: str | None = "2024-09-13") -> EventMention:
    found = [m for m in _events(text, published) if m.type == type_ and actor in m.actors]
    assert found, f"no {type_.value} of {actor} in {_events(text, published)}"
    return found[0]


# ------------------------------------------------------------------------ places


def test_an_event_named_in_a_time_phrase_keeps_its_own_city() -> None:
    text = ("Defence officials of the two countries held talks in Moscow in March, shortly before "
            "the summit between Vladimir Putin and Kim Jong Un in Vladivostok.")
    summits = [m for m in _events(text, "2019-07-02")
               if m.type == EventType.MEET and "Vladimir Putin" in m.actors]
    assert [m.location for m in summits] == ["Vladivostok"]


def test_cities_standing_for_their_states_do_not_locate() -> None:
    m = _with("Kim Jong Un received Sergei Shoigu on Friday, and both pledged to strengthen the "
              "ties between Moscow and Pyongyang.", EventType.MEET, "Sergei Shoigu")
    assert m.location is None


def test_the_city_a_delegation_departs_is_not_where_it_goes() -> None:
    mentions = _events("North Korean minister Ri Chang Dae departed Pyongyang on Monday to attend "
                       "a meeting with Russian security officials.", "2025-05-27")
    assert any("Ri Chang Dae" in m.actors for m in mentions)
    assert all(m.location != "Pyongyang" for m in mentions)


def test_a_city_in_a_negated_clause_locates_nothing() -> None:
    mentions = _events("Kim Jong Un has travelled to Russia twice, but he met Vladimir Putin in the "
                       "Far East and has never visited Moscow.", "2025-05-27")
    assert mentions
    assert all(m.location != "Moscow" for m in mentions)


def test_a_city_passed_through_is_not_the_destination() -> None:
    m = _with("Kim Jong Un arrived in China on Monday. His train passed through Dandong before it "
              "pulled into Beijing.", EventType.VISIT, "Kim Jong Un", "2019-01-08")
    assert m.location == "Beijing"


def test_a_city_owning_a_venue_locates_the_event() -> None:
    m = _with("Vladimir Putin landed at Hanoi's Noi Bai Airport on Thursday.",
              EventType.VISIT, "Vladimir Putin", "2024-06-20")
    assert m.location == "Hanoi"


def test_a_newspaper_named_after_a_city_is_neither_place_nor_state() -> None:
    m = _with("Kim Jong Un arrived in China on Monday for a four-day visit, the Washington Post "
              "reported.", EventType.VISIT, "Kim Jong Un", "2019-01-08")
    assert set(m.countries) == {"PRK", "CHN"}
    assert m.location != "Washington"


def test_a_meeting_planned_inside_a_visit_is_where_the_visit_went() -> None:
    m = _with("Sergei Shoigu flew in from Moscow and has arrived in North Korea, where he plans "
              "to meet Kim Jong Un. "
              "In Pyongyang, he first laid flowers at a monument.",
              EventType.MEET, "Kim Jong Un", "2025-03-21")
    assert m.location == "Pyongyang"


def test_a_place_of_another_trip_does_not_place_the_visit_told_before() -> None:
    text = ("Russian diplomat Georgy Zinoviev arrived in Pyongyang on Monday. "
            "The visit follows a trip to Moscow by Im Chon Il last week.")
    m = _with(text, EventType.VISIT, "Georgy Zinoviev", "2019-07-02")
    assert m.location == "Pyongyang"


# ------------------------------------------------------------------------ dates


def test_a_date_that_belongs_to_another_event_does_not_date_the_next_sentence() -> None:
    text = ("Military talks have not been held in North Korea since December 2017, when "
            "Viktor Kalganov led a delegation to Pyongyang. Vladimir Putin told reporters after his "
            "talks with Kim Jong Un that Kim wants guarantees.")
    m = _with(text, EventType.MEET, "Vladimir Putin", "2019-07-02")
    assert m.date != "2017-12"


def test_a_weekday_in_a_reported_plan_does_not_anchor_the_previous_day() -> None:
    text = ("State media reported on Tuesday that a North Korean delegation had left for Moscow. "
            "The Security Council said last week that Sergei Shoigu will hold talks with the "
            "visitors on Wednesday. "
            "Russian Interior Minister Vladimir Kolokoltsev arrived in Pyongyang the previous day.")
    m = _with(text, EventType.VISIT, "Vladimir Kolokoltsev", "2025-05-27")
    assert m.date == "2025-05-26"


def test_an_event_told_as_following_another_takes_its_month() -> None:
    text = ("Im Chon Il held talks with Igor Morgulov in Moscow on March 14. "
            "A plan of exchanges between the two ministries was signed following the talks.")
    agreements = _typed(EventType.AGREE, text, "2019-03-17")
    assert [m.date for m in agreements] == ["2019-03"]


def test_a_photo_caption_dates_and_places_the_meeting_it_shows() -> None:
    text = ("Vladimir Putin called Kim Jong Un on Tuesday.\n\n"
            "Vladimir Putin, left, and Kim Jong Un shake hands during their meeting in "
            "Vladivostok, Russia, on April 25, 2019. (AP Photo)")
    meetings = _typed(EventType.MEET, text, "2025-08-13")
    assert [(set(m.actors), m.location, m.date) for m in meetings] == [
        ({"Vladimir Putin", "Kim Jong Un"}, "Vladivostok", "2019-04-25")]


def test_a_previous_visit_lends_no_date_to_the_current_one() -> None:
    text = ("Kim Jong Un toured an aircraft plant in Komsomolsk-on-Amur on Friday. "
            "He inspected fighter jets there. He also met the regional governor. "
            "Kim Jong Un arrived in Russia at the invitation of Vladimir Putin. "
            "Kim Jong Un's previous visit to Russia took place in April 2019. "
            "Then he and Vladimir Putin held talks in Vladivostok.")
    mentions = _events(text, "2023-09-16")
    current = [m for m in mentions if m.type == EventType.VISIT and "previous" not in m.evidence]
    assert current and all(m.date != "2019-04" for m in current)
    previous = [m for m in mentions if m.type == EventType.VISIT and "previous" in m.evidence]
    assert [(m.location, m.date) for m in previous] == [("Vladivostok", "2019-04")]
    talks = [m for m in mentions if m.type == EventType.MEET and "Vladimir Putin" in m.actors]
    assert [m.date for m in talks] == ["2019-04"]  # the flashback goes on after "Then"


def test_the_meeting_told_again_keeps_its_date_and_city() -> None:
    text = ("Choe Son Hui met Vladimir Putin in Moscow on Tuesday. "
            "State media praised the talks. "
            "After the meeting with Putin, the Kremlin called relations excellent.")
    meetings = _typed(EventType.MEET, text, "2024-01-19")
    assert meetings
    assert all(m.location == "Moscow" and m.date == "2024-01-16" for m in meetings)


def test_the_capital_of_a_state_named_by_its_adjective_is_its_capital_city() -> None:
    m = _with("North Korean Foreign Minister Choe Son Hui stopped over in the Russian capital on "
              "her way to St. Petersburg.", EventType.VISIT, "Choe Son Hui", "2024-09-18")
    assert m.location == "Moscow"


def test_an_airport_is_placed_in_its_city() -> None:
    m = _with("Vladimir Putin landed at Noi Bai International Airport on Thursday for a state visit.",
              EventType.VISIT, "Vladimir Putin", "2024-06-20")
    assert m.location == "Hanoi"


def test_a_city_in_a_condition_locates_nothing() -> None:
    mentions = _events("Kim Jong Un has visited Russia twice. If the two leaders meet in Moscow next "
                       "month, it would be their first summit there.", "2025-05-27")
    visits = [m for m in mentions if m.type == EventType.VISIT]
    assert visits and all(m.location != "Moscow" for m in visits)


def test_an_event_placed_in_a_state_takes_no_city_of_another_state() -> None:
    text = ("Donald Trump met Kim Jong Un in Vietnam in February. "
            "He later invited Kim to visit him in Washington.")
    meetings = _typed(EventType.MEET, text, "2019-07-02")
    assert meetings and all(m.location != "Washington" for m in meetings)


def test_during_his_visit_is_the_visit_under_way() -> None:
    text = ("Vladimir Putin arrived in Hanoi on Thursday for a state visit. "
            "Crowds lined the streets. "
            "During his visit, Putin will hold talks with To Lam.")
    talks = [m for m in _events(text, "2024-06-20")
             if m.type == EventType.MEET and "To Lam" in m.actors]
    assert [(m.location, m.date) for m in talks] == [("Hanoi", "2024-06-20")]


def test_a_visit_under_discussion_is_planned_and_undated() -> None:
    m = _with("A Kremlin spokesman said on Friday that discussions about Vladimir Putin's visit to "
              "North Korea are continuing.", EventType.VISIT, "Vladimir Putin", "2024-01-19")
    assert m.status.value == "planned"
    assert m.date is None


def test_the_date_of_an_earlier_trip_does_not_date_the_invitation() -> None:
    visits = _events("At their previous summit, Vladimir Putin accepted an invitation from Kim Jong Un "
                     "to visit Pyongyang, a trip he last made in July 2000.", "2024-01-19")
    planned = [m for m in visits if m.type == EventType.VISIT and m.status.value == "planned"]
    assert planned and all(m.date is None for m in planned)


def test_a_visit_to_another_state_keeps_its_own_place() -> None:
    text = ("Vladimir Putin arrived in Hanoi on Thursday. "
            "He landed there after concluding his visit to North Korea.")
    to_korea = [m for m in _events(text, "2024-06-20")
                if m.type == EventType.VISIT and "PRK" in m.countries]
    assert to_korea and all(m.location != "Hanoi" for m in to_korea)


def test_representatives_of_the_two_countries_are_the_articles_pair() -> None:
    text = ("Russia and North Korea are expanding military ties. "
            "Representatives of the two countries met in Moscow in late April.")
    meetings = _typed(EventType.MEET, text, "2019-07-02")
    assert [(set(m.countries), m.location, m.date) for m in meetings] == [
        ({"RUS", "PRK"}, "Moscow", "2019-04")]


# ------------------------------------------------------------------------ places lent across the story


def test_a_city_of_an_earlier_meeting_does_not_place_a_planned_one() -> None:
    text = ("Sergei Lavrov will hold talks with Choe Son Hui next week, the ministry said. "
            "Officials of the two states previously met in Vladivostok in March.")
    m = _with(text, EventType.MEET, "Sergei Lavrov", "2024-06-03")
    assert m.status.value == "planned"
    assert m.location is None


def test_a_city_of_an_event_of_another_month_does_not_place_a_retold_summit() -> None:
    text = ("Oleg Kozhemyako arrived in Pyongyang on Monday and met Pak Thae Song. "
            "The trip follows the summit between Kim Jong Un and Vladimir Putin in September.")
    m = _with(text, EventType.MEET, "Vladimir Putin", "2023-12-12")
    assert m.location is None


def test_a_city_of_another_persons_visit_does_not_place_an_undated_trip() -> None:
    text = ("Ri Chang Dae is expected to hold talks with Sergei Shoigu in Moscow on Wednesday. "
            "The Kremlin said it will also coordinate a visit to Russia by Kim Jong Un.")
    m = _with(text, EventType.VISIT, "Kim Jong Un", "2025-05-27")
    assert m.location is None


def test_a_meeting_told_beside_an_accepted_invitation_is_not_placed_by_it() -> None:
    text = ("Sergei Lavrov told reporters he had accepted an invitation to visit Pyongyang, and "
            "that he and Ri Yong Ho had discussed the nuclear issue.")
    meetings = _typed(EventType.MEET, text, "2018-04-10")
    assert meetings and all(m.location != "Pyongyang" for m in meetings)


def test_a_meeting_placed_in_a_region_takes_no_city_of_another_state() -> None:
    text = ("Kim Jong Un met Vladimir Putin in the Russian Far East last year. "
            "A year later Putin paid a visit to Pyongyang.")
    meetings = _typed(EventType.MEET, text, "2025-05-27")
    assert meetings and all(m.location != "Pyongyang" for m in meetings)


def test_a_meeting_after_a_flashback_takes_no_place_of_the_current_visit() -> None:
    text = ("Kim Jong Un visited an aircraft plant in Komsomolsk-on-Amur on Friday. "
            "His previous visit to Russia took place in April 2019. "
            "Back then, Kim Jong Un and Vladimir Putin held their first meeting.")
    meetings = [m for m in _events(text, "2023-09-16")
                if m.type == EventType.MEET and "Vladimir Putin" in m.actors]
    assert meetings and all(m.location != "Komsomolsk-on-Amur" for m in meetings)


def test_a_city_as_the_object_of_a_verb_not_of_travel_is_its_state() -> None:
    text = ("Vladimir Putin held talks with Kim Jong Un on Tuesday. "
            "Russia has offered Pyongyang security guarantees, and Washington urged Pyongyang to "
            "return to talks.")
    m = _with(text, EventType.MEET, "Vladimir Putin", "2024-06-20")
    assert m.location is None


def test_a_city_of_a_speculated_visit_places_no_meeting() -> None:
    text = ("Choe Son Hui held talks with Sergei Lavrov in the Russian capital on Tuesday. "
            "Choe Son Hui and Sergei Lavrov also discussed bilateral ties on Wednesday, fuelling "
            "speculation about a possible visit by Vladimir Putin to Pyongyang.")
    meetings = _typed(EventType.MEET, text, "2024-01-19")
    assert meetings and all(m.location != "Pyongyang" for m in meetings)


# ------------------------------------------------------------------------ bounds are not dates


def test_the_year_after_since_bounds_the_visit_and_does_not_date_it() -> None:
    m = _with("Last month, Chinese President Xi Jinping paid a state visit to Vietnam for the "
              "first time since 2017.", EventType.VISIT, "Xi Jinping", "2024-09-13")
    assert m.date == "2024-08"


def test_the_event_of_a_when_clause_after_since_keeps_that_date() -> None:
    text = ("It was the first summit of the two states since April 2019, when Kim Jong Un "
            "held talks with Vladimir Putin in Vladivostok.")
    m = _with(text, EventType.MEET, "Vladimir Putin", "2023-09-13")
    assert m.date == "2019-04"


def test_an_event_measured_since_another_takes_no_date_from_the_sentence_before() -> None:
    text = ("In May 2023, the court issued a warrant for the arrest of Vladimir Putin. "
            "The trip to Mongolia is Putin's first visit to a member state since the warrant "
            "was issued.")
    m = _with(text, EventType.VISIT, "Vladimir Putin", "2024-09-02")
    assert m.date is None


# ------------------------------------------------------------------------ whose date it is


_UNDATED_OPENING = ("Officials in Seoul are watching ties between Russia and North Korea closely. "
                    "Analysts see a deepening partnership between the two states. ")


def test_the_date_of_a_report_does_not_date_the_event_it_reports() -> None:
    text = _UNDATED_OPENING + ("Russia's foreign ministry confirmed on Tuesday that Sergei Lavrov "
                               "had visited Pyongyang.")
    m = _with(text, EventType.VISIT, "Sergei Lavrov", "2024-10-03")
    assert m.date is None


def test_the_news_of_the_lead_is_dated_by_the_day_of_its_report() -> None:
    m = _with("Sergei Lavrov met Choe Son Hui in Moscow, the ministry announced Tuesday.",
              EventType.MEET, "Sergei Lavrov", "2024-09-19")
    assert m.date == "2024-09-17"


def test_a_date_in_a_clause_describing_something_else_does_not_date_the_event() -> None:
    text = _UNDATED_OPENING + ("Choe Son Hui stopped over in Moscow on her way to a forum which "
                               "opens in Saint Petersburg on September 18.")
    m = _with(text, EventType.VISIT, "Choe Son Hui", "2024-09-20")
    assert m.date is None


def test_the_date_of_an_earlier_summit_named_in_the_clause_is_that_summits() -> None:
    text = ("Choe Son Hui and Sergei Lavrov discussed the outcome of the Putin-Kim summit in "
            "September. The two ministers held talks in Moscow on Tuesday.")
    m = _with(text, EventType.MEET, "Sergei Lavrov", "2024-01-19")
    assert m.date == "2024-01-16"


def test_an_adverbial_clause_with_its_own_event_keeps_its_date() -> None:
    text = ("Vladimir Putin held a phone call with Kim Jong Un, the Kremlin said, as Putin and "
            "Donald Trump are set to hold talks in Alaska on Friday.")
    m = _with(text, EventType.CALL, "Kim Jong Un", "2025-08-13")
    assert m.date == "2025-08-13"


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


def test_the_leader_of_a_when_clause_after_since_made_that_earlier_visit() -> None:
    text = ("Vladimir Putin will pay a state visit to Vietnam on June 19. "
            "It will be Putin's first trip to Vietnam since November 2013, when he "
            "became the first Russian leader to visit Hanoi twice.")
    earlier = [m for m in _events(text, "2024-06-17")
               if m.type == EventType.VISIT and m.status.value == "occurred"]
    assert [(m.actors, m.date) for m in earlier] == [(("Vladimir Putin",), "2013-11")]


# ------------------------------------------------------------------------ aid as a state of affairs


def test_aid_told_in_the_perfect_takes_no_date_from_the_sentence_before() -> None:
    text = _UNDATED_OPENING + ("Kim Jong Un received Sergei Shoigu in Pyongyang on Friday. "
                               "Officials say thousands of North Korean troops have been sent "
                               "to Russia.")
    aid = _typed(EventType.AID, text, "2025-03-24")
    assert aid and all(m.date is None for m in aid)


def test_aid_presupposed_in_thanks_takes_no_date_from_the_sentence_before() -> None:
    text = _UNDATED_OPENING + ("Sergei Lavrov met Kim Jong Un in Wonsan on Saturday. "
                               "Lavrov thanked North Korea for sending troops to Russia.")
    aid = _typed(EventType.AID, text, "2025-07-14")
    assert aid and all(m.date is None for m in aid)


def test_aid_that_is_the_leads_news_is_dated_by_its_report() -> None:
    m = _one_aid("North Korea has received 25,000 tonnes of wheat from Russia, the Russian "
                 "embassy said on Thursday.", "2020-05-15")
    assert m.date == "2020-05-14"


def _one_aid(text: str, published: str) -> EventMention:
    found = _typed(EventType.AID, text, published)
    assert found
    return found[0]
