"""A meeting told inside a visit is part of it.

Reads: MEET candidates whose trigger is inside a visit's in the same sentence ("a visit
that will include a summit with Putin", "During his visit, Putin will hold talks").
Fills: ``actors`` and ``countries`` (adds the visitor and his state), ``date`` (the visit's, unless
the meeting has one of
its own), ``location`` (the visit's, if unknown).

Rule: ``meeting.inside-a-visit`` (not one the visit is told to come before or after: "arrived
in Pyongyang ahead of a summit between Kim and Trump"); ``meeting.inside-a-visit.plan-to-come``:
a plan a presence is for takes no date of the visit's that would put it before publication
("is in Bali for a meeting with Xi", the visit dated by "landed ... Sunday", the paper of
Monday).
"""

from __future__ import annotations

from dataclasses import replace

from bilat import partial_date
from bilat.events.arguments.status import dated_status
from bilat.events.candidate import Candidate, Story
from bilat.events.syntax import at_another_time, inside
from bilat.knowledge.names import same_person
from bilat.model import EventType, Precision, Status, TimeExpression


def nest_in_visits(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "a two-day visit that will include a summit with Putin", "During his visit, Putin will
    hold meetings with ...": a meeting told inside a visit is part of it; the visitor takes
    part, and the meeting has the visit's date and place unless it has its own."""
    for c in cands:
        if c.type != EventType.MEET:
            continue
        visit = next((v for v in cands if v.type == EventType.VISIT and v.sentence is c.sentence
                      and inside(c.trigger, v.trigger)
                      and not at_another_time(c.trigger, v.trigger)), None)
        if visit is None:
            continue
        # one visit per travelling state ("Moon and Abe will visit Chengdu"), one trigger
        visits = [v for v in cands if v.type == EventType.VISIT and v.sentence is c.sentence
                  and v.trigger.i == visit.trigger.i]
        known = [a.name for a in c.actors if a.name]
        visitors = [a for v in visits for a in v.actors
                    if a.name and not any(same_person(a.name, k) for k in known)]
        c.actors.extend(visitors)
        # "Moon and Abe will visit Chengdu for a trilateral summit hosted by Li": the
        # visitors' states take part too
        c.countries.extend(dict.fromkeys(a.country for a in visitors
                                         if a.country and a.country not in c.countries))
        if visit.date is not None and (c.date is None or c.date_from_context) and not (
                _plan_of_a_presence(c, visit, story.published)):
            c.date = _within(visit.date) if visit.status == Status.PLANNED else visit.date
        c.location = c.location or visit.location
    return cands


def _plan_of_a_presence(meeting: Candidate, visit: Candidate, published: str | None) -> bool:
    """ "Biden is in Bali for a meeting with Xi": a presence (``trigger.visit.presence``) says
    where the visitor is, and takes its date from the statement of the journey ("landed
    ... Sunday"); the meeting it is there for is still to come, and a day of the journey
    before publication would make it past. Rule ``meeting.inside-a-visit.plan-to-come``."""
    return (meeting.status == Status.PLANNED and visit.trigger.lemma_ == "be"
            and dated_status(meeting.status, visit.date, published) != meeting.status)


def _within(visit_date: TimeExpression) -> TimeExpression:
    """The date a meeting planned inside a planned visit takes from it: a visit is dated by
    its first day, and what is planned during it may come on any of its days, so the
    meeting takes the visit's month ("will visit Russia from June 21 to 24 ... During the
    visit, Moon will hold a summit with Putin" is not dated June 21). What the story tells
    done keeps the visit's day ("arrived at the airfield, where he was met by Shoigu")."""
    if visit_date.value is None or visit_date.precision != Precision.DAY:
        return visit_date
    return replace(visit_date, value=partial_date.coarsen(visit_date.value, Precision.MONTH),
                   precision=Precision.MONTH)
