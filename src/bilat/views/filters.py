"""The filters of every event list, checked once for the CLI and the web alike: ``bilat
timeline --country XYZ`` is refused as ``/api/events?country=XYZ`` is, with a fix that
says what was wrong with that value.

:func:`event_filter` turns the raw values (as typed or as sent) into the store's
:class:`~bilat.store.base.EventFilter`, or raises :class:`~bilat.errors.InvalidQuery`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

from bilat.errors import InvalidQuery
from bilat.knowledge.kb import load_kb
from bilat.model import EventType, Status
from bilat.store.base import EventFilter

ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
ISO3 = re.compile(r"[A-Z]{3}")
SORTS = ("date", "-date", "sources", "-sources")
MAX_TEXT = 200  # characters of a name or of search words

DATE_FIX = ("A date is an ISO prefix: a year (2024), a month (2024-06) or a day (2024-06-19); "
            "give e.g. --since 2024-06 or ?since=2024-06.")
COUNTRY_FIX = ("A state is its ISO 3166-1 alpha-3 code, e.g. RUS, PRK, CHN, USA; give one, or "
               "two for a pair (--country RUS --country PRK, or ?country=RUS,PRK).")
TYPE_FIX = f"The event types are {', '.join(t.value for t in EventType)}."
STATUS_FIX = f"The statuses are {', '.join(s.value for s in Status)}."
SORT_FIX = "Sort by date or sources, newest or most first with a minus: " + ", ".join(SORTS) + "."


def event_filter(*, actor: str | None = None, countries: Iterable[str] = (),
                 type: str | None = None, status: str | None = None, since: str | None = None,
                 until: str | None = None, q: str | None = None,
                 location: str | None = None,
                 known_countries: Collection[str] | None = None) -> EventFilter:  # fmt: skip
    """The checked filter. ``known_countries`` (default: the knowledge base's states) are
    the codes an event can carry: any other code can match nothing, so it is refused."""
    return EventFilter(
        actor=clean_text(actor),
        countries=parse_countries(countries, known_countries),
        type=_member(type, EventType, "type", "an event type", TYPE_FIX, upper=True),
        status=_member(status, Status, "status", "a status", STATUS_FIX, upper=False),
        since=date_prefix(since, "since"),
        until=date_prefix(until, "until"),
        q=clean_text(q),
        location=clean_text(location),
    )


def parse_countries(values: Iterable[str],
                    known: Collection[str] | None = None) -> tuple[str, ...]:  # fmt: skip
    """One ISO-3 code or a pair, from values that may each hold "A,B"."""
    codes = [c.strip().upper() for v in values for c in v.split(",") if c.strip()]
    malformed = [c for c in codes if not ISO3.fullmatch(c)]
    if malformed:
        raise InvalidQuery(f"country {malformed[0]!r} is not an ISO-3 code.", fix=COUNTRY_FIX)
    known = known if known is not None else load_kb().countries
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InvalidQuery(f"country {unknown[0]!r} is no state bilat knows.", fix=COUNTRY_FIX)
    unique = tuple(dict.fromkeys(codes))
    if len(unique) > 2:
        raise InvalidQuery(f"country takes one code or a pair, got {len(unique)}.",
                           fix=COUNTRY_FIX)
    return unique


def date_prefix(value: str | None, label: str) -> str | None:
    if value is None or not value.strip():
        return None
    if not ISO_PREFIX.fullmatch(value.strip()):
        raise InvalidQuery(f"{label}={value!r} is not a date.", fix=DATE_FIX)
    return value.strip()


def check_sort(sort: str) -> str:
    if sort not in SORTS:
        raise InvalidQuery(f"sort={sort!r} is not a sort order.", fix=SORT_FIX)
    return sort


def check_limit(limit: int | None) -> int | None:
    if limit is not None and limit < 1:
        raise InvalidQuery(f"limit={limit} must be 1 or more.",
                           fix="Give a positive --limit, or none for every event.")
    return limit


def clean_text(text: str | None) -> str | None:
    """Free text with control characters (a NUL cannot be stored in PostgreSQL text) and
    surrounding blanks dropped; None when nothing is left. Refused when too long."""
    if text is None:
        return None
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()
    if len(text) > MAX_TEXT:
        raise InvalidQuery(f"{len(text)} characters of text; at most {MAX_TEXT} are taken.",
                           fix="Shorten the name or the search words.")
    return text or None


def _member(value: str | None, enum: type[EventType] | type[Status], label: str, noun: str,
            fix: str, *, upper: bool) -> str | None:  # fmt: skip
    if value is None or not value.strip():
        return None
    text = value.strip().upper() if upper else value.strip().lower()
    if text not in {m.value for m in enum}:
        raise InvalidQuery(f"{label}={value!r} is not {noun}.", fix=fix)
    return text
