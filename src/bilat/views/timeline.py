"""The timeline view: merged events as a rich table, JSON or CSV.

Reads only through :class:`bilat.store.Store`; never sees SQL.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.table import Table

from bilat.store.base import EventFilter, EventRow, Store

CSV_COLUMNS = (
    "id", "date", "type", "what", "status", "actors", "countries", "location", "sources",
    "independent_sources", "first_reported", "last_reported", "doc_names", "conflicts",
)  # fmt: skip
_LIST_SEPARATOR = "; "  # inside one CSV cell; names never contain it


_ALL = EventFilter()  # frozen: a safe shared default


def timeline(store: Store, flt: EventFilter = _ALL, *, sort: str = "date",
             limit: int | None = None) -> list[EventRow]:  # fmt: skip
    """Events matching ``flt`` in date order (undated last)."""
    return store.events(flt, limit=limit, sort=sort)


def row_to_dict(row: EventRow) -> dict[str, Any]:
    """One event as plain JSON-able data (lists stay lists)."""
    e = row.event
    return {
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


def rows_to_json(rows: list[EventRow]) -> str:
    return json.dumps([row_to_dict(r) for r in rows], ensure_ascii=False, indent=2)


def rows_to_csv(rows: list[EventRow]) -> str:
    """Flat CSV: one line per event, list fields joined with "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = row_to_dict(row)
        writer.writerow({
            col: _LIST_SEPARATOR.join(data[col]) if isinstance(data[col], list) else data[col]
            for col in CSV_COLUMNS
        })  # fmt: skip
    return out.getvalue()


def render_table(rows: list[EventRow]) -> Table:
    table = Table(title=f"{len(rows)} events", show_lines=False)
    for name, style in (("date", "cyan"), ("type", "bold"), ("actors", ""), ("countries", ""),
                        ("location", ""), ("status", ""), ("sources", "right"),
                        ("first source", "dim")):  # fmt: skip
        table.add_column(name, style=style if style != "right" else None,
                         justify="right" if style == "right" else "left")  # fmt: skip
    for row in rows:
        e = row.event
        table.add_row(
            e.date or "—",
            f"{e.type.value}: {e.what}" if e.what else e.type.value,
            ", ".join(e.actors) or "—",
            "–".join(e.countries) or "—",
            e.location or "—",
            e.status.value,
            f"{row.sources}/{row.independent_sources}",
            row.doc_names[0] if row.doc_names else "—",
        )
    return table
