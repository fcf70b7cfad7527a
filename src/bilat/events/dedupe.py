"""One mention per event per document: retellings inside one article add no new event.

An article tells its event several times ("Putin arrived in Pyongyang ... Putin's visit
...", "the talks ... the talks took place in the Kremlin"): mentions of the same type,
status, states and people with compatible dates and places are one, the first telling
completed with what the others add. Two aids of one sentence told apart by what moves or
by whether it has happened stay two ("providing arms in exchange for technical support").

Rules: ``dedupe.same-event``, ``dedupe.two-aids-of-one-sentence``.
"""

from __future__ import annotations

from dataclasses import replace

from bilat import partial_date
from bilat.events.objects import specificity
from bilat.knowledge.names import same_person
from bilat.model import EventMention


def dedupe(mentions: list[EventMention], kinds: list[str]) -> list[EventMention]:
    """One mention per event per document: retellings inside one article add no new event."""
    kept: list[EventMention] = []
    kept_kinds: list[str] = []
    for m, kind in zip(mentions, kinds, strict=True):
        twin = next((i for i, k in enumerate(kept) if kept_kinds[i] == kind and _same_event(k, m)),
                    None)
        if twin is None:
            kept.append(m)
            kept_kinds.append(kind)
            continue
        kept[twin] = _better(kept[twin], m)
    # two triggers of one type in one sentence with the same actors are one statement
    seen: dict[str, set[str]] = {}
    unique = []
    for m, kind in zip(kept, kept_kinds, strict=True):
        told = f"{kind}/{m.status.value}" if kind else ""
        if m.id in seen and told not in seen[m.id]:
            # "providing arms in exchange for technical support", "has sent troops and is
            # preparing to send more": two aids of one sentence, told apart by what moves
            # or by whether it has happened
            seen[m.id].add(told)
            m = replace(m, id=EventMention.make_id(m.doc_id, f"{m.type.value}:{told}", m.start,
                                                   m.end, m.actors))
        elif m.id in seen:
            continue
        seen.setdefault(m.id, set()).add(told)
        unique.append(m)
    return unique


def _same_event(a: EventMention, b: EventMention) -> bool:
    if a.type != b.type or a.status != b.status or not partial_date.compatible(a.date, b.date):
        return False
    if a.actors and b.actors:
        if not any(same_person(x, y) for x in a.actors for y in b.actors):
            return False
        if _other_partners(a.actors, b.actors) and _other_partners(b.actors, a.actors):
            return False  # Volodin met Kim, and Volodin met Choe: two meetings
    elif a.actors or b.actors:
        return False
    if set(a.countries) != set(b.countries):
        return False
    return not (a.location and b.location and a.location != b.location)


def _other_partners(these: tuple[str, ...], those: tuple[str, ...]) -> list[str]:
    """The actors of ``these`` that ``those`` does not name."""
    return [x for x in these if not any(same_person(x, y) for y in those)]


def _better(a: EventMention, b: EventMention) -> EventMention:
    """Keep the first statement, completed with what the retelling adds."""
    date = max((a.date, b.date), key=lambda d: len(d or ""))
    return replace(a, date=date, location=a.location or b.location, actors=a.actors or b.actors,
                   what=max((a.what, b.what), key=lambda w: specificity(a.type, w)))
