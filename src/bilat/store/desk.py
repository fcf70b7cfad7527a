"""The records of the analyst's desk (facets beside the lists, periods of the stats,
search snippets, the map's place counts), with the counts computed in Python that stores
without queries of their own use and the tests take as reference. Re-exported by
:mod:`bilat.store.base`, where the :class:`~bilat.store.base.Store` interface uses them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bilat.model import Event

FACET_NAMES = ("type", "status", "pair", "actor", "year", "source")  # the facets, in order


@dataclass(frozen=True)
class FacetValue:
    value: str  # type, status, "PRK,RUS", actor name, year ("" undated), source
    count: int  # matching events with it


@dataclass(frozen=True)
class Facet:
    """The commonest values of one facet among the events matching a filter."""

    name: str  # "type", "status", "pair", "actor", "year" or "source"
    values: tuple[FacetValue, ...]  # most events first (ties by value)
    distinct: int  # values in all (more than listed when cut)
    exact: bool  # counted over every match (else over the ``Facets.scanned`` newest)


@dataclass(frozen=True)
class Facets:
    facets: tuple[Facet, ...]
    scanned: int  # matching events counted one by one
    complete: bool  # every matching event was among them


@dataclass(frozen=True)
class PeriodCount:
    """Events of one type in one period, at the precision their dates allow."""

    period: str  # "2024-06" (a month), "2024" (dated to the year only) or "" (undated)
    type: str
    count: int


@dataclass(frozen=True)
class SearchMatch:
    """What a full-text search found in an event: one matching mention's evidence and the
    title of its document (the words may be in either)."""

    evidence: str
    title: str


@dataclass(frozen=True)
class PlaceCount:
    """The events held at one place."""

    name: str  # the events' location, as stored
    events: int


@dataclass(frozen=True)
class StateCount:
    code: str  # ISO-3
    events: int  # events whose states include it


@dataclass(frozen=True)
class PlaceCounts:
    """Where the events of a filter happened (for the map): the busiest places and every
    state, with how many events each."""

    places: tuple[PlaceCount, ...]  # most events first (ties by name), at most the limit
    places_total: int  # places over all the events of the filter
    placed: int  # events of the filter with a place
    states: tuple[StateCount, ...]  # every state, most events first (ties by code)


def place_counts_of(events: Iterable[Event], limit: int | None) -> PlaceCounts:
    """:class:`PlaceCounts` of ``events``, counted one by one (stores without a query of
    their own, and the reference of the tests)."""
    at: dict[str, int] = {}
    states: dict[str, int] = {}
    for e in events:
        for code in set(e.countries):
            states[code] = states.get(code, 0) + 1
        if e.location is not None:
            at[e.location] = at.get(e.location, 0) + 1
    return PlaceCounts(
        places=tuple(PlaceCount(name, at[name]) for name in most_first(at)[:limit]),
        places_total=len(at), placed=sum(at.values()),
        states=tuple(StateCount(code, states[code]) for code in most_first(states)),
    )  # fmt: skip


def most_first(counts: dict[str, int]) -> list[str]:
    """The keys of ``counts``, largest count first (ties in key order)."""
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
