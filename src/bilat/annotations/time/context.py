"""What a resolver knows besides its match: publication date, reference day, tense, and text.

An expression is resolved against an anchor: deictic words ("yesterday", "on Tuesday",
"three decades ago") count from the publication date, anaphoric ones ("the previous day",
"two days later") from the day the text is narrating (the *reference*, by default the
publication date). The clause's *tense* picks the direction of a year-less date: "on June
4" in a past clause is the latest June 4 on or before publication, in a future clause the
next one on or after. This module holds that context and the rules that only depend on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal

from bilat.annotations.time.arithmetic import UNRESOLVED, Resolution, day_value, parse_iso_day
from bilat.annotations.time.words import alternation, month_number
from bilat.lang import lexicon

# A resolver either resolves its match, or says the match is not a date at all ("BLOCK":
# "2025-2027" is a plan period, so no shorter reading such as the year 2025 may be taken
# from it), or says the pattern fired without the context it needs ("IGNORE").
BLOCK: Literal["block"] = "block"
IGNORE: Literal["ignore"] = "ignore"
Outcome = Resolution | Literal["block", "ignore"]

TENSES = ("past", "future", "present")


@dataclass(frozen=True)
class Context:
    published: date | None
    reference: date | None
    tense: str
    text: str

    @property
    def looks_back(self) -> bool:
        """Present-tense clauses are resolved like past ones ("is in Pyongyang on Monday"
        reports a visit under way): only an explicit "next" points forward."""
        return self.tense != "future"

    @property
    def narrated_day(self) -> date | None:
        """The day anaphoric expressions count from."""
        return self.reference or self.published


def make_context(text: str, published: str | None, tense: str, reference: str | None) -> Context:
    if tense not in TENSES:
        raise ValueError(f"tense must be 'past', 'future' or 'present', not {tense!r}")
    return Context(published=parse_iso_day(published), reference=parse_iso_day(reference),
                   tense=tense, text=text)


def anchor_of(relative: str, ctx: Context) -> date | None:
    """ "the previous year" counts from the narrated day, "last year" from publication."""
    return ctx.narrated_day if relative.startswith("the") else ctx.published


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
    import dateparser  # imported here: only a year under 1000 asks it (see spelled_day)

    parsed = dateparser.parse(
        spelled, languages=["en"], settings=_dateparser_settings(published, tense)
    )
    return parsed.date() if parsed is not None else None


FOUR_DIGITS = 1000


def spelled_day(day: str, month_token: str, year: int, ctx: Context) -> date | None:
    if year >= FOUR_DIGITS:
        # Day, month and a four-digit year: dateparser reads the publication date and the
        # tense only to fill in or shift a part the text leaves out (a two-digit year, a
        # missing year or day), so a complete date is read here, as dateparser reads it.
        return read_complete_day(day, month_token, year)
    return _parse_absolute(f"{day} {month_token} {year}", ctx.published, ctx.tense)


def read_complete_day(day: str, month_token: str, year: int) -> date | None:
    """ "9", "Sept." and 2024 -> 9 September 2024; None for a day the month lacks ("31",
    "Sept"). Read by hand rather than by dateparser, which costs 0.3 CPU s to load its
    patterns at every start; the two agree on every day (1-31, with or without a leading
    zero) of every month spelling the patterns take, as a test checks."""
    month = month_number(month_token)
    if month is None or not day.isdigit():
        return None
    try:
        return date(year, month, int(day))
    except ValueError:
        return None


# --------------------------------------------------------------------------- tense rules


def year_of_month(month: int, ctx: Context, rel: str | None = None) -> int | None:
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


def year_less_day(day: str, month_token: str, ctx: Context) -> Resolution:
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
        found = spelled_day(day, month_token, year, ctx)
        if found is None:
            continue
        if (step < 0 and found <= published) or (step > 0 and found >= published):
            return day_value(found)
    return UNRESOLVED


_NO_ANCHOR_AFTER = re.compile(
    r"\s*(?:$|[.,;:!?)\"'’”—–-]|(?:"
    + alternation(lexicon().ordered("NO_ANCHOR_FOLLOWERS"))
    + r")\b)",
    re.IGNORECASE,
)


def followed_by_event(ctx: Context, end: int) -> bool:
    """"two days before the summit" counts from the summit, not from the narrative day:
    a noun phrase right after "before/after" means we do not know the anchor."""
    return not _NO_ANCHOR_AFTER.match(ctx.text[end:])


def norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.strip().lower()).replace("’", "'")
