"""Reading the input: each document read, prepared (decoded, cleaned, dated, its language
checked) and, in a parallel build, given its copy-detection band keys and its copy group
ahead of the merge.

A parallel build reads in a process of its own, forked before the build's process loads
the model and the knowledge base (:func:`read_ahead`): for those first seconds the other
cores had nothing to do, and preparing and band keys need neither. The reader sends the
prepared documents in input order, at most :data:`QUEUED` batches ahead of the build, so
its memory stays bounded however large the input; and, for a build into an empty
database, the copy groups of the documents it read, once it has read them all
(:mod:`~bilat.pipeline.groups_ahead`). Elsewhere (one process, a platform
that cannot fork) the documents are prepared where they are read (:func:`prepare_all`).
"""

from __future__ import annotations

import functools
import multiprocessing
import queue
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bilat.config import Settings
from bilat.cycles import paused
from bilat.errors import BilatError, DocumentError, ExtractionFailed, ReaderDied
from bilat.model import Document, Failure, RawDocument
from bilat.pipeline.groups_ahead import Found, GroupsAhead
from bilat.pipeline.processes import end_with_parent

# Prepared documents sent at once: few enough that the build never waits long for the
# first ones, enough to amortise a batch's transfer.
BATCH = 16
# Batches the reader may be ahead of the build (~40 KB each for news articles): enough to
# prepare what it can while the build's process loads the model (~2 CPU s: ~1,500 news
# documents; at 64 it stopped after 1,024 and prepared the rest while both cores
# extracted), bounded so that a large input is not held in memory.
QUEUED = 128
# How often the build checks that a reader it waits for is still alive (seconds).
_POLL = 1.0


@dataclass(frozen=True)
class Prepared:
    """An input document as read and prepared (or the Failure that stopped it), with the
    name and origin it was read under and, when read ahead, its band keys."""

    name: str
    origin: str
    document: Document | Failure
    bands: tuple[str, ...] | None = None


def prepare(raw: RawDocument, settings: Settings) -> Document:
    """:func:`bilat.documents.prepare`, imported at its first call, not with this module:
    in a parallel build only the reader prepares, so the build's process, which forks it,
    never imports the cleaning's libraries (trafilatura, htmldate, py3langid: ~0.6 CPU s)
    and forks it that much sooner."""
    return _preparer()(raw, settings)


@functools.cache
def _preparer() -> Callable[[RawDocument, Settings], Document]:
    # imported with the collector paused: the libraries' objects all live on, and the
    # full collections their import set off found nothing to free (collector.py)
    with paused():
        from bilat.documents import prepare as prepare_document
    return prepare_document


def prepared(raw: RawDocument, settings: Settings) -> Document | Failure:
    """A raw document decoded, cleaned and dated, or the Failure that stopped it."""
    try:
        return prepare(raw, settings)
    except DocumentError as exc:
        return Failure(raw.name, raw.origin, exc.stage, exc.code, exc.message)
    except Exception as exc:  # noqa: BLE001 - a bug on one document must not abort a build
        return Failure(raw.name, raw.origin, "prepare", ExtractionFailed.code,
                       f"{type(exc).__name__}: {exc}")


def prepare_all(items: Iterable[RawDocument | Failure], settings: Settings,
                timed: Callable[[float], None] | None = None) -> Iterator[Prepared]:
    """Each item prepared in this process (``timed`` is told how long each took)."""
    for item in items:
        started = time.perf_counter()
        document = prepared(item, settings) if isinstance(item, RawDocument) else item
        if timed:
            timed(started)
        yield Prepared(item.name, item.origin, document)


class Reading(Iterator[Prepared]):
    """The prepared documents as the reader sends them; once they are all taken,
    ``groups``: their copy groups (:mod:`~bilat.pipeline.groups_ahead`), unless the build
    said it needs none (:meth:`ungrouped`) or the reader gave up on them."""

    def __init__(self, sent: Any, reader: Any, unwanted: Any) -> None:
        self._items = _received(sent, reader, self)
        self._unwanted = unwanted
        self.found: Found | None = None  # as the reader sent them

    def __next__(self) -> Prepared:
        return next(self._items)

    @property
    def groups(self) -> Found | None:
        return None if self._unwanted.is_set() else self.found

    def ungrouped(self) -> None:
        """Tell the reader to stop grouping (a build into a database that holds documents
        already: its merge regroups them with the stored ones)."""
        self._unwanted.set()


@contextmanager
def read_ahead(items: Callable[[], Iterable[RawDocument | Failure]],
               settings: Settings) -> Iterator[Reading]:
    """The prepared ``items``, read and prepared in a forked process, with band keys and,
    at their end, their copy groups.

    ``items`` is called in that process (the files are opened there). An error that stops
    the reading (a missing input, a bad manifest) is raised here, as it would be without
    a reader. The reader ends with this block, or with this process."""
    context = multiprocessing.get_context("fork")
    sent: Any = context.Queue(QUEUED)
    unwanted = context.Event()
    reader = context.Process(target=_read, args=(items, settings, sent, unwanted),
                             daemon=True, name="bilat-reader")
    reader.start()
    try:
        yield Reading(sent, reader, unwanted)
    finally:
        if reader.is_alive():
            reader.kill()
        reader.join()
        sent.close()
        sent.join_thread()


@dataclass
class _Grouping:
    """The reader's copy groups, one batch at a time, until the build says it needs none."""

    unwanted: Any  # a multiprocessing Event
    groups: GroupsAhead | None = field(default_factory=GroupsAhead)

    def add(self, batch: list[Prepared], grams: dict[str, set[str]]) -> None:
        if self.groups is None:
            return
        if self.unwanted.is_set():
            self.groups = None
            return
        documents = [p.document for p in batch if isinstance(p.document, Document)]
        self.groups.add(documents, {d.id: p.bands or () for p in batch
                                    if isinstance(d := p.document, Document)}, grams)


def _read(items: Callable[[], Iterable[RawDocument | Failure]], settings: Settings,
          sent: Any, unwanted: Any) -> None:
    """The reader process: batches of Prepared documents, then :class:`_Done` (or the
    error)."""
    from bilat.events.copies import band_keys, shingles

    end_with_parent()
    # a thread of the build (a progress bar) may have held stderr's lock at the fork, and
    # a warning written through it would then block this process for good: write through
    # an object of its own
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 - open for the process's life
    try:
        grouping = _Grouping(unwanted)
        batch: list[Prepared] = []
        grams: dict[str, set[str]] = {}  # the batch's shingles, for its groups' checks
        for each in prepare_all(items(), settings):
            document = each.document
            if isinstance(document, Document):
                grams.setdefault(document.id, shingles(document.clean))
                each = Prepared(each.name, each.origin, document,
                                band_keys(grams[document.id]))
            batch.append(each)
            if len(batch) >= BATCH:
                sent.put(batch)  # sent first: the build waits for documents, not groups
                grouping.add(batch, grams)
                batch, grams = [], {}
        if batch:
            sent.put(batch)
            grouping.add(batch, grams)
        groups = grouping.groups
        sent.put(_Done(groups.found() if groups else None))
    except BaseException as exc:  # noqa: BLE001 - every error is the build's to raise
        sent.put(_Raised.of(exc))


@dataclass(frozen=True)
class _Done:
    """The reader's last message: the copy groups of what it read, if it found them."""

    groups: Found | None


def _received(sent: Any, reader: Any, reading: Reading) -> Iterator[Prepared]:
    while True:
        try:
            batch = sent.get(timeout=_POLL)
        except queue.Empty:
            if not reader.is_alive() and sent.empty():
                raise ReaderDied(f"The build's reader process ended ({_how(reader.exitcode)}) "
                                 "before it had read every input.") from None
            continue
        if isinstance(batch, _Done):
            reading.found = batch.groups
            return
        if isinstance(batch, _Raised):
            raise batch.rebuilt()
        yield from batch


def _how(exitcode: int | None) -> str:
    """How a process ended, in words: killed by which signal, or its exit status."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


@dataclass(frozen=True)
class _Raised:
    """An error of the reader, sent to the build to raise. A BilatError is rebuilt from
    its message and fix (pickling it whole would repeat its code in the text); other
    errors go as they are when they can be pickled, else as their text."""

    error: BaseException | None
    kind: type[BilatError] | None = None
    message: str = ""
    fix: str = ""

    @classmethod
    def of(cls, exc: BaseException) -> _Raised:
        if isinstance(exc, BilatError):
            return cls(None, type(exc), exc.message, exc.fix_hint)
        import pickle

        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # noqa: BLE001 - whatever cannot travel goes as text
            return cls(RuntimeError(f"{type(exc).__name__}: {exc}"))
        return cls(exc)

    def rebuilt(self) -> BaseException:
        if self.kind is not None:
            return self.kind(self.message, fix=self.fix)
        assert self.error is not None
        return self.error

