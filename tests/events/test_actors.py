"""Who takes part, read from the parse alone (bilat/events/arguments/actors.py): parses are
written by hand as in tests/events/test_syntax.py, one token a line (``word head dep pos
[lemma]``), and each test names the rule it checks."""

from __future__ import annotations

from textwrap import dedent

from spacy.lang.en import English
from spacy.tokens import Doc

from bilat.annotations.actors import PersonMention
from bilat.events.arguments import actors

EN_VOCAB = English().vocab


def _doc(table: str) -> Doc:
    rows = [line.split() for line in dedent(table).strip().splitlines()]
    return Doc(EN_VOCAB, words=[r[0] for r in rows], heads=[int(r[1]) for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows],
               lemmas=[r[4] if len(r) > 4 else r[0].lower() for r in rows])


def _person(doc: Doc, start: int, end: int, name: str) -> PersonMention:
    return PersonMention(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), name, name,
                         None, "person", 0, start, end)


def test_whose_aide_acts_does_not_act() -> None:
    """Rule ``actors.not-a-party.owner``: "Pompeo met Kim 's aide Kim Yong Chol"."""
    doc = _doc("""
        Pompeo  1  nsubj     PROPN
        met     1  ROOT      VERB   meet
        Kim     4  poss      PROPN
        's      2  case      PART
        aide    1  dobj      NOUN   aide
        Kim     7  compound  PROPN
        Yong    7  compound  PROPN
        Chol    4  appos     PROPN
    """)
    assert actors.owns_the_actor(doc, _person(doc, 2, 3, "Kim Jong Un"))
    assert not actors.owns_the_actor(doc, _person(doc, 5, 8, "Kim Yong Chol"))


def test_a_person_after_since_dates_the_event() -> None:
    """Rule ``actors.not-a-party.time-mark``: "the strongest leader since Mao met Biden"."""
    doc = _doc("""
        Xi      1  nsubj  PROPN
        met     1  ROOT   VERB   meet
        Biden   1  dobj   PROPN
        since   1  prep   ADP
        Mao     3  pobj   PROPN
    """)
    assert actors.marks_a_time(doc, _person(doc, 4, 5, "Mao Zedong"))
    assert not actors.marks_a_time(doc, _person(doc, 2, 3, "Joe Biden"))


def test_who_sends_what_is_handed_over_is_no_party() -> None:
    """Rule ``actors.not-a-party.sender``: "Kim received Shoygu and was handed a letter from
    Putin": Putin sent the letter, Shoygu is received."""
    doc = _doc("""
        Kim       1  nsubj      PROPN
        received  1  ROOT       VERB   receive
        Shoygu    1  dobj       PROPN
        and       1  cc         CCONJ
        was       5  auxpass    AUX    be
        handed    1  conj       VERB   hand
        a         7  det        DET
        letter    5  dobj       NOUN   letter
        from      5  prep       ADP
        Putin     8  pobj       PROPN
    """)
    assert actors.sends_what_is_handed(doc, _person(doc, 9, 10, "Vladimir Putin"))
    assert not actors.sends_what_is_handed(doc, _person(doc, 2, 3, "Sergei Shoigu"))


def test_whose_letter_is_handed_over_is_no_party() -> None:
    """Rule ``actors.not-a-party.sender``: "she handed Putin 's letter to Kim"."""
    doc = _doc("""
        she     1  nsubj   PRON
        handed  1  ROOT    VERB   hand
        Putin   4  poss    PROPN
        's      2  case    PART
        letter  1  dobj    NOUN   letter
        to      1  prep    ADP
        Kim     5  pobj    PROPN
    """)
    assert actors.sends_what_is_handed(doc, _person(doc, 2, 3, "Vladimir Putin"))
    assert not actors.sends_what_is_handed(doc, _person(doc, 6, 7, "Kim Jong Un"))


def test_who_receives_a_guest_is_no_sender() -> None:
    """Rule ``actors.not-a-party.sender``: "Kim was received by Putin": a "by" of the verb
    names who acts, not whom a thing is from."""
    doc = _doc("""
        Kim       2  nsubjpass  PROPN
        was       2  auxpass    AUX    be
        received  2  ROOT       VERB   receive
        by        2  agent      ADP
        Putin     3  pobj       PROPN
    """)
    assert not actors.sends_what_is_handed(doc, _person(doc, 4, 5, "Vladimir Putin"))


def test_who_witnesses_or_oversees_is_no_party() -> None:
    """Rule ``actors.not-a-party.witness``: "the signing was overseen by Trump"."""
    doc = _doc("""
        signing   3  nsubjpass  NOUN   signing
        was       3  auxpass    AUX    be
        ,         3  punct      PUNCT
        overseen  3  ROOT       VERB   oversee
        by        3  agent      ADP
        Trump     4  pobj       PROPN
    """)
    assert actors.oversees(doc, _person(doc, 5, 6, "Donald Trump"))
