"""States: which states are an event's parties.

The states of an event are its people's and those its clause names as a side
(:func:`names_a_party`): a subject, object or partner, the state of a delegation or a leader,
every state of a list ("between China, Iran and Saudi Arabia": :func:`in_party_list`); not
the venue ("in Singapore"), the dateline ("HANOI -"), the topic of another noun ("the war
in Ukraine"), a party of another event, nor a broker ("U.S.-brokered"). An event with one
side known takes the other from the states the article is about (:func:`complete_pair`),
counted by their names and people (:func:`main_countries`), not by the cities where things
happen.
"""

from __future__ import annotations

from collections import Counter
from itertools import islice

from spacy.tokens import Token

from bilat.annotations.actors import CountryMention, DocumentEntities
from bilat.events.candidate import Candidate
from bilat.events.scope import event_scope
from bilat.events.syntax import sentence
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
PAIR_QUANTIFIERS = _LEX.words("PAIR_QUANTIFIERS")
LIST_PREPS = _LEX.words("LIST_PREPS")
SIDE_NOUNS = _LEX.words("SIDE_NOUNS")
PLACING_PREPS = _LEX.words("PLACING_PREPS")
DATELINE_MARKS = _LEX.words("DATELINE_MARKS")
DATE_WORDS = _LEX.words("MONTH_NAMES") | _LEX.words("MONTH_ABBREVIATIONS") | _LEX.words(
    "WEEKDAY_NAMES")
MEDIATION_WORDS = _LEX.words("MEDIATION_WORDS")
TWO_SIDE_NOUNS = _LEX.words("TWO_SIDE_NOUNS")


def main_countries(ents: DocumentEntities) -> list[str]:
    """The states the document is about, most mentioned first: by their names and their
    people, not by the cities where things happen (a summit in Hanoi is no Vietnamese
    affair). Rule ``actors.states.article-pair``."""
    counts: Counter[str] = Counter(c.iso3 for c in ents.countries)
    counts.update(p.country for p in ents.persons if p.country)
    return [c for c, _ in counts.most_common(2)]


def complete_pair(cand: Candidate, pair: list[str]) -> None:
    """An event with one known side takes the other from the states the article is about
    ("Representatives of the two countries met in Moscow"). Rule
    ``actors.states.article-pair``."""
    if len(pair) < 2:
        return
    if cand.type == EventType.AID:
        # "Russia provided wheat to the country": the recipient is the article's other state
        if len(cand.countries) == 1 and cand.countries[0] in pair:
            other = pair[1] if pair[0] == cand.countries[0] else pair[0]
            # "technical support for Pyongyang's programs": the other state is the provider
            cand.countries.insert(0 if cand.aid_recipient_only else 1, other)
        return
    if len(set(cand.countries)) == 1:
        known = cand.countries[0]
        if known in pair:
            # "his visit to the United States": the other state is the traveller's
            cand.countries.insert(1 - cand.home_unknown, pair[1] if pair[0] == known else pair[0])
    elif not cand.countries and (cand.type == EventType.AGREE or len(cand.actors) >= 2
                                 or _two_sides(cand.trigger)):
        # "The treaty was signed in Pyongyang": an agreement between the article's two states
        cand.countries.extend(pair)


def _two_sides(tok: Token) -> bool:
    """ "Representatives of the two countries met in Moscow": the parties are the two
    states the article is about. Rule
    ``actors.states.two-countries``."""
    scope, sent, doc = event_scope(tok), sentence(tok), tok.doc
    return any(t.lemma_.lower() in TWO_SIDE_NOUNS and t.tag_ in ("NNS", "NNPS")
               and any(c.lower_ in PAIR_QUANTIFIERS for c in t.children)
               for t in (doc[i] for i in range(sent.start, sent.end) if i in scope))


def names_a_party(country: CountryMention, trigger: Token) -> bool:
    """A state the clause names takes part in the event when it is named as a side: a
    subject, object or partner ("Russia and China signed", "talks with Iran"), or the
    state of a side ("the North Korean delegation", "leaders of the two states"); not the
    venue ("met in Singapore", a dateline's "HANOI -"), nor the topic of a noun that is no
    side ("the war in Ukraine", "North Korea's nuclear programme"), nor a party of another
    event the clause names ("ahead of the summit among South Korea, China and Japan"), nor
    a state that only brokers it ("U.S.-brokered agreements").
    Rule ``actors.states.named-as-a-side``."""
    head = trigger.doc[country.token_end - 1]
    if _mediates(head):
        return False
    while head.dep_ in ("compound", "flat") and head.head.i != head.i:
        head = head.head
    if in_dateline(head) or (head.dep_ == "pobj" and head.head.lower_ in PLACING_PREPS
                             and head.head.head.lemma_.lower() not in SIDE_NOUNS):
        return False
    governing = {trigger.i} | {a.i for a in trigger.ancestors}
    node = head
    while node.head.i != node.i and node.i not in governing:
        node = node.head
        if node.i in governing:
            break
        # "signed a treaty with the Emirates": what the event's verb acts on is no topic;
        # "ahead of the summit among South Korea, China and Japan": another event's parties
        acted_on = node.head.i in governing and node.dep_ in EVENT_OBJECT_DEPS
        if node.pos_ == "NOUN" and node.lemma_.lower() not in SIDE_NOUNS and not acted_on:
            return False
    return True


EVENT_OBJECT_DEPS = ("dobj", "nsubjpass", "attr")


def _mediates(tok: Token) -> bool:
    """ "U.S.-brokered agreements", "talks mediated by Qatar", "China brokered the deal": a
    state that brokers an engagement is no party of it."""
    word = tok.lower_.rsplit("-", 1)[-1]
    if word in MEDIATION_WORDS:
        return True
    node = tok
    linking = ("compound", "flat", "conj", "pobj", "agent", "prep")
    while node.dep_ in linking and node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            break
    return node.dep_ in ("nsubj", "agent") and node.head.lemma_.lower() in MEDIATION_WORDS or (
        node.pos_ == "VERB" and node.lemma_.lower() in MEDIATION_WORDS)


def in_party_list(country: CountryMention, trigger: Token) -> bool:
    """ "an agreement reached between China, Iran and Saudi Arabia": the state is listed in
    a between-phrase of the event (or of the verb that tells it), which names every party."""
    tok = trigger.doc[country.token_start]
    governing = {trigger.i} | {a.i for a in trigger.ancestors} | {
        c.i for c in trigger.children if c.dep_ in ("relcl", "acl")}
    return any(a.dep_ == "prep" and a.lower_ in LIST_PREPS and a.head.i in governing
               for a in tok.ancestors)


def in_dateline(tok: Token) -> bool:
    """ "HANOI (BLOOMBERG) -", "Seoul, Dec. 20 (Jiji Press)--": the place a dateline opens
    with is where the story was filed, not a party of its events."""
    # the first three words are all a dateline is read by (not every word of the paragraph)
    words = list(islice((t for t in tok.doc if not t.is_space), 3))
    if not words or tok.i != words[0].i or len(words) < 2:
        return False
    following = words[1].text[:1]
    if following != ",":
        return following in DATELINE_MARKS
    # "China, Russia and Iran held talks" opens a sentence, not a dateline: after a comma,
    # a dateline goes on with its date ("Seoul, Dec. 20") or is written in capitals
    dated = len(words) > 2 and (words[2].text.rstrip(".") in DATE_WORDS or words[2].like_num)
    return dated or tok.text.isupper()
