"""The cycle collector paused for a block: off inside, as it was after (also when the
block raises), and a collector the caller had turned off stays off."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bilat.cycles import paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_turns_the_collector_off_and_restores_it() -> None:
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_is_restored_when_the_block_raises() -> None:
    with pytest.raises(ValueError), paused():
        raise ValueError("inside")
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off_when_the_block_turns_it_on() -> None:
    gc.disable()
    with paused():
        gc.enable()  # as srsly does after every msgpack read (spaCy's model load)
    assert not gc.isenabled()
