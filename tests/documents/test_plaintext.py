from bilat.documents.plaintext import stream_text


def test_visible_text_is_kept_one_block_per_line_and_scripts_styles_left_out() -> None:
    html = (
        "<html><head><title> Talks  held </title><style>p {}</style></head><body>"
        "<script>if (a < b) { x(); }</script><div>One &amp; two</div><p>Three<br>Four</p>"
        "<noscript>enable js</noscript><svg><text>chart</text></svg><p>Five<br/>Six</p>"
        "</body></html>"
    )
    text, title = stream_text(html)
    assert text.split("\n") == ["One & two", "Three", "Four", "Five", "Six"]
    assert title == "Talks held"


def test_an_unclosed_head_ends_where_the_body_starts() -> None:
    text, title = stream_text("<html><head><title>T</title><body><p>Body text</p>")
    assert (text, title) == ("Body text", "T")


def test_nesting_depth_does_not_limit_it() -> None:
    text, _ = stream_text("<div>" * 100_000 + "deep text" + "</div>" * 100_000)
    assert text == "deep text"
