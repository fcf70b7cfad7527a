"""Who signed an agreement whose sentence names no signer.

Reads: AGREE candidates of a signing act with no named person; the engagements
(meetings, visits, calls) and agreements told before them; the people each sentence names.
Fills: ``actors``, ``countries`` of those agreements, and ``date`` when they were signed
"at" or "following" talks told before.

Rules: ``agreement.signers.engagement`` ("The talks culminated in the signing of the
treaty", "the leaders signed": the people of the engagement just told, or the one the
sentence names and his partner there); ``agreement.signers.just-told`` ("signed by the two
leaders": the two people the nearest sentence told of); ``agreement.signers.retold`` ("The
treaty was signed in Pyongyang": the people who signed the same treaty earlier, when the
dates agree); ``agreement.date.at-the-talks`` (signed at the talks: their day; following
them: their month).
"""

from __future__ import annotations

from bilat import partial_date
from bilat.annotations.actors import DocumentEntities, PersonMention
from bilat.events.arguments.actors import pair_subject, unique_people
from bilat.events.arguments.dates import to_month
from bilat.events.candidate import Candidate, Story, has_named_person
from bilat.events.triggers import MEET_NOUNS
from bilat.events.types.agreement import (
    agreement_noun,
    same_agreement_retold,
    same_agreement_word,
    signed_in_engagement,
)
from bilat.knowledge.names import same_person
from bilat.lang import lexicon
from bilat.model import EventType, TimeExpression

_LEX = lexicon()
AFTER_PREPS = _LEX.words("AFTER_PREPS")
ENGAGEMENT_WINDOW = _LEX.number("ENGAGEMENT_WINDOW")
PAIR_WINDOW = _LEX.number("PAIR_WINDOW")
SIGNED_AFTER = _LEX.words("SIGNED_AFTER")
SIGNING_ACTS = _LEX.words("SIGNING_ACTS")
TALKS_WINDOW = _LEX.number("TALKS_WINDOW")


ENGAGEMENT_TYPES = (EventType.MEET, EventType.VISIT, EventType.CALL)


def agreement_parties(cands: list[Candidate], story: Story) -> list[Candidate]:
    """Who signed an agreement the sentence names no signer for:
    - "The talks culminated in the signing of the treaty", "the leaders signed an
      agreement": the people of the engagement told just before;
    - "The treaty was signed in Pyongyang on June 19": the people who signed the same
      treaty earlier in the story (when the dates agree)."""
    for i, c in enumerate(cands):
        if (c.type != EventType.AGREE or has_named_person(c)
                or c.trigger.lemma_.lower() not in SIGNING_ACTS):
            continue
        before = cands[:i]
        if signed_in_engagement(c.trigger):
            _engagement_signers(c, before, story.ents)
        elif same_agreement_retold(c.trigger):
            source = _first_signing(c, before)
            if source is not None:
                _take_signers(c, source)
        if c.date is None:
            c.date = _date_of_preceding_talks(c, before)
    return cands


def _engagement_signers(c: Candidate, before: list[Candidate], ents: DocumentEntities) -> None:
    """ "The talks culminated in the signing", "the leaders signed": the people of the
    engagement whose people signed, with the one the sentence names. Rule
    ``agreement.signers.engagement``."""
    named_here = [p for p in ents.persons if p.kind == "person" and p.name
                  and c.sentence.start <= p.start < c.sentence.end]
    source = _signing_engagement(c, before, named_here)
    if source is None:
        _signers_just_told(c, before)
    elif not named_here:
        _take_signers(c, source)
    else:
        # "faithful to the treaty Kim ... referring to a pact the two leaders signed": the
        # leaders are the one the sentence names and his partner in the engagement
        people = unique_people(named_here)
        if len(people) < 2:
            people = unique_people(people + [a for a in source.actors
                                              if a.kind == "person" and a.name])
        c.actors = people[:2] if pair_subject(c.trigger) in ("pair", "they") else people
        c.countries = list(dict.fromkeys(a.country for a in c.actors if a.country))
        if len(c.countries) < 2:
            c.countries = list(dict.fromkeys(source.countries))


def _first_signing(c: Candidate, before: list[Candidate]) -> Candidate | None:
    """ "The treaty was signed in Pyongyang": the last signing of the same agreement word
    told before, with its signers named and a date that agrees. Rule
    ``agreement.signers.retold``."""
    noun = agreement_noun(c.trigger)
    return next((o for o in reversed(before)
                 if o.type == EventType.AGREE and has_named_person(o)
                 and same_agreement_word(noun, agreement_noun(o.trigger))
                 and (c.date is None or o.date is None
                      or partial_date.compatible(c.date.value, o.date.value))), None)


def _take_signers(c: Candidate, source: Candidate) -> None:
    c.actors = [a for a in source.actors if a.kind == "person" and a.name]
    c.countries = list(dict.fromkeys(source.countries))


def _signers_just_told(c: Candidate, before: list[Candidate]) -> None:
    """ "Putin signed the ratification law, and Kim ratified it. The treaty itself was signed
    by the two leaders": the leaders are the two people the nearest sentence told of. Rule
    ``agreement.signers.just-told``."""
    by_sentence: dict[int, list[PersonMention]] = {}
    for o in before:
        if 0 < c.sentence.index - o.sentence.index <= PAIR_WINDOW:
            by_sentence.setdefault(o.sentence.index, []).extend(
                a for a in o.actors if a.kind == "person" and a.name)
    for index in sorted(by_sentence, reverse=True):
        people = unique_people(by_sentence[index])
        if len(people) >= 2:
            c.actors = people[:2]
            countries = list(dict.fromkeys(a.country for a in c.actors if a.country))
            if len(countries) >= 2:
                c.countries = countries
            return


def _signing_engagement(c: Candidate, before: list[Candidate],
                        named_here: list[PersonMention]) -> Candidate | None:
    """The engagement whose people signed: one told at most two sentences before, or,
    when the sentence names one of the signers, the latest engagement he took part in."""
    engagements = [o for o in before if o.type in ENGAGEMENT_TYPES and has_named_person(o)
                   and 0 <= c.sentence.index - o.sentence.index <= PAIR_WINDOW]
    with_signer = [o for o in engagements
                   if any(same_person(p.name, a.name)
                          for p in named_here for a in o.actors if a.name)]
    if with_signer:
        return with_signer[-1]
    near = [o for o in engagements if c.sentence.index - o.sentence.index <= ENGAGEMENT_WINDOW]
    return near[-1] if near else None


def _date_of_preceding_talks(c: Candidate, before: list[Candidate]) -> TimeExpression | None:
    """ "A plan was signed at the talks": on the day of the talks told before. Signed
    "following" or "after" them may be days later, so only their month is known. Rule
    ``agreement.date.at-the-talks``."""
    preps = [p.lower_ for p in c.trigger.children if p.dep_ == "prep" and p.lower_ in SIGNED_AFTER
             and any(o.dep_ == "pobj" and (o.lemma_ in MEET_NOUNS or o.lower_ in MEET_NOUNS)
                     for o in p.children)]
    if not preps:
        return None
    talks = [o for o in before if o.type == EventType.MEET and o.status == c.status
             and o.date is not None and o.date.value
             and 0 <= c.sentence.index - o.sentence.index <= TALKS_WINDOW]
    date = talks[-1].date if talks else None
    if date is not None and preps[0] in AFTER_PREPS:
        date = to_month(date)
    return date
