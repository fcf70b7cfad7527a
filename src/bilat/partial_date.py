"""Partial dates: ISO prefixes at the precision the text supports (``2024``, ``2024-06``,
``2024-06-19``). The one home of their arithmetic, used by extraction, merge and store.

A partial date denotes an interval of days: ``2024-06`` is some day of June 2024. Two
partial dates are *compatible* when one refines the other; a date is *coarsened* to a
precision by cutting its prefix; its *span* is its first and last day; its *bounds* are
the same as strings for indexed comparison in a database.

Written here rather than taken from a library: dateparser and python-dateutil parse full
dates, and none of them models a date known only to its month or year as an interval.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from bilat.model import Precision

_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PARTS_OF = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}
_PRECISION_OF = {1: Precision.YEAR, 2: Precision.MONTH, 3: Precision.DAY}


def parts(value: str | None) -> tuple[str, ...]:
    """``"2019-04-25"`` -> ``("2019", "04", "25")``; ``()`` for no date or a value that is
    not an ISO prefix."""
    match = _ISO_PREFIX.match(value.strip()) if value else None
    if match is None:
        return ()
    return tuple(p for p in match.groups() if p is not None)


def rank(value: str | None) -> int:
    """0 for no date, 1 a year, 2 a month, 3 a day: more is finer."""
    return len(parts(value))


def precision_of(value: str | None) -> Precision | None:
    """The :class:`Precision` of an ISO prefix, None for no date."""
    return _PRECISION_OF.get(rank(value))


def compatible(a: str | None, b: str | None) -> bool:
    """One refines the other ("2019" and "2019-04-25" are, "2019-04-25" and "2019-04-26"
    are not). A missing date is compatible with anything."""
    if a is None or b is None:
        return True
    pa, pb = parts(a), parts(b)
    n = min(len(pa), len(pb))
    return pa[:n] == pb[:n]


def coarsen(value: str, to: Precision) -> str:
    """``value`` cut to at most ``to``'s precision: ``coarsen("2024-06-19", MONTH)`` is
    ``2024-06``."""
    return "-".join(parts(value)[: _PARTS_OF[to]])


def span(value: str) -> tuple[date, date]:
    """First and last calendar day covered. Raises ValueError when ``value`` is no date."""
    p = [int(x) for x in parts(value)]
    if not p:
        raise ValueError(f"not an ISO date prefix: {value!r}")
    if len(p) == 1:
        return date(p[0], 1, 1), date(p[0], 12, 31)
    if len(p) == 2:
        return date(p[0], p[1], 1), date(p[0], p[1], calendar.monthrange(p[0], p[1])[1])
    day = date(p[0], p[1], p[2])
    return day, day


def first_day(value: str) -> date | None:
    """First calendar day covered (``"2019-04"`` -> 2019-04-01); None if no valid date."""
    try:
        return span(value)[0]
    except ValueError:
        return None


def lower_bound(value: str | None) -> str | None:
    """First day ``value`` can denote, as a string: ``2024`` -> ``2024-01-01``."""
    p = parts(value)
    if not p:
        return None
    return f"{p[0]}-{p[1] if len(p) > 1 else '01'}-{p[2] if len(p) > 2 else '01'}"


def upper_bound(value: str | None) -> str | None:
    """Last day ``value`` can denote, as a string compared only with other such strings:
    ``2024-06`` -> ``2024-06-31``. Day "31" stands for "the last day" of every month, so the
    bound needs no calendar and sorts after every real day of the month."""
    p = parts(value)
    if not p:
        return None
    return f"{p[0]}-{p[1] if len(p) > 1 else '12'}-{p[2] if len(p) > 2 else '31'}"


def month_of(value: str | None) -> str | None:
    """``YYYY-MM`` when ``value`` has a month, else None (year-only or undated)."""
    p = parts(value)
    return f"{p[0]}-{p[1]}" if len(p) > 1 else None


def year_of(value: str | None) -> int | None:
    p = parts(value)
    return int(p[0]) if p else None
