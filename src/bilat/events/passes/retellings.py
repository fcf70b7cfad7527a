"""An event told again without its place is where its first telling put it.

Reads: located candidates of the same type, status, states and people with compatible
dates ("the summit between Putin and Kim in Vladivostok ... the late April Kim-Putin
summit").
Fills: ``location`` (when every such telling agrees).

Runs for visits first, then for meetings and agreements once visits are located.

Rule: ``places.retelling``.
"""

from __future__ import annotations

from bilat import partial_date
from bilat.events.candidate import Candidate, Story, has_named_person, same_states, takes_part
from bilat.model import EventType, Precision


def _same_states_same_day(c: Candidate, o: Candidate) -> bool:
    """ "The leaders of the United States and North Korea met in Singapore Tuesday ... Trump
    and Kim held direct talks": a telling that names no one is the same event when it
    names the same states and the same day. Rule ``places.retelling.unnamed``."""
    return (not has_named_person(o) and bool(c.countries) and bool(o.countries)
            # a visit goes one way: PRK to RUS is not RUS to PRK
            and (c.type != EventType.VISIT or c.countries[0] == o.countries[0])
            and c.date is not None and o.date is not None
            and c.date.precision == o.date.precision == Precision.DAY
            and c.date.value == o.date.value)


def locate_visits(cands: list[Candidate], story: Story) -> list[Candidate]:
    """Visits first: a meeting during a visit takes the visit's place."""
    return _locate_from_retellings(cands, (EventType.VISIT,))


def locate_meetings_and_agreements(cands: list[Candidate], story: Story) -> list[Candidate]:
    return _locate_from_retellings(cands, (EventType.MEET, EventType.AGREE))


def _locate_from_retellings(cands: list[Candidate],
                            types: tuple[EventType, ...]) -> list[Candidate]:
    """ "the summit between Putin and Kim in Vladivostok ... the late April Kim-Putin summit":
    an event told again without its place is where its first telling put it (same people,
    same dates), before any guess from the places named around it."""
    for c in cands:
        if c.location is not None or c.type not in types or c.date is None or not c.date.value:
            continue
        named = [a for a in c.actors if a.kind == "person" and a.name]
        if not named:
            continue
        told = [o for o in cands if o is not c and o.type == c.type and o.status == c.status
                and o.location and o.date is not None and o.date.value and same_states(c, o)
                and partial_date.compatible(c.date.value, o.date.value)
                and (takes_part(named, o) or _same_states_same_day(c, o))]
        if len({o.location for o in told}) == 1:
            c.location = told[0].location
    return cands
