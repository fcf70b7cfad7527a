"""Records to rows and back: how each record of :mod:`bilat.model` is laid out in
:mod:`bilat.store.tables` (list fields as JSON, enums as their values)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import orjson

from bilat.knowledge.names import name_key
from bilat.model import (
    Actor,
    Document,
    Event,
    EventMention,
    EventType,
    Failure,
    Sentence,
    Status,
)
from bilat.store.base import EventRow


def dumps(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def loads(raw: str) -> tuple[str, ...]:
    """A list column back as a tuple. orjson parses these short lists several times faster
    than json (a 500-event page reads four per event); the stdlib parser stays the fallback
    for anything orjson refuses and json accepts (NaN, lone surrogate escapes)."""
    if raw == "[]":
        return ()
    try:
        return tuple(orjson.loads(raw))
    except orjson.JSONDecodeError:
        return tuple(json.loads(raw))


def document_row(d: Document) -> dict[str, Any]:
    return {
        "id": d.id, "name": d.name, "text": d.text, "clean": d.clean, "published": d.published,
        "published_source": d.published_source, "url": d.url, "title": d.title,
        "source": d.source, "language": d.language,
    }  # fmt: skip


def document_from_row(r: Any) -> Document:
    return Document(
        id=r.id, name=r.name, text=r.text, clean=r.clean, published=r.published,
        published_source=r.published_source, url=r.url, title=r.title, source=r.source,
        language=r.language,
    )  # fmt: skip


def sentence_row(x: Sentence) -> dict[str, Any]:
    return {"doc_id": x.doc_id, "idx": x.index, "start": x.start, "end": x.end, "text": x.text}


def actor_row(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "name_key": name_key(a.name), "kind": a.kind,
        "country": a.country, "aliases": dumps(a.aliases),
    }  # fmt: skip


def role_rows(a: Actor) -> list[dict[str, Any]]:
    return [
        {"actor_id": a.id, "idx": i, "title": r.title, "country": r.country,
         "start": r.start, "end": r.end, "office": r.office}
        for i, r in enumerate(a.roles)
    ]  # fmt: skip


def mention_row(m: EventMention, seq: int) -> dict[str, Any]:
    return {
        "seq": seq,
        "id": m.id, "doc_id": m.doc_id, "doc_name": m.doc_name, "type": EventType(m.type).value,
        "actors": dumps(m.actors), "countries": dumps(m.countries), "location": m.location,
        "date": m.date, "status": Status(m.status).value, "evidence": m.evidence,
        "start": m.start, "end": m.end, "published": m.published,
        "sentence_index": m.sentence_index, "what": m.what,
        "spans": json.dumps([list(span) for span in m.spans]),
    }  # fmt: skip


def mention_from_row(r: Any) -> EventMention:
    """An EventMention from a row of ``mentions`` (also read by schema migrations)."""
    return EventMention(
        id=r.id, doc_id=r.doc_id, doc_name=r.doc_name, type=EventType(r.type),
        actors=loads(r.actors), countries=loads(r.countries), location=r.location,
        date=r.date, status=Status(r.status), evidence=r.evidence, start=r.start, end=r.end,
        published=r.published, sentence_index=r.sentence_index,
        # rows of a schema older than v3 (read while migrating) have no label, rows stored
        # before v4 no spans
        what=r._mapping.get("what"), spans=spans_from(r._mapping.get("spans")),
    )  # fmt: skip


def spans_from(raw: str | None) -> tuple[tuple[int, int], ...]:
    """``EventMention.spans`` from its JSON column: ``[[0, 85], [86, 165]]``."""
    return tuple((int(start), int(end)) for start, end in json.loads(raw)) if raw else ()


# The columns of ``events`` that make an EventRow, in the order event_row_from reads them.
EVENT_COLUMNS = (
    "id", "type", "actors", "countries", "location", "date", "status", "conflicts", "what",
    "sources", "independent_sources", "first_reported", "last_reported", "doc_names",
)  # fmt: skip


# Stored values to their members by a dict: a page converts 1,000 of them, and calling the
# Enum class (its lookup machinery) cost 5 us each, a tenth of a page's records.
_TYPES = {member.value: member for member in EventType}
_STATUSES = {member.value: member for member in Status}


def event_row_from(r: Sequence[Any], mention_ids: tuple[str, ...]) -> EventRow:
    """An EventRow from a row of ``events`` selected as EVENT_COLUMNS and the ids of its
    mentions, in event order. The row is unpacked by position: a page builds 500 of these,
    and reading a SQLAlchemy row's fields by name costs more than building the records."""
    (id_, type_, actors, countries, location, date, status, conflicts, what, sources,
     independent_sources, first_reported, last_reported, doc_names) = r
    event = Event(
        id=id_, type=_TYPES.get(type_) or EventType(type_), actors=loads(actors),
        countries=loads(countries), location=location, date=date,
        status=_STATUSES.get(status) or Status(status), mention_ids=mention_ids,
        conflicts=loads(conflicts), what=what,
    )  # fmt: skip
    return EventRow(
        event=event, sources=sources, independent_sources=independent_sources,
        first_reported=first_reported, last_reported=last_reported, doc_names=loads(doc_names),
    )  # fmt: skip


def failure_row(f: Failure) -> dict[str, Any]:
    return {"name": f.name, "origin": f.origin, "stage": f.stage, "code": f.code,
            "message": f.message}  # fmt: skip


def failure_from_row(r: Any) -> Failure:
    return Failure(r.name, r.origin, r.stage, r.code, r.message)
