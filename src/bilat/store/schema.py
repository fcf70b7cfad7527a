"""bilat's database schema: created when the database is new, checked and brought up to
date when it is opened.

The tables are defined in :mod:`bilat.store.tables` (and reachable from here, e.g.
``schema.events``); the step from each version to the next is in
:mod:`bilat.store.migrations`. :func:`ensure_schema` reads ``SCHEMA_VERSION`` and
``MIGRATIONS`` from this module when it runs, so a test can stand in a future version and
its migration.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, inspect, select, text

from bilat.config import SCHEMA_VERSION
from bilat.errors import DatabaseNotFound, SchemaVersionError
from bilat.store import dated_search
from bilat.store.migrations import MIGRATIONS, Migration
from bilat.store.tables import *  # noqa: F403 - the schema is its tables: schema.events ...
from bilat.store.tables import mention_search, meta, metadata

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
    dated_search.create(conn)
    conn.execute(meta.insert(), [{"key": "schema_version", "value": str(SCHEMA_VERSION)}])


# --------------------------------------------------------------------------- versions


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


def ensure_schema(conn: Connection, *, migrate: bool = True, create: bool = True,
                  where: str = "") -> int:
    """Create a fresh schema (unless ``create`` is False: DatabaseNotFound) or bring an
    existing one to SCHEMA_VERSION; return it. ``where`` names the database in messages."""
    found = stored_version(conn)
    if found is None:
        if not create:
            raise DatabaseNotFound(f"{where or 'The database'} holds no bilat database.")
        create_schema(conn)
        return SCHEMA_VERSION
    if found < SCHEMA_VERSION and not migrate:
        raise SchemaVersionError(
            f"The database has schema version {found}; this bilat needs {SCHEMA_VERSION}."
        )
    # Module globals passed explicitly (not upgrade()'s defaults, bound at import time) so
    # tests can stand in a future version and its migration.
    return upgrade(conn, found, SCHEMA_VERSION, MIGRATIONS)
