"""The document-level passes: what the story around a candidate adds to it.

The sentence stage (:mod:`bilat.events.sentence_stage`) fills each candidate from its own
sentence. The passes then run in the order of :data:`PASSES`, each over all candidates,
each filling only what is still unknown, and only the fields it declares: who first, then
when (the episode, then the narrative), then where (visits first: a meeting during a
visit takes the visit's place), and last when for what nothing dated. Each pass's module
says what it reads and what it fills.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bilat.events.candidate import Candidate, Story
from bilat.events.passes import (
    agreement_parties,
    aid_parties,
    delegations,
    document_places,
    elaborations,
    episodes,
    narrative_dates,
    nest_in_visits,
    nested_meetings,
    own_state,
    pairs,
    refer_back,
    related_events,
    retellings,
    story_place,
    visits_by_meetings,
)

# what a pass may write: fields of Candidate, or DROPS when it removes candidates
DROPS = "candidates"


@dataclass(frozen=True)
class Pass:
    """One document-level pass: its name, the function, and the fields it fills."""

    name: str
    run: Callable[[list[Candidate], Story], list[Candidate]]
    fills: frozenset[str]


def _pass(name: str, run: Callable[[list[Candidate], Story], list[Candidate]],
          *fills: str) -> Pass:
    return Pass(name, run, frozenset(fills))


PASSES: tuple[Pass, ...] = (
    # who
    _pass("agreement-parties", agreement_parties.agreement_parties,
          "actors", "countries", "date"),
    _pass("elaborations", elaborations.elaborate, DROPS, "date", "location"),
    _pass("aid-parties", aid_parties.inherit_aid_parties, "countries"),
    _pass("delegations", delegations.name_delegations, "actors"),
    _pass("pairs", pairs.resolve_pairs, "actors", "countries"),
    # when: the episode, then the narrative
    _pass("refer-back", refer_back.refer_back, "date", "date_from_context", "location", "status"),
    _pass("episodes", episodes.propagate, "date", "location"),
    _pass("related-events", related_events.date_from_related_events, "date",
          "date_from_context"),
    _pass("narrative-dates", narrative_dates.date_from_narrative, "date", "date_from_context"),
    _pass("nest-in-visits", nest_in_visits.nest_in_visits, "actors", "countries", "date",
          "location"),
    # where: visits first, then what happened during them
    _pass("visit-retellings", retellings.locate_visits, "location"),
    _pass("visits-by-meetings", visits_by_meetings.locate_visits_by_meetings, "location"),
    _pass("visit-document-places", document_places.locate_visits, "location", "countries"),
    _pass("nested-meetings", nested_meetings.locate_nested_meetings, "location"),
    _pass("meeting-retellings", retellings.locate_meetings_and_agreements, "location"),
    _pass("story-place", story_place.locate_in_story_place, "location"),
    _pass("episodes-again", episodes.propagate, "date", "location"),
    _pass("meeting-document-places", document_places.locate_meetings_and_agreements,
          "location"),
    _pass("own-state", own_state.keep_lent_places_in_own_state, "location"),
    # when, at last: what nothing dated happened around the day of the report
    _pass("story-present", narrative_dates.date_by_the_report, "date", "date_from_context"),
)


def run_passes(candidates: list[Candidate], story: Story,
               passes: tuple[Pass, ...] = PASSES) -> list[Candidate]:
    """The candidates after every pass, in order."""
    for step in passes:
        candidates = step.run(candidates, story)
    return candidates
