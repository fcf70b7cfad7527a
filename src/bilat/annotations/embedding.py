"""spaCy's tok2vec with its token embedding remembered per distinct token.

**Why.** A tok2vec of spaCy's ``MultiHashEmbed`` kind (en_core_web_sm's shared tok2vec and
the entity recogniser's own) first embeds every token alone: it reads the token's
attribute ids (NORM, PREFIX, SUFFIX, SHAPE, ...), hashes each into its table four times,
sums the rows, concatenates the tables' rows and sends them through a Maxout and a
LayerNorm. Only the encoder after it (``MaxoutWindowEncoder``) sees a token's neighbours.
So the embedded row depends on nothing but the token's attribute ids, and news repeats
its words: four tokens in five of dev-wide's 19,310 are repeats of an earlier row, and a
longer build repeats more. This module computes the embedding once per distinct row of
ids (all of a batch's new rows in one product, with the model's own layers) and gathers
the rest from what it remembers; the encoder and the layers after it are the model's own.

**Why by hand.** The cache sits between two layers of a thinc model; neither thinc nor
spaCy offers one (spaCy's ``Vocab`` remembers lexemes, not a model's activations), and a
generic memoiser would key on Python objects per token, which costs more than the rows.

**The same analyses.** A remembered row is the row the model's own layers gave that
token when it was first seen, in another batch. The Maxout's product is the one step
whose rounding depends on the rows multiplied together: OpenBLAS's ``sgemm`` rounds a row
differently in the last bits depending on the batch's size and the row's place in it, so
the model's own output for a paragraph already depends, in the last bits, on the other
paragraphs of its batch. A remembered row differs from the model's by the same amount
(up to about 1.5e-6 on the mix). What the components decide from it does not change: tags, heads,
labels, sentence starts and entities are identical to the model's own on every paragraph
of the development sets and the benchmark's 1,200-document mix (``bench/stage_cpu.py
--embed``; a test checks them on real paragraphs), and the builds' exports are
byte-identical. ``BILAT_EMBED_CACHE=0`` runs the models as they are.

**What it relies on** (checked by :func:`knows`; any other model runs as it is): an
embedding layer made of exactly ``extract_features``, ``list2ragged``, a
``with_array`` of a concatenation of ``ints-getitem>>hashembed`` pairs, a ``with_array``
of ``maxout>>layernorm>>dropout`` and ``ragged2list``, first in the tok2vec's chain or in
the chain that is first in it, with nothing random at inference (dropout is off when
predicting).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy
import spacy
from spacy.tokens import Doc
from spacy.util import minibatch

from bilat.annotations import encoder

# the spaCy versions whose MultiHashEmbed this was checked against
SPACY_VERSIONS = ("3.8.",)
EMBED_LAYERS = ("extract_features", "list2ragged", "with_array", "with_array", "ragged2list")
ROW_LAYERS = ("maxout", "layernorm", "dropout")
HASH_PAIR = ("ints-getitem", "hashembed")
# Rows remembered per model before the cache starts again: 96 floats each, so at most
# 19 MiB of rows and about 7 MiB of keys per model. Real news has a new row every few
# tokens at first and fewer later (dev-wide: 4,022 distinct rows in 19,310 tokens); the
# benchmark's 1,200-document mix, made of repeated and generated articles, has only 3,957
# in 247,461 tokens.
MAX_ROWS = 50_000


def embedding_layer(model: Any) -> Any | None:
    """The tok2vec's embedding layer (see the module's docstring), or None."""
    for candidate in (model, *model.layers[:1]):
        layers = candidate.layers
        if layers and _is_embedding(layers[0]):
            return layers[0]
    return None


def _is_embedding(layer: Any) -> bool:
    names = tuple(sub.name.split("(")[0] for sub in layer.layers)
    if names != EMBED_LAYERS:
        return False
    tables, rows = layer.layers[2].layers, layer.layers[3].layers
    if len(tables) != 1 or len(rows) != 1:
        return False
    pairs = tables[0].layers
    return (tables[0].name == "|".join(">>".join(HASH_PAIR) for _ in pairs)
            and all(tuple(sub.name for sub in pair.layers) == HASH_PAIR for pair in pairs)
            and tuple(sub.name for sub in _flat_chain(rows[0])) == ROW_LAYERS)


def _flat_chain(layer: Any) -> list[Any]:
    """A chain's layers, nested chains flattened (``maxout>>layernorm>>dropout`` is built
    as a chain of a chain)."""
    if ">>" not in layer.name:
        return [layer]
    return [leaf for sub in layer.layers for leaf in _flat_chain(sub)]


def enabled() -> bool:
    """Whether :func:`predict` remembers rows at all (``BILAT_EMBED_CACHE=0``: it runs every
    model as it is, to compare)."""
    return os.environ.get("BILAT_EMBED_CACHE", "1") != "0"


def knows(model: Any) -> bool:
    """Whether :func:`predict` remembers ``model``'s embedding (else it runs the model)."""
    return (spacy.__version__.startswith(SPACY_VERSIONS) and bool(getattr(model, "layers", None))
            and embedding_layer(model) is not None)


class EmbeddedRows:
    """The embedding layer's output, remembered per distinct row of attribute ids."""

    def __init__(self, embed: Any) -> None:
        self.features = embed.layers[0]
        self.tables = embed.layers[2].layers[0]  # ids -> the tables' rows, concatenated
        self.rows = embed.layers[3].layers[0]  # maxout >> layernorm >> dropout
        self.width = self.rows.get_dim("nO")
        self.index: dict[bytes, int] = {}
        self.table = numpy.zeros((0, self.width), dtype="float32")

    def __call__(self, docs: Sequence[Doc]) -> list[numpy.ndarray]:
        """The embedding layer's output for ``docs``: one (tokens, width) array per doc."""
        ids = self.features.predict(docs)
        every = numpy.ascontiguousarray(numpy.concatenate(ids), dtype="uint64")
        keys = every.view(f"V{every.shape[1] * every.itemsize}").ravel()
        distinct, where = numpy.unique(keys, return_inverse=True)
        positions = self._positions(distinct, every.shape[1])
        rows = self.table.take(positions[where.ravel()], axis=0)
        ends = numpy.cumsum([len(doc_ids) for doc_ids in ids]).tolist()
        # slices, not numpy.split: a batch has hundreds of docs, and split's per-piece
        # overhead costs more than the gathering
        return [rows[start:end] for start, end in zip([0, *ends], ends, strict=False)]

    def _positions(self, distinct: numpy.ndarray, columns: int) -> numpy.ndarray:
        """The table's row of each distinct key, computing the unseen ones in one go."""
        keys = distinct.tolist()  # bytes, one per key
        if len(self.index) + len(keys) > MAX_ROWS:  # start again (keys may be seen: cheap)
            self.index.clear()
            if len(self.table) > MAX_ROWS:  # grown for one huge batch: give it back
                self.table = self.table[:MAX_ROWS].copy()
        index = self.index
        positions = numpy.array([index.get(key, -1) for key in keys], dtype="int64")
        unseen = numpy.flatnonzero(positions < 0)
        if len(unseen):
            ids = distinct[unseen].view("uint64").reshape(-1, columns)
            computed = self.rows.predict(self.tables.predict(ids))
            start = len(index)
            self._reserve(start + len(unseen))
            self.table[start : start + len(unseen)] = computed
            positions[unseen] = numpy.arange(start, start + len(unseen))
            index.update(zip((keys[i] for i in unseen.tolist()),
                             positions[unseen].tolist(), strict=True))
        return positions

    def _reserve(self, rows: int) -> None:
        """Room for ``rows`` rows in the table, doubling it (up to MAX_ROWS, unless one
        batch alone has more distinct rows) when short."""
        if rows > len(self.table):
            size = max(rows, min(max(2 * len(self.table), 1024), MAX_ROWS))
            grown = numpy.zeros((size, self.width), dtype="float32")
            grown[: len(self.table)] = self.table
            self.table = grown


_CACHES: dict[int, EmbeddedRows] = {}


def rows_for(embed: Any) -> EmbeddedRows:
    """The cache of ``embed`` (one per embedding layer, kept for the process)."""
    cache = _CACHES.get(embed.id)
    if cache is None:
        cache = _CACHES[embed.id] = EmbeddedRows(embed)
    return cache


def predict(model: Any, docs: list[Doc]) -> Any:
    """``model.predict(docs)`` for a tok2vec model, its embedding remembered."""
    embed = embedding_layer(model) if enabled() and knows(model) else None
    if embed is None or not any(len(doc) for doc in docs):
        return model.predict(docs)
    embedded: Any = rows_for(embed)(docs)
    inner = model if model.layers[0] is embed else model.layers[0]
    for layer in inner.layers[1:]:
        embedded = encoder.predict(layer, embedded)  # the window encoder, forward only
    if inner is not model:
        for layer in model.layers[1:]:
            embedded = layer.predict(embedded)
    return embedded  # type: ignore[no-any-return]


def pipe(component: Any, docs: Iterable[Doc], batch_size: int) -> Iterator[Doc]:
    """``component.pipe(docs, batch_size=batch_size)`` for spaCy's ``Tok2Vec`` component,
    with :func:`predict`."""
    for batch in minibatch(docs, size=batch_size):
        batch = list(batch)
        if any(len(doc) for doc in batch):
            component.set_annotations(batch, predict(component.model, batch))
        else:  # the component's own answer for no tokens at all
            component.set_annotations(batch, component.predict(batch))
        yield from batch
