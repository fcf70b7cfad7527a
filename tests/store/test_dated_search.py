"""The words in the events' date order (bilat.store.dated_search, SQLite): its rows follow
the events through merges, corrections of the record and removed documents exactly as a
rebuild makes them; colliding keys still find their rows; a database of schema v8 gets
them when opened; and a page of words sorted by date is the page the generic plan gives,
by offset and by cursor, with undated events and other filters."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select, text

from bilat.store import EventFilter, SqlStore, dated_search, listing, open_store
from bilat.store import tables as t
from bilat.store.base import MergeUpdate


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return str(tmp_path / "bilat.db")


@pytest.fixture
def stored(sqlite_url: str, world: SimpleNamespace) -> SqlStore:
    """The random world stored as builds store it: documents, then merges in batches."""
    store = open_store(sqlite_url)
    assert isinstance(store, SqlStore)
    store.add_analyses(world.analyses)
    for lo in range(0, len(world.events), 40):
        store.apply_merge(MergeUpdate(tuple(world.events[lo:lo + 40]), {}, (), {}, ()))
    return store


def rows(store: SqlStore) -> list[tuple[Any, ...]]:
    """The index's rows without their rowids' hashes: (day, event, mention seq, words)."""
    es = t.event_search
    with store.engine.connect() as conn:
        found = conn.execute(select(es.c.rowid, es.c.event_id, es.c.mention_seq, es.c.body))
        return sorted((dated_search.day_of(r), e, s, b) for r, e, s, b in found)


def rebuilt(store: SqlStore) -> list[tuple[Any, ...]]:
    with store.engine.begin() as conn:
        dated_search.rebuild(conn)
    return rows(store)


def expected(store: SqlStore) -> list[tuple[Any, ...]]:
    """What the index must hold: a row per mention of every stored event, under its day."""
    e, em, ms = t.events, t.event_mentions, t.mention_search
    stmt = (select(e.c.order_up, e.c.id, em.c.mention_seq, ms.c.body)
            .join(em, em.c.event_id == e.c.id)
            .join(ms, ms.c.rowid == em.c.mention_seq))  # fmt: skip
    with store.engine.connect() as conn:
        return sorted((dated_search.day_number(up), i, s, b) for up, i, s, b in conn.execute(stmt))


# ---------------------------------------------------------------------------- keeping it


def test_rows_kept_by_merges_are_one_per_mention_of_each_event(stored: SqlStore) -> None:
    kept = rows(stored)
    assert kept and kept == expected(stored) == rebuilt(stored)


def test_rows_follow_events_joined_split_redated_and_deleted(stored: SqlStore,
                                                             world: SimpleNamespace) -> None:
    e = world.events
    joined = replace(e[0], id="J01", mention_ids=e[0].mention_ids + e[1].mention_ids,
                     date="2031-02-03")  # a new day: the rows move
    split = [replace(e[2], id=f"S2{i}", mention_ids=(m,)) for i, m in enumerate(e[2].mention_ids)]
    stored.apply_merge(MergeUpdate((joined, *split), {}, (), {}, ()))
    assert rows(stored) == expected(stored)
    listed = {r[1] for r in rows(stored)}
    assert "J01" in listed and not {"E000", "E001", "E002"} & listed
    stored.rewrite_corrected(["J01"], [], {})  # a correction rejects it
    assert rows(stored) == expected(stored) == rebuilt(stored)


def test_rows_of_removed_documents_go_with_their_events(stored: SqlStore,
                                                        world: SimpleNamespace) -> None:
    before = len(rows(stored))
    stored.prune(keep=[a.document.name for a in world.analyses[1:]])
    assert len(rows(stored)) < before
    assert rows(stored) == expected(stored)


def test_colliding_keys_take_the_next_rowid_and_are_found_again(
        stored: SqlStore, world: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: rowids are unique; a (event, mention) whose hash is taken moves on, and taking
    the event out still deletes exactly its rows."""
    monkeypatch.setattr(dated_search, "row_key",
                        lambda up, eid, seq: dated_search.first_rowid(dated_search.day_number(up)))
    rebuilt(stored)  # every row of a day collides with the day's first rowid
    assert rows(stored) == expected(stored)
    stored.apply_merge(MergeUpdate(tuple(world.events[5:30]), {}, (), {}, ()))
    assert rows(stored) == expected(stored)


def test_schema_v8_gets_the_index_when_opened(stored: SqlStore, sqlite_url: str) -> None:
    before = rows(stored)
    with stored.engine.begin() as conn:  # back to what bilat wrote at schema v8
        conn.execute(text("DROP TABLE event_search"))
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value="8"))
    stored.close()
    migrated = open_store(sqlite_url)
    assert isinstance(migrated, SqlStore)
    assert rows(migrated) == before
    migrated.close()


# ---------------------------------------------------------------------------- pages


FILTERS = [
    EventFilter(q="report"),  # every event, undated ones too
    EventFilter(q="document 3"),
    EventFilter(q="report", since="2024-06", until="2024-06-19"),
    EventFilter(q="report", type="MEET", countries=("RUS",)),
    EventFilter(q="report", since="2024"),
    EventFilter(q="nothing matches this"),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: f"{f.q}|{f.since}|{f.type}")
@pytest.mark.parametrize("sort", ["date", "-date"])
def test_a_page_of_words_by_date_is_the_generic_plans_page(stored: SqlStore, flt: EventFilter,
                                                           sort: str) -> None:
    """Rule: walking the index by date gives the same pages (ties by id, undated last) and
    cursors as walking the events and checking every match."""
    with stored.engine.connect() as conn:
        by_index = listing.criteria(conn, flt)
        generic = replace(by_index, terms=())
        for limit, offset in ((5, 0), (7, 3), (50, 0), (200, 0), (10, 40)):
            assert listing.page(conn, by_index, limit=limit, offset=offset, sort=sort,
                                after=None) == listing.page(conn, generic, limit=limit,
                                                            offset=offset, sort=sort, after=None)
        after: dict[str, str | None] = {"index": None, "generic": None}
        for _ in range(30):  # follow the cursors to the end
            a = listing.page(conn, by_index, limit=4, offset=0, sort=sort, after=after["index"])
            b = listing.page(conn, generic, limit=4, offset=0, sort=sort, after=after["generic"])
            assert a == b
            after = {"index": a[1], "generic": b[1]}
            if a[1] is None:
                break


def test_every_matching_event_is_listed_once(stored: SqlStore, world: SimpleNamespace) -> None:
    listed = [r.event.id for r in stored.events(EventFilter(q="report"), limit=1000)]
    assert sorted(listed) == sorted(e.id for e in world.events)
