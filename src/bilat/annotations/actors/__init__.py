"""Who and where: persons, unnamed officials, states and places in a parsed document.

:func:`annotate` runs, per paragraph, the finders of each kind of mention, then resolves
the persons across the document. One module per question:

* ``mentions``: the records (:class:`PersonMention`, :class:`CountryMention`,
  :class:`PlaceMention`, :class:`DocumentEntities`);
* ``matchers``: the knowledge base as spaCy PhraseMatchers, and the words never part of a
  name (the lexicon's ``NOT_NAME_WORDS`` and the states' one-word names);
* ``places``: states ("Russia", "North Korean", "the Kremlin") and places ("Vladivostok",
  "the Russian capital");
* ``persons``: named persons, the title before a name and the state the text gives them;
* ``roles``: officials described but not named ("Russia's deputy interior minister");
* ``coreference``: who a short name ("Kim") or a definite role ("the Russian lawmaker")
  refers to, on the document's date.

The words these rules use are in ``lang/en/people.yaml`` and ``lang/en/media.yaml``.
"""

from __future__ import annotations

from bilat.annotations.actors.coreference import resolve_persons, short_name_mentions
from bilat.annotations.actors.matchers import NOT_NAME_WORDS as NOT_NAME_WORDS
from bilat.annotations.actors.matchers import KbMatchers as KbMatchers
from bilat.annotations.actors.matchers import matchers_for
from bilat.annotations.actors.mentions import (
    CountryMention,
    DocumentEntities,
    PersonMention,
    PlaceMention,
)
from bilat.annotations.actors.persons import find_persons
from bilat.annotations.actors.places import (
    add_gazetteer_places,
    find_countries,
    paragraph_places,
)
from bilat.annotations.actors.roles import find_roles
from bilat.annotations.nlp import Paragraph
from bilat.knowledge.kb import KnowledgeBase


def annotate(kb: KnowledgeBase, paragraphs: list[Paragraph],
             date: str | None = None) -> DocumentEntities:
    """Persons, roles, states and places of a parsed document; ``date`` (the publication
    date) picks who a bare surname is when several known people share it."""
    m = matchers_for(kb)
    persons: list[PersonMention] = []
    countries: list[CountryMention] = []
    places: list[PlaceMention] = []
    for index, para in enumerate(paragraphs):
        cs = find_countries(kb, m, para, index)
        ps = paragraph_places(kb, m, para, index, cs)
        named = find_persons(kb, m, para, index, cs, date)
        roles = find_roles(kb, m, para, index, cs, named)
        countries.extend(cs)
        places.extend(ps)
        persons.extend(named)
        persons.extend(roles)
    places = add_gazetteer_places(kb, paragraphs, places, countries, persons)
    persons.extend(short_name_mentions(paragraphs, persons))
    persons.sort(key=lambda p: p.start)
    return DocumentEntities(resolve_persons(kb, persons, date), countries, places)
