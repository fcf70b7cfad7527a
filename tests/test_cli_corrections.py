"""`bilat correct` and `bilat corrections export/import` end to end: a correction made on
one database, exported as JSONL and imported into a database built again from the same
files, holds there; `bilat status` reports a correction whose event is gone."""

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


def _build(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "in"
    if not folder.exists():
        folder.mkdir()
        (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
        (tmp_path / "manifest.jsonl").write_text(
            json.dumps({"doc": "good.txt", "published": "2023-10-19"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder), "--meta",
                                      str(tmp_path / "manifest.jsonl"), "--db", str(db)])
    assert result.exit_code == 0, result.output


def _events(db: Path) -> dict[str, dict]:
    result = CliRunner().invoke(app, ["timeline", "--json", "--db", str(db)])
    return {e["type"]: e for e in json.loads(result.stdout)}


def test_corrections_made_by_the_cli_survive_export_and_import_into_a_rebuilt_database(
        tmp_path: Path) -> None:
    runner = CliRunner()
    first = tmp_path / "first.db"
    _build(tmp_path, first)
    events = _events(first)
    meet, visit = events["MEET"]["id"], events["VISIT"]["id"]
    done = runner.invoke(app, ["correct", "set", meet, "date", "2023-10-19", "--precision",
                               "day", "--note", "Thursday", "--author", "ann", "--db", str(first)])
    assert done.exit_code == 0 and "applied" in done.output, done.output
    done = runner.invoke(app, ["correct", "reject", visit, "--author", "ann", "--db", str(first)])
    assert done.exit_code == 0, done.output
    assert set(_events(first)) == {"MEET"}
    assert _events(first)["MEET"]["date"] == "2023-10-19"

    log = tmp_path / "corrections.jsonl"
    assert runner.invoke(app, ["corrections", "export", "-o", str(log), "--db",
                               str(first)]).exit_code == 0
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert [c["action"] for c in lines] == ["set", "reject"]
    assert lines[0]["note"] == "Thursday" and lines[0]["author"] == "ann"

    second = tmp_path / "second.db"
    _build(tmp_path, second)
    assert set(_events(second)) == {"MEET", "VISIT"}
    imported = runner.invoke(app, ["corrections", "import", str(log), "--db", str(second)])
    assert imported.exit_code == 0 and "imported 2" in imported.output, imported.output
    assert set(_events(second)) == {"MEET"}
    assert _events(second)["MEET"]["date"] == "2023-10-19"
    again = runner.invoke(app, ["corrections", "import", str(log), "--db", str(second)])
    assert "imported 0" in again.output


def test_status_reports_an_orphaned_correction(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "t.db"
    _build(tmp_path, db)
    visit = _events(db)["VISIT"]["id"]
    runner.invoke(app, ["correct", "reject", visit, "--note", "a stopover", "--db", str(db)])
    (tmp_path / "in" / "good.txt").write_text("Nothing here happened between two states. " * 3,
                                             encoding="utf-8")
    folder = tmp_path / "in"
    rebuilt = runner.invoke(app, ["build", str(folder), "--meta", str(tmp_path / "manifest.jsonl"),
                                  "--db", str(db)])  # the new text has no visit
    assert "1 corrections applied again, 1 orphaned" in rebuilt.output, rebuilt.output
    status = runner.invoke(app, ["status", "--db", str(db)])
    assert "1 corrections, 1 orphaned" in status.output, status.output
    assert "a stopover" in status.output


def test_a_correction_naming_no_event_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _build(tmp_path, db)
    result = CliRunner().invoke(app, ["correct", "reject", "evt_nope", "--db", str(db)])
    assert result.exit_code == 2 and "E304" in result.output
    meet = _events(db)["MEET"]["id"]
    bad = CliRunner().invoke(app, ["correct", "set", meet, "status", "maybe", "--db", str(db)])
    assert bad.exit_code == 2 and "occurred" in bad.output
