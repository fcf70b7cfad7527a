"""spaCy's greedy transition loop (dependency parser, entity recogniser), stepped with NumPy.

**Why by hand.** spaCy runs a transition component's greedy decoding in a compiled loop
(``Parser._parseC`` and ``spacy.ml.parser_model.predict_states``) that calls thinc's BLAS
function pointers once per state feature. Those pointers are not declared ``noexcept``, so
Cython 3 re-takes the GIL after each call to check for a Python exception: on the
development machine a quarter of the parser's time went to taking and dropping the GIL.
No setting turns that off, and no library offers the loop, so this module writes the loop
again over the same model pieces, one NumPy step per move for the whole batch:

1. the lower layer's table, precomputed once per batch for every (token, feature slot)
   (row 0 holds the padding features), read with one ``take`` per step;
2. the features summed in slot order, plus the lower layer's bias, maxout of the pieces;
3. the upper layer's product and bias; classes the model never saw set to the minimum;
4. the component's own compiled ``transition_states`` (validity, argmax, the move) and
   ``ParserStepModel.get_token_ids`` (the feature tokens of each state); for the entity
   recogniser, :mod:`bilat.annotations.biluo`'s moves for the whole batch instead (spaCy's
   compiled recogniser moves take and drop the GIL on every state call, too).

**The same analyses.** Every step computes what the compiled loop computes, in the same
order: a state's feature rows are added one after the other (an ``axpy`` with alpha 1 is a
plain float addition), then the bias; maxout keeps the larger piece. The upper layer's
product is the one operation whose rounding depends on the library. With ``blis=True`` it
is the very BLIS ``sgemm`` call the compiled loop makes (``blis.py.gemm``, same arguments),
so every score and move is the compiled loop's bit for bit. By default it is NumPy's
product, like every other layer's since bilat loads the model with NumPy's products (see
:mod:`bilat.annotations.nlp`): BLIS runs its generic reference kernels on the development
machine, a third of the loop's time. Its scores can differ from BLIS's in the last bits,
which changes a move only where two valid moves score the same to about 1e-6; tests and
the build's exports compare the analyses with spaCy's own (identical on every paragraph of
the development sets and the benchmark's 1,200-document mix).

**What it relies on** (checked by :func:`knows`; anything else takes the component's own
``predict``): spaCy 3.8's transition ``Parser`` and its ``TransitionModel`` (refs
``tok2vec``, ``lower``, ``upper``; attrs ``has_upper`` and ``unseen_classes``), greedy
decoding (``beam_width == 1``), a lower layer with two maxout pieces and a feature count
whose slots ``set_context_tokens`` fills entirely (1, 2, 3 or 8: the parser has 8, the
recogniser 3), and the component's Python-level ``transition_states``,
``moves.init_batch`` and ``_ensure_labels_are_added``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

import numpy
import spacy
from blis.py import gemm as blis_gemm  # type: ignore[import-untyped]
from spacy.ml.parser_model import ParserStepModel  # type: ignore[import-not-found]
from spacy.pipeline.transition_parser import Parser  # type: ignore[import-not-found]
from spacy.tokens import Doc
from spacy.util import minibatch

from bilat.annotations import biluo, embedding

# the spaCy versions whose compiled loop this one was checked against, step for step
SPACY_VERSIONS = ("3.8.",)
# feature counts for which StateC.set_context_tokens writes every slot of a state's row
FEATURE_COUNTS = frozenset({1, 2, 3, 8})
MAXOUT_PIECES = 2


def knows(component: Any) -> bool:
    """Whether ``component`` is a transition component whose greedy loop :func:`predict`
    reproduces (see the module's docstring); otherwise its own ``predict`` is used."""
    if not spacy.__version__.startswith(SPACY_VERSIONS) or not isinstance(component, Parser):
        return False
    cfg = getattr(component, "cfg", None)
    model = getattr(component, "model", None)
    if not isinstance(cfg, dict) or cfg.get("beam_width") != 1 or model is None:
        return False
    if not all(hasattr(component, name) for name in
               ("transition_states", "moves", "_ensure_labels_are_added")):
        return False
    if not hasattr(component.moves, "init_batch"):
        return False
    attrs = getattr(model, "attrs", {})
    if attrs.get("has_upper") is not True or not isinstance(attrs.get("unseen_classes"), set):
        return False
    if not all(model.has_ref(ref) for ref in ("tok2vec", "lower", "upper")):
        return False
    lower = model.get_ref("lower")
    return (lower.has_dim("nP") is True and lower.get_dim("nP") == MAXOUT_PIECES
            and lower.has_dim("nF") is True and lower.get_dim("nF") in FEATURE_COUNTS)


def predict(component: Any, docs: list[Doc], *, blis: bool = False) -> list[Any]:
    """``component.predict(docs)``: the final parse states, to hand to its
    ``set_annotations``; ``blis``: the upper layer's product by BLIS, as spaCy makes it."""
    if not knows(component):
        return list(component.predict(docs))
    if not any(len(doc) for doc in docs):
        return list(component.moves.init_batch(docs))
    component._ensure_labels_are_added(docs)  # may add moves: before the batch is made
    batch = component.moves.init_batch(docs)
    _decode(component, [state for state in batch if not state.is_final()],
            _StepScores(component.model, docs, blis))
    return list(batch)


def annotate(component: Any, docs: list[Doc], *, blis: bool = False) -> None:
    """``component.set_annotations(docs, predict(component, docs))``; the entity
    recogniser's moves made by :mod:`bilat.annotations.biluo` where it takes the docs
    (``docs`` longest first)."""
    moves = entity_moves(component)
    if moves is None or not any(len(doc) for doc in docs) or not biluo.usable(docs):
        component.set_annotations(docs, predict(component, docs, blis=blis))
        return
    component._ensure_labels_are_added(docs)
    if entity_moves(component) is not moves:  # a label was added: spaCy's moves
        component.set_annotations(docs, predict(component, docs, blis=blis))
        return
    biluo.decode(moves, docs, _StepScores(component.model, docs, blis))


_MOVES: dict[int, tuple[tuple[str, ...], biluo.EntityMoves | None]] = {}


def entity_moves(component: Any) -> biluo.EntityMoves | None:
    """The recogniser's moves as :mod:`bilat.annotations.biluo` makes them, if ``component``
    is a recogniser this module knows whose features are biluo's three (else None)."""
    if not knows(component) or type(component.moves).__name__ != "BiluoPushDown":
        return None
    if component.model.get_ref("lower").get_dim("nF") != biluo.N_FEATURES:
        return None
    if list(getattr(component, "postprocesses", [])):
        return None
    names = tuple(component.moves.get_class_name(i) for i in range(component.moves.n_moves))
    kept = _MOVES.get(id(component))
    if kept is None or kept[0] != names:
        kept = _MOVES[id(component)] = (names, biluo.moves_of(names))
    return kept[1]


def pipe(component: Any, docs: Iterable[Doc], batch_size: int, *,
         blis: bool = False) -> Iterator[Doc]:
    """``component.pipe(docs, batch_size=batch_size)`` with :func:`predict`: batches of
    ``batch_size`` docs, each decoded in sub-batches of a quarter of it, longest first
    (spaCy's own grouping; a doc's analysis does not depend on its neighbours)."""
    for batch in minibatch(docs, size=batch_size):
        in_order = list(batch)
        by_length = sorted(in_order, key=len, reverse=True)
        for sub in minibatch(by_length, size=max(batch_size // 4, 2)):
            annotate(component, list(sub), blis=blis)
        yield from in_order


class _StepScores:
    """The scores of a step's states from their feature tokens (see the module's
    docstring, 1-3), over one batch's docs."""

    def __init__(self, model: Any, docs: list[Doc], blis: bool) -> None:
        lower, upper = model.get_ref("lower"), model.get_ref("upper")
        tokvecs = embedding.predict(model.get_ref("tok2vec"), docs)
        table = lower.predict(tokvecs)  # (tokens + 1, nF, nO, nP)
        self.n_features, self.n_hidden, n_pieces = table.shape[1:]
        self.rows = table.reshape(-1, self.n_hidden * n_pieces)  # (token + 1) * nF + slot
        self.bias = lower.get_param("b").reshape(self.n_hidden * n_pieces)
        self.weights = upper.get_param("W")  # (classes, hidden)
        self.upper_bias = upper.get_param("b")
        self.unseen = numpy.array(sorted(model.attrs["unseen_classes"]), dtype="int64")
        self.slots = numpy.arange(self.n_features) + self.n_features  # padding: token -1's
        self.blis = blis

    def __call__(self, ids: numpy.ndarray) -> numpy.ndarray:
        """The scores of the states whose feature tokens are ``ids`` (states, nF; -1: no
        token); ``ids`` is overwritten."""
        ids *= self.n_features
        ids += self.slots
        # slot-major: each slot's rows for all states are one contiguous block, and the
        # reduction over the first axis adds whole blocks, slot by slot, in order (twice as
        # fast as reducing the middle axis of a state-major take, the same sums)
        summed = numpy.add.reduce(self.rows.take(ids.T, axis=0), axis=0)
        summed += self.bias
        pieces = summed.reshape(-1, self.n_hidden, MAXOUT_PIECES)
        hidden = numpy.maximum(pieces[:, :, 0], pieces[:, :, 1])
        if self.blis:
            scores = blis_gemm(hidden, self.weights, trans2=True, beta=0.0)
        else:
            scores = hidden @ self.weights.T
        scores += self.upper_bias
        if len(self.unseen):
            scores[:, self.unseen] = scores.min()
        return scores  # type: ignore[no-any-return]


def _decode(component: Any, states: list[Any], scores: _StepScores) -> None:
    """Move ``states`` until every one is final (see the module's docstring)."""
    step = SimpleNamespace(state2vec=SimpleNamespace(nF=scores.n_features))  # all it reads
    while states:
        ids = ParserStepModel.get_token_ids(step, states)  # (states, nF), -1: no token
        states = component.transition_states(states, scores(ids))
