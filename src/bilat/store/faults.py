"""Database failures as coded :class:`~bilat.errors.StoreError`\\ s with a fix.

A driver error is classified by its code (SQLite's result code, PostgreSQL's SQLSTATE),
falling back on SQLite's fixed messages for Pythons before 3.11. The message keeps only
the first line of the driver's own reason: SQLAlchemy's text of an error also holds the
SQL statement and its parameters, which are article text, and PostgreSQL's second lines
(DETAIL) quote the values of a row.
"""

from __future__ import annotations

from typing import Any

from bilat.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseUnreachable,
    DiskFull,
    StoreError,
)

REASON_CHARS = 200  # a driver's reason is one short line; a longer one is cut here

# SQLite primary result codes (the low byte of an extended code), sqlite.org/rescode.html
_SQLITE_CODES: dict[int, type[StoreError]] = {
    5: DatabaseLocked,  # SQLITE_BUSY: another connection holds the write lock
    6: DatabaseLocked,  # SQLITE_LOCKED
    8: DatabaseReadOnly,  # SQLITE_READONLY
    11: DatabaseCorrupt,  # SQLITE_CORRUPT
    13: DiskFull,  # SQLITE_FULL
    26: DatabaseCorrupt,  # SQLITE_NOTADB
}
# The same, by the messages SQLite gives them (for a sqlite3 module without error codes).
_SQLITE_MESSAGES: tuple[tuple[str, type[StoreError]], ...] = (
    ("database is locked", DatabaseLocked),
    ("database table is locked", DatabaseLocked),
    ("readonly database", DatabaseReadOnly),
    ("database disk image is malformed", DatabaseCorrupt),
    ("database or disk is full", DiskFull),
    ("file is not a database", DatabaseCorrupt),
)
# SQLSTATE classes (the first two characters) of a connection that failed or was refused
# (08: connection exception, 28: invalid authorization), postgresql.org/docs/current/
# errcodes-appendix.html
_PG_UNREACHABLE_CLASSES = ("08", "28")

_WHAT: dict[type[StoreError], str] = {
    DatabaseLocked: "The database {where} is locked by another process ({reason}).",
    DiskFull: "The disk holding the database {where} is full ({reason}).",
    DatabaseCorrupt: "{where} is not a readable bilat database ({reason}).",
    DatabaseUnreachable: "Cannot reach the database {where} ({reason}).",
    DatabaseReadOnly: "The database {where} cannot be written ({reason}).",
}


def store_error(exc: BaseException, where: str, *, doing: str = "failed") -> StoreError:
    """The coded StoreError for a driver (or SQLAlchemy) error on the database ``where``;
    ``doing`` words an unclassified error ("cannot be opened", "failed")."""
    driver = getattr(exc, "orig", None) or exc
    reason = reason_of(driver)
    kind = classify(driver)
    if kind is None:
        return StoreError(f"The database {where} {doing} ({reason}).",
                          fix="Check the --db argument and the database; `bilat doctor --db "
                              "...` checks it without changing it.")  # fmt: skip
    return kind(_WHAT[kind].format(where=where, reason=reason))


def classify(driver: BaseException) -> type[StoreError] | None:
    """The StoreError class of a driver error, or None when it is none of the known ones."""
    if _is_psycopg(driver):
        return _postgres_kind(driver)
    code = getattr(driver, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_CODES.get(code & 0xFF)
    text = str(driver).lower()
    return next((kind for words, kind in _SQLITE_MESSAGES if words in text), None)


def reason_of(driver: BaseException) -> str:
    """The first line of the driver's message: never a statement, its parameters or a row."""
    lines = str(driver).strip().splitlines()
    line = lines[0].strip() if lines else type(driver).__name__
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 3] + "..."


def _is_psycopg(driver: Any) -> bool:
    return type(driver).__module__.split(".")[0] == "psycopg"


def _postgres_kind(driver: BaseException) -> type[StoreError] | None:
    """By psycopg's error class for each SQLSTATE (psycopg.errors), or its SQLSTATE class."""
    from psycopg import OperationalError
    from psycopg import errors as pg

    kinds: tuple[tuple[tuple[type[Exception], ...], type[StoreError]], ...] = (
        ((pg.DiskFull,), DiskFull),
        ((pg.LockNotAvailable,), DatabaseLocked),
        ((pg.DataCorrupted, pg.IndexCorrupted), DatabaseCorrupt),
        ((pg.ReadOnlySqlTransaction, pg.InsufficientPrivilege), DatabaseReadOnly),
        ((pg.InvalidCatalogName, pg.AdminShutdown, pg.CrashShutdown, pg.CannotConnectNow,
          pg.TooManyConnections), DatabaseUnreachable),
    )  # fmt: skip
    for classes, kind in kinds:
        if isinstance(driver, classes):
            return kind
    state = getattr(driver, "sqlstate", None)
    if state and state[:2] in _PG_UNREACHABLE_CLASSES:
        return DatabaseUnreachable
    if state is None and isinstance(driver, OperationalError):
        return DatabaseUnreachable  # refused, unknown host, timed out: before any SQLSTATE
    return None
