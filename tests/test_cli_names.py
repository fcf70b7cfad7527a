"""Names of any bytes and any characters go through `bilat build` and `bilat status`: stored
as text, printed as written (never as Rich markup, emoji codes or terminal control)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from bilat.cli import app, plain

ARTICLE = (
    "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks with "
    "North Korean Foreign Minister Choe Son Hui, the Korean Central News Agency reported.\n"
    "Lavrov and Choe held talks in Pyongyang on Thursday.\n"
)


def _named(folder: Path, name: bytes, text: str) -> None:
    (Path(os.fsdecode(bytes(folder) + b"/" + name))).write_text(text, encoding="utf-8")


def test_a_file_name_with_undecodable_bytes_is_built_stored_and_reported_as_text(
        tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    _named(folder, b"bad-\xff.txt", ARTICLE.replace("Wednesday", "Tuesday"))
    db = str(tmp_path / "t.db")
    runner = CliRunner()

    first = runner.invoke(app, ["build", str(folder), "--db", db])
    assert first.exit_code == 0, first.output  # a strange name alone is no reason to skip
    assert "took 2 documents" in first.output and "skipped 0" in first.output
    again = runner.invoke(app, ["build", str(folder), "--db", db])
    assert "took 0 documents (2 already in the database)" in again.output  # a stable name
    exported = runner.invoke(app, ["export", "--db", db]).stdout
    assert sorted(json.loads(line)["doc"] for line in exported.splitlines()) == [
        "bad-\\xff.txt", "good.txt"]

    _named(folder, b"empty-\xfe.txt", "")
    third = runner.invoke(app, ["build", str(folder), "--db", db])
    assert third.exit_code == 1, third.output  # 1: some documents reported and skipped
    assert "skipped empty-\\xfe.txt: [E101]" in third.output
    status = runner.invoke(app, ["status", "--db", db])
    assert status.exit_code == 0 and "skipped empty-\\xfe.txt at read: [E101]" in status.output


def test_names_print_as_written_never_as_markup_emoji_or_terminal_control(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "\x1b[31mred.txt").write_text("", encoding="utf-8")
    records = ["[/x]", "[bold red]loud", "a :thumbs_up: b", "rtl\u202etxt.exe"]
    (folder / "records.jsonl").write_text(
        "".join(json.dumps({"id": name, "text": ""}) + "\n" for name in records), encoding="utf-8")
    db = str(tmp_path / "t.db")
    runner = CliRunner()

    built = runner.invoke(app, ["build", str(folder), "--db", db])
    # "[/x]" used to crash the report after the build (exit 1, the summary lost)
    assert built.exit_code == 1, built.output
    assert "took 1 documents" in built.output and "skipped 5" in built.output
    status = runner.invoke(app, ["status", "--db", db]).output
    for output in (built.output, status):
        for shown in ("[/x]", "[bold red]loud", "a :thumbs_up: b", "rtl\\u202etxt.exe",
                      "\\x1b[31mred.txt"):
            assert shown in output
        assert "\x1b" not in output and "\u202e" not in output and "\U0001f44d" not in output


def test_plain_shows_control_characters_and_undecodable_bytes_as_escapes() -> None:
    assert plain("a\x1b[2Jb\tc\nd\x85").plain == "a\\x1b[2Jb\\tc\\nd\\x85"
    assert plain(os.fsdecode(b"caf\xe9")).plain == "caf\\xe9"
    as_written = "[bold]x[/bold] :smile: \u00e9\u4e2d"
    assert plain(as_written).plain == as_written
