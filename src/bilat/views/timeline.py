"""The timeline view: merged events as a rich table, JSON or CSV (the CLI's
``bilat timeline``; the JSON and CSV rows are :mod:`bilat.views.records`' records).

Reads only through :class:`bilat.store.Store`; never sees SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from rich.table import Table

from bilat.store.base import EventFilter, EventRow, Store
from bilat.views.records import ROW_FIELDS, direction, records
from bilat.views.serialise import to_csv

_ALL = EventFilter()  # frozen: a safe shared default


def timeline(store: Store, flt: EventFilter = _ALL, *, sort: str = "date",
             limit: int | None = None) -> list[EventRow]:  # fmt: skip
    """Events matching ``flt`` in date order (undated last)."""
    return store.events(flt, limit=limit, sort=sort)


def rows_to_json(store: Store, rows: list[EventRow]) -> str:
    """The rows as the analyst's records (:data:`~bilat.views.records.ROW_FIELDS`), a
    JSON array."""
    return "".join(json_array(records(store, rows)))


def rows_to_csv(store: Store, rows: list[EventRow]) -> str:
    """Flat CSV of the analyst's records: list fields joined with "; ", formulas
    neutralised."""
    return to_csv(records(store, rows), ROW_FIELDS)


def json_array(items: Iterable[Any]) -> Iterator[str]:
    """A JSON array written an item at a time (each indented), so any number streams."""
    yield "["
    for i, item in enumerate(items):
        body = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ("," if i else "") + "\n  " + body
    yield "\n]\n"


def render_table(rows: list[EventRow]) -> Table:
    table = Table(title=f"{len(rows)} events", show_lines=False)
    for name, style in (("date", "cyan"), ("type", "bold"), ("actors", ""), ("states", ""),
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
            direction(e).label or "—",
            e.location or "—",
            e.status.value,
            f"{row.sources}/{row.independent_sources}",
            row.doc_names[0] if row.doc_names else "—",
        )
    return table
