"""What of a document can hold an event: the cheap test that runs before the parser.

An event mention needs a trigger (a word of :mod:`bilat.events.triggers`' lexicon) and
two states, which come only from what the knowledge base knows: a state's name, alias,
demonym or seat, a place, or a known person (whose state it is, or whose surname a bare
name links to). Both are visible in the tokens alone, so after the tokenizer, sentence by
sentence (sentences by rule, :func:`~bilat.annotations.nlp.rule_sentences`):

- a document with no trigger word, or with nothing the knowledge base knows, yields no
  event: none of it is parsed;
- otherwise the sentences with a trigger word, a place or a state body that sits in a
  capital (the passes read whether it is named as where something happens, which only a
  parse shows), or a delegation word (the passes read who leads or belongs to it from the
  parse) get the full pipeline, with the short fragments next to them (a dateline, an
  agency's credit: the parser decides where those divide from the sentence), each run of
  kept sentences parsed on its own;
- the other sentences get their tokens and rule sentence bounds only, which is all the
  extractor reads from them besides the names, states and places it matches on tokens;
- in a paragraph with anything parsed, the entity recogniser runs around the proper nouns
  that nothing known covers, in its parsed and unparsed sentences alike (bilat keeps its
  PERSON names: the members of a delegation may be named in a sentence with no trigger),
  as it did when the whole paragraph was parsed.

A state or person need not be named in the trigger's own sentence: "A plan of exchange
between the two Foreign Ministries was signed following the negotiations" is an event of
the article's two states. So the knowledge base's cue is asked of the document, the
trigger of the sentence.

Trigger words are matched in every inflection the lemmatizer maps to a trigger lemma, read
off the model's own lemma tables, so the screen keeps every sentence whose trigger the
parser could confirm.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy
from spacy.attrs import IS_ALPHA, IS_TITLE, LOWER, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from bilat.annotations.actors import NOT_NAME_WORDS, matchers_for
from bilat.annotations.nlp import Paragraph, Selection, load_nlp, parse_many, rule_sentences
from bilat.events.triggers import TRIGGER_LEMMAS
from bilat.knowledge.kb import KnowledgeBase, per_kb
from bilat.knowledge.names import name_tokens
from bilat.lang import lexicon

DELEGATION_WORDS = lexicon().words("DELEGATION_WORDS")

# classify() accepts only verbs, nouns and proper nouns (whose lemma is their text), so the
# adjective rules ("leader" -> "lead" as a comparative) can never make a trigger
TRIGGER_POS = ("noun", "verb")


def word_forms(lemmas: Iterable[str], nlp: Language,
               pos: Sequence[str] = TRIGGER_POS) -> frozenset[str]:
    """Lower-case words the pipeline can lemmatise to one of ``lemmas`` as a ``pos`` word.

    The English rule lemmatizer takes a word's lemma from an exception table or by
    replacing a suffix (``old`` -> ``new``); running each rule backwards from the lemma gives
    every word it can come from. The attribute ruler's fixed lemmas are added too. The
    result is a superset (it holds non-words like "meetinged"), never a subset.
    """
    wanted = {lemma.lower() for lemma in lemmas}
    out = set(wanted)
    # component_names: bilat's pipeline keeps these two disabled behind a cache
    if "lemmatizer" in nlp.component_names:
        tables = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        rules = tables.get_table("lemma_rules", {})
        exceptions = tables.get_table("lemma_exc", {})
        for tag in pos:
            for old, new in rules.get(tag, []):
                out.update(lemma[: len(lemma) - len(new)] + old
                           for lemma in wanted if lemma.endswith(new))
            out.update(word for word, targets in exceptions.get(tag, {}).items()
                       if wanted.intersection(t.lower() for t in targets))
    if "attribute_ruler" in nlp.component_names:
        # a rule sets the lemma of the token at its ``index`` ("c'm" of "c'm on" -> "come")
        for rule in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
            if str(rule["attrs"].get("LEMMA", "")).lower() in wanted:
                for tokens in rule["patterns"]:
                    tok = tokens[rule.get("index", 0)]
                    out.update(_spellings(tok.get("LOWER", tok.get("ORTH", ""))))
    return frozenset(out)


def _spellings(value: object) -> set[str]:
    """The words a Matcher token constraint accepts: a string or {"IN": [...]}."""
    if isinstance(value, str):
        return {value.lower()}
    if isinstance(value, dict):
        return {str(v).lower() for v in value.get("IN", ())}
    return set()


FRAGMENT_TOKENS = lexicon().number("SCREEN_FRAGMENT_TOKENS")
NAMED_PARTS = "bilat.named_parts"  # Doc.user_data key: parts of the full names a document names


class EventScreen:
    """Given a document's tokenised paragraphs, what of each needs the full pipeline."""

    def __init__(self, kb: KnowledgeBase, nlp: Language | None = None) -> None:
        nlp = nlp or load_nlp()
        self.kb = kb
        self.trigger_words = word_forms(TRIGGER_LEMMAS, nlp)
        self._trigger_ids = _ids(nlp, self.trigger_words)
        self._not_name_ids = _ids(nlp, NOT_NAME_WORDS)
        self._cue_ids = self._trigger_ids | _ids(nlp, DELEGATION_WORDS)
        self._matchers = matchers_for(kb)
        # every folded token of every known person's names: a superset of the spellings
        # that resolve to a known person, whole or by surname
        self._person_tokens = frozenset(t for n in kb.person_names() for t in name_tokens(n))

    def __call__(self, docs: Sequence[Doc]) -> list[Selection]:
        if not any(self.has_trigger(doc) for doc in docs) or not any(
                self.knows_something(doc) for doc in docs):
            return [False] * len(docs)
        # the parts of the known names the document spells out in full ("Kim", "Jong", "Un"
        # of "Kim Jong Un"): a bare "Kim" elsewhere links to them without the recogniser
        named = frozenset(part for doc in docs for _, s, e in self._matchers.person(doc)
                          for part in name_tokens(doc[s:e].text))
        for doc in docs:
            doc.user_data[NAMED_PARTS] = named
        return [self.select(doc) for doc in docs]

    def select(self, doc: Doc) -> Selection:
        """The sentences of a paragraph to parse: those with a trigger word, a delegation
        word, a place or an institution, and the short fragments next to them, as runs of
        whole sentences (True for all)."""
        sentences = rule_sentences(doc)
        marked = numpy.array([x in self._cue_ids for x in doc.to_array(LOWER).tolist()],
                             dtype=bool)
        m = self._matchers
        for matcher in (m.place, m.institution):
            for _, start, end in matcher(doc):
                marked[start:end] = True
        wanted = [bool(marked[start:end].any()) for start, end in sentences]
        keep = [w or (end - start <= FRAGMENT_TOKENS and any(wanted[max(0, k - 1):k + 2]))
                for k, (w, (start, end)) in enumerate(zip(wanted, sentences, strict=True))]
        if all(keep):
            return True
        runs: list[tuple[int, int]] = []
        for (start, end), kept in zip(sentences, keep, strict=True):
            if kept and runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], end)
            elif kept:
                runs.append((start, end))
        return runs

    def needs_entities(self, doc: Doc) -> list[int]:
        """Where the entity recogniser can name a person in this paragraph that the
        knowledge base does not: the proper nouns (by their tag where the paragraph is
        parsed; capitalised words not opening a sentence where it is not) that no state,
        place or known name covers and that are no title, month or agency word. None: the
        recogniser is not run; else it runs around them. A bare surname ("Kim") is covered
        when the document spells out a known name with it (see ``__call__``); otherwise the
        recogniser's PERSON is what links it to the knowledge base."""
        tag, pos, alpha, title, start, orth = doc.to_array(
            [TAG, POS, IS_ALPHA, IS_TITLE, SENT_START, ORTH]).T
        untagged = tag == 0
        proper = numpy.where(untagged, (alpha == 1) & (title == 1) & (start != 1),
                             pos == _PROPN)
        named: frozenset[str] = doc.user_data.get(NAMED_PARTS, frozenset())
        proper &= numpy.array([x not in self._not_name_ids for x in orth.tolist()], dtype=bool)
        if named:
            for i in numpy.flatnonzero(proper):
                proper[i] = not named.issuperset(name_tokens(doc[int(i)].text))
        m = self._matchers
        for matcher in (m.country, m.place, m.person):
            for _, s, e in matcher(doc):
                proper[s:e] = False
        return [int(i) for i in numpy.flatnonzero(proper)]

    def has_trigger(self, doc: Doc) -> bool:
        return not self._trigger_ids.isdisjoint(doc.to_array(LOWER).tolist())

    def knows_something(self, doc: Doc) -> bool:
        """A state, a place or a known person's name is named in ``doc``."""
        m = self._matchers
        if m.country(doc) or m.place(doc):
            return True
        return any(self._person_tokens.intersection(name_tokens(t.text)) for t in doc)


_PROPN = POS_IDS["PROPN"]


def _ids(nlp: Language, words: Iterable[str]) -> frozenset[int]:
    """The string-store ids of ``words``, to compare with a doc's token arrays."""
    return frozenset(nlp.vocab.strings.add(w) for w in words)


def screen_for(kb: KnowledgeBase) -> EventScreen:
    """One screen per knowledge base and process."""
    return per_kb("screen", kb, EventScreen)


def parse_for_events(texts: Sequence[str], kb: KnowledgeBase, *,
                     screened: bool = True) -> list[list[Paragraph]]:
    """The paragraphs of ``texts`` as extraction needs them: only those that can hold an
    event parsed, and the entity recogniser run only where it can add a person. With
    ``screened=False``, the full pipeline on every paragraph."""
    if not screened:
        return parse_many(texts)
    screen = screen_for(kb)
    return parse_many(texts, screen=screen, entities=screen.needs_entities)
