"""An event told as following another takes that event's month.

Reads: undated occurred candidates whose clause says they came after an event named by a
definite noun ("A plan was signed following the negotiations"), and the dated events of
that type told before, not flashbacks ("their previous meeting"), with the people that
noun's own candidate names, if any ("soon after the meeting between Kim and Xi").
Fills: ``date`` (the month of the earlier event, since "after" may be days later) and
``date_from_context``.

Rule: ``dates.related.after-the-event``.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.tokens import Token

from bilat.annotations.nlp import tokens_where, word_ids
from bilat.events.arguments.date_relations import flashbacks
from bilat.events.arguments.dates import to_month
from bilat.events.candidate import Candidate, Story, has_named_person, share_actor
from bilat.events.scope import trigger_scope
from bilat.events.syntax import sentence
from bilat.events.triggers import classify
from bilat.lang import lexicon
from bilat.model import Status

_LEX = lexicon()
AFTER_PREPS = _LEX.words("AFTER_PREPS")
_AFTER_PREP_IDS = word_ids(AFTER_PREPS)


def date_from_related_events(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "A plan was signed following the negotiations": an undated event told as coming
    after an event already told (and dated) happened around then; it takes that date's
    month, since "after" may be days later."""
    # "their previous meeting", "their first meeting" in a story of their second: not the
    # event a later one is told as following (read of the triggers alone, at the first
    # event told as following another: most documents have none)
    told_earlier: list[Candidate] | None = None
    for i, c in enumerate(cands):
        if c.date is not None or c.status != Status.OCCURRED:
            continue
        earlier = _after_event(c.trigger)
        if earlier is None:
            continue
        if told_earlier is None:
            told_earlier = flashbacks(cands)
        told = [o for o in cands[:i] if o.type == classify(earlier) and o.date is not None
                and o.date.value and o.status == Status.OCCURRED
                and o.sentence.index <= c.sentence.index and o not in told_earlier]
        # "soon after the meeting between Kim and Xi": the one told with those people
        named = next((o for o in cands if o.trigger == earlier and has_named_person(o)), None)
        if named is not None:
            told = [o for o in told if share_actor(o, named)]
        d = told[-1].date if told else None
        if d is not None and d.value:
            c.date = to_month(d)
            c.date_from_context = True
    return cands


def _after_event(tok: Token) -> Token | None:
    """ "following the negotiations", "after their talks": the noun, definite or possessed,
    of the event that the trigger's clause says it came after."""
    scope = trigger_scope(tok)
    # the sentence's "after" words found on the doc's array, a Token made only for them
    for prep in tokens_where(sentence(tok), LOWER, _AFTER_PREP_IDS):
        if prep.i not in scope or prep.dep_ != "prep":
            continue
        for t in prep.subtree:
            kind = classify(t) if t.pos_ in ("NOUN", "PROPN") else None
            if kind is not None and any(c.dep_ in ("det", "poss") and c.lower_ != "a"
                                        for c in t.children):
                return t
    return None
