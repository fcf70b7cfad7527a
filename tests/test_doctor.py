"""`bilat doctor`: each check finds what is wrong and says how to fix it; nothing is changed."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilat import doctor
from bilat.cli import app
from bilat.config import SCHEMA_VERSION, SPACY_MODEL
from bilat.errors import ModelMissing
from bilat.store import open_store
from bilat.store import schema as store_schema
from bilat.web.vendor import VENDOR_PACKAGES


def _by_name(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {c.name: c for c in checks}


def _built_db(tmp_path: Path) -> Path:
    path = tmp_path / "b.db"
    open_store(str(path)).close()
    return path


def _set_version(path: Path, version: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))


def _node_modules(tmp_path: Path, packages: tuple[str, ...]) -> Path:
    folder = tmp_path / "node_modules"
    for package in packages:
        (folder / package).mkdir(parents=True)
    folder.mkdir(exist_ok=True)
    return folder


# ------------------------------------------------------------------------ installation


def test_python_version_is_checked_against_the_minimum() -> None:
    assert doctor.check_python((3, 11, 7)).ok
    old = doctor.check_python((3, 9, 18))
    assert not old.ok and "3.9.18" in old.detail and "3.10" in old.fix


def test_a_missing_model_package_says_how_to_install_it() -> None:
    check = doctor.check_model("no_such_spacy_model_package")
    assert not check.ok
    assert check.fix == ModelMissing.fix and "pip install" in check.fix


@pytest.mark.skipif(importlib.util.find_spec(SPACY_MODEL) is None, reason="model not installed")
def test_the_installed_model_loads() -> None:
    check = doctor.check_model()
    assert check.ok and SPACY_MODEL in check.detail


def test_knowledge_base_loads_and_a_bad_user_file_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BILAT_KB_PATH", raising=False)
    good = doctor.check_knowledge()
    assert good.ok and "states" in good.detail
    bad = tmp_path / "notes.yaml"  # not named after a knowledge kind
    bad.write_text("- name: x\n", encoding="utf-8")
    monkeypatch.setenv("BILAT_KB_PATH", str(bad))
    check = doctor.check_knowledge()
    assert not check.ok and "notes.yaml" in check.detail and check.fix


def test_front_end_libraries_found_missing_or_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BILAT_NODE_MODULES", str(_node_modules(tmp_path / "all", VENDOR_PACKAGES)))
    assert doctor.check_front_end().ok
    monkeypatch.setenv(
        "BILAT_NODE_MODULES", str(_node_modules(tmp_path / "some", VENDOR_PACKAGES[:1]))
    )
    partial = doctor.check_front_end()
    assert (
        not partial.ok and VENDOR_PACKAGES[-1] in partial.detail and "make install" in partial.fix
    )
    monkeypatch.setenv("BILAT_NODE_MODULES", str(tmp_path / "nowhere"))
    assert not doctor.check_front_end().ok


def test_fts5_is_probed_in_a_throwaway_database() -> None:
    assert doctor.check_fts5().ok
    missing = doctor.check_fts5("no_such_module")
    assert not missing.ok and "no_such_module" in missing.detail and missing.fix


# ------------------------------------------------------------------------ database


def test_a_missing_database_is_fine_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    [check] = doctor.check_database(str(path))
    assert check.ok and "does not exist yet" in check.detail
    assert not path.exists()


def test_a_current_database_passes(tmp_path: Path) -> None:
    checks = _by_name(doctor.check_database(str(_built_db(tmp_path))))
    assert checks["database"].ok
    assert checks["schema version"].ok and str(SCHEMA_VERSION) in checks["schema version"].detail


def test_a_newer_database_says_upgrade_bilat(tmp_path: Path) -> None:
    path = _built_db(tmp_path)
    _set_version(path, str(SCHEMA_VERSION + 1))
    check = _by_name(doctor.check_database(str(path)))["schema version"]
    assert not check.ok and "newer" in check.detail and "upgrade bilat" in check.fix
    with sqlite3.connect(path) as conn:  # the doctor changed nothing
        assert conn.execute("SELECT value FROM meta").fetchone() == (str(SCHEMA_VERSION + 1),)


def test_an_older_database_is_migrated_on_open_or_must_be_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _built_db(tmp_path)
    _set_version(path, str(SCHEMA_VERSION - 1))
    monkeypatch.setattr(store_schema, "MIGRATIONS", {})
    stuck = _by_name(doctor.check_database(str(path)))["schema version"]
    assert not stuck.ok and "cannot be migrated" in stuck.detail and "Rebuild" in stuck.fix
    monkeypatch.setattr(store_schema, "MIGRATIONS", {SCHEMA_VERSION - 1: lambda conn: None})
    migratable = _by_name(doctor.check_database(str(path)))["schema version"]
    assert not migratable.ok and "migrated in place" in migratable.fix


def test_a_file_that_is_not_a_database_or_not_bilats(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all\n" * 100, encoding="utf-8")
    [check] = doctor.check_database(str(junk))
    assert not check.ok and "cannot be opened" in check.detail and check.fix
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE documents (id TEXT)")  # bilat's table name, no version
    version = _by_name(doctor.check_database(str(foreign)))["schema version"]
    assert not version.ok and version.fix


def test_a_sqlite_database_without_its_full_text_table(tmp_path: Path) -> None:
    path = _built_db(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE mention_search")
    check = _by_name(doctor.check_database(str(path)))["database full-text"]
    assert not check.ok and "Rebuild" in check.fix


def test_run_checks_covers_the_database_only_when_given(tmp_path: Path) -> None:
    names = [c.name for c in doctor.run_checks(None)]
    assert names == [
        "python",
        "spacy model",
        "knowledge base",
        "front-end libraries",
        "sqlite full-text",
    ]
    with_db = [c.name for c in doctor.run_checks(str(_built_db(tmp_path)))]
    assert with_db[-2:] == ["database", "schema version"]


# ------------------------------------------------------------------------ command


@pytest.mark.skipif(importlib.util.find_spec(SPACY_MODEL) is None, reason="model not installed")
def test_command_exits_0_when_all_is_well_and_1_with_the_fix_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BILAT_NODE_MODULES", str(_node_modules(tmp_path, VENDOR_PACKAGES)))
    monkeypatch.delenv("BILAT_KB_PATH", raising=False)
    runner = CliRunner()
    good = runner.invoke(app, ["doctor", "--db", str(_built_db(tmp_path))])
    assert good.exit_code == 0, good.output
    assert "all checks passed" in good.output
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00garbage" * 200)
    bad = runner.invoke(app, ["doctor", "--db", str(junk)])
    assert bad.exit_code == 1
    assert "FAIL" in bad.output and "1 problem(s): database" in bad.output
