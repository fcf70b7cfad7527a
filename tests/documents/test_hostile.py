"""iter_raw + prepare over tests/data/hostile: every file is a Document or a reported error."""

from pathlib import Path

from bilat.config import Settings
from bilat.documents import prepare
from bilat.errors import DocumentError
from bilat.model import Document, Failure
from bilat.sources import iter_raw

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"

EXPECTED = {
    "attachment_pdf.txt": "E102",
    "attachment_png.txt": "E102",
    "nul_garbage.txt": "E102",
    "empty.txt": "E101",
    "whitespace_only.txt": "E101",
    "debris_only.txt": "E101",
    "tags_only.html": "E101",
    "german_article.txt": "E105",
    "german": "E105",
    "records.jsonl:2": "E106",
    "records.jsonl:3": "E106",
    "records.jsonl:4": "E106",
    "records.jsonl:7": "E106",
    "records.jsonl:8": "E106",
    "cp1252_quotes.txt": "doc",
    "latin1_accents.txt": "doc",
    "utf16_bom.txt": "doc",
    "truncated.html": "doc",
    "declared_wrong_charset.html": "doc",
    "good-text": "doc",
    "good-html": "doc",
}


def test_every_hostile_file_is_a_document_or_a_reported_error() -> None:
    outcomes: dict[str, str] = {}
    for record in iter_raw([HOSTILE]):
        if isinstance(record, Failure):
            outcomes[record.name] = record.code
            continue
        try:
            document = prepare(record, Settings())
        except DocumentError as error:
            outcomes[record.name] = error.code
        else:
            assert isinstance(document, Document)
            assert len(document.clean) == len(document.text)
            outcomes[record.name] = "doc"
    assert outcomes == EXPECTED


def test_wrongly_encoded_files_decode_to_the_intended_characters() -> None:
    documents = {
        record.name: prepare(record, Settings())
        for record in iter_raw([HOSTILE])
        if not isinstance(record, Failure) and EXPECTED.get(record.name) == "doc"
    }
    assert documents["cp1252_quotes.txt"].text.startswith("\u201cWe agreed,\u201d she said \u2013")
    assert "Caf\u00e9" in documents["latin1_accents.txt"].text
    assert "Se\u00f1or Garc\u00eda" in documents["latin1_accents.txt"].text
    assert "Caf\u00e9 talks" in documents["declared_wrong_charset.html"].text
    assert documents["utf16_bom.txt"].text.startswith("The foreign minister")
