"""VISIT: who travels, from which state, to which state and city.

A visit's candidate is filled from its sentence (:func:`fill_visit`): the traveller
(:func:`travellers`), the state the traveller comes from (:func:`home_state`) and the
destination (:func:`destination`). The delegation rules here also serve the
``delegations`` pass, which names an unnamed delegation's leader from the sentences around.

Rules (ids used by tests/events/cases):

- ``visit.traveller.owner``: "his visit", "Kim's trip": the owner of the visit travels;
- ``visit.traveller.subject``: else the subject, the agent ("a visit by"), and who leads the
  travelling delegation;
- ``visit.traveller.unnamed``: "A North Korean delegation left for ...": nobody named in the
  sentence stands in for an unnamed traveller;
- ``visit.traveller.not-the-host``: else the person of "a visit by X", "the visit of X", but
  not of "at the invitation of X" (the inviting host does not travel), else the first named;
- ``visit.traveller.inanimate``: "the missiles travelled 2,000 km": things travel, only
  people visit;
- ``visit.home.role-or-qualifier``: the traveller's state, else the state of a role or of the
  adjective in the subject ("A North Korean delegation");
- ``visit.destination.other-state``: a city or state of the clause that is not home, named
  as a location, outside phrases of another episode ("after concluding his visit to ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from bilat.annotations.actors import CountryMention, PersonMention
from bilat.annotations.nlp import Paragraph
from bilat.events.arguments.actors import persons_by_dep
from bilat.events.arguments.places import event_city, is_location_use, place_word
from bilat.events.candidate import Candidate, SentenceArguments
from bilat.events.scope import sequence_clauses
from bilat.events.syntax import noun_core, subjects_of
from bilat.lang import lexicon

_LEX = lexicon()
AGENT_PREPS = _LEX.words("AGENT_PREPS")
DELEGATION_WORDS = _LEX.words("DELEGATION_WORDS")
HOST_NOUNS = _LEX.words("HOST_NOUNS")
LEADING_VERBS = _LEX.words("LEADING_VERBS")
MEMBERSHIP_WORDS = _LEX.words("MEMBERSHIP_WORDS")
TRAVELLER_NOUNS = _LEX.words("TRAVELLER_NOUNS")
TRAVEL_PHRASE_NOUNS = _LEX.words("TRAVEL_PHRASE_NOUNS")
DELEGATION_LEAD_DEPTH = _LEX.number("DELEGATION_LEAD_DEPTH")
TRAVELLER_DEPS = {"nsubj", "nsubjpass", "agent", "poss"}


def fill_visit(cand: Candidate, args: SentenceArguments) -> None:
    """Who travels, from where, to where: the candidate's actors, states and city."""
    named = [a for a in args.actors if a.kind == "person"]
    roles = [a for a in args.actors if a.kind == "role"]
    cand.actors = travellers(named, args.para, cand.trigger)
    home = home_state(cand.trigger, cand.actors, roles, args)
    dest, cand.location = destination(cand.trigger, home, args)
    cand.countries = [c for c in (home, dest) if c]


def travellers(named: list[PersonMention], para: Paragraph,
               trigger: Token) -> list[PersonMention]:
    """The named people who travel: the owner of the visit (``visit.traveller.owner``), else
    its subjects and who leads the travelling delegation (``visit.traveller.subject``); if
    none, and the traveller is no unnamed delegation or official
    (``visit.traveller.unnamed``), the person of "a visit by X"
    (``visit.traveller.not-the-host``)."""
    found = _possessors(named, para, trigger) or persons_by_dep(named, para, TRAVELLER_DEPS) + [
        a for a in named if _leads_travelling_delegation(para.doc[a.token_start], trigger)]
    if found or _unnamed_traveller(trigger, named):
        return found
    return [a for a in named if _travels_in_phrase(para.doc[a.token_start])] or named[:1]


def _travels_in_phrase(tok: Token) -> bool:
    """ "a visit by Putin", "the visit of Kim", not "at the invitation of Putin"."""
    return ((tok.head.lemma_ in AGENT_PREPS and tok.head.head.lemma_ not in HOST_NOUNS)
            or tok.head.head.lemma_ in TRAVEL_PHRASE_NOUNS)


def home_state(trigger: Token, travellers: list[PersonMention], roles: list[PersonMention],
               args: SentenceArguments) -> str | None:
    """The state the traveller comes from (rule ``visit.home.role-or-qualifier``)."""
    home = (next((a.country for a in travellers if a.country), None)
            or _traveller_country(trigger, roles, args.countries, args.para)
            or next((r.country for r in roles if r.country), None))
    if home is not None:
        return home
    doc = args.para.doc
    qualifiers = [c for c in args.scope_countries if c.via in ("demonym", "name")
                  and doc[c.token_start].dep_ in ("amod", "compound", "poss", "nmod")]
    return qualifiers[0].iso3 if qualifiers else None


def destination(trigger: Token, home: str | None,
                args: SentenceArguments) -> tuple[str | None, str | None]:
    """The state and city the visit goes to (rule ``visit.destination.other-state``)."""
    doc = args.para.doc
    # "landed in Hanoi after concluding his visit to North Korea": not this visit's destination
    scope = args.scope - sequence_clauses(trigger, args.scope)
    scope_countries = [c for c in args.scope_countries if c.token_start in scope]
    dest_place = next((p for p in args.places if p.token_start in scope and p.country != home
                       and is_location_use(place_word(doc, p))), None)
    dest = dest_place.country if dest_place else None
    if dest is None:
        dest = next((c.iso3 for c in scope_countries if c.iso3 != home and c.via in ("name", "seat")
                     and is_location_use(doc[c.token_start])), None)
    if dest is None:
        dest = next((c.iso3 for c in scope_countries if c.iso3 != home), None)
    city = dest_place.name if dest_place and dest_place.kind != "region" else None
    if city is None and dest:
        in_dest = [p for p in args.places if p.country == dest]
        city = event_city(in_dest, scope, trigger, {dest})
    return dest, city


def inanimate_traveller(tok: Token) -> bool:
    """The subject of a motion verb is a thing ("missiles", "the train"), not a visitor.
    Rule ``visit.traveller.inanimate``."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (subject is not None and subject.pos_ == "NOUN" and subject.ent_type_ == ""
            and subject.lemma_.lower() not in TRAVELLER_NOUNS)


def _possessors(actors: list[PersonMention], para: Paragraph,
                trigger: Token) -> list[PersonMention]:
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


def _traveller_country(trigger: Token, roles: list[PersonMention],
                       countries: list[CountryMention], para: Paragraph) -> str | None:
    """The state of an unnamed traveller: a role in the subject ("Russia's deputy minister
    arrived"), else the state that qualifies the subject noun ("A North Korean delegation
    left for Russia ... a forum with the South Korean leader": PRK, not KOR)."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    if trigger.dep_ in ("acl", "relcl"):
        subjects.append(trigger.head)
    owner = {i for subj in subjects for i in noun_core(subj)}
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
    if not leads_delegation(tok):
        return False
    for d in tok.ancestors:
        if d.lemma_.lower() in DELEGATION_WORDS:
            return (d.head.i == trigger.i or trigger.head.i == d.i or d in subjects_of(trigger)
                    or (d.head.lower_ in AGENT_PREPS and d.head.head.i == trigger.i))
    return True  # "X led a delegation": X is the subject, the traveller either way


def _unnamed_traveller(trigger: Token, named: list[PersonMention]) -> bool:
    """ "A North Korean delegation left for Russia, ... a forum with President Moon": the
    traveller is a delegation or an unnamed official, so no named person of the sentence
    stands in for it."""
    subjects = subjects_of(trigger)
    for subj in subjects:
        if subj.pos_ != "NOUN" or subj.lemma_.lower() not in TRAVELLER_NOUNS:
            continue
        # "the deputy head of Russia's command centre Viktor Kalganov led ...": the name may
        # follow the noun's of-phrase
        # and "a delegation led by ... named Kim Jin Chol": participles describe the noun, but
        # what the trigger itself says ("a delegation [left for a forum with Moon]") does not
        inside = noun_core(subj, ("relcl",))
        if trigger.i in inside:
            inside -= {t.i for t in trigger.subtree}
        if not any(p.token_start in inside for p in named):
            return True
    return False


def delegation_member(tok: Token) -> bool:
    """ "The delegation also includes Deputy Minister X and Y": members travel with it. Read
    from the words, since a paragraph without a trigger is not parsed."""
    words = [t.lower_ for t in tok.sent if t.i < tok.i]
    verb = next((i for i, w in enumerate(words) if w in MEMBERSHIP_WORDS), None)
    return verb is not None and any(w in DELEGATION_WORDS for w in words[:verb])


def leads_delegation(tok: Token) -> bool:
    """ "a delegation, led by Minister Ri Chang-dae, ..." / "headed by"."""
    chain = [tok, *list(tok.ancestors)[:DELEGATION_LEAD_DEPTH]]
    lemmas = [t.lemma_.lower() for t in chain]
    if "by" not in lemmas or not any(x in lemmas for x in LEADING_VERBS):
        return False
    # "a delegation, led by X" (the delegation governs) or "the delegation is led by X"
    near = chain + [c for t in chain if t.lemma_.lower() in LEADING_VERBS for c in t.children]
    return any(t.lemma_.lower() in DELEGATION_WORDS for t in near)


def delegation_travels(trigger: Token) -> bool:
    """ "The delegation left for ...", "a delegation visiting Moscow"."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    if trigger.dep_ in ("acl", "relcl"):
        subjects.append(trigger.head)
    return any(t.lemma_ in DELEGATION_WORDS for t in subjects)
