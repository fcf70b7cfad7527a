"""A doc's lower-case word ids, read from its array once per doc.

The screen (trigger and delegation words), titles before names and described officials
each look for a few words by their lower-case id (:func:`bilat.annotations.nlp.word_ids`);
each used to read the doc's LOWER array anew, five arrays per paragraph. A token's lower
case is set by the tokenizer and no pipeline component changes it, so one list, kept in
the doc's ``user_data`` from the screen (before the parse) to extraction, is never stale.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.tokens import Doc

_KEY = "bilat.lower"


def lower_ids(doc: Doc) -> list[int]:
    """The id of each token's lower-case form, in order (the same list on every call)."""
    ids: list[int] | None = doc.user_data.get(_KEY)
    if ids is None:
        ids = doc.user_data[_KEY] = doc.to_array(LOWER).tolist()
    return ids
