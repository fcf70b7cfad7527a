"""Persons named in a paragraph, the title before a name, and the state the text gives them.

spaCy's small model finds most person names but misses some (Korean names after a title,
"No Kwang Chol") and tags bare surnames as organisations ("Shoygu"). So person spans come
from three sources, merged longest-first: spaCy PERSON entities, the knowledge base's
names and aliases, and capitalised runs anchored by a title ("Foreign Minister Choe
Son-hui"). A span is trimmed of titles and honorifics, and dropped when it names a state,
place, institution, unit, government ("the Trump administration") or medium.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from difflib import SequenceMatcher

from spacy.tokens import Doc, Span

from bilat.annotations.actors.matchers import KbMatchers, longest, matched
from bilat.annotations.actors.mentions import CountryMention, PersonMention
from bilat.annotations.nlp import Paragraph, doc_text, lower_ids, span_text, word_ids
from bilat.knowledge.kb import KnowledgeBase, Person
from bilat.knowledge.names import name_tokens
from bilat.lang import lexicon

_LEX = lexicon()
TITLE_WORDS = _LEX.words("TITLE_WORDS")
_TITLE_IDS = word_ids(TITLE_WORDS)
HONORIFICS = _LEX.words("HONORIFICS")
ORGANISATION_WORDS = _LEX.words("ORGANISATION_WORDS")
GOVERNMENT_NOUNS = _LEX.words("GOVERNMENT_NOUNS")
MEDIA_NOUNS = _LEX.words("MEDIA_NOUNS")
MEDIA_WORDS = _LEX.words("MEDIA_WORDS")
OFFICE_QUALIFIERS = _LEX.words("OFFICE_QUALIFIERS")
NAME_PHRASE_BOUNDARIES = _LEX.words("NAME_PHRASE_BOUNDARIES")
NAME_PARTICLES = _LEX.words("NAME_PARTICLES")
_NAME_RUN_LENGTH = _LEX.number("NAME_RUN_LENGTH")
_COUNTRY_LOOKBACK = _LEX.number("NAME_COUNTRY_LOOKBACK")
_COUNTRY_LOOKAHEAD = _LEX.number("NAME_COUNTRY_LOOKAHEAD")
_GIVEN_NAME_LETTERS = _LEX.number("GIVEN_NAME_LETTERS")
_GIVEN_NAME_SIMILARITY = _LEX.real("GIVEN_NAME_SIMILARITY")
_POSSESSIVE_ENDS = ("'s", "’s", "'", "’")
_PHRASE_PUNCTUATION = frozenset({",", ";", "(", ")"})


def find_persons(kb: KnowledgeBase, m: KbMatchers, para: Paragraph, index: int,
                 countries: list[CountryMention], date: str | None = None) -> list[PersonMention]:
    """Named persons; a known one takes the state, or the organisation, whose post they
    held on ``date`` (the publication date)."""
    doc = para.doc
    out = []
    titles = {e: (s, e) for s, e in longest(matched(m.office, doc))}
    for s, e in find_person_spans(kb, m, doc):
        if e < len(doc) and doc[e].lower_ in GOVERNMENT_NOUNS:
            continue  # "the Trump administration" is a government, not the person
        if s > 0 and doc[s - 1].lower_ in MEDIA_NOUNS:
            continue  # "the outlet Vesti Primorye": a medium, not a person
        if dateline_credit(doc, s, e):
            continue  # "SEOUL (Jiji Press) -": the agency that files the story
        span = doc[s:e]
        text = span_text(span)
        known = known_person(kb, text)
        country, org = (known.affiliation(date) if known
                        else (context_country(doc, s, e, countries), None))
        out.append(PersonMention(
            start=para.start + span.start_char, end=para.start + span.end_char, text=text,
            name=known.name if known else _surface_name(span), country=country, kind="person",
            para=index, token_start=s, token_end=e, gender=known.gender if known else None,
            office=_title_office(kb, doc, _title_before(doc, s, titles), country), org=org,
        ))
    return out


def known_person(kb: KnowledgeBase, text: str) -> Person | None:
    """The known person a name spells, or misspells by a letter in the given name
    ("Vladmir Putin", "Anthony Blinken"): the one known person with that surname whose given
    name is that close. difflib's ratio measures the closeness; no name list is needed."""
    known = kb.person(text)
    if known is not None:
        return known
    tokens = name_tokens(text)
    if len(tokens) < 2 or len("".join(tokens[:-1])) < _GIVEN_NAME_LETTERS:
        return None
    given = "".join(tokens[:-1])
    close = [p for p in kb.people_by_surname(text)
             if SequenceMatcher(None, given, "".join(name_tokens(p.name)[:-1])).ratio()
             >= _GIVEN_NAME_SIMILARITY]
    return close[0] if len(close) == 1 else None


# "SEOUL, Dec. 20 (Jiji Press)--", "HANOI (BLOOMBERG) -": the credit of a dateline ends the
# parenthesis and a dash follows
_CREDIT_END = re.compile(r"^(\s*[A-Z][\w.]*)?\)\s*(-|–|—|:)")


def dateline_credit(doc: Doc, s: int, e: int) -> bool:
    """The name is a medium's, not a person's: followed by a medium's word ("Jiji Press
    reported"), or alone in the parenthesis of a dateline ("(Sputnik) -", "(Jiji Press)--").
    Rule ``actors.not-a-party.medium``."""
    if e < len(doc) and doc[e].text in MEDIA_WORDS:
        return True  # "Jiji Press reported"
    after = doc_text(doc)[doc[e - 1].idx + len(doc[e - 1]):]
    return s > 0 and doc[s - 1].text == "(" and bool(_CREDIT_END.match(after))


def _title_before(doc: Doc, s: int,
                  titles: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
    """The title right before a name ("Press Secretary Sarah Sanders"), or before the comma
    of an apposition ("Foreign Ministry Spokesperson, Mao Ning")."""
    if s in titles:
        return titles[s]
    if s > 1 and doc[s - 1].text == "," and s - 1 in titles:
        return titles[s - 1]
    return None


def find_person_spans(kb: KnowledgeBase, m: KbMatchers, doc: Doc) -> list[tuple[int, int]]:
    cands: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            cands.append((ent.start, ent.end))
    cands.extend(matched(m.person, doc))
    cands.extend(_title_anchored(doc, m))
    cleaned = []
    for s, e in cands:
        if kb.person(span_text(doc[s:e])) is None:
            # a known name keeps its words, even one that is never a name's elsewhere
            # ("Moon Jae In": "In")
            s, e = clean_person_span(doc, s, e, m.not_name)
        if e <= s:
            continue
        if not_a_person(kb, doc[s:e], m.not_name):
            continue
        cleaned.append((s, e))
    return longest(cleaned)


def name_run_end(doc: Doc, i: int, not_name: Collection[str]) -> int:
    """End (exclusive) of a run of capitalised name tokens starting at ``i`` (hyphenated
    Korean given names included: "Jong", "-", "un")."""
    j = i
    while j < len(doc) and j - i < _NAME_RUN_LENGTH + 2:
        t = doc[j]
        if t.is_title and t.is_alpha and t.text not in not_name:
            j += 1
            continue
        if (t.lower_ in NAME_PARTICLES and j > i and j + 1 < len(doc)
                and (doc[j + 1].is_title or doc[j + 1].lower_ in NAME_PARTICLES)):
            j += 1  # "Ursula von der Leyen", "Lula da Silva"
            continue
        if (t.text == "-" and j > i and j + 1 < len(doc) and not doc[j - 1].whitespace_
                and doc[j + 1].is_alpha and not t.whitespace_):
            j += 2
            continue
        break
    return j


def _title_anchored(doc: Doc, m: KbMatchers) -> list[tuple[int, int]]:
    """Capitalised runs after a title word: two words or more, or one known surname."""
    out: list[tuple[int, int]] = []
    # the title words found on the doc's array of lower-case ids: a Token object is made
    # only for them, not for every token of every paragraph (nor a loop over a paragraph
    # that holds none: one set test in C)
    lowers = lower_ids(doc)
    if _TITLE_IDS.isdisjoint(lowers):
        return out
    for i, lower in enumerate(lowers):
        if lower in _TITLE_IDS and i + 1 < len(doc):
            start = i + 1
            end = name_run_end(doc, start, m.not_name)
            if end - start >= 2 or (end - start == 1 and m.kb.people_by_surname(doc[start].text)):
                out.append((start, end))
    return out


def clean_person_span(doc: Doc, s: int, e: int, not_name: Collection[str]) -> tuple[int, int]:
    """The span without the titles, honorifics and other non-name words around it."""
    while s < e and (doc[s].lower_ in HONORIFICS or doc[s].lower_ in TITLE_WORDS
                     or doc[s].text in not_name or not doc[s].is_alpha):
        s += 1
    while e > s and (doc[e - 1].text in _POSSESSIVE_ENDS or doc[e - 1].is_punct
                     or doc[e - 1].text in not_name):
        e -= 1
    return s, e


def not_a_person(kb: KnowledgeBase, span: Span, not_name: Collection[str]) -> bool:
    text = span_text(span)
    if any(ch.isdigit() for ch in text) or not text[:1].isupper():
        return True
    if kb.country(text) or kb.place(text) or kb.institution(text):
        return True
    if any(t.text in ORGANISATION_WORDS for t in span):
        return True  # "General Staff Operations Bureau": a unit, not a person
    return bool(all(t.text in not_name for t in span if t.is_alpha))


def _title_office(kb: KnowledgeBase, doc: Doc, title: tuple[int, int] | None,
                  country: str | None) -> str | None:
    """The office a title right before a name gives ("Deputy Foreign Minister Pak Myong Ho"),
    so that a person the knowledge base does not know keeps the role the text gives."""
    if title is None:
        return None
    s, e = title
    if s > 0 and doc[s - 1].lower_ in OFFICE_QUALIFIERS:
        return None
    office = kb.office_for_phrase(span_text(doc[s:e]), country)
    return office.key if office else None


def _surface_name(span: Span) -> str:
    return " ".join(span_text(span).split())


def context_country(doc: Doc, s: int, e: int, countries: list[CountryMention]) -> str | None:
    """The state a name's own noun phrase attributes it to: "Russian defense minister X",
    "North Korea's minister ... X", "X, governor of Russia's Primorsky Territory"."""
    by_token = {i: c.iso3 for c in countries for i in range(c.token_start, c.token_end)}
    return _country_before(doc, s, by_token) or _country_in_apposition(doc, e, by_token)


def _country_before(doc: Doc, s: int, by_token: dict[int, str]) -> str | None:
    """Walk back over the title phrase until a clause boundary."""
    for i in range(s - 1, max(-1, s - 1 - _COUNTRY_LOOKBACK), -1):
        if i in by_token:
            return by_token[i]
        t = doc[i]
        if (t.text in _PHRASE_PUNCTUATION or t.lower_ in NAME_PHRASE_BOUNDARIES
                or t.pos_ == "VERB"):
            return None
    return None


def _country_in_apposition(doc: Doc, e: int, by_token: dict[int, str]) -> str | None:
    """An appositive after the name ("X, vice minister of ... of Russia")."""
    if e >= len(doc) or doc[e].text != ",":
        return None
    for j in range(e + 1, min(len(doc), e + _COUNTRY_LOOKAHEAD)):
        if j in by_token:
            return by_token[j]
        t = doc[j]
        if t.text in _PHRASE_PUNCTUATION or t.text == "." or t.pos_ == "VERB":
            return None
    return None
