"""Dependency predicates shared by the extraction rules: subjects, clauses, quotes, re-mentions.

They read only the parse (heads, dependency labels, parts of speech) and function words
(``lang/en/events_grammar.yaml``), never the event lexicon, so each can be tested on a
hand-built ``Doc`` (tests/events/test_syntax.py). What a trigger's scope is, and which
phrases tell another event, is :mod:`bilat.events.scope`.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, HEAD
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from bilat.annotations.nlp import attribute_ids, doc_text, kept_on, lower_ids, word_ids
from bilat.lang import lexicon

_LEX = lexicon()
DEFINITE_DETERMINERS = _LEX.words("DEFINITE_DETERMINERS")
EVENT_ARGUMENT_PREPS = _LEX.words("EVENT_ARGUMENT_PREPS")
RESTATING_SUBJECTS = _LEX.words("RESTATING_SUBJECTS")
RE_MENTION_DETERMINERS = _LEX.words("RE_MENTION_DETERMINERS")
TIME_RELATION_HEADS = _LEX.words("TIME_RELATION_HEADS")
TIME_RELATION_PREPS = _LEX.words("TIME_RELATION_PREPS")
RANGE_PREPS = _LEX.words("RANGE_PREPS")
TEMPORAL_MARKERS = _LEX.words("TEMPORAL_MARKERS")
# the same words and labels as ids, for the rules that read a token's dependents from the
# doc's arrays (child_words) instead of a Token per dependent
_DEFINITE_DETERMINER_IDS = word_ids(DEFINITE_DETERMINERS)
_RE_MENTION_DETERMINER_IDS = word_ids(RE_MENTION_DETERMINERS)
_EVENT_ARGUMENT_PREP_IDS = word_ids(EVENT_ARGUMENT_PREPS)
_RESTATING_SUBJECT_IDS = word_ids(RESTATING_SUBJECTS)
_DET, _PREP = get_string_id("det"), get_string_id("prep")
_SUBJECT_DEPS = word_ids(["nsubj", "nsubjpass"])


# Doc.user_data keys: each token's dependents, and the subtrees and dependents' words
# asked for so far
_CHILDREN = "bilat.children"
_SUBTREES = "bilat.subtrees"
_DEPENDENT_WORDS = "bilat.dependent_words"


def subtree_ids(tok: Token) -> frozenset[int]:
    """The indexes of ``tok``'s subtree (``{t.i for t in tok.subtree}``: itself and every
    token below it), read from the doc's heads. The rules ask for subtrees thousands of
    times per document; ``Token.subtree`` makes a Token object per token each time. The
    parsed doc does not change during extraction, so each answer is kept on it."""
    doc = tok.doc
    known: dict[int, frozenset[int]] = doc.user_data.setdefault(_SUBTREES, {})
    found = known.get(tok.i)
    if found is None:
        children = _children(doc)
        below, todo = [tok.i], [tok.i]
        while todo:
            kids = children[todo.pop()]
            below.extend(kids)
            todo.extend(kids)
        found = known[tok.i] = frozenset(below)
    return found


_SENTENCES = "bilat.sentences"  # Doc.user_data key: each token's sentence


def sentence(tok: Token) -> Span:
    """``tok.sent``: the same span, made once per doc for all its tokens. ``Token.sent``
    walks the sentence starts out from the token and slices a new span on every call, and
    the rules ask for the sentence of a trigger a dozen times."""
    return kept_on(tok.doc, _SENTENCES, _sentence_of_each_token)[tok.i]


def _sentence_of_each_token(doc: Doc) -> list[Span]:
    of_token: list[Span] = []
    for sent in doc.sents:  # (the same starts Token.sent walks to)
        of_token.extend([sent] * len(sent))
    return of_token


def child_words(tok: Token) -> tuple[tuple[int, int], ...]:
    """(dependency label id, lower-case word id) of each of ``tok``'s dependents, in
    order: what ``[(c.dep, c.lower) for c in tok.children]`` gives, read from the doc's
    arrays. The status rules look at a few heads' dependents per trigger for a label and a
    word (:func:`bilat.annotations.nlp.word_ids`); ``Token.children`` makes a Token per
    dependent on every call."""
    doc = tok.doc
    known: dict[int, tuple[tuple[int, int], ...]] = doc.user_data.setdefault(
        _DEPENDENT_WORDS, {})
    found = known.get(tok.i)
    if found is None:
        # kept per token asked (the rules ask 5.6 times per token on the mix) as tuples of
        # ints, which the cycle collector stops tracking at its first look: lists kept for
        # every token outlived the extraction of a document and doubled the full
        # collections of a build (2 to 6 on the mix)
        deps, lowers = attribute_ids(doc, DEP), lower_ids(doc)
        found = known[tok.i] = tuple([(deps[c], lowers[c]) for c in _children(doc)[tok.i]])
    return found


def dependents_labelled(tok: Token, labels: frozenset[int]) -> list[Token]:
    """``tok``'s dependents whose label is one of ``labels`` (ids, :func:`word_ids`), in
    order: ``[c for c in tok.children if c.dep_ in ...]`` with a Token made only for them."""
    doc = tok.doc
    deps = attribute_ids(doc, DEP)
    return [doc[c] for c in _children(doc)[tok.i] if deps[c] in labels]


def _children(doc: Doc) -> tuple[tuple[int, ...], ...]:
    """Each token's dependents (a root is its own head, and no dependent of itself)."""
    return kept_on(doc, _CHILDREN, _dependents)


def _dependents(doc: Doc) -> tuple[tuple[int, ...], ...]:
    heads = (np.arange(len(doc)) + doc.to_array(HEAD).astype(np.int64)).tolist()
    children: list[list[int]] = [[] for _ in heads]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    # kept as tuples of ints, which the cycle collector stops tracking at its first look:
    # a list per token lived as long as its doc and was walked by every full collection
    return tuple(map(tuple, children))


def in_quotes(sent: Span, tok: Token) -> bool:
    """Inside a quotation of what someone said. A quote that opens on a lower-case word is
    a phrase the narrator borrows ('Fomin will "hold bilateral talks with the leadership"'):
    the sentence still tells the event. Rules ``syntax.quotes.speech``,
    ``syntax.quotes.borrowed-phrase``."""
    before = doc_text(sent.doc)[sent.start_char : tok.idx]
    inside = (before.count("“") > before.count("”")) or before.count('"') % 2 == 1
    if not inside:
        return False
    opening = max(before.rfind("“"), before.rfind('"'))
    quoted = before[opening + 1 :].lstrip() + tok.text
    return not quoted[:1].islower()


def anaphoric(tok: Token) -> bool:
    """ "The visit comes as ...", "the talks were ...": a re-mention of an event already told,
    unless its own phrase names its arguments ("the visit to Moscow"). Rule
    ``syntax.re-mention``."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    children = child_words(tok)
    if tok.dep_ in ("nsubj", "nsubjpass") and any(
        dep == _DET and lower in _DEFINITE_DETERMINER_IDS for dep, lower in children
    ):
        return True
    return any(
        dep == _DET and lower in _RE_MENTION_DETERMINER_IDS for dep, lower in children
    ) and not any(dep == _PREP and lower in _EVENT_ARGUMENT_PREP_IDS for dep, lower in children)


def subjects_of(trigger: Token) -> list[Token]:
    """Who does what the trigger tells: its subjects, the noun it modifies ("a delegation
    visiting Moscow"), or the subject of the verb it completes ("A delegation is reported to
    have visited"). Rule ``syntax.subjects``."""
    subjects = dependents_labelled(trigger, _SUBJECT_DEPS)
    if trigger.dep_ in ("acl", "relcl"):
        subjects.append(trigger.head)
    node = trigger
    while not subjects and node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
        node = node.head
        subjects = dependents_labelled(node, _SUBJECT_DEPS)
    return subjects


def noun_core(noun: Token, attachments: tuple[str, ...] = ("prep", "relcl", "acl")) -> set[int]:
    """A noun phrase without its attachments: "a North Korean delegation" of "a North Korean
    delegation [left for a forum with President Moon]". Rule ``syntax.noun-core``."""
    core = set(subtree_ids(noun))
    for c in noun.children:
        if c.dep_ in attachments:
            core.difference_update(subtree_ids(c))
    return core


def is_subject(tok: Token) -> bool:
    """The token is (part of a name that is) the subject of a verb. Rule ``syntax.subject``."""
    while tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX")


def own_subject(tok: Token) -> bool:
    """ "and Kim ratified it": the clause has a subject of its own, not a pronoun that
    restates the subject before ("and it sent troops"). Rule ``syntax.own-subject``."""
    return any(dep in _SUBJECT_DEPS and lower not in _RESTATING_SUBJECT_IDS
               for dep, lower in child_words(tok))


def main_clause(tok: Token) -> bool:
    """The trigger is the sentence's main verb, or the clause its report tells ("North Korea
    has received wheat, the embassy said"). Rule ``syntax.main-clause``."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ not in ("ccomp", "conj", "xcomp"):
            return False
        node = node.head
    return True


def clause_path(tok: Token) -> list[Token]:
    """The trigger and its heads up to the verb of its clause ("visit" -> "is" in "The trip
    is his first visit"). Rule ``syntax.clause-path``."""
    path = [tok]
    while path[-1].pos_ not in ("VERB", "AUX") and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def inside(tok: Token, visit: Token) -> bool:
    """ "a visit that will include a summit", "During his visit, Putin will meet": the
    trigger is under the visit, or under the clause the visit's "during" phrase frames.
    Rule ``syntax.inside``."""
    return tok in visit.subtree or (visit.head.lower_ == "during"
                                    and visit.head.head in tok.ancestors)


def at_another_time(tok: Token, anchor: Token) -> bool:
    """ "arrived in Pyongyang ahead of a summit between Kim and Trump": between ``tok`` and
    the ``anchor`` above it, a time phrase sets ``tok`` before or after the anchor's event,
    so it is another event. Rule ``syntax.another-time``."""
    node = tok
    while node.i != anchor.i and node.head.i != node.i:
        if time_relation(node) is not None:
            return True
        node = node.head
    return False


def time_relation(t: Token) -> Token | None:
    """The head of a time phrase that relates to another event: "before/after/since X",
    "prior to X", "ahead of X". Rule ``syntax.time-relation``."""
    if t.dep_ != "prep":
        return None
    if t.lower_ in TIME_RELATION_PREPS:
        return t
    if t.lower_ in ("to", "of") and t.head.lower_ in TIME_RELATION_HEADS and t.head.i != t.i:
        return t.head
    return None


def possessed_by_their(tok: Token) -> bool:
    """ "their talks", "their summits", and "their Christmas Eve meeting", where the parser
    hangs "their" on a word of the noun's phrase before it. Rule ``syntax.their``."""
    return any(t.dep_ == "poss" and t.lower_ == "their" and tok in t.ancestors
               for t in tok.doc[tok.left_edge.i : tok.i]) and tok.pos_ in ("NOUN", "PROPN")


def phrase_head(span: Span) -> Token:
    """The word a phrase hangs by, past its preposition ("2019" of "in 2019")."""
    root = span.root
    if root.pos_ == "ADP":
        return next((c for c in root.children if c.dep_ == "pobj"), root)
    return root


def coordinated(a: Span, b: Span) -> bool:
    """ "in 2019 and 2023", "in February, March and April": the two phrases are conjuncts,
    not the ends of a range ("between 2019 and 2023"). Rule ``syntax.coordinated``."""
    head_a, head_b = phrase_head(a), phrase_head(b)
    if head_b not in head_a.conjuncts:
        return False
    first = min(head_a, head_b, key=lambda t: t.i)
    return not (first.head.pos_ == "ADP" and first.head.lower_ in RANGE_PREPS)


def presupposed_past(verb: Token) -> bool:
    """ "not held since December 2017, when Kalganov led a delegation", "didn't say whether
    deals were reached before Shoigu departed": a relative or time clause told in the past
    states a fact whatever the clause above it denies or doubts. Rule
    ``syntax.presupposed-past``."""
    if verb.tag_ != "VBD" or verb.dep_ not in ("relcl", "advcl"):
        return False
    return verb.dep_ == "relcl" or any(
        c.dep_ in ("mark", "advmod") and c.lower_ in TEMPORAL_MARKERS for c in verb.children)
