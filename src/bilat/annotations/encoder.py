"""A tok2vec's window encoder (spaCy's ``MaxoutWindowEncoder``) run forward only, its
maxout and layer norm made with plain NumPy operations.

**Why by hand.** thinc's layers are written for training. Its compiled maxout also records
which piece won each unit (for the backward pass): about three times NumPy's ``maximum``
of the pieces on these arrays. Its ``LayerNorm`` computes the mean twice (once more inside
NumPy's ``var``) and the difference from it twice. On one layer's 9,000 rows: maxout 3.8
against 1.2 ms, layer norm 2.7 against 1.9 ms, beside 15 ms for the layer's product. No
library offers the encoder's inference alone, so this module runs the same layers
(``residual(expand_window >> maxout >> layernorm >> dropout)``, four times, over the docs'
rows flattened with padding between them) with thinc's own flatten, window and product.

**The same output, bit for bit.** A maximum is exact whatever computes it; the layer
norm makes NumPy's mean, then the variance as NumPy's ``var`` makes it (the differences
from that same mean, squared, summed and divided by the width), adds thinc's epsilon,
and scales the differences by the same power, then by the gain, plus the bias. Dropout
does nothing at inference. A test compares the output with the model's own.

**What it relies on** (:func:`knows`; any other layer runs as it is): spaCy 3.8's encoder
with thinc's ``with_array``, ``residual``, ``expand_window``, ``maxout`` and ``layernorm``
layers, named and nested as ``MaxoutWindowEncoder`` builds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy
import spacy

# the spaCy versions whose encoder this was checked against
SPACY_VERSIONS = ("3.8.",)
BLOCK = "residual(expand_window>>maxout>>layernorm>>dropout)"
LAYERNORM_EPSILON = 1e-08  # thinc's LayerNorm adds it to the variance


def knows(layer: Any) -> bool:
    """Whether :func:`predict` runs ``layer`` itself (else it asks the layer)."""
    if not spacy.__version__.startswith(SPACY_VERSIONS) or not getattr(layer, "layers", None):
        return False
    blocks = _blocks(layer)
    if layer.name != "with_array(" + ">>".join([BLOCK] * len(blocks)) + ")":
        return False
    if not isinstance(layer.attrs.get("pad"), int):
        return False
    return all(_maxout_and_norm(block.layers[0])[0].get_dim("nP") >= 2 for block in blocks)


def _blocks(layer: Any) -> list[Any]:
    """The encoder's residual blocks, in order (one block is not wrapped in a chain)."""
    chained = layer.layers[0]
    return list(chained.layers) if chained.name != BLOCK else [chained]


def _maxout_and_norm(cnn: Any) -> tuple[Any, Any]:
    """The block's maxout and layer norm layers (``maxout>>layernorm`` is a chain in the
    chain ``maxout>>layernorm>>dropout``)."""
    maxout, norm = cnn.layers[1].layers[0].layers
    return maxout, norm


def predict(layer: Any, rows: Sequence[numpy.ndarray]) -> Any:
    """``layer.predict(rows)``, made by this module for an encoder it knows."""
    if not knows(layer) or not rows:
        return layer.predict(rows)
    pad = layer.attrs["pad"]
    ops = layer.layers[0].ops  # as with_array flattens and unflattens
    lengths = ops.asarray1i([len(doc_rows) for doc_rows in rows])
    flat = ops.flatten(list(rows), pad=pad)
    if not len(flat):
        return layer.predict(rows)
    for block in _blocks(layer):
        flat = flat + _block(block.layers[0], flat)  # residual: the input plus the block's
    return ops.unflatten(flat, lengths, pad=pad)


def _block(cnn: Any, flat: numpy.ndarray) -> numpy.ndarray:
    """``expand_window >> maxout >> layernorm >> dropout`` at inference."""
    window = cnn.layers[0]
    maxout, norm = _maxout_and_norm(cnn)
    n_out, n_pieces, n_in = (maxout.get_dim(d) for d in ("nO", "nP", "nI"))
    weights = maxout.ops.reshape2f(maxout.get_param("W"), n_out * n_pieces, n_in)
    products = maxout.ops.gemm(window.ops.seq2col(flat, window.attrs["window_size"]),
                               weights, trans2=True)
    products += maxout.ops.reshape1f(maxout.get_param("b"), n_out * n_pieces)
    pieces = products.reshape(len(products), n_out, n_pieces)
    best = numpy.maximum(pieces[:, :, 0], pieces[:, :, 1])
    for piece in range(2, n_pieces):
        numpy.maximum(best, pieces[:, :, piece], out=best)
    return _layer_norm(best, norm.get_param("G"), norm.get_param("b"))


def _layer_norm(rows: numpy.ndarray, gain: numpy.ndarray, bias: numpy.ndarray) -> numpy.ndarray:
    """thinc's ``LayerNorm`` forward, each NumPy operation as ``mean`` and ``var`` make it."""
    mean = rows.mean(axis=1, keepdims=True)
    centred = rows - mean
    variance = numpy.add.reduce(numpy.square(centred), axis=1, keepdims=True)
    numpy.true_divide(variance, numpy.intp(rows.shape[1]), out=variance, casting="unsafe")
    variance += LAYERNORM_EPSILON
    centred *= variance ** (-1.0 / 2.0)
    centred *= gain
    centred += bias
    return centred
