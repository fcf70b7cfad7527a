"""Who acted on whom in the network of states: for each listed edge, how many of its
events ran from one end to the other (a VISIT from the visitor's state to the host's, an
AID from provider to recipient: the event's first state acts on its second, as the event
model writes them).

Counted at query time from the events of the listed edges that are of a directed type,
through each pair's facet, so the cost grows with those events (not the database);
asked for by ``Store.network_page(..., directed=True)`` only, since the summaries keep no
order of the states. Each function takes an open connection."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Connection, select

from bilat.store import tables as t
from bilat.store.base import EventFilter, NetworkEdge
from bilat.store.listing import criteria, event_conditions
from bilat.store.statements import chunks
from bilat.store.summaries import pair_facet

DIRECTED_TYPES = ("VISIT", "AID")  # as bilat.views.records.DIRECTED_TYPES
FLOW = "{}>{}"  # the key of a flow in NetworkEdge.flows: "RUS>PRK"


def with_flows(conn: Connection, flt: EventFilter,
               edges: Sequence[NetworkEdge]) -> tuple[NetworkEdge, ...]:  # fmt: skip
    """``edges`` (of states) with their flows: "A>B" -> the directed events from A to B."""
    wanted = {pair_facet(e.source, e.target): e for e in edges}
    found: dict[str, Counter[str]] = {}
    ef, e = t.event_facets, t.events
    where = event_conditions(criteria(conn, flt))
    for chunk in chunks(sorted(wanted)):
        stmt = (select(ef.c.facet, e.c.countries)
                .join(e, e.c.id == ef.c.event_id)
                .where(ef.c.facet.in_(chunk), e.c.type.in_(DIRECTED_TYPES), *where))  # fmt: skip
        for facet, countries in conn.execute(stmt).tuples():
            states = list(dict.fromkeys(c for c in json.loads(countries) if c))
            if len(states) >= 2 and pair_facet(states[0], states[1]) == facet:
                found.setdefault(facet, Counter())[FLOW.format(states[0], states[1])] += 1
    return tuple(replace(edge, flows=dict(sorted(found.get(facet, Counter()).items())))
                 for facet, edge in wanted.items())  # fmt: skip
