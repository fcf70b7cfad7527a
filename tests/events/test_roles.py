"""Who a described official or a bare surname is on the event's date
(bilat/events/arguments/roles.py), on hand-built knowledge bases; each test names the rule it
checks."""

from __future__ import annotations

from bilat.annotations.actors import PersonMention
from bilat.events.arguments import roles
from bilat.knowledge.kb import Country, KnowledgeBase, Person
from bilat.model import Role


def _leader(name: str, start: str, end: str | None) -> Person:
    return Person(name, "PRK", (Role("Leader", "PRK", start, end, "head_of_state"),))


def test_a_bare_surname_is_the_one_of_its_state_in_office_on_the_events_date() -> None:
    """Rule ``actors.role-holder.plausible``: "Kim met Putin in Vladivostok in 2002"."""
    kb = KnowledgeBase()
    kb.add_country(Country("PRK", "North Korea", short_name_first=True))  # "Kim" is a surname
    kb.add_person(_leader("Kim Jong Il", "1994-07", "2011-12"))
    kb.add_person(_leader("Kim Jong Un", "2011-12", None))
    kim = PersonMention(0, 3, "Kim", "Kim Jong Un", "PRK", "person", 0, 0, 1)
    assert roles.plausible_holder(kb, kim, "2002-08").name == "Kim Jong Il"
    assert roles.plausible_holder(kb, kim, "2019-04").name == "Kim Jong Un"
    named = PersonMention(0, 11, "Kim Jong Un", "Kim Jong Un", "PRK", "person", 0, 0, 3)
    assert roles.plausible_holder(kb, named, "2002-08").name == "Kim Jong Un"
