"""Is this text English? py3langid, weighted by paragraph so stray lines cannot flip it."""

from __future__ import annotations

from collections import Counter

import py3langid

MIN_LETTERS_TO_DECIDE = 80  # below this, language identification is a coin toss
MIN_LETTERS_PER_BLOCK = 20


def letter_count(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language most of ``text`` is written in; None if too short.

    The whole text is classified first. When that is not English, each line votes with its
    number of letters: a news page with a Hangul name line or a Cyrillic "OK" button is
    still English because its paragraphs are.
    """
    if letter_count(text) < MIN_LETTERS_TO_DECIDE:
        return None
    language = str(py3langid.classify(text)[0])
    if language == "en":
        return language
    votes: Counter[str] = Counter()
    for block in text.splitlines():
        letters = letter_count(block)
        if letters >= MIN_LETTERS_PER_BLOCK:
            votes[str(py3langid.classify(block)[0])] += letters
    if not votes:
        return language
    return votes.most_common(1)[0][0]
