"""HTML to text without a tree: the fallback for pages lxml cannot parse whole.

libxml2, under lxml, stops parsing at nesting depth 256 and at text nodes over 10 MB; what
comes after is lost, so a page of 260 nested ``<div>`` yields no text at all. The standard
library's ``html.parser`` reads tags as a stream and builds no tree, so no depth limits it;
it is slower and knows no boilerplate, which is why it is the fallback, not the rule.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# Elements whose text is never article prose.
NON_TEXT_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe")
# Elements after which a line break belongs in a text dump.
BLOCK_TAGS = frozenset(
    ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "pre"]
    + ["blockquote", "section", "article", "header", "footer", "figcaption", "caption"]
    + ["dt", "dd", "title"]
)
BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def stream_text(html: str) -> tuple[str, str | None]:
    """(all visible text of the page, one block element per line; its <title> text)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = BLANK_LINES.sub("\n\n", "".join(collector.parts)).strip()
    title = " ".join("".join(collector.title_parts).split()) or None
    return text, title


class _TextCollector(HTMLParser):
    """Keeps the text outside :data:`NON_TEXT_TAGS`, a line break after each block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._open_non_text: Counter[str] = Counter()
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NON_TEXT_TAGS:
            self._open_non_text[tag] += 1
        elif tag == "body":
            self._open_non_text["head"] = 0  # an unclosed <head> ends where the body starts
        elif tag == "title":
            self._in_title = True
        elif tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":  # <br/>; a self-closed <svg/> opens nothing to skip
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._open_non_text[tag]:
            self._open_non_text[tag] -= 1
        if tag == "title":
            self._in_title = False
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        if not any(self._open_non_text.values()):
            self.parts.append(data)
