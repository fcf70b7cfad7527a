"""events/triggers.py: which words find_triggers classifies, read from the doc's arrays.

find_triggers skips the verbs and nouns whose words no rule of classify() asks for; these
tests check that it finds exactly what classifying every verb and noun finds, and that a
word it skips is one classify() answers None.
"""

from __future__ import annotations

from textwrap import dedent

from spacy.lang.en import English
from spacy.tokens import Doc

from bilat.events import triggers
from bilat.model import EventType

EN_VOCAB = English().vocab  # the English lexical attributes (lower case, ...), no model


def _doc(table: str) -> Doc:
    rows = [line.split() for line in dedent(table).strip().splitlines()]
    return Doc(EN_VOCAB, words=[r[0] for r in rows], heads=[int(r[1]) for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows],
               lemmas=[r[4] if len(r) > 4 else r[0].lower() for r in rows])


# "video linked": a verb whose lemma no rule asks for, made a call by its phone modifier
VIDEO_LINK = """
    Putin     2  nsubj     PROPN  Putin
    video     2  compound  NOUN   video
    linked    2  ROOT      VERB   link
    Kim       2  dobj      PROPN  Kim
    and       2  cc        CCONJ
    held      2  conj      VERB   hold
    Talks     5  dobj      NOUN   talk
    on        5  prep      ADP
    trade     7  pobj      NOUN   trade
    .         2  punct     PUNCT
"""


def _classified_one_by_one(doc: Doc) -> list[tuple[int, EventType]]:
    found = []
    for tok in doc:
        if tok.pos_ in ("VERB", "NOUN", "PROPN"):
            answer = triggers.classify(tok)
            if answer is not None:
                found.append((tok.i, answer))
    return found


def test_find_triggers_finds_what_classifying_every_verb_and_noun_finds() -> None:
    """Rule ``trigger.call.phone`` on a verb of any lemma, and a capitalised noun read by
    its lower-case form, both found without classifying the words no rule asks for."""
    found = [(t.token.i, t.type) for t in triggers.find_triggers(_doc(VIDEO_LINK))]
    assert found == _classified_one_by_one(_doc(VIDEO_LINK))
    assert found == [(2, EventType.CALL), (6, EventType.MEET)]


def test_a_sentence_is_searched_alone() -> None:
    doc = _doc(VIDEO_LINK)
    assert [t.token.i for t in triggers.find_triggers(doc[3:10])] == [6]


def test_a_word_no_rule_asks_for_is_no_trigger() -> None:
    doc = _doc(VIDEO_LINK)
    skipped_nouns = [t.i for t in doc if t.pos_ in ("NOUN", "PROPN")
                     and not triggers.noun_may_trigger(doc, t.i)]
    skipped_verbs = [t.i for t in doc if t.pos_ == "VERB"
                     and not triggers.verb_may_trigger(doc, t.i)]
    assert skipped_nouns == [0, 1, 3, 8]  # Putin, video, Kim, trade
    assert skipped_verbs == [5]  # "held": a light verb, the noun it holds is the trigger
    assert all(triggers.classify(doc[i]) is None for i in skipped_nouns + skipped_verbs)


# "Trump became the first president to set foot on North Korean soil"
SET_FOOT = """
    Trump      1  nsubj  PROPN  Trump
    became     1  ROOT   VERB   become
    the        4  det    DET
    first      4  amod   ADJ
    president  1  attr   NOUN
    to         6  aux    PART
    set        1  advcl  VERB   set
    foot       6  dobj   NOUN
    on         6  prep   ADP
    North      11 amod   ADJ
    Korean     11 amod   ADJ    korean
    soil       8  pobj   NOUN
    .          1  punct  PUNCT
"""

# "... the foot of the hill": the noun of the idiom elsewhere
FOOT_OF_THE_HILL = """
    Kim   1  nsubj  PROPN  Kim
    stood 1  ROOT   VERB   stand
    at    1  prep   ADP
    the   4  det    DET
    foot  2  pobj   NOUN
    of    4  prep   ADP
    hills 5  pobj   NOUN   hill
"""


def test_the_object_of_an_idiom_tells_its_event() -> None:
    """Rule ``trigger.idiom``: "set foot on North Korean soil" is a visit; the same noun
    elsewhere ("the foot of the hills") tells nothing."""
    assert [(t.token.i, t.type) for t in triggers.find_triggers(_doc(SET_FOOT))] == [
        (7, EventType.VISIT)]
    assert triggers.find_triggers(_doc(FOOT_OF_THE_HILL)) == []


# "a delegation led by Shoigu was in Pyongyang on Friday"
DELEGATION_WAS_THERE = """
    a          1  det    DET
    delegation 5  nsubj  NOUN   delegation
    led        1  acl    VERB   lead
    by         2  agent  ADP
    Shoigu     3  pobj   PROPN  Shoigu
    was        5  ROOT   AUX    be
    in         5  prep   ADP
    Pyongyang  6  pobj   PROPN  Pyongyang
    on         5  prep   ADP
    Friday     8  pobj   PROPN  Friday
    .          5  punct  PUNCT
"""

# "Choe, who is in Moscow this week, met Lavrov"
WHO_IS_THERE = """
    Choe    7  nsubj     PROPN  Choe
    ,       0  punct     PUNCT
    who     3  nsubj     PRON   who
    is      0  relcl     AUX    be
    in      3  prep      ADP
    Moscow  4  pobj      PROPN  Moscow
    ,       0  punct     PUNCT
    met     7  ROOT      VERB   meet
    Lavrov  7  dobj      PROPN  Lavrov
"""

# "the archives were in Moscow", "Putin is in favour of talks": no one somewhere, no place
ARCHIVES_WERE_THERE = """
    the       1  det    DET
    archives  2  nsubj  NOUN   archive
    were    2  ROOT   AUX    be
    in      2  prep   ADP
    Moscow  3  pobj   PROPN  Moscow
"""
IN_FAVOUR = """
    Putin   1  nsubj  PROPN  Putin
    is      1  ROOT   AUX    be
    in      1  prep   ADP
    favour  2  pobj   NOUN   favour
    of      3  prep   ADP
    talks   4  pobj   NOUN   talk
"""


def _found(table: str) -> list[tuple[int, EventType]]:
    return [(t.token.i, t.type) for t in triggers.find_triggers(_doc(table))]


def test_someone_who_is_in_a_named_place_has_travelled_there() -> None:
    """Rule ``trigger.visit.presence``: a person or a delegation that is in a named place
    ("was in Pyongyang", "who is in Moscow") tells a visit,
    whose trigger is the form of "be" (the sentence stage keeps it only abroad)."""
    assert _found(DELEGATION_WAS_THERE) == [(5, EventType.VISIT)]
    assert _found(WHO_IS_THERE) == [(3, EventType.VISIT), (7, EventType.MEET)]


def test_a_thing_somewhere_or_a_state_of_mind_is_no_presence() -> None:
    """Rule ``trigger.visit.presence``: archives do not travel; "in favour" is no place."""
    assert _found(ARCHIVES_WERE_THERE) == []
    assert _found(IN_FAVOUR) == [(5, EventType.MEET)]  # only "talks"
