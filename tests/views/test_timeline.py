"""The timeline view on a small hand-built SQLite store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from bilat.model import Document, DocumentAnalysis, Event, EventMention, EventType, Status
from bilat.store import EventFilter, Store, open_store
from bilat.views.timeline import render_table, rows_to_csv, rows_to_json, timeline


def _doc(name: str, text: str, published: str | None) -> Document:
    return Document(id=Document.make_id(name, text), name=name, text=text, clean=text,
                    published=published)  # fmt: skip


def _mention(d: Document, evidence: str, type_: EventType, actors: tuple[str, ...],
             date: str | None) -> EventMention:  # fmt: skip
    start = d.text.index(evidence)
    return EventMention(
        id=EventMention.make_id(d.id, type_.value, start, start + len(evidence), actors),
        doc_id=d.id, doc_name=d.name, type=type_, actors=actors, countries=("RUS", "PRK"),
        location="Pyongyang", date=date, status=Status.OCCURRED, evidence=evidence,
        start=start, end=start + len(evidence), published=d.published,
    )  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    a = _doc("a.txt", "Putin arrived in Pyongyang, he said; \"historic\".", "2024-06-19")
    b = _doc("b.txt", "Putin arrived in Pyongyang on Wednesday.", "2024-06-20")
    c = _doc("c.txt", "Shoigu, the minister, visited Pyongyang.", "2023-07-27")
    ma = _mention(
        a, "Putin arrived in Pyongyang", EventType.VISIT, ("Vladimir Putin",), "2024-06-19"
    )
    mb = _mention(
        b, "Putin arrived in Pyongyang", EventType.VISIT, ("Vladimir Putin",), "2024-06-19"
    )
    mc = _mention(c, "Shoigu, the minister, visited Pyongyang", EventType.VISIT,
                  ("Sergei Shoigu", "Kim Jong Un"), None)  # fmt: skip
    st = open_store(tmp_path / "t.db")
    st.add_analyses([DocumentAnalysis(d, (), ms) for d, ms in ((a, (ma,)), (b, (mb,)), (c, (mc,)))])
    st.replace_events([
        Event("E1", EventType.VISIT, ("Vladimir Putin",), ("RUS", "PRK"), "Pyongyang",
              "2024-06-19", Status.OCCURRED, (ma.id, mb.id)),
        Event("E2", EventType.VISIT, ("Sergei Shoigu", "Kim Jong Un"), ("RUS", "PRK"), "Pyongyang",
              None, Status.OCCURRED, (mc.id,), conflicts=("date: 2023-07 vs 2023-07-26",)),
    ], {b.id: a.id})  # fmt: skip
    yield st
    st.close()


def test_timeline_orders_by_date_and_filters(store: Store) -> None:
    assert [r.event.id for r in timeline(store)] == ["E1", "E2"]
    assert [r.event.id for r in timeline(store, EventFilter(actor="Shoigu"))] == ["E2"]
    assert [r.event.id for r in timeline(store, sort="-sources", limit=1)] == ["E1"]


def test_json_has_flat_fields_and_doc_names(store: Store) -> None:
    data = json.loads(rows_to_json(store, timeline(store)))
    assert data[0]["doc_names"] == ["a.txt", "b.txt"]
    assert (data[0]["sources"], data[0]["independent_sources"]) == (2, 1)
    assert data[0]["type"] == "VISIT" and data[0]["first_reported"] == "2024-06-19"
    assert data[1]["date"] is None and data[1]["conflicts"] == ["date: 2023-07 vs 2023-07-26"]


def test_csv_is_flat_and_round_trips(store: Store) -> None:
    text = rows_to_csv(store, timeline(store))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == ["E1", "E2"]
    assert rows[0]["doc_names"] == "a.txt; b.txt"
    assert rows[1]["actors"] == "Sergei Shoigu; Kim Jong Un"
    assert rows[1]["date"] == ""
    assert text.splitlines()[0].startswith("id,date,date_precision,type,what,status,direction")
    assert rows[0]["what"] == ""  # a visit has no object


def test_empty_outputs(store: Store) -> None:
    assert json.loads(rows_to_json(store, [])) == []
    assert rows_to_csv(store, []).count("\n") == 1  # header only


def test_table_shows_every_column(store: Store) -> None:
    console = Console(width=200, record=True)
    console.print(render_table(timeline(store)))
    out = console.export_text()
    for expected in ("2024-06-19", "VISIT", "Vladimir Putin", "RUS → PRK", "Pyongyang", "occurred",
                     "2/1", "a.txt", "1/1", "c.txt"):  # fmt: skip
        assert expected in out


def test_rows_carry_evidence_sources_precision_and_direction(store: Store) -> None:
    """The analyst's row: the first mention's evidence, every source's title (its headline:
    here the first line, as the documents have no title) and the visit's direction."""
    first, undated = json.loads(rows_to_json(store, timeline(store)))
    assert first["evidence"] == "Putin arrived in Pyongyang"
    assert first["source_titles"] == ["Putin arrived in Pyongyang, he said; \"historic\".",
                                      "Putin arrived in Pyongyang on Wednesday."]
    assert (first["date_precision"], undated["date_precision"]) == ("day", "none")
    assert (first["direction"], first["actor_state"], first["recipient_state"]) == (
        "RUS → PRK", "RUS", "PRK")
