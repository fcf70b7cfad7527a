"""A definite re-mention is the event told before with the same people.

Reads: undated candidates whose trigger is a definite or possessed noun ("the meeting
with Putin", "During his visit") and the dated events of the same type told before, not
flashbacks ("their previous meeting"), which only a flashback re-mentions.
Fills: ``date`` (and ``date_from_context``), ``location`` if unknown, and ``status``: those
of the last such event with the same states and people.

Rules: ``dates.refer-back.same-people``, ``dates.refer-back.not-a-flashback``;
``dates.refer-back.during-the-visit`` ("During his visit, Putin will meet ...": the visit
under way, whatever the tense of the clause).
"""

from __future__ import annotations

from spacy.tokens import Token

from bilat.events.arguments.date_relations import flashbacks
from bilat.events.candidate import Candidate, Story, same_states, takes_part
from bilat.lang import lexicon

_LEX = lexicon()
DEFINITE_WORDS = _LEX.words("DEFINITE_WORDS")


def refer_back(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "Choe met Putin in Moscow ... Following the meeting with Putin, the Kremlin said":
    a definite re-mention of an event already told, with no date of its own, is that
    event, told with the same people: it takes its date and place."""
    # "the meeting" re-mentions the story's meeting, not "their previous meeting" (read of
    # the triggers alone, at the first undated re-mention: most documents have none)
    told_earlier: list[Candidate] | None = None
    for i, c in enumerate(cands):
        if c.date is not None or not _definite_noun(c.trigger):
            continue
        if told_earlier is None:
            told_earlier = flashbacks(cands)
        # "During his visit, Putin will meet ...": the visit is the one under way, whatever
        # the tense of the clause it frames
        frame = c.trigger.dep_ == "pobj" and c.trigger.head.lower_ == "during"
        named = [a for a in c.actors if a.kind == "person" and a.name]
        told = [o for o in cands[:i]
                if o.type == c.type and (o.status == c.status or frame) and named
                and o.date is not None and o.date.value and same_states(c, o)
                and (c.location is None or o.location in (None, c.location))
                and takes_part(named, o) and (o not in told_earlier or c in told_earlier)]
        if told:
            c.date = told[-1].date
            c.date_from_context = True
            c.location = c.location or told[-1].location
            c.status = told[-1].status
    return cands


def _definite_noun(tok: Token) -> bool:
    """ "the meeting", "his visit": a noun with a definite determiner or a possessor."""
    return tok.pos_ in ("NOUN", "PROPN") and any(
        d.dep_ in ("det", "poss") and d.lower_ in DEFINITE_WORDS for d in tok.children)
