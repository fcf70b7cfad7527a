import pytest

from bilat.config import Settings
from bilat.documents import prepare
from bilat.errors import (
    BinaryDocument,
    DocumentError,
    DocumentTooLarge,
    EmptyDocument,
    NonEnglishDocument,
    UndecodableDocument,
)
from bilat.model import Document, RawDocument

SETTINGS = Settings()

ARTICLE = (
    "The foreign minister of Freedonia arrived in Sylvania on Tuesday for two days of talks "
    "with her counterpart, the ministry said in a statement.\n"
    "The two sides are expected to sign an agreement on trade and to discuss cooperation in "
    "energy, transport and culture during the visit."
)


def _raw(
    data: bytes,
    *,
    kind: str = "text",
    name: str = "doc.txt",
    published: str | None = None,
    url: str | None = None,
) -> RawDocument:
    return RawDocument(
        name=name, kind=kind, data=data, origin=f"in/{name}", published=published, url=url
    )


def test_plain_english_text_becomes_a_document() -> None:
    doc = prepare(_raw(ARTICLE.encode(), url="https://e.org/a"), SETTINGS)
    assert isinstance(doc, Document)
    assert doc.text == ARTICLE
    assert doc.clean == ARTICLE
    assert doc.id == Document.make_id("doc.txt", ARTICLE)
    assert (doc.name, doc.url, doc.language) == ("doc.txt", "https://e.org/a", "en")


def test_english_article_with_debris_passes_and_debris_is_blanked() -> None:
    text = (
        " date 2024-06-19 Minister arrives in Sylvania\nShare\nPublished: 19 Jun. 2024, 10:03\n"
        "지나쌤\n" + ARTICLE + "\nREAD MORE: Another story entirely\nPlease enter your comment!\n"
    )
    doc = prepare(_raw(text.encode()), SETTINGS)
    assert doc.text == text and len(doc.clean) == len(text)
    assert "Share" not in doc.clean and "READ MORE" not in doc.clean
    assert "Minister arrives in Sylvania" in doc.clean
    assert (doc.published, doc.published_source) == ("2024-06-19", "page-date-line")


def test_record_date_wins_over_the_page_and_timestamps_are_cut_to_the_day() -> None:
    text = " date 2020-01-01 " + ARTICLE
    doc = prepare(_raw(text.encode(), published="2024-06-19T08:00:00Z"), SETTINGS)
    assert (doc.published, doc.published_source) == ("2024-06-19", "record")


def test_without_any_date_published_is_none() -> None:
    doc = prepare(_raw(ARTICLE.encode()), SETTINGS)
    assert (doc.published, doc.published_source) == (None, None)


def test_html_is_extracted_with_its_title_and_dated_from_metadata() -> None:
    html = (
        "<html><head><title>Minister visits Sylvania | World</title>"
        '<meta property="article:published_time" content="2024-06-19T08:00:00+00:00">'
        "</head><body><nav><ul><li>Home</li><li>World</li></ul></nav><article>"
        f"<h1>Minister visits Sylvania</h1><p>{ARTICLE}</p></article></body></html>"
    )
    doc = prepare(_raw(html.encode(), kind="html", name="a.html"), SETTINGS)
    assert "<p>" not in doc.text
    assert "foreign minister of Freedonia" in doc.text
    assert doc.title == "Minister visits Sylvania"
    assert doc.text.startswith("Minister visits Sylvania")
    assert (doc.published, doc.published_source) == ("2024-06-19", "html-meta")


def test_html_nested_deeper_than_the_parser_limit_is_a_document_not_empty() -> None:
    # 260 nested elements used to leave "only 0 letters" (E101): the parser gave up at 256
    page = "<html><body>" + "<div>" * 260 + f"<p>{ARTICLE}</p>" + "</div>" * 260 + "</body></html>"
    doc = prepare(_raw(page.encode(), kind="html", name="deep.html"), SETTINGS)
    assert isinstance(doc, Document)
    assert doc.text.split() == ARTICLE.split()


def test_html_date_falls_back_to_the_url() -> None:
    html = f"<html><body><p>{ARTICLE}</p></body></html>"
    doc = prepare(
        _raw(html.encode(), kind="html", url="https://e.org/news/2024/06/19/visit"), SETTINGS
    )
    assert (doc.published, doc.published_source) == ("2024-06-19", "url")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyDocument),
        (b"   \n\n  ", EmptyDocument),
        (b"Share\nSubscribe\nscroll to top\n", EmptyDocument),
        (b"Too short.", EmptyDocument),
        (b"\x00\x01\x02\x03binary\x00\x00\xff\xfe\x00" * 20, BinaryDocument),
        (b"\x89PNG\r\n\x1a\n" + b"IHDR" * 30, BinaryDocument),
        (b"%PDF-1.4\n" + ARTICLE.encode(), BinaryDocument),
        (b"PK\x03\x04" + ARTICLE.encode(), BinaryDocument),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08 text" * 20, BinaryDocument),
        (bytes((i * 7919) % 128 + 128 for i in range(400)), UndecodableDocument),
    ],
)
def test_unusable_documents_raise_the_matching_error(data: bytes, error: type) -> None:
    with pytest.raises(error) as raised:
        prepare(_raw(data), SETTINGS)
    assert isinstance(raised.value, DocumentError)
    assert "in/doc.txt" in str(raised.value)


def test_size_limit_comes_from_settings() -> None:
    small = Settings(max_doc_bytes=100)
    with pytest.raises(DocumentTooLarge, match="over the limit"):
        prepare(_raw(ARTICLE.encode()), small)
    assert prepare(_raw(ARTICLE.encode()), Settings(max_doc_bytes=len(ARTICLE))).text == ARTICLE


@pytest.mark.parametrize(
    "encoding", ["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-8-sig", "utf-32"]
)
def test_legacy_and_wide_encodings_decode_correctly(encoding: str) -> None:
    text = "Caf\u00e9 talks in S\u00e3o Paulo: " + ARTICLE
    if encoding == "cp1252":
        text = "\u201cWe agreed\u201d \u2013 " + text
    doc = prepare(_raw(text.encode(encoding)), SETTINGS)
    assert doc.text == text


def test_html_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    html = (
        '<html><head><meta charset="windows-1251"></head><body><p>'
        + ARTICLE
        + " \u0422\u0410\u0421\u0421</p></body></html>"
    )
    doc = prepare(_raw(html.encode("cp1251"), kind="html"), SETTINGS)
    assert "\u0422\u0410\u0421\u0421" in doc.text


GERMAN = (
    "Der Au\u00dfenminister von Freedonien ist am Dienstag zu zweit\u00e4gigen Gespr\u00e4chen "
    "in Sylvanien eingetroffen, teilte das Ministerium mit. Beide Seiten wollen ein "
    "Handelsabkommen unterzeichnen und \u00fcber die Zusammenarbeit bei Energie sprechen."
)
FRENCH = (
    "Le ministre des Affaires \u00e9trang\u00e8res de Freedonie est arriv\u00e9 mardi en "
    "Sylvanie pour deux jours d'entretiens avec son homologue, a indiqu\u00e9 le minist\u00e8re. "
    "Les deux parties doivent signer un accord commercial pendant la visite."
)


@pytest.mark.parametrize("text", [GERMAN, FRENCH])
def test_non_english_articles_are_refused(text: str) -> None:
    with pytest.raises(NonEnglishDocument):
        prepare(_raw(text.encode()), SETTINGS)


def test_stray_foreign_script_lines_do_not_make_an_article_foreign() -> None:
    text = "\uc9c0\ub098\uc314\n\u041e\u041a\n\u0421\u0435\u0443\u043b\n" + ARTICLE
    assert prepare(_raw(text.encode()), SETTINGS).language == "en"
