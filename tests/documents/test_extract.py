from bilat.documents.extract import extract_html, parse_html, text_dump, with_title

PARAGRAPHS = [
    "The foreign minister of Freedonia arrived in Sylvania on Tuesday for two days of talks "
    "with her counterpart, the ministry said in a statement released on Tuesday morning.",
    "The two sides are expected to sign an agreement on trade and to discuss cooperation in "
    "energy, transport and culture during the visit, officials said.",
    "It is the first visit by a Freedonian foreign minister to Sylvania in six years.",
]


def _page(body: str, title: str = "Minister visits Sylvania | World | Example") -> str:
    return (
        f"<html><head><title>{title}</title><script>var ads = 1;</script></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>"
        f"<article>{body}</article>"
        "<div class='comments'><p>Reader comment: great article!</p></div>"
        "<footer>Copyright 2024 Example</footer></body></html>"
    )


def test_article_paragraphs_are_extracted_and_boilerplate_left_out() -> None:
    body = "<h1>Minister visits Sylvania</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    extracted = extract_html(_page(body))
    for paragraph in PARAGRAPHS:
        assert paragraph in extracted.text
    assert "var ads" not in extracted.text
    assert extracted.title == "Minister visits Sylvania"
    assert extracted.text.startswith("Minister visits Sylvania")


def test_title_is_put_first_when_the_body_lacks_it() -> None:
    assert with_title("Body text.", "Headline") == "Headline\n\nBody text."
    assert with_title("Headline\nBody text.", "Headline") == "Headline\nBody text."
    assert with_title("Body text.", None) == "Body text."


def test_truncated_html_still_yields_its_text() -> None:
    page = "<html><body><article><p>" + PARAGRAPHS[0] + "</p><p>" + PARAGRAPHS[1][:60]
    extracted = extract_html(page)
    assert PARAGRAPHS[0] in extracted.text


def test_text_dump_keeps_blocks_on_separate_lines_and_drops_scripts() -> None:
    tree = parse_html("<html><body><div>One</div><script>x()</script><p>Two</p></body></html>")
    assert tree is not None
    assert text_dump(tree).split() == ["One", "Two"]


def test_empty_or_markup_only_pages_give_empty_text() -> None:
    assert extract_html("").text == ""
    assert extract_html("<html><head><script>var x;</script></head><body></body></html>").text == ""


def _nested(depth: int, inner: str) -> str:
    """A page whose article sits ``depth`` elements deep, with a script and a style beside it."""
    return (
        "<html><head><title>Minister visits Sylvania</title><style>p { color: red }</style>"
        "</head><body><script>var tracker = 1;</script>"
        + "<div>" * depth + inner + "<style>.x { y: z }</style><script>track();</script>"
        + "</div>" * depth + "</body></html>"
    )


def test_a_page_nested_deeper_than_the_parser_limit_keeps_its_text() -> None:
    # libxml2 gives up at depth 256; the tree-less fallback takes over and keeps the text
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    for depth in (260, 5_000):
        extracted = extract_html(_nested(depth, body))
        for paragraph in PARAGRAPHS:
            assert paragraph in extracted.text
        assert "tracker" not in extracted.text and "track()" not in extracted.text
        assert "color" not in extracted.text and "y: z" not in extracted.text
        assert extracted.title == "Minister visits Sylvania"
        assert extracted.text.startswith("Minister visits Sylvania\n\n")


def test_a_page_the_parser_reads_whole_is_not_handed_to_the_fallback() -> None:
    assert parse_html(_nested(200, "<p>x</p>")) is not None
    assert parse_html(_nested(300, "<p>x</p>")) is None  # cut short: its tree would lose the rest
