"""The review queue (issue 18) on a hand-built store: a planted near-duplicate pair, an
event whose sources disagree and a one-source event with an inferred place are listed,
each with its reason; a corrected event leaves the queue."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.model import Document, DocumentAnalysis, Event, EventMention, EventType, Status
from bilat.store import SqlStore, open_store
from bilat.views.review import CONFLICT, IMPLAUSIBLE, INFERRED, PAIR, implausible, review_queue

PK = ("RUS", "PRK")
TEXTS = {
    "a.txt": "Putin met Kim in Vladivostok on April 25, 2019.",
    "b.txt": "The two leaders held talks in April 2019.",
    "c.txt": "Shoigu visited Pyongyang in July 2023.",
    "d.txt": "Lavrov and Choe talked.",
}


def _mention(doc: Document, type_: str, actors: tuple[str, ...], date: str | None) -> EventMention:
    return EventMention(
        id=EventMention.make_id(doc.id, type_, 0, len(doc.text), actors), doc_id=doc.id,
        doc_name=doc.name, type=EventType(type_), actors=actors, countries=PK, location=None,
        date=date, status=Status.OCCURRED, evidence=doc.text, start=0, end=len(doc.text),
        published=None,
    )  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> SqlStore:
    docs = {n: Document(id=Document.make_id(n, t), name=n, text=t, clean=t)
            for n, t in TEXTS.items()}
    ms = {
        "a": _mention(docs["a.txt"], "MEET", ("Vladimir Putin", "Kim Jong Un"), "2019-04-25"),
        "b": _mention(docs["b.txt"], "MEET", ("Kim Jong Un",), "2019-04"),
        "c": _mention(docs["c.txt"], "VISIT", ("Sergei Shoigu",), "2023-07"),
        "d": _mention(docs["d.txt"], "MEET", ("Sergei Lavrov", "Choe Son Hui"), "2024-01-16"),
    }
    built = open_store(tmp_path / "r.db")
    assert isinstance(built, SqlStore)
    built.add_analyses([DocumentAnalysis(d, (), tuple(m for m in ms.values() if m.doc_id == d.id))
                        for d in docs.values()])
    built.replace_events([
        Event("evt_a", EventType.MEET, ms["a"].actors, PK, "Vladivostok", "2019-04-25",
              Status.OCCURRED, (ms["a"].id,)),
        Event("evt_b", EventType.MEET, ms["b"].actors, PK, None, "2019-04", Status.OCCURRED,
              (ms["b"].id,)),
        Event("evt_c", EventType.VISIT, ms["c"].actors, PK, "Pyongyang", "2023-07",
              Status.OCCURRED, (ms["c"].id,),
              conflicts=("sources disagree on the date: 2023-07 (1 source), 2023-08 (1 source)",)),
        Event("evt_d", EventType.MEET, ms["d"].actors, PK, "Moscow", "2024-01-16",
              Status.OCCURRED, (ms["d"].id,)),
    ], {})  # fmt: skip
    return built


def test_the_queue_lists_a_near_pair_a_conflict_and_an_inferred_place(store: SqlStore) -> None:
    queue = [(i.kind, tuple(d.row.event.id for d in i.events)) for i in review_queue(store)]
    assert queue == [(PAIR, ("evt_b", "evt_a")), (CONFLICT, ("evt_c",)),
                     (INFERRED, ("evt_d",))]


def test_an_inferred_field_is_named_in_the_reason(store: SqlStore) -> None:
    (item,) = [i for i in review_queue(store) if i.kind == INFERRED]
    assert item.why.endswith("(location, date)")  # "Moscow" and no figure in the evidence


def test_a_corrected_event_leaves_the_queue(store: SqlStore) -> None:
    from bilat.pipeline.curate import Request, make, record

    record(store, [make(store, Request("set", "evt_c", field="date", value="2023-07"))])
    assert all(i.kind != CONFLICT for i in review_queue(store))


def _event(actors: tuple[str, ...], countries: tuple[str, ...], date: str) -> Event:
    return Event("evt_x", EventType.MEET, actors, countries, None, date, Status.OCCURRED, ())


def test_implausible_a_known_person_of_a_state_the_event_does_not_name() -> None:
    from bilat.knowledge.kb import load_kb

    kb = load_kb()
    assert implausible(_event(("Sergei Lavrov",), ("CHN", "PRK"), "2024-01-16"), kb) == [
        "Sergei Lavrov is of RUS, which the event does not name"]
    assert implausible(_event(("Sergei Lavrov",), PK, "2024-01-16"), kb) == []
    assert implausible(_event(("Ana Nobody",), ("CHN", "PRK"), "2024-01-16"), kb) == []


def test_implausible_an_organisations_official_acts_for_no_state() -> None:
    from bilat.knowledge.kb import load_kb

    # Guterres was Portugal's prime minister once; as UN Secretary-General he names no state
    event = _event(("António Guterres",), ("RUS", "UKR"), "2023-05")
    assert implausible(event, load_kb()) == []


def test_the_queue_lists_what_the_knowledge_base_finds_implausible(tmp_path: Path) -> None:
    doc = Document(id=Document.make_id("e.txt", TEXTS["d.txt"]), name="e.txt",
                   text=TEXTS["d.txt"], clean=TEXTS["d.txt"])
    m = _mention(doc, "MEET", ("Sergei Lavrov",), "2024-01-16")
    built = open_store(tmp_path / "k.db")
    built.add_analyses([DocumentAnalysis(doc, (), (m,))])
    built.replace_events([Event("evt_k", EventType.MEET, m.actors, ("CHN", "PRK"), None,
                                "2024-01-16", Status.OCCURRED, (m.id,))], {})
    (item,) = [i for i in review_queue(built) if i.kind == IMPLAUSIBLE]
    assert [d.row.event.id for d in item.events] == ["evt_k"]
    assert "Sergei Lavrov is of RUS" in item.why
