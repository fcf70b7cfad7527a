"""MEET and CALL (and the parties of an AGREE): who met or spoke, which states, where.

A meeting, call or signing is filled from its sentence by :func:`fill_meeting`: every
named person in the trigger's scope takes part, their states (then those of the scope)
are the event's, and the city is where the clause places it
(:func:`bilat.events.arguments.places.event_city`).

Rules (ids used by tests/events/cases):

- ``meeting.parties.people-in-scope``: the named people of the scope, each once, and their
  states, completed by the states the scope names as a side (at most two, but every state a
  between-phrase lists; not the venue nor a topic: ``actors.states.named-as-a-side``);
- ``meeting.discuss.two-people``: "X discussed the war", "negotiated a deal": a verb of
  discussing tells a meeting only between two named people;
- ``call.re-mention.the-call``: "During the call on Tuesday": right after a phone call is
  told, "the call" or "the conversation" is that call again.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from bilat.annotations.actors import PersonMention
from bilat.events.arguments.actors import unique_people
from bilat.events.arguments.places import event_city
from bilat.events.arguments.states import in_party_list, names_a_party
from bilat.events.candidate import Candidate, SentenceArguments
from bilat.events.triggers import Trigger, classify
from bilat.lang import lexicon
from bilat.model import EventType, Sentence

_LEX = lexicon()
CALL_RE_MENTION_NOUNS = _LEX.words("CALL_RE_MENTION_NOUNS")
DEFINITE_DETERMINERS = _LEX.words("DEFINITE_DETERMINERS")
TOPIC_MEETING_VERBS = _LEX.words("TOPIC_MEETING_VERBS")
CALL_RE_MENTION_WINDOW = _LEX.number("CALL_RE_MENTION_WINDOW")


def fill_meeting(cand: Candidate, args: SentenceArguments) -> None:
    """The people, states and city of a meeting, a call or a signing."""
    named = [a for a in args.actors if a.kind == "person"]
    cand.actors = unique_people(named)
    states: list[str] = []
    for a in args.actors:
        if a.country and a.country not in states:
            states.append(a.country)
    for c in args.scope_countries:
        if (c.iso3 not in states and (len(states) < 2 or in_party_list(c, cand.trigger))
                and names_a_party(c, cand.trigger)):
            states.append(c.iso3)
    cand.countries = states
    cand.location = event_city(args.places, args.scope, cand.trigger, set(states))


def too_few_discussants(tok: Token, people: list[PersonMention]) -> bool:
    """Rule ``meeting.discuss.two-people``."""
    return tok.lemma_ in TOPIC_MEETING_VERBS and len([p for p in people if p.kind == "person"]) < 2


def call_re_mentions(sent: Span, record: Sentence, told: list[Candidate]) -> list[Trigger]:
    """ "During the call on Tuesday, ...": right after a phone call is told, "the call" or
    "the conversation" is that call again (elsewhere "the call" is often an appeal).
    Rule ``call.re-mention.the-call``."""
    if not any(c.type == EventType.CALL and 0 < record.index - c.sentence.index
               <= CALL_RE_MENTION_WINDOW for c in told):
        return []
    return [
        Trigger(t, EventType.CALL) for t in sent
        if t.lower_ in CALL_RE_MENTION_NOUNS and t.pos_ == "NOUN" and classify(t) is None
        and any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in t.children)
    ]
