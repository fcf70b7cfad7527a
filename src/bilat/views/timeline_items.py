"""What the timeline draws for an event: a short label that says who engaged whom
("Putin → Pyongyang" for a visit, "Putin – Kim" for a meeting), and the interval its date
stands for, so an event known to its month or year is drawn over that month or year rather
than as a point on its first day. Undated events have no item: the pages list them apart.
"""

from __future__ import annotations

from datetime import timedelta

from bilat.knowledge.kb import KnowledgeBase
from bilat.model import Event, EventType
from bilat.partial_date import rank, span

MAX_NAMED = 3  # actors named in a label; more are counted ("+2")
ARROW, DASH = " → ", " – "


def short_name(kb: KnowledgeBase, name: str) -> str:
    """How news shortens a person's name: the family name, which comes first for the states
    whose news writes "Kim" for Kim Jong Un or "Xi" (the knowledge base's ``short_name``);
    a name the knowledge base does not know keeps its last word."""
    words = name.split()
    if len(words) < 2:
        return name
    person = kb.person(name)
    country = kb.countries.get(person.country or "") if person else None
    family_first = country is not None and country.short_name_first
    return words[0] if family_first else words[-1]


def _names(kb: KnowledgeBase, actors: tuple[str, ...]) -> str:
    shown = [short_name(kb, a) for a in actors[:MAX_NAMED]]
    extra = len(actors) - MAX_NAMED
    return DASH.join(shown) + (f" +{extra}" if extra > 0 else "")


def event_label(kb: KnowledgeBase, event: Event) -> str:
    """``Putin → Pyongyang`` (a visit: the visitor, then the place or the host state);
    ``Putin – Kim`` (any other engagement: the people, else the states), with what was
    signed or moved after a colon."""
    if event.type == EventType.VISIT:
        visitor = _names(kb, event.actors) or (event.countries[0] if event.countries else "?")
        host = event.location or (event.countries[1] if len(event.countries) > 1 else "")
        label = visitor + (ARROW + host if host else "")
    else:
        label = _names(kb, event.actors) or DASH.join(event.countries)
    return f"{label}: {event.what}" if event.what else label


def item_interval(date: str | None) -> tuple[str, str | None] | None:
    """Where the timeline draws a date: a day as a point (start, None); a month or a year as
    the span from its first day to the day after its last (ISO dates); None when undated."""
    if not date or rank(date) == 0:
        return None
    first, last = span(date)
    if rank(date) == 3:
        return first.isoformat(), None
    return first.isoformat(), (last + timedelta(days=1)).isoformat()

