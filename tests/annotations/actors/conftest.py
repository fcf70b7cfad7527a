"""Hand-built spaCy Docs (words, tags, heads and labels given): the syntax predicates of
bilat.annotations.actors are tested on them with no model, as spaCy's own tests do."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from bilat.knowledge.kb import KnowledgeBase, load_kb

# English's lexical attributes (is_title, is_alpha, is_punct, lower_), no trained model
_VOCAB = English().vocab
_NO_SPACE_BEFORE = {",", ".", "'s", "’s", ";", ")"}

def doc_of(text: str, *, pos: str | None = None, heads: list[int] | None = None,
           deps: str | None = None, ents: str | None = None) -> Doc:
    """A Doc of ``text`` split at spaces ("Son - hui" joins its pieces without spaces; a
    comma, stop or possessive joins the token before); ``pos``, ``deps`` and ``ents`` are
    space-separated, one per token; ``heads`` are absolute token indexes."""
    words = text.split()
    spaces = [True] * len(words)
    for i, word in enumerate(words):
        if i and (word in _NO_SPACE_BEFORE or word == "-" or words[i - 1] == "-"):
            spaces[i - 1] = False
    spaces[-1] = False
    return Doc(_VOCAB, words=words, spaces=spaces, pos=pos.split() if pos else None,
               heads=heads, deps=deps.split() if deps else None,
               ents=ents.split() if ents else None)


@pytest.fixture(scope="session")
def make_doc() -> Callable[..., Doc]:
    return doc_of


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()
