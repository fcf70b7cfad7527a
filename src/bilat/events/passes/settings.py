""""The treaty they signed during a summit in Pyongyang": an event told as the setting of
another event is an event of that event's parties.

Reads: meetings and calls told by an event noun that name no person and fewer than two
states, whose noun is the object of a setting preposition (``SETTING_PREPS``: "during",
"following", "after") hanging from the trigger of another candidate of the same
sentence, or from a word that trigger governs; that candidate's people and states (after
the passes that name who took part: "they" is resolved by then).
Fills: ``actors`` and ``countries``: those of the event it is the setting of, when that
event has two states and a named person ("Kim travelled to China to visit Xi for a second
time, following the summit in Beijing": Kim's summit with China). ``date``: an event told
as what another came after ("following a summit") happened before it, so a date its own
phrase does not tell ("travelled to China today ... following a summit") is not its own
and is taken off; it then corefers with the event as told elsewhere in the story instead
of standing apart as another meeting of the same people on another day.

Runs last, once places and dates are lent: a setting lends nothing to the re-mentions of
the event told after it ("the meeting between Kim and Xi" stays free to join the meeting
it tells), and no pass dates an "after" setting by its clause again.

Rule: ``actors.setting-of-another-event``.
"""

from __future__ import annotations

from spacy.tokens import Token

from bilat.events.candidate import Candidate, Story
from bilat.lang import lexicon
from bilat.model import EventType, TimeExpression

_LEX = lexicon()
SETTING_PREPS = _LEX.words("SETTING_PREPS")
AFTER_PREPS = _LEX.words("AFTER_PREPS")
# events whose parties are the two sides alike, as the event they are the setting of has
# them; a visit's are its travellers, whom the event told during it does not tell
SETTING_TYPES = (EventType.MEET, EventType.CALL)


def events_in_settings(cands: list[Candidate], story: Story) -> list[Candidate]:
    """Each participantless meeting or call that is the setting of another candidate takes
    that candidate's people and states; told as what came before it, only its own date."""
    hosts = {(c.para, c.trigger.i): c for c in cands if _has_parties(c)}
    for c in cands:
        prep = setting_preposition(c)
        if prep is None:
            continue
        host = _host(c.para, prep.head, hosts)
        if host is None or host is c:
            continue
        c.actors = list(host.actors)
        c.countries = list(host.countries)
        para_start = story.paragraphs[c.para].start
        if prep.lower_ in AFTER_PREPS and not _told_by(c.date, prep, para_start):
            c.date = None
            c.date_from_context = False
    return cands


def setting_preposition(c: Candidate) -> Token | None:
    """The setting preposition whose object is the candidate's trigger, when the candidate
    is a meeting or call told by a noun with no person and fewer than two states of its
    own."""
    if c.type not in SETTING_TYPES or c.trigger.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(a.kind == "person" for a in c.actors) or len(set(c.countries)) >= 2:
        return None
    prep = c.trigger.head
    if c.trigger.dep_ != "pobj" or prep.lower_ not in SETTING_PREPS or prep.i == prep.head.i:
        return None
    return prep


def _host(para: int, head: Token, hosts: dict[tuple[int, int], Candidate]) -> Candidate | None:
    """The candidate of the clause the setting phrase hangs from: its own trigger, or the
    trigger it restates ("travelled to China to visit Xi ... following the summit": the
    visit told by "travelled")."""
    for node in (head, *head.ancestors):
        found = hosts.get((para, node.i))
        if found is not None:
            return found
    return None


def _told_by(date: TimeExpression | None, prep: Token, para_start: int) -> bool:
    """The date is told inside the setting's own phrase ("following the summit in Beijing at
    the end of March"), not by the clause around it nor lent by the story."""
    if date is None or not date.text:
        return False
    first, last = prep.left_edge, prep.right_edge
    return (para_start + first.idx <= date.start
            and date.end <= para_start + last.idx + len(last.text))


def _has_parties(c: Candidate) -> bool:
    return len(set(c.countries)) >= 2 and any(a.kind == "person" for a in c.actors)
