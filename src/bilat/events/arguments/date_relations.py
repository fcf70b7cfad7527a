"""Dates an event takes from another one: N days after it, the anniversary of it, the
narrative told before it, the series it belongs to.

- :func:`across_a_gap`: "two days after Kim's summit with Putin", "a week ahead of the G20";
- :func:`commemorated_date`: "the one-year anniversary of Putin's visit";
- :func:`past_dates`, :func:`unclaimed_dates`, :func:`measured_since`: which dates of the
  sentences before an undated event the ``narrative_dates`` pass may give it;
- :func:`earlier_instances`: "their first meeting" in a story of their second, an earlier
  episode the passes keep apart.

The sentence's own date is :mod:`bilat.events.arguments.dates`'s.

Rules (ids used by tests/events/cases): ``dates.clause.across-a-gap``,
``dates.commemorated``, ``dates.narrative.measured-since``,
``dates.narrative.another-episodes-date``, ``dates.narrative.other-events-phrase``,
``dates.episode.earlier-instance``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Span, Token

from bilat import partial_date
from bilat.annotations import time as timex
from bilat.annotations.nlp import span_text, tokens_where, word_ids
from bilat.events.arguments.dates import (
    bounding_clauses,
    clause_tense,
    count_frame,
    dates_outside,
    expressions,
)
from bilat.events.arguments.status import negated_clause, retrospective
from bilat.events.candidate import Candidate, Story, Told, other_people
from bilat.events.scope import event_scope, trigger_scope
from bilat.events.syntax import child_words, clause_path, sentence, time_relation
from bilat.events.triggers import classify
from bilat.lang import lexicon
from bilat.model import EventType, Precision, TimeExpression

_LEX = lexicon()
_SINCE = word_ids(["since"])
TIME_RELATION_HEADS = _LEX.words("TIME_RELATION_HEADS")
# "two days after X": X is two days earlier than the day told; "three days before X": later
GAP_RELATIONS = {word: int(n) for word, n in _LEX.mapping("GAP_RELATIONS").items()}
GAP_SHIFTS = {True: "earlier", False: "later"}
ORDINALS = {word: int(n) for word, n in _LEX.mapping("ORDINAL_UNITS").items()}
# by word id, for the dependents read from the doc's arrays (syntax.child_words)
_ORDINAL_IDS = {get_string_id(word): n for word, n in ORDINALS.items()}
_AMOD = get_string_id("amod")


def across_a_gap(story: Story, told: Told, tok: Token) -> TimeExpression | None:
    """ "The factory tour came two days after Kim's summit with Putin", "The deployment
    comes four months after Kim and Putin signed a treaty": an event told in the phrase
    after "N units after" happened N units before the day the sentence tells of (N units
    after it for "before"): the day its own clause names, else the last day the story told
    before it, else the day of the report. Rule ``dates.clause.across-a-gap``."""
    sent, published = told.sent, story.published
    text = span_text(sent)
    lowered = text.lower()
    if not any(r.split()[-1] in lowered for r in GAP_RELATIONS):
        return None  # no expression can end with a relation word (most sentences)
    if not any(map(_gap_relation, timex.candidate_texts(text))):
        return None  # none does: no need to resolve the sentence's dates from its reference
    offset = told.para.start + sent.start_char
    exprs = expressions(text, published, reference=told.reference, offset=offset)
    for e in exprs:
        relation = _gap_relation(e.text)
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


def _gap_relation(expression: str) -> str | None:
    """The relation word(s) ``expression`` ends with ("two days after"), if any."""
    words = expression.lower().split()
    return next((r for r in GAP_RELATIONS if words[-len(r.split()):] == r.split()), None)


def _day_told_before(story: Story, told: Told) -> str | None:
    """The last day named before ``told`` (not in captions). However far back: the sentence
    relates its subject ("the factory tour came two days after ...") to the day the story
    has been telling, which the sentences of detail in between ("... state media
    reported", a quotation) do not change; the narrative window of an undated event
    (``NARRATIVE_LOOKBACK``) is for what has no relation word to count from."""
    here = next(i for i, t in enumerate(story.told) if t.index == told.index)
    for t in reversed(story.told[:here]):
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
    text = span_text(sent)
    if "anniversary" not in text.lower():
        return None  # only an expression that says "anniversary" is considered below
    year = partial_date.year_of(published) if published else None
    offset = told.para.start + sent.start_char
    by_tense = {tense: expressions(text, published, tense=tense, reference=told.reference,
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


def past_dates(t: Told, published: str | None) -> list[TimeExpression]:
    """The resolved dates of a sentence that a past event can take (no anniversaries, no
    count frames, none after the report, none of another event's clause or phrase)."""
    exprs = expressions(span_text(t.sent), published, tense="past", reference=t.reference,
                         offset=t.para.start + t.sent.start_char)
    return [
        e for e in exprs
        if e.value and "anniversary" not in e.text.lower()
        and (published is None or e.value <= published[: len(e.value)])
        and not _bounds_a_denial(t, e) and not count_frame(e, t.para, t.para.start)
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
                     cands: list[Candidate], published: str | None = None,
                     ) -> list[TimeExpression] | None:
    """The dates of an earlier sentence that are free to date ``c``: a date that sentence
    gives to an event of its own with other participants is that event's ("... since
    December 2017, when Kalganov led a delegation. After his meeting with Kim, Putin said"
    does not date Putin's meeting). The day of the report is no other episode's: it is the
    story's own day ("China today received the two ministers for a meeting ... The Chinese
    foreign minister met with his two counterparts"). None when every date is claimed so.
    Rule ``dates.narrative.another-episodes-date``."""
    claimed = {o.date.start for o in cands
               if o.sentence.index == t.index and o is not c and o.date is not None
               and not o.date_from_context and other_people(c, o)
               and o.date.value != published
               and _in_own_clause(o, o.date, t.para.start)}
    free = [e for e in found if e.start not in claimed]
    return None if found and not free else free


def _in_own_clause(c: Candidate, e: TimeExpression, para_start: int) -> bool:
    """The expression is in the clause of the event's trigger (not merely in its sentence)."""
    span = c.trigger.doc.char_span(e.start - para_start, e.end - para_start,
                                   alignment_mode="expand")
    scope = event_scope(c.trigger)
    return span is not None and any(i in scope for i in range(span.start, span.end))


def ordinal(tok: Token) -> int | None:
    """ "their first meeting", "Kim's second visit": the number of the instance the event
    noun is in its series."""
    return next((_ORDINAL_IDS[lower] for dep, lower in child_words(tok)
                 if dep == _AMOD and lower in _ORDINAL_IDS), None)


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


def flashbacks(cands: Sequence[Candidate]) -> list[Candidate]:
    """The story's events told as earlier ones ("their previous meeting", "their first
    meeting" in a story of their second): not the event a later mention refers back to
    or follows."""
    return [c for c in cands if retrospective(c.trigger)] + earlier_instances(cands)


def measured_since(tok: Token) -> bool:
    """ "The trip is his first visit since the warrant was issued": the event is measured
    from an earlier one that the sentences around it date ("since 2011" names its bound
    itself and leaves the narrative free).
    Rule ``dates.narrative.measured-since``."""
    scope = trigger_scope(tok)
    clause = clause_path(tok)
    for t in tokens_where(sentence(tok), LOWER, _SINCE):
        anchor = t.head.head if t.dep_ == "mark" else t.head
        if t.i not in scope and anchor not in clause:
            continue
        if t.dep_ == "mark":
            return True
        objects = [c for c in t.children if c.dep_ == "pobj"]
        if t.dep_ == "prep" and any(o.ent_type_ not in ("DATE", "TIME") and not o.like_num
                                    for o in objects):
            return True
    return False
