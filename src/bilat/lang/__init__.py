"""Language data: named word classes, windows and maps, in ``lang/en/*.yaml``.

``lexicon()`` returns the one frozen, schema-checked :class:`Lexicon` of the process::

    from bilat.lang import lexicon

    PLAN_HEADS = lexicon().words("PLAN_HEADS")
"""

from __future__ import annotations

from functools import lru_cache

from bilat.lang.lexicon import LANG_DIR, Lexicon, load_lexicon

__all__ = ["LANG_DIR", "Lexicon", "lexicon", "load_lexicon"]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The bundled lexicon, read once per process."""
    return load_lexicon(LANG_DIR)
