"""Search results' snippets: the evidence a full-text search matched, with the query's words
wrapped in ``<mark>`` (each piece of text escaped). A word matches as the search matches it:
folded to lower case without diacritics (:func:`bilat.store.search.words`)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from bilat.store.base import SearchMatch
from bilat.store.search import words

_TOKEN = re.compile(r"[^\W_]+")


def marked(text: str, terms: set[str]) -> tuple[Markup, int]:
    """``text`` as HTML with every word in ``terms`` marked, and how many were marked.
    Tokens are cut as :func:`~bilat.store.search.words` cuts them, then each is folded."""
    out: list[Markup] = []
    pos, hits = 0, 0
    for token in _TOKEN.finditer(text):
        if set(words(token.group())) & terms:
            out += [escape(text[pos:token.start()]),
                    Markup("<mark>") + escape(token.group()) + Markup("</mark>")]  # fmt: skip
            pos, hits = token.end(), hits + 1
    out.append(escape(text[pos:]))
    return Markup("").join(out), hits


def snippet(match: SearchMatch, q: str) -> Markup:
    """The matched evidence with the words of ``q`` marked, and the document's title after it
    when some of the words are not in the evidence (the search matched them there)."""
    terms = set(words(q))
    evidence, _ = marked(match.evidence, terms)
    if terms <= set(words(match.evidence)):
        return evidence
    title, _ = marked(match.title, terms)
    return evidence + Markup(' <span class="snippet-title">(title: ') + title + Markup(")</span>")
