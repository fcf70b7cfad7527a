"""What was signed or moved: the labels, and the merge keeping different ones apart.

How extraction labels a mention is tested as cases (rules ``agreement.what.kind`` and
``aid.what.kind`` in tests/events/cases)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bilat.events.merge import merge_mentions
from bilat.events.objects import agreement_label, objects_compatible, specificity
from bilat.model import EventMention, EventType, Status

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
