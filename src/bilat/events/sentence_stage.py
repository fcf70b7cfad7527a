"""The sentence stage: from each trigger and its sentence to a candidate event.

For every sentence of the story but headlines, the triggers (:mod:`bilat.events.triggers`,
plus the re-mentions of a call or an aid just told) are read in order, each by
:func:`read_trigger`:

1. no event when it is quoted, speculated, restates another trigger or its type rules it
   out (:func:`tells_no_event`);
2. its status: planned or occurred (:mod:`bilat.events.arguments.status`);
3. its scope: the tokens that can hold its arguments (:mod:`bilat.events.scope`);
4. the people of the scope (:mod:`bilat.events.arguments.actors`, their roles on the date
   :mod:`bilat.events.arguments.roles`) and its date
   (:mod:`bilat.events.arguments.dates`, with the agreement's own date rules);
5. a re-mention with no people of its own ("The talks took place on June 29") becomes an
   elaboration, which the ``elaborations`` pass adds to the event told before;
6. its type fills who, which states and where (:data:`FILL`, :mod:`bilat.events.types`).

Each candidate then takes the article's other state if it knows one side only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Span, Token

from bilat import partial_date
from bilat.events.arguments.actors import persons_in_scope
from bilat.events.arguments.date_relations import across_a_gap, commemorated_date
from bilat.events.arguments.dates import (
    closest_date,
    dates_outside,
    dates_the_end,
    expressions,
    own_expressions,
    schedule_scope,
    sentence_expressions,
)
from bilat.events.arguments.places import re_mention_city
from bilat.events.arguments.roles import resolve_roles
from bilat.events.arguments.states import complete_pair, main_countries
from bilat.events.arguments.status import (
    called_off,
    dated_status,
    journey_purpose,
    planned,
    questioned,
    speculative,
    under_way,
)
from bilat.events.candidate import Candidate, SentenceArguments, Story, Told
from bilat.events.scope import argument_scope, inside_same_trigger, own_coordinated_event
from bilat.events.syntax import anaphoric, coordinated, in_quotes, phrase_head
from bilat.events.triggers import Trigger, find_triggers
from bilat.events.types import agreement, aid
from bilat.events.types.meeting import call_re_mentions, fill_meeting, too_few_discussants
from bilat.events.types.visit import (
    fill_visit,
    inanimate_traveller,
    leaves_no_place,
    one_per_home,
)
from bilat.knowledge.kb import KnowledgeBase
from bilat.lang import lexicon
from bilat.model import EventType, Precision, Status, TimeExpression

ONE_EVENT_DAYS = lexicon().number("ONE_EVENT_DAYS")

# what fills a candidate of each type from its sentence
FILL: dict[EventType, Callable[[Candidate, SentenceArguments], None]] = {
    EventType.VISIT: fill_visit,
    EventType.MEET: fill_meeting,
    EventType.CALL: fill_meeting,
    EventType.AGREE: fill_meeting,
    EventType.AID: aid.fill_aid,
}


def read_candidates(kb: KnowledgeBase, story: Story) -> list[Candidate]:
    """The candidates of every trigger of the story, in the order told."""
    pair = main_countries(story.ents)
    candidates: list[Candidate] = []
    for told in story.told:
        if told.headline:
            # headlines restate the story's event in telegraphic form; the body states it
            # with its arguments, so a headline adds only noise
            continue
        record = story.sentences[told.index]
        triggers = (find_triggers(told.sent) + call_re_mentions(told.sent, record, candidates)
                    + aid.aid_re_mentions(told.sent, record, candidates))
        for trig in triggers:
            cand = read_trigger(kb, story, told, trig)
            if cand is not None:
                cand.in_caption = told.caption
                complete_pair(cand, pair)
                cand.own_location = cand.location
                for occasion in one_per_date(story, told, cand):
                    candidates.extend(one_per_home(occasion))
    return candidates


def one_per_date(story: Story, told: Told, cand: Candidate) -> list[Candidate]:
    """ "Kim has visited Russia twice, in 2019 and 2023", "it provided aid in February, March
    and April": coordinated dates of occasions too far apart for one event (a visit of two
    days is one: "on June 13 and 14") make one event each, at each date. Rule
    ``sentence.one-per-date``."""
    if cand.date is None or cand.date.value is None or cand.elaboration:
        return [cand]
    sent = told.sent
    offset = story.paragraphs[told.para_index].start + sent.start_char
    tense = "future" if cand.status == Status.PLANNED else "past"
    exprs = sentence_expressions(sent, story.published, told.reference, offset, tense)
    own = _span_of(sent, cand.date, offset)
    if own is None:
        return [cand]
    spans = [(e, span) for e in exprs if (span := _span_of(sent, e, offset)) is not None]
    spans += _elided_dates(own, [sp for _, sp in spans], story.published, told.reference,
                           offset, tense)
    others = [e for e, span in spans if e.value and e.value != cand.date.value
              and coordinated(own, span) and apart(cand.date.value, e.value)]
    copies = [replace(cand, date=e, actors=list(cand.actors), countries=list(cand.countries),
                      status=dated_status(cand.status, e, story.published)) for e in others]
    return [cand, *copies]


def _elided_dates(own: Span, found: list[Span], published: str | None, reference: str | None,
                  offset: int, tense: str) -> list[tuple[TimeExpression, Span]]:
    """ "in February, March and April": the conjuncts of a date share its preposition, which
    tells a month name from a verb ("to march"); read each with it."""
    head = phrase_head(own)
    prep = head.head.lower_ if head.head.pos_ == "ADP" and head.head.i != head.i else ""
    covered = {t.i for span in found for t in span}
    out = []
    for conj in head.conjuncts:
        if conj.i in covered:
            continue
        phrase = conj.doc[conj.left_edge.i : conj.right_edge.i + 1]
        for e in expressions(f"{prep} {phrase.text}".strip(), published, tense=tense,
                             reference=reference):
            if e.value is not None:
                start = offset + phrase.start_char - phrase.sent.start_char
                out.append((TimeExpression(start, start + len(phrase.text), phrase.text, e.value,
                                           e.precision), phrase))
                break
    return out


def _span_of(sent: Span, e: TimeExpression, offset: int) -> Span | None:
    return sent.char_span(e.start - offset, e.end - offset, alignment_mode="expand")


def apart(a: str, b: str) -> bool:
    """Two dates too far apart for one event: different months or years, or days more than
    ``ONE_EVENT_DAYS`` apart."""
    first_a, first_b = partial_date.first_day(a), partial_date.first_day(b)
    if first_a is None or first_b is None:
        return False
    if Precision.DAY not in (partial_date.precision_of(a), partial_date.precision_of(b)):
        return a != b
    return abs((first_a - first_b).days) > ONE_EVENT_DAYS


def read_trigger(kb: KnowledgeBase, story: Story, told: Told, trig: Trigger) -> Candidate | None:
    """The candidate one trigger tells in its sentence, or None if it tells no event."""
    tok, type_, sent = trig.token, trig.type, told.sent
    if tells_no_event(tok, sent, type_):
        return None
    journey = None if type_ == EventType.VISIT else journey_purpose(tok)
    scope, second_act = argument_scope(tok, type_)
    cand = Candidate(type_, tok, story.sentences[told.index], told.para_index,
                     status=told_status(tok, type_, journey))
    para = story.paragraphs[told.para_index]
    people = persons_in_scope(story.ents, story.paragraphs, told.para_index, sent, scope, tok)
    if too_few_discussants(tok, people):
        return None
    cand.date = _date(story, told, cand, scope, second_act)
    settled = _settled_status(cand, journey, story.published)
    if settled != cand.status:
        cand.status = settled
        cand.date = _date(story, told, cand, scope, second_act)
    places = [pl for pl in story.ents.places
              if pl.para == told.para_index and sent.start <= pl.token_start < sent.end]
    elaborates = anaphoric(tok) and not _names_its_content(tok, type_) and (
        not people or tok.dep_ in ("nsubj", "nsubjpass"))
    if elaborates and not [p for p in people if p.kind == "person"]:
        cand.elaboration = True
        cand.location = re_mention_city(tok, scope, places, para)
        return cand
    # "The meeting between Kim and Volodin took place ...": a re-mention that names its
    # participants is filled like any event; it adds to an event told before if there is one
    cand.elaboration = elaborates
    if type_ == EventType.VISIT and (inanimate_traveller(tok) or leaves_no_place(tok, places)):
        return None  # "the missiles travelled 2,000 km": things travel, only people visit
    date_value = cand.date.value if cand.date else story.published
    countries = [c for c in story.ents.countries
                 if c.para == told.para_index and sent.start <= c.token_start < sent.end]
    args = SentenceArguments(kb, para, resolve_roles(kb, people, date_value), places, countries,
                             scope)
    FILL[type_](cand, args)
    return cand


def told_status(tok: Token, type_: EventType, journey: Token | None) -> Status:
    """Planned or occurred, as the trigger's clause tells it: a plan, a pledge of aid, or
    the purpose of a journey under way (:mod:`bilat.events.arguments.status`)."""
    pledged = type_ == EventType.AID and aid.pledged(tok)
    if planned(tok) or pledged or (journey is not None and under_way(journey)):
        return Status.PLANNED
    return Status.OCCURRED


def _settled_status(cand: Candidate, journey: Token | None, published: str | None) -> Status:
    """The status once the candidate is dated: a date after publication makes a plan, one
    before it an event that happened (rule ``status.by-date``); the purpose of a journey
    made on the day of publication is still to come (rule ``status.purpose``)."""
    status = dated_status(cand.status, cand.date, published)
    if (journey is not None and status == Status.OCCURRED and cand.date is not None
            and published and cand.date.value == published):
        return Status.PLANNED
    return status


def tells_no_event(tok: Token, sent: Span, type_: EventType) -> bool:
    """The trigger is quoted speech (rule ``status.quoted``, unless a quoted finding that aid
    was sent), speculated (``status.speculative``), called off or denied
    (``status.called-off``, ``status.denied``), asked about (``status.question``),
    restates the event of a trigger above it (``scope.restates-its-head``, unless a second
    act of its own), or its type's words say no such event took place."""
    if in_quotes(sent, tok) and not (type_ == EventType.AID and aid.quoted_fact(tok)):
        return True
    if speculative(tok) or called_off(tok) or questioned(tok):
        return True
    if inside_same_trigger(tok, type_) and not own_coordinated_event(tok, type_):
        return True
    if type_ == EventType.AID:
        return aid.not_aid(tok)
    if type_ == EventType.AGREE:
        return agreement.not_an_agreement(tok)
    return False


def _names_its_content(tok: Token, type_: EventType) -> bool:
    """A definite noun that says what it is ("the support the people provided", "the
    conclusion of the agreement on trade") is no re-mention of an event told before."""
    if type_ == EventType.AID:
        return aid.names_its_content(tok)
    if type_ == EventType.AGREE:
        return agreement.names_its_content(tok)
    return False


def _date(story: Story, told: Told, cand: Candidate, scope: set[int],
          second_act: set[int]) -> TimeExpression | None:
    """The date the candidate's own sentence gives it (:mod:`bilat.events.arguments.dates`):
    a plan's in the future, in its own clause; a signing's not the term of what is signed."""
    tok, sent = cand.trigger, told.sent
    para = story.paragraphs[told.para_index]
    offset = para.start
    tense = "future" if cand.status == Status.PLANNED else "past"
    related = across_a_gap(story, told, tok) or commemorated_date(story, told, tok)
    if related is not None:
        return related  # "two days after Kim's summit", "the anniversary of Putin's visit"
    exprs = sentence_expressions(sent, story.published, told.reference, offset + sent.start_char,
                                 tense, tok)
    exprs = own_expressions(exprs, tok, scope, para, offset)
    # "has been supplying shells, and last fall it sent troops": the second act's date
    exprs = dates_outside(exprs, second_act, para, offset)
    if cand.type == EventType.AGREE:
        exprs = tuple(agreement.signing_dates(exprs, tok, offset, para))
    if cand.type == EventType.VISIT:
        exprs = tuple(e for e in exprs if not dates_the_end(e, tok, para, offset))
    date = closest_date(exprs, tok, offset, scope | schedule_scope(tok), para,
                        scoped_only=cand.status == Status.PLANNED)
    if cand.type == EventType.AGREE:
        date = agreement.anniversary_date(tok, exprs, story.published, offset) or date
    return date
