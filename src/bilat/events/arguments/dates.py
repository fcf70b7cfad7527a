"""Dates: when an event happened, from the clause of its trigger.

The sentence stage dates a trigger from its sentence's time expressions
(:func:`expressions`, resolved once per sentence; a plan's sentence keeps no date of a
past clause, :func:`sentence_expressions`): the clause's own date first
(:func:`closest_date`), never the date of another event's clause (:func:`own_expressions`),
of a clause "since" introduces (:func:`bounding_clauses`), of a report ("the ministry
announced on Tuesday"), of the dateline, of a quotation, of an anniversary, of a count
frame ("the first visit in 24 years") or a bound ("the first visit since 2000"). A plan
takes only a date of its own clause or of the verb that schedules it, or whose purpose it
is (:func:`schedule_scope`); a visit is not dated by its end (:func:`dates_the_end`).

The dates an event takes from another one (N days after it, the anniversary of it, the
narrative before it) are in :mod:`bilat.events.arguments.date_relations`.

Rules (ids used by tests/events/cases): ``dates.clause.closest``,
``dates.clause.not-the-report``, ``dates.clause.not-an-anniversary``,
``dates.clause.other-event``, ``dates.since.bound``, ``dates.since.when-clause``,
``dates.since.bounding-clause``, ``dates.clause.not-the-dateline``,
``dates.clause.not-a-quoted-date``, ``dates.clause.not-a-count-frame``,
``dates.visit.not-its-end``, ``dates.plan.not-a-past-clause``, ``dates.clause.not-a-bound``,
``dates.schedule``,
``dates.purpose``, ``dates.plan.own-clause``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import islice

from spacy.attrs import DEP, LOWER, POS
from spacy.tokens import Doc, Span, Token

from bilat import partial_date
from bilat.annotations import time as timex
from bilat.annotations.nlp import (
    Paragraph,
    attribute_ids,
    kept_on,
    span_text,
    tokens_where,
    word_ids,
)
from bilat.events.scope import other_event_clauses_of
from bilat.events.syntax import in_quotes, sentence, subtree_ids
from bilat.events.triggers import classify, noun_may_trigger
from bilat.lang import lexicon
from bilat.model import Precision, TimeExpression

_LEX = lexicon()
FUTURE_MARKERS = _LEX.words("FUTURE_MARKERS")
PLAN_HEADS = _LEX.words("PLAN_HEADS")
BOUND_MARKS = _LEX.words("BOUND_MARKS")
END_VERBS = _LEX.words("END_VERBS")
DURATIVE_VERBS = _LEX.words("DURATIVE_VERBS")
EPISTEMIC_VERBS = _LEX.words("EPISTEMIC_VERBS")
REPORTING_VERBS = _LEX.words("REPORTING_VERBS")
_NOMINAL = word_ids(["NOUN", "PROPN"])
_CLAUSE_DEPS = word_ids(["acl", "relcl"])
_BOUND_MARK_IDS = word_ids(BOUND_MARKS)
SCHEDULE_HEADS = _LEX.words("SCHEDULE_HEADS")
TIME_RELATION_PREPS = _LEX.words("TIME_RELATION_PREPS")
ORDINAL_WORDS = frozenset(_LEX.mapping("ORDINAL_UNITS"))
# "as soon as this month": a bound phrase just before a date, at the end of what precedes it
_DATE_BOUND = re.compile(r"\b(?:" + "|".join(
    re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_LEX.words("DATE_BOUND_PHRASES"),
                                                          key=len, reverse=True)) + r")\s*$",
    re.IGNORECASE)

# A dateline opens a story with where and when it was filed: "SEOUL, Dec. 20 (Yonhap) --",
# "MOSCOW, June 21. /TASS/.", "VLADIVOSTOK (Sputnik - 02nd September, 2019)". A place in
# capitals, a date, then the agency or a dash: a layout the AP Stylebook sets out, not words.
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
_DAY_MONTH = (r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?)"
              r"(?:,?\s+\d{4})?")
_DATELINE = re.compile(
    r"^\s*" + _PLACE + r"(?:,\s*" + _PLACE + r")?(?:,\s+(?P<date>" + _DAY_MONTH + r")\.?\s*"
    r"(?:\([^()]{1,40}\)|/[^/]{1,20}/\.?\s*|--|—|–|-\s)|\s*\((?P<filed>[^()]{3,60})\))"
)


def expressions(text: str, published: str | None, *, tense: str = "past",
                reference: str | None = None, offset: int = 0) -> tuple[TimeExpression, ...]:
    """Time expressions of a sentence, resolved once for all the triggers it holds."""
    # one cache key however the caller spells the arguments (lru_cache keys on how they
    # were passed: a call that leaves ``tense`` at its default misses one that names it);
    # a reference day that is the publication date is no reference (what counts from the
    # reference counts from publication without one), so the report's reading of a
    # sentence and its triggers' share one
    if reference == published:
        reference = None
    return _expressions(text, published, tense, reference, offset)


@lru_cache(maxsize=1024)
def _expressions(text: str, published: str | None, tense: str, reference: str | None,
                 offset: int) -> tuple[TimeExpression, ...]:
    return tuple(timex.find_time_expressions(text, published, tense=tense, reference=reference,
                                             offset=offset))


def sentence_expressions(sent: Span, published: str | None, reference: str | None,
                         offset: int, tense: str,
                         trigger: Token | None = None) -> tuple[TimeExpression, ...]:
    """The sentence's time expressions, resolved in ``tense`` (that of the status of the
    event whose sentence it is). A plan is never dated by a clause told in the past: "will
    make a visit like President Yoon did in Japan from March 16-17", "his trip is aimed at
    winning support against the nuclear test staged Sunday" name what has happened, so a
    plan's sentence keeps none of their dates. Rule ``dates.plan.not-a-past-clause``. The
    trigger's own clause keeps its date ("the next summit took place in April 2019"): what
    it tells in the past is the event itself, which that date then shows has happened."""
    exprs = expressions(span_text(sent), published, tense=tense, reference=reference,
                        offset=offset)
    if tense != "future":
        return exprs
    own = _clause_verb(trigger) if trigger is not None else None
    kept = []
    for e in exprs:
        start = e.start - offset
        span = sent.char_span(start, start + len(e.text), alignment_mode="expand")
        if (span is None or clause_tense(span.root) != "past"
                or (own is not None and _clause_verb(span.root) == own)):
            kept.append(e)
    return tuple(kept)


def _clause_verb(tok: Token) -> Token | None:
    """The verb of the clause that holds ``tok`` (itself, if a verb)."""
    return next((t for t in [tok, *tok.ancestors] if t.pos_ in ("VERB", "AUX")), None)


def clause_tense(tok: Token) -> str | None:
    """ "past" or "future" when the clause that holds ``tok`` says so by its verb: a future
    auxiliary ("will visit"), a plan that governs it ("plans to visit", "is to visit"), a
    schedule ("set for Saturday"), a past form ("did", "met", "was held", "has met"); a participle
    without auxiliary takes
    the tense of the clause it hangs on ("has sought ..., meeting Putin in April"). None
    for the present and for a noun phrase with no verb."""
    verb = next((t for t in [tok, *tok.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    while verb is not None:
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if (any(a.lower_ in FUTURE_MARKERS for a in auxes) or _governed_plan(verb)
                or verb.lemma_ in SCHEDULE_HEADS):
            return "future"  # "will visit", "plans to visit", "a match set for Saturday"
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes):
            return "past"
        if auxes or verb.tag_ not in ("VBG", "VBN") or verb.head.i == verb.i:
            return None
        verb = verb.head if verb.head.pos_ in ("VERB", "AUX") else None
    return None


def _governed_plan(verb: Token) -> bool:
    """ "plans to visit", "is set to meet", "is to visit": the verb is the plan's complement."""
    return verb.dep_ == "xcomp" and (verb.head.lemma_ in PLAN_HEADS or verb.head.lemma_ == "be")


def own_expressions(exprs: Sequence[TimeExpression], tok: Token, scope: set[int],
                    para: Paragraph, offset: int) -> tuple[TimeExpression, ...]:
    """Drop the dates of clauses that describe another thing named in the trigger's
    sentence: the clause of another event ("accepted an invitation to visit Pyongyang, a
    trip last made in July 2000": July 2000 is the earlier trip's), a clause describing
    anything else ("to attend a forum to be held Sept. 18-20"), and the date phrase of
    another event named further down ("discussed the agreements of the summit in
    September").
    Rule ``dates.clause.other-event``."""
    if not exprs:
        return ()  # most sentences name no date: nothing to drop, no clause to read
    foreign: set[int] = set()
    doc, sent = tok.doc, sentence(tok)
    clause_heads, pos = _clause_heads(doc), attribute_ids(doc, POS)
    for i in range(sent.start, sent.end):
        # a noun that is no event word and describes nothing adds nothing below
        if pos[i] not in _NOMINAL or (i not in clause_heads and not noun_may_trigger(doc, i)):
            continue
        t = doc[i]
        # (``is_ancestor`` walks up from ``tok``; ``tok in t.subtree`` built every token below)
        if t.i == tok.i or t.is_ancestor(tok):
            continue
        # the trigger's own object may carry its date ("signed the law ratifying the treaty
        # on November 9" is parsed with the date in the object's clause)
        event_word = classify(t) is not None
        describes_other = event_word or t.head.i != tok.i
        for ch in t.children:
            if (ch.dep_ in ("acl", "relcl") and ch.i != tok.i and not ch.is_ancestor(tok)
                    and describes_other):
                foreign |= subtree_ids(ch)
        if event_word and not _restates(t, tok):
            # ("the first trip since July 2000, when he visited": a bound, handled apart)
            foreign |= {x.i for ch in t.children if ch.dep_ == "prep"
                        and ch.lower_ not in TIME_RELATION_PREPS for x in ch.subtree}
    foreign |= other_event_clauses_of(tok)
    foreign |= bounding_clauses(sent, tok)
    return dates_outside(exprs, foreign, para, offset)


_CLAUSE_HEADS = "bilat.clause_heads"  # Doc.user_data key: the heads of acl and relcl clauses


def _clause_heads(doc: Doc) -> set[int]:
    """The tokens a clause describes ("a trip [last made in July 2000]")."""
    return kept_on(doc, _CLAUSE_HEADS, lambda d: {
        t.head.i for t in tokens_where(d, DEP, _CLAUSE_DEPS) if t.head.i != t.i})


def bounding_clauses(sent: Span, tok: Token | None = None) -> set[int]:
    """ "the highest-level visit since Biden took office in 2021", "his first trip since
    Russia invaded in February": a clause that "since" or "until" introduces tells the
    event that bounds another's time, and its date is that event's. The trigger's own
    clause keeps it, and so does a stay measured from it ("has stayed in Moscow since he
    arrived on Tuesday"). Rule ``dates.since.bounding-clause``."""
    out: set[int] = set()
    for mark in tokens_where(sent, LOWER, _BOUND_MARK_IDS):
        if mark.dep_ != "mark":
            continue
        clause = mark.head
        if tok is not None and tok.i in subtree_ids(clause):  # (clause is in tok's sentence)
            continue
        if _a_stay(clause.head):
            continue
        out |= subtree_ids(clause)
    return out


def dates_outside(exprs: Sequence[TimeExpression], tokens: set[int], para: Paragraph,
                   offset: int) -> tuple[TimeExpression, ...]:
    """The expressions not wholly inside ``tokens`` (a clause that dates another event)."""
    if not tokens:
        return tuple(exprs)
    kept = []
    for e in exprs:
        span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
        if span is None or not all(x.i in tokens for x in span):
            kept.append(e)
    return tuple(kept)


def _restates(noun: Token, tok: Token) -> bool:
    """ "arrived for a visit on Tuesday", "held talks on Tuesday": an event noun that is the
    trigger's own object or purpose tells the same event, so its date is the trigger's."""
    return tok in list(islice(noun.ancestors, 2)) and classify(noun) == classify(tok)


def closest_date(
    exprs: Sequence[TimeExpression], tok: Token, offset: int, scope: set[int], para: Paragraph,
    *, scoped_only: bool = False,
) -> TimeExpression | None:
    """The date the text attaches to the event: in its clause first; a plan takes only a
    date of its own clause ("accepted on Thursday an invitation to visit" is undated).
    Rules ``dates.clause.closest``, ``dates.plan.own-clause``,
    ``dates.clause.not-the-report``, ``dates.clause.not-an-anniversary``."""
    if not exprs:
        return None
    trig_pos = offset + tok.idx
    spans: dict[tuple[int, int], Span | None] = {}  # each expression's tokens, asked 4 times

    def span_of(e: TimeExpression) -> Span | None:
        key = (e.start, e.end)
        if key not in spans:
            spans[key] = para.doc.char_span(e.start - offset, e.end - offset,
                                            alignment_mode="expand")
        return spans[key]

    def in_scope(e: TimeExpression) -> bool:
        span = span_of(e)
        return span is not None and any(i in scope for i in range(span.start, span.end))

    def report(e: TimeExpression) -> Token | None:
        # "..., the ministry announced on Tuesday": the day of the report, not the event
        span = span_of(e)
        if span is None:
            return None
        node = span.root
        while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        return node if node.lemma_ in REPORTING_VERBS or node.lemma_ in EPISTEMIC_VERBS else None

    def reported(e: TimeExpression) -> bool:
        return report(e) is not None

    def told_beside(e: TimeExpression) -> bool:
        # "Kim visited China and met Xi, state media said on Tuesday": the parser makes
        # the report a verb coordinated with the event, inside its clause
        verb = report(e)
        return verb is not None and verb.dep_ in ("conj", "parataxis") and verb.head == tok

    exprs = [e for e in exprs if not in_dateline(e, sentence(tok), offset)
             and not _quoted_apart(e, tok, para, offset) and not count_frame(e, para, offset)
             and not date_bound(e, para, offset)]
    # "the 75th anniversary of ..." dates what is commemorated, not the event told;
    # "the first visit since 2000" is bounded by 2000, which dates an earlier event
    exprs = [e for e in exprs if "anniversary" not in e.text.lower()
             and not _since_bound(span_of(e), tok)]
    # "North Korea acknowledged in April that it has sent troops", "the ministry announced
    # Tuesday that Lavrov met Choe": the report's date says when it was told, not when it
    # happened (the lead of a story is dated by its report later, as the day's news)
    usable = [e for e in exprs if (in_scope(e) and not told_beside(e))
              or (not scoped_only and not reported(e))]
    if not usable:
        return None
    ranked = sorted(usable, key=lambda e: (not in_scope(e), abs(e.start - trig_pos)))
    return ranked[0]


def date_bound(e: TimeExpression, para: Paragraph, offset: int) -> bool:
    """ "a historic meeting that could take place as soon as this month", "no later than
    June": the earliest or latest day the event may come, not its date. Rule
    ``dates.clause.not-a-bound``."""
    start = e.start - offset
    return bool(_DATE_BOUND.search(para.text[max(0, start - 40) : start]))


def dates_the_end(e: TimeExpression, tok: Token, para: Paragraph, offset: int) -> bool:
    """ "his visit, scheduled to end Thursday", "concluded his visit on Friday": the date of
    a verb that ends a stay is its last day; a visit takes its first.
    Rule ``dates.visit.not-its-end``."""
    span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
    if span is None:
        return False
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb != tok and verb.lemma_ in END_VERBS


def ended_by_its_verb(tok: Token) -> bool:
    """ "Blinken has wrapped up a two-day trip to China", "his visit ended": the clause tells
    the end of a stay, so the day it is told is its last, not the first day the visit takes.
    Rule ``dates.visit.not-its-end``."""
    return tok.dep_ in ("dobj", "nsubj", "nsubjpass") and tok.head.lemma_ in END_VERBS


def in_dateline(e: TimeExpression, sent: Span, offset: int) -> bool:
    """ "SEOUL, Dec. 20 (Yonhap) -- Moon will hold talks with Abe in China on Tuesday": the
    dateline's date says when the story was filed, not when what it tells happens.
    Rule ``dates.clause.not-the-dateline``."""
    m = _DATELINE.match(span_text(sent))
    if m is None:
        return False
    start = e.start - offset - sent.start_char
    end = e.end - offset - sent.start_char
    if m.group("filed") is not None:
        return m.start("filed") <= start and end <= m.end("filed")
    return m.group("date") is not None and m.start("date") <= start and end <= m.end("date")


def _quoted_apart(e: TimeExpression, tok: Token, para: Paragraph, offset: int) -> bool:
    """ "“In October, we look forward to talks in Beijing,” Patrushev said at a meeting in
    Moscow": a date inside a quotation belongs to what the speaker tells, not to an event
    the narrator tells outside it. Rule ``dates.clause.not-a-quoted-date``."""
    span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
    sent = sentence(tok)
    return span is not None and in_quotes(sent, span[0]) and not in_quotes(sent, tok)


def count_frame(e: TimeExpression, para: Paragraph, offset: int) -> bool:
    """ "met for the first time in a year", "their third summit this year", "his first visit
    in 24 years": after an ordinal, a period up to now is the span over which events are
    counted (its start dates the one before), not the date of the one counted.
    Rule ``dates.clause.not-a-count-frame``."""
    if not timex.is_period_to_date(e.text):
        return False
    span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
    if span is None:
        return False
    for t in reversed(para.doc[span.sent.start : span.start]):
        if t.lower_ in ORDINAL_WORDS:
            return True
        # "the first known trip", "the first leader to visit Korea in five years": a
        # participle or the counted event's infinitive stays inside the count
        if (t.is_punct and t.text != "-") or (t.pos_ in ("VERB", "AUX") and t.dep_ != "amod"
                                               and t.tag_ != "VB"):
            return False
    return False


def _since_bound(span: Span | None, tok: Token) -> bool:
    """ "for the first time since 2000", "the first summit since 2011", "not held since
    December 2017", "the first since Abe in February 2018": a date after "since" bounds the
    interval before the event (it is the
    date of an earlier one), unless "since" gives the start of a stay. The earlier event
    itself keeps it ("since 2011, when Kim Jong Il held talks with Medvedev").
    Rule ``dates.since.bound``."""
    if span is None:
        return False
    since = next((t.head for t in span if t.head.lower_ == "since" and t.head not in span), None)
    if since is None:
        since = span[0] if span[0].lower_ == "since" else None
    if since is None:
        # "the first leader to visit since Shinzo Abe in February 2018": the date of the
        # one named after "since"
        since = next((a for a in span.root.ancestors if a.lower_ == "since" and a.dep_ == "prep"
                      and a.i < span.start), None)
    if since is None or tok in since.subtree or _in_when_clause_after(span, tok):
        return False
    return not _a_stay(since.head)


def _a_stay(verb: Token) -> bool:
    """ "has stayed in Moscow", "has been in Russia": a state measured from its start; "is
    the first trip" names what the subject is, no stay."""
    return (verb.pos_ in ("VERB", "AUX") and verb.lemma_ in DURATIVE_VERBS
            and not any(c.dep_ in ("attr", "acomp") for c in verb.children))


def _in_when_clause_after(span: Span, tok: Token) -> bool:
    """ "since July 2000, when he became the first leader to visit": the trigger sits in the
    "when" clause that follows the date (the parser often hangs it on the main verb).
    Rule ``dates.since.when-clause``."""
    for node in [tok, *tok.ancestors]:
        when = next((c for c in node.children if c.dep_ == "advmod" and c.lower_ == "when"), None)
        if when is not None:
            between = tok.doc[span.end:when.i]
            return all(t.is_punct for t in between)
    return False


def schedule_scope(tok: Token) -> set[int]:
    """ "Later on Monday, it is set to meet X": the date of the verb that schedules the event;
    "On Friday, Moon will sit down for summit talks with Putin", "departed Thursday for a
    state visit": the date of the verb the event is the purpose of.
    Rules ``dates.schedule``, ``dates.purpose``."""
    head = tok.head
    if tok.dep_ == "xcomp" and head.lemma_ in SCHEDULE_HEADS:
        return _date_phrases(head)
    if (tok.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "VERB"
            and tok.pos_ in ("NOUN", "PROPN")):
        return _date_phrases(head.head) - subtree_ids(head)
    return set()


def _date_phrases(verb: Token) -> set[int]:
    """The tokens of the phrases that can date ``verb`` (its prepositions and adverbs)."""
    return {t.i for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod")
            for t in c.subtree}


def to_month(date: TimeExpression) -> TimeExpression:
    """ "signed following the talks", "after the negotiations": days later, perhaps, so only
    the month of the earlier event is known."""
    if not date.value or partial_date.rank(date.value) <= 2:
        return date
    return replace(date, value=partial_date.coarsen(date.value, Precision.MONTH),
                   precision=Precision.MONTH)


