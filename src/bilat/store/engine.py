"""Opening a bilat database: a ``--db`` value to a SQLAlchemy engine (SQLite with WAL and
foreign keys, or PostgreSQL through psycopg 3), its schema created or brought up to date,
the build lock taken when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from bilat.config import DEFAULT_DB
from bilat.errors import DatabaseNotFound, StoreError
from bilat.store.base import Store
from bilat.store.faults import store_error
from bilat.store.locks import AdvisoryLock, BuildLock, FileLock
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


def open_store(url: str | Path = DEFAULT_DB, *, migrate: bool = True, create: bool = True,
               exclusive: bool = False) -> Store:
    """Open the bilat database at ``url``, creating it if missing (unless ``create=False``,
    which raises :class:`~bilat.errors.DatabaseNotFound` for a database that does not
    exist or holds no bilat tables: what read-only commands want).

    ``url`` is a SQLite file path (WAL mode, foreign keys on) or a ``postgresql://`` URL.
    An older schema is migrated (unless ``migrate=False``, which raises instead); a newer or
    unknown one raises :class:`bilat.errors.SchemaVersionError`. ``exclusive`` takes the
    build lock (:mod:`bilat.store.locks`) before anything else and holds it until
    :meth:`~bilat.store.base.Store.close`; a second exclusive open of the same database
    raises :class:`~bilat.errors.DatabaseLocked` at once. Database failures are raised as
    coded StoreErrors (:mod:`bilat.store.faults`).
    """
    target = engine_url(url)
    where = _redacted(url)
    path = sqlite_file(target)
    if not create and path is not None and not path.is_file():
        raise DatabaseNotFound(f"There is no database at {where}.")
    lock: BuildLock | None = None
    engine: Engine | None = None
    try:
        if exclusive and path is not None:
            lock = FileLock(Path(f"{path}.lock"), where)
        engine = _sqlite_engine(target) if target.startswith("sqlite") else create_engine(
            target, pool_pre_ping=True)
        if exclusive and path is None and engine.dialect.name == "postgresql":
            lock = AdvisoryLock(engine, where)
        with engine.begin() as conn:
            ensure_schema(conn, migrate=migrate, create=create, where=where)
    except BaseException as exc:
        if lock is not None:
            lock.release()
        if engine is not None:
            engine.dispose()
        if isinstance(exc, ArgumentError):
            raise StoreError(f"Invalid database URL {where}: {exc}") from None
        if isinstance(exc, SQLAlchemyError):
            raise store_error(exc, where, doing="cannot be opened") from None
        raise
    return SqlStore(engine, where=where, lock=lock)


def sqlite_file(target: str) -> Path | None:
    """The file of a SQLite engine URL, None for an in-memory database or another engine."""
    if not target.startswith("sqlite"):
        return None
    database = make_url(target).database
    if database in (None, "", ":memory:"):
        return None
    return Path(database)


def _redacted(url: str | Path) -> str:
    """The URL as the user wrote it but without its password, for error messages."""
    raw = str(url)
    if "://" not in raw:
        return repr(raw)
    try:
        return repr(make_url(raw).render_as_string(hide_password=True))
    except ArgumentError:
        return "(unparsable URL)"
