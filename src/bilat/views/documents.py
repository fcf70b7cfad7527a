"""Documents as a reader names them: by their headline, not their file name.

A record from a feed or a JSONL file has a title; a text file has none, but its first line
is its headline ("Shoygu shown North Korean missiles ahead of war anniversary | World |
News"). The headline is that line of the clean text (page debris already blanked out),
without the site's section trail after " | ", cut to a length a list can show.
"""

from __future__ import annotations

from typing import Any

from bilat.store.base import DocumentSummary

HEADLINE_CHARS = 160
SECTION_TRAIL = " | "  # "Headline | World | News": what follows is the site's navigation


def headline(title: str | None, lead: str | None, name: str) -> str:
    """The title when there is one, else the first line of ``lead`` (the start of the clean
    text), else the document's name."""
    if title and title.strip():
        return _shortened(" ".join(title.split()))
    for line in (lead or "").splitlines():
        text = " ".join(line.split()).split(SECTION_TRAIL)[0].strip()
        if text:
            return _shortened(text)
    return name


def _shortened(text: str) -> str:
    if len(text) <= HEADLINE_CHARS:
        return text
    return text[: HEADLINE_CHARS].rsplit(" ", 1)[0] + "…"


DOCUMENT_FIELDS = ("id", "name", "title", "published", "source", "url", "mentions")


def document_record(d: DocumentSummary) -> dict[str, Any]:
    """A listed document as plain data (:data:`DOCUMENT_FIELDS`); its title is its headline."""
    return {
        "id": d.id,
        "name": d.name,
        "title": headline(d.title, d.lead, d.name),
        "published": d.published,
        "source": d.source,
        "url": d.url,
        "mentions": d.mentions,
    }
