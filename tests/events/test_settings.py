"""An event told as another event's setting (bilat/events/passes/settings.py), on hand-built
parses, no model: each test names the rule it checks.

A parse is a table of one token per line, ``word head dep pos [lemma]`` (as in
tests/events/test_status.py).
"""

from __future__ import annotations

from textwrap import dedent
from typing import Any, cast

from spacy.lang.en import English
from spacy.tokens import Doc, Token

from bilat.annotations.actors.mentions import PersonMention
from bilat.annotations.nlp import Paragraph
from bilat.events.candidate import Candidate, Story
from bilat.events.passes.settings import events_in_settings
from bilat.model import EventType, Precision, Sentence, TimeExpression

EN_VOCAB = English().vocab

# "Kim visited Xi after a summit in Beijing on Monday ."
AFTER_A_SUMMIT = """
    Kim      1  nsubj  PROPN
    visited  1  ROOT   VERB   visit
    Xi       1  dobj   PROPN
    after    1  prep   ADP
    a        5  det    DET
    summit   3  pobj   NOUN
    in       5  prep   ADP
    Beijing  6  pobj   PROPN
    on       1  prep   ADP
    Monday   8  pobj   PROPN
    .        1  punct  PUNCT
"""


def _doc(table: str) -> Doc:
    rows = [line.split() for line in dedent(table).strip().splitlines()]
    return Doc(EN_VOCAB, words=[r[0] for r in rows], heads=[int(r[1]) for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows],
               lemmas=[r[4] if len(r) > 4 else r[0].lower() for r in rows])


def _story(doc: Doc) -> Story:
    # the pass reads only where each paragraph starts in the document
    return cast(Any, Story)(document=None, paragraphs=[Paragraph(0, doc)], ents=None,
                            sentences=(), told=())


def _person(tok: Token, name: str, country: str) -> PersonMention:
    return PersonMention(tok.idx, tok.idx + len(tok), tok.text, name, country, "person", 0,
                         tok.i, tok.i + 1)


def _date_of(*words: Token) -> TimeExpression:
    first, last = words[0], words[-1]
    return TimeExpression(first.idx, last.idx + len(last), " ".join(w.text for w in words),
                          "2018-05-07", Precision.DAY)


def _candidate(type_: EventType, trigger: Token, **known: Any) -> Candidate:
    sentence = Sentence("d", 0, 0, len(trigger.doc.text), trigger.doc.text)
    return Candidate(type_, trigger, sentence, 0, **known)


def _visit_and_setting(table: str, setting_date: TimeExpression | None = None,
                       setting_actors: list[PersonMention] | None = None,
                       ) -> tuple[Candidate, Candidate, Story]:
    doc = _doc(table)
    clause_date = _date_of(doc[-2])
    visit = _candidate(EventType.VISIT, doc[1], actors=[_person(doc[0], "Kim Jong Un", "PRK")],
                       countries=["PRK", "CHN"], date=clause_date)
    summit = next(t for t in doc if t.lower_ == "summit")
    setting = _candidate(EventType.MEET, summit, actors=setting_actors or [], countries=["CHN"],
                         date=setting_date or clause_date)
    return visit, setting, _story(doc)


def test_a_meeting_told_as_what_an_event_came_after_is_one_of_its_parties() -> None:
    """Rule ``actors.setting-of-another-event``: "Kim visited Xi after a summit in Beijing"
    tells a summit of Kim's with China."""
    visit, setting, story = _visit_and_setting(AFTER_A_SUMMIT)
    events_in_settings([visit, setting], story)
    assert [a.name for a in setting.actors] == ["Kim Jong Un"]
    assert setting.countries == ["PRK", "CHN"]


def test_what_an_event_came_after_does_not_take_the_date_of_its_clause() -> None:
    """Rule ``actors.setting-of-another-event``: "visited Xi after a summit ... on Monday":
    Monday is the visit's day, not the summit's, which came before; undated, the summit
    joins the one the story tells elsewhere instead of standing as another on Monday."""
    visit, setting, story = _visit_and_setting(AFTER_A_SUMMIT)
    events_in_settings([visit, setting], story)
    assert setting.date is None and not setting.date_from_context
    assert visit.date is not None


def test_what_an_event_came_after_keeps_a_date_its_own_phrase_tells() -> None:
    """Rule ``actors.setting-of-another-event``: "following the summit in Beijing at the end
    of March": the phrase dates the summit itself."""
    table = AFTER_A_SUMMIT.replace("on       1  prep", "on       5  prep")
    doc = _doc(table)
    visit, setting, story = _visit_and_setting(table, setting_date=_date_of(doc[-2]))
    events_in_settings([visit, setting], story)
    assert setting.date is not None and setting.date.text == "Monday"


def test_the_occasion_an_event_took_place_during_keeps_its_date() -> None:
    """Rule ``actors.setting-of-another-event``: "signed a treaty during a summit on Monday":
    the summit is the occasion itself, told at the clause's date."""
    visit, setting, story = _visit_and_setting(AFTER_A_SUMMIT.replace("after ", "during "))
    events_in_settings([visit, setting], story)
    assert setting.countries == ["PRK", "CHN"]
    assert setting.date is not None and setting.date.text == "Monday"


def test_a_setting_that_names_its_own_people_is_left_as_told() -> None:
    """Rule ``actors.setting-of-another-event``: only an event noun with no participant of
    its own takes the parties of the event it is the setting of."""
    doc = _doc(AFTER_A_SUMMIT)
    own = [_person(doc[7], "Xi Jinping", "CHN")]
    visit, setting, story = _visit_and_setting(AFTER_A_SUMMIT, setting_actors=own)
    events_in_settings([visit, setting], story)
    assert [a.name for a in setting.actors] == ["Xi Jinping"]
    assert setting.countries == ["CHN"]


def test_a_setting_of_a_word_the_event_governs_is_the_events() -> None:
    """Rule ``actors.setting-of-another-event``: "Kim travelled to visit Xi following a
    summit": the phrase hangs from "visit", which restates the journey "travelled" tells."""
    doc = _doc("""
        Kim        1  nsubj  PROPN
        travelled  1  ROOT   VERB   travel
        to         3  aux    PART
        visit      1  advcl  VERB   visit
        Xi         3  dobj   PROPN
        following  3  prep   VERB   follow
        a          7  det    DET
        summit     5  pobj   NOUN
        on         1  prep   ADP
        Monday     8  pobj   PROPN
        .          1  punct  PUNCT
    """)
    visit = _candidate(EventType.VISIT, doc[1], actors=[_person(doc[0], "Kim Jong Un", "PRK")],
                       countries=["PRK", "CHN"], date=_date_of(doc[9]))
    setting = _candidate(EventType.MEET, doc[7], date=_date_of(doc[9]))
    events_in_settings([visit, setting], _story(doc))
    assert setting.countries == ["PRK", "CHN"] and setting.date is None


def test_a_setting_of_an_event_with_no_named_party_is_left_as_told() -> None:
    """Rule ``actors.setting-of-another-event``: the event it is the setting of must name a
    person and two states ("the two countries signed a protocol following talks" lends
    no one)."""
    visit, setting, story = _visit_and_setting(AFTER_A_SUMMIT)
    visit.actors = []
    events_in_settings([visit, setting], story)
    assert setting.actors == [] and setting.countries == ["CHN"]
    assert setting.date is not None
