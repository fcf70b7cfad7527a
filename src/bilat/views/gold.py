"""The corrected record as the exports write it, and ``bilat export --format gold``: the
gold format of shared/spec/EVENTS.md, with keys from event ids, so a curated corpus can be
scored against (and trained on).

Both exports write one entry per statement (mention) of an event in its document. Where
a person set a field of the event (``Store.corrected_fields``), every statement of it
carries the event's corrected value and says so (``corrected``); the statements of an
event a person rejected are left out (after a merge, only they are in no event); a merge
or a split shows in the ids (keys) the statements share.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bilat.model import Event, EventMention
from bilat.store.base import Store

# The entry keys an event field overrides (``what`` is not in the gold format).
EXPORTED_FIELDS = ("type", "actors", "countries", "location", "date", "status")


@dataclass(frozen=True)
class Corrected:
    """What the exports need to write the corrected record."""

    event_of: dict[str, str]  # mention id -> event id
    fixed: dict[str, tuple[Event, tuple[str, ...]]]  # event id -> (event, fields a person set)
    pending: frozenset[str]  # documents not merged yet (their mentions are in no event)

    @staticmethod
    def of(store: Store) -> Corrected:
        fields = store.corrected_fields()
        fixed = {eid: (store.event(eid).row.event, f) for eid, f in fields.items()}
        pending = frozenset(d.id for d in store.pending_documents())
        return Corrected(store.mention_event_ids(), fixed, pending)

    def rejected(self, m: EventMention) -> bool:
        return m.id not in self.event_of and m.doc_id not in self.pending

    def entry(self, m: EventMention) -> dict[str, Any]:
        """The mention's export fields, with the event's where a person set them, and the
        id of its event (its own id when it is in none)."""
        entry: dict[str, Any] = {**m.to_export(), "id": self.event_of.get(m.id, m.id)}
        event, fields = self.fixed.get(entry["id"], (None, ()))
        if event is None:
            return entry
        values = {"type": event.type.value, "actors": list(event.actors),
                  "countries": list(event.countries), "location": event.location,
                  "date": event.date, "status": event.status.value}  # fmt: skip
        entry.update({f: values[f] for f in fields if f in EXPORTED_FIELDS})
        entry["corrected"] = list(fields)
        return entry


def export_gold(store: Store) -> Iterator[dict[str, Any]]:
    """The corrected record in the gold format: a line per document, an event per
    statement (rejected ones left out), its ``key`` the id of its event. Each also keeps
    that id as ``id``, the field a prediction groups by, so the file scores as a
    prediction too (against itself: 1.0)."""
    corrected = Corrected.of(store)
    by_doc: dict[str, list[EventMention]] = {}
    for m in store.mentions():
        by_doc.setdefault(m.doc_id, []).append(m)
    for doc in store.document_summaries():
        mentions = sorted(by_doc.get(doc.id, ()), key=lambda m: (m.start, m.end, m.id))
        events = []
        for m in mentions:
            if corrected.rejected(m):
                continue
            entry = corrected.entry(m)
            entry["key"] = entry["id"]
            entry.pop("corrected", None)
            events.append(entry)
        yield {"doc": doc.name, "published": doc.published, "events": events}
