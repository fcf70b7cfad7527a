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
  not of "at the invitation of X" or "invited on a visit by X" (the inviting host does not
  travel), else the first named who is not the partner the trip is for ("arrived in China
  to meet Xi");
- ``visit.traveller.inanimate``: "the missiles travelled 2,000 km": things travel, only
  people visit;
- ``visit.traveller.guest-of-the-host``: "Kim arrived at the airport and welcomed Moon": the
  guest of who arrives to receive him travels, to the host's state;
- ``visit.traveller.from-abroad``: nobody visits his own state ("his visit to the United
  States" is not Biden's);
- ``visit.traveller.one-per-state``: travellers from two states make two visits ("Moon and
  Abe will visit Chengdu");
- ``visit.home.role-or-qualifier``: the traveller's state, else the state of a role or of the
  adjective in the subject ("A North Korean delegation");
- ``visit.destination.other-state``: a city or state of the clause that is not home, named
  as a location, outside phrases of another episode ("after concluding his visit to ...");
- ``visit.destination.idiom-ground``: "set foot on North Korean soil": the state of the
  ground set foot on;
- ``visit.presence.a-person``: "Russia is in Syria": a state that is somewhere makes no
  visit (a person or delegation that is somewhere abroad does: ``trigger.visit.presence``).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import islice

from spacy.attrs import LOWER
from spacy.tokens import Token

from bilat.annotations.actors import CountryMention, PersonMention, PlaceMention
from bilat.annotations.nlp import Paragraph, tokens_where, word_ids
from bilat.events.arguments.actors import persons_by_dep
from bilat.events.arguments.places import event_city, is_location_use, place_word
from bilat.events.candidate import Candidate, SentenceArguments
from bilat.events.scope import sequence_clauses
from bilat.events.syntax import noun_core, sentence, subjects_of
from bilat.events.triggers import IDIOM_OBJECT_NOUNS, place_left
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
AGENT_PREPS = _LEX.words("AGENT_PREPS")
DELEGATION_WORDS = _LEX.words("DELEGATION_WORDS")
HOST_NOUNS = _LEX.words("HOST_NOUNS")
HOSTING_VERBS = _LEX.words("HOSTING_VERBS")
HOMEWARD_VERBS = _LEX.words("HOMEWARD_VERBS")
ENGAGEMENT_PURPOSE_VERBS = _LEX.words("ENGAGEMENT_PURPOSE_VERBS")
LEADING_VERBS = _LEX.words("LEADING_VERBS")
MEMBERSHIP_WORDS = _LEX.words("MEMBERSHIP_WORDS")
_MEMBERSHIP_IDS, _DELEGATION_IDS = word_ids(MEMBERSHIP_WORDS), word_ids(DELEGATION_WORDS)
TRAVELLER_NOUNS = _LEX.words("TRAVELLER_NOUNS")
TRAVEL_PHRASE_NOUNS = _LEX.words("TRAVEL_PHRASE_NOUNS")
DELEGATION_LEAD_DEPTH = _LEX.number("DELEGATION_LEAD_DEPTH")
INVITER_DEPTH = _LEX.number("INVITER_DEPTH")
GOAL_PREPS = _LEX.words("GOAL_PREPS")
GROUND_PREPS = _LEX.words("ARRIVAL_PREPS")  # "set foot on/in/at": where one sets foot
TRAVELLER_DEPS = {"nsubj", "nsubjpass", "agent", "poss"}


def left_place(trigger: Token, places: list[PlaceMention]) -> PlaceMention | None:
    """The place a verb of leaving names as its object ("departed Pyongyang")."""
    obj = place_left(trigger)
    if obj is None:
        return None
    inside = {t.i for t in obj.subtree}
    return next((p for p in places if p.token_start in inside), None)


def leaves_no_place(trigger: Token, places: list[PlaceMention]) -> bool:
    """ "Britain left the EU": what a verb of leaving leaves is no place, so no journey.
    Rule ``visit.place-left``."""
    return place_left(trigger) is not None and left_place(trigger, places) is None


def fill_visit(cand: Candidate, args: SentenceArguments) -> None:
    """Who travels, from where, to where: the candidate's actors, states and city."""
    if _a_state_is_there(cand.trigger, args.countries):
        return  # "Russia is in Syria": a state's presence, no journey
    named = [a for a in args.actors if a.kind == "person"]
    roles = [a for a in args.actors if a.kind == "role"]
    guests = hosted_guests(named, args.para, cand.trigger)
    cand.actors = guests or travellers(named, args.para, cand.trigger)
    goal = goal_state(cand.trigger, args)
    if goal is not None and cand.trigger.lemma_.lower() not in HOMEWARD_VERBS:
        # "his visit to the United States" cannot be Biden's: nobody visits his own state.
        # Rule ``visit.traveller.from-abroad``.
        cand.actors = [a for a in cand.actors if a.country != goal]
    home = home_state(cand.trigger, cand.actors, roles, args)
    dest, cand.location = destination(cand.trigger, home, args)
    left = left_place(cand.trigger, args.places)
    if left is not None and left.country != home and dest is None:
        # "before Shoigu departed Pyongyang": the place left abroad is where he was.
        # Rule ``visit.place-left``
        dest, cand.location = left.country, left.name if left.kind != "region" else None
    if guests and dest is None:
        # "Kim arrived at the airport and welcomed Moon": Moon came to the host's state
        dest = next((a.country for a in named if a not in guests and a.country != home), None)
    cand.countries = [c for c in (home, dest) if c]
    cand.home_unknown = home is None and dest is not None


def _a_state_is_there(trigger: Token, countries: list[CountryMention]) -> bool:
    """The subject of a presence ("was in Pyongyang", rule ``trigger.visit.presence``) names
    a state: only people and delegations travel. Rule ``visit.presence.a-person``."""
    if trigger.lemma_ != "be":
        return False
    # the head of the subject, not a qualifier ("a Russian delegation was in Pyongyang")
    return any(c.token_start <= s.i < c.token_end for s in subjects_of(trigger)
               for c in countries)


def one_per_home(cand: Candidate) -> list[Candidate]:
    """ "Moon and Abe are scheduled to visit Chengdu": travellers from two states make two
    visits, one from each state to the destination. Rule ``visit.traveller.one-per-state``."""
    homes = list(dict.fromkeys(a.country for a in cand.actors if a.country))
    if (cand.type != EventType.VISIT or len(homes) < 2 or len(cand.countries) < 2
            or any(not a.country for a in cand.actors)):
        return [cand]
    dest = cand.countries[-1]
    return [replace(cand, actors=[a for a in cand.actors if a.country == home],
                    countries=[home, dest]) for home in homes if home != dest]


def goal_state(trigger: Token, args: SentenceArguments) -> str | None:
    """The state the trigger's own goal phrase names ("visit to the United States",
    "arrived in San Francisco"), if any."""
    doc = args.para.doc
    named = [(p.token_end, p.country) for p in args.places]
    named += [(c.token_end, c.iso3) for c in args.countries]
    for end, state in named:
        head = doc[end - 1]
        while head.dep_ in ("compound", "flat") and head.head.i != head.i:
            head = head.head
        if (head.dep_ == "pobj" and head.head.lower_ in GOAL_PREPS
                and head.head.head.i == trigger.i):
            return state
    return None


def hosted_guests(named: list[PersonMention], para: Paragraph,
                  trigger: Token) -> list[PersonMention]:
    """ "Kim arrived at the airport and welcomed Moon": who arrives to welcome, greet or
    receive a guest is the host, and the guest is the one who travels. Rule
    ``visit.traveller.guest-of-the-host``."""
    hosting = [c for c in trigger.children
               if c.dep_ in ("conj", "advcl", "xcomp") and c.pos_ == "VERB"
               and c.lemma_.lower() in HOSTING_VERBS]
    guests: list[PersonMention] = []
    for verb in hosting:
        objects = {t.i for c in verb.children if c.dep_ == "dobj" for t in c.subtree}
        guests.extend(a for a in named if a.token_start in objects)
    return guests


def _visited_partner(tok: Token, trigger: Token) -> bool:
    """ "Lula arrived in China to meet Xi": the partner of the engagement a trip is made for
    is its host, not a traveller. Rule ``visit.traveller.not-the-host``."""
    for verb in tok.ancestors:
        if verb.i == trigger.i:
            return False
        if verb.pos_ == "VERB" and verb.lemma_.lower() in ENGAGEMENT_PURPOSE_VERBS:
            return verb.head.i == trigger.i and verb.dep_ in ("advcl", "xcomp", "conj")
    return False


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
    named = [a for a in named if not _visited_partner(_name_root(para, a), trigger)
             and not _inviter(_name_root(para, a))]
    return [a for a in named if _travels_in_phrase(_name_root(para, a))] or named[:1]


def _name_root(para: Paragraph, person: PersonMention) -> Token:
    """The token a name hangs from the sentence by ("Putin" of "President Vladimir Putin")."""
    tok = para.doc[person.token_end - 1]
    while (tok.dep_ in ("compound", "flat") and tok.head.i != tok.i
           and person.token_start <= tok.head.i < person.token_end):
        tok = tok.head
    return tok


def _travels_in_phrase(tok: Token) -> bool:
    """ "a visit by Putin", "the visit of Kim"."""
    return tok.head.lemma_ in AGENT_PREPS or tok.head.head.lemma_ in TRAVEL_PHRASE_NOUNS


def _inviter(tok: Token) -> bool:
    """ "at the invitation of Putin", "invited on a state visit by Putin": the host."""
    if tok.head.lemma_ not in AGENT_PREPS:
        return False
    phrase = tok.head.head
    return phrase.lemma_ in HOST_NOUNS or any(
        a.lemma_ in HOST_NOUNS for a in list(islice(phrase.ancestors, INVITER_DEPTH)))


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
    ground = _idiom_ground(trigger, home, scope_countries)
    if ground is not None and ground != dest:
        dest, dest_place = ground, None
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


def _idiom_ground(trigger: Token, home: str | None,
                  countries: list[CountryMention]) -> str | None:
    """ "set foot on North Korean soil": the state named in the phrase the idiom's verb
    sets foot on is where the visit goes, whatever place the clause names next ("when he
    crossed into the Demilitarized Zone"). Rule ``visit.destination.idiom-ground``."""
    if trigger.lemma_.lower() not in IDIOM_OBJECT_NOUNS or trigger.dep_ != "dobj":
        return None
    ground = {t.i for prep in trigger.head.children if prep.dep_ == "prep"
              and prep.lower_ in GROUND_PREPS for t in prep.subtree}
    return next((c.iso3 for c in countries if c.token_start in ground and c.iso3 != home), None)


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
    doc, start = tok.doc, sentence(tok).start
    verb = next(tokens_where(doc[start : tok.i], LOWER, _MEMBERSHIP_IDS), None)
    return verb is not None and next(
        tokens_where(doc[start : verb.i], LOWER, _DELEGATION_IDS), None) is not None


def leads_delegation(tok: Token) -> bool:
    """ "a delegation, led by Minister Ri Chang-dae, ..." / "headed by"."""
    chain = [tok, *list(islice(tok.ancestors, DELEGATION_LEAD_DEPTH))]
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
