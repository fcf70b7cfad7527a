"""Database failures become coded StoreErrors with a fix, built from the driver's one-line
reason and never from the statement or its parameters (article text)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg
from sqlalchemy import event

from bilat.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseUnreachable,
    DiskFull,
    StoreError,
)
from bilat.model import Document, DocumentAnalysis, Failure, Sentence
from bilat.store import SqlStore, open_store
from bilat.store.faults import REASON_CHARS, classify, reason_of, store_error


def sqlite_error(message: str, code: int | None) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    if code is not None:
        exc.sqlite_errorcode = code  # what Python 3.11+ sets
    return exc


@pytest.mark.parametrize(("driver", "kind"), [
    (sqlite_error("database is locked", 5), DatabaseLocked),
    (sqlite_error("database is locked", 5 | (2 << 8)), DatabaseLocked),  # SQLITE_BUSY_SNAPSHOT
    (sqlite_error("database or disk is full", 13), DiskFull),
    (sqlite_error("file is not a database", 26), DatabaseCorrupt),
    (sqlite_error("database disk image is malformed", 11), DatabaseCorrupt),
    (sqlite_error("attempt to write a readonly database", 8), DatabaseReadOnly),
    (sqlite_error("database or disk is full", None), DiskFull),  # Python 3.10: by message
    (sqlite_error("no such table: x", 1), None),
    (pg.DiskFull("could not extend file: No space left on device"), DiskFull),
    (pg.LockNotAvailable("could not obtain lock"), DatabaseLocked),
    (pg.IndexCorrupted("index is corrupted"), DatabaseCorrupt),
    (pg.ConnectionFailure("terminating connection"), DatabaseUnreachable),
    (pg.InvalidPassword("password authentication failed"), DatabaseUnreachable),
    (psycopg.OperationalError("connection refused"), DatabaseUnreachable),  # no SQLSTATE yet
    (pg.InsufficientPrivilege("permission denied for table events"), DatabaseReadOnly),
    (pg.SyntaxError("syntax error"), None),
])
def test_driver_errors_are_classified_by_their_codes(driver: BaseException,
                                                     kind: type[StoreError] | None) -> None:
    assert classify(driver) is kind
    error = store_error(driver, "'t.db'")
    assert type(error) is (kind or StoreError) and error.fix_hint


def test_the_reason_is_the_first_line_of_the_drivers_message_only() -> None:
    error = pg.UniqueViolation('duplicate key value violates unique constraint "x"\n'
                               "DETAIL:  Key (name)=(Secret article text) already exists.")
    assert reason_of(error) == 'duplicate key value violates unique constraint "x"'
    assert len(reason_of(Exception("x" * 1000))) == REASON_CHARS


def test_a_locked_database_is_a_coded_error_without_the_parameters(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    store = open_store(str(path))
    assert isinstance(store, SqlStore)
    store.engine.dispose()  # new connections get the short wait below
    event.listen(store.engine, "connect", lambda conn, _: conn.execute("PRAGMA busy_timeout=0"))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        with pytest.raises(DatabaseLocked) as caught:
            store.add_failures([Failure("a.txt", "in/a.txt", "read", "E101", "Secret text")])
    finally:
        other.execute("ROLLBACK")
        other.close()
    message = str(caught.value)
    assert "[E203]" in message and "database is locked" in message
    assert "Secret" not in message and "INSERT" not in message
    assert caught.value.__cause__ is None
    store.add_failures([Failure("a.txt", "in/a.txt", "read", "E101", "Secret text")])  # free
    store.close()


def test_a_write_refused_by_the_database_names_no_row(tmp_path: Path) -> None:
    """An integrity error (a caller's bug) keeps its reason but not the row's values."""
    store = open_store(str(tmp_path / "t.db"))
    assert isinstance(store, SqlStore)
    text = "Secret article text about a visit."
    d = Document(id=Document.make_id("a.txt", text), name="a.txt", text=text, clean=text)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON sentences "
                             "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(StoreError) as caught:
        store.add_analyses([DocumentAnalysis(d, (Sentence(d.id, 0, 0, len(text), text),), ())])
    assert "refused" in str(caught.value) and "Secret" not in str(caught.value)
    store.close()
