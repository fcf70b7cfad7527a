"""ISO-prefix dates as day intervals, so partial dates compare by overlap.

An event dated ``2024-06`` happened on some day of June 2024: it is stored as the
interval [``2024-06-01``, ``2024-06-31``] and a filter [since, until] matches it when the
two intervals overlap. Day "31" stands for "the last day" in every month: the values are
only compared as strings, never parsed, so the bound needs no calendar.
"""

from __future__ import annotations

import re

_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _parts(value: str | None) -> tuple[str, str | None, str | None] | None:
    match = _ISO_PREFIX.match(value.strip()) if value else None
    if match is None:
        return None
    year, month, day = match.groups()
    return year, month, day


def lower_bound(value: str | None) -> str | None:
    """First day ``value`` can denote: ``2024`` -> ``2024-01-01``; None if not ISO."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    return f"{year}-{month or '01'}-{day or '01'}"


def upper_bound(value: str | None) -> str | None:
    """Last day ``value`` can denote: ``2024-06`` -> ``2024-06-31``; None if not ISO."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    return f"{year}-{month or '12'}-{day or '31'}"


def month_of(value: str | None) -> str | None:
    """``YYYY-MM`` when ``value`` has a month, else None (year-only or undated)."""
    parts = _parts(value)
    if parts is None or parts[1] is None:
        return None
    return f"{parts[0]}-{parts[1]}"
