"""Full-text search that behaves the same on SQLite (FTS5) and PostgreSQL (tsvector).

Both engines tokenise differently (PostgreSQL keeps ``jong-un`` as one more lexeme,
parses ``2024-06-13`` as numbers with signs ...). To make a plain word query match the
same rows on both, bilat tokenises itself: the indexed body and the query are both
reduced to lower-case, diacritic-free runs of letters and digits separated by spaces, and
a query matches a mention when every query word is a word of that mention's body
(evidence + document title + document name). Query words are bound parameters and only
ever letters/digits, so no query syntax (FTS5 ``NEAR``, tsquery ``!``) can be injected.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import Select, TextClause, bindparam, select, text

from bilat.store.tables import mention_search

_WORD = re.compile(r"[^\W_]+")


def words(value: str | None) -> list[str]:
    """Folded words of ``value``: ``"Kim Jong-un's"`` -> ``["kim", "jong", "un", "s"]``."""
    if not value:
        return []
    if value.isascii():  # nothing to decompose or strip (most text: a build folds ~1M chars)
        return _WORD.findall(value.lower())
    folded = unicodedata.normalize("NFKD", value)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return _WORD.findall(folded)


def search_body(evidence: str, title: str | None, name: str | None) -> str:
    return " ".join(words(evidence) + words(title) + words(name))


def query_terms(q: str | None) -> tuple[str, ...]:
    """The distinct folded words of a query, sorted: what every match must hold."""
    return tuple(sorted(set(words(q))))


def fts_query(terms: tuple[str, ...] | list[str]) -> str:
    """An FTS5 query asking for every term: each double-quoted, a string, never an operator."""
    return " ".join(f'"{t}"' for t in terms)


def matching_mentions(dialect: str, q: str) -> Select[tuple[int]] | None:
    """A SELECT of the ``mentions.seq`` whose body contains every word of ``q``; None
    when ``q`` has no words (the filter is then ignored on both backends)."""
    terms = query_terms(q)
    if not terms:
        return None
    condition: TextClause
    if dialect == "sqlite":
        condition = text("mention_search MATCH :fts_query").bindparams(
            bindparam("fts_query", fts_query(terms))
        )
    else:
        condition = text(
            "to_tsvector('simple', mention_search.body) @@ to_tsquery('simple', :ts_query)"
        ).bindparams(bindparam("ts_query", " & ".join(terms)))
    return select(mention_search.c.rowid).where(condition)
