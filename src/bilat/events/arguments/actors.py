"""Actors: who takes part in an event.

The people of an event are those its trigger's scope names (:func:`persons_in_scope`),
less who only reports it ("Peskov said", "Kremlin aide Ushakov, who said that ..."), speaks
for a government (a spokesperson or press secretary: :func:`speaks_for_others`), takes
part in another event the sentence tells, owns the one who acts ("Kim's right-hand man
Kim Yong Chol": :func:`owns_the_actor`) or dates it ("since Mao": :func:`marks_a_time`),
plus those a pronoun ("he", "his"), a relative "who" or "their" stands for, and the
subjects the parse does not reach (a name cut by a sentence boundary, "he is due to hold
talks", "thanked Kim for the invitation to visit", "said at a meeting with Kim", "X, on a
visit to Moscow"). A between-phrase lists every party (:func:`listed_parties`). Which of
them travels, meets or signs is the type's rule (:mod:`bilat.events.types`).

"The two leaders", "the two", "both" and "their" name a pair told before
(:func:`pair_subject`, :func:`nearest_pair_before`), which the ``pairs`` and
``agreement_parties`` passes look for. Which states are the event's parties is
:mod:`bilat.events.arguments.states`; who a role is on the event's date is
:mod:`bilat.events.arguments.roles`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from bilat.annotations.actors import DocumentEntities, PersonMention
from bilat.annotations.nlp import Paragraph, attribute_ids, kept_on, tokens_where, word_ids
from bilat.events.candidate import Candidate
from bilat.events.syntax import is_subject, possessed_by_their, sentence, subjects_of
from bilat.events.triggers import classify
from bilat.knowledge.names import same_person
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
PAIR_NOUNS = _LEX.words("PAIR_NOUNS")
PAIR_PRONOUNS = _LEX.words("PAIR_PRONOUNS")
PAIR_QUANTIFIERS = _LEX.words("PAIR_QUANTIFIERS")
PARTNER_PREPS = _LEX.words("PARTNER_PREPS")
PERSONAL_POSSESSIVES = _LEX.words("PERSONAL_POSSESSIVES")
PERSONAL_SUBJECTS = _LEX.words("PERSONAL_SUBJECTS")
_PRONOUN_IDS = word_ids(PERSONAL_SUBJECTS | PERSONAL_POSSESSIVES)
_WHO = word_ids(["who"])
PERSONAL_PRONOUN_GENDERS = _LEX.mapping("PERSONAL_PRONOUN_GENDERS")
REPORTING_VERBS = _LEX.words("REPORTING_VERBS")
SOURCE_OFFICES = _LEX.words("SOURCE_OFFICES")
INVITATION_NOUNS = _LEX.words("INVITATION_NOUNS")
DEFINITE_DETERMINERS = _LEX.words("DEFINITE_DETERMINERS")
ENTOURAGE_NOUNS = _LEX.words("ENTOURAGE_NOUNS")
TIME_ORDER_WORDS = _LEX.words("TIME_ORDER_WORDS")
WITNESS_VERBS = _LEX.words("WITNESS_VERBS")
LIST_PREPS = _LEX.words("LIST_PREPS")
_LIST_PREP_IDS = word_ids(LIST_PREPS)
OCCASION_PREPS = _LEX.words("OCCASION_PREPS")
AGENT_PREPS = _LEX.words("AGENT_PREPS")
SIDE_NOUNS = _LEX.words("SIDE_NOUNS")
STANCE_VERBS = _LEX.words("STANCE_VERBS")
HANDING_VERBS = _LEX.words("HANDING_VERBS")
SENDER_PREPS = _LEX.words("SENDER_PREPS")


def persons_in_scope(ents: DocumentEntities, paragraphs: list[Paragraph], p_index: int,
                     sent: Span, scope: set[int], tok: Token) -> list[PersonMention]:
    """The people who take part in the trigger's event: those its scope names, less those
    who only report it or take part in another event the sentence tells, plus those a
    pronoun, a relative "who" or "their" stands for."""
    doc = paragraphs[p_index].doc
    scope = scope | predicate_subject(tok) | invitee_subject(tok)
    # a name the parser cut with a sentence boundary belongs to both sentences
    persons = [p for p in ents.persons
               if p.para == p_index and p.token_start < sent.end and p.token_end > sent.start]
    listed = listed_parties(persons, tok)
    if listed:
        return [p for p in listed if not speaks_for_others(p)]
    in_scope = [p for p in persons if any(i in scope for i in range(p.token_start, p.token_end))]
    in_scope.extend(cut_off_subject(ents, persons, p_index, sent, scope))
    in_scope.extend(on_the_visit(persons, tok))
    in_scope.extend(on_its_occasion(persons, tok))
    in_scope.extend(pronoun_actors(ents, paragraphs, p_index, sent, scope))
    in_scope.extend(relative_actors(ents, p_index, sent, scope))
    in_scope = [p for p in in_scope if not is_source(doc[p.token_end - 1], tok)]
    in_scope = [p for p in in_scope if not in_other_event(doc[p.token_start], tok)
                and not owns_the_actor(doc, p) and not marks_a_time(doc, p)
                and not oversees(doc, p) and not sends_what_is_handed(doc, p)]
    in_scope.extend(their_actors(persons, tok))
    return [p for p in in_scope if not speaks_for_others(p)]


def oversees(doc: Doc, person: PersonMention) -> bool:
    """ "Xi Jinping guided the talks", "with Qin Gang witnessing the signing ceremony", "the
    signing was overseen by Trump": who guides, brokers or witnesses an engagement between
    others takes no part in it. Rule ``actors.not-a-party.witness``."""
    root = _root(doc, person)
    verb = root.head
    if root.dep_ == "pobj" and verb.dep_ == "agent":
        verb = verb.head
    elif root.dep_ != "nsubj":
        return False
    return verb.lemma_.lower() in WITNESS_VERBS


def marks_a_time(doc: Doc, person: PersonMention) -> bool:
    """ "the strongest Chinese leader since Mao Zedong", "the first visit since Noda": a
    person named after "since", "before" or "after" dates the event, takes no part in it.
    Rule ``actors.not-a-party.time-mark``."""
    root = _root(doc, person)
    return root.dep_ == "pobj" and root.head.lower_ in TIME_ORDER_WORDS


def _root(doc: Doc, person: PersonMention) -> Token:
    root = doc[person.token_end - 1]
    while root.dep_ in ("compound", "flat") and root.head.i != root.i:
        root = root.head
    return root


def owns_the_actor(doc: Doc, person: PersonMention) -> bool:
    """ "Kim's right-hand man Kim Yong Chol", "Kim's father, Kim Jong Il, who met Putin":
    whose aide, envoy or relative acts does not act. Rule ``actors.not-a-party.owner``."""
    root = _root(doc, person)
    return root.dep_ == "poss" and root.head.lemma_.lower() in ENTOURAGE_NOUNS


def sends_what_is_handed(doc: Doc, person: PersonMention) -> bool:
    """ "Kim received Shoygu and was handed a letter from President Putin", "she handed
    Putin's letter to Kim": who a thing handed over is from sends it and takes no part in
    the engagement it is handed at. Rule ``actors.not-a-party.sender``."""
    root = _root(doc, person)
    if root.dep_ == "poss":
        return _handed_thing(root.head)
    if root.dep_ != "pobj" or root.head.lower_ not in SENDER_PREPS:
        return False
    attached = root.head.head
    if attached.pos_ == "VERB":
        # "was handed a letter from Putin": the phrase hangs from the verb of handing
        return root.head.lower_ == "from" and _hands(attached) and any(
            _handed_thing(c) for c in attached.children)
    return _handed_thing(attached)


def _handed_thing(tok: Token) -> bool:
    """A thing (not a person) that a verb of handing takes as its object."""
    return (tok.pos_ == "NOUN" and tok.ent_type_ == "" and tok.dep_ in ("dobj", "nsubjpass")
            and _hands(tok.head))


def _hands(verb: Token) -> bool:
    return verb.pos_ == "VERB" and verb.lemma_.lower() in HANDING_VERBS


def predicate_subject(tok: Token) -> set[int]:
    """ "He is due to hold talks with Khurelsukh", "Putin is ready to visit": the subject of
    the copula whose adjective the event's verb completes. Rule
    ``actors.adjective-predicate-subject``."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    adjective = verb.head
    if verb.dep_ != "xcomp" or adjective.pos_ != "ADJ" or adjective.dep_ != "acomp":
        return set()
    return {t.i for c in adjective.head.children if c.dep_ in ("nsubj", "nsubjpass")
            for t in c.subtree}


def invitee_subject(tok: Token) -> set[int]:
    """ "Fomin thanked Kim for the invitation to visit Pyongyang": who thanks for (or
    accepts, declines) an invitation is the one invited. Rule ``actors.invitee``."""
    invitation = tok.head
    if tok.dep_ != "acl" or invitation.lemma_.lower() not in INVITATION_NOUNS:
        return set()
    node = invitation
    while node.dep_ in ("pobj", "prep") and node.head.i != node.i:
        node = node.head
    if node.pos_ not in ("VERB", "AUX") or node is invitation:
        return set()
    return {t.i for c in node.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}


def cut_off_subject(ents: DocumentEntities, persons: list[PersonMention], p_index: int,
                    sent: Span, scope: set[int]) -> list[PersonMention]:
    """ "Kim Jong Un together with President Moon Jae | In signed the declaration": the parser
    cut the sentence inside a name, which belongs to both halves; a fragment without a verb
    before the cut is the rest of the subject of the sentence after it.
    Rule ``actors.cut-off-subject``."""
    cut = [p for p in persons if p.token_start < sent.start
           and any(i in scope for i in range(sent.start, p.token_end))]
    if not cut:
        return []
    fragment = sentence(sent.doc[sent.start - 1])
    if any(t.pos_ in ("VERB", "AUX") for t in fragment):
        return []
    return [p for p in ents.persons if p.para == p_index and p not in cut
            and fragment.start <= p.token_start and p.token_end <= fragment.end]


def on_the_visit(persons: list[PersonMention], tok: Token) -> list[PersonMention]:
    """ "North Korean foreign minister, on Moscow visit, calls for closer ties", "Ri said on a
    visit to Moscow": who is described, or speaks, on a visit is on it (not who comments on
    the visit or on Kim's visit: a topic). Rule ``actors.on-a-visit``."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "on" or any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS)
            for c in tok.children):
        return []
    holder = prep.head
    if holder.pos_ in ("VERB", "AUX"):
        subjects = {t.i for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")
                    for t in c.subtree}
    elif holder.pos_ in ("NOUN", "PROPN"):
        subjects = {holder.i}
    else:
        return []
    return [p for p in persons if any(i in subjects for i in range(p.token_start, p.token_end))]


def on_its_occasion(persons: list[PersonMention], tok: Token) -> list[PersonMention]:
    """ "The Chinese leader was greeted by a band upon arrival", "It was reported by Fomin at
    a meeting with Kim": an event noun without an owner, in a phrase that times or places
    the clause, is the clause subject's (a passive's agent's).
    Rule ``actors.occasion-subject``."""
    prep = tok.head
    if (tok.pos_ != "NOUN" or tok.dep_ != "pobj" or prep.lower_ not in OCCASION_PREPS
            or any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in AGENT_PREPS)
                   for c in tok.children)
            or prep.head.pos_ not in ("VERB", "AUX")):
        return []
    verb = prep.head
    subjects = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                for t in c.subtree}
    # "It was reported by Fomin at a meeting with Kim": the agent of a passive
    subjects |= {t.i for c in verb.children if c.dep_ == "agent" for t in c.subtree}
    return [p for p in persons if any(i in subjects for i in range(p.token_start, p.token_end))]


def listed_parties(persons: list[PersonMention], tok: Token) -> list[PersonMention]:
    """ "the meeting between the leader of North Korea, Kim Jong Un, and Donald Trump",
    "during talks between Trump and Kim": a between-phrase lists every party of the
    event, so no one else the clause names takes part (the subject of "Xi stayed on the
    sidelines during talks between Trump and Kim"). A parser often cuts the list after its
    first item, or hangs the phrase on a name inside the event's phrase ("a meeting on the
    sidelines of the Moscow Conference between Shoygu and his counterpart No Kwang Chol");
    the names that continue it ("..., and US President Donald Trump") belong to it.
    Rule ``actors.listed-parties``."""
    doc = tok.doc
    for prep in _list_phrases(tok):
        inside = {t.i for t in prep.subtree}
        end = max(inside) + 1
        joined = any(doc[i].dep_ == "cc" for i in inside)
        while end < sentence(tok).end and _continues_list(doc[end], persons, joined):
            joined = joined or doc[end].dep_ == "cc"
            inside.add(end)
            end += 1
        listed = [p for p in persons if p.token_start in inside]
        if len({p.name or p.text for p in listed}) >= 2:
            return listed
    return []


def _list_phrases(tok: Token) -> list[Token]:
    """The between-phrases of the trigger: its own, or one hung on a noun of its phrase
    with no verb nor other event between."""
    # most triggers have no "between" anywhere between the edges of their subtree, and the
    # walk of the subtree below (in its own order) makes a Token per token
    first, last = tok.left_edge.i, tok.right_edge.i
    if not any(first <= i <= last for i in _list_prep_positions(tok.doc)):
        return []
    out = []
    for prep in tok.subtree:
        if prep.dep_ != "prep" or prep.lower_ not in LIST_PREPS:
            continue
        node = prep.head
        while node.i != tok.i and node.pos_ in ("NOUN", "PROPN", "ADP") and classify(node) is None:
            node = node.head
        if node.i == tok.i:
            out.append(prep)
    return out


_LIST_PREP_POSITIONS = "bilat.list_preps"  # Doc.user_data key: where "between" is


def _list_prep_positions(doc: Doc) -> list[int]:
    return kept_on(doc, _LIST_PREP_POSITIONS, lambda d: [
        i for i, lower in enumerate(attribute_ids(d, LOWER)) if lower in _LIST_PREP_IDS])


def _continues_list(t: Token, persons: list[PersonMention], joined: bool) -> bool:
    """The token may continue a list of parties: a comma (before its "and"), "and", a word
    of a name, or a word of the noun phrase before a name ("his DPRK counterpart")."""
    if t.text == ",":
        return not joined
    if t.dep_ == "cc":
        return True
    return any(p.token_start <= t.i < p.token_end for p in persons) or (
        t.dep_ in ("compound", "amod", "det", "poss") and t.head.i > t.i) or (
        t.lemma_.lower() in SIDE_NOUNS and t.i + 1 < len(t.doc)
        and any(p.token_start == t.i + 1 for p in persons))


def speaks_for_others(person: PersonMention) -> bool:
    """A spokesperson or press secretary tells events, takes part in none ("Ms Sanders said
    that negotiations are ongoing"). Rule ``actors.not-a-party.spokesperson``."""
    return person.office in SOURCE_OFFICES


def pronoun_actors(ents: DocumentEntities, paragraphs: list[Paragraph], p_index: int,
                   sent: Span, scope: set[int]) -> list[PersonMention]:
    """ "He held talks with ..." -> the person the previous text was about (rules
    ``actors.pronoun.clause-subject``, ``actors.pronoun.topic``)."""
    out = []
    for t in tokens_where(sent, LOWER, _PRONOUN_IDS):
        subject = t.lower_ in PERSONAL_SUBJECTS and t.dep_ in ("nsubj", "nsubjpass")
        owner = t.lower_ in PERSONAL_POSSESSIVES and t.dep_ == "poss" and t.head.pos_ == "NOUN"
        if t.i in scope and (subject or owner):
            person = _antecedent(ents, paragraphs, p_index, t, subject=subject, owner=owner)
            if person is not None:
                out.append(person)
    return out


def _antecedent(ents: DocumentEntities, paragraphs: list[Paragraph], p_index: int, t: Token,
                *, subject: bool, owner: bool) -> PersonMention | None:
    """The person a personal pronoun stands for, as a mention at the pronoun."""
    gender = PERSONAL_PRONOUN_GENDERS[t.lower_]
    owner_subject = _clause_subject(ents, p_index, t, gender) if owner else None
    if owner_subject is not None:
        return replace(owner_subject, token_start=t.i, token_end=t.i + 1)
    prior = sorted(
        (p for p in ents.persons
         if p.kind == "person" and p.start < paragraphs[p_index].start + t.idx),
        key=lambda p: p.start,
    )
    compatible = [p for p in prior if p.gender in (None, gender)]
    topic = _same_sentence_antecedent(compatible, p_index, t) if subject else None
    topic = topic or _previous_subject(compatible, paragraphs, p_index, t)
    if topic is None and subject:
        topic = _previous_pronoun_subject(ents, paragraphs, p_index, t)
    if topic is None and compatible:
        topic = compatible[-1]
    if topic is None:
        return None
    return replace(topic, para=p_index, token_start=t.i, token_end=t.i + 1)


def _same_sentence_antecedent(compatible: list[PersonMention], p_index: int,
                              pronoun: Token) -> PersonMention | None:
    """ "It will be Putin's first trip since 2000, when he became ...": a pronoun in a
    subordinate clause refers to the person the main clause names before it (the first one)."""
    if not any(a.dep_ in ("advcl", "relcl") for a in [pronoun, *pronoun.ancestors]):
        return None
    sent = sentence(pronoun)
    before = [p for p in compatible
              if p.para == p_index and sent.start <= p.token_start < pronoun.i]
    return before[0] if len(before) == 1 else None


def _sentence_before(paragraphs: list[Paragraph], p_index: int,
                     tok: Token) -> tuple[int, Span] | None:
    """The paragraph index and the sentence told just before ``tok``'s."""
    sent = sentence(tok)
    if sent.start > 0:
        return p_index, sentence(tok.doc[sent.start - 1])
    # the paragraph before with words (a blank line between paragraphs is one of its own)
    para = next((i for i in range(p_index - 1, -1, -1) if paragraphs[i].text.strip()), None)
    if para is None or not len(paragraphs[para].doc):
        return None
    return para, sentence(paragraphs[para].doc[-1])


def _previous_pronoun_subject(ents: DocumentEntities, paragraphs: list[Paragraph], p_index: int,
                              pronoun: Token) -> PersonMention | None:
    """ "Moon will sit down for talks with Putin. He will then fly to Rostov-on-Don ... He's
    expected to meet the players": a subject pronoun whose sentence before has the same
    pronoun as its subject continues it, and stands for whom that one stands for (Moon),
    not for the last person named (Putin). Rule ``actors.pronoun.chain``."""
    before = _sentence_before(paragraphs, p_index, pronoun)
    if before is None:
        return None
    para, sent = before
    same = next((t for t in sent if t.lower_ == pronoun.lower_
                 and t.dep_ in ("nsubj", "nsubjpass")), None)
    if same is None:
        return None
    return _antecedent(ents, paragraphs, para, same, subject=True, owner=False)


def _previous_subject(compatible: list[PersonMention], paragraphs: list[Paragraph], p_index: int,
                      pronoun: Token) -> PersonMention | None:
    """ "Volodin held talks with Kim. On Thursday, he also met Choe": a pronoun continues the
    topic, the subject of the sentence before (or of its own, before it), rather than the last
    person named."""
    told = _sentence_before(paragraphs, p_index, pronoun)
    before = (told[0], told[1].start) if told else (p_index, sentence(pronoun).start)
    for p in reversed(compatible):
        if (p.para, p.token_start) < before:
            break
        if any(is_subject(tok) for tok in paragraphs[p.para].doc[p.token_start : p.token_end]):
            return p
    return None


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


def relative_actors(
    ents: DocumentEntities, p_index: int, sent: Span, scope: set[int]
) -> list[PersonMention]:
    """ "... for Putin, who arrived in Beijing": "who" stands for the person it follows.
    Rule ``actors.relative-who``."""
    out = []
    for t in tokens_where(sent, LOWER, _WHO):
        if not (t.i in scope and t.dep_ in ("nsubj", "nsubjpass")
                and t.head.dep_ == "relcl"):
            continue
        antecedent = t.head.head
        for p in ents.persons:
            if p.para == p_index and p.token_start <= antecedent.i < p.token_end:
                out.append(replace(p, token_start=t.i, token_end=t.i + 1))
                break
    return out


def their_actors(persons: list[PersonMention], tok: Token) -> list[PersonMention]:
    """ "Putin, right, and Kim shake hands during their meeting in Vladivostok" (a photo
    caption): "their" event is that of the people the clause is about.
    Rule ``actors.their``."""
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


REPORTED_CLAUSES = ("ccomp", "dobj", "parataxis", "advcl")


def is_source(person_tok: Token, trigger: Token) -> bool:
    """A person who only reports the event ("Peskov said ...", "..., Peskov said", "Ushakov,
    who said that Xi and Putin would sign") is not a participant; the subject of a clause the
    report tells ("reporting that Kim started the visit") is. Rule ``actors.not-the-source``."""
    node = person_tok
    while node.dep_ in ("compound", "flat", "appos") and node.head.i != node.i:
        node = node.head
    verb = node.head
    if node.dep_ != "nsubj" or verb.i == trigger.i:
        return False
    if verb.lemma_ not in REPORTING_VERBS and verb.lemma_ not in STANCE_VERBS:
        return False
    if trigger in list(verb.children):
        # "Ushakov said that Xi and Putin would sign": the report names who acts; "Kim
        # said he would visit", "Kim confirmed his readiness": the reporter himself
        return trigger.dep_ == "ccomp" and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PROPN" for c in trigger.children)
    if trigger not in verb.subtree:
        return True  # a parenthetical report: "Kim met Putin, Peskov said"
    branch = next(a for a in [trigger, *trigger.ancestors] if a.head.i == verb.i)
    return branch.dep_ in REPORTED_CLAUSES


NESTED_EVENT_TYPES = (EventType.MEET, EventType.CALL)


def _holds_event(verb: Token) -> bool:
    """The clause of ``verb`` tells an engagement of its own ("are set to hold talks")."""
    return any(classify(t) in NESTED_EVENT_TYPES for t in verb.subtree)


def in_other_event(person_tok: Token, trigger: Token) -> bool:
    """A person who takes part in another engagement the sentence tells, not in this one:
    the partner of another meeting ("a call with Kim ahead of the summit with Trump"), the
    owner of another visit ("speculation about Putin's visit"), the subject of another clause
    that tells its own engagement ("..., as Trump and Putin are set to hold talks").
    Rule ``actors.other-event``."""
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


def persons_by_dep(
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


def unique_people(people: list[PersonMention]) -> list[PersonMention]:
    out: list[PersonMention] = []
    for p in people:
        if not any(same_person(p.name, q.name) for q in out):
            out.append(p)
    return out


def pair_subject(tok: Token) -> str | None:
    """ "The two leaders last met ...", "The two met" -> "pair"; "they spoke by telephone" ->
    "they".
    Rule ``actors.pair.the-two-leaders``."""
    if possessed_by_their(tok):
        return "they"  # "Their talks also included ..."
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for s in subjects_of(verb) if verb.pos_ in ("VERB", "AUX") else []:
        if s.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if s.lower_ in PAIR_PRONOUNS:
            return "they"  # "they spoke", "Both plan to sign"
        if s.lower_ in PAIR_QUANTIFIERS and any(c.dep_ == "det" for c in s.children):
            return "pair"  # "The two met in Dalian"
        if s.lemma_ in PAIR_NOUNS and s.tag_ in ("NNS", "NNPS") and any(
            c.lower_ in PAIR_QUANTIFIERS for c in s.children
        ):
            return "pair"
        if s.lemma_ in PAIR_NOUNS and s.tag_ in ("NNS", "NNPS") and any(
            c.lower_ == "the" for c in s.children
        ):
            return "the"  # "the leaders signed": the parties of the engagement just told
    return None


def nearest_pair_before(c: Candidate, ents: DocumentEntities) -> list[PersonMention]:
    """ "Shoigu conveyed a message from Putin, who sent greetings to Kim and vowed to carry
    out the agreements of their summits": "their" is the two people of two states named
    last before it in its sentence, not the pair of the meeting the story is about.
    Rule ``actors.pair.their``."""
    sent = sentence(c.trigger)
    named = [p for p in ents.persons if p.para == c.para and p.kind == "person" and p.name
             and p.country and sent.start <= p.token_start < c.trigger.i]
    pair: list[PersonMention] = []
    for p in reversed(named):
        if all(p.country != q.country and not same_person(p.name, q.name) for q in pair):
            pair.insert(0, p)
        if len(pair) == 2:
            return pair
    return []


def named_in(cand: Candidate, sent: Span) -> bool:
    """Whether the sentence names one of the candidate's people (by any part of the name)."""
    words = [t.text for t in sent if t.is_title and t.pos_ == "PROPN"]
    return any(same_person(w, a.name) for a in cand.actors if a.kind == "person" and a.name
               for w in words)
