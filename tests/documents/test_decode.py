import pytest

from bilat.documents.decode import binary_signature, control_ratio, decode_bytes
from bilat.errors import BinaryDocument, UndecodableDocument


def test_utf8_is_tried_first_and_kept_exactly() -> None:
    text = "K\u00f6ln \u2013 \u041c\u043e\u0441\u043a\u0432\u0430 \u2014 \uc11c\uc6b8"
    assert decode_bytes(text.encode("utf-8")) == text


def test_boms_are_honoured_and_removed() -> None:
    assert decode_bytes(b"\xef\xbb\xbfHello") == "Hello"
    assert decode_bytes("Hello".encode("utf-16")) == "Hello"
    assert decode_bytes("Hello".encode("utf-32")) == "Hello"


def test_bomless_utf16_is_recognised_despite_its_nul_bytes() -> None:
    text = "The minister visited Moscow on Monday for talks with officials."
    assert decode_bytes(text.encode("utf-16-le")) == text


def test_cp1252_punctuation_decodes_to_the_right_characters() -> None:
    text = "\u201cWe agreed,\u201d the minister said \u2013 twice. Caf\u00e9 r\u00e9sum\u00e9."
    assert decode_bytes(text.encode("cp1252")) == text


def test_declared_html_charset_is_used_for_non_utf8_bytes() -> None:
    html = '<meta charset="koi8-r"><p>\u041f\u0443\u0442\u0438\u043d visited.</p>'
    assert decode_bytes(html.encode("koi8-r"), html=True) == html


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"%PDF-1.5", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"PK\x03\x04", "ZIP/Office")],
)
def test_magic_numbers_are_named(data: bytes, kind: str) -> None:
    assert binary_signature(data + b"rest") == kind
    with pytest.raises(BinaryDocument, match=kind):
        decode_bytes(data + b"rest", origin="x")


def test_plain_text_has_no_signature_or_controls() -> None:
    assert binary_signature(b"Plain text") is None
    assert control_ratio("line one\n\tline two\r\n") == 0.0


def test_control_characters_are_unicodes_category_cc_but_whitespace() -> None:
    import sys
    import unicodedata

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    controls = [c for c in every if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v"]
    assert control_ratio(every) == len(controls) / len(every)
    assert control_ratio("ab\x00\x85") == 0.5


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(BinaryDocument):
        decode_bytes(b"abc\x00\x01\x02\xff\x10" * 30)


def test_random_high_bytes_are_undecodable() -> None:
    with pytest.raises(UndecodableDocument):
        decode_bytes(bytes((i * 7919) % 128 + 128 for i in range(400)))
