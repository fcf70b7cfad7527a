"""``bilat export``: the whole database (or the events of a filter) in the format an analyst
asks for, written by one function for the CLI and the API alike.

- ``events-jsonl``: the gold format of shared/spec/EVENTS.md, one document a line
  (:mod:`bilat.views.export`);
- ``csv`` and ``parquet``: one row per event with the fields of
  :data:`bilat.views.records.ROW_FIELDS` (Parquet keeps list fields as lists);
- ``plover``: one PLOVER record per event, a JSON object a line (:mod:`bilat.views.plover`);
- ``graphml``: the network of states or persons (:mod:`bilat.views.graph`);
- ``gold``: the corrected record in the gold format, keys from event ids
  (:mod:`bilat.views.gold`).

Events stream a page at a time, so an export's memory does not grow with the database
(except GraphML's, whose graph is as large as the network).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from bilat.errors import UsageError
from bilat.knowledge.gazetteer import City, gazetteer
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.store.base import EventFilter, EventRow, Provenance, Store
from bilat.views.export import export_events_jsonl
from bilat.views.gold import export_gold
from bilat.views.graph import LEVELS, network_graph, write_graphml
from bilat.views.plover import CityOf, plover_record, state_resolver
from bilat.views.records import ROW_FIELDS, iter_records, iter_rows
from bilat.views.serialise import csv_lines

FORMATS = ("events-jsonl", "csv", "parquet", "plover", "graphml", "gold")
BINARY_FORMATS = frozenset({"parquet", "graphml"})  # written as bytes
FILE_ONLY_FORMATS = frozenset({"parquet"})  # a file format, never sent to a terminal

_LIST = pa.list_(pa.string())
PARQUET_SCHEMA = pa.schema([
    (field, _LIST if field in ("actors", "countries", "source_titles", "source_urls",
                               "doc_names", "conflicts", "corrected")
     else pa.int64() if field in ("sources", "independent_sources") else pa.string())
    for field in ROW_FIELDS
])  # fmt: skip
PARQUET_BATCH = 5000  # rows per row group


@dataclass(frozen=True)
class ExportRequest:
    format: str
    flt: EventFilter = EventFilter()
    level: str = "state"  # graphml: the network of states or of persons (actors)


def check(request: ExportRequest, to_file: bool) -> None:
    """Refuse an unknown format or level, and a file format asked for without a file."""
    if request.format not in FORMATS:
        raise UsageError(f"Unknown export format {request.format!r}.",
                         fix=f"Use --format with one of: {', '.join(FORMATS)}.")
    if request.level not in LEVELS:
        raise UsageError(f"Unknown network level {request.level!r}.",
                         fix=f"Use --level with one of: {', '.join(LEVELS)}.")
    if request.format in FILE_ONLY_FORMATS and not to_file:
        raise UsageError(f"{request.format} is a binary file format and needs a file.",
                         fix=f"Give -o FILE, e.g. `bilat export --format {request.format} "
                             f"-o events.{request.format}`.")


def write_export(store: Store, request: ExportRequest, out: IO[Any],
                 kb: KnowledgeBase | None = None) -> int:
    """Write the export to ``out`` (text for the text formats, bytes for
    :data:`BINARY_FORMATS`); return the number of records (lines, rows, or edges)."""
    kb = kb if kb is not None else load_kb()
    fmt = request.format
    if fmt in ("events-jsonl", "gold"):
        documents = export_events_jsonl(store) if fmt == "events-jsonl" else export_gold(store)
        return _write_lines(out, (json.dumps(d, ensure_ascii=False) for d in documents))
    if fmt == "csv":
        lines = csv_lines(iter_records(store, request.flt), ROW_FIELDS)
        return _write_lines(out, (line.rstrip("\n") for line in lines)) - 1  # no header
    if fmt == "plover":
        return _write_lines(out, (json.dumps(r, ensure_ascii=False)
                                  for r in plover_records(store, request.flt, kb)))  # fmt: skip
    if fmt == "parquet":
        return write_parquet(iter_records(store, request.flt), out)
    graph = network_graph(iter_rows(store, request.flt), request.level, state_resolver(kb))
    write_graphml(graph, out)
    return int(graph.number_of_edges())


def plover_records(store: Store, flt: EventFilter, kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    state_of, city_of = state_resolver(kb), city_resolver(kb)

    def shape(row: EventRow, provenance: Provenance | None) -> dict[str, Any]:
        return plover_record(row, provenance, state_of, city_of)

    return iter_records(store, flt, shape=shape)


def city_resolver(kb: KnowledgeBase) -> CityOf:
    """A place (a curated city or venue, or a GeoNames city) -> the GeoNames city with its
    coordinates, preferring the event's states."""

    @lru_cache(maxsize=4096)
    def city_of(place: str, states: tuple[str, ...]) -> City | None:
        curated = kb.place(place)
        if curated is not None:
            return gazetteer().resolve(curated.city or curated.name, (curated.country,))
        return gazetteer().resolve(place, states)

    return city_of


def write_parquet(records: Iterator[dict[str, Any]], out: IO[bytes]) -> int:
    """Rows as a Parquet file (pyarrow), a row group per :data:`PARQUET_BATCH` rows."""
    written = 0
    with pq.ParquetWriter(out, PARQUET_SCHEMA) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) == PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
                written, batch = written + len(batch), []
        if batch or not written:  # an empty export is still a file with the schema
            writer.write_table(pa.Table.from_pylist(batch, schema=PARQUET_SCHEMA))
            written += len(batch)
    return written


def _write_lines(out: IO[str], lines: Iterator[str]) -> int:
    n = 0
    for line in lines:
        out.write(line + "\n")
        n += 1
    return n
