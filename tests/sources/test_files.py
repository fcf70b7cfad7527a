import os
from pathlib import Path

import pytest

from bilat.errors import InputNotFound, MalformedRecord
from bilat.model import Failure, RawDocument
from bilat.sources import files, iter_raw


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_text_and_html_files_become_raw_documents_with_bytes_as_read(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", b"caf\xe9 plain text")
    _write(tmp_path / "b.HTML", "<p>Hello</p>")
    _write(tmp_path / "c.htm", "<p>Hi</p>")
    records = list(iter_raw([tmp_path]))
    assert [(r.name, r.kind) for r in records if isinstance(r, RawDocument)] == [
        ("a.txt", "text"),
        ("b.HTML", "html"),
        ("c.htm", "html"),
    ]
    first = records[0]
    assert isinstance(first, RawDocument)
    assert first.data == b"caf\xe9 plain text"
    assert first.origin == str(tmp_path / "a.txt")


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["z.txt", "sub/b.txt", "sub/a.txt", "a.txt", "sub/deeper/c.txt"]:
        _write(tmp_path / name, "text")
    names = [Path(r.origin).relative_to(tmp_path).as_posix() for r in iter_raw([tmp_path])]
    assert names == ["a.txt", "z.txt", "sub/a.txt", "sub/b.txt", "sub/deeper/c.txt"]
    assert names == [Path(r.origin).relative_to(tmp_path).as_posix() for r in iter_raw([tmp_path])]


def test_other_extensions_and_hidden_entries_are_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "photo.jpg", b"\xff\xd8\xff")
    _write(tmp_path / "notes.md", "# notes")
    _write(tmp_path / ".hidden.txt", "secret")
    _write(tmp_path / ".git" / "x.txt", "object")
    _write(tmp_path / "keep.txt", "kept")
    assert [r.name for r in iter_raw([tmp_path])] == ["keep.txt"]


def test_single_files_can_be_passed_directly(tmp_path: Path) -> None:
    file = _write(tmp_path / "one.txt", "text")
    assert [r.name for r in iter_raw([file, file])] == ["one.txt", "one.txt"]


def test_missing_path_raises_input_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound) as error:
        list(iter_raw([tmp_path / "nope"]))
    assert "nope" in str(error.value)
    assert error.value.code == "E002"


def test_jsonl_lines_become_records_and_broken_lines_failures(tmp_path: Path) -> None:
    lines = [
        '{"id": "doc-1", "text": "First article.", "published": "2024-06-19", "url": "u"}',
        "{broken",
        '{"id": "doc-2", "html": "<p>Second</p>", "title": "T", "source": "S"}',
    ]
    _write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    records = list(iter_raw([tmp_path]))
    assert [type(r).__name__ for r in records] == ["RawDocument", "Failure", "RawDocument"]
    first, failure, second = records
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.name, first.kind, first.data, first.published, first.url) == (
        "doc-1",
        "text",
        b"First article.",
        "2024-06-19",
        "u",
    )
    assert (second.name, second.kind, second.title, second.source) == ("doc-2", "html", "T", "S")
    assert isinstance(failure, Failure)
    assert failure.code == MalformedRecord.code
    assert "batch.jsonl:2" in failure.message and failure.origin.endswith("batch.jsonl:2")


def test_feed_files_are_read(tmp_path: Path) -> None:
    _write(
        tmp_path / "news.rss",
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
        <item><guid>item-1</guid><link>https://example.org/a</link><title>A</title>
        <description>&lt;p&gt;Body A&lt;/p&gt;</description>
        <pubDate>Wed, 19 Jun 2024 08:00:00 GMT</pubDate></item>
        </channel></rss>""",
    )
    (record,) = list(iter_raw([tmp_path]))
    assert isinstance(record, RawDocument)
    assert (record.name, record.kind, record.published, record.source) == (
        "item-1",
        "html",
        "2024-06-19",
        "Wire",
    )


def test_a_file_over_the_limit_is_reported_without_being_opened(tmp_path: Path,
                                                                 monkeypatch) -> None:
    _write(tmp_path / "big.txt", "x" * 2_000)
    _write(tmp_path / "small.txt", "fine")
    _write(tmp_path / "wire.rss", "<rss>" + "y" * 2_000 + "</rss>")
    _write(tmp_path / "many.jsonl", '{"id": "r1", "text": "short"}\n{"id": "r2", "text": "'
           + "y" * 2_000 + '"}\n')
    opened = _spy_on_open(monkeypatch)
    records = list(iter_raw([tmp_path], max_bytes=1_000))
    big = next(r for r in records if r.name == "big.txt")
    assert isinstance(big, Failure) and big.code == "E104" and "2,000 bytes" in big.message
    feed = next(r for r in records if r.name == "wire.rss")
    assert isinstance(feed, Failure) and feed.code == "E104"  # a feed is checked before parsing
    assert "big.txt" not in opened and "wire.rss" not in opened
    # A JSONL file holds many documents: it is read line by line, each line checked on its own.
    too_long = next(r for r in records if r.name == "many.jsonl:2")
    assert isinstance(too_long, Failure) and too_long.code == "E104"
    assert {r.name for r in records if isinstance(r, RawDocument)} == {"small.txt", "r1"}


def _spy_on_open(monkeypatch) -> list[str]:
    """Record the name of every file opened with os.open (how the reader opens files)."""
    opened: list[str] = []
    original = os.open

    def spy(path, flags, *args, **kwargs):
        opened.append(Path(path).name)
        return original(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    return opened


def test_a_file_name_with_undecodable_bytes_is_read_under_an_escaped_name(tmp_path: Path) -> None:
    bad = Path(os.fsdecode(bytes(tmp_path) + b"/bad-\xff.txt"))
    _write(bad, "article text")
    runs = [list(iter_raw([tmp_path])) for _ in range(2)]
    (record,) = runs[0]
    assert isinstance(record, RawDocument) and record.data == b"article text"
    assert record.name == "bad-\\xff.txt"  # the byte shown as the four characters \xff
    assert record.origin.endswith("/bad-\\xff.txt") and record.origin.encode("utf-8")
    assert runs[0] == runs[1]  # the same name on every run


def test_a_reported_file_with_undecodable_bytes_in_its_name_is_storable_text(
        tmp_path: Path) -> None:
    _write(Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9 \xff.txt")), "x" * 50)
    (failure,) = list(iter_raw([tmp_path], max_bytes=10))
    assert isinstance(failure, Failure) and failure.code == "E104"
    assert failure.name == "caf\\xe9 \\xff.txt"
    for text in (failure.name, failure.origin, failure.message):
        text.encode("utf-8")  # raises on a lone surrogate


def test_a_missing_path_with_undecodable_bytes_is_named_as_text(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound) as error:
        list(iter_raw([Path(os.fsdecode(b"/nowhere/\xff"))]))
    assert "/nowhere/\\xff" in error.value.message


def test_an_unreadable_file_is_reported_with_its_own_code(tmp_path: Path, monkeypatch) -> None:
    _write(tmp_path / "locked.txt", "secret")
    _write(tmp_path / "open.txt", "fine")
    original = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    locked, fine = list(iter_raw([tmp_path]))
    assert isinstance(locked, Failure) and isinstance(fine, RawDocument)
    assert (locked.name, locked.code, locked.stage) == ("locked.txt", "E108", "read")
    assert "Permission denied" in locked.message


def test_a_large_jsonl_file_yields_its_first_record_before_the_file_is_read(
        tmp_path: Path, monkeypatch) -> None:
    # 20 MB on disk: the reader must hand over records as it goes, not read the file first
    record = '{"id": "r%d", "text": "' + "An article about talks. " * 400 + '"}\n'
    with (tmp_path / "dump.jsonl").open("w", encoding="utf-8") as out:
        for number in range(2_000):
            out.write(record % number)
    size = (tmp_path / "dump.jsonl").stat().st_size
    streams = []
    original = files._open_regular
    monkeypatch.setattr(files, "_open_regular", lambda path: streams.append(original(path))
                        or streams[-1])
    records = iter_raw([tmp_path], max_bytes=1_000_000)
    first = next(records)
    assert isinstance(first, RawDocument) and first.name == "r0"
    read_from_disk = streams[0].raw.tell()
    assert read_from_disk < size / 100  # a buffer or two, not the file
    assert sum(1 for _ in records) == 1_999
