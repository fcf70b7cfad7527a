"""The knowledge base as spaCy PhraseMatchers, and the words that are never part of a name.

Built once per knowledge base (they cost seconds): matchers for the states' names, aliases,
demonyms and seats, for places, for known persons' names, for office phrases and for
institutions. The
words that never belong to a personal name are the lexicon's ``NOT_NAME_WORDS`` and the
one-word names of the knowledge base's states ("Russia", "Chinese", "Kremlin").
"""

from __future__ import annotations

import hashlib
from typing import cast

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from bilat.annotations.nlp import load_nlp
from bilat.knowledge.kb import KnowledgeBase, per_kb
from bilat.knowledge.names import name_tokens
from bilat.lang import lexicon
from bilat.parsed import computed_once

# Capitalised words never part of a personal name, besides the states' names (see
# KbMatchers.not_name); compared with a token's text as written.
NOT_NAME_WORDS = lexicon().words("NOT_NAME_WORDS")
_SURNAME_ALIAS_LETTERS = lexicon().number("SURNAME_ALIAS_LETTERS")
_ACRONYM_ALIAS_LETTERS = lexicon().number("ACRONYM_ALIAS_LETTERS")


class KbMatchers:
    """PhraseMatchers over the knowledge base, built once per knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        nlp = load_nlp()
        self.kb = kb
        phrases = phrases_of(kb)
        patterns = phrase_patterns(nlp, phrases)
        built = {label: PhraseMatcher(nlp.vocab, attr=attr)
                 for label, (attr, _) in phrases.items()}
        for label, matcher in built.items():
            # (ids as patterns: the stubs allow only docs, spaCy takes both)
            matcher.add(label, patterns[label])  # type: ignore[arg-type]
        self.country = built["COUNTRY"]
        self.place = built["PLACE"]
        self.person = built["PERSON"]
        self.office = built["OFFICE"]
        self.institution = built["INSTITUTION"]
        self.not_name: frozenset[str] = NOT_NAME_WORDS | state_words(kb)


# a matcher's label -> the attribute it compares (words as written, or lower-cased) and its
# phrases, sorted
Phrases = dict[str, tuple[str, list[str]]]


def phrases_of(kb: KnowledgeBase) -> Phrases:
    country_terms: set[str] = set()
    for c in kb.countries.values():
        for term in (c.name, *c.aliases, *c.demonyms, *c.seats):
            country_terms.update(_case_variants(term))
    place_terms = {v for name in kb.place_names() for v in _case_variants(name)}
    person_terms = {n for n in kb.person_names()
                    if len(name_tokens(n)) >= 2 or _distinctive(kb, n)}
    institution_terms = {v for name in kb.institution_names() for v in _case_variants(name)}
    return {"COUNTRY": ("ORTH", sorted(country_terms)),
            "PLACE": ("ORTH", sorted(place_terms)),
            "PERSON": ("ORTH", sorted(person_terms)),
            "OFFICE": ("LOWER", sorted(kb.office_phrases())),
            "INSTITUTION": ("ORTH", sorted(institution_terms))}


def phrase_patterns(nlp: Language, phrases: Phrases) -> dict[str, list[list[int]]]:
    """Each matcher's phrases as PhraseMatcher patterns: the ids of their tokens' compared
    attribute, which ``PhraseMatcher.add`` takes from a tokenized phrase, and also takes as
    such. Tokenizing the ~4,800 phrases makes ~3,800 lexemes through spaCy's attribute
    getters in Python (0.13 CPU s of every start-up), so the ids are kept
    (:func:`bilat.parsed.computed_once`) by the phrases, spaCy's version, the model's and
    a digest of the tokenizer's rules (1 ms). The vocab then lacks those lexemes until a
    parse meets their words, and a lexeme is the same whenever it is made."""
    rules = cast(Tokenizer, nlp.tokenizer).to_bytes(exclude=["vocab"])
    inputs = {"phrases": phrases, "spacy": spacy.__version__,
              "model": [nlp.meta.get("name"), nlp.meta.get("version")],
              "tokenizer": hashlib.sha256(rules).hexdigest()}
    kept: dict[str, list[list[int]]] = computed_once(
        inputs, lambda: _tokenized(nlp, phrases), "phrase-ids-1")
    return kept


def _tokenized(nlp: Language, phrases: Phrases) -> dict[str, list[list[int]]]:
    return {label: [nlp.make_doc(phrase).to_array(attr).tolist() for phrase in terms]
            for label, (attr, terms) in phrases.items()}


def state_words(kb: KnowledgeBase) -> frozenset[str]:
    """The one-word, capitalised names, aliases, demonyms and seats of the knowledge base's
    states ("Russia", "Chinese", "Kremlin"): a word that names a state names no person."""
    return frozenset(term for c in kb.countries.values()
                     for term in (c.name, *c.aliases, *c.demonyms, *c.seats)
                     if " " not in term and term.istitle())


def _case_variants(term: str) -> set[str]:
    out = {term}
    if term[:1].islower():
        out.add(term[:1].upper() + term[1:])
    return out


def _distinctive(kb: KnowledgeBase, alias: str) -> bool:
    """A one-word alias ("Shoigu", "Prabowo") is matched only when it names exactly one known
    person; an acronym ("MBS", "AMLO") is matched in capitals only, so it may be short."""
    if len(kb.people_by_surname(alias)) != 1:
        return False
    if alias.isupper() and alias.isalpha():
        return len(alias) >= _ACRONYM_ALIAS_LETTERS
    return alias[:1].isupper() and len(alias) >= _SURNAME_ALIAS_LETTERS


def matchers_for(kb: KnowledgeBase) -> KbMatchers:
    """Matchers are built once per knowledge base."""
    return per_kb("matchers", kb, KbMatchers)


def matched(matcher: PhraseMatcher, doc: Doc) -> list[tuple[int, int]]:
    """The token spans ``matcher`` finds in ``doc``."""
    return [(s, e) for _, s, e in matches(matcher, doc)]


# Doc.user_data key: matcher -> its matches in the doc
_MATCHES = "bilat.matches"


def matches(matcher: PhraseMatcher, doc: Doc) -> list[tuple[int, int, int]]:
    """``matcher(doc)``, run once per doc and matcher (do not change the list). The
    screen and the names and places pass ask each matcher about a paragraph up to three
    times. The matchers compare words as written or lower-cased, which the tokenizer sets
    and no pipeline component changes, so matches found before the parse still hold."""
    kept: dict[PhraseMatcher, list[tuple[int, int, int]]] = doc.user_data.setdefault(
        _MATCHES, {})
    found = kept.get(matcher)
    if found is None:
        found = kept[matcher] = matcher(doc)
    return found


def longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, longest first (spaCy's filter_spans semantics)."""
    if len(spans) < 2:
        return list(spans)  # (most paragraphs: nothing to choose between)
    chosen: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if not taken.intersection(range(s, e)):
            chosen.append((s, e))
            taken.update(range(s, e))
    return sorted(chosen)
