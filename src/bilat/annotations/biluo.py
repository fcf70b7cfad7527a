"""The entity recogniser's moves (spaCy's ``BiluoPushDown``), for a batch of states at once.

**Why by hand.** spaCy's compiled ``transition_states`` checks, for every state, each of
the recogniser's 74 moves through ``StateC`` methods that take and drop the GIL on each
call (perf: ``PyGILState_Ensure``/``Release`` and ``pthread_getspecific`` at the top of a
profile of the recogniser's moves): 9 us a state, against 0.5 us for the parser's moves.
No setting or library offers the moves without it. But the recogniser's moves are simple:
every move consumes exactly one token (spaCy pushes and pops it), so at step ``t`` every
unfinished state is at its doc's token ``t``, and what a state holds besides is whether
an entity is open, where it starts and its label. So this module keeps those three as
arrays over a batch's docs (longest first: the unfinished states are always a prefix) and
makes a step's validity, argmax and move with a few NumPy operations for all of them.

**The same moves.** The validity rules are ``ner.pyx``'s (``Begin``, ``In``, ``Last``,
``Unit``, ``Out``; ``Missing`` is never valid) for docs without preset entities, which is
all this module accepts (:func:`usable`: any preset entity, and the caller takes spaCy's
own moves): then a rule reads only whether an entity is open and its label, the move's
label, whether the next token exists and does not start a sentence, and whether the
token is whitespace. The best move is the first highest-scoring valid one, as spaCy's
``arg_max_if_valid`` picks it; the features of a state are ``StateC.set_context_tokens``'s
for three slots (the token, the open entity's first token, the token before). Entities
are set as spaCy's ``BiluoPushDown.set_annotations`` sets them on a doc without presets:
each span with its label, every other token outside (``O``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE, IS_SPACE, SENT_START
from spacy.tokens import Doc, Span

# spaCy's BILUO moves, by the letter their names begin with ("B-PERSON", "O"; "M": missing)
MOVE_LETTERS = "BILUOM"
BEGIN, IN, LAST, UNIT, OUT, MISSING = range(len(MOVE_LETTERS))
N_FEATURES = 3  # the token, the open entity's first token, the token before

# Given a step's feature token ids (states, N_FEATURES; -1: none), the states' scores.
Scores = Callable[[numpy.ndarray], numpy.ndarray]


@dataclass(frozen=True)
class EntityMoves:
    """A recogniser's moves: each move's kind and label (an index into ``labels``, 0: none),
    and which moves are valid in each situation a state can be in (see :func:`moves_of`)."""

    kinds: numpy.ndarray  # (moves,)
    label_ids: numpy.ndarray  # (moves,)
    labels: tuple[str, ...]  # label index -> label ("" at 0)
    # no entity open: [next token exists and starts no sentence, token is no whitespace]
    closed: numpy.ndarray  # (2, 2, moves) bool
    # an entity open: [its label's index, next token exists and starts no sentence]
    opened: numpy.ndarray  # (labels, 2, moves) bool


def moves_of(names: Sequence[str]) -> EntityMoves | None:
    """The moves named ``names`` (spaCy's class names, in class order), or None if one is
    not a BILUO move."""
    kinds, label_names = [], []
    for name in names:
        letter, _, label = name.partition("-")
        if len(letter) != 1 or letter not in MOVE_LETTERS or (letter in "OM" and label):
            return None
        kinds.append(MOVE_LETTERS.index(letter))
        label_names.append(label)
    labels = ("", *sorted(set(label_names) - {""}))
    kind = numpy.array(kinds, dtype="int64")
    label_ids = numpy.array([labels.index(label) for label in label_names], dtype="int64")
    labelled = label_ids != 0
    closed = numpy.zeros((2, 2, len(names)), dtype=bool)
    for next_ok in (0, 1):
        for not_space in (0, 1):
            closed[next_ok, not_space] = (
                ((kind == BEGIN) & labelled & bool(next_ok) & bool(not_space))
                | ((kind == UNIT) & labelled & bool(not_space))
                | (kind == OUT))
    opened = numpy.zeros((len(labels), 2, len(names)), dtype=bool)
    for open_label in range(1, len(labels)):
        same = labelled & (label_ids == open_label)
        for next_ok in (0, 1):
            opened[open_label, next_ok] = same & (((kind == IN) & bool(next_ok)) | (kind == LAST))
    return EntityMoves(kind, label_ids, labels, closed, opened)


def usable(docs: Sequence[Doc]) -> bool:
    """Whether ``docs`` carry no preset entity (the only case :func:`decode` takes)."""
    return not any(doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).any() for doc in docs if len(doc))


def decode(moves: EntityMoves, docs: Sequence[Doc], scores: Scores) -> None:
    """Run the greedy loop over ``docs`` (longest first, as spaCy orders a sub-batch; a doc's
    tokens are numbered after the previous docs', as in the model's tables) and set each
    doc's entities (see the module's docstring)."""
    lengths = numpy.array([len(doc) for doc in docs], dtype="int64")
    if numpy.any(lengths[1:] > lengths[:-1]):
        raise ValueError("docs must come longest first")
    starts = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]]).astype("int64")
    next_ok, not_space = _token_facts(docs)
    is_open = numpy.zeros(len(docs), dtype=bool)
    entity_start = numpy.zeros(len(docs), dtype="int64")
    entity_label = numpy.zeros(len(docs), dtype="int64")
    found: list[tuple[int, int, int, int]] = []  # (doc, start, end, label index)
    for step in range(int(lengths.max(initial=0))):
        active = int(numpy.searchsorted(-lengths, -step, side="left"))  # lengths > step
        tokens = starts[:active] + step
        opens = is_open[:active]
        ids = numpy.full((active, N_FEATURES), -1, dtype="int64")
        ids[:, 0] = tokens
        ids[opens, 1] = starts[:active][opens] + entity_start[:active][opens]
        ids[opens, 2] = tokens[opens] - 1
        valid = numpy.where(opens[:, None],
                            moves.opened[entity_label[:active], next_ok[tokens].astype("int64")],
                            moves.closed[next_ok[tokens].astype("int64"),
                                         not_space[tokens].astype("int64")])
        scored = scores(ids)
        best = numpy.where(valid, scored, -numpy.inf).argmax(axis=1)
        kind, label = moves.kinds[best], moves.label_ids[best]
        for d in numpy.flatnonzero(kind == UNIT).tolist():
            found.append((d, step, step + 1, int(label[d])))
        for d in numpy.flatnonzero(kind == LAST).tolist():
            found.append((d, int(entity_start[d]), step + 1, int(entity_label[d])))
        begins = kind == BEGIN
        entity_start[:active][begins] = step
        entity_label[:active][begins] = label[begins]
        is_open[:active] = (opens | begins) & (kind != LAST)
    _set_entities(moves, docs, found)


def _token_facts(docs: Sequence[Doc]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """For every token of ``docs`` one after the other: whether a next token exists in its
    doc and starts no sentence, and whether the token is no whitespace."""
    if not any(len(doc) for doc in docs):
        return numpy.zeros(0, dtype=bool), numpy.zeros(0, dtype=bool)
    arrays = [doc.to_array([SENT_START, IS_SPACE]).reshape(-1, 2).astype("int64")
              for doc in docs if len(doc)]
    next_ok = numpy.concatenate([numpy.append(a[1:, 0] != 1, False) for a in arrays])
    not_space = numpy.concatenate([a[:, 1] == 0 for a in arrays])
    return next_ok, not_space


def _set_entities(moves: EntityMoves, docs: Sequence[Doc],
                  found: list[tuple[int, int, int, int]]) -> None:
    spans: list[list[Span]] = [[] for _ in docs]
    for d, start, end, label in sorted(found):
        spans[d].append(Span(docs[d], start, end, label=moves.labels[label]))
    for doc, ents in zip(docs, spans, strict=True):
        doc.set_ents(ents, default="outside")
