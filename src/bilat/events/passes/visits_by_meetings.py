"""A visit goes where its traveller met, in the host state.

Reads: dated VISIT candidates with no city; located meetings of the same status, people
and dates in a host state, at most two sentences away ("Kim's previous visit to Russia
took place in April 2019. Then he and Putin held negotiations in Vladivostok").
Fills: ``location`` (when those meetings agree on one city).

Rule: ``places.visit-by-meeting``.
"""

from __future__ import annotations

from bilat import partial_date
from bilat.events.candidate import Candidate, Story, share_actor
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
PLACE_WINDOW = _LEX.number("PLACE_WINDOW")


def locate_visits_by_meetings(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "Kim's previous visit to Russia took place in April 2019. Then he and Putin held
    negotiations in Vladivostok": a visit goes where its traveller met, in the host state,
    in the same episode (same dates, at most two sentences away)."""
    ents = story.ents
    country_of = {pl.name: pl.country for pl in ents.places}
    for c in cands:
        if (c.type != EventType.VISIT or c.location is not None or c.date is None
                or not c.date.value):
            continue
        hosts = set(c.countries[1:])
        met = [o for o in cands if o.type == EventType.MEET and o.status == c.status and o.location
               and country_of.get(o.location) in hosts and share_actor(c, o)
               and o.date is not None and o.date.value
               and partial_date.compatible(c.date.value, o.date.value)
               and abs(o.sentence.index - c.sentence.index) <= PLACE_WINDOW]
        if len({o.location for o in met}) == 1:
            c.location = met[0].location
    return cands
