"""Documents: decode, extract, clean and date raw records (second layer)."""

from bilat.documents.clean import clean_text
from bilat.documents.dates import find_publication_date
from bilat.documents.prepare import prepare

__all__ = ["clean_text", "find_publication_date", "prepare"]
