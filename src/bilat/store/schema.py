"""The bilat database schema (SQLAlchemy Core), its creation and its migrations.

One schema serves SQLite and PostgreSQL. The only dialect-specific object is the
full-text table ``mention_search``: an FTS5 virtual table on SQLite, a plain table with a
GIN ``to_tsvector`` index on PostgreSQL (see :mod:`bilat.store.search`).

Columns prefixed ``event_*`` side tables and the sourcing figures on ``events`` are
derived in :meth:`SqlStore.replace_events` so that filtered, paged listings are single
indexed queries instead of Python loops over every row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
    text,
)
from sqlalchemy.types import TypeEngine

from bilat.config import SCHEMA_VERSION
from bilat.errors import SchemaVersionError


def _text() -> TypeEngine[str]:
    """Unbounded text that orders bytewise on both backends: PostgreSQL would otherwise
    sort by the server locale ("a_b" vs "ab"), and listings/exports must not depend on it.
    (No lengths: ids and codes come from other layers and must never be truncated.)"""
    return Text().with_variant(Text(collation="C"), "postgresql")


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", _text(), primary_key=True),
    Column("value", _text(), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", _text(), primary_key=True),
    Column("name", _text(), nullable=False),
    Column("text", _text(), nullable=False),
    Column("clean", _text(), nullable=False),
    Column("published", _text()),
    Column("published_source", _text()),
    Column("url", _text()),
    Column("title", _text()),
    Column("source", _text()),
    Column("language", _text()),
    Index("ix_documents_name", "name"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("doc_id", _text(), ForeignKey("documents.id"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", _text(), nullable=False),
    PrimaryKeyConstraint("doc_id", "idx"),
)

actors = Table(
    "actors",
    metadata,
    Column("id", _text(), primary_key=True),
    Column("name", _text(), nullable=False),
    Column("name_key", _text(), nullable=False),  # bilat.knowledge.names.name_key(name)
    Column("kind", _text(), nullable=False),
    Column("country", _text()),
    Column("aliases", _text(), nullable=False),  # JSON list
    Index("ix_actors_name_key", "name_key"),
)

roles = Table(
    "roles",
    metadata,
    Column("actor_id", _text(), ForeignKey("actors.id"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("title", _text(), nullable=False),
    Column("country", _text()),
    Column("start", _text()),
    Column("end", _text()),
    Column("office", _text()),
    PrimaryKeyConstraint("actor_id", "idx"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", _text(), primary_key=True),
    Column("doc_id", _text(), ForeignKey("documents.id"), nullable=False),
    Column("doc_name", _text(), nullable=False),
    Column("type", _text(), nullable=False),
    Column("actors", _text(), nullable=False),  # JSON list, order kept
    Column("countries", _text(), nullable=False),  # JSON list, order kept
    Column("location", _text()),
    Column("date", _text()),
    Column("status", _text(), nullable=False),
    Column("evidence", _text(), nullable=False),
    Column("start", Integer, nullable=False),  # offsets into documents.text
    Column("end", Integer, nullable=False),
    Column("published", _text()),
    Column("sentence_index", Integer, nullable=False),
    Column("what", _text()),  # what was signed or moved (schema v3)
    # Integer key shared with mention_search's rowid and event_mentions: full-text matches
    # map to events through integer indexes, never by reading text ids out of the index.
    Column("seq", Integer, nullable=False, unique=True),
    Index("ix_mentions_doc_id", "doc_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", _text(), primary_key=True),
    Column("type", _text(), nullable=False),
    Column("actors", _text(), nullable=False),  # JSON list
    Column("countries", _text(), nullable=False),  # JSON list
    Column("location", _text()),
    Column("date", _text()),
    Column("status", _text(), nullable=False),
    Column("conflicts", _text(), nullable=False),  # JSON list
    Column("what", _text()),  # schema v3
    # Derived, for filtering and sorting without Python (see bilat.partial_date).
    Column("date_lo", _text()),  # first day the date can denote, NULL if undated
    Column("date_hi", _text()),  # last day the date can denote
    # date_lo with undated as "9999-99-99" / "0000-00-00": undated sort last both ways, and
    # an index on one column serves the ORDER BY without a NULLS LAST sort.
    Column("order_up", _text(), nullable=False),
    Column("order_down", _text(), nullable=False),
    Column("month", _text()),  # YYYY-MM when the date has a month
    Column("sources", Integer, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("first_reported", _text()),
    Column("last_reported", _text()),
    Column("doc_names", _text(), nullable=False),  # JSON list, first reported first
    Index("ix_events_order_up", "order_up", "id"),
    Index("ix_events_sources", "sources", "id"),
    Index("ix_events_type", "type"),
    Index("ix_events_dates", "date_lo", "date_hi"),
)
# Descending sorts tie-break by ascending id: the index has the same mixed directions.
Index("ix_events_order_down", events.c.order_down.desc(), events.c.id)
Index("ix_events_sources_down", events.c.sources.desc(), events.c.id)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("event_id", _text(), ForeignKey("events.id"), nullable=False),
    Column("mention_id", _text(), ForeignKey("mentions.id"), nullable=False),
    Column("position", Integer, nullable=False),  # order within Event.mention_ids
    Column("mention_seq", Integer, nullable=False),  # mentions.seq
    PrimaryKeyConstraint("event_id", "mention_id"),
    Index("ix_event_mentions_mention", "mention_id"),
    Index("ix_event_mentions_seq", "mention_seq", "event_id"),
)

event_countries = Table(
    "event_countries",
    metadata,
    Column("event_id", _text(), ForeignKey("events.id"), nullable=False),
    Column("country", _text(), nullable=False),
    PrimaryKeyConstraint("event_id", "country"),
    Index("ix_event_countries_country", "country", "event_id"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", _text(), ForeignKey("events.id"), nullable=False),
    Column("name", _text(), nullable=False),
    PrimaryKeyConstraint("event_id", "name"),
    Index("ix_event_actors_name", "name", "event_id"),
)

# Distinct actor names over all events: small, so the actor filter can compare the query
# with every name in Python (same_person) and then filter events by an indexed IN list.
actor_names = Table(
    "actor_names",
    metadata,
    Column("name", _text(), primary_key=True),
    Column("name_key", _text(), nullable=False),
    Column("events", Integer, nullable=False),
)

# Unordered country pairs of each event (a < b); one row per event with a single country
# (b = "") so stats still count it.
event_pairs = Table(
    "event_pairs",
    metadata,
    Column("event_id", _text(), ForeignKey("events.id"), nullable=False),
    Column("a", _text(), nullable=False),
    Column("b", _text(), nullable=False),
    PrimaryKeyConstraint("event_id", "a", "b"),
)

copies = Table(
    "copies",
    metadata,
    Column("doc_id", _text(), primary_key=True),
    Column("canonical_id", _text(), nullable=False),
    Index("ix_copies_canonical", "canonical_id"),  # a group's members (schema v2)
)

# --- schema v2: incremental builds. New documents are merged with their neighbourhood
# only, found through these indexes instead of by reading every mention and document.

# Each mention under each of its blocking keys (bilat.events.merge.blocking_keys, joined by
# '|') and each month of its merge window ("*" when the window is unbounded): the stored
# mentions a new one could merge with share a (block, month) row with it.
mention_blocks = Table(
    "mention_blocks",
    metadata,
    Column("block", _text(), nullable=False),
    Column("month", _text(), nullable=False),
    Column("mention_id", _text(), ForeignKey("mentions.id"), nullable=False),
    PrimaryKeyConstraint("block", "month", "mention_id"),
)

# The LSH band keys of every merged document (bilat.events.copies.band_keys): a new
# document's copy candidates are the documents sharing a band with it.
document_bands = Table(
    "document_bands",
    metadata,
    Column("band", _text(), nullable=False),
    Column("doc_id", _text(), ForeignKey("documents.id"), nullable=False),
    PrimaryKeyConstraint("band", "doc_id"),
)

# Documents stored but not merged yet. Written in the transaction that stores them and
# cleared in the one that merges them, so a build killed in between merges them next time.
pending_documents = Table(
    "pending_documents",
    metadata,
    Column("doc_id", _text(), ForeignKey("documents.id"), primary_key=True),
)

failures = Table(
    "failures",
    metadata,
    Column("name", _text(), nullable=False),
    Column("origin", _text(), nullable=False),
    Column("stage", _text(), nullable=False),
    Column("code", _text(), nullable=False),
    Column("message", _text(), nullable=False),
    UniqueConstraint("name", "stage", "code", name="uq_failures_name_stage_code"),
)

# Full-text rows (one per mention). Not in ``metadata``: its DDL differs per dialect.
search_metadata = MetaData()
mention_search = Table(
    "mention_search",
    search_metadata,
    Column("rowid", Integer, primary_key=True, autoincrement=False),  # = mentions.seq
    Column("body", _text(), nullable=False),  # folded words, see bilat.store.search.search_body
)

# Tables emptied and rebuilt together by replace_events (children first).
EVENT_TABLES = (event_mentions, event_countries, event_actors, event_pairs, actor_names, events, copies)
# Event side tables keyed by event_id (children of events), for replacing some events.
EVENT_CHILDREN = (event_mentions, event_countries, event_actors, event_pairs)


# --------------------------------------------------------------------------- creation


def create_search_table(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        # unicode61 with diacritics removed; bodies are pre-folded anyway (search.py).
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE mention_search USING fts5("
                "body, tokenize = 'unicode61 remove_diacritics 2')"
            )
        )
    else:
        mention_search.create(conn)
        conn.execute(
            text(
                "CREATE INDEX ix_mention_search_body ON mention_search "
                "USING gin (to_tsvector('simple', body))"
            )
        )


def create_schema(conn: Connection) -> None:
    """Create every table in an empty database and record the schema version."""
    metadata.create_all(conn)
    create_search_table(conn)
    conn.execute(meta.insert(), [{"key": "schema_version", "value": str(SCHEMA_VERSION)}])


# --------------------------------------------------------------------------- versions

# MIGRATIONS[v] upgrades a database from schema version v to v + 1, inside the
# transaction that also records the new version.
Migration = Callable[[Connection], None]


def _v1_to_v2(conn: Connection) -> None:
    """Incremental builds: the blocking and band indexes and the pending list. Every stored
    document is marked pending, so the next build re-merges it all once (and computes the
    band keys); each build after that merges only what it adds."""
    # imported late: the schema module is below the store that uses it
    from bilat.store.blocks import block_rows
    from bilat.store.sql import mention_from_row

    for table in (mention_blocks, document_bands, pending_documents):
        table.create(conn)
    # the table's own Index object: a new one would attach to the shared metadata twice
    next(i for i in copies.indexes if i.name == "ix_copies_canonical").create(conn)
    conn.execute(pending_documents.insert().from_select(["doc_id"], select(documents.c.id)))
    batch: list[dict[str, str]] = []
    v2_columns = [c for c in mentions.c if c.name not in V3_COLUMNS]  # what a v2 table has
    for row in conn.execute(select(*v2_columns)).all():
        batch.extend(block_rows(mention_from_row(row)))
        if len(batch) >= 5000:
            conn.execute(mention_blocks.insert(), batch)
            batch = []
    if batch:
        conn.execute(mention_blocks.insert(), batch)


V3_COLUMNS = ("what",)


def _v2_to_v3(conn: Connection) -> None:
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
            ops.add_column(table.name, Column(name, _text()))


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3}


def stored_version(conn: Connection) -> int | None:
    """The schema version recorded in the database, or None for an empty database."""
    names = set(inspect(conn).get_table_names())
    if "meta" not in names:
        if names & set(metadata.tables):
            raise SchemaVersionError(
                "The database has bilat tables but no schema version (table 'meta').",
                fix="Rebuild it with `bilat build` into a new --db path.",
            )
        return None
    raw = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        raise SchemaVersionError(
            f"The database records an unknown schema version {raw!r}.",
            fix="Rebuild it with `bilat build` into a new --db path.",
        ) from None


def upgrade(
    conn: Connection,
    found: int,
    target: int = SCHEMA_VERSION,
    migrations: Mapping[int, Migration] = MIGRATIONS,
) -> int:
    """Apply the migrations from ``found`` up to ``target``; return the new version.

    Raises :class:`SchemaVersionError` for a database newer than this bilat, or when a
    step has no migration (the caller's transaction then rolls everything back).
    """
    if found > target:
        raise SchemaVersionError(
            f"The database has schema version {found}; this bilat reads version {target}.",
            fix="Upgrade bilat (`pip install -U bilat`) or point --db at another database.",
        )
    version = found
    while version < target:
        step = migrations.get(version)
        if step is None:
            raise SchemaVersionError(
                f"No migration from schema version {version} to {version + 1}.",
                fix="Rebuild the database with `bilat build` into a new --db path.",
            )
        step(conn)
        version += 1
    if version != found:
        conn.execute(
            meta.update().where(meta.c.key == "schema_version").values(value=str(version))
        )
    return version


def ensure_schema(conn: Connection, *, migrate: bool = True) -> int:
    """Create a fresh schema or bring an existing one to SCHEMA_VERSION; return it."""
    found = stored_version(conn)
    if found is None:
        create_schema(conn)
        return SCHEMA_VERSION
    if found < SCHEMA_VERSION and not migrate:
        raise SchemaVersionError(
            f"The database has schema version {found}; this bilat needs {SCHEMA_VERSION}."
        )
    # Module globals passed explicitly (not upgrade()'s defaults, bound at import time) so
    # tests can stand in a future version and its migration.
    return upgrade(conn, found, SCHEMA_VERSION, MIGRATIONS)
