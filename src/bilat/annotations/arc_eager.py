"""The dependency parser's arc-eager moves (spaCy's ``ArcEager``), for a batch of states at once.

Written to measure whether the parser's moves pay in NumPy as the recogniser's did
(:mod:`bilat.annotations.biluo`); see docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.tokens import Doc

MOVE_LETTERS = "SDLRB"  # spaCy's MOVE_NAMES: shift, reduce ("D"), left, right, break
SHIFT, REDUCE, LEFT, RIGHT, BREAK = range(len(MOVE_LETTERS))
N_FEATURES = 8  # B0, B1, S0, S1, S2, L(B0, 1), L(S0, 1), R(S0, 1)

Scores = Callable[[numpy.ndarray], numpy.ndarray]


@dataclass(frozen=True)
class ArcEagerMoves:
    kinds: numpy.ndarray  # (moves,)
    labels: numpy.ndarray  # (moves,) uint64 label ids
    root_label: int


def moves_of(component: Any) -> ArcEagerMoves | None:
    moves = component.moves
    if type(moves).__name__ != "ArcEager":
        return None
    kinds, labels = [], []
    strings = component.vocab.strings
    for i in range(moves.n_moves):
        letter, _, label = moves.get_class_name(i).partition("-")
        if letter not in MOVE_LETTERS or len(letter) != 1 or label == "subtok":
            return None
        kinds.append(MOVE_LETTERS.index(letter))
        labels.append(strings[label] if label else 0)
    return ArcEagerMoves(numpy.array(kinds, dtype="int64"),
                         numpy.array(labels, dtype="uint64"), int(moves.root_label))


def usable(docs: Sequence[Doc]) -> bool:
    return not any(doc.to_array([HEAD, DEP]).any() for doc in docs if len(doc))


def decode(moves: ArcEagerMoves, docs: Sequence[Doc], scores: Scores) -> bool:
    lengths = numpy.array([len(doc) for doc in docs], dtype="int64")
    n_tokens = int(lengths.sum())
    starts = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]]).astype("int64")
    width = int(lengths.max(initial=0)) + 1
    n = len(docs)
    # per token, one more slot at the end for "no token" (index -1)
    preset = numpy.zeros(n_tokens + 1, dtype="int64")
    if n_tokens:
        preset[:-1] = numpy.concatenate(
            [doc.to_array(SENT_START).astype("int64") for doc in docs if len(doc)])
    sent_start = preset == 1
    cannot_start = preset == -1
    unshiftable = numpy.zeros(n_tokens + 1, dtype=bool)
    heads = numpy.full(n_tokens + 1, -1, dtype="int64")
    labels = numpy.zeros(n_tokens + 1, dtype="uint64")
    last_left = numpy.full(n_tokens + 1, -1, dtype="int64")
    last_right = numpy.full(n_tokens + 1, -1, dtype="int64")
    prev = numpy.full(n_tokens + 1, -1, dtype="int64")
    stack = numpy.zeros((n, width), dtype="int64")
    depth = numpy.zeros(n, dtype="int64")
    rebuffer = numpy.zeros((n, width), dtype="int64")
    rdepth = numpy.zeros(n, dtype="int64")
    nexts = starts.copy()
    ends = starts + lengths
    live = numpy.flatnonzero(lengths > 0)
    while len(live):
        dep, rd, bn, en = depth[live], rdepth[live], nexts[live], ends[live]
        rows = stack[live]
        s0 = numpy.where(dep > 0, rows[numpy.arange(len(live)), dep - 1], -1)
        s1 = numpy.where(dep > 1, rows[numpy.arange(len(live)), dep - 2], -1)
        s2 = numpy.where(dep > 2, rows[numpy.arange(len(live)), dep - 3], -1)
        rrows = rebuffer[live]
        at_b = numpy.where(bn < en, bn, -1)
        after_b = numpy.where(bn + 1 < en, bn + 1, -1)
        b0 = numpy.where(rd > 0, rrows[numpy.arange(len(live)), rd - 1], at_b)
        b1 = numpy.where(rd > 1, rrows[numpy.arange(len(live)), rd - 2],
                         numpy.where(rd == 1, at_b, after_b))
        ids = numpy.stack([b0, b1, s0, s1, s2, last_left[b0], last_left[s0], last_right[s0]],
                          axis=1)
        blen = en - bn + rd
        starts_b0 = sent_start[b0]
        kind_valid = numpy.empty((len(live), 5), dtype=bool)
        kind_valid[:, SHIFT] = (dep == 0) | ((blen >= 2) & ~starts_b0 & ~unshiftable[b0])
        kind_valid[:, REDUCE] = (dep > 0) & ((blen == 0) | ~((dep == 1) & cannot_start[b0]))
        kind_valid[:, LEFT] = (dep > 0) & (blen > 0) & ~starts_b0
        kind_valid[:, RIGHT] = kind_valid[:, LEFT]
        kind_valid[:, BREAK] = ((blen >= 2) & (b1 == b0 + 1) & ~sent_start[b1]
                                & ~cannot_start[b1])
        valid = kind_valid[:, moves.kinds]
        scored = scores(ids)
        best = numpy.where(valid, scored, -numpy.inf).argmax(axis=1)
        kind = moves.kinds[best]
        if not kind_valid[numpy.arange(len(live)), kind].all():
            return False
        label = moves.labels[best]
        # arcs: LEFT B0 -> S0, RIGHT S0 -> B0
        left, right = kind == LEFT, kind == RIGHT
        arcs = left | right
        if arcs.any():
            head = numpy.where(left, b0, s0)[arcs]
            child = numpy.where(left, s0, b0)[arcs]
            old = heads[child]
            had = old >= 0
            if had.any():
                o, c = old[had], child[had]
                on_left = o > c
                last = numpy.where(on_left, last_left[o], last_right[o])
                if not (last == c).all():
                    return False  # spaCy leaves such an arc in its list: not covered
                last_left[o[on_left]] = prev[c[on_left]]
                last_right[o[~on_left]] = prev[c[~on_left]]
            is_left = left[arcs]
            prev[child] = numpy.where(is_left, last_left[head], last_right[head])
            last_left[head[is_left]] = child[is_left]
            last_right[head[~is_left]] = child[~is_left]
            heads[child] = head
            labels[child] = label[arcs]
            unshiftable[b0[left]] = False
        reduce = kind == REDUCE
        back = reduce & (heads[s0] < 0) & (dep > 1)
        if back.any():
            unshiftable[s0[back]] = True
            states = live[back]
            rebuffer[states, rdepth[states]] = s0[back]
            rdepth[states] += 1
        pops = left | reduce
        depth[live[pops]] -= 1
        push = (kind == SHIFT) | right
        if push.any():
            states = live[push]
            from_re = rd[push] > 0
            rdepth[states[from_re]] -= 1
            nexts[states[~from_re]] += 1
            stack[states, depth[states]] = b0[push]
            depth[states] += 1
        breaks = kind == BREAK
        sent_start[b1[breaks]] = True
        done = (depth[live] <= 0) & (ends[live] - nexts[live] + rdepth[live] == 0)
        live = live[~done]
    _set_parses(moves, docs, starts, heads[:-1], labels[:-1])
    return True


def _set_parses(moves: ArcEagerMoves, docs: Sequence[Doc], starts: numpy.ndarray,
                heads: numpy.ndarray, labels: numpy.ndarray) -> None:
    tokens = numpy.arange(len(heads), dtype="int64")
    has = heads >= 0
    relative = numpy.where(has, heads - tokens, 0).astype("uint64")
    deps = numpy.where(has, labels, numpy.uint64(moves.root_label)).astype("uint64")
    array = numpy.stack([relative, deps], axis=1)
    for doc, start in zip(docs, starts.tolist(), strict=True):
        if len(doc):
            doc.from_array([HEAD, DEP], array[start : start + len(doc)])
