"""Status: whether a trigger tells an event that happened, one that is planned, or none.

What the words around a trigger say of its event (the modality words are in
``lang/en/modality.yaml``, the rest in ``lang/en/events_status.yaml``):

- speculated, negated, conditional or only offered ("could visit", "did not meet", "if
  they meet", "expressed readiness to meet"): no event (:func:`speculative`);
- called off, denied, unrealised, only weighed or asked about ("the signing ceremony was
  scuttled", "without reaching an agreement", "had planned to sign", "was meant to
  travel", "denied that they met", "no meeting", "considers a visit", "Will Kim visit
  Moscow?"): no event (:func:`called_off`, :func:`speculative`, :func:`questioned`);
- planned ("will visit", "plans to meet", "the upcoming summit", "ahead of the summit",
  "On Thursday, Moon meets Medvedev"; not "his visit will allow time to consult", which
  tells the event's effect): ``Status.PLANNED`` (:func:`planned`), else
  ``Status.OCCURRED``; the purpose of a journey under way is still to come ("is in Bali
  for a meeting with Xi": :func:`journey_purpose`, :func:`under_way`); a date the text
  gives the event settles it (:func:`dated_status`);
- set in the story's past ("his previous visit", "previously met"): :func:`retrospective`,
  :func:`told_as_past`, which the passes read to keep episodes apart;
- denied, suspected, attempted, asked for or stopped (:func:`not_given`,
  :func:`none_of_it`, :func:`suspected`, :func:`attempted`): no aid or agreement;
- a clause that is negated or a condition places nothing (:func:`negated_clause`).

Quotes and reported speech are read in :mod:`bilat.events.syntax` (``in_quotes``) and
:mod:`bilat.events.arguments.actors` (``is_source``).
"""

from __future__ import annotations

from itertools import islice

from spacy.strings import get_string_id
from spacy.tokens import Token

from bilat import partial_date
from bilat.annotations.nlp import lower_ids, span_text, word_ids
from bilat.events.syntax import child_words, own_subject, presupposed_past, sentence
from bilat.events.triggers import phrasal_lemma
from bilat.lang import lexicon
from bilat.model import Status, TimeExpression

_LEX = lexicon()
AID_NOT_GIVEN_HEADS = _LEX.words("AID_NOT_GIVEN_HEADS")
ANTICIPATION_HEADS = _LEX.words("ANTICIPATION_HEADS")
ATTEMPT_HEADS = _LEX.words("ATTEMPT_HEADS")
CANCEL_VERBS = _LEX.words("CANCEL_VERBS")
CONDITIONAL_MARKERS = _LEX.words("CONDITIONAL_MARKERS")
COUNTERFACTUAL_HEADS = _LEX.words("COUNTERFACTUAL_HEADS")
DELIBERATION_VERBS = _LEX.words("DELIBERATION_VERBS")
JOURNEY_NOUNS = _LEX.words("VISIT_NOUNS")
JOURNEY_VERBS = _LEX.words("VISIT_VERBS")
LIGHT_VERBS = _LEX.words("LIGHT_VERBS")
NEGATING_PREPS = _LEX.words("NEGATING_PREPS")
NEGATIVE_DETERMINERS = _LEX.words("NEGATIVE_DETERMINERS")
DENIAL_VERBS = _LEX.words("DENIAL_VERBS")
FUTURE_MARKERS = _LEX.words("FUTURE_MARKERS")
PAST_ADVERBS = _LEX.words("PAST_ADVERBS")
PLAN_HEADS = _LEX.words("PLAN_HEADS")
IDIOM_OBJECT_NOUNS = _LEX.words("IDIOM_OBJECT_NOUNS")  # "set foot": "set" plans nothing there
PLAN_NOUN_MODS = _LEX.words("PLAN_NOUN_MODS")
PROSPECT_NOUNS = _LEX.words("PROSPECT_NOUNS")
PROSPECT_PREPS = _LEX.words("PROSPECT_PREPS")
PURPOSE_PREPS = _LEX.words("PURPOSE_PREPS")
PLAN_CONTENT_PREPS = _LEX.words("PLAN_CONTENT_PREPS")
RETROSPECTIVE_MODS = _LEX.words("RETROSPECTIVE_MODS")
RETROSPECTIVE_PREPS = _LEX.words("RETROSPECTIVE_PREPS")
SCHEDULE_DAYS = _LEX.words("SCHEDULE_DAYS")
OCCURRENCE_VERBS = _LEX.words("OCCURRENCE_VERBS")
SPECULATIVE_MODALS = _LEX.words("SPECULATIVE_MODALS")
SPECULATIVE_WORDS = _LEX.words("SPECULATIVE_WORDS")
STANCE_VERBS = _LEX.words("STANCE_VERBS")
READINESS_WORDS = _LEX.words("READINESS_WORDS")
TEMPORAL_MARKERS = _LEX.words("TEMPORAL_MARKERS")
UNREALISED_PLAN_HEADS = _LEX.words("UNREALISED_PLAN_HEADS")
AID_NOT_GIVEN_DEPTH = _LEX.number("AID_NOT_GIVEN_DEPTH")
SPECULATION_DEPTH = _LEX.number("SPECULATION_DEPTH")
PLAN_DEPTH = _LEX.number("PLAN_DEPTH")
FUTURE_AUX_DEPTH = _LEX.number("FUTURE_AUX_DEPTH")
PLAN_MODIFIER_DEPTH = _LEX.number("PLAN_MODIFIER_DEPTH")
CALLED_OFF_DEPTH = _LEX.number("CALLED_OFF_DEPTH")
# the tags of "who", "what", "which", "when", "where", "why", "how": a question that opens
# with one presupposes its event (Penn Treebank tags, as spaCy's English tagger gives them)
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
# how a trigger hangs from a head that does not govern it as its content: "Kim has sought
# to ..., meeting Putin in April" (an adjunct), "the visit aims to ..." (its subject)
# or a coordinated act ("accepting our invitation and coming to Russia")
NOT_CONTENT = frozenset({"advcl", "nsubj", "conj"})

# the same words and labels as ids, for the rules that read a head's dependents from the
# doc's arrays (syntax.child_words) instead of a Token per dependent
_AUX, _NEG, _MARK = get_string_id("aux"), get_string_id("neg"), get_string_id("mark")
_DET, _AMOD, _ADVMOD = get_string_id("det"), get_string_id("amod"), get_string_id("advmod")
_MODIFIER_DEPS = word_ids(["amod", "compound", "advmod"])
_SPECULATIVE_MODAL_IDS = word_ids(SPECULATIVE_MODALS)
_SPECULATIVE_WORD_IDS = word_ids(SPECULATIVE_WORDS)
_CONDITIONAL_MARKER_IDS = word_ids(CONDITIONAL_MARKERS)
_FUTURE_MARKER_IDS = word_ids(FUTURE_MARKERS)
_PLAN_NOUN_MOD_IDS = word_ids(PLAN_NOUN_MODS)
_NEGATIVE_DETERMINER_IDS = word_ids(NEGATIVE_DETERMINERS)
_RETROSPECTIVE_MOD_IDS = word_ids(RETROSPECTIVE_MODS)
_PAST_ADVERB_IDS = word_ids(PAST_ADVERBS)


def speculative(tok: Token) -> bool:
    """A modal, a negation, a word of speculation or a condition on the trigger or the few
    heads above it ("could visit", "did not meet", "a possible visit", "if they meet"), or
    a verb that weighs it ("considers a visit"): the event is not told as a fact. Rule
    ``status.speculative``."""
    chain = [tok, *list(islice(tok.ancestors, SPECULATION_DEPTH))]
    lowers = lower_ids(tok.doc)
    for t in chain:
        for dep, lower in child_words(t):
            # a modal ("could"), a negation, a word of speculation ("possible"), a condition
            if ((dep == _AUX and lower in _SPECULATIVE_MODAL_IDS) or dep == _NEG
                    or (lower in _SPECULATIVE_WORD_IDS and dep in _MODIFIER_DEPS)
                    or (dep == _MARK and lower in _CONDITIONAL_MARKER_IDS)):
                return True
        if lowers[t.i] in _SPECULATIVE_WORD_IDS:
            return True
        if presupposed_past(t):
            break  # "before Shoigu departed Pyongyang": a fact, whatever is doubted above
        if _offered(t):
            return True
    # "Pelosi considers a visit to Taiwan": an event weighed is not announced
    return tok.dep_ in ("dobj", "xcomp") and tok.head.lemma_ in DELIBERATION_VERBS


def _offered(t: Token) -> bool:
    """ "expressed readiness to hold meetings", "voiced his willingness to visit": a
    readiness voiced is an offer, nothing arranged (unlike "is ready to", "confirmed his
    readiness to visit"). Rule ``status.speculative.offer``."""
    return (t.pos_ == "NOUN" and t.lemma_ in READINESS_WORDS and t.dep_ == "dobj"
            and t.head.lemma_ in STANCE_VERBS)


def _marked_ahead(t: Token, depth: int) -> bool:
    """``t``, ``depth`` steps above the trigger, has a future auxiliary ("will visit") or a
    plan modifier ("the upcoming visit") close enough to the trigger to be its own."""
    for dep, lower in child_words(t):
        if dep == _AUX and lower in _FUTURE_MARKER_IDS and depth <= FUTURE_AUX_DEPTH:
            return True
        if (lower in _PLAN_NOUN_MOD_IDS and dep in _MODIFIER_DEPS
                and depth <= PLAN_MODIFIER_DEPTH):
            return True
    return False


def planned(tok: Token) -> bool:
    """The event is to come: a future auxiliary, a plan word above it ("plans to visit", "an
    invitation to visit", "preparations for the summit"), a modifier ("the upcoming visit"),
    or "is to visit"; not an event set in the story's past. Rules ``status.planned``,
    ``status.planned.prospect`` ("discussions about Putin's visit", "preparations for the
    summit"), ``status.planned.what-a-plan-follows`` ("seeking closer ties following the
    summit": what a plan follows has happened), ``status.planned.content`` (a plan word
    plans only what it governs: not "the visit aims to ...", nor the adjunct of "has sought
    to ..., meeting Putin in April", nor "invited Kim to visit during the meeting"),
    ``status.planned.anticipated`` ("ahead of his summit with Trump"),
    ``status.planned.time-clause`` ("is scheduled to rest before his meetings get
    underway": see :func:`_present_time_clause`), ``status.planned.be-to`` ("is to visit",
    not "was present to welcome him")."""
    if retrospective(tok):
        return False  # "During a previous summit, Putin accepted an invitation to visit"
    chain = [tok, *list(islice(tok.ancestors, PLAN_DEPTH))]
    for depth, t in enumerate(chain):
        if depth >= 1 and t.lower_ in RETROSPECTIVE_PREPS and tok.pos_ in ("NOUN", "PROPN"):
            # "seeking closer ties following the summit in September": what a plan follows
            # has already happened
            return False
        if _marked_ahead(t, depth) and not _effect_of(tok, depth):
            return True
        content = depth >= 1 and _content_of(t, chain[depth - 1])
        if (content and t.lemma_ in PLAN_HEADS and t.pos_ in ("VERB", "ADJ", "NOUN")
                and not (depth == 1 and tok.lemma_ in IDIOM_OBJECT_NOUNS)):
            return True
        if content and t.lemma_ == "invitation":
            return True
        if depth >= 1 and t.dep_ == "prep" and t.head.lower_ in ANTICIPATION_HEADS:
            # "ahead of the summit", "on the eve of the talks". Rule ``status.planned.anticipated``
            return True
        if (depth >= 1 and t.lower_ in PROSPECT_PREPS and t.dep_ == "prep"
                and t.head.lemma_ in PROSPECT_NOUNS):
            # "discussions about Putin's visit are ongoing", "preparations for the summit"
            return True
        if t.dep_ in ("ccomp", "advcl", "relcl") and depth >= 1 and not _present_time_clause(t):
            break
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and own_subject(t):
            # "he had accepted an invitation to visit, and he and Ri had discussed ...": a
            # coordinated clause with its own subject has its own tense
            break
    if _scheduled_present(tok):
        return True
    # "is to visit" (not "was present to welcome him", "was at the airport to welcome him").
    # Rule ``status.planned.be-to``
    return tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and not any(
        c.dep_ in ("acomp", "attr", "prep") for c in tok.head.children)


def _scheduled_present(verb: Token) -> bool:
    """ "On Thursday, Moon meets Medvedev": a main verb in the simple present with a day of
    the week is the present of a schedule, an event still to come on that day (a day before
    or after publication still settles it by date, rule ``status.by-date``). Rule
    ``status.planned.scheduled-present``."""
    if verb.tag_ not in ("VBZ", "VBP") or verb.dep_ not in ("ROOT", "conj"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    # a weekday with its month and day ("On Monday, June 18, Moon meets ...") is a date the
    # date rule places; only a bare weekday is the schedule's
    return any(c.dep_ in ("prep", "npadvmod") and _bare_weekday(c) for c in verb.children)


def _bare_weekday(phrase: Token) -> bool:
    words = list(phrase.subtree)
    return any(t.text in SCHEDULE_DAYS for t in words) and not any(t.like_num for t in words)


def _effect_of(tok: Token, depth: int) -> bool:
    """ "his visit, scheduled to end Thursday, will allow time to consult": the future of a
    verb whose subject is the event tells what the event brings about, not that it is to
    come; only a verb of its own happening ("the summit will take place", "will be the
    first") plans it. Rule ``status.planned.effect``."""
    return depth == 1 and tok.dep_ == "nsubj" and tok.head.lemma_ not in OCCURRENCE_VERBS


def _content_of(head: Token, below: Token) -> bool:
    """What ``below`` hangs from ``head`` by is the content of a plan, not its subject,
    a coordinated act, an adjunct clause ("has sought to ..., meeting Putin in April") or
    the plan's own circumstance ("invited Kim to visit Moscow during the first meeting")."""
    if below.dep_ == "prep" and below.head.i == head.i:
        return below.lower_ in PLAN_CONTENT_PREPS
    return below.dep_ not in NOT_CONTENT or _present_time_clause(below)


def _present_time_clause(verb: Token) -> bool:
    """ "before his meetings get underway Monday": a time clause in the present takes its
    time from the clause it modifies, so a plan there is a plan here. Rule
    ``status.planned.time-clause``."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    # a finite base form ("before the talks begin") is the plural present the tagger may call VB
    present = (verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VB" and not auxiliaries)
               or any(a.tag_ in ("VBZ", "VBP") for a in auxiliaries))
    return verb.dep_ == "advcl" and present and any(
        c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKERS for c in verb.children)


def journey_purpose(tok: Token) -> Token | None:
    """The journey whose purpose the trigger tells: "arrived in Moscow to meet Putin", "is
    in Bali for a meeting with Xi", "a state visit to meet with Putin", "left for Vladivostok
    to take part in a forum and meet officials". Rule ``status.purpose``."""
    node = tok
    if node.dep_ == "dobj" and node.head.lemma_ in LIGHT_VERBS:
        node = node.head  # "to hold talks with Putin"
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head  # "to take part in the forum and meet officials", "for his first meeting"
    if node.pos_ == "VERB" and node.dep_ in ("advcl", "xcomp", "relcl", "acl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        head = node.head
    elif node.dep_ == "pobj" and node.head.lower_ in PURPOSE_PREPS:
        head = node.head.head
    else:
        return None
    if head.pos_ == "VERB" and head.lemma_ in JOURNEY_VERBS:
        return head
    if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in JOURNEY_NOUNS:
        return head
    if head.lemma_ == "be" and any(c.dep_ == "prep" and c.lower_ in ("in", "at")
                                   for c in head.children):
        return head  # "is in Bali for a meeting"
    return None


def under_way(journey: Token) -> bool:
    """The journey is told in the present ("is in Bali", "has arrived in Moscow", "is on a
    visit"): what it is for has not happened yet. Rule ``status.purpose``."""
    verb = journey
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in verb.children)


def dated_status(status: Status, date: TimeExpression | None, published: str | None) -> Status:
    """The date the text gives an event settles whether it is to come: after the day of
    publication it is planned, before it (at the date's own precision) it has happened.
    Rule ``status.by-date``."""
    precision = partial_date.precision_of(date.value if date else None)
    if date is None or date.value is None or precision is None or not published:
        return status
    day = partial_date.coarsen(published, precision)
    if date.value > day:
        return Status.PLANNED
    if date.value < day:
        return Status.OCCURRED
    return status


def called_off(tok: Token) -> bool:
    """The event was stopped, denied or never came about: cancelled ("the signing ceremony
    was scuttled", "called off the visit"), done without ("without reaching an agreement"),
    a plan told as not carried out ("had planned to sign", "was meant to travel") (rule
    ``status.called-off``); denied ("the Kremlin denied that Putin met Kim", rule
    ``status.denied``); none of it ("there was no meeting", rule ``status.none-of-it``)."""
    if any(dep == _DET and lower in _NEGATIVE_DETERMINER_IDS for dep, lower in child_words(tok)):
        return True
    chain = [tok, *list(islice(tok.ancestors, CALLED_OFF_DEPTH))]
    for depth, t in enumerate(chain):
        if depth == 0:
            continue
        if chain[depth - 1].dep_ in NOT_CONTENT:
            return False
        if t.dep_ == "prep" and t.lower_ in NEGATING_PREPS:
            return True
        if t.pos_ == "VERB" and (phrasal_lemma(t) in CANCEL_VERBS or t.lemma_ in DENIAL_VERBS):
            return True
        if t.pos_ == "VERB" and _unrealised_plan(t):
            return True
        if t.dep_ in ("ccomp", "advcl", "relcl"):
            break
    return False


def questioned(tok: Token) -> bool:
    """ "Will Kim visit Moscow?": a yes-no question asks whether the event happens; a
    wh-question ("Why did Kim visit Moscow?") presupposes it. Rule ``status.question``."""
    sent = sentence(tok)
    if not span_text(sent).rstrip().rstrip("\"'”’").endswith("?"):
        return False  # (most sentences: no need to look at their words)
    words = [t for t in sent if not t.is_punct]
    return bool(words) and words[0].tag_ not in WH_TAGS


def _unrealised_plan(verb: Token) -> bool:
    """ "had planned to", "had been expected to", "was meant to", "was supposed to"."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.lemma_ in COUNTERFACTUAL_HEADS and any(a.dep_ == "auxpass" for a in auxiliaries):
        return True
    return verb.lemma_ in UNREALISED_PLAN_HEADS and any(
        a.lemma_ == "have" and a.tag_ == "VBD" for a in auxiliaries)


def retrospective(tok: Token) -> bool:
    """ "his previous visit", "their last summit": an event the text sets in the past of
    the story it tells."""
    # only on nouns: "arrived earlier in the day" is the story's own day
    return tok.pos_ in ("NOUN", "PROPN") and any(
        lower in _RETROSPECTIVE_MOD_IDS and dep == _AMOD for dep, lower in child_words(tok))


def told_as_past(tok: Token) -> bool:
    """ "his previous visit", "representatives previously met": set in the story's past."""
    return retrospective(tok) or (tok.pos_ in ("VERB", "AUX") and any(
        dep == _ADVMOD and lower in _PAST_ADVERB_IDS for dep, lower in child_words(tok)))


def negated_clause(tok: Token) -> bool:
    """The clause that holds the token is negated ("has never visited Moscow", "talks have
    not been held in Pyongyang since ..."): what it places did not happen there."""
    # "If the two meet in Moscow next month, ...": a condition places nothing either
    for head in tok.ancestors:
        if any(dep == _NEG or (dep == _MARK and lower in _CONDITIONAL_MARKER_IDS)
               for dep, lower in child_words(head)):
            return True
        if head.pos_ in ("VERB", "AUX") or head.dep_ in ("advcl", "ccomp", "relcl"):
            return False
    return False


def not_given(tok: Token) -> bool:
    """ "asked Russia for technical assistance", "suspended military aid", "refused to sign":
    asked for, stopped, denied or alleged. Rule ``status.not-given``."""
    return any(anc.lemma_ in AID_NOT_GIVEN_HEADS
               for anc in [tok, *islice(tok.ancestors, AID_NOT_GIVEN_DEPTH)] if anc.pos_ == "VERB")


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
