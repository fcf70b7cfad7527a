"""What was signed or moved: labels from the text, and the merge keeping different ones apart."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bilat.events.extract import extract
from bilat.events.merge import merge_mentions
from bilat.events.objects import agreement_label, objects_compatible, specificity
from bilat.knowledge.kb import load_kb
from bilat.model import Document, EventMention, EventType, Status

RUS_PRK = "Russia and North Korea have deepened their military ties this year. "


def _labels(text: str, type_: EventType) -> list[str | None]:
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=text,
                   published="2024-12-10")
    return [m.what for m in extract(doc, load_kb()).mentions if m.type == type_]


# ------------------------------------------------------------------------ labels


@pytest.mark.parametrize(
    ("lemma", "plural", "ratification", "label"),
    [
        ("treaty", False, False, "treaty"),
        ("pact", False, False, "treaty"),
        ("memorandum", False, False, "memorandum"),
        ("agreement", False, False, "agreement"),
        ("protocol", True, False, "agreement"),  # "signed several protocols": no one document
        (None, False, True, "ratification of an agreement"),
        ("treaty", False, True, "ratification of a treaty"),
    ],
)
def test_agreement_label(lemma: str | None, plural: bool, ratification: bool, label: str) -> None:
    assert agreement_label(lemma, plural=plural, ratification=ratification) == label


@pytest.mark.parametrize(
    ("type_", "a", "b", "ok"),
    [
        (EventType.AGREE, "treaty", "treaty", True),
        (EventType.AGREE, "treaty", "agreement", True),  # "the agreement" may be the treaty
        (EventType.AGREE, "treaty", "protocol", False),
        (EventType.AGREE, "treaty", "ratification of a treaty", False),  # two acts
        (EventType.AGREE, "ratification of an agreement", "ratification of a treaty", True),
        (EventType.AGREE, None, "protocol", True),
        (EventType.AID, "troops", "arms", False),
        (EventType.AID, "troops", "military support", True),
        (EventType.AID, "arms", "technical support", False),
        (EventType.AID, "goods", None, True),
        (EventType.MEET, "x", "y", True),
    ],
)
def test_objects_compatible(type_: EventType, a: str | None, b: str | None, ok: bool) -> None:
    assert objects_compatible(type_, a, b) is ok
    assert objects_compatible(type_, b, a) is ok


def test_specific_labels_outrank_generic_ones() -> None:
    assert specificity(EventType.AGREE, "treaty") > specificity(EventType.AGREE, "agreement")
    assert specificity(EventType.AID, "troops") > specificity(EventType.AID, "military support")
    assert specificity(EventType.AID, None) == 0


# ------------------------------------------------------------------------ extraction


def test_a_signed_treaty_is_labelled_by_its_kind() -> None:
    assert _labels("Putin and Kim Jong Un signed a mutual defence pact in Pyongyang on Wednesday.",
                   EventType.AGREE) == ["treaty"]


def test_a_signed_memorandum_is_a_memorandum() -> None:
    assert _labels("The foreign ministers of Russia and Vietnam signed a memorandum on "
                   "consultations in Hanoi on Monday.", EventType.AGREE) == ["memorandum"]


def test_a_ratification_is_labelled_as_one() -> None:
    labels = _labels(RUS_PRK + "The two parliaments ratified the treaty in November.",
                     EventType.AGREE)
    assert labels == ["ratification of a treaty"]


def test_aid_is_labelled_by_what_moves() -> None:
    assert _labels(RUS_PRK + "North Korea sent thousands of soldiers to Russia in October.",
                   EventType.AID) == ["troops"]
    assert _labels(RUS_PRK + "Russia delivered 20,000 tonnes of wheat to North Korea in May.",
                   EventType.AID) == ["goods"]


def test_two_aids_of_one_sentence_keep_their_own_labels() -> None:
    labels = _labels("North Korea shipped artillery shells to Russia in return for technical "
                     "support for Pyongyang's satellite program.", EventType.AID)
    assert labels == ["arms", "technical support"]


# ------------------------------------------------------------------------ merging


def _mention(mid: str, type_: EventType, what: str | None, date: str = "2024-11",
             countries: tuple[str, ...] = ("RUS", "PRK")) -> EventMention:
    return EventMention(
        id=mid, doc_id=f"doc-{mid}", doc_name=f"doc-{mid}", type=type_, actors=(),
        countries=countries, location=None, date=date, status=Status.OCCURRED, evidence="",
        start=0, end=0, published="2024-12-05", what=what,
    )


def test_a_protocol_and_a_treaty_ratification_of_one_month_stay_two_events() -> None:
    events = merge_mentions([
        _mention("a", EventType.AGREE, "protocol", "2024-11-24"),
        _mention("b", EventType.AGREE, "ratification of an agreement"),
    ])
    assert len(events) == 2


def test_troops_and_shells_sent_by_one_state_stay_two_aids() -> None:
    events = merge_mentions([
        _mention("a", EventType.AID, "troops", "2024", ("PRK", "RUS")),
        _mention("b", EventType.AID, "arms", "2024-10", ("PRK", "RUS")),
    ])
    assert len(events) == 2


def test_a_generic_retelling_joins_the_labelled_event_and_the_event_keeps_the_label() -> None:
    a = _mention("a", EventType.AGREE, "treaty", "2024-06-19")
    b = _mention("b", EventType.AGREE, "agreement", "2024-06")
    c = replace(_mention("c", EventType.AGREE, None, "2024"), published="2025-03-01")
    (event,) = merge_mentions([b, c, a])
    assert event.what == "treaty" and set(event.mention_ids) == {"a", "b", "c"}
