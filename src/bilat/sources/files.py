"""Read every input the walk finds and turn it into raw records.

Readers only split containers (a JSONL line, a feed entry) into :class:`RawDocument`
records and keep the bytes as they are; decoding and extraction happen in the documents
layer. A broken record becomes a :class:`Failure` and reading goes on. Nothing is held
whole before its size is checked: a one-article file and a feed by their size on disk,
a JSONL file line by line (see :mod:`bilat.sources.jsonl`).
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from bilat.errors import (
    DocumentError,
    DocumentTooLarge,
    ExtractionFailed,
    InputNotFound,
    NotRegularFile,
    UnreadableFile,
)
from bilat.model import Failure, RawDocument
from bilat.sources.feeds import FEED_SUFFIXES, read_feed
from bilat.sources.jsonl import read_jsonl
from bilat.sources.names import failure_of, name_text, path_text
from bilat.sources.walk import inputs_under

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
# O_NONBLOCK: should a FIFO take a file's place between the walk's look and the open,
# the open returns at once instead of waiting for a writer (the check below refuses it).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def iter_raw(paths: Sequence[Path],
             max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    """Yield one raw record (or a reported failure) per document under ``paths``.

    Files and folders are accepted (see :mod:`bilat.sources.walk` for what the walk reads,
    passes over and reports). A record over ``max_bytes`` is reported without being held:
    a one-article file or a feed from its size on disk, a JSONL record from its line.
    """
    missing = [path for path in paths if not os.path.lexists(path)]
    if missing:
        # Checked up front: a typo in the last argument should not surface after an hour.
        listed = ", ".join(path_text(p) for p in missing)
        raise InputNotFound(f"No such file or folder: {listed}.")
    for path in paths:
        for found in inputs_under(Path(path), SUPPORTED_SUFFIXES):
            if isinstance(found, Failure):
                yield found
            else:
                yield from _read_file(found, max_bytes)


def _read_file(path: Path, max_bytes: int | None = None) -> Iterator[RawDocument | Failure]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with _open_regular(path) as stream:
                yield from read_jsonl(stream, path, max_bytes)
            return
        data = _read_whole(path, max_bytes)
        if suffix in FEED_SUFFIXES:
            yield from read_feed(data, path)
        else:
            kind = "html" if suffix in HTML_SUFFIXES else "text"
            yield RawDocument(name=name_text(path), kind=kind, data=data, origin=path_text(path))
    except DocumentError as error:
        yield failure_of(path, error)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        yield failure_of(path, UnreadableFile(f"{path_text(path)}: cannot be read ({reason})."))
    except Exception as exc:  # noqa: BLE001 - a reader's bug costs this file, not the build
        bug = ExtractionFailed(f"{path_text(path)}: {type(exc).__name__}: {exc}")
        yield dataclasses.replace(failure_of(path, bug), stage="read")  # where it happened


def _read_whole(path: Path, max_bytes: int | None) -> bytes:
    """The bytes of a file read whole (one article, or a feed: feedparser parses a whole
    document), refused with DocumentTooLarge from its size before it is opened."""
    size = os.stat(path).st_size
    if max_bytes is not None and size > max_bytes:
        raise DocumentTooLarge(
            f"{path_text(path)}: {size:,} bytes is over the limit of {max_bytes:,}.")
    with _open_regular(path) as stream:
        data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # it grew since it was measured
        raise DocumentTooLarge(
            f"{path_text(path)}: over {max_bytes:,} bytes, the limit.")
    return data


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, or NotRegularFile if it is no longer a regular file."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(f"{path_text(path)}: not a regular file; not read.")
        if _OPEN_FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
