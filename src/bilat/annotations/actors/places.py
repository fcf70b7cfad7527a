"""States and places named in a paragraph: "Russia", "North Korean", "the Kremlin",
"Vladivostok", "the Russian capital", and "Pyongyang's" standing for its state.

States come from the knowledge base (names, aliases, demonyms, seats of power); places
from the knowledge base's places, and a seat of power or a state body that sits in the
capital is also a place in its state's capital ("in the Kremlin", "at the White House",
"in the State Duma"). A city that opens a newspaper's name ("the Washington Post") is
neither. A city the knowledge base does not list, which the entity recogniser names as a
place, is looked up in the GeoNames gazetteer among the states the document names
(``bilat.knowledge.gazetteer``).
"""

from __future__ import annotations

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from bilat.annotations.actors.matchers import KbMatchers, longest, matched
from bilat.annotations.actors.mentions import CountryMention, PersonMention, PlaceMention
from bilat.annotations.nlp import Paragraph, lower_ids, span_text
from bilat.knowledge.gazetteer import gazetteer
from bilat.knowledge.kb import KnowledgeBase
from bilat.lang import lexicon

MEDIA_WORDS = lexicon().words("MEDIA_WORDS")
_POSSESSIVE = ("'s", "’s")
_CAPITAL = get_string_id("capital")  # the word a capital phrase hangs from
# the entity recogniser's labels of places: countries, cities, states; other locations
GEO_ENTITY_LABELS = frozenset({"GPE", "LOC"})
# the kinds of institutions (knowledge/data/institutions.yaml) that sit in the capital
SEATED = frozenset({"parliament", "ministry", "government", "presidential_office",
                    "security_council"})


def find_countries(kb: KnowledgeBase, m: KbMatchers, para: Paragraph,
                   index: int) -> list[CountryMention]:
    doc = para.doc
    out = []
    for s, e in longest(matched(m.country, doc)):
        span = doc[s:e]
        text = span_text(span)  # (Span.text joins a Token per token on every call)
        iso = kb.country(text)
        if iso is None or opens_publication_name(doc, e):
            continue
        via = "name"
        c = kb.countries[iso]
        if text.lower() in {d.lower() for d in c.demonyms}:
            via = "demonym"
        elif text.lower() in {x.lower() for x in c.seats}:
            via = "seat"
        out.append(CountryMention(para.start + span.start_char, para.start + span.end_char,
                                  text, iso, index, s, e, via))
    return out


def paragraph_places(kb: KnowledgeBase, m: KbMatchers, para: Paragraph, index: int,
                     countries: list[CountryMention]) -> list[PlaceMention]:
    """Every place a paragraph names, in text order: the knowledge base's places, and the
    seats of power and capital phrases among its states."""
    places = find_places(kb, m, para, index)
    for seat in find_seats(kb, para, index, countries) + find_institutions(kb, m, para, index):
        if not any(o.token_start < seat.token_end and seat.token_start < o.token_end
                   for o in places):
            places.append(seat)
    places += find_capital_phrases(kb, para, index, countries)
    return sorted(places, key=lambda p: p.start)


def find_places(kb: KnowledgeBase, m: KbMatchers, para: Paragraph,
                index: int) -> list[PlaceMention]:
    doc = para.doc
    out = []
    for s, e in longest(matched(m.place, doc)):
        place = kb.place(span_text(doc[s:e]))
        if place is None or opens_publication_name(doc, e):
            continue  # "the Washington Post" is a newspaper, not a place
        s = _without_determiner(doc, s, e)
        span = doc[s:e]
        # a venue with a city reports the city ("at the Kremlin" happens in Moscow)
        name = place.city or place.name
        out.append(PlaceMention(para.start + span.start_char, para.start + span.end_char,
                                span_text(span), name, place.country, place.kind, index, s, e))
    return out


def find_seats(kb: KnowledgeBase, para: Paragraph, index: int,
               countries: list[CountryMention]) -> list[PlaceMention]:
    """ "met Kim Yong Nam in the Kremlin", "arrived at the White House": a state's seat of
    power is also a place in its capital, which the event rules read as any place (named as
    a location or not). Rule ``actors.places.seat``."""
    doc = para.doc
    out = []
    for c in countries:
        capital = kb.countries[c.iso3].capital if c.iso3 in kb.countries else None
        if c.via != "seat" or not capital:
            continue
        s = _without_determiner(doc, c.token_start, c.token_end)
        span = doc[s:c.token_end]
        out.append(PlaceMention(para.start + span.start_char, para.start + span.end_char,
                                span_text(span), capital, c.iso3, "venue", index, s, c.token_end))
    return out


def find_institutions(kb: KnowledgeBase, m: KbMatchers, para: Paragraph,
                      index: int) -> list[PlaceMention]:
    """ "addressed deputies in the State Duma", "talks at the Foreign Ministry": a state body
    that sits in the capital (a parliament, ministry, government, presidential office or
    security council) named as a place is in its state's capital. Rule
    ``actors.places.institution``."""
    doc = para.doc
    out = []
    for s, e in longest(matched(m.institution, doc)):
        inst = kb.institution(span_text(doc[s:e]))
        country = kb.countries.get(inst.country) if inst else None
        if inst is None or country is None or not country.capital or inst.kind not in SEATED:
            continue
        s = _without_determiner(doc, s, e)
        span = doc[s:e]
        out.append(PlaceMention(para.start + span.start_char, para.start + span.end_char,
                                span_text(span), country.capital, inst.country,
                                "venue", index, s, e))
    return out


def add_gazetteer_places(kb: KnowledgeBase, paragraphs: list[Paragraph],
                         places: list[PlaceMention], countries: list[CountryMention],
                         persons: list[PersonMention]) -> list[PlaceMention]:
    """The document's places, with the cities of the gazetteer among the states it names."""
    about = {c.iso3 for c in countries} | {p.country for p in places}
    found = []
    for index, para in enumerate(paragraphs):
        spans: list[PlaceMention | CountryMention | PersonMention] = [*places, *countries,
                                                                      *persons]
        taken = [(m.token_start, m.token_end) for m in spans if m.para == index]
        found += find_gazetteer_places(kb, para, index, taken, about)
    return sorted(places + found, key=lambda p: p.start) if found else places


def find_gazetteer_places(kb: KnowledgeBase, para: Paragraph, index: int,
                          taken: list[tuple[int, int]], about: set[str]) -> list[PlaceMention]:
    """ "talks in Chengdu", "arrived in Rostov-on-Don": a city the knowledge base does not
    list, that the entity recogniser names as a place, is the GeoNames city of that name in
    a state the document names (never one elsewhere: "Kim" is also a town of India), nor a name
    the knowledge base knows in another case (an upper-case dateline, "SEOUL, June 30 (UPI)
    --", is where the story was filed, not where its events are). Rule
    ``actors.places.gazetteer``."""
    out = []
    for ent in para.doc.ents:
        if (ent.label_ not in GEO_ENTITY_LABELS
                or any(s < ent.end and ent.start < e for s, e in taken)
                or kb.place(ent.text) or kb.country(ent.text)):
            continue
        city = gazetteer().resolve(ent.text, about)
        if city is None or city.country not in about:
            continue
        # the name as the text spells it: English news spells a city the common English
        # way ("St. Petersburg", "New York", "Kaesong"), GeoNames by its local name
        # ("Saint Petersburg", "New York City", "Kaesŏng")
        out.append(PlaceMention(para.start + ent.start_char, para.start + ent.end_char,
                                ent.text, ent.text, city.country, "city", index,
                                ent.start, ent.end))
    return out


def _without_determiner(doc: Doc, start: int, end: int) -> int:
    """ "the Kremlin" -> "Kremlin": the name's first token carries its syntactic role."""
    return start + 1 if end - start > 1 and doc[start].dep_ == "det" else start


def find_capital_phrases(kb: KnowledgeBase, para: Paragraph, index: int,
                         countries: list[CountryMention]) -> list[PlaceMention]:
    """ "stopped over in the Russian capital", "arrived in North Korea's capital": the
    state's capital city, at the word "capital" (not "Russia's Far East capital")."""
    doc = para.doc
    out: list[PlaceMention] = []
    if _CAPITAL not in lower_ids(doc):
        return out  # (most paragraphs: no need to find each state name's head)
    for c in countries:
        root = doc[c.token_start:c.token_end].root
        head = root.head
        if (head.lower_ != "capital" or root.dep_ not in ("amod", "compound", "poss", "nmod")
                or c.via not in ("name", "demonym") or c.iso3 not in kb.countries
                or _qualified(head, range(c.token_start, c.token_end))):
            continue
        capital = kb.countries[c.iso3].capital
        if capital:
            out.append(PlaceMention(para.start + head.idx, para.start + head.idx + len(head.text),
                                    head.text, capital, c.iso3, "city", index, head.i, head.i + 1))
    return out


def _qualified(capital: Token, state: range) -> bool:
    """ "Russia's Far East capital of Vladivostok", "Russia's northern capital": a capital
    qualified by more than its state, or naming its city after "of", is another city than
    the state's capital. Rule ``actors.places.capital-qualified``."""
    return any((c.dep_ in ("amod", "compound", "nmod") and c.i not in state)
               or (c.dep_ == "prep" and c.lower_ == "of") for c in capital.children)


def capital_possessives(kb: KnowledgeBase, m: KbMatchers, para: Paragraph,
                        index: int) -> list[CountryMention]:
    """ "Pyongyang's top diplomat", "Moscow's envoy": a capital in the possessive stands for
    its state."""
    doc = para.doc
    out = []
    for s, e in matched(m.place, doc):
        place = kb.place(span_text(doc[s:e]))
        country = kb.countries.get(place.country) if place else None
        if (place is None or country is None or country.capital != place.name
                or e >= len(doc) or doc[e].text not in _POSSESSIVE):
            continue
        span = doc[s:e]
        out.append(CountryMention(para.start + span.start_char, para.start + span.end_char,
                                  span_text(span), country.iso3, index, s, e, "capital"))
    return out


def opens_publication_name(doc: Doc, end: int) -> bool:
    """A name that ends at ``end`` is followed by a newspaper word ("Washington Post")."""
    return end < len(doc) and doc[end].text in MEDIA_WORDS
