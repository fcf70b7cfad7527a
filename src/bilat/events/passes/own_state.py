"""A place lent by the story stays in the state the event's own clause names.

Reads: candidates whose city was lent by a pass (not their sentence's own) and the state
their clause places them in ("he met Putin in the Russian Far East").
Fills: ``location`` (back to None when the lent city is in another state).

Rule: ``places.own-state``.
"""

from __future__ import annotations

from bilat.events.arguments.places import placed_in_state
from bilat.events.candidate import Candidate, Story


def keep_lent_places_in_own_state(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "he met Putin in the Russian Far East": an event its own clause places in a state
    cannot have been lent a city of another state by the passes over the story."""
    ents, paragraphs = story.ents, story.paragraphs
    state_of = {pl.name: pl.country for pl in ents.places}
    for c in cands:
        if c.location is None or c.location == c.own_location or c.location not in state_of:
            continue
        placed = placed_in_state(c, ents, paragraphs)
        if placed is not None and state_of[c.location] != placed:
            c.location = None
    return cands
