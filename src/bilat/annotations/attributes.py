"""The attribute ruler and the lemmatizer answered from a cache (:class:`CachedAttributes`):
a pipeline component registered as ``bilat_cached_attributes``, which
:func:`bilat.annotations.nlp.load_nlp` adds after the two components it answers for, with
the same result (a test compares every token).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.util import minibatch

# the documents the component answers at a time when it is given a stream without a batch
# size (spaCy's ``nlp.pipe`` passes its own)
PIPE_BATCH = 256

# The only token attributes the attribute ruler's single-token rules may test for the cache
# to be exact: a token's text (ORTH, LOWER, TEXT, IS_SPACE), tag and dependency label.
_CACHE_KEYS = frozenset({"ORTH", "LOWER", "TEXT", "IS_SPACE", "TAG", "DEP"})
_KEY_ATTRS = [ORTH, TAG, DEP]
_ANSWER_ATTRS = [POS, MORPH, LEMMA]  # in the order of a cached answer
MAX_CACHED = 500_000  # (word, tag, label) triples; cleared when full to bound memory
CACHED_ATTRIBUTES = "bilat_cached_attributes"


class CachedAttributes:
    """The attribute ruler and the lemmatizer, remembered per (word, tag, dependency label).

    Both set a token's POS, morphology and lemma from the token alone: the ruler's rules
    test its text, tag and label, and the rule lemmatizer reads its text, POS and
    morphology. So the answer for one (word, tag, label) holds for every token that has
    them, and is learnt once by running the two components on a document of the words it
    has not seen (all of a batch's new words at once: the components' per-call cost is
    most of what learning one word costs; each token is answered alone, unless one of the
    ruler's multi-token rules matches across the words, when they are learnt in halves).
    That is about a third of the pipeline's time without the entity recogniser, saved. A
    paragraph where one of the ruler's few multi-token rules matches ("gon na", "there
    is") gets the two components themselves.
    """

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        # (word, tag, label), as the bytes of its three ids -> its row in ``answers`` (POS,
        # morphology, lemma) and ``begins`` (whether a multi-token rule can begin there):
        # a batch's answers are then gathered by NumPy, not made a tuple per key
        self.rows: dict[bytes, int] = {}
        self.answers = numpy.zeros((0, len(_ANSWER_ATTRS)), dtype="uint64")
        self.begins = numpy.zeros(0, dtype=bool)
        self.multi = Matcher(self.vocab)
        rules = self.ruler.patterns  # type: ignore[attr-defined]
        self.usable = all(set(tok) <= _CACHE_KEYS
                          for rule in rules for tokens in rule["patterns"] for tok in tokens)
        longer = [tokens for rule in rules for tokens in rule["patterns"] if len(tokens) > 1]
        for i, rule in enumerate(rules):
            mine = [tokens for tokens in rule["patterns"] if len(tokens) > 1]
            if mine:
                self.multi.add(f"multi-token rule {i}", mine)
        # The first tokens of the multi-token rules, each alone: a rule can match only from
        # a token its first token matches, and that depends only on the token's (word, tag,
        # label), so it is learnt and cached with the rest (running the full matcher on
        # every paragraph costs more than the lookups). With an optional first token, the
        # full matcher runs on every paragraph.
        self.first: Matcher | None = Matcher(self.vocab)
        if any("OP" in tokens[0] for tokens in longer):
            self.first = None
        else:
            self.first.add("first tokens", [[tokens[0]] for tokens in longer])

    def __call__(self, doc: Doc) -> Doc:
        self.answer([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = PIPE_BATCH) -> Iterator[Doc]:
        """The component over a stream, a batch at a time (see :meth:`answer`)."""
        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            self.answer(batch)
            yield from batch

    def answer(self, docs: list[Doc]) -> None:
        """Set every token's POS, morphology and lemma in ``docs``: the batch's distinct
        (word, tag, label) keys are found with NumPy, its unseen words learnt together (the
        components' per-call cost is most of what learning costs), and each doc's answers
        written as one array (a spaCy Token object per token costs more than the lookup)."""
        if not self.usable:
            for doc in docs:
                self.lemmatizer(self.ruler(doc))
            return
        every = numpy.concatenate([doc.to_array(_KEY_ATTRS).reshape(-1, len(_KEY_ATTRS))
                                   for doc in docs] or [numpy.zeros((0, 3), dtype="uint64")])
        if not len(every):
            return
        every = numpy.ascontiguousarray(every, dtype="uint64")
        rows = every.view(f"V{every.shape[1] * every.itemsize}").ravel()
        distinct, first, where = numpy.unique(rows, return_index=True, return_inverse=True)
        keys = distinct.tolist()  # the bytes of each distinct key
        if len(self.rows) + len(keys) > MAX_CACHED:
            self.forget()
        at = numpy.array(list(map(self.rows.get, keys, repeat(-1))), dtype="int64")
        unseen = numpy.flatnonzero(at < 0)
        if len(unseen):
            at[unseen] = self._remember([keys[i] for i in unseen.tolist()],
                                        self._learn(_tokens_at(docs, first[unseen].tolist())))
        of_token = at[where.ravel()]
        answers = self.answers[of_token]
        begun = numpy.concatenate(([0], numpy.cumsum(self.begins[of_token])))
        start = 0
        for doc in docs:
            end = start + len(doc)
            may_begin_rule = self.first is None or bool(begun[end] > begun[start])
            if may_begin_rule and self.multi(doc, allow_missing=True):
                self.lemmatizer(self.ruler(doc))
            elif end > start:
                doc.from_array(_ANSWER_ATTRS, answers[start:end])  # type: ignore[arg-type]
            start = end

    def known(self, word: int, tag: int, label: int) -> tuple[int, int, int, bool] | None:
        """The cached answer for a (word, tag, label): POS, morphology, lemma and whether a
        multi-token rule can begin at such a token; None if it is not learnt yet."""
        key = numpy.array([word, tag, label], dtype="uint64").view("V24")[0].tobytes()
        row = self.rows.get(key)
        if row is None:
            return None
        pos, morph, lemma = self.answers[row].tolist()
        return pos, morph, lemma, bool(self.begins[row])

    def forget(self) -> None:
        """Empty the cache (when it is full: it bounds memory)."""
        self.rows.clear()
        self.answers = self.answers[:0]
        self.begins = self.begins[:0]

    def _remember(self, keys: list[bytes],
                  learnt: list[tuple[int, int, int, bool]]) -> numpy.ndarray:
        """Add the answers learnt for ``keys``; returns their rows."""
        start = len(self.answers)
        self.answers = numpy.concatenate(
            [self.answers, numpy.array([answer[:3] for answer in learnt], dtype="uint64")])
        self.begins = numpy.concatenate(
            [self.begins, numpy.array([answer[3] for answer in learnt], dtype=bool)])
        self.rows.update(zip(keys, range(start, start + len(keys)), strict=True))
        return numpy.arange(start, start + len(keys))

    def _learn(self, tokens: list[Token]) -> list[tuple[int, int, int, bool]]:
        """The answers for ``tokens``, each as the two components give it to the token
        alone: their rules test one token at a time, so one document of all the words
        gives each its own answer, unless a multi-token rule matches across two of them:
        then each half is learnt apart, and so on (down to one word, if need be)."""
        words = Doc(self.vocab, words=[t.text for t in tokens], spaces=[False] * len(tokens))
        for word, tok in zip(words, tokens, strict=True):
            word.tag, word.dep = tok.tag, tok.dep
        if len(tokens) > 1 and self.multi(words, allow_missing=True):
            half = len(tokens) // 2  # apart, until no rule matches across them
            return self._learn(tokens[:half]) + self._learn(tokens[half:])
        if self.first is None:
            begins = set(range(len(tokens)))
        else:
            begins = {start for _, start, _ in self.first(words, allow_missing=True)}
        self.lemmatizer(self.ruler(words))
        return [(w.pos, w.morph.key, w.lemma, w.i in begins)  # type: ignore[attr-defined]
                for w in words]


def _tokens_at(docs: list[Doc], positions: list[int]) -> list[Token]:
    """The tokens at ``positions`` of the docs' tokens counted one after the other."""
    ends = numpy.cumsum([len(doc) for doc in docs])
    which = numpy.searchsorted(ends, positions, side="right").tolist()
    return [docs[d][p - (int(ends[d]) - len(docs[d]))]
            for d, p in zip(which, positions, strict=True)]


@Language.factory(CACHED_ATTRIBUTES)
def _make_cached_attributes(nlp: Language, name: str) -> CachedAttributes:
    return CachedAttributes(nlp)
