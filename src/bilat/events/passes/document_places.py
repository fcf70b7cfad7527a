"""An event with no place in its sentence happens in a city the article names.

Reads: candidates with no city (not set in the story's past); the cities the story names
as locations, with the event each is the place of; the host states of each candidate and
the state its clause places it in.
Fills: ``location``: for an event told "there", the place named last before (and, for a
visit with no destination state, its state: ``countries``); else the only
city named in the host state, else one named at most two sentences away ("Shoigu has
arrived in North Korea ... In Pyongyang, he laid flowers"). A city named as the place of
another event is lent only within that event's episode.

Runs for visits first, then for meetings and agreements.

Rules: ``places.document.host-state`` (a city of the host state, for a visit, or of the
event's states), ``places.document.placed-in-state`` ("met Kim in Vietnam": a city of the
state the clause names, if any), ``places.document.only-city``, ``places.document.near``,
``places.document.not-another-episode`` (not a city where something may or will happen, of
another month, or of another person's event), ``places.document.further-leg`` (not the city
of a trip the traveller will go on next), ``places.document.there``,
``places.document.open-plan`` (not a plan set at no time and in no visit the story tells).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from bilat import partial_date
from bilat.annotations.actors import PlaceMention
from bilat.events.arguments.places import (
    is_location_use,
    owning_event_word,
    place_word,
    placed_in_state,
)
from bilat.events.arguments.status import retrospective, speculative, told_as_past
from bilat.events.candidate import Candidate, Story, share_actor
from bilat.events.narrative import sentence_finder
from bilat.events.syntax import at_another_time, clause_path
from bilat.knowledge.names import same_person
from bilat.lang import lexicon
from bilat.model import EventType, Precision, Status

_LEX = lexicon()
PLACE_ANAPHORS = _LEX.words("PLACE_ANAPHORS")
PLACE_WINDOW = _LEX.number("PLACE_WINDOW")


def locate_visits(cands: list[Candidate], story: Story) -> list[Candidate]:
    """Visits first: a meeting during a visit takes the visit's place."""
    return _locate_from_document(cands, story, (EventType.VISIT,))


def locate_meetings_and_agreements(cands: list[Candidate], story: Story) -> list[Candidate]:
    return _locate_from_document(cands, story, (EventType.MEET, EventType.AGREE))


def _locate_from_document(cands: list[Candidate], story: Story,
                          types: tuple[EventType, ...]) -> list[Candidate]:
    """An event with no place in its sentence happens in the host state's city the article
    names: the only one it names as a place, or one named at most two sentences away
    ("Shoigu has arrived in North Korea ... In Pyongyang, he laid flowers"). A city named as
    the place of another event is lent only within that event's episode."""
    ents, paragraphs = story.ents, story.paragraphs
    # the places named are read at the first event that needs them (many documents have
    # none): what is read of the candidates (triggers, statuses) this loop does not change
    by_country: dict[str, list[tuple[int, str, PlaceOwner | None]]] | None = None
    for c in cands:
        if c.location is not None or c.type not in types or retrospective(c.trigger):
            # "a previous summit": the places the article names are those of its story
            continue
        if _open_plan(c, cands):
            continue
        hosts = c.countries[1:] if c.type == EventType.VISIT else c.countries
        there = _place_told_there(c, story, hosts)
        if there is not None:
            c.location = there.name
            if c.type == EventType.VISIT and not hosts and there.country not in c.countries:
                c.countries.append(there.country)  # "Moon will head there": where he goes
            continue
        placed = placed_in_state(c, ents, paragraphs)
        if placed is not None:
            # "met Putin in the Russian Far East", "met Kim in Vietnam": the city, if any,
            # is in the state the clause names
            hosts = [placed]
        if by_country is None:
            by_country = _places_by_country(story, cands)
        seen = [(i, name) for h in dict.fromkeys(hosts) for i, name, owner in by_country.get(h, [])
                if _may_lend(owner, c)]
        if len({name for _, name in seen}) == 1:
            c.location = seen[0][1]
            continue
        near = [m for m in seen if abs(m[0] - c.sentence.index) <= PLACE_WINDOW]
        if near:
            c.location = min(near, key=lambda m: (abs(m[0] - c.sentence.index), m[0]))[1]
    return cands


def _places_by_country(story: Story, cands: list[Candidate]
                       ) -> dict[str, list[tuple[int, str, PlaceOwner | None]]]:
    """State -> (sentence index, name, the event it is the place of) of each city the story
    names as a place, in order."""
    sentence_of = sentence_finder(story.told)
    by_country: dict[str, list[tuple[int, str, PlaceOwner | None]]] = {}
    for pl in story.ents.places:
        tok = place_word(story.paragraphs[pl.para].doc, pl)
        if pl.kind != "region" and is_location_use(tok):
            by_country.setdefault(pl.country, []).append(
                (sentence_of(pl.start), pl.name, _place_owner(tok, cands)))
    return by_country


def _open_plan(c: Candidate, cands: list[Candidate]) -> bool:
    """ "Xi and Biden agreed to meet face-to-face at a time yet to be determined": a meeting or
    signing planned at no time, and in no visit between its states the story tells or told
    as another time than its clause's ("ahead of a summit"), has no place yet; the cities the
    article names are those of its own story. Rule
    ``places.document.open-plan``."""
    if c.type == EventType.VISIT or c.status != Status.PLANNED or c.date is not None:
        return False
    if at_another_time(c.trigger, clause_path(c.trigger)[-1]):
        return True  # "arrived in Pyongyang ahead of a summit between Kim and Trump"
    states = set(c.countries)
    return not any(v.type == EventType.VISIT and set(v.countries) == states for v in cands)


def _place_told_there(c: Candidate, story: Story, hosts: list[str]) -> PlaceMention | None:
    """ "The forum will be held in Vladivostok. Moon is scheduled to head there Wednesday":
    "there" is the place named last before it, at most two sentences back, if it is in a
    host state. Rule ``places.document.there``."""
    there = next((t for t in c.trigger.children
                  if t.lower_ in PLACE_ANAPHORS and t.dep_ == "advmod"), None)
    if there is None:
        return None
    offset = story.paragraphs[c.para].start + there.idx
    sentence_of = sentence_finder(story.told)
    before = [pl for pl in story.ents.places if pl.kind != "region" and pl.start < offset
              and c.sentence.index - sentence_of(pl.start) <= PLACE_WINDOW]
    if not before:
        return None
    last = max(before, key=lambda pl: pl.start)
    return last if not hosts or last.country in hosts else None


@dataclass(frozen=True)
class PlaceOwner:
    """The event whose place a city is named as ("met in Moscow", "a visit to Pyongyang"):
    a candidate, or an event word the text does not tell as an event (a speculation)."""

    event: Candidate | None
    planned: bool


def _place_owner(tok: Token, cands: list[Candidate]) -> PlaceOwner | None:
    """The event a city is the place of: the nearest event word above it ("talks were held
    in Moscow": the noun the light verb holds). None when no event word governs it."""
    word = owning_event_word(tok)
    if word is None:
        return None
    event = next((c for c in cands if c.trigger.doc is word.doc and c.trigger.i == word.i), None)
    if event is not None:
        return PlaceOwner(event, event.status == Status.PLANNED)
    # "speculation about a potential visit to Pyongyang": an event word that tells no
    # event names where something might happen, not where anything did; a quoted one
    # ("expected to meet Kim after arriving in Pyongyang") still tells where the story goes
    return PlaceOwner(None, speculative(word))


def _may_lend(owner: PlaceOwner | None, c: Candidate) -> bool:
    """Whether the city named as the place of ``owner`` can be where ``c`` happens."""
    if owner is None:
        return True  # "In Pyongyang, he laid flowers": the city of the story told there
    o = owner.event
    if owner.planned and c.status == Status.OCCURRED and (
            o is None or not share_actor(c, o) or o.sentence is c.sentence
            or o.type == EventType.VISIT):
        # where something will happen says nothing of what has happened, unless it is
        # what the same people set out to do ("left for Russia to attend a meeting ... Ri
        # is expected to have talks with Shoigu in Moscow"); a trip they will go on is a
        # further leg ("arrived in Russia ... expected to go to Rostov-on-Don for a game"),
        # rule ``places.document.further-leg``
        return False
    if o is None or o is c:
        return True
    if o.sentence is c.sentence and (at_another_time(c.trigger, o.trigger)
                                     or at_another_time(o.trigger, c.trigger)):
        # "arrived in Pyongyang ahead of a summit between Kim and Trump": the city is the
        # arrival's, and the summit another time's (rule ``places.another-time``)
        return False
    # one sentence tells one episode: its people need not be named twice ("a trip to
    # Moscow by Im last week for talks with his counterpart")
    return _same_episode(c, o, people=o.sentence is not c.sentence)


def _same_episode(c: Candidate, o: Candidate, *, people: bool = True) -> bool:
    """Two events of one story: neither is set in the other's past ("previously met",
    "his last visit"), their dates agree and they share a participant, where both have them."""
    if told_as_past(o.trigger) and not told_as_past(c.trigger):
        return False
    if c.date is not None and o.date is not None and c.date.value and o.date.value \
            and not partial_date.compatible(partial_date.coarsen(c.date.value, Precision.MONTH),
                                            partial_date.coarsen(o.date.value, Precision.MONTH)):
        # by the month: a visit of several days is told with the day of each of its acts
        return False
    if not people:
        return True
    mine = [a.name for a in c.actors if a.kind == "person" and a.name]
    theirs = [a.name for a in o.actors if a.kind == "person" and a.name]
    return not (mine and theirs) or any(same_person(x, y) for x in mine for y in theirs)
