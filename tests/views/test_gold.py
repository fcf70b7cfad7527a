"""`bilat export --format gold` (issue 18): the corrected record in the gold format of
shared/spec/EVENTS.md scores 1.0 against itself with the reference scorer, and differs
from the uncorrected export exactly where a person corrected it. Hand-built records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bilat.model import Document, DocumentAnalysis, EventMention, EventType, Sentence, Status
from bilat.pipeline import merge_pending
from bilat.pipeline.curate import Request, make, record
from bilat.store import SqlStore, open_store
from bilat.views.export import export_events_jsonl
from bilat.views.gold import export_gold

SCORER = Path(__file__).resolve().parents[3] / "shared" / "spec" / "score.py"
PK = ("Vladimir Putin", "Kim Jong Un")
MEET_A = "Putin held talks with Kim in Vladivostok."
MEET_B = "Putin and Kim talked in Vladivostok on Thursday."
VISIT = "Lavrov arrived in Pyongyang for a visit."
CALL = "Shoigu phoned No Kwang Chol."


def _doc(name: str, text: str, published: str) -> Document:
    return Document(id=Document.make_id(name, text), name=name, text=text, clean=text,
                    published=published)  # fmt: skip


def _said(d: Document, evidence: str, type_: str, actors: tuple[str, ...],
          date: str | None) -> EventMention:  # fmt: skip
    start = d.text.index(evidence)
    return EventMention(
        id=EventMention.make_id(d.id, type_, start, start + len(evidence), actors),
        doc_id=d.id, doc_name=d.name, type=EventType(type_), actors=actors,
        countries=("RUS", "PRK"), location="Vladivostok" if type_ == "MEET" else None,
        date=date, status=Status.OCCURRED, evidence=evidence, start=start,
        end=start + len(evidence), published=d.published,
    )  # fmt: skip


def _analysis(d: Document, *ms: EventMention) -> DocumentAnalysis:
    return DocumentAnalysis(document=d, sentences=(Sentence(d.id, 0, 0, len(d.text), d.text),),
                            mentions=ms)  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> SqlStore:
    a = _doc("a.txt", f"{MEET_A} {CALL}", "2024-01-10")
    b = _doc("b.txt", f"{MEET_B} {VISIT}", "2024-01-12")
    built = open_store(tmp_path / "g.db")
    assert isinstance(built, SqlStore)
    built.add_analyses([
        _analysis(a, _said(a, MEET_A, "MEET", PK, "2024-01-09"),
                  _said(a, CALL, "CALL", ("Sergei Shoigu", "No Kwang Chol"), "2024-01")),
        _analysis(b, _said(b, MEET_B, "MEET", PK, "2024-01-09"),
                  _said(b, VISIT, "VISIT", ("Sergei Lavrov",), "2024-01")),
    ])  # fmt: skip
    merge_pending(built)
    return built


def _event(store: SqlStore, evidence: str) -> str:
    m = next(m for m in store.mentions() if m.evidence == evidence)
    return store.mention_event_ids([m.id])[m.id]


def _entries(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["evidence"]: e for line in lines for e in line["events"]}


def _curate(store: SqlStore) -> None:
    meet, visit = _event(store, MEET_A), _event(store, VISIT)
    record(store, [
        make(store, Request("set", meet, field="date", value="2024-01-10", author="ann")),
        make(store, Request("set", meet, field="location", value="Russky Island", author="ann")),
        make(store, Request("reject", _event(store, CALL), author="ann")),
        make(store, Request("merge", visit, other_event_id=meet, author="ann")),
    ])  # fmt: skip


def test_the_gold_export_differs_from_the_uncorrected_one_exactly_where_corrected(
        store: SqlStore) -> None:
    before = _entries(list(export_gold(store)))
    _curate(store)
    after = _entries(list(export_gold(store)))
    assert set(before) - set(after) == {CALL}  # the rejected event's statement is left out
    changed = {evidence: {k for k in after[evidence] if after[evidence][k] != before[evidence][k]}
               for evidence in after}  # fmt: skip
    # the fields set, on every statement of the meeting; the visit merged into it shares
    # its key (the meeting's, the earliest report's) and the fields set on it
    assert changed == {MEET_A: {"date", "location"}, MEET_B: {"date", "location"},
                       VISIT: {"date", "location", "key", "id"}}
    assert after[VISIT]["key"] == after[MEET_A]["key"] == after[MEET_B]["key"]
    assert {after[e]["date"] for e in after} == {"2024-01-10"}


def test_the_events_export_says_which_fields_a_person_set(store: SqlStore) -> None:
    _curate(store)
    entries = _entries(list(export_events_jsonl(store)))
    assert CALL not in entries
    assert entries[MEET_A]["corrected"] == entries[VISIT]["corrected"] == ["date", "location"]
    assert entries[VISIT]["type"] == "VISIT"  # a field no one set stays the statement's


def test_the_gold_export_scores_one_against_itself(store: SqlStore, tmp_path: Path) -> None:
    if not SCORER.is_file():
        pytest.skip(f"the reference scorer is not at {SCORER}")
    _curate(store)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in export_gold(store)),
                    encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), str(gold), str(gold), "--json"],
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out)
    assert figures["mention"]["f1"] == figures["strict"]["f1"] == figures["corpus"]["f1"] == 1.0
    assert figures["corpus"]["gold_events"] == 1  # meeting and visit, merged by hand
