"""The review queue: the events a careful analyst should look at first.

- **possibly the same event**: two events of one type between the same states, with dates
  that agree (one refines the other) and people that do not disagree (one names none, or
  they share one): what the merge kept apart but nearly joined;
- **sources disagree**: events whose merge recorded conflicts;
- **one source, fields inferred**: events told by one document whose place or date its
  evidence does not state (filled from the document's context);
- **implausible by the knowledge base**: an event naming a person the knowledge base
  places in a state the event does not name, on the event's date (an actor confused with
  a namesake, a state dropped, or a role read at the wrong time).

Events a person already corrected leave the queue (a reviewed pair is one event, or the
analyst set what the sources disagreed on). The pairs are found among the events grouped
by type, states and year, so the cost follows those groups, not their square.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.model import Event, EventMention
from bilat.partial_date import compatible, year_of
from bilat.store.base import EventDetail, EventRow, Store

PAIR, CONFLICT, INFERRED, IMPLAUSIBLE = "possibly-same", "conflict", "inferred", "implausible"
REASONS = {
    PAIR: "possibly the same event",
    CONFLICT: "its sources disagree",
    INFERRED: "one source, and a field its evidence does not state",
    IMPLAUSIBLE: "the knowledge base disagrees",
}
MAX_ITEMS = 100  # a queue is read from the top; the rest waits for the next visit


@dataclass(frozen=True)
class ReviewItem:
    """One thing to look at: a pair of events (``events`` holds two) or one event."""

    kind: str
    events: tuple[EventDetail, ...]
    why: str  # the reason in words, with the detail (the conflicts, the fields inferred)


def review_queue(store: Store, limit: int = MAX_ITEMS,
                 kb: KnowledgeBase | None = None) -> list[ReviewItem]:
    """The queue: pairs first, then conflicts, then what the knowledge base finds
    implausible, then inferred fields; oldest first within."""
    kb = kb if kb is not None else load_kb()
    rows = store.events()
    corrected = store.corrected_fields(r.event.id for r in rows)
    rows = [r for r in rows if r.event.id not in corrected]
    items: list[tuple[str, tuple[str, ...], str]] = []
    for a, b in near_pairs(rows):
        items.append((PAIR, (a.event.id, b.event.id), REASONS[PAIR]))
    for r in rows:
        if r.event.conflicts:
            items.append((CONFLICT, (r.event.id,),
                          f"{REASONS[CONFLICT]}: {'; '.join(r.event.conflicts)}"))
    for r in rows:
        doubts = implausible(r.event, kb)
        if doubts:
            items.append((IMPLAUSIBLE, (r.event.id,),
                          f"{REASONS[IMPLAUSIBLE]}: {'; '.join(doubts)}"))
    details: dict[str, EventDetail] = {}  # read once, for the check and the item
    for r in rows:
        if r.sources == 1 and not r.event.conflicts:
            detail = details[r.event.id] = store.event(r.event.id)
            inferred = inferred_fields(r, [d.mention for d in detail.mentions])
            if inferred:
                items.append((INFERRED, (r.event.id,),
                              f"{REASONS[INFERRED]} ({', '.join(inferred)})"))
        if len(items) >= limit:
            break
    return [ReviewItem(kind, tuple(details.get(i) or store.event(i) for i in ids), why)
            for kind, ids, why in items[:limit]]


def near_pairs(rows: Sequence[EventRow]) -> Iterable[tuple[EventRow, EventRow]]:
    """Pairs of events that nearly merged, by date (then id)."""
    groups: dict[tuple[str, frozenset[str], int | None], list[EventRow]] = {}
    for r in rows:
        e = r.event
        groups.setdefault((e.type.value, frozenset(e.countries), year_of(e.date)), []).append(r)
    pairs = []
    for key, members in groups.items():
        if key[2] is None or len(key[1]) < 2:  # undated or one state: too little to tell
            continue
        for a, b in combinations(members, 2):
            if _nearly_same(a, b):
                pairs.append((a, b) if (a.event.date or "", a.event.id) <=
                             (b.event.date or "", b.event.id) else (b, a))
    return sorted(pairs, key=lambda p: (p[0].event.date or "", p[0].event.id, p[1].event.id))


def _nearly_same(a: EventRow, b: EventRow) -> bool:
    ea, eb = a.event, b.event
    if not compatible(ea.date, eb.date):
        return False
    people = set(ea.actors), set(eb.actors)
    return not people[0] or not people[1] or bool(people[0] & people[1])


def inferred_fields(row: EventRow, mentions: Sequence[EventMention]) -> list[str]:
    """The fields of a one-source event its evidence does not state: a place not named in
    it, a date where it has no figure (the day came from "on Tuesday" or the context)."""
    evidence = " ".join(m.evidence for m in mentions)
    found = []
    location = row.event.location
    if location and location.lower() not in evidence.lower():
        found.append("location")
    if row.event.date and not any(ch.isdigit() for ch in evidence):
        found.append("date")
    return found


def implausible(event: Event, kb: KnowledgeBase) -> list[str]:
    """What the knowledge base finds implausible in ``event``: each person it knows whose
    state on the event's date (by the roles held then, else their own) is not among the
    event's states. An organisation's official acts for no state and is never flagged;
    a person the knowledge base does not know is not judged."""
    states = set(event.countries)
    doubts = []
    for name in event.actors:
        person = kb.person(name)
        if person is None:
            continue
        state, org = person.affiliation(event.date)
        if org is None and state is not None and state not in states:
            doubts.append(f"{person.name} is of {state}, which the event does not name")
    return doubts
