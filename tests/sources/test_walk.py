"""The walk: every input met is read or reported with its own code; nothing blocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bilat.model import Failure, RawDocument
from bilat.sources import iter_raw

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def _write(path: Path, text: str = "text") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _outcomes(paths: list[Path]) -> dict[str, str]:
    """name -> "read" or the failure's code."""
    return {r.name: "read" if isinstance(r, RawDocument) else r.code for r in iter_raw(paths)}


def _spy_on_open(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []
    original = os.open

    def spy(path, flags, *args, **kwargs):
        opened.append(Path(path).name)
        return original(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    return opened


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root, who runs these tests here: the refusal is provoked instead
    _write(tmp_path / "a.txt")
    _write(tmp_path / "locked" / "inside.txt")
    _write(tmp_path / "z" / "b.txt")
    original = os.scandir

    def refuse(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return original(path)

    monkeypatch.setattr(os, "scandir", refuse)
    records = list(iter_raw([tmp_path]))
    assert [(r.name, "read" if isinstance(r, RawDocument) else r.code) for r in records] == [
        ("a.txt", "read"), ("locked", "E109"), ("b.txt", "read")]
    failure = records[1]
    assert isinstance(failure, Failure)
    assert failure.origin == str(tmp_path / "locked") and "Permission denied" in failure.message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads a chmod 000 folder anyway; the monkeypatched test covers it")
def test_a_chmod_000_folder_is_reported(tmp_path: Path) -> None:
    _write(tmp_path / "locked" / "inside.txt")
    (tmp_path / "locked").chmod(0)
    try:
        assert _outcomes([tmp_path]) == {"locked": "E109"}
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_a_link_back_to_a_containing_folder_is_a_loop_reported_once(tmp_path: Path) -> None:
    _write(tmp_path / "sub" / "a.txt")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a link to itself
    records = list(iter_raw([tmp_path]))
    assert [(r.name, "read" if isinstance(r, RawDocument) else r.code) for r in records] == [
        ("self.txt", "E110"), ("a.txt", "read"), ("up", "E110")]
    assert "leads back to a folder that contains it" in records[2].message  # type: ignore[union-attr]


def test_links_to_folders_are_followed_and_links_to_files_read(tmp_path: Path) -> None:
    other = tmp_path / "other"
    _write(other / "far.txt")
    corpus = tmp_path / "corpus"
    _write(corpus / "near.txt")
    (corpus / "linked").symlink_to(other, target_is_directory=True)
    (corpus / "alias.txt").symlink_to(corpus / "near.txt")
    assert _outcomes([corpus]) == {"alias.txt": "read", "near.txt": "read", "far.txt": "read"}


def test_a_link_to_nothing_is_reported_unless_its_type_is_never_read(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "old-folder").symlink_to(tmp_path / "unmounted")  # may have been a folder
    (tmp_path / "photo.jpg").symlink_to(tmp_path / "missing.jpg")  # a type bilat never reads
    records = list(iter_raw([tmp_path]))
    assert _outcomes([tmp_path]) == {"a.txt": "read", "gone.txt": "E111", "old-folder": "E111"}
    gone = next(r for r in records if r.name == "gone.txt")
    assert "missing.txt" in gone.message  # type: ignore[union-attr]


@needs_fifo
def test_a_fifo_is_reported_and_never_opened(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would wait for a writer forever
    os.mkfifo(tmp_path / "pipe")  # no suffix bilat reads: passed over like any such file
    opened = _spy_on_open(monkeypatch)
    assert _outcomes([tmp_path]) == {"a.txt": "read", "pipe.txt": "E112"}
    assert _outcomes([tmp_path / "pipe.txt"]) == {"pipe.txt": "E112"}  # given by name too
    assert "pipe.txt" not in opened


def test_a_link_to_a_device_file_is_reported_and_never_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not os.path.exists(os.devnull) or os.path.isfile(os.devnull):
        pytest.skip("no device file to link to")
    (tmp_path / "zero.txt").symlink_to(os.devnull)
    opened = _spy_on_open(monkeypatch)
    records = list(iter_raw([tmp_path]))
    assert [(r.name, r.code) for r in records if isinstance(r, Failure)] == [("zero.txt", "E112")]
    assert "a device file" in records[0].message  # type: ignore[union-attr]
    assert "zero.txt" not in opened


def test_a_file_given_by_name_whose_type_is_never_read_is_reported(tmp_path: Path) -> None:
    notes = _write(tmp_path / "notes.md")
    (failure,) = list(iter_raw([notes]))
    assert isinstance(failure, Failure) and (failure.name, failure.code) == ("notes.md", "E113")


def test_a_dangling_link_given_by_name_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert _outcomes([tmp_path / "gone.txt"]) == {"gone.txt": "E111"}


def test_an_empty_jsonl_file_is_reported_by_name(tmp_path: Path) -> None:
    _write(tmp_path / "empty.jsonl", "")
    assert _outcomes([tmp_path]) == {"empty.jsonl": "E101"}
