"""Temporal expressions: find them in a sentence and resolve them to ISO dates.

The resolver turns what a news sentence says about *when* into an ISO prefix at the
precision the text supports (``2024-09-13`` day, ``2019-04`` month, ``2017`` year), never
more precise. Three things anchor the resolution:

* ``published``: the document's publication date; deictic words ("yesterday", "last
  week", "on Tuesday", "three decades ago") count from it;
* ``tense`` of the clause the caller cares about: "on Tuesday" in a past clause is the
  latest Tuesday on or before publication, in a future clause the next one on or after;
* ``reference``: the day the text is narrating at that point ("state media reported
  Wednesday ... talks took place the previous day"); anaphoric phrases ("the previous
  day", "two days later", "the same day") count from it. Defaults to ``published``.

Recognition is a set of compiled regular expressions (one per kind of expression); every
kind finds its candidates, the longest non-overlapping candidates win. dateparser is used
for what it is good at, turning an absolute day-month-year in any spelling ("Sept. 4,
2017", "19th June 2024") into a date; everything relative is calculated here because
dateparser cannot do it the way news needs (see the comments at each resolver).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal

import dateparser

from bilat import partial_date
from bilat.annotations._time_calendar import (
    SEASONS,
    UNRESOLVED,
    Resolution,
    day_value,
    interval_value,
    latest_weekday_on_or_before,
    month_value,
    next_weekday_on_or_after,
    parse_iso_day,
    season_bounds,
    season_year,
    shift_days,
    shift_months,
    shift_years,
    week_bounds,
    year_value,
)
from bilat.annotations._time_words import (
    MONTH_RE,
    NUMBER_RE,
    ORDINAL_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    month_number,
    parse_number,
    parse_ordinal,
)
from bilat.model import Precision, TimeExpression

__all__ = ["find_time_expressions", "resolve_expression"]

# A resolver either resolves its match, or says the match is not a date at all ("BLOCK":
# "2025-2027" is a plan period, so no shorter reading such as the year 2025 may be taken
# from it), or says the pattern fired without the context it needs ("IGNORE").
BLOCK: Literal["block"] = "block"
IGNORE: Literal["ignore"] = "ignore"
Outcome = Resolution | Literal["block", "ignore"]


@dataclass(frozen=True)
class _Context:
    published: date | None
    reference: date | None
    tense: str
    text: str

    @property
    def looks_back(self) -> bool:
        """Present-tense clauses are resolved like past ones ("is in Pyongyang on Monday"
        reports a visit under way): only an explicit "next" points forward."""
        return self.tense != "future"


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    resolution: Resolution
    keep: bool = True


# --------------------------------------------------------------------------- fragments

_CI = "(?i:{})".format  # case-insensitive group for function words; names stay case-sensitive

# 1-31, not part of a longer number ("25,000 tonnes", "1,500 troops").
_DAY = r"(?<![\d,.:/])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)(?!,\d)"
# A four-digit year, not part of a range ("2019-2020"), a decade ("1950s") or a number.
_YEAR = r"(?<![\d,.$£€])(?:1[89]\d\d|20\d\d)(?!\d)(?!,\d)(?![.]\d)(?!['’]?s\b)(?!\s*[-–/]\s*\d)"
_RANGE_SEP = r"\s*(?:-|–|—|\bto\b|\bthrough\b|\buntil\b|\btill\b|\band\b|\bor\b)\s*"
_MOD = _CI(
    r"early|mid|late|the\s+(?:end|beginning|start|middle)\s+of|end|beginning|start"
)
_REL_YEAR = _CI(r"last|this|next|the\s+previous|the\s+following|the\s+same")


# --------------------------------------------------------------------------- dateparser


@lru_cache(maxsize=64)
def _dateparser_settings(published: date | None, tense: str) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "future" if tense == "future" else "past",
        "PREFER_DAY_OF_MONTH": "first",
        "STRICT_PARSING": True,
    }
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return settings


@lru_cache(maxsize=4096)
def _parse_absolute(spelled: str, published: date | None, tense: str) -> date | None:
    """A complete day-month-year in any English spelling -> date (None if impossible,
    e.g. "29 Feb 2019"). Only ever called on strings the regexes already matched."""
    parsed = dateparser.parse(
        spelled, languages=["en"], settings=_dateparser_settings(published, tense)
    )
    return parsed.date() if parsed is not None else None


def _spelled_day(day: str, month_token: str, year: int, ctx: _Context) -> date | None:
    return _parse_absolute(f"{day} {month_token} {year}", ctx.published, ctx.tense)


# --------------------------------------------------------------------------- helpers


def _year_of_month(month: int, ctx: _Context, rel: str | None = None) -> int | None:
    """Which year a year-less month belongs to.

    Past (and present): the latest such month on or before publication ("in April" in a
    July article is this April). Future: the next one on or after. "last April" is
    strictly before the publication month, "next April" strictly after, "this April"
    the publication year.
    """
    if ctx.published is None:
        return None
    year, current = ctx.published.year, ctx.published.month
    rel = (rel or "").lower()
    if rel == "this":
        return year
    if rel == "last":
        return year if month < current else year - 1
    if rel == "next":
        return year if month > current else year + 1
    if ctx.looks_back:
        return year if month <= current else year - 1
    return year if month >= current else year + 1


def _year_less_day(day: str, month_token: str, ctx: _Context) -> Resolution:
    """"June 4" / "9 May" without a year, resolved by tense against publication.

    dateparser's PREFER_DATES_FROM="future" skips the publication day itself ("July 2"
    read on 2 July becomes next year), so the year is chosen here: the latest such day on
    or before publication in a past clause, the next on or after in a future one.
    """
    published = ctx.published
    if published is None:
        return UNRESOLVED
    step = -1 if ctx.looks_back else 1
    # Several candidate years only matter for 29 February.
    for distance in range(0, 9):
        year = published.year + step * distance
        found = _spelled_day(day, month_token, year, ctx)
        if found is None:
            continue
        if (step < 0 and found <= published) or (step > 0 and found >= published):
            return day_value(found)
    return UNRESOLVED


def _reference(ctx: _Context) -> date | None:
    return ctx.reference or ctx.published


def _followed_by_event(ctx: _Context, end: int) -> bool:
    """"two days before the summit" counts from the summit, not from the narrative day:
    a noun phrase right after "before/after" means we do not know the anchor."""
    rest = ctx.text[end:]
    return not re.match(
        r"\s*(?:$|[.,;:!?)\"'’”—–-]|(?:and|but|when|while|in|at|on|to|as|with|for|during|"
        r"of|from|amid|after|before|since)\b)",
        rest,
        re.IGNORECASE,
    )


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.strip().lower()).replace("’", "'")


# --------------------------------------------------------------------------- resolvers
# Each resolver receives the match and the context and returns an Outcome.


def _resolve_iso(m: re.Match[str], ctx: _Context) -> Outcome:
    try:
        return day_value(date.fromisoformat(m.group("x")))
    except ValueError:
        return BLOCK


def _resolve_day_month(m: re.Match[str], ctx: _Context) -> Outcome:
    """"June 19, 2024", "19 June 2024", "Dec. 6", "May 26-27", "from 7 to 11 May",
    "between October 8 and 13": a multi-day span takes its first day."""
    day = re.sub(r"(?:st|nd|rd|th)$", "", m.group("day"))
    token = m.group("month")
    if m.group("year"):
        found = _spelled_day(day, token, int(m.group("year")), ctx)
        return day_value(found) if found else BLOCK
    return _year_less_day(day, token, ctx)


def _resolve_month_year(m: re.Match[str], ctx: _Context) -> Outcome:
    """"December 2017", "late April 2019", "mid-July 2024": a span takes its month."""
    month = month_number(m.group("month"))
    return month_value(int(m.group("year")), month) if month else BLOCK


def _resolve_month_relative_year(m: re.Match[str], ctx: _Context) -> Outcome:
    """"June last year", "October the previous year"."""
    month = month_number(m.group("month"))
    rel = _norm(m.group("rel"))
    anchor = _reference(ctx) if rel.startswith("the") else ctx.published
    if month is None or anchor is None:
        return UNRESOLVED
    delta = {"last": -1, "the previous": -1, "next": 1, "the following": 1}.get(rel, 0)
    return month_value(anchor.year + delta, month)


_MONTH_CUE = re.compile(
    r"\b(?:in|since|until|till|by|during|from|through|throughout|before|after|between|"
    r"for|as of)\s+$",
    re.IGNORECASE,
)


def _resolve_month(m: re.Match[str], ctx: _Context) -> Outcome:
    """Year-less month: "in June", "This June", "In mid-July", "last April".

    A bare capitalised month needs a cue (a preposition or modifier) to count: this is
    what keeps "May" the modal and "March" the verb out.
    """
    mod = m.group("mod")
    if not mod and not _MONTH_CUE.search(ctx.text[max(0, m.start() - 12) : m.start()]):
        return IGNORE
    month = month_number(m.group("month"))
    if month is None:
        return BLOCK
    rel = _norm(mod) if mod and _norm(mod) in {"last", "this", "next"} else None
    year = _year_of_month(month, ctx, rel)
    return month_value(year, month) if year is not None else UNRESOLVED


_HOLIDAY_BEFORE = re.compile(
    r"\b(?:Good|Black|Super|Ash|Palm|Holy|Easter|Cyber|Bloody|Maundy|Blue)\s+$"
)


def _resolve_weekday(m: re.Match[str], ctx: _Context) -> Outcome:
    """"on Tuesday", "left Monday", "early Thursday", "last Friday", "next Tuesday".

    dateparser reads "Tuesday" as the coming or past Tuesday depending on a global
    preference and cannot tell a future clause from a past one; news needs the clause's
    tense: past -> latest such day on or before publication (the publication day itself
    if it is that weekday), future -> next on or after. "last" is strictly before,
    "next" strictly after.
    """
    if _HOLIDAY_BEFORE.search(ctx.text[max(0, m.start() - 10) : m.start()]):
        return BLOCK
    published = ctx.published
    if published is None:
        return UNRESOLVED
    weekday = WEEKDAYS[m.group("weekday")]
    rel = _norm(m.group("rel") or "")
    if m.group("week"):
        # "Tuesday of last week", "on Monday next week": that weekday of that week.
        week = _norm(m.group("week"))
        anchor = _reference(ctx) if week.startswith("the") else published
        bounds = week_bounds(anchor) if anchor else None
        shift = {"last": -7, "the previous": -7, "next": 7, "the following": 7}.get(week, 0)
        found = shift_days(bounds[0], shift + weekday) if bounds else None
        return day_value(found) if found else UNRESOLVED
    if rel.startswith("the "):
        # "the previous Sunday", "the following Monday": counted from the narrated day.
        published = _reference(ctx) or published
    if rel in {"last", "past", "the previous"}:
        day = shift_days(published, -1)
        found = latest_weekday_on_or_before(day, weekday) if day else None
    elif rel in {"next", "coming", "the following"}:
        day = shift_days(published, 1)
        found = next_weekday_on_or_after(day, weekday) if day else None
    elif ctx.looks_back:
        found = latest_weekday_on_or_before(published, weekday)
    else:
        found = next_weekday_on_or_after(published, weekday)
    return day_value(found) if found else UNRESOLVED


# phrase -> (anchored on "published" or "reference", offset in days)
_NAMED_DAYS: dict[str, tuple[str, int]] = {
    "today": ("published", 0),
    "tonight": ("published", 0),
    "this morning": ("published", 0),
    "this afternoon": ("published", 0),
    "this evening": ("published", 0),
    "earlier today": ("published", 0),
    "later today": ("published", 0),
    "yesterday": ("published", -1),
    "last night": ("published", -1),
    "tomorrow": ("published", 1),
    "earlier in the day": ("reference", 0),
    "later in the day": ("reference", 0),
    "earlier that day": ("reference", 0),
    "later that day": ("reference", 0),
    "the same day": ("reference", 0),
    "that same day": ("reference", 0),
    "on the same day": ("reference", 0),
    "on that same day": ("reference", 0),
    "the previous day": ("reference", -1),
    "the previous evening": ("reference", -1),
    "the previous night": ("reference", -1),
    "the day before": ("reference", -1),
    "the next day": ("reference", 1),
    "the next morning": ("reference", 1),
    "the following day": ("reference", 1),
    "the following morning": ("reference", 1),
    "the day after": ("reference", 1),
}


def _resolve_named_day(m: re.Match[str], ctx: _Context) -> Outcome:
    """"yesterday", "the previous day", ... Deictic words count from publication,
    anaphoric ones from the reference day the text is narrating."""
    phrase = _norm(m.group("x"))
    preceded_by_name = re.search(r"[A-Z][\w.]*\s+$", ctx.text[: m.start()][-20:])
    if phrase == "today" and m.group("x")[0].isupper() and preceded_by_name:
        return BLOCK  # "Russia Today", "USA Today", "China Today": a title, not a date
    anchor_kind, offset = _NAMED_DAYS[phrase]
    if phrase.startswith("the day ") and _followed_by_event(ctx, m.end()):
        return UNRESOLVED  # "the day before the summit": anchored on the summit
    anchor = ctx.published if anchor_kind == "published" else _reference(ctx)
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
    shift = {"last": -7, "the previous": -7, "next": 7, "the following": 7}.get(rel)
    if shift is not None:
        first, last = shift_days(monday, shift), shift_days(sunday, shift)
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
    shift = {"last": -7, "the previous": -7, "next": 7, "the following": 7}.get(rel, 0)
    sunday = shift_days(bounds[1], shift)
    saturday = shift_days(sunday, -1) if sunday else None
    return (saturday, sunday) if saturday and sunday else None


def _resolve_relative_unit(m: re.Match[str], ctx: _Context) -> Outcome:
    """"last week", "earlier this week", "next month", "late last year", "the following
    year". dateparser turns "last week" into a single day seven days back; the text only
    says which week, so a week is reported at the precision all its days share (month if
    the Monday-Sunday week lies in one month, else year)."""
    rel = _norm(m.group("rel"))
    mod = _norm(m.group("mod") or "")
    unit = m.group("unit").lower()
    anchor = _reference(ctx) if rel.startswith("the") else ctx.published
    if anchor is None:
        return UNRESOLVED
    if unit in {"week", "weekend"}:
        if unit == "week":
            span = _week_span(anchor, rel, mod, ctx.tense)
        else:
            span = _weekend_span(anchor, rel)
        if span is None:
            return UNRESOLVED
        first, last = span
        if ctx.tense == "past" and ctx.published is not None:
            # A past clause can only mean the days up to publication ("met next week"
            # is a misreading, not "some day in July").
            if first > ctx.published:
                return UNRESOLVED
            last = min(last, ctx.published)
        return interval_value(first, last, finest=Precision.MONTH)
    delta = {"last": -1, "the previous": -1, "next": 1, "the following": 1}.get(rel, 0)
    if unit == "month":
        year, month = shift_months(anchor.year, anchor.month, delta)
        return month_value(year, month)
    return year_value(anchor.year + delta)


def _resolve_season(m: re.Match[str], ctx: _Context) -> Outcome:
    """"last fall", "this summer", "the summer of 2023" -> year (a season is reported
    under its year; winter under the year of its January)."""
    season = m.group("season").lower()
    if m.groupdict().get("year"):
        return year_value(season_year(season, int(m.group("year"))))
    rel = _norm(m.group("rel"))
    anchor = _reference(ctx) if rel.startswith("the") else ctx.published
    if anchor is None:
        return UNRESOLVED
    # Season instances around the anchor, by the year they start in.
    years = range(max(1, anchor.year - 2), min(9998, anchor.year + 2))
    instances = [(y, *season_bounds(season, y)) for y in years]
    if rel in {"last", "the previous"}:
        ended = [y for y, _, last in instances if last < anchor]
        return year_value(season_year(season, max(ended))) if ended else UNRESOLVED
    if rel in {"next", "the following"}:
        upcoming = [y for y, first, _ in instances if first > anchor]
        return year_value(season_year(season, min(upcoming))) if upcoming else UNRESOLVED
    # "this summer": the one under way, else the one of the anchor's year.
    for y, first, last in instances:
        if first <= anchor <= last:
            return year_value(season_year(season, y))
    return year_value(anchor.year)


_APPROXIMATE = {"about", "some", "around", "nearly", "almost", "roughly"}
_EXACT = {"exactly", "precisely"}


def _resolve_count_ago(m: re.Match[str], ctx: _Context) -> Outcome:
    """"three decades ago", "exactly 70 years ago", "two days later", "a year earlier".

    "ago" counts from publication, "earlier/later" from the reference day. Years and
    decades are reported as a year ("exactly N years ago" as a day), months as a month,
    weeks at the precision their Monday-Sunday week supports, days as a day. "more than
    20 years ago" gives no year, only a bound, so it stays unresolved.
    """
    count = parse_number(m.group("n"))
    qualifier = _norm(m.group("q") or "")
    unit = m.group("unit").lower().rstrip("s")
    direction = m.group("dir").lower()
    if count is None or (qualifier and qualifier not in _APPROXIMATE | _EXACT):
        return UNRESOLVED
    if direction in {"before", "after"} and _followed_by_event(ctx, m.end()):
        return UNRESOLVED  # "three days before Putin and Trump meet": anchored on that meeting
    anchor = ctx.published if direction == "ago" else _reference(ctx)
    if anchor is None:
        return UNRESOLVED
    sign = 1 if direction in {"later", "after"} else -1
    if unit == "day":
        found = shift_days(anchor, sign * count)
        return day_value(found) if found else UNRESOLVED
    if unit == "week":
        day = shift_days(anchor, sign * 7 * count)
        bounds = week_bounds(day) if day else None
        return interval_value(*bounds, finest=Precision.MONTH) if bounds else UNRESOLVED
    if unit == "month":
        return month_value(*shift_months(anchor.year, anchor.month, sign * count))
    years = count * {"year": 1, "decade": 10, "century": 100, "centurie": 100}[unit]
    if qualifier in _EXACT and unit == "year":
        found = shift_years(anchor, sign * years)
        return day_value(found) if found else UNRESOLVED
    return year_value(anchor.year + sign * years)


def _resolve_in_years(m: re.Match[str], ctx: _Context) -> Outcome:
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


def _resolve_anniversary(m: re.Match[str], ctx: _Context) -> Outcome:
    """"the 70th anniversary of ..." -> the anniversary's event year (published - N)."""
    count = parse_ordinal(m.group("ord")) if m.group("ord") else parse_number(m.group("n"))
    if count is None or ctx.published is None:
        return UNRESOLVED
    return year_value(ctx.published.year - count)


def _block(m: re.Match[str], ctx: _Context) -> Outcome:
    return BLOCK


# --------------------------------------------------------------------------- patterns

_Resolver = Callable[[re.Match[str], _Context], Outcome]

_RECOGNIZERS: tuple[tuple[re.Pattern[str], _Resolver], ...] = tuple(
    (re.compile(pattern), resolver)
    for pattern, resolver in (
        # Not dates: plan periods and ranges ("2025-2027", "1950-53", "2019/20"), decades.
        (r"(?<![\d,.])(?P<x>(?:1[89]|20)\d\d\s*[-–/]\s*\d{2,4})(?![\d-])", _block),
        (
            r"\b(?P<x>(?:" + _CI("the") + r"\s+)?(?:" + _MOD + r"[\s-]+)?"
            r"(?:1[89]|20)\d0['’]?s)\b",
            _block,
        ),
        (r"(?<![\d-])(?P<x>(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\d-])", _resolve_iso),
        # Month Day[-Day][, Year]: "June 19, 2024", "Sept. 18-20", "between October 8 and 13";
        # a weekday in front ("Tuesday, Nov. 12") is part of the date, the date decides
        (
            r"(?P<x>(?:" + _CI(r"between|from") + r"\s+)?(?:" + WEEKDAY_RE + r",?\s+)?"
            r"(?P<month>" + MONTH_RE + r")\s+"
            r"(?P<day>" + _DAY + r")(?:" + _RANGE_SEP + r"(?:" + MONTH_RE + r"\s+)?" + _DAY + r")?"
            r"(?:,?\s+(?P<year>" + _YEAR + r"))?)",
            _resolve_day_month,
        ),
        # Day Month [Year]: "19 June 2024", "from 7 to 11 May", "the 4th of June"
        (
            r"(?P<x>(?:" + _CI(r"between|from") + r"\s+)?(?:" + WEEKDAY_RE + r",?\s+)?"
            r"(?:" + _CI("the") + r"\s+)?(?P<day>" + _DAY + r")(?:" + _RANGE_SEP + r"(?:" + _CI("the") + r"\s+)?" + _DAY + r")?"
            r"\s+(?:" + _CI("of") + r"\s+)?(?P<month>" + MONTH_RE + r")"
            r"(?:,?\s+(?P<year>" + _YEAR + r"))?)",
            _resolve_day_month,
        ),
        # Month Year: "December 2017", "late April 2019", "July of 2000"
        (
            r"(?P<x>(?:" + _MOD + r"[\s-]+)?(?P<month>" + MONTH_RE + r"),?\s+(?:"
            + _CI("of") + r"\s+)?(?P<year>" + _YEAR + r"))",
            _resolve_month_year,
        ),
        # Month + relative year: "June last year", "October the previous year"
        (
            r"(?P<x>(?:" + _MOD + r"[\s-]+)?(?P<month>" + MONTH_RE + r")\s+(?:" + _CI("of")
            + r"\s+)?(?P<rel>" + _REL_YEAR + r")\s+" + _CI("year") + r")\b",
            _resolve_month_relative_year,
        ),
        # Year-less month: "in June", "This June", "In mid-July", "last April"
        (
            r"(?P<x>(?:(?P<mod>" + _CI(r"last|this|next") + r"|" + _MOD + r")[\s-]+)?"
            r"(?<![A-Za-z])(?P<month>" + MONTH_RE + r"))",
            _resolve_month,
        ),
        # Weekdays: "on Tuesday", "early Thursday", "last Friday", "Sunday's", "from
        # Thursday to Friday" (a span takes its first day)
        (
            r"(?P<x>(?:(?P<rel>" + _CI(r"last|next|this|coming|past|the\s+previous|the\s+following")
            + r")\s+|"
            + _CI(r"early|late|later\s+on|earlier\s+on|later|earlier") + r"\s+)?"
            r"(?P<weekday>" + WEEKDAY_RE + r")(?:['’]s)?"
            r"(?:\s+" + _CI(r"morning|afternoon|evening|night") + r")?"
            r"(?:\s*(?:-|–|\bto\b|\bthrough\b|\buntil\b|\band\b|\bor\b)\s*" + WEEKDAY_RE + r")?"
            r"(?:\s+(?:" + _CI("of") + r"\s+)?(?P<week>" + _CI(r"last|this|next|the\s+previous|the\s+following")
            + r")\s+" + _CI("week") + r"\b)?)",
            _resolve_weekday,
        ),
        # Named days: "yesterday", "the previous day", "earlier in the day"
        (
            r"\b(?P<x>"
            + _CI(
                "|".join(
                    re.escape(p).replace(r"\ ", r"\s+")
                    for p in sorted(_NAMED_DAYS, key=len, reverse=True)
                )
            )
            + r")\b",
            _resolve_named_day,
        ),
        # Relative weeks, months, years: "last week", "earlier this month", "late last year"
        (
            r"\b(?P<x>(?:(?P<mod>" + _CI(r"earlier|later|early|mid|late") + r")[\s-]+)?"
            r"(?P<rel>" + _REL_YEAR + r")\s+(?P<unit>" + _CI(r"weekend|week|month|year")
            + r"))(?!\w)",
            _resolve_relative_unit,
        ),
        # Seasons: "last fall", "this summer", "the summer of 2023"
        (
            r"\b(?P<x>(?:" + _CI(r"earlier|later|early|mid|late") + r"[\s-]+)?"
            r"(?P<rel>" + _REL_YEAR + r")\s+(?P<season>" + _CI("|".join(SEASONS)) + r"))\b",
            _resolve_season,
        ),
        (
            r"\b(?P<x>(?:" + _CI("the") + r"\s+)?(?P<season>" + _CI("|".join(SEASONS))
            + r")\s+(?:" + _CI("of") + r"\s+)?(?P<year>" + _YEAR + r"))",
            _resolve_season,
        ),
        # Counted distances: "three decades ago", "exactly 70 years ago", "two days later"
        (
            r"\b(?P<x>(?:(?P<q>"
            + _CI(
                r"exactly|precisely|about|some|around|nearly|almost|roughly|more\s+than|"
                r"over|less\s+than|at\s+least|just\s+over|just\s+under"
            )
            + r")\s+)?(?P<n>" + _CI(NUMBER_RE) + r")\s+(?P<unit>"
            + _CI(r"days?|weeks?|months?|years?|decades?|century|centuries")
            + r")\s+(?P<dir>" + _CI(r"ago|earlier|later|before|after") + r"))\b",
            _resolve_count_ago,
        ),
        # "the first visit in 24 years"
        (
            r"\b(?P<x>" + _CI("in") + r"\s+(?:(?P<q>"
            + _CI(r"more\s+than|over|nearly|almost|about|some|around|at\s+least|less\s+than")
            + r")\s+)?(?P<n>" + _CI(NUMBER_RE) + r")\s+(?P<unit>" + _CI(r"years?|decades?")
            + r"))\b(?!['’]|\s+" + _CI(r"ago|old|of|later|earlier|time|from|before|after") + r"\b)",
            _resolve_in_years,
        ),
        # "the 70th anniversary", "the one-year anniversary"
        (
            r"\b(?P<x>" + _CI(r"the|its|their|this\s+year['’]s") + r"\s+(?:(?P<ord>"
            + _CI(ORDINAL_RE) + r")|(?P<n>" + _CI(NUMBER_RE) + r")[\s-]+" + _CI("years?")
            + r")(?:[\s-]+" + _CI("year") + r")?\s+" + _CI("anniversary") + r")\b",
            _resolve_anniversary,
        ),
    )
)

# Years need a cue before them ("in 2019", "since 2000", "the 2018 summit", "mid-2019");
# a list after one cue yields every year ("in 2019 and 2023", "from 1961, 2000, and 2001").
_YEAR_LIST = re.compile(
    r"\b(?P<cue>"
    + _CI(
        r"in|since|from|until|till|by|during|before|after|around|circa|between|throughout|"
        r"as\s+of|early|mid|late|the\s+(?:end|beginning|start|middle)\s+of|the\s+year|the"
    )
    + r")[\s-]+(?P<x>"
    + _YEAR
    + r"(?:(?:\s*,\s*(?:" + _CI("and|or") + r"\s+)?|\s+" + _CI("and|or|to") + r"\s+)"
    + _YEAR
    + r")*)"
)
_YEAR_TOKEN = re.compile(_YEAR)


def _year_hits(text: str) -> Iterator[_Hit]:
    for m in _YEAR_LIST.finditer(text):
        if m.group("cue").lower() == "the" and not re.match(r"\s+[A-Za-z]", text[m.end() :]):
            continue  # "the 2018 summit" is a year, "the 2000" of a count is not
        for year in _YEAR_TOKEN.finditer(text, m.start("x"), m.end("x")):
            yield _Hit(year.start(), year.end(), year_value(int(year.group())))


# --------------------------------------------------------------------------- selection


@lru_cache(maxsize=1024)
def _matches(text: str) -> tuple[tuple[_Resolver, re.Match[str]], ...]:
    """Every recognizer's matches in ``text``, in recognizer order. Matching does not depend
    on the publication date, tense or reference day (resolving does), and extraction asks
    about one sentence with several of those: the patterns run once per sentence."""
    return tuple((resolver, m) for pattern, resolver in _RECOGNIZERS
                 for m in pattern.finditer(text))


@lru_cache(maxsize=1024)
def _years(text: str) -> tuple[_Hit, ...]:
    return tuple(_year_hits(text))


def forget_matches() -> None:
    """Empty the per-sentence match caches (a build does before each document, so that
    what a document costs does not depend on the documents before it)."""
    _matches.cache_clear()
    _years.cache_clear()


def _candidates(ctx: _Context) -> Iterator[_Hit]:
    text = ctx.text
    for resolver, m in _matches(text):
        start, end = m.span("x")
        if start == end:
            continue
        try:
            outcome = resolver(m, ctx)
        except (ValueError, OverflowError):
            # Calendar arithmetic at the edges of datetime's range (years 1 and 9999)
            # has no answer; the expression is still reported, unresolved.
            outcome = UNRESOLVED
        if outcome == IGNORE:
            continue
        if outcome == BLOCK:
            yield _Hit(start, end, UNRESOLVED, keep=False)
        else:
            assert isinstance(outcome, tuple)
            yield _Hit(start, end, outcome)
    yield from _years(text)


def _longest_non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    """Longest first (earlier start on ties); a chosen span excludes all it overlaps."""
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _not_after_publication(resolution: Resolution, ctx: _Context) -> Resolution:
    """What a past clause reports happened by publication: a later date is a misreading
    (or the wrong anchor), so it is dropped rather than reported."""
    value = resolution[0]
    if ctx.tense != "past" or value is None or ctx.published is None:
        return resolution
    first = partial_date.first_day(value)
    return resolution if first is not None and first <= ctx.published else UNRESOLVED


def _context(text: str, published: str | None, tense: str, reference: str | None) -> _Context:
    if tense not in {"past", "future", "present"}:
        raise ValueError(f"tense must be 'past', 'future' or 'present', not {tense!r}")
    return _Context(
        published=parse_iso_day(published),
        reference=parse_iso_day(reference),
        tense=tense,
        text=text,
    )


# --------------------------------------------------------------------------- public API


def find_time_expressions(
    text: str,
    published: str | None,
    *,
    tense: str = "past",
    reference: str | None = None,
    offset: int = 0,
) -> list[TimeExpression]:
    """Temporal expressions in ``text`` (typically one sentence), in text order.

    ``offset`` is added to every start/end (pass the sentence's start in the document).
    Expressions that cannot be resolved (relative ones without ``published``) are still
    returned, with ``value`` and ``precision`` None, so the caller knows a date was stated.
    """
    ctx = _context(text, published, tense, reference)
    expressions = []
    for hit in _longest_non_overlapping(list(_candidates(ctx))):
        if not hit.keep:
            continue
        value, precision = _not_after_publication(hit.resolution, ctx)
        expressions.append(
            TimeExpression(
                start=hit.start + offset,
                end=hit.end + offset,
                text=text[hit.start : hit.end],
                value=value,
                precision=precision,
            )
        )
    return expressions


def resolve_expression(
    expression: str,
    published: str | None,
    *,
    tense: str = "past",
    reference: str | None = None,
) -> tuple[str | None, Precision | None]:
    """Resolve one expression the caller already knows is temporal ("on 9 May", "last
    week"). Returns ``(value, precision)`` of its longest reading, or ``(None, None)``."""
    found = find_time_expressions(expression, published, tense=tense, reference=reference)
    if not found and month_number(expression.strip()) is not None:
        # A bare month name handed over on its own is a month, not the modal "may".
        found = find_time_expressions(
            "in " + expression.strip(), published, tense=tense, reference=reference
        )
    if not found:
        return UNRESOLVED
    best = max(found, key=lambda e: e.end - e.start)
    return best.value, best.precision
