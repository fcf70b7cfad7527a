"""The one serialiser of the CLI and the API: event rows as dicts, CSV with one set of
cell rules (lists, maps, the CSV-injection guard)."""

from __future__ import annotations

import csv
import io

import pytest

from bilat.model import Event, EventType, Status
from bilat.store.base import EventRow
from bilat.views.records import ROW_FIELDS, event_record
from bilat.views.serialise import (
    EVENT_FIELDS,
    csv_cell,
    csv_lines,
    event_dict,
    to_csv,
)


def row(actors: tuple[str, ...] = ("Vladimir Putin", "Kim Jong Un"),
        location: str | None = "Pyongyang") -> EventRow:  # fmt: skip
    event = Event("evt_1", EventType.VISIT, actors, ("RUS", "PRK"), location, "2024-06-19",
                  Status.OCCURRED, ("m1", "m2"), conflicts=())  # fmt: skip
    return EventRow(event, sources=2, independent_sources=1, first_reported="2024-06-19",
                    last_reported="2024-06-20", doc_names=("a.txt", "b.txt"))  # fmt: skip


def test_an_event_row_gives_every_field_in_the_fixed_order() -> None:
    data = event_dict(row())
    assert tuple(data) == EVENT_FIELDS
    assert data["type"] == "VISIT" and data["status"] == "occurred"
    assert data["actors"] == ["Vladimir Putin", "Kim Jong Un"] and data["mention_ids"] == [
        "m1",
        "m2",
    ]


def test_a_caller_picks_its_fields_in_its_own_order() -> None:
    assert list(event_dict(row(), ("date", "id"))) == ["date", "id"]
    assert event_dict(row(), ("sources", "doc_names")) == {
        "sources": 2,
        "doc_names": ["a.txt", "b.txt"],
    }


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_that_would_run_as_a_formula_is_neutralised(start: str) -> None:
    assert csv_cell(start + "HYPERLINK(\"http://x\")") == "'" + start + "HYPERLINK(\"http://x\")"


def test_lists_and_maps_become_one_cell_and_other_values_stay() -> None:
    assert csv_cell(["a", "b"]) == "a; b"
    assert csv_cell({"MEET": 2, "CALL": 1}) == "MEET:2; CALL:1"
    assert csv_cell(["=1+1", "b"]) == "'=1+1; b"  # the joined cell is what a spreadsheet reads
    assert (csv_cell(-3), csv_cell(None), csv_cell("Putin - Kim")) == (-3, None, "Putin - Kim")


def test_csv_lines_stream_a_header_then_one_line_per_record() -> None:
    lines = list(csv_lines(iter([{"a": 1, "b": "x,y"}, {"a": 2}]), ("a", "b")))
    assert lines == ["a,b\n", '1,"x,y"\n', "2,\n"]
    assert to_csv([], ("a", "b")) == "a,b\n"


def test_the_cli_csv_has_the_guard_too() -> None:
    event = row(actors=("=cmd|' /C calc'!A0",), location="@SUM(A1)")
    text = to_csv([event_record(event, None)], ROW_FIELDS)
    (record,) = csv.DictReader(io.StringIO(text))
    assert record["actors"] == "'=cmd|' /C calc'!A0"
    assert record["location"] == "'@SUM(A1)"
    assert record["doc_names"] == "a.txt; b.txt"
