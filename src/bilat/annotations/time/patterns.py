"""The patterns that recognise temporal expressions, each paired with its resolver.

Recognition is a set of compiled regular expressions, one per kind of expression; every
kind finds its candidates and the longest non-overlapping ones win (see the package). The
words inside the patterns come from the lexicon (:mod:`bilat.annotations.time.words`);
what stays here is their grammar: which words may precede or follow which, in what order.
Function words match in any case, names (months, weekdays) only capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from bilat.annotations.time import dates, relative
from bilat.annotations.time.context import BLOCK, Context, Outcome
from bilat.annotations.time.words import (
    DISTANCE_DIRECTIONS,
    DISTANCE_QUALIFIERS,
    FIXED_HOLIDAYS,
    MONTH_RE,
    MONTHS,
    NAMED_DAYS,
    NUMBER_RE,
    ORDINAL_RE,
    RELATIVE_STEPS,
    SEASONS,
    WEEKDAY_RE,
    WEEKDAYS,
    alternation,
)
from bilat.lang import lexicon

Resolver = Callable[[re.Match[str], Context], Outcome]
_LEX = lexicon()

# --------------------------------------------------------------------------- fragments

_CI = "(?i:{})".format  # case-insensitive group for function words; names stay case-sensitive

# 1-31, not part of a longer number ("25,000 tonnes", "1,500 troops").
_DAY = r"(?<![\d,.:/])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)(?!,\d)"
# A four-digit year, not part of a range ("2019-2020"), a decade ("1950s") or a number.
_YEAR = r"(?<![\d,.$£€])(?:1[89]\d\d|20\d\d)(?!\d)(?!,\d)(?![.]\d)(?!['’]?s\b)(?!\s*[-–/]\s*\d)"
_RANGE_SEP = r"\s*(?:-|–|—|\bto\b|\bthrough\b|\buntil\b|\btill\b|\band\b|\bor\b)\s*"
_MOD_WORDS = r"early|mid|late|the\s+(?:end|beginning|start|middle)\s+of|end|beginning|start"
_MOD = _CI(_MOD_WORDS)
_REL_YEAR = _CI(alternation(RELATIVE_STEPS))
_WEEK_REL = _CI(r"last|this|next|the\s+previous|the\s+following")
_WEEKDAY_REL_WORDS = alternation((*_LEX.ordered("WEEKDAY_BACK_WORDS"), "this",
                                  *_LEX.ordered("WEEKDAY_AHEAD_WORDS")))
_WEEKDAY_REL = _CI(_WEEKDAY_REL_WORDS)
_WEEKDAY_NEAR_WORDS = r"early|late|later\s+on|earlier\s+on|later|earlier"
_SEASON = _CI("|".join(SEASONS))
_BETWEEN_WORDS = r"between|from"
_BETWEEN = r"(?:" + _CI(_BETWEEN_WORDS) + r"\s+)?(?:" + WEEKDAY_RE + r",?\s+)?"
_THIS_NEXT_WORDS = r"last|this|next"


def _led_by(pattern: str, *, words: Iterable[str] = (), names: Iterable[str] = (),
            digits: bool = False) -> str:
    """``pattern`` behind a look-ahead at the characters its matches can start with: the
    first letter of a function word of ``words`` (alternations, in any case), of a name
    (as written), or a digit. The look-ahead holds wherever a match starts, so it changes
    no match; it makes the regular expression engine dismiss every other position of a
    text at once instead of trying each word and name of the pattern there (the date
    patterns ran twice as fast on the mix's sentences). A superset of the starts is still
    exact: the first letter of every piece between bars is taken."""
    folded = {piece[0].lower() for alternatives in words for piece in alternatives.split("|")}
    cased = {name[0] for name in names}
    if not all(c.isalpha() for c in folded | cased):  # (a look-ahead of letters would miss it)
        raise ValueError(f"a word or name of a time pattern starts with no letter: {pattern}")
    return ("(?=[" + "".join(sorted(cased)) + ("0-9" if digits else "") + "]|(?i:["
            + "".join(sorted(folded)) + "]))" + pattern)
_OF = r"(?:" + _CI("of") + r"\s+)?"
_THE = r"(?:" + _CI("the") + r"\s+)?"

# --------------------------------------------------------------------------- patterns

# Not dates: plan periods and ranges ("2025-2027", "1950-53", "2019/20"), decades.
_YEAR_RANGE = r"(?<![\d,.])(?P<x>(?:1[89]|20)\d\d\s*[-–/]\s*\d{2,4})(?![\d-])"
_DECADE = r"\b(?P<x>" + _THE + r"(?:" + _MOD + r"[\s-]+)?(?:1[89]|20)\d0['’]?s)\b"
_ISO_DAY = r"(?<![\d-])(?P<x>(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\d-])"
# Month Day[-Day][, Year]: "June 19, 2024", "Sept. 18-20", "between October 8 and 13";
# a weekday in front ("Tuesday, Nov. 12") is part of the date, the date decides
_MONTH_DAY = _led_by(
    r"(?P<x>" + _BETWEEN + r"(?P<month>" + MONTH_RE + r")\s+"
    r"(?P<day>" + _DAY + r")(?:" + _RANGE_SEP + r"(?:" + MONTH_RE + r"\s+)?" + _DAY + r")?"
    r"(?:,?\s+(?P<year>" + _YEAR + r"))?)",
    words=(_BETWEEN_WORDS,), names=(*WEEKDAYS, *MONTHS))
# Day Month [Year]: "19 June 2024", "from 7 to 11 May", "the 4th of June"
_DAY_MONTH = _led_by(
    r"(?P<x>" + _BETWEEN + _THE + r"(?P<day>" + _DAY + r")(?:" + _RANGE_SEP + _THE + _DAY + r")?"
    r"\s+" + _OF + r"(?P<month>" + MONTH_RE + r")"
    r"(?:,?\s+(?P<year>" + _YEAR + r"))?)",
    words=(_BETWEEN_WORDS, "the"), names=WEEKDAYS, digits=True)
# Month Year: "December 2017", "late April 2019", "July of 2000"
_MONTH_YEAR = _led_by(
    r"(?P<x>(?:" + _MOD + r"[\s-]+)?(?P<month>" + MONTH_RE + r"),?\s+" + _OF
    + r"(?P<year>" + _YEAR + r"))",
    words=(_MOD_WORDS,), names=MONTHS)
# Month + relative year: "June last year", "October the previous year"
_MONTH_RELATIVE_YEAR = _led_by(
    r"(?P<x>(?:" + _MOD + r"[\s-]+)?(?P<month>" + MONTH_RE + r")\s+" + _OF
    + r"(?P<rel>" + _REL_YEAR + r")\s+" + _CI("year") + r")\b",
    words=(_MOD_WORDS,), names=MONTHS)
# Year-less month: "in June", "This June", "In mid-July", "last April"
_MONTH = _led_by(
    r"(?P<x>(?:(?P<mod>" + _CI(_THIS_NEXT_WORDS) + r"|" + _MOD + r")[\s-]+)?"
    r"(?<![A-Za-z])(?P<month>" + MONTH_RE + r"))",
    words=(_THIS_NEXT_WORDS, _MOD_WORDS), names=MONTHS)
# Weekdays: "on Tuesday", "early Thursday", "last Friday", "Sunday's", "from Thursday to
# Friday" (a span takes its first day), "Tuesday of last week"
_WEEKDAY = _led_by(
    r"(?P<x>(?:(?P<rel>" + _WEEKDAY_REL + r")\s+|"
    + _CI(_WEEKDAY_NEAR_WORDS) + r"\s+)?"
    r"(?P<weekday>" + WEEKDAY_RE + r")(?:['’]s)?"
    r"(?:\s+" + _CI(r"morning|afternoon|evening|night") + r")?"
    r"(?:\s*(?:-|–|\bto\b|\bthrough\b|\buntil\b|\band\b|\bor\b)\s*" + WEEKDAY_RE + r")?"
    r"(?:\s+" + _OF + r"(?P<week>" + _WEEK_REL + r")\s+" + _CI("week") + r"\b)?)",
    words=(_WEEKDAY_REL_WORDS, _WEEKDAY_NEAR_WORDS), names=WEEKDAYS)
# Named days: "yesterday", "the previous day", "earlier in the day"
_NAMED_DAY = (
    r"\b(?P<x>" + _CI(alternation(sorted(NAMED_DAYS, key=len, reverse=True))) + r")\b"
)
# Named days on a fixed calendar day: "on Christmas Eve", "New Year's Day 2019"; names
# are matched capitalised, with either apostrophe
_HOLIDAY = (
    r"\b(?P<x>(?P<holiday>"
    + alternation(sorted(FIXED_HOLIDAYS, key=len, reverse=True)).replace("'", "['’]")
    + r")(?:,?\s+(?P<year>" + _YEAR + r"))?)\b"
)
# Relative weeks, months, years: "last week", "earlier this month", "late last year"
_RELATIVE_UNIT = (
    r"\b(?P<x>(?:(?P<mod>" + _CI(r"earlier|later|early|mid|late") + r")[\s-]+)?"
    r"(?P<rel>" + _REL_YEAR + r")\s+(?P<unit>" + _CI(r"weekend|week|month|year")
    + r"))(?!\w)"
)
# Seasons: "last fall", "this summer", "the summer of 2023"
_RELATIVE_SEASON = (
    r"\b(?P<x>(?:" + _CI(r"earlier|later|early|mid|late") + r"[\s-]+)?"
    r"(?P<rel>" + _REL_YEAR + r")\s+(?P<season>" + _SEASON + r"))\b"
)
_SEASON_OF_YEAR = (
    r"\b(?P<x>" + _THE + r"(?P<season>" + _SEASON + r")\s+" + _OF + r"(?P<year>" + _YEAR + r"))"
)
# Counted distances: "three decades ago", "exactly 70 years ago", "two days later", "a week
# ahead of"
_COUNT_AGO = (
    r"\b(?P<x>(?:(?P<q>" + _CI(alternation(DISTANCE_QUALIFIERS)) + r")\s+)?"
    r"(?P<n>" + _CI(NUMBER_RE) + r")\s+(?P<unit>"
    + _CI(r"days?|weeks?|months?|years?|decades?|century|centuries")
    + r")\s+(?P<dir>" + _CI(alternation(sorted(DISTANCE_DIRECTIONS, key=len, reverse=True)))
    + r"))\b"
)
# "the first visit in 24 years"
_IN_YEARS = (
    r"\b(?P<x>" + _CI("in") + r"\s+(?:(?P<q>"
    + _CI(alternation(_LEX.ordered("IN_YEARS_QUALIFIERS")))
    + r")\s+)?(?P<n>" + _CI(NUMBER_RE) + r")\s+(?P<unit>" + _CI(r"years?|decades?")
    + r"))\b(?!['’]|\s+" + _CI(r"ago|old|of|later|earlier|time|from|before|after") + r"\b)"
)
# "the 70th anniversary", "the one-year anniversary"
_ANNIVERSARY = (
    r"\b(?P<x>" + _CI(r"the|its|their|this\s+year['’]s") + r"\s+(?:(?P<ord>"
    + _CI(ORDINAL_RE) + r")|(?P<n>" + _CI(NUMBER_RE) + r")[\s-]+" + _CI("years?")
    + r")(?:[\s-]+" + _CI("year") + r")?\s+" + _CI("anniversary") + r")\b"
)


# A period that runs up to the anchor day: "in 24 years", "in a decade", "this year". After
# an ordinal ("the first visit in 24 years", "their third summit this year") it is the span
# over which events are counted, not the date of the one counted.
_PERIOD_TO_DATE = re.compile(
    r"(?:" + _IN_YEARS + r"|" + _CI(r"this") + r"\s+" + _CI(r"week|month|year") + r")"
)


def is_period_to_date(text: str) -> bool:
    """Whether the expression ``text`` is a period that runs up to its anchor day."""
    return _PERIOD_TO_DATE.fullmatch(text.strip()) is not None


def _block(m: re.Match[str], ctx: Context) -> Outcome:
    return BLOCK


# Every match of a pattern contains one of its cue words (its month, weekday, unit or
# season word, or a digit): a text that holds none is not searched with it. A regular
# expression tries every position of a text, and most sentences name no date, so this
# saves most of recognition's time without changing a match. A cue is a necessary part
# of the pattern, never a guess: a folded cue is compared with the lower-cased text
# (its pattern matches it in any case), the others as written.
DIGITS = tuple("0123456789")
_MONTH_CUES = tuple(MONTHS)
_WEEKDAY_CUES = tuple(WEEKDAYS)
_UNIT_CUES = ("week", "month", "year")


def _first_words(phrases: Iterable[str]) -> tuple[str, ...]:
    """Each phrase's first word (up to a space or apostrophe), which a match of it contains."""
    return tuple(sorted({re.split(r"[\s'’]", p, maxsplit=1)[0] for p in phrases}))


def _pairs(first: Iterable[str], second: Iterable[str]) -> tuple[str, ...]:
    """Cues of two words, one of each list: a pattern that needs a word of both."""
    return tuple(f"{a} {b}" for a in first for b in second)


@dataclass(frozen=True)
class Cues:
    """A pattern's cues: a text can match it only if it holds one. A cue of several words
    ("the day before", "years ago") is held when each of its words is, in any order: a
    pattern that needs two words is skipped on text holding only one of them ("the",
    "years"), which is most text."""

    words: tuple[str, ...]
    folded: bool = False  # compared with the lower-cased text
    parts: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)
    # each cue's longest word, any of which a text holding a cue holds: one regular
    # expression finds them at C speed (a loop of ``in`` tests over thirty month spellings
    # cost as much as the patterns it spared)
    _longest: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _one_word_each: bool = field(init=False, repr=False, compare=False)
    # the words of all cues, each once, and each cue's words as a set: a text's words are
    # looked for once, then each cue is one subset test (the pairs of ``_pairs`` repeat
    # each word many times)
    _words: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _word_sets: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = tuple(tuple(w.split(" ")) for w in self.words)
        longest = {max(cue, key=len) for cue in parts}
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "_one_word_each", all(len(cue) == 1 for cue in parts))
        object.__setattr__(self, "_longest", re.compile(
            "|".join(re.escape(w) for w in sorted(longest, key=len, reverse=True))))
        object.__setattr__(self, "_words", tuple(sorted({w for cue in parts for w in cue})))
        object.__setattr__(self, "_word_sets", tuple(frozenset(cue) for cue in parts))

    def held_by(self, text: str) -> bool:
        if self._longest.search(text) is None:
            return False
        if self._one_word_each:
            return True  # the word found is a whole cue
        present = frozenset(w for w in self._words if w in text)
        return any(map(present.issuperset, self._word_sets))


@dataclass(frozen=True)
class Recognizer:
    pattern: re.Pattern[str]
    resolver: Resolver
    cues: Cues


# In this order: the selection prefers the longest match, then the earliest start, then
# the earliest recognizer.
RECOGNIZERS: tuple[Recognizer, ...] = tuple(
    Recognizer(re.compile(pattern), resolver, cues)
    for pattern, resolver, cues in (
        (_YEAR_RANGE, _block, Cues(DIGITS)),
        (_DECADE, _block, Cues(DIGITS)),
        (_ISO_DAY, dates.resolve_iso, Cues(DIGITS)),
        (_MONTH_DAY, dates.resolve_day_month, Cues(_MONTH_CUES)),
        (_DAY_MONTH, dates.resolve_day_month, Cues(_MONTH_CUES)),
        (_MONTH_YEAR, dates.resolve_month_year, Cues(_MONTH_CUES)),
        (_MONTH_RELATIVE_YEAR, dates.resolve_month_relative_year, Cues(_MONTH_CUES)),
        (_MONTH, dates.resolve_month, Cues(_MONTH_CUES)),
        (_WEEKDAY, dates.resolve_weekday, Cues(_WEEKDAY_CUES)),
        (_NAMED_DAY, relative.resolve_named_day,
         Cues(tuple(w.lower() for w in NAMED_DAYS), folded=True)),
        (_HOLIDAY, dates.resolve_holiday, Cues(_first_words(FIXED_HOLIDAYS))),
        (_RELATIVE_UNIT, relative.resolve_relative_unit, Cues(_UNIT_CUES, folded=True)),
        (_RELATIVE_SEASON, relative.resolve_season, Cues(tuple(SEASONS), folded=True)),
        (_SEASON_OF_YEAR, relative.resolve_season, Cues(tuple(SEASONS), folded=True)),
        (_COUNT_AGO, relative.resolve_count_ago,
         Cues(_pairs((*_UNIT_CUES, "day", "decade", "centur"),
                     _first_words(DISTANCE_DIRECTIONS)), folded=True)),
        (_IN_YEARS, relative.resolve_in_years, Cues(("year", "decade"), folded=True)),
        (_ANNIVERSARY, relative.resolve_anniversary, Cues(("anniversary",), folded=True)),
    )
)


# each recognizer's cues, numbered by their first recognizer: the month patterns share
# theirs, and so do the digit and season patterns
_CUE_INDEX: tuple[int, ...] = tuple(
    next(i for i, other in enumerate(RECOGNIZERS) if other.cues == r.cues) for r in RECOGNIZERS)
# the distinct cues, each asked once per text, and each recognizer's place among them
_DISTINCT_CUES: tuple[Cues, ...] = tuple(RECOGNIZERS[i].cues for i in sorted(set(_CUE_INDEX)))
_CUE_PLACE: tuple[int, ...] = tuple(sorted(set(_CUE_INDEX)).index(i) for i in _CUE_INDEX)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def recognizers_for(text: str) -> list[Recognizer]:
    """The recognizers (in order) whose cues ``text`` holds: the only ones that can match."""
    lowered = text.lower()
    # case-insensitive matching also folds a few non-ASCII letters onto ASCII ones (the
    # Kelvin sign onto "k", the long s onto "s"), which lower() does not all do: with such
    # a letter in the text, a folded cue counts as present (the non-ASCII characters are
    # found in C: news text holds curly quotes and dashes, rarely a letter)
    unfoldable = not text.isascii() and any(c.isalpha() for c in _NON_ASCII.findall(text))
    held = [(unfoldable or cues.held_by(lowered)) if cues.folded else cues.held_by(text)
            for cues in _DISTINCT_CUES]
    return [r for r, place in zip(RECOGNIZERS, _CUE_PLACE, strict=True) if held[place]]


# Years need a cue before them ("in 2019", "since 2000", "the 2018 summit", "mid-2019");
# a list after one cue yields every year ("in 2019 and 2023", "from 1961, 2000, and 2001").
_YEAR_LIST = re.compile(
    r"\b(?P<cue>" + _CI(alternation(_LEX.ordered("YEAR_CUES"))) + r")[\s-]+(?P<x>"
    + _YEAR
    + r"(?:(?:\s*,\s*(?:" + _CI("and|or") + r"\s+)?|\s+" + _CI("and|or|to") + r"\s+)"
    + _YEAR
    + r")*)"
)
_YEAR_TOKEN = re.compile(_YEAR)


def cued_years(text: str) -> Iterator[re.Match[str]]:
    """Every four-digit year of ``text`` that a cue makes a date, as a match of the year."""
    if not any(d in text for d in DIGITS):
        return
    for m in _YEAR_LIST.finditer(text):
        if m.group("cue").lower() == "the" and not re.match(r"\s+[A-Za-z]", text[m.end() :]):
            continue  # "the 2018 summit" is a year, "the 2000" of a count is not
        yield from _YEAR_TOKEN.finditer(text, m.start("x"), m.end("x"))
