"""What the timeline draws for an event: a short label that says who engaged whom
("Putin → Pyongyang" for a visit, "Putin – Kim" for a meeting), and the interval its date
stands for, so an event known to its month or year is drawn over that month or year rather
than as a point on its first day. Undated events have no item: the pages list them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

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


def _state_name(kb: KnowledgeBase, code: str) -> str:
    country = kb.countries.get(code)
    return country.name if country else code


def _others(kb: KnowledgeBase, actor: str, countries: tuple[str, ...]) -> list[str]:
    """The states of an engagement other than the (one) named person's own."""
    person = kb.person(actor)
    return [c for c in countries if not person or c != person.country]


def event_label(kb: KnowledgeBase, event: Event) -> str:
    """``Putin → Pyongyang`` (a visit: the visitor, then the place or the host state);
    ``Putin – Kim`` (any other engagement: the people; one person and the other state;
    else the states, ``PRK → RUS`` for aid from one to the other), with what was signed or
    moved after a colon."""
    countries = event.countries
    if event.type == EventType.VISIT:
        visitor = _names(kb, event.actors) or (countries[0] if countries else "?")
        host = event.location or (_state_name(kb, countries[1]) if len(countries) > 1 else "")
        label = visitor + (ARROW + host if host else "")
    elif len(event.actors) == 1:
        label = DASH.join([_names(kb, event.actors), *_others(kb, event.actors[0], countries)])
    elif event.actors:
        label = _names(kb, event.actors)
    else:
        label = (ARROW if event.type == EventType.AID else DASH).join(countries)
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



OPENING_DAYS = 3 * 365  # the longest period the timeline opens on
MARGIN_BEFORE, MARGIN_AFTER = 0.02, 0.18  # of the window: labels run right of their day


def opening_window(spans: Sequence[tuple[date, date]]) -> tuple[date, date] | None:
    """Where the timeline opens: the densest recent period of the events, whose dates cover
    ``spans`` (first and last day) -- of all the stretches of at most three years, the one
    where the most events start (the latest of equals), from its first start to its last
    end (a year-only event is shown whole), with a margin for the labels. One old or
    misdated event does not stretch the view over decades."""
    if not spans:
        return None
    ordered = sorted(spans)
    best = (0, 0)  # (first, last) index of the best stretch so far
    first = 0
    for last, (day, _) in enumerate(ordered):
        while (day - ordered[first][0]).days > OPENING_DAYS:
            first += 1
        if last - first >= best[1] - best[0]:  # ">=": the later of equals
            best = (first, last)
    start = ordered[best[0]][0]
    end = max(last_day for _, last_day in ordered[best[0]:best[1] + 1])
    length = max((end - start).days, 30)
    return (start - timedelta(days=max(10, int(length * MARGIN_BEFORE))),
            end + timedelta(days=max(30, int(length * MARGIN_AFTER))))
