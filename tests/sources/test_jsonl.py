import json
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
    records = list(read_jsonl(data, Path("in.jsonl")))
    assert [type(r) for r in records] == [RawDocument, Failure, RawDocument]
    failure = records[1]
    assert isinstance(failure, Failure)
    assert (failure.name, failure.origin, failure.stage) == ("in.jsonl:3", "in.jsonl:3", "read")


def test_json_nested_thousands_deep_is_a_reported_line() -> None:
    (failure,) = list(read_jsonl(b"[" * 100_000 + b"\n", Path("deep.jsonl")))
    assert isinstance(failure, Failure)
    assert (failure.name, failure.code) == ("deep.jsonl:1", "E106")
    assert "nested too deeply" in failure.message


def test_lone_surrogate_escapes_become_replacement_characters() -> None:
    # half of a cut emoji: Python keeps it, and it cannot be encoded or stored
    line = b'{"id": "a\\ud800", "text": "x\\udc00y \\ud83d\\ude00", "title": "\\udfff"}'
    raw = parse_record(line, "s.jsonl:1")
    assert raw.name == "a\ufffd" and raw.title == "\ufffd"
    assert raw.data.decode("utf-8") == "x\ufffdy \U0001f600"
