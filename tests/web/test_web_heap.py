"""A server settles its heap once at start (bilat.web.app.settle_heap)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bilat.web.app import settle_heap


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on collecting as before


def test_settle_heap_takes_start_up_objects_out_of_collections(unfrozen: None) -> None:
    assert gc.get_freeze_count() == 0
    settle_heap()
    assert gc.get_freeze_count() > 0

