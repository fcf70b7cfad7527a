"""A meeting or signing told without its place happened where the story's own event did.

Reads: the story's place, from its headlines and captions ("Trump meets Kim in Hanoi", "Trump,
Kim Sign Joint Agreement in Singapore": the one city they name as a location), else from the
first event of its lead that its own sentence places ("The leaders of the United States and
North Korea met for the first time in Singapore Tuesday"); the states of the story's own
event (the lead's first event with two states); MEET and AGREE candidates with no city.
Fills: ``location`` of the occurred meetings and signings between the story's own states,
not set in its past ("their previous summit"), whose date agrees with the story's event.

Runs before the cities of the host states are guessed from the article
(:mod:`bilat.events.passes.document_places`): a summit between two states is often held in a
third ("the Hanoi summit"), and a host state's city the article names ("met Trump at the
White House last week") is then another episode's.

Rule: ``places.story-place``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bilat import partial_date
from bilat.events.arguments.places import is_location_use, place_word
from bilat.events.arguments.status import told_as_past
from bilat.events.candidate import Candidate, Story, Told, is_complete
from bilat.events.narrative import is_prose
from bilat.lang import lexicon
from bilat.model import EventType, Precision, Status

_LEX = lexicon()
LEAD_SENTENCES = _LEX.number("LEAD_SENTENCES")
TITLE_SOURCE_SEPARATORS = _LEX.ordered("TITLE_SOURCE_SEPARATORS")


@dataclass(frozen=True)
class StoryPlace:
    """Where the story's own event happened, between which states, on what date."""

    city: str
    states: frozenset[str]
    date: str | None


def locate_in_story_place(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "Trump, Kim Sign Joint Agreement in Singapore ... The two men signed an agreement at
    the end of five hours of meetings": the meetings and signings of the story's own states
    happened where its own event did."""
    # the story's place is read only when an event may take it (most documents have none)
    waiting = [c for c in cands if c.location is None
               and c.type in (EventType.MEET, EventType.AGREE)
               and c.status == Status.OCCURRED and not told_as_past(c.trigger)]
    place = story_place(cands, story) if waiting else None
    if place is None:
        return cands
    for c in waiting:
        if set(c.countries) == place.states and _same_time(c, place):
            c.location = place.city
    return cands


def story_place(cands: list[Candidate], story: Story) -> StoryPlace | None:
    """The place and states of the story's own event, if the story tells them."""
    lead_sentences = [t.index for t in story.told if is_prose(t)][:LEAD_SENTENCES]
    lead = [c for c in cands if c.sentence.index in lead_sentences and is_complete(c)
            and c.status == Status.OCCURRED and not told_as_past(c.trigger)]
    if not lead:
        return None
    own = lead[0]
    city = _headline_city(story) or next((c.own_location for c in lead if c.own_location), None)
    if city is None:
        return None
    date = own.date.value if own.date is not None and own.date.value else None
    return StoryPlace(city, frozenset(own.countries), date)


def _headline_city(story: Story) -> str | None:
    """The one city the headlines and captions name as a location, their sources aside
    ("Trump, Kim summit ends without reaching a deal - White House")."""
    cities = set()
    for t in story.told:
        if not (t.headline or t.caption):
            continue
        end = _before_source(t)
        for pl in story.ents.places:
            if (pl.para == t.para_index and t.sent.start <= pl.token_start < end
                    and pl.kind != "region" and is_location_use(place_word(t.para.doc, pl))):
                cities.add(pl.name)
    return cities.pop() if len(cities) == 1 else None


def _before_source(t: Told) -> int:
    """The token where a headline's source begins ("... - White House"), or its end."""
    if not t.headline:
        return t.sent.end
    separators = [tok.i for tok in t.sent if tok.text in TITLE_SOURCE_SEPARATORS]
    return separators[-1] if separators else t.sent.end


def _same_time(c: Candidate, place: StoryPlace) -> bool:
    """Undated, or the story's event's date, to the month."""
    if c.date is None or not c.date.value or place.date is None:
        return True
    return partial_date.compatible(partial_date.coarsen(c.date.value, Precision.MONTH),
                                   partial_date.coarsen(place.date, Precision.MONTH))
