"""Statement helpers shared by the store's writes, reads and queries: IN lists in chunks,
bulk and idempotent inserts. Every value is a bound parameter."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    CursorResult,
    Delete,
    Select,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import sqlite

if TYPE_CHECKING:  # typing has it from Python 3.11 on
    from typing_extensions import Unpack

CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


def chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


class ByIds:
    """A statement reading (or deleting) the rows whose key is among a list of ids, bound
    as one parameter ``ids``. SQLAlchemy renders an expanding IN's placeholders anew at each
    execution (a 500-event page's four reads spent about 5 ms of CPU on it), so on SQLite
    the ids go in as one JSON array that ``json_each`` reads back, which the planner
    seeks one by one in the key's index as it does an IN list. Other databases bind an
    expanding IN. ``build`` makes the statement from the condition on its key column."""

    def __init__(self, build: Callable[[Callable[[Column[Any]], ColumnElement[bool]]],
                                       Select[Any] | Delete]) -> None:
        listed = func.json_each(bindparam("ids", type_=String())).table_valued("value")
        self._sqlite = build(lambda key: key.in_(select(listed.c.value)))
        self._expanding = build(lambda key: key.in_(bindparam("ids", expanding=True)))

    def execute(self, conn: Connection,
                ids: Sequence[str]) -> CursorResult[Unpack[tuple[Any, ...]]]:
        if conn.dialect.name == "sqlite":
            return conn.execute(self._sqlite, {"ids": orjson.dumps(list(ids)).decode()})
        return conn.execute(self._expanding, {"ids": list(ids)})

    def rows(self, conn: Connection, ids: Sequence[str]) -> Iterator[Any]:
        """The rows of any number of ids: on SQLite in one statement (a JSON array has no
        bound-parameter limit; a merge reads thousands of ids), elsewhere CHUNK at a time.
        Each statement's rows are fetched at once: iterating a result fetches them one by
        one (an incremental merge's 15,000 rows: ~0.06 CPU s in fetchone)."""
        for chunk in self._chunks(conn, ids):
            yield from self.execute(conn, chunk).all()

    def run(self, conn: Connection, ids: Sequence[str]) -> None:
        """The statement (one that returns no rows) for any number of ids, as :meth:`rows`."""
        for chunk in self._chunks(conn, ids):
            self.execute(conn, chunk)

    @staticmethod
    def _chunks(conn: Connection, ids: Sequence[str]) -> Iterator[Sequence[str]]:
        parts = [ids] if conn.dialect.name == "sqlite" else chunks(ids)
        return (part for part in parts if part)


def executemany(conn: Connection, stmt: Any, rows: Sequence[dict[str, Any]]) -> None:
    """``stmt`` once per row, through the driver's executemany. SQLAlchemy's own executemany
    processes every row's parameters in Python, which costs more than the database's work
    for bilat's rows of text and integers (none needs a conversion; every row has the first
    row's keys, as SQLAlchemy also requires)."""
    if rows:
        _run_compiled(conn, stmt.compile(dialect=conn.dialect, column_keys=list(rows[0])), rows)


def _run_compiled(conn: Connection, compiled: Any, rows: Sequence[dict[str, Any]]) -> None:
    """A compiled statement once per row, through the driver's executemany."""
    fixed = compiled.params  # the statement's own values (e.g. a literal in a condition)
    params: list[Any] = [{**fixed, **r} for r in rows] if set(fixed) - set(rows[0]) else list(rows)
    if compiled.positional and compiled.positiontup is not None:
        values = itemgetter(*compiled.positiontup)
        params = [values(p) if len(compiled.positiontup) > 1 else (values(p),) for p in params]
    conn.exec_driver_sql(str(compiled), params)


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows inserted in bulk: on SQLite through the driver's executemany (a build stores
    about 100,000 rows; SQLAlchemy's per-row parameter processing was a third of the
    store's CPU), elsewhere through SQLAlchemy, whose PostgreSQL dialect batches the rows
    into multi-row INSERTs (one round trip per thousand rows, not one per row)."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        _run_compiled(conn, _sqlite_insert(conn.dialect, table, False, tuple(rows[0])), rows)
    else:
        conn.execute(insert(table), rows)


@functools.lru_cache(maxsize=256)
def _sqlite_insert(dialect: Any, table: Table, ignore: bool, keys: tuple[str, ...]) -> Any:
    """An INSERT of these columns (``ignore``: ON CONFLICT DO NOTHING) compiled once: a
    build stores each batch with some twenty of them, compiled anew each time otherwise
    (~1 ms each, a tenth of the storing's CPU)."""
    stmt = sqlite.insert(table).on_conflict_do_nothing() if ignore else insert(table)
    return stmt.compile(dialect=dialect, column_keys=list(keys))


# Rows from which an empty table's secondary indexes are built after its rows rather than
# kept up to date row by row (below). One CREATE INDEX sorts the rows once; the fixed cost
# of dropping and creating the indexes is paid back well before this many rows.
BULK = 500


def insert_bulk(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows inserted as :func:`insert_rows` does; on SQLite, when the table is empty and
    ``rows`` are many (a build's final merge writes a fresh database's events, their side
    rows and their facets at once), the table's secondary indexes are dropped first and
    made again from the rows: a fresh build's 11,173 facet rows under three indexes took
    0.053 CPU s kept row by row, 0.032 built after. The same transaction holds the drop,
    the rows and the new indexes, so a reader or an interrupted build never sees the table
    without them; the indexes are made again from their stored SQL, exactly as they were,
    and their planner statistics (``sqlite_stat1``, which DROP INDEX deletes) put back."""
    if conn.dialect.name != "sqlite" or len(rows) < BULK or has_rows(conn, table):
        insert_rows(conn, table, rows)
        return
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        " AND sql IS NOT NULL ORDER BY name", (table.name,)).all()
    stats = _index_stats(conn, [name for name, _ in indexes])
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    insert_rows(conn, table, rows)
    for _, sql in indexes:
        conn.exec_driver_sql(sql)
    if stats:
        conn.exec_driver_sql("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", stats)


def has_rows(conn: Connection, table: Table) -> bool:
    return conn.execute(select(1).select_from(table).limit(1)).first() is not None


def _index_stats(conn: Connection, names: Sequence[str]) -> list[tuple[str, str, str]]:
    """The ``sqlite_stat1`` rows of these indexes (none before the first ANALYZE)."""
    if not names or conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is None:
        return []
    marks = ", ".join("?" * len(names))
    return [tuple(r) for r in conn.exec_driver_sql(
        f"SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IN ({marks})", tuple(names))]


def insert_ignore(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: idempotent writes that also survive a
    concurrent writer storing the same row between our check and our insert."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        _run_compiled(conn, _sqlite_insert(conn.dialect, table, True, tuple(rows[0])), rows)
    else:
        conn.execute(dialect_insert(conn)(table).on_conflict_do_nothing(), rows)


def dialect_insert(conn: Connection) -> Callable[[Table], Any]:
    """The INSERT with ON CONFLICT clauses of the connection's database."""
    if conn.dialect.name == "sqlite":
        return sqlite.insert
    # imported for a PostgreSQL store only: SQLAlchemy's PostgreSQL dialect costs an
    # SQLite build 0.04 CPU s of start-up
    from sqlalchemy.dialects import postgresql

    return postgresql.insert


def existing(conn: Connection, column: Column[Any], ids: Sequence[str]) -> set[str]:
    """The ``ids`` present in ``column`` (a build asks for each batch it stores:
    :class:`ByIds`, not an IN list compiled anew each time)."""
    return {row[0] for row in _present(column.table.name, column.name, column).rows(conn, ids)}


@functools.cache
def _present(table: str, name: str, column: Column[Any]) -> ByIds:
    """The statement reading which ids are in ``column``, made once a column (cached by
    its table's and its own name: a column's ``==`` makes an SQL expression)."""
    return ByIds(lambda among: select(column).where(among(column)))


def delete_in(conn: Connection, column: Column[Any], values: Sequence[str]) -> None:
    """Delete the rows whose ``column`` is among ``values`` (a build deletes by name for
    each batch it stores: :class:`ByIds`, not an IN list compiled anew each time)."""
    _deleting(column.table.name, column.name, column).run(conn, values)


@functools.cache
def _deleting(table: str, name: str, column: Column[Any]) -> ByIds:
    """The statement deleting by ``column``, made once a column (cached as :func:`_present`)."""
    return ByIds(lambda among: delete(column.table).where(among(column)))


def values_where(conn: Connection, column: Column[Any], key: Column[Any],
                 keys: Sequence[str]) -> set[str]:
    """Distinct ``column`` values of the rows whose ``key`` is in ``keys``."""
    found: set[str] = set()
    for chunk in chunks(keys):
        found.update(conn.execute(select(column).where(key.in_(chunk)).distinct()).scalars())
    return found
