"""What the merge compares: a mention's fields as a :class:`Profile`, the mentions that
share them, and the span of days its date (or, undated, its publication) allows.

Mentions that agree on every field the merge looks at (type, date, location, actors,
countries, what; plus status and publication date when undated) are interchangeable, so
they are compared once, as one profile. Wire copies collapse here; two such mentions from
one article do not (:func:`_split_reports`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache

from bilat import partial_date
from bilat.knowledge.names import name_key, name_tokens, place_key
from bilat.model import EventMention, EventType, Status

# Publication dates are given in a newsroom's time zone and events in the host's, so an
# event may be dated a day "after" the article that reports it as done (and vice versa).
SLACK_DAYS = 1
# News dates what is not recent ("the 2000 visit", "talks last held in December 2017"); an
# undated "has sent troops" or "will visit" is about the past or the coming year.
_HORIZON_DAYS = 366
MIN_DAY = Date.min.toordinal()
MAX_DAY = Date.max.toordinal()


# The merge reads the same few thousand dates over and over (every mention, profile and
# event of a day has it), so parsing them is cached; the caches are bounded.
_DATES = 1 << 16


@lru_cache(maxsize=_DATES)
def date_parts(value: str | None) -> tuple[str, ...]:
    """:func:`bilat.partial_date.parts`, cached."""
    return partial_date.parts(value)


def date_rank(value: str | None) -> int:
    """:func:`bilat.partial_date.rank`, cached: 0 undated, 1 year, 2 month, 3 day."""
    return len(date_parts(value))


@lru_cache(maxsize=_DATES)
def date_span(value: str) -> tuple[int, int]:
    """First and last day (proleptic ordinals) covered by an ISO prefix."""
    first, last = partial_date.span(value)
    return first.toordinal(), last.toordinal()


def safe_span(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        return date_span(value)
    except ValueError:  # a malformed date constrains nothing rather than crashing a build
        return None


def undated_span(status: Status, published: str | None) -> tuple[int, int]:
    """When an undated mention can have happened: in the year before its article if it
    occurred, in the year after it if it is planned; any time if the publication date is
    unknown."""
    pub = safe_span(published)
    if pub is None:
        return MIN_DAY, MAX_DAY
    if status is Status.PLANNED:
        return pub[0] - SLACK_DAYS, pub[1] + _HORIZON_DAYS
    return pub[0] - _HORIZON_DAYS, pub[1] + SLACK_DAYS


@dataclass(slots=True)  # slots: a million mentions make many profiles
class Profile:
    """What the merge compares: the fields of a mention, with the mentions that share them."""

    type: EventType
    date: str | None
    span: tuple[int, int]
    location: str | None  # place_key
    actors: tuple[tuple[str, ...], ...]  # name_tokens of each actor
    countries: tuple[str, ...]
    status: Status
    what: str | None = None  # what was signed or moved (bilat.events.objects)
    mentions: list[EventMention] = field(default_factory=list)
    # (document, occurred?) of every mention: see compatibility._same_report
    reports: frozenset[tuple[str, bool]] = frozenset()
    # Derived once here, read in every comparison: the merge compares a profile with its
    # neighbours many times, and parsing its date each time was most of the merge's work.
    rank: int = field(init=False)  # partial_date.rank of the date
    month: int | None = field(init=False)  # months since year 0, None without a month
    country_set: frozenset[str] = field(init=False)  # shared by the profiles of a country list
    occurred: bool = field(init=False)  # some mention tells it as done
    sort_key: tuple[object, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.rank = date_rank(self.date)
        self.month = month_number(self.date)
        self.country_set = _country_set(self.countries)
        self.occurred = any(m.status is Status.OCCURRED for m in self.mentions)
        self.sort_key = order_key(self.mentions[0])

    @property
    def docs(self) -> frozenset[str]:
        """The articles of its mentions. Computed when asked (rarely: for two close days
        or months), not kept: a set each was a fifth of a million profiles' memory."""
        return frozenset(doc for doc, _ in self.reports)


@lru_cache(maxsize=_DATES)
def _country_set(countries: tuple[str, ...]) -> frozenset[str]:
    # one set for each list of countries, not one for each profile (memory)
    return frozenset(countries)


def month_number(value: str | None) -> int | None:
    """Months since year 0 of a date's month; None without a month."""
    parts = date_parts(value)
    return int(parts[0]) * 12 + int(parts[1]) - 1 if len(parts) >= 2 else None


def order_key(m: EventMention) -> tuple[object, ...]:
    """Canonical order, independent of input order: earliest source first."""
    return (m.published or "9999", m.doc_id, m.start, m.id)


def _profile_key(m: EventMention) -> tuple[object, ...]:
    actors = tuple(sorted(name_key(a) for a in m.actors))
    loc = place_key(m.location) if m.location else None
    base = (m.type.value, m.date, loc, actors, m.countries, m.what)
    # An undated mention's meaning depends on when it was published and whether it is
    # done or expected, so those join the key only then.
    return base if m.date else (*base, m.status.value, m.published)


def _report(m: EventMention) -> tuple[str, bool]:
    """Which article tells a mention, and whether as done or as planned."""
    return m.doc_id, m.status is Status.OCCURRED


def _split_reports(ms: list[EventMention]) -> list[list[EventMention]]:
    """Mentions with equal fields, split so that no part holds two mentions one article
    tells with the same status (two deployments an article keeps apart stay apart even
    when it gives them the same fields): the k-th such mention of an article goes to the
    k-th part, in canonical order, so the split is deterministic."""
    if len(ms) == 1:
        return [ms]
    parts: list[list[EventMention]] = []
    told: Counter[tuple[str, bool]] = Counter()
    for m in ms:
        report = _report(m)
        k = told[report]
        told[report] += 1
        if k == len(parts):
            parts.append([])
        parts[k].append(m)
    return parts


def profiles_of(mentions: Iterable[EventMention]) -> list[Profile]:
    """The profiles of some mentions, in canonical order (``sort_key``)."""
    out = unordered_profiles(mentions)
    out.sort(key=lambda p: p.sort_key)
    return out


def unordered_profiles(mentions: Iterable[EventMention]) -> list[Profile]:
    """:func:`profiles_of` in no particular order: the merge sorts them component by
    component (:func:`~bilat.events.merge.blocking.components`)."""
    grouped: dict[tuple[object, ...], list[EventMention]] = defaultdict(list)
    # grouped as they come, and only the groups of several mentions put in canonical
    # order: the profiles are sorted afterwards, whatever order they are made in, so sorting
    # every mention first (at a million, a million keys compared n log n times) ordered
    # little that mattered
    for m in {m.id: m for m in mentions}.values():
        grouped[_profile_key(m)].append(m)
    for same in grouped.values():
        if len(same) > 1:
            same.sort(key=order_key)
    out = []
    for ms in (part for same in grouped.values() for part in _split_reports(same)):
        m = ms[0]
        dated = safe_span(m.date)
        out.append(
            Profile(
                type=m.type,
                date=m.date if dated else None,
                span=dated or undated_span(m.status, m.published),
                location=place_key(m.location) if m.location else None,
                actors=tuple(t for t in (name_tokens(a) for a in m.actors) if t),
                countries=m.countries,
                status=m.status,
                what=m.what,
                mentions=ms,
                reports=frozenset([_report(x) for x in ms]),
            )
        )
    return out
