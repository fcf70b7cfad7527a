"""Re-mentions that add to an event told before.

Reads: candidates marked ``elaboration`` by the sentence stage ("The talks took place on
June 29 in Pyongyang": a definite event noun with no people of its own).
Fills: the ``date`` (or a finer one of the same time) and ``location`` of the nearest event
of the same type and status told at most two sentences before (with no other people);
drops the re-mention itself, unless
nothing was told before and it names people (then it is the event's first telling).

Rule: ``elaboration.adds-to-the-event-told-before``.
"""

from __future__ import annotations

from bilat import partial_date
from bilat.events.candidate import Candidate, Story, other_people
from bilat.lang import lexicon
from bilat.model import TimeExpression

_LEX = lexicon()
ELABORATION_WINDOW = _LEX.number("ELABORATION_WINDOW")


def elaborate(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "The talks took place on June 29 in Pyongyang": a re-mention gives the date and
    place of the nearest event of its type told just before; it is not a new event."""
    kept: list[Candidate] = []
    for c in cands:
        if not c.elaboration:
            kept.append(c)
            continue
        told = [k for k in kept if k.type == c.type and k.status == c.status
                and 0 <= c.sentence.index - k.sentence.index <= ELABORATION_WINDOW
                and not other_people(c, k)]
        if not told and c.actors:
            kept.append(c)  # nothing told before: the re-mention is the event's first telling
        elif told:
            target = told[-1]
            if c.date is not None and c.date.value and _refines(c.date.value, target.date):
                target.date = c.date
            if target.location is None and c.location:
                target.location = c.location
    return kept


def _refines(value: str, told: TimeExpression | None) -> bool:
    """The re-mention's date is the event's, or a finer one ("talks next week ... their
    Christmas Eve meeting"): never another time than the event's own."""
    if told is None or not told.value:
        return True
    return (partial_date.compatible(value, told.value)
            and partial_date.rank(value) > partial_date.rank(told.value))
