"""The aggregates the server keeps (bilat.web.aggregates): computed once per data version,
recomputed after any write to the database, never kept when the version is unknown."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from fastapi.testclient import TestClient
from tests.web.conftest import populate

from bilat.store import open_store
from bilat.store.base import EventFilter, Store
from bilat.web import create_app
from bilat.web.aggregates import Aggregates, data_version_of


class Counting:
    """A compute function that says how often it ran."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def aggregates(version: list[int | None], entries: int = 8) -> Aggregates:
    # kept() alone: no store is called
    return Aggregates(cast(Store, None), lambda: version[0], entries=entries)


def test_an_aggregate_is_computed_once_per_data_version() -> None:
    version: list[int | None] = [1]
    kept, compute = aggregates(version), Counting()
    assert [kept.kept("stats", compute) for _ in range(3)] == [1, 1, 1]
    version[0] = 2  # the data changed
    assert kept.kept("stats", compute) == 2 and compute.calls == 2


def test_an_unknown_version_keeps_nothing() -> None:
    kept, compute = aggregates([None]), Counting()
    assert [kept.kept("stats", compute) for _ in range(3)] == [1, 2, 3]


def test_the_least_recently_used_answer_goes_first() -> None:
    kept = aggregates([1], entries=2)
    first, second, third = Counting(), Counting(), Counting()
    kept.kept("a", first)
    kept.kept("b", second)
    kept.kept("a", first)  # "a" used again: "b" is now the oldest
    kept.kept("c", third)
    kept.kept("a", first)
    kept.kept("b", second)
    assert (first.calls, second.calls, third.calls) == (1, 2, 1)


def test_a_store_in_memory_is_not_cached() -> None:
    store = open_store(":memory:")
    try:
        assert data_version_of(store)() is None
    finally:
        store.close()


def _fresh_db(tmp_path: Path) -> Path:
    path = tmp_path / "served.db"
    store = open_store(str(path))
    try:
        populate(store)
    finally:
        store.close()
    return path


def _drop_one_event(store: Store) -> None:
    events = [row.event for row in store.events(EventFilter())]
    store.replace_events(events[1:], {})


def test_a_build_writing_to_the_database_is_seen_at_the_next_request(tmp_path: Path) -> None:
    path = _fresh_db(tmp_path)
    served = open_store(str(path))
    try:
        with TestClient(create_app(served)) as client:
            before = client.get("/api/stats").json()["total"]
            assert client.get("/api/stats").json()["total"] == before  # kept
            build = open_store(str(path))  # another process's connection, as a build's
            try:
                _drop_one_event(build)
            finally:
                build.close()
            assert client.get("/api/stats").json()["total"] == before - 1
            assert client.get("/api/events?limit=1").json()["total"] == before - 1
    finally:
        served.close()


def test_a_write_through_the_servers_own_store_is_seen_too(tmp_path: Path) -> None:
    path = _fresh_db(tmp_path)
    served = open_store(str(path))
    try:
        with TestClient(create_app(served)) as client:
            before = client.get("/stats").text
            total = client.get("/api/network").json()["edges_total"]
            _drop_one_event(served)  # the server's own connection pool writes
            assert client.get("/stats").text != before
            assert client.get("/api/network").json()["edges_total"] <= total
            assert client.get("/api/stats").json()["total"] == len(served.events(EventFilter()))
    finally:
        served.close()
