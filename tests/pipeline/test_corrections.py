"""Corrections applied after every merge (issue 18): each kind (reject, merge, split, set)
holds through a full re-merge, an incremental build with new documents and the re-ingest
of an edited document; an incremental build gives what a full re-merge gives; a
correction whose mentions are gone is orphaned, never dropped. Hand-built records."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bilat.model import Document, DocumentAnalysis, EventMention, EventType, Sentence, Status
from bilat.pipeline import merge_pending, remerge
from bilat.pipeline.corrections import apply_corrections, correction_states
from bilat.pipeline.curate import Request, make, record
from bilat.store import SqlStore, open_store

PR = ("RUS", "PRK")


def doc(name: str, text: str, published: str) -> Document:
    return Document(id=Document.make_id(name, text), name=name, text=text, clean=text,
                    published=published, source="test")  # fmt: skip


def said(d: Document, evidence: str, type_: str, actors: tuple[str, ...],
         date: str | None, location: str | None = None) -> EventMention:  # fmt: skip
    start = d.text.index(evidence)
    end = start + len(evidence)
    return EventMention(
        id=EventMention.make_id(d.id, type_, start, end, actors), doc_id=d.id, doc_name=d.name,
        type=EventType(type_), actors=actors, countries=PR, location=location, date=date,
        status=Status.OCCURRED, evidence=evidence, start=start, end=end, published=d.published,
    )  # fmt: skip


def analysis(d: Document, *ms: EventMention) -> DocumentAnalysis:
    return DocumentAnalysis(document=d, sentences=(Sentence(d.id, 0, 0, len(d.text), d.text),),
                            mentions=ms)  # fmt: skip


MEET_A = "Putin held talks with Kim in Vladivostok."
MEET_B = "Putin and Kim talked in Vladivostok on Thursday."
VISIT = "Lavrov arrived in Pyongyang for a visit."
CALL = "Shoigu phoned No Kwang Chol."
MEET_C = "The summit of Putin and Kim in Vladivostok ended."


def corpus() -> dict[str, DocumentAnalysis]:
    """a and b tell one meeting; c a visit; d a call."""
    a = doc("a.txt", f"{MEET_A} Nothing else.", "2024-01-10")
    b = doc("b.txt", f"{MEET_B} More words here.", "2024-01-12")
    c = doc("c.txt", f"{VISIT} Other words.", "2024-03-05")
    d = doc("d.txt", f"{CALL} And more.", "2024-05-02")
    pk = ("Vladimir Putin", "Kim Jong Un")
    return {
        "a": analysis(a, said(a, MEET_A, "MEET", pk, "2024-01-09", "Vladivostok")),
        "b": analysis(b, said(b, MEET_B, "MEET", pk, "2024-01-09", "Vladivostok")),
        "c": analysis(c, said(c, VISIT, "VISIT", ("Sergei Lavrov",), "2024-03", "Pyongyang")),
        "d": analysis(d, said(d, CALL, "CALL", ("Sergei Shoigu", "No Kwang Chol"), "2024-05")),
    }


def later_report() -> DocumentAnalysis:
    """A third report of the Vladivostok meeting: joins its event."""
    e = doc("e.txt", f"{MEET_C} Closing words.", "2024-01-15")
    return analysis(e, said(e, MEET_C, "MEET", ("Vladimir Putin", "Kim Jong Un"), "2024-01-09",
                            "Vladivostok"))


def edited(a: DocumentAnalysis) -> DocumentAnalysis:
    """Document a with a sentence added: a new version (new id, new mention ids) that
    still tells the same statement."""
    d = replace(a.document, text=a.document.text + " A late paragraph.")
    d = replace(d, clean=d.text, id=Document.make_id(d.name, d.text))
    return analysis(d, *(replace(m, doc_id=d.id, id=EventMention.make_id(
        d.id, m.type.value, m.start, m.end, m.actors)) for m in a.mentions))


def built(path: Path) -> SqlStore:
    store = open_store(path)
    assert isinstance(store, SqlStore)
    store.add_analyses(list(corpus().values()))
    merge_pending(store)
    return store


def event_holding(store: SqlStore, evidence: str) -> str:
    mention = next(m for m in store.mentions() if m.evidence == evidence)
    return store.mention_event_ids([mention.id])[mention.id]


def by_evidence(store: SqlStore) -> dict[str, tuple[str, ...]]:
    """Each stored event as the evidence of its mentions (what survives new ids)."""
    evidence = {m.id: m.evidence for m in store.mentions()}
    return {row.event.id: tuple(sorted(evidence[i] for i in row.event.mention_ids))
            for row in store.events()}


def correct_with(store: SqlStore, kind: str) -> None:
    meet = event_holding(store, MEET_A)
    if kind == "reject":
        req = Request("reject", event_holding(store, CALL), note="not bilateral", author="ann")
    elif kind == "merge":
        req = Request("merge", meet, other_event_id=event_holding(store, VISIT), author="ann")
    elif kind == "split":
        mention = next(m.id for m in store.mentions() if m.evidence == MEET_B)
        req = Request("split", meet, mention_id=mention, author="ann")
    else:
        req = Request("set", meet, field="date", value="2024-01-10", precision="day",
                      author="ann")
    record(store, [make(store, req)])


def holds(store: SqlStore, kind: str) -> None:
    """The correction of ``kind`` is seen in the stored events."""
    groups = list(by_evidence(store).values())
    if kind == "reject":
        assert not any(CALL in g for g in groups)
        assert len(store.mentions()) >= 4  # the mention stays; only its event goes
    elif kind == "merge":
        assert any(MEET_A in g and VISIT in g for g in groups)
    elif kind == "split":
        assert (MEET_B,) in groups and not any(MEET_A in g and MEET_B in g for g in groups)
    else:
        meet = store.event(event_holding(store, MEET_A)).row.event
        assert meet.date == "2024-01-10"
        assert store.corrected_fields([meet.id]) == {meet.id: ("date",)}


KINDS = ("reject", "merge", "split", "set")


def test_the_machine_merge_of_the_corpus(tmp_path: Path) -> None:
    """The premise: a and b are one event, c and d one each."""
    store = built(tmp_path / "b.db")
    assert sorted(by_evidence(store).values()) == sorted(
        [tuple(sorted((MEET_A, MEET_B))), (VISIT,), (CALL,)])


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_changes_the_stored_events(tmp_path: Path, kind: str) -> None:
    store = built(tmp_path / "b.db")
    correct_with(store, kind)
    holds(store, kind)
    assert [s.state for s in correction_states(store)] == ["applied"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_survives_a_full_remerge(tmp_path: Path, kind: str) -> None:
    store = built(tmp_path / "b.db")
    correct_with(store, kind)
    before = by_evidence(store)
    remerge(store)
    holds(store, kind)
    assert by_evidence(store) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_survives_an_incremental_build(tmp_path: Path, kind: str) -> None:
    """New documents are merged into their neighbourhood, then corrected; the result is
    what a full re-merge of everything gives."""
    store = built(tmp_path / "b.db")
    correct_with(store, kind)
    store.add_analyses([later_report()])
    merge_pending(store)
    apply_corrections(store)
    holds(store, kind)
    assert any(MEET_C in g for g in by_evidence(store).values())
    incremental = store.events()
    remerge(store)
    assert store.events() == incremental


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_survives_an_edited_document(tmp_path: Path, kind: str) -> None:
    """Document a is stored again with a new text: its mention has a new id, found again
    by its document's name, type and evidence."""
    store = built(tmp_path / "b.db")
    correct_with(store, kind)
    old_ids = {m.id for m in store.mentions()}
    store.add_analyses([edited(corpus()["a"])])
    merge_pending(store)
    apply_corrections(store)
    assert {m.id for m in store.mentions()} != old_ids
    holds(store, kind)
    assert [s.state for s in correction_states(store)] == ["applied"]


def test_applying_the_corrections_again_changes_nothing(tmp_path: Path) -> None:
    """The corrected record is a fixed point (each merge applies every correction)."""
    store = built(tmp_path / "b.db")
    for kind in KINDS:
        correct_with(store, kind)
    before = store.events()
    apply_corrections(store)
    assert store.events() == before


def test_a_field_set_before_a_merge_holds_on_the_merged_event(tmp_path: Path) -> None:
    store = built(tmp_path / "b.db")
    correct_with(store, "set")
    correct_with(store, "merge")
    merged = store.event(event_holding(store, VISIT)).row.event
    assert merged.date == "2024-01-10" and len(merged.mention_ids) == 3


def test_a_correction_whose_mentions_are_gone_is_orphaned_not_dropped(tmp_path: Path) -> None:
    store = built(tmp_path / "b.db")
    correct_with(store, "reject")
    store.prune(keep={"a.txt", "b.txt", "c.txt"})  # d.txt, the call's only source, goes
    merge_pending(store)
    apply_corrections(store)
    assert [s.state for s in correction_states(store)] == ["orphaned"]
    assert len(store.corrections()) == 1
    store.add_analyses([corpus()["d"]])  # it comes back: the correction holds again
    merge_pending(store)
    apply_corrections(store)
    assert [s.state for s in correction_states(store)] == ["applied"]
    holds(store, "reject")


def test_the_log_is_append_only_and_idempotent(tmp_path: Path) -> None:
    store = built(tmp_path / "b.db")
    c = make(store, Request("reject", event_holding(store, CALL), author="ann"))
    assert store.add_corrections([c]) == 1
    assert store.add_corrections([c]) == 0
    assert store.corrections() == [c]
