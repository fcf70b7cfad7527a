"""Store records as plain data, and CSV: the one serialiser behind the CLI
(``bilat timeline --json/--csv``) and the web API alike.

:func:`event_dict` turns an event row into a dict (each caller picks the fields it shows,
in its order); :func:`csv_lines` writes any such dicts as CSV, one line at a time, with
the same cell rules everywhere: lists joined with "; ", maps as "key:value; ...", and a
text cell a spreadsheet would run as a formula neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from bilat.model import EventMention
from bilat.store.base import EventRow, NetworkEdge, StatsCell

# Every field of an event row, in the order the CLI's JSON gives them.
EVENT_FIELDS = (
    "id", "date", "type", "what", "status", "actors", "countries", "location", "sources",
    "independent_sources", "first_reported", "last_reported", "doc_names", "conflicts",
    "mention_ids",
)  # fmt: skip

LIST_SEPARATOR = "; "  # inside one CSV cell; names never contain it
# A cell starting with one of these runs as a formula in a spreadsheet (CSV injection);
# tab and carriage return too, as some spreadsheets drop them before reading the cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def event_dict(row: EventRow, fields: Sequence[str] = EVENT_FIELDS) -> dict[str, Any]:
    """An event row as JSON-able data (lists stay lists), ``fields`` in that order."""
    e = row.event
    values: dict[str, Any] = {
        "id": e.id,
        "date": e.date,
        "type": e.type.value,
        "what": e.what,
        "status": e.status.value,
        "actors": list(e.actors),
        "countries": list(e.countries),
        "location": e.location,
        "sources": row.sources,
        "independent_sources": row.independent_sources,
        "first_reported": row.first_reported,
        "last_reported": row.last_reported,
        "doc_names": list(row.doc_names),
        "conflicts": list(e.conflicts),
        "mention_ids": list(e.mention_ids),
    }
    return {field: values[field] for field in fields}


def mention_dict(m: EventMention) -> dict[str, Any]:
    """An event mention as JSON-able data, with its evidence and offsets."""
    return {
        "id": m.id,
        "doc_id": m.doc_id,
        "doc_name": m.doc_name,
        "type": m.type.value,
        "what": m.what,
        "actors": list(m.actors),
        "countries": list(m.countries),
        "location": m.location,
        "date": m.date,
        "status": m.status.value,
        "evidence": m.evidence,
        "start": m.start,
        "end": m.end,
        "published": m.published,
    }


def stats_cell_dict(c: StatsCell) -> dict[str, Any]:
    return {"month": c.month, "type": c.type, "pair": c.pair, "count": c.count}


def edge_dict(e: NetworkEdge) -> dict[str, Any]:
    return {"source": e.source, "target": e.target, "weight": e.weight, "types": dict(e.types),
            "flows": dict(e.flows)}


def csv_lines(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """A header line, then one line per record (a missing field is an empty cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def line(cells: Iterable[Any]) -> str:
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(columns)
    for record in records:
        yield line(csv_cell(record.get(column)) for column in columns)


def to_csv(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    return "".join(csv_lines(records, columns))


def csv_cell(value: Any) -> Any:
    """One CSV cell: lists joined, maps as "key:value", formulas neutralised with a "'"."""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, dict):
        value = LIST_SEPARATOR.join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value
