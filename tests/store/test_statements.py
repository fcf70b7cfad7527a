"""Statement helpers: a list of ids bound as one parameter (ByIds) reads the rows an IN
list of those ids reads, on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, Engine, event, select

from bilat.model import Failure
from bilat.store import tables as t
from bilat.store.sql import SqlStore
from bilat.store.statements import BULK, ByIds, insert_bulk, insert_rows

FAILURES_BY_NAME = ByIds(lambda among: select(t.failures.c.name, t.failures.c.code)
                         .where(among(t.failures.c.name)))
# names a JSON array or an SQL literal would have to escape, and one no row has
NAMES = ("plain.txt", 'quote "double".txt', "quote 'single'.txt", "back\\slash.txt",
         "Пхеньян.txt", "emoji 🛰.txt", "comma, and ].txt")


@contextmanager
def _statements_sent(engine: Engine, starting: str) -> Iterator[list[str]]:
    """The SQL statements beginning with ``starting`` that ``engine`` sends within the
    block."""
    sent: list[str] = []

    def record(conn: object, cursor: object, statement: str, *rest: object) -> None:
        if statement.startswith(starting):
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def failed(store: SqlStore) -> SqlStore:
    store.add_failures([Failure(name, name, "read", f"E{i}", "empty")
                        for i, name in enumerate(NAMES)])
    return store


@pytest.mark.parametrize("wanted", [
    NAMES,
    NAMES[1:4],
    (NAMES[0], NAMES[0], "missing.txt"),  # repeated and unknown ids: each row once
    (),
])
def test_rows_among_ids_are_those_an_in_list_reads(failed: SqlStore,
                                                   wanted: tuple[str, ...]) -> None:
    with failed.engine.connect() as conn:
        found = sorted(FAILURES_BY_NAME.execute(conn, wanted).tuples())
        listed = sorted(conn.execute(select(t.failures.c.name, t.failures.c.code)
                                     .where(t.failures.c.name.in_(wanted))).tuples())
    assert found == listed
    assert {name for name, _ in found} == set(wanted) & set(NAMES)


def test_ids_are_one_bound_parameter_on_sqlite(failed: SqlStore) -> None:
    """The SQL sent does not grow with the list: nothing is rendered per id."""
    with failed.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("other databases bind an expanding IN")
        with _statements_sent(failed.engine, "SELECT") as sent:
            for wanted in (NAMES[:1], NAMES):
                assert len(FAILURES_BY_NAME.execute(conn, wanted).all()) == len(wanted)
    assert len(sent) == 2 and sent[0] == sent[1] and sent[0].count("?") == 1


def _facet_rows(n: int, first: int = 0) -> list[dict[str, object]]:
    return [{"facet": f"type:{i % 7}", "event_id": f"e{i:05d}",
             "order_up": f"2020-{i % 12 + 1:02d}", "order_down": "2020", "sources": i % 5}
            for i in range(first, first + n)]


def _indexes_and_stats(conn: Connection) -> tuple[list[tuple[str, str]], list[tuple[str, ...]]]:
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event_facets'"
        " ORDER BY name").all()
    stats = conn.exec_driver_sql(
        "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'event_facets' ORDER BY idx").all()
    return [tuple(r) for r in indexes], [tuple(r) for r in stats]


@pytest.mark.parametrize("stored", [0, 3])
def test_bulk_rows_are_inserted_with_the_same_indexes_and_statistics(store: SqlStore,
                                                                     stored: int) -> None:
    """Into an empty table the indexes are made after the rows, into a filled one kept:
    either way the rows, the indexes' SQL and their planner statistics are as before."""
    rows = _facet_rows(BULK)
    with store.engine.begin() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("other databases keep their indexes")
        insert_rows(conn, t.event_facets, _facet_rows(stored, first=BULK))
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql("INSERT OR REPLACE INTO sqlite_stat1 VALUES"
                             " ('event_facets', 'ix_event_facets_order_up', '9 9 9 1')")
        before = _indexes_and_stats(conn)
        with _statements_sent(store.engine, "DROP INDEX") as dropped:
            insert_bulk(conn, t.event_facets, rows)
        assert _indexes_and_stats(conn) == before
        assert len(dropped) == (0 if stored else 3)
        found = conn.exec_driver_sql("SELECT facet, event_id, order_up, order_down, sources"
                                     " FROM event_facets ORDER BY event_id").all()
        assert [tuple(r) for r in found] == [tuple(r.values())
                                             for r in rows + _facet_rows(stored, first=BULK)]
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT event_id FROM event_facets WHERE facet = 'type:1'"
            " ORDER BY order_up, event_id").all()
        assert "ix_event_facets_order_up" in " ".join(str(r[-1]) for r in plan)


def test_bulk_rows_rolled_back_leave_the_indexes(store: SqlStore) -> None:
    """An interrupted write (its transaction rolled back) leaves the table as it was."""
    with store.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("other databases keep their indexes")
        before = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                      " AND tbl_name = 'event_facets' ORDER BY name").all()
        conn.rollback()
        with pytest.raises(RuntimeError), conn.begin():
            insert_bulk(conn, t.event_facets, _facet_rows(BULK))
            raise RuntimeError("interrupted")
        after = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                     " AND tbl_name = 'event_facets' ORDER BY name").all()
        assert after == before and len(after) == 3  # the three sort indexes
        assert conn.exec_driver_sql("SELECT count(*) FROM event_facets").scalar() == 0
