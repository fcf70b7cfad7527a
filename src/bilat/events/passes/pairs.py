""""The two leaders", "they", "their talks": the pair told before.

Reads: candidates (not AID) with no named person whose subject is "the two leaders",
"they", "the leaders" or that "their" possesses; the candidates told before them.
Fills: ``actors`` and ``countries``: the two people of the nearest engagement with two
people (within eight sentences for "the two leaders", three for "they"), or, for "the two
leaders" with no such engagement, the last two people of two states the story named; for
"their" the two people of two states named last before it in its sentence.

Rules: ``actors.pair.the-two-leaders``, ``actors.pair.their``.
"""

from __future__ import annotations

from collections.abc import Callable

from bilat.annotations.actors import PersonMention
from bilat.events.arguments.actors import named_in, nearest_pair_before, pair_subject
from bilat.events.candidate import Candidate, Story
from bilat.events.narrative import sentence_finder
from bilat.events.syntax import possessed_by_their, sentence
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
PAIR_WINDOW = _LEX.number("PAIR_WINDOW")
THEY_WINDOW = _LEX.number("THEY_WINDOW")


def resolve_pairs(cands: list[Candidate], story: Story) -> list[Candidate]:
    """A meeting or call of "the two leaders" is between the two people of the nearest
    engagement told before it; "they" only looks at the last few sentences, since it can
    stand for states or officials as well."""
    ents = story.ents
    sentence_of = sentence_finder(story.told)
    for i, c in enumerate(cands):
        if c.type == EventType.AID or any(a.kind == "person" for a in c.actors):
            continue
        subject = pair_subject(c.trigger)
        if subject is None:
            continue
        named_pair = nearest_pair_before(c, ents) if possessed_by_their(c.trigger) else []
        if named_pair:
            c.actors = named_pair
            c.countries = list(dict.fromkeys(p.country for p in named_pair if p.country))
            continue
        # "the leaders": as near as "they"
        window = PAIR_WINDOW if subject == "pair" else THEY_WINDOW
        before = [o for o in cands[:i] if 0 <= c.sentence.index - o.sentence.index <= window
                  and len([a for a in o.actors if a.kind == "person"]) >= 2]
        if not before and subject == "the":
            # "Putin commenced his first visit to North Korea. ... the leaders signed": the
            # traveller and the host state of a visit told just before
            before = [o for o in cands[:i] if 0 <= c.sentence.index - o.sentence.index <= 1
                      and o.type == EventType.VISIT and len(set(o.countries)) >= 2
                      and any(a.kind == "person" for a in o.actors)]
        if before:
            # "Kim expressed conviction ..., referring to a pact the two leaders signed": the
            # pair that includes someone the sentence itself names
            named_here = [o for o in before if named_in(o, sentence(c.trigger))]
            source = (named_here or before)[-1]
            c.actors = [a for a in source.actors if a.kind == "person"]
            c.countries = list(dict.fromkeys(source.countries))
        elif subject == "pair":
            _last_two_named(c, story, sentence_of)
    return cands


def _last_two_named(c: Candidate, story: Story, sentence_of: Callable[[int], int]) -> None:
    """ "Kim travelled to Dalian for a second summit with Xi Jinping. The two met ...": with
    no engagement of two people told before, the pair is the last two people of two states
    the story named (within the window). Rule ``actors.pair.the-two-leaders``."""
    pair: list[PersonMention] = []
    for p in reversed(story.ents.persons):
        if not (p.kind == "person" and p.name and p.country):
            continue
        told_at = sentence_of(p.start)
        if told_at >= c.sentence.index:
            continue
        if c.sentence.index - told_at > PAIR_WINDOW:
            break
        if all(p.country != q.country for q in pair):
            pair.insert(0, p)
        if len(pair) == 2:
            c.actors = pair
            c.countries = [q.country for q in pair if q.country]
            return
