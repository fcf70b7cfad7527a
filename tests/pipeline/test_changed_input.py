"""Changed input replaces what was stored (issue 16): a document is known by its name, its
text and metadata are its version. Rebuilding after an edit, a corrected manifest or (with
``prune``) a deletion gives byte for byte the export of a build of the current input into
a new database, and the events, sources and copy links of one. The corpus is the dev
articles of test_incremental.py's two halves, which retell the same events, plus a repost.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bilat.pipeline import build
from bilat.store import SqlStore, open_store
from bilat.store import tables as t
from bilat.store.base import DocumentChange
from bilat.views.export import write_events_jsonl

DOCS = (
    "003_614e8b809048a462.txt",
    "dv_11_kbs-nis-nk-special-forces-to-russia-2024.txt",
    "dv_13_joongang-putin-receives-choe-kremlin-2024.txt",
    "dv_19_joongang-putin-briefs-kim-phone-call-2025.txt",
    "dv_20_stripes-putin-kim-phone-call-alaska-2025.txt",
    "dv_22_devdiscourse-putin-arrives-vietnam-state-visit-2024.txt",
)
EDITED = "dv_19_joongang-putin-briefs-kim-phone-call-2025.txt"
REPOST = "repost-of-dv_19.txt"  # a copy of EDITED until it is edited


def _manifest(dev_dir: Path, path: Path, changes: dict[str, dict[str, Any]] | None = None) -> Path:
    entries = {json.loads(line)["doc"]: json.loads(line)
               for line in (dev_dir / "manifest.jsonl").read_text().splitlines() if line.strip()}
    lines = [{**entries[d], **(changes or {}).get(d, {})} for d in DOCS]
    lines.append({"doc": REPOST, "published": "2025-08-14"})
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


@pytest.fixture
def corpus(dev_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for doc in DOCS:
        shutil.copy(dev_dir / "docs" / doc, folder / doc)
    shutil.copy(dev_dir / "docs" / EDITED, folder / REPOST)
    return folder


def _state(db: Path) -> tuple[bytes, list[Any], dict[str, str], list[Any]]:
    """The export's bytes, the event rows (sourcing figures), the copy map by name and the
    document summaries (metadata)."""
    out = db.with_suffix(".jsonl")
    store = open_store(str(db))
    assert isinstance(store, SqlStore)
    try:
        write_events_jsonl(store, out)
        names = {d.id: d.name for d in store.documents()}
        with store.engine.connect() as conn:
            copies = {names[d]: names[c] for d, c in conn.execute(t.copies.select()).tuples()}
        return out.read_bytes(), store.events(), copies, store.document_summaries()
    finally:
        store.close()


def _clean_build(folder: Path, manifest: Path | None, db: Path) -> tuple[Any, ...]:
    report = build([folder], db=str(db), manifest=manifest)
    assert not report.skipped and not report.replaced
    return _state(db)


def test_an_edited_article_replaces_its_old_version(corpus: Path, dev_dir: Path,
                                                    tmp_path: Path) -> None:
    manifest = _manifest(dev_dir, tmp_path / "manifest.jsonl")
    db = tmp_path / "x.db"
    before = _clean_build(corpus, manifest, db)
    assert before[2] == {REPOST: EDITED}
    text = (corpus / EDITED).read_text(encoding="utf-8")
    edited = text.replace("during a phone call", "during talks in Moscow last week")
    assert edited != text
    (corpus / EDITED).write_text(edited, encoding="utf-8")

    report = build([corpus], db=str(db), manifest=manifest)
    assert report.replaced == [DocumentChange(EDITED, "text")]
    assert (report.taken, report.already) == (1, len(DOCS))
    after = _state(db)
    assert after == _clean_build(corpus, manifest, tmp_path / "clean.db")
    assert after[0] != before[0]  # not vacuous: the edit changed the export

    again = build([corpus], db=str(db), manifest=manifest)
    assert (again.taken, again.replaced) == (0, [])
    assert _state(db) == after


def test_an_edit_that_ends_a_copy_regroups_the_repost(corpus: Path, dev_dir: Path,
                                                      tmp_path: Path) -> None:
    manifest = _manifest(dev_dir, tmp_path / "manifest.jsonl")
    db = tmp_path / "x.db"
    _clean_build(corpus, manifest, db)
    (corpus / EDITED).write_text("Kim Jong Un and Vladimir Putin spoke by telephone on "
                                 "Tuesday, North Korean state media said.\n", encoding="utf-8")
    build([corpus], db=str(db), manifest=manifest)
    after = _state(db)
    assert after == _clean_build(corpus, manifest, tmp_path / "clean.db")
    assert after[2] == {}  # the repost is nobody's copy any more
    assert any(REPOST in row.doc_names and row.independent_sources == row.sources
               for row in after[1])


def test_a_corrected_manifest_replaces_the_documents_it_corrects(corpus: Path, dev_dir: Path,
                                                                 tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    before = _clean_build(corpus, _manifest(dev_dir, tmp_path / "first.jsonl"), db)
    fixes = {DOCS[2]: {"published": "2024-10-05"},
             DOCS[4]: {"url": "https://www.stripes.com/corrected"}}
    manifest = _manifest(dev_dir, tmp_path / "fixed.jsonl", fixes)

    report = build([corpus], db=str(db), manifest=manifest)
    assert sorted(report.replaced, key=lambda c: c.name) == [
        DocumentChange(DOCS[2], "metadata"), DocumentChange(DOCS[4], "metadata")]
    after = _state(db)
    assert after == _clean_build(corpus, manifest, tmp_path / "clean.db")
    assert after[0] != before[0]
    assert {d.name: d.url for d in after[3]}[DOCS[4]] == "https://www.stripes.com/corrected"


def test_prune_removes_what_was_deleted(corpus: Path, dev_dir: Path, tmp_path: Path) -> None:
    manifest = _manifest(dev_dir, tmp_path / "manifest.jsonl")
    db = tmp_path / "x.db"
    _clean_build(corpus, manifest, db)
    (corpus / DOCS[4]).unlink()
    kept = build([corpus], db=str(db), manifest=manifest)  # without --prune: kept
    assert kept.pruned == [] and DOCS[4] in {d.name for d in _state(db)[3]}

    report = build([corpus], db=str(db), manifest=manifest, prune=True)
    assert report.pruned == [DOCS[4]] and report.taken == 0
    after = _state(db)
    assert after == _clean_build(corpus, manifest, tmp_path / "clean.db")
    store = open_store(str(db))
    try:
        assert store.changes() == [DocumentChange(DOCS[4], "pruned")]
    finally:
        store.close()


ARTICLE = ("Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks "
           "with North Korean Foreign Minister Choe Son Hui, the Korean Central News Agency "
           "reported.\n")


def test_one_build_takes_one_document_a_name(tmp_path: Path) -> None:
    """Two inputs named alike: the first read is taken, the other reported (E114), and a
    rebuild takes the same one again (no churn between the two versions)."""
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, day in ((first, "Wednesday"), (second, "Thursday")):
        folder.mkdir()
        (folder / "lavrov.txt").write_text(ARTICLE.replace("Wednesday", day), encoding="utf-8")
    db = tmp_path / "x.db"
    report = build([first, second], db=str(db))
    assert report.taken == 1 and [(f.name, f.code) for f in report.skipped] == [
        ("lavrov.txt", "E114")]
    assert "a/lavrov.txt" in report.skipped[0].message  # says which one was taken
    again = build([first, second], db=str(db))
    assert (again.taken, again.already, again.replaced) == (0, 1, [])
    assert _state(db)[0] == _clean_build(first, None, tmp_path / "c.db")[0]
