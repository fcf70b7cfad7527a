"""A parallel build's store, opened once its workers are forked and have work.

Why: the store's import (SQLAlchemy) and opening, 0.13 to 0.3 CPU s, came before the
worker was forked, with the second core waiting for it (issue 19). A build into a new
SQLite file takes its build lock first (:class:`bilat.file_lock.FileLock`, no SQLAlchemy
needed), so a second build is still refused at once; then loads the model and forks its
workers; hands them their first :data:`UNCHECKED_CHUNKS` chunks without asking the store
which documents it holds; and only then imports and opens the store, while the workers
extract. The chunks sent out unchecked are checked as the store opens, before any result
is stored: a document stored as it is (impossible in a new file, but the check keeps the
build exact whatever the file held) is then counted as already stored when its analysis
comes back, and the analysis dropped, as if it had never been sent.

Any other database (an existing file, ``:memory:``, a URL, PostgreSQL) is opened first,
as before: its stored documents would make the unchecked chunks work for nothing, and
opening it first reports its errors (a newer schema, a bad URL) before the model loads.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bilat import cycles
from bilat.file_lock import FileLock
from bilat.model import Document

if TYPE_CHECKING:
    from bilat.store.base import Store

# Chunks handed out before the store is open: a worker's chunks in flight
# (executors.SHARED_TASKS_PER_WORKER), enough to keep it busy while the store opens.
UNCHECKED_CHUNKS = 3


def new_database_lock(db: str) -> FileLock | None:
    """The build lock of ``db`` taken now, if ``db`` is a SQLite file path (as
    :func:`bilat.store.engine.engine_url` reads one) whose file does not exist yet; None
    for any other database (the store then takes the lock as it opens)."""
    if "://" in db or db.startswith("sqlite:") or db == ":memory:":
        return None
    path = Path(db).expanduser()
    if not path.parent.is_dir():  # the store reports it as it opens
        return None
    path = path.resolve()
    lock = FileLock(Path(f"{path}.lock"), repr(db))
    if path.exists():  # looked at under the lock: no other build creates it meanwhile
        lock.release()
        return None
    return lock


@dataclass
class StoreLater:
    """The build's store, opened at its first use (``open``), and the documents handed out
    before it was (at most ``unchecked_chunks`` chunks: 0 opens it at the first chunk)."""

    open: Callable[[], Store]
    unchecked_chunks: int = 0
    opened: Store | None = None
    unchecked: list[Document] = field(default_factory=list)
    stored_early: set[str] = field(default_factory=set)  # names among them stored as they are

    def __call__(self) -> Store:
        if self.opened is None:
            # the collector paused through the store's imports and their objects frozen
            # with the model's (collector.py): resumed before, its next collections walk
            # all of SQLAlchemy's new objects, while the workers wait for nothing
            with cycles.paused():
                self.opened = self.open()
                gc.freeze()
            if self.unchecked:
                current = self.opened.current_documents(self.unchecked)
                self.stored_early = {d.name for d in self.unchecked if d.id in current}
        return self.opened

    def hand_out_unchecked(self, documents: Sequence[Document]) -> bool:
        """Whether ``documents`` may go out unchecked (kept, to be checked as the store
        opens): while the store is not open and fewer than ``unchecked_chunks`` chunks went."""
        if self.opened is not None or self.unchecked_chunks <= 0:
            return False
        self.unchecked_chunks -= 1
        self.unchecked.extend(documents)
        return True


def opened_now(store: Store) -> StoreLater:
    """A store opened already (any database but a new SQLite file)."""
    return StoreLater(lambda: store, opened=store)


def open_later(db: str) -> StoreLater:
    """A new SQLite file's store, opened at its first use, under the build lock the
    build took already (:func:`new_database_lock`)."""
    def open_it() -> Store:
        from bilat.store import open_store

        return open_store(db)

    return StoreLater(open_it, unchecked_chunks=UNCHECKED_CHUNKS)
