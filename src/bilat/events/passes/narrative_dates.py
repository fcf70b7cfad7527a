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
``dates.narrative.story-present``, ``dates.narrative.measured-since``, ``aid.date.ongoing``.
"""

from __future__ import annotations

from bilat.events.arguments.date_relations import measured_since, past_dates, unclaimed_dates
from bilat.events.arguments.dates import ended_by_its_verb
from bilat.events.arguments.status import told_as_past
from bilat.events.candidate import Candidate, Story
from bilat.events.narrative import is_prose
from bilat.events.syntax import clause_path, main_clause
from bilat.events.types.aid import ongoing_aid
from bilat.lang import lexicon
from bilat.model import EventType, Precision, Status, TimeExpression

_LEX = lexicon()
LEAD_SENTENCES = _LEX.number("LEAD_SENTENCES")
NARRATIVE_LOOKBACK = _LEX.number("NARRATIVE_LOOKBACK")
RECENT_MODS = _LEX.words("RECENT_MODS")
# engagements a story tells as its news (aid is often a state of affairs: "has been sending")
STORY_TYPES = (EventType.MEET, EventType.VISIT, EventType.CALL, EventType.AGREE)


def date_from_narrative(cands: list[Candidate], story: Story) -> list[Candidate]:
    """A past event told with no date of its own is dated by the narrative around it.

    News tells an episode over several sentences and dates it once ("The talks were held
    in Moscow in late April. During a meeting on the sidelines, Shoygu said ..."): the
    nearest date of the one or two sentences before it is its date. An undated event of
    the lead is the story's news, which happened on the day of the report.
    """
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
            found = unclaimed_dates(past_dates(t, published), t, c, cands)
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
    the day of the report, whose month it takes. Runs last, once every other pass has
    dated and placed what it could: a month is an estimate, not a date to match others by."""
    told = {t.index: t for t in story.told}
    for c in cands:
        if c.date is not None or c.status != Status.OCCURRED or c.sentence.index not in told:
            continue
        day = told[c.sentence.index].reference or story.published
        if day and story_present(c):
            c.date = TimeExpression(c.sentence.start, c.sentence.start, "", day[:7],
                                   Precision.MONTH)
            c.date_from_context = True
    return cands


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
