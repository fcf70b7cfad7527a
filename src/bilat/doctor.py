"""`bilat doctor`: is this installation able to build and serve, and is the database sound?

Each check is a small function returning a :class:`Check` that says what was found and,
when something is wrong, how to fix it. :func:`run_checks` runs them all. Nothing here
changes anything: the database is opened without creating or migrating it.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from bilat.config import DEFAULT_DB, SCHEMA_VERSION, SPACY_MODEL
from bilat.errors import BilatError, KnowledgeError, ModelMissing, SchemaVersionError

MIN_PYTHON = (3, 10)  # pyproject's requires-python


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str  # what was found
    fix: str = ""  # what to do when not ok


def run_checks(db: str | None = DEFAULT_DB) -> list[Check]:
    """Every check, in the order a user would fix them; ``db`` None skips the database."""
    checks = [check_python(), check_model(), check_knowledge(), check_front_end(), check_fts5()]
    if db is not None:
        checks += check_database(db)
    return checks


# ------------------------------------------------------------------------ installation


def check_python(version: Sequence[int] = tuple(sys.version_info[:3])) -> Check:
    shown = ".".join(str(v) for v in version)
    if tuple(version[:2]) >= MIN_PYTHON:
        return Check("python", True, f"Python {shown}")
    need = ".".join(str(v) for v in MIN_PYTHON)
    return Check("python", False, f"Python {shown} is older than {need}",
                 f"Create the virtual environment with Python {need} or newer "
                 "(make install PY=python3.11).")


def check_model(name: str = SPACY_MODEL) -> Check:
    """The pinned spaCy model is installed and loads (loading catches a spaCy mismatch)."""
    if importlib.util.find_spec(name) is None:
        return Check("spacy model", False, f"the package {name!r} is not installed",
                     ModelMissing.fix)
    try:
        import spacy

        nlp = spacy.load(name)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the finding
        return Check("spacy model", False, f"{name} is installed but does not load: {exc}",
                     ModelMissing.fix)
    return Check("spacy model", True,
                 f"{name} {nlp.meta.get('version', '?')} on spaCy {spacy.__version__}")


def check_knowledge() -> Check:
    """The bundled knowledge base and the user's files (BILAT_KB_PATH) load."""
    from bilat.config import Settings
    from bilat.knowledge.kb import load_kb

    try:
        # the paths passed explicitly: load_kb() with no argument caches its first reading
        kb = load_kb(Settings.from_env().kb_paths)
    except BilatError as exc:
        return Check("knowledge base", False, exc.message, exc.fix_hint or KnowledgeError.fix)
    except Exception as exc:  # noqa: BLE001 - a YAML or file error in the user's knowledge
        return Check("knowledge base", False, f"{type(exc).__name__}: {exc}", KnowledgeError.fix)
    return Check("knowledge base", True,
                 f"{len(kb.countries)} states, {len(kb.places)} places, {len(kb.people)} people")


def check_front_end() -> Check:
    """The web UI's libraries (vis-timeline, Cytoscape.js, Chart.js) where the web app looks
    for them (BILAT_NODE_MODULES, else a node_modules/ above the package or the cwd)."""
    from bilat.web.vendor import VENDOR_PACKAGES, find_node_modules

    folder = find_node_modules()
    fix = ("Run `make install` (npm ci at the repository root), or point BILAT_NODE_MODULES "
           "at a node_modules folder that has them; pages still work without them, "
           "without the timeline, graph and charts.")
    if folder is None:
        return Check("front-end libraries", False, "no node_modules folder found", fix)
    missing = [p for p in VENDOR_PACKAGES if not (folder / p).is_dir()]
    if missing:
        return Check("front-end libraries", False, f"{folder} lacks {', '.join(missing)}", fix)
    return Check("front-end libraries", True, f"{', '.join(VENDOR_PACKAGES)} in {folder}")


def check_fts5(module: str = "fts5") -> Check:
    """Python's SQLite can create the full-text table bilat's SQLite databases use."""
    try:
        with sqlite3.connect(":memory:") as conn:
            conn.execute(f"CREATE VIRTUAL TABLE probe USING {module}(body)")
    except sqlite3.Error as exc:
        return Check("sqlite full-text", False,
                     f"SQLite {sqlite3.sqlite_version} cannot create an {module} table ({exc})",
                     "Use a Python whose sqlite3 module is built with FTS5 (python.org, Debian "
                     "and most distribution builds are), or use a postgresql:// --db.")
    return Check("sqlite full-text", True, f"SQLite {sqlite3.sqlite_version} with {module}")


# ------------------------------------------------------------------------ database


def check_database(db: str) -> list[Check]:
    """The database opens and has the current schema. Never creates or migrates it."""
    from bilat.store import engine_url

    try:
        url = engine_url(db)
    except BilatError as exc:
        return [Check("database", False, exc.message, exc.fix_hint)]
    if url.startswith("sqlite") and not _sqlite_exists(url):
        return [Check("database", True,
                      f"{db} does not exist yet; `bilat build --db {db}` creates it")]
    # a plain engine: bilat's own (open_store) would create, migrate and switch to WAL
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return _schema_checks(conn, db, sqlite=url.startswith("sqlite"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return [Check("database", False, f"{db} cannot be opened: {reason}",
                      "Check that --db names a bilat database (SQLite file or postgresql:// URL); "
                      "rebuild into a new path with `bilat build` if the file is damaged.")]
    finally:
        engine.dispose()


def _schema_checks(conn: Connection, db: str, *, sqlite: bool) -> list[Check]:
    from bilat.store.schema import MIGRATIONS, stored_version

    tables = set(inspect(conn).get_table_names())
    checks = [Check("database", True, f"{db} opens ({len(tables)} tables)")]
    try:
        version = stored_version(conn)
    except SchemaVersionError as exc:
        return [*checks, Check("schema version", False, exc.message, exc.fix_hint)]
    checks.append(_version_check(db, version, set(MIGRATIONS)))
    if sqlite and version is not None and "mention_search" not in tables:
        checks.append(Check("database full-text", False, f"{db} has no mention_search table",
                            "Rebuild it with `bilat build ... --db NEW`: the schema makes it."))
    return checks


def _sqlite_exists(url: str) -> bool:
    path = url.removeprefix("sqlite:///")
    return url not in ("sqlite://", "sqlite:///:memory:") and Path(path).is_file()


def _version_check(db: str, version: int | None, migrations: set[int]) -> Check:
    if version is None:
        return Check("schema version", True, "empty database; the next build creates the schema")
    if version == SCHEMA_VERSION:
        return Check("schema version", True, f"version {version} (current)")
    if version > SCHEMA_VERSION:
        return Check("schema version", False,
                     f"version {version} is newer than this bilat's {SCHEMA_VERSION}",
                     SchemaVersionError.fix)
    if all(v in migrations for v in range(version, SCHEMA_VERSION)):
        return Check("schema version", False,
                     f"version {version} is older than {SCHEMA_VERSION}",
                     f"Open it with any bilat command (e.g. `bilat status --db {db}`): it is "
                     "migrated in place, in one transaction.")
    return Check("schema version", False,
                 f"version {version} is older than {SCHEMA_VERSION} and cannot be migrated",
                 f"Rebuild it: `bilat build ... --db NEW` (keep {db} for older bilat versions).")
