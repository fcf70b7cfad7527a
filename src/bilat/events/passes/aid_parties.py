"""The states of an aid re-mention.

Reads: AID candidates from re-mention triggers ("another transfer operation") with fewer
than two states, and the aids told just before them.
Fills: ``countries``: those of the aid told at most three sentences before.

Rule: ``aid.re-mention.another-transfer``.
"""

from __future__ import annotations

from bilat.events.candidate import Candidate, Story
from bilat.events.triggers import classify
from bilat.lang import lexicon
from bilat.model import EventType

_LEX = lexicon()
AID_RE_MENTION_WINDOW = _LEX.number("AID_RE_MENTION_WINDOW")


def inherit_aid_parties(cands: list[Candidate], story: Story) -> list[Candidate]:
    """An aid re-mention ("another transfer operation") is between the states of the aid
    told just before it."""
    for i, c in enumerate(cands):
        if c.type != EventType.AID or len(set(c.countries)) >= 2 or classify(c.trigger) is not None:
            continue
        before = [o for o in cands[:i] if o.type == EventType.AID and len(set(o.countries)) >= 2
                  and 0 < c.sentence.index - o.sentence.index <= AID_RE_MENTION_WINDOW]
        if before:
            c.countries = list(dict.fromkeys(before[-1].countries))
    return cands
