"""Validates the bundled sample corpus in examples/ (articles, manifest, gold).

The checks are self-contained (standard library only) so that they hold the corpus to the
gold format of shared/spec/EVENTS.md independently of how bilat itself reads documents.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARTICLES = EXAMPLES / "articles"
MANIFEST = EXAMPLES / "manifest.jsonl"
GOLD = EXAMPLES / "gold.jsonl"

TYPES = {"VISIT", "MEET", "CALL", "AGREE", "AID"}
STATUSES = {"occurred", "planned"}
EVENT_FIELDS = {"type", "actors", "countries", "location", "date", "status", "evidence", "key"}
ALLOWED_EVENT_FIELDS = EVENT_FIELDS | {"optional"}
JSONL_RECORD_FIELDS = {"id", "text", "published", "url", "title", "source"}
ISO3 = re.compile(r"^[A-Z]{3}$")
DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# The one pair of documents that is meant to be a near-copy (exercises copy detection).
REPOST_PAIR = ("03_kim-komsomolsk-aviation-plant.txt", "04_repost-kim-visits-aircraft-factory.txt")


class _TextOf(HTMLParser):
    """Collects the visible text of an HTML page (everything outside <script>/<style>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - reported by the assert
                pytest.fail(f"{path.name}:{n}: invalid JSON: {exc}")
    return rows


def _load_documents() -> dict[str, dict]:
    """doc name (file name, or record id for JSONL files) -> {"text", "kind", "published"}."""
    docs: dict[str, dict] = {}
    for path in sorted(ARTICLES.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == ".jsonl":
            for rec in _read_jsonl(path):
                assert rec["id"] not in docs, f"duplicate document id {rec['id']}"
                docs[rec["id"]] = {"text": rec["text"], "kind": "jsonl", "record": rec}
        elif path.suffix in (".html", ".htm"):
            parser = _TextOf()
            parser.feed(path.read_text(encoding="utf-8"))
            docs[path.name] = {
                "text": "".join(parser.parts),
                "kind": "html",
                "raw": path.read_text(encoding="utf-8"),
            }
        else:
            docs[path.name] = {"text": path.read_text(encoding="utf-8"), "kind": "text"}
    return docs


DOCS = _load_documents()
MANIFEST_ROWS = _read_jsonl(MANIFEST)
GOLD_ROWS = _read_jsonl(GOLD)
GOLD_EVENTS = [(row["doc"], row.get("published"), ev) for row in GOLD_ROWS for ev in row["events"]]


def _event_id(item: tuple[str, str | None, dict]) -> str:
    doc, _, ev = item
    return f"{doc}:{ev.get('key')}:{ev.get('evidence', '')[:30]}"


def _is_valid_date_prefix(value: str) -> bool:
    if not DATE_PREFIX.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _contains(doc: str, evidence: str) -> bool:
    info = DOCS[doc]
    if info["kind"] == "html":  # whitespace is not significant in HTML
        return _squash(evidence) in _squash(info["text"])
    return evidence in info["text"]


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


# --- the corpus as a whole -------------------------------------------------------------


def test_corpus_has_documents_in_each_format() -> None:
    kinds = [d["kind"] for d in DOCS.values()]
    assert len(DOCS) >= 10
    assert "html" in kinds and "jsonl" in kinds and "text" in kinds


def test_every_manifest_doc_exists() -> None:
    names = [row["doc"] for row in MANIFEST_ROWS]
    assert len(names) == len(set(names)), "duplicate docs in the manifest"
    missing = [n for n in names if n not in DOCS]
    assert not missing, f"manifest names documents that do not exist: {missing}"


def test_every_document_is_in_the_manifest_and_the_gold() -> None:
    assert {row["doc"] for row in MANIFEST_ROWS} == set(DOCS)
    assert {row["doc"] for row in GOLD_ROWS} == set(DOCS)


@pytest.mark.parametrize("row", MANIFEST_ROWS, ids=lambda r: r["doc"])
def test_manifest_row(row: dict) -> None:
    assert set(row) >= {"doc", "published", "url"}
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", row["published"]) and _is_valid_date_prefix(
        row["published"]
    )
    assert row["url"].startswith("https://example.org/")


def test_gold_lines_match_the_manifest() -> None:
    docs = [row["doc"] for row in GOLD_ROWS]
    assert len(docs) == len(set(docs)), "a document has more than one gold line"
    published = {row["doc"]: row["published"] for row in MANIFEST_ROWS}
    for row in GOLD_ROWS:
        assert row["doc"] in DOCS, f"gold names a document that does not exist: {row['doc']}"
        assert set(row) == {"doc", "published", "events"}
        assert row["published"] == published[row["doc"]], row["doc"]
        assert isinstance(row["events"], list)


def test_jsonl_records_are_complete_and_agree_with_the_manifest() -> None:
    published = {row["doc"]: row for row in MANIFEST_ROWS}
    records = [d["record"] for d in DOCS.values() if d["kind"] == "jsonl"]
    assert len(records) >= 2
    for rec in records:
        assert set(rec) >= JSONL_RECORD_FIELDS, rec["id"]
        assert rec["published"] == published[rec["id"]]["published"]
        assert rec["url"] == published[rec["id"]]["url"]


def test_html_page_declares_its_publication_date() -> None:
    published = {row["doc"]: row["published"] for row in MANIFEST_ROWS}
    for name, info in DOCS.items():
        if info["kind"] == "html":
            m = re.search(
                r'property="article:published_time" content="(\d{4}-\d{2}-\d{2})', info["raw"]
            )
            assert m and m.group(1) == published[name], name


def test_there_is_a_document_without_events() -> None:
    assert any(not row["events"] for row in GOLD_ROWS)


def test_every_event_type_occurs() -> None:
    assert {ev["type"] for _, _, ev in GOLD_EVENTS} == TYPES
    assert any(ev["status"] == "planned" for _, _, ev in GOLD_EVENTS)
    assert any(ev.get("optional") for _, _, ev in GOLD_EVENTS)


def test_keys_are_shared_across_documents() -> None:
    docs_by_key: dict[str, set[str]] = {}
    for doc, _, ev in GOLD_EVENTS:
        docs_by_key.setdefault(ev["key"], set()).add(doc)
    assert sum(1 for docs in docs_by_key.values() if len(docs) > 1) >= 5


def test_one_key_one_type() -> None:
    types: dict[str, set[str]] = {}
    for _, _, ev in GOLD_EVENTS:
        types.setdefault(ev["key"], set()).add(ev["type"])
    mixed = {k: t for k, t in types.items() if len(t) > 1}
    assert not mixed, f"keys used for more than one event type: {mixed}"


def test_repost_pair_is_a_near_copy_and_nothing_else_is() -> None:
    a, b = REPOST_PAIR
    assert _jaccard(DOCS[a]["text"], DOCS[b]["text"]) >= 0.4
    for x, y in itertools.combinations(sorted(DOCS), 2):
        if {x, y} != set(REPOST_PAIR):
            assert _jaccard(DOCS[x]["text"], DOCS[y]["text"]) < 0.2, (x, y)


# --- each gold event --------------------------------------------------------------------


@pytest.mark.parametrize("item", GOLD_EVENTS, ids=_event_id)
def test_event_fields(item: tuple[str, str | None, dict]) -> None:
    _, _, ev = item
    assert EVENT_FIELDS <= set(ev) <= ALLOWED_EVENT_FIELDS, set(ev) ^ EVENT_FIELDS
    assert ev["type"] in TYPES
    assert ev["status"] in STATUSES
    assert isinstance(ev["actors"], list) and all(
        isinstance(a, str) and a.strip() for a in ev["actors"]
    )
    assert len(set(ev["actors"])) == len(ev["actors"])
    assert isinstance(ev["countries"], list) and ev["countries"]
    assert all(isinstance(c, str) and ISO3.match(c) for c in ev["countries"]), ev["countries"]
    assert len(set(ev["countries"])) == len(ev["countries"])
    assert ev["location"] is None or (isinstance(ev["location"], str) and ev["location"].strip())
    assert ev["date"] is None or (
        isinstance(ev["date"], str) and _is_valid_date_prefix(ev["date"])
    ), ev["date"]
    assert isinstance(ev["key"], str) and ev["key"].strip()
    assert isinstance(ev["evidence"], str) and ev["evidence"].strip()
    if "optional" in ev:
        assert isinstance(ev["optional"], bool)


@pytest.mark.parametrize("item", GOLD_EVENTS, ids=_event_id)
def test_evidence_is_quoted_from_the_document(item: tuple[str, str | None, dict]) -> None:
    doc, _, ev = item
    assert _contains(doc, ev["evidence"]), f"{doc}: evidence not found: {ev['evidence']!r}"


@pytest.mark.parametrize("item", GOLD_EVENTS, ids=_event_id)
def test_occurred_events_are_not_after_publication(item: tuple[str, str | None, dict]) -> None:
    _, published, ev = item
    if ev["status"] != "occurred" or ev["date"] is None or published is None:
        return
    # A prefix date ("2024-06") is a period: it must start on or before the publication day.
    assert ev["date"] <= published[: len(ev["date"])], (ev["date"], published)
