"""HTML to article text with trafilatura; a plain lxml text dump when it finds nothing, and
a tree-less text dump (:mod:`bilat.documents.plaintext`) when lxml cannot parse the page whole."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree
import lxml.html

from bilat.documents.plaintext import BLANK_LINES, BLOCK_TAGS, NON_TEXT_TAGS, stream_text


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None


def extract_html(html: str) -> Extracted:
    """The article text (title first) and the title of an HTML page.

    trafilatura separates the article from boilerplate; ``favor_recall`` because a missed
    body paragraph loses events while leftover debris is blanked later by ``clean_text``.
    Tables and comments are left out: they hold market data and reader opinions, not news.
    """
    if not html.strip():
        return Extracted("", None)
    tree = parse_html(html)
    if tree is None:
        body, title = stream_text(html)
        return Extracted(with_title(body, _clean_title(title)), _clean_title(title))
    # imported at the first HTML page: a build of text files never needs it (trafilatura
    # and htmldate, which it imports, are 0.1 CPU s of start-up)
    import trafilatura

    # trafilatura prunes the tree it is given, so it gets its own copy.
    result = trafilatura.bare_extraction(
        _copy(tree),
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        deduplicate=False,
    )
    body = (getattr(result, "text", None) or "").strip() if result is not None else ""
    title = _clean_title(getattr(result, "title", None) if result is not None else None)
    if title is None:
        title = _clean_title(_html_title(tree))
    if not body:
        body = text_dump(tree)
    return Extracted(with_title(body, title), title)


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse leniently (truncated and broken pages included); None when nothing parses, or
    when the parser gave up before the end (a fatal error in its log, e.g. nesting deeper
    than libxml2's limit of 256): a tree of part of the page would lose the rest silently."""
    parser = lxml.html.HTMLParser(encoding="utf-8", recover=True)
    try:
        # Encoding declarations inside a str make lxml refuse it; bytes with utf-8 do not.
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    gave_up = any(error.level == lxml.etree.ErrorLevels.FATAL for error in parser.error_log)
    return None if gave_up else tree


def text_dump(tree: lxml.html.HtmlElement) -> str:
    """All visible text of the page, one block element per line (the fallback)."""
    root = _copy(tree)
    for element in list(root.iter(*NON_TEXT_TAGS)):
        _drop(element)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    return BLANK_LINES.sub("\n\n", text).strip()


def with_title(body: str, title: str | None) -> str:
    """Put the headline first unless the body already starts with it: headlines state events."""
    if not title or _normalise(body[: len(title) + 40]).startswith(_normalise(title)):
        return body
    return f"{title}\n\n{body}" if body else title


def _html_title(tree: lxml.html.HtmlElement) -> str | None:
    found = tree.find(".//title")
    return found.text_content() if found is not None else None


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    return title or None


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def _copy(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(lxml.html.tostring(tree))


def _drop(element: lxml.html.HtmlElement) -> None:
    # drop_tree keeps the tail text (it belongs to the parent), unlike remove().
    if element.getparent() is not None:
        element.drop_tree()
