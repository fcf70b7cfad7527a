"""A meeting told inside a visit is where the visit went.

Reads: MEET candidates with no city inside a located visit of the same sentence ("has
arrived in North Korea, where he plans to meet Kim").
Fills: ``location`` (the visit's).

Rule: ``places.nested-meeting`` (not a meeting the visit is told to come before or after:
"visited Dalian ahead of the upcoming summit with Trump").
"""

from __future__ import annotations

from bilat.events.candidate import Candidate, Story
from bilat.events.syntax import at_another_time, inside
from bilat.model import EventType


def locate_nested_meetings(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "has arrived in North Korea, where he plans to meet Kim": a meeting told inside a
    visit is where the visit went, once the visit is located."""
    for c in cands:
        if c.type != EventType.MEET or c.location is not None:
            continue
        visit = next((v for v in cands if v.type == EventType.VISIT and v.sentence is c.sentence
                      and v.location and inside(c.trigger, v.trigger)
                      and not at_another_time(c.trigger, v.trigger)), None)
        if visit is not None:
            c.location = visit.location
    return cands
