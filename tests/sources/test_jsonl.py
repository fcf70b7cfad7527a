import io
import json
import os
from pathlib import Path

import pytest

from bilat.errors import MalformedRecord
from bilat.model import Failure, RawDocument
from bilat.sources.jsonl import parse_record, read_jsonl


def _line(record: object) -> bytes:
    return json.dumps(record).encode("utf-8")


def test_record_fields_map_onto_raw_document() -> None:
    raw = parse_record(
        _line({"id": 7, "text": "Texte é", "published": " 2024-06-19 ", "lang": "en"}), "f:1"
    )
    assert raw.name == "7"
    assert raw.kind == "text"
    assert raw.data == "Texte é".encode()
    assert raw.published == "2024-06-19"
    assert raw.metadata == {"lang": "en"}
    assert raw.origin == "f:1"


def test_text_wins_over_html_when_both_are_present() -> None:
    raw = parse_record(_line({"id": "x", "html": "<p>h</p>", "text": "t"}), "f:1")
    assert (raw.kind, raw.data) == ("text", b"t")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (_line({"text": "no id"}), '"id"'),
        (_line({"id": "", "text": "empty id"}), '"id"'),
        (_line({"id": True, "text": "bool id"}), '"id"'),
        (_line({"id": "x"}), 'neither "text" nor "html"'),
        (_line({"id": "x", "text": 5}), '"text" must be a string'),
        (_line({"id": "x", "text": "t", "url": ["u"]}), '"url" must be a string'),
        (b'{"id": "x", "text": "\xff"}', "not UTF-8"),
    ],
)
def test_malformed_lines_raise_with_the_reason(line: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord) as error:
        parse_record(line, "batch.jsonl:3")
    assert reason in str(error.value)
    assert "batch.jsonl:3" in str(error.value)


def test_reading_goes_on_after_a_broken_line_and_blank_lines_are_skipped() -> None:
    data = b"\xef\xbb\xbf" + _line({"id": "a", "text": "A"}) + b"\n\n{oops\n  \n"
    data += _line({"id": "b", "text": "B"})
    records = list(read_jsonl(io.BytesIO(data), Path("in.jsonl")))
    assert [type(r) for r in records] == [RawDocument, Failure, RawDocument]
    failure = records[1]
    assert isinstance(failure, Failure)
    assert (failure.name, failure.origin, failure.stage) == ("in.jsonl:3", "in.jsonl:3", "read")


def test_json_nested_thousands_deep_is_a_reported_line() -> None:
    (failure,) = list(read_jsonl(io.BytesIO(b"[" * 100_000 + b"\n"), Path("deep.jsonl")))
    assert isinstance(failure, Failure)
    assert (failure.name, failure.code) == ("deep.jsonl:1", "E106")
    assert "nested too deeply" in failure.message


def test_lone_surrogate_escapes_become_replacement_characters() -> None:
    # half of a cut emoji: Python keeps it, and it cannot be encoded or stored
    line = b'{"id": "a\\ud800", "text": "x\\udc00y \\ud83d\\ude00", "title": "\\udfff"}'
    raw = parse_record(line, "s.jsonl:1")
    assert raw.name == "a\ufffd" and raw.title == "\ufffd"
    assert raw.data.decode("utf-8") == "x\ufffdy \U0001f600"


class _ReadCounter(io.BytesIO):
    """A stream that remembers how many bytes were read, and the largest single read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.read_so_far = 0
        self.largest_read = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.read_so_far += len(line)
        self.largest_read = max(self.largest_read, len(line))
        return line


def test_records_are_yielded_one_line_at_a_time_before_the_rest_is_read() -> None:
    data = b"".join(_line({"id": f"r{i}", "text": "An article. " * 20}) + b"\n"
                    for i in range(5_000))
    stream = _ReadCounter(data)
    records = read_jsonl(stream, Path("big.jsonl"))
    first = next(records)
    assert isinstance(first, RawDocument) and first.name == "r0"
    assert stream.read_so_far < len(data) / 1_000  # the first record came before the rest was read
    assert sum(1 for _ in records) == 4_999


def test_a_line_over_the_limit_is_reported_without_being_held() -> None:
    huge = _line({"id": "huge", "text": "y" * 1_000_000})
    data = _line({"id": "a", "text": "A"}) + b"\n" + huge + b"\n" + _line({"id": "b", "text": "B"})
    stream = _ReadCounter(data)
    records = list(read_jsonl(stream, Path("dump.jsonl"), max_bytes=1_000))
    assert [r.name for r in records] == ["a", "dump.jsonl:2", "b"]
    failure = records[1]
    assert isinstance(failure, Failure) and failure.code == "E104"
    assert f"{len(huge):,} bytes" in failure.message and failure.origin == "dump.jsonl:2"
    assert stream.largest_read <= 1 << 16  # read in pieces, never the 1 MB line at once


def test_a_line_exactly_at_the_limit_is_read() -> None:
    line = _line({"id": "a", "text": "x" * 50})
    (raw,) = list(read_jsonl(io.BytesIO(line + b"\n"), Path("f.jsonl"), max_bytes=len(line)))
    assert isinstance(raw, RawDocument)
    (failure,) = list(read_jsonl(io.BytesIO(line), Path("f.jsonl"), max_bytes=len(line) - 1))
    assert isinstance(failure, Failure) and failure.code == "E104"


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf\n"])
def test_a_jsonl_file_without_records_is_reported_by_name(data: bytes) -> None:
    (failure,) = list(read_jsonl(io.BytesIO(data), Path("in/empty.jsonl")))
    assert isinstance(failure, Failure)
    assert (failure.name, failure.origin, failure.code) == ("empty.jsonl", "in/empty.jsonl", "E101")
    assert "no records" in failure.message


def test_record_names_of_a_file_with_undecodable_bytes_in_its_name_are_text() -> None:
    path = Path(os.fsdecode(b"dump-\xff.jsonl"))
    (failure,) = list(read_jsonl(io.BytesIO(b"{oops\n"), path))
    assert isinstance(failure, Failure)
    assert (failure.name, failure.origin) == ("dump-\\xff.jsonl:1", "dump-\\xff.jsonl:1")
    assert failure.message.encode("utf-8")  # storable: no lone surrogates
