"""Cue words: a recognizer runs only on text that holds one of its pattern's cues.

The rule: every match of a pattern contains one of its cues (as written, or lower-cased
for a folded cue), so skipping a text without them changes no match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.annotations.test_time import CASES

from bilat.annotations.time.patterns import RECOGNIZERS, Recognizer, recognizers_for

SENTENCES = [text for text, *_ in CASES] + [
    "The talks were held in the capital.",
    "Christmas Eve 2019 and New Year’s Day were quiet; three decades ago it was not.",
    "In the 1990s and in 2019-2020 the ministers met on 2024-06-19, Tuesday of last week.",
    "the 70th anniversary last fall, in mid-July, early this month, in 24 years",
]


def _holds_cue(recognizer: Recognizer, matched: str) -> bool:
    """Every word of one of the cues (a cue may be several words) is in the match."""
    words, folded = recognizer.cues.words, recognizer.cues.folded
    text = matched.lower() if folded else matched
    return any(all(part in text for part in cue.split()) for cue in words)


def _all_matches(text: str, recognizers: Iterable[Recognizer]) -> list[tuple[str, tuple[int, int]]]:
    return [(r.pattern.pattern, m.span()) for r in recognizers for m in r.pattern.finditer(text)]


def test_every_match_holds_one_of_its_patterns_cues() -> None:
    found = 0
    for text in SENTENCES:
        for recognizer in RECOGNIZERS:
            for m in recognizer.pattern.finditer(text):
                found += 1
                assert _holds_cue(recognizer, m.group()), (recognizer.pattern.pattern, m.group())
    assert found > len(SENTENCES)


def test_skipping_texts_without_cues_finds_the_same_matches() -> None:
    for text in SENTENCES:
        assert _all_matches(text, recognizers_for(text)) == _all_matches(text, RECOGNIZERS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["On", "Tuesday", "June", "4", "2019", "last", "week", "ago",
                                 "three", "years", "the", "previous", "day", "ſ", "K", ",",
                                 "mid-", "fall", "anniversary", "Christmas", "Eve", "in",
                                 "before", "after", "earlier", "that", "same", "morning",
                                 "today", "Days", "decades", "ahead", "of", "this"]),
                max_size=12))
def test_skipping_is_exact_on_any_mix_of_date_words(words: list[str]) -> None:
    text = " ".join(words)
    assert _all_matches(text, recognizers_for(text)) == _all_matches(text, RECOGNIZERS)


def test_a_sentence_without_digits_or_dates_skips_the_date_patterns() -> None:
    assert list(recognizers_for("The ministers held talks in the capital.")) == []
    kept = list(recognizers_for("The ministers held talks in the capital the day before."))
    assert kept and len(kept) < len(RECOGNIZERS) / 2


def test_a_non_ascii_letter_that_folds_onto_ascii_keeps_the_folded_patterns() -> None:
    # "yeſterday" (long s) is "yesterday" to a case-insensitive pattern, not to lower()
    folded = [r for r in RECOGNIZERS if r.cues.folded]
    assert set(folded) <= set(recognizers_for("It happened yeſterday."))


def test_a_pattern_that_needs_two_words_skips_text_with_one() -> None:
    """Rule: "three years ago" needs a unit and a direction word, "the day before" each of
    its words; "the" or "years" alone does not send a text to those patterns."""
    count_ago, named_day = (next(r for r in RECOGNIZERS if r.resolver.__name__ == name)
                            for name in ("resolve_count_ago", "resolve_named_day"))
    assert count_ago not in set(recognizers_for("The talks of the past three years went on."))
    assert count_ago in set(recognizers_for("It went on three years ago."))
    assert named_day not in set(recognizers_for("The minister said that the talks went on."))
    assert named_day in set(recognizers_for("They met the day before."))


_LOOK_AHEAD = "(?="


def _without_look_ahead(recognizer: Recognizer) -> re.Pattern[str]:
    """The pattern without the look-ahead at its matches' first characters (``_led_by``)."""
    pattern = recognizer.pattern.pattern
    return re.compile(pattern[pattern.index("]))") + 3 :])


LED = [r for r in RECOGNIZERS if r.pattern.pattern.startswith(_LOOK_AHEAD)]


def test_the_look_ahead_at_first_characters_changes_no_match() -> None:
    """Rule: a look-ahead at the characters a match can start with holds at every start,
    a function word's first letter in any case (the long s, the Kelvin sign) included."""
    assert len(LED) >= 6  # the month and weekday patterns
    texts = [*SENTENCES, "ſtart of June 2019", "the ſtart of May, Between Monday, June 4",
             "EARLY JUNE 2019", "Later Tuesday", "paſt Friday", "3rd of July", "Kelvin"]
    found = 0
    for recognizer in LED:
        plain = _without_look_ahead(recognizer)
        for text in texts:
            led = [(m.span(), m.groupdict()) for m in recognizer.pattern.finditer(text)]
            assert led == [(m.span(), m.groupdict()) for m in plain.finditer(text)], text
            found += len(led)
    assert found > 10 * len(LED)  # (the texts hold dates for each pattern)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["June", "Sept.", "May", "Tuesday", "4", "19th", "2019",
                                 "between", "from", "the", "of", "early", "ſtart", "mid-",
                                 "middle", "last", "next", "paſt", "coming", "later", "on",
                                 "This", "year", "week", ",", "-", "to", "and"]),
                max_size=12))
def test_the_look_ahead_changes_no_match_on_any_mix_of_date_words(words: list[str]) -> None:
    text = " ".join(words)
    for recognizer in LED:
        assert ([m.span() for m in recognizer.pattern.finditer(text)]
                == [m.span() for m in _without_look_ahead(recognizer).finditer(text)])
