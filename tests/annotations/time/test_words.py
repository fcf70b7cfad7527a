"""The vocabulary of temporal expressions read from the lexicon (bilat.annotations.time.words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.annotations.time.words import (
    MONTHS,
    NAMED_DAYS,
    RELATIVE_STEPS,
    WEEKDAYS,
    counts,
    month_number,
    month_numbers,
    parse_number,
    parse_ordinal,
)
from bilat.errors import LexiconError
from bilat.lang import Lexicon, load_lexicon

MONTHS_FILE = """version: 1
about: test
sources: [written for this test]
classes:
  MONTH_NAMES: {{about: x, words: [January, June, July]}}
  MONTH_ABBREVIATIONS: {{about: x, words: [{short}]}}
maps:
  STEPS: {{about: x, entries: {{last: "{step}"}}}}
"""


def _lexicon(tmp_path: Path, short: str = "Jan", step: str = "-1") -> Lexicon:
    (tmp_path / "months.yaml").write_text(MONTHS_FILE.format(short=short, step=step),
                                          encoding="utf-8")
    return load_lexicon(tmp_path)


def test_a_month_abbreviation_is_the_month_whose_name_it_begins(tmp_path: Path) -> None:
    assert month_numbers(_lexicon(tmp_path, short="Jul")) == {
        "January": 1, "June": 2, "July": 3, "Jul": 3}


def test_an_abbreviation_that_begins_two_month_names_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="'Ju' must begin exactly one month name"):
        month_numbers(_lexicon(tmp_path, short="Ju"))


def test_a_number_map_holds_whole_numbers(tmp_path: Path) -> None:
    assert counts(_lexicon(tmp_path), "STEPS") == {"last": -1}
    with pytest.raises(LexiconError, match="not a whole number"):
        counts(_lexicon(tmp_path, step="minus one"), "STEPS")


def test_the_bundled_months_and_weekdays_count_in_calendar_order() -> None:
    assert [MONTHS[m] for m in ("January", "May", "Sept", "Sep", "Dec")] == [1, 5, 9, 9, 12]
    assert month_number("Dec.") == 12 and month_number("may") is None  # names are capitalised
    assert WEEKDAYS["Monday"] == 0 and WEEKDAYS["Sunday"] == 6


@pytest.mark.parametrize("phrase, anchor", [
    ("today", ("published", 0)), ("last night", ("published", -1)),
    ("tomorrow", ("published", 1)), ("the same day", ("reference", 0)),
    ("the previous evening", ("reference", -1)), ("the day after", ("reference", 1)),
])
def test_a_named_day_counts_from_publication_or_from_the_narrated_day(
        phrase: str, anchor: tuple[str, int]) -> None:
    assert NAMED_DAYS[phrase] == anchor


def test_relative_words_step_back_stay_or_step_ahead() -> None:
    assert {w: RELATIVE_STEPS[w] for w in ("last", "the previous", "this", "next")} == {
        "last": -1, "the previous": -1, "this": 0, "next": 1}


@pytest.mark.parametrize("token, number", [
    ("24", 24), ("a", 1), ("An", 1), ("three", 3), ("nineteen", 19), ("twenty", 20),
    ("twenty-four", 24), ("seventy five", 75), ("twenty-ten", None), ("hundred", None),
])
def test_number_words_and_compounds_read_as_numbers(token: str, number: int | None) -> None:
    assert parse_number(token) == number


@pytest.mark.parametrize("token, number", [
    ("70th", 70), ("first", 1), ("nineteenth", 19), ("seventieth", 70), ("hundredth", 100),
    ("seventy-fifth", 75), ("twenty first", 21), ("twenty-tenth", None), ("seventy", None),
])
def test_ordinals_read_as_numbers(token: str, number: int | None) -> None:
    assert parse_ordinal(token) == number
