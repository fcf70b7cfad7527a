"""An event's fields from its mentions: people, countries, place and label by how many
independent sources give them (a copy and its original are one voice), the most precise
date they support, the disagreements worth reporting, and the mention its id comes from."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from bilat import partial_date
from bilat.events.merge.compatibility import STAY_TYPES
from bilat.events.merge.profiles import date_rank, order_key
from bilat.events.objects import specificity
from bilat.knowledge.names import name_tokens, place_key, same_person
from bilat.model import Event, EventMention, Status, content_id


def _source_of(m: EventMention, copies: Mapping[str, str]) -> str:
    return copies.get(m.doc_id, m.doc_id)


def _vote(values: Iterable[tuple[str, str]]) -> Counter[str]:
    """Count each value once per independent source: ten wire copies are one voice."""
    return Counter(v for v, _ in set(values))


def _reports_of_what_happened(mentions: Sequence[EventMention]) -> Sequence[EventMention]:
    """The mentions that tell the event as done, if any: written after it, they outrank the
    plans written before it when the two disagree (the talks were moved to Rostov, the
    visit began a day late)."""
    done = [m for m in mentions if m.status is Status.OCCURRED]
    return done or mentions


def _most_precise_agreed(mentions: Sequence[EventMention]) -> str | None:
    dates = sorted({m.date for m in mentions if m.date}, key=lambda d: (-date_rank(d), d))
    for d in dates:
        if all(partial_date.compatible(d, e) for e in dates):
            return d
    return None


def _best_date(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> str | None:
    """The most precise date the mentions support: the most precise one that every other
    date is a prefix of (a plan's day refines the month a report gives). If they disagree
    (reported in ``conflicts``), the dates of the reports of what happened outrank the
    plans'; of the most precise dates still in dispute, a visit takes the first (a stay is
    dated by its first day), any other event the one most independent sources give, then
    the first."""
    # One voice decides alone: most events are one mention (1,533 of the 1,806 of the
    # 1,200-document mix's build), and the votes were half of their merge's CPU. (The
    # people and countries still vote: one mention may name a person or country twice.)
    if len(mentions) == 1:
        return mentions[0].date or None
    dated = [m for m in mentions if m.date]
    if not dated:
        return None
    agreed = _most_precise_agreed(dated)
    if agreed:
        return agreed
    done = _reports_of_what_happened(dated)
    agreed = _most_precise_agreed(done)
    if agreed:
        return agreed
    rank = max(date_rank(m.date) for m in done)
    votes = _vote(
        (m.date, _source_of(m, copies))
        for m in done if m.date and date_rank(m.date) == rank
    )
    if mentions[0].type in STAY_TYPES:
        return min(votes)
    return min(votes, key=lambda d: (-votes[d], d))


def _first_positions(values: Iterable[str | None]) -> dict[str | None, int]:
    """Where each value first appears (ties in a vote go to the earliest source)."""
    first: dict[str | None, int] = {}
    for i, v in enumerate(values):
        first.setdefault(v, i)
    return first


def _best_location(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> str | None:
    """The place most independent sources give, of those that tell the event as done if
    any of them names one."""
    if len(mentions) == 1:
        return mentions[0].location or None
    located = [m for m in mentions if m.location]
    if not located:
        return None
    located = list(_reports_of_what_happened(located))
    votes = _vote((m.location, _source_of(m, copies)) for m in located if m.location)
    first = _first_positions(m.location for m in located)
    return min(votes, key=lambda v: (-votes[v], first[v]))


def _best_object(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> str | None:
    """The most specific label the mentions give, the one most sources give among those."""
    if len(mentions) == 1:
        return mentions[0].what or None
    labels = _vote((m.what, _source_of(m, copies)) for m in mentions if m.what)
    if not labels:
        return None
    first = _first_positions(m.what for m in mentions)
    type_ = mentions[0].type
    return min(labels, key=lambda v: (-specificity(type_, v), -labels[v], first[v]))


def _merge_actors(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> tuple[str, ...]:
    """Persons by how many sources name them, then first appearance; each under its most
    frequent full spelling ("Vladimir Putin" over "Putin", "Sergei Shoigu" over "Shoygu")."""
    spellings = _vote((a, _source_of(m, copies)) for m in mentions for a in m.actors)
    first: dict[str, int] = {}
    for m in mentions:
        for a in m.actors:
            first.setdefault(a, len(first))
    persons: list[list[str]] = []
    # Full names first, so a bare surname joins the person it abbreviates.
    for name in sorted(spellings, key=lambda a: (-len(name_tokens(a)), -spellings[a], first[a])):
        home = next((g for g in persons if same_person(name, g[0])), None)
        if home is None:
            persons.append([name])
        else:
            home.append(name)

    def weight(g: list[str]) -> tuple[int, int]:
        return -sum(spellings[a] for a in g), min(first[a] for a in g)

    return tuple(g[0] for g in sorted(persons, key=weight))


def _merge_countries(mentions: Sequence[EventMention]) -> tuple[str, ...]:
    """Countries in the order most mentions give them (mean position, then appearance)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for m in mentions:
        for i, c in enumerate(m.countries):
            positions[c].append(i)
    first = {c: i for i, c in reversed(list(enumerate(c for m in mentions for c in m.countries)))}
    return tuple(sorted(positions, key=lambda c: (sum(positions[c]) / len(positions[c]), first[c])))


def _disagreement(what: str, values: Iterable[tuple[str, str]]) -> str | None:
    votes = _vote(values)
    if len(votes) < 2:
        return None
    listed = ", ".join(
        f"{v} ({n} source{'s' if n > 1 else ''})"
        for v, n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"sources disagree on the {what}: {listed}"


def _conflicts(mentions: Sequence[EventMention], copies: Mapping[str, str]) -> tuple[str, ...]:
    if len(mentions) == 1:  # one date and one place disagree with none
        return ()
    notes = []
    dates = sorted({m.date for m in mentions if m.date}, key=lambda d: (-date_rank(d), d))
    if dates and not all(partial_date.compatible(dates[0], d) for d in dates):
        notes.append(
            _disagreement("date", [(m.date, _source_of(m, copies)) for m in mentions if m.date])
        )
    by_key: dict[str, str] = {}
    for m in mentions:
        if m.location:
            by_key.setdefault(place_key(m.location), m.location)
    if len(by_key) > 1:
        places = [
            (by_key[place_key(m.location)], _source_of(m, copies)) for m in mentions if m.location
        ]
        notes.append(_disagreement("location", places))
    return tuple(n for n in notes if n)


def _anchor(mentions: Sequence[EventMention]) -> EventMention:
    """The mention an event's id is derived from: the earliest reported (publication date,
    then mention id; undated articles last).

    Any member would give an id that depends only on the set of mentions, hence the same
    for any input order and for one build or several. The earliest report is the one that
    also survives growth: news arrives in publication order, so documents added later
    join an event without re-anchoring it, and its id (bookmarks, links into the web UI)
    stays. The smallest mention hash would change whenever a later report happened to
    hash lower. Only backfilling an older report of the event, or a split or merge of the
    event itself, changes its id."""
    return min(mentions, key=lambda m: (m.published or "9999", m.id))


def _event(mentions: list[EventMention], copies: Mapping[str, str]) -> Event:
    mentions = sorted(mentions, key=order_key)
    type_ = mentions[0].type
    occurred = any(m.status is Status.OCCURRED for m in mentions)
    return Event(
        id=content_id("event", type_.value, _anchor(mentions).id, prefix="evt_"),
        type=type_,
        actors=_merge_actors(mentions, copies),
        countries=_merge_countries(mentions),
        location=_best_location(mentions, copies),
        date=_best_date(mentions, copies),
        status=Status.OCCURRED if occurred else Status.PLANNED,
        mention_ids=tuple(m.id for m in mentions),
        conflicts=_conflicts(mentions, copies),
        what=_best_object(mentions, copies),
    )


def event_of(mentions: Sequence[EventMention], copies: Mapping[str, str] | None = None) -> Event:
    """The event of a group of mentions the merge put together: recomputes its fields (the
    votes count copies as one source) when only the copy map changed."""
    return _event(list(mentions), copies or {})
