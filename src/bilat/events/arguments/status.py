"""Status: whether a trigger tells an event that happened, one that is planned, or none.

What the words around a trigger say of its event (the modality words are in
``lang/en/modality.yaml``, the rest in ``lang/en/events_status.yaml``):

- speculated, negated or conditional ("could visit", "did not meet", "if they meet"): no
  event (:func:`speculative`);
- planned ("will visit", "plans to meet", "the upcoming summit"): ``Status.PLANNED``
  (:func:`planned`), else ``Status.OCCURRED``;
- set in the story's past ("his previous visit", "previously met"): :func:`retrospective`,
  :func:`told_as_past`, which the passes read to keep episodes apart;
- denied, suspected, attempted, asked for or stopped (:func:`not_given`,
  :func:`none_of_it`, :func:`suspected`, :func:`attempted`): no aid or agreement;
- a clause that is negated or a condition places nothing (:func:`negated_clause`).

Quotes and reported speech are read in :mod:`bilat.events.syntax` (``in_quotes``) and
:mod:`bilat.events.arguments.actors` (``is_source``).
"""

from __future__ import annotations

from spacy.tokens import Token

from bilat.events.syntax import own_subject
from bilat.lang import lexicon

_LEX = lexicon()
AID_NOT_GIVEN_HEADS = _LEX.words("AID_NOT_GIVEN_HEADS")
ATTEMPT_HEADS = _LEX.words("ATTEMPT_HEADS")
CONDITIONAL_MARKERS = _LEX.words("CONDITIONAL_MARKERS")
FUTURE_MARKERS = _LEX.words("FUTURE_MARKERS")
PAST_ADVERBS = _LEX.words("PAST_ADVERBS")
PLAN_HEADS = _LEX.words("PLAN_HEADS")
PLAN_NOUN_MODS = _LEX.words("PLAN_NOUN_MODS")
PROSPECT_NOUNS = _LEX.words("PROSPECT_NOUNS")
PROSPECT_PREPS = _LEX.words("PROSPECT_PREPS")
RETROSPECTIVE_MODS = _LEX.words("RETROSPECTIVE_MODS")
RETROSPECTIVE_PREPS = _LEX.words("RETROSPECTIVE_PREPS")
SPECULATIVE_MODALS = _LEX.words("SPECULATIVE_MODALS")
SPECULATIVE_WORDS = _LEX.words("SPECULATIVE_WORDS")
AID_NOT_GIVEN_DEPTH = _LEX.number("AID_NOT_GIVEN_DEPTH")
SPECULATION_DEPTH = _LEX.number("SPECULATION_DEPTH")
PLAN_DEPTH = _LEX.number("PLAN_DEPTH")
FUTURE_AUX_DEPTH = _LEX.number("FUTURE_AUX_DEPTH")
PLAN_MODIFIER_DEPTH = _LEX.number("PLAN_MODIFIER_DEPTH")


def speculative(tok: Token) -> bool:
    """A modal, a negation, a word of speculation or a condition on the trigger or the few
    heads above it ("could visit", "did not meet", "a possible visit", "if they meet"):
    the event is not told as a fact. Rule ``status.speculative``."""
    chain = [tok, *list(tok.ancestors)[:SPECULATION_DEPTH]]
    for t in chain:
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS:
                return True
            if c.dep_ == "neg":
                return True
            if c.lower_ in SPECULATIVE_WORDS and c.dep_ in ("amod", "compound", "advmod"):
                return True
            if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKERS:
                return True
        if t.lower_ in SPECULATIVE_WORDS:
            return True
    return False


def planned(tok: Token) -> bool:
    """The event is to come: a future auxiliary, a plan word above it ("plans to visit", "an
    invitation to visit", "preparations for the summit"), a modifier ("the upcoming visit"),
    or "is to visit"; not an event set in the story's past. Rules ``status.planned``,
    ``status.planned.prospect`` ("discussions about Putin's visit", "preparations for the
    summit"), ``status.planned.what-a-plan-follows`` ("seeking closer ties following the
    summit": what a plan follows has happened)."""
    if retrospective(tok):
        return False  # "During a previous summit, Putin accepted an invitation to visit"
    chain = [tok, *list(tok.ancestors)[:PLAN_DEPTH]]
    for depth, t in enumerate(chain):
        if depth >= 1 and t.lower_ in RETROSPECTIVE_PREPS and tok.pos_ in ("NOUN", "PROPN"):
            # "seeking closer ties following the summit in September": what a plan follows
            # has already happened
            return False
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in FUTURE_MARKERS and depth <= FUTURE_AUX_DEPTH:
                return True
            if (c.lower_ in PLAN_NOUN_MODS and c.dep_ in ("amod", "compound", "advmod")
                    and depth <= PLAN_MODIFIER_DEPTH):
                return True
        if depth >= 1 and t.lemma_ in PLAN_HEADS and t.pos_ in ("VERB", "ADJ", "NOUN"):
            return True
        if depth >= 1 and t.lemma_ == "invitation":
            return True
        if (depth >= 1 and t.lower_ in PROSPECT_PREPS and t.dep_ == "prep"
                and t.head.lemma_ in PROSPECT_NOUNS):
            # "discussions about Putin's visit are ongoing", "preparations for the summit"
            return True
        if t.dep_ in ("ccomp", "advcl", "relcl") and depth >= 1:
            break
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and own_subject(t):
            # "he had accepted an invitation to visit, and he and Ri had discussed ...": a
            # coordinated clause with its own subject has its own tense
            break
    # "is to visit", "was set to meet"
    return tok.dep_ == "xcomp" and tok.head.lemma_ == "be"


def retrospective(tok: Token) -> bool:
    """ "his previous visit", "their last summit": an event the text sets in the past of
    the story it tells."""
    # only on nouns: "arrived earlier in the day" is the story's own day
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in RETROSPECTIVE_MODS and c.dep_ == "amod" for c in tok.children)


def told_as_past(tok: Token) -> bool:
    """ "his previous visit", "representatives previously met": set in the story's past."""
    return retrospective(tok) or (tok.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "advmod" and c.lower_ in PAST_ADVERBS for c in tok.children))


def negated_clause(tok: Token) -> bool:
    """The clause that holds the token is negated ("has never visited Moscow", "talks have
    not been held in Pyongyang since ..."): what it places did not happen there."""
    # "If the two meet in Moscow next month, ...": a condition places nothing either
    for head in tok.ancestors:
        if any(c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKERS)
               for c in head.children):
            return True
        if head.pos_ in ("VERB", "AUX") or head.dep_ in ("advcl", "ccomp", "relcl"):
            return False
    return False


def not_given(tok: Token) -> bool:
    """ "asked Russia for technical assistance", "suspended military aid", "refused to sign":
    asked for, stopped, denied or alleged. Rule ``status.not-given``."""
    return any(anc.lemma_ in AID_NOT_GIVEN_HEADS
               for anc in [tok, *list(tok.ancestors)[:AID_NOT_GIVEN_DEPTH]] if anc.pos_ == "VERB")


def none_of_it(tok: Token, own: Token | None) -> bool:
    """ "no agreements had been signed", "no troops were sent": negated by its object (or by
    ``own``, what the type says the trigger is about). Rule ``status.none-of-it``."""
    moved = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if own is not None:
        moved.append(own)
    return any(c.dep_ == "det" and c.lower_ == "no" for m in moved for c in m.children)


def suspected(tok: Token) -> bool:
    """ "X suspects the North is receiving aid in return for providing weapons": all of
    it is suspicion, however deep the clause. Rule ``status.suspected``."""
    return any(anc.lemma_ == "suspect" for anc in tok.ancestors)


def attempted(tok: Token) -> bool:
    """ "their efforts to strike a deal ended in failure": an attempt, not an agreement.
    Rule ``status.attempted``."""
    return tok.dep_ in ("xcomp", "acl") and tok.head.lemma_ in ATTEMPT_HEADS
