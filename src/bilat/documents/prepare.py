"""RawDocument -> Document: size check, decoding, extraction, cleaning, language, date."""

from __future__ import annotations

from bilat.config import Settings
from bilat.documents.clean import clean_text
from bilat.documents.dates import find_publication_date, parse_full_date
from bilat.documents.decode import decode_bytes
from bilat.documents.extract import extract_html
from bilat.documents.language import detect_language, letter_count
from bilat.errors import DocumentTooLarge, EmptyDocument, ExtractionFailed, NonEnglishDocument
from bilat.model import Document, RawDocument


def prepare(raw: RawDocument, settings: Settings) -> Document:
    """Turn raw bytes into an analysable English :class:`Document`.

    Raises a :class:`~bilat.errors.DocumentError` subclass for a document that must be
    reported and skipped: DocumentTooLarge, BinaryDocument, UndecodableDocument,
    EmptyDocument, NonEnglishDocument (ExtractionFailed only on a bug).
    """
    where = raw.origin or raw.name
    if len(raw.data) > settings.max_doc_bytes:
        raise DocumentTooLarge(
            f"{where}: {len(raw.data):,} bytes is over the limit of {settings.max_doc_bytes:,}."
        )
    if not raw.data.strip():
        raise EmptyDocument(f"{where}: the file is empty.")
    is_html = raw.kind == "html"
    decoded = decode_bytes(raw.data, origin=where, html=is_html)
    html: str | None = None
    title = raw.title
    if is_html:
        html = decoded
        try:
            extracted = extract_html(html)
        except Exception as exc:  # the extractor failing is a bilat bug, reported per document
            raise ExtractionFailed(f"{where}: HTML extraction failed ({exc!r}).") from exc
        text = extracted.text
        title = title or extracted.title
    else:
        text = decoded
    clean = clean_text(text)
    letters = letter_count(clean)
    if letters < settings.min_doc_chars:
        raise EmptyDocument(
            f"{where}: only {letters} letters of text after removing page debris"
            f" (at least {settings.min_doc_chars} needed)."
        )
    language = detect_language(clean)
    if language is not None and language != "en":
        raise NonEnglishDocument(f"{where}: the text is in {language!r}, not English.")
    published, published_source = _publication_date(raw, text, html)
    return Document(
        id=Document.make_id(raw.name, text),
        name=raw.name,
        text=text,
        clean=clean,
        published=published,
        published_source=published_source,
        url=raw.url,
        title=title,
        source=raw.source,
        language="en",
    )


def _publication_date(
    raw: RawDocument, text: str, html: str | None
) -> tuple[str | None, str | None]:
    if raw.published:
        # Records and manifests sometimes carry timestamps ("2024-06-19T08:00:00Z").
        given = parse_full_date(raw.published)
        if given:
            return given, "record"
    return find_publication_date(text, html, raw.url)
