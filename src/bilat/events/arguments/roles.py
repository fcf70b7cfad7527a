"""Roles: the person a described official is on the event's date.

"The Russian foreign minister" is the one holder of that office in that state on the
event's date (:func:`resolve_roles`); "his Chinese counterpart" holds, in China, the office
the other party holds (:func:`counterpart_office`); a bare surname that coreference linked
to someone out of office on that date is the one of that surname and state who held
office (:func:`plausible_holder`). Offices and their holders are the knowledge base's.
"""

from __future__ import annotations

from dataclasses import replace

from bilat.annotations.actors import PersonMention
from bilat.knowledge.kb import KnowledgeBase
from bilat.lang import lexicon

_LEX = lexicon()
COUNTERPART_NOUNS = _LEX.words("COUNTERPART_NOUNS")
APPOSITION_GAP = _LEX.number("APPOSITION_GAP")


def resolve_roles(
    kb: KnowledgeBase, persons: list[PersonMention], date: str | None
) -> list[PersonMention]:
    """ "the Russian foreign minister", "his Chinese counterpart": the person who held the
    office on the event's date, when the state has one such office. Rule
    ``actors.role-holder``; not a role beside a name it describes
    (``actors.role-holder.apposition``)."""
    out = []
    for p in persons:
        p = plausible_holder(kb, p, date)
        if _described(p) and _named_beside(p, persons):
            # "China's top diplomat, Wang Yi": the name says who it is
            out.append(replace(p, kind="role", name="") if p.kind == "person" else p)
            continue
        office = p.office or (counterpart_office(kb, p, persons, date) if p.kind == "role"
                              else None)
        # "Russia's top envoy": a state has many ambassadors, the knowledge base may know one
        if p.kind == "role" and office and p.country and not kb.concurrent(office):
            holder = kb.holder(office, p.country, date)
            if holder is not None:
                p = replace(p, kind="person", name=holder.name, office=office)
        out.append(p)
    return out


def _described(p: PersonMention) -> bool:
    """A role, or a description the story's coreference gave a name ("the foreign minister"
    -> Qin Gang): its text names nobody."""
    if p.kind == "role":
        return True
    return bool(p.name and p.text) and not any(part in p.text for part in p.name.split())


def _named_beside(role: PersonMention, persons: list[PersonMention]) -> bool:
    """ "China's top diplomat, Wang Yi", "Wang Yi, China's top diplomat": a role in apposition
    with a name of its state describes that person, whoever holds the office it names.
    Rule ``actors.role-holder.apposition``."""
    return any(q is not role and q.kind == "person" and q.para == role.para
               and q.country in (None, role.country)
               and (0 <= q.start - role.end <= APPOSITION_GAP
                    or 0 <= role.start - q.end <= APPOSITION_GAP) for q in persons)


def plausible_holder(kb: KnowledgeBase, person: PersonMention,
                     date: str | None) -> PersonMention:
    """ "Kim met Putin in Vladivostok in 2002": a bare surname the story's coreference gave
    the Kim it talks about (Kim Jong Un) is, on a date when he held no office, the one
    known Kim of that state who did (Kim Jong Il). Rule ``actors.role-holder.plausible``."""
    if (person.kind != "person" or not date or len(person.text.split()) != 1
            or not person.name or person.text == person.name):
        return person
    known = kb.person(person.name)
    if known is None or not known.roles or known.roles_on(date):
        return person
    holders = [k for k in kb.people_by_surname(person.text)
               if k.country == known.country and k.roles_on(date)]
    if len(holders) != 1:
        return person
    return replace(person, name=holders[0].name, gender=holders[0].gender)


def counterpart_office(kb: KnowledgeBase, role: PersonMention, persons: list[PersonMention],
                       date: str | None) -> str | None:
    """ "Putin met his Chinese counterpart": a counterpart holds, in his state, the office
    the other party holds in his on the event's date (head of state, foreign minister).
    Rule ``actors.role-holder.counterpart``."""
    if not role.text or role.text.split()[-1].lower() not in COUNTERPART_NOUNS:
        return None
    offices: list[str] = []
    for p in persons:
        if p.kind != "person" or not p.name or p.country in (None, role.country):
            continue
        known = kb.person(p.name)
        held = [r.office for r in known.roles_on(date) if r.office] if known else []
        offices.extend([p.office] if p.office else held)
    distinct = list(dict.fromkeys(offices))
    return distinct[0] if len(distinct) == 1 else None
