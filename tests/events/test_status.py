"""Status predicates on hand-built parses, no model: each test names the rule it checks.

A parse is a table of one token per line, ``word head dep pos [lemma] [tag]`` (as in
tests/events/test_syntax.py); the rules are those of bilat/events/arguments/status.py.
"""

from __future__ import annotations

from textwrap import dedent

from spacy.lang.en import English
from spacy.tokens import Doc

from bilat.events.arguments import status
from bilat.model import Precision, Status, TimeExpression

EN_VOCAB = English().vocab


def _doc(table: str) -> Doc:
    rows = [line.split() for line in dedent(table).strip().splitlines()]
    return Doc(EN_VOCAB, words=[r[0] for r in rows], heads=[int(r[1]) for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows],
               lemmas=[r[4] if len(r) > 4 else r[0].lower() for r in rows],
               tags=[r[5] if len(r) > 5 else "" for r in rows])


def _date(value: str, precision: Precision) -> TimeExpression:
    return TimeExpression(0, 1, value, value, precision)


def test_a_plan_word_plans_what_it_governs_not_its_adjunct() -> None:
    """Rule ``status.planned.content``: "Kim has sought to keep up his push, meeting Putin"."""
    doc = _doc("""
        Kim      2  nsubj  PROPN  Kim
        has      2  aux    AUX    have  VBZ
        sought   2  ROOT   VERB   seek  VBN
        to       4  aux    PART
        keep     2  xcomp  VERB   keep
        ,        2  punct  PUNCT
        meeting  2  advcl  VERB   meet  VBG
        Putin    6  dobj   PROPN  Putin
    """)
    assert status.planned(doc[4])  # what "sought" governs is sought
    assert not status.planned(doc[6])  # the adjunct is told, not sought


def test_the_verb_of_an_idiom_plans_nothing() -> None:
    """Rule ``status.planned.content``: "set" plans what it governs ("is set to visit"),
    but in "set foot on North Korean soil" it is the visit itself."""
    doc = _doc("""
        Trump      1  nsubj  PROPN  Trump  NNP
        became     1  ROOT   VERB   become VBD
        the        3  det    DET
        president  1  attr   NOUN
        to         5  aux    PART
        set        1  advcl  VERB   set    VB
        foot       5  dobj   NOUN
        on         5  prep   ADP
        soil       7  pobj   NOUN
        and        1  cc     CCONJ
        is         11 aux    AUX    be     VBZ
        set        1  conj   VERB   set    VBN
        to         13 aux    PART
        return     11 xcomp  VERB   return VB
    """)
    assert not status.planned(doc[6])
    assert status.planned(doc[13])


def test_what_the_story_looks_ahead_to_is_planned() -> None:
    """Rule ``status.planned.anticipated``: "arrived ahead of a summit"."""
    doc = _doc("""
        Lavrov   1  nsubj   PROPN  Lavrov
        arrived  1  ROOT    VERB   arrive  VBD
        ahead    1  advmod  ADV
        of       2  prep    ADP
        a        5  det     DET
        summit   3  pobj    NOUN
    """)
    assert status.planned(doc[5])


def test_the_purpose_of_a_journey_under_way_is_to_come() -> None:
    """Rule ``status.purpose``: "is in Bali for a meeting", "has arrived to hold talks"."""
    in_bali = _doc("""
        Biden    1  nsubj  PROPN  Biden
        is       1  ROOT   AUX    be    VBZ
        in       1  prep   ADP
        Bali     2  pobj   PROPN  Bali
        for      1  prep   ADP
        a        6  det    DET
        meeting  4  pobj   NOUN
    """)
    journey = status.journey_purpose(in_bali[6])
    assert journey is not None and journey.i == 1 and status.under_way(journey)
    arrived = _doc("""
        Xi       2  nsubj  PROPN  Xi
        has      2  aux    AUX    have    VBZ
        arrived  2  ROOT   VERB   arrive  VBN
        to       4  aux    PART
        hold     2  advcl  VERB   hold    VB
        talks    4  dobj   NOUN   talk
    """)
    journey = status.journey_purpose(arrived[5])
    assert journey is not None and journey.i == 2 and status.under_way(journey)
    told_before = _doc("""
        Xi       1  nsubj  PROPN  Xi
        arrived  1  ROOT   VERB   arrive  VBD
        to       3  aux    PART
        meet     1  advcl  VERB   meet    VB
        Putin    3  dobj   PROPN  Putin
    """)
    journey = status.journey_purpose(told_before[3])
    assert journey is not None and not status.under_way(journey)


def test_a_purpose_needs_a_journey() -> None:
    """Rule ``status.purpose``: "was present to greet him" is no journey."""
    doc = _doc("""
        Lam      1  nsubj  PROPN  Lam
        was      1  ROOT   AUX    be     VBD
        present  1  acomp  ADJ
        to       4  aux    PART
        greet    2  xcomp  VERB   greet  VB
        Putin    4  dobj   PROPN  Putin
    """)
    assert status.journey_purpose(doc[4]) is None


def test_a_date_settles_the_status() -> None:
    """Rule ``status.by-date``: after publication planned, before it occurred, at the date's
    own precision."""
    published = "2019-06-20"
    assert status.dated_status(Status.PLANNED, _date("2019-04", Precision.MONTH),
                               published) == Status.OCCURRED
    assert status.dated_status(Status.OCCURRED, _date("2019-06-25", Precision.DAY),
                               published) == Status.PLANNED
    # the same month, or no date, says nothing
    assert status.dated_status(Status.PLANNED, _date("2019-06", Precision.MONTH),
                               published) == Status.PLANNED
    assert status.dated_status(Status.OCCURRED, None, published) == Status.OCCURRED


def test_an_event_called_off_done_without_or_only_meant_is_none() -> None:
    """Rule ``status.called-off``."""
    without = _doc("""
        they       1  nsubj  PRON
        ended      1  ROOT   VERB   end      VBD
        talks      1  dobj   NOUN   talk
        without    1  prep   ADP
        signing    3  pcomp  VERB   sign     VBG
        a          6  det    DET
        deal       4  dobj   NOUN
    """)
    assert status.called_off(without[4])
    scuttled = _doc("""
        the       2  det        DET
        signing   2  compound   NOUN   signing
        ceremony  4  nsubjpass  NOUN
        was       4  auxpass    AUX    be       VBD
        called    4  ROOT       VERB   call     VBN
        off       4  prt        ADP
    """)
    assert status.called_off(scuttled[1])
    meant = _doc("""
        Blinken  2  nsubjpass  PROPN  Blinken
        was      2  auxpass    AUX    be      VBD
        meant    2  ROOT       VERB   mean    VBN
        to       4  aux        PART
        travel   2  xcomp      VERB   travel
    """)
    assert status.called_off(meant[4])
    had_planned = _doc("""
        they     2  nsubj  PRON
        had      2  aux    AUX    have  VBD
        planned  2  ROOT   VERB   plan  VBN
        to       4  aux    PART
        sign     2  xcomp  VERB   sign
    """)
    assert status.called_off(had_planned[4])
    plans = _doc("""
        they   1  nsubj  PRON
        plan   1  ROOT   VERB   plan  VBP
        to     3  aux    PART
        sign   1  xcomp  VERB   sign
    """)
    assert not status.called_off(plans[3])


def test_a_visit_weighed_is_speculative() -> None:
    """Rule ``status.speculative``: "Pelosi considers a visit to Taiwan"."""
    doc = _doc("""
        Pelosi     1  nsubj  PROPN  Pelosi
        considers  1  ROOT   VERB   consider  VBZ
        a          3  det    DET
        visit      1  dobj   NOUN
    """)
    assert status.speculative(doc[3])


def test_a_yes_no_question_asks_and_a_wh_question_presupposes() -> None:
    """Rule ``status.question``."""
    asked = Doc(EN_VOCAB, words=["Did", "Kim", "visit", "Moscow", "?"],
                tags=["VBD", "NNP", "VB", "NNP", "."],
                sent_starts=[True, False, False, False, False])
    assert status.questioned(asked[2])
    why = Doc(EN_VOCAB, words=["Why", "did", "Kim", "visit", "Moscow", "?"],
              tags=["WRB", "VBD", "NNP", "VB", "NNP", "."],
              sent_starts=[True, False, False, False, False, False])
    assert not status.questioned(why[3])


def test_a_denied_event_or_no_event_is_none() -> None:
    """Rules ``status.denied``, ``status.none-of-it``."""
    denied = _doc("""
        Kremlin  1  nsubj  PROPN  Kremlin
        denied   1  ROOT   VERB   deny   VBD
        that     4  mark   SCONJ
        Putin    4  nsubj  PROPN  Putin
        met      1  ccomp  VERB   meet   VBD
        Kim      4  dobj   PROPN  Kim
    """)
    assert status.called_off(denied[4])
    none = _doc("""
        there    1  expl   PRON
        was      1  ROOT   AUX    be     VBD
        no       3  det    DET
        meeting  1  attr   NOUN
    """)
    assert status.called_off(none[3])


def test_is_to_needs_a_bare_be() -> None:
    """Rule ``status.planned.be-to``: "Putin is to visit" plans; "was present to welcome
    him" and "was at the airport to welcome him" do not."""
    be_to = _doc("""
        Putin  1  nsubj  PROPN  Putin
        is     1  ROOT   AUX    be     VBZ
        to     3  aux    PART
        visit  1  xcomp  VERB   visit  VB
    """)
    assert status.planned(be_to[3])
    present = _doc("""
        Lam      1  nsubj  PROPN  Lam
        was      1  ROOT   AUX    be     VBD
        present  1  acomp  ADJ
        to       4  aux    PART
        welcome  1  xcomp  VERB   welcome  VB
        him      4  dobj   PRON
    """)
    assert not status.planned(present[4])
    there = _doc("""
        Lam      1  nsubj  PROPN  Lam
        was      1  ROOT   AUX    be     VBD
        at       1  prep   ADP
        airport  2  pobj   NOUN
        to       5  aux    PART
        welcome  1  xcomp  VERB   welcome  VB
    """)
    assert not status.planned(there[5])
