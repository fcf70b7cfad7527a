"""Document-level event coreference on hand-built mentions: which statements tell one event,
and what the event's mention keeps of them (bilat/events/coreference.py).

The extraction cases that reach these rules from text are in cases/coreference.yaml.
"""

from __future__ import annotations

from dataclasses import replace

from bilat.events.coreference import corefer, one_statement_each
from bilat.events.mentions import Telling
from bilat.model import EventMention, EventType, Status

TOLD = Telling()


def _mention(start: int, *actors: str, type_: EventType = EventType.MEET,
             countries: tuple[str, ...] = ("RUS", "PRK"), location: str | None = None,
             date: str | None = None, status: Status = Status.OCCURRED,
             what: str | None = None) -> EventMention:
    """A statement at ``start`` (one sentence of ten characters per statement)."""
    return EventMention(
        id=EventMention.make_id("d", type_.value, start, start + 10, actors), doc_id="d",
        doc_name="d.txt", type=type_, actors=actors, countries=countries, location=location,
        date=date, status=status, evidence="x" * 10, start=start, end=start + 10,
        sentence_index=start // 10, what=what, spans=((start, start + 10),))


def _retold(m: EventMention, start: int, **changes: object) -> EventMention:
    """``m`` told again by the sentence at ``start``, with ``changes``."""
    return _mention(start, *m.actors, **{"type_": m.type, "countries": m.countries,
                                         "location": m.location, "date": m.date,
                                         "status": m.status, "what": m.what, **changes})


def _one_each(*mentions: EventMention, tellings: list[Telling] | None = None
              ) -> list[EventMention]:
    return corefer(list(mentions), tellings or [TOLD] * len(mentions))


# ------------------------------------------------------------ coreference.same-event


def test_a_retelling_completes_the_first_statement_and_keeps_both_spans() -> None:
    first = _mention(0, "Vladimir Putin", "Kim Jong Un", date="2024-06")
    again = _mention(20, "Kim Jong Un", location="Pyongyang", date="2024-06-19")
    (event,) = _one_each(first, again)
    assert event.id == first.id and event.evidence == first.evidence
    assert (event.date, event.location) == ("2024-06-19", "Pyongyang")
    assert event.actors == ("Vladimir Putin", "Kim Jong Un")
    assert event.spans == ((0, 10), (20, 30))


def test_a_retelling_adds_the_people_it_names() -> None:
    (event,) = _one_each(_mention(0, "Vladimir Putin"), _mention(20, "Putin", "Kim Jong Un"))
    assert event.actors == ("Vladimir Putin", "Kim Jong Un")


def test_a_visit_keeps_the_travellers_its_first_statement_names() -> None:
    visit = _mention(0, "Sergei Lavrov", type_=EventType.VISIT)
    again = _mention(20, "Sergei Lavrov", "Choe Son Hui", type_=EventType.VISIT)
    unnamed = _mention(0, type_=EventType.VISIT)
    assert _one_each(visit, again)[0].actors == ("Sergei Lavrov",)
    assert _one_each(unnamed, _retold(visit, 20))[0].actors == ("Sergei Lavrov",)


def test_another_partner_of_the_same_person_is_another_meeting() -> None:
    events = _one_each(_mention(0, "Vyacheslav Volodin", "Kim Jong Un"),
                       _mention(20, "Vyacheslav Volodin", "Choe Son Hui"))
    assert [e.actors[1] for e in events] == ["Kim Jong Un", "Choe Son Hui"]


def test_statements_with_no_person_in_common_are_two_events() -> None:
    assert len(_one_each(_mention(0, "Sergei Lavrov"), _mention(20, "Choe Son Hui"))) == 2


def test_what_sets_two_events_apart() -> None:
    base = _mention(0, "Kim Jong Un", date="2019-04", location="Vladivostok")
    assert len(_one_each(base, _retold(base, 20))) == 1
    others = [_retold(base, 20, status=Status.PLANNED), _retold(base, 20, date="2023-09"),
              _retold(base, 20, location="Moscow"), _retold(base, 20, countries=("PRK", "CHN")),
              _retold(base, 20, type_=EventType.CALL)]
    for other in others:
        assert len(_one_each(base, other)) == 2, other


def test_states_in_the_other_order_are_the_same_states() -> None:
    assert len(_one_each(_mention(0, "Kim Jong Un"),
                         _mention(20, "Kim Jong Un", countries=("PRK", "RUS")))) == 1


def test_a_statement_joins_the_first_event_it_can_tell() -> None:
    first = _mention(0, "Kim Jong Un", date="2019-04")
    second = _mention(20, "Kim Jong Un", date="2023-09")
    undated = _mention(40, "Kim Jong Un")
    events = _one_each(first, second, undated)
    assert [e.spans for e in events] == [((0, 10), (40, 50)), ((20, 30),)]


def test_the_event_keeps_the_most_specific_label() -> None:
    (event,) = _one_each(_mention(0, type_=EventType.AGREE, what="agreement"),
                         _mention(20, type_=EventType.AGREE, what="treaty"))
    assert event.what == "treaty"


# ------------------------------------------------------ coreference.unnamed-statement


def test_a_statement_naming_nobody_tells_the_event_of_the_same_states() -> None:
    unnamed = _mention(0, countries=("PRK", "RUS"), location="Pyongyang")
    named = _mention(20, "Mikhail Degtyarev", "Kim Il Guk", date="2024-11-24")
    (event,) = _one_each(unnamed, named)
    assert event.actors == ("Mikhail Degtyarev", "Kim Il Guk")
    assert event.countries == ("RUS", "PRK")  # in the order of the statement naming them
    assert (event.location, event.date) == ("Pyongyang", "2024-11-24")


def test_a_statement_naming_nobody_keeps_to_its_own_states() -> None:
    events = _one_each(_mention(20, "Kim Jong Un"), _mention(0, countries=("PRK", "CHN")))
    assert len(events) == 2


# ----------------------------------------- coreference.retrospective, two-kinds-of-aid


def test_a_statement_set_in_the_story_past_is_another_event() -> None:
    told = [Telling(), Telling(retrospective=True)]
    events = _one_each(_mention(0, "Vladimir Putin"), _mention(20, "Vladimir Putin"),
                       tellings=told)
    assert len(events) == 2


def test_two_kinds_of_aid_are_two_aids() -> None:
    told = [Telling(kind="troops"), Telling(kind="arms")]
    events = _one_each(_mention(0, type_=EventType.AID), _mention(20, type_=EventType.AID),
                       tellings=told)
    assert len(events) == 2


# ------------------------------------------------------------- coreference.one-statement


def test_two_readings_of_one_clause_are_one_statement_the_first_standing() -> None:
    visit = _mention(0, "Kim Jong Un", type_=EventType.VISIT, date="2018-03")
    again = replace(visit, date="2011")  # same sentence and people: the same id
    (event,) = one_statement_each([visit, again], [Telling(clause=3, trigger=2),
                                                   Telling(clause=3, trigger=9)])
    assert event.mention == visit


def test_one_trigger_told_at_dates_apart_tells_an_occasion_at_each() -> None:
    visit = _mention(0, "Kim Jong Un", type_=EventType.VISIT, date="2019")
    again = replace(visit, date="2023")  # "visited Russia in 2019 and 2023"
    statements = one_statement_each([visit, again], [Telling(clause=3, trigger=3),
                                                     Telling(clause=3, trigger=3)])
    assert [s.mention.date for s in statements] == ["2019", "2023"]


def test_a_clause_of_its_own_with_other_dates_tells_another_event() -> None:
    trip = _mention(0, "Vladimir Putin", type_=EventType.VISIT, date="2024-06-19",
                    status=Status.PLANNED)
    earlier = replace(trip, date="2013-11", status=Status.OCCURRED)
    statements = one_statement_each([trip, earlier], [Telling(clause=4), Telling(clause=19)])
    assert [s.mention.date for s in statements] == ["2024-06-19", "2013-11"]
    assert statements[0].mention.id != statements[1].mention.id


def test_two_aids_of_one_sentence_have_ids_of_their_own() -> None:
    arms = _mention(0, type_=EventType.AID, countries=("PRK", "RUS"))
    support = replace(arms, countries=("RUS", "PRK"))
    statements = one_statement_each([arms, support], [Telling(kind="arms", clause=1),
                                                      Telling(kind="technical support",
                                                              clause=1)])
    assert len({s.mention.id for s in statements}) == 2
    assert len(corefer([arms, support], [s.telling for s in statements])) == 2
