"""The full-text index in the events' date order (schema v9, SQLite only): the words of
every mention of every event, keyed so that the index's own order is the listing's.

``mention_search`` answers "which mentions hold these words" in mention order; a page of
events in date order then has to gather every match and sort them, so its cost grows
with the matches, that is with the database. ``event_search`` holds one row per
(event, mention) with the mention's words, under a rowid that starts with the event's
first day (``order_up`` as YYYYMMDD, shifted left by DAY_SHIFT bits) followed by a hash
of the pair. FTS5 walks a MATCH in rowid order, either way, and stops when the caller
stops reading: a page of text matches by date reads about the page's matches (and the
rest of the last day read), whatever the database's size (:func:`matches_by_day`).

The rows are kept in step with the events by :mod:`bilat.store.summaries` (taken out
with an event before it is replaced or deleted, added after it is written) and rebuilt
with the summaries after ``replace_events``. Rowids must be unique: a hash that collides
with a stored row moves to the next free rowid of the same day, and the row is found
again (to delete it) by its ``event_id`` and ``mention_seq``. PostgreSQL has no such
table: its GIN index answers the listing's generic plan (:mod:`bilat.store.listing`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, inspect, select, text

from bilat.store import tables as t
from bilat.store.derived import UNDATED_DOWN, UNDATED_UP, EventTables
from bilat.store.statements import CHUNK, chunks, insert_rows

DAY_SHIFT = 36  # bits of the (event, mention) hash under the day; the day needs 27 bits
UNDATED_DAY = 99_999_999  # the day of an undated event: after every date
PROBE = 64  # rowids after a row's own one searched for it when it collided on insert
LAST_BATCH = 8192  # most rows read per query while walking matches

Entry = tuple[int, str, int]  # (the row's own rowid before any collision, event_id, seq)


def available(conn: Connection) -> bool:
    """The index exists: SQLite at schema v9 or later."""
    return conn.dialect.name == "sqlite" and inspect(conn).has_table(t.event_search.name)


def create(conn: Connection) -> None:
    """The FTS5 table (SQLite): words tokenised as in mention_search, the event and
    mention stored alongside, no column sizes (nothing ranks by them)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS event_search USING fts5(body, event_id UNINDEXED, "
            "mention_seq UNINDEXED, tokenize = 'unicode61 remove_diacritics 2', columnsize=0)"
        ))  # fmt: skip


# ---------------------------------------------------------------------------- keys


def day_number(order_key: str) -> int:
    """The day of a sort key as an integer in the same order: ``"2019-03-05"`` ->
    20190305; an undated event's keys (either placeholder) -> UNDATED_DAY."""
    digits = order_key[:4] + order_key[5:7] + order_key[8:10]
    if order_key in (UNDATED_UP, UNDATED_DOWN) or len(digits) != 8 or not digits.isdigit():
        return UNDATED_DAY
    return int(digits)


def first_rowid(day: int) -> int:
    return day << DAY_SHIFT


def last_rowid(day: int) -> int:
    return ((day + 1) << DAY_SHIFT) - 1


def day_of(rowid: int) -> int:
    return rowid >> DAY_SHIFT


def row_key(order_up: str, event_id: str, seq: int) -> int:
    """The rowid of (event, mention) when nothing collides: its day, then a hash."""
    digest = hashlib.sha1(f"{event_id}\x1f{seq}".encode()).digest()
    return first_rowid(day_number(order_up)) | (int.from_bytes(digest[:5], "big") >> 4)


# ---------------------------------------------------------------------------- upkeep


def _entries(conn: Connection, event_ids: Iterable[str]) -> list[Entry]:
    """The rows the stored events among ``event_ids`` have (or are to have)."""
    e, em = t.events, t.event_mentions
    found: list[Entry] = []
    for chunk in chunks(sorted(set(event_ids))):
        stmt = (select(em.c.event_id, em.c.mention_seq, e.c.order_up)
                .join(e, e.c.id == em.c.event_id).where(em.c.event_id.in_(chunk)))  # fmt: skip
        found += [(row_key(up, eid, seq), eid, seq) for eid, seq, up in conn.execute(stmt)]
    return sorted(found)


def take_out(conn: Connection, event_ids: Iterable[str]) -> None:
    """Delete the rows of stored events (call it before they change or go)."""
    if not available(conn):
        return
    es = t.event_search
    gone: list[int] = []
    for chunk in _batches(_entries(conn, event_ids)):
        stored = _stored(conn, [key for key, _, _ in chunk])
        for key, event_id, seq in chunk:
            if stored.get(key) == (event_id, seq):
                gone.append(key)
            else:  # it collided when it was added: it sits a little further on
                gone += _probe(conn, key, event_id, seq)
    if gone:
        conn.execute(es.delete().where(es.c.rowid == bindparam("k")), [{"k": k} for k in gone])


def add(conn: Connection, event_ids: Iterable[str], tables: EventTables | None = None) -> None:
    """Insert the rows of stored events (call it after they are written; ``tables``: the
    rows written for them, which then need not be read back)."""
    if not available(conn):
        return
    entries = _entries_of(tables) if tables else _entries(conn, event_ids)
    for chunk in _batches(entries):
        bodies = _bodies(conn, [seq for _, _, seq in chunk])
        placed = _place(conn, [key for key, _, _ in chunk])
        rows = [{"rowid": rowid, "body": bodies.get(seq, ""), "event_id": eid, "mention_seq": seq}
                for rowid, (_, eid, seq) in zip(placed, chunk, strict=True)]  # fmt: skip
        insert_rows(conn, t.event_search, rows)


def rebuild(conn: Connection) -> None:
    """Every row made again from the stored events (after replace_events; migration)."""
    if not available(conn):
        return
    conn.execute(t.event_search.delete())
    e = t.events
    last = ""
    while True:
        stmt = select(e.c.id).where(e.c.id > last).order_by(e.c.id).limit(20 * CHUNK)
        ids = list(conn.execute(stmt).scalars())
        if not ids:
            break
        add(conn, ids)
        last = ids[-1]


def _entries_of(tables: EventTables) -> list[Entry]:
    """What :func:`_entries` reads for the events of ``tables``, once they are written."""
    order_up = {e["id"]: e["order_up"] for e in tables.events}
    return sorted((row_key(order_up[m["event_id"]], m["event_id"], m["mention_seq"]),
                   m["event_id"], m["mention_seq"]) for m in tables.mentions)  # fmt: skip


def _batches(entries: list[Entry]) -> Iterator[list[Entry]]:
    for i in range(0, len(entries), CHUNK):
        yield entries[i : i + CHUNK]


def _stored(conn: Connection, keys: Sequence[int]) -> dict[int, tuple[str, int]]:
    es = t.event_search
    stmt = select(es.c.rowid, es.c.event_id, es.c.mention_seq).where(es.c.rowid.in_(keys))
    return {k: (eid, seq) for k, eid, seq in conn.execute(stmt)}


def _probe(conn: Connection, key: int, event_id: str, seq: int) -> list[int]:
    es = t.event_search
    stmt = select(es.c.rowid).where(es.c.rowid.between(key + 1, key + PROBE),
                                    es.c.event_id == event_id, es.c.mention_seq == seq)
    return list(conn.execute(stmt).scalars())


def _bodies(conn: Connection, seqs: Sequence[int]) -> dict[int, str]:
    ms = t.mention_search
    stmt = select(ms.c.rowid, ms.c.body).where(ms.c.rowid.in_(sorted(set(seqs))))
    return {seq: body for seq, body in conn.execute(stmt)}


def _place(conn: Connection, keys: Sequence[int]) -> list[int]:
    """A free rowid for each key (sorted): its own, or the next free one after it."""
    taken = set(_stored(conn, keys))
    placed: list[int] = []
    for key in keys:
        while key in taken:  # taken by a stored row or by one placed before: try the next
            key += 1
            if _stored(conn, [key]):
                taken.add(key)
        taken.add(key)
        placed.append(key)
    return placed


# ---------------------------------------------------------------------------- walking


def matches_by_day(conn: Connection, fts_query: str, days: tuple[int, int], undated: bool,
                   descending: bool, first: int) -> Iterator[list[tuple[int, str]]]:
    """(day, event_id) of the rows matching ``fts_query`` whose day is in ``days`` (first,
    last: dated days), then those of undated events if ``undated``, in day order
    (ascending or descending; any order within a day), in batches that grow while the
    caller reads on (the first of ``first`` rows). An event is listed once per matching
    mention. Undated events come last both ways, as in the listing's sorts."""
    lo_day, hi_day = days[0], min(days[1], UNDATED_DAY - 1)
    if lo_day <= hi_day:
        yield from _walk(conn, fts_query, (lo_day, hi_day), descending, first)
    if undated:
        yield from _walk(conn, fts_query, (UNDATED_DAY, UNDATED_DAY), descending, first)


def _walk(conn: Connection, fts_query: str, days: tuple[int, int], descending: bool,
          size: int) -> Iterator[list[tuple[int, str]]]:
    lo, hi = first_rowid(days[0]), last_rowid(days[1])
    order = "DESC" if descending else ""
    stmt = text(
        "SELECT rowid, event_id FROM event_search WHERE event_search MATCH :q "
        f"AND rowid BETWEEN :lo AND :hi ORDER BY rowid {order} LIMIT :n"
    )
    while lo <= hi:
        rows: list[Any] = list(conn.execute(stmt, {"q": fts_query, "lo": lo, "hi": hi,
                                                   "n": size}))  # fmt: skip
        if not rows:
            return
        yield [(day_of(rowid), event_id) for rowid, event_id in rows]
        if len(rows) < size:
            return
        if descending:
            hi = rows[-1][0] - 1
        else:
            lo = rows[-1][0] + 1
        size = min(size * 2, LAST_BATCH)
