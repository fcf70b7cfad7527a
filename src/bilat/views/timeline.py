"""The timeline view: merged events as a rich table, JSON or CSV (the CLI's
``bilat timeline``; the JSON and CSV come from :mod:`bilat.views.serialise`).

Reads only through :class:`bilat.store.Store`; never sees SQL.
"""

from __future__ import annotations

import json

from rich.table import Table

from bilat.store.base import EventFilter, EventRow, Store
from bilat.views.serialise import event_dict, to_csv

CSV_COLUMNS = (
    "id", "date", "type", "what", "status", "actors", "countries", "location", "sources",
    "independent_sources", "first_reported", "last_reported", "doc_names", "conflicts",
)  # fmt: skip


_ALL = EventFilter()  # frozen: a safe shared default


def timeline(store: Store, flt: EventFilter = _ALL, *, sort: str = "date",
             limit: int | None = None) -> list[EventRow]:  # fmt: skip
    """Events matching ``flt`` in date order (undated last)."""
    return store.events(flt, limit=limit, sort=sort)


def rows_to_json(rows: list[EventRow]) -> str:
    """Every field of each event (:data:`~bilat.views.serialise.EVENT_FIELDS`), indented."""
    return json.dumps([event_dict(r) for r in rows], ensure_ascii=False, indent=2)


def rows_to_csv(rows: list[EventRow]) -> str:
    """Flat CSV: one line per event, list fields joined with "; ", formulas neutralised."""
    return to_csv((event_dict(r) for r in rows), CSV_COLUMNS)


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
