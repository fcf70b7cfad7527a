"""The network of engagements as a graph (networkx), for GraphML readers such as Gephi.

Nodes are states (``level="state"``) or persons (``level="actor"``); an edge counts the
events of one type between two nodes. Where the event is directed (a VISIT from the
visitor to the host, an AID from the provider to the recipient: :mod:`bilat.views.records`)
the edge runs from the one who acted to the one acted on and has ``directed=True``; an
undirected engagement (a meeting, a call, an agreement) is one edge from the
alphabetically first end with ``directed=False``. The graph is a MultiDiGraph whose edge
keys are ``"VISIT>"`` (directed) or ``"MEET-"`` (undirected), one per kind.
Persons are put on the acting or the receiving side by the state they acted for
(:func:`bilat.views.plover.state_resolver`); persons of an event with no such sides are
joined undirected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import IO, Any

import networkx as nx

from bilat.model import Event, EventType
from bilat.store.base import EventRow
from bilat.views.plover import StateOf
from bilat.views.records import direction

LEVELS = ("state", "actor")
Edge = tuple[str, str, str, bool]  # (from, to, type, directed)


def event_edges(event: Event, level: str, state_of: StateOf | None = None) -> Iterator[Edge]:
    """The edges one event adds at ``level``."""
    type_ = EventType(event.type).value
    if level == "state":
        way = direction(event)
        ends: tuple[list[str], list[str]] = (
            ([way.states[0]], [way.states[1]]) if way.directed else (list(way.states), []))
        others = list(way.states[2:]) if way.directed else []
    else:
        ends = _person_sides(event, state_of)
        others = []
    acting, receiving = ends
    if receiving:
        for a in acting:
            for b in receiving:
                if a != b:
                    yield a, b, type_, True
        undirected = sorted(set(acting) | set(others))
    else:
        undirected = sorted(set(acting))
    for a, b in combinations(undirected, 2):
        yield a, b, type_, False


def _person_sides(event: Event, state_of: StateOf | None) -> tuple[list[str], list[str]]:
    names = list(dict.fromkeys(n for n in event.actors if n))
    way = direction(event)
    if not way.directed or state_of is None:
        return names, []
    receiving = [n for n in names if state_of(n, event.date) == way.recipient]
    acting = [n for n in names if n not in receiving]
    return (acting, receiving) if acting and receiving else (names, [])


def network_graph(rows: Iterable[EventRow], level: str = "state",
                  state_of: StateOf | None = None) -> nx.MultiDiGraph:  # fmt: skip
    """The weighted network of ``rows`` at ``level`` (see the module's docstring)."""
    counts: Counter[Edge] = Counter()
    for row in rows:
        counts.update(event_edges(row.event, level, state_of))
    graph = nx.MultiDiGraph(level=level)
    weights: Counter[str] = Counter()
    for (a, b, type_, directed), n in sorted(counts.items()):
        key = type_ + (">" if directed else "-")
        graph.add_edge(a, b, key=key, type=type_, directed=directed, weight=n)
        weights.update({a: n, b: n})
    for node in graph.nodes:
        attributes: dict[str, Any] = {"label": node, "kind": level, "weight": weights[node]}
        if level == "actor" and state_of is not None:
            attributes["state"] = state_of(node, None) or ""
        graph.nodes[node].update(attributes)
    return graph


def write_graphml(graph: nx.MultiDiGraph, out: IO[bytes]) -> None:
    nx.write_graphml(graph, out, encoding="utf-8")
