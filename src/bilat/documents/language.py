"""Is this text English? py3langid, weighted by paragraph so stray lines cannot flip it."""

from __future__ import annotations

import re
from collections import Counter

import py3langid

from bilat.lang import lexicon

MIN_LETTERS_TO_DECIDE = 80  # below this, language identification is a coin toss
MIN_LETTERS_PER_BLOCK = 20
# Rejecting an English article loses it, while a foreign one taken finds no events, so
# doubt favours English: English wins when its log-probability is within this many nats
# per letter of the best language's. py3langid puts short, name-heavy English news a hair
# behind Nigerian Pidgin or Bikol (0.03-0.05 per letter); a real German, French, Dutch or
# Indonesian paragraph is 1.8 or more behind.
ENGLISH_MARGIN_PER_LETTER = 0.5

_LEX = lexicon()
ENGLISH_FUNCTION_WORDS = _LEX.words("ENGLISH_FUNCTION_WORDS")
ENGLISH_FUNCTION_SHARE = _LEX.real("ENGLISH_FUNCTION_SHARE")
ENGLISH_ASCII_SHARE = _LEX.real("ENGLISH_ASCII_SHARE")
ENGLISH_TEST_MIN_WORDS = _LEX.number("ENGLISH_TEST_MIN_WORDS")


# an ASCII character is a letter (str.isalpha) exactly when it is A-Z or a-z
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def letter_count(text: str) -> int:
    """``sum(map(str.isalpha, text))``, with the ASCII characters counted in C: a test of
    each character in Python cost a fifth of language identification."""
    ascii_part = text.encode("ascii", "ignore")
    letters = len(ascii_part.translate(None, _ASCII_NOT_LETTERS))
    if len(ascii_part) < len(text):
        letters += sum(map(str.isalpha, _ASCII_RUNS.sub("", text)))
    return letters


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language most of ``text`` is written in; None if too short.

    The whole text is classified first. When that is not English, each line votes with its
    number of letters: a news page with a Hangul name line or a Cyrillic "OK" button is
    still English because its paragraphs are.
    """
    letters = letter_count(text)
    if letters < MIN_LETTERS_TO_DECIDE:
        return None
    if plainly_english(text, letters):
        return "en"  # what the identifier says of such a text, at a small part of its cost
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


def plainly_english(text: str, letters: int) -> bool:
    """Long enough, nearly all in unaccented Latin letters, and enough of its words English
    function words (``lang/en/language_id.yaml``): English, and so within the identifier's
    margin for English (a test
    checks that the identifier agrees on every text of the development and benchmark
    sets). Anything else is left to the identifier."""
    words = text.lower().split()
    if len(words) < ENGLISH_TEST_MIN_WORDS:
        return False
    ascii_letters = letter_count(text.encode("ascii", "ignore").decode("ascii"))
    if ascii_letters < ENGLISH_ASCII_SHARE * letters:
        return False
    function = sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words))  # (counted in C)
    return function >= ENGLISH_FUNCTION_SHARE * len(words)


def _classify(text: str) -> str:
    """The most likely language, or English when English is nearly as likely."""
    ranked = py3langid.rank(text)  # (language, log probability), most likely first
    best_language, best = ranked[0]
    english = dict(ranked).get("en")
    if english is not None and best - english <= ENGLISH_MARGIN_PER_LETTER * letter_count(text):
        return "en"
    return str(best_language)
