"""A parallel build into a new SQLite file takes its build lock first and opens its store
once its workers have their first chunks (store_later.py): the lock still refuses a second
build at once, and a document stored as it is that went out before the store was open is
still counted as already stored, a new version of a stored name still replaces it, the
database ending as a build that checked every chunk before it went out leaves it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.pipeline.test_changed_input import DOCS, EDITED, _manifest, _state

import bilat.pipeline.run as pipeline_run
from bilat.errors import DatabaseLocked
from bilat.file_lock import FileLock
from bilat.model import Document
from bilat.pipeline import build, store_later
from bilat.pipeline.store_later import StoreLater, new_database_lock
from bilat.store import open_store
from bilat.store.base import DocumentChange, Store


def _doc(name: str, text: str) -> Document:
    return Document(id=f"id-{name}-{text}", name=name, text=text, clean=text)


class _Stored:
    """A store that holds ``ids`` as they are, and counts how often it is asked."""

    def __init__(self, ids: set[str]) -> None:
        self.ids = ids
        self.asked: list[list[str]] = []

    def current_documents(self, documents: list[Document]) -> set[str]:
        self.asked.append([d.name for d in documents])
        return {d.id for d in documents} & self.ids


def test_chunks_go_out_unchecked_until_the_store_opens_then_are_checked_at_once() -> None:
    stored, fresh, later = _doc("a", "same"), _doc("b", "new"), _doc("c", "late")
    store = _Stored({stored.id})
    stores = StoreLater(lambda: store, unchecked_chunks=2)  # type: ignore[arg-type, return-value]
    assert stores.hand_out_unchecked([stored])
    assert stores.hand_out_unchecked([fresh])
    assert not stores.hand_out_unchecked([later])  # the budget is spent
    assert stores.opened is None and store.asked == []
    assert stores() is store
    assert store.asked == [["a", "b"]] and stores.stored_early == {"a"}
    assert stores() is store and store.asked == [["a", "b"]]  # opened and checked once


def test_an_open_store_hands_nothing_out_unchecked() -> None:
    store = _Stored(set())
    opened = store_later.opened_now(store)  # type: ignore[arg-type]
    assert not opened.hand_out_unchecked([_doc("a", "x")])
    unopened = StoreLater(lambda: store, unchecked_chunks=1)  # type: ignore[arg-type, return-value]
    unopened()
    assert not unopened.hand_out_unchecked([_doc("a", "x")])
    assert store.asked == []  # nothing went out unchecked: nothing to check


def test_only_a_new_sqlite_file_is_locked_before_its_store_opens(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    lock = new_database_lock(str(new))
    assert lock is not None
    try:
        with pytest.raises(DatabaseLocked, match="Another build"):
            open_store(str(new), exclusive=True)  # the lock the store itself takes
    finally:
        lock.release()
    existing = tmp_path / "old.db"
    open_store(str(existing)).close()
    assert new_database_lock(str(existing)) is None
    assert not (tmp_path / "old.db.lock").exists()  # looked at under the lock, freed
    for other in (":memory:", f"sqlite:///{new}", str(tmp_path / "nowhere" / "x.db")):
        assert new_database_lock(other) is None


def test_a_second_build_into_a_new_file_is_refused_before_the_model_loads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bilat.pipeline.analyse as analyse

    def no_model(*_: object) -> None:
        raise AssertionError("the model was loaded for a build that could not run")

    monkeypatch.setattr(analyse, "warm", no_model)
    db = tmp_path / "x.db"
    running = FileLock(Path(f"{db.resolve()}.lock"), repr(str(db)))  # a build's lock
    try:
        for jobs in (2, 1):
            with pytest.raises(DatabaseLocked, match="Another build"):
                build([tmp_path], db=str(db), jobs=jobs)
    finally:
        running.release()
    assert not db.exists()


def test_stored_documents_met_by_the_unchecked_chunks_are_skipped_or_replaced_as_before(
        dev_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for doc in DOCS:
        shutil.copy(dev_dir / "docs" / doc, folder / doc)
    manifest = _manifest(dev_dir, tmp_path / "manifest.jsonl")
    shutil.copy(dev_dir / "docs" / EDITED, folder / "repost-of-dv_19.txt")
    db = tmp_path / "x.db"
    build([folder], db=str(db), manifest=manifest, jobs=2)
    text = (folder / EDITED).read_text(encoding="utf-8")
    (folder / EDITED).write_text(text.replace("during a phone call", "in Moscow"),
                                 encoding="utf-8")
    checked_first = tmp_path / "checked.db"
    shutil.copy(db, checked_first)

    def lock_any_file(path: str) -> FileLock:  # as if the stored file were new
        return FileLock(Path(f"{Path(path).resolve()}.lock"), repr(path))

    opened: list[Store] = []
    opened_at_first_use = store_later.StoreLater.__call__

    def seen_opening(self: StoreLater) -> Store:
        if self.opened is None:
            opened.append(opened_at_first_use(self))
            assert self.stored_early == set(DOCS) - {EDITED} | {"repost-of-dv_19.txt"}
        return opened_at_first_use(self)

    monkeypatch.setattr(pipeline_run, "new_database_lock", lock_any_file)
    monkeypatch.setattr(store_later.StoreLater, "__call__", seen_opening)
    names: list[str] = []
    early = build([folder], db=str(db), manifest=manifest, jobs=2, progress=names.append)
    monkeypatch.undo()
    assert opened  # the store was opened after the chunk went out
    assert early.replaced == [DocumentChange(EDITED, "text")]
    assert (early.taken, early.already, early.skipped) == (1, len(DOCS), [])
    assert sorted(names) == sorted([*DOCS, "repost-of-dv_19.txt"])

    before = build([folder], db=str(checked_first), manifest=manifest, jobs=2)
    assert (before.taken, before.already, before.replaced) == (1, len(DOCS), early.replaced)
    assert _state(db) == _state(checked_first)
