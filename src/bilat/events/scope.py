"""The scope of a trigger: which tokens can hold its arguments, and which tell another event.

Arguments come from the trigger's syntactic scope: the clause it heads, or the clause of
the light verb that governs it ("held talks with X": the scope of "talks" is that of
"held"), with the subject a governing verb lends it ("Kim arrived and met Putin"). From it
are taken the phrases that tell another event: a time phrase about another event ("just
before the summit between Putin and Kim"), the clause of another event noun or verb, a
second act coordinated with the trigger ("and last year it sent troops").

:func:`argument_scope` is what the sentence stage reads; the other functions serve the
argument modules (dates, places) and the types.
"""

from __future__ import annotations

from spacy.attrs import DEP, LOWER, POS
from spacy.tokens import Token

from bilat.annotations.nlp import attribute_ids, tokens_where, word_ids
from bilat.events.syntax import anaphoric, own_subject, sentence, subtree_ids, time_relation
from bilat.events.triggers import LIGHT_VERBS, classify, verb_may_trigger
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
GERUND_PREPS = _LEX.words("GERUND_PREPS")
MEDIUM_PREPS = _LEX.words("MEDIUM_PREPS")
SEQUENCE_WORDS = _LEX.words("SEQUENCE_WORDS")
TIME_PHRASE_DEPTH = _LEX.number("TIME_PHRASE_DEPTH")
SAME_TRIGGER_DEPTH = _LEX.number("SAME_TRIGGER_DEPTH")
_PREP, _ADVCL = word_ids(["prep"]), word_ids(["advcl"])
_SEQUENCE_WORD_IDS = word_ids(SEQUENCE_WORDS)
_VERB, = word_ids(["VERB"])
_NOMINAL = word_ids(["NOUN", "PROPN"])
# dependency labels (the English parser's scheme) an event noun climbs along to the clause
# that governs it ("held [talks]", "the [visit] to"), and along which a trigger sits inside a
# time phrase ("before [the summit]"): patterns of the parse, not word lists
NOUN_TO_CLAUSE = ("dobj", "pobj", "prep", "compound", "conj", "appos", "attr", "nsubj",
                  "nsubjpass")
INTO_TIME_PHRASE = ("pobj", "prep", "compound", "conj", "dobj", "pcomp")


def argument_scope(tok: Token, type_: EventType) -> tuple[set[int], set[int]]:
    """The tokens that can hold the trigger's arguments, and those of a second act of the
    same type coordinated with it, whose date, cargo and people are its own."""
    scope = event_scope(tok) | gerund_subject(tok) | medium_scope(tok) | on_a_visit(tok)
    second_act: set[int] = set()
    if type_ in (EventType.AID, EventType.AGREE):
        second_act = coordinated_acts(tok, type_)
        scope -= second_act | borrowed_subject(tok, type_)
    return scope, second_act


def trigger_scope(tok: Token) -> set[int]:
    """Token indexes that can hold the trigger's arguments. Rules ``scope.light-verb``,
    ``scope.accepted-invitation``, ``scope.first-to-visit``, ``scope.governing-subject``."""
    head = _governing_head(tok)
    idx = set(subtree_ids(head))
    # "Putin accepted Kim's invitation to visit": the visitor is the one who accepts
    if head.dep_ == "acl" and head.head.dep_ in ("dobj", "pobj") and head.head.head.pos_ == "VERB":
        idx |= _subject_tokens(head.head.head)
        idx -= {t.i for t in head.head.children if t.dep_ == "poss" for t in t.subtree}
    # "he became the first Kremlin leader to visit Pyongyang": the subject is the visitor
    if head.dep_ == "relcl" and head.head.dep_ == "attr" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        idx |= _subject_tokens(head.head.head)
    return idx | _chain_subjects(head)


def _governing_head(tok: Token) -> Token:
    """An event noun's clause is that of the light verb that holds it ("held [talks]"), or of
    the verb it is the subject or object of; any other trigger heads its own."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return tok
    # climb from the noun to the clause that governs it: "held [talks]", "the [visit] to"
    climb = tok
    while climb.dep_ in NOUN_TO_CLAUSE and climb.head.i != climb.i:
        climb = climb.head
        if climb.pos_ in ("VERB", "AUX"):
            break
    if climb.pos_ in ("VERB", "AUX") and (
        climb.lemma_ in LIGHT_VERBS or tok.dep_ in ("nsubj", "nsubjpass", "dobj")
    ):
        return climb
    return tok


def _chain_subjects(head: Token) -> set[int]:
    """The subject of a governing verb for xcomp/conj chains ("Kim arrived and met Putin")."""
    out: set[int] = set()
    anc = head
    while (anc.dep_ in ("xcomp", "conj", "advcl", "ccomp") and anc.head.i != anc.i
           and anc.head.pos_ in ("VERB", "AUX")):
        anc = anc.head
        for c in anc.children:
            if c.dep_ in ("nsubj", "nsubjpass", "agent"):
                out.update(subtree_ids(c))
        if anc.dep_ not in ("xcomp", "conj"):
            break
    return out


def _subject_tokens(verb: Token) -> set[int]:
    return {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


# Doc.user_data keys: each trigger's event scope, and each sentence's time phrases. The
# sentence stage, the states, places and dates ask for a trigger's scope up to four times;
# it depends only on the parsed paragraph, which extraction never changes.
_EVENT_SCOPES = "bilat.event_scopes"
_TIME_PHRASES = "bilat.time_phrases"


def event_scope(tok: Token) -> set[int]:
    """The trigger's scope without the time phrases about other events; a trigger that is
    itself inside such a phrase ("just before the summit between Putin and Kim") keeps to
    it: the clause around it tells the other event."""
    known: dict[int, frozenset[int]] = tok.doc.user_data.setdefault(_EVENT_SCOPES, {})
    found = known.get(tok.i)
    if found is None:
        scope = trigger_scope(tok) - _other_event_phrases(tok)
        phrase = _own_time_phrase(tok)
        found = known[tok.i] = frozenset(scope & phrase if phrase else scope)
    return set(found)  # the caller's own


def _own_time_phrase(tok: Token) -> set[int]:
    """The time phrase about another event the trigger itself is in ("just before [the
    summit] between Putin and Kim"), if any. Rule ``scope.time-phrase.own``."""
    node = tok
    for _ in range(TIME_PHRASE_DEPTH):
        if node.head.i == node.i or node.dep_ not in INTO_TIME_PHRASE:
            return set()
        node = node.head
        head = time_relation(node)
        if head is not None:
            return set(subtree_ids(head))
    return set()


def _other_event_phrases(tok: Token) -> set[int]:
    """Tokens of time phrases in the trigger's clause that are about another event: their
    participants, place and date are that event's, not the trigger's.
    Rule ``scope.time-phrase.other-event``."""
    out: set[int] = set()
    for prep, phrase in _time_phrases(tok):
        if prep.i == tok.i or tok.i in phrase:
            continue
        if _names_an_event(prep):
            out |= phrase
    return out


def _time_phrases(tok: Token) -> list[tuple[Token, frozenset[int]]]:
    """The time phrases of ``tok``'s sentence about another event: each preposition that
    begins one (:func:`~bilat.events.syntax.time_relation`) and the phrase's tokens, read
    once per sentence for all its triggers."""
    sent = sentence(tok)
    known: dict[int, list[tuple[Token, frozenset[int]]]] = tok.doc.user_data.setdefault(
        _TIME_PHRASES, {})
    found = known.get(sent.start)
    if found is None:
        found = known[sent.start] = [
            (prep, subtree_ids(head))
            for prep in tokens_where(sent, DEP, _PREP)  # (a time phrase begins with one)
            if (head := time_relation(prep)) is not None]
    return found


def _names_an_event(prep: Token) -> bool:
    doc = prep.doc
    pos = attribute_ids(doc, POS)
    return any(pos[i] in _NOMINAL and classify(doc[i]) is not None
               for i in sorted(subtree_ids(prep)))  # (in order, as Token.subtree)


def other_event_tokens(tok: Token, scope: set[int]) -> set[int]:
    """Tokens of the phrases of other event nouns in the trigger's clause ("a trip to
    Moscow" in "The visit follows a trip to Moscow"): what they name is theirs."""
    out: set[int] = set()
    for t in sentence(tok):
        if (t.i == tok.i or t.i not in scope or t.pos_ not in ("NOUN", "PROPN")
                or classify(t) is None):
            continue
        phrase = set(subtree_ids(t))
        if tok.i not in phrase:
            out |= phrase
    return out


def gerund_subject(tok: Token) -> set[int]:
    """ "In addition to meeting with Putin, Thongloun held talks with ...", "After visiting
    Moscow, Kim ...": a gerund under a preposition has the subject of the verb it modifies.
    Rule ``scope.gerund-subject``."""
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
    return _subject_tokens(node)


def medium_scope(tok: Token) -> set[int]:
    """ "Putin briefed Kim on the summit during a phone call", "Putin and Kim shake hands
    during their meeting": a call or meeting named as the occasion of a clause is between the
    clause's subject and object ("during the visit" re-mentions an event told before).
    Rule ``scope.medium``."""
    if (tok.pos_ != "NOUN" or tok.head.lower_ not in MEDIUM_PREPS or anaphoric(tok)
            or classify(tok) not in (EventType.CALL, EventType.MEET)):
        return set()
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return set()
    return {t.i for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative")
            or (c.dep_ == "prep" and c.lower_ == "with")
            for t in c.subtree}


def on_a_visit(tok: Token) -> set[int]:
    """ "as Pyongyang's top diplomat was on a working visit to Russia": who is on a visit
    makes it. Rule ``scope.on-a-visit``."""
    if tok.pos_ != "NOUN" or tok.head.lower_ != "on" or tok.head.head.lemma_ != "be":
        return set()
    return _subject_tokens(tok.head.head)


def other_event_clauses_of(tok: Token) -> set[int]:
    """ "announced the call, as Trump and Putin are set to hold talks on Friday": an adverbial
    clause that tells an event of its own keeps its date."""
    out: set[int] = set()
    for t in tokens_where(sentence(tok), DEP, _ADVCL):
        clause = subtree_ids(t)
        if tok.i in clause:  # (t is in tok's sentence)
            continue
        if any(classify(x) is not None for x in t.subtree if x.pos_ in ("NOUN", "VERB")):
            out |= clause
    return out


def other_event_clauses(trigger: Token) -> set[int]:
    """Tokens of clauses, under the trigger, headed by the verb of another event."""
    out: set[int] = set()
    doc = trigger.doc
    pos = attribute_ids(doc, POS)
    for i in subtree_ids(trigger):  # (any order: the clauses are united)
        if (i != trigger.i and pos[i] == _VERB and verb_may_trigger(doc, i)
                and classify(doc[i]) is not None):
            out |= subtree_ids(doc[i])
    return out


def own_coordinated_event(tok: Token, type_: EventType) -> bool:
    """ "has been supplying weapons to Russia, and last fall it sent troops": a coordinated
    verb with its own object is a second aid, not a restatement of the first; "Putin signed
    the law, and Kim ratified it" is a second act with its own signer. Rule ``scope.second-act``."""
    if type_ == EventType.AID and tok.dep_ == "xcomp" and tok.head.dep_ == "conj":
        # "has sent troops ... and is preparing to send ten thousand more"
        return any(c.dep_ == "dobj" for c in tok.children)
    if tok.dep_ != "conj" or tok.pos_ != "VERB":
        return False
    if type_ == EventType.AID:
        return any(c.dep_ == "dobj" for c in tok.children)
    if type_ == EventType.AGREE:
        return own_subject(tok)
    return False


def coordinated_acts(tok: Token, type_: EventType) -> set[int]:
    """The tokens of a coordinated verb of the same type ("and last year it sent troops",
    "and Kim ratified it"): its date, cargo and people are its own."""
    return {t.i for c in tok.children if c.dep_ == "conj" and own_coordinated_event(c, type_)
            and classify(c) == type_ for t in c.subtree}


def borrowed_subject(tok: Token, type_: EventType) -> set[int]:
    """ "Putin signed the law, and Kim ratified it": the first verb's signer is not the
    second's (the scope lends a conjunct its head's subject otherwise)."""
    if type_ != EventType.AGREE or not own_coordinated_event(tok, type_):
        return set()
    return _subject_tokens(tok.head)


def sequence_clauses(trigger: Token, scope: set[int]) -> set[int]:
    """Tokens of the phrases that place another episode before or after this one ("after
    concluding his visit to North Korea", "Before his Vietnam visit")."""
    out: set[int] = set()
    for t in tokens_where(trigger.doc, LOWER, _SEQUENCE_WORD_IDS):
        if (t.i in scope and t.dep_ in ("prep", "mark", "advmod")
                and t not in trigger.ancestors and t.i != trigger.i
                and trigger.i not in subtree_ids(t)):
            out.update(subtree_ids(t))
    return out


def inside_same_trigger(tok: Token, type_: EventType) -> bool:
    """ "will visit North Korea on a working visit": the noun restates the verb's event
    (but "met in Moscow just before the summit" tells two events). Rule
    ``scope.restates-its-head``."""
    if _own_time_phrase(tok):
        return False
    for depth, anc in enumerate(tok.ancestors):
        if depth >= SAME_TRIGGER_DEPTH or anc.lower_ in SEQUENCE_WORDS:
            break  # "met in Moscow just prior to a summit in Vladivostok": another event
        if anc.pos_ in ("VERB", "NOUN") and classify(anc) == type_:
            return True
    return False
