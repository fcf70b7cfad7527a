"""Resolvers of expressions that name a calendar day, month or weekday.

"June 19, 2024", "19 June", "2024-06-19", "December 2017", "June last year", "in June",
"on Tuesday", "Tuesday of last week", "on Christmas Eve". Each resolver receives its
pattern's match and the :class:`~bilat.annotations.time.context.Context` and returns an
Outcome.
"""

from __future__ import annotations

import re
from datetime import date

from bilat.annotations.time.arithmetic import (
    UNRESOLVED,
    day_value,
    latest_weekday_on_or_before,
    month_value,
    next_weekday_on_or_after,
    shift_days,
    week_bounds,
)
from bilat.annotations.time.context import (
    BLOCK,
    IGNORE,
    Context,
    Outcome,
    anchor_of,
    norm,
    spelled_day,
    year_less_day,
    year_of_month,
)
from bilat.annotations.time.words import (
    FIXED_HOLIDAYS,
    RELATIVE_STEPS,
    WEEKDAY_AHEAD,
    WEEKDAY_BACK,
    WEEKDAYS,
    alternation,
    month_number,
)
from bilat.lang import lexicon


def resolve_iso(m: re.Match[str], ctx: Context) -> Outcome:
    try:
        return day_value(date.fromisoformat(m.group("x")))
    except ValueError:
        return BLOCK


def resolve_day_month(m: re.Match[str], ctx: Context) -> Outcome:
    """"June 19, 2024", "19 June 2024", "Dec. 6", "May 26-27", "from 7 to 11 May",
    "between October 8 and 13": a multi-day span takes its first day."""
    day = re.sub(r"(?:st|nd|rd|th)$", "", m.group("day"))
    token = m.group("month")
    if m.group("year"):
        found = spelled_day(day, token, int(m.group("year")), ctx)
        return day_value(found) if found else BLOCK
    return year_less_day(day, token, ctx)


def resolve_holiday(m: re.Match[str], ctx: Context) -> Outcome:
    """"on Christmas Eve", "New Year's Day 2019": the calendar day the named day falls on,
    in the year given or, without one, the year the tense points to (like "December 24")."""
    name = re.sub(r"\s+", " ", m.group("holiday")).replace("’", "'")
    month_token, day = FIXED_HOLIDAYS[name]
    if m.group("year"):
        found = spelled_day(day, month_token, int(m.group("year")), ctx)
        return day_value(found) if found else BLOCK
    return year_less_day(day, month_token, ctx)


def resolve_month_year(m: re.Match[str], ctx: Context) -> Outcome:
    """"December 2017", "late April 2019", "mid-July 2024": a span takes its month."""
    month = month_number(m.group("month"))
    return month_value(int(m.group("year")), month) if month else BLOCK


def resolve_month_relative_year(m: re.Match[str], ctx: Context) -> Outcome:
    """"June last year", "October the previous year"."""
    month = month_number(m.group("month"))
    rel = norm(m.group("rel"))
    anchor = anchor_of(rel, ctx)
    if month is None or anchor is None:
        return UNRESOLVED
    return month_value(anchor.year + RELATIVE_STEPS.get(rel, 0), month)


_MONTH_CUES = lexicon().ordered("MONTH_CUES")
_MONTH_CUE = re.compile(r"\b(?:" + alternation(_MONTH_CUES) + r")\s+$", re.IGNORECASE)
# how far before a month its cue is looked for: the longest cue, one space, and the
# character before the cue (its word boundary)
_MONTH_CUE_REACH = max(map(len, _MONTH_CUES)) + 2


def resolve_month(m: re.Match[str], ctx: Context) -> Outcome:
    """Year-less month: "in June", "This June", "In mid-July", "last April".

    A bare capitalised month needs a cue (a preposition or modifier) to count: this is
    what keeps "May" the modal and "March" the verb out.
    """
    mod = m.group("mod")
    before = ctx.text[max(0, m.start() - _MONTH_CUE_REACH) : m.start()]
    if not mod and not _MONTH_CUE.search(before):
        return IGNORE
    month = month_number(m.group("month"))
    if month is None:
        return BLOCK
    rel = norm(mod) if mod and norm(mod) in {"last", "this", "next"} else None
    year = year_of_month(month, ctx, rel)
    return month_value(year, month) if year is not None else UNRESOLVED


_HOLIDAY_WORDS = lexicon().ordered("WEEKDAY_HOLIDAY_WORDS")
_HOLIDAY_BEFORE = re.compile(r"\b(?:" + alternation(_HOLIDAY_WORDS) + r")\s+$")
# how far before a weekday a holiday's word is looked for ("Maundy Thursday"): the longest
# word, up to three spaces, and the character before the word (its word boundary)
_HOLIDAY_REACH = max(map(len, _HOLIDAY_WORDS)) + 4


def resolve_weekday(m: re.Match[str], ctx: Context) -> Outcome:
    """"on Tuesday", "left Monday", "early Thursday", "last Friday", "next Tuesday".

    dateparser reads "Tuesday" as the coming or past Tuesday depending on a global
    preference and cannot tell a future clause from a past one; news needs the clause's
    tense: past -> latest such day on or before publication (the publication day itself
    if it is that weekday), future -> next on or after. "last" is strictly before,
    "next" strictly after.
    """
    if _HOLIDAY_BEFORE.search(ctx.text[max(0, m.start() - _HOLIDAY_REACH) : m.start()]):
        return BLOCK
    if ctx.published is None:
        return UNRESOLVED
    weekday = WEEKDAYS[m.group("weekday")]
    if m.group("week"):
        found = _weekday_of_week(weekday, norm(m.group("week")), ctx)
    else:
        found = _weekday_near(weekday, norm(m.group("rel") or ""), ctx, ctx.published)
    return day_value(found) if found else UNRESOLVED


def _weekday_of_week(weekday: int, week: str, ctx: Context) -> date | None:
    """ "Tuesday of last week", "on Monday next week": that weekday of that week."""
    anchor = anchor_of(week, ctx)
    bounds = week_bounds(anchor) if anchor else None
    shift = 7 * RELATIVE_STEPS.get(week, 0)
    return shift_days(bounds[0], shift + weekday) if bounds else None


def _weekday_near(weekday: int, rel: str, ctx: Context, published: date) -> date | None:
    if rel.startswith("the "):
        # "the previous Sunday", "the following Monday": counted from the narrated day.
        published = ctx.narrated_day or published
    if rel in WEEKDAY_BACK:
        day = shift_days(published, -1)
        return latest_weekday_on_or_before(day, weekday) if day else None
    if rel in WEEKDAY_AHEAD:
        day = shift_days(published, 1)
        return next_weekday_on_or_after(day, weekday) if day else None
    if ctx.looks_back:
        return latest_weekday_on_or_before(published, weekday)
    return next_weekday_on_or_after(published, weekday)
