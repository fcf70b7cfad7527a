"""Event triggers: the words that state a visit, meeting, call, agreement or aid.

A trigger is a token whose lemma is in the lexicon below and whose syntactic context
confirms the reading ("left for Vladivostok" is a visit, "left the room" is not). The
lexicon is small on purpose: every word in it was checked against how news writes each
event type (EVENTS.md gives the CAMEO/PLOVER definitions).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from bilat.model import EventType

VISIT_VERBS = {
    "visit",
    "arrive",
    "travel",
    "fly",
    "head",
    "leave",
    "depart",
    "land",
    "tour",
    "stop",
    "come",
    "go",
    "return",
}
VISIT_NOUNS = {"visit", "trip", "tour", "stopover", "arrival", "journey", "stay"}
MOTION_NEEDS_DESTINATION = {
    "travel",
    "fly",
    "head",
    "leave",
    "depart",
    "come",
    "go",
    "stop",
    "return",
}
MEET_VERBS = {"meet", "receive", "host", "greet", "welcome", "negotiate", "discuss", "confer"}
MEET_NOUNS = {
    "talk",
    "talks",
    "meeting",
    "summit",
    "negotiation",
    "negotiations",
    "consultation",
    "consultations",
}
CALL_WORDS = {"phone", "telephone", "video", "videoconference", "call"}
PHONE_TALK_VERBS = {"speak", "talk", "chat", "confer"}  # "spoke by telephone"
AGREE_VERBS = {"sign", "ink", "conclude", "ratify"}
# "a treaty reached at a summit", "they reached an agreement": reaching is concluding only
# when what is reached is an agreement (not "reached Moscow", "reached a consensus")
AGREE_REACH_VERBS = {"reach", "strike", "clinch", "seal"}
AGREE_NOUNS = {
    "treaty",
    "agreement",
    "accord",
    "pact",
    "protocol",
    "memorandum",
    "plan",
    "statement",
    "declaration",
    "deal",
    "contract",
    "convention",
    "roadmap",
}
AID_VERBS = {
    "send",
    "deploy",
    "dispatch",
    "transfer",
    "transport",
    "supply",
    "provide",
    "deliver",
    "ship",
    "give",
    "receive",
    "donate",
    "carry",  # "soldiers were carried to Vladivostok aboard navy ships" (not "carry out")
}
AID_OBJECTS = {
    "troop",
    "troops",
    "soldier",
    "soldiers",
    "force",
    "forces",
    "personnel",
    "weapon",
    "weapons",
    "arm",
    "arms",
    "ammunition",
    "shell",
    "shells",
    "missile",
    "missiles",
    "munition",
    "munitions",
    "equipment",
    "wheat",
    "grain",
    "rice",
    "flour",
    "aid",
    "assistance",
    "tank",
    "tanks",
    "fuel",
    "oil",
    "technology",
    "fertilizer",
    "food",
    "contingent",
    "drone",
    "drones",
    "artillery",
}
AID_NOUNS = {"deployment", "supply", "supplies", "shipment", "shipments", "delivery", "transfer"}
# "technical support", "military assistance", "humanitarian aid": support is aid when it is
# qualified as material help (CAMEO 071/072), not when it is political ("full support")
AID_SUPPORT_NOUNS = {"support", "assistance", "aid", "help"}
AID_QUALIFIERS = {
    "military",
    "technical",
    "technological",
    "economic",
    "humanitarian",
    "financial",
    "material",
    "logistical",
    "logistic",
    "food",
    "medical",
}
# "the support the North Korean people provided", "provided assistance to": the verb that
# moves it makes it aid, unless the support is qualified as a stance ("full support")
AID_SUPPORT_VERBS = {"provide", "send", "give", "deliver", "supply", "render", "extend"}
STANCE_QUALIFIERS = {"political", "diplomatic", "moral", "full", "strong", "unwavering", "firm",
                     "unconditional", "public", "verbal", "active"}
LIGHT_VERBS = {
    "hold",
    "have",
    "conduct",
    "pay",
    "make",
    "begin",
    "start",
    "conclude",
    "embark",
    "end",
    "wrap",
    "complete",
    "continue",
    "attend",
    "join",
    "take",
}


# Every lemma (or lower-cased word) classify() can accept as a trigger: the lexicons above
# plus the words classify() and _is_phone() test inline. The screen (events/screen.py) parses
# only paragraphs holding one of them; tests/events/test_screen.py fails when a confirmed
# trigger of the examples or the dev set is missing here.
TRIGGER_LEMMAS = frozenset().union(
    VISIT_VERBS, VISIT_NOUNS, MEET_VERBS, MEET_NOUNS, CALL_WORDS, PHONE_TALK_VERBS,
    AGREE_VERBS, AGREE_REACH_VERBS, AID_VERBS, AID_NOUNS, AID_SUPPORT_NOUNS,
    {"call", "conversation", "talk", "talks", "signing", "ratification", "lead", "deployment",
     "conclusion"},
)


@dataclass(frozen=True)
class Trigger:
    token: Token
    type: EventType


def _has_prep_object(tok: Token, preps: set[str]) -> bool:
    return any(
        c.dep_ == "prep" and c.lower_ in preps and any(g.dep_ == "pobj" for g in c.children)
        for c in tok.children
    )


def _is_phone(tok: Token) -> bool:
    """ "phone call", "telephone conversation", "phone talks", "video call"."""
    mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if mods & {"phone", "telephone", "video"}:
        return True
    if tok.lemma_ in {"phone", "telephone"} and tok.pos_ == "VERB":
        return True
    # "they spoke by telephone", "talked over the phone", "conferred via video link"
    return tok.pos_ == "VERB" and tok.lemma_ in PHONE_TALK_VERBS and any(
        c.dep_ == "prep" and c.lower_ in {"by", "over", "on", "via"}
        and any(g.lemma_ in {"phone", "telephone", "videophone", "video"} for g in c.subtree)
        for c in tok.children
    )


def _aid_object(tok: Token) -> bool:
    return any(c.lemma_.lower() in AID_OBJECTS or c.lower_ in AID_OBJECTS for c in tok.subtree)


def _concludes_an_engagement(tok: Token) -> bool:
    """ "Concluding the talks", "after concluding his visit": an ending, not a treaty."""
    return tok.lemma_ == "conclude" and any(
        c.dep_ in ("dobj", "nsubjpass") and (c.lemma_ in MEET_NOUNS or c.lemma_ in VISIT_NOUNS
                                             or c.lower_ in MEET_NOUNS or c.lower_ in VISIT_NOUNS)
        for c in tok.children
    )


def classify(tok: Token) -> EventType | None:
    """The event type ``tok`` triggers in its context, or None."""
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if tok.pos_ in ("VERB", "AUX") and tok.pos_ != "AUX":
        if _is_phone(tok) or (
            lemma == "call" and any(c.lower_ in {"phone", "telephone"} for c in tok.children)
        ):
            return EventType.CALL
        if lemma in AGREE_VERBS and not _concludes_an_engagement(tok) and not _signs_something_else(tok):
            return EventType.AGREE
        if lemma in AGREE_REACH_VERBS and _reaches_an_agreement(tok):
            return EventType.AGREE
        if lemma in AID_VERBS and _aid_verb_ok(tok):
            return EventType.AID
        if lemma in MEET_VERBS:
            if lemma in {"receive", "host", "greet", "welcome"} and not _has_person_like_object(
                tok
            ):
                return None
            return EventType.MEET
        if lemma in VISIT_VERBS:
            if (
                lemma in MOTION_NEEDS_DESTINATION
                and not _has_prep_object(tok, {"to", "for", "in", "into", "over"})
                and not any(c.dep_ == "prt" and c.lower_ == "over" for c in tok.children)
            ):
                return None
            if (
                lemma == "arrive"
                and not _has_prep_object(tok, {"in", "at", "to", "on"})
                and not any(c.dep_ in ("advmod", "npadvmod") for c in tok.children)
            ):
                return None
            if lemma == "return" and not _has_prep_object(tok, {"to", "from"}):
                return None
            if lemma in {"come", "go"} and not _has_prep_object(tok, {"to"}):
                return None
            return EventType.VISIT
        if (
            lemma == "lead"
            and any(c.lemma_ == "delegation" for c in tok.children)
            and _has_prep_object(tok, {"to"})
        ):
            return EventType.VISIT
        return None
    if tok.pos_ in ("NOUN", "PROPN"):
        if low in {"call", "conversation", "talks", "talk"} and _is_phone(tok):
            return EventType.CALL
        if (
            low == "call"
            and tok.i > 0
            and tok.doc[tok.i - 1].lower_ in {"the", "a"}
            and any(t.lower_ in {"phone", "telephone"} for t in tok.sent)
        ):
            return EventType.CALL
        if low in {"signing", "ratification"} or (lemma in {"signing", "ratification"}):
            return EventType.AGREE
        if low in MEET_NOUNS or lemma in MEET_NOUNS:
            return EventType.MEET
        if low in VISIT_NOUNS or lemma in VISIT_NOUNS:
            if low == "stay" and not any(c.lower_ == "in" for c in tok.children):
                return None
            if low == "tour" and not _has_prep_object(tok, {"of", "to"}):
                return None
            return EventType.VISIT
        if low in AID_NOUNS and _aid_object(tok) or (low == "deployment" and _troop_compound(tok)):
            return EventType.AID
        if lemma in AID_SUPPORT_NOUNS and _material_support(tok):
            return EventType.AID
        if lemma == "conclusion" and _of_an_agreement(tok):
            return EventType.AGREE
    return None


def _is_agreement_noun(tok: Token) -> bool:
    return tok.lemma_.lower() in AGREE_NOUNS or tok.lower_ in AGREE_NOUNS


# what a signing can be of besides the agreement nouns: "signed 11 documents", "signed a
# package of papers", "signed a letter of intent", "signed a law ratifying the treaty"
SIGNED_PAPERS = {"document", "documents", "paper", "papers", "letter", "charter", "communique",
                 "mou", "memorandums", "memoranda", "accords", "agreements", "treaties",
                 "ratification", "ratify"}  # "the ratification law", "a law ratifying it"


def _signs_something_else(tok: Token) -> bool:
    """ "signed a decree appointing an ambassador", "signed the guest book": what is signed is
    no agreement between states (unless it carries one: "the law ratifying the treaty")."""
    if tok.lemma_ not in ("sign", "ink"):
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
    ) and not any(o.lower_ in ("it", "them", "this", "that", "which") for o in objects)


def _reaches_an_agreement(tok: Token) -> bool:
    """ "reached an agreement", "a deal struck in June", "the treaty reached at a summit"."""
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
    """ "technical support", "military and economic assistance", "the support X provided"."""
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
        c.dep_ == "prep" and c.lower_ in ("to", "for") for c in tok.children)


def _troop_compound(tok: Token) -> bool:
    return any(
        c.lower_ in {"troop", "troops", "military", "force", "forces"} for c in tok.children
    ) or any(c.lower_ in AID_OBJECTS for c in tok.subtree)


def _has_person_like_object(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd") or (
            c.dep_ == "prep" and c.lower_ in {"for", "with"}
        ):
            return True
    return tok.dep_ in ("acl", "relcl") or any(c.dep_ == "auxpass" for c in tok.children)


def _aid_verb_ok(tok: Token) -> bool:
    if tok.lemma_ == "carry" and any(c.dep_ == "prt" for c in tok.children):
        return False  # "troops carried out strikes"
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


def find_triggers(sent: object) -> list[Trigger]:
    out = []
    for tok in sent:  # type: ignore[attr-defined]
        t = classify(tok)
        if t is not None:
            out.append(Trigger(tok, t))
    return out
