"""Query strings of the pages' links: a filter as URL parameters, and a URL query built
from them with some values overridden (a sort, a page, a facet's value)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from bilat.store.base import EventFilter


def query_string(params: dict[str, Any] | None = None, **extra: Any) -> str:
    """URL query for the non-empty values (lists repeat the key); ``extra`` overrides."""
    pairs: list[tuple[str, str]] = []
    for key, value in {**(params or {}), **extra}.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((key, str(v)) for v in values if v not in (None, ""))
    return urlencode(pairs)


def filter_params(flt: EventFilter) -> dict[str, Any]:
    return {
        "actor": flt.actor,
        "country": ",".join(flt.countries),
        "type": flt.type,
        "status": flt.status,
        "since": flt.since,
        "until": flt.until,
        "q": flt.q,
        "location": flt.location,
    }
