"""JSON Lines: one document a line, ``{"id": ..., "text" | "html": ..., metadata ...}``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from bilat.errors import DocumentError, DocumentTooLarge, EmptyDocument, MalformedRecord
from bilat.model import Failure, RawDocument
from bilat.sources.names import failure_of, name_text, path_text

METADATA_FIELDS = ("published", "url", "title", "source")
CONTENT_FIELDS = ("text", "html")  # "text" wins when a record has both: it is what to analyse
# A JSON escape can name half of a surrogate pair ("\ud83d" of a cut emoji); Python keeps
# it in the string, and it cannot be encoded to UTF-8 or stored.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SKIP_PIECE = 1 << 16  # bytes read at a time while skipping a line over the limit


def read_jsonl(stream: BinaryIO, path: Path,
               max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    """One :class:`RawDocument` per good line of ``stream``, one :class:`Failure` per broken
    line, read one line at a time: a record is yielded before the next line is read, and a
    line over ``max_bytes`` is reported without being held. A file without a single record
    is reported too (it would otherwise name nothing)."""
    found = False
    for number, line, size in _lines(stream, max_bytes):
        if number == 1 and line is not None:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM is harmless, not an error
        if line is not None and not line.strip():
            continue
        found = True
        origin = f"{path_text(path)}:{number}"
        try:
            if line is None:
                raise DocumentTooLarge(
                    f"{origin}: the line is {size:,} bytes, over the limit of {max_bytes:,}.")
            yield parse_record(line, origin)
        except DocumentError as exc:
            yield failure_of(path, exc, name=f"{name_text(path)}:{number}", origin=origin)
    if not found:
        yield failure_of(path, EmptyDocument(f"{path_text(path)}: the JSONL file has no records."))


def _lines(stream: BinaryIO, max_bytes: int | None) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, line, size) for each line; the line is None when it is over ``max_bytes``,
    and is then skipped in pieces, never held whole."""
    limit = -1 if max_bytes is None else max_bytes + 1  # + 1: the newline
    number = 0
    while line := stream.readline(limit):
        number += 1
        if line.endswith(b"\n") or limit < 0 or len(line) < limit:
            yield number, line, len(line)
            continue
        size = len(line)
        while (piece := stream.readline(_SKIP_PIECE)) and not piece.endswith(b"\n"):
            size += len(piece)
        yield number, None, size + len(piece.removesuffix(b"\n"))


def parse_record(line: bytes, origin: str) -> RawDocument:
    """Turn one JSONL line into a record, or raise :class:`MalformedRecord` saying why."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MalformedRecord(f"{origin}: the line is not UTF-8 ({exc.reason}).") from exc
    except json.JSONDecodeError as exc:
        raise MalformedRecord(f"{origin}: not valid JSON ({exc.msg}, column {exc.colno}).") from exc
    except RecursionError as exc:  # "[[[[..." thousands deep exhausts the parser's stack
        raise MalformedRecord(f"{origin}: the JSON is nested too deeply.") from exc
    if not isinstance(record, dict):
        raise MalformedRecord(f"{origin}: expected a JSON object, got {type(record).__name__}.")
    name = _record_name(record, origin)
    kind, content = _record_content(record, origin)
    metadata = {field: _optional_string(record, field, origin) for field in METADATA_FIELDS}
    extra = {key: value for key, value in record.items() if key not in _KNOWN_KEYS}
    return RawDocument(
        name=name,
        kind=kind,
        data=content.encode("utf-8"),
        origin=origin,
        published=metadata["published"],
        url=metadata["url"],
        title=metadata["title"],
        source=metadata["source"],
        metadata=extra,
    )


_KNOWN_KEYS = frozenset({"id", *CONTENT_FIELDS, *METADATA_FIELDS})


def _record_name(record: dict[str, Any], origin: str) -> str:
    value = record.get("id")
    # bool is an int subclass; an id of `true` is a mistake, not a name.
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise MalformedRecord(f'{origin}: missing or empty "id" (the document name).')
    return without_lone_surrogates(str(value).strip())


def _record_content(record: dict[str, Any], origin: str) -> tuple[str, str]:
    for field in CONTENT_FIELDS:
        value = record.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            raise MalformedRecord(f'{origin}: "{field}" must be a string.')
        return field, without_lone_surrogates(value)
    raise MalformedRecord(f'{origin}: the record has neither "text" nor "html".')


def _optional_string(record: dict[str, Any], field: str, origin: str) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedRecord(f'{origin}: "{field}" must be a string or null.')
    return without_lone_surrogates(value.strip()) or None


def without_lone_surrogates(value: str) -> str:
    """``value`` with every lone surrogate replaced by U+FFFD, the replacement character."""
    return _LONE_SURROGATE.sub("\ufffd", value)
