"""The store's aggregates as the server answers them: each computed once per version of the
database's data and kept in this process until the data changes.

Counts, facets, periods, stats, networks, place counts and the actor list change only when
a build (or a correction) writes to the database, yet under load the same few are asked
again and again, and each costs tens of milliseconds at 100k events. So the server keeps
the answers, keyed by what was asked and by the database's data version: SQLite's
``PRAGMA data_version`` read on a connection of its own, which changes whenever any other
connection (a build, a write through this server's own pool) commits. Any write therefore
empties the cache before the next answer. A store whose version cannot be read this way
(in memory, PostgreSQL) is never cached: every call goes to the store.

Lists of events, single events and documents are not kept: they are cheap indexed reads
and there are too many different ones for a cache to help.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from bilat.store.base import (
    ActorSummary,
    EventFilter,
    Facets,
    NetworkPage,
    PeriodCount,
    PlaceCounts,
    StatsCell,
    StatsPage,
    Store,
)
from bilat.store.sql import SqlStore

T = TypeVar("T")
ENTRIES = 256  # answers kept at most (the least recently used go first)
Version = Callable[[], int | None]


class DataVersion:
    """The database's data version, read on a SQLite connection used for nothing else (a
    connection never sees its own commits in ``data_version``, so it must not write)."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()

    def __call__(self) -> int | None:
        with self._lock:
            row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def data_version_of(store: Store) -> Version:
    """How to read ``store``'s data version; one that always says None (nothing is cached)
    when the store is not a SQLite file."""
    if not isinstance(store, SqlStore):
        return lambda: None
    url = store.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return lambda: None
    return DataVersion(str(url.database))


class Aggregates:
    """The aggregates of ``store``, each kept per data version (see module)."""

    def __init__(self, store: Store, version: Version, entries: int = ENTRIES) -> None:
        self.store = store
        self.version = version
        self.entries = entries
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._kept_version: int | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        close = getattr(self.version, "close", None)
        if close is not None:
            close()

    def kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer kept for ``key`` at the current data version, else ``compute()``'s.
        The version is read before computing, so an answer kept under a version was
        computed from that version's data or newer (a write during the computation only
        makes the next request compute it again)."""
        version = self.version()
        if version is None:
            return compute()
        with self._lock:
            if version != self._kept_version:
                self._kept.clear()
                self._kept_version = version
            elif key in self._kept:
                self._kept.move_to_end(key)
                found: T = self._kept[key]
                return found
        # computed outside the lock: other aggregates are answered meanwhile (two requests
        # for the same new key may both compute it; the second answer replaces the first)
        value = compute()
        with self._lock:
            if version == self._kept_version:
                self._kept[key] = value
                while len(self._kept) > self.entries:
                    self._kept.popitem(last=False)
        return value

    # ------------------------------------------------------------------ the store's aggregates

    def count_events(self, flt: EventFilter) -> int:
        return self.kept(("count", flt), lambda: self.store.count_events(flt))

    def facets(self, flt: EventFilter, limit: int = 10) -> Facets:
        return self.kept(("facets", flt, limit), lambda: self.store.facets(flt, limit=limit))

    def periods(self, flt: EventFilter) -> list[PeriodCount]:
        return self.kept(("periods", flt), lambda: self.store.periods(flt))

    def stats_page(self, flt: EventFilter, *, limit: int, offset: int) -> StatsPage:
        return self.kept(("stats", flt, limit, offset),
                         lambda: self.store.stats_page(flt, limit=limit, offset=offset))

    def stats_by_month(self, flt: EventFilter) -> list[StatsCell]:
        return self.kept(("stats by month", flt), lambda: self.store.stats_by_month(flt))

    def network_page(self, flt: EventFilter, *, level: str, limit: int,
                     directed: bool = False) -> NetworkPage:  # fmt: skip
        return self.kept(("network", flt, level, limit, directed), lambda: self.store.network_page(
            flt, level=level, limit=limit, directed=directed))

    def place_counts(self, flt: EventFilter, *, limit: int) -> PlaceCounts:
        return self.kept(("places", flt, limit),
                         lambda: self.store.place_counts(flt, limit=limit))

    def actors(self, q: str | None = None) -> list[ActorSummary]:
        return self.kept(("actors", q), lambda: self.store.actors(q))
