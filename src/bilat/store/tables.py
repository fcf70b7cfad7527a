"""bilat's tables (SQLAlchemy Core): one schema for SQLite and PostgreSQL.

The only dialect-specific object is the full-text table ``mention_search``: an FTS5
virtual table on SQLite, a plain table with a GIN ``to_tsvector`` index on PostgreSQL
(created in :mod:`bilat.store.schema`, queried in :mod:`bilat.store.search`).

Columns prefixed ``event_*`` side tables and the sourcing figures on ``events`` are
derived from merged events (:mod:`bilat.store.derived`) so that filtered, paged listings
are single indexed queries instead of Python loops over every row.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeEngine

__all__ = [
    "EVENT_CHILDREN",
    "EVENT_TABLES",
    "SUMMARY_TABLES",
    "actor_names",
    "actors",
    "copies",
    "corrections",
    "document_bands",
    "document_changes",
    "documents",
    "event_actors",
    "event_corrections",
    "event_countries",
    "event_facets",
    "event_mentions",
    "event_pairs",
    "event_search",
    "event_tally",
    "events",
    "facet_counts",
    "failures",
    "meta",
    "mention_blocks",
    "mention_search",
    "mentions",
    "metadata",
    "network_edges",
    "network_nodes",
    "pending_documents",
    "roles",
    "search_metadata",
    "sentences",
    "stats_cells",
    "text_type",
]


def text_type() -> TypeEngine[str]:
    """Unbounded text that orders bytewise on both backends: PostgreSQL would otherwise
    sort by the server locale ("a_b" vs "ab"), and listings/exports must not depend on it.
    (No lengths: ids and codes come from other layers and must never be truncated.)"""
    return Text().with_variant(Text(collation="C"), "postgresql")


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", text_type(), primary_key=True),
    Column("value", text_type(), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", text_type(), primary_key=True),
    Column("name", text_type(), nullable=False),
    Column("text", text_type(), nullable=False),
    Column("clean", text_type(), nullable=False),
    Column("published", text_type()),
    Column("published_source", text_type()),
    Column("url", text_type()),
    Column("title", text_type()),
    Column("source", text_type()),
    Column("language", text_type()),
    Index("ix_documents_name", "name"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("doc_id", text_type(), ForeignKey("documents.id"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", text_type(), nullable=False),
    PrimaryKeyConstraint("doc_id", "idx"),
)

actors = Table(
    "actors",
    metadata,
    Column("id", text_type(), primary_key=True),
    Column("name", text_type(), nullable=False),
    Column("name_key", text_type(), nullable=False),  # bilat.knowledge.names.name_key(name)
    Column("kind", text_type(), nullable=False),
    Column("country", text_type()),
    Column("aliases", text_type(), nullable=False),  # JSON list
    Index("ix_actors_name_key", "name_key"),
)

roles = Table(
    "roles",
    metadata,
    Column("actor_id", text_type(), ForeignKey("actors.id"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("title", text_type(), nullable=False),
    Column("country", text_type()),
    Column("start", text_type()),
    Column("end", text_type()),
    Column("office", text_type()),
    PrimaryKeyConstraint("actor_id", "idx"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", text_type(), primary_key=True),
    Column("doc_id", text_type(), ForeignKey("documents.id"), nullable=False),
    Column("doc_name", text_type(), nullable=False),
    Column("type", text_type(), nullable=False),
    Column("actors", text_type(), nullable=False),  # JSON list, order kept
    Column("countries", text_type(), nullable=False),  # JSON list, order kept
    Column("location", text_type()),
    Column("date", text_type()),
    Column("status", text_type(), nullable=False),
    Column("evidence", text_type(), nullable=False),
    Column("start", Integer, nullable=False),  # offsets into documents.text
    Column("end", Integer, nullable=False),
    Column("published", text_type()),
    Column("sentence_index", Integer, nullable=False),
    Column("what", text_type()),  # what was signed or moved (schema v3)
    Column("spans", text_type()),  # JSON [[start, end], ...]: every statement (schema v5)
    # Integer key shared with mention_search's rowid and event_mentions: full-text matches
    # map to events through integer indexes, never by reading text ids out of the index.
    Column("seq", Integer, nullable=False, unique=True),
    Index("ix_mentions_doc_id", "doc_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", text_type(), primary_key=True),
    Column("type", text_type(), nullable=False),
    Column("actors", text_type(), nullable=False),  # JSON list
    Column("countries", text_type(), nullable=False),  # JSON list
    Column("location", text_type()),
    Column("date", text_type()),
    Column("status", text_type(), nullable=False),
    Column("conflicts", text_type(), nullable=False),  # JSON list
    Column("what", text_type()),  # schema v3
    # Derived, for filtering and sorting without Python (see bilat.partial_date).
    Column("date_lo", text_type()),  # first day the date can denote, NULL if undated
    Column("date_hi", text_type()),  # last day the date can denote
    # date_lo with undated as "9999-99-99" / "0000-00-00": undated sort last both ways, and
    # an index on one column serves the ORDER BY without a NULLS LAST sort.
    Column("order_up", text_type(), nullable=False),
    Column("order_down", text_type(), nullable=False),
    Column("month", text_type()),  # YYYY-MM when the date has a month
    Column("sources", Integer, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("first_reported", text_type()),
    Column("last_reported", text_type()),
    Column("doc_names", text_type(), nullable=False),  # JSON list, first reported first
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
    Column("event_id", text_type(), ForeignKey("events.id"), nullable=False),
    Column("mention_id", text_type(), ForeignKey("mentions.id"), nullable=False),
    Column("position", Integer, nullable=False),  # order within Event.mention_ids
    Column("mention_seq", Integer, nullable=False),  # mentions.seq
    PrimaryKeyConstraint("event_id", "mention_id"),
    Index("ix_event_mentions_mention", "mention_id"),
    Index("ix_event_mentions_seq", "mention_seq", "event_id"),
    # a page's mention ids in event order, read from this index alone (no row per link)
    Index("ix_event_mentions_page", "event_id", "position", "mention_id"),
)

event_countries = Table(
    "event_countries",
    metadata,
    Column("event_id", text_type(), ForeignKey("events.id"), nullable=False),
    Column("country", text_type(), nullable=False),
    PrimaryKeyConstraint("event_id", "country"),
    Index("ix_event_countries_country", "country", "event_id"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", text_type(), ForeignKey("events.id"), nullable=False),
    Column("name", text_type(), nullable=False),
    PrimaryKeyConstraint("event_id", "name"),
    Index("ix_event_actors_name", "name", "event_id"),
)

# Distinct actor names over all events: small, so the actor filter can compare the query
# with every name in Python (same_person) and then filter events by an indexed IN list.
actor_names = Table(
    "actor_names",
    metadata,
    Column("name", text_type(), primary_key=True),
    Column("name_key", text_type(), nullable=False),
    Column("events", Integer, nullable=False),
)

# Unordered country pairs of each event (a < b); one row per event with a single country
# (b = "") so stats still count it.
event_pairs = Table(
    "event_pairs",
    metadata,
    Column("event_id", text_type(), ForeignKey("events.id"), nullable=False),
    Column("a", text_type(), nullable=False),
    Column("b", text_type(), nullable=False),
    PrimaryKeyConstraint("event_id", "a", "b"),
)

copies = Table(
    "copies",
    metadata,
    Column("doc_id", text_type(), primary_key=True),
    Column("canonical_id", text_type(), nullable=False),
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
    Column("block", text_type(), nullable=False),
    Column("month", text_type(), nullable=False),
    Column("mention_id", text_type(), ForeignKey("mentions.id"), nullable=False),
    PrimaryKeyConstraint("block", "month", "mention_id"),
)

# The LSH band keys of every merged document (bilat.events.copies.band_keys): a new
# document's copy candidates are the documents sharing a band with it.
document_bands = Table(
    "document_bands",
    metadata,
    Column("band", text_type(), nullable=False),
    Column("doc_id", text_type(), ForeignKey("documents.id"), nullable=False),
    PrimaryKeyConstraint("band", "doc_id"),
)

# Documents stored but not merged yet. Written in the transaction that stores them and
# cleared in the one that merges them, so a build killed in between merges them next time.
pending_documents = Table(
    "pending_documents",
    metadata,
    Column("doc_id", text_type(), ForeignKey("documents.id"), primary_key=True),
)

# --- schema v4: a document's identity is its name. The latest change of each name whose
# stored version was replaced or pruned, for `bilat status`.
document_changes = Table(
    "document_changes",
    metadata,
    Column("name", text_type(), primary_key=True),
    Column("change", text_type(), nullable=False),  # "text", "metadata" or "pruned"
)

failures = Table(
    "failures",
    metadata,
    Column("name", text_type(), nullable=False),
    Column("origin", text_type(), nullable=False),
    Column("stage", text_type(), nullable=False),
    Column("code", text_type(), nullable=False),
    Column("message", text_type(), nullable=False),
    UniqueConstraint("name", "stage", "code", name="uq_failures_name_stage_code"),
)

# Full-text rows (one per mention). Not in ``metadata``: its DDL differs per dialect.
search_metadata = MetaData()
mention_search = Table(
    "mention_search",
    search_metadata,
    Column("rowid", Integer, primary_key=True, autoincrement=False),  # = mentions.seq
    Column("body", text_type(), nullable=False),  # folded words, see bilat.store.search.search_body
)

# --- schema v9: the same words per (event, mention), in the events' date order (SQLite only;
# see bilat.store.event_search). Not in ``metadata``: an FTS5 table, created by that module.
event_search = Table(
    "event_search",
    search_metadata,
    Column("rowid", Integer, primary_key=True, autoincrement=False),  # day << 36 | hash
    Column("body", text_type(), nullable=False),  # the mention's mention_search body
    Column("event_id", text_type(), nullable=False),
    Column("mention_seq", Integer, nullable=False),  # mentions.seq
)

# --- schema v4: summaries. Kept up to date when events change (bilat.store.summaries), so
# that listings, counts, stats and the network cost what their answer holds, not what the
# database holds. Derived from ``events`` and its side tables alone: rebuilt from them at
# will (the migration to v4 does), never read by the merge.

# Each event under each filter value it answers to: "type:MEET", "country:RUS", "pair:PRK|RUS"
# (both states take part), "actor:Kim Jong Un", "place:Pyongyang" (schema v8); with the
# event's sort keys, so a filtered page is one range of an index in the order asked for
# (keyset or offset), whatever the database's size. Oldest, newest and most sourced first
# have an index each; the rare "fewest sources first" walks the events' own index and
# probes the facet.
event_facets = Table(
    "event_facets",
    metadata,
    Column("facet", text_type(), nullable=False),
    Column("event_id", text_type(), nullable=False),
    Column("order_up", text_type(), nullable=False),  # events.order_up
    Column("order_down", text_type(), nullable=False),  # events.order_down
    Column("sources", Integer, nullable=False),  # events.sources
    PrimaryKeyConstraint("facet", "event_id"),
    Index("ix_event_facets_order_up", "facet", "order_up", "event_id"),
    sqlite_with_rowid=False,  # the rows are the primary key's B-tree: no second copy
)
Index("ix_event_facets_order_down", event_facets.c.facet, event_facets.c.order_down.desc(),
      event_facets.c.event_id)
Index("ix_event_facets_sources_down", event_facets.c.facet, event_facets.c.sources.desc(),
      event_facets.c.event_id)

# Events per facet, and "*": every event. The count of a one-facet filter, and what the
# listing compares to choose which facet to walk. Since schema v8 also the events of each
# facet by place and by state ("place@type:MEET\x1fSeoul", "state@type:MEET\x1fRUS"): the
# map of a one-facet filter, read as a range of keys. Their number follows the facets times
# the places and states, not the events.
facet_counts = Table(
    "facet_counts",
    metadata,
    Column("facet", text_type(), primary_key=True),
    Column("events", Integer, nullable=False),
)

# Events counted by everything the filters without a person or words can ask: type, status,
# the months the date can fall in (span_lo..span_hi, "" when undated), the set of states
# ("|CHN|RUS|") and each pair of them (a < b; b = "" for an event with fewer than two
# states). ``pairs`` counts (event, pair) rows, as stats do; ``events`` counts each event
# once (on its first pair). Its size follows how many kinds of events there are, not how
# many: filtered counts, stats and state networks are sums over it.
event_tally = Table(
    "event_tally",
    metadata,
    Column("type", text_type(), nullable=False),
    Column("status", text_type(), nullable=False),
    Column("span_lo", text_type(), nullable=False),  # YYYY-MM of events.date_lo, "" if undated
    Column("span_hi", text_type(), nullable=False),  # YYYY-MM of events.date_hi
    Column("countries", text_type(), nullable=False),
    Column("a", text_type(), nullable=False),
    Column("b", text_type(), nullable=False),
    Column("month", text_type(), nullable=False),  # events.month, "unknown" without one
    Column("events", Integer, nullable=False),
    Column("pairs", Integer, nullable=False),
    PrimaryKeyConstraint("type", "status", "span_lo", "span_hi", "countries", "a", "b"),
    Index("ix_event_tally_span", "span_lo", "span_hi"),
)

# The unfiltered stats, cell by cell in the order they are listed.
stats_cells = Table(
    "stats_cells",
    metadata,
    Column("month", text_type(), nullable=False),  # YYYY-MM or "unknown"
    Column("type", text_type(), nullable=False),
    Column("pair", text_type(), nullable=False),  # "PRK-RUS", "RUS" or "unknown"
    Column("n", Integer, nullable=False),
    PrimaryKeyConstraint("month", "type", "pair"),
)

# The unfiltered network at each level ("state", "actor"): an edge per pair of ends (a < b),
# heaviest first through the index, with its counts by type (JSON object, keys sorted) ...
network_edges = Table(
    "network_edges",
    metadata,
    Column("level", text_type(), nullable=False),
    Column("a", text_type(), nullable=False),
    Column("b", text_type(), nullable=False),
    Column("weight", Integer, nullable=False),
    Column("types", text_type(), nullable=False),
    PrimaryKeyConstraint("level", "a", "b"),
)
Index("ix_network_edges_weight", network_edges.c.level, network_edges.c.weight.desc(),
      network_edges.c.a, network_edges.c.b)

# ... and each end's weight (the sum of its edges' weights).
network_nodes = Table(
    "network_nodes",
    metadata,
    Column("level", text_type(), nullable=False),
    Column("node", text_type(), nullable=False),
    Column("weight", Integer, nullable=False),
    PrimaryKeyConstraint("level", "node"),
)

# --- schema v7: corrections. What people did to the record, kept for ever (append-only: a
# correction is never updated nor deleted) and applied again after every merge
# (bilat.pipeline.corrections). ``seq`` is the order they are applied in.
corrections = Table(
    "corrections",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", text_type(), nullable=False, unique=True),  # Correction.id (a content hash)
    Column("action", text_type(), nullable=False),  # reject, merge, split, set
    Column("target", text_type(), nullable=False),  # JSON [MentionRef, ...]
    Column("other", text_type(), nullable=False),  # JSON [MentionRef, ...] (merge)
    Column("field", text_type()),  # set
    Column("value", text_type()),  # set: JSON value
    Column("note", text_type(), nullable=False),
    Column("author", text_type(), nullable=False),
    Column("time", text_type(), nullable=False),
)

# The fields of each stored event a person set, rewritten whole each time corrections are
# applied (no foreign key: a merge may replace the event before they are applied again).
event_corrections = Table(
    "event_corrections",
    metadata,
    Column("event_id", text_type(), nullable=False),
    Column("field", text_type(), nullable=False),
    Column("correction_id", text_type(), nullable=False),
    PrimaryKeyConstraint("event_id", "field"),
)

SUMMARY_TABLES = (event_facets, facet_counts, event_tally, stats_cells, network_edges,
                  network_nodes)

# Tables emptied and rebuilt together by replace_events (children first).
EVENT_TABLES = (
    event_mentions, event_countries, event_actors, event_pairs, actor_names, events, copies,
)
# Event side tables keyed by event_id (children of events), for replacing some events.
EVENT_CHILDREN = (event_mentions, event_countries, event_actors, event_pairs)
