"""Which paragraphs can hold an event: the cheap test that runs before the parser.

An event mention needs a trigger (a word of :mod:`bilat.events.triggers`' lexicon) and
two states, which come only from what the knowledge base knows: a state's name, alias,
demonym or seat, a place, or a known person (whose state it is, or whose surname a bare
name links to). Both are visible in the tokens alone, so after the tokenizer:

- a document with no trigger word, or with nothing the knowledge base knows, yields no
  event: none of its paragraphs is parsed;
- otherwise the paragraphs with a trigger word, or a place (which may be an event's
  location), get the full pipeline, and the rest only their tokens and sentence bounds,
  which is all the extractor reads from them besides the names, states and places it
  matches on tokens;
- of the parsed paragraphs, only those with a proper noun that nothing known covers go
  through the entity recogniser (bilat keeps only its PERSON names).

Trigger words are matched in every inflection the lemmatizer maps to a trigger lemma, read
off the model's own lemma tables, so the screen keeps every paragraph whose trigger the
parser could confirm.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.attrs import POS
from spacy.language import Language
from spacy.symbols import PROPN  # type: ignore[attr-defined]  # (not in the stubs)
from spacy.tokens import Doc

from bilat.annotations.actors import NOT_NAME_WORDS, matchers_for
from bilat.annotations.actors.matchers import matches
from bilat.annotations.nlp import Paragraph, load_nlp, lower_ids, parse_many, word_ids
from bilat.events.triggers import PRESENCE_PREPS, TRIGGER_LEMMAS
from bilat.knowledge.kb import KnowledgeBase, per_kb
from bilat.knowledge.names import name_tokens
from bilat.lang import lexicon

DELEGATION_WORDS = lexicon().words("DELEGATION_WORDS")
# Screening reads every token of every paragraph; a word's id in the doc's array of
# lower-case forms spares a spaCy Token object per token (a string's id in any vocab).
_DELEGATION_IDS = word_ids(DELEGATION_WORDS)
_PRESENCE_PREP_IDS = word_ids(PRESENCE_PREPS)

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


NAMED_PARTS = "bilat.named_parts"  # Doc.user_data key: parts of the full names a document names


class EventScreen:
    """Given a document's tokenised paragraphs, which ones need the full pipeline."""

    def __init__(self, kb: KnowledgeBase, nlp: Language | None = None) -> None:
        nlp = nlp or load_nlp()
        self.kb = kb
        self.trigger_words = word_forms(TRIGGER_LEMMAS, nlp)
        self._trigger_ids = word_ids(self.trigger_words)
        self._matchers = matchers_for(kb)
        # every folded token of every known person's names: a superset of the spellings
        # that resolve to a known person, whole or by surname
        self._person_tokens = frozenset(t for n in kb.person_names() for t in name_tokens(n))

    def __call__(self, docs: Sequence[Doc]) -> list[bool]:
        triggered = [self.has_trigger(doc) for doc in docs]
        if not any(triggered) or not any(self.knows_something(doc) for doc in docs):
            return [False] * len(docs)
        # the parts of the known names the document spells out in full ("Kim", "Jong", "Un"
        # of "Kim Jong Un"): a bare "Kim" elsewhere links to them without the recogniser
        named = frozenset(part for doc in docs for _, s, e in matches(self._matchers.person, doc)
                          for part in name_tokens(doc[s:e].text))
        for doc in docs:
            doc.user_data[NAMED_PARTS] = named
        # a place named near an event can be its location ("... In Pyongyang, he laid
        # flowers", "he addressed the deputies in the State Duma"), and only a parsed
        # paragraph shows whether it is named as a location
        # and who belongs to a delegation may be named in a paragraph of its own, with no
        # trigger ("The delegation also includes Deputy Minister X"), by a name only the
        # entity recogniser finds
        m = self._matchers
        return [t or self.names_a_presence(doc) or bool(matches(m.institution, doc))
                or not _DELEGATION_IDS.isdisjoint(lower_ids(doc))
                for t, doc in zip(triggered, docs, strict=True)]

    def names_a_presence(self, doc: Doc) -> bool:
        """A place, or a state after a preposition of presence ("the delegation was in China"):
        where someone can be said to be (rule ``trigger.visit.presence``, whose trigger is
        a form of "be", too common a word to screen by)."""
        if matches(self._matchers.place, doc):
            return True
        lowers = lower_ids(doc)
        return any(start > 0 and lowers[start - 1] in _PRESENCE_PREP_IDS
                   for _, start, _ in matches(self._matchers.country, doc))

    def needs_entities(self, doc: Doc) -> list[int]:
        """Where the entity recogniser can name a person in this parsed paragraph that the
        knowledge base does not: the proper nouns that no state, place or known name covers
        and that are no title, month or agency word (none: the recogniser is not run; else
        it runs around them). A bare surname ("Kim") is covered when the document spells
        out a known name with it (see ``__call__``); otherwise the recogniser's PERSON is
        what links it to the knowledge base."""
        m = self._matchers
        covered = {i for matcher in (m.country, m.place, m.person)
                   for _, s, e in matches(matcher, doc) for i in range(s, e)}
        named: frozenset[str] = doc.user_data.get(NAMED_PARTS, frozenset())
        proper = [i for i, pos in enumerate(doc.to_array(POS).tolist())
                  if pos == PROPN and i not in covered]
        return [i for i in proper if (text := doc[i].text) not in NOT_NAME_WORDS
                and not (named and named.issuperset(name_tokens(text)))]

    def has_trigger(self, doc: Doc) -> bool:
        return not self._trigger_ids.isdisjoint(lower_ids(doc))

    def knows_something(self, doc: Doc) -> bool:
        """A state, a place or a known person's name is named in ``doc``."""
        m = self._matchers
        if matches(m.country, doc) or matches(m.place, doc):
            return True
        return any(self._person_tokens.intersection(name_tokens(t.text)) for t in doc)


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
