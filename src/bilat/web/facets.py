"""Facets beside a list, as Datasette shows them: under each facet (type, status, pair of
states, actor, year, source) its commonest values among the listed events with their counts,
each a link to the same list with that value added to the filters (or, for the value the
filter already has, a link that takes it off). The page and ``/api/facets`` show the same.
"""

from __future__ import annotations

from typing import Any

from bilat.store.base import EventFilter, Facet, Facets, FacetValue
from bilat.web.query import filter_params, query_string

RENAMED = {"pair": "states"}  # a facet shown under another name than its own


def _filter_of(name: str, value: str) -> dict[str, str] | None:
    """The URL parameters that keep only the events with ``value``; None when no filter
    can ask it (undated events, a source: the listing's filter has neither)."""
    if name == "pair":
        return {"country": value}
    if name == "year":
        return {"since": value, "until": value} if value else None
    if name in ("type", "status", "actor"):
        return {name: value}
    return None


def _selected(flt: EventFilter, name: str, value: str) -> bool:
    params = filter_params(flt)
    wanted = _filter_of(name, value)
    return wanted is not None and all(params.get(k) == v for k, v in wanted.items())


def _label(name: str, value: FacetValue) -> str:
    if name == "pair":
        return "–".join(value.value.split(","))
    if name == "year" and not value.value:
        return "undated"
    return value.value


def _value_view(flt: EventFilter, action: str, name: str, value: FacetValue) -> dict[str, Any]:
    params = filter_params(flt)
    wanted = _filter_of(name, value.value)
    selected = _selected(flt, name, value.value)
    if wanted is None:
        href = None
    else:  # the value the filter already has: the link takes it off
        query = query_string(params, **({k: None for k in wanted} if selected else wanted))
        href = action + ("?" + query if query else "")
    return {"value": value.value, "label": _label(name, value), "count": value.count,
            "selected": selected, "href": href}  # fmt: skip


def facet_view(flt: EventFilter, action: str, facet: Facet) -> dict[str, Any]:
    return {
        "name": facet.name,
        "title": RENAMED.get(facet.name, facet.name).capitalize(),
        "values": [_value_view(flt, action, facet.name, v) for v in facet.values],
        "distinct": facet.distinct,
        "exact": facet.exact,
    }


def facets_view(flt: EventFilter, action: str, facets: Facets) -> dict[str, Any]:
    """Every facet with links on ``action`` (the list's path)."""
    return {
        "facets": [facet_view(flt, action, f) for f in facets.facets if f.values],
        "scanned": facets.scanned,
        "complete": facets.complete,
    }
