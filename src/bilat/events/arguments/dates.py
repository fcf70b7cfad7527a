"""Dates: when an event happened, from its own clause or from the sentences told around it.

The sentence stage dates a trigger from its sentence's time expressions
(:func:`expressions`, resolved once per sentence): the clause's own date first
(:func:`closest_date`), never the date of another event's clause (:func:`own_expressions`),
of a report ("the ministry announced on Tuesday"), of an anniversary, or a bound ("the
first visit since 2000"). A plan takes only a date of its own clause or of the verb that
schedules it (:func:`schedule_scope`).

The ``narrative_dates`` pass dates what is still undated from the sentences before it;
:func:`past_dates`, :func:`unclaimed_dates` and :func:`measured_since` say which of their
dates it can take.

Rules (ids used by tests/events/cases): ``dates.clause.closest``,
``dates.clause.not-the-report``, ``dates.clause.not-an-anniversary``,
``dates.clause.other-event``, ``dates.since.bound``, ``dates.since.when-clause``,
``dates.since.bounding-clause``, ``dates.clause.not-the-dateline``,
``dates.clause.not-a-quoted-date``, ``dates.clause.not-a-count-frame``,
``dates.visit.not-its-end``,
``dates.plan.not-a-past-clause``, ``dates.clause.across-a-gap``, ``dates.commemorated``,
``dates.schedule``, ``dates.purpose``, ``dates.plan.own-clause``, ``dates.narrative.measured-since``,
``dates.narrative.another-episodes-date``, ``dates.narrative.other-events-phrase``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Span, Token

from bilat import partial_date
from bilat.annotations import time as timex
from bilat.annotations.nlp import Paragraph
from bilat.events.arguments.status import negated_clause
from bilat.events.candidate import Candidate, Story, Told, other_people
from bilat.events.scope import event_scope, other_event_clauses_of, trigger_scope
from bilat.events.syntax import clause_path, in_quotes, time_relation
from bilat.events.triggers import classify
from bilat.lang import lexicon
from bilat.model import EventType, Precision, TimeExpression

_LEX = lexicon()
FUTURE_MARKERS = _LEX.words("FUTURE_MARKERS")
PLAN_HEADS = _LEX.words("PLAN_HEADS")
BOUND_MARKS = _LEX.words("BOUND_MARKS")
END_VERBS = _LEX.words("END_VERBS")
NARRATIVE_LOOKBACK = _LEX.number("NARRATIVE_LOOKBACK")
DURATIVE_VERBS = _LEX.words("DURATIVE_VERBS")
EPISTEMIC_VERBS = _LEX.words("EPISTEMIC_VERBS")
REPORTING_VERBS = _LEX.words("REPORTING_VERBS")
SCHEDULE_HEADS = _LEX.words("SCHEDULE_HEADS")
TIME_RELATION_PREPS = _LEX.words("TIME_RELATION_PREPS")
TIME_RELATION_HEADS = _LEX.words("TIME_RELATION_HEADS")
# "two days after X": X is two days earlier than the day told; "three days before X": later
GAP_RELATIONS = {word: int(n) for word, n in _LEX.mapping("GAP_RELATIONS").items()}
GAP_SHIFTS = {True: "earlier", False: "later"}
ORDINALS = {word: int(n) for word, n in _LEX.mapping("ORDINAL_UNITS").items()}
ORDINAL_WORDS = frozenset(ORDINALS)

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


@lru_cache(maxsize=1024)
def expressions(text: str, published: str | None, *, tense: str = "past",
                 reference: str | None = None, offset: int = 0) -> tuple[TimeExpression, ...]:
    """Time expressions of a sentence, resolved once for all the triggers it holds."""
    return tuple(timex.find_time_expressions(text, published, tense=tense, reference=reference,
                                             offset=offset))


def sentence_expressions(sent: Span, published: str | None, reference: str | None,
                         offset: int, tense: str) -> tuple[TimeExpression, ...]:
    """The sentence's time expressions, resolved in ``tense`` (that of the status of the
    event whose sentence it is). A plan is never dated by a clause told in the past: "will
    make a visit like President Yoon did in Japan from March 16-17", "his trip is aimed at
    winning support against the nuclear test staged Sunday" name what has happened, so a
    plan's sentence keeps none of their dates. Rule ``dates.plan.not-a-past-clause``."""
    exprs = expressions(sent.text, published, tense=tense, reference=reference, offset=offset)
    if tense != "future":
        return exprs
    kept = []
    for e in exprs:
        start = e.start - offset
        span = sent.char_span(start, start + len(e.text), alignment_mode="expand")
        if span is None or clause_tense(span.root) != "past":
            kept.append(e)
    return tuple(kept)


def across_a_gap(story: Story, told: Told, tok: Token) -> TimeExpression | None:
    """ "The factory tour came two days after Kim's summit with Putin", "The deployment
    comes four months after Kim and Putin signed a treaty": an event told in the phrase
    after "N units after" happened N units before the day the sentence tells of (N units
    after it for "before"): the day its own clause names, else the last day told in the
    sentences just before, else the day of the report. Rule ``dates.clause.across-a-gap``."""
    sent, published = told.sent, story.published
    offset = told.para.start + sent.start_char
    exprs = expressions(sent.text, published, reference=told.reference, offset=offset)
    for e in exprs:
        words = e.text.lower().split()
        relation = next((r for r in GAP_RELATIONS if words[-len(r.split()):] == r.split()), None)
        if e.value is not None or relation is None:
            continue
        span = sent.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
        if span is None or tok not in _related(span[-1]):
            continue
        related = {t.i for t in _related(span[-1])}
        own = [x for x in exprs if x.precision == Precision.DAY and x.value
               and dates_outside((x,), related, told.para, told.para.start)]
        day = (own[-1].value if own else None) or _day_told_before(story, told)
        before = GAP_RELATIONS[relation] < 0
        shifted = " ".join(e.text.split()[: -len(relation.split())] + [GAP_SHIFTS[before]])
        value, precision = timex.resolve_expression(
            shifted, published, tense="past" if before else "future",
            reference=day or told.reference)
        if value is not None and day is None and precision == Precision.DAY:
            # counted from the report's day, not a day the text names: the day is a guess
            value, precision = partial_date.coarsen(value, Precision.MONTH), Precision.MONTH
        if value is not None:
            return TimeExpression(e.start, e.end, e.text, value, precision)
    return None


def _day_told_before(story: Story, told: Told) -> str | None:
    """The last day named in the sentences just before ``told`` (not captions)."""
    here = next(i for i, t in enumerate(story.told) if t.index == told.index)
    for t in reversed(story.told[max(0, here - NARRATIVE_LOOKBACK) : here]):
        days = [e for e in past_dates(t, story.published) if e.precision == Precision.DAY]
        if days and not t.caption:
            return days[-1].value
    return None


def commemorated_date(story: Story, told: Told, tok: Token) -> TimeExpression | None:
    """ "it would coincide next month with the one-year anniversary of Putin's visit to
    Pyongyang": the event an anniversary commemorates happened that many years before the
    anniversary falls (the date the sentence gives it, in the tense of its clause, else
    the report's year). Rule ``dates.commemorated``."""
    sent, published = told.sent, story.published
    year = partial_date.year_of(published) if published else None
    offset = told.para.start + sent.start_char
    by_tense = {tense: expressions(sent.text, published, tense=tense, reference=told.reference,
                                   offset=offset) for tense in ("past", "future")}
    for e in by_tense["past"]:
        span = sent.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
        if (year is None or e.value is None or "anniversary" not in e.text.lower()
                or span is None or not _commemorates(span.root, tok)):
            continue
        years = year - int(e.value[:4])
        marked = _marking_date(sent, by_tense, offset, e)
        value = f"{int(marked[:4]) - years:04d}{marked[4:]}" if marked else e.value
        return TimeExpression(e.start, e.end, e.text, value, partial_date.precision_of(value))
    return None


def _commemorates(anniversary: Token, tok: Token) -> bool:
    """The trigger is in the "of" phrase of the anniversary ("the anniversary of his visit")."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and tok in c.subtree
               for c in anniversary.children)


def _marking_date(sent: Span, by_tense: dict[str, tuple[TimeExpression, ...]], offset: int,
                  anniversary: TimeExpression) -> str | None:
    """The date the sentence gives the anniversary: its nearest other date, resolved in the
    tense of that date's own clause ("next month" in "it would coincide"); a clause in the
    present reads it either way ("if they meet next month")."""
    for e in sorted(by_tense["past"], key=lambda x: abs(x.start - anniversary.start)):
        if e is anniversary or "anniversary" in e.text.lower():
            continue
        span = sent.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
        tense = clause_tense(span.root) if span is not None else None
        for reading in (tense,) if tense else ("past", "future"):
            twin = next((x for x in by_tense[reading] if (x.start, x.end) == (e.start, e.end)), e)
            if twin.value:
                return twin.value
    return None


def _related(relation: Token) -> list[Token]:
    """The tokens of what "after" or "ahead of" relates to: its object ("after Kim's
    summit"), or the clause it introduces ("after Kim and Putin signed a treaty")."""
    if relation.dep_ == "mark":
        return list(relation.head.subtree)
    if relation.dep_ == "prep" and relation.head.lower_ in TIME_RELATION_HEADS:
        return list(relation.head.subtree)  # "ahead of X": "of" hangs on "ahead"
    return list(relation.subtree)


def clause_tense(tok: Token) -> str | None:
    """ "past" or "future" when the clause that holds ``tok`` says so by its verb: a future
    auxiliary ("will visit"), a plan that governs it ("plans to visit", "is to visit"), a
    schedule ("set for Saturday"), a past form ("did", "met", "was held", "has met"); a participle without auxiliary takes
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
    foreign: set[int] = set()
    for t in tok.sent:
        if t.i == tok.i or t.pos_ not in ("NOUN", "PROPN") or tok in t.subtree:
            continue
        # the trigger's own object may carry its date ("signed the law ratifying the treaty
        # on November 9" is parsed with the date in the object's clause)
        event_word = classify(t) is not None
        describes_other = event_word or t.head.i != tok.i
        for ch in t.children:
            if ch.dep_ in ("acl", "relcl") and tok not in ch.subtree and describes_other:
                foreign |= {x.i for x in ch.subtree}
        if event_word and not _restates(t, tok):
            # ("the first trip since July 2000, when he visited": a bound, handled apart)
            foreign |= {x.i for ch in t.children if ch.dep_ == "prep"
                        and ch.lower_ not in TIME_RELATION_PREPS for x in ch.subtree}
    foreign |= other_event_clauses_of(tok)
    foreign |= bounding_clauses(tok.sent, tok)
    return dates_outside(exprs, foreign, para, offset)


def bounding_clauses(sent: Span, tok: Token | None = None) -> set[int]:
    """ "the highest-level visit since Biden took office in 2021", "his first trip since
    Russia invaded in February": a clause that "since" or "until" introduces tells the
    event that bounds another's time, and its date is that event's. The trigger's own
    clause keeps it, and so does a stay measured from it ("has stayed in Moscow since he
    arrived on Tuesday"). Rule ``dates.since.bounding-clause``."""
    out: set[int] = set()
    for mark in sent:
        if mark.dep_ != "mark" or mark.lower_ not in BOUND_MARKS:
            continue
        clause = mark.head
        if tok is not None and tok in clause.subtree:
            continue
        if _a_stay(clause.head):
            continue
        out |= {t.i for t in clause.subtree}
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
    return tok in list(noun.ancestors)[:2] and classify(noun) == classify(tok)


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

    def in_scope(e: TimeExpression) -> bool:
        span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
        return span is not None and any(t.i in scope for t in span)

    def report(e: TimeExpression) -> Token | None:
        # "..., the ministry announced on Tuesday": the day of the report, not the event
        span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
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

    exprs = [e for e in exprs if not in_dateline(e, tok.sent, offset)
             and not _quoted_apart(e, tok, para, offset) and not _count_frame(e, para, offset)]
    # "the 75th anniversary of ..." dates what is commemorated, not the event told;
    # "the first visit since 2000" is bounded by 2000, which dates an earlier event
    exprs = [e for e in exprs if "anniversary" not in e.text.lower()
             and not _since_bound(para.doc.char_span(e.start - offset, e.end - offset,
                                                     alignment_mode="expand"), tok)]
    # "North Korea acknowledged in April that it has sent troops", "the ministry announced
    # Tuesday that Lavrov met Choe": the report's date says when it was told, not when it
    # happened (the lead of a story is dated by its report later, as the day's news)
    usable = [e for e in exprs if (in_scope(e) and not told_beside(e))
              or (not scoped_only and not reported(e))]
    if not usable:
        return None
    ranked = sorted(usable, key=lambda e: (not in_scope(e), abs(e.start - trig_pos)))
    return ranked[0]


def dates_the_end(e: TimeExpression, tok: Token, para: Paragraph, offset: int) -> bool:
    """ "his visit, scheduled to end Thursday", "concluded his visit on Friday": the date of
    a verb that ends a stay is its last day; a visit takes its first.
    Rule ``dates.visit.not-its-end``."""
    span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
    if span is None:
        return False
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb != tok and verb.lemma_ in END_VERBS


def in_dateline(e: TimeExpression, sent: Span, offset: int) -> bool:
    """ "SEOUL, Dec. 20 (Yonhap) -- Moon will hold talks with Abe in China on Tuesday": the
    dateline's date says when the story was filed, not when what it tells happens.
    Rule ``dates.clause.not-the-dateline``."""
    m = _DATELINE.match(sent.text)
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
    return span is not None and in_quotes(tok.sent, span[0]) and not in_quotes(tok.sent, tok)


def _count_frame(e: TimeExpression, para: Paragraph, offset: int) -> bool:
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
    December 2017", "the first since Abe in February 2018": a date after "since" bounds the interval before the event (it is the
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
        return _date_phrases(head.head) - {t.i for t in head.subtree}
    return set()


def _date_phrases(verb: Token) -> set[int]:
    """The tokens of the phrases that can date ``verb`` (its prepositions and adverbs)."""
    return {t.i for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod")
            for t in c.subtree}


def past_dates(t: Told, published: str | None) -> list[TimeExpression]:
    """The resolved dates of a sentence that a past event can take (no anniversaries, no
    count frames, none after the report, none of another event's clause or phrase)."""
    exprs = expressions(t.sent.text, published, tense="past", reference=t.reference,
                         offset=t.para.start + t.sent.start_char)
    return [
        e for e in exprs
        if e.value and "anniversary" not in e.text.lower()
        and (published is None or e.value <= published[: len(e.value)])
        and not _bounds_a_denial(t, e) and not _count_frame(e, t.para, t.para.start)
        and not _in_tokens(t, e, bounding_clauses(t.sent) | other_event_phrases(t.sent))
    ]


def _bounds_a_denial(t: Told, e: TimeExpression) -> bool:
    """ "Talks have not been held there since December 2017": a date that bounds what has
    not happened dates an earlier episode, not what the next sentences tell.
    Rule ``dates.narrative.another-episodes-date``."""
    start = e.start - t.para.start
    span = t.para.doc.char_span(start, start + len(e.text), alignment_mode="expand")
    if span is None:
        return False
    return negated_clause(span.root) or span.root.head.lower_ == "since"


def other_event_phrases(sent: Span) -> set[int]:
    """ "Kim travelled to China today, following the summit in Beijing at the end of March":
    the tokens of a time phrase that names another event ("following the summit", "ahead
    of the talks", "since the meeting in March"); its date is that event's, and the
    sentences after it are not told at that time. Rule ``dates.narrative.other-events-phrase``."""
    out: set[int] = set()
    for prep in sent:
        head = time_relation(prep)
        if head is not None and any(t.pos_ in ("NOUN", "PROPN") and classify(t) is not None
                                    for t in prep.subtree):
            out |= {t.i for t in head.subtree}
    return out


def _in_tokens(t: Told, e: TimeExpression, tokens: set[int]) -> bool:
    """The expression lies wholly inside ``tokens`` of the sentence ``t``."""
    return not dates_outside((e,), tokens, t.para, t.para.start)


def unclaimed_dates(found: list[TimeExpression], t: Told, c: Candidate,
                     cands: list[Candidate]) -> list[TimeExpression] | None:
    """The dates of an earlier sentence that are free to date ``c``: a date that sentence
    gives to an event of its own with other participants is that event's ("... since
    December 2017, when Kalganov led a delegation. After his meeting with Kim, Putin said"
    does not date Putin's meeting). None when every date is claimed so.
    Rule ``dates.narrative.another-episodes-date``."""
    claimed = {o.date.start for o in cands
               if o.sentence.index == t.index and o is not c and o.date is not None
               and not o.date_from_context and other_people(c, o)
               and _in_own_clause(o, o.date, t.para.start)}
    free = [e for e in found if e.start not in claimed]
    return None if found and not free else free


def _in_own_clause(c: Candidate, e: TimeExpression, para_start: int) -> bool:
    """The expression is in the clause of the event's trigger (not merely in its sentence)."""
    span = c.trigger.doc.char_span(e.start - para_start, e.end - para_start,
                                   alignment_mode="expand")
    scope = event_scope(c.trigger)
    return span is not None and any(tok.i in scope for tok in span)


def ordinal(tok: Token) -> int | None:
    """ "their first meeting", "Kim's second visit": the number of the instance the event
    noun is in its series."""
    return next((ORDINALS[c.lower_] for c in tok.children
                 if c.dep_ == "amod" and c.lower_ in ORDINALS), None)


def earlier_instances(cands: Sequence[Candidate]) -> list[Candidate]:
    """ "Kim's second meeting with Xi comes weeks after their first meeting in March": an
    event counted lower in its series than another of its type the story counts is an
    earlier one, a flashback like "his previous visit". Rule ``dates.episode.earlier-instance``."""
    counted = [(c, ordinal(c.trigger)) for c in cands]
    latest: dict[EventType, int] = {}
    for c, n in counted:
        if n is not None:
            latest[c.type] = max(n, latest.get(c.type, n))
    return [c for c, n in counted if n is not None and n < latest[c.type]]


def to_month(date: TimeExpression) -> TimeExpression:
    """ "signed following the talks", "after the negotiations": days later, perhaps, so only
    the month of the earlier event is known."""
    if not date.value or partial_date.rank(date.value) <= 2:
        return date
    return replace(date, value=partial_date.coarsen(date.value, Precision.MONTH),
                   precision=Precision.MONTH)


def measured_since(tok: Token) -> bool:
    """ "The trip is his first visit since the warrant was issued": the event is measured
    from an earlier one that the sentences around it date ("since 2011" names its bound
    itself and leaves the narrative free).
    Rule ``dates.narrative.measured-since``."""
    scope = trigger_scope(tok)
    clause = clause_path(tok)
    for t in tok.sent:
        anchor = t.head.head if t.dep_ == "mark" else t.head
        if t.lower_ != "since" or (t.i not in scope and anchor not in clause):
            continue
        if t.dep_ == "mark":
            return True
        objects = [c for c in t.children if c.dep_ == "pobj"]
        if t.dep_ == "prep" and any(o.ent_type_ not in ("DATE", "TIME") and not o.like_num
                                    for o in objects):
            return True
    return False
