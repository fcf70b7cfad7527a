"""Answers that stream: a list without a limit is every row, written a row at a time, so
a CSV or JSON download is never cut (and never held whole in memory). What the response
holds is stated in headers: ``X-Total-Count`` (rows matching), ``X-Limit`` (the limit
asked for, if any) and a ``Link: rel="next"`` when a limit left rows out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from typing import Any, TypeVar

import orjson
from starlette.responses import Response, StreamingResponse

from bilat.views.serialise import csv_lines

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
T = TypeVar("T")
BATCH_ROWS = 200  # rows sent in one chunk of a stream


def primed(rows: Iterator[T]) -> Iterator[T]:
    """``rows`` with its first row already read: a refusal (a bad cursor) is raised now,
    as an error answer, not once the stream has started and its status is sent."""
    first = list(islice(rows, 1))
    return chain(first, rows)


def stated(total: int, limit: int | None, following: str | None = None) -> dict[str, str]:
    """The headers that say what a list response holds."""
    headers = {"X-Total-Count": str(total)}
    if limit is not None:
        headers["X-Limit"] = str(limit)
    if following:
        headers["Link"] = f'<{following}>; rel="next"'
    return headers


def csv_stream(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], name: str,
               headers: Mapping[str, str]) -> StreamingResponse:  # fmt: skip
    return StreamingResponse(
        batched(csv_lines(rows, columns)), media_type=CSV_TYPE,
        headers={"Content-Disposition": f'inline; filename="{name}.csv"', **headers})


def json_bytes(content: Any) -> bytes:
    """``content`` as compact UTF-8 JSON, byte for byte what Starlette's JSONResponse writes
    (``json.dumps(ensure_ascii=False, separators=(",", ":"))``; a test holds them equal)
    for the values the API sends: strings, integers, booleans, None, lists and dicts with
    string keys. orjson writes a 500-event page several times faster than the json module."""
    return orjson.dumps(content)


def json_response(content: Any, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON answer encoded by :func:`json_bytes`: the same answer as a JSONResponse."""
    return Response(json_bytes(content), media_type=JSON_TYPE, headers=dict(headers or {}))


def json_stream(envelope: Mapping[str, Any], key: str, rows: Iterable[Any],
                headers: Mapping[str, str]) -> StreamingResponse:  # fmt: skip
    """``envelope`` with its list ``key`` written row by row (the envelope's other keys
    first, in their order; the list last)."""
    return StreamingResponse(batched(_json_chunks(envelope, key, rows)), media_type=JSON_TYPE,
                             headers=dict(headers))


def batched(pieces: Iterator[str], rows: int = BATCH_ROWS) -> Iterator[str]:
    """The pieces joined ``rows`` at a time: the server hands each chunk of a synchronous
    stream to a worker thread, which costs more than writing a row."""
    while batch := "".join(islice(pieces, rows)):
        yield batch


def _json_chunks(envelope: Mapping[str, Any], key: str, rows: Iterable[Any]) -> Iterator[str]:
    head = json.dumps({k: v for k, v in envelope.items() if k != key}, ensure_ascii=False,
                      separators=(",", ":"))  # fmt: skip
    yield head[:-1] + ("," if len(head) > 2 else "") + json.dumps(key) + ":["
    for i, row in enumerate(rows):
        yield ("," if i else "") + json_bytes(row).decode()
    yield "]}"
