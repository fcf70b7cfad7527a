"""Statement helpers: a list of ids bound as one parameter (ByIds) reads the rows an IN
list of those ids reads, on each backend."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from bilat.model import Failure
from bilat.store import tables as t
from bilat.store.sql import SqlStore
from bilat.store.statements import ByIds

FAILURES_BY_NAME = ByIds(lambda among: select(t.failures.c.name, t.failures.c.code)
                         .where(among(t.failures.c.name)))
# names a JSON array or an SQL literal would have to escape, and one no row has
NAMES = ("plain.txt", 'quote "double".txt', "quote 'single'.txt", "back\\slash.txt",
         "Пхеньян.txt", "emoji 🛰.txt", "comma, and ].txt")


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
    sent: list[str] = []

    def record(conn: object, cursor: object, statement: str, *rest: object) -> None:
        if statement.startswith("SELECT"):
            sent.append(statement)

    with failed.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("other databases bind an expanding IN")
        event.listen(failed.engine, "before_cursor_execute", record)
        try:
            for wanted in (NAMES[:1], NAMES):
                assert len(FAILURES_BY_NAME.execute(conn, wanted).all()) == len(wanted)
        finally:
            event.remove(failed.engine, "before_cursor_execute", record)
    assert len(sent) == 2 and sent[0] == sent[1] and sent[0].count("?") == 1
