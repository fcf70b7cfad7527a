"""Opening a bilat database: a ``--db`` value to a SQLAlchemy engine (SQLite with WAL and
foreign keys, or PostgreSQL through psycopg 3), its schema created or brought up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from bilat.config import DEFAULT_DB
from bilat.errors import StoreError
from bilat.store.base import Store
from bilat.store.schema import ensure_schema
from bilat.store.sql import SqlStore

_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def engine_url(url: str | Path) -> str:
    """The SQLAlchemy URL for a ``--db`` value: a SQLite path (or ``:memory:``), a
    ``sqlite:///`` URL, or a ``postgresql://`` URL (driven by psycopg 3)."""
    raw = str(url)
    if raw.startswith(_POSTGRES_SCHEMES):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    if raw.startswith("sqlite:"):
        return raw
    if "://" in raw:
        raise StoreError(f"Unsupported database URL {raw!r}.")
    if raw == ":memory:":
        return "sqlite://"
    path = Path(raw).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"The folder of the database {str(path)!r} does not exist.")
    return f"sqlite:///{path.resolve()}"


def _sqlite_engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {}
    if make_url(url).database in (None, "", ":memory:"):
        # One shared connection, or every checkout would see a new empty database.
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that
        # DDL (migrations) and multi-statement writes are really atomic.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers (the web UI) never block a build
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def open_store(url: str | Path = DEFAULT_DB, *, migrate: bool = True) -> Store:
    """Open (creating if missing) the bilat database at ``url``.

    ``url`` is a SQLite file path (WAL mode, foreign keys on) or a ``postgresql://`` URL.
    An older schema is migrated (unless ``migrate=False``, which raises instead); a newer or
    unknown one raises :class:`bilat.errors.SchemaVersionError`.
    """
    target = engine_url(url)
    try:
        if target.startswith("sqlite"):
            engine = _sqlite_engine(target)
        else:
            engine = create_engine(target, pool_pre_ping=True)
        with engine.begin() as conn:
            ensure_schema(conn, migrate=migrate)
    except ArgumentError as exc:
        raise StoreError(f"Invalid database URL {str(url)!r}: {exc}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"Cannot open the database {_redacted(url)}: {exc}") from exc
    return SqlStore(engine)


def _redacted(url: str | Path) -> str:
    """The URL without its password, for error messages."""
    raw = str(url)
    if "://" not in raw:
        return repr(raw)
    try:
        return repr(make_url(engine_url(raw)).render_as_string(hide_password=True))
    except ArgumentError:
        return "(unparsable URL)"
