"""Calendar arithmetic for the temporal resolver (pure functions, no text handling).

Everything here works on :class:`datetime.date` and returns ISO prefixes with a
:class:`~bilat.model.Precision`, so the resolvers only have to decide *which* interval an
expression denotes.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from bilat.model import Precision

Resolution = tuple[str | None, Precision | None]
UNRESOLVED: Resolution = (None, None)

_PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


def parse_iso_day(value: str | None) -> date | None:
    """``"2024-09-13"`` (optionally followed by a time) -> date; anything else -> None."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def day_value(day: date) -> Resolution:
    return day.isoformat(), Precision.DAY


def month_value(year: int, month: int) -> Resolution:
    if not 1 <= year <= 9999:
        return UNRESOLVED
    return f"{year:04d}-{month:02d}", Precision.MONTH


def year_value(year: int) -> Resolution:
    if not 1 <= year <= 9999:
        return UNRESOLVED
    return f"{year:04d}", Precision.YEAR


def shift_days(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def shift_years(day: date, years: int) -> date | None:
    """Same calendar day ``years`` later (29 February falls back to the 28th)."""
    year = day.year + years
    if not 1 <= year <= 9999:
        return None
    last_day = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last_day))


def shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def latest_weekday_on_or_before(anchor: date, weekday: int) -> date | None:
    """The most recent ``weekday`` (0 = Monday) on or before ``anchor``, anchor included."""
    return shift_days(anchor, -((anchor.weekday() - weekday) % 7))


def next_weekday_on_or_after(anchor: date, weekday: int) -> date | None:
    return shift_days(anchor, (weekday - anchor.weekday()) % 7)


def week_bounds(day: date) -> tuple[date, date] | None:
    """Monday and Sunday of the week containing ``day`` (news weeks run Monday-Sunday)."""
    monday = shift_days(day, -day.weekday())
    sunday = shift_days(day, 6 - day.weekday())
    if monday is None or sunday is None:
        return None
    return monday, sunday


def interval_value(first: date, last: date, finest: Precision = Precision.DAY) -> Resolution:
    """The most precise ISO prefix shared by every day of ``[first, last]``.

    A week that lies inside one month is that month; one that straddles two months is
    only known to the year; one that straddles New Year has no common prefix at all.
    ``finest`` caps the precision (a week is never reported as a single day).
    """
    if first == last and _PRECISION_RANK[finest] >= _PRECISION_RANK[Precision.DAY]:
        return day_value(first)
    if (first.year, first.month) == (last.year, last.month) and _PRECISION_RANK[finest] >= 1:
        return month_value(first.year, first.month)
    if first.year == last.year:
        return year_value(first.year)
    return UNRESOLVED


def week_value(first: date, last: date) -> Resolution:
    """The month a span of a week's days is reported under: the one that holds most of its
    days. "Last week" in news tells of a day in it, most likely in that month (Monday 25
    November to Sunday 1 December is November); an even split is only known to its year,
    or not at all across New Year."""
    if (first.year, first.month) == (last.year, last.month):
        return month_value(first.year, first.month)
    days = (last - first).days + 1
    in_first_month = (date(last.year, last.month, 1) - first).days
    if 2 * in_first_month > days:
        return month_value(first.year, first.month)
    if 2 * in_first_month < days:
        return month_value(last.year, last.month)
    return interval_value(first, last, finest=Precision.MONTH)


def season_bounds(first_month: int, months: int, year: int) -> tuple[date, date]:
    """Days of a season of ``months`` months that begins in ``first_month`` of ``year``
    (a winter of 2024 runs from December 2024 to February 2025)."""
    end_year, end_month = shift_months(year, first_month, months - 1)
    last_day = calendar.monthrange(end_year, end_month)[1]
    return date(year, first_month, 1), date(end_year, end_month, last_day)


def season_year(first_month: int, months: int, start_year: int) -> int:
    """The year a season is reported under: the one that holds most of its months (a
    winter belongs to the year of its January and February, two of its three months)."""
    months_next_year = max(0, first_month + months - 1 - 12)
    return start_year + 1 if 2 * months_next_year > months else start_year
