"""What a pipeline gave a repeated input, remembered per process (see
:func:`bilat.annotations.nlp.parse_many`): a paragraph's analysis by its text, the entity
recogniser's labels of a paragraph or a window by its words.

**Why by hand.** News repeats whole paragraphs (wire copies, boilerplate): the benchmark's
mix parses 6,348 paragraphs of 1,977 distinct texts. spaCy remembers lexemes, not a
pipeline's output, and a generic memoiser (``functools.lru_cache``) would key on the
``Doc`` objects, which differ for each repeat.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy
from spacy.language import Language

# Tokens remembered per pipeline and kind, about 430 bytes each for a parse (its arrays and
# its tensor's row), 32 for entities: at most some 43 MB. The memory starts again when full
# (the benchmark's mix has 45,393 tokens in its distinct parsed paragraphs).
MAX_REMEMBERED_TOKENS = 100_000


@dataclass
class Remembered:
    """What a pipeline gave each key, and how many tokens that covers."""

    names: tuple[str, ...]  # the pipeline's enabled components when it was remembered
    by_key: dict[Hashable, tuple[numpy.ndarray, ...]] = field(default_factory=dict)
    tokens: int = 0

    def remember(self, key: Hashable, value: tuple[numpy.ndarray, ...], tokens: int) -> None:
        if self.tokens + tokens > MAX_REMEMBERED_TOKENS:
            self.by_key.clear()
            self.tokens = 0
        self.by_key[key] = value
        self.tokens += tokens


_KEPT: weakref.WeakKeyDictionary[Language, dict[str, Remembered]] = weakref.WeakKeyDictionary()


def remembered(nlp: Language, kind: str) -> Remembered:
    """What ``nlp`` gave for ``kind`` ("parse", "entities"), forgotten when its enabled
    components change."""
    kinds = _KEPT.setdefault(nlp, {})
    kept = kinds.get(kind)
    if kept is None or kept.names != tuple(nlp.pipe_names):
        kept = kinds[kind] = Remembered(tuple(nlp.pipe_names))
    return kept
