"""The states of an aid re-mention, or of an aid whose provider is a pronoun.

Reads: AID candidates with fewer than two states from re-mention triggers ("another
transfer operation") or whose provider is a pronoun ("it provided aid in February"), and
the aids told before them.
Fills: ``countries``: those of the aid told just before (at most ``AID_RE_MENTION_WINDOW``
sentences before a re-mention, ``AID_PRONOUN_WINDOW`` before a pronoun).

Rules: ``aid.re-mention.another-transfer``, ``aid.parties.pronoun-provider``.
"""

from __future__ import annotations

from bilat.events.candidate import Candidate, Story
from bilat.events.triggers import classify
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
AID_RE_MENTION_WINDOW = _LEX.number("AID_RE_MENTION_WINDOW")
AID_PRONOUN_WINDOW = _LEX.number("AID_PRONOUN_WINDOW")


def inherit_aid_parties(cands: list[Candidate], story: Story) -> list[Candidate]:
    """An aid re-mention ("another transfer operation"), or an aid a pronoun provides ("it
    provided aid in February"), is between the states of the aid told just before it."""
    for i, c in enumerate(cands):
        if c.type != EventType.AID or len(set(c.countries)) >= 2 or (
                classify(c.trigger) is not None and not _pronoun_provider(c)):
            continue
        window = AID_PRONOUN_WINDOW if _pronoun_provider(c) else AID_RE_MENTION_WINDOW
        before = [o for o in cands[:i] if o.type == EventType.AID and len(set(o.countries)) >= 2
                  and 0 < c.sentence.index - o.sentence.index <= window]
        if before:
            c.countries = list(dict.fromkeys(before[-1].countries))
    return cands


def _pronoun_provider(c: Candidate) -> bool:
    """ "it provided aid in February": the provider is a pronoun for one told before. Rule
    ``aid.parties.pronoun-provider``."""
    verb = c.trigger if c.trigger.pos_ == "VERB" else c.trigger.head
    return any(s.dep_ == "nsubj" and s.pos_ == "PRON" for s in verb.children)
