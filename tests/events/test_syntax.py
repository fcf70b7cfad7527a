"""Dependency predicates on hand-built parses, no model: each test names the rule it checks.

A parse is written as spaCy's own tests write one (``Doc(en_vocab, words=..., heads=...,
deps=...)``, with the vocabulary of a blank English pipeline): a table of one token per line,
``word head dep pos [lemma] [tag]``, where ``head`` is the index of the token's head (its own
index for the root). The rules are those of bilat/events/syntax.py, scope.py and the
predicates of arguments/status.py and arguments/places.py that read the parse alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import dedent

from spacy.lang.en import English
from spacy.strings import get_string_id
from spacy.tokens import Doc

from bilat.annotations.nlp import word_ids
from bilat.events import scope, syntax
from bilat.events.arguments import places, status
from bilat.model import EventType

SRC = Path(__file__).resolve().parents[2] / "src" / "bilat" / "events"
EN_VOCAB = English().vocab  # the English lexical attributes (lower case, ...), no model


def _doc(table: str) -> Doc:
    rows = [line.split() for line in dedent(table).strip().splitlines()]
    return Doc(EN_VOCAB, words=[r[0] for r in rows], heads=[int(r[1]) for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows],
               lemmas=[r[4] if len(r) > 4 else r[0].lower() for r in rows],
               tags=[r[5] if len(r) > 5 else "" for r in rows])


def _words(doc: Doc, indexes: set[int]) -> set[str]:
    return {doc[i].text for i in indexes}


HELD_TALKS = """
    Putin     1  nsubj  PROPN  Putin
    held      1  ROOT   VERB   hold
    talks     1  dobj   NOUN   talk
    with      2  prep   ADP
    Kim       3  pobj   PROPN  Kim
"""


# "A hearing is scheduled today on the issue": "on the issue" hangs from "hearing" across
# "is scheduled today", a crossing (non-projective) arc
CROSSING_ARC = """
        A         1  det    DET
        hearing   2  nsubj  NOUN   hearing
        is        2  ROOT   AUX    be
        scheduled 2  acomp  VERB   schedule
        today     3  npadvmod NOUN today
        on        1  prep   ADP
        the       7  det    DET
        issue     5  pobj   NOUN   issue
"""


# ------------------------------------------------------------------------ syntax.py


def test_subtree_ids_are_the_indexes_of_each_tokens_subtree() -> None:
    """``subtree_ids`` reads heads instead of making Tokens: the same set as
    ``Token.subtree`` for every token, a crossing (non-projective) arc and a second
    sentence included, and the same set again when asked again."""
    crossing = _doc(CROSSING_ARC + """\
        .         2  punct  PUNCT
        Kim       10 nsubj  PROPN  Kim
        left      10 ROOT   VERB   leave
    """)
    held = _doc(HELD_TALKS)
    for doc in (crossing, held):
        for tok in doc:
            assert syntax.subtree_ids(tok) == {t.i for t in tok.subtree}
            assert syntax.subtree_ids(tok) is syntax.subtree_ids(tok)
    assert syntax.subtree_ids(crossing[1]) == {0, 1, 5, 6, 7}  # "hearing ... on the issue"


def test_child_words_and_labelled_dependents_are_those_of_token_children() -> None:
    """``child_words`` and ``dependents_labelled`` read the doc's arrays instead of making a
    Token per dependent: the same labels, words and tokens as ``Token.children``, in order,
    on a crossing arc too, and asked again (the answer is kept on the doc)."""
    crossing = _doc(CROSSING_ARC)
    subjects = word_ids(["nsubj", "prep"])
    for doc in (crossing, _doc(HELD_TALKS)):
        for tok in doc:
            expected = tuple((c.dep, c.lower) for c in tok.children)
            assert syntax.child_words(tok) == expected
            assert syntax.child_words(tok) == expected
            assert syntax.dependents_labelled(tok, subjects) == [
                c for c in tok.children if c.dep_ in ("nsubj", "prep")]
    assert [d for d, _ in syntax.child_words(crossing[1])] == [
        get_string_id("det"), get_string_id("prep")]


def test_an_unparsed_tokens_subtree_is_itself() -> None:
    doc = Doc(EN_VOCAB, words=["Kim", "left"])
    assert [syntax.subtree_ids(t) for t in doc] == [{0}, {1}] == [
        {x.i for x in t.subtree} for t in doc]


def test_speech_in_quotes_tells_no_event_but_a_borrowed_phrase_does() -> None:
    """Rules ``syntax.quotes.speech``, ``syntax.quotes.borrowed-phrase``."""
    said = Doc(EN_VOCAB, words=["“", "We", "will", "meet", "them", ",", "”", "he", "said"],
               spaces=[False, True, True, True, False, False, True, True, False])
    assert syntax.in_quotes(said[:], said[3])
    borrowed = Doc(EN_VOCAB, words=["Fomin", "will", '"', "hold", "talks", '"'],
                   spaces=[True, True, False, True, False, False])
    assert not syntax.in_quotes(borrowed[:], borrowed[4])


def test_a_definite_event_noun_is_a_re_mention_unless_it_names_its_arguments() -> None:
    """Rule ``syntax.re-mention``."""
    doc = _doc("""
        The    1  det    DET
        visit  2  nsubj  NOUN
        comes  2  ROOT   VERB  come
    """)
    assert syntax.anaphoric(doc[1])
    doc = _doc("""
        Putin   1  nsubj  PROPN  Putin
        began   1  ROOT   VERB   begin
        the     3  det    DET
        visit   1  dobj   NOUN
        to      3  prep   ADP
        Moscow  4  pobj   PROPN  Moscow
    """)
    assert not syntax.anaphoric(doc[3])


def test_the_subjects_of_a_participle_are_the_noun_it_modifies() -> None:
    """Rule ``syntax.subjects``."""
    doc = _doc("""
        A           1  det   DET
        delegation  1  ROOT  NOUN
        visiting    1  acl   VERB  visit
        Moscow      2  dobj  PROPN Moscow
    """)
    assert [t.text for t in syntax.subjects_of(doc[2])] == ["delegation"]


def test_a_noun_core_leaves_out_the_clause_attached_to_it() -> None:
    """Rule ``syntax.noun-core``."""
    doc = _doc("""
        A           3  det    DET
        North       2  compound PROPN North
        Korean      3  amod   ADJ
        delegation  3  ROOT   NOUN
        that        5  nsubj  PRON
        left        3  relcl  VERB  leave
    """)
    assert _words(doc, syntax.noun_core(doc[3])) == {"A", "North", "Korean", "delegation"}


def test_a_part_of_a_name_is_the_subject_when_the_name_is() -> None:
    """Rule ``syntax.subject``."""
    doc = _doc("""
        Kim    2  compound  PROPN  Kim
        Jong   2  compound  PROPN  Jong
        Un     3  nsubj     PROPN  Un
        met    3  ROOT      VERB   meet
        Putin  3  dobj      PROPN  Putin
    """)
    assert syntax.is_subject(doc[0])
    assert not syntax.is_subject(doc[4])


def test_a_coordinated_clause_has_its_own_subject_unless_a_pronoun_restates_it() -> None:
    """Rule ``syntax.own-subject``."""
    doc = _doc("""
        Putin     1  nsubj  PROPN  Putin
        signed    1  ROOT   VERB   sign
        it        1  dobj   PRON
        and       1  cc     CCONJ
        Kim       5  nsubj  PROPN  Kim
        ratified  1  conj   VERB   ratify
        it        5  dobj   PRON
        and       5  cc     CCONJ
        it        9  nsubj  PRON
        sent      5  conj   VERB   send
    """)
    assert syntax.own_subject(doc[5])
    assert not syntax.own_subject(doc[9])


def test_the_clause_a_report_tells_is_a_main_clause() -> None:
    """Rule ``syntax.main-clause``."""
    doc = _doc("""
        Korea     1  nsubj  PROPN  Korea
        received  5  ccomp  VERB   receive
        wheat     1  dobj   NOUN
        the       4  det    DET
        embassy   5  nsubj  NOUN
        said      5  ROOT   VERB   say
        troops    5  dobj   NOUN   troop
        sent      6  acl    VERB   send
    """)
    assert syntax.main_clause(doc[1])
    assert not syntax.main_clause(doc[7])


def test_the_clause_path_climbs_to_the_verb() -> None:
    """Rule ``syntax.clause-path``."""
    doc = _doc("""
        The    1  det    DET
        trip   2  nsubj  NOUN
        is     2  ROOT   AUX   be
        his    5  poss   PRON
        first  5  amod   ADJ
        visit  2  attr   NOUN
    """)
    assert [t.text for t in syntax.clause_path(doc[5])] == ["visit", "is"]


def test_a_meeting_framed_by_during_his_visit_is_inside_the_visit() -> None:
    """Rule ``syntax.inside``."""
    doc = _doc("""
        During  6  prep   ADP
        his     2  poss   PRON
        visit   0  pobj   NOUN
        Putin   6  nsubj  PROPN  Putin
        will    6  aux    AUX
        soon    6  advmod ADV
        hold    6  ROOT   VERB   hold
        talks   6  dobj   NOUN   talk
    """)
    assert syntax.inside(doc[7], doc[2])
    assert not syntax.inside(doc[2], doc[7])


def test_before_and_prior_to_open_a_time_phrase_about_another_event() -> None:
    """Rule ``syntax.time-relation``."""
    doc = _doc("""
        talks   1  nsubj   NOUN  talk
        ended   1  ROOT    VERB  end
        prior   1  advmod  ADV
        to      2  prep    ADP
        the     5  det     DET
        summit  3  pobj    NOUN
        before  1  prep    ADP
        noon    6  pobj    NOUN
        in      1  prep    ADP
        Moscow  8  pobj    PROPN Moscow
    """)
    assert syntax.time_relation(doc[3]) == doc[2]
    assert syntax.time_relation(doc[6]) == doc[6]
    assert syntax.time_relation(doc[8]) is None


def test_their_possesses_the_event_noun() -> None:
    """Rule ``syntax.their``."""
    doc = _doc("""
        their  1  poss  PRON
        talks  1  ROOT  NOUN  talk
    """)
    assert syntax.possessed_by_their(doc[1])


def test_coordinated_dates_are_conjuncts_not_the_ends_of_a_range() -> None:
    """Rule ``syntax.coordinated``."""
    doc = _doc("""
        Kim      1  nsubj  PROPN
        visited  1  ROOT   VERB  visit
        Russia   1  dobj   PROPN
        in       1  prep   ADP
        2019     3  pobj   NUM
        and      4  cc     CCONJ
        2023     4  conj   NUM
    """)
    assert syntax.coordinated(doc[3:5], doc[6:7])
    assert syntax.phrase_head(doc[3:5]).text == "2019"
    doc = _doc("""
        Kim      1  nsubj  PROPN
        served   1  ROOT   VERB  serve
        between  1  prep   ADP
        2019     2  pobj   NUM
        and      3  cc     CCONJ
        2023     3  conj   NUM
    """)
    assert not syntax.coordinated(doc[3:4], doc[5:6])
    assert not syntax.coordinated(doc[3:4], doc[0:1])


def test_a_relative_or_time_clause_in_the_past_is_presupposed() -> None:
    """Rule ``syntax.presupposed-past``."""
    doc = _doc("""
        media     1  nsubj  NOUN  media   NN
        said      1  ROOT   VERB  say     VBD
        before    4  mark   SCONJ before  IN
        Shoigu    4  nsubj  PROPN Shoigu  NNP
        departed  1  advcl  VERB  depart  VBD
        Pyongyang 4  dobj   PROPN Pyongyang NNP
    """)
    assert syntax.presupposed_past(doc[4])
    doc = _doc("""
        media     1  nsubj  NOUN  media   NN
        said      1  ROOT   VERB  say     VBD
        if        4  mark   SCONJ if      IN
        Shoigu    4  nsubj  PROPN Shoigu  NNP
        departed  1  advcl  VERB  depart  VBD
    """)
    assert not syntax.presupposed_past(doc[4])
    assert not syntax.presupposed_past(doc[1])


# ------------------------------------------------------------------------ scope.py


def test_a_light_verb_lends_its_clause_to_the_event_noun() -> None:
    """Rule ``scope.light-verb``."""
    doc = _doc(HELD_TALKS)
    assert _words(doc, scope.trigger_scope(doc[2])) == {"Putin", "held", "talks", "with", "Kim"}
    doc = _doc("""
        Putin   1  nsubj  PROPN  Putin
        spoke   1  ROOT   VERB   speak
        about   1  prep   ADP
        the     4  det    DET
        talks   2  pobj   NOUN   talk
        with    4  prep   ADP
        Kim     5  pobj   PROPN  Kim
    """)
    assert _words(doc, scope.trigger_scope(doc[4])) == {"the", "talks", "with", "Kim"}


def test_who_accepts_an_invitation_to_visit_is_the_visitor_not_the_host() -> None:
    """Rule ``scope.accepted-invitation``."""
    doc = _doc("""
        Putin       1  nsubj  PROPN  Putin
        accepted    1  ROOT   VERB   accept
        Kim         4  poss   PROPN  Kim
        's          2  case   PART
        invitation  1  dobj   NOUN
        to          6  aux    PART
        visit       4  acl    VERB   visit
        Pyongyang   6  dobj   PROPN  Pyongyang
    """)
    assert _words(doc, scope.trigger_scope(doc[6])) == {"Putin", "to", "visit", "Pyongyang"}


def test_the_first_leader_to_visit_is_the_subject() -> None:
    """Rule ``scope.first-to-visit``."""
    doc = _doc("""
        he      1  nsubj  PRON
        became  1  ROOT   VERB  become
        the     4  det    DET
        first   4  amod   ADJ
        leader  1  attr   NOUN
        to      6  aux    PART
        visit   4  relcl  VERB  visit
        Hanoi   6  dobj   PROPN Hanoi
    """)
    assert "he" in _words(doc, scope.trigger_scope(doc[6]))


def test_a_coordinated_verb_takes_the_subject_of_the_verb_it_follows() -> None:
    """Rule ``scope.governing-subject``."""
    doc = _doc("""
        Kim      1  nsubj  PROPN  Kim
        arrived  1  ROOT   VERB   arrive
        and      1  cc     CCONJ
        met      1  conj   VERB   meet
        Putin    3  dobj   PROPN  Putin
    """)
    assert _words(doc, scope.trigger_scope(doc[3])) == {"Kim", "met", "Putin"}


BEFORE_THE_SUMMIT = """
    Officials  1  nsubj  NOUN   official
    held       1  ROOT   VERB   hold
    talks      1  dobj   NOUN   talk
    in         1  prep   ADP
    Moscow     3  pobj   PROPN  Moscow
    before     1  prep   ADP
    the        7  det    DET
    summit     5  pobj   NOUN
    between    7  prep   ADP
    Putin      8  pobj   PROPN  Putin
    and        9  cc     CCONJ
    Kim        9  conj   PROPN  Kim
"""


def test_a_time_phrase_about_another_event_is_out_of_the_scope() -> None:
    """Rule ``scope.time-phrase.other-event``."""
    doc = _doc(BEFORE_THE_SUMMIT)
    assert _words(doc, scope.event_scope(doc[2])) == {"Officials", "held", "talks", "in",
                                                      "Moscow"}


def test_an_event_in_a_time_phrase_keeps_to_its_phrase() -> None:
    """Rule ``scope.time-phrase.own``."""
    doc = _doc(BEFORE_THE_SUMMIT)
    assert _words(doc, scope.event_scope(doc[7])) == {"before", "the", "summit", "between",
                                                      "Putin", "and", "Kim"}


def test_a_gerund_after_a_preposition_has_the_subject_of_its_verb() -> None:
    """Rule ``scope.gerund-subject``."""
    doc = _doc("""
        After     4  prep   ADP
        visiting  0  pcomp  VERB   visit
        Moscow    1  dobj   PROPN  Moscow
        Kim       4  nsubj  PROPN  Kim
        met       4  ROOT   VERB   meet
        Putin     4  dobj   PROPN  Putin
    """)
    assert _words(doc, scope.gerund_subject(doc[1])) == {"Kim"}
    doc = _doc("""
        Kim        0  ROOT   VERB   thank
        Laos       0  dobj   PROPN  Laos
        for        0  prep   ADP
        providing  2  pcomp  VERB   provide
        tanks      3  dobj   NOUN   tank
    """)
    assert scope.gerund_subject(doc[3]) == set()


def test_a_call_named_as_the_occasion_is_between_subject_and_object() -> None:
    """Rule ``scope.medium``."""
    doc = _doc("""
        Putin    1  nsubj     PROPN  Putin
        briefed  1  ROOT      VERB   brief
        Kim      1  dobj      PROPN  Kim
        during   1  prep      ADP
        a        6  det       DET
        phone    6  compound  NOUN
        call     3  pobj      NOUN
    """)
    assert _words(doc, scope.medium_scope(doc[6])) == {"Putin", "Kim"}


def test_who_is_on_a_visit_makes_it() -> None:
    """Rule ``scope.on-a-visit``."""
    doc = _doc("""
        the       1  det    DET
        diplomat  2  nsubj  NOUN
        was       2  ROOT   AUX   be
        on        2  prep   ADP
        a         5  det    DET
        visit     3  pobj   NOUN
    """)
    assert _words(doc, scope.on_a_visit(doc[5])) == {"the", "diplomat"}


SHELLS_AND_TROOPS = """
    Korea      3  nsubj  PROPN  Korea
    has        3  aux    AUX    have
    been       3  aux    AUX    be
    supplying  3  ROOT   VERB   supply
    shells     3  dobj   NOUN   shell
    and        3  cc     CCONJ
    it         7  nsubj  PRON
    sent       3  conj   VERB   send
    troops     7  dobj   NOUN   troop
"""


def test_a_coordinated_verb_with_its_own_object_is_a_second_act() -> None:
    """Rule ``scope.second-act``."""
    doc = _doc(SHELLS_AND_TROOPS)
    assert scope.own_coordinated_event(doc[7], EventType.AID)
    assert _words(doc, scope.coordinated_acts(doc[3], EventType.AID)) == {"it", "sent", "troops"}
    argument_scope, second_act = scope.argument_scope(doc[3], EventType.AID)
    assert _words(doc, second_act) == {"it", "sent", "troops"}
    assert not argument_scope & second_act


def test_a_second_signer_does_not_borrow_the_first_ones_subject() -> None:
    """Rule ``scope.second-act``."""
    doc = _doc("""
        Putin     1  nsubj  PROPN  Putin
        signed    1  ROOT   VERB   sign
        law       1  dobj   NOUN
        and       1  cc     CCONJ
        Kim       5  nsubj  PROPN  Kim
        ratified  1  conj   VERB   ratify
        it        5  dobj   PRON
    """)
    assert _words(doc, scope.borrowed_subject(doc[5], EventType.AGREE)) == {"Putin"}


def test_an_event_noun_under_a_verb_of_its_type_restates_it() -> None:
    """Rule ``scope.restates-its-head``."""
    doc = _doc("""
        he       2  nsubj  PRON
        will     2  aux    AUX
        visit    2  ROOT   VERB   visit
        Korea    2  dobj   PROPN  Korea
        on       2  prep   ADP
        a        7  det    DET
        working  7  amod   ADJ
        visit    4  pobj   NOUN
    """)
    assert scope.inside_same_trigger(doc[7], EventType.VISIT)
    doc = _doc(BEFORE_THE_SUMMIT)
    assert not scope.inside_same_trigger(doc[7], EventType.MEET)


def test_a_phrase_of_another_episode_is_no_destination() -> None:
    """Rule ``visit.destination.other-state``."""
    doc = _doc("""
        Putin       1  nsubj  PROPN  Putin
        landed      1  ROOT   VERB   land
        in          1  prep   ADP
        Hanoi       2  pobj   PROPN  Hanoi
        after       1  prep   ADP
        concluding  4  pcomp  VERB   conclude
        his         7  poss   PRON
        visit       5  dobj   NOUN
        to          7  prep   ADP
        Korea       8  pobj   PROPN  Korea
    """)
    everything = set(range(len(doc)))
    assert _words(doc, scope.sequence_clauses(doc[1], everything)) == {
        "after", "concluding", "his", "visit", "to", "Korea"}


# ------------------------------------------------------------------------ status and places


def test_a_modal_or_a_negation_makes_the_event_speculative() -> None:
    """Rule ``status.speculative``."""
    for modal, dep in (("could", "aux"), ("not", "neg")):
        doc = _doc(f"""
            Putin      2  nsubj  PROPN  Putin
            {modal}    2  {dep}  AUX
            visit      2  ROOT   VERB   visit
            Pyongyang  2  dobj   PROPN  Pyongyang
        """)
        assert status.speculative(doc[2]), modal
    doc = _doc("""
        Putin      1  nsubj  PROPN  Putin
        visited    1  ROOT   VERB   visit
        Pyongyang  1  dobj   PROPN  Pyongyang
    """)
    assert not status.speculative(doc[1])


def test_a_future_auxiliary_or_a_plan_head_makes_the_event_planned() -> None:
    """Rule ``status.planned``."""
    will = _doc("""
        Putin  2  nsubj  PROPN  Putin
        will   2  aux    AUX
        visit  2  ROOT   VERB   visit
    """)
    plans = _doc("""
        Putin  1  nsubj  PROPN  Putin
        plans  1  ROOT   VERB   plan
        to     3  aux    PART
        visit  1  xcomp  VERB   visit
    """)
    past = _doc("""
        Putin    1  nsubj  PROPN  Putin
        visited  1  ROOT   VERB   visit
    """)
    assert status.planned(will[2]) and status.planned(plans[3])
    assert not status.planned(past[1])


def test_what_a_plan_follows_has_happened() -> None:
    """Rule ``status.planned.what-a-plan-follows``."""
    doc = _doc("""
        they       1  nsubj  PRON
        seek       1  ROOT   VERB   seek
        ties       1  dobj   NOUN   tie
        following  1  prep   VERB   follow
        the        5  det    DET
        summit     3  pobj   NOUN
    """)
    assert not status.planned(doc[5])


def test_a_previous_visit_is_set_in_the_storys_past() -> None:
    """Rule ``status.planned`` (what the story sets in its past is no plan)."""
    doc = _doc("""
        his       2  poss   PRON
        previous  2  amod   ADJ
        visit     2  ROOT   NOUN
    """)
    assert status.retrospective(doc[2]) and status.told_as_past(doc[2])


def test_a_city_in_a_negated_or_conditional_clause_is_no_location() -> None:
    """Rules ``places.location-use.negated``, ``places.location-use.condition``."""
    doc = _doc("""
        he       3  nsubj  PRON
        has      3  aux    AUX   have
        never    3  neg    ADV
        visited  3  ROOT   VERB  visit
        Moscow   3  dobj   PROPN Moscow
    """)
    assert status.negated_clause(doc[4])
    assert not places.is_location_use(doc[4])
    doc = _doc("""
        if      2  mark   SCONJ
        they    2  nsubj  PRON
        meet    2  ROOT   VERB  meet
        in      2  prep   ADP
        Moscow  3  pobj   PROPN Moscow
    """)
    assert not places.is_location_use(doc[4])


def test_a_city_between_two_states_stands_for_its_state() -> None:
    """Rules ``places.location-use.state``, ``places.location-use.departure``."""
    doc = _doc("""
        ties       0  ROOT  NOUN  tie
        between    0  prep  ADP
        Moscow     1  pobj  PROPN Moscow
        and        2  cc    CCONJ
        Pyongyang  2  conj  PROPN Pyongyang
    """)
    assert not places.is_location_use(doc[2]) and not places.is_location_use(doc[4])
    doc = _doc("""
        he         1  nsubj  PRON
        departed   1  ROOT   VERB  depart
        Pyongyang  1  dobj   PROPN Pyongyang
        for        1  prep   ADP
        Moscow     3  pobj   PROPN Moscow
    """)
    assert not places.is_location_use(doc[2])
    assert places.is_location_use(doc[4])


def test_every_rule_named_here_is_documented() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    here = Path(__file__).read_text(encoding="utf-8")
    named = set(re.findall(r"``([a-z]+(?:\.[a-z-]+)+)``", here))
    assert named and not [r for r in sorted(named) if f"``{r}``" not in code]


# ------------------------------------------------------------------------ triggers.py


def test_a_token_is_classified_once_per_parse_and_the_answer_kept_with_it() -> None:
    """classify() is asked about the same tokens by many rules: the first answer is kept in
    the doc (whose parse extraction never changes), a new parse gets its own."""
    from bilat.events.triggers import _CLASSIFIED, classify

    doc = _doc(HELD_TALKS)
    assert classify(doc[1]) is None and classify(doc[2]) == EventType.MEET
    assert doc.user_data[_CLASSIFIED] == {1: None, 2: EventType.MEET}
    doc.user_data[_CLASSIFIED][2] = EventType.VISIT  # answered from the kept answer
    assert classify(doc[2]) == EventType.VISIT
    assert classify(_doc(HELD_TALKS)[2]) == EventType.MEET


def test_a_tokens_sentence_is_its_sent_made_once_per_doc() -> None:
    """``sentence`` keeps each token's sentence on the doc: the span ``Token.sent`` gives,
    the same object when asked again."""
    doc = _doc("""
        Kim       1  nsubj  PROPN  Kim
        left      1  ROOT   VERB   leave
        .         1  punct  PUNCT
        Putin     4  nsubj  PROPN  Putin
        stayed    4  ROOT   VERB   stay
    """)
    for tok in doc:
        assert (syntax.sentence(tok).start, syntax.sentence(tok).end) == (
            tok.sent.start, tok.sent.end)
        assert syntax.sentence(tok) is syntax.sentence(tok)
    assert [syntax.sentence(t).start for t in doc] == [0, 0, 0, 3, 3]


def test_an_event_scope_is_kept_per_doc_and_each_caller_gets_its_own() -> None:
    """``event_scope`` is read once per trigger; a caller that changes its set does not
    change what the next caller gets."""
    doc = _doc(HELD_TALKS)
    first = scope.event_scope(doc[2])  # "talks", in the clause of "held"
    assert first == {0, 1, 2, 3, 4}
    first.add(99)
    assert scope.event_scope(doc[2]) == {0, 1, 2, 3, 4}
