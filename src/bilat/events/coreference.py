"""One mention per real event per document: the statements of one event become one mention.

An article tells its event several times: the lead, a photo caption, a re-mention with or
without its people ("Putin arrived in Pyongyang ... Putin's visit ...", "the talks took
place in the Kremlin"). Read in the order told, each statement joins the first event
already told that it can be a statement of, or starts a new one; an event's mention is its
first statement completed by what the others add (the finest date, a place, every
participant, the most specific label of what was signed or moved) and carries every
statement's span.

A statement can tell an event (rule ``coreference.same-event``) when nothing tells them
apart:

- the same type and status, and the same states in either order;
- dates that refine one another;
- no second place;
- people: when both name people, one in common and not each a partner of their own
  ("Volodin met Kim", "Volodin met Choe": two meetings); a statement that names nobody
  ("the talks took place in the Kremlin") tells the event of the same states whoever it
  names (rule ``coreference.unnamed-statement``);
- told alike (:class:`~bilat.events.mentions.Telling`): not one set in the story's past
  and the other not ("his previous visit"; rule ``coreference.retrospective``), not two
  kinds of aid ("sent troops", "supplied shells"; rule ``coreference.two-kinds-of-aid``).

Before that, triggers of one type in one clause, or in one sentence with the same dates
and places, with the same people and states are one statement (rule
``coreference.one-statement``:
"Kim made a surprise visit to China, his first trip abroad since ...": the first reading
stands), unless two aids told apart by what moves or by whether it has happened
("providing arms in exchange for technical support"; rule
``coreference.two-aids-of-one-sentence``). A clause of its own tells an event of its own:
"It will be Putin's first trip to Vietnam since November 2013, when he became the first
Russian leader to visit Hanoi twice".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bilat import partial_date
from bilat.events.mentions import Telling
from bilat.events.objects import specificity
from bilat.knowledge.names import same_person
from bilat.model import EventMention, EventType


@dataclass(frozen=True)
class Statement:
    """One telling of an event: its mention and how it is told."""

    mention: EventMention
    telling: Telling


@dataclass(frozen=True)
class _Event:
    """An event as its statements are gathered: the mention so far and how each was told."""

    mention: EventMention
    tellings: tuple[Telling, ...]


def corefer(mentions: list[EventMention], tellings: list[Telling]) -> list[EventMention]:
    """One mention per event: each statement joins the first event told before that it can
    be a statement of (rule ``coreference.same-event``)."""
    events: list[_Event] = []
    for s in one_statement_each(mentions, tellings):
        k = next((k for k, e in enumerate(events) if _can_tell(e, s)), None)
        if k is None:
            events.append(_Event(s.mention, (s.telling,)))
        else:
            e = events[k]
            events[k] = _Event(completed(e.mention, s.mention), (*e.tellings, s.telling))
    return [e.mention for e in events]


def one_statement_each(mentions: list[EventMention],
                       tellings: list[Telling]) -> list[Statement]:
    """Triggers of one type, people and states in one clause, or in one sentence with the
    same dates and places, are one statement (rule ``coreference.one-statement``): the first,
    completed by the others. Two aids told apart by what moves or by whether it has
    happened stay two, each with an id of its own (rule
    ``coreference.two-aids-of-one-sentence``)."""
    out: list[Statement] = []
    # where in ``out`` are the statements of each id as its trigger's reading made it, in
    # order (a document of many mentions compared each with every statement before it)
    places: dict[str, list[int]] = {}
    for m, telling in zip(mentions, tellings, strict=True):
        statement = Statement(m, telling)
        same = [i for i in places.get(m.id, ())
                if _one_reading(out[i], statement) and _told_as(out[i]) == _told_as(statement)]
        if same:
            kept = out[same[0]]
            out[same[0]] = Statement(completed(kept.mention, m), kept.telling)
            continue
        if m.id in places:
            # "providing arms in exchange for technical support", "since November 2013,
            # when he became the first Russian leader to visit Hanoi": another event told
            # by the same sentence and people needs an id of its own
            statement = Statement(replace(m, id=_own_id(statement, len(places[m.id]))),
                                  telling)
        places.setdefault(m.id, []).append(len(out))
        out.append(statement)
    return out


def _own_id(s: Statement, before: int) -> str:
    """The id of the event a sentence tells after ``before`` others of its type and people."""
    m = s.mention
    key = f"{m.type.value}:{_told_as(s)}:{before}"
    return EventMention.make_id(m.doc_id, key, m.start, m.end, m.actors)


def _one_reading(a: Statement, b: Statement) -> bool:
    """Two triggers of one sentence read as one statement: the same states, and one clause
    or the same dates and places ("Before his Vietnam visit, he travelled to North Korea"
    tells two visits). One trigger told at dates apart tells one occasion at each
    ("visited Russia in 2019 and 2023"); two triggers of one clause are one statement
    whatever each reads as its date ("a surprise visit to China, his first trip abroad
    since 2011": the first reading stands)."""
    if set(a.mention.countries) != set(b.mention.countries):
        return False
    if (a.telling.trigger == b.telling.trigger and a.mention.status == b.mention.status
            and not partial_date.compatible(a.mention.date, b.mention.date)):
        return False  # "visited Russia in 2019 and 2023": one trigger, two visits
    return a.telling.clause == b.telling.clause or (
        partial_date.compatible(a.mention.date, b.mention.date)
        and same_place(a.mention, b.mention))


def _told_as(s: Statement) -> str:
    """An aid's kind and status, which tell two aids of one sentence apart."""
    return f"{s.telling.kind}/{s.mention.status.value}" if s.telling.kind else ""


def _can_tell(event: _Event, s: Statement) -> bool:
    return told_alike(event.tellings, s.telling) and same_event(event.mention, s.mention)


def told_alike(tellings: tuple[Telling, ...], t: Telling) -> bool:
    """Nothing in how they are told sets the statement apart from any of the event's:
    the same kind of aid (rule ``coreference.two-kinds-of-aid``), the story's past or not
    (rule ``coreference.retrospective``)."""
    return all(o.kind == t.kind and o.retrospective == t.retrospective for o in tellings)


def same_event(a: EventMention, b: EventMention) -> bool:
    """Fields that can be one event's (rule ``coreference.same-event``)."""
    if a.type != b.type or a.status != b.status:
        return False
    if not partial_date.compatible(a.date, b.date):
        return False
    if not same_place(a, b):
        return False
    if set(a.countries) != set(b.countries):
        return False
    return same_people(a, b)


def same_place(a: EventMention, b: EventMention) -> bool:
    """No two different places."""
    return not (a.location and b.location and a.location != b.location)


def same_people(a: EventMention, b: EventMention) -> bool:
    """When both name people: one in common, and not each a partner of their own. A
    statement that names nobody fits any (rule ``coreference.unnamed-statement``)."""
    if not a.actors or not b.actors:
        return True
    if not any(same_person(x, y) for x in a.actors for y in b.actors):
        return False
    # Volodin met Kim, and Volodin met Choe: two meetings
    return not (_others(a.actors, b.actors) and _others(b.actors, a.actors))


def _others(these: tuple[str, ...], those: tuple[str, ...]) -> list[str]:
    """The people of ``these`` that ``those`` does not name."""
    return [x for x in these if not any(same_person(x, y) for y in those)]


def completed(a: EventMention, b: EventMention) -> EventMention:
    """The event as told by ``a``, completed by ``b``: the finest date, a place, every
    participant (a visit's travellers are those its first statement names, if it names
    any: a retelling that also names the host adds no traveller), the most specific
    label, and both statements' spans. A first statement that names nobody takes the
    states in the order of the one that does."""
    date = max((a.date, b.date), key=partial_date.rank)
    people = a.actors + tuple(x for x in b.actors if not any(same_person(x, y) for y in a.actors))
    if a.type is EventType.VISIT and a.actors:
        people = a.actors
    countries = b.countries if b.actors and not a.actors else a.countries
    return replace(a, date=date, location=a.location or b.location, actors=people,
                   countries=countries, spans=_spans(a) + tuple(s for s in _spans(b)
                                                                if s not in _spans(a)),
                   what=max((a.what, b.what), key=lambda w: specificity(a.type, w)))


def _spans(m: EventMention) -> tuple[tuple[int, int], ...]:
    return m.spans or ((m.start, m.end),)
