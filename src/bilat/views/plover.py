"""Events as PLOVER records (the Open Event Data Alliance's event ontology and JSON fields,
https://github.com/openeventdata/PLOVER): one JSON object per event, for tools that read
PLOVER-coded data next to other event data sets.

The mapping follows the event model's table (shared/spec/EVENTS.md) and PLOVER's rules:

- VISIT, MEET and CALL are CONSULT, with mode ``visit`` (the visitor is the actor, the host
  the recipient), ``phone``, ``multilateral`` (more than two states) or ``third-party`` (in
  a state that is no party); a meeting with no host and visitor lists every party as actor;
- AGREE (signing, concluding, ratifying) is SUPPORT, as CAMEO2PLOVER maps CAMEO 057;
- AID is AID (the provider acts, the recipient receives), in context ``military`` for
  troops and arms, ``economic`` for goods;
- a planned event is AGREE (PLOVER codes announced meetings, visits and aid as the
  agreement to them) and keeps bilat's own type in ``bilat_type``.

Actors are entity objects: each person with the state they acted for on the event's date
(the knowledge base's roles), and each state of the side that no person stands for. The
date is the first day the date can denote, ``enddate`` the last when the date is a month
or a year, ``date_precision`` says which. Fields beyond PLOVER's are prefixed ``bilat_``
or are plain event facts (``status``), as PLOVER allows named fields of one's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bilat.knowledge.gazetteer import City
from bilat.knowledge.kb import KnowledgeBase
from bilat.model import EventType, Status
from bilat.partial_date import span
from bilat.store.base import EventRow, Provenance
from bilat.views.documents import headline
from bilat.views.records import date_precision, direction

CODEBOOK = "PLOVER (openeventdata/PLOVER, 2023 manual); mapping of shared/spec/EVENTS.md"
CATEGORY = {
    EventType.VISIT: "CONSULT",
    EventType.MEET: "CONSULT",
    EventType.CALL: "CONSULT",
    EventType.AGREE: "SUPPORT",
    EventType.AID: "AID",
}
PLANNED_CATEGORY = "AGREE"
# bilat's kinds of aid (EventMention.what) -> PLOVER's context
AID_CONTEXT = {"troops": "military", "arms": "military", "goods": "economic"}

StateOf = Callable[[str, "str | None"], "str | None"]  # (person, date) -> ISO-3 code
CityOf = Callable[[str, tuple[str, ...]], "City | None"]  # (place, states) -> city


def state_resolver(kb: KnowledgeBase) -> StateOf:
    """The state a person acted for on a date, by the knowledge base (None: not known)."""

    def state_of(name: str, date: str | None) -> str | None:
        person = kb.person(name)
        return person.affiliation(date)[0] if person else None

    return state_of


def plover_record(row: EventRow, provenance: Provenance | None, state_of: StateOf,
                  city_of: CityOf | None = None) -> dict[str, Any]:  # fmt: skip
    """One event as a PLOVER record."""
    e = row.event
    type_ = EventType(e.type)
    planned = Status(e.status) is Status.PLANNED
    first, last = span(e.date) if e.date else (None, None)
    actor, recipient = _entities(row, state_of)
    docs = provenance.documents if provenance else ()
    return {
        "id": e.id,
        "date": first.isoformat() if first else None,
        "enddate": last.isoformat() if last and last != first else None,
        "date_precision": date_precision(e.date),
        "event": [PLANNED_CATEGORY if planned else CATEGORY[type_]],
        "mode": None if planned else _mode(row, city_of),
        "context": _context(type_, e.what),
        "actor": actor,
        "recipient": recipient or None,
        "event_loc": _location(e.location, e.countries, city_of),
        "event_text": [provenance.evidence] if provenance and provenance.evidence else [],
        "cite_info": [
            {"title": headline(d.title, d.lead, d.name), "url": d.url, "citation": d.name,
             "date": d.published, "language": "en", "coder": "bilat", "codebook": CODEBOOK}
            for d in docs
        ],
        "status": e.status.value if isinstance(e.status, Status) else e.status,
        "bilat_type": type_.value,
        "bilat_what": e.what,
        "bilat_sources": row.sources,
    }  # fmt: skip


def _entities(row: EventRow, state_of: StateOf) -> tuple[list[dict[str, Any]],
                                                          list[dict[str, Any]]]:  # fmt: skip
    """(actor, recipient): persons and states on each side (every party acts when the
    event is undirected)."""
    e = row.event
    way = direction(e)
    receiving = {way.recipient} if way.recipient else set()
    sides: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    represented: set[str] = set()
    for name in e.actors:
        state = state_of(name, e.date)
        sides[1 if state in receiving else 0].append(
            {"entity_text": name, "code": state, "entity_type": "person"})
        if state:
            represented.add(state)
    for state in way.states:
        if state not in represented:
            sides[1 if state in receiving else 0].append(
                {"entity_text": None, "code": state, "entity_type": "state"})
    return sides


def _mode(row: EventRow, city_of: CityOf | None) -> list[str] | None:
    e = row.event
    type_ = EventType(e.type)
    way = direction(e)
    if type_ is EventType.VISIT:
        return ["visit"]
    if type_ is EventType.CALL:
        return ["phone"]
    if type_ is EventType.MEET:
        if len(way.states) > 2:
            return ["multilateral"]
        city = city_of(e.location, way.states) if city_of and e.location else None
        if city is not None and way.states and city.country not in way.states:
            return ["third-party"]
    return None


def _context(type_: EventType, what: str | None) -> list[str] | None:
    if type_ is EventType.AID and what in AID_CONTEXT:
        return [AID_CONTEXT[what]]
    return ["diplomatic"] if type_ is not EventType.AID else None


def _location(place: str | None, countries: tuple[str, ...],
              city_of: CityOf | None) -> dict[str, Any] | None:  # fmt: skip
    """PLOVER's location object (GeoNames fields) for the event's city."""
    if not place:
        return None
    city = city_of(place, countries) if city_of else None
    return {
        "extracted_place": place,
        "resolved_place": city.name if city else None,
        "lat": city.latitude if city else None,
        "lon": city.longitude if city else None,
        "country_code": city.country if city else None,
        "feature_class": "P" if city else None,
        "resolution": 4 if city else None,  # PLOVER's code for a city
    }
