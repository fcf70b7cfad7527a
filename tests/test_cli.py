"""`bilat build` end to end on files written here: bad documents are reported and skipped,
the build finishes, and building again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

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
