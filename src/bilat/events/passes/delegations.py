"""An unnamed delegation's visit is its leader's.

Reads: VISIT candidates with no named person whose subject is a delegation ("A North
Korean delegation left for Vladivostok"), and the people the story names as leading or
belonging to a delegation ("The delegation is led by Vice Premier Ri Ryong Nam").
Fills: ``actors`` (extends them with the leaders named at most two sentences away).

Rule: ``visit.traveller.delegation-leader``.
"""

from __future__ import annotations

from spacy.tokens import Token

from bilat.annotations.actors import PersonMention
from bilat.events.arguments.actors import unique_people
from bilat.events.candidate import Candidate, Story
from bilat.events.narrative import sentence_finder
from bilat.events.types.visit import delegation_member, delegation_travels, leads_delegation
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
PLACE_WINDOW = _LEX.number("PLACE_WINDOW")


def name_delegations(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "A North Korean delegation has left for Vladivostok ... The delegation is led by Vice
    Premier Ri Ryong Nam": an unnamed delegation's visit is its leader's."""
    # the delegations' leaders are looked for at the first visit that needs one: most
    # documents have none, and every person named was read for it
    leaders: list[tuple[int, PersonMention]] | None = None
    for c in cands:
        if c.type != EventType.VISIT or any(a.kind == "person" for a in c.actors):
            continue
        if not delegation_travels(c.trigger):
            continue
        if leaders is None:
            leaders = _delegation_leaders(story)
        near = [p for i, p in leaders if abs(i - c.sentence.index) <= PLACE_WINDOW
                and (not c.countries or p.country in (None, *c.countries))]
        if near:
            c.actors.extend(unique_people(near))
    return cands


def _delegation_leaders(story: Story) -> list[tuple[int, PersonMention]]:
    """(sentence index, person) of each person named as leading or joining a delegation."""
    sentence_of = sentence_finder(story.told)
    return [(sentence_of(p.start), p) for p in story.ents.persons
            if p.kind == "person" and p.name
            and _with_delegation(story.paragraphs[p.para].doc[p.token_start])]


def _with_delegation(tok: Token) -> bool:
    """ "a delegation led by X", "The delegation also includes X"."""
    return leads_delegation(tok) or delegation_member(tok)
