"""Annotations: paragraphs parsed by spaCy, and what they name (actors, places, times).

Every importer of this package parses with spaCy, which is imported here first, without
its command line (:mod:`bilat.deferred`).
"""

from bilat.deferred import import_deferring

import_deferring("spacy", {"spacy.cli.info": ("info",)})
