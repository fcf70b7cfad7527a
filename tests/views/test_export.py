"""The events.jsonl export (shared/spec/EVENTS.md format) on a hand-built store."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bilat.model import Document, DocumentAnalysis, Event, EventMention, EventType, Status
from bilat.store import Store, open_store
from bilat.views.export import export_events_jsonl, write_events_jsonl


def _doc(name: str, text: str, published: str | None = None) -> Document:
    return Document(id=Document.make_id(name, text), name=name, text=text, clean=text,
                    published=published)  # fmt: skip


def _mention(d: Document, evidence: str, type_: EventType, date: str | None = None) -> EventMention:
    start = d.text.index(evidence)
    actors = ("Vladimir Putin", "Kim Jong Un")
    return EventMention(
        id=EventMention.make_id(d.id, type_.value, start, start + len(evidence), actors),
        doc_id=d.id, doc_name=d.name, type=type_, actors=actors, countries=("RUS", "PRK"),
        location=None, date=date, status=Status.PLANNED, evidence=evidence, start=start,
        end=start + len(evidence), published=d.published,
    )  # fmt: skip


class Setup:
    def __init__(self, tmp_path: Path) -> None:
        self.b = _doc(
            "b.txt", "They met. Later Putin and Kim signed a treaty “for peace”.", "2024-06-20"
        )
        self.a = _doc("a.txt", "Putin and Kim signed a treaty.", "2024-06-19")
        self.z = _doc("z.txt", "Nothing to report here at all, only weather.")
        self.m_sign_b = _mention(
            self.b, "Putin and Kim signed a treaty “for peace”", EventType.AGREE
        )
        self.m_meet_b = _mention(self.b, "They met", EventType.MEET, "2024-06-19")
        self.m_sign_a = _mention(
            self.a, "Putin and Kim signed a treaty", EventType.AGREE, "2024-06"
        )
        self.path = tmp_path / "x.db"
        self.store = open_store(self.path)
        # Stored out of name order, mentions out of offset order: the export sorts.
        self.store.add_analyses([
            DocumentAnalysis(self.z, (), ()),
            DocumentAnalysis(self.b, (), (self.m_sign_b, self.m_meet_b)),
            DocumentAnalysis(self.a, (), (self.m_sign_a,)),
        ])  # fmt: skip
        self.store.replace_events([
            Event("evt_treaty", EventType.AGREE, ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK"),
                  None, "2024-06", Status.PLANNED, (self.m_sign_a.id, self.m_sign_b.id)),
        ], {})  # fmt: skip


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    s = Setup(tmp_path)
    yield s
    s.store.close()


def test_one_record_per_document_in_name_order(setup: Setup) -> None:
    records = list(export_events_jsonl(setup.store))
    assert [(r["doc"], r["published"]) for r in records] == [
        ("a.txt", "2024-06-19"), ("b.txt", "2024-06-20"), ("z.txt", None),
    ]  # fmt: skip
    assert records[2]["events"] == []


def test_events_carry_merged_ids_in_offset_order(setup: Setup) -> None:
    b = list(export_events_jsonl(setup.store))[1]
    assert [e["type"] for e in b["events"]] == ["MEET", "AGREE"]
    assert b["events"][1]["id"] == "evt_treaty"  # merged with a.txt's mention
    assert b["events"][0]["id"] == setup.m_meet_b.id  # in no event: its own id
    assert b["events"][1] == {**setup.m_sign_b.to_export(), "id": "evt_treaty"}
    assert list(b["events"][1]) == ["type", "actors", "countries", "location", "date", "status",
                                    "evidence", "id"]  # fmt: skip


def test_output_is_byte_identical_across_runs(setup: Setup, tmp_path: Path) -> None:
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert write_events_jsonl(setup.store, first) == 3
    setup.store.close()
    reopened: Store = open_store(setup.path)
    write_events_jsonl(reopened, second)
    buffer = io.StringIO()
    write_events_jsonl(reopened, buffer)
    reopened.close()
    assert first.read_bytes() == second.read_bytes() == buffer.getvalue().encode("utf-8")
    lines = first.read_text(encoding="utf-8").splitlines()
    assert (
        json.loads(lines[1])["events"][1]["evidence"] == "Putin and Kim signed a treaty “for peace”"
    )
    assert "“for peace”" in lines[1]  # UTF-8, not \\u escapes
