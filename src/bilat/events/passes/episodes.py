"""One episode told over several sentences shares its place and date.

Reads: candidates with the same status sharing a participant; flashbacks ("his previous
visit", "their first meeting" in a story of their second) that separate episodes.
Fills: the ``location`` of a meeting during a visit (the visit's), and the ``date`` of an
undated engagement (that of the nearest statement of the episode at most three sentences
away, not a photo caption's, told before it if one is: see ``dates.episode.told-before``).

Runs twice: after the people are known, and again once visits are located.

Rules: ``places.episode.meeting-during-visit`` (in the visit's sentence only when one is
inside the other), ``places.episode.flashback`` (no turn to a previous event in between),
``dates.episode.nearest-statement``, ``dates.episode.told-before``,
``dates.episode.earlier-instance`` (an earlier one of a
counted series neither lends nor borrows a date across the series).
"""

from __future__ import annotations

from bilat import partial_date
from bilat.events.arguments.date_relations import earlier_instances
from bilat.events.arguments.status import retrospective
from bilat.events.candidate import Candidate, Story, flashback_between, share_actor
from bilat.events.syntax import inside, sentence
from bilat.lang import lexicon
from bilat.model import EventType, Status

_LEX = lexicon()
PLACE_WINDOW = _LEX.number("PLACE_WINDOW")
EPISODE_WINDOW = _LEX.number("EPISODE_WINDOW")


EPISODE_TYPES = (EventType.MEET, EventType.VISIT, EventType.AGREE, EventType.CALL)
# the parts of speech that may come before a time phrase that opens a sentence ("Finally,
# on Friday, ...", "But on Tuesday ..."): function words, adverbs, punctuation
OPENING_POS = frozenset({"ADP", "ADV", "DET", "CCONJ", "PUNCT", "SPACE"})


def propagate(cands: list[Candidate], story: Story) -> list[Candidate]:
    """One episode told over several sentences: a meeting during a visit takes the visit's
    place, and an undated statement takes the date of the nearest statement of the same
    episode (same status, a shared participant, at most three sentences away)."""
    earlier = earlier_instances(cands)
    flashbacks = {o.sentence.index for o in cands if retrospective(o.trigger)}
    flashbacks |= {o.sentence.index for o in earlier}
    for c in cands:
        needs_place = c.type == EventType.MEET and c.location is None
        if not needs_place and (c.date is not None or c.type not in EPISODE_TYPES):
            continue  # (its episode is read only for what it may lend)
        episode = [o for o in cands if o is not c and o.status == c.status and share_actor(c, o)]
        if needs_place:
            visit = next((o for o in episode if o.type == EventType.VISIT and o.location
                          and (c.date is None or o.date is None
                               or partial_date.compatible(c.date.value, o.date.value))
                          and _during_visit(c, o, flashbacks)), None)
            if visit is not None:
                c.location = visit.location
        if c.date is None and c.type in EPISODE_TYPES:
            # "Kim arrived in Russia ... Kim's previous visit took place in April 2019": an
            # event the text calls previous opens another episode
            # a photo caption's date is the picture's, which may be years old
            dated = [o for o in episode if o.type in EPISODE_TYPES and o.date is not None
                     and o.date.value and abs(c.sentence.index - o.sentence.index) <= EPISODE_WINDOW
                     and not flashback_between(c, o, flashbacks)
                     and not o.in_caption and (o in earlier) == (c in earlier)]
            dated = _told_before(c, dated, story)
            if dated:
                c.date = min(dated, key=lambda o: abs(c.sentence.index - o.sentence.index)).date
    return cands


def _during_visit(meeting: Candidate, visit: Candidate, flashbacks: set[int]) -> bool:
    """Whether a meeting can be told as part of a visit: in the visit's own sentence, one
    inside the other ("arrived in Moscow, where he met ..."); else told soon after or
    before it, with no turn to a previous event in between. Two clauses side by side ("he
    had accepted an invitation to visit Pyongyang, and he and Ri had discussed ...") are
    two events."""
    if meeting.sentence is visit.sentence:
        return inside(meeting.trigger, visit.trigger) or inside(visit.trigger, meeting.trigger)
    return (abs(meeting.sentence.index - visit.sentence.index) <= PLACE_WINDOW
            and not flashback_between(meeting, visit, flashbacks))


def _told_before(c: Candidate, dated: list[Candidate], story: Story) -> list[Candidate]:
    """The statements that may lend ``c`` their date: those told before it, if any. After
    it, a past event is not dated by a statement that opens with its date ("Kim arrived in
    Vladivostok ... On September 13, they held negotiations"): a time phrase that opens a
    sentence sets a new time frame, and the narrative turns to another day, while one told
    in its course adds to what was told ("The two ministers held talks in Moscow on
    Tuesday"). A plan is one event still to come, which any sentence after it may date
    ("Putin will meet Trump. On Friday, the two are set to meet in Alaska").
    Rule ``dates.episode.told-before``."""
    before = [o for o in dated if o.sentence.index <= c.sentence.index]
    if before or c.status != Status.OCCURRED:
        return before or dated
    return [o for o in dated if not _opens_with_its_date(o, story)]


def _opens_with_its_date(c: Candidate, story: Story) -> bool:
    """ "On September 13, at the spaceport, they held talks", "Finally, on Friday, Lula met
    Xi": the candidate's date is a time phrase that opens its sentence, with nothing but
    function words and punctuation before it (a frame-setting adverbial: Virtanen 1992,
    Bestgen & Vonk 1995 on temporal segmentation markers)."""
    date, sent = c.date, sentence(c.trigger)
    if date is None or not c.sentence.start <= date.start < c.sentence.end:
        return False
    para_start = story.paragraphs[c.para].start
    before = [t for t in sent if para_start + t.idx < date.start]
    return all(t.pos_ in OPENING_POS for t in before)
