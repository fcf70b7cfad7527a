"""AID: who provides, who receives, what moves, and when aid words tell no aid.

An aid's candidate records states, not people: :func:`fill_aid` finds the provider and
the recipient among the states (and capitals standing for states) the sentence names.

Rules (ids used by tests/events/cases):

- ``aid.parties.thanked``: "thanked North Korea for sending troops": the state thanked
  provides;
- ``aid.parties.not-reporters``: "South Korean intelligence reported", "the war in Ukraine":
  the reporting state and a state named as a place or a topic are no party;
- ``aid.parties.by-role``: the subject ("Pyongyang's deployment", "from Russia") provides,
  the object of to/for/into receives, and so does the state whose war it supports; whoever
  "receives" is the recipient;
- ``aid.parties.occupier``: "sent troops to Ukrainian territory occupied by Russia": the
  occupier of the destination receives;
- ``aid.parties.cargo-nationality``: "Russian weapons deployed in Belarus": whose weapons
  they are says who provides them;
- ``aid.parties.capital-metonym``: "to support Moscow's war": a capital named as an actor
  stands for its state;
- ``aid.re-mention.another-transfer``: "another transfer" right after an aid is a new aid
  between the same states;
- ``aid.status.pledged``, ``aid.status.quoted-finding``, ``aid.not.topic``,
  ``aid.not.told-before``, ``aid.what.kind``, ``aid.date.ongoing``: see each function.
"""

from __future__ import annotations

from itertools import islice

from spacy.tokens import Span, Token

from bilat.annotations.actors import CountryMention, PlaceMention
from bilat.annotations.nlp import Paragraph
from bilat.events.arguments.places import is_location_use, place_word
from bilat.events.arguments.status import attempted, none_of_it, not_given, suspected
from bilat.events.candidate import Candidate, SentenceArguments
from bilat.events.scope import coordinated_acts
from bilat.events.triggers import (
    AID_NOUNS,
    AID_OBJECTS,
    AID_QUALIFIERS,
    AID_SUPPORT_NOUNS,
    Trigger,
    classify,
)
from bilat.events.types.agreement import agreement_noun
from bilat.knowledge.kb import KnowledgeBase
from bilat.lang import lexicon
from bilat.model import EventType, Sentence

_LEX = lexicon()
AID_RE_MENTION_MODS = _LEX.words("AID_RE_MENTION_MODS")
GRATITUDE_NOUNS = _LEX.words("GRATITUDE_NOUNS")
GRATITUDE_VERBS = _LEX.words("GRATITUDE_VERBS")
KNOWN_CARGO_DETERMINERS = _LEX.words("KNOWN_CARGO_DETERMINERS")
NON_PARTY_PREPS = _LEX.words("NON_PARTY_PREPS")
OCCUPY_VERBS = _LEX.words("OCCUPY_VERBS")
PLEDGE_HEADS = _LEX.words("PLEDGE_HEADS")
RECIPIENT_PREPS = _LEX.words("RECIPIENT_PREPS")
REPORTER_NOUNS = _LEX.words("REPORTER_NOUNS")
REPORTING_VERBS = _LEX.words("REPORTING_VERBS")
SUPPORTING_VERBS = _LEX.words("SUPPORTING_VERBS")
TOPIC_NOUNS = _LEX.words("TOPIC_NOUNS")
TOPIC_VERBS = _LEX.words("TOPIC_VERBS")
AID_RE_MENTION_WINDOW = _LEX.number("AID_RE_MENTION_WINDOW")
TOPIC_DEPTH = _LEX.number("TOPIC_DEPTH")
PLEDGE_DEPTH = _LEX.number("PLEDGE_DEPTH")
THANKS_DEPTH = _LEX.number("THANKS_DEPTH")
# the kinds in this order: the first one the aid's words name is its kind
AID_KINDS = {"troops": _LEX.words("AID_TROOP_WORDS"), "arms": _LEX.words("AID_ARMS_WORDS"),
             "goods": _LEX.words("AID_GOODS_WORDS")}


def fill_aid(cand: Candidate, args: SentenceArguments) -> None:
    """The provider and the recipient of an aid (its people are not recorded)."""
    tok = cand.trigger
    states = args.countries + capital_metonyms(args.kb, args.places, args.para)
    cand.actors = []
    thanked = _thanked_for(tok, states)
    if thanked is not None:
        # "Lavrov thanked North Korea for sending troops who helped Russian forces ...": the
        # state thanked gave the aid; the thanker's state (completed later) received it
        cand.countries = [thanked]
        return
    parties = _parties(tok, [c for c in states if c.token_start in args.scope] or states, states)
    provider, recipient = _provider_and_recipient(tok, parties)
    cand.aid_recipient_only = provider is None and recipient is not None
    ordered = list(dict.fromkeys(c for c in (provider, recipient) if c))
    for c in parties:
        if c.iso3 not in ordered and len(ordered) < 2:
            # with only the recipient known, the other state is the provider
            ordered.insert(0 if cand.aid_recipient_only else len(ordered), c.iso3)
    cand.countries = ordered


def _parties(tok: Token, countries: list[CountryMention],
             sentence_countries: list[CountryMention]) -> list[CountryMention]:
    """The states that can give or receive the aid (rule ``aid.parties.not-reporters``)."""
    # "North Korea providing arms to Russia": the gerund modifies its provider
    head_country = next((c for c in sentence_countries if tok.dep_ in ("acl", "relcl")
                         and c.token_start <= tok.head.i < c.token_end), None)
    if head_country is not None and head_country not in countries:
        countries = [head_country, *countries]
    return [c for c in countries if not _no_party(tok.doc[c.token_start])]


def _no_party(state: Token) -> bool:
    """ "the war in Ukraine", "against Ukraine", "the United States said": not a party."""
    return (_reporter(state) or state.head.lower_ in NON_PARTY_PREPS
            or (state.dep_ == "nsubj" and state.head.lemma_ in REPORTING_VERBS)
            or _reporting_state(state))


def _provider_and_recipient(tok: Token,
                            countries: list[CountryMention]) -> tuple[str | None, str | None]:
    """Who sends and who receives, by where each state stands in the clause (rules
    ``aid.parties.by-role``, ``aid.parties.cargo-nationality``)."""
    provider = recipient = None
    for c in countries:
        node = tok.doc[c.token_start]
        while node.dep_ in ("compound", "flat", "amod", "poss", "conj") and node.head.i != node.i:
            node = node.head
        if _sends(node, tok):
            # "Pyongyang's deployment", "the North Korean deployment": who sends it
            provider = provider or c.iso3
        elif node.dep_ == "pobj" and node.head.lower_ in RECIPIENT_PREPS:
            recipient = recipient or _occupier(node, countries) or c.iso3
        elif node.dep_ == "dobj" and node.head.lemma_ in SUPPORTING_VERBS and node.head.i != tok.i:
            # "troops sent to support Moscow's war": whose effort the aid supports receives it
            recipient = recipient or c.iso3
    if tok.lemma_ == "receive":
        provider, recipient = _received(tok, countries, provider, recipient)
    cargo_state = _cargo_nationality(tok, countries)
    if cargo_state is not None and cargo_state != recipient:
        # "Belarus hosts Russian nuclear weapons deployed there": whose weapons they are
        # says who provides them, whoever the sentence's subject is
        provider = cargo_state
    return provider, recipient


def _sends(node: Token, tok: Token) -> bool:
    """The state's phrase is the aid's subject, its "from", or the aid word or its head."""
    return (node.dep_ in ("nsubj", "agent", "nsubjpass")
            or (node.dep_ == "pobj" and node.head.lower_ == "from")
            or node.i == tok.head.i or node.i == tok.i)


def _received(tok: Token, countries: list[CountryMention], provider: str | None,
              recipient: str | None) -> tuple[str | None, str | None]:
    """ "North Korea received wheat from Russia": the subject receives, "from" provides."""
    doc = tok.doc
    has_from = any(c.head.lower_ == "from" for c in tok.subtree if c.dep_ == "pobj")
    provider = provider if provider and has_from else None
    subj = [c.iso3 for c in countries
            if doc[c.token_start].dep_ in ("nsubj",) or doc[c.token_start].head.dep_ == "nsubj"]
    from_c = [c.iso3 for c in countries if doc[c.token_start].head.lower_ == "from"]
    provider = from_c[0] if from_c else provider
    recipient = subj[0] if subj else recipient
    return provider, recipient


def _thanked_for(tok: Token, countries: list[CountryMention]) -> str | None:
    """The state thanked for an aid: "thanked North Korea for sending troops", "expressed
    gratitude to Pyongyang for the support it provided"."""
    node = tok
    for _ in range(THANKS_DEPTH):
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ == "for":
            verb = node.head.head
            if verb.lemma_ in GRATITUDE_NOUNS and verb.head.pos_ == "VERB":
                verb = verb.head
            grateful = verb.lemma_ in GRATITUDE_VERBS or any(
                c.dep_ == "dobj" and c.lemma_ in GRATITUDE_NOUNS for c in verb.children)
            if not grateful:
                return None
            thanked = {t.i for c in verb.children
                       if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "to")
                       for t in c.subtree}
            return next((c.iso3 for c in countries if c.token_start in thanked), None)
        node = node.head
    return None


def _occupier(destination: Token, countries: list[CountryMention]) -> str | None:
    """ "sent troops to Ukrainian territory occupied by Russia": the destination is held by
    the occupier, who receives the troops. Rule
    ``aid.parties.occupier``."""
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


def _reporter(tok: Token) -> bool:
    """ "South Korean intelligence reported ...", "South Korean media put ...": the state
    whose media or services report the aid is not a party to it."""
    node = tok
    while node.dep_ in ("compound", "amod", "poss", "flat") and node.head.i != node.i:
        node = node.head
    return node.lemma_.lower() in REPORTER_NOUNS or node.lower_ in REPORTER_NOUNS


def _reporting_state(tok: Token) -> bool:
    """ "South Korea and the United States say that ... soldiers have been sent": the states
    that report an aid (the whole subject of the reporting verb) are not party to it."""
    node = tok
    # "Ukrainian President Zelenskyy said": the reporter's nationality too
    while node.dep_ in ("compound", "flat", "conj", "appos", "amod") and node.head.i != node.i:
        node = node.head
    return node.dep_ == "nsubj" and node.head.lemma_ in REPORTING_VERBS


def capital_metonyms(kb: KnowledgeBase, places: list[PlaceMention],
                      para: Paragraph) -> list[CountryMention]:
    """ "to support Moscow's war", "Pyongyang's weapons programs": a capital named as an
    actor (not as where something happens) stands for its state."""
    out = []
    for pl in places:
        state = kb.countries.get(pl.country)
        if state is None or state.capital != pl.name or is_location_use(place_word(para.doc, pl)):
            continue
        out.append(CountryMention(pl.start, pl.end, pl.text, pl.country, pl.para,
                                  pl.token_start, pl.token_end, "capital"))
    return out


def aid_re_mentions(sent: Span, record: Sentence, told: list[Candidate]) -> list[Trigger]:
    """ "The agency said another transfer operation will be carried out": right after an
    aid is told, another transfer (of what was just told) is a new aid between the same
    states, though it names neither what moves nor who sends it."""
    if not any(c.type == EventType.AID
               and 0 < record.index - c.sentence.index <= AID_RE_MENTION_WINDOW for c in told):
        return []
    out = []
    for t in sent:
        if t.pos_ != "NOUN" or t.lower_ not in AID_NOUNS or classify(t) is not None:
            continue
        holder = t.head if t.dep_ == "compound" else t  # "another [transfer] operation"
        if any(c.dep_ in ("det", "amod") and c.lower_ in AID_RE_MENTION_MODS
               for c in holder.children):
            out.append(Trigger(t, EventType.AID))
    return out


def quoted_fact(tok: Token) -> bool:
    """ "it had detected 'North Korea transported its special forces to Russia'": a quoted
    finding that aid was sent is still a report of it (quoted intentions are not).
    Rule ``aid.status.quoted-finding``."""
    return tok.tag_ in ("VBD", "VBN")


def not_aid(tok: Token) -> bool:
    """The words around an aid word say no aid moved: it is a topic of talks or a clause
    of a document, suspected, attempted, denied by its object ("no troops were sent"),
    asked for, stopped or refused, or troops already told of (rules ``aid.not.topic``,
    ``status.suspected``, ``status.attempted``, ``status.none-of-it``, ``status.not-given``,
    ``aid.not.told-before``)."""
    return (_aid_topic(tok) or suspected(tok) or attempted(tok)
            or none_of_it(tok, agreement_noun(tok)) or not_given(tok) or _cargo_told_before(tok))


def names_its_content(tok: Token) -> bool:
    """ "the support the North Korean people provided": a definite aid noun with a relative
    clause says what it is, it is not a re-mention of an aid told before."""
    return any(c.dep_ == "relcl" for c in tok.children)


def _aid_topic(tok: Token) -> bool:
    """The aid is what is discussed or what a document says, not something that happened.
    Rule ``aid.not.topic``."""
    for depth, anc in enumerate(tok.ancestors):
        if depth >= TOPIC_DEPTH:
            break
        if anc.pos_ == "VERB" and anc.lemma_ in TOPIC_VERBS:
            return True
        if anc.pos_ == "NOUN" and (anc.lemma_ in TOPIC_NOUNS or anc.lower_ in TOPIC_NOUNS):
            return True
    return False


def _cargo_told_before(tok: Token) -> bool:
    """ "The deployed troops have been stationed in Vladivostok": "the deployed troops" are
    those whose deployment was told before; the sentence says where they are, not that
    they were sent again ("newly deployed soldiers" with no "the" is news).
    Rule ``aid.not.told-before``."""
    return tok.dep_ == "amod" and any(
        c.dep_ == "det" and c.lower_ in KNOWN_CARGO_DETERMINERS for c in tok.head.children)


def pledged(tok: Token) -> bool:
    """ "Russia pledged humanitarian aid", "promised to send troops": the aid is to come.
    Rule ``aid.status.pledged``."""
    return any(anc.lemma_ in PLEDGE_HEADS and anc.pos_ in ("VERB", "NOUN")
               for anc in list(islice(tok.ancestors, PLEDGE_DEPTH)))


def ongoing_aid(tok: Token) -> bool:
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


def aid_kind(c: Candidate) -> str:
    """What moved (troops, arms, goods, "technical support"; "other" or a bare "support"
    when the text does not say): different kinds of aid are different events.
    Rule ``aid.what.kind``."""
    if c.type != EventType.AID:
        return ""
    if c.trigger.lemma_ in AID_SUPPORT_NOUNS:
        # "technical support for Pyongyang's weapons programs" moves know-how, not the
        # weapons its purpose names: the qualifier says what kind of aid it is
        qualifiers = sorted(t.lower_ for t in c.trigger.subtree if t.lower_ in AID_QUALIFIERS)
        return " ".join([" and ".join(qualifiers), "support"]).strip()
    others = coordinated_acts(c.trigger, EventType.AID)
    words = {t.lower_ for t in c.trigger.subtree if t.i not in others} | {
        t.lower_ for t in c.trigger.head.children}
    for kind, vocab in AID_KINDS.items():
        if words & vocab:
            return kind
    return "other"


def what_moved(c: Candidate) -> str | None:
    """The aid label (:mod:`bilat.events.objects`): its kind, None when the text does not say."""
    kind = aid_kind(c)
    return None if kind in ("other", "support") else kind
