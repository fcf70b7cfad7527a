"""One module per question the extractor asks of a trigger's sentence.

- :mod:`~bilat.events.arguments.status`: did it happen, is it planned, or is it no event;
- :mod:`~bilat.events.arguments.actors`: who takes part;
- :mod:`~bilat.events.arguments.roles`: who a described official is on the event's date;
- :mod:`~bilat.events.arguments.states`: which states are its parties;
- :mod:`~bilat.events.arguments.dates`: when, by the trigger's own clause, and
  :mod:`~bilat.events.arguments.date_relations`: when, by another event (two days after
  it, the anniversary of it, the narrative before it);
- :mod:`~bilat.events.arguments.places`: where.

They read the scope (:mod:`bilat.events.scope`) and the dependency predicates
(:mod:`bilat.events.syntax`); the event types (:mod:`bilat.events.types`) and the passes
(:mod:`bilat.events.passes`) read them.
"""
