"""Places: where an event happened, and when a city the text names is no place at all.

A city is where an event happens only when it is named as a location ("in Pyongyang", "to
Moscow", "Hanoi's airport", "the Moscow Conference"), after a preposition that places
("in", "at", "to"; not "pressure on Pyongyang", "south of San Francisco"), not as the
state it stands for ("Moscow's war", "ties between Moscow and Pyongyang"), a point of
departure or transit, or in a clause that is negated or a condition
(:func:`is_location_use`). The event's city is the one its own phrase, then its clause
names (:func:`event_city`; a seat of power or a state body that sits in the capital is a
place in the capital: "at the Kremlin", "in the State Duma" happen in Moscow,
``places.city.seat-of-power``), never one named as the place of another event that may or
will happen (:func:`owning_event_word`).

A city in the phrase of who reports the event ("officials in Washington said they are
watching the trip") is where they speak, not where it happens (:func:`speakers_phrases`).

The passes that lend a city from the story read :func:`placed_in_state` (the state the
event's own clause places it in) and :func:`owning_event_word`.

Rules (ids used by tests/events/cases): ``places.location-use.*`` (``.preposition``,
``.site``, ``.state``, ...), ``places.venue-owner``, ``places.city.own-phrase-first``,
``places.city.not-another-events``, ``places.re-mention``, ``places.not-the-speakers``.
"""

from __future__ import annotations

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from bilat.annotations.actors import CountryMention, DocumentEntities, PlaceMention
from bilat.annotations.nlp import Paragraph
from bilat.events.arguments.status import negated_clause, planned, speculative
from bilat.events.candidate import Candidate
from bilat.events.scope import event_scope, other_event_clauses, other_event_tokens
from bilat.events.syntax import at_another_time, child_words, clause_path, subtree_ids
from bilat.events.triggers import VISIT_VERBS, classify
from bilat.lang import lexicon

_LEX = lexicon()
DEPARTURE_VERBS = _LEX.words("DEPARTURE_VERBS")
DESTINATION_VERBS = _LEX.words("DESTINATION_VERBS")
LOCATING_HEADS = _LEX.words("LOCATING_HEADS")
MOTION_GOAL_PREPS = _LEX.words("MOTION_GOAL_PREPS")
ISLAND_NOUNS = _LEX.words("ISLAND_NOUNS")
ISLAND_PREPS = _LEX.words("ISLAND_PREPS")
LOCATIVE_PREPS = _LEX.words("LOCATIVE_PREPS")
SETTLEMENT_NOUNS = _LEX.words("SETTLEMENT_NOUNS")
PLACING_PREPS = _LEX.words("PLACING_PREPS")
PREPOSITION_OPENERS = _LEX.words("PREPOSITION_OPENERS")
VENUE_NOUNS = _LEX.words("VENUE_NOUNS")
_CASE = get_string_id("case")  # the label of a possessive ending ("Moscow's")


def re_mention_city(tok: Token, scope: set[int], places: list[PlaceMention],
                    para: Paragraph) -> str | None:
    """ "The talks took place on June 29 in Pyongyang": the city a re-mention adds to the
    event told before; "The visit follows a trip to Moscow": Moscow is the trip's place, not
    the visit's. Rule ``places.re-mention``."""
    foreign = other_event_tokens(tok, scope) | speakers_phrases(tok)
    located = [pl for pl in places if pl.kind != "region" and pl.token_start not in foreign
               and is_location_use(place_word(para.doc, pl))]
    return located[0].name if located else None


def place_word(doc: Doc, place: PlaceMention | CountryMention) -> Token:
    """The word that carries a place name's role in the sentence: "House" of "the White
    House", "Moscow" of "Moscow"."""
    return doc[place.token_start:place.token_end].root


def is_location_use(tok: Token) -> bool:
    """A place named as where something happens ("in Pyongyang", "to Moscow"), not as a
    state ("Moscow's war", "ties between Pyongyang and Moscow": ``places.location-use.state``;
    "urged Pyongyang to": ``places.location-use.object-of-a-verb-not-of-travel``), a point
    of departure (``places.location-use.departure``) or transit
    (``places.location-use.transit``), or a place a negated clause denies or a condition
    supposes ("has never visited Moscow", "if they meet in Moscow":
    ``places.location-use.negated``, ``places.location-use.condition``)."""
    if any(dep == _CASE for dep, _ in child_words(tok)):  # (asked of every place named)
        return _owns_venue(tok)
    node = tok
    while node.dep_ in ("compound", "flat", "appos", "conj", "nmod") and node.head.i != node.i:
        if node.dep_ == "compound" and not _names_a_site(node.head):
            return False  # "offering Pyongyang security guarantees": the state's guarantees
        if node.dep_ == "compound" and _is_a_site(node.head):
            # "the 8th Moscow Conference", "the Hanoi summit site": the city says where
            # the site or gathering is, however the sentence uses it. Rule
            # ``places.location-use.site``
            return not negated_clause(node.head)
        node = node.head
    if node.dep_ == "pobj" and not _locating_prep(node):
        return False
    if node.dep_ == "dobj" and (node.head.lemma_ in DEPARTURE_VERBS
                                or node.head.lemma_ not in VISIT_VERBS | DESTINATION_VERBS):
        return False  # "urged Pyongyang to ...": the object of a verb not of travel is a state
    if negated_clause(node):
        return False
    return node.dep_ in ("pobj", "dobj", "npadvmod", "attr") or node.head.lemma_ in LOCATING_HEADS


def _locating_prep(pobj: Token) -> bool:
    """ "in Pyongyang", "at the Kremlin", "to Moscow", "left for Beijing", "on Jeju Island",
    "the port city of Dalian": a preposition that places what it attaches to; not "pressure
    on Pyongyang", "proposals set out by Beijing", "south of San Francisco", "arrived from
    Beijing". Rule ``places.location-use.preposition``."""
    prep = pobj.head
    word = prep.lower_
    if prep.head.lower_ in PREPOSITION_OPENERS:
        return False  # "according to the Kremlin", "in addition to Moscow"
    if word in LOCATIVE_PREPS:
        return True
    if word in MOTION_GOAL_PREPS:
        return prep.head.pos_ in ("VERB", "AUX", "ADJ")  # "left for", "bound for"
    if word in ISLAND_PREPS:
        return pobj.lemma_.lower() in ISLAND_NOUNS  # "on Jeju Island", "on the island"
    if word == "of" and prep.head.lemma_.lower() in SETTLEMENT_NOUNS:
        return is_location_use(prep.head)  # "visited the port city of Dalian"
    return False


def _names_a_site(noun: Token) -> bool:
    """ "Pyongyang Sunan airport", "the Vladivostok summit": a city before a name, a venue
    or an event says where it is; before anything else ("Moscow's war", "Pyongyang
    security guarantees") it is its state."""
    return noun.pos_ == "PROPN" or noun.lemma_.lower() in VENUE_NOUNS or classify(noun) is not None


def _is_a_site(noun: Token) -> bool:
    """A venue or gathering ("airport", "conference") or an event ("summit")."""
    return noun.lemma_.lower() in VENUE_NOUNS or classify(noun) is not None


def _owns_venue(tok: Token) -> bool:
    """ "landed at Hanoi's Noi Bai Airport": a city in the possessive names where a venue
    is, so it locates what happens there. Rule
    ``places.venue-owner``."""
    venue = tok.head
    if tok.dep_ != "poss" or venue.i == tok.i:
        return False
    if venue.pos_ != "PROPN" and venue.lemma_.lower() not in VENUE_NOUNS:
        return False
    return is_location_use(venue)


def event_city(places: list[PlaceMention], scope: set[int], trigger: Token,
               event_countries: set[str]) -> str | None:
    """The city an event happens in: a place the clause names as a location, else one the
    sentence names in one of the event's states; a seat of power is a place in its capital
    ("at the Kremlin" -> Moscow, see ``bilat.annotations.actors.places.find_seats``)."""
    doc = trigger.doc
    # "held a meeting with Kim, at which point he invited him to visit Washington": a place
    # in a clause of another event is that event's
    other = other_event_clauses(trigger) | speakers_phrases(trigger)
    located = [p for p in places if p.kind != "region" and p.token_start not in other
               and not _place_of_another_event(doc[p.token_start], trigger)
               and is_location_use(place_word(doc, p))]
    # "talks held in Moscow just before the summit ... in Vladivostok": the trigger's own
    # phrase first, then its clause
    own = set(subtree_ids(trigger))
    for p in located:
        if p.token_start in own:
            return p.name
    if at_another_time(trigger, clause_path(trigger)[-1]):
        # "arrived in Pyongyang ahead of a summit between Kim and Trump": the clause's place
        # is that of the event the summit comes after. Rule ``places.another-time``.
        return None
    for p in located:
        if p.token_start in scope:
            return p.name
    for p in located:
        if p.country in event_countries and place_word(doc, p).head.lower_ in PLACING_PREPS:
            return p.name
    return None


def speakers_phrases(trigger: Token) -> set[int]:
    """ "Officials in Washington have said they are watching the trip", "the Russian embassy
    in Pyongyang said ...": the subject of a verb whose clause reports the event says who
    speaks and where they are, not where the event happens. Rule
    ``places.not-the-speakers``."""
    out: set[int] = set()
    node = trigger
    while node.head.i != node.i:
        if node.dep_ == "ccomp":
            for c in node.head.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    out |= subtree_ids(c)
        node = node.head
    return out


def _place_of_another_event(place: Token, trigger: Token) -> bool:
    """ "fuelling speculation about a possible visit by Putin to Pyongyang", "during a previous
    summit, Putin accepted an invitation to visit Pyongyang": a city in the phrase of an
    event that may or will happen is not where one that happened took place (nor the
    reverse), unless that event holds the trigger."""
    word = owning_event_word(place)
    if word is None or word.i == trigger.i or word in trigger.ancestors:
        return False
    return speculative(word) or planned(word) != planned(trigger)


LIGHT_VERB_DEPS = ("dobj", "nsubj", "nsubjpass")


def owning_event_word(tok: Token) -> Token | None:
    for a in tok.ancestors:
        if classify(a) is not None:
            return a
        if a.pos_ in ("VERB", "AUX"):
            held = next((c for c in a.children
                         if c.dep_ in LIGHT_VERB_DEPS and classify(c) is not None), None)
            if held is not None:
                return held
            if a.dep_ in ("ccomp", "advcl", "relcl", "ROOT"):
                return None  # a clause of its own: what is above it is another statement
    return None


def placed_in_state(c: Candidate, ents: DocumentEntities,
                    paragraphs: list[Paragraph]) -> str | None:
    """The state in which the event's own clause places it, by a region ("in the Russian Far
    East") or by the state's name ("in Vietnam")."""
    doc = paragraphs[c.para].doc
    scope = event_scope(c.trigger)

    def places_the_event(start: int, end: int) -> bool:
        # "in" attached to the event's verb or noun (or, as parsers do, to the name before
        # it: "met Kim in Vietnam"), not to another noun ("the war in Ukraine")
        root = doc[start:end].root
        while root.dep_ in ("compound", "flat", "conj", "appos") and root.head.i != root.i:
            root = root.head
        prep = root.head
        return (root.dep_ == "pobj" and prep.lower_ in PLACING_PREPS and not negated_clause(root)
                and (prep.head.i == c.trigger.i or prep.head.pos_ in ("VERB", "AUX", "PROPN")))

    for pl in ents.places:
        if (pl.para == c.para and pl.token_start in scope
                and places_the_event(pl.token_start, pl.token_end)):
            return pl.country
    for cm in ents.countries:
        if (cm.para == c.para and cm.token_start in scope and cm.via == "name"
                and places_the_event(cm.token_start, cm.token_end)):
            return cm.iso3
    return None
