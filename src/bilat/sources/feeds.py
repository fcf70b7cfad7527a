"""RSS / Atom feeds via feedparser: one raw HTML record per entry."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bilat.errors import EmptyDocument, MalformedRecord
from bilat.model import Failure, RawDocument
from bilat.sources.names import failure_of, name_text, path_text, safe_text

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})


def read_feed(data: bytes, path: Path) -> Iterator[RawDocument | Failure]:
    """Yield the entries of the feed in ``data`` (bytes, so feedparser never fetches)."""
    import feedparser  # imported at the first feed: most builds read none

    where, file_name = path_text(path), name_text(path)
    parsed = feedparser.parse(data)
    # feedparser names a version as soon as it sees "<rss", even in a broken file; a feed
    # that broke before its first entry would otherwise vanish without a word
    if not parsed.entries and (not parsed.get("version") or parsed.get("bozo")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom feed found"
        yield _failure(file_name, where, f"{where}: not a readable feed ({reason}).")
        return
    if not parsed.entries:
        # A valid but empty feed is reported too: a user who gave a file expects to hear of it.
        empty = EmptyDocument(f"{where}: the feed is well formed but has no entries.")
        yield failure_of(path, empty)
        return
    source = parsed.feed.get("title") or None
    for index, entry in enumerate(parsed.entries, start=1):
        origin = f"{where}#{index}"
        name = entry_name(entry, path, index)
        content = _entry_content(entry)
        if content is None:
            yield _failure(name, origin, f"{origin}: the feed entry has no content or summary.")
            continue
        html, content_type = content
        yield RawDocument(
            name=name,
            kind="text" if content_type == "text/plain" else "html",
            data=html.encode("utf-8"),
            origin=origin,
            published=_entry_date(entry),
            url=entry.get("link") or None,
            title=entry.get("title") or None,
            source=source,
        )


def entry_name(entry: Any, path: Path, index: int) -> str:
    """The entry's id (or link); entries with neither are named after the feed file."""
    return str(entry.get("id") or entry.get("link") or f"{name_text(path)}#{index}").strip()


def _entry_content(entry: Any) -> tuple[str, str] | None:
    # Full content beats the summary, which many feeds truncate to a teaser.
    for block in entry.get("content") or ():
        if block.get("value", "").strip():
            return block["value"], block.get("type", "text/html")
    summary = entry.get("summary", "")
    if summary.strip():
        detail = entry.get("summary_detail") or {}
        return summary, detail.get("type", "text/html")
    return None


def _entry_date(entry: Any) -> str | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    return time.strftime("%Y-%m-%d", parsed)


def _failure(name: str, origin: str, message: str) -> Failure:
    error = MalformedRecord(message)
    return Failure(name=name, origin=origin, stage=error.stage, code=error.code,
                   message=safe_text(error.message))
