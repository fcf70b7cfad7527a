"""`bilat build` end to end on files written here: bad documents are reported and skipped,
the build finishes, and building again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bilat.cli import app

ARTICLE = (
    "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks with "
    "North Korean Foreign Minister Choe Son Hui, the Korean Central News Agency reported.\n"
    "Lavrov and Choe held talks in Pyongyang on Thursday.\n"
)


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "french.txt").write_text(
        "Le ministre russe des Affaires étrangères est arrivé mercredi à Pyongyang pour des "
        "entretiens avec son homologue nord-coréenne, a rapporté l'agence officielle. Les deux "
        "ministres ont discuté de la coopération entre les deux pays et de la situation régionale.",
        encoding="utf-8",
    )
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps({"doc": "good.txt", "published": "2023-10-19"}) + "\n", encoding="utf-8")
    return folder


def test_build_reports_and_skips_bad_documents(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    result = runner.invoke(
        app, ["build", str(folder), "--meta", str(tmp_path / "manifest.jsonl"), "--db", db]
    )
    assert result.exit_code == 1, result.output
    for name in ("empty.txt", "binary.txt", "french.txt"):
        assert name in result.output
    assert "took 1 documents" in result.output and "skipped 3" in result.output

    exported = runner.invoke(app, ["export", "--db", db])
    lines = [json.loads(x) for x in exported.stdout.splitlines()]
    assert [d["doc"] for d in lines] == ["good.txt"]
    types = {e["type"] for e in lines[0]["events"]}
    assert {"VISIT", "MEET"} <= types


def test_building_twice_changes_nothing(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    args = ["build", str(folder), "--meta", str(tmp_path / "manifest.jsonl"), "--db", db]
    runner.invoke(app, args)
    first = runner.invoke(app, ["export", "--db", db]).stdout
    again = runner.invoke(app, args)
    assert "took 0 documents (1 already in the database)" in again.output
    assert runner.invoke(app, ["export", "--db", db]).stdout == first


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["build", str(tmp_path / "nope"), "--db", str(tmp_path / "t.db")]
    )
    assert result.exit_code == 2
    assert "E002" in result.output


# --------------------------------------------------------------------------- the database


def test_a_second_build_on_the_same_database_is_refused_at_once(tmp_path: Path) -> None:
    from bilat.store import open_store

    folder, db = _corpus(tmp_path), str(tmp_path / "t.db")
    running = open_store(db, exclusive=True)  # what a build holds while it runs
    try:
        result = CliRunner().invoke(app, ["build", str(folder), "--db", db])
    finally:
        running.close()
    assert result.exit_code == 3, result.output
    assert "E203" in result.output and "Another build is using the database" in result.output
    assert "Traceback" not in result.output
    assert CliRunner().invoke(app, ["build", str(folder), "--db", db]).exit_code == 1  # freed


@pytest.mark.parametrize("command", [["status"], ["timeline"], ["export"], ["serve"],
                                     ["eval", "GOLD"]])
def test_read_only_commands_refuse_a_database_that_does_not_exist(
        command: list[str], tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    typo = tmp_path / "typo.db"
    args = [str(gold) if arg == "GOLD" else arg for arg in command]
    result = CliRunner().invoke(app, [*args, "--db", str(typo)])
    assert result.exit_code == 3, result.output
    assert "E202" in result.output and "bilat build" in result.output
    assert not typo.exists()


def test_a_file_that_is_not_a_database_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"these are my notes, not a database " * 200)
    for args in (["status"], ["build", str(_corpus(tmp_path))]):
        result = CliRunner().invoke(app, [*args, "--db", str(bad)])
        assert result.exit_code == 3, result.output
        assert "E205" in result.output and "Traceback" not in result.output
    assert bad.read_bytes().startswith(b"these are my notes")


def test_an_unreachable_postgresql_server_is_a_coded_error() -> None:
    result = CliRunner().invoke(app, ["status", "--db", "postgresql://bilat:secret@127.0.0.1:1/x"])
    assert result.exit_code == 3, result.output
    assert "E206" in result.output and "secret" not in result.output


def test_a_full_disk_stops_the_build_with_a_coded_error_and_no_article_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's max_page_count stands in for a full disk: the same error (SQLITE_FULL)."""
    from sqlalchemy import event

    from bilat.store import engine as store_engine

    made = store_engine._sqlite_engine

    def small_disk(url: str) -> Any:
        engine = made(url)
        event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA max_page_count=70"))
        return engine

    monkeypatch.setattr(store_engine, "_sqlite_engine", small_disk)
    folder = tmp_path / "in"
    folder.mkdir()
    filler = "\n\n" + "The weather in the capital stayed mild and dry all week. " * 1500
    (folder / "long.txt").write_text(ARTICLE + filler, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder), "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 3, result.output
    assert "E204" in result.output and "Free space" in result.output
    assert "Lavrov" not in result.output and "weather" not in result.output
    assert "Traceback" not in result.output


def test_status_lists_what_builds_replaced_and_pruned(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "other.txt").write_text(ARTICLE.replace("Lavrov", "Shoigu"), encoding="utf-8")
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    runner.invoke(app, ["build", str(folder), "--db", db])
    (folder / "good.txt").write_text(ARTICLE.replace("Wednesday", "Tuesday"), encoding="utf-8")
    edited = runner.invoke(app, ["build", str(folder), "--db", db])
    assert "(1 already in the database, 1 replaced)" in edited.output
    assert "replaced good.txt (new text)" in edited.output
    (folder / "other.txt").unlink()
    pruned = runner.invoke(app, ["build", str(folder), "--db", db, "--prune"])
    assert "1 pruned" in pruned.output and "pruned other.txt" in pruned.output

    status = runner.invoke(app, ["status", "--db", db])
    assert status.exit_code == 0, status.output
    assert "1 documents" in status.output and "1 replaced, 1 pruned" in status.output
    assert "replaced good.txt (new text)" in status.output
    assert "  pruned other.txt" in status.output
