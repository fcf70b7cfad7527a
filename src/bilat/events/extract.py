"""From a parsed document to event mentions: the entry point of the events stage.

``extract(document, kb)`` is a pure function of the document and the knowledge base. It
reads the story (:mod:`bilat.events.narrative`), makes a candidate of every trigger from
its sentence (:mod:`bilat.events.sentence_stage`), lets the document-level passes complete
them from the story around (:mod:`bilat.events.passes`), and keeps one mention per event
(:mod:`bilat.events.mentions`, :mod:`bilat.events.coreference`).
"""

from __future__ import annotations

from bilat.annotations.actors import annotate
from bilat.annotations.nlp import Paragraph, parse
from bilat.events.candidate import is_complete
from bilat.events.coreference import corefer
from bilat.events.mentions import telling, to_mention
from bilat.events.narrative import read_story
from bilat.events.passes import run_passes
from bilat.events.screen import screen_for
from bilat.events.sentence_stage import read_candidates
from bilat.knowledge.kb import KnowledgeBase
from bilat.model import Document, DocumentAnalysis


def extract(document: Document, kb: KnowledgeBase,
            parsed: list[Paragraph] | None = None) -> DocumentAnalysis:
    """The document's sentences and event mentions.

    ``parsed``: the document's paragraphs when the caller parsed many documents at once
    (:func:`bilat.events.screen.parse_for_events`); by default only the paragraphs that
    can hold an event are parsed."""
    if parsed is None:
        screen = screen_for(kb)
        parsed = parse(document.clean, screen=screen, entities=screen.needs_entities)
    story = read_story(document, parsed, annotate(kb, parsed, document.published))
    candidates = run_passes(read_candidates(kb, story), story)
    complete = [c for c in candidates if is_complete(c)]
    mentions = corefer([to_mention(document, c) for c in complete], [telling(c) for c in complete])
    return DocumentAnalysis(document, story.sentences, tuple(mentions))
