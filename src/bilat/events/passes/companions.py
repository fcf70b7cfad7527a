"""Who accompanies a traveller travels with him.

Reads: VISIT candidates with a named traveller, and the people named in the agent of a
verb of accompanying in the visit's sentence ("The Chinese president arrived in Pyongyang
... accompanied by his wife, Peng Liyuan") or in the next one, when what it says is of the
traveller ("He was accompanied by his sister, Kim Yo Jong").
Fills: ``actors`` (extends them with the companions of the traveller's state: a host who
accompanies a guest round his own country does not travel).

Rule: ``visit.traveller.companion``.
"""

from __future__ import annotations

from spacy.tokens import Token

from bilat.annotations.actors import PersonMention
from bilat.events.candidate import Candidate, Story, share_actor
from bilat.events.narrative import sentence_finder
from bilat.knowledge.names import same_person
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
COMPANION_VERBS = _LEX.words("COMPANION_VERBS")
PERSONAL_SUBJECTS = _LEX.words("PERSONAL_SUBJECTS")


def add_companions(cands: list[Candidate], story: Story) -> list[Candidate]:
    """ "Xi arrived in Pyongyang accompanied by his wife, Peng Liyuan": she travels too."""
    companions: list[tuple[int, PersonMention, Token]] | None = None
    for c in cands:
        travellers = [a for a in c.actors if a.kind == "person" and a.name and a.country]
        if c.type != EventType.VISIT or not travellers or not c.countries:
            continue
        if companions is None:
            # read at the first visit with a traveller: most documents name no companion
            companions = _companions(story)
        home = c.countries[0]
        for index, person, verb in companions:
            told_of_traveller = index == c.sentence.index or (
                index == c.sentence.index + 1
                and _of_traveller(verb, person.para, travellers, story))
            if told_of_traveller and person.country == home:
                # the statements of the same trip (the lead, a retelling) are one event
                # with its first: the companion travels on each
                for o in cands:
                    if o is c or _same_trip(o, c):
                        _join(o, person)
    return cands


def _same_trip(o: Candidate, c: Candidate) -> bool:
    return (o.type == EventType.VISIT and o.status == c.status
            and set(o.countries) == set(c.countries) and share_actor(o, c))


def _join(c: Candidate, person: PersonMention) -> None:
    if not any(same_person(person.name, a.name) for a in c.actors if a.name):
        c.actors.append(person)


def _companions(story: Story) -> list[tuple[int, PersonMention, Token]]:
    """(sentence index, person, verb) of each person named as accompanying someone."""
    sentence_of = sentence_finder(story.told)
    out = []
    for p in story.ents.persons:
        doc = story.paragraphs[p.para].doc
        if p.kind != "person" or not p.name or doc is None:
            continue
        verb = _accompanying_verb(doc[p.token_start])
        if verb is not None:
            out.append((sentence_of(p.start), p, verb))
    return out


def _accompanying_verb(tok: Token) -> Token | None:
    """The verb of "accompanied by his wife, Peng Liyuan" whose agent names ``tok``."""
    for anc in tok.ancestors:
        if anc.dep_ == "agent":
            verb = anc.head
            return verb if verb.lemma_.lower() in COMPANION_VERBS else None
    return None


def _of_traveller(verb: Token, para: int, travellers: list[PersonMention],
                  story: Story) -> bool:
    """ "He was accompanied by", "Kim was accompanied by": the one accompanied is the
    traveller, by a pronoun or by his name."""
    subject = next((t for t in verb.children if t.dep_ == "nsubjpass"), None)
    if subject is None:
        return False
    if subject.lower_ in PERSONAL_SUBJECTS:
        return True
    named = [p for p in story.ents.persons if p.para == para and p.name
             and p.token_start <= subject.i < p.token_end]
    return any(same_person(p.name, a.name) for p in named for a in travellers)
