"""The working records of extraction: the candidate event, the sentence as told, the story.

A trigger's sentence makes a :class:`Candidate`; the passes complete it from the
:class:`Story`, whose :class:`Told` sentences carry what dates the ones after them. The
relations at the end (a shared person, the same states, a flashback between two
statements) are what the passes ask of two candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from bilat.annotations.actors import (
    CountryMention,
    DocumentEntities,
    PersonMention,
    PlaceMention,
)
from bilat.annotations.nlp import Paragraph
from bilat.knowledge.kb import KnowledgeBase
from bilat.knowledge.names import same_person
from bilat.model import Document, EventType, Sentence, Status, TimeExpression


@dataclass
class Candidate:
    """An event as extraction builds it: what its trigger's sentence says, then what the
    document-level passes (:mod:`bilat.events.passes`) add from the story around it.

    The one mutable record of the package: the sentence stage fills it, each pass fills
    only the fields it declares (``Pass.fills``, checked by tests/events/test_passes.py),
    and :mod:`bilat.events.mentions` turns it into a frozen ``EventMention``.
    """

    type: EventType
    trigger: Token
    sentence: Sentence
    para: int
    actors: list[PersonMention] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    location: str | None = None
    date: TimeExpression | None = None
    status: Status = Status.OCCURRED
    elaboration: bool = False  # "The talks took place on June 29": adds to an event told before
    date_from_context: bool = False  # dated by the sentences around it, not its own
    in_caption: bool = False  # told by a photo caption: its date is the picture's
    aid_recipient_only: bool = False  # an aid whose text names only who receives it
    own_location: str | None = None  # the city its own sentence names for it, before any lending
    home_unknown: bool = False  # a visit whose one known state is where it goes, not whence


@dataclass(frozen=True)
class Told:
    """A sentence of the body as the narrative goes: what dates the sentences after it."""

    index: int
    sent: Span
    para: Paragraph
    para_index: int
    reference: str | None  # the day "the previous day" counts from at this point
    headline: bool
    caption: bool  # a photo caption (its date is the picture's)


@dataclass(frozen=True)
class Story:
    """A document as the passes read it: its parsed paragraphs, the states, places and
    people the knowledge base finds in them, and its sentences in the order told."""

    document: Document
    paragraphs: list[Paragraph]
    ents: DocumentEntities
    sentences: tuple[Sentence, ...]  # every sentence, blank ones included
    told: tuple[Told, ...]  # the sentences with words, in order

    @property
    def published(self) -> str | None:
        return self.document.published


@dataclass(frozen=True)
class SentenceArguments:
    """What a trigger's sentence offers its event, for the type to fill it
    (:mod:`bilat.events.types`): the people in the trigger's scope (roles resolved to their
    holders), every place and state the sentence names, and the scope itself."""

    kb: KnowledgeBase
    para: Paragraph
    actors: list[PersonMention]
    places: list[PlaceMention]
    countries: list[CountryMention]
    scope: set[int]

    @property
    def scope_countries(self) -> list[CountryMention]:
        return [c for c in self.countries if c.token_start in self.scope]


# ------------------------------------------------------------------------ relations


def share_actor(a: Candidate, b: Candidate) -> bool:
    """Both name a person in common."""
    return any(same_person(x.name, y.name) for x in a.actors for y in b.actors if x.name and y.name)


def same_states(a: Candidate, b: Candidate) -> bool:
    """Both involve the same states ("his visit to North Korea" is not his visit to Vietnam)."""
    return not a.countries or not b.countries or set(a.countries) == set(b.countries)


def has_named_person(c: Candidate) -> bool:
    """The candidate names at least one person."""
    return any(a.kind == "person" and a.name for a in c.actors)


def takes_part(people: list[PersonMention], c: Candidate) -> bool:
    """Every one of ``people`` takes part in ``c``."""
    return all(any(same_person(a.name, b.name) for b in c.actors if b.name) for a in people)


def other_people(a: Candidate, b: Candidate) -> bool:
    """Both name participants and none in common: two different events ("The visit follows
    a trip to Moscow by Im" does not place the visit told before in Moscow)."""
    named_a = [p for p in a.actors if p.kind == "person" and p.name]
    named_b = [p for p in b.actors if p.kind == "person" and p.name]
    return bool(named_a and named_b) and not share_actor(a, b)


def is_complete(c: Candidate) -> bool:
    """Two states: an event bilat can record."""
    return len(set(c.countries)) >= 2


def flashback_between(a: Candidate, b: Candidate, flashbacks: set[int]) -> bool:
    """The text turns to a previous event between the two statements ("Kim arrived in
    Russia. Kim's previous visit took place in 2019. Then he and Putin held talks"): the
    flashback and what follows it are one episode, what comes before another."""
    lo, hi = sorted((a.sentence.index, b.sentence.index))
    return any(lo < i <= hi for i in flashbacks)
