"""The events stage: from annotated paragraphs to event mentions, then to merged events.

Extraction, in the order the data flows (each module's docstring says what it does):

- ``extract.py``: the entry, ``extract(document, kb)``;
- ``screen.py``: which paragraphs the parser needs to see at all;
- ``narrative.py``: the story as told (titles, captions, the day "the previous day" counts from);
- ``triggers.py``: the words that state a visit, meeting, call, agreement or aid;
- ``sentence_stage.py``: each trigger and its sentence make a ``Candidate``
  (``candidate.py``), read with
  - ``syntax.py`` (dependency predicates) and ``scope.py`` (which tokens hold a trigger's
    arguments),
  - ``arguments/``: one module per question: ``status``, ``actors``, ``roles``, ``states``,
    ``dates`` (and ``date_relations``: dates told by another event), ``places``,
  - ``types/``: one module per event type: ``visit``, ``meeting`` (and calls), ``agreement``,
    ``aid``, what fills a candidate of that type and its special rules;
- ``passes/``: what the story around a candidate adds, one module per pass, run in the order
  ``passes.PASSES`` declares;
- ``mentions.py`` (a complete candidate becomes an ``EventMention``, with ``objects.py``'s
  label of what was signed or moved, and a ``Telling`` of how its sentence tells it) and
  ``coreference.py`` (one mention per real event per document, with every statement's span).

Across documents: ``copies.py`` (syndicated copies) and ``merge.py`` (mentions into events).
The words every rule reads are in ``bilat/lang/en/events_*.yaml`` and ``modality.yaml``.
"""
