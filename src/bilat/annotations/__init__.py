"""Annotations: paragraphs parsed by spaCy, and what they name (actors, places, times).

Every importer of this package parses with spaCy, which is imported here first, without
its command line (:mod:`bilat.annotations.spacy_import`).
"""

from bilat.annotations.spacy_import import import_spacy_without_cli

import_spacy_without_cli()
