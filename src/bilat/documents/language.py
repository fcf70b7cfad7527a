"""Is this text English? py3langid, weighted by paragraph so stray lines cannot flip it."""

from __future__ import annotations

from collections import Counter

import py3langid

MIN_LETTERS_TO_DECIDE = 80  # below this, language identification is a coin toss
MIN_LETTERS_PER_BLOCK = 20
# Rejecting an English article loses it, while a foreign one taken finds no events, so
# doubt favours English: English wins when its log-probability is within this many nats
# per letter of the best language's. py3langid puts short, name-heavy English news a hair
# behind Nigerian Pidgin or Bikol (0.03-0.05 per letter); a real German, French, Dutch or
# Indonesian paragraph is 1.8 or more behind.
ENGLISH_MARGIN_PER_LETTER = 0.5


def letter_count(text: str) -> int:
    return sum(map(str.isalpha, text))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language most of ``text`` is written in; None if too short.

    The whole text is classified first. When that is not English, each line votes with its
    number of letters: a news page with a Hangul name line or a Cyrillic "OK" button is
    still English because its paragraphs are.
    """
    if letter_count(text) < MIN_LETTERS_TO_DECIDE:
        return None
    language = _classify(text)
    if language == "en":
        return language
    votes: Counter[str] = Counter()
    for block in text.splitlines():
        letters = letter_count(block)
        if letters >= MIN_LETTERS_PER_BLOCK:
            votes[_classify(block)] += letters
    if not votes:
        return language
    return votes.most_common(1)[0][0]


def _classify(text: str) -> str:
    """The most likely language, or English when English is nearly as likely."""
    ranked = py3langid.rank(text)  # (language, log probability), most likely first
    best_language, best = ranked[0]
    english = dict(ranked).get("en")
    if english is not None and best - english <= ENGLISH_MARGIN_PER_LETTER * letter_count(text):
        return "en"
    return str(best_language)
