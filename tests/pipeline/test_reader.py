"""Reading the input: a reader process gives what preparing in this process gives, in
input order, with each document's band keys and at the end their copy groups (unless told
not to find them); its errors are raised by the build, and its
death (killed, out of memory) too, as a coded error; it ends with its block."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.errors import InputNotFound, ReaderDied
from bilat.events.copies import band_keys, find_copies, shingles
from bilat.model import Document, Failure, RawDocument
from bilat.pipeline import iter_documents
from bilat.pipeline.reader import BATCH, prepare_all, read_ahead

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the reader is forked")


@linux_only
def test_read_ahead_gives_what_preparing_here_gives_with_band_keys(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for copy in ("a", "b"):  # more documents than a batch holds
        for article in sorted((EXAMPLES / "articles").iterdir()):
            (folder / f"{copy}-{article.name}").write_bytes(article.read_bytes())
    (folder / "empty.txt").write_text("")  # a Failure travels too
    settings = Settings()
    here = list(prepare_all(iter_documents([folder], None), settings))
    with read_ahead(lambda: iter_documents([folder], None), settings) as items:
        ahead = list(items)
        assert items.groups is not None
        read = [p.document for p in here if isinstance(p.document, Document)]
        assert items.groups.copy_map({d.id for d in read}) == find_copies(read) != {}
    assert len(here) > BATCH
    assert [(p.name, p.origin, p.document) for p in ahead] == \
        [(p.name, p.origin, p.document) for p in here]
    assert any(isinstance(p.document, Failure) for p in ahead)
    for p in ahead:
        if isinstance(p.document, Document):
            assert p.bands == band_keys(shingles(p.document.clean))
        else:
            assert p.bands is None


@linux_only
def test_a_reader_told_its_groups_are_not_needed_sends_none() -> None:
    with read_ahead(lambda: iter_documents([EXAMPLES / "articles"], None),
                    Settings()) as items:
        items.ungrouped()
        assert list(items)
    assert items.groups is None


@linux_only
def test_an_error_that_stops_the_reading_is_raised_by_the_build(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(InputNotFound) as here:
        list(prepare_all(iter_documents([missing], None), Settings()))
    with pytest.raises(InputNotFound) as ahead, \
            read_ahead(lambda: iter_documents([missing], None), Settings()) as items:
        list(items)
    assert str(ahead.value) == str(here.value)
    assert ahead.value.message == here.value.message


@linux_only
def test_the_reader_ends_with_its_block_even_when_the_build_stops_reading() -> None:
    with read_ahead(lambda: iter_documents([EXAMPLES / "articles"], None),
                    Settings()) as items:
        next(items)
        (reader,) = [p for p in multiprocessing.active_children() if p.name == "bilat-reader"]
    assert not reader.is_alive()


def _stuck() -> Iterator[RawDocument | Failure]:
    """A read that never ends (a reader process to kill mid-input)."""
    while True:
        time.sleep(60)
    yield  # a generator, like the build's reading


@linux_only
def test_a_reader_killed_mid_input_stops_the_build_with_a_coded_error() -> None:
    with read_ahead(_stuck, Settings()) as items:
        (reader,) = [p for p in multiprocessing.active_children() if p.name == "bilat-reader"]
        os.kill(reader.pid, signal.SIGKILL)
        with pytest.raises(ReaderDied) as died:
            next(items)
    assert died.value.code == "E031"
    assert "killed by SIGKILL" in died.value.message
    assert "--jobs 1" in died.value.fix_hint
