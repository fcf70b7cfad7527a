"""The analyst's rows (bilat.views.records): direction, date precision, evidence and
sources, and the stream of every event a page at a time."""

from __future__ import annotations

import pytest

from bilat.model import Event, EventType, Status
from bilat.store.base import EventFilter, EventPage, EventRow, Provenance, SourceRef
from bilat.views.records import (
    ROW_FIELDS,
    date_precision,
    direction,
    event_record,
    iter_records,
    iter_rows,
)
from bilat.views.serialise import EVENT_FIELDS, event_dict


def event(type_: EventType, countries: tuple[str, ...], date: str | None = "2024-06-19",
          eid: str = "evt_1") -> Event:  # fmt: skip
    return Event(eid, type_, ("Vladimir Putin",), countries, "Pyongyang", date,
                 Status.OCCURRED, ("m1",))  # fmt: skip


def row(e: Event) -> EventRow:
    return EventRow(e, sources=1, independent_sources=1, first_reported="2024-06-19",
                    last_reported="2024-06-19", doc_names=("a.txt",))  # fmt: skip


@pytest.mark.parametrize(
    ("type_", "countries", "label", "actor", "recipient"),
    [
        (EventType.VISIT, ("RUS", "PRK"), "RUS → PRK", "RUS", "PRK"),  # visitor -> host
        (EventType.AID, ("PRK", "RUS"), "PRK → RUS", "PRK", "RUS"),  # provider -> recipient
        (EventType.MEET, ("PRK", "RUS"), "PRK – RUS", None, None),
        (EventType.CALL, ("CHN", "RUS"), "CHN – RUS", None, None),
        (EventType.AGREE, ("RUS", "PRK"), "RUS – PRK", None, None),
        (EventType.VISIT, ("RUS",), "RUS", None, None),  # no host state: no direction
        (EventType.VISIT, ("RUS", "PRK", "CHN"), "RUS → PRK – CHN", "RUS", "PRK"),
        (EventType.MEET, (), "", None, None),
    ],
)
def test_direction_runs_from_the_acting_state_for_visits_and_aid_only(
        type_: EventType, countries: tuple[str, ...], label: str, actor: str | None,
        recipient: str | None) -> None:  # fmt: skip
    way = direction(event(type_, countries))
    assert (way.label, way.actor, way.recipient) == (label, actor, recipient)


@pytest.mark.parametrize(("date", "precision"),
                         [("2024-06-19", "day"), ("2024-06", "month"), ("2024", "year"),
                          (None, "none")])  # fmt: skip
def test_date_precision_is_how_the_date_was_told(date: str | None, precision: str) -> None:
    assert date_precision(date) == precision


def test_a_record_has_every_field_in_order_with_evidence_and_sources() -> None:
    provenance = Provenance("Putin arrived in Pyongyang", (
        SourceRef("d1", "a.txt", None, "https://example.org/a", "2024-06-19",
                  "  Putin lands in Pyongyang | World | News\n\nPutin arrived..."),
        SourceRef("d2", "b.txt", "Wire: Putin visits", None, "2024-06-20"),
    ))  # fmt: skip
    record = event_record(row(event(EventType.VISIT, ("RUS", "PRK"))), provenance)
    assert tuple(record) == ROW_FIELDS
    assert record["evidence"] == "Putin arrived in Pyongyang"
    assert record["source_titles"] == ["Putin lands in Pyongyang", "Wire: Putin visits"]
    assert record["source_urls"] == ["https://example.org/a"]  # a source without URL adds none
    assert (record["direction"], record["date_precision"]) == ("RUS → PRK", "day")


@pytest.mark.parametrize("what", [None, "summit"])
def test_a_record_gives_the_event_fields_as_the_serialiser_does(what: str | None) -> None:
    """The rule: event_record writes the event's own fields out itself (for speed); they
    must stay those of event_dict, the one serialiser of an event row."""
    e = Event("evt_9", EventType.AGREE, ("Kim Jong Un", "Vladimir Putin"), ("PRK", "RUS"),
              None, "2024-06", Status.PLANNED, ("m1", "m2"), ("date: 2024-06 or 2024-07",), what)
    r = EventRow(e, sources=3, independent_sources=2, first_reported="2024-05-30",
                 last_reported=None, doc_names=("a.txt", "b.txt", "c.txt"))
    record = event_record(r, Provenance("They signed", (), ("date",)))
    shared = [f for f in ROW_FIELDS if f in EVENT_FIELDS]
    assert {f: record[f] for f in shared} == event_dict(r, tuple(shared))
    assert record["corrected"] == ["date"]


def test_a_record_without_provenance_has_empty_sources() -> None:
    record = event_record(row(event(EventType.MEET, ("PRK", "RUS"), None)), None)
    assert record["evidence"] is None and record["source_titles"] == [] == record["source_urls"]


class PagedStore:
    """Just what iter_rows reads: pages by cursor, like SqlStore (the cursor is an index)."""

    def __init__(self, n: int) -> None:
        self.rows = [row(event(EventType.MEET, ("PRK", "RUS"), eid=f"e{i:03}")) for i in range(n)]
        self.calls: list[tuple[int, int, str | None]] = []

    def events_page(self, flt: EventFilter, *, limit: int, offset: int = 0, sort: str = "date",
                    after: str | None = None) -> EventPage:  # fmt: skip
        self.calls.append((limit, offset, after))
        start = int(after) if after else offset
        found = tuple(self.rows[start:start + limit])
        full = len(found) == limit
        return EventPage(found, str(start + limit) if full else None)

    def provenance_of_rows(self, rows: object) -> dict[str, Provenance]:
        return {}


@pytest.mark.parametrize("n", [0, 1, 5, 6, 7, 13])
def test_every_event_streams_a_page_at_a_time(n: int) -> None:
    store = PagedStore(n)
    listed = [r.event.id for r in iter_rows(store, page=3)]  # type: ignore[arg-type]
    assert listed == [r.event.id for r in store.rows]
    assert all(limit == 3 for limit, _, _ in store.calls)
    assert all(after is not None for _, _, after in store.calls[1:])  # by cursor after the first


def test_a_limit_and_an_offset_cut_the_stream() -> None:
    store = PagedStore(10)
    listed = [r.event.id for r in iter_rows(store, limit=4, offset=5, page=3)]  # type: ignore[arg-type]
    assert listed == ["e005", "e006", "e007", "e008"]
    records = list(iter_records(store, limit=2))  # type: ignore[arg-type]
    assert [r["id"] for r in records] == ["e000", "e001"]


def test_a_store_without_cursors_is_read_by_offsets() -> None:
    class OffsetsOnly(PagedStore):
        def events_page(self, flt: EventFilter, *, limit: int, offset: int = 0,
                        sort: str = "date", after: str | None = None) -> EventPage:  # fmt: skip
            assert after is None
            return EventPage(tuple(self.rows[offset:offset + limit]))

    store = OffsetsOnly(7)
    assert len(list(iter_rows(store, page=3))) == 7  # type: ignore[arg-type]
