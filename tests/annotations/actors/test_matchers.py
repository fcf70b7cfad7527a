"""The knowledge base's matchers run once per doc (bilat.annotations.actors.matchers)."""

from __future__ import annotations

from bilat.annotations.actors.matchers import matched, matchers_for, matches
from bilat.annotations.nlp import load_nlp
from bilat.knowledge.kb import KnowledgeBase


def test_a_matchers_matches_are_found_once_per_doc_and_hold_after_the_parse(
        kb: KnowledgeBase) -> None:
    """The screen asks before the parse, the names and places pass after it: the matches
    kept on the doc are those a fresh run finds on the parsed doc."""
    nlp = load_nlp()
    m = matchers_for(kb)
    doc = nlp.make_doc("Kim Jong Un met Vladimir Putin in Vladivostok, Russia.")
    found = matches(m.country, doc)
    assert matches(m.country, doc) is found
    parsed = nlp(doc)
    for matcher in (m.country, m.place, m.person, m.office, m.institution):
        assert matches(matcher, parsed) == matcher(parsed)
    assert matched(m.country, parsed) == [(s, e) for _, s, e in m.country(parsed)] != []
