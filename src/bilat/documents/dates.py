"""When was a page published? Read it from what the page itself says.

Used only when neither the record nor the manifest gives a date. Sources, most to least
reliable: a leading ``date YYYY-MM-DD`` line that some scrapers write; a byline or date
stamp near the top ("Published: 27 May. 2025, 10:03"); HTML metadata (htmldate reads
``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``); a dated URL.

Dates in bylines are parsed with explicit patterns rather than dateparser because a
publication date must be complete: dateparser fills a missing year or day from today,
which silently turns "Dec. 6" into the wrong year.
"""

from __future__ import annotations

import datetime as dt
import re

import lxml.html

from bilat.lang import lexicon

MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY_PATTERN = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
)
_MONTH_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec"
_MONTHS = {name: number for number, name in enumerate(_MONTH_ABBREVIATIONS.split(), start=1)}

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")  # also inside "…T08:00"
_MONTH_DAY_YEAR = re.compile(
    rf"\b({MONTH_PATTERN})\s*(\d{{1,2}})(?:st|nd|rd|th)?\b[,.]?\s*(\d{{4}})\b", re.I
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_PATTERN})(?![a-z])[,.]?\s*(\d{{4}})\b",
    re.I,
)
_NUMERIC = re.compile(r"\b(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})\b")

_DATE_TOKEN = re.compile(
    rf"\b{MONTH_PATTERN}(?![a-z])|\b{WEEKDAY_PATTERN}(?![a-z])"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b|\b\d{1,4}(?:st|nd|rd|th)?\b|\b[ap]\.?m\.?(?![a-z])"
    r"|\b(?:utc|gmt|kst|jst|msk|cet|cest|est|edt|pst|pdt)\b(?:[+-]\d{1,2}(?::?\d{2})?)?",
    re.I,
)
_HAS_CALENDAR_DATE = re.compile(
    rf"\b{MONTH_PATTERN}\s*\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN}(?![a-z])"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b",
    re.I,
)
_DIGIT = re.compile(r"\d")  # the digits _HAS_CALENDAR_DATE's \d matches
_FUNCTION_WORDS = frozenset(
    ["in", "on", "at", "by", "since", "from", "until", "to", "of", "the", "and", "or", "for"]
)

_PAGE_DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.I)
_PUBLISHED_LINE = re.compile(
    r"^\W*(published|posted|first published|date|release date|calendar)\b", re.I
)
_UPDATED_LINE = re.compile(r"^\W*(updated|last updated|last modified)\b", re.I)
_BYLINE_LINE = re.compile(
    r"^[Bb]y\s+[A-Z]|\(@\w+\)|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?)\s+ago\b", re.I
)
# "VLADIVOSTOK (UrduPoint News / Sputnik - 02nd September, 2019)", "SEOUL, Aug. 13, 2025 --"
_DATELINE_PARENTHESIS = re.compile(r"^\s*[A-Z][A-Za-z .'-]{1,30}?,?\s*\(([^()\n]{0,120})\)")
_DATELINE_CAPS = re.compile(r"^\s*[A-Z][A-Z .'-]{1,30},\s+")
_LEADING_NUMERIC_DATE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\s+")
_WEEKDAY_NUMBERS = {name: i for i, name in enumerate(lexicon().ordered("WEEKDAY_NAMES"))}
_WEEKDAY_NAME = re.compile(r"\b(" + "|".join(_WEEKDAY_NUMBERS) + r")\b")  # capitalised only
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/_.-]|$)|/((?:19|20)\d{2})(\d{2})(\d{2})(?=/)"
)

TOP_LINES = 12  # bylines sit above the article; a date further down is an event date
TOP_CHARS = 2000


def find_publication_date(
    text: str, html: str | None = None, url: str | None = None
) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, how it was found) or (None, None)."""
    match = _PAGE_DATE_LINE.match(text)
    if match and _valid(*map(int, match.group(1).split("-"))):
        return match.group(1), "page-date-line"
    found = byline_date(text)
    if found:
        return found, "byline"
    if html:
        found = html_date(html)
        if found:
            return found, "html-meta"
    if url:
        found = url_date(url)
        if found:
            return found, "url"
    found = text_present_date(text)
    if found:
        return found, "text"
    return None, None


def byline_date(text: str) -> str | None:
    """A complete date from a byline, date stamp or dateline near the top of ``text``."""
    lines = _top_lines(text)
    ordered_checks = (
        lambda line: bool(_PUBLISHED_LINE.match(line)),
        lambda line: bool(_BYLINE_LINE.search(line)) or is_date_stamp(line),
        lambda line: bool(_UPDATED_LINE.match(line)),
    )
    for check in ordered_checks:
        for line in lines:
            if check(line):
                found = parse_full_date(line)
                if found:
                    return found
    for line in lines:
        found = _leading_date(line) or _dateline_date(line)
        if found:
            return found
    return None


def html_date(html: str) -> str | None:
    """The publication date in the page's metadata, via htmldate (no network).

    htmldate is given a parsed tree: handed a string that looks like a URL it would fetch it.
    """
    import htmldate  # imported at the first HTML page: a build of text files never needs it

    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8"))
        found = htmldate.find_date(
            tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"
        )
    except Exception:  # htmldate and lxml raise a zoo of errors on broken pages; none matter
        return None
    return found if isinstance(found, str) else None


def url_date(url: str) -> str | None:
    """A date in the URL path: /2024/06/19/, /2024-11-05/, /20241207/."""
    for match in _URL_DATE.finditer(url):
        parts = [group for group in match.groups() if group is not None]
        year, month, day = (int(part) for part in parts)
        if _valid(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def text_present_date(text: str) -> str | None:
    """The text's own present, as an estimate of when an undated page was written.

    A news story tells its main event by weekday ("on Wednesday") and often writes that day
    in full once ("On January 25, 2023, ...", a caption's "Sunday, June 18, 2023"). The
    latest complete date whose weekday the text names is taken as its present; an older
    date (a file photo, a past summit) is passed over unless the text names its weekday.
    The last resort: a page with a date of its own, in a byline or metadata, never gets here.
    """
    named = {_WEEKDAY_NUMBERS[name] for name in _WEEKDAY_NAME.findall(text)}
    confirmed = [day for _position, day in full_dates(text)
                 if dt.date.fromisoformat(day).weekday() in named]
    return max(confirmed) if confirmed else None


def parse_full_date(text: str) -> str | None:
    """The first complete (day, month, year) date written in ``text``, as YYYY-MM-DD."""
    candidates = full_dates(text)
    return min(candidates)[1] if candidates else None


def full_dates(text: str) -> list[tuple[int, str]]:
    """Every complete (day, month, year) date written in ``text``: (position, YYYY-MM-DD).

    All-numeric dates are taken only when unambiguous (year first, or a day above 12):
    "09/02/2024" is February in London and September in Washington.
    """
    candidates: list[tuple[int, str]] = []
    for match in _ISO.finditer(text):
        _add(candidates, match.start(), int(match[1]), int(match[2]), int(match[3]))
    for match in _MONTH_DAY_YEAR.finditer(text):
        _add(candidates, match.start(), int(match[3]), _month(match[1]), int(match[2]))
    for match in _DAY_MONTH_YEAR.finditer(text):
        _add(candidates, match.start(), int(match[3]), _month(match[2]), int(match[1]))
    for match in _NUMERIC.finditer(text):
        first, second, third = int(match[1]), int(match[2]), int(match[3])
        if len(match[1]) == 4:
            _add(candidates, match.start(), first, second, third)
        elif len(match[3]) == 4 and first > 12 >= second:
            _add(candidates, match.start(), third, second, first)
        elif len(match[3]) == 4 and second > 12 >= first:
            _add(candidates, match.start(), third, first, second)
    return candidates


def is_date_stamp(line: str) -> bool:
    """A line that is only a date/time, perhaps with a place: "May 16, 2024 5:25 PM"."""
    # every calendar date holds a digit; a line of prose without one is rejected by a
    # plain scan, not by trying the month alternatives at each of its positions
    if not _DIGIT.search(line) or not _HAS_CALENDAR_DATE.search(line):
        return False
    rest = _DATE_TOKEN.sub(" ", line)
    words = [word for word in re.split(r"[^\w+]+", rest) if any(c.isalpha() for c in word)]
    if len(words) > 1:
        return False
    return not words or (words[0][0].isupper() and words[0].lower() not in _FUNCTION_WORDS)


def _leading_date(line: str) -> str | None:
    """A date stamp glued to the headline: "09/02/2024 September 2, 2024 Leader arrives"."""
    head = _LEADING_NUMERIC_DATE.sub("", line, count=1)[:30]
    if re.match(rf"({MONTH_PATTERN}\s*\d|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN})", head, re.I):
        return parse_full_date(head)
    return None


def _dateline_date(line: str) -> str | None:
    match = _DATELINE_PARENTHESIS.match(line)
    if match:
        return parse_full_date(match.group(1))
    match = _DATELINE_CAPS.match(line)
    if match:
        head = line[match.end() : match.end() + 25]
        found = parse_full_date(head)
        # The date must open the dateline, not sit somewhere in the sentence after it.
        if found and re.match(rf"({MONTH_PATTERN}|\d)", head, re.I):
            return found
    return None


def _top_lines(text: str) -> list[str]:
    lines = [line.strip() for line in text[:TOP_CHARS].splitlines() if line.strip()]
    return lines[:TOP_LINES]


def _month(name: str) -> int:
    return _MONTHS.get(name.lower()[:3], 0)


def _add(candidates: list[tuple[int, str]], position: int, year: int, month: int, day: int) -> None:
    if _valid(year, month, day):
        candidates.append((position, f"{year:04d}-{month:02d}-{day:02d}"))


def _valid(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= 2100:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
