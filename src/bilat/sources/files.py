"""Walk the user's paths and turn every supported file into raw records.

Readers only split containers (a JSONL line, a feed entry) into :class:`RawDocument`
records and keep the bytes as they are; decoding and extraction happen in the documents
layer. A broken record becomes a :class:`Failure` and reading goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from bilat.errors import DocumentError, DocumentTooLarge, ExtractionFailed, InputNotFound
from bilat.model import Failure, RawDocument
from bilat.sources.feeds import FEED_SUFFIXES, read_feed
from bilat.sources.jsonl import read_jsonl

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES


def iter_raw(paths: Sequence[Path], max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    """Yield one raw record (or a reported failure) per document under ``paths``.

    Files and folders are accepted; folders are walked recursively in sorted order so that
    two runs over the same tree yield the same sequence. Unsupported extensions are
    skipped silently (a folder of articles often holds images and notes too). A single-
    article file (text or HTML) larger than ``max_bytes`` is reported without being read.
    """
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        # Checked up front: a typo in the last argument should not surface after an hour.
        raise InputNotFound(f"No such file or folder: {', '.join(str(p) for p in missing)}.")
    for path in paths:
        for file in _files_under(Path(path)):
            yield from _read_file(file, max_bytes)


def _files_under(path: Path) -> Iterator[Path]:
    if path.is_file():
        if _is_supported(path):
            yield path
        return
    # os.walk rather than Path.rglob: it does not follow directory symlinks (no loops) and
    # lets us sort and prune hidden folders (.git, .cache) as we go.
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            file = Path(root) / name
            if not name.startswith(".") and _is_supported(file) and file.is_file():
                yield file


def _too_large(path: Path, suffix: str, max_bytes: int | None) -> Failure | None:
    """A one-article file over the limit, checked on its size so a 10 GB dump is never read.

    Containers (JSONL, feeds) hold many documents, so each of their records is checked
    on its own later, against the same limit.
    """
    if max_bytes is None or suffix in JSONL_SUFFIXES or suffix in FEED_SUFFIXES:
        return None
    size = path.stat().st_size
    if size <= max_bytes:
        return None
    error = DocumentTooLarge(f"{path}: {size:,} bytes is over the limit of {max_bytes:,}.")
    return Failure(name=path.name, origin=str(path), stage=error.stage, code=error.code, message=error.message)


def _is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _read_file(path: Path, max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    suffix = path.suffix.lower()
    try:
        too_large = _too_large(path, suffix, max_bytes)
        if too_large is not None:
            yield too_large
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(
            name=path.name,
            origin=str(path),
            stage=DocumentError.stage,
            code=DocumentError.code,
            message=f"{path}: cannot be read ({exc.strerror or exc}).",
        )
        return
    kind = "html" if suffix in HTML_SUFFIXES else "text"
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(data, path)
        elif suffix in FEED_SUFFIXES:
            yield from read_feed(data, path)
        else:
            yield RawDocument(name=path.name, kind=kind, data=data, origin=str(path))
    except Exception as exc:  # noqa: BLE001 - a reader's bug costs this file, not the build
        yield Failure(name=path.name, origin=str(path), stage="read",
                      code=ExtractionFailed.code, message=f"{path}: {type(exc).__name__}: {exc}")
