"""Officials described but not named: "Russia's deputy interior minister", "the North
Korean leader", "the Russian lawmaker", "Pyongyang's top diplomat".

A role is an office phrase the knowledge base knows ("foreign minister", "leader") or a
generic role noun ("lawmaker", "diplomat"), with the state the text gives it right before
("Russia's", "the North Korean") or after ("the leader of the DPRK"). A role with no
state is dropped. Whether it is *definite* ("the Russian lawmaker", "Russia's defence
minister") decides whether coreference may link it to a person named before.
"""

from __future__ import annotations

from spacy.tokens import Doc

from bilat.annotations.actors.matchers import KbMatchers, longest, matched
from bilat.annotations.actors.mentions import CountryMention, PersonMention
from bilat.annotations.actors.persons import OFFICE_QUALIFIERS
from bilat.annotations.actors.places import capital_possessives
from bilat.annotations.nlp import Paragraph, lower_ids, span_text, word_ids
from bilat.knowledge.kb import KnowledgeBase
from bilat.lang import lexicon

_LEX = lexicon()
ROLE_NOUNS = _LEX.words("ROLE_NOUNS")
_ROLE_IDS = word_ids(ROLE_NOUNS)
ROLE_ADJECTIVES = _LEX.words("ROLE_ADJECTIVES")
ROLE_PHRASE_BOUNDARIES = _LEX.words("ROLE_PHRASE_BOUNDARIES")
_COUNTRY_LOOKBACK = _LEX.number("ROLE_COUNTRY_LOOKBACK")
_ADJECTIVE_DEPTH = _LEX.number("ROLE_ADJECTIVE_DEPTH")
_TITLE_PHRASE_LENGTH = _LEX.number("TITLE_PHRASE_LENGTH")
_DEFINITE_ARTICLES = ("the", "this")
_POSSESSIVE = ("'s", "’s")


def find_roles(kb: KnowledgeBase, m: KbMatchers, para: Paragraph, index: int,
               countries: list[CountryMention],
               persons: list[PersonMention]) -> list[PersonMention]:
    """Officials described but not named. They carry a country (and an office when the
    knowledge base knows it)."""
    doc = para.doc
    named_tokens = {i for p in persons for i in range(p.token_start, p.token_end)}
    by_token = {i: c for c in [*countries, *capital_possessives(kb, m, para, index)]
                for i in range(c.token_start, c.token_end)}
    offices = longest(matched(m.office, doc))
    taken = {i for s, e in offices for i in range(s, e)}
    # on the doc's array of lower-case ids: no Token object for every token of the paragraph
    generic = [(i, i + 1) for i, lower in enumerate(lower_ids(doc))
               if lower in _ROLE_IDS and i not in taken]
    out = []
    for s, e in sorted(offices + generic):
        if titles_a_name(doc, s, e, named_tokens, m.not_name):
            continue
        country, start_tok = role_country(doc, s, e, by_token)
        if country is None:
            continue
        # "deputy interior minister", "the former Russian president"
        qualified = any(doc[i].lower_ in OFFICE_QUALIFIERS for i in range(max(0, start_tok - 1), s))
        office = (None if qualified or (s, e) in generic
                  else kb.office_for_phrase(span_text(doc[s:e]), country))
        span = doc[start_tok:e]
        out.append(PersonMention(
            start=para.start + span.start_char, end=para.start + span.end_char,
            text=span_text(span),
            name="", country=country, kind="role", para=index, token_start=start_tok, token_end=e,
            office=office.key if office else None,
            definite=definite(doc, start_tok) or (not qualified and possessive(doc, start_tok, s)),
        ))
    return out


def titles_a_name(doc: Doc, s: int, e: int, named_tokens: set[int],
                   not_name: frozenset[str]) -> bool:
    """The office phrase is a title: a name follows it, or it is part of a name, or its
    of-phrase runs into a name ("Speaker of the Russian Parliament's Upper House Valentina
    Matvienko")."""
    if e in named_tokens or (e < len(doc) and doc[e].is_title and doc[e].text not in not_name
                             and doc[e].pos_ == "PROPN"):
        return True
    return any(i in named_tokens for i in range(s, e)) or _of_phrase_names(doc, e, named_tokens)


def _of_phrase_names(doc: Doc, e: int, named_tokens: set[int]) -> bool:
    """ "Speaker [of the Russian Parliament's Upper House] Valentina Matvienko": the office's
    of-phrase is a run of capitalised words, articles and possessives that ends in a name."""
    if e >= len(doc) or doc[e].lower_ not in ("of", "for"):
        return False
    for i in range(e + 1, min(len(doc), e + 1 + _TITLE_PHRASE_LENGTH)):
        if i in named_tokens:
            return True
        t = doc[i]
        if not (t.is_title or t.lower_ in ("the", "of", "and", "for") or t.text in _POSSESSIVE):
            return False
    return False


def role_country(doc: Doc, s: int, e: int,
                 by_token: dict[int, CountryMention]) -> tuple[str | None, int]:
    """The state of a role phrase and the token its mention starts at: right before
    ("Russia's", "North Korean", "the Russian") or after ("the leader of the DPRK")."""
    j = s - 1
    while j >= max(0, s - _COUNTRY_LOOKBACK):
        if j in by_token:
            return by_token[j].iso3, by_token[j].token_start
        if doc[j].text == "," or doc[j].text in ROLE_PHRASE_BOUNDARIES:
            break
        j -= 1
    if e + 1 < len(doc) and doc[e].lower_ == "of":
        k = e + 2 if doc[e + 1].lower_ == "the" and e + 2 < len(doc) else e + 1
        if k in by_token:
            return by_token[k].iso3, s
    return None, s


def definite(doc: Doc, start: int) -> bool:
    """ "the Russian lawmaker", "The leader of the DPRK", "the top North Korean diplomat": a
    definite description (adjectives may stand between the article and the role)."""
    i = start - 1
    while i >= 0 and start - i <= _ADJECTIVE_DEPTH and (doc[i].pos_ == "ADJ"
                                                        or doc[i].lower_ in ROLE_ADJECTIVES):
        i -= 1
    return i >= 0 and doc[i].lower_ in _DEFINITE_ARTICLES


def possessive(doc: Doc, start: int, role_start: int) -> bool:
    """ "Pyongyang's top diplomat", "Russia's defence minister": a state's own official."""
    return any(doc[i].text in _POSSESSIVE for i in range(start, role_start))
