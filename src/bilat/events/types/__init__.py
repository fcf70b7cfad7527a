"""One module per event type: what fills a candidate of that type, and its special rules.

- :mod:`~bilat.events.types.visit`: who travels, from and to which state, which city;
- :mod:`~bilat.events.types.meeting`: the parties of a meeting, a call or a signing;
- :mod:`~bilat.events.types.agreement`: what was signed, its dates, when a signing is none;
- :mod:`~bilat.events.types.aid`: who provides and receives, what moves, when aid is none.

:data:`bilat.events.sentence_stage.FILL` says which module fills which type.
"""
