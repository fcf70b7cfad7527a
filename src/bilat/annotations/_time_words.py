"""Vocabulary of the temporal resolver: month and weekday names, number words, ordinals."""

from __future__ import annotations

import re

# Month spellings as news agencies write them (AP abbreviates "Sept." and "Dec.", KCNA
# writes "Mar."). Names are matched case-sensitively: a capital letter is what separates
# the month "May" from the modal verb and "March" the month from the verb.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("January", "Jan"),
        ("February", "Feb"),
        ("March", "Mar"),
        ("April", "Apr"),
        ("May",),
        ("June", "Jun"),
        ("July", "Jul"),
        ("August", "Aug"),
        ("September", "Sept", "Sep"),
        ("October", "Oct"),
        ("November", "Nov"),
        ("December", "Dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {
    "Monday": 0,
    "Tuesday": 1,
    "Wednesday": 2,
    "Thursday": 3,
    "Friday": 4,
    "Saturday": 5,
    "Sunday": 6,
}

# Longest spelling first so that "Sept" is preferred to "Sep" and "June" to "Jun".
MONTH_RE = (
    r"(?:"
    + "|".join(
        re.escape(name) + (r"\.?" if len(name) <= 4 and name != "May" else "")
        for name in sorted(MONTHS, key=len, reverse=True)
    )
    + r")(?![A-Za-z])"
)
WEEKDAY_RE = r"(?:" + "|".join(WEEKDAYS) + r")(?![A-Za-z])"


def month_number(token: str) -> int | None:
    return MONTHS.get(token.rstrip(".").strip())


_UNITS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
}
_ORDINAL_TENS = {
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
}

_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)
# "24", "three", "twenty-four", "twenty four", "a"
NUMBER_RE = rf"(?:\d{{1,3}}(?![\d,])|(?:{_TEN_WORDS})(?:[\s-](?:{_UNIT_WORDS}))?|(?:{_UNIT_WORDS}))"
_ORD_UNIT_WORDS = "|".join(sorted(_ORDINAL_UNITS, key=len, reverse=True))
_ORD_TEN_WORDS = "|".join(_ORDINAL_TENS)
# "70th", "seventieth", "seventy-fifth"
ORDINAL_RE = (
    rf"(?:\d{{1,3}}(?:st|nd|rd|th)|(?:{_TEN_WORDS})[\s-](?:{_ORD_UNIT_WORDS})"
    rf"|(?:{_ORD_TEN_WORDS})|(?:{_ORD_UNIT_WORDS}))"
)


def parse_number(token: str) -> int | None:
    """``"24"``, ``"a"``, ``"three"``, ``"twenty-four"`` -> int."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    parts = re.split(r"[\s-]+", token)
    if len(parts) == 1:
        return _UNITS.get(parts[0], _TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and _UNITS[parts[1]] < 10:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return None


def parse_ordinal(token: str) -> int | None:
    """``"70th"``, ``"first"``, ``"seventieth"``, ``"seventy-fifth"`` -> int."""
    token = token.strip().lower()
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", token)
    if digits:
        return int(digits.group(1))
    parts = re.split(r"[\s-]+", token)
    if len(parts) == 1:
        return _ORDINAL_UNITS.get(parts[0], _ORDINAL_TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _TENS and _ORDINAL_UNITS.get(parts[1], 99) < 10:
        return _TENS[parts[0]] + _ORDINAL_UNITS[parts[1]]
    return None
