"""Resolvers of expressions that count from an anchor day instead of naming a date.

"yesterday", "the previous day", "last week", "earlier this month", "late last year",
"last fall", "three decades ago", "two days later", "the first visit in 24 years", "the
70th anniversary". dateparser cannot calculate these the way news needs (see each
resolver), so they are calculated here, at the precision the text supports.
"""

from __future__ import annotations

import re
from datetime import date

from bilat.annotations.time.arithmetic import (
    UNRESOLVED,
    day_value,
    month_value,
    season_bounds,
    season_year,
    shift_days,
    shift_months,
    shift_years,
    week_bounds,
    week_value,
    year_value,
)
from bilat.annotations.time.context import (
    BLOCK,
    Context,
    Outcome,
    anchor_of,
    followed_by_event,
    norm,
)
from bilat.annotations.time.words import (
    APPROXIMATE,
    DISTANCE_DIRECTIONS,
    EVENT_RELATIONS,
    EXACT,
    NAMED_DAYS,
    RELATIVE_STEPS,
    SEASONS,
    parse_number,
    parse_ordinal,
)


def resolve_named_day(m: re.Match[str], ctx: Context) -> Outcome:
    """"yesterday", "the previous day", ... Deictic words count from publication,
    anaphoric ones from the reference day the text is narrating."""
    phrase = norm(m.group("x"))
    preceded_by_name = re.search(r"[A-Z][\w.]*\s+$", ctx.text[: m.start()][-20:])
    if phrase == "today" and m.group("x")[0].isupper() and preceded_by_name:
        return BLOCK  # "Russia Today", "USA Today", "China Today": a title, not a date
    anchor_kind, offset = NAMED_DAYS[phrase]
    if phrase.startswith("the day ") and followed_by_event(ctx, m.end()):
        return UNRESOLVED  # "the day before the summit": anchored on the summit
    anchor = ctx.published if anchor_kind == "published" else ctx.narrated_day
    if anchor is None:
        return UNRESOLVED
    found = shift_days(anchor, offset)
    return day_value(found) if found else UNRESOLVED


def _week_span(anchor: date, rel: str, mod: str, tense: str) -> tuple[date, date] | None:
    """The days a "week" phrase can mean. "this week" in a past clause is Monday up to
    the anchor, in a future clause the anchor up to Sunday; "earlier/later this week"
    exclude the anchor itself."""
    bounds = week_bounds(anchor)
    if bounds is None:
        return None
    monday, sunday = bounds
    step = RELATIVE_STEPS.get(rel, 0)
    if step:
        first, last = shift_days(monday, 7 * step), shift_days(sunday, 7 * step)
        return (first, last) if first and last else None
    before, after = shift_days(anchor, -1) or anchor, shift_days(anchor, 1) or anchor
    if mod == "earlier":
        return monday, max(monday, before)
    if mod == "later":
        return min(after, sunday), sunday
    if tense == "past":
        return monday, anchor
    if tense == "future":
        return anchor, sunday
    return monday, sunday


def _weekend_span(anchor: date, rel: str) -> tuple[date, date] | None:
    bounds = week_bounds(anchor)
    if bounds is None:
        return None
    sunday = shift_days(bounds[1], 7 * RELATIVE_STEPS.get(rel, 0))
    saturday = shift_days(sunday, -1) if sunday else None
    return (saturday, sunday) if saturday and sunday else None


def resolve_relative_unit(m: re.Match[str], ctx: Context) -> Outcome:
    """"last week", "earlier this week", "next month", "late last year", "the following
    year". dateparser turns "last week" into a single day seven days back; the text only
    says which week, so a week is reported as the month that holds most of its days."""
    rel = norm(m.group("rel"))
    unit = m.group("unit").lower()
    anchor = anchor_of(rel, ctx)
    if anchor is None:
        return UNRESOLVED
    if unit in {"week", "weekend"}:
        if unit == "week":
            span = _week_span(anchor, rel, norm(m.group("mod") or ""), ctx.tense)
        else:
            span = _weekend_span(anchor, rel)
        return _week_value(span, ctx)
    step = RELATIVE_STEPS.get(rel, 0)
    if unit == "month":
        return month_value(*shift_months(anchor.year, anchor.month, step))
    return year_value(anchor.year + step)


def _week_value(span: tuple[date, date] | None, ctx: Context) -> Outcome:
    if span is None:
        return UNRESOLVED
    first, last = span
    if ctx.tense == "past" and ctx.published is not None:
        # A past clause can only mean the days up to publication ("met next week" is a
        # misreading, not "some day in July").
        if first > ctx.published:
            return UNRESOLVED
        last = min(last, ctx.published)
    return week_value(first, last)


def resolve_season(m: re.Match[str], ctx: Context) -> Outcome:
    """"last fall", "this summer", "the summer of 2023" -> year (a season is reported
    under its year; winter under the year of its January)."""
    first_month, months = SEASONS[m.group("season").lower()]
    if m.groupdict().get("year"):
        return year_value(season_year(first_month, months, int(m.group("year"))))
    rel = norm(m.group("rel"))
    anchor = anchor_of(rel, ctx)
    if anchor is None:
        return UNRESOLVED
    # Season instances around the anchor, by the year they start in.
    years = range(max(1, anchor.year - 2), min(9998, anchor.year + 2))
    instances = [(y, *season_bounds(first_month, months, y)) for y in years]
    step = RELATIVE_STEPS.get(rel, 0)
    if step < 0:
        ended = [y for y, _, last in instances if last < anchor]
        found = max(ended) if ended else None
    elif step > 0:
        upcoming = [y for y, first, _ in instances if first > anchor]
        found = min(upcoming) if upcoming else None
    else:
        # "this summer": the one under way, else the one of the anchor's year.
        under_way = [y for y, first, last in instances if first <= anchor <= last]
        if not under_way:
            return year_value(anchor.year)
        found = under_way[0]
    return year_value(season_year(first_month, months, found)) if found is not None else UNRESOLVED


_UNIT_YEARS = {"year": 1, "decade": 10, "century": 100, "centurie": 100}


def resolve_count_ago(m: re.Match[str], ctx: Context) -> Outcome:
    """"three decades ago", "exactly 70 years ago", "two days later", "a year earlier".

    "ago" counts from publication, "earlier/later" from the reference day (the directions
    are ``DISTANCE_DIRECTIONS`` of the lexicon). Years and
    decades are reported as a year ("exactly N years ago" as a day), months as a month,
    weeks as the month holding most of their Monday-Sunday week, days as a day. "more than
    20 years ago" gives no year, only a bound, so it stays unresolved.
    """
    count = parse_number(m.group("n"))
    qualifier = norm(m.group("q") or "")
    unit = m.group("unit").lower().rstrip("s")
    direction = norm(m.group("dir"))
    if count is None or (qualifier and qualifier not in APPROXIMATE | EXACT):
        return UNRESOLVED
    if direction in EVENT_RELATIONS and followed_by_event(ctx, m.end()):
        return UNRESOLVED  # "three days before Putin and Trump meet": anchored on that meeting
    anchor = ctx.published if direction == "ago" else ctx.narrated_day
    if anchor is None:
        return UNRESOLVED
    sign = DISTANCE_DIRECTIONS[direction]
    if unit == "day":
        found = shift_days(anchor, sign * count)
        return day_value(found) if found else UNRESOLVED
    if unit == "week":
        day = shift_days(anchor, sign * 7 * count)
        bounds = week_bounds(day) if day else None
        return week_value(*bounds) if bounds else UNRESOLVED
    if unit == "month":
        return month_value(*shift_months(anchor.year, anchor.month, sign * count))
    years = count * _UNIT_YEARS[unit]
    if qualifier in EXACT and unit == "year":
        found = shift_years(anchor, sign * years)
        return day_value(found) if found else UNRESOLVED
    return year_value(anchor.year + sign * years)


def resolve_in_years(m: re.Match[str], ctx: Context) -> Outcome:
    """"the first visit in 24 years" -> the previous one was 24 years before publication.
    Only a future clause without "first/last/since" ("will be finished in two years")
    points forward. "in more than 20 years" is a bound, not a year."""
    count = parse_number(m.group("n"))
    if count is None or m.group("q") or ctx.published is None:
        return UNRESOLVED
    years = count * (10 if m.group("unit").lower().startswith("decade") else 1)
    looking_back = ctx.looks_back or re.search(
        r"\b(?:first|last|since)\b", ctx.text[: m.start()], re.IGNORECASE
    )
    return year_value(ctx.published.year + (-years if looking_back else years))


def resolve_anniversary(m: re.Match[str], ctx: Context) -> Outcome:
    """"the 70th anniversary of ..." -> the anniversary's event year (published - N)."""
    count = parse_ordinal(m.group("ord")) if m.group("ord") else parse_number(m.group("n"))
    if count is None or ctx.published is None:
        return UNRESOLVED
    return year_value(ctx.published.year - count)
