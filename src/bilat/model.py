"""The shared record types that flow through bilat.

Data flows one way: sources -> documents -> annotations -> events -> store -> views.
Every layer speaks in these records. They are frozen dataclasses with deterministic,
content-derived ids (see :func:`content_id`), so re-running a build produces the same
records and re-ingesting a document changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


def content_id(*parts: object, prefix: str = "", length: int = 16) -> str:
    """A stable id derived from ``parts`` (like haystack's content-hash ids).

    ``parts`` are serialised as JSON so that ``("a", "bc")`` and ``("ab", "c")`` differ.
    """
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:length]
    return f"{prefix}{digest}"


class EventType(str, Enum):
    VISIT = "VISIT"
    MEET = "MEET"
    CALL = "CALL"
    AGREE = "AGREE"
    AID = "AID"


class Status(str, Enum):
    OCCURRED = "occurred"
    PLANNED = "planned"


class Precision(str, Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class RawDocument:
    """What a source reader yields: bytes or text exactly as supplied, plus metadata.

    ``kind`` is ``"text"`` or ``"html"``. Readers never interpret content beyond
    splitting containers (a JSONL line, a feed entry) into records.
    """

    name: str
    kind: str
    data: bytes
    origin: str  # path (and line/entry) the record came from, for error messages
    published: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Document:
    """A decoded, analysable document.

    ``text`` is the text the user supplied (for HTML: the article text the extractor
    found). ``clean`` has the same length as ``text``: debris is blanked out with spaces
    so every offset computed on ``clean`` points into ``text`` unchanged.
    """

    id: str
    name: str
    text: str
    clean: str
    published: str | None = None
    published_source: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    language: str | None = "en"

    @staticmethod
    def make_id(name: str, text: str) -> str:
        """Same name and same text -> same id, so re-ingesting a document changes nothing."""
        return content_id(name, text, prefix="doc_")


@dataclass(frozen=True)
class Failure:
    """A document that was reported and skipped, with the stage that refused it."""

    name: str
    origin: str
    stage: str
    code: str
    message: str


# --------------------------------------------------------------------------- annotations


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression found in text and resolved against the publication date.

    ``value`` is an ISO prefix (``2024-09-13``, ``2019-04``, ``2017``) or None when the
    expression cannot be resolved (e.g. "on Tuesday" with no publication date).
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: Precision | None


@dataclass(frozen=True)
class Role:
    """An office held by a person, with the dates it was held (ISO, open-ended if None)."""

    title: str
    country: str | None
    start: str | None = None
    end: str | None = None
    office: str | None = None  # canonical office key, e.g. "head_of_state", "foreign_minister"
    # an international organisation's post ("UN", "EU", "NATO"): held for no state, so
    # ``country`` is None and the holder's events gain no state by it
    org: str | None = None


@dataclass(frozen=True)
class Actor:
    """A person, state or institution known to bilat (knowledge base or text)."""

    id: str
    name: str
    kind: str  # "person" | "state" | "institution" | "role"
    country: str | None = None
    roles: tuple[Role, ...] = ()
    aliases: tuple[str, ...] = ()


# --------------------------------------------------------------------------- events


# slots: a merge holds every mention at once; without a __dict__ 300k of them take 143
# instead of 159 MiB (Python 3.11 already stores instance attributes compactly)
@dataclass(frozen=True, slots=True)
class EventMention:
    """One statement of an event in one document (the unit the scorer matches)."""

    id: str
    doc_id: str
    doc_name: str
    type: EventType
    actors: tuple[str, ...]
    countries: tuple[str, ...]
    location: str | None
    date: str | None
    status: Status
    evidence: str
    start: int  # evidence offsets into Document.text
    end: int
    published: str | None = None
    sentence_index: int = 0
    # What was signed or what moved (see bilat.events.objects): "treaty", "ratification of
    # a treaty", "protocol" for AGREE; "troops", "arms", "goods" for AID; None when the
    # text does not say or the type has no object.
    what: str | None = None
    # Every statement of the event in its document, as (start, end) offsets into
    # Document.text, the evidence's first (see bilat.events.coreference); () when only the
    # evidence is known (records made by hand or stored before schema v4).
    spans: tuple[tuple[int, int], ...] = ()

    @staticmethod
    def make_id(doc_id: str, type_: str, start: int, end: int, actors: tuple[str, ...]) -> str:
        return content_id(doc_id, type_, start, end, list(actors), prefix="men_")

    def to_export(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "actors": list(self.actors),
            "countries": list(self.countries),
            "location": self.location,
            "date": self.date,
            "status": self.status.value,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Event:
    """A real-world event: one or more mentions merged across documents."""

    id: str
    type: EventType
    actors: tuple[str, ...]
    countries: tuple[str, ...]
    location: str | None
    date: str | None
    status: Status
    mention_ids: tuple[str, ...]
    conflicts: tuple[str, ...] = ()  # human-readable notes on contradicting sources
    what: str | None = None  # the most specific ``EventMention.what`` of its mentions


@dataclass(frozen=True)
class DocumentAnalysis:
    """Everything one document contributes to the store, written in one transaction."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[EventMention, ...]
    actors: tuple[Actor, ...] = ()  # persons/roles named in the document's events


# --------------------------------------------------------------------------- corrections

# What a person can do to the record (see bilat.pipeline.corrections), and the event
# fields a "set" correction may change.
CORRECTION_ACTIONS = ("reject", "merge", "split", "set")
CORRECTABLE_FIELDS = ("type", "actors", "countries", "location", "date", "status", "what")


@dataclass(frozen=True)
class MentionRef:
    """A mention as a correction remembers it. Its id is a content hash of its document's
    text, so an edited document gives its mentions new ids; the document's name, the type
    and the evidence find the same statement again after such an edit."""

    id: str
    doc: str  # the document's name
    type: str
    evidence: str

    @staticmethod
    def of(m: EventMention) -> MentionRef:
        return MentionRef(m.id, m.doc_name, m.type.value, m.evidence)


@dataclass(frozen=True)
class Correction:
    """One act of curation, kept for ever (the corrections table is append-only).

    An event is addressed by its mentions (``target``): the correction applies to the
    event that holds most of them after any rebuild. ``reject`` drops that event, ``set``
    gives its ``field`` the ``value`` (a list for actors and countries), ``merge`` joins it
    with the event holding ``other``, ``split`` takes the one mention in ``target`` out of
    its event into an event of its own."""

    id: str
    action: str
    target: tuple[MentionRef, ...]
    other: tuple[MentionRef, ...] = ()
    field: str | None = None
    value: str | tuple[str, ...] | None = None
    note: str = ""
    author: str = ""
    time: str = ""  # ISO 8601, UTC

    @staticmethod
    def make_id(action: str, target: tuple[MentionRef, ...], other: tuple[MentionRef, ...],
                field: str | None, value: object, author: str, time: str) -> str:
        return content_id(action, [r.id for r in target], [r.id for r in other], field,
                          value, author, time, prefix="cor_")
