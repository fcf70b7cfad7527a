"""Statement helpers shared by the store's writes, reads and queries: IN lists in chunks,
bulk and idempotent inserts. Every value is a bound parameter."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite

CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


def chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: idempotent writes that also survive a
    concurrent writer storing the same row between our check and our insert."""
    if not rows:
        return
    dialect_insert = sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert
    conn.execute(dialect_insert(table).on_conflict_do_nothing(), rows)


def existing(conn: Connection, column: Column[Any], ids: Sequence[str]) -> set[str]:
    """The ``ids`` present in ``column``."""
    found: set[str] = set()
    for chunk in chunks(ids):
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def values_where(conn: Connection, column: Column[Any], key: Column[Any],
                 keys: Sequence[str]) -> set[str]:
    """Distinct ``column`` values of the rows whose ``key`` is in ``keys``."""
    found: set[str] = set()
    for chunk in chunks(keys):
        found.update(conn.execute(select(column).where(key.in_(chunk)).distinct()).scalars())
    return found
