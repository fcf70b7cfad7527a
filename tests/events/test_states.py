"""Which states are an event's parties, read from the parse alone
(bilat/events/arguments/states.py): parses are written by hand as in
tests/events/test_syntax.py, one token a line (``word head dep pos [lemma]``), and each test
names the rule it checks."""

from __future__ import annotations

from textwrap import dedent

from spacy.lang.en import English
from spacy.tokens import Doc

from bilat.annotations.actors import CountryMention
from bilat.events.arguments import states

EN_VOCAB = English().vocab


def _doc(table: str) -> Doc:
    rows = [line.split() for line in dedent(table).strip().splitlines()]
    return Doc(EN_VOCAB, words=[r[0] for r in rows], heads=[int(r[1]) for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows],
               lemmas=[r[4] if len(r) > 4 else r[0].lower() for r in rows])


def _state(doc: Doc, i: int, iso3: str = "XXX") -> CountryMention:
    tok = doc[i]
    return CountryMention(tok.idx, tok.idx + len(tok), tok.text, iso3, 0, i, i + 1, "name")


def test_a_partner_is_a_side_and_a_topic_is_not() -> None:
    """Rule ``actors.states.named-as-a-side``: "talks on the war in Ukraine with China"."""
    doc = _doc("""
        Putin    1  nsubj  PROPN
        held     1  ROOT   VERB   hold
        talks    1  dobj   NOUN   talk
        on       2  prep   ADP
        the      5  det    DET
        war      3  pobj   NOUN
        in       5  prep   ADP
        Ukraine  6  pobj   PROPN
        with     2  prep   ADP
        China    8  pobj   PROPN
    """)
    assert states.names_a_party(_state(doc, 9), doc[2])
    assert not states.names_a_party(_state(doc, 7), doc[2])


def test_the_venue_and_the_dateline_are_no_side() -> None:
    """Rule ``actors.states.named-as-a-side``: "HANOI - Trump met Kim in Singapore"."""
    doc = _doc("""
        HANOI      3  npadvmod  PROPN
        -          3  punct     PUNCT
        Trump      3  nsubj     PROPN
        met        3  ROOT      VERB   meet
        Kim        3  dobj      PROPN
        in         3  prep      ADP
        Singapore  5  pobj      PROPN
    """)
    assert not states.names_a_party(_state(doc, 6), doc[3])
    assert not states.names_a_party(_state(doc, 0), doc[3])


def test_a_broker_is_no_side_but_what_the_signing_acts_on_is_not_a_topic() -> None:
    """Rule ``actors.states.named-as-a-side``: "signed U.S.-brokered agreements with Bahrain"."""
    doc = _doc("""
        Netanyahu      1  nsubj  PROPN
        signed         1  ROOT   VERB   sign
        U.S.-brokered  3  amod   ADJ
        agreements     1  dobj   NOUN   agreement
        with           3  prep   ADP
        Bahrain        4  pobj   PROPN
    """)
    assert not states.names_a_party(_state(doc, 2), doc[1])
    assert states.names_a_party(_state(doc, 5), doc[1])


def test_a_state_opening_a_list_is_no_dateline() -> None:
    """Rule ``actors.states.named-as-a-side``: "China, Iran and Saudi Arabia held talks" opens
    with a side; "Seoul, Dec. 20 -" and "HANOI, ..." open datelines."""
    listing = _doc("""
        China   5  nsubj  PROPN
        ,       0  punct  PUNCT
        Iran    0  conj   PROPN
        and     2  cc     CCONJ
        Saudi   2  conj   PROPN
        held    5  ROOT   VERB   hold
        talks   5  dobj   NOUN   talk
    """)
    assert states.names_a_party(_state(listing, 0), listing[6])
    dated = _doc("""
        Seoul   4  npadvmod  PROPN
        ,       4  punct     PUNCT
        Dec.    4  npadvmod  PROPN
        20      2  nummod    NUM
        Abe     5  nsubj     PROPN
        met     5  ROOT      VERB   meet
        Moon    5  dobj      PROPN
    """)
    assert not states.names_a_party(_state(dated, 0), dated[5])
