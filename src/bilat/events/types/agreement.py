"""AGREE: what was signed, when, and when a signing is no agreement.

A signing's people and states are filled like a meeting's
(:func:`bilat.events.types.meeting.fill_meeting`); what is particular to agreements is here:

- what is signed (:func:`agreement_noun`, :func:`what_was_signed`): the treaty, plan or
  memorandum a signing is of, for the label that tells two agreements apart;
- which dates a signing can take (:func:`signing_dates`): not the term of what is signed
  ("a 2019-2020 plan") nor the date of an agreement it mentions ("accords from 1961"); and
  "the 70th anniversary of the agreement" dates its conclusion (:func:`anniversary_date`);
- when a signing concludes no agreement (:func:`not_an_agreement`);
- the signers a later pass may find in the story (:func:`signed_in_engagement`,
  :func:`same_agreement_retold`), used by :mod:`bilat.events.passes.agreement_parties`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from spacy.tokens import Token

from bilat import partial_date
from bilat.annotations.nlp import Paragraph
from bilat.events.arguments.status import attempted, none_of_it, not_given
from bilat.events.objects import agreement_label
from bilat.events.syntax import subjects_of
from bilat.events.triggers import AGREE_NOUNS, MEET_NOUNS, VISIT_NOUNS, classify
from bilat.lang import lexicon
from bilat.model import EventType, Precision, TimeExpression

_LEX = lexicon()
AGREE_PAPERS = _LEX.words("AGREE_PAPERS")
DEFINITE_DETERMINERS = _LEX.words("DEFINITE_DETERMINERS")
PLURAL_AGREEMENT_NAMES = _LEX.words("PLURAL_AGREEMENT_NAMES")
RATIFYING = _LEX.words("RATIFYING")
SIGNER_GROUPS = _LEX.words("SIGNER_GROUPS")
NESTED_AGREEMENT_DEPTH = _LEX.number("NESTED_AGREEMENT_DEPTH")
ANNIVERSARY_DEPTH = _LEX.number("ANNIVERSARY_DEPTH")
_YEAR_RANGE = re.compile(r"\b\d{4}\s*[-–]\s*\d{2,4}\b")  # "2019-2020", "2025–27"
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")  # "70th"


def _is_agreement_word(tok: Token) -> bool:
    return (tok.lemma_.lower() in AGREE_NOUNS or tok.lower_ in AGREE_NOUNS
            or tok.lower_ in PLURAL_AGREEMENT_NAMES)


def agreement_noun(tok: Token) -> Token | None:
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


def not_an_agreement(tok: Token) -> bool:
    """The words around a signing say it concluded no agreement: the noun is the content of
    another signing, the signing was only attempted, none was signed, or it was refused or
    urged (rules ``agreement.not.nested``, ``status.attempted``, ``status.none-of-it``,
    ``status.not-given``)."""
    return (_nested_agreement(tok) or attempted(tok) or none_of_it(tok, agreement_noun(tok))
            or not_given(tok))


def names_its_content(tok: Token) -> bool:
    """ "the conclusion of the agreement on trade": a definite noun that names what is
    signed is a signing of its own, not a re-mention of one told before."""
    own = agreement_noun(tok)
    return own is not None and own.i != tok.i


def what_was_signed(trigger: Token) -> str:
    """The agreement label (:mod:`bilat.events.objects`): the kind of document signed, as a
    ratification if the act ratifies. Rule ``agreement.what.kind``."""
    noun = agreement_noun(trigger)
    plural = noun is not None and noun.tag_ in ("NNS", "NNPS")
    lemma = noun.lemma_ if noun is not None and noun.lower_ != "it" else None
    return agreement_label(lemma, plural=plural, ratification=trigger.lemma_.lower() in RATIFYING)


def _nested_agreement(tok: Token) -> bool:
    """ "The protocol on exchanging the ratification instruments was signed": the noun
    names what the protocol is about; the signing is the event. Rule ``agreement.not.nested``."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.dep_ == "compound" and tok.head.lower_ in AGREE_PAPERS:
        return True
    return any(anc.pos_ == "VERB" and classify(anc) == EventType.AGREE
               for anc in list(islice(tok.ancestors, NESTED_AGREEMENT_DEPTH)))


def signing_dates(exprs: Sequence[TimeExpression], tok: Token, offset: int,
                   para: Paragraph) -> list[TimeExpression]:
    """The dates a signing can take: not the term of what is signed ("a 2019-2020 plan",
    "a plan for 2025-2027") nor the date of another agreement it mentions ("supersedes
    previous accords from 1961"). Rule ``agreement.date.not-the-term``."""
    own = agreement_noun(tok)
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
    if (node.dep_ in ("prep", "compound", "nummod", "amod", "npadvmod")
            and node.head.pos_ in ("NOUN", "PROPN")):
        return node.head
    return None


def anniversary_date(tok: Token, exprs: Sequence[TimeExpression], published: str | None,
                      offset: int) -> TimeExpression | None:
    """ "the 70th anniversary of the conclusion of the agreement", marked in 2019: the
    agreement was concluded in 1949. Rule ``agreement.date.anniversary``."""
    anniversary = next((a for a in list(islice(tok.ancestors, ANNIVERSARY_DEPTH))
                        if a.lemma_ == "anniversary"), None)
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


def same_agreement_word(a: Token | None, b: Token | None) -> bool:
    if a is None or b is None:
        return False
    return a.lower_ == "it" or a.lemma_.lower() == b.lemma_.lower()


def signed_in_engagement(tok: Token) -> bool:
    """ "The talks culminated in the signing of ...", "the leaders signed ..."."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    # "was signed by the two leaders": the agent is the signer
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    # "Both plan to sign agreements": the subject of the verb the signing completes
    for s in [c for c in subjects_of(verb) if c.dep_ == "nsubj"] + agents:
        if (s.lemma_.lower() in MEET_NOUNS or s.lower_ in MEET_NOUNS
                or s.lemma_.lower() in VISIT_NOUNS):
            return True
        if (s.lemma_.lower() in SIGNER_GROUPS
                and (s.tag_ in ("NNS", "NNPS") or s.lower_ in SIGNER_GROUPS)
                and not any(c.dep_ in ("amod", "compound") for c in s.children)):
            return True
    return False


def same_agreement_retold(tok: Token) -> bool:
    """ "The treaty was signed in Pyongyang": the treaty already told, signed by no one new."""
    noun = agreement_noun(tok)
    if noun is None or noun.i == tok.i:
        return False
    definite = noun.lower_ == "it" or any(
        c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in noun.children)
    signer = any(c.dep_ in ("nsubj", "agent") for c in tok.children)
    return definite and not signer
