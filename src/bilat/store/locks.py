"""The build lock: one build at a time on a database, refused at once, never after a wait.

SQLite: an exclusive ``flock`` (``msvcrt.locking`` on Windows) on a file beside the
database, ``<db>.lock`` (:class:`bilat.file_lock.FileLock`, outside this package so that a
build takes it before it imports SQLAlchemy). PostgreSQL: a session advisory lock keyed by
the schema, held on a connection of its own. Either is released by the operating system or
the server when the process ends, however it ends (a ``kill -9`` included), so a killed
build never leaves a database locked.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from sqlalchemy import Connection, Engine, text

from bilat.errors import DatabaseLocked
from bilat.file_lock import ANOTHER_BUILD, FileLock

__all__ = ["ANOTHER_BUILD", "AdvisoryLock", "BuildLock", "FileLock", "advisory_key"]


class BuildLock(Protocol):
    def release(self) -> None: ...


class AdvisoryLock:
    """A PostgreSQL session advisory lock for the database's current schema."""

    def __init__(self, engine: Engine, where: str) -> None:
        self._conn: Connection | None = engine.connect()
        try:
            schema = self._conn.execute(text("SELECT current_schema()")).scalar_one()
            got = self._conn.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                     {"key": advisory_key(str(schema))}).scalar_one()
            self._conn.commit()  # the lock belongs to the session; no transaction stays open
        except BaseException:
            self.release()
            raise
        if not got:
            self.release()
            raise DatabaseLocked(ANOTHER_BUILD.format(where=where))

    def release(self) -> None:
        if self._conn is not None:
            # invalidated, not returned to the pool: closing the session frees the lock
            self._conn.invalidate()
            self._conn.close()
            self._conn = None


def advisory_key(schema: str) -> int:
    """A signed 64-bit key for builds on ``schema`` (PostgreSQL advisory locks take one)."""
    digest = hashlib.sha256(f"bilat build {schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
