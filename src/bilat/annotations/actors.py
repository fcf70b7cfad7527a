"""Who and where: persons, unnamed officials, states and places in a parsed document.

spaCy's small model finds most person names but misses some (Korean names after a title,
"No Kwang Chol") and tags bare surnames as organisations ("Shoygu"). So person spans come
from three sources, merged longest-first: spaCy PERSON entities, the knowledge base's
names and aliases, and capitalised runs anchored by a title ("Foreign Minister Choe
Son-hui"). States come from the knowledge base (names, aliases, demonyms, seats of power);
places from the knowledge base and spaCy GPE/LOC/FAC entities it confirms.

Resolution happens per document: a surname links to the full name it abbreviates ("Fomin"
-> "Alexander Fomin"); a bare "Kim" to the Kim the document talks about most; a role
("the North Korean leader") to whoever held the office on the document's date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from bilat.annotations.nlp import Paragraph, load_nlp
from bilat.knowledge.kb import KnowledgeBase, Person, per_kb
from bilat.knowledge.names import name_tokens, same_person

# Words that introduce a person's name ("Minister Ri Chang-dae", "his counterpart Igor
# Morgulov"). Lower-cased token texts; multiword offices end in one of these.
TITLE_WORDS = frozenset(
    ["minister", "ministers", "president", "premier", "chancellor", "ambassador", "governor", "speaker", "secretary", "chairman", "chairwoman", "chair", "chief", "commander", "general", "envoy", "counterpart", "director", "deputy", "spokesman", "spokeswoman", "spokesperson", "leader", "king", "queen", "prince", "emperor", "mayor", "marshal", "admiral", "colonel", "lieutenant", "head", "representative", "diplomat", "senator", "lawmaker", "official", "vice-minister", "vice-president"]
)
HONORIFICS = frozenset(["mr", "mrs", "ms", "dr", "gen", "comrade", "sir", "madam", "mr.", "mrs.", "ms.", "dr.", "gen."])
# Capitalised words that start a "name-like" run but are never part of a personal name.
NOT_NAME_WORDS = frozenset(
    ["The", "A", "An", "And", "Of", "In", "On", "At", "For", "To", "By", "With", "From", "As", "This", "That", "These", "Those", "It", "He", "She", "They", "His", "Her", "Their", "Its", "We", "Our", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "President", "Minister", "Foreign", "Deputy", "Vice", "Prime", "Secretary", "General", "Council", "Security", "Defence", "Defense", "Affairs", "Ministry", "Committee", "State", "National", "Supreme", "People", "Assembly", "Federation", "Central", "Party", "Workers", "Republic", "Korea", "Korean", "Russian", "Russia", "North", "South", "Chinese", "China", "News", "Agency", "Agency's", "Mr", "Mrs", "Ms", "Dr", "Chairman", "Governor", "Ambassador", "Speaker", "Leader", "Chief", "Director", "Head", "Commander", "Embassy", "Kremlin", "Government", "Cabinet", "Office", "Department", "Forum", "Economic", "Eastern", "Treaty", "Day", "Summit", "First", "Second", "Third", "Fourth", "Fifth", "Culture", "Sports", "Trade", "Industry", "Interior", "Public", "Tass", "TASS", "KCNA", "Yonhap", "Xinhua", "Reuters", "AP", "AFP"]
)
# Head words of institutions and units: a capitalised run holding one names a body, and
# actors are people ("the KPA General Staff Operations Bureau", "Pacific Fleet Command").
ORGANISATION_WORDS = frozenset(
    ["Bureau", "Department", "Directorate", "Command", "Staff", "Army", "Navy", "Fleet", "Corps",
     "Division", "Brigade", "Regiment", "Headquarters", "Commission", "Institute", "University",
     "Academy", "Company", "Corporation", "Bank", "Service", "Administration", "Agency",
     "Ministry", "Committee", "Council", "Union", "Association", "Organization",
     "Organisation", "Centre", "Center", "Operations", "Guard", "Forces"]
)
# Newspapers and outlets named after their city ("quoted by the Washington Post", "the Moscow
# Times reported"): a place that opens such a name is not a place the story is in.
MEDIA_WORDS = frozenset(["Post", "Times", "Herald", "Tribune", "Journal", "Gazette", "Telegraph",
                         "Daily", "Courier", "Chronicle", "Observer", "Examiner", "Star"])
# A leader's name before these nouns names their government or time, not the person.
GOVERNMENT_NOUNS = frozenset(["administration", "government", "regime", "era", "camp", "cabinet",
                              "presidency", "dynasty", "doctrine", "administration's",
                              "government's", "regime's"])
# Nouns that introduce the name of a medium ("media outlet Vesti Primorye").
MEDIA_NOUNS = frozenset(["outlet", "newspaper", "daily", "broadcaster", "channel", "agency",
                         "website", "tabloid", "magazine", "weekly", "portal", "station"])
PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


@dataclass(frozen=True)
class PersonMention:
    """A person named (or, for kind="role", described) in the text."""

    start: int  # document offsets
    end: int
    text: str
    name: str  # canonical name ("" for an unnamed role)
    country: str | None
    kind: str  # "person" | "role"
    para: int  # paragraph index
    token_start: int  # token indexes in the paragraph doc
    token_end: int
    office: str | None = None
    gender: str | None = None
    # "the Russian lawmaker", "the North Korean leader": a definite description that refers
    # back to someone the story already named (or to the office holder)
    definite: bool = False


@dataclass(frozen=True)
class CountryMention:
    start: int
    end: int
    text: str
    iso3: str
    para: int
    token_start: int
    token_end: int
    via: str  # "name" | "demonym" | "seat" | "capital"


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    name: str
    country: str
    kind: str
    para: int
    token_start: int
    token_end: int


@dataclass
class DocumentEntities:
    persons: list[PersonMention]
    countries: list[CountryMention]
    places: list[PlaceMention]


# ------------------------------------------------------------------------ matchers


class KbMatchers:
    """PhraseMatchers over the knowledge base, built once per knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        nlp = load_nlp()
        self.kb = kb
        self.country = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.place = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.person = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.office = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.country_text: dict[str, str] = {}
        country_terms: set[str] = set()
        for c in kb.countries.values():
            for term in (c.name, *c.aliases, *c.demonyms, *c.seats):
                country_terms.update(_case_variants(term))
        self.country.add("COUNTRY", [nlp.make_doc(t) for t in sorted(country_terms)])
        place_terms = {v for name in kb.place_names() for v in _case_variants(name)}
        self.place.add("PLACE", [nlp.make_doc(t) for t in sorted(place_terms)])
        person_terms = {n for n in kb.person_names() if len(name_tokens(n)) >= 2 or _distinctive(kb, n)}
        self.person.add("PERSON", [nlp.make_doc(t) for t in sorted(person_terms)])
        self.office.add("OFFICE", [nlp.make_doc(t) for t in sorted(kb.office_phrases())])


def _case_variants(term: str) -> set[str]:
    out = {term}
    if term[:1].islower():
        out.add(term[:1].upper() + term[1:])
    return out


def _distinctive(kb: KnowledgeBase, alias: str) -> bool:
    """A one-word alias ("Shoigu") is matched only when it names exactly one known person."""
    return len(kb.people_by_surname(alias)) == 1 and alias[:1].isupper() and len(alias) > 3


def matchers_for(kb: KnowledgeBase) -> KbMatchers:
    """Matchers are built once per knowledge base."""
    return per_kb("matchers", kb, KbMatchers)


# ------------------------------------------------------------------------ countries, places


def find_countries(kb: KnowledgeBase, m: KbMatchers, para: Paragraph, index: int) -> list[CountryMention]:
    doc = para.doc
    spans = _longest(doc, [(s, e) for _, s, e in m.country(doc)])
    out = []
    for s, e in spans:
        span = doc[s:e]
        iso = kb.country(span.text)
        if iso is None or _opens_publication_name(doc, e):
            continue
        via = "name"
        c = kb.countries[iso]
        if span.text.lower() in {d.lower() for d in c.demonyms}:
            via = "demonym"
        elif span.text.lower() in {x.lower() for x in c.seats}:
            via = "seat"
        out.append(CountryMention(para.start + span.start_char, para.start + span.end_char,
                                  span.text, iso, index, s, e, via))
    return out


def find_places(kb: KnowledgeBase, m: KbMatchers, para: Paragraph, index: int) -> list[PlaceMention]:
    doc = para.doc
    spans = _longest(doc, [(s, e) for _, s, e in m.place(doc)])
    out = []
    for s, e in spans:
        span = doc[s:e]
        place = kb.place(span.text)
        if place is None or _opens_publication_name(doc, e):
            continue  # "the Washington Post" is a newspaper, not a place
        # a venue with a city reports the city ("at the Kremlin" happens in Moscow)
        name = place.city or place.name
        out.append(PlaceMention(para.start + span.start_char, para.start + span.end_char,
                                span.text, name, place.country, place.kind, index, s, e))
    return out


def find_capital_phrases(kb: KnowledgeBase, para: Paragraph, index: int,
                         countries: list[CountryMention]) -> list[PlaceMention]:
    """ "stopped over in the Russian capital", "arrived in North Korea's capital": the
    state's capital city, at the word "capital"."""
    doc = para.doc
    out = []
    for c in countries:
        root = doc[c.token_start:c.token_end].root
        head = root.head
        if (head.lower_ != "capital" or root.dep_ not in ("amod", "compound", "poss", "nmod")
                or c.via not in ("name", "demonym") or c.iso3 not in kb.countries):
            continue
        capital = kb.countries[c.iso3].capital
        if capital:
            out.append(PlaceMention(para.start + head.idx, para.start + head.idx + len(head.text),
                                    head.text, capital, c.iso3, "city", index, head.i, head.i + 1))
    return out


def _opens_publication_name(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].text in MEDIA_WORDS


def _longest(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, longest first (spaCy's filter_spans semantics)."""
    chosen: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if not taken.intersection(range(s, e)):
            chosen.append((s, e))
            taken.update(range(s, e))
    return sorted(chosen)


# ------------------------------------------------------------------------ persons


def _name_run(doc: Doc, i: int, limit: int = 5) -> int:
    """End (exclusive) of a run of capitalised name tokens starting at ``i`` (hyphenated
    Korean given names included: "Jong", "-", "un")."""
    j = i
    while j < len(doc) and j - i < limit + 2:
        t = doc[j]
        if t.is_title and t.is_alpha and t.text not in NOT_NAME_WORDS:
            j += 1
            continue
        if (t.text == "-" and j > i and j + 1 < len(doc) and not doc[j - 1].whitespace_
                and doc[j + 1].is_alpha and not t.whitespace_):
            j += 2
            continue
        break
    return j


def _title_anchored(doc: Doc, m: KbMatchers) -> list[tuple[int, int]]:
    out = []
    for t in doc:
        if t.lower_ in TITLE_WORDS and t.i + 1 < len(doc):
            end = _name_run(doc, t.i + 1)
            if end - (t.i + 1) >= 2 or (end - (t.i + 1) == 1 and m.kb.people_by_surname(doc[t.i + 1].text)):
                out.append((t.i + 1, end))
    return out


def _clean_person_span(doc: Doc, s: int, e: int) -> tuple[int, int]:
    while s < e and (doc[s].lower_ in HONORIFICS or doc[s].lower_ in TITLE_WORDS
                     or doc[s].text in NOT_NAME_WORDS or not doc[s].is_alpha):
        s += 1
    while e > s and (doc[e - 1].text in ("'s", "’s", "'", "’") or doc[e - 1].is_punct
                     or doc[e - 1].text in NOT_NAME_WORDS):
        e -= 1
    return s, e


def find_person_spans(kb: KnowledgeBase, m: KbMatchers, doc: Doc) -> list[tuple[int, int]]:
    cands: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            cands.append((ent.start, ent.end))
    cands.extend((s, e) for _, s, e in m.person(doc))
    cands.extend(_title_anchored(doc, m))
    cleaned = []
    for s, e in cands:
        s, e = _clean_person_span(doc, s, e)
        if e <= s:
            continue
        span = doc[s:e]
        if _not_a_person(kb, span):
            continue
        cleaned.append((s, e))
    return _longest(doc, cleaned)


def _not_a_person(kb: KnowledgeBase, span: Span) -> bool:
    text = span.text
    if any(ch.isdigit() for ch in text) or not text[:1].isupper():
        return True
    if kb.country(text) or kb.place(text) or kb.institution(text):
        return True
    if any(t.text in ORGANISATION_WORDS for t in span):
        return True  # "General Staff Operations Bureau": a unit, not a person
    return bool(all(t.text in NOT_NAME_WORDS for t in span if t.is_alpha))


def find_persons(kb: KnowledgeBase, m: KbMatchers, para: Paragraph, index: int,
                 countries: list[CountryMention]) -> list[PersonMention]:
    doc = para.doc
    out = []
    titles = {e: (s, e) for s, e in _longest(doc, [(s, e) for _, s, e in m.office(doc)])}
    for s, e in find_person_spans(kb, m, doc):
        if e < len(doc) and doc[e].lower_ in GOVERNMENT_NOUNS:
            continue  # "the Trump administration" is a government, not the person
        if s > 0 and doc[s - 1].lower_ in MEDIA_NOUNS:
            continue  # "the outlet Vesti Primorye": a medium, not a person
        span = doc[s:e]
        known = kb.person(span.text)
        country = known.country if known else _context_country(doc, s, e, countries)
        out.append(PersonMention(
            start=para.start + span.start_char, end=para.start + span.end_char, text=span.text,
            name=known.name if known else _surface_name(span), country=country, kind="person",
            para=index, token_start=s, token_end=e, gender=known.gender if known else None,
            office=_title_office(kb, doc, titles.get(s), country),
        ))
    return out


def _title_office(kb: KnowledgeBase, doc: Doc, title: tuple[int, int] | None,
                  country: str | None) -> str | None:
    """The office a title right before a name gives ("Deputy Foreign Minister Pak Myong Ho"),
    so that a person the knowledge base does not know keeps the role the text gives."""
    if title is None:
        return None
    s, e = title
    if s > 0 and doc[s - 1].lower_ in OFFICE_QUALIFIERS:
        return None
    office = kb.office_for_phrase(doc[s:e].text, country)
    return office.key if office else None


def _surface_name(span: Span) -> str:
    return " ".join(span.text.split())


def _context_country(doc: Doc, s: int, e: int, countries: list[CountryMention]) -> str | None:
    """The state a name's own noun phrase attributes it to: "Russian defense minister X",
    "North Korea's minister ... X", "X, governor of Russia's Primorsky Territory"."""
    by_token = {}
    for c in countries:
        for i in range(c.token_start, c.token_end):
            by_token[i] = c.iso3
    # left: walk back over the title phrase until a clause boundary
    i = s - 1
    steps = 0
    while i >= 0 and steps < 8:
        t = doc[i]
        if i in by_token:
            return by_token[i]
        if t.text in {",", ";", "(", ")"} or t.lower_ in {"and", "with", "between", "by", "said", "told"} \
                or t.pos_ == "VERB":
            break
        i -= 1
        steps += 1
    # right: an appositive after the name ("X, vice minister of ... of Russia")
    if e < len(doc) and doc[e].text == ",":
        j = e + 1
        while j < len(doc) and j < e + 14:
            t = doc[j]
            if j in by_token:
                return by_token[j]
            if t.text in {",", ";", ".", "(", ")"} or t.pos_ == "VERB":
                break
            j += 1
    return None


def find_roles(kb: KnowledgeBase, m: KbMatchers, para: Paragraph, index: int,
               countries: list[CountryMention], persons: list[PersonMention]) -> list[PersonMention]:
    """Officials described but not named: "Russia's deputy interior minister", "the North
    Korean leader", "the Russian lawmaker". They carry a country (and an office when the
    knowledge base knows it)."""
    doc = para.doc
    named_tokens = {i for p in persons for i in range(p.token_start, p.token_end)}
    by_token = {i: c for c in [*countries, *_capital_possessives(kb, m, para, index)]
                for i in range(c.token_start, c.token_end)}
    offices = _longest(doc, [(s, e) for _, s, e in m.office(doc)])
    taken = {i for s, e in offices for i in range(s, e)}
    generic = [(t.i, t.i + 1) for t in doc
               if t.lower_ in ROLE_NOUNS and t.i not in taken]
    out = []
    for s, e in sorted(offices + generic):
        # a name right after the office phrase means the office is a title, not a role
        if e in named_tokens or (e < len(doc) and doc[e].is_title and doc[e].text not in NOT_NAME_WORDS
                                 and doc[e].pos_ == "PROPN"):
            continue
        if any(i in named_tokens for i in range(s, e)):
            continue
        country, start_tok = _role_country(doc, s, e, by_token)
        if country is None:
            continue
        # "deputy interior minister", "the former Russian president"
        qualified = any(doc[i].lower_ in OFFICE_QUALIFIERS for i in range(max(0, start_tok - 1), s))
        office = None if qualified or (s, e) in generic else kb.office_for_phrase(doc[s:e].text, country)
        span = doc[start_tok:e]
        out.append(PersonMention(
            start=para.start + span.start_char, end=para.start + span.end_char, text=span.text,
            name="", country=country, kind="role", para=index, token_start=start_tok, token_end=e,
            office=office.key if office else None,
            definite=_definite(doc, start_tok) or (not qualified and _possessive(doc, start_tok, s)),
        ))
    return out


# Nouns that describe an official by function when no office is meant ("the Russian
# lawmaker", "a North Korean diplomat"): a role with a country but no office to look up.
ROLE_NOUNS = frozenset(["lawmaker", "official", "diplomat", "envoy", "politician", "legislator",
                        "parliamentarian", "minister", "leader", "emissary", "delegate"])
# "deputy interior minister", "former president": the office phrase names someone else's post
OFFICE_QUALIFIERS = frozenset(["deputy", "vice", "assistant", "former", "ex", "ex-", "late"])


def _capital_possessives(kb: KnowledgeBase, m: KbMatchers, para: Paragraph,
                         index: int) -> list[CountryMention]:
    """ "Pyongyang's top diplomat", "Moscow's envoy": a capital in the possessive stands for
    its state."""
    doc = para.doc
    out = []
    for _, s, e in m.place(doc):
        place = kb.place(doc[s:e].text)
        country = kb.countries.get(place.country) if place else None
        if (place is None or country is None or country.capital != place.name
                or e >= len(doc) or doc[e].text not in ("'s", "’s")):
            continue
        span = doc[s:e]
        out.append(CountryMention(para.start + span.start_char, para.start + span.end_char,
                                  span.text, country.iso3, index, s, e, "capital"))
    return out


def _role_country(doc: Doc, s: int, e: int, by_token: dict[int, CountryMention]) -> tuple[str | None, int]:
    """The state of a role phrase and the token its mention starts at: right before
    ("Russia's", "North Korean", "the Russian") or after ("the leader of the DPRK")."""
    j = s - 1
    while j >= max(0, s - 4):
        if j in by_token:
            return by_token[j].iso3, by_token[j].token_start
        if doc[j].text in {",", "and", "with", "by"}:
            break
        j -= 1
    if e + 1 < len(doc) and doc[e].lower_ == "of":
        k = e + 2 if doc[e + 1].lower_ == "the" and e + 2 < len(doc) else e + 1
        if k in by_token:
            return by_token[k].iso3, s
    return None, s


def _definite(doc: Doc, start: int) -> bool:
    """ "the Russian lawmaker", "The leader of the DPRK", "the top North Korean diplomat": a
    definite description (adjectives may stand between the article and the role)."""
    i = start - 1
    while i >= 0 and start - i <= 3 and (doc[i].pos_ == "ADJ" or doc[i].lower_ in ROLE_ADJECTIVES):
        i -= 1
    return i >= 0 and doc[i].lower_ in ("the", "this")


def _possessive(doc: Doc, start: int, role_start: int) -> bool:
    """ "Pyongyang's top diplomat", "Russia's defence minister": a state's own official."""
    return any(doc[i].text in ("'s", "’s") for i in range(start, role_start))


# Words of rank or circumstance before a role ("the top North Korean diplomat", "the
# visiting Russian minister"); listed because a tagger may not run on every paragraph.
ROLE_ADJECTIVES = frozenset(["top", "senior", "chief", "visiting", "new", "veteran", "powerful"])


# ------------------------------------------------------------------------ document level


def annotate(kb: KnowledgeBase, paragraphs: list[Paragraph], date: str | None = None) -> DocumentEntities:
    """Persons, roles, states and places of a parsed document; ``date`` (the publication
    date) picks who a bare surname is when several known people share it."""
    m = matchers_for(kb)
    persons: list[PersonMention] = []
    countries: list[CountryMention] = []
    places: list[PlaceMention] = []
    for index, para in enumerate(paragraphs):
        cs = find_countries(kb, m, para, index)
        ps = find_places(kb, m, para, index)
        named = find_persons(kb, m, para, index, cs)
        roles = find_roles(kb, m, para, index, cs, named)
        countries.extend(cs)
        places.extend(sorted(ps + find_capital_phrases(kb, para, index, cs), key=lambda p: p.start))
        persons.extend(named)
        persons.extend(roles)
    persons.extend(_short_name_mentions(paragraphs, persons))
    persons.sort(key=lambda p: p.start)
    return DocumentEntities(resolve_persons(kb, persons, date), countries, places)


def _short_name_mentions(paragraphs: list[Paragraph], persons: list[PersonMention]) -> list[PersonMention]:
    """Bare surnames the model did not tag ("Ri arrived in Moscow"), found because the
    document already named the person in full ("Ri Yong Ho", "Alexander Fomin")."""
    short: dict[str, PersonMention] = {}
    for p in persons:
        parts = p.text.replace("-", " ").split()
        if p.kind == "person" and len(parts) >= 2:
            for part in (parts[0], parts[-1]):
                if len(part) >= 2 and part[0].isupper():
                    short.setdefault(part, p)
    taken = {(p.para, i) for p in persons for i in range(p.token_start, p.token_end)}
    out = []
    for index, para in enumerate(paragraphs):
        for t in para.doc:
            full = short.get(t.text)
            # the tagger takes an unknown name at a sentence start for a noun ("Fomin held")
            if full is None or (index, t.i) in taken or t.pos_ not in ("PROPN", "NOUN") or not t.is_title:
                continue
            if t.i + 1 < len(para.doc) and para.doc[t.i + 1].is_title and para.doc[t.i + 1].pos_ == "PROPN":
                continue  # part of a longer name the model split differently
            out.append(PersonMention(
                start=para.start + t.idx, end=para.start + t.idx + len(t.text), text=t.text,
                name=t.text, country=None, kind="person", para=index, token_start=t.i,
                token_end=t.i + 1,
            ))
    return out


def resolve_persons(kb: KnowledgeBase, persons: list[PersonMention],
                    date: str | None = None) -> list[PersonMention]:
    """Link short forms to the full names the document uses, and fill countries."""
    full = [p for p in persons if p.kind == "person" and len(name_tokens(p.name)) >= 2]
    # salience: how often the story has named each person so far, short forms included (a
    # story about Kim Jong Un calls him "Kim" after naming him once; a Kim Yong Chol named
    # once in passing does not take over the later "Kim"s)
    counts = Counter(p.name for p in full)
    out = []
    for p in persons:
        if p.kind == "person" and len(name_tokens(p.name)) < 2:
            p = _link_short_name(kb, p, full, counts, date)
            if len(name_tokens(p.name)) >= 2:
                counts[p.name] += 1
        out.append(p)
    # a full name seen once with a country keeps it for its other mentions
    country_of: dict[str, str] = {}
    for p in out:
        if p.kind == "person" and p.country:
            country_of.setdefault(p.name, p.country)
    out = [replace(p, country=country_of.get(p.name)) if p.kind == "person" and not p.country else p
           for p in out]
    return link_definite_roles(kb, out, date)


ROLE_WINDOW = 3  # paragraphs: "the Russian lawmaker" refers to someone named just before
LEADER_RANK = 2  # "the North Korean leader" is a head of state or government


def link_definite_roles(kb: KnowledgeBase, persons: list[PersonMention],
                        date: str | None = None) -> list[PersonMention]:
    """A definite description refers back to the person of that state the story named last
    ("Volodin ... The Russian lawmaker is visiting North Korea"): when the description names
    an office, only someone who held it on ``date`` qualifies; otherwise the office holder is
    looked up later, on the event's date."""
    out: list[PersonMention] = []
    for p in persons:
        if p.kind == "role" and p.definite and not p.name:
            antecedent = _antecedent(kb, p, out, date)
            if antecedent is not None:
                p = replace(p, kind="person", name=antecedent.name, gender=antecedent.gender)
        out.append(p)
    return out


def _antecedent(kb: KnowledgeBase, role: PersonMention, before: list[PersonMention],
                date: str | None) -> PersonMention | None:
    for q in reversed(before):
        if q.kind != "person" or not q.name or q.country != role.country or role.para - q.para > ROLE_WINDOW:
            continue
        known = kb.person(q.name)
        if role.office:
            if q.office == role.office or (
                    known is not None and any(r.office == role.office for r in known.roles_on(date))):
                return q
        elif role.text.lower().endswith("leader"):
            if known is not None and min((_rank(kb, r.office) for r in known.roles_on(date)),
                                         default=99) <= LEADER_RANK:
                return q
        elif not _is_leader(kb, q, known, date):
            return q  # "the Russian lawmaker", "the top diplomat": never the head of state
    return None


def _is_leader(kb: KnowledgeBase, q: PersonMention, known: Person | None, date: str | None) -> bool:
    ranks = [_rank(kb, q.office)] if q.office else []
    if known is not None:
        ranks.extend(_rank(kb, r.office) for r in known.roles_on(date))
    return min(ranks, default=99) <= LEADER_RANK


def _link_short_name(kb: KnowledgeBase, p: PersonMention, full: list[PersonMention],
                     counts: Counter[str], date: str | None = None) -> PersonMention:
    cands = [f for f in full if same_person(p.text, f.name)]
    if cands:
        # the most mentioned wins (a bare "Kim" in a story about Kim Jong Un), then the
        # nearest preceding mention
        best = max(cands, key=lambda f: (counts[f.name], f.start < p.start, -abs(f.start - p.start)))
        known = kb.person(best.name)
        return replace(p, name=best.name, country=p.country or best.country,
                       gender=known.gender if known else p.gender)
    known_list = kb.people_by_surname(p.text)
    if len(known_list) == 1:
        k = known_list[0]
        return replace(p, name=k.name, country=k.country, gender=k.gender)
    if known_list:
        # several known people share the surname ("Kim"): those of the state the text
        # attributes the name to ("North Korean leader Kim"), then whoever held the most
        # senior office on the document's date (Kim Jong Un in 2019, not Kim Jong Il)
        of_country = [k for k in known_list if p.country and k.country == p.country]
        k = min(of_country or known_list, key=lambda x: _seniority(kb, x, date))
        return replace(p, name=k.name, country=k.country, gender=k.gender)
    return p


def _seniority(kb: KnowledgeBase, person: Person, date: str | None) -> tuple[int, int]:
    """(best rank held on ``date``, best rank ever): lower is more senior."""
    then = min((_rank(kb, r.office) for r in person.roles_on(date)), default=99) if date else 99
    ever = min((_rank(kb, r.office) for r in person.roles), default=99)
    return then, ever


def _rank(kb: KnowledgeBase, office: str | None) -> int:
    for o in kb.offices.values():
        if o.key == office:
            return o.rank
    return 50
