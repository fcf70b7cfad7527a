"""What an event is about: what was signed, what aid moved (``EventMention.what``).

An analyst asks "what was signed?" and "what did they send?", and the merge needs the
same answer: the June 2024 treaty and a sports protocol signed that November are two
agreements between the same states; the signing of a treaty and its ratification are two
acts; troops sent and shells supplied are two aids. Without it every AGREE or AID between
two states in a month looks alike.

The labels are a small closed vocabulary so that two articles wording one agreement
differently ("pact", "treaty") get the same label:

- AGREE: the kind of document (``treaty``, ``protocol``, ``memorandum``, ``plan``,
  ``contract``, ``declaration``, ``convention``, or the generic ``agreement`` when the
  text says "agreement", "deal", "accord" or names several documents), prefixed with
  ``ratification of`` when the act is a ratification rather than a signing;
- AID: what moves (``troops``, ``arms``, ``goods``) or the kind of support
  (``technical support``); None when the text does not say.
"""

from __future__ import annotations

from bilat.lang import lexicon
from bilat.model import EventType

# Agreement nouns by the kind of document they name (lang/en/events_agree_aid.yaml): the
# nouns that make a signing an agreement, and other spellings of a kind ("MoU"). "Agreement",
# "deal" and "accord" are what news calls any of them (the June 2024 treaty is "a
# comprehensive partnership agreement" in one report, "the treaty" in the next), so they name
# no particular kind.
AGREEMENT_KINDS = {**lexicon().mapping("AGREEMENT_KINDS"),
                   **lexicon().mapping("AGREEMENT_KIND_SPELLINGS")}
GENERIC_AGREEMENT = "agreement"
RATIFICATION = "ratification of"
# AID labels that name what moves, and the support that is know-how; other kinds of
# support may describe one of them in other words ("military support" may be the troops
# another source counts, "humanitarian aid" the wheat).
AID_CARGO = frozenset({"troops", "arms", "goods", "technical support", "technological support"})


def agreement_label(noun_lemma: str | None, *, plural: bool, ratification: bool) -> str:
    """The label of a signing or ratification of the document named by ``noun_lemma``
    ("it", a plural or an unknown noun name no particular kind)."""
    kind = GENERIC_AGREEMENT if plural else AGREEMENT_KINDS.get((noun_lemma or "").lower(),
                                                                GENERIC_AGREEMENT)
    if not ratification:
        return kind
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{RATIFICATION} {article} {kind}"


def _agreement_parts(label: str) -> tuple[bool, str]:
    """(is a ratification, kind) of an AGREE label."""
    ratification = label.startswith(RATIFICATION)
    return ratification, label.rsplit(" ", 1)[-1]


def objects_compatible(type_: EventType, a: str | None, b: str | None) -> bool:
    """Can two mentions with these labels state the same event? An unknown label fits any."""
    if a is None or b is None or a == b:
        return True
    if type_ is EventType.AGREE:
        (ratified_a, kind_a), (ratified_b, kind_b) = _agreement_parts(a), _agreement_parts(b)
        if ratified_a != ratified_b:
            return False  # a signing and a ratification are two acts
        return GENERIC_AGREEMENT in (kind_a, kind_b)
    if type_ is EventType.AID:
        return not (a in AID_CARGO and b in AID_CARGO)
    return True


def specificity(type_: EventType, label: str | None) -> int:
    """How much a label says, for choosing an event's label among its mentions'."""
    if label is None:
        return 0
    if type_ is EventType.AGREE:
        return 1 if _agreement_parts(label)[1] == GENERIC_AGREEMENT else 2
    return 2 if label in AID_CARGO else 1
