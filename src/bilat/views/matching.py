"""How a predicted event is paired with a gold event (EVENTS.md, scorer v2).

Within one document, a prediction and a gold event are *matchable* when they have the same
type and an actor in common (or, where gold names no actor, the same set of countries).
Among all one-to-one pairings the scorer takes the one best for the prediction: the most
required gold events matched, then the most predictions absorbed by optional gold, then the
best-fitting pairs. That is a maximum-weight bipartite matching, solved per document.

Names and places are compared the way EVENTS.md says, with the reference scorer's own
folding, not bilat's wider person matching (which also drops military and state titles):
the figures of ``bilat eval`` must equal the reference scorer's to the last digit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

Event = Mapping[str, Any]

# The romanisation folds of EVENTS.md's reference scorer, in its order.
_FOLDS = (("x", "ks"), ("kh", "h"), ("ey", "ei"), ("y", "i"), ("ii", "i"), ("oo", "u"), ("ou", "u"))
_HONORIFIC = re.compile(r"^(mr|mrs|ms|dr)\.?\s+")


@lru_cache(maxsize=16384)
def scorer_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a name: ``"Sergey Shoygu"`` -> ``("sergei", "shoigu")``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    folded = _HONORIFIC.sub("", folded)
    out = []
    for token in re.split(r"[^a-z]+", folded):
        for old, new in _FOLDS:
            token = token.replace(old, new)
        if token:
            out.append(token)
    return tuple(out)


def same_name(a: str, b: str) -> bool:
    """Equal folded spellings, or one name's tokens a subset of the other's."""
    ta, tb = scorer_tokens(a), scorer_tokens(b)
    if not ta or not tb:
        return False
    if "".join(ta) == "".join(tb):
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return set(short) <= set(long_)


def place_key(place: str | None) -> str | None:
    return "".join(scorer_tokens(place)) if place else None


def date_credit(pred: str | None, gold: str | None) -> float | None:
    """1 when equal or finer, 0.5 when coarser but consistent, 0 when wrong; None without a
    gold date."""
    if gold is None:
        return None
    if pred is None:
        return 0.0
    if pred.startswith(gold):
        return 1.0
    if gold.startswith(pred):
        return 0.5
    return 0.0


def same_countries(g: Event, p: Event) -> bool:
    return set(p.get("countries") or []) == set(g.get("countries") or [])


def matchable(g: Event, p: Event) -> bool:
    """Same type, and an actor in common (or, where gold names none, the same countries)."""
    if p.get("type") != g["type"]:
        return False
    if g["actors"]:
        return any(same_name(x, y) for x in p.get("actors") or [] for y in g["actors"])
    return same_countries(g, p)


def fit(g: Event, p: Event) -> float:
    """How well a matchable pair fits beyond type and actors (0 .. 3.35): date credit, same
    countries, share of gold actors named, same place, same status."""
    credit = date_credit(p.get("date"), g.get("date"))
    if credit is None:
        credit = 1.0 if p.get("date") is None else 0.5
    score = credit + (0.5 if same_countries(g, p) else 0.0)
    if g["actors"]:
        named = sum(1 for a in g["actors"] if any(same_name(x, a) for x in p.get("actors") or []))
        score += 0.5 * named / len(g["actors"])
    score += 0.25 if place_key(p.get("location")) == place_key(g.get("location")) else 0.0
    return score + (0.1 if p.get("status") == g.get("status") else 0.0)


def all_fields_right(g: Event, p: Event) -> bool:
    """Date equal or finer (null where gold is null), place where gold has one, status and
    countries."""
    credit = date_credit(p.get("date"), g.get("date"))
    date_ok = p.get("date") is None if g.get("date") is None else credit == 1.0
    place_ok = not g.get("location") or place_key(p.get("location")) == place_key(g["location"])
    return date_ok and place_ok and p.get("status") == g["status"] and same_countries(g, p)


def max_weight_matching(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Row -> column pairs of a maximum total weight; pairs of weight 0 are dropped.

    Written here rather than taken from scipy's ``linear_sum_assignment``: when two pairings
    weigh the same, which one wins decides the field figures, and ``bilat eval`` must take
    the same one as the reference scorer. So this is the same algorithm (Kuhn-Munkres with
    potentials, rows added one at a time, O(n^2 m)), visiting rows and columns in the same
    order. Documents hold tens of events, so its cost does not matter.
    """
    if not weights or not weights[0]:
        return []
    flipped = len(weights) > len(weights[0])
    if flipped:
        rows = [list(col) for col in zip(*weights, strict=True)]
    else:
        rows = [list(r) for r in weights]
    pairs = _assign_rows(rows)
    pairs = [(r, c) for r, c in pairs if rows[r][c] > 0]
    return [(c, r) for r, c in pairs] if flipped else pairs


def _assign_rows(w: list[list[float]]) -> list[tuple[int, int]]:
    """Kuhn-Munkres on costs -w for n <= m rows; 1-based potentials u, v, column owner p."""
    n, m = len(w), len(w[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0], col = row, 0
        slack, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[col] = True
            r, delta, next_col = owner[col], inf, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = -w[r - 1][j - 1] - u[r] - v[j]
                if reduced < slack[j]:
                    slack[j], way[j] = reduced, col
                if slack[j] < delta:
                    delta, next_col = slack[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            col = next_col
            if owner[col] == 0:
                break
        while col:  # flip the augmenting path
            prev = way[col]
            owner[col] = owner[prev]
            col = prev
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]


def match_document(gold: Sequence[Event], pred: Sequence[Event]) -> list[tuple[int, int]]:
    """(gold index, prediction index) pairs of the best one-to-one pairing of one document.

    A required gold event weighs 2 and an optional one 1, so that no gain in fit (at most
    0.0335) outweighs one more event matched; the fit breaks ties between pairings.
    """
    weights = [[(1 if g.get("optional") else 2) + 0.01 * fit(g, p) if matchable(g, p) else 0.0
                for p in pred] for g in gold]
    return sorted(max_weight_matching(weights))


def strict_pairs(gold: Sequence[Event], pred: Sequence[Event]) -> list[tuple[int, int]]:
    """The most required gold events a prediction states with every field right, one-to-one."""
    weights = [[1.0 if not g.get("optional") and matchable(g, p) and all_fields_right(g, p) else 0.0
                for p in pred] for g in gold]
    return sorted(max_weight_matching(weights))
