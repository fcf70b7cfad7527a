"""From a parsed document to event mentions: triggers, arguments, status, date, place.

Pure function of (document, knowledge base): ``extract(document, kb)`` returns the
document's sentences and event mentions. Arguments come from the trigger's syntactic
scope (the clause it heads, or the clause of the light verb that governs it: "held talks
with X"), then from the sentence, then from the document (a meeting during a visit takes
the visit's place and date).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Span, Token

from bilat.annotations import time as timex
from bilat.annotations.actors import DocumentEntities, PersonMention, PlaceMention, annotate
from bilat.annotations.nlp import Paragraph, parse
from bilat.events.merge import dates_compatible
from bilat.events.triggers import LIGHT_VERBS, Trigger, classify, find_triggers
from bilat.knowledge.kb import KnowledgeBase
from bilat.knowledge.names import same_person
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

FUTURE_MARKERS = {"will", "'ll", "shall", "would"}
PLAN_HEADS = {
    "plan",
    "expect",
    "schedule",
    "set",
    "due",
    "intend",
    "aim",
    "prepare",
    "agree",
    "decide",
    "invite",
    "accept",
    "hope",
    "want",
    "seek",
    "propose",
    "arrange",
    "coordinate",
}
PLAN_NOUN_MODS = {
    "upcoming",
    "forthcoming",
    "planned",
    "expected",
    "scheduled",
    "future",
    "next",
    "proposed",
    "prospective",
    "coming",
}
SPECULATIVE_MODALS = {"could", "may", "might", "can", "should", "must"}
SPECULATIVE_WORDS = {
    "possible",
    "potential",
    "possibility",
    "speculation",
    "likely",
    "rumored",
    "rumoured",
    "hypothetical",
    "prospects",
}
CONDITIONAL_MARKERS = {"if", "whether", "unless"}
REPORTING_VERBS = {
    "say",
    "report",
    "tell",
    "announce",
    "state",
    "add",
    "note",
    "quote",
    "claim",
    "confirm",
    "write",
    "reveal",
    "disclose",
    "show",
}


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


# ------------------------------------------------------------------------ entry point


def extract(document: Document, kb: KnowledgeBase) -> DocumentAnalysis:
    paragraphs = parse(document.clean)
    ents = annotate(kb, paragraphs)
    sentences: list[Sentence] = []
    candidates: list[Candidate] = []
    reference = document.published
    pair = _main_countries(ents)
    for p_index, para in enumerate(paragraphs):
        headline = _looks_like_headline(para.doc.text)
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
            if headline:
                # headlines restate the story's event in telegraphic form; the body states it
                # with its arguments, so a headline adds only noise
                continue
            for trig in find_triggers(sent):
                cand = _candidate(
                    kb, document, ents, paragraphs, p_index, sent, record, trig, reference
                )
                if cand is not None:
                    _complete_pair(cand, pair)
                    candidates.append(cand)
    candidates = _propagate(_elaborate(candidates))
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
            cand.countries.append(pair[1] if pair[0] == cand.countries[0] else pair[0])
        return
    if len(set(cand.countries)) == 1:
        known = cand.countries[0]
        if known in pair:
            cand.countries.append(pair[1] if pair[0] == known else pair[0])
    elif not cand.countries and (cand.type == EventType.AGREE or len(cand.actors) >= 2):
        # "The treaty was signed in Pyongyang": an agreement between the article's two states
        cand.countries.extend(pair)


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
    if _in_quotes(sent, tok) or _speculative(tok) or _inside_same_trigger(tok, trig.type):
        return None
    status = Status.PLANNED if _planned(tok) else Status.OCCURRED
    scope = _scope(tok)
    cand = Candidate(trig.type, tok, record, p_index, status=status)
    persons = [
        p
        for p in ents.persons
        if p.para == p_index and p.token_start >= sent.start and p.token_end <= sent.end
    ]
    in_scope = [p for p in persons if any(i in scope for i in range(p.token_start, p.token_end))]
    in_scope = [p for p in in_scope if not _is_source(paragraphs[p_index].doc[p.token_start], tok)]
    in_scope.extend(_pronoun_actors(ents, paragraphs, p_index, sent, scope, record))
    places = [
        pl for pl in ents.places if pl.para == p_index and sent.start <= pl.token_start < sent.end
    ]
    countries = [
        c for c in ents.countries if c.para == p_index and sent.start <= c.token_start < sent.end
    ]
    scope_countries = [c for c in countries if c.token_start in scope]
    offset = paragraphs[p_index].start
    elaborates = _anaphoric(tok) and (not in_scope or tok.dep_ in ("nsubj", "nsubjpass"))
    if tok.lemma_ in ("discuss", "negotiate") and len([p for p in in_scope if p.kind == "person"]) < 2:
        return None
    tense = "future" if status == Status.PLANNED else "past"
    exprs = _expressions(
        sent.text,
        document.published,
        tense=tense,
        reference=reference,
        offset=offset + sent.start_char,
    )
    cand.date = _closest_date(exprs, tok, offset, scope, paragraphs[p_index],
                              scoped_only=status == Status.PLANNED)
    if elaborates:
        cand.elaboration = True
        located = [pl for pl in places if pl.kind != "region"
                   and _is_location_use(paragraphs[p_index].doc[pl.token_start])]
        cand.location = located[0].name if located else None
        return cand
    date_value = cand.date.value if cand.date else document.published
    actors = _resolve_roles(kb, in_scope, date_value)

    if trig.type == EventType.VISIT:
        _fill_visit(kb, cand, actors, places, scope_countries, countries, scope, paragraphs[p_index])
    elif trig.type == EventType.AID:
        _fill_aid(cand, scope_countries or countries, scope, countries)
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
            and climb.head is not climb
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
    # the subject of a governing verb for xcomp/conj chains ("Kim arrived and met Putin")
    anc = head
    while (
        anc.dep_ in ("xcomp", "conj", "advcl", "ccomp")
        and anc.head is not anc
        and anc.head.pos_ in ("VERB", "AUX")
    ):
        anc = anc.head
        for c in anc.children:
            if c.dep_ in ("nsubj", "nsubjpass", "agent"):
                idx.update(t.i for t in c.subtree)
        if anc.dep_ not in ("xcomp", "conj"):
            break
    return idx


def _inside_same_trigger(tok: Token, type_: EventType) -> bool:
    """ "will visit North Korea on a working visit": the noun restates the verb's event."""
    for depth, anc in enumerate(tok.ancestors):
        if depth >= 3:
            break
        if anc.pos_ in ("VERB", "NOUN") and classify(anc) == type_:
            return True
    return False


def _anaphoric(tok: Token) -> bool:
    """ "The visit comes as ...", "the talks were ...": a re-mention of an event already told."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children
    ):
        return True
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these") for c in tok.children
    ) and not any(c.dep_ == "prep" and c.lower_ in ("to", "between", "with", "in") for c in tok.children)


def _in_quotes(sent: Span, tok: Token) -> bool:
    before = sent.doc.text[sent.start_char : tok.idx]
    return (before.count("“") > before.count("”")) or before.count('"') % 2 == 1


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
    chain = [tok, *list(tok.ancestors)[:4]]
    for depth, t in enumerate(chain):
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
        if t.dep_ in ("ccomp", "advcl", "relcl") and depth >= 1:
            break
    # "is to visit", "was set to meet"
    return tok.dep_ == "xcomp" and tok.head.lemma_ == "be"


def _is_source(person_tok: Token, trigger: Token) -> bool:
    """A person who only reports the event ("Peskov said ...") is not a participant."""
    head = person_tok.head
    while head.dep_ in ("compound", "flat", "appos") and head.head is not head:
        head = head.head
    return (
        (person_tok.dep_ in ("nsubj",) or head.dep_ == "nsubj")
        and head.head.lemma_ in REPORTING_VERBS
        and head.head is not trigger
        and trigger not in list(head.head.children)
    )


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
        subject = t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass")
        owner = t.lower_ in ("his", "her") and t.dep_ == "poss" and t.head.pos_ == "NOUN"
        if t.i in scope and (subject or owner):
            gender = "m" if t.lower_ in ("he", "his") else "f"
            prior = [
                p
                for p in ents.persons
                if p.kind == "person" and p.start < paragraphs[p_index].start + t.idx
            ]
            for p in reversed(prior):
                if p.gender in (None, gender):
                    out.append(replace(p, para=p_index, token_start=t.i, token_end=t.i + 1))
                    break
    return out


def _resolve_roles(
    kb: KnowledgeBase, persons: list[PersonMention], date: str | None
) -> list[PersonMention]:
    out = []
    for p in persons:
        if p.kind == "role" and p.office and p.country:
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
        while node.head is not node and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        return node.lemma_ in REPORTING_VERBS

    # "the 75th anniversary of ..." dates what is commemorated, not the event told
    exprs = [e for e in exprs if "anniversary" not in e.text.lower()]
    usable = [e for e in exprs if in_scope(e) or (not scoped_only and not reported(e))]
    if not usable and not scoped_only:
        # "the ministry announced Tuesday that Lavrov met Choe": with no date of its own, a
        # past event is dated by its report (a plan is not: it happens later)
        usable = exprs
    if not usable:
        return None
    ranked = sorted(usable, key=lambda e: (not in_scope(e), abs(e.start - trig_pos)))
    return ranked[0]


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
        if e.precision == Precision.DAY and e.value and not e.text.lower().startswith("the "):
            return e.value
    return current


# ------------------------------------------------------------------------ per type


def _persons_by_dep(
    actors: list[PersonMention], para: Paragraph, deps: set[str]
) -> list[PersonMention]:
    out = []
    for p in actors:
        t = para.doc[p.token_start]
        node = t
        while node.dep_ in ("compound", "flat", "appos", "conj", "poss") and node.head is not node:
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
    travellers = _persons_by_dep(named, para, {"nsubj", "nsubjpass", "agent", "poss"}) + [
        a for a in named if _leads_delegation(para.doc[a.token_start])
    ]
    travellers = travellers or [
        a
        for a in named
        if (para.doc[a.token_start].head.lemma_ in ("by", "of")
            and para.doc[a.token_start].head.head.lemma_ not in ("invitation", "behalf", "request"))
        or para.doc[a.token_start].head.head.lemma_ in ("visit", "arrival", "trip", "delegation")
    ]
    if not travellers and named:
        travellers = named[:1]
    roles = [a for a in actors if a.kind == "role"]
    cand.actors = travellers
    home = next((a.country for a in travellers if a.country), None) or next(
        (r.country for r in roles if r.country), None
    )
    if home is None:
        subj_c = [
            c
            for c in scope_countries
            if c.via in ("demonym", "name")
            and para.doc[c.token_start].dep_ in ("amod", "compound", "poss", "nmod")
        ]
        home = subj_c[0].iso3 if subj_c else None
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


def _leads_delegation(tok: Token) -> bool:
    """ "a delegation, led by Minister Ri Chang-dae, ..." / "headed by"."""
    chain = [tok, *list(tok.ancestors)[:5]]
    lemmas = [t.lemma_.lower() for t in chain]
    return "by" in lemmas and any(x in lemmas for x in ("lead", "head")) and any(
        t.lemma_.lower() in ("delegation", "team", "mission") for t in chain)


def _is_location_use(tok: Token) -> bool:
    """A place named as where something happens ("in Pyongyang", "to Moscow"), not as a
    state ("Moscow's war", "Pyongyang and Moscow agreed")."""
    if any(c.dep_ == "case" for c in tok.children):
        return False
    node = tok
    while node.dep_ in ("compound", "flat", "appos", "conj") and node.head is not node:
        node = node.head
    return node.dep_ in ("pobj", "dobj", "npadvmod", "attr") or node.head.lemma_ in (
        "visit",
        "arrive",
        "land",
    )


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
    located = [p for p in places if p.kind != "region" and _is_location_use(doc[p.token_start])]
    for p in located:
        if p.token_start in scope:
            return p.name
    for c in countries:
        if c.via == "seat" and c.token_start in scope and doc[c.token_start].head.lower_ in ("at", "in", "inside"):
            capital = kb.countries[c.iso3].capital if c.iso3 in kb.countries else None
            if capital:
                return capital
    for p in located:
        if p.country in event_countries and doc[p.token_start].head.lower_ in ("in", "at"):
            return p.name
    return None


def _fill_aid(cand: Candidate, countries: list, scope: set[int], sentence_countries: list) -> None:
    tok = cand.trigger
    # "North Korea providing arms to Russia": the gerund modifies its provider
    head_country = next((c for c in sentence_countries if tok.dep_ in ("acl", "relcl")
                         and c.token_start <= tok.head.i < c.token_end), None)
    if head_country is not None and head_country not in countries:
        countries = [head_country, *countries]
    # "the war in Ukraine", "against Ukraine", "the United States said": not a party to the aid
    countries = [c for c in countries if not _reporter(tok.doc[c.token_start]) and not (
        tok.doc[c.token_start].head.lower_ in ("in", "against", "on", "over", "with", "about")
        or (tok.doc[c.token_start].dep_ == "nsubj" and tok.doc[c.token_start].head.lemma_ in REPORTING_VERBS))]
    provider = recipient = None
    for c in countries:
        t = c.token_start
        node = tok.doc[t]
        while node.dep_ in ("compound", "flat", "amod", "poss", "conj") and node.head is not node:
            node = node.head
        if node.dep_ in ("nsubj", "agent", "nsubjpass") or (node.dep_ == "pobj" and node.head.lower_ == "from") \
                or node is tok.head:
            provider = provider or c.iso3
        elif node.dep_ == "pobj" and node.head.lower_ in ("to", "for", "into"):
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
    ordered = [c for c in (provider, recipient) if c]
    for c in countries:
        if c.iso3 not in ordered and len(ordered) < 2:
            ordered.append(c.iso3)
    cand.countries = ordered
    cand.actors = []


REPORTER_NOUNS = {"media", "intelligence", "agency", "official", "officials", "report", "reports",
                  "service", "services", "newspaper", "outlet", "outlets", "source", "sources",
                  "analyst", "analysts", "military", "lawmaker", "lawmakers"}


def _reporter(tok: Token) -> bool:
    """ "South Korean intelligence reported ...", "South Korean media put ...": the state
    whose media or services report the aid is not a party to it."""
    node = tok
    while node.dep_ in ("compound", "amod", "poss", "flat") and node.head is not node:
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
                and 0 <= c.sentence.index - k.sentence.index <= 2]
        if told:
            target = told[-1]
            if target.date is None and c.date is not None and c.date.value:
                target.date = c.date
            if target.location is None and c.location:
                target.location = c.location
    return kept


EPISODE_TYPES = (EventType.MEET, EventType.VISIT, EventType.AGREE, EventType.CALL)


def _propagate(cands: list[Candidate]) -> list[Candidate]:
    """One episode told over several sentences: a meeting during a visit takes the visit's
    place, and an undated statement takes the date of the nearest statement of the same
    episode (same status, a shared participant, at most three sentences away)."""
    for c in cands:
        episode = [o for o in cands if o is not c and o.status == c.status and _share_actor(c, o)]
        if c.type == EventType.MEET and c.location is None:
            visit = next((o for o in episode if o.type == EventType.VISIT and o.location
                          and (c.date is None or o.date is None
                               or dates_compatible(c.date.value, o.date.value))), None)
            if visit is not None:
                c.location = visit.location
        if c.date is None and c.type in EPISODE_TYPES:
            dated = [o for o in episode if o.type in EPISODE_TYPES and o.date is not None
                     and o.date.value and abs(c.sentence.index - o.sentence.index) <= 3]
            if dated:
                c.date = min(dated, key=lambda o: abs(c.sentence.index - o.sentence.index)).date
    return cands


def _share_actor(a: Candidate, b: Candidate) -> bool:
    return any(same_person(x.name, y.name) for x in a.actors for y in b.actors if x.name and y.name)


def _complete(c: Candidate) -> bool:
    return len(set(c.countries)) >= 2


def _to_mention(document: Document, c: Candidate) -> EventMention:
    actors = tuple(dict.fromkeys(a.name for a in c.actors if a.kind == "person" and a.name))
    date = c.date.value if c.date else None
    s = c.sentence
    evidence = document.text[s.start : s.end].strip()
    lead = len(document.text[s.start : s.end]) - len(document.text[s.start : s.end].lstrip())
    start = s.start + lead
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
    )


AID_KINDS = {
    "troops": {"troop", "troops", "soldier", "soldiers", "force", "forces", "personnel", "contingent"},
    "arms": {"weapon", "weapons", "arm", "arms", "ammunition", "shell", "shells", "missile", "missiles",
             "munition", "munitions", "artillery", "drone", "drones", "tank", "tanks"},
    "goods": {"wheat", "grain", "rice", "flour", "food", "fuel", "oil", "fertilizer"},
}


def _aid_kind(c: Candidate) -> str:
    """What moved (troops, arms, goods): different kinds of aid are different events."""
    if c.type != EventType.AID:
        return ""
    words = {t.lower_ for t in c.trigger.subtree} | {t.lower_ for t in c.trigger.head.children}
    for kind, vocab in AID_KINDS.items():
        if words & vocab:
            return kind
    return "other"


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
    seen: set[str] = set()
    unique = []
    for m in kept:
        if m.id not in seen:
            seen.add(m.id)
            unique.append(m)
    return unique


def _same_event(a: EventMention, b: EventMention) -> bool:
    if a.type != b.type or a.status != b.status or not dates_compatible(a.date, b.date):
        return False
    if a.actors and b.actors:
        if not any(same_person(x, y) for x in a.actors for y in b.actors):
            return False
    elif a.actors or b.actors:
        return False
    if set(a.countries) != set(b.countries):
        return False
    return not (a.location and b.location and a.location != b.location)


def _better(a: EventMention, b: EventMention) -> EventMention:
    """Keep the first statement, completed with what the retelling adds."""
    date = max((a.date, b.date), key=lambda d: len(d or ""))
    return replace(a, date=date, location=a.location or b.location, actors=a.actors or b.actors)
