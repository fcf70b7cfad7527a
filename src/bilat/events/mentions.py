"""From finished candidates to event mentions, the records the store keeps.

A candidate becomes an :class:`~bilat.model.EventMention` when it has two states
(:func:`~bilat.events.candidate.is_complete`); its ``what`` says what was signed or what
moved (:mod:`bilat.events.objects`), from the type's rules. Its :class:`Telling` says how
its sentence tells the event, for :mod:`bilat.events.coreference` to tell two events with
the same fields apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from bilat.events.arguments.status import told_as_past
from bilat.events.candidate import Candidate
from bilat.events.syntax import clause_path, time_relation
from bilat.events.types.agreement import what_was_signed
from bilat.events.types.aid import aid_kind, what_moved
from bilat.model import Document, EventMention, EventType


@dataclass(frozen=True)
class Telling:
    """How a statement tells its event, beyond the fields of its mention.

    ``kind``: an aid's kind (``aid_kind``: "troops", "arms", ...; "" for other types);
    ``retrospective``: set in the story's past ("his previous visit", "previously met");
    ``clause``: the index of the verb whose clause tells it ("It will be his first trip
    since 2013, when he became the first leader to visit Hanoi": "be" and "became"), or
    the trigger's own when a time relation makes it another event than its clause's ("the
    first talks since their meeting in New York"), to compare with another trigger of its
    sentence; ``trigger``: the index of its trigger (one trigger told at two dates apart,
    "visited Russia in 2019 and 2023", tells two occasions).
    """

    kind: str = ""
    retrospective: bool = False
    clause: int = -1
    trigger: int = -1


def to_mention(document: Document, c: Candidate) -> EventMention:
    """The mention a complete candidate states: its people by name, its states once each,
    its evidence the sentence as the user's text has it."""
    actors = tuple(dict.fromkeys(a.name for a in c.actors if a.kind == "person" and a.name))
    date = c.date.value if c.date else None
    s = c.sentence
    # bounds from the clean text, where debris ("date 2025-03-21" stamps) is blanked out;
    # the evidence itself is the user's text at those offsets
    kept = document.clean[s.start : s.end]
    start = s.start + len(kept) - len(kept.lstrip())
    evidence = document.text[start : start + len(kept.strip())]
    return EventMention(
        id=EventMention.make_id(document.id, c.type.value, start, start + len(evidence), actors),
        doc_id=document.id,
        doc_name=document.name,
        type=c.type,
        actors=actors,
        countries=tuple(dict.fromkeys(c.countries)),
        location=c.location,
        date=date,
        status=c.status,
        evidence=evidence,
        start=start,
        end=start + len(evidence),
        spans=((start, start + len(evidence)),),
        published=document.published,
        sentence_index=s.index,
        what=_what(c),
    )


def _what(c: Candidate) -> str | None:
    """What was signed or what moved (see :mod:`bilat.events.objects`)."""
    if c.type is EventType.AGREE:
        return what_was_signed(c.trigger)
    if c.type is EventType.AID:
        return what_moved(c)
    return None


def telling(c: Candidate) -> Telling:
    """How the candidate's sentence tells its event."""
    return Telling(kind=aid_kind(c), retrospective=told_as_past(c.trigger),
                   clause=own_clause(c.trigger), trigger=c.trigger.i)


def own_clause(trigger: Token) -> int:
    """The index of the verb whose clause tells the trigger's event, or the trigger's own
    under "since", "before", "after" ("the first talks since their meeting in New York")."""
    path = clause_path(trigger)
    if any(time_relation(t) is not None for t in path):
        return trigger.i
    return path[-1].i
