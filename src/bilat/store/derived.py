"""The rows derived from merged events: ``events`` with its sourcing figures and sort
keys, and the side tables ``event_mentions``, ``event_countries``, ``event_actors``,
``event_pairs`` and ``actor_names``. They are written with the events
(:mod:`bilat.store.writes`) so that every listing is a single indexed query."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from bilat.knowledge.names import name_key
from bilat.model import Event, EventType, Status
from bilat.partial_date import lower_bound, month_of, upper_bound
from bilat.store.rows import dumps

UNDATED_UP = "9999-99-99"  # order_up of an undated event: after every date
UNDATED_DOWN = "0000-00-00"  # order_down: after every date in a descending sort

Source = tuple[str, "str | None", str, int]  # (doc id, doc published, doc name, mention seq)
Rows = list[dict[str, Any]]


class EventTables:
    """The rows of events and its side tables, derived from merged events in one pass."""

    def __init__(self) -> None:
        self.events: Rows = []
        self.mentions: Rows = []
        self.countries: Rows = []
        self.actors: Rows = []
        self.pairs: Rows = []
        self._names: dict[str, int] = {}

    def add(self, event: Event, sources: dict[str, Source], canonical: dict[str, str]) -> None:
        """``sources``: mention id -> its document's figures; ``canonical``: copy -> original."""
        mention_ids = list(dict.fromkeys(event.mention_ids))
        docs = {sources[mid][0]: sources[mid] for mid in mention_ids}
        self.events.append(_event_row(event, docs, canonical))
        self.mentions += [
            {"event_id": event.id, "mention_id": mid, "position": i, "mention_seq": sources[mid][3]}
            for i, mid in enumerate(mention_ids)
        ]
        countries = list(dict.fromkeys(c for c in event.countries if c))
        self.countries += [{"event_id": event.id, "country": c} for c in countries]
        for name in dict.fromkeys(n for n in event.actors if n):
            self.actors.append({"event_id": event.id, "name": name})
            self._names[name] = self._names.get(name, 0) + 1
        # Every unordered pair of states; an event with fewer than two states still gets
        # one row (b = "", and a = "" when it names none) so that stats count it.
        pairs = list(combinations(sorted(countries), 2))
        if not pairs:
            pairs = [(countries[0] if countries else "", "")]
        self.pairs += [{"event_id": event.id, "a": a, "b": b} for a, b in pairs]

    def actor_names(self) -> Rows:
        return [
            {"name": n, "name_key": name_key(n), "events": c}
            for n, c in sorted(self._names.items())
        ]

    def name_counts(self) -> dict[str, int]:
        """Actor name -> number of these events that name it."""
        return dict(self._names)


def _event_row(event: Event, docs: dict[str, Source], canonical: dict[str, str]) -> dict[str, Any]:
    published = sorted(src[1] for src in docs.values() if src[1])
    first_reported_first = sorted(docs.values(), key=lambda d: (d[1] is None, d[1] or "", d[2]))
    names = [src[2] for src in first_reported_first]
    lo = lower_bound(event.date)
    return {
        "id": event.id, "type": EventType(event.type).value, "actors": dumps(event.actors),
        "countries": dumps(event.countries), "location": event.location, "date": event.date,
        "status": Status(event.status).value, "conflicts": dumps(event.conflicts),
        "what": event.what,
        "date_lo": lo, "date_hi": upper_bound(event.date),
        "order_up": lo or UNDATED_UP, "order_down": lo or UNDATED_DOWN,
        "month": month_of(event.date), "sources": len(docs),
        "independent_sources": len({canonical.get(d, d) for d in docs}),
        "first_reported": published[0] if published else None,
        "last_reported": published[-1] if published else None,
        "doc_names": dumps(names),
    }  # fmt: skip


def resolve_copies(copies: dict[str, str]) -> dict[str, str]:
    """Follow chains (a -> b -> c) so every copy points at its final canonical document."""
    resolved: dict[str, str] = {}
    for doc in copies:
        target, seen = copies[doc], {doc}
        while target in copies and target not in seen:
            seen.add(target)
            target = copies[target]
        if target != doc:
            resolved[doc] = target
    return resolved
