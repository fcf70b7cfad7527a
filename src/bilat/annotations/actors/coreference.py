"""Who a short name or a definite role refers to, within one document and at its date.

A surname links to the full name it abbreviates ("Fomin" -> "Alexander Fomin"); a bare
"Kim" to the Kim the document talks about most, or, if the document names none, to the
known Kim of the state the text gives who held the most senior office on the document's
date; a definite role ("the Russian lawmaker", "the North Korean leader") to the person of
that state the story named last, when that person fits the role on the date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from spacy.attrs import ORTH

from bilat.annotations.actors.mentions import PersonMention
from bilat.annotations.nlp import Paragraph, doc_text, word_ids
from bilat.knowledge.kb import KnowledgeBase, Person
from bilat.knowledge.names import name_tokens, same_person
from bilat.lang import lexicon

ROLE_WINDOW = lexicon().number("ROLE_WINDOW")  # paragraphs a definite role looks back
LEADER_RANK = lexicon().number("LEADER_RANK")  # "the leader" is of this rank or higher
# pronoun -> gender of the person it refers to ("m", "f")
PRONOUNS: Mapping[str, str] = lexicon().mapping("PRONOUN_GENDERS")
_UNRANKED = 99  # no office held: junior to every office
_UNKNOWN_OFFICE = 50  # an office the knowledge base does not rank


def short_name_mentions(paragraphs: list[Paragraph],
                        persons: list[PersonMention]) -> list[PersonMention]:
    """Bare surnames the model did not tag ("Ri arrived in Moscow"), found because the
    document already named the person in full ("Ri Yong Ho", "Alexander Fomin")."""
    short: dict[str, PersonMention] = {}
    for p in persons:
        parts = p.text.replace("-", " ").split()
        if p.kind == "person" and len(parts) >= 2:
            for part in (parts[0], parts[-1]):
                if len(part) >= 2 and part[0].isupper():
                    short.setdefault(part, p)
    if not short:
        return []
    taken = {(p.para, i) for p in persons for i in range(p.token_start, p.token_end)}
    # the surnames found on each doc's array of word ids: a Token object is made only for
    # them, not for every token of every paragraph
    short_ids = word_ids(short)
    out = []
    for index, para in enumerate(paragraphs):
        doc = para.doc
        # a token that is a surname is in the paragraph's text: most paragraphs hold none,
        # and finding that in the text (in C) spares reading and walking their words
        text = doc_text(doc)
        if not any(name in text for name in short):
            continue
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            if orth not in short_ids:
                continue
            t = doc[i]
            # the tagger takes an unknown name at a sentence start for a noun ("Fomin held")
            if ((index, t.i) in taken or t.pos_ not in ("PROPN", "NOUN")
                    or not t.is_title):
                continue
            if t.i + 1 < len(doc) and doc[t.i + 1].is_title and doc[t.i + 1].pos_ == "PROPN":
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
    # a full name seen once with a country or a title keeps them for its other mentions
    # ("Press Secretary Sarah Sanders ... Ms Sanders said")
    country_of: dict[str, str] = {}
    office_of: dict[str, str] = {}
    for p in out:
        if p.kind == "person" and p.country:
            country_of.setdefault(p.name, p.country)
        if p.kind == "person" and p.office:
            office_of.setdefault(p.name, p.office)
    out = [replace(p, country=p.country or country_of.get(p.name),
                   office=p.office or office_of.get(p.name)) if p.kind == "person" else p
           for p in out]
    return link_definite_roles(kb, out, date)


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
        if (q.kind != "person" or not q.name or q.country != role.country
                or role.para - q.para > ROLE_WINDOW):
            continue
        if _fits(kb, role, q, kb.person(q.name), date):
            return q
    return None


def _fits(kb: KnowledgeBase, role: PersonMention, q: PersonMention, known: Person | None,
          date: str | None) -> bool:
    """Whether the person ``q`` can be the one ``role`` describes."""
    if role.office:
        return q.office == role.office or (
            known is not None and any(r.office == role.office for r in known.roles_on(date)))
    if role.text.lower().endswith("leader"):
        return known is not None and min((_rank(kb, r.office) for r in known.roles_on(date)),
                                         default=_UNRANKED) <= LEADER_RANK
    # "the Russian lawmaker", "the top diplomat": never the head of state
    return not _is_leader(kb, q, known, date)


def _is_leader(kb: KnowledgeBase, q: PersonMention, known: Person | None, date: str | None) -> bool:
    ranks = [_rank(kb, q.office)] if q.office else []
    if known is not None:
        ranks.extend(_rank(kb, r.office) for r in known.roles_on(date))
    return min(ranks, default=_UNRANKED) <= LEADER_RANK


def _link_short_name(kb: KnowledgeBase, p: PersonMention, full: list[PersonMention],
                     counts: Counter[str], date: str | None = None) -> PersonMention:
    cands = [f for f in full if same_person(p.text, f.name)]
    if cands:
        # the most mentioned wins (a bare "Kim" in a story about Kim Jong Un), then the
        # nearest preceding mention
        best = max(cands, key=lambda f: (counts[f.name], f.start < p.start,
                                         -abs(f.start - p.start)))
        known = kb.person(best.name)
        return replace(p, name=best.name, country=p.country or best.country, org=best.org,
                       gender=known.gender if known else p.gender)
    known_list = kb.people_by_surname(p.text)
    if len(known_list) == 1:
        return _as_known(p, known_list[0], date)
    if known_list:
        # several known people share the surname ("Kim"): those of the state the text
        # attributes the name to ("North Korean leader Kim"), then whoever held the most
        # senior office on the document's date (Kim Jong Un in 2019, not Kim Jong Il)
        of_country = [k for k in known_list if p.country and k.country == p.country]
        k = min(of_country or known_list, key=lambda x: _seniority(kb, x, date))
        return _as_known(p, k, date)
    return p


def _as_known(p: PersonMention, known: Person, date: str | None) -> PersonMention:
    """A bare name as the known person, with the state or organisation of the day."""
    country, org = known.affiliation(date)
    return replace(p, name=known.name, country=country, org=org, gender=known.gender)


def _seniority(kb: KnowledgeBase, person: Person, date: str | None) -> tuple[int, int]:
    """(best rank held on ``date``, best rank ever): lower is more senior."""
    then = min((_rank(kb, r.office) for r in person.roles_on(date)), default=_UNRANKED) \
        if date else _UNRANKED
    ever = min((_rank(kb, r.office) for r in person.roles), default=_UNRANKED)
    return then, ever


def _rank(kb: KnowledgeBase, office: str | None) -> int:
    for o in kb.offices.values():
        if o.key == office:
            return o.rank
    return _UNKNOWN_OFFICE
