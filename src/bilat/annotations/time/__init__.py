"""Temporal expressions: find them in a sentence and resolve them to ISO dates.

The resolver turns what a news sentence says about *when* into an ISO prefix at the
precision the text supports (``2024-09-13`` day, ``2019-04`` month, ``2017`` year), never
more precise. Three things anchor the resolution:

* ``published``: the document's publication date; deictic words ("yesterday", "last
  week", "on Tuesday", "three decades ago") count from it;
* ``tense`` of the clause the caller cares about: "on Tuesday" in a past clause is the
  latest Tuesday on or before publication, in a future clause the next one on or after;
* ``reference``: the day the text is narrating at that point ("state media reported
  Wednesday ... talks took place the previous day"); anaphoric phrases ("the previous
  day", "two days later", "the same day") count from it. Defaults to ``published``.

Recognition is a set of compiled regular expressions (one per kind of expression); every
kind finds its candidates, the longest non-overlapping candidates win. An absolute
day-month-year in any spelling the patterns take ("Sept. 4, 2017", "19th June 2024") is
read by hand, as dateparser reads it (a test checks every spelling; dateparser's start
costs more than every date of a build); everything relative is calculated here because
dateparser cannot do it the way news needs (see the comments at each resolver).

The package, in the order a match is made and resolved:

* ``words``: the vocabulary (``lang/en/time_words.yaml``, ``numbers.yaml``) as lookups and
  regex alternations;
* ``patterns``: the regular expressions, each paired with its resolver;
* ``context``: publication date, reference day and tense, and the rules that depend only
  on them (which year a year-less date belongs to);
* ``dates`` and ``relative``: the resolvers of named dates ("June 4", "on Tuesday") and of
  expressions counted from an anchor ("yesterday", "last week", "three decades ago");
* ``arithmetic``: calendar arithmetic on :class:`datetime.date`, no text;
* this module: the public functions and the choice among overlapping candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from bilat import partial_date
from bilat.annotations.time.arithmetic import UNRESOLVED, Resolution, year_value
from bilat.annotations.time.context import BLOCK, IGNORE, Context, make_context
from bilat.annotations.time.patterns import (
    Resolver,
    cued_years,
    is_period_to_date,
    recognizers_for,
)
from bilat.annotations.time.words import month_number
from bilat.model import Precision, TimeExpression

__all__ = ["candidate_texts", "find_time_expressions", "forget_matches", "is_period_to_date",
           "resolve_expression"]


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    resolution: Resolution
    keep: bool = True


# --------------------------------------------------------------------------- selection


@lru_cache(maxsize=1024)
def _matches(text: str) -> tuple[tuple[Resolver, re.Match[str]], ...]:
    """Every recognizer's matches in ``text``, in recognizer order. Matching does not depend
    on the publication date, tense or reference day (resolving does), and extraction asks
    about one sentence with several of those: the patterns run once per sentence."""
    return tuple((r.resolver, m) for r in recognizers_for(text) for m in r.pattern.finditer(text))


@lru_cache(maxsize=1024)
def _years(text: str) -> tuple[_Hit, ...]:
    return tuple(_Hit(m.start(), m.end(), year_value(int(m.group()))) for m in cued_years(text))


def candidate_texts(text: str) -> tuple[str, ...]:
    """The text of every span a recognizer matches in ``text``, before any is resolved or
    chosen: each expression :func:`find_time_expressions` reports is one of them (or a
    year). A rule that wants only expressions of a certain shape tests these first and
    spares resolving a sentence's dates (with its own reference day) when none has it."""
    return tuple(text[m.start("x") : m.end("x")] for _, m in _matches(text)
                 if m.start("x") != m.end("x"))


def forget_matches() -> None:
    """Empty the per-sentence match caches (a build does before each document, so that
    what a document costs does not depend on the documents before it)."""
    _matches.cache_clear()
    _years.cache_clear()


def _candidates(ctx: Context) -> Iterator[_Hit]:
    text = ctx.text
    for resolver, m in _matches(text):
        start, end = m.span("x")
        if start == end:
            continue
        try:
            outcome = resolver(m, ctx)
        except (ValueError, OverflowError):
            # Calendar arithmetic at the edges of datetime's range (years 1 and 9999)
            # has no answer; the expression is still reported, unresolved.
            outcome = UNRESOLVED
        if outcome == IGNORE:
            continue
        if outcome == BLOCK:
            yield _Hit(start, end, UNRESOLVED, keep=False)
        else:
            assert isinstance(outcome, tuple)
            yield _Hit(start, end, outcome)
    yield from _years(text)


def _longest_non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    """Longest first (earlier start on ties); a chosen span excludes all it overlaps."""
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _not_after_publication(resolution: Resolution, ctx: Context) -> Resolution:
    """What a past clause reports happened by publication: a later date is a misreading
    (or the wrong anchor), so it is dropped rather than reported."""
    value = resolution[0]
    if ctx.tense != "past" or value is None or ctx.published is None:
        return resolution
    first = partial_date.first_day(value)
    return resolution if first is not None and first <= ctx.published else UNRESOLVED


# --------------------------------------------------------------------------- public API


def find_time_expressions(
    text: str,
    published: str | None,
    *,
    tense: str = "past",
    reference: str | None = None,
    offset: int = 0,
) -> list[TimeExpression]:
    """Temporal expressions in ``text`` (typically one sentence), in text order.

    ``offset`` is added to every start/end (pass the sentence's start in the document).
    Expressions that cannot be resolved (relative ones without ``published``) are still
    returned, with ``value`` and ``precision`` None, so the caller knows a date was stated.
    """
    ctx = make_context(text, published, tense, reference)
    expressions = []
    for hit in _longest_non_overlapping(list(_candidates(ctx))):
        if not hit.keep:
            continue
        value, precision = _not_after_publication(hit.resolution, ctx)
        expressions.append(
            TimeExpression(
                start=hit.start + offset,
                end=hit.end + offset,
                text=text[hit.start : hit.end],
                value=value,
                precision=precision,
            )
        )
    return expressions


def resolve_expression(
    expression: str,
    published: str | None,
    *,
    tense: str = "past",
    reference: str | None = None,
) -> tuple[str | None, Precision | None]:
    """Resolve one expression the caller already knows is temporal ("on 9 May", "last
    week"). Returns ``(value, precision)`` of its longest reading, or ``(None, None)``."""
    found = find_time_expressions(expression, published, tense=tense, reference=reference)
    if not found and month_number(expression.strip()) is not None:
        # A bare month name handed over on its own is a month, not the modal "may".
        found = find_time_expressions(
            "in " + expression.strip(), published, tense=tense, reference=reference
        )
    if not found:
        return UNRESOLVED
    best = max(found, key=lambda e: e.end - e.start)
    return best.value, best.precision
