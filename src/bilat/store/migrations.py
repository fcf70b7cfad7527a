"""The steps of bilat's schema history: ``MIGRATIONS[v]`` upgrades a database from schema
version v to v + 1.

Each step runs inside the transaction that also records the new version
(:func:`bilat.store.schema.upgrade`), so a failing step leaves the database as it was. To
change the schema: change :mod:`bilat.store.tables`, raise ``SCHEMA_VERSION`` in
:mod:`bilat.config` and add the step here.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Connection, select, text

from bilat.store import dated_search
from bilat.store.blocks import block_rows
from bilat.store.rows import mention_from_row
from bilat.store.summaries import rebuild
from bilat.store.tables import (
    SUMMARY_TABLES,
    copies,
    corrections,
    document_bands,
    document_changes,
    documents,
    event_corrections,
    event_mentions,
    events,
    mention_blocks,
    mentions,
    pending_documents,
    text_type,
)

Migration = Callable[[Connection], None]

V3_COLUMNS = ("what",)  # columns schema v3 added to mentions and events
V5_COLUMNS = ("spans",)  # columns schema v5 added to mentions


def v1_to_v2(conn: Connection) -> None:
    """Incremental builds: the blocking and band indexes and the pending list. Every stored
    document is marked pending, so the next build re-merges it all once (and computes the
    band keys); each build after that merges only what it adds."""
    for table in (mention_blocks, document_bands, pending_documents):
        table.create(conn)
    # the table's own Index object: a new one would attach to the shared metadata twice
    next(i for i in copies.indexes if i.name == "ix_copies_canonical").create(conn)
    conn.execute(pending_documents.insert().from_select(["doc_id"], select(documents.c.id)))
    batch: list[dict[str, str]] = []
    later = V3_COLUMNS + V5_COLUMNS
    v2_columns = [c for c in mentions.c if c.name not in later]  # what a v2 table has
    for row in conn.execute(select(*v2_columns)).all():
        batch.extend(block_rows(mention_from_row(row)))
        if len(batch) >= 5000:
            conn.execute(mention_blocks.insert(), batch)
            batch = []
    if batch:
        conn.execute(mention_blocks.insert(), batch)


def v2_to_v3(conn: Connection) -> None:
    """What was signed or moved (``EventMention.what``, ``Event.what``). Stored mentions
    get no label (an unknown label fits any other, so their events stay as merged); a
    document built again is stored again with its labels."""
    # alembic's operations write the ALTER TABLE each dialect needs (with the column's
    # PostgreSQL collation), which SQLAlchemy Core has no construct for
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    ops = Operations(MigrationContext.configure(conn))
    for table in (mentions, events):
        for name in V3_COLUMNS:
            ops.add_column(table.name, Column(name, text_type()))


def v3_to_v4(conn: Connection) -> None:
    """A document's identity is its name: the log of replaced and pruned names. (Stored
    documents are left as they are; a name stored twice by an older bilat is made one
    document by the next build that reads it.)"""
    document_changes.create(conn)


def v4_to_v5(conn: Connection) -> None:
    """Every statement of a mention's event in its document (``EventMention.spans``).
    Stored mentions get none (their evidence is their one known statement); a document
    built again is stored again with its spans."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    ops = Operations(MigrationContext.configure(conn))
    for name in V5_COLUMNS:
        ops.add_column(mentions.name, Column(name, text_type()))


def v5_to_v6(conn: Connection) -> None:
    """Summaries of the events, for queries whose cost does not grow with the database
    (facets with sort keys, counts, stats cells, network edges and nodes): created and
    filled from the stored events. Tables already there (a database taken back to an
    older version by hand) are kept and refilled."""
    for table in SUMMARY_TABLES:
        table.create(conn, checkfirst=True)
    rebuild(conn)


def v6_to_v7(conn: Connection) -> None:
    """Corrections: the append-only log of what people did to the record, and the fields
    of each event they set. Both start empty."""
    for table in (corrections, event_corrections):
        table.create(conn, checkfirst=True)


def v7_to_v8(conn: Connection) -> None:
    """The map's counts kept with the summaries: a ``place:`` facet per located event,
    and the events of each facet by place and by state in ``facet_counts``. No table
    changes: the summaries are rebuilt from the stored events, as the migration to v6
    made them."""
    rebuild(conn)


def v8_to_v9(conn: Connection) -> None:
    """Full text in the events' date order (SQLite): ``event_search`` created and filled
    from the stored events and their mentions' words. PostgreSQL has nothing to do."""
    dated_search.create(conn)
    dated_search.rebuild(conn)


def v9_to_v10(conn: Connection) -> None:
    """A page's mention ids read from an index alone: ``ix_event_mentions_page`` (event,
    position, mention) on the links of events to their mentions. No data changes."""
    # the table's own Index object (a new one would attach to the shared metadata twice);
    # checkfirst: a database taken back to an older version by hand may have it already
    next(i for i in event_mentions.indexes if i.name == "ix_event_mentions_page").create(
        conn, checkfirst=True)
    # statistics for it too: with the other indexes' and none of its own, SQLite's planner
    # keeps reading the primary key's index and each link's row
    conn.execute(text("ANALYZE event_mentions"))


MIGRATIONS: dict[int, Migration] = {1: v1_to_v2, 2: v2_to_v3, 3: v3_to_v4, 4: v4_to_v5,
                                    5: v5_to_v6, 6: v6_to_v7, 7: v7_to_v8, 8: v8_to_v9,
                                    9: v9_to_v10}
