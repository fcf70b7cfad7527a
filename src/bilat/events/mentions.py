"""From finished candidates to event mentions, the records the store keeps.

A candidate becomes an :class:`~bilat.model.EventMention` when it has two states
(:func:`~bilat.events.candidate.is_complete`); its ``what`` says what was signed or what
moved (:mod:`bilat.events.objects`), from the type's rules.
"""

from __future__ import annotations

from bilat.events.candidate import Candidate
from bilat.events.types.agreement import what_was_signed
from bilat.events.types.aid import what_moved
from bilat.model import Document, EventMention, EventType


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
