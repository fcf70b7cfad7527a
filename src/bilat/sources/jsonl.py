"""JSON Lines: one document a line, ``{"id": ..., "text" | "html": ..., metadata ...}``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bilat.errors import MalformedRecord
from bilat.model import Failure, RawDocument

METADATA_FIELDS = ("published", "url", "title", "source")
CONTENT_FIELDS = ("text", "html")  # "text" wins when a record has both: it is what to analyse
# A JSON escape can name half of a surrogate pair ("\ud83d" of a cut emoji); Python keeps
# it in the string, and it cannot be encoded to UTF-8 or stored.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(data: bytes, path: Path) -> Iterator[RawDocument | Failure]:
    """One :class:`RawDocument` per good line; one :class:`Failure` per broken line."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM is harmless, not an error
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            yield parse_record(line, origin)
        except MalformedRecord as exc:
            yield Failure(
                name=f"{path.name}:{number}",
                origin=origin,
                stage=exc.stage,
                code=exc.code,
                message=exc.message,
            )


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
