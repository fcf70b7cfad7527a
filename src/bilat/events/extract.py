"""From a parsed document to event mentions: triggers, arguments, status, date, place.

Pure function of (document, knowledge base): ``extract(document, kb)`` returns the
document's sentences and event mentions. Arguments come from the trigger's syntactic
scope (the clause it heads, or the clause of the light verb that governs it: "held talks
with X"), then from the sentence, then from the document (a meeting during a visit takes
the visit's place and date).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Span, Token

from bilat import partial_date
from bilat.annotations import time as timex
from bilat.annotations.actors import (
    CountryMention,
    DocumentEntities,
    PersonMention,
    PlaceMention,
    annotate,
)
from bilat.annotations.nlp import Paragraph, parse
from bilat.events.objects import agreement_label, specificity
from bilat.events.triggers import (
    AGREE_NOUNS,
    AID_NOUNS,
    AID_OBJECTS,
    AID_QUALIFIERS,
    AID_SUPPORT_NOUNS,
    LIGHT_VERBS,
    MEET_NOUNS,
    VISIT_NOUNS,
    VISIT_VERBS,
    Trigger,
    classify,
    find_triggers,
)
from bilat.knowledge.kb import KnowledgeBase
from bilat.knowledge.names import same_person
from bilat.lang import lexicon
from bilat.model import (
    Document,
    DocumentAnalysis,
    EventMention,
    EventType,
    Precision,
    Sentence,
    Status,
    TimeExpression,
)

_LEX = lexicon()
FUTURE_MARKERS = _LEX.words("FUTURE_MARKERS")
PLAN_HEADS = _LEX.words("PLAN_HEADS")
PLAN_NOUN_MODS = _LEX.words("PLAN_NOUN_MODS")
PROSPECT_NOUNS = _LEX.words("PROSPECT_NOUNS")
SPECULATIVE_MODALS = _LEX.words("SPECULATIVE_MODALS")
SPECULATIVE_WORDS = _LEX.words("SPECULATIVE_WORDS")
CONDITIONAL_MARKERS = _LEX.words("CONDITIONAL_MARKERS")
RETROSPECTIVE_PREPS = _LEX.words("RETROSPECTIVE_PREPS")
SCHEDULE_HEADS = _LEX.words("SCHEDULE_HEADS")
REPORTING_VERBS = _LEX.words("REPORTING_VERBS")
TWO_SIDE_NOUNS = _LEX.words("TWO_SIDE_NOUNS")
TIME_RELATION_PREPS = _LEX.words("TIME_RELATION_PREPS")
TRAVELLER_NOUNS = _LEX.words("TRAVELLER_NOUNS")
SEQUENCE_WORDS = _LEX.words("SEQUENCE_WORDS")
STANCE_VERBS = _LEX.words("STANCE_VERBS")
EPISTEMIC_VERBS = _LEX.words("EPISTEMIC_VERBS")
GERUND_PREPS = _LEX.words("GERUND_PREPS")
DURATIVE_VERBS = _LEX.words("DURATIVE_VERBS")
MEMBERSHIP_WORDS = _LEX.words("MEMBERSHIP_WORDS")
NON_LOCATION_PREPS = _LEX.words("NON_LOCATION_PREPS")
DEPARTURE_VERBS = _LEX.words("DEPARTURE_VERBS")
DESTINATION_VERBS = _LEX.words("DESTINATION_VERBS")
VENUE_NOUNS = _LEX.words("VENUE_NOUNS")
SUPPORTING_VERBS = _LEX.words("SUPPORTING_VERBS")
REPORTER_NOUNS = _LEX.words("REPORTER_NOUNS")
DEFINITE_WORDS = _LEX.words("DEFINITE_WORDS")
AFTER_PREPS = _LEX.words("AFTER_PREPS")
RETROSPECTIVE_MODS = _LEX.words("RETROSPECTIVE_MODS")
DELEGATION_WORDS = _LEX.words("DELEGATION_WORDS")
PAST_ADVERBS = _LEX.words("PAST_ADVERBS")
PAIR_NOUNS = _LEX.words("PAIR_NOUNS")
AID_RE_MENTION_MODS = _LEX.words("AID_RE_MENTION_MODS")
TOPIC_VERBS = _LEX.words("TOPIC_VERBS")
TOPIC_NOUNS = _LEX.words("TOPIC_NOUNS")
PLEDGE_HEADS = _LEX.words("PLEDGE_HEADS")
AGREE_PAPERS = _LEX.words("AGREE_PAPERS")
SIGNING_ACTS = _LEX.words("SIGNING_ACTS")
SIGNER_GROUPS = _LEX.words("SIGNER_GROUPS")
GRATITUDE_VERBS = _LEX.words("GRATITUDE_VERBS")
GRATITUDE_NOUNS = _LEX.words("GRATITUDE_NOUNS")
OCCUPY_VERBS = _LEX.words("OCCUPY_VERBS")
AID_NOT_GIVEN_HEADS = _LEX.words("AID_NOT_GIVEN_HEADS")
ATTEMPT_HEADS = _LEX.words("ATTEMPT_HEADS")
SIGNED_AFTER = _LEX.words("SIGNED_AFTER")
RATIFYING = _LEX.words("RATIFYING")
NARRATIVE_LOOKBACK = _LEX.number("NARRATIVE_LOOKBACK")
LEAD_SENTENCES = _LEX.number("LEAD_SENTENCES")
PLACE_WINDOW = _LEX.number("PLACE_WINDOW")
PAIR_WINDOW = _LEX.number("PAIR_WINDOW")
THEY_WINDOW = _LEX.number("THEY_WINDOW")
AID_RE_MENTION_WINDOW = _LEX.number("AID_RE_MENTION_WINDOW")
TOPIC_DEPTH = _LEX.number("TOPIC_DEPTH")
AID_NOT_GIVEN_DEPTH = _LEX.number("AID_NOT_GIVEN_DEPTH")
ENGAGEMENT_WINDOW = _LEX.number("ENGAGEMENT_WINDOW")
TALKS_WINDOW = _LEX.number("TALKS_WINDOW")
TOPIC_MEETING_VERBS = _LEX.words("TOPIC_MEETING_VERBS")
TIME_RELATION_HEADS = _LEX.words("TIME_RELATION_HEADS")
MEDIUM_PREPS = _LEX.words("MEDIUM_PREPS")
LOCATING_HEADS = _LEX.words("LOCATING_HEADS")
PROSPECT_PREPS = _LEX.words("PROSPECT_PREPS")
PARTNER_PREPS = _LEX.words("PARTNER_PREPS")
PERSONAL_SUBJECTS = _LEX.words("PERSONAL_SUBJECTS")
PERSONAL_POSSESSIVES = _LEX.words("PERSONAL_POSSESSIVES")
SEAT_PREPS = _LEX.words("SEAT_PREPS")
PLACING_PREPS = _LEX.words("PLACING_PREPS")
CALL_RE_MENTION_NOUNS = _LEX.words("CALL_RE_MENTION_NOUNS")
LEADING_VERBS = _LEX.words("LEADING_VERBS")
RECIPIENT_PREPS = _LEX.words("RECIPIENT_PREPS")
RESTATING_SUBJECTS = _LEX.words("RESTATING_SUBJECTS")
DEFINITE_DETERMINERS = _LEX.words("DEFINITE_DETERMINERS")
RE_MENTION_DETERMINERS = _LEX.words("RE_MENTION_DETERMINERS")
AGENT_PREPS = _LEX.words("AGENT_PREPS")
PAIR_QUANTIFIERS = _LEX.words("PAIR_QUANTIFIERS")
KNOWN_CARGO_DETERMINERS = _LEX.words("KNOWN_CARGO_DETERMINERS")
EVENT_ARGUMENT_PREPS = _LEX.words("EVENT_ARGUMENT_PREPS")
TRAVEL_PHRASE_NOUNS = _LEX.words("TRAVEL_PHRASE_NOUNS")
NON_PARTY_PREPS = _LEX.words("NON_PARTY_PREPS")
HOST_NOUNS = _LEX.words("HOST_NOUNS")
PLURAL_AGREEMENT_NAMES = _LEX.words("PLURAL_AGREEMENT_NAMES")
PRONOUN_GENDERS = _LEX.mapping("PRONOUN_GENDERS")
AID_KINDS = {"troops": _LEX.words("AID_TROOP_WORDS"), "arms": _LEX.words("AID_ARMS_WORDS"),
             "goods": _LEX.words("AID_GOODS_WORDS")}  # in this order: the first kind named wins


@dataclass
class Candidate:
    type: EventType
    trigger: Token
    sentence: Sentence
    para: int
    actors: list[PersonMention] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    location: str | None = None
    date: TimeExpression | None = None
    status: Status = Status.OCCURRED
    elaboration: bool = False  # "The talks took place on June 29": adds to an event told before
    date_from_context: bool = False  # dated by the sentences around it, not its own
    in_caption: bool = False  # told by a photo caption: its date is the picture's
    aid_recipient_only: bool = False  # an aid whose text names only who receives it
    own_location: str | None = None  # the city its own sentence names for it, before any lending


@dataclass(frozen=True)
class Told:
    """A sentence of the body as the narrative goes: what dates the sentences after it."""

    index: int
    sent: Span
    para: Paragraph
    reference: str | None  # the day "the previous day" counts from at this point
    headline: bool
    caption: bool  # a photo caption (its date is the picture's)


# ------------------------------------------------------------------------ entry point


def extract(document: Document, kb: KnowledgeBase,
            parsed: list[Paragraph] | None = None) -> DocumentAnalysis:
    """``parsed``: the document's paragraphs when the caller parsed many documents at once
    (:func:`bilat.events.screen.parse_for_events`); by default only the paragraphs that
    can hold an event are parsed."""
    # imported here so this module's imports stay as they are (the screen imports triggers)
    from bilat.events.screen import screen_for

    if parsed is None:
        screen = screen_for(kb)
        parsed = parse(document.clean, screen=screen, entities=screen.needs_entities)
    paragraphs = parsed
    ents = annotate(kb, paragraphs, document.published)
    sentences: list[Sentence] = []
    candidates: list[Candidate] = []
    reference = document.published
    pair = _main_countries(ents)
    told: list[Told] = []
    for p_index, para in enumerate(paragraphs):
        headline = _looks_like_headline(para.text) or (not told and _is_title(para.text))
        # cleaning blanks the credit ("[AP/YONHAP]") that tells a caption: read the original
        caption = _is_caption(document.text[para.start : para.start + len(para.text)])
        for sent in para.doc.sents:
            start = para.start + sent.start_char
            end = para.start + sent.end_char
            record = Sentence(document.id, len(sentences), start, end, document.text[start:end])
            sentences.append(record)
            if not sent.text.strip():
                continue
            reference = _report_reference(
                sent, document.published, reference, start - sent.start_char
            )
            told.append(Told(record.index, sent, para, reference, headline, caption))
            if headline:
                # headlines restate the story's event in telegraphic form; the body states it
                # with its arguments, so a headline adds only noise
                continue
            for trig in (find_triggers(sent) + _call_re_mentions(sent, record, candidates)
                         + _aid_re_mentions(sent, record, candidates)):
                cand = _candidate(
                    kb, document, ents, paragraphs, p_index, sent, record, trig, reference
                )
                if cand is not None:
                    cand.in_caption = caption
                    _complete_pair(cand, pair)
                    cand.own_location = cand.location
                    candidates.append(cand)
    # document-level passes, each filling only what is still unknown: who, then when
    # (the episode, then the narrative), then where (visits first: a meeting during a visit
    # takes the visit's place)
    _agreement_parties(candidates, ents)
    candidates = _elaborate(candidates)
    _inherit_aid_parties(candidates)
    _name_delegations(candidates, ents, paragraphs, told)
    _resolve_pairs(candidates, ents)
    _refer_back(candidates)
    _propagate(candidates)
    _date_from_related_events(candidates)
    _date_from_narrative(candidates, told, document.published)
    _nest_in_visits(candidates)
    _locate_from_retellings(candidates, (EventType.VISIT,))
    _locate_visits_by_meetings(candidates, ents)
    _locate_from_document(candidates, ents, paragraphs, told, (EventType.VISIT,))
    _locate_nested_meetings(candidates)
    _locate_from_retellings(candidates, (EventType.MEET, EventType.AGREE))
    _propagate(candidates)
    _locate_from_document(candidates, ents, paragraphs, told, (EventType.MEET, EventType.AGREE))
    _keep_lent_places_in_own_state(candidates, ents, paragraphs)
    complete = [c for c in candidates if _complete(c)]
    mentions = _dedupe([_to_mention(document, c) for c in complete], [_aid_kind(c) for c in complete])
    return DocumentAnalysis(document, tuple(sentences), tuple(mentions))


# ------------------------------------------------------------------------ candidates


@lru_cache(maxsize=1024)
def _expressions(text: str, published: str | None, *, tense: str = "past",
                 reference: str | None = None, offset: int = 0) -> tuple[TimeExpression, ...]:
    """Time expressions of a sentence, resolved once for all the triggers it holds."""
    return tuple(timex.find_time_expressions(text, published, tense=tense, reference=reference,
                                             offset=offset))


def _looks_like_headline(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 4 or text.rstrip()[-1:] in ".!?\"”'’":
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised / len(words) >= 0.6


def _call_re_mentions(sent: Span, record: Sentence, told: list[Candidate]) -> list[Trigger]:
    """ "During the call on Tuesday, ...": right after a phone call is told, "the call" or
    "the conversation" is that call again (elsewhere "the call" is often an appeal)."""
    if not any(c.type == EventType.CALL and 0 < record.index - c.sentence.index <= 2 for c in told):
        return []
    return [
        Trigger(t, EventType.CALL) for t in sent
        if t.lower_ in CALL_RE_MENTION_NOUNS and t.pos_ == "NOUN" and classify(t) is None
        and any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in t.children)
    ]


def _is_title(text: str) -> bool:
    """The document's first line, with no final punctuation, is its title, whatever its case
    ("North Korea's minister visits Russia, talks expected")."""
    words = text.split()
    return 3 <= len(words) <= 30 and text.rstrip()[-1:] not in ".!?\"”'’:;,"


def _main_countries(ents: DocumentEntities) -> list[str]:
    """The states the document is about, most mentioned first."""
    counts: Counter[str] = Counter(c.iso3 for c in ents.countries)
    counts.update(p.country for p in ents.persons if p.country)
    counts.update(pl.country for pl in ents.places)
    return [c for c, _ in counts.most_common(2)]


def _complete_pair(cand: Candidate, pair: list[str]) -> None:
    """An event with one known side takes the other from the states the article is about
    ("Representatives of the two countries met in Moscow")."""
    if len(pair) < 2:
        return
    if cand.type == EventType.AID:
        # "Russia provided wheat to the country": the recipient is the article's other state
        if len(cand.countries) == 1 and cand.countries[0] in pair:
            other = pair[1] if pair[0] == cand.countries[0] else pair[0]
            # "technical support for Pyongyang's programs": the other state is the provider
            cand.countries.insert(0 if cand.aid_recipient_only else 1, other)
        return
    if len(set(cand.countries)) == 1:
        known = cand.countries[0]
        if known in pair:
            cand.countries.append(pair[1] if pair[0] == known else pair[0])
    elif not cand.countries and (cand.type == EventType.AGREE or len(cand.actors) >= 2
                                 or _two_sides(cand.trigger)):
        # "The treaty was signed in Pyongyang": an agreement between the article's two states
        cand.countries.extend(pair)




def _two_sides(tok: Token) -> bool:
    """ "Representatives of the two countries met in Moscow": the parties are the two
    states the article is about."""
    scope = _event_scope(tok)
    return any(t.lemma_.lower() in TWO_SIDE_NOUNS and t.tag_ in ("NNS", "NNPS")
               and any(c.lower_ in PAIR_QUANTIFIERS for c in t.children)
               for t in tok.sent if t.i in scope)


def _candidate(
    kb: KnowledgeBase,
    document: Document,
    ents: DocumentEntities,
    paragraphs: list[Paragraph],
    p_index: int,
    sent: Span,
    record: Sentence,
    trig: Trigger,
    reference: str | None,
) -> Candidate | None:
    tok = trig.token
    if (_in_quotes(sent, tok) and not _quoted_aid_fact(tok, trig.type)) or _speculative(tok) \
            or (_inside_same_trigger(tok, trig.type) and not _own_coordinated_event(tok, trig.type)) \
            or _not_aid_or_agreement(tok, trig.type):
        return None
    status = Status.PLANNED if _planned(tok) or _pledged_aid(tok, trig.type) else Status.OCCURRED
    scope = _event_scope(tok) | _gerund_subject(tok) | _medium_scope(tok) | _on_a_visit(tok)
    second_act: set[int] = set()
    if trig.type in (EventType.AID, EventType.AGREE):
        second_act = _coordinated_acts(tok, trig.type)
        scope -= second_act | _borrowed_subject(tok, trig.type)
    cand = Candidate(trig.type, tok, record, p_index, status=status)
    persons = [
        p
        for p in ents.persons
        if p.para == p_index and p.token_start >= sent.start and p.token_end <= sent.end
    ]
    in_scope = [p for p in persons if any(i in scope for i in range(p.token_start, p.token_end))]
    in_scope = [p for p in in_scope if not _is_source(paragraphs[p_index].doc[p.token_end - 1], tok)]
    in_scope.extend(_pronoun_actors(ents, paragraphs, p_index, sent, scope, record))
    in_scope.extend(_relative_actors(ents, p_index, sent, scope))
    in_scope = [p for p in in_scope if not _in_other_event(paragraphs[p_index].doc[p.token_start], tok)]
    in_scope.extend(_their_actors(persons, tok))
    places = [
        pl for pl in ents.places if pl.para == p_index and sent.start <= pl.token_start < sent.end
    ]
    countries = [
        c for c in ents.countries if c.para == p_index and sent.start <= c.token_start < sent.end
    ]
    scope_countries = [c for c in countries if c.token_start in scope]
    offset = paragraphs[p_index].start
    elaborates = _anaphoric(tok) and not _names_its_content(tok, trig.type) and (
        not in_scope or tok.dep_ in ("nsubj", "nsubjpass"))
    if tok.lemma_ in TOPIC_MEETING_VERBS and len([p for p in in_scope if p.kind == "person"]) < 2:
        return None
    tense = "future" if status == Status.PLANNED else "past"
    exprs = _expressions(
        sent.text,
        document.published,
        tense=tense,
        reference=reference,
        offset=offset + sent.start_char,
    )
    exprs = _own_expressions(exprs, tok, scope, paragraphs[p_index], offset)
    # "has been supplying shells, and last fall it sent troops": the second act's date
    exprs = _dates_outside(exprs, second_act, paragraphs[p_index], offset)
    if trig.type == EventType.AGREE:
        exprs = tuple(_signing_dates(exprs, tok, offset, paragraphs[p_index]))
    cand.date = _closest_date(exprs, tok, offset, scope | _schedule_scope(tok), paragraphs[p_index],
                              scoped_only=status == Status.PLANNED)
    if trig.type == EventType.AGREE:
        cand.date = _anniversary_date(tok, exprs, document.published, offset) or cand.date
    if elaborates and not [p for p in in_scope if p.kind == "person"]:
        cand.elaboration = True
        # "The visit follows a trip to Moscow": Moscow is the trip's place, not the visit's
        foreign = _other_event_tokens(tok, scope)
        located = [pl for pl in places if pl.kind != "region" and pl.token_start not in foreign
                   and _is_location_use(paragraphs[p_index].doc[pl.token_start])]
        cand.location = located[0].name if located else None
        return cand
    # "The meeting between Kim and Volodin took place ...": a re-mention that names its
    # participants is filled like any event; it adds to an event told before if there is one
    cand.elaboration = elaborates
    date_value = cand.date.value if cand.date else document.published
    actors = _resolve_roles(kb, in_scope, date_value)

    if trig.type == EventType.VISIT and _inanimate_traveller(tok):
        return None  # "the missiles travelled 2,000 km": things travel, only people visit
    if trig.type == EventType.VISIT:
        _fill_visit(kb, cand, actors, places, scope_countries, countries, scope, paragraphs[p_index])
    elif trig.type == EventType.AID:
        states = countries + _capital_metonyms(kb, places, paragraphs[p_index])
        _fill_aid(cand, [c for c in states if c.token_start in scope] or states, scope, states)
    else:
        _fill_meeting(kb, cand, actors, places, scope_countries, countries, scope)
    return cand


def _scope(tok: Token) -> set[int]:
    """Token indexes that can hold the trigger's arguments."""
    head = tok
    if tok.pos_ in ("NOUN", "PROPN"):
        # climb from the noun to the clause that governs it: "held [talks]", "the [visit] to"
        climb = tok
        while (
            climb.dep_
            in ("dobj", "pobj", "prep", "compound", "conj", "appos", "attr", "nsubj", "nsubjpass")
            and climb.head.i != climb.i
        ):
            climb = climb.head
            if climb.pos_ in ("VERB", "AUX"):
                break
        if climb.pos_ in ("VERB", "AUX") and (
            climb.lemma_ in LIGHT_VERBS or tok.dep_ in ("nsubj", "nsubjpass", "dobj")
        ):
            head = climb
    idx = {t.i for t in head.subtree}
    # "Putin accepted Kim's invitation to visit": the visitor is the one who accepts
    if head.dep_ == "acl" and head.head.dep_ in ("dobj", "pobj") and head.head.head.pos_ == "VERB":
        verb = head.head.head
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                idx.update(t.i for t in c.subtree)
        idx -= {t.i for t in head.head.children if t.dep_ == "poss" for t in t.subtree}
    # "he became the first Kremlin leader to visit Pyongyang": the subject is the visitor
    if head.dep_ == "relcl" and head.head.dep_ == "attr" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        idx.update(t.i for c in head.head.head.children if c.dep_ in ("nsubj", "nsubjpass")
                   for t in c.subtree)
    # the subject of a governing verb for xcomp/conj chains ("Kim arrived and met Putin")
    anc = head
    while (
        anc.dep_ in ("xcomp", "conj", "advcl", "ccomp")
        and anc.head.i != anc.i
        and anc.head.pos_ in ("VERB", "AUX")
    ):
        anc = anc.head
        for c in anc.children:
            if c.dep_ in ("nsubj", "nsubjpass", "agent"):
                idx.update(t.i for t in c.subtree)
        if anc.dep_ not in ("xcomp", "conj"):
            break
    return idx




def _time_relation(t: Token) -> Token | None:
    """The head of a time phrase that relates to another event: "before/after/since X",
    "prior to X", "ahead of X"."""
    if t.dep_ != "prep":
        return None
    if t.lower_ in TIME_RELATION_PREPS:
        return t
    if t.lower_ in ("to", "of") and t.head.lower_ in TIME_RELATION_HEADS and t.head.i != t.i:
        return t.head
    return None


def _own_expressions(exprs: Sequence[TimeExpression], tok: Token, scope: set[int], para: Paragraph,
                     offset: int) -> tuple[TimeExpression, ...]:
    """Drop the dates of clauses that describe another thing named in the trigger's
    sentence: the clause of another event ("accepted an invitation to visit Pyongyang, a
    trip last made in July 2000": July 2000 is the earlier trip's), a clause describing
    anything else ("to attend a forum to be held Sept. 18-20"), and the date phrase of
    another event named further down ("discussed the agreements of the summit in
    September")."""
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
    foreign |= _other_event_clauses_of(tok)
    return _dates_outside(exprs, foreign, para, offset)


def _dates_outside(exprs: Sequence[TimeExpression], tokens: set[int], para: Paragraph,
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


def _other_event_clauses_of(tok: Token) -> set[int]:
    """ "announced the call, as Trump and Putin are set to hold talks on Friday": an adverbial
    clause that tells an event of its own keeps its date."""
    out: set[int] = set()
    for t in tok.sent:
        if t.dep_ != "advcl" or tok in t.subtree:
            continue
        clause = {x.i for x in t.subtree}
        if any(classify(x) is not None for x in t.subtree if x.pos_ in ("NOUN", "VERB")):
            out |= clause
    return out


def _restates(noun: Token, tok: Token) -> bool:
    """ "arrived for a visit on Tuesday", "held talks on Tuesday": an event noun that is the
    trigger's own object or purpose tells the same event, so its date is the trigger's."""
    return tok in list(noun.ancestors)[:2] and classify(noun) == classify(tok)


def _event_scope(tok: Token) -> set[int]:
    """The trigger's scope without the time phrases about other events; a trigger that is
    itself inside such a phrase ("just before the summit between Putin and Kim") keeps to
    it: the clause around it tells the other event."""
    scope = _scope(tok) - _other_event_phrases(tok)
    phrase = _own_time_phrase(tok)
    return scope & phrase if phrase else scope


def _own_time_phrase(tok: Token) -> set[int]:
    node = tok
    for _ in range(4):
        if node.head.i == node.i or node.dep_ not in ("pobj", "prep", "compound", "conj", "dobj",
                                                       "pcomp"):
            return set()
        node = node.head
        head = _time_relation(node)
        if head is not None:
            return {t.i for t in head.subtree}
    return set()


def _other_event_phrases(tok: Token) -> set[int]:
    """Tokens of time phrases in the trigger's clause that are about another event: their
    participants, place and date are that event's, not the trigger's."""
    out: set[int] = set()
    for prep in tok.sent:
        head = _time_relation(prep)
        if head is None or prep.i == tok.i:
            continue
        phrase = {t.i for t in head.subtree}
        if tok.i in phrase:
            continue
        if any(t.pos_ in ("NOUN", "PROPN") and classify(t) is not None for t in prep.subtree):
            out |= phrase
    return out


def _other_event_tokens(tok: Token, scope: set[int]) -> set[int]:
    """Tokens of the phrases of other event nouns in the trigger's clause ("a trip to
    Moscow" in "The visit follows a trip to Moscow"): what they name is theirs."""
    out: set[int] = set()
    for t in tok.sent:
        if t.i == tok.i or t.i not in scope or t.pos_ not in ("NOUN", "PROPN") or classify(t) is None:
            continue
        phrase = {x.i for x in t.subtree}
        if tok.i not in phrase:
            out |= phrase
    return out




def _inanimate_traveller(tok: Token) -> bool:
    """The subject of a motion verb is a thing ("missiles", "the train"), not a visitor."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (subject is not None and subject.pos_ == "NOUN" and subject.ent_type_ == ""
            and subject.lemma_.lower() not in TRAVELLER_NOUNS)


def _schedule_scope(tok: Token) -> set[int]:
    """ "Later on Monday, it is set to meet X": the date of the verb that schedules the event."""
    head = tok.head
    if tok.dep_ != "xcomp" or head.lemma_ not in SCHEDULE_HEADS:
        return set()
    return {t.i for c in head.children if c.dep_ in ("prep", "npadvmod", "advmod")
            for t in c.subtree}


def _inside_same_trigger(tok: Token, type_: EventType) -> bool:
    """ "will visit North Korea on a working visit": the noun restates the verb's event
    (but "met in Moscow just before the summit" tells two events)."""
    if _own_time_phrase(tok):
        return False
    for depth, anc in enumerate(tok.ancestors):
        if depth >= 3 or anc.lower_ in SEQUENCE_WORDS:
            break  # "met in Moscow just prior to a summit in Vladivostok": another event
        if anc.pos_ in ("VERB", "NOUN") and classify(anc) == type_:
            return True
    return False




def _anaphoric(tok: Token) -> bool:
    """ "The visit comes as ...", "the talks were ...": a re-mention of an event already told."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in tok.children
    ):
        return True
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "det" and c.lower_ in RE_MENTION_DETERMINERS for c in tok.children
    ) and not any(c.dep_ == "prep" and c.lower_ in EVENT_ARGUMENT_PREPS for c in tok.children)


def _in_quotes(sent: Span, tok: Token) -> bool:
    """Inside a quotation of what someone said. A quote that opens on a lower-case word is
    a phrase the narrator borrows ('Fomin will "hold bilateral talks with the leadership"'):
    the sentence still tells the event."""
    before = sent.doc.text[sent.start_char : tok.idx]
    inside = (before.count("“") > before.count("”")) or before.count('"') % 2 == 1
    if not inside:
        return False
    opening = max(before.rfind("“"), before.rfind('"'))
    quoted = before[opening + 1 :].lstrip() + tok.text
    return not quoted[:1].islower()


def _speculative(tok: Token) -> bool:
    chain = [tok, *list(tok.ancestors)[:3]]
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


def _planned(tok: Token) -> bool:
    if _retrospective(tok):
        return False  # "During a previous summit, Putin accepted an invitation to visit"
    chain = [tok, *list(tok.ancestors)[:4]]
    for depth, t in enumerate(chain):
        if depth >= 1 and t.lower_ in RETROSPECTIVE_PREPS and tok.pos_ in ("NOUN", "PROPN"):
            # "seeking closer ties following the summit in September": what a plan follows
            # has already happened
            return False
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in FUTURE_MARKERS and depth <= 2:
                return True
            if (
                c.lower_ in PLAN_NOUN_MODS
                and c.dep_ in ("amod", "compound", "advmod")
                and depth <= 1
            ):
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
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and _own_subject(t):
            # "he had accepted an invitation to visit, and he and Ri had discussed ...": a
            # coordinated clause with its own subject has its own tense
            break
    # "is to visit", "was set to meet"
    return tok.dep_ == "xcomp" and tok.head.lemma_ == "be"


REPORTED_CLAUSES = ("ccomp", "dobj", "parataxis", "advcl")


def _is_source(person_tok: Token, trigger: Token) -> bool:
    """A person who only reports the event ("Peskov said ...", "..., Peskov said") is not a
    participant; the subject of a clause the report tells ("reporting that Kim started the
    visit") is."""
    node = person_tok
    while node.dep_ in ("compound", "flat", "appos") and node.head.i != node.i:
        node = node.head
    verb = node.head
    if node.dep_ != "nsubj" or verb.i == trigger.i or trigger in list(verb.children):
        return False
    if verb.lemma_ not in REPORTING_VERBS and verb.lemma_ not in STANCE_VERBS:
        return False
    if trigger not in verb.subtree:
        return True  # a parenthetical report: "Kim met Putin, Peskov said"
    branch = next(a for a in [trigger, *trigger.ancestors] if a.head.i == verb.i)
    return branch.dep_ in REPORTED_CLAUSES


def _medium_scope(tok: Token) -> set[int]:
    """ "Putin briefed Kim on the summit during a phone call", "Putin and Kim shake hands
    during their meeting": a call or meeting named as the occasion of a clause is between the
    clause's subject and object ("during the visit" re-mentions an event told before)."""
    if (tok.pos_ != "NOUN" or tok.head.lower_ not in MEDIUM_PREPS or _anaphoric(tok)
            or classify(tok) not in (EventType.CALL, EventType.MEET)):
        return set()
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return set()
    return {t.i for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative") or (c.dep_ == "prep" and c.lower_ == "with")
            for t in c.subtree}


def _on_a_visit(tok: Token) -> set[int]:
    """ "as Pyongyang's top diplomat was on a working visit to Russia": who is on a visit
    makes it."""
    if tok.pos_ != "NOUN" or tok.head.lower_ != "on" or tok.head.head.lemma_ != "be":
        return set()
    return {t.i for c in tok.head.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}




def _gerund_subject(tok: Token) -> set[int]:
    """ "In addition to meeting with Putin, Thongloun held talks with ...", "After visiting
    Moscow, Kim ...": a gerund under a preposition has the subject of the verb it modifies."""
    if tok.pos_ != "VERB" or tok.dep_ != "pcomp":
        return set()
    node = tok.head
    chain = [node.lower_]
    while node.dep_ in ("prep", "pobj", "pcomp") and node.head.i != node.i:
        node = node.head
        chain.append(node.lower_)
    # "thanked Laos for providing tanks": after "for" the gerund's subject is the object
    if chain[0] not in GERUND_PREPS and "addition" not in chain:
        return set()
    if node.pos_ not in ("VERB", "AUX"):
        return set()
    return {t.i for c in node.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


NESTED_EVENT_TYPES = (EventType.MEET, EventType.CALL)


def _holds_event(verb: Token) -> bool:
    """The clause of ``verb`` tells an engagement of its own ("are set to hold talks")."""
    return any(classify(t) in NESTED_EVENT_TYPES for t in verb.subtree)


def _in_other_event(person_tok: Token, trigger: Token) -> bool:
    """A person who takes part in another engagement the sentence tells, not in this one:
    the partner of another meeting ("a call with Kim ahead of the summit with Trump"), the
    owner of another visit ("speculation about Putin's visit"), the subject of another clause
    that tells its own engagement ("..., as Trump and Putin are set to hold talks")."""
    governing = {a.i for a in trigger.ancestors} | {trigger.i}
    node = person_tok
    while node.head.i != node.i:
        head = node.head
        if head.i in governing:  # reached the trigger or the clause that holds it
            return False
        if (node.dep_ == "prep" and node.lower_ in PARTNER_PREPS and head.pos_ in ("NOUN", "VERB")
                and classify(head) in NESTED_EVENT_TYPES):
            return True
        if node.dep_ == "poss" and head.pos_ == "NOUN" and classify(head) == EventType.VISIT:
            return True  # "fueling speculation about Putin's visit": the owner of that visit
        if (node.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX")
                and head not in trigger.subtree and _holds_event(head)):
            return True  # "..., as Trump and Putin are set to hold talks": that clause's event
        node = head
    return False


def _pronoun_actors(
    ents: DocumentEntities,
    paragraphs: list[Paragraph],
    p_index: int,
    sent: Span,
    scope: set[int],
    record: Sentence,
) -> list[PersonMention]:
    """ "He held talks with ..." -> the person the previous text was about."""
    out = []
    for t in sent:
        subject = t.lower_ in PERSONAL_SUBJECTS and t.dep_ in ("nsubj", "nsubjpass")
        owner = t.lower_ in PERSONAL_POSSESSIVES and t.dep_ == "poss" and t.head.pos_ == "NOUN"
        if t.i in scope and (subject or owner):
            gender = PRONOUN_GENDERS[t.lower_]
            owner_subject = _clause_subject(ents, p_index, t, gender) if owner else None
            if owner_subject is not None:
                out.append(replace(owner_subject, token_start=t.i, token_end=t.i + 1))
                continue
            prior = sorted(
                (p for p in ents.persons
                 if p.kind == "person" and p.start < paragraphs[p_index].start + t.idx),
                key=lambda p: p.start,
            )
            compatible = [p for p in prior if p.gender in (None, gender)]
            topic = _same_sentence_antecedent(compatible, p_index, t) if subject else None
            topic = topic or _previous_subject(compatible, paragraphs, p_index, t)
            if topic is None and compatible:
                topic = compatible[-1]
            if topic is not None:
                out.append(replace(topic, para=p_index, token_start=t.i, token_end=t.i + 1))
    return out


def _same_sentence_antecedent(compatible: list[PersonMention], p_index: int,
                              pronoun: Token) -> PersonMention | None:
    """ "It will be Putin's first trip since 2000, when he became ...": a pronoun in a
    subordinate clause refers to the person the main clause names before it (the first one)."""
    if not any(a.dep_ in ("advcl", "relcl") for a in [pronoun, *pronoun.ancestors]):
        return None
    sent = pronoun.sent
    before = [p for p in compatible if p.para == p_index and sent.start <= p.token_start < pronoun.i]
    return before[0] if len(before) == 1 else None


def _previous_subject(compatible: list[PersonMention], paragraphs: list[Paragraph], p_index: int,
                      pronoun: Token) -> PersonMention | None:
    """ "Volodin held talks with Kim. On Thursday, he also met Choe": a pronoun continues the
    topic, the subject of the sentence before (or of its own, before it), rather than the last
    person named."""
    sent = pronoun.sent
    if sent.start > 0:
        before = (p_index, pronoun.doc[sent.start - 1].sent.start)
    elif p_index > 0 and len(paragraphs[p_index - 1].doc):
        last = paragraphs[p_index - 1].doc[-1].sent
        before = (p_index - 1, last.start)
    else:
        before = (p_index, sent.start)
    for p in reversed(compatible):
        if (p.para, p.token_start) < before:
            break
        if any(_is_subject(tok) for tok in paragraphs[p.para].doc[p.token_start : p.token_end]):
            return p
    return None


def _is_subject(tok: Token) -> bool:
    while tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX")


def _clause_subject(ents: DocumentEntities, p_index: int, pronoun: Token,
                    gender: str) -> PersonMention | None:
    """ "Thongloun met Putin during his visit", "During her visit, Choe met ...": a possessive
    pronoun in a clause refers to the clause's subject when that is a person it can stand for."""
    verb = pronoun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    for c in verb.children:
        if c.dep_ not in ("nsubj", "nsubjpass") or pronoun in c.subtree:
            continue
        for p in ents.persons:
            if (p.para == p_index and p.kind == "person" and p.token_start <= c.i < p.token_end
                    and p.gender in (None, gender)):
                return p
    return None


def _relative_actors(
    ents: DocumentEntities, p_index: int, sent: Span, scope: set[int]
) -> list[PersonMention]:
    """ "... for Putin, who arrived in Beijing": "who" stands for the person it follows."""
    out = []
    for t in sent:
        if not (t.lower_ == "who" and t.i in scope and t.dep_ in ("nsubj", "nsubjpass")
                and t.head.dep_ == "relcl"):
            continue
        antecedent = t.head.head
        for p in ents.persons:
            if p.para == p_index and p.token_start <= antecedent.i < p.token_end:
                out.append(replace(p, token_start=t.i, token_end=t.i + 1))
                break
    return out


def _their_actors(persons: list[PersonMention], tok: Token) -> list[PersonMention]:
    """ "Putin, right, and Kim shake hands during their meeting in Vladivostok" (a photo
    caption): "their" event is that of the people the clause is about."""
    if not any(c.dep_ == "poss" and c.lower_ == "their" for c in tok.children):
        return []
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return []
    subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    people = [p for p in persons if p.token_start in subject]
    if len(people) < 2 and verb.tag_ == "VBP":
        # captions parse badly ("Putin, right, and Kim shake hands"): a plural verb's
        # subject is the people named before it
        people = [p for p in persons if p.token_start < verb.i]
    return people if len(people) >= 2 else []


def _resolve_roles(
    kb: KnowledgeBase, persons: list[PersonMention], date: str | None
) -> list[PersonMention]:
    out = []
    for p in persons:
        # "Russia's top envoy": a state has many ambassadors, the knowledge base may know one
        if p.kind == "role" and p.office and p.country and not kb.concurrent(p.office):
            holder = kb.holder(p.office, p.country, date)
            if holder is not None:
                p = replace(p, kind="person", name=holder.name)
        out.append(p)
    return out


def _closest_date(
    exprs: Sequence[TimeExpression], tok: Token, offset: int, scope: set[int], para: Paragraph,
    *, scoped_only: bool = False,
) -> TimeExpression | None:
    """The date the text attaches to the event: in its clause first; a plan takes only a
    date of its own clause ("accepted on Thursday an invitation to visit" is undated)."""
    if not exprs:
        return None
    trig_pos = offset + tok.idx

    def in_scope(e: TimeExpression) -> bool:
        span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
        return span is not None and any(t.i in scope for t in span)

    def reported(e: TimeExpression) -> bool:
        # "..., the ministry announced on Tuesday": the day of the report, not the event
        span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
        if span is None:
            return False
        node = span.root
        while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        return node.lemma_ in REPORTING_VERBS or node.lemma_ in EPISTEMIC_VERBS

    # "the 75th anniversary of ..." dates what is commemorated, not the event told;
    # "the first visit since 2000" is bounded by 2000, which dates an earlier event
    exprs = [e for e in exprs if "anniversary" not in e.text.lower()
             and not _since_bound(para.doc.char_span(e.start - offset, e.end - offset,
                                                     alignment_mode="expand"), tok)]
    # "North Korea acknowledged in April that it has sent troops", "the ministry announced
    # Tuesday that Lavrov met Choe": the report's date says when it was told, not when it
    # happened (the lead of a story is dated by its report later, as the day's news)
    usable = [e for e in exprs if in_scope(e) or (not scoped_only and not reported(e))]
    if not usable:
        return None
    ranked = sorted(usable, key=lambda e: (not in_scope(e), abs(e.start - trig_pos)))
    return ranked[0]




def _since_bound(span: Span | None, tok: Token) -> bool:
    """ "for the first time since 2000", "the first summit since 2011", "not held since
    December 2017": a date after "since" bounds the interval before the event (it is the
    date of an earlier one), unless "since" gives the start of a stay. The earlier event
    itself keeps it ("since 2011, when Kim Jong Il held talks with Medvedev")."""
    if span is None:
        return False
    since = next((t.head for t in span if t.head.lower_ == "since" and t.head not in span), None)
    if since is None:
        since = span[0] if span[0].lower_ == "since" else None
    if since is None or tok in since.subtree or _in_when_clause_after(span, tok):
        return False
    return not (since.head.pos_ in ("VERB", "AUX") and since.head.lemma_ in DURATIVE_VERBS)


def _in_when_clause_after(span: Span, tok: Token) -> bool:
    """ "since July 2000, when he became the first leader to visit": the trigger sits in the
    "when" clause that follows the date (the parser often hangs it on the main verb)."""
    for node in [tok, *tok.ancestors]:
        when = next((c for c in node.children if c.dep_ == "advmod" and c.lower_ == "when"), None)
        if when is not None:
            between = tok.doc[span.end:when.i]
            return all(t.is_punct for t in between)
    return False


def _report_reference(
    sent: Span, published: str | None, current: str | None, offset: int
) -> str | None:
    """A reporting clause with a day ("state media reported Wednesday") anchors later
    "the previous day" expressions."""
    if not any(t.lemma_ in REPORTING_VERBS for t in sent):
        return current
    exprs = _expressions(
        sent.text, published, tense="past", offset=offset + sent.start_char
    )
    for e in exprs:
        if (e.precision == Precision.DAY and e.value and not e.text.lower().startswith("the ")
                and _dates_the_report(sent, e, offset)):
            return e.value
    return current


def _dates_the_report(sent: Span, e: TimeExpression, offset: int) -> bool:
    """ "The council said last week that Shoigu will hold talks on Wednesday": Wednesday is
    the talks' day; only a date of the reporting verb itself is the report's."""
    span = sent.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
    if span is None:
        return True
    verb = next((a for a in span.root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is None or verb.lemma_ in REPORTING_VERBS


# ------------------------------------------------------------------------ per type


def _persons_by_dep(
    actors: list[PersonMention], para: Paragraph, deps: set[str]
) -> list[PersonMention]:
    out = []
    for p in actors:
        t = para.doc[p.token_start]
        node = t
        while node.dep_ in ("compound", "flat", "appos", "conj", "poss") and node.head.i != node.i:
            node = node.head
        if node.dep_ in deps:
            out.append(p)
    return out


def _fill_visit(
    kb: KnowledgeBase,
    cand: Candidate,
    actors: list[PersonMention],
    places: list[PlaceMention],
    scope_countries: list,
    countries: list,
    scope: set[int],
    para: Paragraph,
) -> None:
    named = [a for a in actors if a.kind == "person"]
    travellers = _possessors(named, para, cand.trigger) or _persons_by_dep(
        named, para, {"nsubj", "nsubjpass", "agent", "poss"}) + [
        a for a in named if _leads_travelling_delegation(para.doc[a.token_start], cand.trigger)
    ]
    unnamed = _unnamed_traveller(cand.trigger, named)
    if not travellers and not unnamed:
        travellers = [
            a
            for a in named
            if (para.doc[a.token_start].head.lemma_ in AGENT_PREPS
                and para.doc[a.token_start].head.head.lemma_ not in HOST_NOUNS)
            or para.doc[a.token_start].head.head.lemma_ in TRAVEL_PHRASE_NOUNS
        ] or named[:1]
    roles = [a for a in actors if a.kind == "role"]
    cand.actors = travellers
    home = (next((a.country for a in travellers if a.country), None)
            or _traveller_country(cand.trigger, roles, countries, para)
            or next((r.country for r in roles if r.country), None))
    if home is None:
        subj_c = [
            c
            for c in scope_countries
            if c.via in ("demonym", "name")
            and para.doc[c.token_start].dep_ in ("amod", "compound", "poss", "nmod")
        ]
        home = subj_c[0].iso3 if subj_c else None
    # "landed in Hanoi after concluding his visit to North Korea": not this visit's destination
    scope = scope - _sequence_clauses(cand.trigger, scope)
    scope_countries = [c for c in scope_countries if c.token_start in scope]
    dest_place = next(
        (
            p
            for p in places
            if p.token_start in scope
            and p.country != home
            and _is_location_use(para.doc[p.token_start])
        ),
        None,
    )
    dest = dest_place.country if dest_place else None
    if dest is None:
        dest = next(
            (
                c.iso3
                for c in scope_countries
                if c.iso3 != home
                and c.via in ("name", "seat")
                and _is_location_use(para.doc[c.token_start])
            ),
            None,
        )
    if dest is None:
        dest = next((c.iso3 for c in scope_countries if c.iso3 != home), None)
    cand.location = dest_place.name if dest_place and dest_place.kind != "region" else None
    if cand.location is None and dest:
        cand.location = _where(kb, [p for p in places if p.country == dest], scope, cand.trigger, [], {dest})
    cand.countries = [c for c in (home, dest) if c]


def _sequence_clauses(trigger: Token, scope: set[int]) -> set[int]:
    """Tokens of the phrases that place another episode before or after this one ("after
    concluding his visit to North Korea", "Before his Vietnam visit")."""
    out: set[int] = set()
    for t in trigger.doc:
        if (t.i in scope and t.lower_ in SEQUENCE_WORDS and t.dep_ in ("prep", "mark", "advmod")
                and t not in trigger.ancestors and t.i != trigger.i and trigger not in t.subtree):
            out.update(x.i for x in t.subtree)
    return out


def _possessors(actors: list[PersonMention], para: Paragraph, trigger: Token) -> list[PersonMention]:
    """ "his visit to Pyongyang", "Kim Jong Un's trip": the owner of the visit is its traveller,
    whoever else the clause names ("The meeting between Kim and Volodin took place during
    his visit")."""
    out = []
    for p in actors:
        node = para.doc[p.token_end - 1]  # "the Russian sports minister's visit": the head noun
        while node.dep_ in ("compound", "flat") and node.head.i != node.i:
            node = node.head
        if node.dep_ == "poss" and node.head.i == trigger.i:
            out.append(p)
    return out


def _traveller_country(trigger: Token, roles: list[PersonMention], countries: list,
                       para: Paragraph) -> str | None:
    """The state of an unnamed traveller: a role in the subject ("Russia's deputy minister
    arrived"), else the state that qualifies the subject noun ("A North Korean delegation
    left for Russia ... a forum with the South Korean leader": PRK, not KOR)."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    if trigger.dep_ in ("acl", "relcl"):
        subjects.append(trigger.head)
    owner = {i for subj in subjects for i in _noun_core(subj)}
    for r in roles:
        if r.country and r.token_end - 1 in owner:
            return r.country
    for c in countries:
        if c.via in ("demonym", "name") and c.token_start in owner:
            return str(c.iso3)
    return None


def _leads_travelling_delegation(tok: Token, trigger: Token) -> bool:
    """ "A delegation led by X left for Russia": X leads the delegation that travels, not one
    the sentence mentions elsewhere ("a forum that will involve a delegation headed by Moon")."""
    if not _leads_delegation(tok):
        return False
    for d in tok.ancestors:
        if d.lemma_.lower() in DELEGATION_WORDS:
            return (d.head.i == trigger.i or trigger.head.i == d.i or d in _subjects(trigger)
                    or (d.head.lower_ in AGENT_PREPS and d.head.head.i == trigger.i))
    return True  # "X led a delegation": X is the subject, the traveller either way


def _unnamed_traveller(trigger: Token, named: list[PersonMention]) -> bool:
    """ "A North Korean delegation left for Russia, ... a forum with President Moon": the
    traveller is a delegation or an unnamed official, so no named person of the sentence
    stands in for it."""
    subjects = _subjects(trigger)
    for subj in subjects:
        if subj.pos_ != "NOUN" or subj.lemma_.lower() not in TRAVELLER_NOUNS:
            continue
        # "the deputy head of Russia's command centre Viktor Kalganov led ...": the name may
        # follow the noun's of-phrase
        # and "a delegation led by ... named Kim Jin Chol": participles describe the noun, but
        # what the trigger itself says ("a delegation [left for a forum with Moon]") does not
        inside = _noun_core(subj, ("relcl",))
        if trigger.i in inside:
            inside -= {t.i for t in trigger.subtree}
        if not any(p.token_start in inside for p in named):
            return True
    return False


def _subjects(trigger: Token) -> list[Token]:
    """Who does what the trigger tells: its subjects, the noun it modifies ("a delegation
    visiting Moscow"), or the subject of the verb it completes ("A delegation is reported to
    have visited")."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    if trigger.dep_ in ("acl", "relcl"):
        subjects.append(trigger.head)
    node = trigger
    while not subjects and node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
        node = node.head
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects


def _noun_core(noun: Token, attachments: tuple[str, ...] = ("prep", "relcl", "acl")) -> set[int]:
    """A noun phrase without its attachments: "a North Korean delegation" of "a North Korean
    delegation [left for a forum with President Moon]"."""
    core = {t.i for t in noun.subtree}
    for c in noun.children:
        if c.dep_ in attachments:
            core.difference_update(t.i for t in c.subtree)
    return core




def _delegation_member(tok: Token) -> bool:
    """ "The delegation also includes Deputy Minister X and Y": members travel with it. Read
    from the words, since a paragraph without a trigger is not parsed."""
    words = [t.lower_ for t in tok.sent if t.i < tok.i]
    verb = next((i for i, w in enumerate(words) if w in MEMBERSHIP_WORDS), None)
    return verb is not None and any(w in DELEGATION_WORDS for w in words[:verb])


def _leads_delegation(tok: Token) -> bool:
    """ "a delegation, led by Minister Ri Chang-dae, ..." / "headed by"."""
    chain = [tok, *list(tok.ancestors)[:5]]
    lemmas = [t.lemma_.lower() for t in chain]
    if "by" not in lemmas or not any(x in lemmas for x in LEADING_VERBS):
        return False
    # "a delegation, led by X" (the delegation governs) or "the delegation is led by X"
    near = chain + [c for t in chain if t.lemma_.lower() in LEADING_VERBS for c in t.children]
    return any(t.lemma_.lower() in DELEGATION_WORDS for t in near)




def _is_location_use(tok: Token) -> bool:
    """A place named as where something happens ("in Pyongyang", "to Moscow"), not as a
    state ("Moscow's war", "Pyongyang and Moscow agreed"), a point of departure or transit,
    or a place a negated clause denies ("has never visited Moscow")."""
    if any(c.dep_ == "case" for c in tok.children):
        return _owns_venue(tok)
    node = tok
    while node.dep_ in ("compound", "flat", "appos", "conj", "nmod") and node.head.i != node.i:
        if node.dep_ == "compound" and not _names_a_site(node.head):
            return False  # "offering Pyongyang security guarantees": the state's guarantees
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ in NON_LOCATION_PREPS:
        return False
    if node.dep_ == "dobj" and (node.head.lemma_ in DEPARTURE_VERBS
                                or node.head.lemma_ not in VISIT_VERBS | DESTINATION_VERBS):
        return False  # "urged Pyongyang to ...": the object of a verb not of travel is a state
    if _negated_clause(node):
        return False
    return node.dep_ in ("pobj", "dobj", "npadvmod", "attr") or node.head.lemma_ in LOCATING_HEADS


def _names_a_site(noun: Token) -> bool:
    """ "Pyongyang Sunan airport", "the Vladivostok summit": a city before a name, a venue
    or an event says where it is; before anything else ("Moscow's war", "Pyongyang
    security guarantees") it is its state."""
    return noun.pos_ == "PROPN" or noun.lemma_.lower() in VENUE_NOUNS or classify(noun) is not None


def _owns_venue(tok: Token) -> bool:
    """ "landed at Hanoi's Noi Bai Airport": a city in the possessive names where a venue
    is, so it locates what happens there."""
    venue = tok.head
    if tok.dep_ != "poss" or venue.i == tok.i:
        return False
    if venue.pos_ != "PROPN" and venue.lemma_.lower() not in VENUE_NOUNS:
        return False
    return _is_location_use(venue)


def _negated_clause(tok: Token) -> bool:
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


def _fill_meeting(
    kb: KnowledgeBase,
    cand: Candidate,
    actors: list[PersonMention],
    places: list[PlaceMention],
    scope_countries: list,
    countries: list,
    scope: set[int],
) -> None:
    named = [a for a in actors if a.kind == "person"]
    cand.actors = _unique_people(named)
    cs: list[str] = []
    for a in actors:
        if a.country and a.country not in cs:
            cs.append(a.country)
    for c in scope_countries:
        if c.iso3 not in cs and (len(cs) < 2):
            cs.append(c.iso3)
    cand.countries = cs
    cand.location = _where(kb, places, scope, cand.trigger, countries, set(cs))


def _where(kb: KnowledgeBase, places: list[PlaceMention], scope: set[int], trigger: Token, countries: list,
           event_countries: set[str]) -> str | None:
    """The city an event happens in: a place the clause names as a location, else one the
    sentence names in one of the event's states; a seat of power stands for its capital
    ("at the Kremlin" -> Moscow)."""
    doc = trigger.doc
    # "held a meeting with Kim, at which point he invited him to visit Washington": a place
    # in a clause of another event is that event's
    other = _other_event_clauses(trigger)
    located = [p for p in places if p.kind != "region" and p.token_start not in other
               and not _place_of_another_event(doc[p.token_start], trigger)
               and _is_location_use(doc[p.token_start])]
    # "talks held in Moscow just before the summit ... in Vladivostok": the trigger's own
    # phrase first, then its clause
    own = {t.i for t in trigger.subtree}
    for p in located:
        if p.token_start in own:
            return p.name
    for p in located:
        if p.token_start in scope:
            return p.name
    for c in countries:
        if c.via == "seat" and c.token_start in scope and doc[c.token_start].head.lower_ in SEAT_PREPS:
            capital = kb.countries[c.iso3].capital if c.iso3 in kb.countries else None
            if capital:
                return capital
    for p in located:
        if p.country in event_countries and doc[p.token_start].head.lower_ in PLACING_PREPS:
            return p.name
    return None


def _place_of_another_event(place: Token, trigger: Token) -> bool:
    """ "fuelling speculation about a possible visit by Putin to Pyongyang", "during a previous
    summit, Putin accepted an invitation to visit Pyongyang": a city in the phrase of an
    event that may or will happen is not where one that happened took place (nor the
    reverse), unless that event holds the trigger."""
    word = _owning_event_word(place)
    if word is None or word.i == trigger.i or word in trigger.ancestors:
        return False
    return _speculative(word) or _planned(word) != _planned(trigger)


def _other_event_clauses(trigger: Token) -> set[int]:
    """Tokens of clauses, under the trigger, headed by the verb of another event."""
    out: set[int] = set()
    for t in trigger.subtree:
        if t.i != trigger.i and t.pos_ == "VERB" and classify(t) is not None:
            out |= {x.i for x in t.subtree}
    return out


def _fill_aid(cand: Candidate, countries: list, scope: set[int], sentence_countries: list) -> None:
    tok = cand.trigger
    thanked = _thanked_for(tok, sentence_countries)
    if thanked is not None:
        # "Lavrov thanked North Korea for sending troops who helped Russian forces ...": the
        # state thanked gave the aid; the thanker's state (completed later) received it
        cand.countries = [thanked]
        cand.actors = []
        return
    # "North Korea providing arms to Russia": the gerund modifies its provider
    head_country = next((c for c in sentence_countries if tok.dep_ in ("acl", "relcl")
                         and c.token_start <= tok.head.i < c.token_end), None)
    if head_country is not None and head_country not in countries:
        countries = [head_country, *countries]
    # "the war in Ukraine", "against Ukraine", "the United States said": not a party to the aid
    countries = [c for c in countries if not _reporter(tok.doc[c.token_start]) and not (
        tok.doc[c.token_start].head.lower_ in NON_PARTY_PREPS
        or (tok.doc[c.token_start].dep_ == "nsubj" and tok.doc[c.token_start].head.lemma_ in REPORTING_VERBS)
        or _reporting_state(tok.doc[c.token_start]))]
    provider = recipient = None
    cargo_state = _cargo_nationality(tok, countries)
    for c in countries:
        t = c.token_start
        node = tok.doc[t]
        while node.dep_ in ("compound", "flat", "amod", "poss", "conj") and node.head.i != node.i:
            node = node.head
        if node.dep_ in ("nsubj", "agent", "nsubjpass") or (node.dep_ == "pobj" and node.head.lower_ == "from") \
                or node.i == tok.head.i or node.i == tok.i:
            # "Pyongyang's deployment", "the North Korean deployment": who sends it
            provider = provider or c.iso3
        elif node.dep_ == "pobj" and node.head.lower_ in RECIPIENT_PREPS:
            recipient = recipient or _occupier(node, countries) or c.iso3
        elif node.dep_ == "dobj" and node.head.lemma_ in SUPPORTING_VERBS and node.head.i != tok.i:
            # "troops sent to support Moscow's war": whose effort the aid supports receives it
            recipient = recipient or c.iso3
    if tok.lemma_ == "receive":
        provider, recipient = (
            (
                provider
                if provider
                and any(c.head.lower_ == "from" for c in tok.subtree if c.dep_ == "pobj")
                else None
            ),
            recipient,
        )
        subj = [
            c.iso3
            for c in countries
            if tok.doc[c.token_start].dep_ in ("nsubj",)
            or tok.doc[c.token_start].head.dep_ == "nsubj"
        ]
        from_c = [c.iso3 for c in countries if tok.doc[c.token_start].head.lower_ == "from"]
        provider = from_c[0] if from_c else provider
        recipient = subj[0] if subj else recipient
    if cargo_state is not None and cargo_state != recipient:
        # "Belarus hosts Russian nuclear weapons deployed there": whose weapons they are
        # says who provides them, whoever the sentence's subject is
        provider = cargo_state
    ordered = list(dict.fromkeys(c for c in (provider, recipient) if c))
    cand.aid_recipient_only = provider is None and recipient is not None
    for c in countries:
        if c.iso3 not in ordered and len(ordered) < 2:
            # with only the recipient known, the other state is the provider
            ordered.insert(0 if cand.aid_recipient_only else len(ordered), c.iso3)
    cand.countries = ordered
    cand.actors = []




def _reporter(tok: Token) -> bool:
    """ "South Korean intelligence reported ...", "South Korean media put ...": the state
    whose media or services report the aid is not a party to it."""
    node = tok
    while node.dep_ in ("compound", "amod", "poss", "flat") and node.head.i != node.i:
        node = node.head
    return node.lemma_.lower() in REPORTER_NOUNS or node.lower_ in REPORTER_NOUNS


def _unique_people(people: list[PersonMention]) -> list[PersonMention]:
    out: list[PersonMention] = []
    for p in people:
        if not any(same_person(p.name, q.name) for q in out):
            out.append(p)
    return out


# ------------------------------------------------------------------------ document level


def _elaborate(cands: list[Candidate]) -> list[Candidate]:
    """ "The talks took place on June 29 in Pyongyang": a re-mention gives the date and
    place of the nearest event of its type told just before; it is not a new event."""
    kept: list[Candidate] = []
    for c in cands:
        if not c.elaboration:
            kept.append(c)
            continue
        told = [k for k in kept if k.type == c.type and k.status == c.status
                and 0 <= c.sentence.index - k.sentence.index <= 2 and not _other_people(c, k)]
        if not told and c.actors:
            kept.append(c)  # nothing told before: the re-mention is the event's first telling
        elif told:
            target = told[-1]
            if target.date is None and c.date is not None and c.date.value:
                target.date = c.date
            if target.location is None and c.location:
                target.location = c.location
    return kept


def _other_people(a: Candidate, b: Candidate) -> bool:
    """Both name participants and none in common: two different events ("The visit follows
    a trip to Moscow by Im" does not place the visit told before in Moscow)."""
    named_a = [p for p in a.actors if p.kind == "person" and p.name]
    named_b = [p for p in b.actors if p.kind == "person" and p.name]
    return bool(named_a and named_b) and not _share_actor(a, b)




def _refer_back(cands: list[Candidate]) -> None:
    """ "Choe met Putin in Moscow ... Following the meeting with Putin, the Kremlin said":
    a definite re-mention of an event already told, with no date of its own, is that
    event, told with the same people: it takes its date and place."""
    for i, c in enumerate(cands):
        if c.date is not None or c.trigger.pos_ not in ("NOUN", "PROPN") or not any(
                d.dep_ in ("det", "poss") and d.lower_ in DEFINITE_WORDS for d in c.trigger.children):
            continue
        # "During his visit, Putin will meet ...": the visit is the one under way, whatever
        # the tense of the clause it frames
        frame = c.trigger.dep_ == "pobj" and c.trigger.head.lower_ == "during"
        named = [a for a in c.actors if a.kind == "person" and a.name]
        told = [o for o in cands[:i] if o.type == c.type and (o.status == c.status or frame) and named
                and o.date is not None and o.date.value and _same_states(c, o)
                and (c.location is None or o.location in (None, c.location))
                and all(any(same_person(a.name, b.name) for b in o.actors if b.name) for a in named)]
        if told:
            c.date = told[-1].date
            c.date_from_context = True
            c.location = c.location or told[-1].location
            c.status = told[-1].status


EPISODE_TYPES = (EventType.MEET, EventType.VISIT, EventType.AGREE, EventType.CALL)


def _propagate(cands: list[Candidate]) -> list[Candidate]:
    """One episode told over several sentences: a meeting during a visit takes the visit's
    place, and an undated statement takes the date of the nearest statement of the same
    episode (same status, a shared participant, at most three sentences away)."""
    flashbacks = {o.sentence.index for o in cands if _retrospective(o.trigger)}
    for c in cands:
        episode = [o for o in cands if o is not c and o.status == c.status and _share_actor(c, o)]
        if c.type == EventType.MEET and c.location is None:
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
                     and o.date.value and abs(c.sentence.index - o.sentence.index) <= 3
                     and not _flashback_between(c, o, flashbacks)
                     and not o.in_caption]
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
        return _inside(meeting.trigger, visit.trigger) or _inside(visit.trigger, meeting.trigger)
    return (abs(meeting.sentence.index - visit.sentence.index) <= PLACE_WINDOW
            and not _flashback_between(meeting, visit, flashbacks))




def _date_from_related_events(cands: list[Candidate]) -> None:
    """ "A plan was signed following the negotiations": an undated event told as coming
    after an event already told (and dated) happened around then; it takes that date's
    month, since "after" may be days later."""
    for i, c in enumerate(cands):
        if c.date is not None or c.status != Status.OCCURRED:
            continue
        earlier = _after_event_type(c.trigger)
        if earlier is None:
            continue
        told = [o for o in cands[:i] if o.type == earlier and o.date is not None and o.date.value
                and o.status == Status.OCCURRED and o.sentence.index <= c.sentence.index]
        d = told[-1].date if told else None
        if d is not None and d.value:
            c.date = replace(d, value=partial_date.coarsen(d.value, Precision.MONTH), precision=Precision.MONTH) \
                if partial_date.rank(d.value) > 2 else d
            c.date_from_context = True


def _after_event_type(tok: Token) -> EventType | None:
    """ "following the negotiations", "after their talks": the type of the event, named by
    a definite or possessed noun, that the trigger's clause says it came after."""
    scope = _scope(tok)
    for prep in tok.sent:
        if prep.i not in scope or prep.lower_ not in AFTER_PREPS or prep.dep_ != "prep":
            continue
        for t in prep.subtree:
            kind = classify(t) if t.pos_ in ("NOUN", "PROPN") else None
            if kind is not None and any(c.dep_ in ("det", "poss") and c.lower_ != "a"
                                        for c in t.children):
                return kind
    return None




def _retrospective(tok: Token) -> bool:
    """ "his previous visit", "their last summit": an event the text sets in the past of
    the story it tells."""
    # only on nouns: "arrived earlier in the day" is the story's own day
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in RETROSPECTIVE_MODS and c.dep_ == "amod" for c in tok.children)


def _flashback_between(a: Candidate, b: Candidate, flashbacks: set[int]) -> bool:
    """The text turns to a previous event between the two statements ("Kim arrived in
    Russia. Kim's previous visit took place in 2019. Then he and Putin held talks"): the
    flashback and what follows it are one episode, what comes before another."""
    lo, hi = sorted((a.sentence.index, b.sentence.index))
    return any(lo < i <= hi for i in flashbacks)




def _date_from_narrative(cands: list[Candidate], told: list[Told], published: str | None) -> None:
    """A past event told with no date of its own is dated by the narrative around it.

    News tells an episode over several sentences and dates it once ("The talks were held
    in Moscow in late April. During a meeting on the sidelines, Shoygu said ..."): the
    nearest date of the one or two sentences before it is its date. An undated event of
    the lead is the story's news, which happened on the day of the report.
    """
    position = {t.index: i for i, t in enumerate(told)}
    lead = [t.index for t in told if _is_prose(t)][:LEAD_SENTENCES]
    for c in cands:
        if c.date is not None or c.status != Status.OCCURRED or c.sentence.index not in position:
            continue
        here = position[c.sentence.index]
        if _measured_since(c.trigger):
            continue  # "his first visit since the warrant was issued": the date near is the bound's
        if c.type == EventType.AID and _ongoing_aid(c.trigger) and not (
                c.sentence.index in lead and _main_clause(c.trigger)):
            continue  # "troops have been sent to Russia": a state of affairs, not the episode's act
        for t in reversed(told[max(0, here - NARRATIVE_LOOKBACK) : here]):
            if t.caption:
                continue  # a photo's date is the picture's, not the story's
            found = _unclaimed_dates(_past_dates(t, published), t, c, cands)
            if found is None:
                break  # the sentence dates another episode: the narrative moved on
            if found:
                c.date = found[-1]
                c.date_from_context = True
                break
        day = told[here].reference or published
        if c.date is None and day and c.sentence.index in lead:
            # the news happened by the day it was reported ("..., state media said Tuesday")
            c.date = TimeExpression(c.sentence.start, c.sentence.start, "", day, Precision.DAY)
            c.date_from_context = True


def _ongoing_aid(tok: Token) -> bool:
    """Aid told as a state of affairs rather than as an act of the story: in the perfect or
    the progressive ("troops have been sent", "has been supplying weapons"), as a participle
    ("newly deployed soldiers") or presupposed in a phrase ("thanked them for the support",
    "concerns over the deployment"). Such aid has no date unless its own clause gives one."""
    if tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("pcomp", "pobj"):
        return tok.head.dep_ == "prep" or tok.dep_ == "pcomp"
    if tok.dep_ == "amod":
        return True
    auxiliaries = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    perfect = any(a.lemma_ == "have" for a in auxiliaries)
    progressive = tok.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxiliaries)
    return perfect or progressive


def _main_clause(tok: Token) -> bool:
    """The trigger is the sentence's main verb, or the clause its report tells ("North Korea
    has received wheat, the embassy said")."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ not in ("ccomp", "conj", "xcomp"):
            return False
        node = node.head
    return True


def _measured_since(tok: Token) -> bool:
    """ "The trip is his first visit since the warrant was issued": the event is measured
    from an earlier one that the sentences around it date ("since 2011" names its bound
    itself and leaves the narrative free)."""
    scope = _scope(tok)
    clause = _clause_path(tok)
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


def _clause_path(tok: Token) -> list[Token]:
    """The trigger and its heads up to the verb of its clause ("visit" -> "is" in "The trip
    is his first visit")."""
    path = [tok]
    while path[-1].pos_ not in ("VERB", "AUX") and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path




def _locate_from_document(cands: list[Candidate], ents: DocumentEntities,
                          paragraphs: list[Paragraph], told: list[Told],
                          types: tuple[EventType, ...]) -> None:
    """An event with no place in its sentence happens in the host state's city the article
    names: the only one it names as a place, or one named at most two sentences away
    ("Shoigu has arrived in North Korea ... In Pyongyang, he laid flowers"). A city named as
    the place of another event is lent only within that event's episode."""
    sentence_of = _sentence_finder(told)
    by_country: dict[str, list[tuple[int, str, PlaceOwner | None]]] = {}
    for pl in ents.places:
        tok = paragraphs[pl.para].doc[pl.token_start]
        if pl.kind != "region" and _is_location_use(tok):
            by_country.setdefault(pl.country, []).append(
                (sentence_of(pl.start), pl.name, _place_owner(tok, cands)))
    for c in cands:
        if c.location is not None or c.type not in types or _retrospective(c.trigger):
            # "a previous summit": the places the article names are those of its story
            continue
        hosts = c.countries[1:] if c.type == EventType.VISIT else c.countries
        placed = _placed_in_state(c, ents, paragraphs)
        if placed is not None:
            # "met Putin in the Russian Far East", "met Kim in Vietnam": the city, if any,
            # is in the state the clause names
            hosts = [placed]
        seen = [(i, name) for h in dict.fromkeys(hosts) for i, name, owner in by_country.get(h, [])
                if _may_lend(owner, c)]
        if len({name for _, name in seen}) == 1:
            c.location = seen[0][1]
            continue
        near = [m for m in seen if abs(m[0] - c.sentence.index) <= PLACE_WINDOW]
        if near:
            c.location = min(near, key=lambda m: (abs(m[0] - c.sentence.index), m[0]))[1]


@dataclass(frozen=True)
class PlaceOwner:
    """The event whose place a city is named as ("met in Moscow", "a visit to Pyongyang"):
    a candidate, or an event word the text does not tell as an event (a speculation)."""

    event: Candidate | None
    planned: bool


def _place_owner(tok: Token, cands: list[Candidate]) -> PlaceOwner | None:
    """The event a city is the place of: the nearest event word above it ("talks were held
    in Moscow": the noun the light verb holds). None when no event word governs it."""
    word = _owning_event_word(tok)
    if word is None:
        return None
    event = next((c for c in cands if c.trigger.doc is word.doc and c.trigger.i == word.i), None)
    if event is not None:
        return PlaceOwner(event, event.status == Status.PLANNED)
    # "speculation about a potential visit to Pyongyang": an event word that tells no
    # event names where something might happen, not where anything did; a quoted one
    # ("expected to meet Kim after arriving in Pyongyang") still tells where the story goes
    return PlaceOwner(None, _speculative(word))


LIGHT_VERB_DEPS = ("dobj", "nsubj", "nsubjpass")


def _owning_event_word(tok: Token) -> Token | None:
    for a in tok.ancestors:
        if classify(a) is not None:
            return a
        if a.pos_ in ("VERB", "AUX"):
            held = next((c for c in a.children if c.dep_ in LIGHT_VERB_DEPS and classify(c) is not None), None)
            if held is not None:
                return held
            if a.dep_ in ("ccomp", "advcl", "relcl", "ROOT"):
                return None  # a clause of its own: what is above it is another statement
    return None


def _may_lend(owner: PlaceOwner | None, c: Candidate) -> bool:
    """Whether the city named as the place of ``owner`` can be where ``c`` happens."""
    if owner is None:
        return True  # "In Pyongyang, he laid flowers": the city of the story told there
    o = owner.event
    if owner.planned and c.status == Status.OCCURRED and (o is None or not _share_actor(c, o)
                                                          or o.sentence is c.sentence):
        # where something will happen says nothing of what has happened, unless it is
        # what the same people set out to do ("left for Russia to attend a meeting ... Ri
        # is expected to have talks with Shoigu in Moscow")
        return False
    if o is None or o is c:
        return True
    # one sentence tells one episode: its people need not be named twice ("a trip to
    # Moscow by Im last week for talks with his counterpart")
    return _same_episode(c, o, people=o.sentence is not c.sentence)


def _same_episode(c: Candidate, o: Candidate, *, people: bool = True) -> bool:
    """Two events of one story: neither is set in the other's past ("previously met",
    "his last visit"), their dates agree and they share a participant, where both have them."""
    if _told_as_past(o.trigger) and not _told_as_past(c.trigger):
        return False
    if c.date is not None and o.date is not None and c.date.value and o.date.value \
            and not partial_date.compatible(partial_date.coarsen(c.date.value, Precision.MONTH),
                                            partial_date.coarsen(o.date.value, Precision.MONTH)):
        # by the month: a visit of several days is told with the day of each of its acts
        return False
    if not people:
        return True
    mine = [a.name for a in c.actors if a.kind == "person" and a.name]
    theirs = [a.name for a in o.actors if a.kind == "person" and a.name]
    return not (mine and theirs) or any(same_person(x, y) for x in mine for y in theirs)




def _told_as_past(tok: Token) -> bool:
    """ "his previous visit", "representatives previously met": set in the story's past."""
    return _retrospective(tok) or (tok.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "advmod" and c.lower_ in PAST_ADVERBS for c in tok.children))


def _locate_from_retellings(cands: list[Candidate], types: tuple[EventType, ...]) -> None:
    """ "the summit between Putin and Kim in Vladivostok ... the late April Kim-Putin summit":
    an event told again without its place is where its first telling put it (same people,
    same dates), before any guess from the places named around it."""
    for c in cands:
        if c.location is not None or c.type not in types or c.date is None or not c.date.value:
            continue
        named = [a for a in c.actors if a.kind == "person" and a.name]
        if not named:
            continue
        told = [o for o in cands if o is not c and o.type == c.type and o.status == c.status
                and o.location and o.date is not None and o.date.value and _same_states(c, o)
                and partial_date.compatible(c.date.value, o.date.value)
                and all(any(same_person(a.name, b.name) for b in o.actors if b.name) for a in named)]
        if len({o.location for o in told}) == 1:
            c.location = told[0].location


def _locate_visits_by_meetings(cands: list[Candidate], ents: DocumentEntities) -> None:
    """ "Kim's previous visit to Russia took place in April 2019. Then he and Putin held
    negotiations in Vladivostok": a visit goes where its traveller met, in the host state,
    in the same episode (same dates, at most two sentences away)."""
    country_of = {pl.name: pl.country for pl in ents.places}
    for c in cands:
        if c.type != EventType.VISIT or c.location is not None or c.date is None or not c.date.value:
            continue
        hosts = set(c.countries[1:])
        met = [o for o in cands if o.type == EventType.MEET and o.status == c.status and o.location
               and country_of.get(o.location) in hosts and _share_actor(c, o)
               and o.date is not None and o.date.value and partial_date.compatible(c.date.value, o.date.value)
               and abs(o.sentence.index - c.sentence.index) <= PLACE_WINDOW]
        if len({o.location for o in met}) == 1:
            c.location = met[0].location


def _locate_nested_meetings(cands: list[Candidate]) -> None:
    """ "has arrived in North Korea, where he plans to meet Kim": a meeting told inside a
    visit is where the visit went, once the visit is located."""
    for c in cands:
        if c.type != EventType.MEET or c.location is not None:
            continue
        visit = next((v for v in cands if v.type == EventType.VISIT and v.sentence is c.sentence
                      and v.location and _inside(c.trigger, v.trigger)), None)
        if visit is not None:
            c.location = visit.location


def _placed_in_state(c: Candidate, ents: DocumentEntities, paragraphs: list[Paragraph]) -> str | None:
    """The state in which the event's own clause places it, by a region ("in the Russian Far
    East") or by the state's name ("in Vietnam")."""
    doc = paragraphs[c.para].doc
    scope = _event_scope(c.trigger)

    def places_the_event(start: int, end: int) -> bool:
        # "in" attached to the event's verb or noun (or, as parsers do, to the name before
        # it: "met Kim in Vietnam"), not to another noun ("the war in Ukraine")
        root = doc[start:end].root
        while root.dep_ in ("compound", "flat", "conj", "appos") and root.head.i != root.i:
            root = root.head
        prep = root.head
        return (root.dep_ == "pobj" and prep.lower_ in PLACING_PREPS and not _negated_clause(root)
                and (prep.head.i == c.trigger.i or prep.head.pos_ in ("VERB", "AUX", "PROPN")))

    for pl in ents.places:
        if pl.para == c.para and pl.token_start in scope and places_the_event(pl.token_start, pl.token_end):
            return pl.country
    for cm in ents.countries:
        if (cm.para == c.para and cm.token_start in scope and cm.via == "name"
                and places_the_event(cm.token_start, cm.token_end)):
            return cm.iso3
    return None


def _keep_lent_places_in_own_state(cands: list[Candidate], ents: DocumentEntities,
                                   paragraphs: list[Paragraph]) -> None:
    """ "he met Putin in the Russian Far East": an event its own clause places in a state
    cannot have been lent a city of another state by the passes over the story."""
    state_of = {pl.name: pl.country for pl in ents.places}
    for c in cands:
        if c.location is None or c.location == c.own_location or c.location not in state_of:
            continue
        placed = _placed_in_state(c, ents, paragraphs)
        if placed is not None and state_of[c.location] != placed:
            c.location = None


def _sentence_finder(told: list[Told]) -> Callable[[int], int]:
    """offset in the document -> index of the sentence that holds it."""
    starts = [t.para.start + t.sent.start_char for t in told]
    return lambda offset: told[max(0, bisect_right(starts, offset) - 1)].index if told else 0


def _name_delegations(cands: list[Candidate], ents: DocumentEntities,
                      paragraphs: list[Paragraph], told: list[Told]) -> None:
    """ "A North Korean delegation has left for Vladivostok ... The delegation is led by Vice
    Premier Ri Ryong Nam": an unnamed delegation's visit is its leader's."""
    sentence_of = _sentence_finder(told)
    leaders = [
        (sentence_of(p.start), p) for p in ents.persons
        if p.kind == "person" and p.name and (_leads_delegation(paragraphs[p.para].doc[p.token_start])
                                              or _delegation_member(paragraphs[p.para].doc[p.token_start]))
    ]
    if not leaders:
        return
    for c in cands:
        if c.type != EventType.VISIT or any(a.kind == "person" for a in c.actors):
            continue
        if not _delegation_travels(c.trigger):
            continue
        near = [p for i, p in leaders if abs(i - c.sentence.index) <= PLACE_WINDOW
                and (not c.countries or p.country in (None, *c.countries))]
        if near:
            c.actors.extend(_unique_people(near))




def _pair_subject(tok: Token) -> str | None:
    """ "The two leaders last met ..." -> "pair"; "they spoke by telephone" -> "they"."""
    if any(c.dep_ == "poss" and c.lower_ == "their" for c in tok.children):
        return "they"  # "Their talks also included ..."
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for s in verb.children:
        if s.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if s.lower_ == "they":
            return "they"
        if s.lemma_ in PAIR_NOUNS and s.tag_ in ("NNS", "NNPS") and any(
            c.lower_ in PAIR_QUANTIFIERS for c in s.children
        ):
            return "pair"
        if s.lemma_ in PAIR_NOUNS and s.tag_ in ("NNS", "NNPS") and any(
            c.lower_ == "the" for c in s.children
        ):
            return "the"  # "the leaders signed": the parties of the engagement just told
    return None


def _resolve_pairs(cands: list[Candidate], ents: DocumentEntities) -> None:
    """A meeting or call of "the two leaders" is between the two people of the nearest
    engagement told before it; "they" only looks at the last few sentences, since it can
    stand for states or officials as well."""
    for i, c in enumerate(cands):
        if c.type == EventType.AID or any(a.kind == "person" for a in c.actors):
            continue
        subject = _pair_subject(c.trigger)
        if subject is None:
            continue
        named_pair = _nearest_pair_before(c, ents) if _possessed_by_their(c.trigger) else []
        if named_pair:
            c.actors = named_pair
            c.countries = list(dict.fromkeys(p.country for p in named_pair if p.country))
            continue
        window = PAIR_WINDOW if subject == "pair" else THEY_WINDOW  # "the leaders": as near as "they"
        before = [o for o in cands[:i] if 0 <= c.sentence.index - o.sentence.index <= window
                  and len([a for a in o.actors if a.kind == "person"]) >= 2]
        if not before and subject == "the":
            # "Putin commenced his first visit to North Korea. ... the leaders signed": the
            # traveller and the host state of a visit told just before
            before = [o for o in cands[:i] if 0 <= c.sentence.index - o.sentence.index <= 1
                      and o.type == EventType.VISIT and len(set(o.countries)) >= 2
                      and any(a.kind == "person" for a in o.actors)]
        if before:
            # "Kim expressed conviction ..., referring to a pact the two leaders signed": the
            # pair that includes someone the sentence itself names
            named_here = [o for o in before if _named_in(o, c.trigger.sent)]
            source = (named_here or before)[-1]
            c.actors = [a for a in source.actors if a.kind == "person"]
            c.countries = list(dict.fromkeys(source.countries))


def _possessed_by_their(tok: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ == "their" for c in tok.children)


def _nearest_pair_before(c: Candidate, ents: DocumentEntities) -> list[PersonMention]:
    """ "Shoigu conveyed a message from Putin, who sent greetings to Kim and vowed to carry
    out the agreements of their summits": "their" is the two people of two states named
    last before it in its sentence, not the pair of the meeting the story is about."""
    sent = c.trigger.sent
    named = [p for p in ents.persons if p.para == c.para and p.kind == "person" and p.name
             and p.country and sent.start <= p.token_start < c.trigger.i]
    pair: list[PersonMention] = []
    for p in reversed(named):
        if all(p.country != q.country and not same_person(p.name, q.name) for q in pair):
            pair.insert(0, p)
        if len(pair) == 2:
            return pair
    return []


def _named_in(cand: Candidate, sent: Span) -> bool:
    """Whether the sentence names one of the candidate's people (by any part of the name)."""
    words = [t.text for t in sent if t.is_title and t.pos_ == "PROPN"]
    return any(same_person(w, a.name) for a in cand.actors if a.kind == "person" and a.name
               for w in words)


def _delegation_travels(trigger: Token) -> bool:
    """ "The delegation left for ...", "a delegation visiting Moscow"."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    if trigger.dep_ in ("acl", "relcl"):
        subjects.append(trigger.head)
    return any(t.lemma_ in DELEGATION_WORDS for t in subjects)


def _nest_in_visits(cands: list[Candidate]) -> None:
    """ "a two-day visit that will include a summit with Putin", "During his visit, Putin will
    hold meetings with ...": a meeting told inside a visit is part of it; the visitor takes
    part, and the meeting has the visit's date and place unless it has its own."""
    for c in cands:
        if c.type != EventType.MEET:
            continue
        visit = next((v for v in cands if v.type == EventType.VISIT and v.sentence is c.sentence
                      and _inside(c.trigger, v.trigger)), None)
        if visit is None:
            continue
        known = [a.name for a in c.actors if a.name]
        c.actors.extend(a for a in visit.actors
                        if a.name and not any(same_person(a.name, k) for k in known))
        if visit.date is not None and (c.date is None or c.date_from_context):
            c.date = visit.date
        c.location = c.location or visit.location


def _inside(tok: Token, visit: Token) -> bool:
    return tok in visit.subtree or (visit.head.lower_ == "during" and visit.head.head in tok.ancestors)


def _is_prose(t: Told) -> bool:
    """A sentence of the story itself (not a title, menu item, caption or byline)."""
    text = t.sent.text.strip()
    return (not t.headline and len(text.split()) >= 6 and text[-1:] in ".!?\"”'’"
            and not t.caption)


_PHOTO_CREDIT = re.compile(
    r"\b(?:photo(?:graph)?|pictured|file photo)\b|\[[A-Z][A-Za-z]*(?:/[A-Z][A-Za-z]*)*\]\s*$"
    r"|\((?:[^()]*\b(?:AP|AFP|Reuters|Yonhap|YONHAP|Getty|TNS|EPA|Xinhua|KCNA|Sputnik)\b[^()]*)\)\s*$",
    re.I,
)


def _is_caption(text: str) -> bool:
    """A photo caption ("Putin, right, and Kim shake hands ... on April 25, 2019. [AP]");
    give it the whole paragraph, since the credit often ends up a sentence of its own."""
    return bool(_PHOTO_CREDIT.search(text.strip()))


def _past_dates(t: Told, published: str | None) -> list[TimeExpression]:
    """The resolved dates of a sentence that a past event can take (no anniversaries, none
    after the report)."""
    exprs = _expressions(t.sent.text, published, tense="past", reference=t.reference,
                         offset=t.para.start + t.sent.start_char)
    return [
        e for e in exprs
        if e.value and "anniversary" not in e.text.lower()
        and (published is None or e.value <= published[: len(e.value)])
        and not _bounds_a_denial(t, e)
    ]


def _bounds_a_denial(t: Told, e: TimeExpression) -> bool:
    """ "Talks have not been held there since December 2017": a date that bounds what has
    not happened dates an earlier episode, not what the next sentences tell."""
    start = e.start - t.para.start
    span = t.para.doc.char_span(start, start + len(e.text), alignment_mode="expand")
    if span is None:
        return False
    return _negated_clause(span.root) or span.root.head.lower_ == "since"


def _unclaimed_dates(found: list[TimeExpression], t: Told, c: Candidate,
                     cands: list[Candidate]) -> list[TimeExpression] | None:
    """The dates of an earlier sentence that are free to date ``c``: a date that sentence
    gives to an event of its own with other participants is that event's ("... since
    December 2017, when Kalganov led a delegation. After his meeting with Kim, Putin said"
    does not date Putin's meeting). None when every date is claimed so."""
    claimed = {o.date.start for o in cands
               if o.sentence.index == t.index and o is not c and o.date is not None
               and not o.date_from_context and _other_people(c, o)
               and _in_own_clause(o, o.date, t.para.start)}
    free = [e for e in found if e.start not in claimed]
    return None if found and not free else free


def _in_own_clause(c: Candidate, e: TimeExpression, para_start: int) -> bool:
    """The expression is in the clause of the event's trigger (not merely in its sentence)."""
    span = c.trigger.doc.char_span(e.start - para_start, e.end - para_start, alignment_mode="expand")
    scope = _event_scope(c.trigger)
    return span is not None and any(tok.i in scope for tok in span)


def _same_states(a: Candidate, b: Candidate) -> bool:
    """Both involve the same states ("his visit to North Korea" is not his visit to Vietnam)."""
    return not a.countries or not b.countries or set(a.countries) == set(b.countries)


def _share_actor(a: Candidate, b: Candidate) -> bool:
    return any(same_person(x.name, y.name) for x in a.actors for y in b.actors if x.name and y.name)


def _complete(c: Candidate) -> bool:
    return len(set(c.countries)) >= 2


def _to_mention(document: Document, c: Candidate) -> EventMention:
    actors = tuple(dict.fromkeys(a.name for a in c.actors if a.kind == "person" and a.name))
    date = c.date.value if c.date else None
    s = c.sentence
    # bounds from the clean text, where debris ("date 2025-03-21" stamps) is blanked out;
    # the evidence itself is the user's text at those offsets
    kept = document.clean[s.start : s.end]
    start = s.start + len(kept) - len(kept.lstrip())
    evidence = document.text[start : start + len(kept.strip())]
    return EventMention(
        id=EventMention.make_id(document.id, c.type.value, start, start + len(evidence), actors),
        doc_id=document.id,
        doc_name=document.name,
        type=c.type,
        actors=actors,
        countries=tuple(dict.fromkeys(c.countries)),
        location=c.location,
        date=date,
        status=c.status,
        evidence=evidence,
        start=start,
        end=start + len(evidence),
        published=document.published,
        sentence_index=s.index,
        what=_what(c),
    )


# ------------------------------------------------------------------------ aid and agreements

ENGAGEMENT_TYPES = (EventType.MEET, EventType.VISIT, EventType.CALL)
_YEAR_RANGE = re.compile(r"\b\d{4}\s*[-–]\s*\d{2,4}\b")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")


def _aid_re_mentions(sent: Span, record: Sentence, told: list[Candidate]) -> list[Trigger]:
    """ "The agency said another transfer operation will be carried out": right after an
    aid is told, another transfer (of what was just told) is a new aid between the same
    states, though it names neither what moves nor who sends it."""
    if not any(c.type == EventType.AID and 0 < record.index - c.sentence.index <= AID_RE_MENTION_WINDOW
               for c in told):
        return []
    out = []
    for t in sent:
        if t.pos_ != "NOUN" or t.lower_ not in AID_NOUNS or classify(t) is not None:
            continue
        holder = t.head if t.dep_ == "compound" else t  # "another [transfer] operation"
        if any(c.dep_ in ("det", "amod") and c.lower_ in AID_RE_MENTION_MODS for c in holder.children):
            out.append(Trigger(t, EventType.AID))
    return out


def _inherit_aid_parties(cands: list[Candidate]) -> None:
    """An aid re-mention ("another transfer operation") is between the states of the aid
    told just before it."""
    for i, c in enumerate(cands):
        if c.type != EventType.AID or len(set(c.countries)) >= 2 or classify(c.trigger) is not None:
            continue
        before = [o for o in cands[:i] if o.type == EventType.AID and len(set(o.countries)) >= 2
                  and 0 < c.sentence.index - o.sentence.index <= AID_RE_MENTION_WINDOW]
        if before:
            c.countries = list(dict.fromkeys(before[-1].countries))


def _quoted_aid_fact(tok: Token, type_: EventType) -> bool:
    """ "it had detected 'North Korea transported its special forces to Russia'": a quoted
    finding that aid was sent is still a report of it (quoted intentions are not)."""
    return type_ == EventType.AID and tok.tag_ in ("VBD", "VBN")


def _names_its_content(tok: Token, type_: EventType) -> bool:
    """ "the support the North Korean people provided", "the conclusion of the agreement on
    trade": a definite noun that says what it is, not a re-mention of an event told."""
    if type_ == EventType.AID:
        return any(c.dep_ == "relcl" for c in tok.children)
    if type_ == EventType.AGREE:
        own = _agreement_noun(tok)
        return own is not None and own.i != tok.i
    return False






def _occupier(destination: Token, countries: list[CountryMention]) -> str | None:
    """ "sent troops to Ukrainian territory occupied by Russia": the destination is held by
    the occupier, who receives the troops."""
    held = {t.i for c in destination.children if c.dep_ == "acl" and c.lemma_ in OCCUPY_VERBS
            for a in c.children if a.dep_ == "agent" for t in a.subtree}
    return next((c.iso3 for c in countries if c.token_start in held), None)


def _cargo_nationality(tok: Token, countries: list[CountryMention]) -> str | None:
    """The state the moved troops or goods belong to ("sent North Korean troops", "Russian
    weapons deployed in Belarus")."""
    cargo = {c.i for c in tok.children if c.dep_ in ("dobj", "nsubjpass")}
    if tok.dep_ in ("acl", "relcl", "amod"):
        cargo.add(tok.head.i)
    for c in countries:
        node = tok.doc[c.token_start]
        while node.dep_ in ("compound", "flat", "amod", "poss") and node.head.i != node.i:
            node = node.head
            if node.i in cargo and (node.lemma_ in AID_OBJECTS or node.lower_ in AID_OBJECTS):
                return c.iso3
    return None


def _thanked_for(tok: Token, countries: list[CountryMention]) -> str | None:
    """The state thanked for an aid: "thanked North Korea for sending troops", "expressed
    gratitude to Pyongyang for the support it provided"."""
    node = tok
    for _ in range(3):
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ == "for":
            verb = node.head.head
            if verb.lemma_ in GRATITUDE_NOUNS and verb.head.pos_ == "VERB":
                verb = verb.head
            grateful = verb.lemma_ in GRATITUDE_VERBS or any(
                c.dep_ == "dobj" and c.lemma_ in GRATITUDE_NOUNS for c in verb.children)
            if not grateful:
                return None
            thanked = {t.i for c in verb.children
                       if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "to") for t in c.subtree}
            return next((c.iso3 for c in countries if c.token_start in thanked), None)
        node = node.head
    return None


def _reporting_state(tok: Token) -> bool:
    """ "South Korea and the United States say that ... soldiers have been sent": the states
    that report an aid (the whole subject of the reporting verb) are not party to it."""
    node = tok
    # "Ukrainian President Zelenskyy said": the reporter's nationality too
    while node.dep_ in ("compound", "flat", "conj", "appos", "amod") and node.head.i != node.i:
        node = node.head
    return node.dep_ == "nsubj" and node.head.lemma_ in REPORTING_VERBS


def _own_coordinated_event(tok: Token, type_: EventType) -> bool:
    """ "has been supplying weapons to Russia, and last fall it sent troops": a coordinated
    verb with its own object is a second aid, not a restatement of the first; "Putin signed
    the law, and Kim ratified it" is a second act with its own signer."""
    if type_ == EventType.AID and tok.dep_ == "xcomp" and tok.head.dep_ == "conj":
        # "has sent troops ... and is preparing to send ten thousand more"
        return any(c.dep_ == "dobj" for c in tok.children)
    if tok.dep_ != "conj" or tok.pos_ != "VERB":
        return False
    if type_ == EventType.AID:
        return any(c.dep_ == "dobj" for c in tok.children)
    if type_ == EventType.AGREE:
        return _own_subject(tok)
    return False


def _own_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RESTATING_SUBJECTS
               for c in tok.children)


def _coordinated_acts(tok: Token, type_: EventType) -> set[int]:
    """The tokens of a coordinated verb of the same type ("and last year it sent troops",
    "and Kim ratified it"): its date, cargo and people are its own."""
    return {t.i for c in tok.children if c.dep_ == "conj" and _own_coordinated_event(c, type_)
            and classify(c) == type_ for t in c.subtree}


def _borrowed_subject(tok: Token, type_: EventType) -> set[int]:
    """ "Putin signed the law, and Kim ratified it": the first verb's signer is not the
    second's (the scope lends a conjunct its head's subject otherwise)."""
    if type_ != EventType.AGREE or not _own_coordinated_event(tok, type_):
        return set()
    return {t.i for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


def _not_aid_or_agreement(tok: Token, type_: EventType) -> bool:
    if type_ == EventType.AID:
        return (_aid_topic(tok) or _suspected(tok) or _attempted(tok) or _none_of_it(tok)
                or _not_given(tok) or _cargo_told_before(tok))
    if type_ == EventType.AGREE:
        return _nested_agreement(tok) or _attempted(tok) or _none_of_it(tok) or _not_given(tok)
    return False




def _cargo_told_before(tok: Token) -> bool:
    """ "The deployed troops have been stationed in Vladivostok": "the deployed troops" are
    those whose deployment was told before; the sentence says where they are, not that
    they were sent again ("newly deployed soldiers" with no "the" is news)."""
    return tok.dep_ == "amod" and any(
        c.dep_ == "det" and c.lower_ in KNOWN_CARGO_DETERMINERS for c in tok.head.children)


def _not_given(tok: Token) -> bool:
    return any(anc.lemma_ in AID_NOT_GIVEN_HEADS
               for anc in [tok, *list(tok.ancestors)[:AID_NOT_GIVEN_DEPTH]] if anc.pos_ == "VERB")


def _none_of_it(tok: Token) -> bool:
    """ "no agreements had been signed", "no troops were sent": negated by its object."""
    moved = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    own = _agreement_noun(tok)
    if own is not None:
        moved.append(own)
    return any(c.dep_ == "det" and c.lower_ == "no" for m in moved for c in m.children)


def _suspected(tok: Token) -> bool:
    """ "X suspects the North is receiving aid in return for providing weapons": all of
    it is suspicion, however deep the clause."""
    return any(anc.lemma_ == "suspect" for anc in tok.ancestors)




def _attempted(tok: Token) -> bool:
    """ "their efforts to strike a deal ended in failure": an attempt, not an agreement."""
    return tok.dep_ in ("xcomp", "acl") and tok.head.lemma_ in ATTEMPT_HEADS


def _aid_topic(tok: Token) -> bool:
    """The aid is what is discussed or what a document says, not something that happened."""
    for depth, anc in enumerate(tok.ancestors):
        if depth >= TOPIC_DEPTH:
            break
        if anc.pos_ == "VERB" and anc.lemma_ in TOPIC_VERBS:
            return True
        if anc.pos_ == "NOUN" and (anc.lemma_ in TOPIC_NOUNS or anc.lower_ in TOPIC_NOUNS):
            return True
    return False


def _nested_agreement(tok: Token) -> bool:
    """ "The protocol on exchanging the ratification instruments was signed": the noun
    names what the protocol is about; the signing is the event."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.dep_ == "compound" and tok.head.lower_ in AGREE_PAPERS:
        return True
    return any(anc.pos_ == "VERB" and classify(anc) == EventType.AGREE
               for anc in list(tok.ancestors)[:6])


def _pledged_aid(tok: Token, type_: EventType) -> bool:
    """ "Russia pledged humanitarian aid", "promised to send troops": the aid is to come."""
    return type_ == EventType.AID and any(
        anc.lemma_ in PLEDGE_HEADS and anc.pos_ in ("VERB", "NOUN") for anc in list(tok.ancestors)[:3]
    )


def _signing_dates(exprs: Sequence[TimeExpression], tok: Token, offset: int,
                   para: Paragraph) -> list[TimeExpression]:
    """The dates a signing can take: not the term of what is signed ("a 2019-2020 plan",
    "a plan for 2025-2027") nor the date of another agreement it mentions ("supersedes
    previous accords from 1961")."""
    own = _agreement_noun(tok)
    out = []
    for e in exprs:
        span = para.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
        if span is None:
            out.append(e)
            continue
        holder = _dated_noun(span.root)
        if holder is not None and _is_agreement_word(holder) and (
                _YEAR_RANGE.search(e.text) or (own is not None and holder.i != own.i)):
            continue
        if _describes_the_agreement(span.root, tok, own):
            continue
        out.append(e)
    return out


def _describes_the_agreement(root: Token, tok: Token, own: Token | None) -> bool:
    """ "signed an agreement [that supersedes previous accords from 1961]": a date in a
    clause that describes what is signed is not the day it was signed."""
    if own is None:
        return False
    for anc in [root, *root.ancestors]:
        if anc.i == tok.i:
            return False
        if anc.dep_ in ("relcl", "acl") and anc.head.i == own.i:
            return True
    return False


def _dated_noun(root: Token) -> Token | None:
    """The noun a date modifies: "a [2019-2020] plan", "accords [from 1961]"."""
    node = root
    if node.dep_ == "pobj" and node.head.dep_ == "prep":
        node = node.head
    if node.dep_ in ("prep", "compound", "nummod", "amod", "npadvmod") and node.head.pos_ in ("NOUN", "PROPN"):
        return node.head
    return None


def _is_agreement_word(tok: Token) -> bool:
    return tok.lemma_.lower() in AGREE_NOUNS or tok.lower_ in AGREE_NOUNS or tok.lower_ in PLURAL_AGREEMENT_NAMES


def _agreement_noun(tok: Token) -> Token | None:
    """What is signed: "signed [the treaty]", "[the treaty] was signed", "the signing of
    [the treaty]", "[a pact] the two leaders signed"."""
    if _is_agreement_word(tok):
        return tok
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and (_is_agreement_word(c) or c.lower_ == "it"):
            return c
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and _is_agreement_word(obj):
                return obj
    if tok.dep_ in ("acl", "relcl", "amod") and _is_agreement_word(tok.head):
        return tok.head
    return None


def _anniversary_date(tok: Token, exprs: Sequence[TimeExpression], published: str | None,
                      offset: int) -> TimeExpression | None:
    """ "the 70th anniversary of the conclusion of the agreement", marked in 2019: the
    agreement was concluded in 1949."""
    anniversary = next((a for a in list(tok.ancestors)[:4] if a.lemma_ == "anniversary"), None)
    if anniversary is None:
        return None
    years = [int(m.group(1)) for c in anniversary.children if c.dep_ in ("amod", "nummod")
             for m in [_ORDINAL.fullmatch(c.lower_)] if m]
    if not years:
        return None
    position = offset + anniversary.idx  # exprs carry document offsets
    marked = [e.value for e in sorted(exprs, key=lambda e: abs(e.start - position))
              if e.value and "anniversary" not in e.text.lower()]
    year = partial_date.year_of(marked[0] if marked else published)
    if year is None:
        return None
    return TimeExpression(position, position + len(anniversary.text), anniversary.text,
                          str(year - years[0]), Precision.YEAR)


def _capital_metonyms(kb: KnowledgeBase, places: list[PlaceMention],
                      para: Paragraph) -> list[CountryMention]:
    """ "to support Moscow's war", "Pyongyang's weapons programs": a capital named as an
    actor (not as where something happens) stands for its state."""
    out = []
    for pl in places:
        state = kb.countries.get(pl.country)
        if state is None or state.capital != pl.name or _is_location_use(para.doc[pl.token_start]):
            continue
        out.append(CountryMention(pl.start, pl.end, pl.text, pl.country, pl.para,
                                  pl.token_start, pl.token_end, "capital"))
    return out


def _agreement_parties(cands: list[Candidate], ents: DocumentEntities) -> None:
    """Who signed an agreement the sentence names no signer for:
    - "The talks culminated in the signing of the treaty", "the leaders signed an
      agreement": the people of the engagement told just before;
    - "The treaty was signed in Pyongyang on June 19": the people who signed the same
      treaty earlier in the story (when the dates agree)."""
    for i, c in enumerate(cands):
        if c.type != EventType.AGREE or any(a.kind == "person" and a.name for a in c.actors):
            continue
        if c.trigger.lemma_.lower() not in SIGNING_ACTS:
            continue
        source: Candidate | None = None
        if _signed_in_engagement(c.trigger):
            named_here = [p for p in ents.persons if p.kind == "person" and p.name
                          and c.sentence.start <= p.start < c.sentence.end]
            source = _signing_engagement(c, cands[:i], named_here)
            if source is not None and named_here:
                # "faithful to the treaty Kim ... referring to a pact the two leaders signed":
                # the leaders are the one the sentence names and his partner in the engagement
                people = _unique_people(named_here)
                if len(people) < 2:
                    people = _unique_people(people + [a for a in source.actors
                                                      if a.kind == "person" and a.name])
                c.actors = people[:2] if _pair_subject(c.trigger) in ("pair", "they") else people
                c.countries = list(dict.fromkeys(a.country for a in c.actors if a.country))
                if len(c.countries) < 2:
                    c.countries = list(dict.fromkeys(source.countries))
                source = None
            elif source is None:
                _signers_just_told(c, cands[:i])
        elif _same_agreement_retold(c.trigger):
            noun = _agreement_noun(c.trigger)
            source = next((o for o in reversed(cands[:i]) if o.type == EventType.AGREE and _named(o)
                           and _same_agreement_word(noun, _agreement_noun(o.trigger))
                           and (c.date is None or o.date is None
                                or partial_date.compatible(c.date.value, o.date.value))), None)
        if source is not None:
            c.actors = [a for a in source.actors if a.kind == "person" and a.name]
            c.countries = list(dict.fromkeys(source.countries))
        if c.date is None:
            c.date = _date_of_preceding_talks(c, cands[:i])


def _signers_just_told(c: Candidate, before: list[Candidate]) -> None:
    """ "Putin signed the ratification law, and Kim ratified it. The treaty itself was signed
    by the two leaders": the leaders are the two people the nearest sentence told of."""
    by_sentence: dict[int, list[PersonMention]] = {}
    for o in before:
        if 0 < c.sentence.index - o.sentence.index <= PAIR_WINDOW:
            by_sentence.setdefault(o.sentence.index, []).extend(
                a for a in o.actors if a.kind == "person" and a.name)
    for index in sorted(by_sentence, reverse=True):
        people = _unique_people(by_sentence[index])
        if len(people) >= 2:
            c.actors = people[:2]
            countries = list(dict.fromkeys(a.country for a in c.actors if a.country))
            if len(countries) >= 2:
                c.countries = countries
            return


def _signing_engagement(c: Candidate, before: list[Candidate],
                        named_here: list[PersonMention]) -> Candidate | None:
    """The engagement whose people signed: one told at most two sentences before, or,
    when the sentence names one of the signers, the latest engagement he took part in."""
    engagements = [o for o in before if o.type in ENGAGEMENT_TYPES and _named(o)
                   and 0 <= c.sentence.index - o.sentence.index <= PAIR_WINDOW]
    with_signer = [o for o in engagements
                   if any(same_person(p.name, a.name) for p in named_here for a in o.actors if a.name)]
    if with_signer:
        return with_signer[-1]
    near = [o for o in engagements if c.sentence.index - o.sentence.index <= ENGAGEMENT_WINDOW]
    return near[-1] if near else None




def _date_of_preceding_talks(c: Candidate, before: list[Candidate]) -> TimeExpression | None:
    """ "A plan was signed at the talks": on the day of the talks told before. Signed
    "following" or "after" them may be days later, so only their month is known."""
    preps = [p.lower_ for p in c.trigger.children if p.dep_ == "prep" and p.lower_ in SIGNED_AFTER
             and any(o.dep_ == "pobj" and (o.lemma_ in MEET_NOUNS or o.lower_ in MEET_NOUNS)
                     for o in p.children)]
    if not preps:
        return None
    talks = [o for o in before if o.type == EventType.MEET and o.status == c.status
             and o.date is not None and o.date.value
             and 0 <= c.sentence.index - o.sentence.index <= TALKS_WINDOW]
    date = talks[-1].date if talks else None
    if date is not None and date.value and partial_date.rank(date.value) > 2 and preps[0] in AFTER_PREPS:
        date = replace(date, value=partial_date.coarsen(date.value, Precision.MONTH), precision=Precision.MONTH)
    return date


def _named(c: Candidate) -> bool:
    return any(a.kind == "person" and a.name for a in c.actors)


def _same_agreement_word(a: Token | None, b: Token | None) -> bool:
    if a is None or b is None:
        return False
    return a.lower_ == "it" or a.lemma_.lower() == b.lemma_.lower()


def _signed_in_engagement(tok: Token) -> bool:
    """ "The talks culminated in the signing of ...", "the leaders signed ..."."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    # "was signed by the two leaders": the agent is the signer
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for s in [c for c in verb.children if c.dep_ == "nsubj"] + agents:
        if s.lemma_.lower() in MEET_NOUNS or s.lower_ in MEET_NOUNS or s.lemma_.lower() in VISIT_NOUNS:
            return True
        if s.lemma_.lower() in SIGNER_GROUPS and (s.tag_ in ("NNS", "NNPS") or s.lower_ == "they") \
                and not any(c.dep_ in ("amod", "compound") for c in s.children):
            return True
    return False


def _same_agreement_retold(tok: Token) -> bool:
    """ "The treaty was signed in Pyongyang": the treaty already told, signed by no one new."""
    noun = _agreement_noun(tok)
    if noun is None or noun.i == tok.i:
        return False
    definite = noun.lower_ == "it" or any(
        c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in noun.children)
    signer = any(c.dep_ in ("nsubj", "agent") for c in tok.children)
    return definite and not signer




def _aid_kind(c: Candidate) -> str:
    """What moved (troops, arms, goods, "technical support"; "other" or a bare "support"
    when the text does not say): different kinds of aid are different events."""
    if c.type != EventType.AID:
        return ""
    if c.trigger.lemma_ in AID_SUPPORT_NOUNS:
        # "technical support for Pyongyang's weapons programs" moves know-how, not the
        # weapons its purpose names: the qualifier says what kind of aid it is
        qualifiers = sorted(t.lower_ for t in c.trigger.subtree if t.lower_ in AID_QUALIFIERS)
        return " ".join([" and ".join(qualifiers), "support"]).strip()
    others = _coordinated_acts(c.trigger, EventType.AID)
    words = {t.lower_ for t in c.trigger.subtree if t.i not in others} | {
        t.lower_ for t in c.trigger.head.children}
    for kind, vocab in AID_KINDS.items():
        if words & vocab:
            return kind
    return "other"




def _what(c: Candidate) -> str | None:
    """What was signed or what moved (see :mod:`bilat.events.objects`)."""
    if c.type is EventType.AGREE:
        noun = _agreement_noun(c.trigger)
        plural = noun is not None and noun.tag_ in ("NNS", "NNPS")
        lemma = noun.lemma_ if noun is not None and noun.lower_ != "it" else None
        return agreement_label(lemma, plural=plural,
                               ratification=c.trigger.lemma_.lower() in RATIFYING)
    if c.type is EventType.AID:
        kind = _aid_kind(c)
        return None if kind in ("other", "support") else kind  # the text does not say
    return None


def _dedupe(mentions: list[EventMention], kinds: list[str]) -> list[EventMention]:
    """One mention per event per document: retellings inside one article add no new event."""
    kept: list[EventMention] = []
    kept_kinds: list[str] = []
    for m, kind in zip(mentions, kinds, strict=True):
        twin = next((i for i, k in enumerate(kept) if kept_kinds[i] == kind and _same_event(k, m)), None)
        if twin is None:
            kept.append(m)
            kept_kinds.append(kind)
            continue
        kept[twin] = _better(kept[twin], m)
    # two triggers of one type in one sentence with the same actors are one statement
    seen: dict[str, set[str]] = {}
    unique = []
    for m, kind in zip(kept, kept_kinds, strict=True):
        told = f"{kind}/{m.status.value}" if kind else ""
        if m.id in seen and told not in seen[m.id]:
            # "providing arms in exchange for technical support", "has sent troops and is
            # preparing to send more": two aids of one sentence, told apart by what moves
            # or by whether it has happened
            seen[m.id].add(told)
            m = replace(m, id=EventMention.make_id(m.doc_id, f"{m.type.value}:{told}", m.start,
                                                   m.end, m.actors))
        elif m.id in seen:
            continue
        seen.setdefault(m.id, set()).add(told)
        unique.append(m)
    return unique


def _same_event(a: EventMention, b: EventMention) -> bool:
    if a.type != b.type or a.status != b.status or not partial_date.compatible(a.date, b.date):
        return False
    if a.actors and b.actors:
        if not any(same_person(x, y) for x in a.actors for y in b.actors):
            return False
        if _other_partners(a.actors, b.actors) and _other_partners(b.actors, a.actors):
            return False  # Volodin met Kim, and Volodin met Choe: two meetings
    elif a.actors or b.actors:
        return False
    if set(a.countries) != set(b.countries):
        return False
    return not (a.location and b.location and a.location != b.location)


def _other_partners(these: tuple[str, ...], those: tuple[str, ...]) -> list[str]:
    """The actors of ``these`` that ``those`` does not name."""
    return [x for x in these if not any(same_person(x, y) for y in those)]


def _better(a: EventMention, b: EventMention) -> EventMention:
    """Keep the first statement, completed with what the retelling adds."""
    date = max((a.date, b.date), key=lambda d: len(d or ""))
    return replace(a, date=date, location=a.location or b.location, actors=a.actors or b.actors,
                   what=max((a.what, b.what), key=lambda w: specificity(a.type, w)))
