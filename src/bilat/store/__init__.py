"""bilat's database: :func:`open_store` returns a :class:`Store` on SQLite or PostgreSQL.

- :mod:`~bilat.store.base` - the :class:`Store` interface and the records it returns;
- :mod:`~bilat.store.engine` - opening a ``--db`` (SQLite path or ``postgresql://`` URL),
  with the build lock of :mod:`~bilat.store.locks` when asked; database failures become
  coded errors in :mod:`~bilat.store.faults`;
- :mod:`~bilat.store.tables`, :mod:`~bilat.store.schema`, :mod:`~bilat.store.migrations` -
  the tables, their creation and version, the step from each version to the next;
- :mod:`~bilat.store.sql` - :class:`SqlStore`, whose statements are in
  :mod:`~bilat.store.writes`, :mod:`~bilat.store.replace` (new versions of a document,
  pruning), :mod:`~bilat.store.reads` and :mod:`~bilat.store.queries`
  (with :mod:`~bilat.store.rows`, :mod:`~bilat.store.derived`, :mod:`~bilat.store.search`,
  :mod:`~bilat.store.blocks` and :mod:`~bilat.store.statements` beneath them);
- :mod:`~bilat.store.summaries` - the summaries of the events, kept with every write of
  events; :mod:`~bilat.store.listing` (pages, cursors, counts) and
  :mod:`~bilat.store.aggregates` (stats, network) answer the views from them, and
  :mod:`~bilat.store.places` the map.
"""

from __future__ import annotations

from bilat.store.base import (
    ActorSummary,
    DocumentChange,
    DocumentSummary,
    EventDetail,
    EventFilter,
    EventRow,
    MentionDetail,
    NetworkEdge,
    StatsCell,
    Store,
)
from bilat.store.engine import engine_url, open_store
from bilat.store.sql import SqlStore

__all__ = [
    "ActorSummary",
    "DocumentChange",
    "DocumentSummary",
    "EventDetail",
    "EventFilter",
    "EventRow",
    "MentionDetail",
    "NetworkEdge",
    "SqlStore",
    "StatsCell",
    "Store",
    "engine_url",
    "open_store",
]
