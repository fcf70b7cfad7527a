"""`bilat export`'s formats (bilat.views.formats) on a small hand-built store, each read back
with the library an analyst would use: csv, pyarrow for Parquet, networkx for GraphML, and
PLOVER's fields for the PLOVER records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest

from bilat.errors import UsageError
from bilat.model import Document, DocumentAnalysis, Event, EventMention, EventType, Status
from bilat.store import Store, open_store
from bilat.views.export import export_events_jsonl
from bilat.views.formats import FORMATS, ExportRequest, check, write_export
from bilat.views.records import ROW_FIELDS

TEXT = ("Vladimir Putin arrived in Pyongyang, where Kim Jong Un greeted him. North Korea sent "
        "troops to Russia. Putin and Kim met in Beijing. They will sign a treaty. "
        "Putin spoke by phone with Kim.")  # fmt: skip
# (id, type, actors, countries, location, date, status, evidence, what)
EVENTS = [
    ("V", EventType.VISIT, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK"), "Pyongyang",
     "2024-06-19", Status.OCCURRED, "Vladimir Putin arrived in Pyongyang", None),
    ("A", EventType.AID, (), ("PRK", "RUS"), None, "2024-10", Status.OCCURRED,
     "North Korea sent troops to Russia", "troops"),
    ("M", EventType.MEET, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK"), "Beijing",
     "2025", Status.OCCURRED, "Putin and Kim met in Beijing", None),
    ("G", EventType.AGREE, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK"), None, None,
     Status.PLANNED, "They will sign a treaty", "treaty"),
    ("C", EventType.CALL, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK"), None,
     "2024-07-01", Status.OCCURRED, "Putin spoke by phone with Kim", None),
]  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    doc = Document(id=Document.make_id("a.txt", TEXT), name="a.txt", text=TEXT, clean=TEXT,
                   published="2024-10-20", url="https://example.org/a")  # fmt: skip
    mentions, events = [], []
    for eid, type_, actors, countries, place, date, status, evidence, what in EVENTS:
        start = TEXT.index(evidence)
        m = EventMention(
            id=EventMention.make_id(doc.id, type_.value, start, start + len(evidence), actors),
            doc_id=doc.id, doc_name=doc.name, type=type_, actors=actors, countries=countries,
            location=place, date=date, status=status, evidence=evidence, start=start,
            end=start + len(evidence), published=doc.published, what=what)  # fmt: skip
        mentions.append(m)
        events.append(Event(eid, type_, actors, countries, place, date, status, (m.id,),
                            what=what))  # fmt: skip
    opened = open_store(tmp_path_factory.mktemp("formats") / "t.db")
    opened.add_analyses([DocumentAnalysis(doc, (), tuple(mentions))])
    opened.replace_events(events, {})
    yield opened
    opened.close()


def text_export(store: Store, fmt: str, **kw: str) -> str:
    out = io.StringIO()
    write_export(store, ExportRequest(fmt, **kw), out)
    return out.getvalue()


def file_export(store: Store, fmt: str, path: Path, **kw: str) -> int:
    with open(path, "wb") as fh:
        return write_export(store, ExportRequest(fmt, **kw), fh)


def test_csv_has_a_row_per_event_with_the_analysts_fields(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(text_export(store, "csv"))))
    assert [r["id"] for r in rows] == ["V", "C", "A", "M", "G"]  # date order, undated last
    assert tuple(rows[0]) == ROW_FIELDS
    by_id = {r["id"]: r for r in rows}
    assert (by_id["V"]["direction"], by_id["A"]["direction"]) == ("RUS → PRK", "PRK → RUS")
    assert by_id["A"]["date_precision"] == "month" and by_id["G"]["date_precision"] == "none"
    assert by_id["V"]["evidence"] == "Vladimir Putin arrived in Pyongyang"
    assert by_id["V"]["source_urls"] == "https://example.org/a"


def test_parquet_reads_back_with_pyarrow_with_lists_as_lists(store: Store,
                                                             tmp_path: Path) -> None:  # fmt: skip
    path = tmp_path / "e.parquet"
    assert file_export(store, "parquet", path) == 5
    table = pq.read_table(path)
    assert table.column_names == list(ROW_FIELDS) and table.num_rows == 5
    first = table.to_pylist()[0]
    assert first["actors"] == ["Vladimir Putin", "Kim Jong Un"] and first["sources"] == 1
    assert first["recipient_state"] == "PRK"


def test_graphml_of_states_has_directed_and_undirected_edges(store: Store,
                                                             tmp_path: Path) -> None:  # fmt: skip
    path = tmp_path / "states.graphml"
    file_export(store, "graphml", path)
    graph = nx.read_graphml(path)
    edges = {(a, b, k): d for a, b, k, d in graph.edges(keys=True, data=True)}
    assert edges[("RUS", "PRK", "VISIT>")]["directed"] is True  # visitor -> host
    assert edges[("PRK", "RUS", "AID>")]["directed"] is True  # provider -> recipient
    assert edges[("PRK", "RUS", "MEET-")]["directed"] is False  # between them
    assert {k for _, _, k in edges} == {"VISIT>", "AID>", "MEET-", "AGREE-", "CALL-"}
    assert graph.nodes["RUS"]["weight"] == 5


def test_graphml_of_persons_puts_the_host_at_the_receiving_end(store: Store,
                                                               tmp_path: Path) -> None:  # fmt: skip
    path = tmp_path / "actors.graphml"
    file_export(store, "graphml", path, level="actor")
    graph = nx.read_graphml(path)
    assert graph.has_edge("Vladimir Putin", "Kim Jong Un", key="VISIT>")
    assert not graph.has_edge("Kim Jong Un", "Vladimir Putin", key="VISIT>")
    assert graph.nodes["Kim Jong Un"]["state"] == "PRK"


def test_plover_records_have_plovers_fields_and_mapping(store: Store) -> None:
    records = {r["id"]: r for r in map(json.loads, text_export(store, "plover").splitlines())}
    for r in records.values():  # PLOVER's required fields
        assert {"id", "date", "actor", "event"} <= set(r) and r["event"]
    visit = records["V"]
    assert (visit["event"], visit["mode"]) == (["CONSULT"], ["visit"])
    assert [(a["entity_text"], a["code"]) for a in visit["actor"]] == [("Vladimir Putin", "RUS")]
    assert [(a["entity_text"], a["code"]) for a in visit["recipient"]] == [("Kim Jong Un", "PRK")]
    assert visit["event_loc"]["resolved_place"] == "Pyongyang"
    assert visit["event_loc"]["country_code"] == "PRK" and visit["event_text"]
    aid = records["A"]
    assert (aid["event"], aid["context"]) == (["AID"], ["military"])
    assert [a["code"] for a in aid["actor"]] == ["PRK"] and aid["recipient"][0]["code"] == "RUS"
    assert (aid["date"], aid["enddate"], aid["date_precision"]) == (
        "2024-10-01", "2024-10-31", "month")
    meet = records["M"]
    assert meet["mode"] == ["third-party"] and meet["recipient"] is None  # Beijing: China's
    planned = records["G"]
    assert planned["event"] == ["AGREE"] and planned["bilat_type"] == "AGREE"
    assert (planned["date"], planned["date_precision"]) == (None, "none")
    assert records["C"]["mode"] == ["phone"]
    assert visit["cite_info"][0]["url"] == "https://example.org/a"


def test_events_jsonl_is_the_gold_format(store: Store) -> None:
    lines = [json.loads(x) for x in text_export(store, "events-jsonl").splitlines()]
    assert lines == list(export_events_jsonl(store))


def test_a_file_format_without_a_file_and_unknown_values_are_refused() -> None:
    with pytest.raises(UsageError, match="needs a file"):
        check(ExportRequest("parquet"), to_file=False)
    with pytest.raises(UsageError, match="Unknown export format"):
        check(ExportRequest("xlsx"), to_file=True)
    with pytest.raises(UsageError, match="level"):
        check(ExportRequest("graphml", level="galaxy"), to_file=True)
    for fmt in FORMATS:
        check(ExportRequest(fmt), to_file=True)
