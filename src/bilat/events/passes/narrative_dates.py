"""A past event told with no date of its own is dated by the narrative.

News tells an episode over several sentences and dates it once ("The talks were held in
Moscow in late April. During a meeting on the sidelines, Shoygu said ..."): the nearest
date of the one or two sentences before it is its date. An undated event of the lead is
the story's news, which happened on the day of the report. Last of all passes
(``date_by_the_report``), an engagement the story still tells undated as its own
happened around the report: it takes the report's month.

Reads: undated occurred candidates; the sentences told before each (not captions), their
dates (none after the report, none claimed by another event with other people); the
lead and the reference day of each sentence; the tense of the trigger's clause.
Fills: ``date`` and ``date_from_context``.

Rules: ``dates.narrative.previous-sentence``, ``dates.narrative.lead-is-the-news``,
``dates.narrative.story-present``, ``dates.narrative.not-the-recent``,
``dates.narrative.plan-of-the-visit``, ``dates.narrative.measured-since``, ``aid.date.ongoing``.
"""

from __future__ import annotations

from spacy.tokens import Token

from bilat.events.arguments.date_relations import measured_since, past_dates, unclaimed_dates
from bilat.events.arguments.dates import ended_by_its_verb
from bilat.events.arguments.status import told_as_past
from bilat.events.candidate import Candidate, Story, takes_part
from bilat.events.narrative import is_prose
from bilat.events.syntax import clause_path, main_clause, time_relation
from bilat.events.types.aid import ongoing_aid
from bilat.lang import lexicon
from bilat.model import EventType, Precision, Status, TimeExpression

_LEX = lexicon()
LEAD_SENTENCES = _LEX.number("LEAD_SENTENCES")
NARRATIVE_LOOKBACK = _LEX.number("NARRATIVE_LOOKBACK")
RECENT_MODS = _LEX.words("RECENT_MODS")
# engagements a story tells as its news (aid is often a state of affairs: "has been sending")
STORY_TYPES = (EventType.MEET, EventType.VISIT, EventType.CALL, EventType.AGREE)
# what a visitor and his host plan to do during the visit
PLAN_OF_VISIT_TYPES = (EventType.MEET, EventType.CALL, EventType.AGREE)


def date_from_narrative(cands: list[Candidate], story: Story) -> list[Candidate]:
    """A past event told with no date of its own is dated by the narrative around it.

    News tells an episode over several sentences and dates it once ("The talks were held
    in Moscow in late April. During a meeting on the sidelines, Shoygu said ..."): the
    nearest date of the one or two sentences before it is its date. An undated event of
    the lead is the story's news, which happened on the day of the report.
    """
    if all(c.date is not None or c.status != Status.OCCURRED for c in cands):
        return cands  # (most documents: the story's sentences are not read)
    told, published = story.told, story.published
    position = {t.index: i for i, t in enumerate(told)}
    lead = [t.index for t in told if is_prose(t)][:LEAD_SENTENCES]
    for c in cands:
        if c.date is not None or c.status != Status.OCCURRED or c.sentence.index not in position:
            continue
        here = position[c.sentence.index]
        if measured_since(c.trigger):
            continue  # "his first visit since the warrant was issued": the date near is the bound's
        if c.type == EventType.AID and ongoing_aid(c.trigger) and not (
                c.sentence.index in lead and main_clause(c.trigger)):
            continue  # "troops have been sent to Russia": a state of affairs, not the episode's act
        for t in reversed(told[max(0, here - NARRATIVE_LOOKBACK) : here]):
            if t.caption:
                continue  # a photo's date is the picture's, not the story's
            found = unclaimed_dates(past_dates(t, published), t, c, cands, published)
            if found is None:
                break  # the sentence dates another episode: the narrative moved on
            if found:
                c.date = found[-1]
                c.date_from_context = True
                break
        day = told[here].reference or published
        if c.date is None and day and c.sentence.index in lead:
            # the news happened by the day it was reported ("..., state media said Tuesday");
            # a stay the lead tells as ended ("has wrapped up a two-day trip") began before
            # that day, within its month
            ended = ended_by_its_verb(c.trigger)
            c.date = TimeExpression(c.sentence.start, c.sentence.start, "",
                                    day[:7] if ended else day,
                                    Precision.MONTH if ended else Precision.DAY)
            c.date_from_context = True
    return cands


def date_by_the_report(cands: list[Candidate], story: Story) -> list[Candidate]:
    """What nothing else dated: an engagement the story tells as its own happened around
    the day of the report, whose month it takes; a plan of the visitor and host of the
    visit the story reports takes place within that visit's month. Runs last, once every
    other pass has dated and placed what it could: a month is an estimate, not a date to
    match others by."""
    told = {t.index: t for t in story.told}
    visits = [v for v in cands if v.type == EventType.VISIT and v.status == Status.OCCURRED
              and v.date is not None and v.date.value and not v.in_caption]
    for c in cands:
        if c.date is not None or c.sentence.index not in told:
            continue
        day = told[c.sentence.index].reference or story.published
        if not day:
            continue
        if ((c.status == Status.OCCURRED and story_present(c))
                or (c.status == Status.PLANNED and visit_under_way(c, visits, day, cands))):
            c.date = TimeExpression(c.sentence.start, c.sentence.start, "", day[:7],
                                    Precision.MONTH)
            c.date_from_context = True
    return cands


def visit_under_way(c: Candidate, visits: list[Candidate], day: str,
                    cands: list[Candidate]) -> bool:
    """ "Xi landed in Moscow on Monday ... Xi and Putin will sign documents": a meeting,
    call or signing planned, undated, between people of the two states of a visit made in
    the month of the report is part of that visit, so it takes place in its month. Not a
    plan told in the story's past, nor one the sentence sets before or after another
    event ("ahead of a summit"), nor a trip (a further visit is a journey of its own), nor
    what the story already tells them doing ("Xi hosted Putin for talks on Thursday ...
    During the visit, Putin and Xi will discuss ..."): a plan told after the fact is no news
    to date. Rule ``dates.narrative.plan-of-the-visit``."""
    if c.type not in PLAN_OF_VISIT_TYPES or told_as_past(c.trigger) or _in_time_relation(c.trigger):
        return False
    states = {a.country for a in c.actors if a.kind == "person" and a.country}
    if not any(v.date is not None and (v.date.value or "")[:7] == day[:7]
               and len(set(v.countries[:2])) == 2 and set(v.countries[:2]) <= states
               for v in visits):
        return False
    named = [a for a in c.actors if a.kind == "person" and a.name]
    return not any(d.type == c.type and d.status == Status.OCCURRED and d.date is not None
                   and takes_part(named, d) for d in cands)


def _in_time_relation(trigger: Token) -> bool:
    """ "ahead of a summit", "after the talks": the trigger names another time than its clause's."""
    return any(time_relation(t) is not None for t in clause_path(trigger))


def story_present(c: Candidate) -> bool:
    """ "The leader of the DPRK arrived in Russia at the invitation of Putin", told after the
    lead with no date near: an engagement the story tells as its own, in its simple past
    or present, happened around the day of the report; only its month is known. Not one
    the text sets in its past ("his previous visit", "had met", "has visited twice"), nor a
    picture's, nor one told as "recent" (rule ``dates.narrative.not-the-recent``). Rule
    ``dates.narrative.story-present``."""
    if c.type not in STORY_TYPES or c.in_caption or told_as_past(c.trigger):
        return False
    if any(m.dep_ == "amod" and m.lower_ in RECENT_MODS for m in c.trigger.children):
        return False
    verb = clause_path(c.trigger)[-1]
    return not any(a.dep_ == "aux" and a.lemma_ == "have" for a in verb.children)
