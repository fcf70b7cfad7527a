"""The words of temporal expressions, read from the lexicon, and the regex pieces built from them.

The words live in ``lang/en/time_words.yaml`` (months, weekdays, named days, qualifiers,
cues, seasons) and ``lang/en/numbers.yaml`` (number words and ordinals); this module turns
them into the lookups and alternations the patterns and resolvers use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bilat.errors import LexiconError
from bilat.lang import Lexicon, lexicon

_LEX = lexicon()


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of ``phrases`` in their order; a space matches any white space."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


def counts(lex: Lexicon, name: str) -> dict[str, int]:
    """A lexicon map of words to the numbers they stand for."""
    out = {}
    for word, value in lex.mapping(name).items():
        try:
            out[word] = int(value)
        except ValueError:
            raise LexiconError(f"{name} maps {word!r} to {value!r}, not a whole number.") from None
    return out


# ------------------------------------------------------------------ months and weekdays


def month_numbers(lex: Lexicon) -> dict[str, int]:
    """Every spelling of a month -> its number, each full name followed by its short forms
    (the order the month alternation breaks ties in)."""
    names = lex.ordered("MONTH_NAMES")
    short: dict[str, list[str]] = {name: [] for name in names}
    for abbreviation in lex.ordered("MONTH_ABBREVIATIONS"):
        begun = [name for name in names if name.startswith(abbreviation)]
        if len(begun) != 1:
            raise LexiconError(f"MONTH_ABBREVIATIONS: {abbreviation!r} must begin exactly one "
                               f"month name, not {begun}.")
        short[begun[0]].append(abbreviation)
    return {spelling: number for number, name in enumerate(names, start=1)
            for spelling in (name, *short[name])}


# Names are matched case-sensitively: a capital letter is what separates the month "May"
# from the modal verb and "March" the month from the verb.
MONTHS: Mapping[str, int] = month_numbers(_LEX)
WEEKDAYS: Mapping[str, int] = {name: i for i, name in enumerate(_LEX.ordered("WEEKDAY_NAMES"))}

# Longest spelling first so that "Sept" is preferred to "Sep" and "June" to "Jun"; a short
# form may end in a dot ("Dec.").
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


# ------------------------------------------------------------------ numbers and ordinals

_UNITS = counts(_LEX, "NUMBER_UNITS")
_TENS = counts(_LEX, "NUMBER_TENS")
_ORDINAL_UNITS = counts(_LEX, "ORDINAL_UNITS")
_ORDINAL_TENS = counts(_LEX, "ORDINAL_TENS")

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


def fixed_holidays(lex: Lexicon) -> dict[str, tuple[str, str]]:
    """Each named day on a fixed calendar day -> (its month's name, its day): "Christmas
    Eve" -> ("December", "24")."""
    out = {}
    for name, day in lex.mapping("FIXED_HOLIDAYS").items():
        parts = day.split()
        if len(parts) != 2 or parts[0] not in MONTHS or not parts[1].isdigit():
            raise LexiconError(f"FIXED_HOLIDAYS maps {name!r} to {day!r}, not 'Month day'.")
        out[name] = (parts[0], parts[1])
    return out


FIXED_HOLIDAYS: Mapping[str, tuple[str, str]] = fixed_holidays(_LEX)


# ------------------------------------------------------------------ relative words

# "last", "the previous", ... -> how many units they step from the anchor
RELATIVE_STEPS: Mapping[str, int] = counts(_LEX, "RELATIVE_STEPS")
WEEKDAY_BACK = _LEX.words("WEEKDAY_BACK_WORDS")
WEEKDAY_AHEAD = _LEX.words("WEEKDAY_AHEAD_WORDS")

# named day -> (anchored on "published" or "reference", offset in days)
NAMED_DAYS: Mapping[str, tuple[str, int]] = {
    phrase: (anchor, offset)
    for name, anchor, offset in (
        ("TODAY_WORDS", "published", 0),
        ("YESTERDAY_WORDS", "published", -1),
        ("TOMORROW_WORDS", "published", 1),
        ("SAME_DAY_PHRASES", "reference", 0),
        ("DAY_BEFORE_PHRASES", "reference", -1),
        ("DAY_AFTER_PHRASES", "reference", 1),
    )
    for phrase in _LEX.ordered(name)
}

# "ago", "later", "ahead of", ... -> the way a counted distance counts from its anchor
DISTANCE_DIRECTIONS: Mapping[str, int] = counts(_LEX, "DISTANCE_DIRECTIONS")
EVENT_RELATIONS = _LEX.words("EVENT_RELATIONS")

EXACT = _LEX.words("EXACT_QUALIFIERS")
APPROXIMATE = _LEX.words("APPROXIMATE_QUALIFIERS")
# every qualifier of a counted distance ("exactly 70 years ago"), in the order the pattern
# tries them
DISTANCE_QUALIFIERS = (*_LEX.ordered("EXACT_QUALIFIERS"), *_LEX.ordered("APPROXIMATE_QUALIFIERS"),
                       *_LEX.ordered("BOUND_QUALIFIERS"))

_SEASON_MONTHS = 3  # meteorological seasons are three whole months
# season -> (first month, number of months)
SEASONS: Mapping[str, tuple[int, int]] = {
    season: (first, _SEASON_MONTHS)
    for season, first in counts(_LEX, "SEASON_FIRST_MONTHS").items()
}
