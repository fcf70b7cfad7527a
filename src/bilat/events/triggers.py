"""Event triggers: the words that state a visit, meeting, call, agreement or aid.

A trigger is a token whose lemma is in a trigger class of ``lang/en/events_triggers.yaml``
and whose syntactic context confirms the reading ("left for Vladivostok" is a visit,
"left the room" is not). The lexicon is small on purpose: every word in it was checked
against how news writes each event type (EVENTS.md gives the CAMEO/PLOVER definitions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Span, Token

from bilat.annotations.nlp import attribute_ids, kept_on, tokens_where, word_ids
from bilat.events.syntax import child_words
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
VISIT_VERBS = _LEX.words("VISIT_VERBS")
VISIT_NOUNS = _LEX.words("VISIT_NOUNS")
MOTION_NEEDS_DESTINATION = _LEX.words("MOTION_NEEDS_DESTINATION")
DESTINATION_PREPS = _LEX.words("DESTINATION_PREPS")
ARRIVAL_PREPS = _LEX.words("ARRIVAL_PREPS")
RETURN_PREPS = _LEX.words("RETURN_PREPS")
TOUR_PREPS = _LEX.words("TOUR_PREPS")
PRESENCE_PREPS = _LEX.words("PRESENCE_PREPS")
TRAVELLER_NOUNS = _LEX.words("TRAVELLER_NOUNS")
PERSONAL_SUBJECTS = _LEX.words("PERSONAL_SUBJECTS")
GO_VERBS = _LEX.words("GO_VERBS")
LEAVING_VERBS = _LEX.words("LEAVING_VERBS")
PLACE_ANAPHORS = _LEX.words("PLACE_ANAPHORS")
TO = frozenset({"to"})
MEET_VERBS = _LEX.words("MEET_VERBS")
HOSTING_VERBS = _LEX.words("HOSTING_VERBS")
GUEST_PREPS = _LEX.words("GUEST_PREPS")
GUEST_NOUNS = _LEX.words("GUEST_NOUNS")
MEET_NOUNS = _LEX.words("MEET_NOUNS")
TELEPHONE_WORDS = _LEX.words("TELEPHONE_WORDS")
PHONE_WORDS = _LEX.words("PHONE_WORDS")
PHONE_MEDIA = _LEX.words("PHONE_MEDIA")
PHONE_PREPS = _LEX.words("PHONE_PREPS")
PHONE_TALK_VERBS = _LEX.words("PHONE_TALK_VERBS")
CALL_NOUNS = _LEX.words("CALL_NOUNS")
CALL_PARTY_PREPS = _LEX.words("CALL_PARTY_PREPS")
DEFINITE_DETERMINERS = _LEX.words("DEFINITE_DETERMINERS")
ARTICLES = _LEX.words("ARTICLES")
AGREE_VERBS = _LEX.words("AGREE_VERBS")
SIGN_VERBS = _LEX.words("SIGN_VERBS")
AGREE_REACH_VERBS = _LEX.words("AGREE_REACH_VERBS")
AGREE_ACT_NOUNS = _LEX.words("AGREE_ACT_NOUNS")
# the nouns that make a signing an agreement: the generic ones and those naming a kind
AGREE_NOUNS = _LEX.words("GENERIC_AGREEMENT_NOUNS") | frozenset(_LEX.mapping("AGREEMENT_KINDS"))
SIGNED_PAPERS = _LEX.words("SIGNED_PAPERS")
OBJECT_PRONOUNS = _LEX.words("OBJECT_PRONOUNS")
AID_VERBS = _LEX.words("AID_VERBS")
AID_OBJECTS = _LEX.words("AID_OBJECTS")
AID_NOUNS = _LEX.words("AID_NOUNS")
NOT_GIVING_PHRASES = _LEX.words("NOT_GIVING_PHRASES")
AID_SUPPORT_NOUNS = _LEX.words("AID_SUPPORT_NOUNS")
AID_QUALIFIERS = _LEX.words("AID_QUALIFIERS")
AID_SUPPORT_VERBS = _LEX.words("AID_SUPPORT_VERBS")
STANCE_QUALIFIERS = _LEX.words("STANCE_QUALIFIERS")
AID_RECIPIENT_PREPS = _LEX.words("AID_RECIPIENT_PREPS")
DEPLOYMENT_MODIFIERS = _LEX.words("DEPLOYMENT_MODIFIERS")
LIGHT_VERBS = _LEX.words("LIGHT_VERBS")
IDIOM_OBJECT_NOUNS = _LEX.words("IDIOM_OBJECT_NOUNS")
EVENT_IDIOMS = {phrase: EventType(kind) for phrase, kind in _LEX.mapping("EVENT_IDIOMS").items()}
# Every lemma (or lower-cased word) classify() can accept as a trigger, but "be" (a
# presence, screened by its place: EventScreen.names_a_presence). The screen
# (events/screen.py) parses only paragraphs holding one of them; tests/events/test_screen.py
# fails when a confirmed trigger of the examples or the dev set is missing here.
TRIGGER_LEMMAS = _LEX.words("TRIGGER_LEMMAS")


@dataclass(frozen=True)
class Trigger:
    token: Token
    type: EventType


def phrasal_lemma(verb: Token) -> str:
    """ "called off" -> "call off", "gave up" -> "give up": a verb read with its particle."""
    # the first particle, read by its ids (called for every verb above a trigger)
    particle = next((lower for dep, lower in child_words(verb) if dep == _PARTICLE), None)
    return verb.lemma_ if particle is None else f"{verb.lemma_} {verb.vocab.strings[particle]}"


_PARTICLE = get_string_id("prt")


def _has_prep_object(tok: Token, preps: frozenset[str]) -> bool:
    return any(
        c.dep_ == "prep" and c.lower_ in preps and any(g.dep_ == "pobj" for g in c.children)
        for c in tok.children
    )


def _is_phone(tok: Token) -> bool:
    """ "phone call", "telephone conversation", "phone talks", "video call". Rule
    ``trigger.call.phone``."""
    if tok.i in _phone_modified(tok.doc):  # a phone word modifies it
        return True
    if tok.lemma_ in TELEPHONE_WORDS and tok.pos_ == "VERB":
        return True
    # "they spoke by telephone", "talked over the phone", "conferred via video link"
    return tok.pos_ == "VERB" and tok.lemma_ in PHONE_TALK_VERBS and any(
        c.dep_ == "prep" and c.lower_ in PHONE_PREPS
        and any(g.lemma_ in PHONE_MEDIA for g in c.subtree)
        for c in tok.children
    )


def _aid_object(tok: Token) -> bool:
    return any(c.lemma_.lower() in AID_OBJECTS or c.lower_ in AID_OBJECTS for c in tok.subtree)


def _concludes_an_engagement(tok: Token) -> bool:
    """ "Concluding the talks", "after concluding his visit": an ending, not a treaty. Rule
    ``trigger.agree.concluding-an-engagement`` ("after the talks concluded" too)."""
    ended = ("dobj", "nsubjpass") if any(c.dep_ == "dobj" for c in tok.children) else (
        "dobj", "nsubjpass", "nsubj")
    return tok.lemma_ == "conclude" and any(
        c.dep_ in ended and (c.lemma_ in MEET_NOUNS or c.lemma_ in VISIT_NOUNS
                                             or c.lower_ in MEET_NOUNS or c.lower_ in VISIT_NOUNS)
        for c in tok.children
    )


# Doc.user_data key: token index -> classify()'s answer. The rules ask about the same
# tokens again and again (every noun of a sentence, once per trigger in it), and the
# answer depends only on the parsed paragraph, which extraction never changes.
_CLASSIFIED = "bilat.classified"


def classify(tok: Token) -> EventType | None:
    """The event type ``tok`` triggers in its context, or None."""
    known: dict[int, EventType | None] = tok.doc.user_data.setdefault(_CLASSIFIED, {})
    i = tok.i
    if i in known:
        return known[i]
    answer = known[i] = _classify(tok)
    return answer


def _classify(tok: Token) -> EventType | None:
    if tok.lemma_ == "be":
        return EventType.VISIT if _is_presence(tok) else None
    if tok.pos_ == "VERB":
        return _verb_type(tok)
    if tok.pos_ in ("NOUN", "PROPN"):
        return _noun_type(tok)
    return None


def _verb_type(tok: Token) -> EventType | None:
    lemma = tok.lemma_.lower()
    if _is_phone(tok) or (lemma == "call" and any(c.lower_ in TELEPHONE_WORDS
                                                  for c in tok.children)):
        return EventType.CALL
    if (lemma in AGREE_VERBS and not _concludes_an_engagement(tok)
            and not _signs_something_else(tok)):
        return EventType.AGREE
    if lemma in AGREE_REACH_VERBS and _reaches_an_agreement(tok):
        return EventType.AGREE
    if lemma in AID_VERBS and _aid_verb_ok(tok):
        return EventType.AID
    if lemma in MEET_VERBS:
        if lemma in HOSTING_VERBS and not _has_person_like_object(tok):
            return None  # "received aid", "hosted a forum": no guest
        return EventType.MEET
    if lemma in VISIT_VERBS:
        return EventType.VISIT if _goes_somewhere(tok, lemma) else None
    if (lemma == "lead" and any(c.lemma_ == "delegation" for c in tok.children)
            and _has_prep_object(tok, TO)):
        return EventType.VISIT  # "led a delegation to Moscow"
    return None


def _goes_somewhere(tok: Token, lemma: str) -> bool:
    """A motion verb tells a visit only with where it goes ("left for Moscow", "arrived in
    Pyongyang", "returned to Moscow", "flew over", "head there"), not "left the room". Rule
    ``trigger.visit.destination``; "there" is resolved by ``places.document.there``."""
    if place_left(tok) is not None or _goes_there(tok):
        return True
    if (lemma in MOTION_NEEDS_DESTINATION and not _has_prep_object(tok, DESTINATION_PREPS)
            and not any(c.dep_ == "prt" and c.lower_ == "over" for c in tok.children)):
        return False
    if (lemma == "arrive" and not _has_prep_object(tok, ARRIVAL_PREPS)
            and not any(c.dep_ in ("advmod", "npadvmod") for c in tok.children)):
        return False
    if lemma == "return" and not _has_prep_object(tok, RETURN_PREPS):
        return False
    return not (lemma in GO_VERBS and not _has_prep_object(tok, TO))


def _is_presence(be: Token) -> bool:
    """ "a delegation led by Shoigu was in Pyongyang", "Choe, who is in Moscow this week":
    someone who is in a named place has travelled there (rule ``trigger.visit.presence``);
    the sentence stage keeps it only abroad."""
    if not _someone_there(be):
        return False
    return any(c.dep_ == "prep" and c.lower_ in PRESENCE_PREPS and any(_names_a_place(g)
                                                                      for g in c.children)
               for c in be.children)


def _names_a_place(obj: Token) -> bool:
    """ "in Pyongyang", "in China": a name ("in talks", "in favour" are not places)."""
    return obj.dep_ == "pobj" and obj.pos_ == "PROPN"


def _someone_there(be: Token) -> bool:
    """The subject of "be" is a person or a travelling group ("Choe, who is in ...": the
    noun a relative "who" stands for), not a thing or a state ("talks are in Moscow")."""
    subject = next((c for c in be.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if be.dep_ == "relcl" and subject.lower_ == "who":
        subject = be.head
    if subject.pos_ == "PRON":
        return subject.lower_ in PERSONAL_SUBJECTS
    if subject.ent_type_ in ("GPE", "LOC", "NORP", "FAC", "EVENT"):
        return False
    return subject.pos_ == "PROPN" or subject.lemma_.lower() in TRAVELLER_NOUNS


def _goes_there(tok: Token) -> bool:
    """ "Moon will head there": an adverb standing for a place named before is a destination."""
    return any(c.dep_ == "advmod" and c.lower_ in PLACE_ANAPHORS for c in tok.children)


def place_left(tok: Token) -> Token | None:
    """ "departed Pyongyang", "left Hanoi's Metropole hotel": the object of a verb of leaving
    that names something (not "left the room", "left office"); the sentence stage keeps
    the journey only if it is a place (rule ``visit.place-left``). Rule
    ``trigger.visit.place-left``."""
    if tok.lemma_.lower() not in LEAVING_VERBS:
        return None
    return next((c for c in tok.children if c.dep_ == "dobj"
                 and any(t.pos_ == "PROPN" for t in c.subtree)), None)


# Every rule of _noun_type asks for one of these as the noun's lower-case form or lemma:
# any other noun (most nouns of a sentence) triggers nothing, and is answered at once.
_NOUN_TRIGGER_WORDS = (CALL_NOUNS | AGREE_ACT_NOUNS | MEET_NOUNS | VISIT_NOUNS | AID_NOUNS
                       | AID_SUPPORT_NOUNS | IDIOM_OBJECT_NOUNS
                       | {"call", "deployment", "conclusion"})


def _noun_type(tok: Token) -> EventType | None:
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if low not in _NOUN_TRIGGER_WORDS and lemma not in _NOUN_TRIGGER_WORDS:
        return None
    if lemma in IDIOM_OBJECT_NOUNS:
        return _idiom_type(tok, lemma)
    if (low in CALL_NOUNS and _is_phone(tok)) or _the_call_by_phone(tok) or _call_between(tok):
        return EventType.CALL
    if low in AGREE_ACT_NOUNS or lemma in AGREE_ACT_NOUNS:
        return EventType.AGREE
    if low in MEET_NOUNS or lemma in MEET_NOUNS:
        return EventType.MEET
    if low in VISIT_NOUNS or lemma in VISIT_NOUNS:
        if low == "stay" and not any(c.lower_ == "in" for c in tok.children):
            return None  # "a stay in Moscow", not "the stay of execution"
        if low == "tour" and not _has_prep_object(tok, TOUR_PREPS):
            return None  # "a tour of Asia", not "a guided tour"
        return EventType.VISIT
    if (low in AID_NOUNS and _aid_object(tok)) or (low == "deployment" and _troop_compound(tok)):
        return EventType.AID
    if lemma in AID_SUPPORT_NOUNS and _material_support(tok):
        return EventType.AID
    if lemma == "conclusion" and _of_an_agreement(tok):
        return EventType.AGREE
    return None


def _idiom_type(tok: Token, lemma: str) -> EventType | None:
    """ "set foot on North Korean soil": the object of the verb of an idiom tells its event
    (rule ``trigger.idiom``); "a foot soldier", "the foot of the hill" tell none."""
    if tok.dep_ != "dobj":
        return None
    return EVENT_IDIOMS.get(f"{tok.head.lemma_.lower()} {lemma}")


def _the_call_by_phone(tok: Token) -> bool:
    """ "the call" in a sentence that speaks of the phone ("the call, by telephone, ...")."""
    return (tok.lower_ == "call" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in ARTICLES
            and any(t.lower_ in TELEPHONE_WORDS for t in tok.sent))


def _call_between(tok: Token) -> bool:
    """ "dominated a call between President Biden and Xi Jinping": the noun "call" naming the
    people it joins (a definite subject, "The call between them was ...", restates a call
    told before: ``call.re-mention.the-call``). Rule ``trigger.call.between``."""
    if tok.lemma_ != "call":
        return False  # (asked of every noun: the cheapest test first)
    if tok.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in tok.children):
        return False
    return _has_prep_object(tok, CALL_PARTY_PREPS) and any(
        g.ent_type_ in ("PERSON", "GPE", "NORP") or g.pos_ == "PROPN"
        for c in tok.children if c.dep_ == "prep" and c.lower_ in CALL_PARTY_PREPS
        for g in c.subtree)


def _is_agreement_noun(tok: Token) -> bool:
    return tok.lemma_.lower() in AGREE_NOUNS or tok.lower_ in AGREE_NOUNS


def _signs_something_else(tok: Token) -> bool:
    """ "signed a decree appointing an ambassador", "signed the guest book": what is signed is
    no agreement between states (unless it carries one: "the law ratifying the treaty"). Rule
    ``trigger.agree.signs-something-else``."""
    if tok.lemma_ not in SIGN_VERBS:
        return False
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"):
        objects.append(tok.head)  # "a decree signed on Monday"
    return bool(objects) and not any(
        t.lemma_.lower() in AGREE_NOUNS or t.lower_ in AGREE_NOUNS or t.lower_ in SIGNED_PAPERS
        or t.lemma_.lower() in SIGNED_PAPERS
        # a signed noun's own phrase, or for "the implementation of the treaty signed in
        # 1994" (where the parser may hang "signed" on the wrong noun) what precedes "signed"
        for o in objects for t in (o.subtree if o.head.i == tok.i
                                   else [x for x in o.subtree if x.i < tok.i])
    ) and not any(o.lower_ in OBJECT_PRONOUNS for o in objects)


def _reaches_an_agreement(tok: Token) -> bool:
    """ "reached an agreement", "a deal struck in June", "the treaty reached at a summit". Rule
    ``trigger.agree.reached``."""
    if any(c.dep_ in ("dobj", "nsubjpass") and _is_agreement_noun(c) for c in tok.children):
        return True
    return tok.dep_ in ("acl", "relcl", "amod") and _is_agreement_noun(tok.head)


def _of_an_agreement(tok: Token) -> bool:
    """ "the conclusion of the agreement on economic cooperation" (not "the conclusion of
    the talks", which ends an engagement)."""
    return any(
        c.dep_ == "prep" and c.lower_ == "of"
        and any(g.dep_ == "pobj" and _is_agreement_noun(g) for g in c.children)
        for c in tok.children
    )


def _material_support(tok: Token) -> bool:
    """ "technical support", "military and economic assistance", "the support X provided". Rule
    ``trigger.aid.material-support``."""
    if any(
        c.dep_ in ("amod", "compound") and c.lower_ in AID_QUALIFIERS
        or c.dep_ == "conj" and c.lower_ in AID_QUALIFIERS
        for c in tok.children
    ):
        return True
    # "military and economic assistance": the second adjective hangs off the first
    if any(c.dep_ == "amod" and any(g.lower_ in AID_QUALIFIERS for g in c.subtree)
           for c in tok.children):
        return True
    if any(c.dep_ in ("amod", "compound") and c.lower_ in STANCE_QUALIFIERS for c in tok.children):
        return False
    if any(c.dep_ == "relcl" and c.lemma_ in AID_SUPPORT_VERBS for c in tok.children):
        return True
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in AID_SUPPORT_VERBS:
        return True  # "Russia provided assistance to Laos", "aid was delivered to"
    # "aid" names material help by itself ("Russian aid to Cuba"), not "aid workers"
    return tok.lemma_ == "aid" and tok.dep_ != "compound" and any(
        c.dep_ == "prep" and c.lower_ in AID_RECIPIENT_PREPS for c in tok.children)


def _troop_compound(tok: Token) -> bool:
    return any(
        c.lower_ in DEPLOYMENT_MODIFIERS for c in tok.children
    ) or any(c.lower_ in AID_OBJECTS for c in tok.subtree)


def _has_person_like_object(tok: Token) -> bool:
    """A hosting verb tells a meeting with a guest or a host who is someone ("received the
    envoy", "was greeted by Kim", "hosted a dinner for Modi"), not "received aid",
    "received cheers", "we welcome the contacts", "was greeted by a military band". Rule
    ``trigger.meet.hosting-someone``."""
    hosts = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if hosts:  # "was greeted by ...": who greets says whether it is a meeting
        return any(_someone(h) for h in hosts)
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    # the guest of the verb or of the occasion it holds ("hosted a banquet for the delegation")
    guests = objects + [g for holder in (tok, *objects) for c in holder.children
                        if c.dep_ == "prep" and c.lower_ in GUEST_PREPS
                        for g in c.children if g.dep_ == "pobj"]
    if guests:
        return any(_someone(g) for g in guests)
    return tok.dep_ in ("acl", "relcl") or any(c.dep_ == "auxpass" for c in tok.children)


def _someone(noun: Token) -> bool:
    """A person, a state or a body, or a noun of people who take part ("the delegation",
    "his counterpart"), or one of several such coordinated."""
    if noun.pos_ in ("PROPN", "PRON") or noun.ent_type_ in ("PERSON", "NORP", "GPE", "ORG"):
        return True
    if noun.lemma_ in GUEST_NOUNS or noun.lower_ in GUEST_NOUNS:
        return True
    return any(c.dep_ in ("conj", "appos", "compound") and _someone(c) for c in noun.children)


def _aid_verb_ok(tok: Token) -> bool:
    """An aid verb moves aid when what it moves is troops, arms, goods or aid ("sent
    troops", "provided 8,000 tonnes of wheat", "supplied Russia with drones", "troops ...
    that were sent"), not when it carries out strikes. Rule ``trigger.aid.cargo``."""
    if phrasal_lemma(tok) in NOT_GIVING_PHRASES:
        return False  # "troops carried out strikes", "giving up its weapons"
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    for o in objs:
        if (
            o.lemma_.lower() in AID_OBJECTS
            or o.lower_ in AID_OBJECTS
            or any(
                g.lower_ in AID_OBJECTS and g.dep_ in ("compound", "amod", "pobj", "conj")
                for g in o.subtree
            )
        ):
            return True
        # "provided about 8,000 tonnes of wheat", "a vast amount of weapons"
        if any(g.lower_ in AID_OBJECTS for g in o.subtree):
            return True
    # "will supply Russia with drones", "provided the country with wheat"
    if any(c.dep_ == "prep" and c.lower_ == "with"
           and any(g.dep_ == "pobj" and (g.lemma_.lower() in AID_OBJECTS or g.lower_ in AID_OBJECTS
                                         or any(x.lower_ in AID_OBJECTS for x in g.subtree))
                   for g in c.children)
           for c in tok.children):
        return True
    # "newly deployed soldiers", "troops ... that were sent"
    return tok.dep_ in ("acl", "relcl", "amod") and (
        tok.head.lower_ in AID_OBJECTS or tok.head.lemma_ in AID_OBJECTS
    )


_VERB_ID, = word_ids(["VERB"])
_AUX_ID, _BE_ID = get_string_id("AUX"), get_string_id("be")
_NOMINAL_IDS = word_ids(["NOUN", "PROPN"])
# Every verb _verb_type can answer has one of these lemmas (lower-cased), or a lemma of
# _is_phone's, or a phone word among its modifiers ("video-called"): the rest of a
# sentence's verbs are answered None without a Token.
_VERB_TRIGGER_WORDS = (AGREE_VERBS | AGREE_REACH_VERBS | AID_VERBS | MEET_VERBS | VISIT_VERBS
                       | {"call", "lead", "be"})
_PHONE_WORD_IDS = word_ids(PHONE_WORDS)
_PHONE_MODIFIED = "bilat.phone_modified"  # Doc.user_data key: heads of a phone word


def find_triggers(sent: Span | Doc) -> list[Trigger]:
    """The sentence's triggers, in order. A verb or noun whose words no rule of classify()
    asks for is skipped by its ids in the doc's arrays; the others are classified."""
    doc = sent if isinstance(sent, Doc) else sent.doc
    start, end = (0, len(doc)) if isinstance(sent, Doc) else (sent.start, sent.end)
    pos, lemmas, lowers = (attribute_ids(doc, attr) for attr in (POS, LEMMA, LOWER))
    phone_modified: set[int] | None = None
    strings = doc.vocab.strings
    out = []
    for i in range(start, end):
        if pos[i] == _VERB_ID:
            if not _may_trigger(_VERB_WORDS_SEEN, lemmas[i], strings, _is_verb_trigger_word):
                if phone_modified is None:
                    phone_modified = _phone_modified(doc)
                if i not in phone_modified:
                    continue
        elif pos[i] in _NOMINAL_IDS:
            if not _noun_word(lowers[i], lemmas[i], strings):
                continue
        elif pos[i] != _AUX_ID or lemmas[i] != _BE_ID:
            continue  # the only parts of speech classify() answers ("be": a presence)
        tok = doc[i]
        t = classify(tok)
        if t is not None:
            out.append(Trigger(tok, t))
    return out


def verb_may_trigger(doc: Doc, i: int) -> bool:
    """Whether some rule of classify() asks for the lemma of token ``i``, read as a verb,
    or a phone word modifies it: when not, ``classify(doc[i])`` of a verb is None."""
    return (_may_trigger(_VERB_WORDS_SEEN, attribute_ids(doc, LEMMA)[i], doc.vocab.strings,
                         _is_verb_trigger_word) or i in _phone_modified(doc))


def noun_may_trigger(doc: Doc, i: int) -> bool:
    """Whether some rule of classify() asks for the words of token ``i``, read as a noun:
    when not, ``classify(doc[i])`` of a noun is None (most nouns of a sentence), and rules
    that look for other event nouns skip it without a Token."""
    return _noun_word(attribute_ids(doc, LOWER)[i], attribute_ids(doc, LEMMA)[i],
                      doc.vocab.strings)


def _noun_word(lower: int, lemma: int, strings: StringStore) -> bool:
    return (_may_trigger(_NOUN_WORDS_SEEN, lower, strings, _is_noun_trigger_word)
            or _may_trigger(_NOUN_WORDS_SEEN, lemma, strings, _is_noun_trigger_word))


# Answers by a word's id, kept across documents (an id is the hash of its string): each
# distinct word is looked up once per build, not once per token.
_VERB_WORDS_SEEN: dict[int, bool] = {}
_NOUN_WORDS_SEEN: dict[int, bool] = {}


def _may_trigger(seen: dict[int, bool], word_id: int, strings: StringStore,
                 answer: Callable[[str], bool]) -> bool:
    known = seen.get(word_id)
    if known is None:
        known = seen[word_id] = answer(strings[word_id])
    return known


def _is_verb_trigger_word(lemma: str) -> bool:
    return (lemma.lower() in _VERB_TRIGGER_WORDS or lemma in TELEPHONE_WORDS
            or lemma in PHONE_TALK_VERBS)


def _is_noun_trigger_word(word: str) -> bool:
    # the noun's lower-case form, or its lemma lower-cased: what _noun_type compares
    return word.lower() in _NOUN_TRIGGER_WORDS


def _phone_modified(doc: Doc) -> set[int]:
    """The tokens a phone word modifies ("phone call", "video-called"), found once per doc
    by the words' ids: _is_phone reads them for every noun and verb it classifies."""
    return kept_on(doc, _PHONE_MODIFIED, lambda d: {
        t.head.i for t in tokens_where(d, LOWER, _PHONE_WORD_IDS)
        if t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i})
